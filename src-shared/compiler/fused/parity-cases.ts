/**
 * Parity cases for the fused recurrent layers, shared by the Node tests (cpu, wasm) and the WebGL page check:
 * the fused layer and the stock tfjs layer on the same weights and inputs, forward output and every gradient
 * (input, kernel, recurrent kernel, bias), compared by max |fused − stock| / max |stock|.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfLayer, TfModule } from '../../layers/types';
import { mulberry32 } from '../../data/prepare';
import { fusedClasses } from './layers';

export interface ParityCase {
  kind: 'GRU' | 'LSTM' | 'SimpleRNN';
  batch: number;
  steps: number;
  features: number;
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
  activation: string;
  recurrentActivation: string;
  useBias: boolean;
  /** Wrapped in Bidirectional (concat). */
  bidirectional: boolean;
  seed: number;
}

const KINDS = ['GRU', 'LSTM', 'SimpleRNN'] as const;
const ACTS = ['tanh', 'tanh', 'tanh', 'relu', 'linear', 'softsign', 'elu', 'sigmoid'];
const REC_ACTS = ['sigmoid', 'sigmoid', 'sigmoid', 'hardSigmoid', 'tanh'];

/**
 * `n` seeded random cases over batch 1–64, steps 1–60, features 1–16, units 1–128 (sizes drawn log-uniform so
 * small and large both occur), all three kinds, return sequences and go backwards on and off; the first
 * case is the largest corner, and T = 1 always occurs.
 */
export interface CaseLimits {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

/** The full ranges (the first case is this corner). */
export const FULL_RANGES: CaseLimits = { batch: 64, steps: 60, features: 16, units: 128 };

export function parityCases(n: number, seed: number, max: CaseLimits = FULL_RANGES): ParityCase[] {
  const rng = mulberry32(seed);
  const logInt = (lo: number, hi: number): number => Math.min(hi, Math.floor(Math.exp(Math.log(lo) + rng() * (Math.log(hi + 1) - Math.log(lo)))));
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rng() * xs.length)]!;
  const out: ParityCase[] = [];
  for (let i = 0; i < n; i++) {
    const kind = KINDS[i % 3]!;
    const bidirectional = i % 4 === 3;
    const steps = i === 0 ? max.steps : i === 1 || i === 2 ? 1 : logInt(bidirectional ? 2 : 1, max.steps);
    out.push({
      kind,
      batch: i === 0 ? max.batch : logInt(1, max.batch),
      steps,
      features: i === 0 ? max.features : logInt(1, max.features),
      units: i === 0 ? max.units : logInt(1, max.units),
      returnSequences: i < 3 ? i === 1 : rng() < 0.5,
      goBackwards: i < 3 ? i === 2 : rng() < 0.5,
      activation: i < 3 ? 'tanh' : pick(ACTS),
      recurrentActivation: i < 3 ? 'sigmoid' : pick(REC_ACTS),
      useBias: i % 5 !== 4,
      bidirectional,
      seed: seed * 1000 + i,
    });
  }
  return out;
}

export function describeCase(c: ParityCase): string {
  return `${c.bidirectional ? 'Bidirectional ' : ''}${c.kind}(${c.units}, ${c.activation}/${c.recurrentActivation}${c.useBias ? '' : ', no bias'}) [B ${c.batch}, T ${c.steps}, F ${c.features}]${c.returnSequences ? ' seq' : ''}${c.goBackwards ? ' backwards' : ''}`;
}

export interface ParityResult {
  /** Name → relative difference; 'output' and one entry per gradient ('input', each weight by name). */
  diffs: Record<string, number>;
  /** The largest of diffs. */
  worst: number;
  /** Tensors the fused layer's forward and backward pass left allocated (should be 0). */
  leaked: number;
}

const FACTORY = { GRU: 'gru', LSTM: 'lstm', SimpleRNN: 'simpleRNN' } as const;

function layerConfig(c: ParityCase, name: string): Record<string, unknown> {
  const cfg: Record<string, unknown> = {
    name,
    units: c.units,
    activation: c.activation,
    returnSequences: c.returnSequences,
    goBackwards: c.goBackwards,
    useBias: c.useBias,
    // a bias that is not zero, so its gradient and its place in the projection are exercised
    biasInitializer: 'randomNormal',
  };
  if (c.kind !== 'SimpleRNN') cfg.recurrentActivation = c.recurrentActivation;
  return cfg;
}

function relDiff(tf: TfModule, a: tfjs.Tensor, b: tfjs.Tensor): number {
  return tf.tidy(() => {
    const ref = tf.max(tf.abs(b)).dataSync()[0]!;
    const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    return d / Math.max(ref, 1e-6);
  });
}

