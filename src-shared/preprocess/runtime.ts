/**
 * The one preprocessing runtime: raw rows (objects keyed by column name, as read from a CSV) + the
 * preprocessing description of a run (`preprocessing.json`) → the model's input windows, and the model's
 * outputs → values in the targets' units or class labels.
 *
 * It applies exactly the rules of the app's data preparation (src-shared/data/prepare.ts) at inference:
 * values are parsed with the app's own parsers (src-shared/data/values.ts: decimal commas, time-zone
 * offsets, boolean words, missing markers); rows without a date or group value are dropped; rows are
 * sorted by group, then date; missing features are forward-filled within a group, filled with the
 * training mean, or their row is dropped, as the run's missing-value policy says; numeric features are
 * normalized with the training statistics; categories are one-hot encoded over the training categories;
 * windows never cross groups.
 *
 * The app's Predict uses this module, and the exported TypeScript module embeds its text verbatim
 * (scripts/gen-runtime-source.mjs): it may import nothing but ../data/values, and everything below the
 * marker line is copied into the export.
 */
import { composeDate, formatDate, isInfinityText, isMissingText, parseBool, parseDate, parseNum } from '../data/values';
// @embed-begin ---------------------------------------------------------------------------------------
// Preprocessing runtime (Layerloom src-shared/preprocess/runtime.ts)

/** Columns a row date is composed from: year, month (1–12), day (1–31), optional hour (0–23). */
export interface DatePartColumns {
  year: string;
  month: string;
  day: string;
  hour?: string;
}

/** A raw value as a CSV reader or a caller gives it. */
export type RawValue = string | number | boolean | Date | null | undefined;
export type RawRow = Readonly<Record<string, RawValue>>;

export type RawColumnType = 'number' | 'integer' | 'boolean' | 'category' | 'date' | 'datetime' | 'text';

/** A raw column the model reads: its type in the run, and the type inferred from the training CSV. */
export interface SpecColumn {
  name: string;
  type: RawColumnType;
  inferredType: RawColumnType;
  /** A cell the type cannot read is missing (the user's "treat unparseable cells as missing"); absent = an error naming row and column. */
  unparseableAsMissing?: boolean;
}

export interface SpecFeature {
  name: string;
  source: string;
  /** token: position `position` of the text column's token ids (see PreprocessingSpec.text). */
  kind: 'numeric' | 'boolean' | 'onehot' | 'date' | 'token';
  /** token: the index in the sequence. */
  position?: number;
  /** numeric: (value - offset) * scale. */
  offset?: number;
  scale?: number;
  /** numeric and boolean: the training mean, used for a missing value under the 'mean' policy. */
  fill?: number;
  /** onehot: the category this input is 1 for. */
  category?: string;
  /** date: which cyclic feature of the date column. */
  date?: string;
}

/** The part of preprocessing.json the runtime reads. */
export interface PreprocessingSpec {
  task: 'regression' | 'binary' | 'multiclass';
  mode: 'sequence' | 'tabular';
  lookback: number;
  horizon: number;
  dateColumn: string | null;
  /** Instead of a date column: the row date composed (UTC) from these integer columns (absent in older descriptions). */
  dateParts?: DatePartColumns | null;
  groupColumn: string | null;
  missing: 'drop' | 'ffill' | 'mean';
  /** Numbers in the training CSV were written with a decimal comma (`1,5`). */
  decimalComma?: boolean;
  /** Types of the raw columns read (absent in older descriptions: derived from the features). */
  columns?: readonly SpecColumn[];
  /** Columns (targets included) whose unreadable cells are missing, as the user chose in the app (absent: none). */
  unparseableAsMissing?: readonly string[];
  features: readonly SpecFeature[];
  /** Regression targets: value = output / scale + offset. */
  targets: readonly { name: string; offset: number; scale: number }[];
  classes: readonly string[] | null;
  outputUnits: number;
  /** How windows and targets are expressed (absent in older descriptions: level). */
  windowTransform?: WindowTransformName;
  /** window-mean: also divided by the window's std. */
  windowScale?: boolean;
  /** Forecast steps ahead of the window's last row (absent: [horizon]). */
  steps?: readonly number[];
  /** seasonal-difference: the season length m. */
  seasonalPeriod?: number;
  /** A text column as the input: tokenized and encoded as `sequenceLength` ids (the `token` features). */
  text?: TextSpec | null;
}

