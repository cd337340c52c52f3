// Types for scripts/find-chromium.mjs (used by e2e/launch.ts, the benches and its unit test).
export const PATH_NAMES: readonly string[];
export const HOW_TO_GET_ONE: string;
export function onPath(names: readonly string[], path?: string, exts?: readonly string[]): string | null;
export function findChromium(env?: Record<string, string | undefined>): { path: string; from: 'LAYERLOOM_CHROMIUM' | 'Playwright' | 'PATH' } | null;
