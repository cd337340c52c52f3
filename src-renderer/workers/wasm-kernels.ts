/**
 * Kernels tfjs-backend-wasm 4.22 lacks and the app's models need, registered for the wasm backend.
 *
 * UnsortedSegmentSum: the gradient of Gather, i.e. of every Embedding layer; without it a text model
 * fails on wasm in its first batch ("Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'").
 * Computed in JavaScript over the backend's heap: out[s, …] = Σ x[i, …] over the i with segmentIds[i] = s
 * (ids outside [0, numSegments) are skipped, as the cpu backend does).
 */
import { getKernel, registerKernel, type DataType, type TensorInfo } from '@tensorflow/tfjs';

/** The part of BackendWasm these kernels use (its public methods). */
interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function registerWasmKernels(): void {
  if (getKernel('UnsortedSegmentSum', 'wasm')) return;
  registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const b = backend as unknown as WasmBackendLike;
      const xs = b.readSync(x.dataId);
      const ids = b.readSync(segmentIds.dataId);
      const n = ids.length;
      const inner = n === 0 ? 0 : xs.length / n;
      const out = b.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
      const o = b.typedArrayFromHeap(out);
      o.fill(0);
      for (let i = 0; i < n; i++) {
        const s = ids[i]!;
        if (s < 0 || s >= numSegments) continue;
        const src = i * inner;
        const dst = s * inner;
        for (let k = 0; k < inner; k++) o[dst + k]! += xs[src + k]!;
      }
      return out;
    },
  });
}
