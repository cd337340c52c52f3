/**
 * Activations the fused recurrent layers can differentiate by hand: the forward value is the stock tfjs
 * activation's (same numbers), the derivative is written in terms of the activation's output y, so the
 * backward pass needs only what the forward pass saved. Other activations make the layer fall back to stock.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';

type T = tfjs.Tensor;

/** d act(x) / dx as a function of y = act(x). */
const DERIVATIVES: Record<string, (tf: TfModule, y: T) => T> = {
  linear: (tf, y) => tf.onesLike(y),
  tanh: (tf, y) => tf.sub(1, tf.square(y)),
  sigmoid: (tf, y) => tf.mul(y, tf.sub(1, y)),
  // tfjs: clip(0.2·x + 0.5, 0, 1)
  hardSigmoid: (tf, y) => tf.mul(tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 1)), 'float32'), 0.2),
  relu: (tf, y) => tf.cast(tf.greater(y, 0), 'float32'),
  relu6: (tf, y) => tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 6)), 'float32'),
  // x > 0: 1; else e^x = y + 1
  elu: (tf, y) => tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)),
  // σ(x) = 1 − e^(−y)
  softplus: (tf, y) => tf.sub(1, tf.exp(tf.neg(y))),
  // 1 / (1 + |x|)² = (1 − |y|)²
  softsign: (tf, y) => tf.square(tf.sub(1, tf.abs(y))),
};

export interface FusedActivation {
  name: string;
  apply(x: T): T;
  /** The gradient through the activation: dy ⊙ act'(x), from the saved output y. */
  back(dy: T, y: T): T;
}

/** The stock activation object's class name (tfjs `Activation.getClassName()`), e.g. 'tanh'. */
export function activationName(a: { getClassName(): string }): string {
  return a.getClassName();
}

/** A differentiable activation for a stock tfjs activation object, or null when the fused layer does not support it. */
export function fusedActivation(tf: TfModule, a: { apply(x: T): T; getClassName(): string }): FusedActivation | null {
  const name = activationName(a);
  const d = DERIVATIVES[name];
  if (!d) return null;
  return {
    name,
    apply: name === 'linear' ? (x) => x : (x) => a.apply(x),
    back: name === 'linear' ? (dy) => dy : (dy, y) => tf.mul(dy, d(tf, y)),
  };
}

export const FUSED_ACTIVATIONS = Object.keys(DERIVATIVES);
