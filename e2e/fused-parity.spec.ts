/**
 * The fused recurrent layers give the stock tfjs layers' numbers on the WebGL backend too (Chromium, SwiftShader
 * here): the same seeded parity cases as the Node tests, output and every gradient within 1e-4 relative.
 * Needs no app build: the page script is bundled here. Debian's Chromium, or $LAYERLOOM_CHROMIUM.
 */
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const exe = process.env.LAYERLOOM_CHROMIUM ?? '/usr/bin/chromium';

test('fused GRU/LSTM/SimpleRNN equal the stock layers on WebGL', async ({ playwright }) => {
  test.setTimeout(300_000);
  expect(existsSync(exe), `Chromium not found at ${exe} (set LAYERLOOM_CHROMIUM)`).toBe(true);
  const out = join(process.cwd(), 'out', 'e2e', 'fused-parity.page.js');
  await build({ entryPoints: ['e2e/fused-parity.page.ts'], outfile: out, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  const browser = await playwright.chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu-sandbox', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>fused parity</title>');
    // software WebGL is slow: smaller shapes than the Node run, every kind, T = 1 and Bidirectional included
    await page.evaluate((params) => ((window as unknown as { __params: unknown }).__params = params), { n: 6, seed: 3, max: { batch: 16, steps: 20, features: 8, units: 32 } });
    await page.addScriptTag({ path: out });
    await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: string }).__result ?? (window as unknown as { __error?: string }).__error, undefined, { timeout: 280_000, polling: 250 });
    const r = (await page.evaluate(() => (window as unknown as { __result?: unknown; __error?: string }).__result ?? (window as unknown as { __error?: string }).__error)) as
      | string
      | { backend: string; renderer: string; float32: boolean; results: { name: string; diffs: Record<string, number>; leaked: number }[]; fusedKernels: Record<string, number> };
    if (typeof r === 'string') throw new Error(`the page failed: ${r}`);
    expect(r.backend).toBe('webgl');
    console.log(`WebGL renderer: ${r.renderer}, float32 textures: ${r.float32}`);
    console.log(`fused step kernels run: ${JSON.stringify(r.fusedKernels)}`);
    // the cases ran through the WebGL programs of the fused step kernels, not the composite fallback: the first
    // three cases (GRU, LSTM, SimpleRNN with tanh/sigmoid, trained) use every cell's forward and backward kernels
    for (const k of ['LayerloomGruZR', 'LayerloomGruH', 'LayerloomGruBackH', 'LayerloomGruBackZR', 'LayerloomLstmCell', 'LayerloomLstmBack', 'LayerloomRnnCell', 'LayerloomRnnBack'])
      expect(r.fusedKernels[k] ?? 0, `fused step kernel ${k} did not run on WebGL`).toBeGreaterThan(0);
    for (const c of r.results) {
      for (const [what, d] of Object.entries(c.diffs)) expect(d, `${c.name}: ${what} differs by ${d.toExponential(2)} (relative)`).toBeLessThan(1e-4);
      expect(c.leaked, `${c.name}: tensors left behind`).toBe(0);
    }
    expect(r.results.length).toBe(6);
  } finally {
    await browser.close();
  }
});
