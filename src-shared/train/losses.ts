/** Loss and metric functions of the training loop, by the names in the training settings. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import type { TrainingSettings } from './settings';

type T = tfjs.Tensor;
export type LossName = TrainingSettings['loss'];
export type MetricName = TrainingSettings['metrics'][number];
/** (yTrue, yPred) → scalar mean over the batch. */
export type ScalarFn = (yTrue: T, yPred: T) => tfjs.Scalar;

export function lossFunction(tf: TfModule, name: LossName): ScalarFn {
  switch (name) {
    case 'mse':
      return (y, p) => tf.mean(tf.metrics.meanSquaredError(y, p)) as tfjs.Scalar;
    case 'mae':
      return (y, p) => tf.mean(tf.metrics.meanAbsoluteError(y, p)) as tfjs.Scalar;
    case 'huber':
      return (y, p) => tf.losses.huberLoss(y, p, undefined, 1.0) as tfjs.Scalar;
    case 'binaryCrossentropy':
      return (y, p) => tf.mean(tf.metrics.binaryCrossentropy(y, p)) as tfjs.Scalar;
    case 'categoricalCrossentropy':
      return (y, p) => tf.mean(tf.metrics.categoricalCrossentropy(y, p)) as tfjs.Scalar;
  }
}

/** `accuracy` means binary accuracy for one output unit and categorical accuracy otherwise (as in Keras). */
export function metricFunction(tf: TfModule, name: MetricName, yWidth: number): ScalarFn {
  switch (name) {
    case 'mse':
      return (y, p) => tf.mean(tf.metrics.meanSquaredError(y, p)) as tfjs.Scalar;
    case 'mae':
      return (y, p) => tf.mean(tf.metrics.meanAbsoluteError(y, p)) as tfjs.Scalar;
    case 'binaryAccuracy':
      return (y, p) => tf.mean(tf.metrics.binaryAccuracy(y, p)) as tfjs.Scalar;
    case 'categoricalAccuracy':
      return (y, p) => tf.mean(tf.metrics.categoricalAccuracy(y, p)) as tfjs.Scalar;
    case 'accuracy':
      return yWidth === 1
        ? (y, p) => tf.mean(tf.metrics.binaryAccuracy(y, p)) as tfjs.Scalar
        : (y, p) => tf.mean(tf.metrics.categoricalAccuracy(y, p)) as tfjs.Scalar;
    case 'precision':
      return (y, p) => tf.metrics.precision(y, tf.round(p)) as tfjs.Scalar;
    case 'recall':
      return (y, p) => tf.metrics.recall(y, tf.round(p)) as tfjs.Scalar;
  }
}
