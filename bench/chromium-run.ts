/**
 * Runs bench/training-webgl.page.ts in headless Chromium (Playwright, Debian's /usr/bin/chromium, the e2e
 * flags) on an http://127.0.0.1 page — WebGPU initialises only on http(s) pages, and the wasm backend
 * fetches its .wasm files from the same server.
 */
import { findChromium } from '../scripts/find-chromium.mjs';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_ARGS } from '../e2e/launch';
import type { BackendResult } from './training-webgl.page';

export interface ChromiumRun {
  backends: string[];
  shapes: string[];
  batch: number;
  batches: Record<string, number>;
  runs: number;
  timeoutMs: number;
}

function serve(files: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!));
    const file = files[path];
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export async function runInChromium(o: ChromiumRun, extraArgs: string[] = []): Promise<{ results: BackendResult[] } | { error: string }> {
  const exe = findChromium()?.path;
  if (!exe) return { error: "no Chromium found (LAYERLOOM_CHROMIUM, Playwright's, or on PATH; see scripts/find-chromium.mjs)" };
  const { build } = await import('esbuild');
  const { chromium } = await import('@playwright/test');
  const page = join(process.cwd(), 'out', 'bench', 'training-webgl.page.js');
  await build({ entryPoints: ['bench/training-webgl.page.ts'], outfile: page, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'error' });
  const wasmDir = join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const html = join(process.cwd(), 'out', 'bench', 'training.html');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(html, '<!doctype html><meta charset="utf-8"><title>training bench</title>');
  const files: Record<string, string> = { '/': html, '/page.js': page };
  for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) files[`/wasm/${f}`] = join(wasmDir, f);
  const server = await serve(files);
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-swiftshader', ...(o.backends.includes('webgpu') ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan'] : []), ...extraArgs],
  });
  try {
    const p = await browser.newPage();
    await p.goto(`http://127.0.0.1:${port}/`);
    await p.evaluate((params) => ((window as unknown as { __params: unknown }).__params = params), {
      backends: o.backends,
      shapes: o.shapes,
      batch: o.batch,
      batches: o.batches,
      runs: o.runs,
      wasmBase: `http://127.0.0.1:${port}/wasm/`,
    });
    await p.addScriptTag({ url: `http://127.0.0.1:${port}/page.js` });
    type W = { __result?: BackendResult[]; __error?: string; __progress?: string };
    try {
      await p.waitForFunction(() => (window as unknown as W).__result ?? (window as unknown as W).__error, undefined, { timeout: o.timeoutMs, polling: 500 });
    } catch {
      const at = await p.evaluate(() => (window as unknown as W).__progress).catch(() => undefined);
      return { error: `timed out after ${o.timeoutMs / 1000} s (at ${at ?? 'start'})` };
    }
    const r = await p.evaluate(() => ({ result: (window as unknown as W).__result, error: (window as unknown as W).__error }));
    return r.result ? { results: r.result } : { error: r.error ?? 'no result' };
  } finally {
    await browser.close();
    server.close();
  }
}
