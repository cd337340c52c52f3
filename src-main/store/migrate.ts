import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/types';

export class NewerDatabaseError extends Error {}

/**
 * Brings the database to the latest schema. Each migration runs in its own transaction together with
 * the `user_version` bump, so a failure leaves the file at the previous version, never half-migrated.
 * Running it again on an up-to-date database does nothing.
 */
export function migrate(db: Database, list: Migration[]): { from: number; to: number } {
  const from = Number(db.pragma('user_version', { simple: true }));
  const latest = list.reduce((m, x) => Math.max(m, x.version), 0);
  if (from > latest) {
    throw new NewerDatabaseError(
      `The database was written by a newer Layerloom (schema ${from}, this version knows up to ${latest}). ` +
        'Update Layerloom, or use another data folder.',
    );
  }
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    db.transaction(() => {
      if (m.sql) db.exec(m.sql);
      m.up?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: Math.max(from, latest) };
}
