// Helpers for the npm scripts: is the build up to date, and where is Electron's runtime.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const root = new URL('..', import.meta.url).pathname;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path)) if (e !== 'node_modules') m = Math.max(m, newestMtime(join(path, e)));
  return m;
}

export function buildIsCurrent() {
  const outputs = ['out/web/index.mjs', 'out/renderer/index.html', 'out/cli/index.mjs', 'out/main/index.js'].map((p) => join(root, p));
  if (!outputs.every(existsSync)) return false;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = ['src-main', 'src-renderer', 'src-shared', 'resources', 'package.json', 'electron.vite.config.ts'];
  return sources.every((s) => newestMtime(join(root, s)) <= built);
}

export function buildIfNeeded() {
  if (buildIsCurrent()) return;
  process.stderr.write('Building Layerloom (first run or sources changed)…\n');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write('The build failed; see the messages above.\n');
    process.exit(r.status ?? 1);
  }
}

/** The Electron executable if its runtime is present, without triggering electron's own download. */
export function electronExecutable() {
  const dir = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
    return existsSync(p) ? p : null;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

export const NO_ELECTRON_MESSAGE = `Layerloom's desktop window needs the Electron runtime, which is not installed here and could not be
downloaded just now (Electron fetches it from the internet on first use). Everything in Layerloom also
runs in your browser: start it with \`npm run web\` and open the URL it prints. For the desktop window,
run \`npm start\` again where the internet is reachable (or set ELECTRON_OVERRIDE_DIST_PATH to an
existing Electron).`;
