/**
 * Size limits and chunked dataset uploads: the limits agree with the web host's body limit, an upload
 * at the limit is stored and one byte over is refused ("too large (limit …)"), and no refused,
 * interrupted, expired or incomplete upload leaves anything in the database.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';
import { dispatch, type HandlerContext, type Handlers } from '../../src-shared/api/dispatch';
import type { ApiClient } from '../../src-shared/api/contract';
import { ApiError, type ApiResponse } from '../../src-shared/api/errors';
import type { DatasetInfo, UploadTicket } from '../../src-shared/api/datasets';
import { decodeWire, encodeWire } from '../../src-shared/api/wire';
import { loadDataset, sliceConcat, storeDataset } from '../../src-shared/api/dataset-transfer';
import { parseCsvText, serializeDataset } from '../../src-shared/data/index';
import {
  CHUNK_BYTES,
  INLINE_BYTES,
  MAX_COLUMN_EXPANSION,
  MAX_CSV_BYTES,
  MAX_EXPANSION,
  MAX_STAGED_BYTES,
  MAX_UPLOAD_BYTES,
  SQLITE_MAX_BLOB_BYTES,
  csvSizeError,
  formatBytes,
  tooLargeMessage,
  wireBytes,
  type UploadLimits,
} from '../../src-shared/data/limits';
import { MAX_BODY_BYTES, startWebHost } from '../hosts/web/server';
import { splitChunks } from './uploads';

const RESOURCES = resolve(__dirname, '../../resources');
const SEATTLE = readFileSync(join(RESOURCES, 'samples', 'seattle-weather.csv'), 'utf8');

let dir: string;
let store: Store;
const ctx: HandlerContext = { emit: () => {} };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-up-'));
  store = openStore(join(dir, 'layerloom.db'));
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function handlersWith(limits: Partial<UploadLimits> = {}): Handlers {
  return createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: RESOURCES, uploadLimits: limits });
}
function caller(handlers: Handlers) {
  return (m: string, a: unknown): Promise<ApiResponse<unknown>> => dispatch(handlers, m, a, ctx);
}
/** An ApiClient over dispatch, through the web wire encoding (as the browser version sends calls). */
function client(handlers: Handlers, log: string[] = []): Pick<ApiClient, 'call'> {
  return {
    call: (async (method: string, args: unknown) => {
      log.push(method);
      const body = encodeWire(args);
      expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
      const res = await dispatch(handlers, method, decodeWire(body), ctx);
      if (!res.ok) throw ApiError.from(res.error);
      return res.value;
    }) as ApiClient['call'],
  };
}
const value = <T>(r: ApiResponse<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};
const stored = (): number[] => ['datasets', 'dataset_columns'].map((t) => store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number);

async function seattle() {
  const { meta, blobs } = serializeDataset(await parseCsvText(SEATTLE, { name: 'seattle-weather.csv' }));
  const total = blobs.reduce((a, b) => a + b.byteLength, 0);
  return { meta, blobs, total, all: sliceConcat(blobs, 0, total) };
}