/** How a text column becomes token ids: the tokenizer rule's options and the training vocabulary. */
export interface TextSpec {
  column: string;
  tokenizer: 'words' | 'chars';
  lowercase: boolean;
  sequenceLength: number;
  padding: 'pre' | 'post';
  truncating: 'pre' | 'post';
  /** id → token; [0] '<pad>' (padding), [1] '<oov>' (out of vocabulary). */
  vocabulary: readonly string[];
}

// ---- text: the one tokenizer rule (src-shared/text/tokenize.ts documents it; the Python export mirrors it) ----

/** Whitespace for the `chars` tokenizer (JavaScript's \s, listed so that other languages match it exactly). */
export const TEXT_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
/** One of TEXT_WHITESPACE. */
function isTextSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const WORD_CHAR_RE = /[\p{L}\p{M}\p{N}]/u;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const wordCharCache = new Map<number, boolean>();

/** Whether a code point is a Unicode letter, mark or digit (\p{L}, \p{M}, \p{N}). */
function isWordChar(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  let v = wordCharCache.get(cp);
  if (v === undefined) {
    v = WORD_CHAR_RE.test(String.fromCodePoint(cp));
    wordCharCache.set(cp, v);
  }
  return v;
}

/** The code point at i (a lone surrogate stands for itself). */
function codeAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c < 0xdc00 ? s.codePointAt(i)! : c;
}

/**
 * Text → tokens: NFKC, optional lowercase, then `words` (maximal runs of Unicode letters, marks and
 * digits; an apostrophe ' or ’ between two of them stays inside the word, written as ') or `chars`
 * (code points, whitespace runs as one ' ', none at the ends).
 */
