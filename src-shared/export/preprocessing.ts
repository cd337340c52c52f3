/**
 * `preprocessing.json`: everything needed to turn raw rows into the model's input and its output back
 * into values or labels — feature order, normalization (fitted on the training rows), window settings,
 * class labels. The generated TypeScript and Python read the same description.
 */
import { datePartColumns, type ColumnType, type DataPrep, type DateParts, type MissingPolicy, type Normalization, type Task, type PrepMode, type SplitFractions, type SplitStrategy, type WindowTransform } from '../data/spec';
import type { CsvFormat } from '../data/dataset';
import { scaleOf, type NormalizationStats, type PreparedData, type PreparedSummary, type SourceColumn } from '../data/prepare';
import { specColumnNames, type SpecFeature, type TextSpec } from '../preprocess/runtime';

export const PREPROCESSING_FORMAT = 'layerloom-preprocessing';
export const PREPROCESSING_VERSION = 1;

export type DatePart = 'dow_sin' | 'dow_cos' | 'month_sin' | 'month_cos';

/** One column of the model input, in order (the runtime's feature description, with the date part typed). numeric: (x - offset) * scale, missing → fill. */
export type ExportFeature = Omit<SpecFeature, 'date'> & { date?: DatePart };

/** A regression target: value = output / scale + offset. */
export interface ExportTarget {
  name: string;
  offset: number;
  scale: number;
}

export interface ExportPreprocessing {
  format: typeof PREPROCESSING_FORMAT;
  version: number;
  task: Task;
  mode: PrepMode;
  /** Sequence mode: rows per window (1 in tabular mode). */
  lookback: number;
  /** Regression forecasts are `horizon` steps after a window's last row. */
  horizon: number;
  /** How windows and targets are expressed (level when absent: files from before issue 14). */
  windowTransform?: WindowTransform;
  /** window-mean: also divided by the window's std. */
  windowScale?: boolean;
  /** Forecast steps ahead of the window's last row, one output per target and step, target-major (absent: [horizon]). */
  steps?: number[];
  /** seasonal-difference: the season length m. */
  seasonalPeriod?: number;
  stride: number;
  dateColumn: string | null;
  /** Instead of a date column: the row date composed (UTC) from these integer columns (absent when not used). */
  dateParts?: DateParts;
  groupColumn: string | null;
  missing: MissingPolicy;
  normalization: Normalization;
  /** Numbers in the training CSV were written with a decimal comma (`1,5`, `1.234,5`): read raw text the same way. */
  decimalComma: boolean;
  /**
   * The raw columns read (feature sources, date, group): `type` as the run used it (after the user's
   * overrides) and `inferredType` as read from the CSV. A category whose column was read as numbers
   * matches on the number's text (`03` → `3`); a boolean column read as words accepts words only.
   */
  columns: SourceColumn[];
  /**
   * Every column (targets included) whose cells a type override made missing where unreadable ("treat
   * unparseable cells as missing"); absent when none (and in runs from before it).
   */
  unparseableAsMissing?: string[];
  features: ExportFeature[];
  targets: ExportTarget[];
  /** The target column(s) of the training data. */
  targetColumns: string[];
  /** Classification labels in output order (binary: [negative, positive]); null for regression. */
  classes: string[] | null;
  inputShape: number[];
  outputUnits: number;
  /** The raw statistics, for reference. */
  stats: NormalizationStats;
  /** Fractions of the split (sequence: per group, chronological; tabular: after the seeded shuffle). Absent in files from before issue 13. */
  split?: SplitFractions;
  /**
   * Sequence mode: how rows were cut into the splits (chronological per group, or stratified blocks that
   * keep every class in every split). Absent in files from before issue 14 = chronological.
   */
  splitStrategy?: SplitStrategy;
  /** Tabular mode: seed of the mulberry32 shuffle that assigns rows to splits. */
  shuffleSeed?: number;
  /**
   * The types the app read the used columns as (the dataset's, with the user's overrides from
   * DataPrep.columnTypes on top), so a script types a new CSV the same way; a column not listed is
   * typed as the CSV import would infer it.
   */
  columnTypes?: Record<string, ColumnType>;
  /** How the training CSV was read, when the export knew its dataset (delimiter, header row; the decimal comma is `decimalComma`). */
  csv?: { delimiter: string; header: boolean };
  /**
   * A text column as the input (absent without one): the tokenizer options, the length and the
   * training vocabulary (id → token; 0 '<pad>', 1 '<oov>'). The `token` features are its positions.
   */
  text?: TextSpec;
}

