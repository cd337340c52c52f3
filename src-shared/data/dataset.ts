/** A parsed, typed, profiled dataset held column by column; and its stored form (JSON meta + one blob per column). */
import type { ColumnType } from './spec';
import { DataError } from './errors';
import { columnMeta, convertColumn, decodeColumn, encodeColumn, type ColumnMeta, type RawColumn } from './column';
import { profileColumn, type ColumnProfile } from './profile';

export interface CsvFormat {
  /** ',', ';', '\t' or '|'. */
  delimiter: string;
  header: boolean;
  /** Numbers written `1,5` (with `;`, tab or `|` as delimiter). */
  decimalComma: boolean;
  /** The file started with a UTF-8 byte-order mark (it is stripped). */
  bom: boolean;
}

export interface SourceInfo {
  /** File name as the user picked it (no path). */
  name: string;
  /** Size in bytes. */
  size: number;
  /** FNV-1a 64 of the file's bytes, 16 hex digits. */
  hash: string;
}

export interface Column extends RawColumn {
  profile: ColumnProfile;
}

export interface Dataset {
  name: string;
  rowCount: number;
  columns: Column[];
  format: CsvFormat;
  source: SourceInfo;
  /** First rows as text, for the preview table (at most PREVIEW_ROWS). */
  preview: string[][];
  /** File-level notes (renamed duplicate columns, skipped blank lines…). Column notes are in each profile. */
  warnings: string[];
}

export const PREVIEW_ROWS = 20;

/** What the UI shows: everything but the column data. */
export interface DatasetProfile {
  name: string;
  rowCount: number;
  format: CsvFormat;
  source: SourceInfo;
  columns: ColumnProfile[];
  preview: { header: string[]; rows: string[][] };
  warnings: string[];
}

export function datasetProfile(ds: Dataset): DatasetProfile {
  return {
    name: ds.name,
    rowCount: ds.rowCount,
    format: ds.format,
    source: ds.source,
    columns: ds.columns.map((c) => c.profile),
    preview: { header: ds.columns.map((c) => c.name), rows: ds.preview },
    warnings: ds.warnings,
  };
}

export function getColumn(ds: Dataset, name: string): Column {
  const c = ds.columns.find((x) => x.name === name);
  if (!c) throw new DataError(`The dataset has no column "${name}".`, { column: name });
  return c;
}

/**
 * Overrides a column's type and re-profiles it; returns a new Dataset (other columns shared).
 * Values that do not fit raise a DataError naming row and column, unless `coerce` makes them missing.
 */
export function setColumnType(ds: Dataset, name: string, type: ColumnType, opts: { coerce?: boolean } = {}): Dataset {
  const col = getColumn(ds, name);
  if (col.type === type) return ds;
  const data = convertColumn(col, type, { coerce: opts.coerce ?? false, decimalComma: ds.format.decimalComma });
  const raw: RawColumn = { name: col.name, type, inferredType: col.inferredType, data };
  const next: Column = { ...raw, profile: profileColumn(raw) };
  return { ...ds, columns: ds.columns.map((c) => (c.name === name ? next : c)) };
}

// ---- storage form ----

export interface DatasetMeta {
  name: string;
  rowCount: number;
  format: CsvFormat;
  source: SourceInfo;
  preview: string[][];
  warnings: string[];
  columns: (ColumnMeta & { profile: ColumnProfile })[];
}

/** Splits a dataset into JSON-able meta and one blob per column (same order as meta.columns). */
export function serializeDataset(ds: Dataset): { meta: DatasetMeta; blobs: Uint8Array[] } {
  return {
    meta: {
      name: ds.name,
      rowCount: ds.rowCount,
      format: ds.format,
      source: ds.source,
      preview: ds.preview,
      warnings: ds.warnings,
      columns: ds.columns.map((c) => ({ ...columnMeta(c), profile: c.profile })),
    },
    blobs: ds.columns.map(encodeColumn),
  };
}

export function deserializeDataset(meta: DatasetMeta, blobs: Uint8Array[]): Dataset {
  if (blobs.length !== meta.columns.length)
    throw new DataError(`Stored dataset "${meta.name}" has ${blobs.length} column blobs for ${meta.columns.length} columns.`);
  const columns = meta.columns.map((m, i) => {
    const raw = decodeColumn(blobs[i]!, m);
    if (m.length !== meta.rowCount) throw new DataError(`Stored column "${m.name}" has ${m.length} rows, expected ${meta.rowCount}.`, { column: m.name });
    return { ...raw, profile: m.profile };
  });
  return { name: meta.name, rowCount: meta.rowCount, format: meta.format, source: meta.source, preview: meta.preview, warnings: meta.warnings, columns };
}
