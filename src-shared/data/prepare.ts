/**
 * Preparation: a Dataset + a DataPrep → one flat normalized feature matrix, per-row encoded targets,
 * and per split the start rows of its samples. Windows are views into the matrix, never copies.
 *
 * Order of work (each step uses only what is allowed to know):
 *  1. rows with a missing date, group or target are dropped; rows are sorted by group, then date;
 *  2. missing features: `drop` drops the row, `ffill` carries the last value forward within the group
 *     (rows still missing at a group's start are dropped), `mean` fills with the TRAIN split's mean;
 *  3. split: sequence mode cuts each group's rows chronologically into train | validation | test row
 *     ranges, and a window belongs to a split only if all its rows (inputs and target) lie inside that
 *     range, so every train window ends before any validation window starts; tabular mode shuffles
 *     rows with a seeded PRNG;
 *  4. normalization statistics (mean, population std, min, max) are fitted on the train rows only and
 *     applied to every split; regression targets too when `normalizeTarget`.
 *
 * Targets: regression → the target column(s) at each forecast step after the window's last step
 * (`horizonSteps`, else [horizon]: a direct multi-output forecast, target-major), expressed by the
 * window transform (window-transform.ts resolves it, the runtime's rules apply it per window in
 * buildBatch); classification → the label at the window's last step (horizon is not used);
 * tabular → the row's own target. Binary labels are 0/1 (classes[1] is the positive
 * class); multiclass labels are one-hot over `classes`.
 */
import { dataPrepSchema, datePartColumns, type ColumnType, type DataPrep, type DataPrepInput, type Normalization, type SplitFractions, type WindowTransform } from './spec';
import { historyRowsFor, outputNamesFor, resolveSteps, resolveWindowTransform } from './window-transform';
import { decodeWindowTargets, encodeWindowTargets, transformWindow, type WindowRule } from '../preprocess/runtime';
import { DataError } from './errors';
import { BOOL_MISSING } from './column';
import { composeDate } from './values';
import { getColumn, setColumnType, type Column, type Dataset } from './dataset';
import { fitText, readTextColumn, type PreparedText } from './prepare-text';
import type { TextSummary } from '../text/summary';
import type { Vocabulary } from '../text/vocabulary';

export type SplitName = 'train' | 'validation' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

export interface ColumnStats {
  /** Source column. */
  name: string;
  mean: number;
  /** Population standard deviation (ddof 0). */
  std: number;
  min: number;
  max: number;
  /** Non-missing training values the statistics come from. */
  count: number;
}

export interface FeatureInfo {
  /** Name in the matrix: the column, `column=value` for one-hot, `date:dow_sin` for derived date features. */
  name: string;
  source: string;
  /** token: position `position` of the text input's token ids (`${column}[${position}]`). */
  kind: 'numeric' | 'boolean' | 'onehot' | 'date' | 'token';
  position?: number;
  /** Index into NormalizationStats.features for normalized numeric features. */
  stat?: number;
  /** boolean: the training rows' mean, which replaces a missing value under the `mean` policy. */
  fill?: number;
}

/** A raw column the features, the date or the group are read from: its type for this preparation and the type inferred from the CSV. */
export interface SourceColumn {
  name: string;
  type: ColumnType;
  inferredType: ColumnType;
  /** Cells this type cannot read are missing (the user's "treat unparseable cells as missing"); absent = an error. */
  unparseableAsMissing?: boolean;
}

/** Serializable; stored with the project for training and export (apply the same transform at inference). */
export interface NormalizationStats {
  method: Normalization;
  /** One per numeric feature column, fitted on the training rows only. */
  features: ColumnStats[];
  /** Regression targets (same order as targetNames) when normalizeTarget; else null. */
  targets: ColumnStats[] | null;
}

export interface PreparedData {
  task: DataPrep['task'];
  mode: DataPrep['mode'];
  lookback: number;
  horizon: number;
  stride: number;
  features: Float32Array;
  featureInfo: FeatureInfo[];
  featureNames: string[];
  nFeatures: number;
  /** Rows in the matrix (after dropping and sorting). */
  rows: number;
  /** Per matrix row, its encoded target: regression values (normalized when stats.targets), 0/1, or one-hot; `targetWidth` per row. */
  targets: Float32Array;
  /** Values per row in `targets`: the target columns (regression), 1 (binary) or the classes (multiclass). */
  targetWidth: number;
  /** Model outputs per sample: targets × steps (regression), 1 (binary) or the classes (multiclass). */
  yWidth: number;
  targetNames: string[];
  /** Sequence regression: how windows and targets are expressed (resolved; never 'auto'), and why. */
  windowTransform: WindowTransform;
  windowTransformReason: string;
  /** window-mean: also divided by the window's std. */
  windowScale: boolean;
  /** Forecast steps ahead of the window's last row, ascending ([horizon] for one step; [0] for classification and tabular). */
  steps: number[];
  /** One name per model output, target-major (`${target} t+${step}`; the target's name alone with one step). */
  outputNames: string[];
  /** Classification labels (binary: [negative, positive]); null for regression. */
  classes: string[] | null;
  /** The (first step's) target of the sample starting at row s is at row s + targetOffset; its window's last row is s + lookback − 1. */
  targetOffset: number;
  /** Sample start rows per split (sequence: window starts; tabular: rows). */
  splits: Record<SplitName, Int32Array>;
  /**
   * Row ranges of the splits per group (sequence mode), for plots and checks. `blocks` are the exact
   * contiguous row blocks of each split (one per split when chronological; several with
   * stratified-blocks, where `ranges` is the span from a split's first block to its last).
   */
  groups: { name: string; start: number; end: number; ranges: Record<SplitName, [number, number]>; blocks: Record<SplitName, [number, number][]> }[];
  /** How sequence rows were cut into splits. */
  splitStrategy: DataPrep['splitStrategy'];
  /** Season length in steps for the seasonal-naive baseline and MASE, and where it comes from; null = none. */
  seasonalPeriod: number | null;
  seasonalPeriodSource: 'user' | 'date' | null;
  /** The date column's typical step (hourly, daily, weekly, monthly, quarterly) when recognizable. */
  frequency: string | null;
  /** Classification: samples per class (in `classes` order) per split; null for regression. */
  classCounts: Record<SplitName, number[]> | null;
  /** Dataset row index of each matrix row. */
  rowIndex: Int32Array;
  /** The date column's value (epoch ms) of each matrix row; null without a date column. */
  rowDates: Float64Array | null;
  stats: NormalizationStats;
  /** How raw values are read at inference: the types of the columns read, and the CSV's decimal comma. */
  columns: SourceColumn[];
  decimalComma: boolean;
  /** The text input (DataPrep.text): options, the training vocabulary and its summary; null without one. */
  text: PreparedText | null;
  warnings: string[];
}

/** JSON-able summary for the Data tab and the project file. */
export interface PreparedSummary {
  task: DataPrep['task'];
  mode: DataPrep['mode'];
  inputShape: number[];
  outputUnits: number;
  featureNames: string[];
  /** Each feature's source column and encoding (numeric, boolean, one-hot, date). */
  featureInfo: FeatureInfo[];
  targetNames: string[];
  windowTransform: WindowTransform;
  windowTransformReason: string;
  windowScale: boolean;
  steps: number[];
  outputNames: string[];
  classes: string[] | null;
  rows: number;
  samples: Record<SplitName, number>;
  /** Classification: samples per class per split (in `classes` order); null for regression. */
  classCounts: Record<SplitName, number[]> | null;
  splitStrategy: DataPrep['splitStrategy'];
  seasonalPeriod: number | null;
  stats: NormalizationStats;
  columns: SourceColumn[];
  decimalComma: boolean;
  /** The text input: its options (length resolved) and what the Data tab shows; null without one. */
  text: { options: PreparedText['options'] } & TextSummary | null;
  warnings: string[];
}

