/**
 * Registers the fused step kernels (names.ts) for every backend that has them: cpu (cpu.ts), wasm (wasm.ts),
 * webgl (webgl.ts, packed GLSL programs). Idempotent; harmless for a backend that is not loaded (a kernel is looked up
 * by backend name when an op runs). Backends without a kernel take the composite path (ops.ts).
 */
import type { TfModule } from '../../../layers/types';
import { registerCpuFusedKernels } from './cpu';
import { registerWasmFusedKernels } from './wasm';
import { registerWebglFusedKernels } from './webgl';

const DONE = new WeakSet<object>();

export function registerFusedKernels(tf: TfModule): void {
  if (DONE.has(tf)) return;
  DONE.add(tf);
  registerCpuFusedKernels(tf);
  registerWasmFusedKernels(tf);
  registerWebglFusedKernels(tf);
}
