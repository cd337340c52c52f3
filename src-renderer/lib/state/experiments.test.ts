import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { Dataset } from '@shared/data/index';
import type { ExperimentSummary } from '@shared/api/experiments';
import { experimentSpecSchema } from '@shared/experiments/spec';
import { createAppState, type AppState } from '../context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../testing/fake-api';
import { project, sineDataset, sinePrep, uid, windowModel } from '../testing/fixtures';
import { FakeWorker, installFakeWorker } from '../testing/fake-worker';
import { checkExperimentRequest } from '../../workers/experiment-messages';

const ID = uid(1);
const EXP = uid(7);
let ds: Dataset;
beforeAll(async () => {
  ds = await sineDataset();
});
let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  vi.unstubAllGlobals();
});

const spec = { name: 'sweep', dimensions: [{ param: 'out.units', values: [1, 2] }], strategy: { type: 'random' as const, seed: 1 }, budget: { trials: 2 } };
const summary = (status: ExperimentSummary['status'], trials = 1): ExperimentSummary => ({
  id: EXP,
  projectId: ID,
  name: 'sweep',
  spec: experimentSpecSchema.parse(spec),
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  trials,
});

function setup(list: ExperimentSummary[] = []): AppState & { fake: FakeApi } {
  installFakeWorker();
  const fake = new FakeApi();
  const store = fakeProjectStore(fake, [project({ id: ID, document: windowModel() })]);
  fake.handle('experiments.list', () => list);
  fake.handle('experiments.get', ({ id }) => ({ ...(list.find((e) => e.id === id) ?? summary('running', 0)), trialRecords: [] }));
  fake.handle('experiments.create', () => summary('running', 0));
  const app = createAppState(fake, memoryStorage());
  stop = app.data.follow();
  app.editor.load(store.get(ID)!);
  app.training.open(ID, undefined);
  app.data.dataset = ds;
  app.data.datasetId = 'ds';
  app.data.prep = sinePrep();
  flushSync();
  return { ...app, fake };
}

describe('experiments state', () => {
  it('a spec with problems starts nothing and keeps each problem by field', async () => {
    const app = setup();
    app.experiments.open(ID);
    expect(app.experiments.start({ ...spec, dimensions: [{ param: 'out.unitz', values: [1] }], budget: { trials: 0 } })).toBe(false);
    expect(FakeWorker.instances.length).toBe(0);
    expect(Object.keys(app.experiments.problems).sort()).toEqual(['budget.trials', 'dimensions[0]']);
    expect(app.experiments.problems['dimensions[0]']![0]).toMatch(/Dense "out" has no param "unitz"/);
  });

  it("starts the worker with a request its schema accepts, makes the worker's API calls and posts the answers back", async () => {
    const app = setup();
    app.experiments.open(ID);
    expect(app.experiments.start(spec)).toBe(true);
    const w = FakeWorker.last();
    const req = w.posted[0];
    expect(checkExperimentRequest(req)).toMatchObject({ ok: true });
    expect(req).toMatchObject({ type: 'start', projectId: ID, dataset: ds });
    expect(app.experiments.busy).toBe(true);
    w.reply({ type: 'api', id: 0, method: 'experiments.create', params: { projectId: ID, spec } });
    await expect.poll(() => w.posted.length).toBe(2);
    expect(w.posted[1]).toMatchObject({ type: 'apiReply', id: 0, ok: true, value: { id: EXP } });
    expect(app.experiments.runningId).toBe(EXP);
    // an API call that fails goes back as an error the runner sees
    w.reply({ type: 'api', id: 1, method: 'runs.get', params: { id: 'nope' } });
    await expect.poll(() => w.posted.length).toBe(3);
    expect(w.posted[2]).toMatchObject({ type: 'apiReply', id: 1, ok: false });
    w.reply({ type: 'trialStart', trial: 0, point: { 'out.units': 2 } });
    expect(app.experiments.current).toMatchObject({ trial: 0, point: { 'out.units': 2 } });
    app.experiments.stop();
    expect(w.posted.at(-1)).toEqual({ type: 'stop' });
    expect(app.experiments.phase).toBe('stopping');
    w.reply({ type: 'done', experimentId: EXP, status: 'stopped' });
    expect(app.experiments.phase).toBe('idle');
    expect(w.terminated).toBe(true);
  });

  it('offers stopped experiments and ones left running by a closed window for resuming, and resumes with the experiment id', async () => {
    const app = setup([summary('stopped'), { ...summary('finished'), id: uid(8) }, { ...summary('running'), id: uid(9) }]);
    app.experiments.open(ID);
    await expect.poll(() => app.experiments.list.length).toBe(3);
    expect(app.experiments.resumable.map((e) => e.id)).toEqual([EXP, uid(9)]);
    expect(await app.experiments.resume(EXP)).toBe(true);
    const req = FakeWorker.last().posted[0];
    expect(req).toMatchObject({ type: 'start', experimentId: EXP });
    // the one this window runs is not offered again
    expect(app.experiments.resumable.map((e) => e.id)).toEqual([uid(9)]);
  });

  it('a malformed message from the worker ends the experiment with an error naming the field', () => {
    const app = setup();
    app.experiments.open(ID);
    app.experiments.start(spec);
    FakeWorker.last().reply({ type: 'trial', record: { trial: 0 } });
    expect(app.experiments.phase).toBe('idle');
    expect(app.experiments.error).toMatch(/^Malformed message from the experiment worker: record\.point/);
  });
});
