/**
 * Each fused step kernel's WebGL programs give the composite tfjs ops' numbers (≤ 1e-5 absolute) for every
 * activation pair with a kernel, at odd and even sizes, in Chromium (SwiftShader here). Needs no app build: the
 * page script is bundled here. Debian's Chromium, or $LAYERLOOM_CHROMIUM.
 */
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelCase } from './fused-kernels-webgl.page';

const exe = process.env.LAYERLOOM_CHROMIUM ?? '/usr/bin/chromium';

test('fused step kernels on WebGL equal the composite ops', async ({ playwright }) => {
  test.setTimeout(300_000);
  expect(existsSync(exe), `Chromium not found at ${exe} (set LAYERLOOM_CHROMIUM)`).toBe(true);
  const out = join(process.cwd(), 'out', 'e2e', 'fused-kernels-webgl.page.js');
  await build({ entryPoints: ['e2e/fused-kernels-webgl.page.ts'], outfile: out, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  const browser = await playwright.chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu-sandbox', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>fused kernels</title>');
    await page.addScriptTag({ path: out });
    type W = { __result?: unknown; __error?: string };
    await page.waitForFunction(() => (window as unknown as W).__result ?? (window as unknown as W).__error, undefined, { timeout: 280_000, polling: 250 });
    const r = (await page.evaluate(() => (window as unknown as W).__result ?? (window as unknown as W).__error)) as string | { backend: string; results: KernelCase[]; leaked: number };
    if (typeof r === 'string') throw new Error(`the page failed: ${r}`);
    expect(r.backend).toBe('webgl');
    for (const c of r.results) {
      const what = `${c.kernel} act=${c.act} rec=${c.rec} ${c.shape}`;
      expect(c.ran, `${what}: the WebGL kernel did not run (composite fallback)`).toBe(true);
      expect(c.maxAbs, `${what}: differs from the composite ops by ${c.maxAbs.toExponential(2)}`).toBeLessThanOrEqual(1e-5);
    }
    // per size: 25 pairs × 5 two-activation kernels, 5 × 2 recurrent-only, 5 × 3 activation-only, 8 GradSum forms; 3 row stackings
    expect(r.results.length).toBe(3 * (25 * 5 + 5 * 2 + 5 * 3 + 8) + 3);
    expect(r.leaked, 'tensors left behind').toBe(0);
  } finally {
    await browser.close();
  }
});
