/**
 * The fused step kernels on tfjs's cpu backend: plain JS loops over the backend's typed arrays, outputs made
 * with `backend.makeTensorInfo`. The math per kernel is composite.ts's (names.ts has the table).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';
import { GRAD_SUM, GRU_BACK_H, GRU_BACK_ZR, GRU_H, GRU_RA_BACK, GRU_RA_CELL, GRU_ZR, LSTM_BACK, LSTM_CELL, RNN_BACK, RNN_CELL, type KernelActivation, type KernelName } from './names';

type F = Float32Array;
type Fn = (x: number) => number;

/** The activation's value, as the stock tfjs op computes it (cpu backend). */
export const ACT: Record<KernelActivation, Fn> = {
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hardSigmoid: (x) => Math.min(1, Math.max(0, Math.fround(Math.fround(0.2 * x) + 0.5))),
  relu: (x) => (x > 0 ? x : 0),
  linear: (x) => x,
};

/** The activation's derivative in terms of its output y. */
export const DACT: Record<KernelActivation, Fn> = {
  tanh: (y) => 1 - y * y,
  sigmoid: (y) => y * (1 - y),
  hardSigmoid: (y) => (y > 0 && y < 1 ? 0.2 : 0),
  relu: (y) => (y > 0 ? 1 : 0),
  linear: () => 1,
};

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: string, values: F): TensorInfo;
}
interface Ctx {
  inputs: Record<string, TensorInfo | undefined>;
  attrs: Record<string, unknown>;
  backend: CpuBackend;
}

function vals(ctx: Ctx, name: string): F {
  const t = ctx.inputs[name];
  if (!t) throw new Error(`fused kernel: input "${name}" missing`);
  return ctx.backend.data.get(t.dataId).values as F;
}

/** Rows B and units u of a kernel call, from the [B, u] input `name`. */
function dims(ctx: Ctx, name: string): [number, number] {
  const s = ctx.inputs[name]!.shape;
  return [s[0]!, s[1]!];
}

function act(ctx: Ctx, key: 'act' | 'rec'): [Fn, Fn] {
  const a = ctx.attrs[key] as KernelActivation;
  const f = ACT[a];
  if (!f) throw new Error(`fused kernel: no kernel for activation "${String(a)}"`);
  return [f, DACT[a]];
}

function out(ctx: Ctx, B: number, w: number, v: F): TensorInfo {
  return ctx.backend.makeTensorInfo([B, w], 'float32', v);
}

