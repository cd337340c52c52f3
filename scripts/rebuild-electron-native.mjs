// Builds a second copy of better-sqlite3 for Electron's ABI into build/electron-native/, leaving the
// Node build in node_modules untouched (tests, CLI and web host keep working). Needs Electron's headers,
// which node-gyp downloads: run it where the internet is reachable (npm start calls it once).
import { cpSync, mkdirSync, copyFileSync, rmSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { root } from './lib.mjs';

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const work = join(tmpdir(), `layerloom-native-${process.pid}`);
cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes(`${join('better-sqlite3', 'build')}`) });
process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion}…\n`);
const gyp = join(root, 'node_modules', '.bin', 'node-gyp');
const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--no-install', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], {
  cwd: work,
  stdio: 'inherit',
  env: { ...process.env, npm_config_nodedir: '' },
});
void gyp;
if (r.status !== 0) {
  process.stderr.write('Could not build the SQLite module for Electron (Electron headers are fetched from the internet). Use `npm run web` meanwhile.\n');
  process.exit(1);
}
mkdirSync(join(root, 'build', 'electron-native'), { recursive: true });
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(root, 'build', 'electron-native', 'better_sqlite3.node'));
rmSync(work, { recursive: true, force: true });
process.stderr.write('Done: build/electron-native/better_sqlite3.node\n');
