import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { DatasetData, DatasetInfo, DatasetSummary, SampleInfo } from '../../src-shared/api/datasets';
import type { Project } from '../../src-shared/api/projects';
import { parseCsvText, serializeDataset, deserializeDataset, prepare, inputShapeFor } from '../../src-shared/data/index';

const RESOURCES = resolve(__dirname, '../../resources');
const SEATTLE = readFileSync(join(RESOURCES, 'samples', 'seattle-weather.csv'), 'utf8');

let dir: string;
let store: Store;
let events: { event: string; payload: unknown }[];
let call: (method: unknown, args: unknown) => ReturnType<typeof dispatch>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-ds-'));
  store = openStore(join(dir, 'layerloom.db'));
  events = [];
  const ctx: HandlerContext = { emit: (event, payload) => events.push({ event, payload }) };
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: RESOURCES });
  call = (m, a) => dispatch(handlers, m, a, ctx);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string): number => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};
const types = (d: DatasetInfo): string[] => d.profile.columns.map((c) => c.type);

async function parsedSeattle() {
  return serializeDataset(await parseCsvText(SEATTLE, { name: 'seattle-weather.csv' }));
}

describe('datasets service', () => {
  it('stores a dataset parsed in the UI and gives it back byte for byte', async () => {
    const p = value<Project>(await call('projects.create', { name: 'Weather' }));
    const { meta, blobs } = await parsedSeattle();
    const d = value<DatasetInfo>(await call('datasets.create', { name: 'Seattle', projectId: p.id, meta, blobs }));
    expect(d).toMatchObject({ name: 'Seattle', projectId: p.id, rowCount: 1461, columnCount: 6, sourceName: 'seattle-weather.csv' });
    expect(d.sourceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(types(d)).toEqual(['date', 'number', 'number', 'number', 'number', 'category']);
    expect(d.profile.preview.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(d.profile.preview.rows[0]![0]).toBe('2012-01-01');
    expect(d.profile.preview.rows[0]![5]).toBe('drizzle');

    const loaded = value<DatasetData>(await call('datasets.load', { id: d.id }));
    expect(loaded.blobs.map((b) => Array.from(b))).toEqual(blobs.map((b) => Array.from(b)));
    // What comes back prepares exactly like the original parse.
    const ds = deserializeDataset(loaded.meta, loaded.blobs);
    const prep = prepare(ds, { targets: ['temp_max'], features: ['precipitation', 'temp_max', 'temp_min', 'wind'], dateColumn: 'date', lookback: 14 });
    expect(inputShapeFor(prep)).toEqual([14, 4]);

    expect(value<DatasetSummary[]>(await call('datasets.list', { projectId: p.id })).map((x) => x.id)).toEqual([d.id]);
    expect(value<DatasetSummary[]>(await call('datasets.list', { projectId: '00000000-0000-0000-0000-000000000000' }))).toEqual([]);
    expect(events).toContainEqual({ event: 'datasets.changed', payload: { id: d.id, change: 'created' } });
  });

  it.each([
    ['a missing blob', (m: any, b: Uint8Array[]) => [m, b.slice(1)], 'columns but 5 column blobs'],
    ['a short blob', (m: any, b: Uint8Array[]) => [m, [...b.slice(0, 2), b[2]!.slice(8), ...b.slice(3)]], 'Column "temp_max" data is'],
    ['a column length that is not the row count', (m: any, b: Uint8Array[]) => [{ ...m, columns: m.columns.map((c: any, i: number) => (i === 1 ? { ...c, length: 10 } : c)) }, b], 'has 10 values but the dataset has 1461 rows'],
    ['a category code outside the dictionary', (m: any, b: Uint8Array[]) => [{ ...m, columns: m.columns.map((c: any, i: number) => (i === 5 ? { ...c, categories: ['rain'] } : c)) }, b], 'code outside its categories'],
    ['a duplicate column name', (m: any, b: Uint8Array[]) => [{ ...m, columns: m.columns.map((c: any, i: number) => (i === 2 ? { ...c, name: 'wind', profile: { ...c.profile, name: 'wind' } } : c)) }, b], 'appears twice'],
    ['a blob that is not bytes', (m: any, b: Uint8Array[]) => [m, [...b.slice(0, 5), 'AAAA']], 'must be bytes'],
    ['an unknown column type', (m: any, b: Uint8Array[]) => [{ ...m, columns: m.columns.map((c: any, i: number) => (i === 1 ? { ...c, type: 'complex' } : c)) }, b], 'meta.columns.1.type'],
  ])('refuses %s with a clear message and writes nothing', async (_what, spoil, message) => {
    const { meta, blobs } = await parsedSeattle();
    const [m, b] = spoil(meta, blobs);
    const r = await call('datasets.create', { name: 'Broken', meta: m, blobs: b });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_request');
      expect(r.error.message).toContain(message);
    }
    expect(count('datasets')).toBe(0);
    expect(count('dataset_columns')).toBe(0);
    expect(events).toEqual([]);
  });

  it('is all or nothing when the store fails half way through the columns', async () => {
    const { meta, blobs } = await parsedSeattle();
    store.db.exec("CREATE TRIGGER fail BEFORE INSERT ON dataset_columns WHEN NEW.position = 4 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const r = await call('datasets.create', { name: 'Seattle', meta, blobs });
    expect(r).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect(count('datasets')).toBe(0);
    expect(count('dataset_columns')).toBe(0);
  });

  it('lists and imports the bundled samples by name only', async () => {
    const samples = value<SampleInfo[]>(await call('datasets.samples', {}));
    expect(samples.map((s) => s.file)).toContain('seattle-weather.csv');
    const d = value<DatasetInfo>(await call('datasets.importSample', { file: 'seattle-weather.csv' }));
    expect(d.name).toBe('seattle-weather');
    expect(types(d)).toEqual(['date', 'number', 'number', 'number', 'number', 'category']);
    expect(count('dataset_columns')).toBe(6);

    for (const file of ['../x', '/etc/passwd', '../../package.json', 'index.json', 'samples/seattle-weather.csv', 'SEATTLE-WEATHER.CSV', 'seattle-weather.csv\u0000']) {
      const r = await call('datasets.importSample', { file });
      expect(r, file).toMatchObject({ ok: false, error: { code: 'not_found', path: 'file' } });
      if (!r.ok) expect(r.error.message).toContain('not a bundled sample');
    }
    expect(count('datasets')).toBe(1);
  });

  it('overrides a column type, refusing values that do not fit unless coerced', async () => {
    const { meta, blobs } = serializeDataset(await parseCsvText('id,code,label\n1,10,a\n2,20,b\n3,x7,c\n', { name: 't.csv' }));
    const d = value<DatasetInfo>(await call('datasets.create', { name: 'T', meta, blobs }));
    expect(types(d)).toEqual(['integer', 'category', 'category']);

    const asText = value<DatasetInfo>(await call('datasets.setColumnType', { id: d.id, column: 'id', type: 'category' }));
    expect(types(asText)).toEqual(['category', 'category', 'category']);
    expect(asText.profile.columns[0]!.inferredType).toBe('integer');

    const bad = await call('datasets.setColumnType', { id: d.id, column: 'code', type: 'number' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!bad.ok) expect(bad.error.message).toContain('Row 3, column "code"');
    expect(types(value<DatasetInfo>(await call('datasets.get', { id: d.id })))).toEqual(['category', 'category', 'category']);

    const coerced = value<DatasetInfo>(await call('datasets.setColumnType', { id: d.id, column: 'code', type: 'number', coerce: true }));
    expect(coerced.profile.columns[1]).toMatchObject({ type: 'number', count: 2, missing: 1, min: 10, max: 20 });
    // The stored blob follows the new type.
    const loaded = value<DatasetData>(await call('datasets.load', { id: d.id }));
    expect(Array.from(new Float64Array(loaded.blobs[1]!.slice().buffer))).toEqual([10, 20, NaN]);

    const missing = await call('datasets.setColumnType', { id: d.id, column: 'nope', type: 'number' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad_request', path: 'column' } });
  });

  it('deletes a dataset with its columns; deleting a project deletes its datasets', async () => {
    const p = value<Project>(await call('projects.create', { name: 'Weather' }));
    const a = value<DatasetInfo>(await call('datasets.importSample', { file: 'seattle-weather.csv', projectId: p.id }));
    const b = value<DatasetInfo>(await call('datasets.importSample', { file: 'seattle-weather.csv', projectId: p.id }));
    expect(count('dataset_columns')).toBe(12);
    value(await call('datasets.delete', { id: a.id }));
    expect(count('dataset_columns')).toBe(6);
    expect(await call('datasets.get', { id: a.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('datasets.delete', { id: a.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    value(await call('projects.delete', { id: p.id }));
    expect(await call('datasets.get', { id: b.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(count('dataset_columns')).toBe(0);
  });

  it('refuses a dataset for a project that does not exist', async () => {
    const { meta, blobs } = await parsedSeattle();
    const r = await call('datasets.create', { name: 'S', projectId: '00000000-0000-0000-0000-000000000000', meta, blobs });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', path: 'projectId' } });
    expect(count('datasets')).toBe(0);
  });
});
