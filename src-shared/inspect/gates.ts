/**
 * The gate inspector's arithmetic: given a recurrent layer's weights and one input sequence [T, features],
 * the per-step gate values of a GRU (z, r, h~, h) or an LSTM (i, f, c~, c, o, h), with the Keras/TF/tfjs
 * equations (see the GRU node's help and docs/gate-inspector.md). Plain typed-array loops, no tfjs:
 * the numbers are checked against the tfjs layer's own output in gates.test.ts.
 *
 * Weight layout (as tfjs and Keras store them): kernel [features, G·units], recurrent kernel
 * [units, G·units], bias [G·units] — or [2, G·units] for a GRU with reset_after = True (input bias, then
 * recurrent bias). Gate blocks along the last axis: GRU z, r, h; LSTM i, f, c, o.
 */

export type RecurrentKind = 'GRU' | 'LSTM';

export interface RecurrentWeights {
  kind: RecurrentKind;
  units: number;
  /** Input features per time step. */
  features: number;
  /** [features, G·units], row-major. */
  kernel: Float32Array;
  /** [units, G·units], row-major. */
  recurrentKernel: Float32Array;
  /** [G·units], [2, G·units] (GRU reset_after), or null without bias. */
  bias: Float32Array | null;
  /** Candidate/output activation (tanh by default). */
  activation: string;
  /** Gate activation (sigmoid in Layerloom; tfjs's own default is hardSigmoid). */
  recurrentActivation: string;
  /** GRU only: Keras's reset_after = True (reset applied to the recurrent product, two biases). Default false (tfjs). */
  resetAfter?: boolean;
  /** The layer reads the sequence last step first; steps of the trace are then in processing order. */
  goBackwards?: boolean;
}

/** Per-step values, each [steps, units] row-major, in processing order (reversed input when goBackwards). */
export interface GateTrace {
  kind: RecurrentKind;
  steps: number;
  units: number;
  /** GRU: z, r, hCand, h. LSTM: i, f, cCand, c, o, h. */
  gates: Record<string, Float32Array>;
  /** Input time index of each processing step (identity, or reversed for goBackwards). */
  inputStep: number[];
  /** Per processing step: a masked (padding) step, skipped as the layer skips it (gates 0, state carried). */
  masked: boolean[];
}

/** Gate names per kind in display order, with their label and value range for the colour scale. */
export const GATE_INFO: Record<RecurrentKind, { key: string; label: string; range: 'unit' | 'signed' }[]> = {
  GRU: [
    { key: 'z', label: 'update gate z', range: 'unit' },
    { key: 'r', label: 'reset gate r', range: 'unit' },
    { key: 'hCand', label: 'candidate h~', range: 'signed' },
    { key: 'h', label: 'state h', range: 'signed' },
  ],
  LSTM: [
    { key: 'i', label: 'input gate i', range: 'unit' },
    { key: 'f', label: 'forget gate f', range: 'unit' },
    { key: 'o', label: 'output gate o', range: 'unit' },
    { key: 'cCand', label: 'candidate c~', range: 'signed' },
    { key: 'c', label: 'cell state c', range: 'signed' },
    { key: 'h', label: 'state h', range: 'signed' },
  ],
};

