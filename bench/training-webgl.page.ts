/**
 * Runs in headless Chromium (bundled and served by training.bench.ts, or by scripts/device-bench.sh):
 * the fused-vs-reference recurrent measurement (recurrent-core.ts) on each tfjs backend asked for
 * (wasm, webgl, webgpu). Sets window.__result (one entry per backend: results, or why it could not run).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { SHAPES, measureShape, type ShapeResult } from './recurrent-core';

interface Params {
  backends: string[];
  shapes: string[];
  batch: number;
  batches: Record<string, number>;
  runs: number;
  wasmBase: string;
}
declare const window: { __params: Params; __result?: unknown; __error?: string; __progress?: string };

export interface BackendResult {
  backend: string;
  device: string;
  results: ShapeResult[];
  error?: string;
}

async function device(b: string): Promise<string> {
  if (b === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }
  if (b === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const a = await gpu?.requestAdapter();
    const info = a?.info;
    return info ? [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'WebGPU adapter' : 'WebGPU adapter';
  }
  return `${b} (CPU), ${navigator.hardwareConcurrency} cores`;
}

async function main(): Promise<void> {
  const p = window.__params;
  setWasmPaths(p.wasmBase);
  const out: BackendResult[] = [];
  for (const b of p.backends) {
    const entry: BackendResult = { backend: b, device: '', results: [] };
    out.push(entry);
    try {
      if (!(await tf.setBackend(b)) || tf.getBackend() !== b) throw new Error(`tfjs backend ${b} did not start`);
      await tf.ready();
      entry.device = await device(b);
      for (const s of SHAPES.filter((s) => p.shapes.includes(s.name))) {
        window.__progress = `${b} ${s.name}`;
        try {
          entry.results.push(await measureShape(tf, s, { batch: p.batch, batches: p.batches[b] ?? 2, runs: p.runs }));
        } catch (e) {
          entry.results.push({ shape: s.name, backend: b, error: String((e as Error)?.message ?? e) } as ShapeResult);
        }
      }
    } catch (e) {
      entry.error = String((e as Error)?.message ?? e);
    }
  }
  window.__result = out;
}

main().catch((e: unknown) => (window.__error = String((e as Error)?.stack ?? e)));
