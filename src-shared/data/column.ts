/**
 * Columnar storage of a dataset: one compact typed array per column, ready for SQLite blobs.
 *   number, integer, date, datetime → Float64Array (dates as epoch ms), NaN = missing
 *   category, text                  → Int32Array dictionary codes + categories list, -1 = missing
 *   boolean                         → Uint8Array 0/1, 255 = missing
 */
import type { ColumnType } from './spec';
import { DataError } from './errors';
import { formatDate, parseBool, parseDate, parseNum } from './values';

export type ColumnData =
  | { kind: 'float64'; values: Float64Array }
  | { kind: 'dict'; codes: Int32Array; categories: string[] }
  | { kind: 'bool'; values: Uint8Array };

export const BOOL_MISSING = 255;

/** A column before profiling (what the parser builds and what storage decodes). */
export interface RawColumn {
  name: string;
  type: ColumnType;
  /** The type the profiler inferred (kept when the user overrides `type`). */
  inferredType: ColumnType;
  data: ColumnData;
}

export function columnLength(d: ColumnData): number {
  return d.kind === 'dict' ? d.codes.length : d.values.length;
}

export function kindFor(type: ColumnType): ColumnData['kind'] {
  switch (type) {
    case 'number':
    case 'integer':
    case 'date':
    case 'datetime':
      return 'float64';
    case 'boolean':
      return 'bool';
    default:
      return 'dict';
  }
}

/** Whether value i is missing. */
export function isMissingAt(d: ColumnData, i: number): boolean {
  if (d.kind === 'float64') return Number.isNaN(d.values[i]!);
  if (d.kind === 'dict') return d.codes[i]! < 0;
  return d.values[i] === BOOL_MISSING;
}

/** The text of value i ('' when missing), as shown in previews and used when converting types. */
export function textAt(col: { type: ColumnType; data: ColumnData }, i: number): string {
  const d = col.data;
  if (d.kind === 'dict') {
    const c = d.codes[i]!;
    return c < 0 ? '' : d.categories[c]!;
  }
  if (d.kind === 'bool') {
    const v = d.values[i]!;
    return v === BOOL_MISSING ? '' : v ? 'true' : 'false';
  }
  const v = d.values[i]!;
  if (Number.isNaN(v)) return '';
  if (col.type === 'date' || col.type === 'datetime') return formatDate(v, col.type === 'datetime');
  return String(v);
}

// ---- type conversion (user overrides) ----

function firstRowWithCode(codes: Int32Array, code: number): number {
  for (let i = 0; i < codes.length; i++) if (codes[i] === code) return i + 1;
  return 0;
}

/** Dictionary-encodes any column as text. */
export function toDict(col: { type: ColumnType; data: ColumnData }): { kind: 'dict'; codes: Int32Array; categories: string[] } {
  if (col.data.kind === 'dict') return col.data;
  const n = columnLength(col.data);
  const codes = new Int32Array(n);
  const map = new Map<string, number>();
  const categories: string[] = [];
  for (let i = 0; i < n; i++) {
    if (isMissingAt(col.data, i)) {
      codes[i] = -1;
      continue;
    }
    const t = textAt(col, i);
    let c = map.get(t);
    if (c === undefined) {
      c = categories.length;
      map.set(t, c);
      categories.push(t);
    }
    codes[i] = c;
  }
  return { kind: 'dict', codes, categories };
}

export interface ConvertOptions {
  /** Values that do not fit the new type become missing instead of raising a DataError. */
  coerce?: boolean;
  decimalComma?: boolean;
}

