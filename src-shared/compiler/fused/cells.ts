/**
 * The per-step math of each fused recurrent cell, forward and backward, written out by hand. The scan
 * (scan.ts) owns the time loop, the input projection for all steps, dropout masks and the weight gradients.
 *
 * Conventions (Keras/tfjs): weights `kernel` [in, k·u], `recurrent_kernel` [u, k·u], gate blocks in this order:
 * GRU z, r, h; LSTM i, f, c, o; SimpleRNN one block. `p` is the input projection of the step with the input
 * bias folded in; `hd` is h_{t−1} after recurrent dropout (h_{t−1} itself when there is none).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';
import type { FusedActivation } from './activations';

type T = tfjs.Tensor;

export interface StepOut {
  /** New states, h first (LSTM: h, c). */
  states: T[];
  /** What the backward step needs (fixed count per cell). */
  saved: T[];
  /** The left operand of each recurrent product (fixed count per cell), for the recurrent kernel's gradient. */
  streams: T[];
}

export interface StepGrad {
  /** Gradient w.r.t. the step's input projection p [B, k·u]. */
  dp: T;
  /** Gradient w.r.t. the output of each recurrent product (same order as `streams`). */
  drec: T[];
  /** Gradient w.r.t. hd through the recurrent products. */
  dhd: T;
  /** Direct gradients w.r.t. the previous states (null = none), h first. */
  dprev: (T | null)[];
}

export interface CellMath {
  /** Gate blocks k (weights are [·, k·u]). */
  gates: number;
  /** State tensors: 1 (h) or 2 (h, c). */
  states: number;
  /** True when the bias is [2, k·u] (input bias, recurrent bias: GRU reset_after=True). */
  recurrentBias: boolean;
  /** The recurrent kernel's column blocks, one per stream (their concatenation along axis 1 is the kernel). */
  splitU(tf: TfModule, U: T, units: number): T[];
  forward(tf: TfModule, p: T, s: T[], hd: T, U: T[], recBias: T | null): StepOut;
  /** `UT` are the transposed blocks of `splitU` (pre-transposed once per batch: wasm's fast matmul needs plain operands). */
  backward(tf: TfModule, saved: T[], ds: T[], UT: T[]): StepGrad;
}

/** GRU with reset_after=False (tfjs, Layerloom's default): h~ = act(W_h·x + U_h·(r ⊙ h) + b_h). */
export function gruCell(act: FusedActivation, rec: FusedActivation, units: number): CellMath {
  const u = units;
  return {
    gates: 3,
    states: 1,
    recurrentBias: false,
    splitU: (tf, U) => tf.split(U, [2 * u, u], 1),
    forward(tf, p, [h], hd, [Uzr, Uh]) {
      const [pzr, ph] = tf.split(p, [2 * u, u], 1);
      const zr = rec.apply(tf.add(pzr!, tf.matMul(hd, Uzr!)));
      const [z, r] = tf.split(zr, 2, 1);
      const rh = tf.mul(r!, hd);
      const a = act.apply(tf.add(ph!, tf.matMul(rh, Uh!)));
      const hn = tf.add(a, tf.mul(z!, tf.sub(h!, a)));
      return { states: [hn], saved: [h!, hd, z!, r!, a], streams: [hd, rh] };
    },
    backward(tf, [h, hd, z, r, a], [dh], [UzrT, UhT]) {
      const dz = tf.mul(dh!, tf.sub(h!, a!));
      const dah = act.back(tf.mul(dh!, tf.sub(1, z!)), a!);
      const drh = tf.matMul(dah, UhT!);
      const dzr = tf.concat([rec.back(dz, z!), rec.back(tf.mul(drh, hd!), r!)], 1);
      const dhd = tf.add(tf.mul(drh, r!), tf.matMul(dzr, UzrT!));
      return { dp: tf.concat([dzr, dah], 1), drec: [dzr, dah], dhd, dprev: [tf.mul(dh!, z!)] };
    },
  };
}

