import type { Database } from 'better-sqlite3';

/** One schema step. `version` is what `PRAGMA user_version` becomes once it has run. */
export interface Migration {
  version: number;
  name: string;
  /** Plain SQL, or a function for steps that transform data. Runs inside a transaction. */
  sql?: string;
  up?: (db: Database) => void;
}
