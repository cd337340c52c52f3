/** Per-time-step views of a [T, B, m] tensor without the wasm backend's slow slicing. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';

/**
 * The T slices [B, m] of a time-major [T, B, m] tensor.
 *
 * On wasm, Slice (and so unstack and split) copies the whole source tensor out of the heap for every slice,
 * so T slices cost O(T²), and Gather is no faster (measured for [30, 64, 192]: ~90 ms either way). Reading the
 * tensor once and making each step a tensor from its part of that copy costs ~5 ms: one read, T small copies.
 * wasm runs synchronously, so the read waits for nothing. Elsewhere unstack is a view (cpu) or one dispatch per
 * step on the GPU, where a read would stall the pipeline.
 */
export function timeSteps(tf: TfModule, x: tfjs.Tensor3D): tfjs.Tensor2D[] {
  const [T, B, m] = x.shape;
  if (tf.getBackend() !== 'wasm') return tf.unstack(x) as tfjs.Tensor2D[];
  const data = x.dataSync() as Float32Array;
  const n = B * m;
  const out: tfjs.Tensor2D[] = [];
  for (let t = 0; t < T; t++) out.push(tf.tensor2d(data.subarray(t * n, (t + 1) * n), [B, m], 'float32'));
  return out;
}
