import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreError } from './store';
import { migrate } from './migrate';
import { migrations } from './migrations/index';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'll-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) {
    try {
      chmodSync(d, 0o755);
    } catch {
      /* ignore */
    }
    rmSync(d, { recursive: true, force: true });
  }
});

const latest = Math.max(...migrations.map((m) => m.version));

describe('store', () => {
  it('migrates an empty file to the latest schema with WAL and foreign keys on', () => {
    const store = openStore(join(tmp(), 'layerloom.db'));
    expect(store.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = store.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    for (const t of ['projects', 'datasets', 'runs', 'metrics', 'artifacts']) expect(tables).toContain(t);
    store.close();
  });

  it('re-running the migrations is a no-op', () => {
    const file = join(tmp(), 'layerloom.db');
    const s1 = openStore(file);
    s1.db.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p', 'kept', 'x', 'x')").run();
    const schema = s1.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    expect(migrate(s1.db, migrations)).toEqual({ from: latest, to: latest });
    s1.close();
    const s2 = openStore(file);
    expect(s2.db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    expect(s2.db.prepare('SELECT name FROM projects').pluck().all()).toEqual(['kept']);
    s2.close();
  });

  it('a failing migration leaves the database at the previous version', () => {
    const db = new Database(':memory:');
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE extra (x INT); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer Layerloom without touching it', () => {
    const file = join(tmp(), 'layerloom.db');
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 5}`);
    db.close();
    expect(() => openStore(file)).toThrow(/newer Layerloom/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latest + 5);
    again.close();
  });

  it('explains a corrupt database file and leaves it as it was', () => {
    const file = join(tmp(), 'layerloom.db');
    writeFileSync(file, 'this is not a database at all, just some text '.repeat(200));
    expect(() => openStore(file)).toThrow(StoreError);
    expect(() => openStore(file)).toThrow(/not a Layerloom database or is damaged/);
  });

  // root ignores file permissions, so this can only be shown as an ordinary user.
  it.skipIf(process.getuid?.() === 0)('explains a read-only data folder', () => {
    const d = tmp();
    chmodSync(d, 0o555);
    expect(() => openStore(join(d, 'layerloom.db'))).toThrow(/read-only/);
  });

  it('explains a data folder that cannot be created', () => {
    const d = tmp();
    writeFileSync(join(d, 'file'), 'x');
    expect(() => openStore(join(d, 'file', 'sub', 'layerloom.db'))).toThrow(/Cannot create the data folder/);
    mkdirSync(join(d, 'ok'));
  });
});
