import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireInstanceLock, InstanceLockError } from './instance-lock';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'll-lock-'));
  dirs.push(d);
  return d;
};

describe('one app instance per data folder', () => {
  it('refuses a second instance while the first is alive, naming it', async () => {
    const dir = tmp();
    // Another process holds the lock: write its pid the way acquireInstanceLock does.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    children.push(other);
    writeFileSync(join(dir, 'layerloom.lock'), JSON.stringify({ pid: other.pid, who: 'web host' }));
    expect(() => acquireInstanceLock(dir, 'web host')).toThrow(InstanceLockError);
    expect(() => acquireInstanceLock(dir, 'web host')).toThrow(new RegExp(`web host, pid ${other.pid}.*already using`));
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'layerloom.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, who: 'web host' }));
    const lock = acquireInstanceLock(dir, 'web host');
    expect(existsSync(join(dir, 'layerloom.lock'))).toBe(true);
    lock.release();
    expect(existsSync(join(dir, 'layerloom.lock'))).toBe(false);
  });

  it('takes over an unreadable lock file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'layerloom.lock'), 'garbage');
    acquireInstanceLock(dir, 'web host').release();
  });
});
