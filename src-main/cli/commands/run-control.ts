/**
 * What `layerloom train` and `layerloom sweep` share around a training run: the `--backend` choice (wasm
 * when it loads, cpu as the fallback, see tf-node.ts) as the pipeline's TfProvider, and Ctrl-C handling
 * (the first SIGINT asks the run to stop after the current batch, a second one quits at once, exit 130).
 */
import * as tfjs from '@tensorflow/tfjs';
import { UsageError } from '../command';
import type { TfProvider } from '../../../src-shared/train/pipeline';
import { loadTf, type NodeBackend } from './tf-node';

export type BackendWant = 'auto' | NodeBackend;

/** A whole-number option ≥ min (absent = undefined); anything else is a usage error naming the flag. */
export function intOption(options: Map<string, string>, key: string, min: number): number | undefined {
  const v = options.get(key);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${key} must be a whole number ≥ ${min}, not "${v}"`);
  return Number(v);
}

/** The `--backend` option (absent = auto); anything but wasm or cpu is a usage error. */
export function backendOption(options: Map<string, string>): BackendWant {
  const want = options.get('backend') ?? 'auto';
  if (want !== 'auto' && want !== 'wasm' && want !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, not "${want}"`);
  return want;
}

/** The pipeline's tfjs provider for Node; `onChosen` hears the backend picked and why. */
export function nodeTfProvider(want: BackendWant, onChosen?: (line: string) => void): TfProvider {
  return {
    tf: tfjs,
    async ready() {
      const { tf, backend, why } = await loadTf(want);
      onChosen?.(`${backend} (${why})`);
      return { backend, reason: why, device: `Node ${process.version} ${process.platform}/${process.arch}, tfjs ${tf.version.tfjs} ${backend}` };
    },
  };
}

export interface SigintStop {
  /** True once Ctrl-C was pressed: the run stops after the current batch. */
  shouldStop(): boolean;
  /** Removes the handler (call when the run is over). */
  release(): void;
}

/** Ctrl-C once: `say(message)` and stop gracefully; twice: exit 130 at once. */
export function stopOnSigint(say: (line: string) => void, message: string): SigintStop {
  let stop = false;
  const onSigint = (): void => {
    if (stop) process.exit(130);
    stop = true;
    say(message);
  };
  process.on('SIGINT', onSigint);
  return { shouldStop: () => stop, release: () => void process.off('SIGINT', onSigint) };
}