export function preparedSummary(p: PreparedData): PreparedSummary {
  return {
    task: p.task,
    mode: p.mode,
    inputShape: inputShapeFor(p),
    outputUnits: p.yWidth,
    featureNames: p.featureNames,
    featureInfo: p.featureInfo,
    targetNames: p.targetNames,
    windowTransform: p.windowTransform,
    windowTransformReason: p.windowTransformReason,
    windowScale: p.windowScale,
    steps: p.steps,
    outputNames: p.outputNames,
    classes: p.classes,
    rows: p.rows,
    samples: { train: p.splits.train.length, validation: p.splits.validation.length, test: p.splits.test.length },
    classCounts: p.classCounts,
    splitStrategy: p.splitStrategy,
    seasonalPeriod: p.seasonalPeriod,
    stats: p.stats,
    columns: p.columns,
    decimalComma: p.decimalComma,
    text: p.text ? { options: p.text.options, ...p.text.summary } : null,
    warnings: p.warnings,
  };
}

/** `[lookback, nFeatures]` in sequence mode, `[nFeatures]` in tabular mode (no batch dimension). */
export function inputShapeFor(p: Pick<PreparedData, 'mode' | 'lookback' | 'nFeatures'>): number[] {
  return p.mode === 'sequence' ? [p.lookback, p.nFeatures] : [p.nFeatures];
}

// ---- helpers ----

/** mulberry32: a small seeded PRNG, identical everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function numericValues(col: Column): Float64Array {
  const d = col.data;
  if (d.kind === 'float64') return d.values;
  if (d.kind === 'bool') {
    const out = new Float64Array(d.values.length);
    for (let i = 0; i < out.length; i++) out[i] = d.values[i] === BOOL_MISSING ? NaN : d.values[i]!;
    return out;
  }
  const out = new Float64Array(d.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = d.codes[i]! < 0 ? NaN : d.codes[i]!;
  return out;
}

/** Label text per dataset row (classification targets, group names). */
function labelOf(col: Column): (i: number) => string | null {
  const d = col.data;
  if (d.kind === 'dict') return (i) => (d.codes[i]! < 0 ? null : d.categories[d.codes[i]!]!);
  if (d.kind === 'bool') return (i) => (d.values[i] === BOOL_MISSING ? null : d.values[i] ? 'true' : 'false');
  return (i) => (Number.isNaN(d.values[i]!) ? null : String(d.values[i]));
}

function fitStats(name: string, v: Float64Array, rows: ArrayLike<number>): ColumnStats {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < rows.length; k++) {
    const x = v[rows[k]!]!;
    if (x !== x) continue;
    count++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = count ? sum / count : 0;
  let ss = 0;
  for (let k = 0; k < rows.length; k++) {
    const x = v[rows[k]!]!;
    if (x === x) ss += (x - mean) * (x - mean);
  }
  return { name, mean, std: count ? Math.sqrt(ss / count) : 0, min: count ? min : 0, max: count ? max : 0, count };
}

/** (x - a) * b for the chosen method; constant columns map to 0. */
export function scaleOf(s: ColumnStats, method: Normalization): { a: number; b: number } {
  if (method === 'zscore') return { a: s.mean, b: s.std > 0 ? 1 / s.std : 1 };
  if (method === 'minmax') return { a: s.min, b: s.max > s.min ? 1 / (s.max - s.min) : 1 };
  return { a: 0, b: 1 };
}

const DAY_MS = 86_400_000;

