/** Type inference and per-column profiles (counts, stats, top categories, histogram for a sparkline). */
import type { ColumnType } from './spec';
import { BOOL_MISSING, type ColumnData, type RawColumn } from './column';
import { parseBool, parseDate, parseNum } from './values';

export interface Histogram {
  min: number;
  max: number;
  /** Equal-width bins over [min, max]. */
  counts: number[];
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  inferredType: ColumnType;
  /** Non-missing values. */
  count: number;
  missing: number;
  distinct: number;
  /** Numbers, integers; dates/datetimes as epoch ms (min/max only). */
  min?: number;
  max?: number;
  mean?: number;
  /** Population standard deviation. */
  std?: number;
  /** Most frequent values (category, text, boolean), most frequent first, at most 10. */
  top?: { value: string; count: number }[];
  histogram?: Histogram;
  /** Problems worth showing, each naming the row. */
  warnings?: string[];
}

export const HISTOGRAM_BINS = 20;
export const TOP_N = 10;
/** A text column becomes a category when it has at most this many distinct values … */
export const CATEGORY_MAX_DISTINCT = 1000;

/** Infers the type of a dictionary (text) column from its distinct values. */
export function inferDictType(categories: string[], nonMissing: number): ColumnType {
  if (categories.length === 0) return 'text';
  if (categories.length <= 2 || categories.every((c) => parseBool(c) >= 0)) {
    if (categories.every((c) => parseBool(c) >= 0)) return 'boolean';
  }
  let dates = 0;
  let withTime = 0;
  for (const c of categories) {
    const d = parseDate(c);
    if (!d) break;
    dates++;
    if (d.time) withTime++;
  }
  if (dates === categories.length) return withTime > 0 ? 'datetime' : 'date';
  const k = categories.length;
  if (k <= 50 || (k <= CATEGORY_MAX_DISTINCT && k <= 0.2 * nonMissing)) return 'category';
  return 'text';
}

/** Infers number vs integer for a float64 column built from numeric text. */
export function inferNumericType(values: Float64Array): ColumnType {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && !Number.isInteger(v)) return 'number';
  }
  return 'integer';
}

function histogram(values: Float64Array, min: number, max: number, bins = HISTOGRAM_BINS): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const b = span > 0 ? Math.min(bins - 1, Math.floor(((v - min) / span) * bins)) : 0;
    counts[b]!++;
  }
  return { min, max, counts };
}

/** Exact number of distinct non-NaN values, with an open-addressing hash set over the float bits. */
export function countDistinct(values: Float64Array, count = values.length): number {
  if (count === 0) return 0;
  let cap = 16;
  while (cap < count * 2) cap *= 2;
  const mask = cap - 1;
  const table = new Float64Array(cap).fill(NaN);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i]!;
    if (v !== v) continue;
    if (v === 0) v = 0; // -0 and 0 are one value
    f[0] = v;
    let h = u[0]! ^ Math.imul(u[1]!, 0x9e3779b1); // murmur3 fmix32 so every bit reaches the low bits
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h = ((h ^ (h >>> 16)) >>> 0) & mask;
    for (;;) {
      const t = table[h]!;
      if (t !== t) {
        table[h] = v;
        distinct++;
        break;
      }
      if (t === v) break;
      h = (h + 1) & mask;
    }
  }
  return distinct;
}

function profileFloat(name: string, type: ColumnType, values: Float64Array): ColumnProfile {
  const n = values.length;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const p: ColumnProfile = { name, type, inferredType: type, count, missing: n - count, distinct: 0 };
  if (count === 0) return p;
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === v) ss += (v - mean) * (v - mean);
  }
  const distinct = countDistinct(values, count);
  p.distinct = distinct;
  p.min = min;
  p.max = max;
  if (type !== 'date' && type !== 'datetime') {
    p.mean = mean;
    p.std = Math.sqrt(ss / count);
  }
  p.histogram = histogram(values, min, max);
  return p;
}

function profileDict(name: string, type: ColumnType, codes: Int32Array, categories: string[]): ColumnProfile {
  const counts = new Float64Array(categories.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) missing++;
    else counts[c]!++;
  }
  let distinct = 0;
  for (let c = 0; c < counts.length; c++) if (counts[c]! > 0) distinct++;
  const order = Array.from(counts.keys())
    .filter((c) => counts[c]! > 0)
    .sort((a, b) => counts[b]! - counts[a]! || (categories[a]! < categories[b]! ? -1 : 1))
    .slice(0, TOP_N);
  return {
    name,
    type,
    inferredType: type,
    count: codes.length - missing,
    missing,
    distinct,
    top: order.map((c) => ({ value: categories[c]!, count: counts[c]! })),
  };
}

function profileBool(name: string, values: Uint8Array): ColumnProfile {
  let t = 0;
  let f = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 1) t++;
    else if (v === 0) f++;
  }
  const top = [
    { value: 'true', count: t },
    { value: 'false', count: f },
  ]
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return { name, type: 'boolean', inferredType: 'boolean', count: t + f, missing: values.length - t - f, distinct: top.length, top };
}

/** Profiles one column. `warnings` from parsing are passed through. */
export function profileColumn(col: RawColumn, warnings: string[] = []): ColumnProfile {
  const d: ColumnData = col.data;
  const p =
    d.kind === 'float64'
      ? profileFloat(col.name, col.type, d.values)
      : d.kind === 'dict'
        ? profileDict(col.name, col.type, d.codes, d.categories)
        : profileBool(col.name, d.values);
  p.inferredType = col.inferredType;
  if (warnings.length) p.warnings = warnings;
  return p;
}

export { BOOL_MISSING };
/** Share of a dictionary column's non-missing values that read as numbers (for "mostly numeric" warnings). */
export function numericShare(codes: Int32Array, categories: string[], decimalComma: boolean): number {
  const isNum = categories.map((c) => Number.isFinite(parseNum(c, decimalComma)));
  let num = 0;
  let all = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) continue;
    all++;
    if (isNum[c]) num++;
  }
  return all === 0 ? 0 : num / all;
}
