/** Per-time-step views of a [T, B, m] tensor without the wasm backend's O(T²) unstack. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';

/**
 * The T slices [B, m] of a time-major [T, B, m] tensor. tfjs-backend-wasm's Slice (and so unstack/split) copies
 * the whole source tensor for every slice, so unstacking T steps costs O(T²); its Gather reads only the rows it
 * returns. Elsewhere unstack is a cheap view (cpu) or one dispatch per step like gather (webgl).
 */
export function timeSteps(tf: TfModule, x: tfjs.Tensor3D): tfjs.Tensor2D[] {
  const T = x.shape[0];
  if (tf.getBackend() !== 'wasm') return tf.unstack(x) as tfjs.Tensor2D[];
  const out: tfjs.Tensor2D[] = [];
  for (let t = 0; t < T; t++) out.push(tf.gather(x, t) as unknown as tfjs.Tensor2D);
  return out;
}
