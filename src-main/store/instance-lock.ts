/**
 * One app instance per data folder: a lock file holding the owner's pid. A lock left by a process that
 * no longer exists is taken over. (The CLI does not take it: its writes are safe beside the app's under
 * SQLite's WAL.)
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class InstanceLockError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireInstanceLock(dataDir: string, who: string): { release(): void } {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new InstanceLockError(`Cannot create the data folder ${dataDir}: ${(err as Error).message}`);
  }
  const file = join(dataDir, 'layerloom.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, who, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
        throw new InstanceLockError(`The data folder ${dataDir} is not writable (${code}). Choose a writable folder with --data-dir.`);
      }
      if (code !== 'EEXIST') throw err;
      let owner: { pid?: number; who?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (typeof owner.pid === 'number' && owner.pid !== process.pid && alive(owner.pid)) {
        throw new InstanceLockError(
          `Another Layerloom (${owner.who ?? 'app'}, pid ${owner.pid}) is already using ${dataDir}. ` +
            'Use that one, or start this one with another --data-dir.',
        );
      }
      try {
        unlinkSync(file);
      } catch {
        /* raced with another process */
      }
    }
  }
  throw new InstanceLockError(`Could not lock the data folder ${dataDir}.`);
}
