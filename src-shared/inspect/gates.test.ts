import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gateTrace, unitActivity, type RecurrentWeights } from './gates';

/** Deterministic pseudo-random numbers in [-scale, scale). */
function rand(n: number, seed: number, scale = 0.6): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

const sig = (x: number): number => 1 / (1 + Math.exp(-x));
/** Column j of gate block g of a row-major [rows, G·u] matrix, as a plain array. */
const col = (M: Float32Array, rows: number, cols: number, c: number): number[] => Array.from({ length: rows }, (_, i) => M[i * cols + c]!);
const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** The GRU equations written out one step and one unit at a time (docs/gru-notes.md), nothing shared with gates.ts. */
function referenceGru(w: RecurrentWeights, x: Float32Array, T: number) {
  const { units: u, features: d } = w;
  const gu = 3 * u;
  const b = (k: number) => (w.bias ? w.bias[k]! : 0);
  const br = (k: number) => (w.bias && w.resetAfter ? w.bias[gu + k]! : 0);
  let h = new Array<number>(u).fill(0);
  const rows: { z: number[]; r: number[]; hc: number[]; h: number[] }[] = [];
  for (let t = 0; t < T; t++) {
    const xt = Array.from({ length: d }, (_, i) => x[t * d + i]!);
    const z: number[] = [];
    const r: number[] = [];
    const hc: number[] = [];
    for (let j = 0; j < u; j++) {
      z.push(sig(dot(col(w.kernel, d, gu, j), xt) + dot(col(w.recurrentKernel, u, gu, j), h) + b(j) + br(j)));
      r.push(sig(dot(col(w.kernel, d, gu, u + j), xt) + dot(col(w.recurrentKernel, u, gu, u + j), h) + b(u + j) + br(u + j)));
    }
    const rh = h.map((v, j) => r[j]! * v);
    for (let j = 0; j < u; j++) {
      const wx = dot(col(w.kernel, d, gu, 2 * u + j), xt) + b(2 * u + j);
      const uh = w.resetAfter ? r[j]! * (dot(col(w.recurrentKernel, u, gu, 2 * u + j), h) + br(2 * u + j)) : dot(col(w.recurrentKernel, u, gu, 2 * u + j), rh);
      hc.push(Math.tanh(wx + uh));
    }
    h = h.map((v, j) => z[j]! * v + (1 - z[j]!) * hc[j]!);
    rows.push({ z, r, hc, h: [...h] });
  }
  return rows;
}

function referenceLstm(w: RecurrentWeights, x: Float32Array, T: number) {
  const { units: u, features: d } = w;
  const gu = 4 * u;
  const pre = (g: number, j: number, xt: number[], h: number[]) =>
    dot(col(w.kernel, d, gu, g * u + j), xt) + dot(col(w.recurrentKernel, u, gu, g * u + j), h) + (w.bias ? w.bias[g * u + j]! : 0);
  let h = new Array<number>(u).fill(0);
  let c = new Array<number>(u).fill(0);
  const rows: { i: number[]; f: number[]; cc: number[]; o: number[]; c: number[]; h: number[] }[] = [];
  for (let t = 0; t < T; t++) {
    const xt = Array.from({ length: d }, (_, k) => x[t * d + k]!);
    const i = h.map((_, j) => sig(pre(0, j, xt, h)));
    const f = h.map((_, j) => sig(pre(1, j, xt, h)));
    const cc = h.map((_, j) => Math.tanh(pre(2, j, xt, h)));
    const o = h.map((_, j) => sig(pre(3, j, xt, h)));
    c = c.map((v, j) => f[j]! * v + i[j]! * cc[j]!);
    h = c.map((v, j) => o[j]! * Math.tanh(v));
    rows.push({ i, f, cc, o, c: [...c], h: [...h] });
  }
  return rows;
}

function maxDiff(a: Float32Array, rows: number[][]): number {
  const flat = rows.flat();
  expect(a.length).toBe(flat.length);
  let m = 0;
  for (let k = 0; k < flat.length; k++) m = Math.max(m, Math.abs(a[k]! - flat[k]!));
  return m;
}

function weights(kind: 'GRU' | 'LSTM', u: number, d: number, seed: number, extra: Partial<RecurrentWeights> = {}): RecurrentWeights {
  const G = kind === 'GRU' ? 3 : 4;
  const biasLen = extra.resetAfter ? 2 * G * u : G * u;
  return {
    kind,
    units: u,
    features: d,
    kernel: rand(d * G * u, seed),
    recurrentKernel: rand(u * G * u, seed + 1),
    bias: rand(biasLen, seed + 2, 0.3),
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    ...extra,
  };
}