describe('size limits', () => {
  it('agree with each other and with the web host', () => {
    // A chunk call, base64 and JSON envelope included, fits well within one request body.
    expect(wireBytes(CHUNK_BYTES)).toBeLessThan(MAX_BODY_BYTES / 4);
    const body = encodeWire({ uploadId: '0'.repeat(36), index: 999_999, bytes: new Uint8Array(CHUNK_BYTES) });
    expect(body.length).toBeLessThanOrEqual(wireBytes(CHUNK_BYTES));
    expect(wireBytes(INLINE_BYTES)).toBeLessThan(MAX_BODY_BYTES);
    // Any CSV within the advertised limit encodes within the upload limit, each column within SQLite's.
    expect(MAX_UPLOAD_BYTES).toBe(MAX_CSV_BYTES * MAX_EXPANSION);
    expect(MAX_CSV_BYTES * MAX_COLUMN_EXPANSION).toBeLessThanOrEqual(SQLITE_MAX_BLOB_BYTES);
    expect(MAX_STAGED_BYTES).toBeGreaterThanOrEqual(MAX_UPLOAD_BYTES);
    expect(formatBytes(MAX_CSV_BYTES)).toBe('200 MB');
  });
  it('say "too large (limit …)", in bytes when the rounded sizes would read the same', () => {
    expect(csvSizeError('a.csv', MAX_CSV_BYTES)).toBeNull();
    expect(csvSizeError('a.csv', MAX_CSV_BYTES + 1)).toBe(`"a.csv" is ${MAX_CSV_BYTES + 1} bytes: too large (limit ${MAX_CSV_BYTES} bytes). Split the file or sample it first.`);
    expect(csvSizeError('a.csv', 300 * 1024 * 1024)).toBe('"a.csv" is 300 MB: too large (limit 200 MB). Split the file or sample it first.');
    expect(tooLargeMessage('x', 3 * 1024 ** 3, 1024 ** 3)).toContain('is 3 GB: too large (limit 1 GB)');
  });
  it('the worst case expansion holds for tiny fields', async () => {
    // One byte per value (a delimiter), and a one-column file with one digit per line.
    for (const text of ['a,b,c\n,,\n,,\n,,\n', 'x\n1\n2\n3\n4\n']) {
      const { blobs } = serializeDataset(await parseCsvText(text, { name: 't.csv' }));
      const bytes = new TextEncoder().encode(text).length;
      expect(blobs.reduce((a, b) => a + b.byteLength, 0)).toBeLessThanOrEqual(bytes * MAX_EXPANSION);
      for (const b of blobs) expect(b.byteLength).toBeLessThanOrEqual(bytes * MAX_COLUMN_EXPANSION);
    }
  });
});

