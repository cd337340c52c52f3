/**
 * Datasets service: stores datasets parsed in the UI (validated against their meta, written in one
 * transaction), imports the bundled samples by name, overrides column types, loads and deletes.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import { samplesIndexSchema, type DatasetInfo, type SampleInfo } from '../../src-shared/api/datasets';
import type { DataPrepInput } from '../../src-shared/data/spec';
import { DataError } from '../../src-shared/data/errors';
import { columnMeta, encodeColumn } from '../../src-shared/data/column';
import { deserializeDataset, serializeDataset, setColumnType, type DatasetMeta } from '../../src-shared/data/dataset';
import { parseCsv } from '../../src-shared/data/csv';
import { BYTES_PER_VALUE, DEFAULT_UPLOAD_LIMITS, SQLITE_MAX_BLOB_BYTES, blobSizes, formatBytes, tooLargeMessage } from '../../src-shared/data/limits';
import { datasetsRepo } from '../store/datasets-repo';
import { storeCall } from './store-call';
import { splitChunks, uploadStaging } from './uploads';
import type { ServiceDeps } from './deps';

type DatasetHandlers = Pick<
  Handlers,
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.create'
  | 'datasets.uploadBegin'
  | 'datasets.uploadChunk'
  | 'datasets.uploadAbort'
  | 'datasets.samples'
  | 'datasets.importSample'
  | 'datasets.setColumnType'
  | 'datasets.delete'
  | 'datasets.load'
  | 'datasets.loadChunk'
>;

/** A DataError (bad data) becomes a bad_request the user sees, with its row/column already in the message. */
function dataCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DataError) throw new ApiError('bad_request', err.message, err.column);
    throw err;
  }
}

/** Checks that the blobs are exactly what the meta describes; throws bad_request naming the column otherwise. */
export function checkBlobs(meta: DatasetMeta, blobs: Uint8Array[]): void {
  if (blobs.length !== meta.columns.length)
    throw new ApiError('bad_request', `The dataset has ${meta.columns.length} columns but ${blobs.length} column blobs were sent.`, 'blobs');
  const seen = new Set<string>();
  meta.columns.forEach((c, i) => {
    if (seen.has(c.name)) throw new ApiError('bad_request', `Column "${c.name}" appears twice.`, `meta.columns.${i}.name`);
    seen.add(c.name);
    if (c.length !== meta.rowCount)
      throw new ApiError('bad_request', `Column "${c.name}" has ${c.length} values but the dataset has ${meta.rowCount} rows.`, `meta.columns.${i}.length`);
    const want = c.length * BYTES_PER_VALUE[c.kind];
    if (blobs[i]!.byteLength !== want)
      throw new ApiError('bad_request', `Column "${c.name}" data is ${blobs[i]!.byteLength} bytes; ${c.length} ${c.kind} values need ${want}.`, `blobs.${i}`);
    if (c.kind === 'dict' && !c.categories) throw new ApiError('bad_request', `Column "${c.name}" has codes but no categories.`, `meta.columns.${i}.categories`);
    if (c.profile.name !== c.name) throw new ApiError('bad_request', `Column "${c.name}" has the profile of "${c.profile.name}".`, `meta.columns.${i}.profile`);
  });
  // Decoding checks dictionary codes against the categories.
  dataCall(() => deserializeDataset(meta, blobs));
}

