/**
 * Evaluation metrics computed from true values and predictions (plain arrays, no tfjs): regression
 * errors, error by forecast step, residual histograms, classification reports and ROC/AUC.
 * Every function is pure and works on the prepared y encoding (one row of `width` values per sample).
 */

export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

function sameLength(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new EvalError(`${what}: ${a.length} true values but ${b.length} predictions.`);
}

export interface RegressionMetrics {
  /** Number of values compared. */
  n: number;
  mae: number;
  rmse: number;
  /** Mean absolute percentage error in percent over non-zero actuals; null when every actual is 0. */
  mape: number | null;
  /** How many values MAPE skipped because the actual is 0. */
  mapeSkipped: number;
  /** Coefficient of determination; null when the actuals are constant (no variance to explain). */
  r2: number | null;
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  sameLength('regressionMetrics', yTrue, yPred);
  const n = yTrue.length;
  if (n === 0) return { n: 0, mae: NaN, rmse: NaN, mape: null, mapeSkipped: 0, r2: null };
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let pctN = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const d = yPred[i]! - t;
    abs += Math.abs(d);
    sq += d * d;
    tot += (t - mean) * (t - mean);
    if (t !== 0) {
      pct += Math.abs(d / t);
      pctN++;
    }
  }
  return {
    n,
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    mape: pctN ? (100 * pct) / pctN : null,
    mapeSkipped: n - pctN,
    r2: tot > 0 ? 1 - sq / tot : null,
  };
}

/** MAE and RMSE per forecast step (column) of [n × width] rows, step 1 first. */
export function errorByStep(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, width: number): { step: number; mae: number; rmse: number }[] {
  sameLength('errorByStep', yTrue, yPred);
  if (!Number.isInteger(width) || width < 1 || yTrue.length % width !== 0)
    throw new EvalError(`errorByStep: ${yTrue.length} values do not form rows of ${width}.`);
  const n = yTrue.length / width;
  const out: { step: number; mae: number; rmse: number }[] = [];
  for (let s = 0; s < width; s++) {
    let a = 0;
    let q = 0;
    for (let k = 0; k < n; k++) {
      const d = yPred[k * width + s]! - yTrue[k * width + s]!;
      a += Math.abs(d);
      q += d * d;
    }
    out.push({ step: s + 1, mae: n ? a / n : NaN, rmse: n ? Math.sqrt(q / n) : NaN });
  }
  return out;
}

/** prediction − actual for each value. */
export function residuals(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Float64Array {
  sameLength('residuals', yTrue, yPred);
  const out = new Float64Array(yTrue.length);
  for (let i = 0; i < out.length; i++) out[i] = yPred[i]! - yTrue[i]!;
  return out;
}

export interface Histogram {
  /** bins + 1 ascending edges; bin i covers [edges[i], edges[i+1]) and the last bin includes its upper edge. */
  edges: number[];
  counts: number[];
  /** Non-finite values left out. */
  skipped: number;
}

/** Equal-width histogram over the finite values. */
export function histogram(values: ArrayLike<number>, bins = 20): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new EvalError(`histogram: bins must be a positive whole number, got ${bins}.`);
  let lo = Infinity;
  let hi = -Infinity;
  let skipped = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      skipped++;
      continue;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return { edges: [], counts: [], skipped };
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    // w underflows to 0 for a range of a few subnormals ([0, 5e-324]); NaN → the first bin
    const k = Math.floor((v - lo) / w);
    counts[k >= 0 ? Math.min(bins - 1, k) : 0]!++;
  }
  return { edges, counts, skipped };
}

/**
 * Class indices from the prepared y encoding: width 1 = binary probability/label (threshold 0.5),
 * width > 1 = one-hot or probability rows (argmax, first maximum wins).
 */
export function classIndices(y: ArrayLike<number>, width: number): Int32Array {
  if (!Number.isInteger(width) || width < 1 || y.length % width !== 0) throw new EvalError(`classIndices: ${y.length} values do not form rows of ${width}.`);
  const n = y.length / width;
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    if (width === 1) {
      out[k] = y[k]! > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < width; c++) if (y[k * width + c]! > y[k * width + best]!) best = c;
    out[k] = best;
  }
  return out;
}