describe('chunked upload', () => {
  it('stores a dataset larger than one chunk, chunks in any order, byte for byte', async () => {
    const { meta, blobs, total, all } = await seattle();
    const chunkBytes = 4096;
    const handlers = handlersWith({ chunkBytes, inlineBytes: chunkBytes });
    const call = caller(handlers);
    const t = value<UploadTicket>(await call('datasets.uploadBegin', { totalBytes: total }));
    expect(t.chunkCount).toBe(Math.ceil(total / chunkBytes));
    for (let i = t.chunkCount - 1; i >= 0; i--) {
      const r = await call('datasets.uploadChunk', { uploadId: t.uploadId, index: i, bytes: all.slice(i * chunkBytes, (i + 1) * chunkBytes) });
      expect(r.ok).toBe(true);
    }
    // A repeated chunk (a retry whose answer was lost) is accepted when identical, refused otherwise.
    const again = value<{ received: number }>(await call('datasets.uploadChunk', { uploadId: t.uploadId, index: 0, bytes: all.slice(0, chunkBytes) }));
    expect(again.received).toBe(t.chunkCount);
    const changed = all.slice(0, chunkBytes);
    changed[0] = changed[0]! ^ 1;
    const dup = await call('datasets.uploadChunk', { uploadId: t.uploadId, index: 0, bytes: changed });
    expect(dup).toMatchObject({ ok: false, error: { code: 'bad_request', path: 'index' } });
    expect(!dup.ok && dup.error.message).toMatch(/already received with different data/);

    const info = value<DatasetInfo>(await call('datasets.create', { name: 'Seattle', meta, uploadId: t.uploadId }));
    expect(info.rowCount).toBe(1461);
    const loaded = await loadDataset(client(handlers), info.id, { inlineBytes: chunkBytes, chunkBytes });
    expect(loaded.blobs.map((b) => Array.from(b))).toEqual(blobs.map((b) => Array.from(b)));
    // The upload is used up.
    const reuse = await call('datasets.create', { name: 'Again', meta, uploadId: t.uploadId });
    expect(!reuse.ok && reuse.error.message).toMatch(/unknown/);
    expect(stored()).toEqual([1, 6]);
  });

  it('through the real web host: the client helper uploads in chunks with progress', async () => {
    const { meta, blobs, total } = await seattle();
    const token = 'b'.repeat(48);
    const host = await startWebHost({ root: dir, token, port: 0, handlers: handlersWith({ chunkBytes: 8192, inlineBytes: 8192 }) });
    try {
      const methods: string[] = [];
      const http = httpClient(host.port, token, methods);
      const progress: number[] = [];
      const info = await storeDataset(http, { name: 'Seattle', meta, blobs }, { inlineBytes: 8192, onProgress: (sent) => progress.push(sent) });
      expect(info.rowCount).toBe(1461);
      const chunks = Math.ceil(total / 8192);
      expect(methods).toEqual(['datasets.uploadBegin', ...Array<string>(chunks).fill('datasets.uploadChunk'), 'datasets.create']);
      expect(progress.at(-1)).toBe(total);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const loaded = await loadDataset(http, info.id, { inlineBytes: 8192, chunkBytes: 8192 });
      expect(loaded.blobs.map((b) => Array.from(b))).toEqual(blobs.map((b) => Array.from(b)));
    } finally {
      await host.close();
    }
  });

  it('accepts an upload exactly at the limit and refuses one byte more, saying so', async () => {
    const { meta, blobs, total } = await seattle();
    const at = handlersWith({ chunkBytes: 4096, maxUploadBytes: total, maxStagedBytes: total });
    expect((await storeDataset(client(at), { name: 'At', meta, blobs }, { inlineBytes: 4096 })).rowCount).toBe(1461);

    const below = handlersWith({ chunkBytes: 4096, maxUploadBytes: total - 1 });
    const err = await storeDataset(client(below), { name: 'Over', meta, blobs }, { inlineBytes: 4096 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'bad_request', path: 'totalBytes' });
    expect((err as Error).message).toBe(`The dataset's column data is ${total} bytes: too large (limit ${total - 1} bytes). Split the file or sample it first.`);
    expect(stored()).toEqual([1, 6]);
  });

  it('refuses the advertised maximum plus one in the contract itself, and oversized chunks', async () => {
    const call = caller(handlersWith({ chunkBytes: 4096 }));
    const over = await call('datasets.uploadBegin', { totalBytes: MAX_UPLOAD_BYTES + 1 });
    expect(over).toMatchObject({ ok: false, error: { code: 'bad_request', path: 'totalBytes', message: 'datasets.uploadBegin: "totalBytes" too large (limit 1.6 GB)' } });
    const t = value<UploadTicket>(await call('datasets.uploadBegin', { totalBytes: 10_000 }));
    const big = await call('datasets.uploadChunk', { uploadId: t.uploadId, index: 0, bytes: new Uint8Array(4097) });
    expect(!big.ok && big.error.message).toBe('Chunk 0 is 4097 bytes: too large (limit 4096 bytes).');
    const huge = await call('datasets.uploadChunk', { uploadId: t.uploadId, index: 0, bytes: new Uint8Array(CHUNK_BYTES + 1) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'bad_request', path: 'bytes' } });
  });

  it('refuses bad indexes, sizes, unknown uploads and mixed arguments with clear messages', async () => {
    const { meta, blobs, all } = await seattle();
    const call = caller(handlersWith({ chunkBytes: 4096, inlineBytes: 4096 }));
    const t = value<UploadTicket>(await call('datasets.uploadBegin', { totalBytes: 10_000 }));
    const cases: [unknown, RegExp][] = [
      [{ uploadId: t.uploadId, index: 3, bytes: new Uint8Array(1) }, /out of range: upload .* has chunks 0 to 2/],
      [{ uploadId: t.uploadId, index: -1, bytes: new Uint8Array(1) }, /"index"/],
      [{ uploadId: t.uploadId, index: 0.5, bytes: new Uint8Array(1) }, /"index"/],
      [{ uploadId: t.uploadId, index: 0, bytes: new Uint8Array(100) }, /Chunk 0 is 100 bytes; it must be 4096 bytes/],
      [{ uploadId: t.uploadId, index: 2, bytes: new Uint8Array(4096) }, /Chunk 2 is 4096 bytes; it must be 1808 bytes/],
      [{ uploadId: t.uploadId, index: 0, bytes: [1, 2, 3] }, /must be bytes/],
      [{ uploadId: '11111111-1111-1111-1111-111111111111', index: 0, bytes: new Uint8Array(4096) }, /unknown/],
      [{ uploadId: 'nope', index: 0, bytes: new Uint8Array(4096) }, /"uploadId"/],
    ];
    for (const [args, message] of cases) {
      const r = await call('datasets.uploadChunk', args);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('bad_request');
      expect(!r.ok && r.error.message).toMatch(message);
    }
    expect((await call('datasets.uploadBegin', { totalBytes: 0 })).ok).toBe(false);
    const both = await call('datasets.create', { name: 'X', meta, blobs, uploadId: t.uploadId });
    expect(!both.ok && both.error.message).toMatch(/either blobs .* or uploadId/);
    const neither = await call('datasets.create', { name: 'X', meta });
    expect(!neither.ok && neither.error.message).toMatch(/either blobs .* or uploadId/);
    const inline = await call('datasets.create', { name: 'X', meta, blobs });
    expect(!inline.ok && inline.error.message).toMatch(/more than 4 KB in one call: send it in chunks/);
    // An upload whose size does not match the meta: refused, and used up.
    const u = value<UploadTicket>(await call('datasets.uploadBegin', { totalBytes: 4096 }));
    await call('datasets.uploadChunk', { uploadId: u.uploadId, index: 0, bytes: all.slice(0, 4096) });
    const mismatch = await call('datasets.create', { name: 'X', meta, uploadId: u.uploadId });
    expect(!mismatch.ok && mismatch.error.message).toMatch(/holds 4096 bytes but the dataset's columns need 64284/);
    expect(stored()).toEqual([0, 0]);
  });

  it('an interrupted, incomplete or expired upload leaves nothing behind and frees its room', async () => {
    const { meta, blobs, total, all } = await seattle();
    // Room for one upload at a time: a begin succeeds only once the previous upload is gone.
    const limits = { chunkBytes: 4096, inlineBytes: 4096, maxStagedBytes: total, idleMs: 60_000 };
    const call = caller(handlersWith(limits));
    const begin = async () => value<UploadTicket>(await call('datasets.uploadBegin', { totalBytes: total }));
    const send = (t: UploadTicket, i: number) => call('datasets.uploadChunk', { uploadId: t.uploadId, index: i, bytes: all.slice(i * 4096, (i + 1) * 4096) });

    // Aborted half way (the client's error path).
    const a = await begin();
    await send(a, 0);
    await send(a, 1);
    const busy = await call('datasets.uploadBegin', { totalBytes: total });
    expect(!busy.ok && busy.error.message).toMatch(/Another import is still uploading/);
    expect(value<{ aborted: boolean }>(await call('datasets.uploadAbort', { uploadId: a.uploadId })).aborted).toBe(true);
    expect((await call('datasets.create', { name: 'A', meta, uploadId: a.uploadId })).ok).toBe(false);

    // Incomplete at create: refused, and gone.
    const b = await begin();
    for (let i = 0; i < b.chunkCount; i++) if (i !== 5) await send(b, i);
    const inc = await call('datasets.create', { name: 'B', meta, uploadId: b.uploadId });
    expect(!inc.ok && inc.error.message).toMatch(/incomplete: 1 of 16 chunks missing \(5\)\. Nothing was stored\./);

    // Abandoned: dropped after the idle time.
    vi.useFakeTimers();
    const c = await begin();
    await send(c, 0);
    vi.advanceTimersByTime(59_000);
    expect((await send(c, 1)).ok).toBe(true); // a chunk restarts the clock
    vi.advanceTimersByTime(60_001);
    const late = await send(c, 2);
    expect(!late.ok && late.error.message).toMatch(/unknown: it was never begun, already used, aborted, or dropped after a pause/);
    vi.useRealTimers();

    // A chunk upload after a restart: the new process never heard of it.
    const d = await begin();
    const restarted = caller(handlersWith(limits));
    expect((await restarted('datasets.uploadChunk', { uploadId: d.uploadId, index: 0, bytes: all.slice(0, 4096) })).ok).toBe(false);
    await call('datasets.uploadAbort', { uploadId: d.uploadId });

    expect(stored()).toEqual([0, 0]);
    // And the room is free again: a whole upload goes through.
    expect((await storeDataset(client(handlersWith(limits)), { name: 'S', meta, blobs }, { inlineBytes: 4096 })).rowCount).toBe(1461);
  });

  it('the client helper aborts the upload when a chunk fails', async () => {
    const { meta, blobs } = await seattle();
    const handlers = handlersWith({ chunkBytes: 4096, inlineBytes: 4096 });
    const log: string[] = [];
    const inner = client(handlers, log);
    let n = 0;
    const flaky: Pick<ApiClient, 'call'> = {
      call: ((method: string, args: unknown) => {
        if (method === 'datasets.uploadChunk' && ++n === 3) return Promise.reject(new Error('the web host is not reachable'));
        return (inner.call as (m: string, a: unknown) => Promise<unknown>)(method, args);
      }) as ApiClient['call'],
    };
    await expect(storeDataset(flaky, { name: 'F', meta, blobs }, { inlineBytes: 4096 })).rejects.toThrow(/not reachable/);
    expect(log.at(-1)).toBe('datasets.uploadAbort');
    expect(stored()).toEqual([0, 0]);
  });

  it('small datasets still go in one call', async () => {
    const { meta, blobs } = serializeDataset(await parseCsvText('a,b\n1,x\n2,y\n', { name: 'small.csv' }));
    const log: string[] = [];
    await storeDataset(client(handlersWith(), log), { name: 'Small', meta, blobs });
    expect(log).toEqual(['datasets.create']);
  });
});

