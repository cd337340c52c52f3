/**
 * A run's evaluation: predictions on prepared samples → a JSON report (stored with the run as an
 * `evaluation` artifact). Regression: MAE, RMSE, MAPE, R² in the target's own units against a naive
 * baseline on the same samples, predicted vs actual over time, residual histogram, error per output;
 * classification: accuracy, per-class P/R/F1, confusion matrix, ROC/AUC (binary), misclassified samples.
 */
import { z } from 'zod';
import { buildBatch, denormalizeTargets, majorityClassForecast, mase, maseScale, regressionBaselines, type PreparedData, type SplitName } from '../data/index';
import { bestBaseline, splitsMissingClasses } from '../train/evaluate';
import { stepErrors } from './steps';
import { formatDate } from '../data/values';
import {
  classIndices,
  classificationMetrics,
  histogram,
  misclassifiedSamples,
  regressionMetrics,
  residuals,
  rocCurve,
  type ClassificationMetrics,
  type Histogram,
  type RegressionMetrics,
  type RocCurve,
} from './metrics';

/** Points kept for the predicted-vs-actual chart (every k-th sample beyond this). */
export const MAX_SERIES_POINTS = 5000;
export const MAX_ROC_POINTS = 400;

export interface EvaluationSource {
  /** 'test' = the run's own test split; 'dataset' = every sample of another imported CSV. */
  kind: 'test' | 'dataset';
  datasetId?: string;
  name: string;
}

/** Regression metrics with MASE (null when undefined: tabular data, or a constant training series). */
export type ScoredMetrics = RegressionMetrics & { mase?: number | null };

export interface RegressionEvaluation {
  model: ScoredMetrics;
  /** The best baseline (lowest MAE on these samples). */
  baselineName: string;
  baseline: ScoredMetrics;
  /** Every baseline on the same samples, in the target's units (absent in reports made before them). */
  baselines?: { key: string; name: string; metrics: ScoredMetrics }[];
  /** Whether the model's MAE is below the best baseline's. */
  beatsBaselines?: boolean | null;
  /** MASE scale: in-sample MAE of the seasonal naive forecast on the training split (period 1 = persistence). */
  mase?: { period: number; scale: (number | null)[] } | null;
  /** Error per model output (target column or forecast step), when there is more than one. */
  byOutput: { name: string; mae: number; rmse: number; step?: number; baselines?: Record<string, number> }[];
  residuals: Histogram;
  /** Predicted vs actual over time for the first output: sample position, values in target units. */
  series: {
    name: string;
    position: number[];
    actual: number[];
    predicted: number[];
    baseline: number[];
    stride: number;
    /** Sequence data with a date column: each point's date (its target row, YYYY-MM-DD or ISO with time); absent otherwise and in older reports. */
    dates?: string[];
  };
}

export interface MisclassifiedRow {
  /** Position in the evaluated samples. */
  index: number;
  /** 1-based data row of the CSV (header not counted) the label comes from. */
  row: number;
  trueLabel: string;
  predictedLabel: string;
  confidence: number;
}

export interface ClassificationEvaluation {
  classes: string[];
  metrics: ClassificationMetrics;
  baselineName: string;
  baselineAccuracy: number;
  roc: RocCurve | null;
  /** Why there is no AUC (binary task with one class in the evaluated samples), in words. */
  rocNote?: string | null;
  misclassified: MisclassifiedRow[];
  /** Samples per class per split of the run's preparation (in `classes` order). */
  classCounts?: Record<SplitName, number[]> | null;
  /** Whether the model's accuracy beats the majority class; null when a split lacks a class. */
  beatsBaseline?: boolean | null;
  warnings?: string[];
}

export interface RunEvaluation {
  version: 1;
  createdAt: string;
  source: EvaluationSource;
  task: PreparedData['task'];
  samples: number;
  /** Weights used: 'weights-best' or 'weights-final', with the epoch they are from. */
  weights: { kind: string; epoch: number } | null;
  regression: RegressionEvaluation | null;
  classification: ClassificationEvaluation | null;
}

/** A number in a stored report: jsonSafe turns NaN/Infinity into null. */
const num = z.number().nullable();
const nums = z.array(num);
const count = z.number().int().min(0);
const label = z.string().max(1000);
const regressionMetricsSchema = z.object({ n: count, mae: num, rmse: num, mape: num, mapeSkipped: count, r2: num, mase: num.optional() });
const notes = z.array(z.string().max(4000)).max(50);
const histogramSchema = z.object({ edges: nums, counts: z.array(count), skipped: count });

