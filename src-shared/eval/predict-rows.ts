/**
 * A run's Predict: raw rows the user knows (pasted CSV text or objects keyed by column name) → the run's
 * predictions, through the same preprocessing runtime the exported TypeScript module embeds
 * (src-shared/preprocess/runtime.ts). The rows carry the raw columns (a category column as its value,
 * `day_of_week=3`, never one-hot columns); types, encodings and statistics come from the run's stored
 * preprocessing, never from the pasted rows.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import { compileToTfjs } from '../compiler/to-tfjs';
import { CsvTokenizer, sniffCsv } from '../data/csv';
import { DataError } from '../data/errors';
import { dataPrepSchema } from '../data/spec';
import { parseNum } from '../data/values';
import { preprocessingFromArtifact, type ExportPreprocessing } from '../export/preprocessing';
import type { GraphDocument } from '../graph/document';
import {
  decodeClasses,
  decodeRegression,
  encodeRawRows,
  PreprocessError,
  specColumnNames,
  specOutputNames,
  windowBatch,
  windowHistory,
  windowRuleOf,
  windowStarts,
  type RawRow,
} from '../preprocess/runtime';
import { loadWeights, type PreprocessingMeta } from '../train/artifacts';
import { fitGraphToData } from '../train/model';

export interface PredictionRow {
  /** 1-based data row (of the given rows) the prediction is for (several forecast steps: the window's last row, the forecast origin). */
  row: number;
  predicted: string[];
  actual: string[];
  /** Regression: the predicted values in the targets' units, one per column (unrounded). */
  values?: number[];
  /** Classification: the predicted class and each class's probability (unrounded, as the model gives them). */
  label?: string;
  probabilities?: Record<string, number>;
}

export interface PredictableRun {
  graph: GraphDocument;
  /** The run's data preparation snapshot. */
  dataPrep: unknown;
  meta: PreprocessingMeta;
  weights: { meta: unknown; data: Uint8Array };
}

/** The run's preprocessing description (what preprocessing.json holds). */
export function runPreprocessing(run: Pick<PredictableRun, 'dataPrep' | 'meta'>): ExportPreprocessing {
  const prep = dataPrepSchema.safeParse(run.meta.dataPrep ?? run.dataPrep);
  if (!prep.success) throw new DataError("The run's data preparation snapshot is invalid.");
  return preprocessingFromArtifact(run.meta, prep.data);
}

/** Rows of CSV text with a header, each value as written (delimiter sniffed). */
export function csvTextRows(text: string): RawRow[] {
  const fmt = sniffCsv(text);
  const records: string[][] = [];
  const tok = new CsvTokenizer(fmt.delimiter.charCodeAt(0), (fields) => {
    if (!(fields.length === 1 && fields[0] === '')) records.push(fields.slice());
  });
  tok.push(text.replace(/^\ufeff/, ''));
  tok.end();
  const header = records.shift();
  if (!header) throw new DataError('No rows: paste a header line and at least one row.');
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(5))) : '—');

/**
 * Predictions for raw rows: one per window whose predicted row is among the rows (regression: `horizon`
 * rows after the window, within its group; classification: the window's last row), with the actual
 * value when the rows carry the target column.
 */
