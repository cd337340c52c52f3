/**
 * The client side of moving a dataset's column blobs, both ways. Storing: small datasets in one
 * `datasets.create`, larger ones as a chunked upload (the blobs concatenated in column order, cut into
 * chunks the service names in its ticket), then `datasets.create` with the uploadId. Loading: the meta
 * first, then the blobs in one `datasets.load` or in `datasets.loadChunk` pieces. Transport-independent:
 * the renderer passes its API client, tests a dispatch-backed one. See src-shared/data/limits.ts.
 */
import type { ApiClient } from './contract';
import type { DatasetData, DatasetInfo } from './datasets';
import type { DatasetMeta } from '../data/dataset';
import { CHUNK_BYTES, INLINE_BYTES, blobSizes } from '../data/limits';

export interface StoreDatasetArgs {
  name: string;
  projectId?: string;
  meta: DatasetMeta;
  blobs: Uint8Array[];
}

export interface StoreDatasetOptions {
  /** Bytes sent so far and in all; called after each chunk. */
  onProgress?: (sent: number, total: number) => void;
  /** Largest dataset sent in one call (defaults to INLINE_BYTES). */
  inlineBytes?: number;
}

/** Copies bytes [start, end) of the blobs' concatenation into a fresh array. */
export function sliceConcat(blobs: Uint8Array[], start: number, end: number): Uint8Array {
  // Always a copy, never a view: Electron's structured clone sends a view's whole underlying buffer.
  const out = new Uint8Array(end - start);
  let pos = 0;
  for (const b of blobs) {
    const from = Math.max(start - pos, 0);
    const to = Math.min(end - pos, b.byteLength);
    if (from < to) out.set(b.subarray(from, to), pos + from - start);
    pos += b.byteLength;
    if (pos >= end) break;
  }
  return out;
}

export async function storeDataset(api: Pick<ApiClient, 'call'>, args: StoreDatasetArgs, opts: StoreDatasetOptions = {}): Promise<DatasetInfo> {
  const { blobs, ...rest } = args;
  const total = blobs.reduce((a, b) => a + b.byteLength, 0);
  if (total <= (opts.inlineBytes ?? INLINE_BYTES)) {
    const info = await api.call('datasets.create', { ...rest, blobs });
    opts.onProgress?.(total, total);
    return info;
  }
  const ticket = await api.call('datasets.uploadBegin', { totalBytes: total });
  try {
    for (let index = 0; index < ticket.chunkCount; index++) {
      const start = index * ticket.chunkBytes;
      const end = Math.min(total, start + ticket.chunkBytes);
      await api.call('datasets.uploadChunk', { uploadId: ticket.uploadId, index, bytes: sliceConcat(blobs, start, end) });
      opts.onProgress?.(end, total);
    }
  } catch (err) {
    // Frees the staged chunks now rather than at the service's idle timeout; the error is what matters.
    await api.call('datasets.uploadAbort', { uploadId: ticket.uploadId }).catch(() => {});
    throw err;
  }
  // The service takes the upload whatever the outcome: nothing to abort after this call.
  return api.call('datasets.create', { ...rest, uploadId: ticket.uploadId });
}

export interface LoadDatasetOptions {
  /** Bytes received so far and in all; called after each chunk. */
  onProgress?: (received: number, total: number) => void;
  /** Largest dataset loaded in one call (defaults to INLINE_BYTES), and the chunk size (CHUNK_BYTES). */
  inlineBytes?: number;
  chunkBytes?: number;
}

/** A stored dataset's meta and blobs, in chunks when large. */
export async function loadDataset(api: Pick<ApiClient, 'call'>, id: string, opts: LoadDatasetOptions = {}): Promise<DatasetData> {
  const head = await api.call('datasets.load', { id, blobs: false });
  const sizes = blobSizes(head.meta);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= (opts.inlineBytes ?? INLINE_BYTES)) {
    const d = await api.call('datasets.load', { id });
    opts.onProgress?.(total, total);
    return d;
  }
  const chunkBytes = opts.chunkBytes ?? CHUNK_BYTES;
  const blobs = sizes.map((n) => new Uint8Array(n));
  let column = 0;
  let inColumn = 0;
  for (let offset = 0; offset < total; offset += chunkBytes) {
    const length = Math.min(chunkBytes, total - offset);
    const { bytes } = await api.call('datasets.loadChunk', { id, offset, length });
    if (bytes.byteLength !== length) throw new Error(`the service sent ${bytes.byteLength} bytes of the dataset where ${length} were asked for`);
    // Spread the chunk over the columns it covers.
    let pos = 0;
    while (pos < length) {
      while (inColumn === blobs[column]!.byteLength) {
        column++;
        inColumn = 0;
      }
      const n = Math.min(length - pos, blobs[column]!.byteLength - inColumn);
      blobs[column]!.set(bytes.subarray(pos, pos + n), inColumn);
      pos += n;
      inColumn += n;
    }
    opts.onProgress?.(offset + length, total);
  }
  return { id, meta: head.meta, blobs };
}
