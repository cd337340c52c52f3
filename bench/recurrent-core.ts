/**
 * The recurrent-training measurement shared by the Node bench (training.bench.ts), the Chromium page
 * (training-webgl.page.ts) and the device script: one model per shape (Input → GRU/LSTM(units) → Dense(1),
 * compiled by Layerloom's compiler), trained with Adam on the batch step the app's loop uses
 * (computeGradients + applyGradients, loss read back per batch), fused and reference layers alternately in
 * the same run so their ratio is measured under the same load. Takes `tf` so it runs anywhere tfjs does.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { sequential } from '../src-shared/graph/builder';
import { buildModel } from '../src-shared/train/model';
import type { RecurrentImpl } from '../src-shared/train/settings';

type TfModule = typeof tfjs;

export interface Shape {
  /** e.g. "GRU(64) [30, 8]" */
  name: string;
  kind: 'GRU' | 'LSTM';
  units: number;
  steps: number;
  features: number;
}

export const SHAPES: Shape[] = [
  { name: 'GRU(32) [20, 4]', kind: 'GRU', units: 32, steps: 20, features: 4 },
  { name: 'GRU(64) [30, 8]', kind: 'GRU', units: 64, steps: 30, features: 8 },
  { name: 'GRU(128) [60, 16]', kind: 'GRU', units: 128, steps: 60, features: 16 },
  { name: 'LSTM(64) [30, 8]', kind: 'LSTM', units: 64, steps: 30, features: 8 },
];

export type RecurrentMode = RecurrentImpl;
export const MODES: RecurrentMode[] = ['fused', 'reference'];

/** Layerloom's compiled model for a shape, with the recurrent implementation asked for. */
export function buildFor(tf: TfModule, shape: Shape, mode: RecurrentMode, seed = 1): { model: tfjs.LayersModel; layerClass: string } {
  const doc = sequential('bench', [
    { kind: 'Input', label: 'window', params: { shape: [shape.steps, shape.features], source: 'dataset' } },
    { kind: shape.kind, label: 'rnn', params: { units: shape.units } },
    { kind: 'Dense', label: 'out', params: { units: 1 } },
  ]);
  const { model } = buildModel(tf, doc, seed, mode);
  const layer = model.getLayer('rnn');
  return { model, layerClass: `${layer.getClassName()} (${layer.constructor.name})` };
}

export interface Trainer {
  /** One training batch (forward, backward, Adam update) on batch `b`; resolves when its loss is read back. */
  step(b: number): Promise<number>;
  batches: number;
  layerClass: string;
  dispose(): void;
}