export async function predictRawRows(tf: TfModule, run: PredictableRun, rows: readonly RawRow[]): Promise<{ columns: string[]; rows: PredictionRow[] }> {
  const pre = runPreprocessing(run);
  let enc: ReturnType<typeof encodeRawRows>;
  try {
    enc = encodeRawRows(pre, rows);
  } catch (e) {
    if (e instanceof PreprocessError) throw new DataError(e.message, { row: e.row, column: e.column });
    throw e;
  }
  const seq = pre.mode === 'sequence';
  const rule = windowRuleOf(pre);
  const multi = pre.task === 'regression' && rule.steps.length > 1;
  const history = windowHistory(rule);
  // one step: the windows whose predicted row is among the rows; several steps: every complete window (its
  // forecast path may run past the rows given), reported at the window's last row
  const offset = seq ? pre.lookback - 1 + (pre.task === 'regression' && !multi ? rule.steps[0]! : 0) : 0;
  const starts = windowStarts(pre, enc).filter((s) => enc.groups.some((g) => s >= g.start && s + offset < g.end));
  if (starts.length === 0)
    throw new DataError(
      seq
        ? `No complete window: give at least ${history + offset + 1} usable rows${pre.groupColumn ? ' of one group' : ''} (${history ? `${history} of history for the ${rule.transform} transform + ` : ''}lookback ${pre.lookback}${pre.task === 'regression' && !multi ? ` + horizon ${rule.steps[0]}` : ''}); the columns are ${specColumnNames(pre).join(', ')}.`
        : 'No usable row: every row misses a value the model needs.',
    );
  const doc = fitGraphToData(run.graph, {
    mode: pre.mode,
    lookback: pre.lookback,
    nFeatures: pre.features.length,
    task: pre.task,
    yWidth: pre.outputUnits,
    text: pre.text ? { vocabulary: { tokens: pre.text.vocabulary } } : null,
  });
  const { model } = compileToTfjs(tf, doc);
  let y: Float32Array;
  try {
    loadWeights(tf, model, run.weights.meta, run.weights.data);
    const b = windowBatch(pre, enc, starts);
    const out = tf.tidy(() => model.predict(tf.tensor(b.data, b.shape, 'float32')) as tfjs.Tensor);
    y = (await out.data()) as Float32Array;
    out.dispose();
  } finally {
    model.dispose();
  }
  const targetRow = (s: number): number => enc.rowIndex[s + offset]!;
  const actualText = (column: string, s: number, numeric: boolean): string => {
    const v = rows[targetRow(s)]?.[column];
    if (v === undefined || v === null || v === '') return '—';
    if (!numeric) return String(v);
    const x = typeof v === 'number' ? v : parseNum(String(v), pre.decimalComma);
    return fmt(x);
  };
  if (pre.task === 'regression') {
    const preds = decodeRegression(pre, y, enc, starts);
    const names = specOutputNames(pre);
    const K = rule.steps.length;
    // the actual value of an output: its target's value `step` rows after the window's last row, when the rows reach there
    const actualAt = (s: number, i: number): string => {
      const t = pre.targets[Math.floor(i / K)]!.name;
      const r = s + pre.lookback - 1 + rule.steps[i % K]!;
      const g = enc.groups.find((x) => s >= x.start && s < x.end)!;
      if (r >= g.end) return '—';
      const v = rows[enc.rowIndex[r]!]?.[t];
      if (v === undefined || v === null || v === '') return '—';
      return fmt(typeof v === 'number' ? v : parseNum(String(v), pre.decimalComma));
    };
    return {
      columns: names,
      rows: starts.map((s, k) => ({
        row: targetRow(s) + 1,
        predicted: names.map((n) => fmt(preds[k]![n]!)),
        actual: names.map((_, i) => (multi ? actualAt(s, i) : actualText(names[i]!, s, true))),
        values: names.map((n) => preds[k]![n]!),
      })),
    };
  }
  const preds = decodeClasses(pre, y);
  const target = pre.targetColumns[0] ?? 'class';
  return {
    columns: [target],
    rows: starts.map((s, k) => {
      const p = preds[k]!;
      return {
        row: targetRow(s) + 1,
        predicted: [`${p.label} (${((p.probabilities[p.label] ?? 0) * 100).toFixed(0)}%)`],
        actual: [actualText(target, s, false)],
        label: p.label,
        probabilities: p.probabilities,
      };
    }),
  };
}

/** Predictions for pasted CSV text (header first). */
export function predictCsvText(tf: TfModule, run: PredictableRun, text: string): Promise<{ columns: string[]; rows: PredictionRow[] }> {
  return predictRawRows(tf, run, csvTextRows(text));
}
