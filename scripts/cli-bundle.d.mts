import type { BuildOptions } from 'esbuild';
import type { SpawnSyncOptionsWithStringEncoding, SpawnSyncReturns } from 'node:child_process';

export const ROOT: string;
export function nodeBundleOptions(o?: { sourcemap?: boolean }): BuildOptions;
export function bundleCli(name: string): Promise<string>;
export function runCli(cli: string, args: readonly string[], options?: Partial<SpawnSyncOptionsWithStringEncoding>): SpawnSyncReturns<string>;
export function templateProject(cli: string, prefix: string): { dir: string; project: string };
