import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { Project } from '../../src-shared/api/projects';
import { DOCUMENT_VERSION } from '../../src-shared/graph/document';

let dir: string;
let store: Store;
let events: { event: string; payload: unknown }[];
let call: (method: unknown, args: unknown) => ReturnType<typeof dispatch>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-svc-'));
  store = openStore(join(dir, 'layerloom.db'));
  events = [];
  const ctx: HandlerContext = { emit: (event, payload) => events.push({ event, payload }) };
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: join(dir, 'resources') });
  call = (m, a) => dispatch(handlers, m, a, ctx);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rowCount = (): number => store.db.prepare('SELECT count(*) FROM projects').pluck().get() as number;
const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

describe('projects service', () => {
  it('creates, lists, opens, renames, saves and deletes', async () => {
    const p = value<Project>(await call('projects.create', { name: '  Weather  ' }));
    expect(p.name).toBe('Weather');
    expect(value<{ name: string }[]>(await call('projects.list', {})).map((x) => x.name)).toEqual(['Weather']);

    value(await call('projects.rename', { id: p.id, name: 'Seattle' }));
    const doc = { version: DOCUMENT_VERSION, nodes: [], edges: [], settings: { name: 'model' } };
    value(await call('projects.save', { id: p.id, document: doc, view: { zoom: 2 }, training: { epochs: 3 } }));
    const got = value<Project>(await call('projects.get', { id: p.id }));
    expect(got).toMatchObject({ name: 'Seattle', document: doc, view: { zoom: 2 }, dataPrep: null });
    expect(got.training.epochs).toBe(3);
    expect(got.training.optimizer).toBe('adam');

    store.db
      .prepare("INSERT INTO datasets (id, project_id, name, created_at) VALUES ('d1', ?, 'weather', 'x')")
      .run(p.id);
    store.db.prepare("INSERT INTO dataset_columns (dataset_id, position, name, meta, data) VALUES ('d1', 0, 'a', '{}', x'00')").run();
    value(await call('projects.delete', { id: p.id }));
    expect(rowCount()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM datasets').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM dataset_columns').pluck().get()).toBe(0);
    const gone = await call('projects.get', { id: p.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(events.map((e) => (e.payload as { change: string }).change)).toEqual(['created', 'renamed', 'saved', 'deleted']);
  });

  it('refuses a duplicate name (case-insensitive) and writes nothing', async () => {
    value(await call('projects.create', { name: 'Weather' }));
    const r = await call('projects.create', { name: 'WEATHER' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', path: 'name' } });
    expect(rowCount()).toBe(1);
  });

  it.each([
    ['an unknown method', 'projects.explode', {}, 'unknown_method'],
    ['a wrong argument type', 'projects.create', { name: 42 }, 'bad_request'],
    ['an empty name', 'projects.create', { name: '   ' }, 'bad_request'],
    ['an over-long name', 'projects.create', { name: 'x'.repeat(201) }, 'bad_request'],
    ['a control character', 'projects.create', { name: 'a\u0000b' }, 'bad_request'],
    ['an unexpected argument', 'projects.create', { name: 'ok', sql: 'DROP TABLE projects' }, 'bad_request'],
    ['arguments that are not an object', 'projects.create', 'name', 'bad_request'],
    ['a malformed id', 'projects.delete', { id: "' OR 1=1 --" }, 'bad_request'],
    ['an invalid graph document', 'projects.create', { name: 'g', document: { version: 2, nodes: [{ id: 'a' }], edges: [] } }, 'bad_request'],
    ['a graph document from a newer version', 'projects.create', { name: 'g', document: { version: 99, nodes: [], edges: [] } }, 'bad_request'],
    ['out-of-range training settings', 'projects.create', { name: 'g', training: { learningRate: -1 } }, 'bad_request'],
    ['a missing project', 'projects.rename', { id: '00000000-0000-0000-0000-000000000000', name: 'x' }, 'not_found'],
  ])('%s gets a typed error and changes nothing', async (_what, method, args, code) => {
    value(await call('projects.create', { name: 'Existing' }));
    const before = store.db.prepare('SELECT * FROM projects').all();
    const r = await call(method, args);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(10);
    }
    expect(store.db.prepare('SELECT * FROM projects').all()).toEqual(before);
    expect(events.length).toBe(1);
  });

  it('turns a storage failure into a storage error and keeps the data', async () => {
    const p = value<Project>(await call('projects.create', { name: 'Weather' }));
    store.db.exec("CREATE TRIGGER fail BEFORE UPDATE ON projects BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
    const r = await call('projects.save', { id: p.id, document: { version: 2, nodes: [], edges: [] } });
    expect(r.ok).toBe(false);
    expect(value<Project>(await call('projects.get', { id: p.id })).document).toBeNull();
  });

  it('a full disk gives a storage error, keeps the stored project, and saving works again once there is room', async () => {
    const p = value<Project>(await call('projects.create', { name: 'Big' }));
    const small = { version: DOCUMENT_VERSION, nodes: [], edges: [], settings: { name: 'small' } };
    value(await call('projects.save', { id: p.id, document: small }));
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`); // the "disk" is now nearly full
    const doc2 = { ...small, settings: { name: 'bigger' } };
    const huge = { notes: 'x'.repeat(200_000) }; // a large editor view makes the write need new pages
    const r = await call('projects.save', { id: p.id, document: doc2, view: huge });
    expect(r).toMatchObject({ ok: false, error: { code: 'storage' } });
    if (!r.ok) expect(r.error.message).toMatch(/disk is full/);
    expect(value<Project>(await call('projects.get', { id: p.id })).document).toEqual(small);
    store.db.pragma('max_page_count = 1073741823');
    value(await call('projects.save', { id: p.id, document: doc2, view: huge }));
    const after = value<Project>(await call('projects.get', { id: p.id }));
    expect(after.document).toEqual(doc2);
    expect(after.view).toEqual(huge);
  });
});

