import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildBatch, mulberry32, parseCsvText, prepare, type PreparedData } from '../data/index';
import { sequential } from '../graph/builder';
import { buildModel, fitGraphToData, train, trainingSettings, type TrainingSettingsInput } from './index';
import { earlyBestEpochWarning, resolveClassWeights, weightedLoss } from './loop';
import { runResult } from './record';

/** Tabular binary toy: 2000 rows, 4 % positives, x = 1.2·label + N(0, 1)-ish noise. */
async function rareToy(): Promise<PreparedData> {
  const r = mulberry32(21);
  const lines = ['x,label'];
  for (let i = 0; i < 2000; i++) {
    const l = r() < 0.04 ? 1 : 0;
    const noise = (r() + r() + r() - 1.5) * 2; // ≈ N(0, 1)
    lines.push(`${(1.2 * l + noise).toFixed(4)},${l}`);
  }
  return prepare(await parseCsvText(lines.join('\n')), { task: 'binary', mode: 'tabular', targets: ['label'], features: ['x'], split: { train: 0.8, validation: 0, test: 0.2 } });
}

function logistic() {
  return sequential('m', [
    { kind: 'Input', label: 'x', params: { shape: [1], source: 'dataset' } },
    { kind: 'Dense', label: 'out', params: { units: 1, activation: 'sigmoid' } },
  ]);
}

async function recallAfter(p: PreparedData, s: TrainingSettingsInput): Promise<number> {
  const settings = trainingSettings(s);
  const { model } = buildModel(tf, fitGraphToData(logistic(), p), settings.seed);
  await train({ tf, model, prepared: p, settings });
  const b = buildBatch(p, 'train');
  const pred = tf.tidy(() => (model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync());
  model.dispose();
  let tp = 0;
  let pos = 0;
  for (let i = 0; i < b.y.length; i++)
    if (b.y[i]! > 0.5) {
      pos++;
      if (pred[i]! > 0.5) tp++;
    }
  return tp / pos;
}

describe('class weights', () => {
  it('balanced weights are n / (classes × n_class) of the training samples; a record names labels', async () => {
    const p = await rareToy();
    const tr = buildBatch(p, 'train').y;
    const pos = tr.reduce((a, v) => a + v, 0);
    const n = tr.length;
    const w = resolveClassWeights(p, 'balanced')!;
    expect(w[0]).toBeCloseTo(n / (2 * (n - pos)), 12);
    expect(w[1]).toBeCloseTo(n / (2 * pos), 12);
    expect(resolveClassWeights(p, { '1': 5 })).toEqual([1, 5]);
    expect(resolveClassWeights(p, 'none')).toBeNull();
    expect(() => resolveClassWeights(p, { yes: 2 })).toThrow(/"yes", not among the classes \(0, 1\)/);
  });

  it('the weighted loss is the mean of weight × per-sample loss', () => {
    const y = tf.tensor2d([[1], [0], [0]]);
    const q = tf.tensor2d([[0.8], [0.3], [0.1]]);
    const bce = (t: number, pr: number) => -(t * Math.log(pr) + (1 - t) * Math.log(1 - pr));
    const hand = (4 * bce(1, 0.8) + 0.5 * bce(0, 0.3) + 0.5 * bce(0, 0.1)) / 3;
    expect(weightedLoss(tf, 'binaryCrossentropy', [0.5, 4], 1)(y, q).dataSync()[0]).toBeCloseTo(hand, 4);
    const y3 = tf.tensor2d([[0, 0, 1], [1, 0, 0]]);
    const q3 = tf.tensor2d([[0.2, 0.2, 0.6], [0.5, 0.25, 0.25]]);
    const hand3 = (3 * -Math.log(0.6) + 2 * -Math.log(0.5)) / 2;
    expect(weightedLoss(tf, 'categoricalCrossentropy', [2, 1, 3], 3)(y3, q3).dataSync()[0]).toBeCloseTo(hand3, 4);
  });

  it('balanced class weights raise the rare-class recall', async () => {
    const p = await rareToy();
    const s: TrainingSettingsInput = { loss: 'binaryCrossentropy', epochs: 25, batchSize: 64, learningRate: 0.05, seed: 4, validationSplit: 0 };
    const plain = await recallAfter(p, s);
    const balanced = await recallAfter(p, { ...s, classWeights: 'balanced' });
    console.log('[h14] rare-class recall (train): unweighted', plain.toFixed(3), 'balanced', balanced.toFixed(3));
    expect(plain).toBeLessThan(0.2);
    expect(balanced).toBeGreaterThan(0.5);
  }, 60_000);
});

describe('a very early best epoch', () => {
  const hist = (vals: number[]) => vals.map((v) => ({ val_loss: v }));

  it('is warned about when the best epoch is ≤ 10 % of the epochs run', () => {
    const noisy = hist([0.5, 0.9, 0.6, 0.8, 0.7, 1.1, 0.9, 1.0, 0.8, 1.2, 0.95, 1.3]);
    const w = earlyBestEpochWarning(noisy, { epoch: 1, value: 0.5 }, 'val_loss')!;
    expect(w).toMatch(/best val_loss came at epoch 1 of 12/);
    expect(w).toMatch(/rose in 6 of 11 epochs and ended 160 % above its best/);
    expect(w).toMatch(/noisy validation loss/);
    expect(earlyBestEpochWarning(noisy, { epoch: 2, value: 0.5 }, 'val_loss')).toBeNull(); // 2 > 10 % of 12
    expect(earlyBestEpochWarning(noisy.slice(0, 9), { epoch: 1, value: 0.5 }, 'val_loss')).toBeNull(); // too few epochs to judge
  });

  it('reaches the run result when early stopping restores an early epoch', async () => {
    const lines = ['t,y'];
    for (let i = 0; i < 300; i++) lines.push(`${i},${(Math.sin(i / 6) * 5 + 10).toFixed(4)}`);
    const p = prepare(await parseCsvText(lines.join('\n')), { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 6 });
    const settings = trainingSettings({ epochs: 50, seed: 3, optimizer: 'sgd', learningRate: 1e-12, earlyStopping: { enabled: true, patience: 10, minDelta: 1 } });
    const doc = fitGraphToData(
      sequential('m', [
        { kind: 'Input', label: 'w', params: { shape: [6, 1], source: 'dataset' } },
        { kind: 'Flatten', label: 'f', params: {} },
        { kind: 'Dense', label: 'out', params: { units: 1 } },
      ]),
      p,
    );
    const { model } = buildModel(tf, doc, settings.seed);
    const r = await train({ tf, model, prepared: p, settings });
    model.dispose();
    expect(r.epochsRun).toBe(11);
    expect(r.best!.epoch).toBe(1);
    expect(r.warnings.join(' ')).toMatch(/best val_loss came at epoch 1 of 11/);
    expect(r.evaluation!.warnings!.join(' ')).toMatch(/epoch 1 of 11/);
    expect(runResult(r, 50).warnings).toEqual(r.warnings);
  }, 60_000);
});
