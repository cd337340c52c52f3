import { ApiError } from '../../src-shared/api/errors';

/**
 * Runs a store operation and turns SQLite failures (disk full, read-only file, locked, corrupt) into a
 * typed `storage` error with a message a user can act on. Anything else passes through.
 */
export function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      const why: Record<string, string> = {
        SQLITE_FULL: 'the disk is full',
        SQLITE_READONLY: 'the database is read-only',
        SQLITE_BUSY: 'the database is busy in another program',
        SQLITE_CORRUPT: 'the database file is damaged',
        SQLITE_IOERR: 'the disk reported an input/output error',
        SQLITE_CANTOPEN: 'the database file cannot be opened',
      };
      const base = Object.keys(why).find((k) => code.startsWith(k));
      throw new ApiError('storage', `Could not save: ${base ? why[base] : code} (${(err as Error).message}). Nothing was changed.`);
    }
    throw err;
  }
}
