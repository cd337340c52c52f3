/** Naive baselines a trained model should beat, and small metrics to compare them. */
import { DataError } from './errors';
import type { PreparedData, SplitName } from './prepare';

/**
 * Persistence forecast (regression, sequence mode): predicts that each target keeps the value it had
 * at the window's last step. Same scale as the prepared y (normalized when the target is). [n × yWidth].
 */
export function persistenceForecast(p: PreparedData, split: SplitName): Float32Array {
  if (p.task !== 'regression' || p.mode !== 'sequence') throw new DataError('The persistence baseline needs a regression task in sequence mode.');
  const starts = p.splits[split];
  const w = p.yWidth;
  const out = new Float32Array(starts.length * w);
  for (let k = 0; k < starts.length; k++) {
    const last = starts[k]! + p.lookback - 1;
    out.set(p.targets.subarray(last * w, (last + 1) * w), k * w);
  }
  return out;
}

/** The most frequent class among the training samples. */
export function majorityClass(p: PreparedData): { index: number; label: string; share: number } {
  if (p.task === 'regression' || !p.classes) throw new DataError('The majority-class baseline needs a classification task.');
  const counts = new Array<number>(p.classes.length).fill(0);
  const starts = p.splits.train;
  for (let k = 0; k < starts.length; k++) {
    const t = starts[k]! + p.targetOffset;
    if (p.task === 'binary') counts[p.targets[t]! > 0.5 ? 1 : 0]!++;
    else for (let c = 0; c < p.yWidth; c++) if (p.targets[t * p.yWidth + c] === 1) counts[c]!++;
  }
  let index = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[index]!) index = c;
  return { index, label: p.classes[index]!, share: starts.length ? counts[index]! / starts.length : 0 };
}

/** Majority-class predictions for a split, in the prepared y encoding (0/1 or one-hot). */
export function majorityClassForecast(p: PreparedData, split: SplitName): Float32Array {
  const { index } = majorityClass(p);
  const n = p.splits[split].length;
  const out = new Float32Array(n * p.yWidth);
  for (let k = 0; k < n; k++) {
    if (p.task === 'binary') out[k] = index;
    else out[k * p.yWidth + index] = 1;
  }
  return out;
}

export function maeRmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): { mae: number; rmse: number } {
  if (yTrue.length !== yPred.length) throw new DataError(`maeRmse: ${yTrue.length} true values but ${yPred.length} predictions.`);
  let a = 0;
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yPred[i]! - yTrue[i]!;
    a += Math.abs(d);
    s += d * d;
  }
  const n = yTrue.length || 1;
  return { mae: a / n, rmse: Math.sqrt(s / n) };
}

/** Accuracy for 0/1 (width 1, threshold 0.5) or one-hot / probability rows (argmax). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, width: number): number {
  const n = yTrue.length / width;
  if (n === 0) return 0;
  let ok = 0;
  for (let k = 0; k < n; k++) {
    if (width === 1) {
      if (yPred[k]! > 0.5 === yTrue[k]! > 0.5) ok++;
      continue;
    }
    let bt = 0;
    let bp = 0;
    for (let c = 1; c < width; c++) {
      if (yTrue[k * width + c]! > yTrue[k * width + bt]!) bt = c;
      if (yPred[k * width + c]! > yPred[k * width + bp]!) bp = c;
    }
    if (bt === bp) ok++;
  }
  return ok / n;
}
