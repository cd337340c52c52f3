/**
 * Kernels the tfjs wasm backend (4.22) lacks but a layer's gradient needs, registered for 'wasm' from
 * plain JavaScript: `UnsortedSegmentSum` (the gradient of gather, i.e. of Embedding — without it
 * training a text model on wasm fails with "Kernel 'UnsortedSegmentSum' not registered"). The cpu and
 * WebGL backends have their own. Registering is idempotent; a backend that has the kernel keeps it.
 */
import type { TfModule } from '../layers/types';

interface WasmLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): unknown;
}
interface TensorInfoLike {
  dataId: unknown;
  shape: number[];
  dtype: string;
}

/** out[numSegments, ...inner]: out[ids[i]] += x[i] over the leading ids.shape dimensions of x (negative or too large ids dropped). */
export function unsortedSegmentSum(x: ArrayLike<number>, xShape: readonly number[], ids: ArrayLike<number>, numSegments: number, dtype: string): Float32Array | Int32Array {
  const n = ids.length;
  const size = xShape.reduce((a, b) => a * b, 1);
  const inner = n > 0 ? size / n : 0;
  const out = dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const a = i * inner;
    for (let k = 0; k < inner; k++) out[o + k]! += x[a + k]!;
  }
  return out;
}

export function ensureWasmKernels(tf: TfModule): void {
  const t = tf as unknown as {
    getKernel(name: string, backend: string): unknown;
    registerKernel(cfg: { kernelName: string; backendName: string; kernelFunc: (a: { inputs: Record<string, TensorInfoLike>; attrs: Record<string, unknown>; backend: unknown }) => unknown }): void;
  };
  if (typeof t.getKernel !== 'function' || t.getKernel('UnsortedSegmentSum', 'wasm')) return;
  t.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const b = backend as WasmLike;
      const x = inputs.x!;
      const seg = inputs.segmentIds!;
      const numSegments = Number(attrs.numSegments);
      const values = unsortedSegmentSum(b.readSync(x.dataId), x.shape, b.readSync(seg.dataId), numSegments, x.dtype);
      return b.makeOutput([numSegments, ...x.shape.slice(seg.shape.length)], x.dtype, undefined, values);
    },
  });
}