/** matrix[true][predicted] counts. */
export function confusionMatrix(trueIdx: ArrayLike<number>, predIdx: ArrayLike<number>, classes: number): number[][] {
  sameLength('confusionMatrix', trueIdx, predIdx);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < trueIdx.length; i++) {
    const t = trueIdx[i]!;
    const p = predIdx[i]!;
    if (!(t >= 0 && t < classes && p >= 0 && p < classes)) throw new EvalError(`confusionMatrix: sample ${i} has class ${t} → ${p}, outside 0…${classes - 1}.`);
    m[t]![p]!++;
  }
  return m;
}

export interface ClassReport {
  label: string;
  /** tp / (tp + fp); 0 when the class is never predicted. */
  precision: number;
  /** tp / (tp + fn); 0 when the class never occurs. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** How many samples truly are of this class. */
  support: number;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  matrix: number[][];
  perClass: ClassReport[];
  /** Unweighted means over the classes. */
  macro: { precision: number; recall: number; f1: number };
}

export function classificationMetrics(trueIdx: ArrayLike<number>, predIdx: ArrayLike<number>, labels: readonly string[]): ClassificationMetrics {
  const k = labels.length;
  const matrix = confusionMatrix(trueIdx, predIdx, k);
  const n = trueIdx.length;
  let correct = 0;
  for (let c = 0; c < k; c++) correct += matrix[c]![c]!;
  const perClass: ClassReport[] = labels.map((label, c) => {
    const tp = matrix[c]![c]!;
    let predicted = 0;
    let support = 0;
    for (let j = 0; j < k; j++) {
      predicted += matrix[j]![c]!;
      support += matrix[c]![j]!;
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const mean = (f: (r: ClassReport) => number): number => (k ? perClass.reduce((s, r) => s + f(r), 0) / k : 0);
  return {
    n,
    accuracy: n ? correct / n : 0,
    matrix,
    perClass,
    macro: { precision: mean((r) => r.precision), recall: mean((r) => r.recall), f1: mean((r) => r.f1) },
  };
}

export interface RocCurve {
  /** From (0,0) to (1,1); one point per distinct score threshold (ties form one step). */
  points: { fpr: number; tpr: number; threshold: number }[];
  /** Area under the curve by the trapezoid rule; null when only one class is present. */
  auc: number | null;
  positives: number;
  negatives: number;
}

/** ROC curve of scores (higher = more positive) against 0/1 labels. */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocCurve {
  sameLength('rocCurve', labels, scores);
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0.5) P++;
  const N = n - P;
  const points: RocCurve['points'] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0;
  let fp = 0;
  let auc = 0;
  let prevF = 0;
  let prevT = 0;
  for (let i = 0; i < n; ) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!]! === s) {
      if (labels[order[i]!]! > 0.5) tp++;
      else fp++;
      i++;
    }
    const fpr = N ? fp / N : 0;
    const tpr = P ? tp / P : 0;
    auc += ((fpr - prevF) * (tpr + prevT)) / 2;
    prevF = fpr;
    prevT = tpr;
    points.push({ fpr, tpr, threshold: s });
  }
  return { points, auc: P && N ? auc : null, positives: P, negatives: N };
}

export interface Misclassified {
  /** Position of the sample in the evaluated split. */
  index: number;
  trueClass: number;
  predictedClass: number;
  /** The model's score for the predicted class (probability when the output is softmax/sigmoid). */
  confidence: number;
}

/**
 * Up to `limit` wrong predictions, most confident first (the instructive mistakes).
 * `scores` is the raw prediction in the prepared encoding (width 1: P(class 1); width > 1: per class).
 */
export function misclassifiedSamples(trueIdx: ArrayLike<number>, scores: ArrayLike<number>, width: number, limit = 5): Misclassified[] {
  const pred = classIndices(scores, width);
  sameLength('misclassifiedSamples', trueIdx, pred);
  const wrong: Misclassified[] = [];
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === trueIdx[i]) continue;
    const confidence = width === 1 ? (pred[i] === 1 ? scores[i]! : 1 - scores[i]!) : scores[i * width + pred[i]!]!;
    wrong.push({ index: i, trueClass: trueIdx[i]!, predictedClass: pred[i]!, confidence });
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return wrong.slice(0, limit);
}
