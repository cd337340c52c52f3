import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseCsvText, type Dataset } from '../../src-shared/data/index';
import { defaultDataPrep } from '../../src-shared/data/spec';
import { sequential } from '../../src-shared/graph/builder';
import { trainingSettings } from '../../src-shared/train/settings';
import type { TfProvider } from '../../src-shared/train/pipeline';
import type { ExperimentDetail } from '../../src-shared/api/experiments';
import type { RunSummary } from '../../src-shared/api/runs';
import { validateSpec } from '../../src-shared/experiments/validate';
import { runExperiment, type ExperimentRunOptions } from '../../src-shared/experiments/runner';
import type { ExperimentSpecInput } from '../../src-shared/experiments/spec';
import { localApi } from '../cli/local-api';
import { useServices, value } from './test-services';

const services = useServices('layerloom-exp-');
const cpu: TfProvider = { tf, ready: async () => ({ backend: 'cpu', reason: 'test', device: 'test cpu' }) };
let ds: Dataset;
const doc = sequential('m', [
  { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
  { kind: 'GRU', label: 'gru_1', params: { units: 4 } },
  { kind: 'Dense', label: 'out', params: { units: 1 } },
]);
const base = {
  doc,
  prep: defaultDataPrep({ task: 'regression', mode: 'sequence', targets: ['y'], features: ['y'], lookback: 4, windowTransform: 'level' }),
  settings: trainingSettings({ epochs: 5, batchSize: 16, seed: 7, shuffle: false }),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  const lines = ['t,y'];
  for (let i = 0; i < 160; i++) lines.push(`${i},${(Math.sin(i / 5) * 3 + 4).toFixed(3)}`);
  ds = await parseCsvText(lines.join('\n'));
});

let projects = 0;
async function setup(spec: ExperimentSpecInput, extra: Partial<ExperimentRunOptions> = {}) {
  const api = localApi(services.store, services.dir);
  const project = await api.call('projects.create', { name: `p${++projects}`, document: doc });
  const opts: ExperimentRunOptions = { api, projectId: project.id, spec: validateSpec(spec, { doc }), base, dataset: ds, tfp: cpu, ...extra };
  return { api, project, opts };
}