const regressionSchema = z.object({
  model: regressionMetricsSchema,
  baselineName: label,
  baseline: regressionMetricsSchema,
  byOutput: z.array(z.object({ name: label, mae: num, rmse: num, step: z.number().int().min(0).optional(), baselines: z.record(z.string().max(100), num).optional() })),
  residuals: histogramSchema,
  series: z.object({
    name: label,
    position: z.array(count),
    actual: nums,
    predicted: nums,
    baseline: nums,
    stride: z.number().int().min(1),
    dates: z.array(z.string().max(40)).optional(),
  }),
  // every baseline and MASE (reports made before them lack these)
  baselines: z.array(z.object({ key: z.string().max(100), name: label, metrics: regressionMetricsSchema })).max(20).optional(),
  beatsBaselines: z.boolean().nullable().optional(),
  mase: z.object({ period: z.number().int().min(1), scale: nums }).nullable().optional(),
});

const classificationSchema = z.object({
  classes: z.array(label),
  metrics: z.object({
    n: count,
    accuracy: num,
    matrix: z.array(z.array(count)),
    perClass: z.array(z.object({ label, precision: num, recall: num, f1: num, support: count })),
    macro: z.object({ precision: num, recall: num, f1: num }),
  }),
  baselineName: label,
  baselineAccuracy: num,
  roc: z.object({ points: z.array(z.object({ fpr: num, tpr: num, threshold: num })), auc: num, positives: count, negatives: count }).nullable(),
  misclassified: z.array(z.object({ index: count, row: count, trueLabel: label, predictedLabel: label, confidence: num })),
  // class counts per split and why a claim or AUC is withheld (reports made before them lack these)
  rocNote: z.string().max(4000).nullable().optional(),
  classCounts: z.object({ train: z.array(count), validation: z.array(count), test: z.array(count) }).nullable().optional(),
  beatsBaseline: z.boolean().nullable().optional(),
  warnings: notes.optional(),
});

/**
 * Schema of a stored report, checked when it is saved and again when it is read: every section
 * with its real shape (a string where a series belongs is refused), and exactly one of regression /
 * classification, matching the task.
 */
export const runEvaluationSchema = z
  .object({
    version: z.literal(1),
    createdAt: z.string().max(100),
    source: z.object({ kind: z.enum(['test', 'dataset']), datasetId: z.string().max(200).optional(), name: label }),
    task: z.enum(['regression', 'binary', 'multiclass']),
    samples: count,
    weights: z.object({ kind: z.string().max(100), epoch: z.number() }).nullable(),
    regression: regressionSchema.nullable(),
    classification: classificationSchema.nullable(),
  })
  .superRefine((r, ctx) => {
    if (r.task === 'regression' ? r.regression === null : r.classification === null)
      ctx.addIssue({ code: 'custom', path: [r.task === 'regression' ? 'regression' : 'classification'], message: `a ${r.task} report needs this section` });
  });

function thin(points: RocCurve['points'], max: number): RocCurve['points'] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

const finiteOr = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Makes every number JSON-safe (NaN/Infinity → null) so the stored report round-trips. */
function jsonSafe<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? finiteOr(x) : x))) as T;
}

/**
 * Builds the report from predictions in the prepared scale ([samples × yWidth], in split order).
 * The baseline is computed on the same samples: persistence (sequence regression), the training mean
 * (tabular regression) or the majority class of the training samples.
 */
