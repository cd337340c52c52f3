// Packs what scripts/device-bench.sh needs on a GPU machine that has Python + torch but no Node, no
// browser and no network, into out/device/ (ignored; carried with the working tree, ≤ 64 MiB in all):
//   node.xz            this machine's Node binary (links only glibc/libstdc++), xz-compressed
//   device-node.mjs    bench/device-node.ts bundled with tfjs (cpu, wasm, webgpu backends) and the bench core
//   *.wasm             tfjs-backend-wasm's binaries
//   dawn.node.xz       Dawn's WebGPU bindings for Node, linux-x64, from the `webgpu` npm package (packed
//                      with `npm pack` into .tmp/device-pkgs — not a dependency of the app)
//   libvulkan.so.1     the Vulkan loader (from Debian's chromium, or the system's), in case the GPU box lacks one
// Usage: node scripts/device-bench-pack.mjs
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const WEBGPU_PKG = 'webgpu@0.6.2';
const dir = 'out/device';
const limit = 60 * 1024 * 1024; // leave room for the working tree within the 64 MiB carried
// compressing Node takes minutes on two cores: keep node.xz when it was made from this very binary
const nodeStamp = `${process.execPath} ${process.version} ${statSync(process.execPath).size}`;
const stampFile = join(dir, 'node.xz.stamp');
const keepNode = existsSync(join(dir, 'node.xz')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === nodeStamp;
for (const f of existsSync(dir) ? readdirSync(dir) : []) if (!(keepNode && (f === 'node.xz' || f === 'node.xz.stamp'))) rmSync(join(dir, f), { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

await build({
  entryPoints: ['bench/device-node.ts'],
  outfile: join(dir, 'device-node.mjs'),
  bundle: true,
  minify: true,
  keepNames: true, // results name each model's layer class (fused or stock)
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: 'tsconfig.node.json',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __c } from 'node:module'; import { fileURLToPath as __f } from 'node:url'; import { dirname as __d } from 'node:path'; const require = __c(import.meta.url); const __filename = __f(import.meta.url); const __dirname = __d(__filename);",
  },
});
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(dir, f));

const xz = (src, dst) => execFileSync('sh', ['-c', `xz -T2 -6 -c "$1" > "$2"`, 'xz', src, dst], { stdio: 'inherit' });
if (!keepNode) {
  xz(process.execPath, join(dir, 'node.xz'));
  writeFileSync(stampFile, nodeStamp);
}

const pkgDir = '.tmp/device-pkgs';
mkdirSync(pkgDir, { recursive: true });
const tgz = join(pkgDir, `${WEBGPU_PKG.replace('@', '-')}.tgz`);
if (!existsSync(tgz)) execFileSync('npm', ['pack', WEBGPU_PKG, '--pack-destination', pkgDir], { stdio: 'inherit' });
execFileSync('tar', ['xzf', tgz, '-C', pkgDir, 'package/dist/linux-x64/dawn.node', 'package/LICENSE.md']);
xz(join(pkgDir, 'package/dist/linux-x64/dawn.node'), join(dir, 'dawn.node.xz'));
copyFileSync(join(pkgDir, 'package/LICENSE.md'), join(dir, 'dawn-LICENSE.md'));

const loader = ['/usr/lib/chromium/libvulkan.so.1', '/usr/lib/x86_64-linux-gnu/libvulkan.so.1'].find(existsSync);
if (loader) copyFileSync(loader, join(dir, 'libvulkan.so.1'));

let total = 0;
for (const f of readdirSync(dir)) {
  const n = statSync(join(dir, f)).size;
  total += n;
  console.log(`${f.padEnd(40)} ${(n / 1048576).toFixed(1)} MiB`);
}
console.log(`total ${(total / 1048576).toFixed(1)} MiB in ${dir}${loader ? '' : ' (no Vulkan loader found here: the GPU box must have libvulkan.so.1)'}`);
if (total > limit) {
  console.error(`too big to carry: ${(total / 1048576).toFixed(1)} MiB > ${limit / 1048576} MiB`);
  process.exit(1);
}