/** erf with the Abramowitz–Stegun 7.1.26 approximation (|error| < 1.5e-7), as tfjs uses. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

const softplus = (x: number): number => (x > 20 ? x : Math.log1p(Math.exp(x)));
const SELU_A = 1.6732632423543772;
const SELU_S = 1.0507009873554805;

/** Element-wise activations as tfjs-layers defines them (softmax over units is not element-wise and is refused). */
const ACT: Record<string, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  selu: (x) => SELU_S * (x > 0 ? x : SELU_A * (Math.exp(x) - 1)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  hardSigmoid: (x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1),
  tanh: Math.tanh,
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  swish: (x) => x / (1 + Math.exp(-x)),
  mish: (x) => x * Math.tanh(softplus(x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
};

export function activationFn(name: string, where: string): (x: number) => number {
  const f = ACT[name];
  if (!f) throw new Error(`${where}: the activation "${name}" is not supported by the gate inspector (supported: ${Object.keys(ACT).join(', ')}).`);
  return f;
}

const GATES: Record<RecurrentKind, number> = { GRU: 3, LSTM: 4 };

function checkWeights(w: RecurrentWeights, input: Float32Array, steps: number): void {
  const G = GATES[w.kind];
  const where = `${w.kind} weights`;
  if (!G) throw new Error(`The gate inspector handles GRU and LSTM layers, not ${String(w.kind)}.`);
  if (!Number.isInteger(w.units) || w.units < 1) throw new Error(`${where}: units must be a positive integer, got ${w.units}.`);
  if (!Number.isInteger(w.features) || w.features < 1) throw new Error(`${where}: features must be a positive integer, got ${w.features}.`);
  const gu = G * w.units;
  if (w.kernel.length !== w.features * gu)
    throw new Error(`${where}: kernel has ${w.kernel.length} values, expected [${w.features}, ${gu}] = ${w.features * gu}.`);
  if (w.recurrentKernel.length !== w.units * gu)
    throw new Error(`${where}: recurrent kernel has ${w.recurrentKernel.length} values, expected [${w.units}, ${gu}] = ${w.units * gu}.`);
  if (w.bias) {
    const want = w.kind === 'GRU' && w.resetAfter ? 2 * gu : gu;
    if (w.bias.length !== want)
      throw new Error(`${where}: bias has ${w.bias.length} values, expected ${w.kind === 'GRU' && w.resetAfter ? `[2, ${gu}] (reset_after = True)` : `[${gu}]`} = ${want}.`);
  }
  if (w.resetAfter && w.kind !== 'GRU') throw new Error(`${where}: reset_after applies to GRU layers only.`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`Input sequence: needs at least one time step, got ${steps}.`);
  if (input.length !== steps * w.features)
    throw new Error(`Input sequence: has ${input.length} values, expected [${steps}, ${w.features}] = ${steps * w.features} for this layer.`);
}

/** out[0..n) = bias-or-0 + v · M[:, off..off+n) for row-major M with `cols` columns. */
function matvec(out: Float64Array, v: ArrayLike<number>, rows: number, M: Float32Array, cols: number, off: number, n: number): void {
  for (let i = 0; i < rows; i++) {
    const a = v[i]!;
    if (a === 0) continue;
    const base = i * cols + off;
    for (let j = 0; j < n; j++) out[j]! += a * M[base + j]!;
  }
}

/**
 * Runs the layer over one sequence [steps, features] (row-major) from a zero initial state and records
 * every gate at every step. Throws a message naming the mismatch when the shapes do not fit. `mask` (per
 * input time index, false = padding, from an Embedding with maskZero) skips those steps as Keras and tfjs do:
 * the state (h, and c) carries over unchanged and the step's gates are recorded as 0.
 */
export function gateTrace(w: RecurrentWeights, input: Float32Array, steps: number, mask: readonly boolean[] | null = null): GateTrace {
  checkWeights(w, input, steps);
  if (mask && mask.length !== steps) throw new Error(`Input mask: has ${mask.length} steps, expected ${steps}.`);
  const act = activationFn(w.activation, `${w.kind} activation`);
  const rec = activationFn(w.recurrentActivation, `${w.kind} recurrent activation`);
  const u = w.units;
  const d = w.features;
  const G = GATES[w.kind];
  const gu = G * u;
  const inputStep = Array.from({ length: steps }, (_, k) => (w.goBackwards ? steps - 1 - k : k));
  const masked = inputStep.map((t) => (mask ? !mask[t] : false));
  const xs = new Float64Array(gu); // x·W + b_input for every gate
  const hs = new Float64Array(gu); // h·U (+ b_recurrent) for every gate
  const h = new Float64Array(u);
  const x = new Float64Array(d);
  const bias = w.bias;
  const recBiasOff = w.resetAfter ? gu : -1;

  if (w.kind === 'GRU') {
    const z = new Float32Array(steps * u);
    const r = new Float32Array(steps * u);
    const hCand = new Float32Array(steps * u);
    const hOut = new Float32Array(steps * u);
    const rh = new Float64Array(u);
    for (let k = 0; k < steps; k++) {
      const t = inputStep[k]!;
      const o = k * u;
      if (masked[k]) {
        for (let j = 0; j < u; j++) hOut[o + j] = h[j]!;
        continue;
      }
      for (let i = 0; i < d; i++) x[i] = input[t * d + i]!;
      for (let j = 0; j < gu; j++) xs[j] = bias ? bias[j]! : 0;
      matvec(xs, x, d, w.kernel, gu, 0, gu);
      if (w.resetAfter) {
        // Keras reset_after = True: h~ = act(W_h x + b_h + r ⊙ (U_h h + b'_h)).
        for (let j = 0; j < gu; j++) hs[j] = bias ? bias[recBiasOff + j]! : 0;
        matvec(hs, h, u, w.recurrentKernel, gu, 0, gu);
        for (let j = 0; j < u; j++) {
          const zj = rec(xs[j]! + hs[j]!);
          const rj = rec(xs[u + j]! + hs[u + j]!);
          const cj = act(xs[2 * u + j]! + rj * hs[2 * u + j]!);
          z[o + j] = zj;
          r[o + j] = rj;
          hCand[o + j] = cj;
        }
      } else {
        // reset_after = False (tfjs): h~ = act(W_h x + b_h + U_h (r ⊙ h)).
        hs.fill(0, 0, 2 * u);
        matvec(hs, h, u, w.recurrentKernel, gu, 0, 2 * u);
        for (let j = 0; j < u; j++) {
          const zj = rec(xs[j]! + hs[j]!);
          const rj = rec(xs[u + j]! + hs[u + j]!);
          z[o + j] = zj;
          r[o + j] = rj;
          rh[j] = rj * h[j]!;
        }
        const hc = hs.subarray(2 * u, 3 * u);
        hc.fill(0);
        matvec(hc, rh, u, w.recurrentKernel, gu, 2 * u, u);
        for (let j = 0; j < u; j++) hCand[o + j] = act(xs[2 * u + j]! + hc[j]!);
      }
      for (let j = 0; j < u; j++) {
        const zj = z[o + j]!;
        h[j] = zj * h[j]! + (1 - zj) * hCand[o + j]!;
        hOut[o + j] = h[j]!;
      }
    }
    return { kind: 'GRU', steps, units: u, gates: { z, r, hCand, h: hOut }, inputStep, masked };
  }

  // LSTM: [i, f, c~, o] = [rec, rec, act, rec](W x + U h + b); c = f ⊙ c + i ⊙ c~; h = o ⊙ act(c).
  const gi = new Float32Array(steps * u);
  const gf = new Float32Array(steps * u);
  const gc = new Float32Array(steps * u);
  const cs = new Float32Array(steps * u);
  const go = new Float32Array(steps * u);
  const hOut = new Float32Array(steps * u);
  const c = new Float64Array(u);
  for (let k = 0; k < steps; k++) {
    const t = inputStep[k]!;
    const o = k * u;
    if (masked[k]) {
      for (let j = 0; j < u; j++) {
        cs[o + j] = c[j]!;
        hOut[o + j] = h[j]!;
      }
      continue;
    }
    for (let i = 0; i < d; i++) x[i] = input[t * d + i]!;
    for (let j = 0; j < gu; j++) xs[j] = bias ? bias[j]! : 0;
    matvec(xs, x, d, w.kernel, gu, 0, gu);
    matvec(xs, h, u, w.recurrentKernel, gu, 0, gu);
    for (let j = 0; j < u; j++) {
      const ij = rec(xs[j]!);
      const fj = rec(xs[u + j]!);
      const cj = act(xs[2 * u + j]!);
      const oj = rec(xs[3 * u + j]!);
      c[j] = fj * c[j]! + ij * cj;
      h[j] = oj * act(c[j]!);
      gi[o + j] = ij;
      gf[o + j] = fj;
      gc[o + j] = cj;
      go[o + j] = oj;
      cs[o + j] = c[j]!;
      hOut[o + j] = h[j]!;
    }
  }
  return { kind: 'LSTM', steps, units: u, gates: { i: gi, f: gf, cCand: gc, c: cs, o: go, h: hOut }, inputStep, masked };
}

/** Mean |value − mean| of each unit over the steps (how much a unit moves), for "sort units by activity". */
export function unitActivity(values: Float32Array, steps: number, units: number): Float64Array {
  const out = new Float64Array(units);
  for (let j = 0; j < units; j++) {
    let m = 0;
    for (let t = 0; t < steps; t++) m += values[t * units + j]!;
    m /= steps;
    let s = 0;
    for (let t = 0; t < steps; t++) s += Math.abs(values[t * units + j]! - m);
    out[j] = s / steps;
  }
  return out;
}
