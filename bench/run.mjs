// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it under Node, one after another.
// A benchmark prints its table and writes bench/results/<suite>.json. Pass names to run a subset:
//   npm run bench -- graph data
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
let failed = 0;
for (const f of files) {
  const outfile = `out/bench/${f.replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [`bench/${f}`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})],
    tsconfig: 'tsconfig.node.json',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
  });
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench ${f} failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
