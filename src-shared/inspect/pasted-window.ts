/**
 * A pasted sample for the gate inspector: raw CSV rows (header first, the run's raw columns) → the first
 * complete window, encoded by the same preprocessing runtime as Predict and the exported module.
 */
import { DataError } from '../data/errors';
import { csvTextRows, runPreprocessing, type PredictableRun } from '../eval/predict-rows';
import { decodeRegression, encodeRawRows, PreprocessError, specColumnNames, specOutputNames, windowBatch, windowStarts } from '../preprocess/runtime';

export interface PastedWindow {
  /** [1, lookback, features] window, normalized with the run's statistics. */
  x: Float32Array;
  shape: number[];
  /** 1-based pasted row of the window's first step. */
  firstRow: number;
  /**
   * Regression: the model's outputs for this window in the targets' units, the window transform inverted
   * with the window's own rows (as Predict does); null for classification.
   */
  toUnits: (y: ArrayLike<number>) => number[] | null;
}

export function pastedWindow(run: Pick<PredictableRun, 'dataPrep' | 'meta'>, text: string): PastedWindow {
  const pre = runPreprocessing(run);
  if (pre.mode !== 'sequence') throw new DataError('The gate inspector needs a sequence model; this run reads single rows.');
  const rows = csvTextRows(text);
  let enc: ReturnType<typeof encodeRawRows>;
  try {
    enc = encodeRawRows(pre, rows);
  } catch (e) {
    if (e instanceof PreprocessError) throw new DataError(e.message, { row: e.row, column: e.column });
    throw e;
  }
  const starts = windowStarts(pre, enc);
  if (starts.length === 0)
    throw new DataError(`No complete window: paste at least ${pre.lookback} usable rows${pre.groupColumn ? ' of one group' : ''} with the columns ${specColumnNames(pre).join(', ')}.`);
  const s0 = starts[0]!;
  const b = windowBatch(pre, enc, [s0]);
  const toUnits = (y: ArrayLike<number>): number[] | null => {
    if (pre.task !== 'regression') return null;
    const row = decodeRegression(pre, y, enc, [s0])[0]!;
    return specOutputNames(pre).map((n) => row[n]!);
  };
  return { x: b.data, shape: b.shape, firstRow: enc.rowIndex[s0]! + 1, toUnits };
}
