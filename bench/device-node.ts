/**
 * The training measurement (recurrent-core.ts) as one self-contained Node program for a machine with a
 * GPU but no Node install, no browser and no network (scripts/device-bench.sh carries a Node binary and
 * this bundle there). tfjs WebGPU runs on Dawn's Node bindings (the `webgpu` npm package's dawn.node,
 * Vulkan underneath); wasm and cpu run as in the bench. Writes one JSON object to stdout.
 *
 *   node device-node.mjs --backends webgpu,wasm,cpu --dawn path/to/dawn.node --wasm-dir dir/ \
 *     [--shapes GRU32,GRU64,GRU128,LSTM64] [--batches-webgpu 4] [--batches-cpu 1] [--batches-wasm 4] [--runs 3] [--dawn-option backend=vulkan]
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { SHAPES, measureShape, type ShapeResult } from './recurrent-core';

const args = process.argv.slice(2);
const opt = (name: string, d?: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : d;
};
const opts = (name: string): string[] => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]!] : []));
const int = (name: string, d: number): number => {
  const v = Number(opt(name, String(d)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return v;
};

interface BackendOut {
  backend: string;
  device?: string;
  seconds?: number;
  results: ShapeResult[];
  error?: string;
}

async function main(): Promise<void> {
  const backends = (opt('backends', 'webgpu,wasm,cpu') ?? '').split(',').filter(Boolean);
  const keys = (opt('shapes', 'GRU32,GRU64,GRU128,LSTM64') ?? '').split(',');
  const shapes = SHAPES.filter((s) => keys.includes(`${s.kind}${s.units}`));
  const runs = int('runs', 3);
  const out: { node: string; tfjs?: string; adapter?: unknown; backends: BackendOut[]; webgpuSetup?: string } = { node: process.version, backends: [] };

  // WebGPU first: navigator.gpu must exist before the webgpu backend module registers itself
  if (backends.includes('webgpu')) {
    try {
      const dawn = opt('dawn');
      if (!dawn) throw new Error('--dawn path/to/dawn.node is required for webgpu');
      const { create, globals } = createRequire(import.meta.url)(dawn) as { create(o: string[]): unknown; globals: Record<string, unknown> };
      Object.assign(globalThis, globals);
      const gpu = create(opts('dawn-option')) as { requestAdapter(o?: object): Promise<{ info?: Record<string, string>; features?: Set<string> } | null> };
      Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis.navigator ?? {}), gpu }, configurable: true, writable: true });
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) throw new Error('no WebGPU adapter (Dawn found no Vulkan device)');
      const info = adapter.info ?? {};
      out.adapter = { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description };
    } catch (e) {
      out.webgpuSetup = String((e as Error)?.message ?? e);
    }
  }
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  if (backends.includes('webgpu') && !out.webgpuSetup) await import('@tensorflow/tfjs-backend-webgpu');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const wasmDir = opt('wasm-dir');
  if (wasmDir) setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  out.tfjs = tf.version.tfjs;

  for (const b of backends) {
    const entry: BackendOut = { backend: b, results: [] };
    out.backends.push(entry);
    const t0 = performance.now();
    try {
      if (b === 'webgpu' && out.webgpuSetup) throw new Error(out.webgpuSetup);
      if (!(await tf.setBackend(b)) || tf.getBackend() !== b) throw new Error(`tfjs backend ${b} did not start`);
      await tf.ready();
      entry.device = b === 'webgpu' ? JSON.stringify(out.adapter) : `${b} (CPU)`;
      const batches = int(`batches-${b}`, b === 'cpu' ? 1 : 4);
      for (const s of shapes) {
        process.stderr.write(`${b} ${s.name}…\n`);
        try {
          entry.results.push(await measureShape(tf, s, { batch: 64, batches, runs: b === 'cpu' ? Math.min(runs, 2) : runs }));
        } catch (e) {
          entry.results.push({ shape: s.name, backend: b, error: String((e as Error)?.message ?? e) } as ShapeResult);
        }
      }
    } catch (e) {
      entry.error = String((e as Error)?.message ?? e);
    }
    entry.seconds = (performance.now() - t0) / 1000;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stdout.write(JSON.stringify({ error: String((e as Error)?.stack ?? e) }) + '\n');
    process.exit(1);
  },
);
