// Bundles the Node-side programs (CLI, web host) with esbuild. Native and wasm-carrying packages stay
// external so they load from node_modules at run time.
import { build } from 'esbuild';
import { nodeBundleOptions } from './cli-bundle.mjs';

const common = nodeBundleOptions({ sourcemap: true });
await build({ ...common, entryPoints: { index: 'src-main/cli/index.ts' }, outdir: 'out/cli', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: { index: 'src-main/hosts/web/main.ts' }, outdir: 'out/web', outExtension: { '.js': '.mjs' } });