describe('experiment runner', () => {
  it('records every trial as an ordinary run tagged with the experiment and its point; an invalid point is a failed trial and the sweep goes on', async () => {
    const { api, project, opts } = await setup({ name: 'units', dimensions: [{ param: 'gru_1.units', values: [2, 0, 3] }], strategy: { type: 'grid' }, budget: { trials: 10 }, pruning: { rule: 'none' } });
    const out = await runExperiment(opts);
    expect(out.status).toBe('finished'); // the grid ran out before the budget
    expect(out.trials.map((t) => [t.point['gru_1.units'], t.status])).toEqual([
      [2, 'completed'],
      [0, 'failed'],
      [3, 'completed'],
    ]);
    expect(out.trials[1]!.reason).toMatch(/^the graph is invalid at this point: .*units/i);
    expect(out.trials[1]!.runId).toBeNull();
    const runs = await api.call('runs.list', { projectId: project.id });
    expect(runs.map((r: RunSummary) => r.name).sort()).toEqual(['units #1: gru_1.units=2', 'units #3: gru_1.units=3']);
    const trial = out.trials[2]!;
    const run = await api.call('runs.get', { id: trial.runId! });
    expect((run.graph as typeof doc).nodes.find((n) => n.label === 'gru_1')!.params.units).toBe(3);
    expect(trial.curve).toHaveLength(5);
    expect(trial.value).toBe(Math.min(...(trial.curve as number[])));
    const stored = value<ExperimentDetail>(await services.call('experiments.get', { id: out.experimentId }));
    expect(stored.trialRecords).toEqual(out.trials);
    expect(stored.status).toBe('finished');
  });

  it('prunes a planted bad trial (learning rate 10) early', async () => {
    const { opts } = await setup({
      name: 'lr',
      dimensions: [{ training: 'learningRate', values: [0.01, 0.02, 0.03, 10] }],
      strategy: { type: 'grid' },
      pruning: { rule: 'median', warmupEpochs: 1, minTrials: 2 },
    });
    const out = await runExperiment(opts);
    const bad = out.trials[3]!;
    expect(bad.point['training.learningRate']).toBe(10);
    expect(bad.status).toBe('pruned');
    expect(bad.epochs).toBeLessThan(bad.epochsPlanned);
    expect(bad.reason).toMatch(/^Pruned by the experiment: pruned at epoch \d: best so far .* is worse than the median/);
    expect(out.trials.slice(0, 3).every((t) => t.status === 'completed' && t.epochs === 5)).toBe(true);
    expect(out.saved.epochs).toBe(bad.epochsPlanned - bad.epochs);
    expect(out.saved.seconds).toBeGreaterThan(0);
  });

  it('finds the same best trial on a small deterministic grid with and without pruning', async () => {
    const spec = (rule: 'none' | 'median'): ExperimentSpecInput => ({
      dimensions: [
        { param: 'gru_1.units', values: [2, 6] },
        { training: 'learningRate', values: [0.001, 0.03, 3] },
      ],
      strategy: { type: 'grid' },
      pruning: rule === 'none' ? { rule } : { rule, warmupEpochs: 1, minTrials: 2 },
    });
    const a = await runExperiment((await setup(spec('none'))).opts);
    const b = await runExperiment((await setup(spec('median'))).opts);
    expect(b.trials.some((t) => t.status === 'pruned')).toBe(true);
    expect(b.best!.point).toEqual(a.best!.point);
    expect(b.best!.value).toBe(a.best!.value);
  });

  it('resumes after a stop (or crash) at the trial in flight, asking the strategy for the same points', async () => {
    const spec: ExperimentSpecInput = { dimensions: [{ training: 'learningRate', range: { min: 1e-3, max: 1e-1, log: true } }], strategy: { type: 'random', seed: 3 }, budget: { trials: 4 }, pruning: { rule: 'none' } };
    const whole = await runExperiment((await setup(spec)).opts);
    let epochs = 0;
    const { opts } = await setup(spec, { shouldStop: () => epochs >= 12, onEpoch: () => void epochs++ }); // stops inside trial 3
    const first = await runExperiment(opts);
    expect(first.status).toBe('stopped');
    expect(first.trials.map((t) => t.trial)).toEqual([0, 1]);
    const resumed = await runExperiment({ ...opts, shouldStop: () => false, experimentId: first.experimentId });
    expect(resumed.status).toBe('finished');
    expect(resumed.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3]);
    expect(resumed.trials.map((t) => t.point)).toEqual(whole.trials.map((t) => t.point));
    expect(resumed.trials.map((t) => t.value)).toEqual(whole.trials.map((t) => t.value));
  });
});

describe('experiments API', () => {
  it('refuses a bad spec, a second record of the same trial and a run of another project, saying where', async () => {
    const api = localApi(services.store, services.dir);
    const p = await api.call('projects.create', { name: 'p', document: doc });
    const bad = await services.call('experiments.create', { projectId: p.id, spec: { dimensions: [] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('at least one dimension') } });
    const e = await api.call('experiments.create', { projectId: p.id, spec: validateSpec({ dimensions: [{ param: 'gru_1.units', values: [2] }] }, { doc }).spec });
    const rec = { experimentId: e.id, trial: 0, point: { 'gru_1.units': 2 }, runId: null, status: 'failed', value: null, epochs: 0, epochsPlanned: 5, seconds: 0, curve: [], reason: 'x' };
    expect(value(await services.call('experiments.recordTrial', rec))).toEqual({ recorded: true });
    expect(await services.call('experiments.recordTrial', rec)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Trial 0') } });
    const other = await api.call('projects.create', { name: 'q', document: doc });
    const run = await api.call('runs.start', { projectId: other.id, graph: doc, dataPrep: base.prep, settings: base.settings, backend: 'cpu', device: 'x' });
    expect(await services.call('experiments.recordTrial', { ...rec, trial: 1, runId: run.id })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('another project') } });
  });
});
