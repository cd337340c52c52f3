/** Where Layerloom keeps its database when no folder is given: XDG data home (web host and CLI). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DB_FILE_NAME = 'layerloom.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAYERLOOM_DATA_DIR) return resolve(env.LAYERLOOM_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'layerloom');
}

export function dbFileIn(dir: string): string {
  return join(resolve(dir), DB_FILE_NAME);
}