export function tokenizeText(text: string, tokenizer: 'words' | 'chars', lowercase: boolean): string[] {
  let s = NON_ASCII_RE.test(text) ? text.normalize('NFKC') : text; // NFKC leaves ASCII as it is
  if (lowercase) s = s.toLowerCase();
  if (tokenizer === 'chars') {
    const out: string[] = [];
    let gap = false;
    for (let i = 0; i < s.length; ) {
      const cp = codeAt(s, i);
      const w = cp > 0xffff ? 2 : 1;
      if (isTextSpace(cp)) gap = out.length > 0;
      else {
        if (gap) out.push(' ');
        gap = false;
        out.push(w === 1 ? s.charAt(i) : s.slice(i, i + 2));
      }
      i += w;
    }
    return out;
  }
  // the words: [\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*, scanned by hand (several times faster than the regex)
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const cp = codeAt(s, i);
    if (!isWordChar(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let j = i;
    let curly = false;
    for (;;) {
      while (j < n) {
        const c = codeAt(s, j);
        if (!isWordChar(c)) break;
        j += c > 0xffff ? 2 : 1;
      }
      if (j + 1 < n) {
        const a = s.charCodeAt(j);
        if ((a === 39 || a === 0x2019) && isWordChar(codeAt(s, j + 1))) {
          if (a === 0x2019) curly = true;
          j++;
          continue;
        }
      }
      break;
    }
    const w = s.slice(start, j);
    out.push(curly ? w.replace(/\u2019/g, "'") : w);
    i = j;
  }
  return out;
}

/**
 * Tokens → exactly `length` ids: unknown tokens are 1 (OOV); a longer text loses its start
 * (truncating 'pre') or its end ('post'); a shorter one gets 0s before ('pre') or after ('post').
 */
export function encodeTokenIds(tokens: readonly string[], index: ReadonlyMap<string, number>, length: number, padding: 'pre' | 'post', truncating: 'pre' | 'post', out?: Int32Array | Float32Array, at = 0): Int32Array | Float32Array {
  const dst = out ?? new Int32Array(length);
  const n = Math.min(tokens.length, length);
  const from = truncating === 'pre' ? tokens.length - n : 0;
  const pad = padding === 'pre' ? length - n : 0;
  for (let i = 0; i < length; i++) dst[at + i] = 0;
  for (let i = 0; i < n; i++) dst[at + pad + i] = index.get(tokens[from + i]!) ?? 1;
  return dst;
}

const vocabIndexCache = new WeakMap<readonly string[], Map<string, number>>();
/** token → id of a vocabulary (id → token), reserved ids excluded. */
export function vocabularyIndex(vocabulary: readonly string[]): ReadonlyMap<string, number> {
  let m = vocabIndexCache.get(vocabulary);
  if (!m) {
    m = new Map();
    for (let i = 2; i < vocabulary.length; i++) m.set(vocabulary[i]!, i);
    vocabIndexCache.set(vocabulary, m);
  }
  return m;
}

/** One raw text → the model's `sequenceLength` ids, exactly as the app's preparation encodes it. */
export function encodeRawText(spec: TextSpec, text: string): Int32Array {
  return encodeTokenIds(tokenizeText(text, spec.tokenizer, spec.lowercase), vocabularyIndex(spec.vocabulary), spec.sequenceLength, spec.padding, spec.truncating) as Int32Array;
}

// ---- window transforms (the one implementation; the app's preparation calls these too) ----

export type WindowTransformName = 'level' | 'last-value' | 'window-mean' | 'difference' | 'seasonal-difference';

/** What a window transform needs to know. `period`: seasonal-difference's m (0 otherwise). */
export interface WindowRule {
  transform: WindowTransformName;
  scale: boolean;
  period: number;
  lookback: number;
  steps: readonly number[];
}

/** A window-mean std below this counts as 0 (the window is not scaled). */
export const WINDOW_STD_EPS = 1e-6;

export function windowRuleOf(spec: PreprocessingSpec): WindowRule {
  return {
    transform: spec.task === 'regression' && spec.mode === 'sequence' ? (spec.windowTransform ?? 'level') : 'level',
    scale: spec.windowScale === true,
    period: spec.seasonalPeriod ?? 0,
    lookback: spec.mode === 'sequence' ? spec.lookback : 1,
    steps: spec.steps ?? [spec.horizon],
  };
}

/** Rows of history a window needs before its first row: 1 (difference), m (seasonal difference), else 0. */
export function windowHistory(rule: WindowRule): number {
  return rule.transform === 'difference' ? 1 : rule.transform === 'seasonal-difference' ? rule.period : 0;
}

/** The window's mean and scale divisor of one series `at(r)` over rows start … start+L−1 (window-mean). */
function windowMoments(rule: WindowRule, at: (r: number) => number, start: number): { mean: number; div: number } {
  const L = rule.lookback;
  let sum = 0;
  for (let i = 0; i < L; i++) sum += at(start + i);
  const mean = sum / L;
  if (!rule.scale) return { mean, div: 1 };
  let ss = 0;
  for (let i = 0; i < L; i++) ss += (at(start + i) - mean) * (at(start + i) - mean);
  const sd = Math.sqrt(ss / L);
  return { mean, div: sd > WINDOW_STD_EPS ? sd : 1 };
}

/**
 * Copies the window starting at row `start` of the row-major matrix `x` (nF values per row) into `out`
 * at `at`, expressing the columns listed in `numeric` by the rule: minus the window's last value,
 * minus its mean (÷ std), or as (seasonal) differences, which read rows before `start`.
 */
export function transformWindow(rule: WindowRule, x: ArrayLike<number>, nF: number, numeric: readonly number[], start: number, out: Float32Array, at: number): void {
  const L = rule.lookback;
  for (let i = 0; i < L * nF; i++) out[at + i] = x[start * nF + i]!;
  if (rule.transform === 'level') return;
  for (const c of numeric) {
    const v = (r: number): number => x[r * nF + c]!;
    if (rule.transform === 'last-value') {
      const ref = v(start + L - 1);
      for (let i = 0; i < L; i++) out[at + i * nF + c] = v(start + i) - ref;
    } else if (rule.transform === 'window-mean') {
      const { mean, div } = windowMoments(rule, v, start);
      for (let i = 0; i < L; i++) out[at + i * nF + c] = (v(start + i) - mean) / div;
    } else {
      const lag = rule.transform === 'difference' ? 1 : rule.period;
      for (let i = 0; i < L; i++) out[at + i * nF + c] = v(start + i) - v(start + i - lag);
    }
  }
}

/** seasonal-difference: the row a step's forecast is relative to, the same point of the latest observed season. */
function seasonalRef(rule: WindowRule, last: number, step: number): number {
  return last + step - rule.period * Math.ceil(step / rule.period);
}

/**
 * One target series' values at the steps (`levels[k]` = its normalized value at last + steps[k], with
 * `at(r)` its normalized value at row r and last = start + lookback − 1) → the model's targets.
 */
export function encodeWindowTargets(rule: WindowRule, at: (r: number) => number, start: number, levels: readonly number[]): number[] {
  const last = start + rule.lookback - 1;
  switch (rule.transform) {
    case 'level':
      return levels.slice();
    case 'last-value':
      return levels.map((y) => y - at(last));
    case 'window-mean': {
      const { mean, div } = windowMoments(rule, at, start);
      return levels.map((y) => (y - mean) / div);
    }
    case 'difference':
      return levels.map((y, k) => y - (k === 0 ? at(last) : levels[k - 1]!));
    case 'seasonal-difference':
      return levels.map((y, k) => y - at(seasonalRef(rule, last, rule.steps[k]!)));
  }
}

/** The inverse of encodeWindowTargets: the model's outputs for one target (`out[off + k]`, k over the steps) → normalized values. */
export function decodeWindowTargets(rule: WindowRule, at: (r: number) => number, start: number, out: ArrayLike<number>, off: number): number[] {
  const last = start + rule.lookback - 1;
  const K = rule.steps.length;
  const o = (k: number): number => out[off + k]!;
  const res = new Array<number>(K);
  switch (rule.transform) {
    case 'level':
      for (let k = 0; k < K; k++) res[k] = o(k);
      break;
    case 'last-value': {
      const ref = at(last);
      for (let k = 0; k < K; k++) res[k] = o(k) + ref;
      break;
    }
    case 'window-mean': {
      const { mean, div } = windowMoments(rule, at, start);
      for (let k = 0; k < K; k++) res[k] = o(k) * div + mean;
      break;
    }
    case 'difference': {
      let acc = at(last);
      for (let k = 0; k < K; k++) res[k] = acc = acc + o(k);
      break;
    }
    case 'seasonal-difference':
      for (let k = 0; k < K; k++) res[k] = o(k) + at(seasonalRef(rule, last, rule.steps[k]!));
      break;
  }
  return res;
}

/** One name per model output, target-major: `${target} t+${step}`; the target's name alone with one step. */
export function outputNamesOf(targetNames: readonly string[], steps: readonly number[]): string[] {
  if (steps.length <= 1) return targetNames.slice();
  return targetNames.flatMap((t) => steps.map((s) => `${t} t+${s}`));
}

/** A value that cannot be read as its column's type; names the (1-based) row and the column. */
export class PreprocessError extends Error {
  readonly row: number;
  readonly column: string;
  constructor(message: string, row: number, column: string) {
    super(message);
    this.name = 'PreprocessError';
    this.row = row;
    this.column = column;
  }
}

/** The raw columns a row must carry: feature sources, then the date and group columns. */
export function specColumnNames(
  spec: Pick<PreprocessingSpec, 'features' | 'dateColumn' | 'groupColumn'> & Partial<Pick<PreprocessingSpec, 'targets' | 'task' | 'mode' | 'windowTransform' | 'dateParts' | 'text'>>,
): string[] {
  const out: string[] = [];
  const add = (c: string | null): void => {
    if (c !== null && !out.includes(c)) out.push(c);
  };
  for (const f of spec.features) add(f.source);
  if (spec.text) add(spec.text.column);
  add(spec.dateColumn);
  for (const c of datePartNames(spec)) add(c);
  add(spec.groupColumn);
  if (needsTargetHistory(spec)) for (const t of spec.targets ?? []) add(t.name);
  return out;
}

/** A window transform other than level reads the targets' own recent values (their window history). */
export function needsTargetHistory(spec: Partial<Pick<PreprocessingSpec, 'windowTransform' | 'task' | 'mode'>>): boolean {
  return spec.task === 'regression' && spec.mode === 'sequence' && (spec.windowTransform ?? 'level') !== 'level';
}

/** The date-part columns in order (year, month, day[, hour]); none without date parts. */
export function datePartNames(spec: Partial<Pick<PreprocessingSpec, 'dateParts'>>): string[] {
  const p = spec.dateParts;
  return p ? [p.year, p.month, p.day, ...(p.hour !== undefined ? [p.hour] : [])] : [];
}

/** The column's type description (older descriptions: derived from the feature kinds). */
export function specColumn(spec: PreprocessingSpec, name: string): SpecColumn {
  const col = describedColumn(spec, name);
  return spec.unparseableAsMissing?.includes(name) && !col.unparseableAsMissing ? { ...col, unparseableAsMissing: true } : col;
}

function describedColumn(spec: PreprocessingSpec, name: string): SpecColumn {
  const known = spec.columns?.find((c) => c.name === name);
  if (known) return known;
  if (datePartNames(spec).includes(name)) return { name, type: 'integer', inferredType: 'integer' };
  if (spec.task === 'regression' && spec.targets.some((t) => t.name === name) && !spec.features.some((x) => x.source === name))
    return { name, type: 'number', inferredType: 'number' };
  const f = spec.features.find((x) => x.source === name);
  const type: RawColumnType =
    name === spec.dateColumn || f?.kind === 'date' ? 'date' : f?.kind === 'numeric' ? 'number' : f?.kind === 'boolean' ? 'boolean' : 'category';
  return { name, type, inferredType: type };
}

const isNumericType = (t: RawColumnType): boolean => t === 'number' || t === 'integer';
const isDateType = (t: RawColumnType): boolean => t === 'date' || t === 'datetime';
const quote = (v: RawValue): string => JSON.stringify(v instanceof Date ? v.toISOString() : String(v));

function isMissingValue(v: RawValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isNaN(v);
  if (typeof v === 'string') return isMissingText(v);
  if (v instanceof Date) return Number.isNaN(v.getTime());
  return false;
}

/** A number column's value (NaN = missing; infinities are missing, as when the app reads a CSV). */
function readNumber(col: SpecColumn, v: RawValue, decimalComma: boolean, row: number): number {
  if (isMissingValue(v)) return NaN;
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'boolean') x = v ? 1 : 0;
  else if (v instanceof Date) x = v.getTime();
  else {
    const s = String(v);
    x = parseNum(s, decimalComma);
    if (Number.isNaN(x)) {
      if (isInfinityText(s) || col.unparseableAsMissing) return NaN;
      throw new PreprocessError(`Row ${row + 1}, column ${JSON.stringify(col.name)}: ${quote(v)} is not a number.`, row + 1, col.name);
    }
  }
  if (col.unparseableAsMissing && col.type === 'integer' && !Number.isInteger(x)) return NaN; // as the app's integer override made it
  return Number.isFinite(x) ? x : NaN;
}