/**
 * GRU with reset_after=True (Keras's default, cuDNN layout): bias [2, 3u] (input, recurrent);
 * h~ = act(W_h·x + b_h + r ⊙ (U_h·h + b'_h)).
 */
export function gruResetAfterCell(act: FusedActivation, rec: FusedActivation, units: number): CellMath {
  const u = units;
  return {
    gates: 3,
    states: 1,
    recurrentBias: true,
    splitU: (_tf, U) => [U],
    forward(tf, p, [h], hd, [U], recBias) {
      let q = tf.matMul(hd, U!);
      if (recBias) q = tf.add(q, recBias);
      const [qzr, qh] = tf.split(q, [2 * u, u], 1);
      const [pzr, ph] = tf.split(p, [2 * u, u], 1);
      const [z, r] = tf.split(rec.apply(tf.add(pzr!, qzr!)), 2, 1);
      const a = act.apply(tf.add(ph!, tf.mul(r!, qh!)));
      const hn = tf.add(a, tf.mul(z!, tf.sub(h!, a)));
      return { states: [hn], saved: [h!, z!, r!, a, qh!], streams: [hd] };
    },
    backward(tf, [h, z, r, a, qh], [dh], [UT]) {
      const dz = rec.back(tf.mul(dh!, tf.sub(h!, a!)), z!);
      const dah = act.back(tf.mul(dh!, tf.sub(1, z!)), a!);
      const dr = rec.back(tf.mul(dah, qh!), r!);
      const dq = tf.concat([dz, dr, tf.mul(dah, r!)], 1);
      return { dp: tf.concat([dz, dr, dah], 1), drec: [dq], dhd: tf.matMul(dq, UT!), dprev: [tf.mul(dh!, z!)] };
    },
  };
}

/** LSTM: i, f, o = rec(·), c~ = act(·), c = f ⊙ c_{t−1} + i ⊙ c~, h = o ⊙ act(c). */
export function lstmCell(act: FusedActivation, rec: FusedActivation): CellMath {
  return {
    gates: 4,
    states: 2,
    recurrentBias: false,
    splitU: (_tf, U) => [U],
    forward(tf, p, [, c], hd, [U]) {
      const [zi, zf, zc, zo] = tf.split(tf.add(p, tf.matMul(hd, U!)), 4, 1);
      const i = rec.apply(zi!);
      const f = rec.apply(zf!);
      const g = act.apply(zc!);
      const o = rec.apply(zo!);
      const cn = tf.add(tf.mul(f, c!), tf.mul(i, g));
      const ac = act.apply(cn);
      return { states: [tf.mul(o, ac), cn], saved: [c!, i, f, g, o, ac], streams: [hd] };
    },
    backward(tf, [c, i, f, g, o, ac], [dh, dc], [UT]) {
      const dcn = tf.add(dc!, act.back(tf.mul(dh!, o!), ac!));
      const dp = tf.concat([rec.back(tf.mul(dcn, g!), i!), rec.back(tf.mul(dcn, c!), f!), act.back(tf.mul(dcn, i!), g!), rec.back(tf.mul(dh!, ac!), o!)], 1);
      return { dp, drec: [dp], dhd: tf.matMul(dp, UT!), dprev: [null, tf.mul(dcn, f!)] };
    },
  };
}

/** SimpleRNN: h = act(W·x + U·h_{t−1} + b). */
export function simpleRnnCell(act: FusedActivation): CellMath {
  return {
    gates: 1,
    states: 1,
    recurrentBias: false,
    splitU: (_tf, U) => [U],
    forward(tf, p, _s, hd, [U]) {
      const hn = act.apply(tf.add(p, tf.matMul(hd, U!)));
      return { states: [hn], saved: [hn], streams: [hd] };
    },
    backward(tf, [hn], [dh], [UT]) {
      const dp = act.back(dh!, hn!);
      return { dp, drec: [dp], dhd: tf.matMul(dp, UT!), dprev: [null] };
    },
  };
}
