// The one way the Node-side programs are bundled with esbuild (native and wasm-carrying packages stay
// external, loaded from node_modules at run time), and the helpers tests and benches use to run the CLI
// without a full build: bundle it into out/<name>/cli/index.mjs, make a project from a template, run a
// command. Used by scripts/build-node.mjs, scripts/bench-forecast.mjs and the CLI tests.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild options shared by every Node bundle. */
export function nodeBundleOptions({ sourcemap = false } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap,
    external: [...Object.keys(pkg.dependencies ?? {}), 'electron'],
    tsconfig: 'tsconfig.node.json',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __llCreateRequire } from 'node:module'; const require = __llCreateRequire(import.meta.url);" },
    define: { __LAYERLOOM_VERSION__: JSON.stringify(pkg.version) },
  };
}

/** Bundles the CLI into out/<name>/cli/index.mjs; returns that path. */
export async function bundleCli(name) {
  const outfile = join(ROOT, 'out', name, 'cli/index.mjs');
  await build({ ...nodeBundleOptions(), entryPoints: ['src-main/cli/index.ts'], outfile });
  return outfile;
}

/** Runs `layerloom <args>` from the bundle `cli` (stdout/stderr as text). */
export function runCli(cli, args, options = {}) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
}

/** A new temp folder (prefix `ll-<prefix>-`) holding gru.loom.json from the gru-forecaster template. */
export function templateProject(cli, prefix) {
  const dir = mkdtempSync(join(tmpdir(), `ll-${prefix}-`));
  const project = join(dir, 'gru.loom.json');
  const r = runCli(cli, ['new', '--template', 'gru-forecaster', '--out', project]);
  if (r.status !== 0) throw new Error(`layerloom new failed (${r.status}): ${r.stderr}`);
  return { dir, project };
}
