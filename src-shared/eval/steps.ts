/**
 * Multi-step forecasts in the target's units: the error of every model output (target × forecast step)
 * next to each baseline's, and the H-step forecast path of the first target from a few origins.
 */
import { formatDate } from '../data/values';
import type { PreparedData, SplitName } from '../data/prepare';
import { errorByStep } from './metrics';

export interface StepError {
  name: string;
  step: number;
  mae: number;
  rmse: number;
  /** Baseline key → MAE for this output, in target units. */
  baselines: Record<string, number>;
}

export interface ForecastPath {
  /** Position of the origin's sample in the split. */
  origin: number;
  /** The origin's date (its window's last row) when there is a date column, else `sample N` (1-based). */
  label: string;
  actual: number[];
  predicted: number[];
}

/** Most origins a path plot shows. */
export const MAX_PATHS = 6;

/** Error per model output, with each baseline's MAE on the same output ([n × yWidth] arrays in target units). */
export function stepErrors(
  p: Pick<PreparedData, 'yWidth' | 'outputNames' | 'steps' | 'task'>,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  baselines: readonly { key: string; values: ArrayLike<number> }[],
): StepError[] {
  const w = p.yWidth;
  const K = p.task === 'regression' ? p.steps.length : 1;
  const model = errorByStep(actual, predicted, w);
  const base = baselines.map((b) => ({ key: b.key, errs: errorByStep(actual, b.values, w) }));
  return model.map((e, i) => ({
    name: p.outputNames[i] ?? `output ${i + 1}`,
    step: p.steps[i % K] ?? 0,
    mae: e.mae,
    rmse: e.rmse,
    baselines: Object.fromEntries(base.map((b) => [b.key, b.errs[i]!.mae])),
  }));
}

/** The first target's forecast path (every step) from up to MAX_PATHS origins spread evenly over the split's samples. */
export function forecastPaths(
  p: Pick<PreparedData, 'yWidth' | 'steps' | 'splits' | 'lookback' | 'mode' | 'rowDates' | 'frequency'>,
  split: SplitName,
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): ForecastPath[] {
  const n = p.splits[split].length;
  const K = p.steps.length;
  if (n === 0 || K < 2) return [];
  const picks = [...new Set(Array.from({ length: Math.min(MAX_PATHS, n) }, (_, q) => Math.round((q * (n - 1)) / Math.max(1, Math.min(MAX_PATHS, n) - 1))))];
  const subDaily = p.frequency === 'hourly' || p.frequency === 'minutely';
  return picks.map((i) => {
    const last = p.splits[split][i]! + (p.mode === 'sequence' ? p.lookback : 1) - 1;
    const ms = p.rowDates ? p.rowDates[last] : undefined;
    return {
      origin: i,
      label: ms !== undefined && Number.isFinite(ms) ? formatDate(ms, subDaily) : `sample ${i + 1}`,
      actual: Array.from({ length: K }, (_, k) => actual[i * p.yWidth + k]!),
      predicted: Array.from({ length: K }, (_, k) => predicted[i * p.yWidth + k]!),
    };
  });
}