/** The typical step of sorted dates (median gap within groups) as a name and its season length. */
export function inferFrequency(dates: ArrayLike<number>, sameSeries: (k: number) => boolean = () => true): { frequency: string; period: number | null } | null {
  const gaps: number[] = [];
  for (let k = 1; k < dates.length; k++) {
    const g = dates[k]! - dates[k - 1]!;
    if (sameSeries(k) && g > 0 && Number.isFinite(g)) gaps.push(g);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const med = gaps[Math.floor(gaps.length / 2)]!;
  const near = (target: number, tol: number): boolean => Math.abs(med - target) <= tol;
  if (near(3_600_000, 60_000)) return { frequency: 'hourly', period: 24 };
  if (near(DAY_MS, 3_600_000)) return { frequency: 'daily', period: 7 };
  if (near(7 * DAY_MS, 3_600_000)) return { frequency: 'weekly', period: 52 };
  if (med >= 28 * DAY_MS - 3_600_000 && med <= 31 * DAY_MS + 3_600_000) return { frequency: 'monthly', period: 12 };
  if (med >= 89 * DAY_MS - 3_600_000 && med <= 92 * DAY_MS + 3_600_000) return { frequency: 'quarterly', period: 4 };
  return { frequency: 'irregular', period: null };
}

/** Number formatting for warnings: 4 significant digits, no exponent for everyday magnitudes. */
function fmtWarn(x: number): string {
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e7 ? String(Number(x.toPrecision(4))) : x.toPrecision(4);
}

/** Chunks per group before merging (upper bound) for the stratified-blocks split. */
export const STRATIFIED_CHUNKS = 20;

/**
 * The stratified-blocks split of sequence rows: each group is cut into up to STRATIFIED_CHUNKS
 * contiguous chunks (each at least two windows long); chunks are assigned to the splits in
 * class-balanced segments (train, validation, test chunks in time order within each segment, in the
 * requested proportions); then pairs of chunks swap splits (which keeps the proportions) while that
 * puts a missing class into a split without taking it from another. Adjacent chunks of one split are
 * merged into a block. A window belongs to a split only when all its rows lie inside one of the split's
 * blocks, so no window crosses a split boundary (leakage-free), but a training block can come after a
 * test block: the test data is no longer strictly the latest period.
 *
 * `classOf(row)` is the class code of the sample whose target is at `row`.
 */
export function stratifiedBlocks(
  groupRanges: readonly { start: number; end: number }[],
  span: number,
  stride: number,
  targetOffset: number,
  frac: SplitFractions,
  classOf: (row: number) => number,
  nClasses: number,
): { blocks: Record<SplitName, [number, number][]>[]; missing: { split: SplitName; cls: number }[] } {
  type Chunk = { g: number; start: number; end: number };
  const chunks: Chunk[] = [];
  const assign: SplitName[] = [];
  groupRanges.forEach((g, gi) => {
    const len = g.end - g.start;
    const size = Math.max(2 * span, Math.ceil(len / STRATIFIED_CHUNKS));
    const n = Math.max(1, Math.floor(len / size));
    const nTest = frac.test > 0 ? Math.max(1, Math.round(n * frac.test)) : 0;
    const nVal = frac.validation > 0 ? Math.max(1, Math.round(n * frac.validation)) : 0;
    const nTrain = n - nTest - nVal;
    if (nTrain < 1) {
      // too short to interleave: one chronological cut, like the default strategy
      const a = g.start + Math.floor(len * frac.train + 1e-9);
      const b = a + Math.floor(len * frac.validation + 1e-9);
      chunks.push({ g: gi, start: g.start, end: a }, { g: gi, start: a, end: b }, { g: gi, start: b, end: g.end });
      assign.push('train', 'validation', 'test');
      return;
    }
    const segs = Math.max(1, Math.min(nVal || Infinity, nTest || Infinity, nTrain));
    const share = (total: number, j: number): number => Math.floor(((j + 1) * total) / segs) - Math.floor((j * total) / segs);
    const order: SplitName[] = [];
    for (let j = 0; j < segs; j++) {
      for (let i = 0; i < share(nTrain, j); i++) order.push('train');
      for (let i = 0; i < share(nVal, j); i++) order.push('validation');
      for (let i = 0; i < share(nTest, j); i++) order.push('test');
    }
    for (let c = 0; c < n; c++) {
      chunks.push({ g: gi, start: g.start + c * size, end: c === n - 1 ? g.end : g.start + (c + 1) * size });
      assign.push(order[c]!);
    }
  });
  const blocksOf = (as: readonly SplitName[]): Record<SplitName, [number, number][]>[] => {
    const out = groupRanges.map(() => ({ train: [], validation: [], test: [] }) as Record<SplitName, [number, number][]>);
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c]!;
      if (ch.end <= ch.start) continue;
      const list = out[ch.g]![as[c]!];
      const last = list[list.length - 1];
      if (last && last[1] === ch.start) last[1] = ch.end;
      else list.push([ch.start, ch.end]);
    }
    return out;
  };
  const counts = (as: readonly SplitName[]): Record<SplitName, number[]> => {
    const cnt: Record<SplitName, number[]> = { train: new Array(nClasses).fill(0), validation: new Array(nClasses).fill(0), test: new Array(nClasses).fill(0) };
    for (const g of blocksOf(as))
      for (const sp of SPLITS) for (const [a, b] of g[sp]) for (let st = a; st + span <= b; st += stride) cnt[sp][classOf(st + targetOffset)]!++;
    return cnt;
  };
  const wanted = (sp: SplitName): boolean => (sp === 'train' ? true : frac[sp] > 0);
  // Swaps are judged on the windows that lie inside one chunk (a lower bound of what merged blocks give),
  // so each trial is O(classes) instead of a recount.
  const perChunk = chunks.map((ch) => {
    const cnt = new Array<number>(nClasses).fill(0);
    for (let st = ch.start; st + span <= ch.end; st += stride) cnt[classOf(st + targetOffset)]!++;
    return cnt;
  });
  const bySplit: Record<SplitName, number[]> = { train: new Array(nClasses).fill(0), validation: new Array(nClasses).fill(0), test: new Array(nClasses).fill(0) };
  chunks.forEach((_, c) => perChunk[c]!.forEach((x, k) => (bySplit[assign[c]!][k]! += x)));
  const gain = (k: number, j: number): number => {
    // chunk k (split X) and chunk j (split Y) trade places: X − k + j, Y − j + k
    const X = assign[k]!;
    const Y = assign[j]!;
    let d = 0;
    for (let c = 0; c < nClasses; c++) {
      const x0 = bySplit[X][c]!;
      const y0 = bySplit[Y][c]!;
      const x1 = x0 - perChunk[k]![c]! + perChunk[j]![c]!;
      const y1 = y0 - perChunk[j]![c]! + perChunk[k]![c]!;
      if (wanted(X)) d += (x1 > 0 ? 1 : 0) - (x0 > 0 ? 1 : 0);
      if (wanted(Y)) d += (y1 > 0 ? 1 : 0) - (y0 > 0 ? 1 : 0);
    }
    return d;
  };
  for (let iter = 0; iter < 200; iter++) {
    let done = false;
    for (const sp of SPLITS) {
      if (!wanted(sp) || done) continue;
      for (let cls = 0; cls < nClasses && !done; cls++) {
        if (bySplit[sp][cls]! > 0) continue;
        // donors: chunks of other splits holding the class; receivers: chunks of the split that lacks it
        for (let k = 0; k < chunks.length && !done; k++) {
          if (assign[k] === sp || perChunk[k]![cls]! === 0) continue;
          for (let j = 0; j < chunks.length; j++) {
            if (assign[j] !== sp || gain(k, j) <= 0) continue;
            const X = assign[k]!;
            for (let c = 0; c < nClasses; c++) {
              bySplit[X][c]! += perChunk[j]![c]! - perChunk[k]![c]!;
              bySplit[sp][c]! += perChunk[k]![c]! - perChunk[j]![c]!;
            }
            assign[k] = sp;
            assign[j] = X;
            done = true;
            break;
          }
        }
      }
    }
    if (!done) break;
  }
  const cnt = counts(assign);
  const missing = SPLITS.flatMap((sp) => (wanted(sp) ? cnt[sp].flatMap((x, c) => (x === 0 ? [{ split: sp, cls: c }] : [])) : []));
  return { blocks: blocksOf(assign), missing };
}

const MAX_ONE_HOT = 256;
const MAX_CLASSES = 1000;
/** Validation/test targets beyond the training range by more than this share of it are warned about. */
export const OUT_OF_RANGE_TOLERANCE = 0.05;

// ---- prepare ----

/** The row dates composed from year/month/day(/hour) columns (NaN where a part is missing); an impossible date is an error naming row and columns. */
function composedDates(parts: Column[], n: number): Float64Array {
  const v = parts.map((c) => numericValues(c));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ms = composeDate(v[0]![i]!, v[1]![i]!, v[2]![i]!, v[3] ? v[3][i]! : 0);
    if (typeof ms === 'string')
      throw new DataError(`Row ${i + 1}, date from columns ${parts.map((c) => `"${c.name}"`).join(', ')}: ${ms}.`, { row: i + 1, column: parts[0]!.name });
    out[i] = ms;
  }
  return out;
}

/**
 * `fixed.vocabulary`: encode the text input with this vocabulary (a finished run's, when new rows are
 * prepared the way the run saw its data) instead of building one on the training split.
 */