/** The text input as a run stores it (artifact `text`, PreparedData.text). */
export interface TextArtifact {
  options: Omit<TextSpec, 'vocabulary'> & { maxVocab: number; minCount: number };
  vocabulary: readonly string[];
}

/** The dataset facts an export may add: its CSV format and the column types it was imported with. */
export interface ExportSource {
  format: Pick<CsvFormat, 'delimiter' | 'header' | 'decimalComma'>;
  columns?: readonly { name: string; type: ColumnType }[];
}

function columnTypesOf(prep: DataPrep, source?: ExportSource): Record<string, ColumnType> {
  const used = new Set([...prep.features, ...(prep.text ? [prep.text.column] : []), ...prep.targets, prep.dateColumn, ...(prep.dateParts ? datePartColumns(prep.dateParts) : []), prep.groupColumn]);
  const types: Record<string, ColumnType> = {};
  for (const c of source?.columns ?? []) if (used.has(c.name)) types[c.name] = c.type;
  return { ...types, ...prep.columnTypes };
}

interface Basis {
  task: Task;
  mode: PrepMode;
  featureNames: string[];
  /** Absent in runs stored before it was recorded: then derived from the feature names. */
  featureInfo?: PreprocessingArtifact['featureInfo'] | undefined;
  columns?: SourceColumn[] | undefined;
  decimalComma?: boolean | undefined;
  targetNames: string[];
  classes: string[] | null;
  stats: NormalizationStats;
  inputShape: number[];
  outputUnits: number;
  /** Absent in runs stored before issue 14: level, [horizon]. */
  windowTransform?: WindowTransform | undefined;
  windowScale?: boolean | undefined;
  steps?: number[] | undefined;
  seasonalPeriod?: number | null | undefined;
}

/** Feature layout from the names a preparation produced, in the order prepare() builds them. */
function layoutFeatures(b: Basis, prep: DataPrep): ExportFeature[] {
  const out: ExportFeature[] = [];
  const names = b.featureNames;
  let i = 0;
  for (const col of prep.features) {
    const stat = b.stats.features.find((s) => s.name === col);
    if (names[i] === col && stat) {
      const { a, b: s } = scaleOf(stat, b.stats.method);
      out.push({ name: col, source: col, kind: 'numeric', offset: a, scale: s, fill: stat.mean });
      i++;
    } else if (names[i] === col) {
      out.push({ name: col, source: col, kind: 'boolean' });
      i++;
    } else {
      const prefix = `${col}=`;
      while (i < names.length && names[i]!.startsWith(prefix)) {
        out.push({ name: names[i]!, source: col, kind: 'onehot', category: names[i]!.slice(prefix.length) });
        i++;
      }
    }
  }
  for (; i < names.length; i++) {
    const n = names[i]!;
    const part = n.startsWith('date:') ? (n.slice(5) as DatePart) : null;
    const source = prep.dateColumn ?? prep.dateParts?.year;
    if (!part || !['dow_sin', 'dow_cos', 'month_sin', 'month_cos'].includes(part) || !source)
      throw new Error(`Cannot map feature "${n}" back to a column of the data preparation.`);
    out.push({ name: n, source, kind: 'date', date: part });
  }
  return out;
}

