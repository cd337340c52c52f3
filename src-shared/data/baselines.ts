/** Naive baselines a trained model should beat, and small metrics to compare them. */
import { DataError } from './errors';
import { buildBatch, scaleOf, windowRuleOf, type PreparedData, type SplitName } from './prepare';
import { encodeWindowTargets } from '../preprocess/runtime';

/**
 * A baseline given as normalized target levels — `level(s, j, step)` for the window starting at row s,
 * target j — expressed as the model's outputs (window transform applied), [n × yWidth], so a baseline is
 * scored through exactly the same inversion as the model.
 */
function levelsAsOutputs(p: PreparedData, split: SplitName, level: (s: number, j: number, step: number) => number): Float32Array {
  const starts = p.splits[split];
  const rule = windowRuleOf(p);
  const tw = p.targetWidth;
  const K = rule.steps.length;
  const out = new Float32Array(starts.length * p.yWidth);
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    for (let j = 0; j < tw; j++) {
      const levels = rule.steps.map((st) => level(s, j, st));
      const enc = encodeWindowTargets(rule, (r) => p.targets[r * tw + j]!, s, levels);
      for (let k = 0; k < K; k++) out[i * p.yWidth + j * K + k] = enc[k]!;
    }
  }
  return out;
}

/**
 * Persistence forecast (regression, sequence mode): predicts that each target keeps the value it had
 * at the window's last step, at every forecast step. In the model's output scale, [n × yWidth].
 */
export function persistenceForecast(p: PreparedData, split: SplitName): Float32Array {
  if (p.task !== 'regression' || p.mode !== 'sequence') throw new DataError('The persistence baseline needs a regression task in sequence mode.');
  const tw = p.targetWidth;
  return levelsAsOutputs(p, split, (s, j) => p.targets[(s + p.lookback - 1) * tw + j]!);
}

/** Matrix row → first row of its group (binary search over the groups, which are sorted by start). */
function groupStart(p: PreparedData, row: number): number {
  const g = p.groups;
  if (g.length === 0) return 0;
  let lo = 0;
  let hi = g.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g[mid]!.start <= row) lo = mid;
    else hi = mid - 1;
  }
  return g[lo]!.start;
}

function needSequenceRegression(p: PreparedData, what: string): void {
  if (p.task !== 'regression' || p.mode !== 'sequence') throw new DataError(`The ${what} baseline needs a regression task in sequence mode.`);
}

/**
 * Seasonal naive forecast (regression, sequence mode): ŷ(t+h) = y(t+h−m·k) for each forecast step h,
 * with m the season length and k the smallest integer with h ≤ m·k, so the value used is always
 * observed by the end of the window (it may lie before the window's first row, never before its
 * group's first row; where it would, the window's last value is used). Model output scale, [n × yWidth].
 */
export function seasonalNaiveForecast(p: PreparedData, split: SplitName, m: number): Float32Array {
  needSequenceRegression(p, 'seasonal naive');
  if (!Number.isInteger(m) || m < 1) throw new DataError(`The seasonal naive baseline needs a season length of at least 1 step, not ${m}.`);
  const tw = p.targetWidth;
  return levelsAsOutputs(p, split, (s, j, step) => {
    const last = s + p.lookback - 1;
    let src = last + step - m * Math.ceil(step / m);
    if (src < groupStart(p, s)) src = last;
    return p.targets[src * tw + j]!;
  });
}

/** The mean of each target (per forecast step) over the training samples, for every sample of `split`. Model output scale. */
export function trainingMeanForecast(p: PreparedData, split: SplitName): Float32Array {
  if (p.task !== 'regression') throw new DataError('The training-mean baseline needs a regression task.');
  const tw = p.targetWidth;
  const steps = windowRuleOf(p).steps;
  const L = p.mode === 'sequence' ? p.lookback : 1;
  const mean = new Float64Array(tw * steps.length);
  const tr = p.splits.train;
  for (let k = 0; k < tr.length; k++)
    for (let j = 0; j < tw; j++) steps.forEach((st, q) => (mean[j * steps.length + q]! += p.targets[(tr[k]! + L - 1 + st) * tw + j]! / tr.length));
  return levelsAsOutputs(p, split, (_s, j, step) => mean[j * steps.length + steps.indexOf(step)]!);
}

// ---- ridge regression (closed form) ----