/** A boolean column's value as 0/1 (NaN = missing): the app's boolean words; 0/1 where the app read numbers as booleans. */
function readBoolean(col: SpecColumn, v: RawValue, decimalComma: boolean, row: number): number {
  if (isMissingValue(v)) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const fromNumbers = col.inferredType !== 'boolean';
  if (typeof v === 'number' && fromNumbers && (v === 0 || v === 1)) return v;
  if (typeof v === 'string') {
    const b = parseBool(v);
    if (b >= 0) return b;
    if (fromNumbers) {
      const x = parseNum(v, decimalComma);
      if (x === 0 || x === 1) return x;
    }
  }
  if (col.unparseableAsMissing) return NaN;
  throw new PreprocessError(
    `Row ${row + 1}, column ${JSON.stringify(col.name)}: ${quote(v)} is not a boolean (${fromNumbers ? 'true/false, yes/no, 1/0' : 'true/false, yes/no, t/f, y/n'}).`,
    row + 1,
    col.name,
  );
}

/** A date column's value as epoch milliseconds (UTC unless the text has an offset); NaN = missing. */
function readDate(col: SpecColumn, v: RawValue, decimalComma: boolean, row: number): number {
  if (isMissingValue(v)) return NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (isNumericType(col.inferredType)) return readNumber(col, v, decimalComma, row);
  const d = typeof v === 'string' ? parseDate(v) : null;
  if (!d && col.unparseableAsMissing) return NaN;
  if (!d) throw new PreprocessError(`Row ${row + 1}, column ${JSON.stringify(col.name)}: ${quote(v)} is not a date (YYYY-MM-DD[ HH:MM[:SS]][Z|±HH:MM]).`, row + 1, col.name);
  return d.ms;
}

