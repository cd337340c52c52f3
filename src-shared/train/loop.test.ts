import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseCsvText, prepare, type PreparedData } from '../data/index';
import { sequential } from '../graph/builder';
import { buildModel, fitGraphToData, graphProblem, train, trainingSettings, encodeSnapshot, loadWeights, snapshotWeights, NAN_ADVICE, type TrainingSettingsInput } from './index';

/** A noisy sine series with a second feature; 400 rows, deterministic. */
async function sineData(): Promise<PreparedData> {
  const lines = ['t,y,x'];
  for (let i = 0; i < 400; i++) lines.push(`${i},${(Math.sin(i / 6) * 5 + 10 + Math.sin(i * 12.9898) * 0.3).toFixed(4)},${Math.cos(i / 6).toFixed(4)}`);
  const ds = await parseCsvText(lines.join('\n'));
  return prepare(ds, { task: 'regression', mode: 'sequence', targets: ['y'], features: ['y', 'x'], dateColumn: undefined, lookback: 8, horizon: 1 });
}

function graph(units = 8, kind: 'GRU' | 'Dense' = 'GRU') {
  return kind === 'GRU'
    ? sequential('m', [
        { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
        { kind: 'GRU', label: 'gru', params: { units } },
        { kind: 'Dense', label: 'out', params: { units: 1 } },
      ])
    : sequential('m', [
        { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
        { kind: 'Flatten', label: 'flat', params: {} },
        { kind: 'Dense', label: 'hidden', params: { units } },
        { kind: 'Dense', label: 'out', params: { units: 1 } },
      ]);
}

async function run(p: PreparedData, s: TrainingSettingsInput, extra: Partial<Parameters<typeof train>[0]> = {}, kind: 'GRU' | 'Dense' = 'Dense') {
  const settings = trainingSettings(s);
  const doc = fitGraphToData(graph(8, kind), p);
  const { model } = buildModel(tf, doc, settings.seed);
  const losses: number[] = [];
  const r = await train({ tf, model, prepared: p, settings, onBatch: (b) => void losses.push(b.loss), ...extra });
  return { r, losses, model };
}

describe('training loop', () => {
  it('fits the data to the graph and refuses a graph whose output does not fit', async () => {
    const p = await sineData();
    expect(graphProblem(fitGraphToData(graph(), p), p)).toBeNull();
    const bad = sequential('m', [
      { kind: 'Input', label: 'window', params: { shape: [8, 2], source: 'dataset' } },
      { kind: 'GRU', label: 'gru', params: { units: 4 } },
      { kind: 'Dense', label: 'out', params: { units: 6 } },
    ]);
    expect(graphProblem(fitGraphToData(bad, p), p)).toMatch(/6 units but there is 1 target/);
    // the only Input follows the data even with a typed shape; with two Inputs only "dataset" ones do
    const manual = sequential('m', [
      { kind: 'Input', label: 'window', params: { shape: [5, 2], source: 'manual' } },
      { kind: 'GRU', label: 'gru', params: { units: 4 } },
      { kind: 'Dense', label: 'out', params: { units: 1 } },
    ]);
    expect(graphProblem(fitGraphToData(manual, p), p)).toBeNull();
    expect(graphProblem(manual, p)).toMatch(/\[5, 2\].*\[8, 2\]/);
    const sigmoid = sequential('m', [
      { kind: 'Input', label: 'window', params: { shape: [8, 2], source: 'dataset' } },
      { kind: 'GRU', label: 'gru', params: { units: 4 } },
      { kind: 'Dense', label: 'out', params: { units: 1, activation: 'sigmoid' } },
    ]);
    expect(graphProblem(sigmoid, p)).toMatch(/activation is sigmoid/);
  });

  it('gives the same loss curve for the same seed, and another one for another seed', async () => {
    const p = await sineData();
    const s = { epochs: 2, batchSize: 32, seed: 7, optimizer: 'adam' as const, learningRate: 0.01 };
    const a = await run(p, s, {}, 'GRU');
    const b = await run(p, s, {}, 'GRU');
    const c = await run(p, { ...s, seed: 8 }, {}, 'GRU');
    expect(a.losses.length).toBeGreaterThan(10);
    expect(b.losses).toEqual(a.losses);
    expect(c.losses).not.toEqual(a.losses);
    expect(a.r.status).toBe('completed');
  });

  it('learns: validation loss falls and the model beats persistence on the test split', async () => {
    const p = await sineData();
    const { r } = await run(p, { epochs: 30, batchSize: 16, seed: 1, learningRate: 0.01 });
    expect(r.history.at(-1)!.val_loss!).toBeLessThan(r.history[0]!.val_loss!);
    expect(r.evaluation!.samples).toBe(p.splits.test.length);
    // the persistence baseline is one of several now; "beats the baseline" is judged against the best of them
    const persistence = r.evaluation!.baselines!.find((b) => b.key === 'persistence')!;
    expect(persistence.name).toMatch(/persistence/);
    expect(r.evaluation!.metrics.mae!).toBeLessThan(persistence.metrics.mae!);
    const best = Math.min(...r.evaluation!.baselines!.map((b) => b.metrics.mae!));
    expect(r.evaluation!.baseline!.metrics.mae).toBe(best);
    expect(r.evaluation!.beatsBaseline).toBe(r.evaluation!.metrics.mae! < best);
  });

  it('stops early when the monitored loss stops improving and restores the best weights', async () => {
    const p = await sineData();
    // A learning rate of 0 never improves after epoch 1.
    const { r, model } = await run(p, { epochs: 50, seed: 3, optimizer: 'sgd', learningRate: 1e-12, earlyStopping: { enabled: true, patience: 2, minDelta: 1 } });
    expect(r.status).toBe('completed');
    expect(r.epochsRun).toBe(3);
    expect(r.reason).toMatch(/Early stopping after epoch 3: val_loss did not improve for 2 epochs/);
    expect(r.best!.epoch).toBe(1);
    const w = await snapshotWeights(model, 0);
    expect(w.weights.map((x) => Array.from(x.values))).toEqual(r.bestWeights!.weights.map((x) => Array.from(x.values)));
  });

  it('fails on a NaN loss and says what to try', async () => {
    const p = await sineData();
    const { r } = await run(p, { epochs: 5, seed: 1, optimizer: 'sgd', learningRate: 10 });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/loss became (NaN|infinite)/);
    expect(r.reason).toContain(NAN_ADVICE);
    expect(r.evaluation).toBeNull();
  });

  it('Stop ends after the current batch and keeps the weights trained so far', async () => {
    const p = await sineData();
    let batches = 0;
    const { r, model } = await run(p, { epochs: 10, seed: 2, batchSize: 16, learningRate: 0.01 }, { shouldStop: () => ++batches >= 5, onBatch: () => undefined });
    expect(r.status).toBe('stopped');
    expect(r.epochsRun).toBe(1);
    expect(r.reason).toMatch(/after 5 of \d+ batches/);
    const fresh = buildModel(tf, fitGraphToData(graph(8, 'Dense'), p), 2).model;
    const trained = (await snapshotWeights(model, 1)).weights[0]!.values;
    const initial = (await snapshotWeights(fresh, 0)).weights[0]!.values;
    expect(Array.from(trained)).not.toEqual(Array.from(initial));
    expect(Array.from(r.finalWeights.weights[0]!.values)).toEqual(Array.from(trained));
    expect(r.evaluation).not.toBeNull();
  });

  it('clips gradients to the global norm', async () => {
    const p = await sineData();
    const deltaNorm = async (clipNorm?: number): Promise<number> => {
      const settings = trainingSettings({ epochs: 1, batchSize: 65_536, seed: 5, optimizer: 'sgd', learningRate: 1, shuffle: false, ...(clipNorm ? { clipNorm } : {}) });
      const { model } = buildModel(tf, fitGraphToData(graph(8, 'Dense'), p), 5);
      const before = await snapshotWeights(model, 0);
      await train({ tf, model, prepared: p, settings });
      const after = await snapshotWeights(model, 1);
      let ss = 0;
      before.weights.forEach((w, i) => w.values.forEach((v, j) => (ss += (after.weights[i]!.values[j]! - v) ** 2)));
      return Math.sqrt(ss);
    };
    const free = await deltaNorm();
    const clipped = await deltaNorm(0.01);
    expect(free).toBeGreaterThan(0.05);
    expect(clipped).toBeCloseTo(0.01, 4);
  });

  it('reduces the learning rate on a plateau', async () => {
    const p = await sineData();
    const { r } = await run(p, { epochs: 4, seed: 1, optimizer: 'sgd', learningRate: 1e-12, earlyStopping: { minDelta: 1 }, reduceLrOnPlateau: { enabled: true, patience: 1, factor: 0.5, minLr: 0 } });
    expect(r.history.map((h) => h.lr)).toEqual([1e-12, 1e-12, 5e-13, 2.5e-13]);
  });

  it('leaks no tensors: the count after epoch 2 equals the count after epoch 20', async () => {
    const p = await sineData();
    const counts = new Map<number, number>();
    await run(p, { epochs: 20, seed: 1, batchSize: 64, metrics: ['mae'], clipNorm: 1, reduceLrOnPlateau: { enabled: true } }, { onEpoch: (e) => void counts.set(e.epoch, tf.memory().numTensors) }, 'GRU');
    expect(counts.get(2)).toBe(counts.get(20));
  });

  it('stores weights that load back into a model rebuilt from the graph', async () => {
    const p = await sineData();
    const { r, model } = await run(p, { epochs: 2, seed: 4 }, {}, 'GRU');
    const enc = encodeSnapshot(r.finalWeights);
    const ref = await tf.io.encodeWeights(model.weights.map((w) => ({ name: (w as unknown as { originalName: string }).originalName, tensor: w.read() })));
    expect(Buffer.from(enc.data)).toEqual(Buffer.from(new Uint8Array(ref.data)));
    expect(enc.meta.weightSpecs.map((w) => w.name)).toEqual(ref.specs.map((w) => w.name));
    const rebuilt = buildModel(tf, fitGraphToData(graph(8, 'GRU'), p), 99).model;
    loadWeights(tf, rebuilt, JSON.parse(JSON.stringify(enc.meta)), enc.data);
    const x = tf.ones([1, 8, 2]);
    expect(Array.from((rebuilt.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('classification: accuracy metric, cross-entropy loss and the majority-class baseline', async () => {
    const lines = ['t,x,up'];
    for (let i = 0; i < 400; i++) lines.push(`${i},${Math.sin(i / 6).toFixed(4)},${Math.cos(i / 6) > 0 ? 'yes' : 'no'}`);
    const p = prepare(await parseCsvText(lines.join('\n')), { task: 'binary', mode: 'sequence', targets: ['up'], features: ['x'], lookback: 6 });
    const doc = fitGraphToData(
      sequential('c', [
        { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
        { kind: 'Flatten', label: 'flat', params: {} },
        { kind: 'Dense', label: 'hidden', params: { units: 16, activation: 'relu' } },
        { kind: 'Dense', label: 'out', params: { units: 1, activation: 'sigmoid' } },
      ]),
      p,
    );
    expect(graphProblem(doc, p)).toBeNull();
    const settings = trainingSettings({ epochs: 40, seed: 1, batchSize: 16, learningRate: 0.01, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const r = await train({ tf, model: buildModel(tf, doc, 1).model, prepared: p, settings });
    expect(r.status).toBe('completed');
    expect(r.history.at(-1)!.val_accuracy).toBeGreaterThan(0.9);
    expect(r.evaluation!.baseline!.name).toBe('majority class');
    expect(r.evaluation!.metrics.accuracy).toBeGreaterThan(r.evaluation!.baseline!.metrics.accuracy!);
  });
});