export function evaluatePredictions(
  p: PreparedData,
  split: SplitName,
  predictions: Float32Array,
  source: EvaluationSource,
  weights: RunEvaluation['weights'] = null,
  now = new Date(),
): RunEvaluation {
  const n = p.splits[split].length;
  if (predictions.length !== n * p.yWidth)
    throw new Error(`Expected ${n} × ${p.yWidth} predictions for the ${split} samples, got ${predictions.length} values.`);
  const yTrue = buildBatch(p, split).y;
  const base = { version: 1 as const, createdAt: now.toISOString(), source, task: p.task, samples: n, weights };
  if (p.task === 'regression') {
    const actual = denormalizeTargets(p, yTrue, split);
    const predicted = denormalizeTargets(p, predictions, split);
    const scale = maseScale(p);
    const scored = (pred: Float32Array): ScoredMetrics => ({ ...regressionMetrics(actual, pred), mase: mase(actual, pred, scale) });
    const all = regressionBaselines(p, split).map((b) => {
      const u = denormalizeTargets(p, b.predictions, split);
      // on another CSV every sample is both "training" and evaluated: say that the fitted baselines saw them
      const name = source.kind === 'dataset' && (b.key === 'linear-ar' || b.key === 'training-mean') ? `${b.name}, fitted on these samples` : b.name;
      return { key: b.key, name, values: u, metrics: scored(u) };
    });
    const best = bestBaseline(all)!;
    const baselineName = best.name;
    const baseline = best.values;
    const modelMetrics = scored(predicted);
    const w = p.yWidth;
    const stride = Math.max(1, Math.ceil(n / MAX_SERIES_POINTS));
    const series: RegressionEvaluation['series'] = { name: p.targetNames[0] ?? 'target', position: [], actual: [], predicted: [], baseline: [], stride };
    // the date each point's value belongs to (a window's target row), as the forecast paths label their origins
    const dates = p.mode === 'sequence' && p.rowDates ? p.rowDates : null;
    const subDaily = p.frequency === 'hourly' || p.frequency === 'minutely';
    if (dates) series.dates = [];
    for (let k = 0; k < n; k += stride) {
      if (dates) series.dates!.push(formatDate(dates[p.splits[split][k]! + p.lookback - 1 + (p.steps[0] ?? 1)]!, subDaily));
      series.position.push(k);
      series.actual.push(actual[k * w]!);
      series.predicted.push(predicted[k * w]!);
      series.baseline.push(baseline[k * w]!);
    }
    const regression: RegressionEvaluation = {
      model: modelMetrics,
      baselineName,
      baseline: best.metrics,
      baselines: all.map((b) => ({ key: b.key, name: b.name, metrics: b.metrics })),
      beatsBaselines: n ? modelMetrics.mae < best.metrics.mae : null,
      mase: scale ? { period: p.seasonalPeriod ?? 1, scale } : null,
      byOutput:
        w > 1
          ? stepErrors(p, actual, predicted, all).map((e) => ({ name: e.name, mae: e.mae, rmse: e.rmse, ...(p.steps.length > 1 ? { step: e.step } : {}), baselines: e.baselines }))
          : [],
      residuals: histogram(residuals(actual, predicted), 30),
      series,
    };
    return jsonSafe({ ...base, regression, classification: null });
  }
  const classes = p.classes ?? [];
  const w = p.yWidth;
  const t = classIndices(yTrue, w);
  const pr = classIndices(predictions, w);
  const metrics = classificationMetrics(t, pr, classes);
  const baseIdx = classIndices(majorityClassForecast(p, split), w);
  let baseOk = 0;
  for (let i = 0; i < n; i++) if (baseIdx[i] === t[i]) baseOk++;
  let roc: RocCurve | null = null;
  let rocNote: string | null = null;
  if (p.task === 'binary') {
    const r = rocCurve(t, predictions);
    roc = { ...r, points: thin(r.points, MAX_ROC_POINTS) };
    if (r.auc === null)
      rocNote = n
        ? `AUC is undefined: only one class ("${classes[r.positives ? 1 : 0] ?? (r.positives ? '1' : '0')}") is present in the ${source.kind === 'test' ? 'test split' : 'evaluated samples'} (${r.positives} positive, ${r.negatives} negative), so there is no pair of a positive and a negative sample to rank.`
        : 'AUC is undefined: there are no samples.';
  }
  const missing = source.kind === 'test' ? splitsMissingClasses(p) : [];
  const present = new Set(Array.from(t));
  const absentHere = classes.filter((_, c) => !present.has(c));
  const warnings = missing.map((m) => `The ${m.split} split has no "${m.classes.join('", "')}" samples; no "beats the baseline" claim is made.`);
  if (source.kind !== 'test' && n && absentHere.length) warnings.push(`These samples have no "${absentHere.join('", "')}" samples; accuracy says nothing about ${absentHere.length === 1 ? 'that class' : 'those classes'}.`);
  const claimable = n > 0 && missing.length === 0 && (source.kind === 'test' ? true : absentHere.length === 0);
  const starts = p.splits[split];
  const misclassified = misclassifiedSamples(t, predictions, w, 8).map((m) => ({
    index: m.index,
    row: p.rowIndex[starts[m.index]! + p.targetOffset]! + 1,
    trueLabel: classes[m.trueClass] ?? String(m.trueClass),
    predictedLabel: classes[m.predictedClass] ?? String(m.predictedClass),
    confidence: m.confidence,
  }));
  return jsonSafe({
    ...base,
    regression: null,
    classification: {
      classes,
      metrics,
      baselineName: 'majority class',
      baselineAccuracy: n ? baseOk / n : 0,
      roc,
      rocNote,
      misclassified,
      classCounts: p.classCounts,
      beatsBaseline: claimable ? metrics.accuracy > (n ? baseOk / n : 0) : null,
      warnings,
    },
  });
}
