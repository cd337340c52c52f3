/**
 * One function per fused step kernel (names.ts): runs the kernel registered for the current backend when there
 * is one and the activations have kernels, else the composite tfjs ops (composite.ts, the reference math).
 * Inputs are passed to the kernel by the names in the table (e.g. { pzr, mzr, hd }); multiple outputs come back
 * in the table's order.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';
import type { FusedActivation } from '../activations';
import * as composite from './composite';
import { kernelsReady } from './gate';
import { GRAD_SUM, GRU_BACK_H, GRU_BACK_ZR, GRU_H, GRU_RA_BACK, GRU_RA_CELL, GRU_ZR, isKernelActivation, LSTM_BACK, LSTM_CELL, RNN_BACK, RNN_CELL, type KernelName } from './names';

type T = tfjs.Tensor;

let enabled = true;

/** Turns the kernels off (composite path everywhere) or back on: for comparisons in tests and benches. */
export function setFusedKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** True when `name` runs as a kernel on the current backend for these activations (else: composite ops). */
export function kernelAvailable(tf: TfModule, name: KernelName, ...acts: FusedActivation[]): boolean {
  if (!enabled || !acts.every((a) => isKernelActivation(a.name))) return false;
  const b = tf.getBackend();
  return tf.getKernel(name, b) !== undefined && kernelsReady(b, tf.backend());
}

function run(tf: TfModule, name: KernelName, inputs: Record<string, T>, attrs: Record<string, string | boolean>): T[] {
  const out = tf.engine().runKernel(name, inputs as unknown as tfjs.NamedTensorMap, attrs as unknown as tfjs.NamedAttrMap);
  return (Array.isArray(out) ? out : [out]) as T[];
}

export function gruZR(tf: TfModule, pzr: T, mzr: T, hd: T, rec: FusedActivation): [T, T] {
  if (!kernelAvailable(tf, GRU_ZR, rec)) return composite.gruZR(tf, pzr, mzr, hd, rec);
  return run(tf, GRU_ZR, { pzr, mzr, hd }, { rec: rec.name }) as [T, T];
}

export function gruH(tf: TfModule, ph: T, mh: T, h: T, zr: T, act: FusedActivation): [T, T] {
  if (!kernelAvailable(tf, GRU_H, act)) return composite.gruH(tf, ph, mh, h, zr, act);
  return run(tf, GRU_H, { ph, mh, h, zr }, { act: act.name }) as [T, T];
}

export function gruBackH(tf: TfModule, dh: T, h: T, a: T, zr: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  if (!kernelAvailable(tf, GRU_BACK_H, act, rec)) return composite.gruBackH(tf, dh, h, a, zr, act, rec);
  return run(tf, GRU_BACK_H, { dh, h, a, zr }, { act: act.name, rec: rec.name }) as [T, T, T];
}

export function gruBackZR(tf: TfModule, dz: T, drh: T, hd: T, zr: T, rec: FusedActivation): [T, T] {
  if (!kernelAvailable(tf, GRU_BACK_ZR, rec)) return composite.gruBackZR(tf, dz, drh, hd, zr, rec);
  return run(tf, GRU_BACK_ZR, { dz, drh, hd, zr }, { rec: rec.name }) as [T, T];
}

export function gruRaCell(tf: TfModule, pzr: T, ph: T, q: T, h: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  if (!kernelAvailable(tf, GRU_RA_CELL, act, rec)) return composite.gruRaCell(tf, pzr, ph, q, h, act, rec);
  return run(tf, GRU_RA_CELL, { pzr, ph, q, h }, { act: act.name, rec: rec.name }) as [T, T, T];
}

export function gruRaBack(tf: TfModule, dh: T, h: T, zr: T, a: T, q: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  if (!kernelAvailable(tf, GRU_RA_BACK, act, rec)) return composite.gruRaBack(tf, dh, h, zr, a, q, act, rec);
  return run(tf, GRU_RA_BACK, { dh, h, zr, a, q }, { act: act.name, rec: rec.name }) as [T, T, T];
}

export function lstmCell(tf: TfModule, p: T, m: T, c: T, act: FusedActivation, rec: FusedActivation): [T, T, T, T] {
  if (!kernelAvailable(tf, LSTM_CELL, act, rec)) return composite.lstmCell(tf, p, m, c, act, rec);
  return run(tf, LSTM_CELL, { p, m, c }, { act: act.name, rec: rec.name }) as [T, T, T, T];
}

export function lstmBack(tf: TfModule, dh: T, dc: T, c: T, gates: T, ac: T, act: FusedActivation, rec: FusedActivation): [T, T] {
  if (!kernelAvailable(tf, LSTM_BACK, act, rec)) return composite.lstmBack(tf, dh, dc, c, gates, ac, act, rec);
  return run(tf, LSTM_BACK, { dh, dc, c, gates, ac }, { act: act.name, rec: rec.name }) as [T, T];
}

export function rnnCell(tf: TfModule, p: T, m: T, act: FusedActivation): T {
  if (!kernelAvailable(tf, RNN_CELL, act)) return composite.rnnCell(tf, p, m, act);
  return run(tf, RNN_CELL, { p, m }, { act: act.name })[0]!;
}

export function rnnBack(tf: TfModule, dh: T, h: T, act: FusedActivation): T {
  if (!kernelAvailable(tf, RNN_BACK, act)) return composite.rnnBack(tf, dh, h, act);
  return run(tf, RNN_BACK, { dh, h }, { act: act.name })[0]!;
}

/**
 * The next step's dh: base + mask ⊙ (x + y) + dy (absent terms dropped, no mask = 1) in one dispatch. With no
 * base (LSTM and SimpleRNN carry no direct h gradient) the sum is formed from what is there.
 */
export function gradSum(tf: TfModule, base: T | null, x: T, y: T | null, mask: T | null, dy: T | null): T {
  if (!base && dy) [base, dy] = [dy, null];
  if (!base) {
    const s = y ? tf.add(x, y) : x;
    return mask ? tf.mul(s, mask) : s;
  }
  if (!kernelAvailable(tf, GRAD_SUM)) return composite.gradSum(tf, base, x, y, mask, dy);
  const inputs: Record<string, T> = { base, x };
  if (y) inputs.y = y;
  if (mask) inputs.mask = mask;
  if (dy) inputs.dy = dy;
  return run(tf, GRAD_SUM, inputs, { hasY: y !== null, hasMask: mask !== null, hasDy: dy !== null })[0]!;
}
