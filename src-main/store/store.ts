/**
 * The SQLite store: one better-sqlite3 connection with WAL and foreign keys, migrated on open.
 * Opening fails with a StoreError whose message says what is wrong with which file.
 */
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, NewerDatabaseError } from './migrate';
import { migrations } from './migrations/index';
import { runsRepo } from './runs-repo';

export class StoreError extends Error {}

export interface StoreOptions {
  /** Path to a better_sqlite3.node built for the current runtime (Electron uses its own build). */
  nativeBinding?: string;
  readonly?: boolean;
}

export interface Store {
  db: Database.Database;
  file: string;
  close(): void;
}

export function openStore(file: string, opts: StoreOptions = {}): Store {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StoreError(`Cannot create the data folder ${dir}: ${(err as Error).message}`);
  }
  if (!opts.readonly) {
    try {
      accessSync(dir, constants.W_OK);
      if (existsSync(file)) accessSync(file, constants.W_OK);
    } catch {
      throw new StoreError(`The data folder ${dir} or database ${file} is read-only. Choose a writable data folder.`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, {
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      ...(opts.readonly ? { readonly: true, fileMustExist: true } : {}),
    });
  } catch (err) {
    throw new StoreError(`Cannot open the database ${file}: ${(err as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Reading the schema fails at once on a file that is not a SQLite database. (A full quick_check
    // would read every page: seconds on a large store, at every start.) Damage found later surfaces
    // as a storage error on the call that meets it.
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    if (!opts.readonly) migrate(db, migrations);
    // Runs left 'running' by a process that died (window closed, CLI killed) are marked interrupted.
    if (!opts.readonly) runsRepo(db).markOrphaned();
  } catch (err) {
    db.close();
    if (err instanceof NewerDatabaseError) throw new StoreError(err.message);
    const msg = (err as Error).message;
    const hint = /not a database|malformed|integrity/i.test(msg)
      ? ' The file is not a Layerloom database or is damaged; move it aside to start afresh (nothing was changed).'
      : '';
    throw new StoreError(`Cannot use the database ${file}: ${msg}.${hint}`);
  }
  return {
    db,
    file,
    close() {
      if (!db.open) return;
      try {
        if (!opts.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}
