/**
 * The training loop shared by the app's Web Worker and the CLI. tfjs is passed in; nothing here knows
 * the host. One step: build the batch from the prepared windows (one copy per batch), forward with
 * training=true, loss, gradients, optional clipping by global norm, apply — all in one tf.tidy.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import { toTensors, type PreparedData } from '../data/prepare';
import type { TrainingSettings } from './settings';
import { lossFunction, metricFunction, type ScalarFn } from './losses';
import { getLearningRate, makeOptimizer, setLearningRate } from './optimizers';
import { seededRng, shuffleInPlace, withRandom, type Rng } from './random';
import { compareWithBaseline, scoreSplit, type Evaluation } from './evaluate';
import { restoreSnapshot, snapshotWeights, type WeightSnapshot } from './artifacts';

export type TrainStatus = 'completed' | 'stopped' | 'failed';

export interface BatchInfo {
  /** 1-based. */
  epoch: number;
  /** 0-based index of the batch within the epoch. */
  batch: number;
  batches: number;
  epochs: number;
  loss: number;
  /** Training metrics of this batch, by name (mae, accuracy…). */
  metrics: Record<string, number>;
  /** Milliseconds since training started. */
  tMs: number;
}

export interface EpochInfo {
  epoch: number;
  epochs: number;
  /** loss, <metric>, val_loss, val_<metric>, lr. */
  logs: Record<string, number>;
  tMs: number;
  /** True when Stop ended this epoch early. */
  partial: boolean;
}

export interface TrainOptions {
  tf: TfModule;
  model: tfjs.LayersModel;
  prepared: PreparedData;
  settings: TrainingSettings;
  onBatch?: (info: BatchInfo) => void | Promise<void>;
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  /** Checked after every batch: true ends training after the current batch, keeping the weights. */
  shouldStop?: () => boolean;
  /** Called after each full epoch (its logs complete): a reason stops the run there as `stopped` (an experiment's pruning). */
  prune?: (info: EpochInfo) => string | null;
  /** Give the event loop a turn at least this often (ms) so Stop messages arrive; default 50. */
  yieldMs?: number;
  now?: () => number;
}

export interface TrainResult {
  status: TrainStatus;
  /** Why it stopped or failed, in words (early stopping, Stop pressed, NaN loss…). */
  reason: string | null;
  epochsRun: number;
  history: EpochInfo['logs'][];
  /** The monitored quantity, its best value and the epoch it was reached. */
  monitor: string;
  best: { epoch: number; value: number } | null;
  bestWeights: WeightSnapshot | null;
  finalWeights: WeightSnapshot;
  /** Test split vs the naive baselines (null when the test split is empty or training failed). */
  evaluation: Evaluation | null;
  /** Things to be careful about in this run's result (a very early best epoch…). */
  warnings: string[];
  /** Classification: the loss weight of each class (in `classes` order) when class weights are on. */
  classWeights: number[] | null;
}

/** Best epoch at or below this share of the epochs run (after at least EARLY_BEST_MIN_EPOCHS) is warned about. */
export const EARLY_BEST_SHARE = 0.1;
export const EARLY_BEST_MIN_EPOCHS = 10;

/**
 * A warning when the restored (best) epoch is a very early one: the monitored loss was lowest at
 * ≤ 10 % of the epochs run, so what the run keeps is barely trained, or the validation loss is too
 * noisy (few validation samples) to pick an epoch by. Null otherwise.
 */
export function earlyBestEpochWarning(history: readonly Record<string, number>[], best: { epoch: number; value: number } | null, monitor: string): string | null {
  const run = history.length;
  if (!best || run < EARLY_BEST_MIN_EPOCHS || best.epoch > Math.max(1, Math.floor(run * EARLY_BEST_SHARE))) return null;
  const vals = history.map((h) => h[monitor]).filter((v): v is number => Number.isFinite(v));
  let ups = 0;
  for (let i = 1; i < vals.length; i++) if (vals[i]! > vals[i - 1]!) ups++;
  const last = vals[vals.length - 1];
  const rise = last !== undefined && best.value !== 0 ? (100 * (last - best.value)) / Math.abs(best.value) : null;
  return (
    `The best ${monitor} came at epoch ${best.epoch} of ${run}: the kept weights are from very early in training. ` +
    `${monitor} rose in ${ups} of ${Math.max(1, vals.length - 1)} epochs${rise !== null ? ` and ended ${rise.toFixed(0)} % above its best` : ''}; ` +
    (monitor === 'val_loss'
      ? 'a noisy validation loss (few validation samples) or a learning rate that is too high can make an early epoch look best. Try a lower learning rate, a longer validation split, or compare with the baselines before trusting it.'
      : 'try a lower learning rate.')
  );
}

