// Bundles the Node-side programs (CLI, web host) with esbuild. Native and wasm-carrying packages stay
// external so they load from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), 'electron'];
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  tsconfig: 'tsconfig.node.json',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __llCreateRequire } from 'node:module'; const require = __llCreateRequire(import.meta.url);",
  },
  define: { __LAYERLOOM_VERSION__: JSON.stringify(pkg.version) },
};
await build({ ...common, entryPoints: { index: 'src-main/cli/index.ts' }, outdir: 'out/cli', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: { index: 'src-main/hosts/web/main.ts' }, outdir: 'out/web', outExtension: { '.js': '.mjs' } });
