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
  mase,
  maseScale,
  regressionBaselines,
  toTensors,
  type PreparedData,
  type SplitName,
} from '../data/index';
import type { ScalarFn } from './losses';
import { forecastPaths, stepErrors } from '../eval/steps';

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

export interface BaselineScore {
  /** persistence, seasonal-naive, training-mean, linear-ar, majority-class. */
  key: string;
  name: string;
  metrics: Record<string, number>;
}

export interface Evaluation {
  split: 'test';
  samples: number;
  /** Loss on the test split (prepared scale). */
  loss: number;
  /** Regression: mae, rmse (and mase when defined) in the target's own units; classification: accuracy. */
  metrics: Record<string, number>;
  /** The best baseline on the test samples (lowest MAE; classification: the majority class). */
  baseline: { name: string; metrics: Record<string, number> } | null;
  /** Every baseline on the same test samples, in the same units (absent in runs recorded before them). */
  baselines?: BaselineScore[];
  /** Whether the model beats the best baseline on the headline metric (MAE, or accuracy); null when there is no fair comparison. */
  beatsBaseline: boolean | null;
  /** Why a claim is withheld or what to be careful about (a class missing from a split…). */
  warnings?: string[];
  /** Classification: samples per class per split (in `classes` order). */
  classCounts?: Record<SplitName, number[]> | null;
  classes?: string[] | null;
  /** Regression: error per output (target × forecast step) in the target's units, with each baseline's MAE for that step. */
  byStep?: { name: string; step: number; mae: number; rmse: number; baselines: Record<string, number> }[];
  /** The H-step forecast path of the first target from up to 6 origins spread over the test split, in target units. */
  paths?: { origin: number; label: string; actual: number[]; predicted: number[] }[];
}

/** The baseline with the lowest test MAE (ties: the first listed). */
export function bestBaseline<T extends { metrics: { mae?: number } }>(list: readonly T[]): T | null {
  let best: T | null = null;
  for (const b of list) if (Number.isFinite(b.metrics.mae) && (best === null || b.metrics.mae! < best.metrics.mae!)) best = b;
  return best;
}

/**
 * Splits with samples that lack a class: [] when every class is everywhere. Accuracy on such a split
 * says nothing about the missing class, so no "beats the baseline" claim is made.
 */
export function splitsMissingClasses(p: Pick<PreparedData, 'classes' | 'classCounts'>): { split: SplitName; classes: string[] }[] {
  if (!p.classes || !p.classCounts) return [];
  const out: { split: SplitName; classes: string[] }[] = [];
  for (const sp of ['validation', 'test'] as const) {
    const cnt = p.classCounts[sp];
    if (cnt.reduce((a, b) => a + b, 0) === 0) continue;
    const miss = p.classes.filter((_, c) => !cnt[c]);
    if (miss.length) out.push({ split: sp, classes: miss });
  }
  return out;
}

/** Test-split metrics in original units and every naive baseline on the same samples. */
export function compareWithBaseline(p: PreparedData, predictions: Float32Array, loss: number): Evaluation {
  const split: SplitName = 'test';
  const yTrue = buildBatch(p, split).y;
  const samples = p.splits.test.length;
  if (p.task === 'regression') {
    const actual = denormalizeTargets(p, yTrue, split);
    const scale = maseScale(p);
    const score = (u: Float32Array): Record<string, number> => {
      const m = mase(actual, u, scale);
      return { ...maeRmse(actual, u), ...(m !== null ? { mase: m } : {}) };
    };
    const predicted = denormalizeTargets(p, predictions, split);
    const model = score(predicted);
    const inUnits = regressionBaselines(p, split).map((b) => ({ ...b, values: denormalizeTargets(p, b.predictions, split) }));
    const baselines: BaselineScore[] = inUnits.map((b) => ({ key: b.key, name: b.name, metrics: score(b.values) }));
    const best = bestBaseline(baselines);
    const multi = p.yWidth > 1;
    return {
      split,
      samples,
      loss,
      metrics: model,
      baseline: best ? { name: best.name, metrics: { ...best.metrics } } : null,
      baselines,
      beatsBaseline: samples && best ? model.mae! < best.metrics.mae! : null,
      warnings: [],
      ...(multi && samples ? { byStep: stepErrors(p, actual, predicted, inUnits) } : {}),
      ...(p.steps.length > 1 && samples ? { paths: forecastPaths(p, split, actual, predicted) } : {}),
    };
  }
  const acc = accuracy(yTrue, predictions, p.yWidth);
  const b = accuracy(yTrue, majorityClassForecast(p, split), p.yWidth);
  const missing = splitsMissingClasses(p);
  const warnings = missing.map(
    (m) => `The ${m.split} split has no "${m.classes.join('", "')}" samples, so ${m.split === 'test' ? 'its accuracy' : 'early stopping and model choice'} cannot tell whether the model recognizes ${m.classes.length === 1 ? 'that class' : 'those classes'}; no "beats the baseline" claim is made.`,
  );
  const base = { key: 'majority-class', name: 'majority class', metrics: { accuracy: b } };
  return {
    split,
    samples,
    loss,
    metrics: { accuracy: acc },
    baseline: { name: base.name, metrics: base.metrics },
    baselines: [base],
    beatsBaseline: samples && missing.length === 0 ? acc > b : null,
    warnings,
    classCounts: p.classCounts,
    classes: p.classes,
  };
}