/**
 * Per-class loss weights, in `classes` order: 'balanced' gives n / (classes × n_c) over the training
 * samples (a class without samples gets 1); a record gives a weight per label (others 1). Null when
 * 'none' or for regression.
 */
export function resolveClassWeights(p: PreparedData, cw: TrainingSettings['classWeights']): number[] | null {
  if (cw === 'none' || p.task === 'regression' || !p.classes) return null;
  const k = p.classes.length;
  if (cw === 'balanced') {
    const counts = new Array<number>(k).fill(0);
    const tr = p.splits.train;
    for (let i = 0; i < tr.length; i++) {
      const t = tr[i]! + p.targetOffset;
      if (p.task === 'binary') counts[p.targets[t]! > 0.5 ? 1 : 0]!++;
      else for (let c = 0; c < k; c++) if (p.targets[t * p.yWidth + c] === 1) counts[c]!++;
    }
    return counts.map((n) => (n > 0 ? tr.length / (k * n) : 1));
  }
  const unknown = Object.keys(cw).filter((l) => !p.classes!.includes(l));
  if (unknown.length) throw new Error(`Class weights name ${unknown.map((u) => `"${u}"`).join(', ')}, not among the classes (${p.classes.join(', ')}).`);
  return p.classes.map((l) => cw[l] ?? 1);
}

/** Per-sample loss of a batch (before averaging), for the class-weighted loss. */
function perSampleLoss(tf: TfModule, name: TrainingSettings['loss']): (y: tfjs.Tensor, p: tfjs.Tensor) => tfjs.Tensor {
  switch (name) {
    case 'mse':
      return (y, p) => tf.metrics.meanSquaredError(y, p);
    case 'mae':
      return (y, p) => tf.metrics.meanAbsoluteError(y, p);
    case 'huber':
      return (y, p) => tf.mean(tf.losses.huberLoss(y, p, undefined, 1.0, tf.Reduction.NONE), -1);
    case 'binaryCrossentropy':
      return (y, p) => tf.metrics.binaryCrossentropy(y, p);
    case 'categoricalCrossentropy':
      return (y, p) => tf.metrics.categoricalCrossentropy(y, p);
  }
}

/**
 * The training loss with each sample weighted by its class (Keras' class_weight: mean of weight ×
 * per-sample loss). Binary: weight = y·w₁ + (1−y)·w₀; multi-class: the one-hot row · weights.
 */
export function weightedLoss(tf: TfModule, name: TrainingSettings['loss'], weights: readonly number[], yWidth: number): ScalarFn {
  const per = perSampleLoss(tf, name);
  return (y, p) => {
    const l = tf.reshape(per(y, p), [-1]);
    const w =
      yWidth === 1
        ? tf.add(tf.mul(tf.reshape(y, [-1]), weights[1] ?? 1), tf.mul(tf.sub(1, tf.reshape(y, [-1])), weights[0] ?? 1))
        : tf.reshape(tf.matMul(y, tf.tensor2d(Array.from(weights), [weights.length, 1])), [-1]);
    return tf.mean(tf.mul(l, w)) as tfjs.Scalar;
  };
}

export const NAN_ADVICE =
  'Try a lower learning rate (e.g. divide it by 10), enable gradient clipping (clip norm 1), and check that the features and the target are normalized.';

/** When the data has no validation split, hold out the last `fraction` of the training samples (chronological). */
export function withValidation(p: PreparedData, fraction: number): PreparedData {
  if (p.splits.validation.length > 0 || fraction <= 0) return p;
  const tr = p.splits.train;
  const nVal = Math.floor(tr.length * fraction);
  if (nVal < 1 || tr.length - nVal < 1) return p;
  return { ...p, splits: { ...p.splits, train: tr.subarray(0, tr.length - nVal), validation: tr.subarray(tr.length - nVal) } };
}

function uniqueMetrics(s: TrainingSettings): TrainingSettings['metrics'] {
  return [...new Set(s.metrics)];
}

