/**
 * Which tfjs backend a training run uses, and why — the rule the training worker applies, written against a
 * small interface (`BackendProbe`) so it is tested without a browser:
 *  - a backend named in the settings is used when it starts, else the first of wasm, cpu that does;
 *  - auto times a few batches of the actual model on each candidate that starts — WebGPU (only where the
 *    browser offers `navigator.gpu` and its device was not lost in this worker), WebGL, wasm — and keeps the
 *    fastest; cpu when none can run the model;
 *  - when the fused recurrent layers cannot run on the chosen backend, the reference (stock tfjs) layers
 *    are used there instead, and the reason says so.
 */

import type { RecurrentImpl } from '@shared/train/settings';

export type Backend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type Recurrent = RecurrentImpl;

/** Auto's candidates, in the order they are tried. */
export const AUTO_CANDIDATES: readonly Backend[] = ['webgpu', 'webgl', 'wasm'];
const FALLBACKS: readonly Backend[] = ['wasm', 'cpu'];

export interface BackendProbe {
  /** Whether the browser offers WebGPU (`navigator.gpu`). */
  hasWebGPU: boolean;
  /** Why WebGPU must not be used again in this worker (its device was lost), or null. */
  webgpuLost: string | null;
  /** Makes `b` the current tfjs backend; false when it cannot start. */
  trySet(b: Backend): Promise<boolean>;
  /** Milliseconds per training batch of the model with this recurrent implementation on the current backend; throws when it cannot run. */
  time(recurrent: Recurrent): Promise<number>;
}

export interface Choice {
  backend: Backend;
  /** The recurrent implementation to build the model with on that backend. */
  recurrent: Recurrent;
  reason: string;
}

const msg = (e: unknown): string => String((e as Error)?.message ?? e).slice(0, 200);

/**
 * The recurrent implementation that runs on the current backend: the one asked for, or the reference
 * layers (with the reason) when the fused ones fail there. Null with the errors when neither runs.
 */
async function runnable(p: BackendProbe, b: Backend, want: Recurrent): Promise<{ recurrent: Recurrent; ms: number; note: string } | { error: string }> {
  try {
    return { recurrent: want, ms: await p.time(want), note: '' };
  } catch (e) {
    if (want === 'reference') return { error: msg(e) };
    try {
      const ms = await p.time('reference');
      return { recurrent: 'reference', ms, note: `; the fused recurrent layers cannot run on ${b} (${msg(e)}), so the reference layers are used there` };
    } catch (e2) {
      return { error: msg(e2) };
    }
  }
}

export async function chooseBackend(p: BackendProbe, asked: 'auto' | Backend, want: Recurrent): Promise<Choice> {
  if (asked !== 'auto') {
    const unavailable =
      asked === 'webgpu' && !p.hasWebGPU ? 'this browser offers no WebGPU (navigator.gpu)' : asked === 'webgpu' && p.webgpuLost ? `its device was lost (${p.webgpuLost})` : null;
    if (!unavailable && (await p.trySet(asked))) {
      if (want === 'reference') return { backend: asked, recurrent: want, reason: `${asked} chosen in the settings` };
      // a few timed batches say whether the fused layers run here; the model's own errors surface when it
      // is trained, so only a fused-layer failure changes the choice
      const r = await runnable(p, asked, want);
      const recurrent = 'error' in r ? want : r.recurrent;
      return { backend: asked, recurrent, reason: `${asked} chosen in the settings${'error' in r ? '' : r.note}` };
    }
    for (const b of FALLBACKS)
      if (await p.trySet(b)) return { backend: b, recurrent: want, reason: `${asked} is not available here${unavailable ? `: ${unavailable}` : ''}; fell back to ${b}` };
    throw new Error('No tfjs backend could start.');
  }
  const times: { b: Backend; ms: number; recurrent: Recurrent; note: string }[] = [];
  const skipped: string[] = [];
  for (const b of AUTO_CANDIDATES) {
    if (b === 'webgpu' && !p.hasWebGPU) continue; // the usual case off a real GPU: not worth a word
    if (b === 'webgpu' && p.webgpuLost) {
      skipped.push(`webgpu skipped: its device was lost (${p.webgpuLost})`);
      continue;
    }
    if (!(await p.trySet(b))) {
      if (b === 'webgpu') skipped.push('webgpu did not start');
      continue;
    }
    const r = await runnable(p, b, want);
    if ('error' in r) skipped.push(`${b} cannot run the model (${r.error})`);
    else times.push({ b, ...r });
  }
  const also = skipped.length ? `; ${skipped.join('; ')}` : '';
  if (times.length === 0) {
    await p.trySet('cpu');
    return { backend: 'cpu', recurrent: want, reason: `auto: neither WebGPU, WebGL nor wasm could run the model; using cpu${also}` };
  }
  const best = [...times].sort((a, b) => a.ms - b.ms)[0]!;
  await p.trySet(best.b);
  return {
    backend: best.b,
    recurrent: best.recurrent,
    reason: `auto: fastest of ${times.map((t) => `${t.b} ${t.ms.toFixed(0)} ms/batch`).join(', ')}${best.note}${also}`,
  };
}

/** The reason a run stopped because the WebGPU device was lost, and what happens next. */
export function deviceLostReason(info: { message?: string; reason?: string } | null | undefined): string {
  const why = [info?.reason, info?.message].filter((s) => s && s !== 'undefined').join(': ') || 'no reason given';
  return `The WebGPU device was lost (${why}); start the run again: later runs leave WebGPU out until the app restarts.`;
}