describe('gateTrace against the step-by-step reference', () => {
  const T = 12;
  const d = 3;
  const x = rand(T * d, 99, 1.5);

  for (const resetAfter of [false, true]) {
    it(`GRU reset_after=${resetAfter ? 'True (Keras default)' : 'False (tfjs)'}: z, r, h~, h within 1e-5`, () => {
      const w = weights('GRU', 5, d, 7, { resetAfter });
      const tr = gateTrace(w, x, T);
      const ref = referenceGru(w, x, T);
      expect(maxDiff(tr.gates.z!, ref.map((s) => s.z))).toBeLessThan(1e-5);
      expect(maxDiff(tr.gates.r!, ref.map((s) => s.r))).toBeLessThan(1e-5);
      expect(maxDiff(tr.gates.hCand!, ref.map((s) => s.hc))).toBeLessThan(1e-5);
      expect(maxDiff(tr.gates.h!, ref.map((s) => s.h))).toBeLessThan(1e-5);
    });
  }

  it('the two GRU conventions give different states on the same weights (reset_after is honoured)', () => {
    const w = weights('GRU', 5, d, 7);
    const before = gateTrace(w, x, T).gates.h!;
    const after = gateTrace({ ...w, resetAfter: true, bias: new Float32Array([...w.bias!, ...rand(15, 3, 0.3)]) }, x, T).gates.h!;
    let m = 0;
    for (let k = 0; k < before.length; k++) m = Math.max(m, Math.abs(before[k]! - after[k]!));
    expect(m).toBeGreaterThan(1e-3);
  });

  it('LSTM: i, f, c~, o, c, h within 1e-5', () => {
    const w = weights('LSTM', 4, d, 11);
    const tr = gateTrace(w, x, T);
    const ref = referenceLstm(w, x, T);
    expect(maxDiff(tr.gates.i!, ref.map((s) => s.i))).toBeLessThan(1e-5);
    expect(maxDiff(tr.gates.f!, ref.map((s) => s.f))).toBeLessThan(1e-5);
    expect(maxDiff(tr.gates.cCand!, ref.map((s) => s.cc))).toBeLessThan(1e-5);
    expect(maxDiff(tr.gates.o!, ref.map((s) => s.o))).toBeLessThan(1e-5);
    expect(maxDiff(tr.gates.c!, ref.map((s) => s.c))).toBeLessThan(1e-5);
    expect(maxDiff(tr.gates.h!, ref.map((s) => s.h))).toBeLessThan(1e-5);
  });

  it('without bias the gates use none', () => {
    const w = weights('GRU', 3, d, 5, { bias: null });
    const tr = gateTrace(w, x, T);
    const ref = referenceGru(w, x, T);
    expect(maxDiff(tr.gates.h!, ref.map((s) => s.h))).toBeLessThan(1e-5);
  });
});

describe('gateTrace against the tfjs layer (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  /** The layer's own returned sequence for one input, with the weights it was given. */
  function tfjsSequence(kind: 'GRU' | 'LSTM', w: RecurrentWeights, x: Float32Array, T: number, goBackwards = false): Float32Array {
    const cfg = { units: w.units, returnSequences: true, activation: 'tanh' as const, recurrentActivation: 'sigmoid' as const, goBackwards, inputShape: [T, w.features] };
    const layer = kind === 'GRU' ? tf.layers.gru(cfg) : tf.layers.lstm(cfg);
    const model = tf.sequential({ layers: [layer] });
    const G = kind === 'GRU' ? 3 : 4;
    layer.setWeights([tf.tensor2d(w.kernel, [w.features, G * w.units]), tf.tensor2d(w.recurrentKernel, [w.units, G * w.units]), tf.tensor1d(w.bias!)]);
    const y = model.predict(tf.tensor3d(x, [1, T, w.features])) as tf.Tensor;
    const out = y.dataSync() as Float32Array;
    model.dispose();
    return out;
  }

  const T = 20;
  const d = 4;
  const x = rand(T * d, 123, 2);

  it('GRU: h_t equals the layer returned sequence', () => {
    const w = weights('GRU', 6, d, 21);
    const h = gateTrace(w, x, T).gates.h!;
    const ref = tfjsSequence('GRU', w, x, T);
    let m = 0;
    for (let k = 0; k < h.length; k++) m = Math.max(m, Math.abs(h[k]! - ref[k]!));
    expect(m).toBeLessThan(1e-5);
  });

  it('LSTM: h_t equals the layer returned sequence', () => {
    const w = weights('LSTM', 6, d, 31);
    const h = gateTrace(w, x, T).gates.h!;
    const ref = tfjsSequence('LSTM', w, x, T);
    let m = 0;
    for (let k = 0; k < h.length; k++) m = Math.max(m, Math.abs(h[k]! - ref[k]!));
    expect(m).toBeLessThan(1e-5);
  });

  it('GRU going backwards: processing steps match the layer and map to reversed input steps', () => {
    const w = weights('GRU', 4, d, 41, { goBackwards: true });
    const tr = gateTrace(w, x, T);
    const ref = tfjsSequence('GRU', w, x, T, true);
    let m = 0;
    for (let k = 0; k < tr.gates.h!.length; k++) m = Math.max(m, Math.abs(tr.gates.h![k]! - ref[k]!));
    expect(m).toBeLessThan(1e-5);
    expect(tr.inputStep[0]).toBe(T - 1);
  });
});

describe('gateTrace input checks', () => {
  it('names the mismatched shape', () => {
    const w = weights('GRU', 4, 3, 1);
    expect(() => gateTrace(w, new Float32Array(10), 4)).toThrow(/Input sequence: has 10 values, expected \[4, 3\] = 12/);
    expect(() => gateTrace({ ...w, kernel: new Float32Array(5) }, new Float32Array(12), 4)).toThrow(/kernel has 5 values, expected \[3, 12\]/);
    expect(() => gateTrace({ ...w, resetAfter: true }, new Float32Array(12), 4)).toThrow(/bias has 12 values, expected \[2, 12\] \(reset_after = True\)/);
    expect(() => gateTrace({ ...w, activation: 'softmax' }, new Float32Array(12), 4)).toThrow(/activation "softmax" is not supported/);
  });
});

describe('unitActivity', () => {
  it('ranks a unit that moves above a constant one', () => {
    // 3 steps × 2 units: unit 0 constant, unit 1 alternating.
    const a = unitActivity(new Float32Array([0.5, 0, 0.5, 1, 0.5, 0]), 3, 2);
    expect(a[0]).toBe(0);
    expect(a[1]).toBeGreaterThan(0.4);
  });
});
