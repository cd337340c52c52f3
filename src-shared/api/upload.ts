/**
 * The client side of storing a parsed dataset: small ones in one `datasets.create`, larger ones as a
 * chunked upload (the column blobs concatenated in column order, cut into chunks the service names in
 * its ticket), then `datasets.create` with the uploadId. Transport-independent: the renderer passes
 * its API client, tests a dispatch-backed one.
 */
import type { ApiClient } from './contract';
import type { DatasetInfo } from './datasets';
import type { DatasetMeta } from '../data/dataset';
import { INLINE_BYTES } from '../data/limits';

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