/**
 * Output and gradients of `layer` on x with a fixed random cotangent R (loss = Σ out ⊙ R). `viaCell`: the
 * stock reference for T = 1, where tfjs cannot differentiate its own RNN (unstack of a length-1 axis): the
 * layer's cell applied once to the single step from a zero state.
 */
function outAndGrads(tf: TfModule, layer: TfLayer, x: tfjs.Tensor3D, R: tfjs.Tensor, viaCell: boolean): { out: tfjs.Tensor; grads: tfjs.Tensor[]; names: string[] } {
  const xv = tf.variable(x, true, undefined);
  const weights = layer.trainableWeights.map((w) => (w as unknown as { read(): tfjs.Variable }).read());
  const f = (): tfjs.Scalar => {
    let out: tfjs.Tensor;
    if (viaCell) {
      const rnn = layer as unknown as { cell: { call(inputs: tfjs.Tensor[], kw: object): tfjs.Tensor[]; stateSize: number | number[] }; returnSequences: boolean };
      const x0 = tf.squeeze(xv, [1]);
      const states = (Array.isArray(rnn.cell.stateSize) ? rnn.cell.stateSize : [rnn.cell.stateSize]).map((s) => tf.zeros([x.shape[0], s]));
      out = rnn.cell.call([x0, ...states], {})[0]!;
      if (rnn.returnSequences) out = tf.expandDims(out, 1);
    } else out = layer.apply(xv) as tfjs.Tensor;
    return tf.sum(tf.mul(out, R));
  };
  const out = layer.apply(x) as tfjs.Tensor;
  const { value, grads } = tf.variableGrads(f, [xv, ...weights]);
  value.dispose();
  const names = ['input', ...layer.trainableWeights.map((w) => w.originalName.split('/').slice(-1)[0]!)];
  const list = [grads[xv.name]!, ...weights.map((w) => grads[w.name]!)];
  xv.dispose();
  return { out, grads: list, names };
}

/** Builds the stock and the fused layer with the same weights and compares output and gradients. */
export function runParityCase(tf: TfModule, c: ParityCase): ParityResult {
  const fused = fusedClasses(tf);
  const rng = mulberry32(c.seed);
  const rand = (shape: number[]): tfjs.Tensor => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1), shape);
  const x = rand([c.batch, c.steps, c.features]) as tfjs.Tensor3D;
  const make = (stock: boolean): TfLayer => {
    const cfg = layerConfig(c, `${c.kind.toLowerCase()}_${stock ? 'stock' : 'fused'}_${c.seed}`);
    if (!c.bidirectional) return stock ? (tf.layers as unknown as Record<string, (c: object) => TfLayer>)[FACTORY[c.kind]]!(cfg) : new fused[c.kind](cfg);
    const inner = (tf.layers as unknown as Record<string, (c: object) => TfLayer>)[FACTORY[c.kind]]!(cfg);
    return stock ? tf.layers.bidirectional({ layer: inner as tfjs.RNN, mergeMode: 'concat' }) : new fused.Bidirectional({ layer: inner, mergeMode: 'concat' });
  };
  const stock = make(true);
  const fast = make(false);
  const built = [stock.apply(x) as tfjs.Tensor, fast.apply(x) as tfjs.Tensor];
  const sw = stock.getWeights();
  fast.setWeights(sw);
  const R = rand(built[0]!.shape);
  tf.dispose(built);
  // what one fused forward + backward leaves behind, beyond its results
  const before = tf.memory().numTensors;
  const probe = outAndGrads(tf, fast, x, R, false);
  tf.dispose([probe.out, ...probe.grads]);
  const leaked = tf.memory().numTensors - before;
  // T = 1 through the stock cell (tfjs cannot train its own RNN there); Bidirectional with T = 1 is not drawn.
  const viaCell = c.steps === 1 && !c.bidirectional;
  const s = outAndGrads(tf, stock, x, R, viaCell);
  const f = outAndGrads(tf, fast, x, R, false);
  const diffs: Record<string, number> = { output: relDiff(tf, f.out, s.out) };
  s.names.forEach((n, i) => (diffs[`d ${n}${diffs[`d ${n}`] !== undefined ? ` #${i}` : ''}`] = relDiff(tf, f.grads[i]!, s.grads[i]!)));
  tf.dispose([x, R, s.out, f.out, ...s.grads, ...f.grads]);
  return { diffs, worst: Math.max(...Object.values(diffs)), leaked };
}