/** An ApiClient over HTTP to a real web host. */
function httpClient(port: number, token: string, methods: string[] = []): Pick<ApiClient, 'call'> {
  return {
    call: (async (method: string, args: unknown) => {
      methods.push(method);
      const res = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-layerloom-token': token },
        body: encodeWire(args),
      });
      const r = decodeWire(await res.text()) as ApiResponse<unknown>;
      if (!r.ok) throw ApiError.from(r.error);
      return r.value;
    }) as ApiClient['call'],
  };
}

describe('chunked load', () => {
  it('gives a large dataset back in chunks, byte for byte, and refuses it in one call', async () => {
    const { meta, blobs, total } = await seattle();
    const limits = { chunkBytes: 4096, inlineBytes: 4096 };
    const api = client(handlersWith(limits));
    const info = await storeDataset(api, { name: 'S', meta, blobs }, { inlineBytes: 4096 });
    await expect(api.call('datasets.load', { id: info.id })).rejects.toThrow(/more than 4 KB in one call: load them in chunks \(datasets\.loadChunk\)/);
    const progress: number[] = [];
    const loaded = await loadDataset(api, info.id, { ...limits, onProgress: (n) => progress.push(n) });
    expect(loaded.meta).toEqual((await api.call('datasets.load', { id: info.id, blobs: false })).meta);
    expect(loaded.blobs.map((b) => Array.from(b))).toEqual(blobs.map((b) => Array.from(b)));
    expect(progress.length).toBe(Math.ceil(total / 4096));
    expect(progress.at(-1)).toBe(total);

    await expect(api.call('datasets.loadChunk', { id: info.id, offset: total - 10, length: 11 })).rejects.toThrow(/past the end of the dataset's 64284 bytes/);
    await expect(api.call('datasets.loadChunk', { id: info.id, offset: 0, length: 4097 })).rejects.toThrow(/too large \(limit 4096 bytes\)/);
    await expect(api.call('datasets.loadChunk', { id: info.id, offset: 0, length: CHUNK_BYTES + 1 })).rejects.toThrow(/"length"/);
    await expect(api.call('datasets.loadChunk', { id: '11111111-1111-1111-1111-111111111111', offset: 0, length: 1 })).rejects.toMatchObject({ code: 'not_found' });

    // A type override after a chunked load is seen by the next one (no stale column): read part of
    // the first column (the service keeps it at hand), override its type, load again.
    await api.call('datasets.loadChunk', { id: info.id, offset: 0, length: 100 });
    await api.call('datasets.setColumnType', { id: info.id, column: 'date', type: 'category' });
    const after = await loadDataset(api, info.id, limits);
    expect(after.meta.columns[0]!.kind).toBe('dict');
    const inDb = store.db.prepare('SELECT data FROM dataset_columns WHERE dataset_id = ? AND position = 0').pluck().get(info.id) as Buffer;
    expect(Buffer.from(after.blobs[0]!).equals(inDb)).toBe(true);
  });

  it('with the real limits through the real web host: a dataset of several chunks goes and comes back', async () => {
    const { meta } = serializeDataset(await parseCsvText('x,flag\n1.5,true\n2.5,false\n', { name: 'big.csv' }));
    const rows = Math.ceil((2.5 * CHUNK_BYTES) / 9); // float64 + bool per row: 2.5 chunks
    const x = new Float64Array(rows);
    const flag = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i] = i * 0.25;
      flag[i] = i % 3 === 0 ? 1 : 0;
    }
    const big = { ...meta, rowCount: rows, columns: meta.columns.map((c) => ({ ...c, length: rows })) };
    const blobs = [new Uint8Array(x.buffer), flag];
    const token = 'c'.repeat(48);
    const host = await startWebHost({ root: dir, token, port: 0, handlers: handlersWith() });
    try {
      const methods: string[] = [];
      const http = httpClient(host.port, token, methods);
      // One call with all the columns: refused with the way out, nothing stored.
      await expect(http.call('datasets.create', { name: 'Big', meta: big, blobs })).rejects.toThrow(/send it in chunks/);
      const info = await storeDataset(http, { name: 'Big', meta: big, blobs });
      expect(info.rowCount).toBe(rows);
      expect(methods.filter((m) => m === 'datasets.uploadChunk')).toHaveLength(3);
      const loaded = await loadDataset(http, info.id);
      expect(methods.filter((m) => m === 'datasets.loadChunk')).toHaveLength(3);
      expect(Buffer.from(loaded.blobs[0]!).equals(Buffer.from(blobs[0]!))).toBe(true);
      expect(Buffer.from(loaded.blobs[1]!).equals(Buffer.from(blobs[1]!))).toBe(true);
    } finally {
      await host.close();
    }
  });
});

describe('byte slicing', () => {
  it('sliceConcat and splitChunks are inverses across blob and chunk boundaries', () => {
    const blobs = [new Uint8Array([1, 2, 3]), new Uint8Array([]), new Uint8Array([4, 5]), new Uint8Array([6, 7, 8, 9])];
    for (const size of [1, 2, 3, 4, 9]) {
      const chunks: Uint8Array[] = [];
      for (let s = 0; s < 9; s += size) chunks.push(sliceConcat(blobs, s, Math.min(9, s + size)));
      expect(splitChunks(chunks, blobs.map((b) => b.byteLength)).map((b) => Array.from(b))).toEqual(blobs.map((b) => Array.from(b)));
    }
  });
});
