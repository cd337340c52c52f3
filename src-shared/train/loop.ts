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
  /** Test split vs the naive baseline (null when the test split is empty or training failed). */
  evaluation: Evaluation | null;
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
        return lossFn(ys, y);
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
  let evaluation: Evaluation | null = null;
  if (status !== 'failed' && p.splits.test.length > 0) {
    const t = await scoreSplit(tf, model, p, 'test', [lossFn], { batchSize: bs, predictions: true });
    evaluation = compareWithBaseline(p, t.predictions!, t.values[0]!);
  }
  return { status, reason, epochsRun, history, monitor, best, bestWeights, finalWeights, evaluation };
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