export function prepare(dataset: Dataset, prepInput: DataPrep | DataPrepInput, fixed: { vocabulary?: Vocabulary } = {}): PreparedData {
  const parsed = dataPrepSchema.safeParse(prepInput);
  if (!parsed.success) throw new DataError(`Invalid data preparation: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'prep'}: ${i.message}`).join('; ')}`);
  const prep = parsed.data;
  const warnings: string[] = [];
  let ds = dataset;
  for (const [name, type] of Object.entries(prep.columnTypes)) ds = setColumnType(ds, name, type, { coerce: prep.unparseableAsMissing.includes(name) });

  // -- validate columns --
  if (prep.targets.length === 0) throw new DataError('No target column selected.');
  if (prep.dateColumn !== undefined && prep.dateParts !== undefined)
    throw new DataError(`Choose either a date column ("${prep.dateColumn}") or a date from year/month/day columns, not both.`, { column: prep.dateColumn });
  const textOpt = prep.text ?? null;
  if (textOpt) {
    if (prep.mode !== 'tabular')
      throw new DataError(`The text input "${textOpt.column}" needs tabular mode (one text per sample); switch the mode to tabular.`, { column: textOpt.column });
    const others = prep.features.filter((f) => f !== textOpt.column);
    if (others.length)
      throw new DataError(
        `The text input "${textOpt.column}" is the model's only input (one text column per preparation); remove the other feature column${others.length > 1 ? 's' : ''} (${others.map((f) => `"${f}"`).join(', ')}).`,
        { column: others[0]! },
      );
    if (prep.targets.includes(textOpt.column))
      throw new DataError(`Column "${textOpt.column}" is both the target and the text input.`, { column: textOpt.column });
    if (prep.dateFeatures.dayOfWeek || prep.dateFeatures.month) throw new DataError('Date features cannot be combined with a text input (v1: the text is the only input).');
  }
  if (!textOpt && prep.features.length === 0 && !((prep.dateColumn || prep.dateParts) && (prep.dateFeatures.dayOfWeek || prep.dateFeatures.month)))
    throw new DataError('No feature columns selected.');
  if (new Set(prep.features).size !== prep.features.length) throw new DataError('A feature column is listed twice.');
  const isClass = prep.task !== 'regression';
  if (isClass && prep.targets.length !== 1) throw new DataError(`${prep.task === 'binary' ? 'Binary' : 'Multi-class'} classification needs exactly one target column.`);
  const targetCols = prep.targets.map((t) => getColumn(ds, t));
  const featureCols = prep.features.filter((f) => f !== textOpt?.column).map((f) => getColumn(ds, f));
  const textCol = textOpt ? getColumn(ds, textOpt.column) : null;
  const textTokens = textCol ? readTextColumn(textCol, textOpt!, warnings) : null;
  for (const t of prep.targets) {
    if (!prep.features.includes(t)) continue;
    if (prep.mode === 'tabular')
      throw new DataError(`Column "${t}" is both the target and a feature: in tabular mode the model would see the answer. Remove it from the features.`, { column: t });
    if (isClass)
      throw new DataError(
        `Column "${t}" is both the target and a feature: the label at the window's last step would be part of the input. Remove it from the features.`,
        { column: t },
      );
  }
  const dateCol = prep.dateColumn ? getColumn(ds, prep.dateColumn) : null;
  if (dateCol && dateCol.data.kind !== 'float64') throw new DataError(`Column "${dateCol.name}" is ${dateCol.type}, not a date; set its type to date to sort by it.`, { column: dateCol.name });
  if (dateCol && dateCol.type !== 'date' && dateCol.type !== 'datetime')
    warnings.push(`Rows are sorted by "${dateCol.name}", a ${dateCol.type} column; date features assume epoch milliseconds.`);
  const partCols = prep.dateParts ? datePartColumns(prep.dateParts).map((c) => getColumn(ds, c)) : [];
  for (const c of partCols)
    if (c.data.kind !== 'float64' || c.type === 'date' || c.type === 'datetime')
      throw new DataError(`Date part column "${c.name}" is ${c.type}; year, month, day and hour columns must hold integers.`, { column: c.name });
  /** The column date features name as their source: the date column, or the year column of the date parts. */
  const dateSource = dateCol ?? partCols[0] ?? null;
  if ((prep.dateFeatures.dayOfWeek || prep.dateFeatures.month) && !dateSource) throw new DataError('Date features need a date column.');
  const groupCol = prep.groupColumn ? getColumn(ds, prep.groupColumn) : null;
  for (const t of targetCols) {
    if (prep.task === 'regression' && t.data.kind !== 'float64' && t.data.kind !== 'bool')
      throw new DataError(`Target "${t.name}" is ${t.type}; regression needs a numeric target. Choose classification or another column.`, { column: t.name });
    if (prep.task === 'regression' && (t.type === 'date' || t.type === 'datetime'))
      throw new DataError(`Target "${t.name}" is a date; regression needs a numeric target.`, { column: t.name });
  }

  // -- features layout --
  type Src = { col: Column; kind: 'numeric' | 'boolean' | 'onehot'; values: Float64Array; cats?: string[] };
  const srcs: Src[] = [];
  for (const c of featureCols) {
    if (c === dateCol || c.type === 'date' || c.type === 'datetime')
      throw new DataError(`Column "${c.name}" is a date; use it as the date column with day-of-week/month features instead of as a feature.`, { column: c.name });
    if (c.type === 'text')
      throw new DataError(
        `Column "${c.name}" is free text (${c.profile.distinct} distinct values) and cannot be a numeric feature: make it the text input (tokenized into word ids), set its type to category to one-hot encode it, or leave it out.`,
        { column: c.name },
      );
    if (c.type === 'number' || c.type === 'integer') srcs.push({ col: c, kind: 'numeric', values: numericValues(c) });
    else if (c.type === 'boolean') srcs.push({ col: c, kind: 'boolean', values: numericValues(c) });
    else {
      const d = c.data;
      const cats = d.kind === 'dict' ? d.categories : [];
      if (cats.length > MAX_ONE_HOT)
        throw new DataError(`Column "${c.name}" has ${cats.length} categories; one-hot encoding supports at most ${MAX_ONE_HOT}.`, { column: c.name });
      srcs.push({ col: c, kind: 'onehot', values: numericValues(c), cats });
    }
  }

  // -- row filter and order --
  const n = ds.rowCount;
  const dateV = dateCol ? (dateCol.data as { values: Float64Array }).values : partCols.length ? composedDates(partCols, n) : null;
  const groupLabel = groupCol ? labelOf(groupCol) : null;
  const targetV = targetCols.map((t) => numericValues(t));
  let order: number[] = [];
  let droppedKey = 0;
  for (let i = 0; i < n; i++) {
    if (dateV && Number.isNaN(dateV[i]!)) {
      droppedKey++;
      continue;
    }
    if (groupLabel && groupLabel(i) === null) {
      droppedKey++;
      continue;
    }
    if (textTokens && textTokens[i] === null) continue; // warned about by readTextColumn
    order.push(i);
  }
  if (droppedKey) warnings.push(`${droppedKey} row${droppedKey > 1 ? 's' : ''} without a date or group value dropped.`);
  const gkey = groupLabel ? order.map((i) => groupLabel(i)!) : null;
  let needSort = false;
  if (gkey || dateV) {
    for (let k = 1; k < order.length && !needSort; k++) {
      const a = order[k - 1]!;
      const b = order[k]!;
      if (gkey && gkey[k - 1]! !== gkey[k]!) {
        if (gkey[k - 1]! > gkey[k]!) needSort = true;
      } else if (dateV && dateV[a]! > dateV[b]!) needSort = true;
    }
  }
  if (needSort) {
    const keyOf = new Map<number, string>();
    if (gkey) order.forEach((i, k) => keyOf.set(i, gkey[k]!));
    order = order.slice().sort((a, b) => {
      if (gkey) {
        const ga = keyOf.get(a)!;
        const gb = keyOf.get(b)!;
        if (ga !== gb) return ga < gb ? -1 : 1;
      }
      if (dateV && dateV[a] !== dateV[b]) return dateV[a]! - dateV[b]!;
      return a - b;
    });
  }
  const groupOfRow = (i: number): string => (groupLabel ? groupLabel(i)! : '');
  if (dateV && !groupLabel) {
    for (let k = 1; k < order.length; k++)
      if (dateV[order[k]!] === dateV[order[k - 1]!]) {
        warnings.push(`Several rows share the date of row ${order[k]! + 1}; with no group column they are treated as consecutive steps.`);
        break;
      }
  }

  // -- missing values --
  const usedVals = srcs.map((s) => s.values);
  // Work on ordered copies so ffill does not touch the dataset.
  const ordered = (v: Float64Array): Float64Array => {
    const out = new Float64Array(order.length);
    for (let k = 0; k < order.length; k++) out[k] = v[order[k]!]!;
    return out;
  };
  let featV = usedVals.map(ordered);
  let targV = targetV.map(ordered);
  let rowIdx = Int32Array.from(order);
  let groupName = order.map(groupOfRow);
  if (prep.missing === 'ffill') {
    for (const v of [...featV, ...targV])
      for (let k = 1; k < v.length; k++) if (Number.isNaN(v[k]!) && groupName[k] === groupName[k - 1]) v[k] = v[k - 1]!;
  }
  const keep = new Uint8Array(order.length);
  let kept = 0;
  let droppedMissing = 0;
  let firstDropped = -1;
  for (let k = 0; k < order.length; k++) {
    let ok = true;
    for (const v of targV) if (Number.isNaN(v[k]!)) ok = false;
    if (ok && prep.missing !== 'mean') for (const v of featV) if (Number.isNaN(v[k]!)) ok = false;
    keep[k] = ok ? 1 : 0;
    if (ok) kept++;
    else {
      droppedMissing++;
      if (firstDropped < 0) firstDropped = rowIdx[k]!;
    }
  }
  if (droppedMissing) {
    warnings.push(
      `${droppedMissing} row${droppedMissing > 1 ? 's' : ''} with missing values dropped (first: row ${firstDropped + 1})` +
        (prep.mode === 'sequence' && prep.missing === 'drop' ? '; dropped rows leave gaps inside windows, consider forward-fill.' : '.'),
    );
    const compact = (v: Float64Array): Float64Array => {
      const out = new Float64Array(kept);
      for (let k = 0, j = 0; k < v.length; k++) if (keep[k]) out[j++] = v[k]!;
      return out;
    };
    featV = featV.map(compact);
    targV = targV.map(compact);
    const ri = new Int32Array(kept);
    const gn: string[] = [];
    for (let k = 0, j = 0; k < keep.length; k++)
      if (keep[k]) {
        ri[j++] = rowIdx[k]!;
        gn.push(groupName[k]!);
      }
    rowIdx = ri;
    groupName = gn;
  }
  const rows = rowIdx.length;
  if (rows === 0) throw new DataError('No rows are left after dropping rows with missing values.');

  // -- group ranges --
  const groupRanges: { name: string; start: number; end: number }[] = [];
  for (let k = 0; k < rows; k++) {
    if (k === 0 || groupName[k] !== groupName[k - 1]) groupRanges.push({ name: groupName[k]!, start: k, end: k + 1 });
    else groupRanges[groupRanges.length - 1]!.end = k + 1;
  }

  // -- seasonal period: the user's, else from the date column's frequency --
  const seq = prep.mode === 'sequence';
  const freq = dateV ? inferFrequency(Array.from(rowIdx, (i) => dateV[i]!), (k) => groupName[k] === groupName[k - 1]) : null;
  const seasonalPeriod = !seq ? null : (prep.seasonalPeriod ?? freq?.period ?? null);
  const seasonalPeriodSource: PreparedData['seasonalPeriodSource'] = !seq ? null : prep.seasonalPeriod !== undefined ? 'user' : seasonalPeriod !== null ? 'date' : null;

  // -- classification labels (needed by the stratified split) --
  let classes: string[] | null = null;
  const rowLabel: string[] = [];
  const codeOf = new Map<string, number>();
  if (isClass) {
    const t = targetCols[0]!;
    const label = labelOf(t);
    const labels: string[] = [];
    for (let r = 0; r < rows; r++) {
      // a label missing in the data was forward-filled (missing: ffill) within its group: the row above's
      const l = label(rowIdx[r]!) ?? rowLabel[r - 1]!;
      rowLabel.push(l);
      if (!codeOf.has(l)) {
        codeOf.set(l, labels.length);
        labels.push(l);
      }
    }
    if (labels.length > MAX_CLASSES) throw new DataError(`Target "${t.name}" has ${labels.length} distinct values; classification supports at most ${MAX_CLASSES} classes.`, { column: t.name });
    const numeric = t.data.kind === 'float64';
    labels.sort(numeric ? (a, b) => +a - +b : t.type === 'boolean' ? (a, b) => (a === 'false' ? -1 : b === 'false' ? 1 : 0) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    labels.forEach((l, i) => codeOf.set(l, i));
    if (labels.length < 2)
      throw new DataError(`Target "${t.name}" has only one class ("${labels[0]}"); classification needs at least two.`, { column: t.name });
    if (prep.task === 'binary' && labels.length > 2)
      throw new DataError(`Target "${t.name}" has ${labels.length} classes (${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ', …' : ''}); choose multi-class classification.`, {
        column: t.name,
      });
    classes = labels;
  }
  const stratified = seq && prep.splitStrategy === 'stratified-blocks';
  if (stratified && !isClass)
    throw new DataError('The stratified-blocks split keeps every class in every split; it needs a classification task. Use the chronological split for regression.');
  if (!seq && prep.splitStrategy === 'stratified-blocks') warnings.push('Tabular mode shuffles rows into the splits; the stratified-blocks split strategy applies to sequence mode only and is ignored.');

  // -- splits --
  const requestedSteps = resolveSteps(prep); // refuses a step list where it cannot apply
  /** Forecast steps after a window's last row; [0] where the target is the window's (classification) or the row's own (tabular). */
  const steps = seq && !isClass ? requestedSteps : [0];
  const wt = resolveWindowTransform(prep, seasonalPeriod);
  /** Rows of history before a window's first row that a differencing transform reads (inside the same split block). */
  const pre = historyRowsFor(wt.transform, seasonalPeriod);
  const targetOffset = seq ? prep.lookback - 1 + steps[0]! : 0;
  /** Rows from a window's first row to its last target. */
  const span = seq ? prep.lookback + steps[steps.length - 1]! : 1;
  const frac = prep.split;
  const starts: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  const trainRows: number[] = [];
  const groups: PreparedData['groups'] = [];
  const lookbackLong: { name: string; trainLen: number }[] = [];
  if (seq) {
    const strat = stratified
      ? stratifiedBlocks(groupRanges, span, prep.stride, targetOffset, frac, (r) => codeOf.get(rowLabel[r]!)!, classes!.length)
      : null;
    groupRanges.forEach((g, gi) => {
      let blocks: Record<SplitName, [number, number][]>;
      if (strat) blocks = strat.blocks[gi]!;
      else {
        const len = g.end - g.start;
        const nTrain = Math.floor(len * frac.train + 1e-9);
        const nVal = Math.floor(len * frac.validation + 1e-9);
        blocks = {
          train: [[g.start, g.start + nTrain]],
          validation: [[g.start + nTrain, g.start + nTrain + nVal]],
          test: [[g.start + nTrain + nVal, g.end]],
        };
      }
      const hull = (list: [number, number][], at: number): [number, number] => (list.length ? [list[0]![0], list[list.length - 1]![1]] : [at, at]);
      const ranges: Record<SplitName, [number, number]> = {
        train: hull(blocks.train, g.start),
        validation: hull(blocks.validation, blocks.train.length ? hull(blocks.train, g.start)[1] : g.start),
        test: hull(blocks.test, g.end),
      };
      for (const sp of SPLITS)
        for (const [a, b] of blocks[sp]) for (let s = a + pre; s + span <= b; s += prep.stride) starts[sp].push(s);
      for (const [a, b] of blocks.train) for (let r = a; r < b; r++) trainRows.push(r);
      groups.push({ ...g, ranges, blocks });
      // a window as long as a large share of the training history leaves few distinct windows to learn from
      const trainLen = blocks.train.reduce((t, [a, b]) => t + b - a, 0);
      if (trainLen >= span && prep.lookback * 3 > trainLen)
        lookbackLong.push({ name: g.name, trainLen });
    });
    if (strat) for (const sp of SPLITS) starts[sp].sort((a, b) => a - b);
    if (lookbackLong.length) {
      const f = lookbackLong[0]!;
      warnings.push(
        `The window (lookback ${prep.lookback}) is longer than a third of the training rows` +
          (groupRanges.length > 1 ? ` in ${lookbackLong.length} group${lookbackLong.length > 1 ? 's' : ''} (e.g. "${f.name}": ${f.trainLen} rows)` : ` (${f.trainLen} rows)`) +
          `: the training windows overlap heavily and the model sees few independent stretches of history. Use a shorter lookback or more data.`,
      );
    }
    if (strat && strat.missing.length) {
      const m = strat.missing.map((x) => `"${classes![x.cls]}" in ${x.split}`);
      warnings.push(`The stratified-blocks split could not put every class in every split (${m.join(', ')} missing): the class occurs in too few places.`);
    }
    if (stratified)
      warnings.push('Stratified-blocks split: the splits are interleaved blocks, so the test data is not strictly the latest period (training blocks can come after test blocks).');
    const total = starts.train.length + starts.validation.length + starts.test.length;
    const longest = Math.max(...groupRanges.map((g) => g.end - g.start));
    if (total === 0 || starts.train.length === 0) {
      const need = `one window needs ${pre ? `${pre} row${pre > 1 ? 's' : ''} of history (${wt.transform}) + ` : ''}lookback ${prep.lookback}${isClass ? '' : ` + ${steps.length > 1 ? 'last step' : 'horizon'} ${steps[steps.length - 1]}`} = ${span + pre} rows`;
      if (longest < span + pre)
        throw new DataError(`Too few rows for one window: ${groupRanges.length > 1 ? 'the longest group has' : 'there are'} ${longest} rows but ${need}.`);
      throw new DataError(
        `The training split is too short for one window: ${Math.floor(longest * frac.train + 1e-9)} training rows but ${need}. Use a longer training split or a shorter lookback.`,
      );
    }
    for (const sp of ['validation', 'test'] as const)
      if (frac[sp] > 0 && starts[sp].length === 0) warnings.push(`The ${sp} split is shorter than one window (${span + pre} rows) and has no samples.`);
    const short = groupRanges.filter((g) => g.end - g.start < span + pre);
    if (short.length) warnings.push(`${short.length} group${short.length > 1 ? 's are' : ' is'} shorter than one window and give no samples (e.g. "${short[0]!.name}").`);
  } else {
    const perm = Array.from({ length: rows }, (_, i) => i);
    const rnd = mulberry32(prep.shuffleSeed);
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const nTrain = Math.floor(rows * frac.train + 1e-9);
    const nVal = Math.floor(rows * frac.validation + 1e-9);
    starts.train = perm.slice(0, nTrain);
    starts.validation = perm.slice(nTrain, nTrain + nVal);
    starts.test = perm.slice(nTrain + nVal);
    if (nTrain === 0) throw new DataError(`Too few rows: ${rows} rows leave no training samples.`);
    trainRows.push(...starts.train);
    for (const g of groupRanges) groups.push({ ...g, ranges: { train: [0, 0], validation: [0, 0], test: [0, 0] }, blocks: { train: [], validation: [], test: [] } });
  }

  // -- statistics on train rows only --
  const method = prep.normalization;
  const featureStats: ColumnStats[] = [];
  const featureInfo: FeatureInfo[] = [];
  for (const s of srcs) {
    if (s.kind === 'numeric') {
      featureInfo.push({ name: s.col.name, source: s.col.name, kind: 'numeric', stat: featureStats.length });
      featureStats.push(fitStats(s.col.name, featV[srcs.indexOf(s)]!, trainRows));
    } else if (s.kind === 'boolean')
      featureInfo.push({ name: s.col.name, source: s.col.name, kind: 'boolean', fill: fitStats(s.col.name, featV[srcs.indexOf(s)]!, trainRows).mean });
    else for (const c of s.cats!) featureInfo.push({ name: `${s.col.name}=${c}`, source: s.col.name, kind: 'onehot' });
  }
  const textFit = textCol ? fitText(textCol, textOpt!, textTokens!, rowIdx, starts, fixed.vocabulary) : null;
  if (textFit) {
    warnings.push(...textFit.text.summary.warnings);
    for (let i = 0; i < textFit.text.options.sequenceLength; i++) featureInfo.push({ name: `${textCol!.name}[${i}]`, source: textCol!.name, kind: 'token', position: i });
  }
  if (dateSource && prep.dateFeatures.dayOfWeek)
    featureInfo.push({ name: 'date:dow_sin', source: dateSource.name, kind: 'date' }, { name: 'date:dow_cos', source: dateSource.name, kind: 'date' });
  if (dateSource && prep.dateFeatures.month)
    featureInfo.push({ name: 'date:month_sin', source: dateSource.name, kind: 'date' }, { name: 'date:month_cos', source: dateSource.name, kind: 'date' });
  const nF = featureInfo.length;

  // -- feature matrix --
  const X = new Float32Array(rows * nF);
  let col = 0;
  srcs.forEach((s, si) => {
    const v = featV[si]!;
    if (s.kind === 'numeric') {
      const st = featureStats[featureInfo[col]!.stat!]!;
      if (st.count === 0) throw new DataError(`Column "${s.col.name}" has no values in the training split.`, { column: s.col.name });
      const { a, b } = scaleOf(st, method);
      if (method !== 'none' && ((method === 'zscore' && st.std === 0) || (method === 'minmax' && st.max === st.min)))
        warnings.push(`Feature "${s.col.name}" is constant in the training split.`);
      for (let r = 0; r < rows; r++) {
        const x = v[r]!;
        X[r * nF + col] = ((x === x ? x : st.mean) - a) * b;
      }
      col++;
    } else if (s.kind === 'boolean') {
      const fill = featureInfo[col]!.fill!;
      for (let r = 0; r < rows; r++) X[r * nF + col] = v[r] === v[r] ? v[r]! : fill;
      col++;
    } else {
      const k = s.cats!.length;
      for (let r = 0; r < rows; r++) {
        const c = v[r]!;
        if (c === c) X[r * nF + col + c] = 1; // missing category (mean policy): all zeros
      }
      col += k;
    }
  });
  if (textFit) {
    textFit.encode(X, nF, col);
    col += textFit.text.options.sequenceLength;
  }
  if (dateV && (prep.dateFeatures.dayOfWeek || prep.dateFeatures.month)) {
    const dv = dateV;
    for (let r = 0; r < rows; r++) {
      const ms = dv[rowIdx[r]!]!;
      let c = col;
      if (prep.dateFeatures.dayOfWeek) {
        const dow = (((Math.floor(ms / 86_400_000) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
        X[r * nF + c++] = Math.sin((2 * Math.PI * dow) / 7);
        X[r * nF + c++] = Math.cos((2 * Math.PI * dow) / 7);
      }
      if (prep.dateFeatures.month) {
        const m = new Date(ms).getUTCMonth();
        X[r * nF + c++] = Math.sin((2 * Math.PI * m) / 12);
        X[r * nF + c++] = Math.cos((2 * Math.PI * m) / 12);
      }
    }
  }

  // -- targets --
  let yWidth: number;
  let targetWidth: number;
  let Y: Float32Array;
  let targetNames: string[];
  let classCounts: Record<SplitName, number[]> | null = null;
  let targetStats: ColumnStats[] | null = null;
  if (!isClass) {
    targetWidth = targetCols.length;
    yWidth = targetWidth * steps.length;
    targetNames = targetCols.map((t) => t.name);
    Y = new Float32Array(rows * targetWidth);
    if (prep.normalizeTarget && method !== 'none') targetStats = targV.map((v, j) => fitStats(targetNames[j]!, v, trainRows));
    targV.forEach((v, j) => {
      const { a, b } = targetStats ? scaleOf(targetStats[j]!, method) : { a: 0, b: 1 };
      for (let r = 0; r < rows; r++) Y[r * targetWidth + j] = (v[r]! - a) * b;
    });
    // targets of validation/test samples outside the training range: a normalized model extrapolates there
    const targCols = (j: number): string => (targetNames.length > 1 ? ` of "${targetNames[j]}"` : '');
    const beyond =
      wt.transform === 'level'
        ? 'the model extrapolates there (consider differencing or a relative-to-last-value target).'
        : `the ${wt.transform} window transform forecasts relative to each window, so the model sees values like those of training; check the forecasts there.`;
    targV.forEach((v, j) => {
      let tmin = Infinity;
      let tmax = -Infinity;
      for (const r of trainRows) {
        if (v[r]! < tmin) tmin = v[r]!;
        if (v[r]! > tmax) tmax = v[r]!;
      }
      const range = tmax - tmin;
      if (!Number.isFinite(range)) return;
      for (const sp of ['validation', 'test'] as const) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const st of starts[sp]) {
          const y = v[st + targetOffset]!;
          if (y < lo) lo = y;
          if (y > hi) hi = y;
        }
        if (!Number.isFinite(lo)) continue;
        const what = `${sp === 'test' ? 'Test' : 'Validation'} targets${targCols(j)}`;
        const pct = (x: number, ref: number): string => `${fmtWarn(Math.round((100 * Math.abs(x - ref)) / (Math.abs(ref) > 0 ? Math.abs(ref) : range || 1)))} %`;
        const tol = OUT_OF_RANGE_TOLERANCE * (range > 0 ? range : Math.abs(tmax) || 1);
        if (hi > tmax + tol)
          warnings.push(`${what} reach ${fmtWarn(hi)}, ${pct(hi, tmax)} above the training maximum ${fmtWarn(tmax)}: ${beyond}`);
        if (lo < tmin - tol)
          warnings.push(`${what} fall to ${fmtWarn(lo)}, ${pct(lo, tmin)} below the training minimum ${fmtWarn(tmin)}: ${beyond}`);
      }
    });
  } else {
    const t = targetCols[0]!;
    const labels = classes!;
    if (prep.task === 'binary') {
      yWidth = targetWidth = 1;
      targetNames = [t.name];
      Y = new Float32Array(rows);
      for (let r = 0; r < rows; r++) Y[r] = codeOf.get(rowLabel[r]!)!;
    } else {
      yWidth = targetWidth = labels.length;
      targetNames = labels.map((l) => `${t.name}=${l}`);
      Y = new Float32Array(rows * yWidth);
      for (let r = 0; r < rows; r++) Y[r * yWidth + codeOf.get(rowLabel[r]!)!] = 1;
    }
    const seen = new Set<string>();
    for (const s of starts.train) seen.add(rowLabel[s + targetOffset]!);
    if (seen.size < 2) warnings.push(`The training split holds only one class ("${[...seen][0]}"); the model cannot learn to tell classes apart.`);
    const cc = { train: new Array<number>(labels.length).fill(0), validation: new Array<number>(labels.length).fill(0), test: new Array<number>(labels.length).fill(0) };
    for (const sp of SPLITS) for (const s of starts[sp]) cc[sp][codeOf.get(rowLabel[s + targetOffset]!)!]!++;
    classCounts = cc;
    for (const sp of ['validation', 'test'] as const) {
      const absent = labels.filter((_, c) => cc[sp][c] === 0);
      if (starts[sp].length === 0 || absent.length === 0) continue;
      warnings.push(
        `The ${sp} split has no "${absent.slice(0, 3).join('", "')}"${absent.length > 3 ? ' …' : ''} samples (${absent.length === 1 ? 'that class is' : 'those classes are'} missing): ` +
          `its accuracy says nothing about ${absent.length === 1 ? 'that class' : 'them'}${sp === 'test' && prep.task === 'binary' ? ' and AUC is undefined' : ''}, and no "beats the baseline" claim is made. ` +
          (seq && prep.splitStrategy === 'chronological' ? 'Try the stratified-blocks split strategy.' : 'Use more data or other split fractions.'),
      );
    }
  }

  return {
    task: prep.task,
    mode: prep.mode,
    lookback: seq ? prep.lookback : 1,
    horizon: seq ? prep.horizon : 0,
    stride: seq ? prep.stride : 1,
    features: X,
    featureInfo,
    featureNames: featureInfo.map((f) => f.name),
    nFeatures: nF,
    rows,
    targets: Y,
    targetWidth,
    yWidth,
    targetNames,
    windowTransform: wt.transform,
    windowTransformReason: wt.reason,
    windowScale: wt.transform === 'window-mean' && prep.windowScale,
    steps,
    outputNames: outputNamesFor(targetNames, steps, prep.task),
    classes,
    targetOffset,
    splits: { train: Int32Array.from(starts.train), validation: Int32Array.from(starts.validation), test: Int32Array.from(starts.test) },
    groups,
    splitStrategy: prep.splitStrategy,
    seasonalPeriod,
    seasonalPeriodSource,
    frequency: freq?.frequency ?? null,
    classCounts,
    rowIndex: rowIdx,
    rowDates: dateV ? Float64Array.from(rowIdx, (i) => dateV[i]!) : null,
    stats: { method, features: featureStats, targets: targetStats },
    columns: [...featureCols, ...(textCol ? [textCol] : []), ...(dateCol ? [dateCol] : []), ...partCols, ...(groupCol ? [groupCol] : [])]
      .filter((c, i, all) => all.indexOf(c) === i)
      .map((c) => ({ name: c.name, type: c.type, inferredType: c.inferredType, ...(prep.columnTypes[c.name] !== undefined && prep.unparseableAsMissing.includes(c.name) ? { unparseableAsMissing: true } : {}) })),
    decimalComma: ds.format.decimalComma,
    text: textFit ? textFit.text : null,
    warnings,
  };
}

// ---- samples ----

/** The window (sequence) or row (tabular) starting at matrix row `start`: a view, not a copy. */
export function windowView(p: PreparedData, start: number): Float32Array {
  const len = p.mode === 'sequence' ? p.lookback : 1;
  return p.features.subarray(start * p.nFeatures, (start + len) * p.nFeatures);
}

export interface Batch {
  x: Float32Array;
  y: Float32Array;
  /** [batch, lookback, nFeatures] or [batch, nFeatures]. */
  xShape: number[];
  /** [batch, yWidth]. */
  yShape: number[];
}

/** The window rule of a preparation (the runtime's WindowRule: one implementation of every transform). */
export function windowRuleOf(p: Pick<PreparedData, 'mode' | 'lookback' | 'windowTransform' | 'windowScale' | 'seasonalPeriod' | 'steps'>): WindowRule {
  return {
    transform: p.windowTransform ?? 'level',
    scale: p.windowScale === true,
    period: p.seasonalPeriod ?? 0,
    lookback: p.mode === 'sequence' ? p.lookback : 1,
    steps: p.steps ?? [0],
  };
}

/** Matrix columns of the normalized numeric inputs (the ones a window transform changes). */
export function numericColumns(p: Pick<PreparedData, 'featureInfo'>): number[] {
  const out: number[] = [];
  p.featureInfo.forEach((f, j) => {
    if (f.kind === 'numeric') out.push(j);
  });
  return out;
}

/**
 * The model's targets for the window starting at row `s`, written to `y` at `at`: regression, per target
 * (target-major) its value at each step, expressed by the window transform; classification, the label row.
 */
export function sampleTargets(p: PreparedData, s: number, y: Float32Array, at: number, rule: WindowRule = windowRuleOf(p)): void {
  const tw = p.targetWidth ?? p.yWidth;
  if (p.task !== 'regression') {
    const t = s + p.targetOffset;
    y.set(p.targets.subarray(t * tw, (t + 1) * tw), at);
    return;
  }
  const K = rule.steps.length;
  const last = s + rule.lookback - 1;
  for (let j = 0; j < tw; j++) {
    const col = (r: number): number => p.targets[r * tw + j]!;
    const levels = rule.steps.map((st) => col(last + st));
    const enc = encodeWindowTargets(rule, col, s, levels);
    for (let k = 0; k < K; k++) y[at + j * K + k] = enc[k]!;
  }
}

/** Copies the samples at positions `indices` of a split (all when omitted) into one contiguous batch, window transform applied. */
export function buildBatch(p: PreparedData, split: SplitName, indices?: ArrayLike<number>): Batch {
  const starts = p.splits[split];
  const count = indices ? indices.length : starts.length;
  const L = p.mode === 'sequence' ? p.lookback : 1;
  const per = L * p.nFeatures;
  const x = new Float32Array(count * per);
  const y = new Float32Array(count * p.yWidth);
  const rule = windowRuleOf(p);
  const numeric = rule.transform === 'level' ? [] : numericColumns(p);
  for (let k = 0; k < count; k++) {
    const pos = indices ? indices[k]! : k;
    const s = starts[pos];
    if (s === undefined) throw new DataError(`Sample ${pos} is outside the ${split} split (${starts.length} samples).`);
    if (rule.transform === 'level') x.set(p.features.subarray(s * p.nFeatures, s * p.nFeatures + per), k * per);
    else transformWindow(rule, p.features, p.nFeatures, numeric, s, x, k * per);
    sampleTargets(p, s, y, k * p.yWidth, rule);
  }
  return { x, y, xShape: p.mode === 'sequence' ? [count, L, p.nFeatures] : [count, p.nFeatures], yShape: [count, p.yWidth] };
}

/** The slice of tfjs this module needs; pass the `@tensorflow/tfjs` module itself. */
export interface TensorFactory<T> {
  tensor(values: Float32Array, shape: number[], dtype: 'float32'): T;
}

/** One batched tensor build per split: `{ xs, ys }` ready for `model.fit`. Dispose them when done. */
export function toTensors<T>(tf: TensorFactory<T>, p: PreparedData, split: SplitName, indices?: ArrayLike<number>): { xs: T; ys: T } {
  const b = buildBatch(p, split, indices);
  return { xs: tf.tensor(b.x, b.xShape, 'float32'), ys: tf.tensor(b.y, b.yShape, 'float32') };
}

/**
 * Model outputs (regression, [samples × yWidth]) → values in the targets' units: inverts the window
 * transform (which needs each sample's window: pass its split, or the sample start rows) and the target
 * normalization. With the level transform the windows are not needed.
 */
export function denormalizeTargets(p: PreparedData, y: ArrayLike<number>, samples?: SplitName | ArrayLike<number>): Float32Array {
  const out = new Float32Array(y.length);
  const st = p.stats.targets;
  const rule = windowRuleOf(p);
  const K = p.task === 'regression' ? rule.steps.length : 1;
  const unit = (v: number, j: number): number => {
    if (!st) return v;
    const { a, b } = scaleOf(st[j]!, p.stats.method);
    return v / b + a;
  };
  if (rule.transform === 'level' || p.task !== 'regression') {
    for (let i = 0; i < y.length; i++) out[i] = unit(y[i]!, Math.floor((i % p.yWidth) / K));
    return out;
  }
  if (samples === undefined) throw new Error(`denormalizeTargets needs the samples' windows to invert the ${rule.transform} transform.`);
  const starts = typeof samples === 'string' ? p.splits[samples] : samples;
  const n = y.length / p.yWidth;
  if (starts.length < n) throw new Error(`denormalizeTargets: ${n} samples of outputs but ${starts.length} windows.`);
  const tw = p.targetWidth ?? p.yWidth / K;
  for (let i = 0; i < n; i++) {
    const s = starts[i]!;
    for (let j = 0; j < tw; j++) {
      const dec = decodeWindowTargets(rule, (r) => p.targets[r * tw + j]!, s, y, i * p.yWidth + j * K);
      for (let k = 0; k < K; k++) out[i * p.yWidth + j * K + k] = unit(dec[k]!, j);
    }
  }
  return out;
}

/** Normalized target levels (no window transform; [samples × yWidth] as the outputs) → the targets' units. */
export function levelsToUnits(p: PreparedData, y: ArrayLike<number>): Float32Array {
  const out = new Float32Array(y.length);
  const st = p.stats.targets;
  const K = p.task === 'regression' ? (p.steps ?? [0]).length : 1;
  for (let i = 0; i < y.length; i++) {
    const j = Math.floor((i % p.yWidth) / K);
    if (!st) out[i] = y[i]!;
    else {
      const { a, b } = scaleOf(st[j]!, p.stats.method);
      out[i] = y[i]! / b + a;
    }
  }
  return out;
}

// ---- diagnostics ----

function fmtShape(s: readonly (number | null)[]): string {
  return `[${s.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/**
 * Checks a model's output shape (works with a PreparedData or its stored PreparedSummary) (Keras style, batch dimension first: `[null, units]`) and optionally
 * its final activation against the prepared target. Returns a sentence to show, or null when it fits.
 */
export function outputFitsTarget(
  outputShape: readonly (number | null)[],
  p: (Pick<PreparedData, 'task' | 'mode' | 'yWidth' | 'classes' | 'targetNames'> & { outputNames?: string[] }) | PreparedSummary,
  activation?: string,
): string | null {
  const k = 'yWidth' in p ? p.yWidth : p.outputUnits;
  const want =
    p.task === 'multiclass'
      ? `Dense(${k}) with softmax for the ${k} classes (${(p.classes ?? []).slice(0, 6).join(', ')}${(p.classes ?? []).length > 6 ? ', …' : ''})`
      : p.task === 'binary'
        ? 'Dense(1) with sigmoid for a binary target'
        : `Dense(${k}) for ${k === 1 ? `the target "${p.targetNames[0]}"` : k === p.targetNames.length ? `${k} targets (${p.targetNames.join(', ')})` : `${k} outputs (${(p.outputNames ?? []).slice(0, 4).join(', ')}${k > 4 ? ', …' : ''})`}`;
  if (outputShape.length === 3)
    return (
      `The model outputs a value per time step ${fmtShape(outputShape)}, but the target is one value per ${p.mode === 'sequence' ? 'window' : 'row'}. ` +
      `Turn off "return sequences" on the last recurrent layer, then use ${want}.`
    );
  if (outputShape.length !== 2) return `The model's output has shape ${fmtShape(outputShape)}; the target needs [null, ${k}]: use ${want}.`;
  const units = outputShape[1];
  if (units !== k) {
    if (p.task === 'multiclass') return `The output has ${units} unit${units === 1 ? '' : 's'} but the target has ${k} classes: use ${want}.`;
    if (p.task === 'binary') return `The output has ${units} units but the target is binary: use ${want}.`;
    return `The output has ${units} unit${units === 1 ? '' : 's'} but there ${k === 1 ? 'is 1 target' : k === p.targetNames.length ? `are ${k} targets` : `are ${k} outputs (targets × forecast steps)`}: use ${want}.`;
  }
  if (activation !== undefined) {
    const a = activation.toLowerCase();
    if (p.task === 'multiclass' && a !== 'softmax') return `The last layer's activation is ${activation}; a multi-class target needs softmax.`;
    if (p.task === 'binary' && a !== 'sigmoid') return `The last layer's activation is ${activation}; a binary target needs sigmoid.`;
    if (p.task === 'regression' && (a === 'softmax' || a === 'sigmoid' || a === 'relu'))
      return `The last layer's activation is ${activation}; a regression target ${a === 'relu' ? 'is normalized and can be negative,' : ''} usually needs a linear output.`;
  }
  return null;
}