/**
 * The text a category (or group) value has in the app: the CSV text itself, or — for a column the app
 * read as numbers, booleans or dates and the user set to category — the text of the parsed value.
 * null = missing.
 */
function readLabel(col: SpecColumn, v: RawValue, decimalComma: boolean, row: number): string | null {
  if (isMissingValue(v)) return null;
  const t = col.type === 'category' || col.type === 'text' ? col.inferredType : col.type;
  if (isNumericType(t)) {
    const x = readNumber(col, v, decimalComma, row);
    return Number.isNaN(x) ? null : String(x);
  }
  if (t === 'boolean') return readBoolean(col, v, decimalComma, row) ? 'true' : 'false';
  if (isDateType(t)) {
    const ms = readDate(col, v, decimalComma, row);
    if (Number.isNaN(ms)) return null;
    return col.type === 'category' || col.type === 'text' ? formatDate(ms, t === 'datetime') : String(ms);
  }
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** Raw rows encoded as the model's input rows. */
export interface EncodedRows {
  /** Normalized features, row-major [rows × nFeatures]. */
  x: Float32Array;
  rows: number;
  nFeatures: number;
  /** Per encoded row, its index in the rows given (rows are dropped and sorted as in the app). */
  rowIndex: number[];
  /** Consecutive encoded rows of one group (one range without a group column). */
  groups: { name: string; start: number; end: number }[];
  /** Window transforms other than level: the regression targets per row, normalized [rows × targets] (NaN = missing). */
  y?: Float32Array;
}

/**
 * Raw rows → the normalized feature matrix, as the app prepares its data: parse, drop rows without a
 * date or group value, sort by group then date, handle missing features by the run's policy, encode.
 */
export function encodeRawRows(spec: PreprocessingSpec, rows: readonly RawRow[]): EncodedRows {
  const dc = spec.decimalComma === true;
  const needed = specColumnNames(spec);
  rows.forEach((row, r) => {
    for (const c of needed)
      if (!(c in row)) throw new PreprocessError(`Row ${r + 1} has no column ${JSON.stringify(c)} (needed: ${needed.join(', ')}).`, r + 1, c);
  });
  const n = rows.length;
  const dateCol = spec.dateColumn !== null ? specColumn(spec, spec.dateColumn) : null;
  const groupCol = spec.groupColumn !== null ? specColumn(spec, spec.groupColumn) : null;
  const parts = datePartNames(spec).map((c) => specColumn(spec, c));
  const dates = dateCol
    ? rows.map((row, r) => readDate(dateCol, row[dateCol.name], dc, r))
    : parts.length
      ? rows.map((row, r) => {
          const v = parts.map((c) => readNumber(c, row[c.name], dc, r));
          const ms = composeDate(v[0]!, v[1]!, v[2]!, v[3] ?? 0);
          if (typeof ms === 'string')
            throw new PreprocessError(`Row ${r + 1}, date from columns ${parts.map((c) => JSON.stringify(c.name)).join(', ')}: ${ms}.`, r + 1, parts[0]!.name);
          return ms;
        })
      : null;
  const labels = groupCol ? rows.map((row, r) => readLabel(groupCol, row[groupCol.name], dc, r)) : null;

  // one source per feature column (in feature order), its values per given row: numbers, 0/1 or category index
  interface Source {
    col: SpecColumn;
    kind: 'numeric' | 'boolean' | 'onehot';
    first: number;
    values: Float64Array;
  }
  const sources: Source[] = [];
  spec.features.forEach((f, j) => {
    if (f.kind === 'date' || f.kind === 'token' || sources.some((s) => s.col.name === f.source)) return;
    const col = specColumn(spec, f.source);
    const values = new Float64Array(n);
    if (f.kind === 'onehot') {
      const cats = spec.features.filter((g) => g.source === f.source && g.kind === 'onehot').map((g) => g.category ?? '');
      const index = new Map(cats.map((c, k) => [c, k]));
      rows.forEach((row, r) => {
        const t = readLabel(col, row[f.source], dc, r);
        if (t === null) values[r] = NaN;
        else {
          const k = index.get(t);
          if (k === undefined)
            throw new PreprocessError(
              `Row ${r + 1}, column ${JSON.stringify(f.source)}: ${JSON.stringify(t)} is not a category the model was trained on (${cats.slice(0, 8).map((c) => JSON.stringify(c)).join(', ')}${cats.length > 8 ? ', …' : ''}).`,
              r + 1,
              f.source,
            );
          values[r] = k;
        }
      });
    } else {
      const read = f.kind === 'boolean' ? readBoolean : readNumber;
      rows.forEach((row, r) => {
        values[r] = read(col, row[f.source], dc, r);
      });
    }
    sources.push({ col, kind: f.kind, first: j, values });
  });
  // a text input: each row's tokens; a row whose text is missing or has no tokens is dropped (as in the app)
  const text = spec.text ?? null;
  const textColumn = text ? specColumn(spec, text.column) : null;
  const tokenLists = text
    ? rows.map((row, r) => {
        const v = row[text.column];
        if (isMissingValue(v)) return null;
        const t = tokenizeText(readLabel(textColumn!, v, dc, r) ?? '', text.tokenizer, text.lowercase);
        return t.length ? t : null;
      })
    : null;
  const firstToken = spec.features.findIndex((f) => f.kind === 'token');

  // rows with a date and group value, sorted by group, then date, then position
  let order: number[] = [];
  for (let i = 0; i < n; i++) if (!(dates && Number.isNaN(dates[i]!)) && !(labels && labels[i] === null) && !(tokenLists && tokenLists[i] === null)) order.push(i);
  if (dates || labels)
    order = order.sort((a, b) => {
      if (labels) {
        const ga = labels[a]!;
        const gb = labels[b]!;
        if (ga !== gb) return ga < gb ? -1 : 1;
      }
      if (dates && dates[a] !== dates[b]) return dates[a]! - dates[b]!;
      return a - b;
    });
  const groupOf = (i: number): string => (labels ? labels[i]! : '');
  const vals = sources.map((s) => order.map((i) => s.values[i]!));
  if (spec.missing === 'ffill')
    for (const v of vals) for (let k = 1; k < v.length; k++) if (Number.isNaN(v[k]!) && groupOf(order[k]!) === groupOf(order[k - 1]!)) v[k] = v[k - 1]!;
  const keep: number[] = [];
  for (let k = 0; k < order.length; k++) if (spec.missing === 'mean' || vals.every((v) => !Number.isNaN(v[k]!))) keep.push(k);

  const nF = spec.features.length;
  const x = new Float32Array(keep.length * nF);
  const rowIndex = keep.map((k) => order[k]!);
  keep.forEach((k, r) => {
    sources.forEach((s, si) => {
      const v = vals[si]![k]!;
      const f = spec.features[s.first]!;
      if (s.kind === 'numeric') x[r * nF + s.first] = ((v === v ? v : (f.fill ?? 0)) - (f.offset ?? 0)) * (f.scale ?? 1);
      else if (s.kind === 'boolean') x[r * nF + s.first] = v === v ? v : (f.fill ?? 0);
      else if (v === v) x[r * nF + s.first + v] = 1; // a missing category (mean policy): all zeros
    });
    if (text && firstToken >= 0)
      encodeTokenIds(tokenLists![rowIndex[r]!]!, vocabularyIndex(text.vocabulary), text.sequenceLength, text.padding, text.truncating, x, r * nF + firstToken);
    if (dates) {
      const ms = dates[rowIndex[r]!]!;
      spec.features.forEach((f, j) => {
        if (f.kind !== 'date') return;
        if (f.date === 'dow_sin' || f.date === 'dow_cos') {
          const dow = (((Math.floor(ms / 86_400_000) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
          x[r * nF + j] = f.date === 'dow_sin' ? Math.sin((2 * Math.PI * dow) / 7) : Math.cos((2 * Math.PI * dow) / 7);
        } else {
          const m = new Date(ms).getUTCMonth();
          x[r * nF + j] = f.date === 'month_sin' ? Math.sin((2 * Math.PI * m) / 12) : Math.cos((2 * Math.PI * m) / 12);
        }
      });
    }
  });
  const groups: EncodedRows['groups'] = [];
  rowIndex.forEach((i, r) => {
    const g = groupOf(i);
    const last = groups[groups.length - 1];
    if (last && last.name === g) last.end = r + 1;
    else groups.push({ name: g, start: r, end: r + 1 });
  });
  if (!needsTargetHistory(spec)) return { x, rows: keep.length, nFeatures: nF, rowIndex, groups };
  // the targets' history, normalized like the model's targets; forward-filled within a group under 'ffill'
  const nT = spec.targets.length;
  const y = new Float32Array(keep.length * nT);
  spec.targets.forEach((t, j) => {
    const col = specColumn(spec, t.name);
    const v = order.map((i) => readNumber(col, rows[i]![t.name], dc, i));
    if (spec.missing === 'ffill') for (let k = 1; k < v.length; k++) if (Number.isNaN(v[k]!) && groupOf(order[k]!) === groupOf(order[k - 1]!)) v[k] = v[k - 1]!;
    keep.forEach((k, r) => {
      y[r * nT + j] = (v[k]! - t.offset) * t.scale;
    });
  });
  return { x, rows: keep.length, nFeatures: nF, rowIndex, groups, y };
}

/**
 * Start rows of every input window: sequence mode, each run of `lookback` consecutive rows of one group
 * (after the history rows a differencing transform reads); tabular mode, each row.
 */
export function windowStarts(spec: PreprocessingSpec, enc: EncodedRows): number[] {
  const L = spec.mode === 'sequence' ? spec.lookback : 1;
  const pre = windowHistory(windowRuleOf(spec));
  const out: number[] = [];
  for (const g of enc.groups) for (let s = g.start + pre; s + L <= g.end; s++) out.push(s);
  return out;
}

/** Column indexes of the normalized numeric features (the ones a window transform changes). */
function numericFeatureColumns(spec: PreprocessingSpec): number[] {
  const out: number[] = [];
  spec.features.forEach((f, j) => {
    if (f.kind === 'numeric') out.push(j);
  });
  return out;
}

/** The windows starting at `starts`, window transform applied, in one batch [windows × lookback × features] (tabular: [rows × features]). */
export function windowBatch(spec: PreprocessingSpec, enc: EncodedRows, starts: readonly number[]): { data: Float32Array; shape: number[] } {
  const L = spec.mode === 'sequence' ? spec.lookback : 1;
  const per = L * enc.nFeatures;
  const data = new Float32Array(starts.length * per);
  const rule = windowRuleOf(spec);
  const numeric = numericFeatureColumns(spec);
  starts.forEach((s, w) => {
    if (rule.transform === 'level') data.set(enc.x.subarray(s * enc.nFeatures, s * enc.nFeatures + per), w * per);
    else transformWindow(rule, enc.x, enc.nFeatures, numeric, s, data, w * per);
  });
  return { data, shape: spec.mode === 'sequence' ? [starts.length, L, enc.nFeatures] : [starts.length, enc.nFeatures] };
}

/** One name per regression output: `${target} t+${step}` (target-major), or the target's name with one step. */
export function specOutputNames(spec: PreprocessingSpec): string[] {
  return outputNamesOf(
    spec.targets.map((t) => t.name),
    windowRuleOf(spec).steps,
  );
}

/**
 * Regression outputs (the model's, [windows × targets·steps]) → output name → value in the target's
 * units. A window transform other than level is inverted with each window's own history: pass the
 * encoded rows and the windows' start rows the outputs were predicted for.
 */
export function decodeRegression(spec: PreprocessingSpec, y: ArrayLike<number>, enc?: EncodedRows, starts?: readonly number[]): Record<string, number>[] {
  const rule = windowRuleOf(spec);
  const nT = spec.targets.length;
  const K = rule.steps.length;
  const width = nT * K;
  const names = specOutputNames(spec);
  const out: Record<string, number>[] = [];
  if (width === 0) return out;
  const level = rule.transform === 'level';
  if (!level && (!enc || !enc.y || !starts))
    throw new Error(`decodeRegression: the ${rule.transform} window transform needs the encoded rows (with the targets' history) and the window starts.`);
  for (let i = 0; i < y.length / width; i++) {
    const p: Record<string, number> = {};
    spec.targets.forEach((t, j) => {
      const vals = level
        ? Array.from({ length: K }, (_, k) => y[i * width + j * K + k]!)
        : decodeWindowTargets(rule, (r) => enc!.y![r * nT + j]!, starts![i]!, y, i * width + j * K);
      for (let k = 0; k < K; k++) p[names[j * K + k]!] = vals[k]! / t.scale + t.offset;
    });
    out.push(p);
  }
  return out;
}

/** Classification outputs (probabilities) → the most likely label and every label's probability. Binary models output P(classes[1]). */
export function decodeClasses(spec: PreprocessingSpec, y: ArrayLike<number>): { label: string; probabilities: Record<string, number> }[] {
  const classes = spec.classes ?? [];
  const width = spec.outputUnits;
  const out: { label: string; probabilities: Record<string, number> }[] = [];
  for (let i = 0; width > 0 && i < y.length / width; i++) {
    const probs = width === 1 ? [1 - y[i]!, y[i]!] : Array.from({ length: width }, (_, k) => y[i * width + k]!);
    let best = 0;
    for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
    const probabilities: Record<string, number> = {};
    probs.forEach((p, k) => {
      probabilities[classes[k] ?? String(k)] = p;
    });
    out.push({ label: classes[best] ?? String(best), probabilities });
  }
  return out;
}
