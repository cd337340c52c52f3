/**
 * The fused recurrent scan: one custom-gradient op over the whole sequence.
 *
 * Forward: the input projection of every step is one matrix product (bias folded in); per step only the
 * recurrent products and the gate math (cells.ts). Backward (BPTT by hand): per step only the gate math and
 * the products with the pre-transposed recurrent kernel; the kernel, recurrent kernel and bias gradients are
 * one large product (or sum) each over all steps at the end. Every matMul has plain (untransposed) operands:
 * tfjs-backend-wasm's fast matmul is used only then.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';
import type { CellMath } from './cells';
import { timeSteps } from './steps';

type T = tfjs.Tensor;

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
    let P = tf.matMul(X2, Wi!);
    let recBias: T | null = null;
    if (bias) {
      if (cell.recurrentBias) {
        const [bIn, bRec] = tf.unstack(bias);
        P = tf.add(P, bIn!);
        recBias = bRec!;
      } else P = tf.add(P, bias);
    }
    const pSteps = timeSteps(tf, tf.reshape(P, [steps, B, cell.gates * u]) as tfjs.Tensor3D);
    const Us = cell.splitU(tf, Ui!, u);
    let states: T[] = Array.from({ length: nStates }, () => tf.zeros([B, u]));
    const hs: T[] = [];
    const kept: T[] = [];
    for (let t = 0; t < steps; t++) {
      const h = states[0]!;
      const hd = recMask ? tf.mul(h, recMask) : h;
      const r = cell.forward(tf, pSteps[t]!, states, hd, Us, recBias);
      kept.push(...r.saved, ...r.streams);
      states = r.states;
      hs.push(states[0]!);
    }
    const value = o.returnSequences ? tf.transpose(tf.stack(hs), [1, 0, 2]) : hs[steps - 1]!;
    save([X2, Wi!, Ui!, ...(recMask ? [recMask] : []), ...kept]);

    const gradFunc = (dy: T, saved: T[]): T[] => {
      const [X2s, Ws, Us0] = saved as [T, T, T];
      const mask = recMask ? saved[3]! : null;
      const per = saved.slice(recMask ? 4 : 3);
      const blocks = cell.splitU(tf, Us0, u);
      const nSaved = (per.length / steps - blocks.length) | 0;
      const UT = blocks.map((m) => tf.transpose(m));
      const dys = o.returnSequences ? timeSteps(tf, tf.transpose(dy, [1, 0, 2]) as tfjs.Tensor3D) : null;
      let ds: (T | null)[] = Array.from({ length: nStates }, () => null);
      ds[0] = o.returnSequences ? null : dy;
      const dps: T[] = new Array<T>(steps);
      const drecs: T[][] = blocks.map(() => new Array<T>(steps));
      const zeros = tf.zeros([B, u]);
      for (let t = steps - 1; t >= 0; t--) {
        const rec = per.slice(t * (nSaved + blocks.length), t * (nSaved + blocks.length) + nSaved);
        let dh = ds[0];
        if (dys) dh = dh ? tf.add(dh, dys[t]!) : dys[t]!;
        const g = cell.backward(tf, rec, [dh ?? zeros, ...ds.slice(1).map((d) => d ?? zeros)], UT);
        dps[t] = g.dp;
        g.drec.forEach((d, j) => (drecs[j]![t] = d));
        if (t === 0) break;
        const dhd = mask ? tf.mul(g.dhd, mask) : g.dhd;
        ds = g.dprev.map((d, k) => (k === 0 ? (d ? tf.add(d, dhd) : dhd) : d));
      }
      const DP = tf.concat(dps, 0);
      const dW = tf.matMul(tf.transpose(X2s), DP);
      let dx = tf.reshape(tf.matMul(DP, tf.transpose(Ws)), [steps, B, D]);
      if (o.goBackwards) dx = tf.reverse(dx, 0);
      dx = tf.transpose(dx, [1, 0, 2]);
      const dUs = blocks.map((_, j) => {
        const A = tf.concat(
          Array.from({ length: steps }, (_x, t) => per[t * (nSaved + blocks.length) + nSaved + j]!),
          0,
        );
        return tf.matMul(tf.transpose(A), tf.concat(drecs[j]!, 0));
      });
      const dU = dUs.length === 1 ? dUs[0]! : tf.concat(dUs, 1);
      const grads = [dx, dW, dU];
      if (b) {
        const dbIn = tf.sum(DP, 0);
        grads.push(cell.recurrentBias ? tf.stack([dbIn, tf.sum(tf.concat(drecs[0]!, 0), 0)]) : dbIn);
      }
      return grads;
    };
    return { value, gradFunc };
  }) as unknown as Parameters<TfModule["customGrad"]>[0]);
  return b ? op(x, W, U, b) : op(x, W, U);
}