/** Converts a column's data to `type`. Throws DataError naming the first row whose value does not fit (unless coerce). */
export function convertColumn(col: RawColumn, type: ColumnType, opts: ConvertOptions = {}): ColumnData {
  const target = kindFor(type);
  if (col.type === type) return col.data;
  const src = col.data;
  if (target === 'dict') return toDict(col);
  const isDateType = type === 'date' || type === 'datetime';
  const wasDate = col.type === 'date' || col.type === 'datetime';
  if (src.kind === 'float64' && target === 'float64') {
    if (isDateType !== wasDate) {
      throw new DataError(
        `Column "${col.name}" holds ${col.type} values and cannot be read as ${type}; only text values can be parsed as dates.`,
        { column: col.name },
      );
    }
    if (type === 'integer') {
      const v = src.values;
      for (let i = 0; i < v.length; i++) {
        const x = v[i]!;
        if (!Number.isNaN(x) && !Number.isInteger(x)) {
          if (opts.coerce) break;
          throw new DataError(`Row ${i + 1}, column "${col.name}": ${x} is not an integer.`, { row: i + 1, column: col.name });
        }
      }
      if (opts.coerce) return { kind: 'float64', values: v.map((x) => (Number.isInteger(x) ? x : NaN)) };
    }
    return src;
  }
  const dict = toDict(col);
  const n = dict.codes.length;
  if (target === 'bool') {
    const map = dict.categories.map((c) => {
      const b = parseBool(c);
      if (b >= 0) return b;
      const x = parseNum(c, opts.decimalComma);
      return x === 0 ? 0 : x === 1 ? 1 : -1;
    });
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = dict.codes[i]!;
      if (c < 0) {
        out[i] = BOOL_MISSING;
        continue;
      }
      const b = map[c]!;
      if (b < 0) {
        if (!opts.coerce)
          throw new DataError(`Row ${i + 1}, column "${col.name}": "${dict.categories[c]}" is not a boolean (true/false, yes/no, 1/0).`, {
            row: i + 1,
            column: col.name,
          });
        out[i] = BOOL_MISSING;
      } else out[i] = b;
    }
    return { kind: 'bool', values: out };
  }
  // dict → float64 (number, integer, date, datetime)
  const map = new Float64Array(dict.categories.length);
  let bad = -1;
  for (let c = 0; c < dict.categories.length; c++) {
    const t = dict.categories[c]!;
    let x: number;
    if (isDateType) {
      const d = parseDate(t);
      x = d ? d.ms : NaN;
    } else {
      x = parseNum(t, opts.decimalComma);
      if (!Number.isFinite(x) || (type === 'integer' && !Number.isInteger(x))) x = NaN;
    }
    map[c] = x;
    if (Number.isNaN(x) && bad < 0) bad = c;
  }
  if (bad >= 0 && !opts.coerce) {
    const row = firstRowWithCode(dict.codes, bad);
    const what = isDateType ? 'a date (YYYY-MM-DD[ HH:MM[:SS]])' : type === 'integer' ? 'an integer' : 'a number';
    throw new DataError(`Row ${row}, column "${col.name}": "${dict.categories[bad]}" is not ${what}.`, { row, column: col.name });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = dict.codes[i]!;
    out[i] = c < 0 ? NaN : map[c]!;
  }
  return { kind: 'float64', values: out };
}

// ---- blobs for SQLite ----

/** What storage keeps next to a column's blob (JSON-serializable). */
export interface ColumnMeta {
  name: string;
  type: ColumnType;
  inferredType: ColumnType;
  kind: ColumnData['kind'];
  length: number;
  /** Dictionary of a category/text column (codes in the blob index into it). */
  categories?: string[];
}

export function columnMeta(col: RawColumn): ColumnMeta {
  const m: ColumnMeta = { name: col.name, type: col.type, inferredType: col.inferredType, kind: col.data.kind, length: columnLength(col.data) };
  if (col.data.kind === 'dict') m.categories = col.data.categories;
  return m;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The column's values as little-endian bytes (Float64 / Int32 / Uint8), a copy safe to store. */
export function encodeColumn(col: RawColumn): Uint8Array {
  if (!LITTLE_ENDIAN) throw new DataError('Big-endian platforms are not supported for dataset storage.');
  const d = col.data;
  const arr = d.kind === 'dict' ? d.codes : d.values;
  return new Uint8Array(arr.buffer.slice(arr.byteOffset, arr.byteOffset + arr.byteLength) as ArrayBuffer);
}

/** Rebuilds a column from its blob and meta. Throws DataError when they disagree (corrupt storage). */
export function decodeColumn(bytes: Uint8Array, meta: ColumnMeta): RawColumn {
  const width = meta.kind === 'float64' ? 8 : meta.kind === 'dict' ? 4 : 1;
  if (bytes.byteLength !== meta.length * width)
    throw new DataError(`Stored column "${meta.name}" has ${bytes.byteLength} bytes, expected ${meta.length * width}.`, { column: meta.name });
  const copy = bytes.slice().buffer as ArrayBuffer; // aligned, owned
  let data: ColumnData;
  if (meta.kind === 'float64') data = { kind: 'float64', values: new Float64Array(copy) };
  else if (meta.kind === 'bool') data = { kind: 'bool', values: new Uint8Array(copy) };
  else {
    const codes = new Int32Array(copy);
    const cats = meta.categories ?? [];
    for (let i = 0; i < codes.length; i++)
      if (codes[i]! >= cats.length) throw new DataError(`Stored column "${meta.name}" has a code outside its categories.`, { column: meta.name });
    data = { kind: 'dict', codes, categories: cats };
  }
  return { name: meta.name, type: meta.type, inferredType: meta.inferredType, data };
}