function clipByGlobalNorm(tf: TfModule, grads: tfjs.NamedTensorMap, clip: number): tfjs.NamedTensorMap {
  const names = Object.keys(grads);
  if (names.length === 0) return grads;
  const sq = names.map((n) => tf.sum(tf.square(grads[n]!)));
  const norm = tf.sqrt(sq.length === 1 ? sq[0]! : tf.addN(sq));
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(clip), tf.maximum(norm, tf.scalar(1e-12))));
  const out: tfjs.NamedTensorMap = {};
  for (const n of names) out[n] = tf.mul(grads[n]!, scale);
  return out;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const { tf, model, settings: s } = o;
  const now = o.now ?? (() => Date.now());
  const t0 = now();
  const p = withValidation(o.prepared, s.validationSplit);
  const nTrain = p.splits.train.length;
  const hasVal = p.splits.validation.length > 0;
  const metricNames = uniqueMetrics(s);
  const lossFn = lossFunction(tf, s.loss);
  const classWeights = resolveClassWeights(p, s.classWeights);
  const trainLossFn = classWeights ? weightedLoss(tf, s.loss, classWeights, p.yWidth) : lossFn;
  const metricFns = metricNames.map((m) => metricFunction(tf, m, p.yWidth));
  const allFns: ScalarFn[] = [lossFn, ...metricFns];
  const shuffleRng: Rng = s.seed !== undefined ? seededRng(s.seed ^ 0x51f15e) : Math.random;
  const opRng: Rng | undefined = s.seed !== undefined ? seededRng((s.seed * 2654435761) >>> 0) : undefined;
  const optimizer = makeOptimizer(tf, s);
  const vars = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  const bs = Math.max(1, Math.min(s.batchSize, nTrain));
  const batches = Math.ceil(nTrain / bs);
  const order = new Int32Array(nTrain);
  const yieldMs = o.yieldMs ?? 50;
  let lastYield = now();

  const step = (idx: Int32Array): tfjs.Tensor =>
    tf.tidy(() => {
      const { xs, ys } = toTensors(tf, p, 'train', idx);
      let pred: tfjs.Tensor | null = null;
      const { value, grads } = optimizer.computeGradients(() => {
        const y = model.apply(xs, { training: true }) as tfjs.Tensor;
        pred = tf.keep(y);
        return trainLossFn(ys, y);
      }, vars);
      optimizer.applyGradients(s.clipNorm ? clipByGlobalNorm(tf, grads, s.clipNorm) : grads);
      const y = pred as unknown as tfjs.Tensor;
      const out = metricFns.length ? tf.stack([value, ...metricFns.map((f) => f(ys, y))]) : tf.reshape(value, [1]);
      y.dispose();
      return out;
    });

  const monitor = s.earlyStopping.monitor === 'val_loss' && hasVal ? 'val_loss' : 'loss';
  const history: EpochInfo['logs'][] = [];
  let best: { epoch: number; value: number } | null = null;
  let bestWeights: WeightSnapshot | null = null;
  let esWait = 0;
  let lrWait = 0;
  let lrBest = Infinity;
  let status: TrainStatus = 'completed';
  let reason: string | null = null;
  let epoch = 0;
  let stoppedEarly = false;

  try {
    for (epoch = 1; epoch <= s.epochs; epoch++) {
      for (let i = 0; i < nTrain; i++) order[i] = i;
      if (s.shuffle) shuffleInPlace(order, shuffleRng);
      const sums = new Array<number>(allFns.length).fill(0);
      let seen = 0;
      let stopped = false;
      for (let b = 0; b < batches; b++) {
        const idx = order.subarray(b * bs, Math.min(nTrain, (b + 1) * bs));
        const out = withRandom(opRng, () => step(idx));
        const v = await out.data();
        out.dispose();
        const loss = v[0]!;
        if (!Number.isFinite(loss)) {
          status = 'failed';
          reason = `The loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'} in epoch ${epoch}, batch ${b + 1}. ${NAN_ADVICE}`;
          break;
        }
        for (let i = 0; i < allFns.length; i++) sums[i]! += v[i]! * idx.length;
        seen += idx.length;
        if (o.onBatch) {
          const metrics: Record<string, number> = {};
          metricNames.forEach((m, i) => (metrics[m] = v[i + 1]!));
          await o.onBatch({ epoch, batch: b, batches, epochs: s.epochs, loss, metrics, tMs: now() - t0 });
        }
        if (now() - lastYield >= yieldMs) {
          await new Promise<void>((r) => setTimeout(r, 0));
          lastYield = now();
        }
        if (o.shouldStop?.()) {
          stopped = true;
          break;
        }
      }
      if (status === 'failed') break;
      const logs: Record<string, number> = { loss: sums[0]! / seen };
      metricNames.forEach((m, i) => (logs[m] = sums[i + 1]! / seen));
      if (hasVal && !stopped) {
        const val = await scoreSplit(tf, model, p, 'validation', allFns, { batchSize: bs });
        logs.val_loss = val.values[0]!;
        metricNames.forEach((m, i) => (logs[`val_${m}`] = val.values[i + 1]!));
        if (!Number.isFinite(logs.val_loss)) {
          status = 'failed';
          reason = `The validation loss became ${Number.isNaN(logs.val_loss) ? 'NaN' : 'infinite'} in epoch ${epoch}. ${NAN_ADVICE}`;
        }
      }
      logs.lr = getLearningRate(optimizer);
      history.push(logs);
      await o.onEpoch?.({ epoch, epochs: s.epochs, logs, tMs: now() - t0, partial: stopped });
      if (status === 'failed') break;
      if (stopped) {
        status = 'stopped';
        reason = `Stopped by the user in epoch ${epoch}${seen < nTrain ? ` after ${Math.ceil(seen / bs)} of ${batches} batches` : ''}.`;
        break;
      }
      // best weights, early stopping, reduce-LR-on-plateau — all on the monitored quantity
      const cur = logs[monitor]!;
      const minDelta = s.earlyStopping.minDelta;
      if (best === null || cur < best.value - minDelta) {
        best = { epoch, value: cur };
        bestWeights = await snapshotWeights(model, epoch);
        esWait = 0;
      } else esWait++;
      if (s.reduceLrOnPlateau.enabled) {
        if (cur < lrBest - minDelta) {
          lrBest = cur;
          lrWait = 0;
        } else if (++lrWait >= Math.max(1, s.reduceLrOnPlateau.patience)) {
          const lr = getLearningRate(optimizer);
          const next = Math.max(lr * s.reduceLrOnPlateau.factor, s.reduceLrOnPlateau.minLr);
          if (next < lr) setLearningRate(optimizer, next);
          lrWait = 0;
        }
      }
      if (s.earlyStopping.enabled && esWait >= Math.max(1, s.earlyStopping.patience) && epoch < s.epochs) {
        stoppedEarly = true;
        reason = `Early stopping after epoch ${epoch}: ${monitor} did not improve for ${esWait} epoch${esWait === 1 ? '' : 's'} (best ${best!.value.toPrecision(4)} at epoch ${best!.epoch}).`;
        break;
      }
      const pruned = epoch < s.epochs ? (o.prune?.({ epoch, epochs: s.epochs, logs, tMs: now() - t0, partial: false }) ?? null) : null;
      if (pruned) {
        status = 'stopped';
        reason = pruned;
        break;
      }
    }
  } catch (err) {
    status = 'failed';
    const msg = (err as Error)?.message ?? String(err);
    reason = /memory|OOM|allocate/i.test(msg)
      ? `Out of memory during training (${msg}). Try a smaller batch size, a shorter lookback or fewer units.`
      : /context lost|CONTEXT_LOST/i.test(msg)
        ? `The GPU (WebGL) context was lost (${msg}). Try the wasm or cpu backend, or a smaller model.`
        : `Training failed: ${msg}`;
  } finally {
    optimizer.dispose();
  }
  const epochsRun = Math.min(epoch, s.epochs);
  if (status === 'completed' && s.earlyStopping.enabled && s.earlyStopping.restoreBestWeights && bestWeights && best && best.epoch !== epochsRun) {
    restoreSnapshot(tf, model, bestWeights);
    if (stoppedEarly) reason += ` Restored the weights of epoch ${best.epoch}.`;
  }
  const finalWeights = await snapshotWeights(model, epochsRun);
  const warnings: string[] = [];
  const restored = status === 'completed' && s.earlyStopping.enabled && s.earlyStopping.restoreBestWeights;
  const early = restored ? earlyBestEpochWarning(history, best, monitor) : null;
  if (early) warnings.push(early);
  let evaluation: Evaluation | null = null;
  if (status !== 'failed' && p.splits.test.length > 0) {
    const t = await scoreSplit(tf, model, p, 'test', [lossFn], { batchSize: bs, predictions: true });
    evaluation = compareWithBaseline(p, t.predictions!, t.values[0]!);
    if (warnings.length) evaluation.warnings = [...(evaluation.warnings ?? []), ...warnings];
  }
  return { status, reason, epochsRun, history, monitor, best, bestWeights, finalWeights, evaluation, warnings, classWeights };
}

/** Milliseconds per training step of this model on the current backend (median of `steps` after one warm-up). */
export async function timeSteps(o: Pick<TrainOptions, 'tf' | 'model' | 'prepared' | 'settings'> & { steps?: number }): Promise<number> {
  const s = { ...o.settings, epochs: 1, earlyStopping: { ...o.settings.earlyStopping, enabled: false } };
  const steps = o.steps ?? 3;
  const times: number[] = [];
  let last = Date.now();
  let n = 0;
  const p = { ...o.prepared, splits: { ...o.prepared.splits, validation: new Int32Array(0), test: new Int32Array(0) } };
  const wanted = Math.min(p.splits.train.length, (steps + 1) * s.batchSize);
  p.splits.train = p.splits.train.subarray(0, wanted);
  await train({
    tf: o.tf,
    model: o.model,
    prepared: p,
    settings: { ...s, validationSplit: 0 },
    onBatch: () => {
      const t = Date.now();
      if (n++ > 0) times.push(t - last);
      last = t;
    },
  });
  times.sort((a, b) => a - b);
  return times.length ? times[Math.floor(times.length / 2)]! : Infinity;
}
