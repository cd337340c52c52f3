import { describe, expect, it } from 'vitest';
import { serializeDataset } from '@shared/data/index';
import { checkCsvReply, checkCsvRequest } from './csv-messages';
import { sineDataset } from '../lib/testing/fixtures';

describe('CSV worker requests', () => {
  it('accepts a job id with a File', () => {
    const msg = { id: 1, file: new File(['a,b\n1,2\n'], 'x.csv', { type: 'text/csv' }) };
    const r = checkCsvRequest(msg);
    expect(r.ok && r.value).toBe(msg);
  });
  it('refuses a malformed request with a message naming the field', () => {
    const r1 = checkCsvRequest({ id: 1, file: 'x.csv' });
    expect(r1.ok ? '' : r1.error).toBe('Malformed request to the CSV reader: file: must be a File');
    const r2 = checkCsvRequest({ id: 0, file: new File([], 'x.csv') });
    expect(r2.ok ? '' : r2.error).toMatch(/^Malformed request to the CSV reader: id: /);
  });
});

describe('CSV worker replies', () => {
  it('accepts progress, a parsed dataset and a parse error', async () => {
    const { meta, blobs } = serializeDataset(await sineDataset());
    for (const m of [
      { id: 2, type: 'progress', read: 10, size: 100 },
      { id: 2, type: 'done', meta, blobs },
      { id: 2, type: 'error', message: 'Row 3: bad quote', row: 3, column: 'y' },
    ])
      expect(checkCsvReply(m)).toEqual({ ok: true, value: m });
  });
  it('refuses a malformed reply with a message naming the field', async () => {
    const { meta, blobs } = serializeDataset(await sineDataset());
    const error = (m: unknown): string => {
      const r = checkCsvReply(m);
      return r.ok ? 'accepted' : r.error;
    };
    expect(error({ id: 2, type: 'progress', read: '10', size: 100 })).toMatch(/^Malformed message from the CSV reader: read: /);
    expect(error({ id: 2, type: 'done', meta, blobs: [[1, 2]] })).toBe('Malformed message from the CSV reader: blobs.0: must be a Uint8Array');
    expect(error({ id: 2, type: 'done', meta: { ...meta, rowCount: -1 }, blobs })).toMatch(/: meta\.rowCount: /);
    expect(error({ id: 2, type: 'finished' })).toMatch(/: type: /);
    expect(error({ type: 'error', message: 'x' })).toMatch(/: id: /);
  });
});