export function datasetHandlers(deps: ServiceDeps): DatasetHandlers {
  const repo = datasetsRepo(deps.store.db);
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...deps.uploadLimits };
  const staging = uploadStaging(limits);
  // The column a chunked load is reading, kept briefly: reading a slice of a blob reads the whole blob.
  let cached: { id: string; position: number; data: Uint8Array; timer: ReturnType<typeof setTimeout> } | null = null;
  const dropCache = (): void => {
    if (cached) clearTimeout(cached.timer);
    cached = null;
  };
  const columnData = (id: string, position: number): Uint8Array => {
    if (!cached || cached.id !== id || cached.position !== position) {
      dropCache();
      const data = repo.columnData(id, position);
      if (!data) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
      cached = { id, position, data, timer: setTimeout(dropCache, 30_000) };
      (cached.timer as { unref?: () => void }).unref?.();
    }
    return cached.data;
  };
  const samplesDir = join(deps.resourcesDir, 'samples');

  const info = (id: string): DatasetInfo => {
    const d = repo.get(id);
    if (!d) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
    return d;
  };
  const checkProject = (projectId: string | undefined): void => {
    if (projectId !== undefined && !repo.projectExists(projectId))
      throw new ApiError('not_found', `No project with id ${projectId}; it may have been deleted.`, 'projectId');
  };
  async function samples(): Promise<SampleInfo[]> {
    let text: string;
    try {
      text = await readFile(join(samplesDir, 'index.json'), 'utf8');
    } catch {
      return [];
    }
    const parsed = samplesIndexSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new ApiError('internal', `The bundled samples index is damaged: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data.samples.map((s) => ({ ...s, suggested: s.suggested.map((x) => ({ title: x.title, prep: x.prep as DataPrepInput })) }));
  }

  return {
    'datasets.list': ({ projectId }) => storeCall(() => repo.list(projectId)),
    'datasets.get': ({ id }) => storeCall(() => info(id)),
    'datasets.create': ({ name, projectId, meta, blobs, uploadId }, ctx) =>
      storeCall(() => {
        const m = meta as DatasetMeta;
        let data: Uint8Array[];
        if (uploadId !== undefined) {
          // Taken whatever happens next: a refused dataset leaves neither rows nor staged chunks.
          const { totalBytes, chunks } = staging.take(uploadId);
          const sizes = blobSizes(m);
          const want = sizes.reduce((a, b) => a + b, 0);
          if (want !== totalBytes)
            throw new ApiError('bad_request', `Upload ${uploadId} holds ${totalBytes} bytes but the dataset's columns need ${want}. Nothing was stored.`, 'uploadId');
          data = splitChunks(chunks, sizes);
        } else {
          data = blobs ?? [];
          const total = data.reduce((a, b) => a + b.byteLength, 0);
          if (total > limits.inlineBytes)
            throw new ApiError(
              'bad_request',
              `The column data is ${formatBytes(total)}, more than ${formatBytes(limits.inlineBytes)} in one call: send it in chunks (datasets.uploadBegin, datasets.uploadChunk) and create with uploadId.`,
              'blobs',
            );
        }
        data.forEach((b, i) => {
          if (b.byteLength > SQLITE_MAX_BLOB_BYTES)
            throw new ApiError('bad_request', tooLargeMessage(`Column "${m.columns[i]?.name ?? i}"`, b.byteLength, SQLITE_MAX_BLOB_BYTES), `blobs.${i}`);
        });
        checkBlobs(m, data);
        checkProject(projectId);
        const id = repo.create(name, projectId ?? null, m, data);
        ctx.emit('datasets.changed', { id, change: 'created' });
        return info(id);
      }),
    'datasets.uploadBegin': ({ totalBytes }) => staging.begin(totalBytes),
    'datasets.uploadChunk': ({ uploadId, index, bytes }) => {
      if (bytes.byteLength > limits.chunkBytes)
        throw new ApiError('bad_request', tooLargeMessage(`Chunk ${index}`, bytes.byteLength, limits.chunkBytes, { advice: '' }), 'bytes');
      return staging.chunk(uploadId, index, bytes);
    },
    'datasets.uploadAbort': ({ uploadId }) => ({ aborted: staging.abort(uploadId) }),
    'datasets.samples': () => samples(),
    'datasets.importSample': async ({ file, projectId }, ctx) => {
      const list = await samples();
      // Only a name listed in the bundled index is accepted: no paths, no other files.
      const sample = list.find((s) => s.file === file);
      if (!sample) {
        const known = list.map((s) => s.file).join(', ') || 'none';
        throw new ApiError('not_found', `"${file.slice(0, 80)}" is not a bundled sample (available: ${known}).`, 'file');
      }
      const path = join(samplesDir, sample.file);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        throw new ApiError('not_found', `The bundled sample ${sample.file} is missing from this installation.`, 'file');
      }
      let ds;
      try {
        ds = await parseCsv(createReadStream(path, { highWaterMark: 1 << 20 }), { name: sample.file, size });
      } catch (err) {
        if (err instanceof DataError) throw new ApiError('bad_request', `${sample.file}: ${err.message}`, 'file');
        throw err;
      }
      const { meta, blobs } = serializeDataset(ds);
      return storeCall(() => {
        checkProject(projectId);
        const id = repo.create(sample.file.replace(/\.csv$/, ''), projectId ?? null, meta, blobs);
        ctx.emit('datasets.changed', { id, change: 'created' });
        return info(id);
      });
    },
    'datasets.setColumnType': ({ id, column, type, coerce }, ctx) =>
      storeCall(() => {
        const stored = repo.load(id);
        if (!stored) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
        const position = stored.meta.columns.findIndex((c) => c.name === column);
        if (position < 0) throw new ApiError('bad_request', `The dataset has no column "${column}".`, 'column');
        const next = dataCall(() => setColumnType(deserializeDataset(stored.meta, stored.blobs), column, type, coerce === undefined ? {} : { coerce }));
        const col = next.columns[position]!;
        dropCache();
        repo.updateColumn(id, position, { ...columnMeta(col), profile: col.profile }, encodeColumn(col));
        ctx.emit('datasets.changed', { id, change: 'updated' });
        return info(id);
      }),
    'datasets.delete': ({ id }, ctx) =>
      storeCall(() => {
        dropCache();
        if (!repo.delete(id)) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
        ctx.emit('datasets.changed', { id, change: 'deleted' });
        return { deleted: true as const };
      }),
    'datasets.load': ({ id, blobs }) =>
      storeCall(() => {
        const meta = repo.meta(id);
        if (!meta) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
        if (blobs === false) return { id, meta, blobs: [] };
        const total = blobSizes(meta).reduce((a, b) => a + b, 0);
        if (total > limits.inlineBytes)
          throw new ApiError(
            'bad_request',
            `The dataset's columns are ${formatBytes(total)}, more than ${formatBytes(limits.inlineBytes)} in one call: load them in chunks (datasets.loadChunk).`,
            'blobs',
          );
        const d = repo.load(id);
        if (!d) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
        return { id, ...d };
      }),
    'datasets.loadChunk': ({ id, offset, length }) =>
      storeCall(() => {
        if (length > limits.chunkBytes) throw new ApiError('bad_request', tooLargeMessage('A chunk', length, limits.chunkBytes, { advice: '' }), 'length');
        const meta = repo.meta(id);
        if (!meta) throw new ApiError('not_found', `No dataset with id ${id}; it may have been deleted.`, 'id');
        const sizes = blobSizes(meta);
        const total = sizes.reduce((a, b) => a + b, 0);
        if (offset + length > total)
          throw new ApiError('bad_request', `Bytes ${offset} to ${offset + length} are past the end of the dataset's ${total} bytes of columns.`, 'offset');
        const out = new Uint8Array(length);
        let start = 0;
        sizes.forEach((size, position) => {
          const from = Math.max(offset - start, 0);
          const to = Math.min(offset + length - start, size);
          if (from < to) out.set(columnData(id, position).subarray(from, to), start + from - offset);
          start += size;
        });
        return { bytes: out };
      }),
  };
}