/**
 * Solves A·X = B for symmetric positive definite A [d × d] (row-major, overwritten by its Cholesky
 * factor) and B [d × k] (row-major, overwritten by X). Throws when A is not positive definite.
 */
export function choleskySolve(A: Float64Array, B: Float64Array, d: number, k: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let diag = A[j * d + j]!;
    for (let q = 0; q < j; q++) diag -= A[j * d + q]! * A[j * d + q]!;
    if (!(diag > 0)) throw new DataError('choleskySolve: the matrix is not positive definite.');
    const ljj = Math.sqrt(diag);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = A[i * d + j]!;
      for (let q = 0; q < j; q++) v -= A[i * d + q]! * A[j * d + q]!;
      A[i * d + j] = v / ljj;
    }
  }
  // forward: L·Z = B, then back: Lᵀ·X = Z
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < d; i++) {
      let v = B[i * k + c]!;
      for (let q = 0; q < i; q++) v -= A[i * d + q]! * B[q * k + c]!;
      B[i * k + c] = v / A[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let v = B[i * k + c]!;
      for (let q = i + 1; q < d; q++) v -= A[q * d + i]! * B[q * k + c]!;
      B[i * k + c] = v / A[i * d + i]!;
    }
  }
  return B;
}

export interface RidgeModel {
  /** Inputs per sample. */
  d: number;
  /** Outputs per sample. */
  k: number;
  /** Weights [d × k], row-major. */
  w: Float64Array;
  /** Intercept per output (not penalized). */
  b: Float64Array;
  lambda: number;
}

/** Ridge penalty relative to the mean diagonal of the centered XᵀX: small, only to keep the solve stable. */
export const RIDGE_LAMBDA = 1e-3;

/**
 * Ridge regression in closed form: centers X [n × d] and Y [n × k] (so the intercept is not
 * penalized), solves (XᵀX + λI)·w = XᵀY by Cholesky, λ = `relLambda` × mean diagonal of XᵀX.
 */
export function fitRidge(X: ArrayLike<number>, Y: ArrayLike<number>, n: number, d: number, k: number, relLambda = RIDGE_LAMBDA): RidgeModel {
  if (n < 1) throw new DataError('Ridge regression needs at least one sample.');
  const mx = new Float64Array(d);
  const my = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) mx[j]! += X[r * d + j]! / n;
    for (let c = 0; c < k; c++) my[c]! += Y[r * k + c]! / n;
  }
  const A = new Float64Array(d * d);
  const B = new Float64Array(d * k);
  const xr = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) xr[j] = X[r * d + j]! - mx[j]!;
    for (let i = 0; i < d; i++) {
      const xi = xr[i]!;
      if (xi === 0) continue;
      for (let j = 0; j <= i; j++) A[i * d + j]! += xi * xr[j]!;
      for (let c = 0; c < k; c++) B[i * k + c]! += xi * (Y[r * k + c]! - my[c]!);
    }
  }
  let trace = 0;
  for (let i = 0; i < d; i++) {
    trace += A[i * d + i]!;
    for (let j = 0; j < i; j++) A[j * d + i] = A[i * d + j]!;
  }
  const lambda = relLambda * (trace > 0 ? trace / d : 1) + 1e-12;
  for (let i = 0; i < d; i++) A[i * d + i]! += lambda;
  const w = choleskySolve(A, B, d, k);
  const b = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let v = my[c]!;
    for (let j = 0; j < d; j++) v -= mx[j]! * w[j * k + c]!;
    b[c] = v;
  }
  return { d, k, w, b, lambda };
}

export function ridgePredict(m: RidgeModel, X: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n * m.k);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < m.k; c++) {
      let v = m.b[c]!;
      for (let j = 0; j < m.d; j++) v += X[r * m.d + j]! * m.w[j * m.k + c]!;
      out[r * m.k + c] = v;
    }
  return out;
}

/** Largest input width (lookback × features) the linear-AR baseline is fitted for. */
export const RIDGE_MAX_INPUTS = 1024;
/** Work budget n·d² for forming XᵀX; beyond it an evenly spaced subset of the training windows is used. */
export const RIDGE_WORK_BUDGET = 2e9;

/**
 * Linear autoregression baseline: a ridge regression from the flattened window (every feature of
 * every step, prepared scale) to the prepared target, fitted on the training windows only.
 * Null when the window is too wide (more than RIDGE_MAX_INPUTS values).
 */
