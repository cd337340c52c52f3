import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./src-shared', import.meta.url)) };
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'core', include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node', ...shared },
      },
      {
        // The renderer's state classes and helpers, without a DOM: `.svelte.ts` rune modules are compiled
        // by the Svelte plugin for the client (the `browser` condition picks Svelte's client runtime, where
        // $derived and $effect run; the server build would never run an effect).
        plugins: [svelte()],
        resolve: { alias, conditions: ['browser'] },
        test: { name: 'renderer', include: ['src-renderer/**/*.test.ts'], environment: './src-renderer/lib/testing/node-client-env.ts', ...shared },
      },
    ],
  },
});