/** Feature layout from each feature's recorded kind. */
function featuresFromInfo(b: Basis, info: NonNullable<Basis['featureInfo']>): ExportFeature[] {
  return info.map((f): ExportFeature => {
    if (f.kind === 'numeric') {
      const st = b.stats.features[f.stat ?? -1] ?? b.stats.features.find((s) => s.name === f.source);
      if (!st) throw new Error(`No normalization statistics for feature "${f.name}".`);
      const { a, b: s } = scaleOf(st, b.stats.method);
      return { name: f.name, source: f.source, kind: 'numeric', offset: a, scale: s, fill: st.mean };
    }
    if (f.kind === 'onehot') return { name: f.name, source: f.source, kind: 'onehot', category: f.name.slice(f.source.length + 1) };
    if (f.kind === 'date') return { name: f.name, source: f.source, kind: 'date', date: f.name.slice(5) as DatePart };
    if (f.kind === 'token') return { name: f.name, source: f.source, kind: 'token', position: f.position ?? 0 };
    return { name: f.name, source: f.source, kind: 'boolean', ...(f.fill !== undefined ? { fill: f.fill } : {}) };
  });
}

/** Column types of runs stored before they were recorded: what the feature kinds imply (as the data preparation's overrides say). */
function derivedColumns(prep: DataPrep, features: ExportFeature[]): SourceColumn[] {
  const names = specColumnNames({ features, dateColumn: prep.dateColumn ?? null, dateParts: prep.dateParts ?? null, groupColumn: prep.groupColumn ?? null });
  const parts = prep.dateParts ? datePartColumns(prep.dateParts) : [];
  return names.map((name) => {
    const f = features.find((x) => x.source === name);
    const implied = parts.includes(name) ? 'integer' : name === prep.dateColumn || f?.kind === 'date' ? 'date' : f?.kind === 'numeric' ? 'number' : f?.kind === 'boolean' ? 'boolean' : 'category';
    const type = prep.columnTypes[name] ?? implied;
    const lenient = prep.columnTypes[name] !== undefined && prep.unparseableAsMissing.includes(name);
    return { name, type, inferredType: type, ...(lenient ? { unparseableAsMissing: true } : {}) };
  });
}

/** Columns of the preparation's "treat unparseable cells as missing" that still carry their type override. */
function lenientColumns(prep: DataPrep): string[] {
  return prep.unparseableAsMissing.filter((c) => prep.columnTypes[c] !== undefined);
}

/** The window transform and steps of a sequence-regression export (nothing for level with one step: as before issue 14). */
function windowFields(b: Basis, seq: boolean): Pick<ExportPreprocessing, 'windowTransform' | 'windowScale' | 'steps' | 'seasonalPeriod'> {
  if (!seq || b.task !== 'regression') return {};
  const t = b.windowTransform ?? 'level';
  return {
    windowTransform: t,
    windowScale: t === 'window-mean' && b.windowScale === true,
    ...(b.steps ? { steps: b.steps.slice() } : {}),
    ...(t === 'seasonal-difference' && b.seasonalPeriod ? { seasonalPeriod: b.seasonalPeriod } : {}),
  };
}

