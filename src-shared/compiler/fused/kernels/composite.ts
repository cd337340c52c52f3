/**
 * The reference math of each fused step kernel with tfjs ops (names.ts has the table). This is the exact math
 * the kernels implement, and the path taken for an activation without a kernel or a backend without the kernel
 * (ops.ts decides). `act`/`rec` are the layer's activations; derivatives are in terms of the output y.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';
import type { FusedActivation } from '../activations';

type T = tfjs.Tensor;

function halves(tf: TfModule, zr: T): [T, T] {
  const [z, r] = tf.split(zr, 2, 1);
  return [z!, r!];
}

/** zr = rec(pzr + mzr); rh = r ⊙ hd. */
export function gruZR(tf: TfModule, pzr: T, mzr: T, hd: T, rec: FusedActivation): [T, T] {
  const zr = rec.apply(tf.add(pzr, mzr));
  const [, r] = halves(tf, zr);
  return [zr, tf.mul(r, hd)];
}

/** a = act(ph + mh); hn = a + z ⊙ (h − a). */
export function gruH(tf: TfModule, ph: T, mh: T, h: T, zr: T, act: FusedActivation): [T, T] {
  const a = act.apply(tf.add(ph, mh));
  const [z] = halves(tf, zr);
  return [a, tf.add(a, tf.mul(z, tf.sub(h, a)))];
}

/** dah = act'(a) ⊙ dh ⊙ (1 − z); dz = rec'(z) ⊙ dh ⊙ (h − a); dprev = dh ⊙ z. */
export function gruBackH(tf: TfModule, dh: T, h: T, a: T, zr: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  const [z] = halves(tf, zr);
  const dprev = tf.mul(dh, z);
  const dah = act.back(tf.sub(dh, dprev), a);
  const dz = rec.back(tf.mul(dh, tf.sub(h, a)), z);
  return [dah, dz, dprev];
}

/** dzr = [dz, rec'(r) ⊙ drh ⊙ hd]; drhr = drh ⊙ r. */
export function gruBackZR(tf: TfModule, dz: T, drh: T, hd: T, zr: T, rec: FusedActivation): [T, T] {
  const [, r] = halves(tf, zr);
  const dr = rec.back(tf.mul(drh, hd), r);
  return [tf.concat([dz, dr], 1), tf.mul(drh, r)];
}

/** reset_after=True: zr = rec(pzr + q[:, :2u]); a = act(ph + r ⊙ q[:, 2u:]); hn = a + z ⊙ (h − a). */
export function gruRaCell(tf: TfModule, pzr: T, ph: T, q: T, h: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  const u = h.shape[1]!;
  const [qzr, qh] = tf.split(q, [2 * u, u], 1);
  const zr = rec.apply(tf.add(pzr, qzr!));
  const [z, r] = halves(tf, zr);
  const a = act.apply(tf.add(ph, tf.mul(r, qh!)));
  return [zr, a, tf.add(a, tf.mul(z, tf.sub(h, a)))];
}

/** dq = [rec'(z) ⊙ dh ⊙ (h − a), rec'(r) ⊙ dah ⊙ q_h, dah ⊙ r]; dah = act'(a) ⊙ dh ⊙ (1 − z); dprev = dh ⊙ z. */
export function gruRaBack(tf: TfModule, dh: T, h: T, zr: T, a: T, q: T, act: FusedActivation, rec: FusedActivation): [T, T, T] {
  const u = h.shape[1]!;
  const [z, r] = halves(tf, zr);
  const qh = tf.slice(q, [0, 2 * u], [-1, u]);
  const dprev = tf.mul(dh, z);
  const dah = act.back(tf.sub(dh, dprev), a);
  const dz = rec.back(tf.mul(dh, tf.sub(h, a)), z);
  const dr = rec.back(tf.mul(dah, qh), r);
  return [tf.concat([dz, dr, tf.mul(dah, r)], 1), dah, dprev];
}

/** gates = [rec(i), rec(f), act(g), rec(o)] of p + m; cn = f ⊙ c + i ⊙ g; ac = act(cn); h = o ⊙ ac. */
export function lstmCell(tf: TfModule, p: T, m: T, c: T, act: FusedActivation, rec: FusedActivation): [T, T, T, T] {
  const [zi, zf, zc, zo] = tf.split(tf.add(p, m), 4, 1);
  const i = rec.apply(zi!);
  const f = rec.apply(zf!);
  const g = act.apply(zc!);
  const o = rec.apply(zo!);
  const cn = tf.add(tf.mul(f, c), tf.mul(i, g));
  const ac = act.apply(cn);
  return [tf.concat([i, f, g, o], 1), cn, ac, tf.mul(o, ac)];
}

/** dcn = dc + act'(ac) ⊙ dh ⊙ o; dp = [rec'(i) ⊙ dcn ⊙ g, rec'(f) ⊙ dcn ⊙ c, act'(g) ⊙ dcn ⊙ i, rec'(o) ⊙ dh ⊙ ac]; dcprev = dcn ⊙ f. */
export function lstmBack(tf: TfModule, dh: T, dc: T, c: T, gates: T, ac: T, act: FusedActivation, rec: FusedActivation): [T, T] {
  const [i, f, g, o] = tf.split(gates, 4, 1) as [T, T, T, T];
  const dcn = tf.add(dc, act.back(tf.mul(dh, o), ac));
  const dp = tf.concat([rec.back(tf.mul(dcn, g), i), rec.back(tf.mul(dcn, c), f), act.back(tf.mul(dcn, i), g), rec.back(tf.mul(dh, ac), o)], 1);
  return [dp, tf.mul(dcn, f)];
}

/** h = act(p + m). */
export function rnnCell(tf: TfModule, p: T, m: T, act: FusedActivation): T {
  return act.apply(tf.add(p, m));
}

/** dp = act'(h) ⊙ dh. */
export function rnnBack(tf: TfModule, dh: T, h: T, act: FusedActivation): T {
  return act.back(dh, h);
}

/** base + mask ⊙ (x + y) + dy; absent terms dropped (no mask = 1). */
export function gradSum(tf: TfModule, base: T, x: T, y: T | null, mask: T | null, dy: T | null): T {
  let s = y ? tf.add(x, y) : x;
  if (mask) s = tf.mul(s, mask);
  s = tf.add(base, s);
  return dy ? tf.add(s, dy) : s;
}