export function fitLinearAr(p: PreparedData): RidgeModel | null {
  needSequenceRegression(p, 'linear autoregression');
  const d = p.lookback * p.nFeatures;
  if (d > RIDGE_MAX_INPUTS || p.splits.train.length === 0) return null;
  const all = p.splits.train.length;
  const n = Math.max(1, Math.min(all, Math.floor(RIDGE_WORK_BUDGET / (d * d))));
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = Math.floor((i * all) / n);
  const b = buildBatch(p, 'train', idx);
  return fitRidge(b.x, b.y, n, d, p.yWidth);
}

export function linearArForecast(p: PreparedData, split: SplitName, model: RidgeModel): Float32Array {
  const b = buildBatch(p, split);
  return ridgePredict(model, b.x, p.splits[split].length);
}

// ---- all regression baselines ----

export interface BaselineForecast {
  /** Stable key: persistence, seasonal-naive, training-mean, linear-ar. */
  key: string;
  /** In words, for reports. */
  name: string;
  /** Prepared scale, [n × yWidth]. */
  predictions: Float32Array;
}

/**
 * Every naive baseline that applies, on the samples of `split`, in the prepared scale: persistence,
 * seasonal naive (when the data has a season length > 1), the training mean and the linear
 * autoregression (sequence mode); the training mean alone in tabular mode.
 */
export function regressionBaselines(p: PreparedData, split: SplitName): BaselineForecast[] {
  if (p.task !== 'regression') throw new DataError('Regression baselines need a regression task.');
  const out: BaselineForecast[] = [];
  if (p.mode === 'sequence') {
    out.push({ key: 'persistence', name: 'persistence (last value)', predictions: persistenceForecast(p, split) });
    const m = p.seasonalPeriod;
    if (m !== null && m > 1) out.push({ key: 'seasonal-naive', name: `seasonal naive (period ${m})`, predictions: seasonalNaiveForecast(p, split, m) });
  }
  out.push({ key: 'training-mean', name: 'training mean', predictions: trainingMeanForecast(p, split) });
  if (p.mode === 'sequence') {
    const ar = fitLinearAr(p);
    if (ar) out.push({ key: 'linear-ar', name: `linear autoregression (ridge on the ${p.lookback}-step window)`, predictions: linearArForecast(p, split, ar) });
  }
  return out;
}

/**
 * The MASE scale per model output (Hyndman & Koehler 2006): the in-sample MAE of the one-step seasonal naive
 * forecast y(t) ≈ y(t−m) on the training rows (m = the season length, 1 = persistence when there is
 * none), in the target's units. Pairs never cross a training block's or a group's edge. Null per
 * target when no pair exists or the training series is constant; null overall in tabular mode.
 */
export function maseScale(p: PreparedData): (number | null)[] | null {
  if (p.task !== 'regression' || p.mode !== 'sequence') return null;
  const m = p.seasonalPeriod ?? 1;
  const w = p.targetWidth;
  const K = p.yWidth / w;
  const sums = new Float64Array(w);
  let count = 0;
  const unit = (r: number, j: number): number => {
    const st = p.stats.targets?.[j];
    const v = p.targets[r * w + j]!;
    if (!st) return v;
    const { a, b } = scaleOf(st, p.stats.method);
    return v / b + a;
  };
  for (const g of p.groups)
    for (const [a, b] of g.blocks.train)
      for (let r = a + m; r < b; r++) {
        for (let j = 0; j < w; j++) sums[j]! += Math.abs(unit(r, j) - unit(r - m, j));
        count++;
      }
  // one scale per model output (each target's scale repeated for its forecast steps)
  return Array.from({ length: w * K }, (_, i) => {
    const s = sums[Math.floor(i / K)]!;
    return count && s > 0 ? s / count : null;
  });
}

/** MASE: the mean over every value of |error| / the scale of its target; null when a scale is missing. */
export function mase(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, scale: readonly (number | null)[] | null): number | null {
  if (!scale || scale.some((s) => s === null) || yTrue.length === 0) return null;
  const w = scale.length;
  let t = 0;
  for (let i = 0; i < yTrue.length; i++) t += Math.abs(yPred[i]! - yTrue[i]!) / scale[i % w]!;
  return t / yTrue.length;
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