const KERNELS: Record<KernelName, (ctx: Ctx) => TensorInfo | TensorInfo[]> = {
  [GRU_ZR](ctx) {
    const [B, u] = dims(ctx, 'hd');
    const [rec] = act(ctx, 'rec');
    const p = vals(ctx, 'pzr'), m = vals(ctx, 'mzr'), hd = vals(ctx, 'hd');
    const zr = new Float32Array(B * 2 * u), rh = new Float32Array(B * u);
    for (let b = 0; b < B; b++) {
      const o = b * 2 * u;
      for (let j = 0; j < 2 * u; j++) zr[o + j] = rec(p[o + j]! + m[o + j]!);
      for (let j = 0; j < u; j++) rh[b * u + j] = zr[o + u + j]! * hd[b * u + j]!;
    }
    return [out(ctx, B, 2 * u, zr), out(ctx, B, u, rh)];
  },
  [GRU_H](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [f] = act(ctx, 'act');
    const ph = vals(ctx, 'ph'), mh = vals(ctx, 'mh'), h = vals(ctx, 'h'), zr = vals(ctx, 'zr');
    const a = new Float32Array(B * u), hn = new Float32Array(B * u);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const av = Math.fround(f(ph[k]! + mh[k]!));
        a[k] = av;
        hn[k] = av + zr[b * 2 * u + j]! * (h[k]! - av);
      }
    return [out(ctx, B, u, a), out(ctx, B, u, hn)];
  },
  [GRU_BACK_H](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [, da] = act(ctx, 'act');
    const [, dr] = act(ctx, 'rec');
    const dh = vals(ctx, 'dh'), h = vals(ctx, 'h'), a = vals(ctx, 'a'), zr = vals(ctx, 'zr');
    const dah = new Float32Array(B * u), dz = new Float32Array(B * u), dprev = new Float32Array(B * u);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const z = zr[b * 2 * u + j]!;
        const g = dh[k]!;
        dprev[k] = g * z;
        dah[k] = da(a[k]!) * (g - g * z);
        dz[k] = dr(z) * g * (h[k]! - a[k]!);
      }
    return [out(ctx, B, u, dah), out(ctx, B, u, dz), out(ctx, B, u, dprev)];
  },
  [GRU_BACK_ZR](ctx) {
    const [B, u] = dims(ctx, 'hd');
    const [, dr] = act(ctx, 'rec');
    const dz = vals(ctx, 'dz'), drh = vals(ctx, 'drh'), hd = vals(ctx, 'hd'), zr = vals(ctx, 'zr');
    const dzr = new Float32Array(B * 2 * u), drhr = new Float32Array(B * u);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const r = zr[b * 2 * u + u + j]!;
        dzr[b * 2 * u + j] = dz[k]!;
        dzr[b * 2 * u + u + j] = dr(r) * drh[k]! * hd[k]!;
        drhr[k] = drh[k]! * r;
      }
    return [out(ctx, B, 2 * u, dzr), out(ctx, B, u, drhr)];
  },
  [GRU_RA_CELL](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [f] = act(ctx, 'act');
    const [rec] = act(ctx, 'rec');
    const pzr = vals(ctx, 'pzr'), ph = vals(ctx, 'ph'), q = vals(ctx, 'q'), h = vals(ctx, 'h');
    const zr = new Float32Array(B * 2 * u), a = new Float32Array(B * u), hn = new Float32Array(B * u);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < 2 * u; j++) zr[b * 2 * u + j] = rec(pzr[b * 2 * u + j]! + q[b * 3 * u + j]!);
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const z = zr[b * 2 * u + j]!, r = zr[b * 2 * u + u + j]!;
        const av = Math.fround(f(ph[k]! + Math.fround(r * q[b * 3 * u + 2 * u + j]!)));
        a[k] = av;
        hn[k] = av + z * (h[k]! - av);
      }
    }
    return [out(ctx, B, 2 * u, zr), out(ctx, B, u, a), out(ctx, B, u, hn)];
  },
  [GRU_RA_BACK](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [, da] = act(ctx, 'act');
    const [, dr] = act(ctx, 'rec');
    const dh = vals(ctx, 'dh'), h = vals(ctx, 'h'), zr = vals(ctx, 'zr'), a = vals(ctx, 'a'), q = vals(ctx, 'q');
    const dq = new Float32Array(B * 3 * u), dah = new Float32Array(B * u), dprev = new Float32Array(B * u);
    for (let b = 0; b < B; b++)
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const z = zr[b * 2 * u + j]!, r = zr[b * 2 * u + u + j]!;
        const g = dh[k]!;
        dprev[k] = g * z;
        const d = Math.fround(da(a[k]!) * (g - g * z));
        dah[k] = d;
        dq[b * 3 * u + j] = dr(z) * g * (h[k]! - a[k]!);
        dq[b * 3 * u + u + j] = dr(r) * d * q[b * 3 * u + 2 * u + j]!;
        dq[b * 3 * u + 2 * u + j] = d * r;
      }
    return [out(ctx, B, 3 * u, dq), out(ctx, B, u, dah), out(ctx, B, u, dprev)];
  },
  [LSTM_CELL](ctx) {
    const [B, u] = dims(ctx, 'c');
    const [f] = act(ctx, 'act');
    const [rec] = act(ctx, 'rec');
    const p = vals(ctx, 'p'), m = vals(ctx, 'm'), c = vals(ctx, 'c');
    const gates = new Float32Array(B * 4 * u), cn = new Float32Array(B * u), ac = new Float32Array(B * u), h = new Float32Array(B * u);
    for (let b = 0; b < B; b++) {
      const o = b * 4 * u;
      for (let j = 0; j < 4 * u; j++) gates[o + j] = (j >= 2 * u && j < 3 * u ? f : rec)(p[o + j]! + m[o + j]!);
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const cv = Math.fround(gates[o + u + j]! * c[k]! + gates[o + j]! * gates[o + 2 * u + j]!);
        cn[k] = cv;
        const acv = Math.fround(f(cv));
        ac[k] = acv;
        h[k] = gates[o + 3 * u + j]! * acv;
      }
    }
    return [out(ctx, B, 4 * u, gates), out(ctx, B, u, cn), out(ctx, B, u, ac), out(ctx, B, u, h)];
  },
  [LSTM_BACK](ctx) {
    const [B, u] = dims(ctx, 'c');
    const [, da] = act(ctx, 'act');
    const [, dr] = act(ctx, 'rec');
    const dh = vals(ctx, 'dh'), dc = vals(ctx, 'dc'), c = vals(ctx, 'c'), gates = vals(ctx, 'gates'), ac = vals(ctx, 'ac');
    const dp = new Float32Array(B * 4 * u), dcprev = new Float32Array(B * u);
    for (let b = 0; b < B; b++) {
      const o = b * 4 * u;
      for (let j = 0; j < u; j++) {
        const k = b * u + j;
        const i = gates[o + j]!, f = gates[o + u + j]!, g = gates[o + 2 * u + j]!, og = gates[o + 3 * u + j]!;
        const dcn = Math.fround(dc[k]! + da(ac[k]!) * dh[k]! * og);
        dp[o + j] = dr(i) * dcn * g;
        dp[o + u + j] = dr(f) * dcn * c[k]!;
        dp[o + 2 * u + j] = da(g) * dcn * i;
        dp[o + 3 * u + j] = dr(og) * dh[k]! * ac[k]!;
        dcprev[k] = dcn * f;
      }
    }
    return [out(ctx, B, 4 * u, dp), out(ctx, B, u, dcprev)];
  },
  [RNN_CELL](ctx) {
    const [B, u] = dims(ctx, 'p');
    const [f] = act(ctx, 'act');
    const p = vals(ctx, 'p'), m = vals(ctx, 'm');
    const h = new Float32Array(B * u);
    for (let k = 0; k < B * u; k++) h[k] = f(p[k]! + m[k]!);
    return out(ctx, B, u, h);
  },
  [RNN_BACK](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [, da] = act(ctx, 'act');
    const dh = vals(ctx, 'dh'), h = vals(ctx, 'h');
    const dp = new Float32Array(B * u);
    for (let k = 0; k < B * u; k++) dp[k] = da(h[k]!) * dh[k]!;
    return out(ctx, B, u, dp);
  },
  [GRAD_SUM](ctx) {
    const [B, u] = dims(ctx, 'base');
    const base = vals(ctx, 'base'), x = vals(ctx, 'x');
    const y = ctx.attrs.hasY ? vals(ctx, 'y') : null;
    const mask = ctx.attrs.hasMask ? vals(ctx, 'mask') : null;
    const dy = ctx.attrs.hasDy ? vals(ctx, 'dy') : null;
    const s = new Float32Array(B * u);
    for (let k = 0; k < B * u; k++) {
      let v = y ? x[k]! + y[k]! : x[k]!;
      if (mask) v *= mask[k]!;
      v += base[k]!;
      s[k] = dy ? v + dy[k]! : v;
    }
    return out(ctx, B, u, s);
  },
};

/** Registers the cpu kernels (idempotent). */
export function registerCpuFusedKernels(tf: TfModule): void {
  for (const [name, fn] of Object.entries(KERNELS)) {
    if (tf.getKernel(name, 'cpu')) continue;
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: fn as unknown as tfjs.KernelFunc });
  }
}
