/**
 * Preparing new rows the way a finished run saw its data: another CSV with the same columns (evaluate a
 * run on it), or a few pasted rows (predict). Windowing, encodings and columns come from the run's data
 * preparation; normalization uses the run's TRAINING statistics (never refitted on the new rows), so
 * the model receives inputs on the scale it was trained on. Every sample lands in the `test` split.
 */
import { DataError, prepare, scaleOf, type Dataset, type PreparedData } from '../data/index';
import type { DataPrep } from '../data/spec';
import type { PreprocessingMeta } from '../train/artifacts';

/**
 * A run's data preparation with the window transform and forecast steps the run actually used (its
 * preprocessing record): runs from before issue 14 recorded neither and were level, one step — their
 * snapshot would otherwise resolve `auto` anew.
 */
export function runDataPrep(dataPrep: DataPrep, meta: Pick<PreprocessingMeta, 'windowTransform' | 'windowScale' | 'steps' | 'seasonalPeriod'>): DataPrep {
  if (dataPrep.task !== 'regression' || dataPrep.mode !== 'sequence') return { ...dataPrep, windowTransform: 'level' };
  return {
    ...dataPrep,
    windowTransform: meta.windowTransform ?? 'level',
    windowScale: meta.windowScale ?? false,
    horizonSteps: meta.steps ?? [dataPrep.horizon],
    ...(meta.seasonalPeriod ? { seasonalPeriod: meta.seasonalPeriod } : {}),
  };
}

export function prepareLikeRun(ds: Dataset, dataPrep: DataPrep, meta: PreprocessingMeta): PreparedData {
  // a text input is encoded with the run's options (its resolved length) and its vocabulary, never rebuilt on these rows
  const text = meta.text ?? null;
  const raw = prepare(
    ds,
    { ...runDataPrep(dataPrep, meta), ...(text ? { text: { ...text.options } } : {}), split: { train: 1, validation: 0, test: 0 }, normalization: 'none', normalizeTarget: false },
    text ? { vocabulary: { tokens: text.vocabulary.slice(), counts: text.vocabulary.map(() => 0) } } : {},
  );
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(raw.featureNames, meta.featureNames)) alignFeatures(raw, meta);
  if (meta.classes && raw.classes && !same(raw.classes, meta.classes)) {
    const unknown = raw.classes.filter((c) => !meta.classes!.includes(c));
    if (unknown.length) throw new DataError(`Labels the run never saw: ${unknown.slice(0, 8).join(', ')} (the run knows ${meta.classes.join(', ')}).`);
    // Same labels, fewer of them or in another order: re-encode the targets in the run's class order.
    remapClasses(raw, meta.classes);
  }
  const method = meta.stats.method;
  const nf = raw.nFeatures;
  raw.featureInfo.forEach((fi, j) => {
    if (fi.stat === undefined) return;
    const st = meta.stats.features[fi.stat];
    if (!st) return;
    const { a, b } = scaleOf(st, method);
    for (let r = 0; r < raw.rows; r++) raw.features[r * nf + j] = (raw.features[r * nf + j]! - a) * b;
  });
  if (raw.task === 'regression' && meta.stats.targets) {
    const w = raw.targetWidth;
    meta.stats.targets.forEach((st, j) => {
      const { a, b } = scaleOf(st, method);
      for (let r = 0; r < raw.rows; r++) raw.targets[r * w + j] = (raw.targets[r * w + j]! - a) * b;
    });
  }
  const all = raw.splits.train;
  return { ...raw, stats: meta.stats, splits: { train: all, validation: new Int32Array(0), test: all } };
}

function remapClasses(p: PreparedData, classes: string[]): void {
  const from = p.classes!;
  if (p.task === 'binary') {
    const flip = from[1] !== classes[1];
    if (flip) for (let i = 0; i < p.targets.length; i++) p.targets[i] = 1 - p.targets[i]!;
  } else {
    const w = classes.length;
    const out = new Float32Array(p.rows * w);
    for (let r = 0; r < p.rows; r++)
      for (let c = 0; c < from.length; c++) if (p.targets[r * p.yWidth + c] === 1) out[r * w + classes.indexOf(from[c]!)] = 1;
    p.targets = out;
    p.yWidth = p.targetWidth = w;
  }
  p.classes = classes.slice();
}

/**
 * Puts the new rows' features in the run's layout: one-hot columns follow the training data's order of
 * categories, whatever order they first appear in here. Anything else that differs — a category the run
 * never saw, one these rows lack, a missing column — is an error naming it.
 */
function alignFeatures(p: PreparedData, meta: PreprocessingMeta): void {
  const runInfo = meta.featureInfo;
  const at = new Map(p.featureNames.map((n, j) => [n, j]));
  const missing = runInfo.filter((f) => !at.has(f.name)).map((f) => f.name);
  const runNames = new Set(meta.featureNames);
  const extra = p.featureNames.filter((n) => !runNames.has(n));
  if (missing.length || extra.length) {
    const unknown = p.featureInfo.filter((f) => f.kind === 'onehot' && !runNames.has(f.name) && runInfo.some((r) => r.source === f.source && r.kind === 'onehot'));
    if (!missing.length && unknown.length === extra.length)
      throw new DataError(`Categories the run never saw: ${unknown.slice(0, 8).map((f) => f.name).join(', ')}.`, { column: unknown[0]!.source });
    throw new DataError(
      `These rows do not give the features the run was trained on.${missing.length ? ` Missing: ${missing.slice(0, 8).join(', ')}.` : ''}${extra.length ? ` Not in the run: ${extra.slice(0, 8).join(', ')}.` : ''}`,
    );
  }
  const nf = runInfo.length;
  const from = p.nFeatures;
  const x = new Float32Array(p.rows * nf);
  runInfo.forEach((f, j) => {
    const k = at.get(f.name)!;
    for (let r = 0; r < p.rows; r++) x[r * nf + j] = p.features[r * from + k]!;
  });
  p.features = x;
  p.nFeatures = nf;
  p.featureNames = meta.featureNames.slice();
  p.featureInfo = runInfo.map((f) => ({ ...f }));
}
