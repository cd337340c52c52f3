/**
 * Stacking the per-step tensors of the backward pass ([B, w] each) into one [T·B, w] matrix for the weight
 * gradients' single products. On webgl a fused kernel copies whole packed texels (webgl.ts `concatRowsWebgl`,
 * 2–3× faster than tfjs's Concat on SwiftShader); it needs an even batch (two rows per texel). Elsewhere, or
 * with an odd batch: tf.concat.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';

export const CONCAT_ROWS = 'LayerloomConcatRows';

/** xs stacked along rows (axis 0), as tf.concat(xs, 0). For use outside the tape (a backward pass): no gradient. */
export function concatRows(tf: TfModule, xs: tfjs.Tensor[]): tfjs.Tensor {
  const rows = xs[0]?.shape[0] ?? 0;
  const fast = xs.length > 1 && xs.every((x) => x.rank === 2 && x.shape[0]! % 2 === 0) && tf.getKernel(CONCAT_ROWS, tf.getBackend()) !== undefined;
  if (!fast || rows === 0) return tf.concat(xs, 0);
  const inputs = Object.fromEntries(xs.map((x, i) => [`T${i}`, x]));
  return tf.engine().runKernel(CONCAT_ROWS, inputs as unknown as tfjs.NamedTensorMap, {}) as tfjs.Tensor;
}
