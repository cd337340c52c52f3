/**
 * Staging of chunked dataset uploads, in memory. Chunks wait here until `datasets.create` takes the
 * complete upload and stores it in one transaction; nothing reaches the database before that, so an
 * interrupted upload leaves nothing in the projects' data.
 *
 * Why memory and not a SQLite staging table: an upload is short-lived and already held in full by the
 * renderer; memory needs no migration, cannot outlive the process (an upload abandoned by a crash or a
 * quit is gone at the next start, with nothing to clean up) and does not grow the database file. The
 * price is main-process memory, bounded by `maxStagedBytes` (one largest upload); an upload idle for
 * `idleMs` is dropped.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../src-shared/api/errors';
import type { UploadTicket } from '../../src-shared/api/datasets';
import { formatBytes, tooLargeMessage, type UploadLimits } from '../../src-shared/data/limits';

interface Upload {
  totalBytes: number;
  chunks: (Uint8Array | undefined)[];
  received: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface UploadStaging {
  begin(totalBytes: number): UploadTicket;
  chunk(uploadId: string, index: number, bytes: Uint8Array): { received: number; chunkCount: number };
  abort(uploadId: string): boolean;
  /** Removes a complete upload and returns its chunks in order; bad_request when unknown or incomplete. */
  take(uploadId: string): { totalBytes: number; chunks: Uint8Array[] };
  /** Bytes currently staged (announced by begun uploads). */
  stagedBytes(): number;
  /** Drops every upload (on close). */
  clear(): void;
}

const unknown = (uploadId: string): ApiError =>
  new ApiError('bad_request', `Upload ${uploadId} is unknown: it was never begun, already used, aborted, or dropped after a pause. Import the file again.`, 'uploadId');

export function uploadStaging(limits: UploadLimits): UploadStaging {
  const uploads = new Map<string, Upload>();
  let staged = 0;

  const drop = (uploadId: string): boolean => {
    const u = uploads.get(uploadId);
    if (!u) return false;
    clearTimeout(u.timer);
    uploads.delete(uploadId);
    staged -= u.totalBytes;
    return true;
  };
  const arm = (uploadId: string): ReturnType<typeof setTimeout> => {
    const t = setTimeout(() => drop(uploadId), limits.idleMs);
    // An idle upload's timer must not keep the process alive.
    (t as { unref?: () => void }).unref?.();
    return t;
  };
  const get = (uploadId: string): Upload => {
    const u = uploads.get(uploadId);
    if (!u) throw unknown(uploadId);
    return u;
  };

  return {
    begin(totalBytes) {
      if (!Number.isInteger(totalBytes) || totalBytes < 1) throw new ApiError('bad_request', 'An upload must announce at least one byte.', 'totalBytes');
      if (totalBytes > limits.maxUploadBytes)
        throw new ApiError('bad_request', tooLargeMessage("The dataset's column data", totalBytes, limits.maxUploadBytes), 'totalBytes');
      if (staged + totalBytes > limits.maxStagedBytes)
        throw new ApiError(
          'bad_request',
          `Another import is still uploading (${formatBytes(staged)} staged; with this one ${formatBytes(staged + totalBytes)}, over the limit of ${formatBytes(limits.maxStagedBytes)}). Try again when it is done.`,
          'totalBytes',
        );
      const uploadId = randomUUID();
      const chunkCount = Math.ceil(totalBytes / limits.chunkBytes);
      uploads.set(uploadId, { totalBytes, chunks: new Array<Uint8Array | undefined>(chunkCount), received: 0, timer: arm(uploadId) });
      staged += totalBytes;
      return { uploadId, chunkBytes: limits.chunkBytes, chunkCount };
    },
    chunk(uploadId, index, bytes) {
      const u = get(uploadId);
      const chunkCount = u.chunks.length;
      if (!Number.isInteger(index) || index < 0 || index >= chunkCount)
        throw new ApiError('bad_request', `Chunk ${index} is out of range: upload ${uploadId} has chunks 0 to ${chunkCount - 1}.`, 'index');
      const want = index < chunkCount - 1 ? limits.chunkBytes : u.totalBytes - limits.chunkBytes * (chunkCount - 1);
      if (bytes.byteLength !== want)
        throw new ApiError('bad_request', `Chunk ${index} is ${bytes.byteLength} bytes; it must be ${want} bytes.`, 'bytes');
      const have = u.chunks[index];
      if (have) {
        // A retried chunk (its answer was lost) is fine when it is the same; different data is refused.
        if (!sameBytes(have, bytes)) throw new ApiError('bad_request', `Chunk ${index} was already received with different data.`, 'index');
      } else {
        // A copy: the caller's buffer may be reused or transferred.
        u.chunks[index] = bytes.slice();
        u.received++;
      }
      clearTimeout(u.timer);
      u.timer = arm(uploadId);
      return { received: u.received, chunkCount };
    },
    abort: (uploadId) => drop(uploadId),
    take(uploadId) {
      const u = get(uploadId);
      drop(uploadId);
      if (u.received < u.chunks.length) {
        const missing: number[] = [];
        for (let i = 0; i < u.chunks.length && missing.length < 5; i++) if (!u.chunks[i]) missing.push(i);
        throw new ApiError(
          'bad_request',
          `Upload ${uploadId} is incomplete: ${u.chunks.length - u.received} of ${u.chunks.length} chunks missing (${missing.join(', ')}${u.chunks.length - u.received > missing.length ? ', …' : ''}). Nothing was stored.`,
          'uploadId',
        );
      }
      return { totalBytes: u.totalBytes, chunks: u.chunks as Uint8Array[] };
    },
    stagedBytes: () => staged,
    clear() {
      for (const id of [...uploads.keys()]) drop(id);
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Cuts the concatenated chunks into column blobs of the given sizes, releasing each chunk once copied
 * (peak memory: the upload plus one chunk). The sizes must add up to the upload's total.
 */
export function splitChunks(chunks: Uint8Array[], sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let ci = 0;
  let co = 0;
  for (const size of sizes) {
    const blob = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const c = chunks[ci]!;
      const n = Math.min(size - filled, c.byteLength - co);
      blob.set(c.subarray(co, co + n), filled);
      filled += n;
      co += n;
      if (co === c.byteLength) {
        (chunks as (Uint8Array | undefined)[])[ci] = undefined;
        ci++;
        co = 0;
      }
    }
    out.push(blob);
  }
  return out;
}
