/**
 * The per-step math of each fused recurrent cell, forward and backward, written out by hand. The scan
 * (scan.ts) owns the time loop, the input projection for all steps, dropout masks and the weight gradients.
 *
 * Conventions (Keras/tfjs): weights `kernel` [in, k·u], `recurrent_kernel` [u, k·u], gate blocks in this order:
 * GRU z, r, h; LSTM i, f, c, o; SimpleRNN one block. `p` is the input projection of the step with the input
 * bias folded in, in the pieces the cell's `projection` asks for. The gate math of each step is one kernel
 * per phase where the backend has one (kernels/ops.ts), else the same math in tfjs ops (kernels/composite.ts); `hd` is h_{t−1} after recurrent dropout (h_{t−1} itself when there is none).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../layers/types';
import type { FusedActivation } from './activations';
import * as k from './kernels/ops';

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
  /** Gradient w.r.t. each piece of the step's input projection (see `projection`). */
  dp: T[];
  /** Gradient w.r.t. the output of each recurrent product (same order as `streams`). */
  drec: T[];
  /**
   * The gradient w.r.t. hd through the recurrent products, as up to two terms to add (made on demand: the first
   * step needs none); the scan folds them with dprev, the dropout mask and the next output gradient (GradSum).
   */
  dhd(): [T, T | null];
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
  /** Column widths the input projection comes in (their sum is k·u): separate pieces spare a split per step. */
  projection: number[];
  /** The recurrent kernel's column blocks, one per stream (their concatenation along axis 1 is the kernel). */
  splitU(tf: TfModule, U: T, units: number): T[];
  forward(tf: TfModule, p: T[], s: T[], hd: T, U: T[], recBias: T | null): StepOut;
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
    projection: [2 * u, u],
    splitU: (tf, U) => tf.split(U, [2 * u, u], 1),
    forward(tf, [pzr, ph], [h], hd, [Uzr, Uh]) {
      const [zr, rh] = k.gruZR(tf, pzr!, tf.matMul(hd, Uzr!), hd, rec);
      const [a, hn] = k.gruH(tf, ph!, tf.matMul(rh, Uh!), h!, zr, act);
      return { states: [hn], saved: [hd, h!, a, zr], streams: [hd, rh] };
    },
    backward(tf, [hd, h, a, zr], [dh], [UzrT, UhT]) {
      const [dah, dz, dprev] = k.gruBackH(tf, dh!, h!, a!, zr!, act, rec);
      const drh = tf.matMul(dah, UhT!);
      const [dzr, drhr] = k.gruBackZR(tf, dz, drh, hd!, zr!, rec);
      return { dp: [dzr, dah], drec: [dzr, dah], dhd: () => [drhr, tf.matMul(dzr, UzrT!)], dprev: [dprev] };
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
    projection: [2 * u, u],
    splitU: (_tf, U) => [U],
    forward(tf, [pzr, ph], [h], hd, [U], recBias) {
      let q = tf.matMul(hd, U!);
      if (recBias) q = tf.add(q, recBias);
      const [zr, a, hn] = k.gruRaCell(tf, pzr!, ph!, q, h!, act, rec);
      return { states: [hn], saved: [h!, zr, a, q], streams: [hd] };
    },
    backward(tf, [h, zr, a, q], [dh], [UT]) {
      const [dq, dah, dprev] = k.gruRaBack(tf, dh!, h!, zr!, a!, q!, act, rec);
      const dzr = tf.slice(dq, [0, 0], [-1, 2 * u]);
      return { dp: [dzr, dah], drec: [dq], dhd: () => [tf.matMul(dq, UT!), null], dprev: [dprev] };
    },
  };
}

/** LSTM: i, f, o = rec(·), c~ = act(·), c = f ⊙ c_{t−1} + i ⊙ c~, h = o ⊙ act(c). */
export function lstmCell(act: FusedActivation, rec: FusedActivation, _units: number): CellMath {
  return {
    gates: 4,
    states: 2,
    recurrentBias: false,
    projection: [4 * _units],
    splitU: (_tf, U) => [U],
    forward(tf, [p], [, c], hd, [U]) {
      const [gates, cn, ac, hn] = k.lstmCell(tf, p!, tf.matMul(hd, U!), c!, act, rec);
      return { states: [hn, cn], saved: [c!, gates, ac], streams: [hd] };
    },
    backward(tf, [c, gates, ac], [dh, dc], [UT]) {
      const [dp, dcprev] = k.lstmBack(tf, dh!, dc!, c!, gates!, ac!, act, rec);
      return { dp: [dp], drec: [dp], dhd: () => [tf.matMul(dp, UT!), null], dprev: [null, dcprev] };
    },
  };
}

/** SimpleRNN: h = act(W·x + U·h_{t−1} + b). */
export function simpleRnnCell(act: FusedActivation, units: number): CellMath {
  return {
    gates: 1,
    states: 1,
    recurrentBias: false,
    projection: [units],
    splitU: (_tf, U) => [U],
    forward(tf, [p], _s, hd, [U]) {
      const hn = k.rnnCell(tf, p!, tf.matMul(hd, U!), act);
      return { states: [hn], saved: [hn], streams: [hd] };
    },
    backward(tf, [hn], [dh], [UT]) {
      const dp = k.rnnBack(tf, dh!, hn!, act);
      return { dp: [dp], drec: [dp], dhd: () => [tf.matMul(dp, UT!), null], dprev: [null] };
    },
  };
}
