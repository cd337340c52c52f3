/**
 * The one place a preparation's window transform and forecast steps are resolved: `auto` → a concrete
 * transform with the sentence the Data tab shows, the step list (`horizonSteps`, else [horizon]), and
 * the names of the model's outputs. The per-window math itself lives in the preprocessing runtime
 * (src-shared/preprocess/runtime.ts), which the app, Predict and the exports share.
 */
import { DataError } from './errors';
import type { DataPrep, WindowTransform } from './spec';
import { outputNamesOf } from '../preprocess/runtime';

export interface ResolvedWindowTransform {
  transform: WindowTransform;
  reason: string;
}

/**
 * `auto`: sequence regression forecasting where a target column is among the inputs → `last-value`
 * (a trend would otherwise leave test values outside the training range); otherwise `level`.
 * An explicit transform other than `level` is refused outside sequence regression.
 */
export function resolveWindowTransform(prep: Pick<DataPrep, 'task' | 'mode' | 'windowTransform' | 'targets' | 'features'>, seasonalPeriod: number | null): ResolvedWindowTransform {
  const seqRegression = prep.task === 'regression' && prep.mode === 'sequence';
  const choice = prep.windowTransform;
  if (choice === 'auto') {
    if (!seqRegression)
      return {
        transform: 'level',
        reason: prep.mode === 'tabular' ? 'level: tabular rows are not windows of a series.' : 'level: classification labels are not shifted or differenced.',
      };
    if (prep.targets.some((t) => prep.features.includes(t)))
      return {
        transform: 'last-value',
        reason:
          'relative to last value: a sequence forecast whose target is among the inputs; a trend would otherwise leave test values outside the training range.',
      };
    return { transform: 'level', reason: 'level: the target is not among the inputs, so there is no last observed value to forecast relative to.' };
  }
  if (choice !== 'level' && !seqRegression)
    throw new DataError(
      `Window transform "${choice}" applies to sequence regression only (this preparation is ${prep.mode} ${prep.task}); use "level" or "auto".`,
    );
  if (choice === 'seasonal-difference' && seasonalPeriod === null)
    throw new DataError('The seasonal-difference window transform needs a seasonal period: set one, or use a date column with a recognizable frequency.');
  const reasons: Record<WindowTransform, string> = {
    level: 'level: chosen in the preparation; windows and targets are the normalized values themselves.',
    'last-value': "relative to last value: chosen in the preparation; each window's last value is subtracted from inputs and targets and added back to forecasts.",
    'window-mean': "window mean: chosen in the preparation; each window's mean is subtracted from inputs and targets (RevIN-style) and added back to forecasts.",
    difference: 'difference: chosen in the preparation; the model sees first differences and forecasts changes, summed back to values.',
    'seasonal-difference': `seasonal difference (period ${seasonalPeriod}): chosen in the preparation; the model sees x(t) − x(t−${seasonalPeriod}) and forecasts the change from the same point one season earlier.`,
  };
  return { transform: choice, reason: reasons[choice] };
}

/** The forecast steps ahead, ascending and distinct: `horizonSteps`, else [horizon]. Classification and tabular: [horizon]. */
export function resolveSteps(prep: Pick<DataPrep, 'task' | 'mode' | 'horizon' | 'horizonSteps'>): number[] {
  const list = prep.horizonSteps;
  if (!list) return [prep.horizon];
  if (prep.task !== 'regression' || prep.mode !== 'sequence') {
    if (list.length === 1 && list[0] === prep.horizon) return [prep.horizon];
    throw new DataError(`Forecast steps (${list.join(', ')}) apply to sequence regression only; ${prep.mode} ${prep.task} predicts one value per ${prep.mode === 'sequence' ? 'window' : 'row'}.`);
  }
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  if (sorted.length !== list.length) throw new DataError(`Forecast steps list a step twice (${list.join(', ')}).`);
  return sorted;
}

/** One name per model output, target-major: `${target} t+${step}`, or the target's name alone with one step. */
export function outputNamesFor(targetNames: readonly string[], steps: readonly number[], task: DataPrep['task']): string[] {
  return task !== 'regression' ? targetNames.slice() : outputNamesOf(targetNames, steps);
}

/** Rows of history a transform needs before a window's first row (differencing). */
export function historyRowsFor(transform: WindowTransform, seasonalPeriod: number | null): number {
  return transform === 'difference' ? 1 : transform === 'seasonal-difference' ? (seasonalPeriod ?? 0) : 0;
}