function build(b: Basis, prep: DataPrep, source?: ExportSource, text?: TextArtifact | null): ExportPreprocessing {
  const features = b.featureInfo ? featuresFromInfo(b, b.featureInfo) : layoutFeatures(b, prep);
  if (features.length !== b.featureNames.length) throw new Error('The feature layout does not match the data preparation.');
  if (features.some((f) => f.kind === 'token') && !text) throw new Error('The run has a text input but no stored vocabulary: retrain it to export or predict.');
  const targets: ExportTarget[] =
    b.task === 'regression'
      ? b.targetNames.map((name, j) => {
          const st = b.stats.targets?.[j];
          const { a, b: s } = st ? scaleOf(st, b.stats.method) : { a: 0, b: 1 };
          return { name, offset: a, scale: s };
        })
      : [];
  const seq = b.mode === 'sequence';
  return {
    format: PREPROCESSING_FORMAT,
    version: PREPROCESSING_VERSION,
    task: b.task,
    mode: b.mode,
    lookback: seq ? prep.lookback : 1,
    horizon: seq ? prep.horizon : 0,
    ...windowFields(b, seq),
    stride: seq ? prep.stride : 1,
    dateColumn: prep.dateColumn ?? null,
    ...(prep.dateParts ? { dateParts: { ...prep.dateParts } } : {}),
    groupColumn: prep.groupColumn ?? null,
    missing: prep.missing,
    normalization: b.stats.method,
    decimalComma: b.decimalComma ?? source?.format.decimalComma ?? false,
    columns: b.columns ?? derivedColumns(prep, features),
    ...(lenientColumns(prep).length ? { unparseableAsMissing: lenientColumns(prep) } : {}),
    features,
    targets,
    targetColumns: prep.targets,
    classes: b.classes,
    inputShape: b.inputShape,
    outputUnits: b.outputUnits,
    stats: b.stats,
    split: { ...prep.split },
    ...(seq ? { splitStrategy: prep.splitStrategy } : {}),
    shuffleSeed: prep.shuffleSeed,
    columnTypes: columnTypesOf(prep, source),
    ...(source ? { csv: { delimiter: source.format.delimiter, header: source.format.header } } : {}),
    ...(text ? { text: textSpecOf(text) } : {}),
  };
}

/** The runtime's text description from a stored one. */
export function textSpecOf(t: TextArtifact): TextSpec {
  const o = t.options;
  return { column: o.column, tokenizer: o.tokenizer, lowercase: o.lowercase, sequenceLength: o.sequenceLength, padding: o.padding, truncating: o.truncating, vocabulary: t.vocabulary.slice() };
}

/** From the stored summary of a preparation (what a run keeps) and the preparation settings. */
export function preprocessingFromSummary(summary: PreparedSummary, prep: DataPrep, source?: ExportSource): ExportPreprocessing {
  return build(summary, prep, source);
}

/** From prepared data in memory. */
export function preprocessingFromPrepared(p: PreparedData, prep: DataPrep, source?: ExportSource): ExportPreprocessing {
  return build(
    { ...p, inputShape: p.mode === 'sequence' ? [p.lookback, p.nFeatures] : [p.nFeatures], outputUnits: p.yWidth },
    prep,
    source,
    p.text ? { options: p.text.options, vocabulary: p.text.vocabulary.tokens } : null,
  );
}

/** All column names a raw row must carry for predict(): the feature sources, then the date and group columns. */
export function requiredColumns(pre: ExportPreprocessing): string[] {
  return specColumnNames(pre);
}

/** The subset of a run's `preprocessing` artifact (src-shared/train/artifacts.ts) the export reads. */
export interface PreprocessingArtifact {
  task: Task;
  mode: PrepMode;
  featureNames: string[];
  featureInfo: { name: string; source: string; kind: 'numeric' | 'boolean' | 'onehot' | 'date' | 'token'; position?: number | undefined; stat?: number | undefined; fill?: number | undefined }[];
  /** The text input (runs since issue 18). */
  text?: TextArtifact | null | undefined;
  /** Recorded by runs since issue 13; derived from the data preparation for older runs. */
  columns?: SourceColumn[] | undefined;
  decimalComma?: boolean | undefined;
  targetNames: string[];
  classes: string[] | null;
  stats: NormalizationStats;
  inputShape: number[];
  outputUnits: number;
  windowTransform?: WindowTransform | undefined;
  windowScale?: boolean | undefined;
  steps?: number[] | undefined;
  seasonalPeriod?: number | null | undefined;
}

/** From a run's stored preprocessing artifact and the run's data preparation snapshot. */
export function preprocessingFromArtifact(meta: PreprocessingArtifact, prep: DataPrep, source?: ExportSource): ExportPreprocessing {
  // the artifact knows each feature's kind exactly: no need to infer the layout from the names
  return build(meta, prep, source, meta.text ?? null);
}