/** A model for `shape` and `batches` batches of random data, ready to train. */
export function trainer(tf: TfModule, shape: Shape, mode: RecurrentMode, batch: number, batches: number): Trainer {
  const { model, layerClass } = buildFor(tf, shape, mode);
  const xs: tfjs.Tensor[] = [];
  const ys: tfjs.Tensor[] = [];
  for (let b = 0; b < batches; b++) {
    xs.push(tf.randomNormal([batch, shape.steps, shape.features], 0, 1, 'float32', 7 + b));
    ys.push(tf.randomNormal([batch, 1], 0, 1, 'float32', 1000 + b));
  }
  const optimizer = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  return {
    batches,
    layerClass,
    async step(b) {
      const loss = tf.tidy(() => {
        const { value, grads } = optimizer.computeGradients(() => tf.losses.meanSquaredError(ys[b]!, model.apply(xs[b]!, { training: true }) as tfjs.Tensor) as tfjs.Scalar, vars);
        optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
        return value;
      });
      const v = (await loss.data())[0]!;
      loss.dispose();
      return v;
    },
    dispose() {
      for (const t of [...xs, ...ys]) t.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

export interface KernelCount {
  /** Kernels dispatched through the tfjs engine (ops, forward and backward, and the optimizer). */
  engine: number;
  /** GPU programs run by the backend (WebGL shader runs, WebGPU compute dispatches); null on CPU backends. */
  programs: number | null;
  /** The most frequent engine kernels, name → count. */
  top: Record<string, number>;
  /**
   * GPU programs by kind (webgl/webgpu; empty elsewhere): tfjs's program class name, or for a fused step kernel's
   * program (a plain object) `fused(<its inputs>)` — where the programs of a batch go.
   */
  programsByKind: Record<string, number>;
}

/**
 * Counts what one call of `fn` dispatches: every kernel the tfjs engine runs (wrapping its
 * `runKernelFunc`), and on webgl/webgpu every GPU program the backend runs — custom fused programs
 * that bypass the engine are counted there too.
 */
export async function countKernels(tf: TfModule, fn: () => Promise<unknown>): Promise<KernelCount> {
  type Fn = (...a: unknown[]) => unknown;
  const engine = tf.engine() as unknown as { runKernelFunc: Fn };
  const backend = tf.backend() as unknown as Record<string, Fn | undefined>;
  const gpuMethod = ['runWebGLProgram', 'runWebGPUProgram'].find((m) => typeof backend[m] === 'function');
  const byName = new Map<string, number>();
  const byProgram = new Map<string, number>();
  let engineCount = 0;
  let programs = 0;
  const origKernel = engine.runKernelFunc;
  engine.runKernelFunc = function (this: unknown, ...a: unknown[]) {
    engineCount++;
    const name = (a[0] as { kernelName?: string })?.kernelName ?? '?';
    byName.set(name, (byName.get(name) ?? 0) + 1);
    return origKernel.apply(this, a);
  };
  const hadOwn = gpuMethod ? Object.prototype.hasOwnProperty.call(backend, gpuMethod) : false;
  const origGpu = gpuMethod ? backend[gpuMethod]! : null;
  if (gpuMethod && origGpu)
    backend[gpuMethod] = function (this: unknown, ...a: unknown[]) {
      programs++;
      const prog = a[0] as { constructor?: { name: string }; variableNames?: string[] } | undefined;
      const cls = prog?.constructor?.name ?? '?';
      const kind = cls === 'Object' ? `fused(${(prog?.variableNames ?? []).join(', ')})` : cls;
      byProgram.set(kind, (byProgram.get(kind) ?? 0) + 1);
      return origGpu.apply(this, a);
    };
  try {
    await fn();
  } finally {
    engine.runKernelFunc = origKernel;
    if (gpuMethod) {
      if (hadOwn) backend[gpuMethod] = origGpu!;
      else delete backend[gpuMethod];
    }
  }
  // KERNEL_TOP in Node; this file also runs in the browser (training-webgl.page.ts), where there is no process
  const topN = Number((typeof process !== 'undefined' ? process.env.KERNEL_TOP : undefined) ?? 8);
  const top = Object.fromEntries([...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN));
  const programsByKind = Object.fromEntries([...byProgram.entries()].sort((a, b) => b[1] - a[1]));
  return { engine: engineCount, programs: gpuMethod ? programs : null, top, programsByKind };
}

export interface ShapeResult {
  shape: string;
  backend: string;
  batch: number;
  batchesPerRun: number;
  /** Samples per second of each run, fused and reference (same run index = same moment). */
  fused: number[];
  reference: number[];
  /** fused / reference samples/s, per run (measured in the same run). */
  ratios: number[];
  kernels: { fused: KernelCount; reference: KernelCount };
  /** The recurrent layer's class in each model (evidence of which implementation ran). */
  layerClass: { fused: string; reference: string };
  error?: string;
}

/**
 * Measures one shape on the current backend: per run, `batches` timed batches of each mode (after
 * warm-up batches that compile kernels/shaders), and one batch's kernel count per mode (counted after
 * the warm-up, so shader compilation and weight creation are not in it).
 */
export async function measureShape(tf: TfModule, shape: Shape, o: { batch: number; batches: number; runs: number; warmup?: number }): Promise<ShapeResult> {
  const now = (): number => (globalThis.performance ?? Date).now();
  const trainers = { fused: trainer(tf, shape, 'fused', o.batch, o.batches), reference: trainer(tf, shape, 'reference', o.batch, o.batches) };
  try {
    const kernels = {} as ShapeResult['kernels'];
    for (const m of MODES) {
      const t = trainers[m];
      for (let w = 0; w < (o.warmup ?? 2); w++) await t.step(w % t.batches);
      kernels[m] = await countKernels(tf, () => t.step(0));
    }
    // Batches of the two modes interleave (and alternate which goes first), so a change in machine load
    // during a run weighs on both: the per-run ratio is a fair comparison even on a busy machine.
    const res: Record<RecurrentMode, number[]> = { fused: [], reference: [] };
    for (let r = 0; r < o.runs; r++) {
      const ms: Record<RecurrentMode, number> = { fused: 0, reference: 0 };
      for (let b = 0; b < o.batches; b++)
        for (const m of (r + b) % 2 ? [...MODES].reverse() : MODES) {
          const t0 = now();
          await trainers[m].step(b);
          ms[m] += now() - t0;
        }
      for (const m of MODES) res[m].push((o.batches * o.batch) / (ms[m] / 1000));
    }
    return {
      shape: shape.name,
      backend: tf.getBackend(),
      batch: o.batch,
      batchesPerRun: o.batches,
      fused: res.fused,
      reference: res.reference,
      ratios: res.fused.map((f, i) => f / res.reference[i]!),
      kernels,
      layerClass: { fused: trainers.fused.layerClass, reference: trainers.reference.layerClass },
    };
  } finally {
    trainers.fused.dispose();
    trainers.reference.dispose();
  }
}
