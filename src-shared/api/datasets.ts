/**
 * Datasets: CSV files parsed (in the renderer's worker, or by the service for bundled samples), stored
 * in SQLite as one typed blob per column plus the profile. The renderer loads the blobs back to prepare
 * samples and train.
 */
import { z } from 'zod';
import { method } from './define';
import { id, name, noArgs } from './common';
import { columnNameSchema, columnTypeSchema, type DataPrepInput } from '../data/spec';
import type { DatasetMeta, DatasetProfile } from '../data/dataset';
import type { ColumnProfile } from '../data/profile';
import { CHUNK_BYTES, MAX_UPLOAD_BYTES, formatBytes } from '../data/limits';

export interface DatasetSummary {
  id: string;
  name: string;
  /** The project the dataset was imported into (null once that project is deleted). */
  projectId: string | null;
  sourceName: string;
  sourceSize: number;
  sourceHash: string;
  rowCount: number;
  columnCount: number;
  createdAt: string;
}

/** A dataset with its profile (types, statistics, preview) but no column data. */
export interface DatasetInfo extends DatasetSummary {
  profile: DatasetProfile;
}

/** The stored form, as `deserializeDataset(meta, blobs)` takes it. */
export interface DatasetData {
  id: string;
  meta: DatasetMeta;
  blobs: Uint8Array[];
}

/** A begun chunked upload: send chunks 0…chunkCount-1 of chunkBytes each (the last one the rest). */
export interface UploadTicket {
  uploadId: string;
  chunkBytes: number;
  chunkCount: number;
}

export interface SampleInfo {
  file: string;
  title: string;
  description: string;
  rows: number;
  suggested: { title: string; prep: DataPrepInput }[];
}

/** The bundled samples' index (resources/samples/index.json). */
export const samplesIndexSchema = z.object({
  samples: z.array(
    z.object({
      file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/),
      title: z.string(),
      description: z.string(),
      rows: z.number().int().min(0),
      suggested: z.array(z.object({ title: z.string(), prep: z.record(z.string(), z.unknown()) })).default([]),
    }),
  ),
});

/** Most columns a stored dataset may have (the parser's own limit). */
export const MAX_DATASET_COLUMNS = 10_000;

const columnName = columnNameSchema;
const profileShape = z.looseObject({
  name: columnName,
  type: columnTypeSchema,
  inferredType: columnTypeSchema,
  count: z.number(),
  missing: z.number(),
  distinct: z.number(),
});

/** Structural check of serializeDataset's meta; sizes against the blobs are checked by the service. */
export const datasetMetaSchema = z.object({
  name,
  rowCount: z.number().int().min(0),
  format: z.object({ delimiter: z.string().min(1).max(4), header: z.boolean(), decimalComma: z.boolean(), bom: z.boolean() }),
  source: z.object({ name: z.string().min(1).max(1000), size: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{16}$/) }),
  preview: z.array(z.array(z.string())).max(1000),
  warnings: z.array(z.string()).max(10_000),
  columns: z
    .array(
      z.object({
        name: columnName,
        type: columnTypeSchema,
        inferredType: columnTypeSchema,
        kind: z.enum(['float64', 'dict', 'bool']),
        length: z.number().int().min(0),
        categories: z.array(z.string()).optional(),
        profile: z.custom<ColumnProfile>((v) => profileShape.safeParse(v).success, 'must be a column profile (name, type, count, missing, distinct)'),
      }),
    )
    .min(1)
    .max(MAX_DATASET_COLUMNS),
});

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes (Uint8Array)');

/**
 * The column blobs of a dataset travel either inline (`blobs`, small datasets) or as a chunked upload
 * (`uploadId`): the blobs concatenated in column order, cut into chunks of CHUNK_BYTES. The service
 * checks sizes against its own (possibly lower) limits and answers bad_request "too large (limit …)".
 */
export const datasetMethods = {
  'datasets.list': method<DatasetSummary[]>()(
    z.object({ projectId: id.optional() }).strict(),
    "List stored datasets (a project's own when projectId is given), newest first",
  ),
  'datasets.get': method<DatasetInfo>()(z.object({ id }).strict(), "A dataset's profile: column types, statistics, preview rows"),
  'datasets.create': method<DatasetInfo>()(
    z
      .object({
        name,
        projectId: id.optional(),
        meta: datasetMetaSchema,
        blobs: z.array(bytes).max(MAX_DATASET_COLUMNS).optional(),
        uploadId: id.optional(),
      })
      .strict()
      .refine((a) => (a.blobs === undefined) !== (a.uploadId === undefined), {
        message: 'give either blobs (a small dataset) or uploadId (a chunked upload), not both',
        path: ['blobs'],
      }),
    'Store a dataset parsed in the UI (serializeDataset output), all or nothing: blobs inline, or the chunks of uploadId',
  ),
  'datasets.uploadBegin': method<UploadTicket>()(
    z.object({ totalBytes: z.number().int().min(1).max(MAX_UPLOAD_BYTES, `too large (limit ${formatBytes(MAX_UPLOAD_BYTES)})`) }).strict(),
    "Begin a chunked upload of a dataset's column blobs (concatenated, totalBytes in all)",
  ),
  'datasets.uploadChunk': method<{ received: number; chunkCount: number }>()(
    z
      .object({
        uploadId: id,
        index: z.number().int().min(0),
        bytes: bytes.refine((b) => b.byteLength >= 1 && b.byteLength <= CHUNK_BYTES, `must be 1 to ${CHUNK_BYTES} bytes`),
      })
      .strict(),
    'Send one chunk of a begun upload (any order; a repeated chunk must be identical)',
  ),
  'datasets.uploadAbort': method<{ aborted: boolean }>()(z.object({ uploadId: id }).strict(), 'Drop a begun upload and its chunks'),
  'datasets.samples': method<SampleInfo[]>()(noArgs, 'The bundled sample datasets'),
  'datasets.importSample': method<DatasetInfo>()(
    z.object({ file: z.string().min(1).max(200), projectId: id.optional() }).strict(),
    'Import one of the bundled samples by its file name',
  ),
  'datasets.setColumnType': method<DatasetInfo>()(
    z.object({ id, column: columnName, type: columnTypeSchema, coerce: z.boolean().optional() }).strict(),
    "Override a column's inferred type (values that do not fit are refused, or made missing with coerce)",
  ),
  'datasets.delete': method<{ deleted: true }>()(z.object({ id }).strict(), 'Delete a dataset and its column data'),
  'datasets.load': method<DatasetData>()(
    z.object({ id, blobs: z.boolean().optional() }).strict(),
    "A dataset's meta and column blobs, for preparing and training (blobs: false for the meta alone; large datasets load in chunks)",
  ),
  'datasets.loadChunk': method<{ bytes: Uint8Array }>()(
    z
      .object({
        id,
        offset: z.number().int().min(0),
        length: z.number().int().min(1).max(CHUNK_BYTES),
      })
      .strict(),
    "Bytes offset…offset+length of a dataset's column blobs, concatenated in column order",
  ),
} as const;
