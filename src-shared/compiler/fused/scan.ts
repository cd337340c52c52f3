/**
 * The fused recurrent scan: one custom-gradient op over the whole sequence.
 *
 * Forward: the input projection of every step is one matrix product (bias folded in; GRU: one per gate
 * group, [z r] and h, which spares a split per step); per step only the
 * recurrent products and the gate math (cells.ts). Backward (BPTT by hand): per step only the gate math and
 * the products with the pre-transposed recurrent kernel; the kernel, recurrent kernel and bias gradients are
 * one large product (or sum) each over all steps at the end. Every matMul has plain (untransposed) operands:
 * tfjs-backend-wasm's fast matmul is used only then.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';
import type { CellMath } from './cells';
import { timeSteps } from './steps';
import * as kernels from './kernels/ops';
import { concatRows } from './kernels/rows';

type T = tfjs.Tensor;

interface EngineState {
  state: { gradientDepth: number; kernelDepth: number; activeTape: unknown[] | null };
}

/** Tensors held for a backward pass, with the tape (one `gradients` call) they were recorded on. */
interface Held {
  tape: unknown;
  tensors: T[];
}
const HELD = new Set<Held>();

/**
 * Keeps `tensors` past the forward pass when a tape is recording this op (as the engine's `save` would, without
 * its clones) and returns the handle for `releaseHeld`, else null. Tensors held for a tape that has since ended
 * without running this op's backward pass (a frozen layer, say) are released here, so nothing accumulates.
 */
function holdForBackward(tf: TfModule, tensors: T[]): Held | null {
  const st = (tf.engine() as unknown as EngineState).state;
  for (const h of HELD) if (h.tape !== st.activeTape) releaseHeld(tf, h);
  // inside this op's own kernel (depth 1) under a recording `gradients` call: the engine's isTapeOn() at the call
  if (!(st.gradientDepth > 0 && st.kernelDepth === 1 && st.activeTape)) return null;
  const h: Held = { tape: st.activeTape, tensors: [...new Set(tensors)] };
  for (const t of h.tensors) tf.keep(t);
  HELD.add(h);
  return h;
}

function releaseHeld(tf: TfModule, h: Held | null): void {
  if (!h || !HELD.delete(h)) return;
  tf.dispose(h.tensors);
}

export interface ScanOptions {
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
}

/**
 * Runs `cell` over x [B, T, in] with kernel W, recurrent kernel U and bias b (null without bias) and returns the
 * layer's output: [B, T, u] with return sequences (in processing order, like Keras), else [B, u]. `recMask`
 * [B, u] is the recurrent dropout mask (null = none); input dropout is applied by the caller.
 */
