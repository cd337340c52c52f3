/**
 * Vitest environment for the renderer's tests: plain Node globals (no DOM), but modules are transformed
 * as for the browser, so `.svelte.ts` rune modules compile for Svelte's client runtime, where `$effect`
 * runs (the server build never runs an effect).
 */
import type { Environment } from 'vitest/environments';

export default {
  name: 'node-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
