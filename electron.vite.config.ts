/**
 * Builds the three Electron targets from the fixed folders: src-main (main process), src-main/preload
 * (the sandboxed preload, bundled whole so it needs nothing but `electron`), src-renderer (the UI, also
 * served by the web host). Output goes to out/{main,preload,renderer}.
 */
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const shared = fileURLToPath(new URL('./src-shared', import.meta.url));
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
const alias = { '@shared': shared };
const define = { __LAYERLOOM_VERSION__: JSON.stringify(version) };

export default defineConfig({
  main: {
    resolve: { alias },
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: fileURLToPath(new URL('./src-main/index.ts', import.meta.url)) } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fileURLToPath(new URL('./src-main/preload/index.ts', import.meta.url)) },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
    resolve: { alias },
    define,
    plugins: [svelte()],
    worker: { format: 'es' },
    build: {
      outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: { index: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)) } },
    },
  },
});
