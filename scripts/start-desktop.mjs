// `npm start` / `npm run dev`: the desktop app. Fails with one clear paragraph where Electron's runtime
// is missing, instead of a stack trace from electron's own downloader.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded, electronExecutable, NO_ELECTRON_MESSAGE, root } from './lib.mjs';

const dev = process.argv.includes('--dev');
let exe = electronExecutable();
if (!exe && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  // Electron fetches its runtime on first use; try that once, quietly, before giving up.
  process.stderr.write('Fetching the Electron runtime (first start)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'pipe', timeout: 600_000 });
  if (r.status === 0) exe = electronExecutable();
}
if (!exe) {
  process.stderr.write(NO_ELECTRON_MESSAGE + '\n');
  process.exit(1);
}
if (!existsSync(join(root, 'build', 'electron-native', 'better_sqlite3.node'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'rebuild-electron-native.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (dev) {
  const child = spawn('npx', ['electron-vite', 'dev'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_EXEC_PATH: exe } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  buildIfNeeded();
  const child = spawn(exe, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