export function fusedScan(tf: TfModule, cell: CellMath, o: ScanOptions, x: T, W: T, U: T, b: T | null, recMask: T | null): T {
  const u = o.units;
  const [B, steps, D] = x.shape as [number, number, number];
  const nStates = cell.states;
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as (ts: T[]) => void;
    const [xi, Wi, Ui, bi] = args as T[];
    const bias = b ? bi! : null;
    // time-major, flattened: row t·B + i is sample i at step t (processing order)
    let xs = tf.transpose(xi!, [1, 0, 2]);
    if (o.goBackwards) xs = tf.reverse(xs, 0);
    const X2 = tf.reshape(xs, [steps * B, D]);
    let recBias: T | null = null;
    let bIn: T | null = bias;
    if (bias && cell.recurrentBias) [bIn, recBias] = tf.unstack(bias) as [T, T];
    const widths = cell.projection;
    const Wp = widths.length === 1 ? [Wi!] : tf.split(Wi!, widths, 1);
    const bp = bIn ? (widths.length === 1 ? [bIn] : tf.split(bIn, widths, 0)) : null;
    // per projection piece: all steps in one product, then per-step tensors
    const pieces = Wp.map((w, j) => {
      let P = tf.matMul(X2, w);
      if (bp) P = tf.add(P, bp[j]!);
      return timeSteps(tf, tf.reshape(P, [steps, B, widths[j]!]) as tfjs.Tensor3D);
    });
    const Us = cell.splitU(tf, Ui!, u);
    let states: T[] = Array.from({ length: nStates }, () => tf.zeros([B, u]));
    const hs: T[] = [];
    const kept: T[] = [];
    for (let t = 0; t < steps; t++) {
      const h = states[0]!;
      const hd = recMask ? tf.mul(h, recMask) : h;
      const r = cell.forward(tf, pieces.map((ps) => ps[t]!), states, hd, Us, recBias);
      kept.push(...r.saved, ...r.streams);
      states = r.states;
      hs.push(states[0]!);
    }
    let value = o.returnSequences ? tf.transpose(tf.stack(hs), [1, 0, 2]) : hs[steps - 1]!;
    // The per-step tensors the backward pass needs are kept by the scan itself, not through `save`: the engine
    // clones every saved tensor (one Identity kernel, a copy on wasm, each), i.e. 4–6 dispatches per step.
    const held = holdForBackward(tf, kept);
    if (held && kept.includes(value)) value = tf.clone(value); // the caller may dispose the output; the backward pass still needs it
    save([X2, Wi!, Ui!, ...(recMask ? [recMask] : [])]);

    const gradFunc = (dy: T, saved: T[]): T[] => {
      const [X2s, Ws, Us0] = saved as [T, T, T];
      const mask = recMask ? saved[3]! : null;
      const per = kept;
      const blocks = cell.splitU(tf, Us0, u);
      const nSaved = (per.length / steps - blocks.length) | 0;
      const UT = blocks.map((m) => tf.transpose(m));
      const dys = o.returnSequences ? timeSteps(tf, tf.transpose(dy, [1, 0, 2]) as tfjs.Tensor3D) : null;
      let ds: (T | null)[] = Array.from({ length: nStates }, () => null);
      ds[0] = dys ? dys[steps - 1]! : dy;
      const dps: T[][] = cell.projection.map(() => new Array<T>(steps));
      const drecs: T[][] = blocks.map(() => new Array<T>(steps));
      const zeros = tf.zeros([B, u]);
      for (let t = steps - 1; t >= 0; t--) {
        const rec = per.slice(t * (nSaved + blocks.length), t * (nSaved + blocks.length) + nSaved);
        const g = cell.backward(tf, rec, ds.map((d) => d ?? zeros), UT);
        g.dp.forEach((d, j) => (dps[j]![t] = d));
        g.drec.forEach((d, j) => (drecs[j]![t] = d));
        if (t === 0) break;
        // the previous step's dh in one dispatch: dprev + mask ⊙ (dhd terms) + that step's output gradient
        const [x1, y1] = g.dhd();
        ds = g.dprev.map((d, k) => (k === 0 ? kernels.gradSum(tf, d, x1, y1, mask, dys ? dys[t - 1]! : null) : d));
      }
      // each per-step list stacked once (a cell's drec is often its dp: GRU [dzr, dah], LSTM, SimpleRNN)
      const stacked = new Map<T[], T>();
      const rows = (list: T[]): T => {
        const same = [...stacked.keys()].find((l) => l.every((x, t) => x === list[t]));
        if (same) return stacked.get(same)!;
        const m = concatRows(tf, list);
        stacked.set(list, m);
        return m;
      };
      const DPs = dps.map(rows);
      const X2T = tf.transpose(X2s);
      const dWs = DPs.map((DP) => tf.matMul(X2T, DP));
      const dW = dWs.length === 1 ? dWs[0]! : tf.concat(dWs, 1);
      const WT = tf.transpose(Ws);
      const WTs = DPs.length === 1 ? [WT] : tf.split(WT, cell.projection, 0);
      let dx2 = tf.matMul(DPs[0]!, WTs[0]!);
      for (let j = 1; j < DPs.length; j++) dx2 = tf.add(dx2, tf.matMul(DPs[j]!, WTs[j]!));
      let dx = tf.reshape(dx2, [steps, B, D]);
      if (o.goBackwards) dx = tf.reverse(dx, 0);
      dx = tf.transpose(dx, [1, 0, 2]);
      const dUs = blocks.map((_, j) => {
        const A = rows(Array.from({ length: steps }, (_x, t) => per[t * (nSaved + blocks.length) + nSaved + j]!));
        return tf.matMul(tf.transpose(A), rows(drecs[j]!));
      });
      const dU = dUs.length === 1 ? dUs[0]! : tf.concat(dUs, 1);
      const grads = [dx, dW, dU];
      if (b) {
        const dbIn = DPs.length === 1 ? tf.sum(DPs[0]!, 0) : tf.concat(DPs.map((DP) => tf.sum(DP, 0)), 0);
        grads.push(cell.recurrentBias ? tf.stack([dbIn, tf.sum(rows(drecs[0]!), 0)]) : dbIn);
      }
      releaseHeld(tf, held);
      return grads;
    };
    return { value, gradFunc };
  }) as unknown as Parameters<TfModule["customGrad"]>[0]);
  return b ? op(x, W, U, b) : op(x, W, U);
}
