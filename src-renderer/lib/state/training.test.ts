import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { addNode } from '@shared/graph/index';
import { sequential } from '@shared/graph/builder';
import type { Dataset } from '@shared/data/index';
import { createAppState, type AppState } from '../context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../testing/fake-api';
import { project, sineDataset, sinePrep, uid, windowModel } from '../testing/fixtures';
import { FakeWorker, installFakeWorker } from '../testing/fake-worker';
import { checkTrainRequest } from '../../workers/train-messages';

const ID = uid(1);
let ds: Dataset;
beforeAll(async () => {
  ds = await sineDataset();
});
let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(document = windowModel()): AppState & { fake: FakeApi } {
  const fake = new FakeApi();
  const store = fakeProjectStore(fake, [project({ id: ID, document })]);
  const app = createAppState(fake, memoryStorage());
  stop = app.data.follow();
  app.editor.load(store.get(ID)!);
  app.training.open(ID, undefined);
  return { ...app, fake };
}

function prepareData({ data }: AppState, prep = sinePrep(), dataset = ds): void {
  data.dataset = dataset;
  data.datasetId = 'ds';
  data.prep = prep;
  flushSync();
}

describe('training state: why Start is refused', () => {
  it('without prepared data', () => {
    const app = setup();
    expect(app.training.refusal).toBe('No data is prepared: choose a dataset and a target column in the Data tab.');
  });

  it('when the data cannot be prepared, with the data core’s reason', () => {
    const app = setup();
    prepareData(app, { ...sinePrep(), targets: [] });
    expect(app.training.refusal).toBe('The data cannot be prepared: Pick the column to predict: tick “Target” in the table.');
  });

  it('when the graph has errors (before anything about the data)', () => {
    const app = setup();
    app.editor.execute(addNode({ id: 'loose', kind: 'Dense', label: 'loose', params: {}, position: { x: 0, y: 0 } }));
    expect(app.training.refusal).toBe('The graph has 1 error; fix it in the canvas before training.');
    prepareData(app);
    expect(app.training.refusal).toBe('The graph has 1 error; fix it in the canvas before training.');
  });

  it('when the model’s output does not fit the target', () => {
    const app = setup(
      sequential('m', [
        { kind: 'Input', label: 'window', params: { shape: [4, 2], source: 'dataset' } },
        { kind: 'Flatten', label: 'flat', params: {} },
        { kind: 'Dense', label: 'out', params: { units: 3 } },
      ]),
    );
    prepareData(app);
    expect(app.training.refusal).toBe('The output has 3 units but there is 1 target: use Dense(1) for the target "y".');
  });

  it('not at all when the model fits the prepared data', () => {
    const app = setup();
    prepareData(app);
    expect(app.training.refusal).toBeNull();
  });

  it('a refused Start shows the reason and starts nothing', async () => {
    const app = setup();
    await app.training.start();
    expect(app.training.phase).toBe('idle');
    expect(app.toasts.items.map((t) => [t.kind, t.text])).toEqual([['error', 'No data is prepared: choose a dataset and a target column in the Data tab.']]);
    expect(app.fake.calls.filter((c) => c.method.startsWith('runs.'))).toEqual([]);
  });

  it('warns (without refusing) about long windows on WebGL', async () => {
    const app = setup();
    prepareData(app, { ...sinePrep(), lookback: 101 }, await sineDataset(1000));
    expect(app.data.prepared?.ok).toBe(true);
    expect(app.training.warning).toMatch(/^A window of 101 steps is slow on WebGL/);
    app.training.update({ backend: 'wasm' });
    expect(app.training.warning).toBeNull();
  });
});

describe('training state: the worker’s messages', () => {
  afterEach(() => void vi.unstubAllGlobals());

  async function started(): Promise<{ app: AppState & { fake: FakeApi }; worker: FakeWorker }> {
    installFakeWorker();
    const app = setup();
    prepareData(app);
    await app.training.start();
    return { app, worker: FakeWorker.last() };
  }

  it('sends the worker a start request its schema accepts, and follows well-formed progress', async () => {
    const { app, worker } = await started();
    expect(app.training.phase).toBe('starting');
    expect(worker.posted).toHaveLength(1);
    expect(checkTrainRequest(worker.posted[0])).toMatchObject({ ok: true });
    worker.reply({ type: 'batch', info: { epoch: 1, batch: 2, batches: 5, epochs: 10, loss: 0.25, metrics: {}, tMs: 30 } });
    expect([app.training.epoch, app.training.batch, app.training.batches]).toEqual([1, 2, 5]);
    expect(app.training.batchLoss).toEqual([0.25]);
    app.training.stop();
    expect(worker.posted.at(-1)).toEqual({ type: 'stop' });
  });

  it('a malformed reply stops the run with an error naming the field, instead of being acted on', async () => {
    const { app, worker } = await started();
    worker.reply({ type: 'batch', info: { epoch: 1, batch: 2, batches: 5, epochs: 10, loss: '0.25', metrics: {}, tMs: 30 } });
    await expect.poll(() => app.training.phase).toBe('finished');
    const reason = 'Malformed message from the training worker: info.loss: must be a number. Training was stopped.';
    expect(app.training.outcome).toEqual({ status: 'failed', reason, evaluation: null });
    expect(app.training.batchLoss).toEqual([]);
    expect(worker.terminated).toBe(true);
    expect(app.toasts.items.map((t) => t.text)).toContain(reason);
  });
});
