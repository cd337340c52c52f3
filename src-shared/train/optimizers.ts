/** Optimizers by name, with a learning rate that reduce-LR-on-plateau can change mid-run. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import type { TrainingSettings } from './settings';

export function makeOptimizer(tf: TfModule, s: Pick<TrainingSettings, 'optimizer' | 'learningRate' | 'momentum'>): tfjs.Optimizer {
  switch (s.optimizer) {
    case 'adam':
      return tf.train.adam(s.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(s.learningRate);
    case 'adagrad':
      return tf.train.adagrad(s.learningRate);
    case 'sgd':
      return s.momentum > 0 ? tf.train.momentum(s.learningRate, s.momentum) : tf.train.sgd(s.learningRate);
  }
}

/** tfjs optimizers read `learningRate` on every step; SGD (and momentum) cache it as a scalar, reset through setLearningRate. */
export function setLearningRate(opt: tfjs.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  o.learningRate = lr;
}

export function getLearningRate(opt: tfjs.Optimizer): number {
  return (opt as unknown as { learningRate: number }).learningRate;
}
