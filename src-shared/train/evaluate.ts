/** Evaluation of a model on a split: loss and metrics in the prepared (normalized) scale, and on the test split
 * metrics in the target's own units next to a naive baseline on the same samples. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import {
  accuracy,
  buildBatch,
  denormalizeTargets,
  maeRmse,
  majorityClassForecast,
  persistenceForecast,
  toTensors,
  type PreparedData,
  type SplitName,
} from '../data/index';
import type { ScalarFn } from './losses';

export interface SplitScores {
  samples: number;
  /** Loss, then each metric, averaged over the samples. */
  values: number[];
  /** Predictions [samples × yWidth] when asked for. */
  predictions?: Float32Array;
}

const EVAL_CHUNK = 512;

export async function scoreSplit(
  tf: TfModule,
  model: tfjs.LayersModel,
  p: PreparedData,
  split: SplitName,
  fns: ScalarFn[],
  opts: { batchSize: number; predictions?: boolean },
): Promise<SplitScores> {
  const n = p.splits[split].length;
  const sums = new Array<number>(fns.length).fill(0);
  const preds = opts.predictions ? new Float32Array(n * p.yWidth) : undefined;
  const chunk = Math.max(opts.batchSize, Math.min(EVAL_CHUNK, n)) || 1;
  for (let a = 0; a < n; a += chunk) {
    const b = Math.min(n, a + chunk);
    const idx = new Int32Array(b - a);
    for (let k = 0; k < idx.length; k++) idx[k] = a + k;
    const [vals, pr] = tf.tidy(() => {
      const { xs, ys } = toTensors(tf, p, split, idx);
      const y = model.predict(xs) as tfjs.Tensor;
      const v = tf.stack(fns.map((f) => f(ys, y)));
      return preds ? [v, y] : [v];
    });
    const v = await vals!.data();
    vals!.dispose();
    for (let i = 0; i < fns.length; i++) sums[i]! += v[i]! * idx.length;
    if (pr) {
      preds!.set(await pr.data(), a * p.yWidth);
      pr.dispose();
    }
  }
  return { samples: n, values: sums.map((s) => (n ? s / n : NaN)), ...(preds ? { predictions: preds } : {}) };
}

export interface Evaluation {
  split: 'test';
  samples: number;
  /** Loss on the test split (prepared scale). */
  loss: number;
  /** Regression: mae and rmse in the target's own units; classification: accuracy. */
  metrics: Record<string, number>;
  baseline: { name: string; metrics: Record<string, number> } | null;
  /** Whether the model beats the baseline on the headline metric (MAE, or accuracy). */
  beatsBaseline: boolean | null;
}

/** Test-split metrics in original units and the naive baseline on the same samples. */
export function compareWithBaseline(p: PreparedData, predictions: Float32Array, loss: number): Evaluation {
  const split: SplitName = 'test';
  const yTrue = buildBatch(p, split).y;
  const samples = p.splits.test.length;
  if (p.task === 'regression') {
    const model = maeRmse(denormalizeTargets(p, yTrue), denormalizeTargets(p, predictions));
    let base: Float32Array;
    let name: string;
    if (p.mode === 'sequence') {
      base = persistenceForecast(p, split);
      name = 'persistence (last value)';
    } else {
      // Tabular: predict the training mean of each target.
      const mean = new Float64Array(p.yWidth);
      const tr = p.splits.train;
      for (let k = 0; k < tr.length; k++) for (let j = 0; j < p.yWidth; j++) mean[j]! += p.targets[(tr[k]! + p.targetOffset) * p.yWidth + j]! / tr.length;
      base = new Float32Array(samples * p.yWidth);
      for (let i = 0; i < base.length; i++) base[i] = mean[i % p.yWidth]!;
      name = 'training mean';
    }
    const b = maeRmse(denormalizeTargets(p, yTrue), denormalizeTargets(p, base));
    return { split, samples, loss, metrics: { ...model }, baseline: { name, metrics: { ...b } }, beatsBaseline: samples ? model.mae < b.mae : null };
  }
  const acc = accuracy(yTrue, predictions, p.yWidth);
  const b = accuracy(yTrue, majorityClassForecast(p, split), p.yWidth);
  return { split, samples, loss, metrics: { accuracy: acc }, baseline: { name: 'majority class', metrics: { accuracy: b } }, beatsBaseline: samples ? acc > b : null };
}
