import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvText, prepare, type Dataset, type DataPrep } from '../data/index';
import { defaultDataPrep } from '../data/spec';
import { sequential } from '../graph/builder';
import type { TfModule } from '../layers/types';
import { trainingSettings } from './settings';
import { runPipeline, type Recorder, type TfProvider } from './pipeline';

/** Every recorder call, in order (an in-memory stand-in for the API or the CLI's dispatch). */
function fakeRecorder() {
  const calls: { op: keyof Recorder; arg: unknown }[] = [];
  const rec: Recorder = {
    start: (arg) => void calls.push({ op: 'start', arg }),
    backend: (arg) => void calls.push({ op: 'backend', arg }),
    metrics: (arg) => void calls.push({ op: 'metrics', arg }),
    finish: (arg) => void calls.push({ op: 'finish', arg }),
    fail: (arg) => void calls.push({ op: 'fail', arg }),
  };
  return { rec, calls, ops: () => calls.map((c) => c.op) };
}

const cpu = (t: TfModule = tf): TfProvider => ({ tf: t, ready: async () => ({ backend: 'cpu', reason: 'test', device: 'test cpu' }) });

let ds: Dataset;
const prep: DataPrep = defaultDataPrep({ datasetId: 'ds', task: 'regression', mode: 'sequence', targets: ['y'], features: ['y', 'x'], lookback: 4 });
const graph = () =>
  sequential('m', [
    { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
    { kind: 'Flatten', label: 'flat', params: {} },
    { kind: 'Dense', label: 'out', params: { units: 1 } },
  ]);
const settings = trainingSettings({ epochs: 2, batchSize: 16, seed: 7, metrics: ['mae'] });

beforeAll(async () => {
  await tf.setBackend('cpu');
  const lines = ['t,y,x'];
  for (let i = 0; i < 120; i++) lines.push(`${i},${(Math.sin(i / 5) * 3 + 4).toFixed(3)},${Math.cos(i / 5).toFixed(3)}`);
  ds = await parseCsvText(lines.join('\n'));
});

describe('training pipeline', () => {
  it('builds the model with the settings the backend imposes (e.g. reference layers where fused ones cannot run)', async () => {
    const { rec } = fakeRecorder();
    const tfp: TfProvider = { tf, ready: async () => ({ backend: 'cpu', reason: 'test', device: 'test cpu', settings: { batchSize: 4 } }) };
    const out = await runPipeline({ doc: graph(), prep, data: { dataset: ds }, settings, tfp, recorder: rec });
    expect(out.status === 'completed' ? out.settings.batchSize : null).toBe(4);
  });

  it('records start, backend, metrics and finish, in that order, for a run on the cpu backend', async () => {
    const { rec, calls, ops } = fakeRecorder();
    const out = await runPipeline({ doc: graph(), prep, data: { dataset: ds }, settings, tfp: cpu(), recorder: rec });
    expect(out.status).toBe('completed');
    const o = ops();
    expect(o[0]).toBe('start');
    expect(o[1]).toBe('backend');
    expect(o.at(-1)).toBe('finish');
    expect(o.slice(2, -1).every((x) => x === 'metrics')).toBe(true);
    expect(o).not.toContain('fail');
    // the run's graph follows the data; its seed is recorded
    const start = calls[0]!.arg as { graph: { nodes: { kind: string; params: { shape?: number[] } }[] }; settings: { seed: number }; dataPrep: DataPrep };
    expect(start.graph.nodes.find((n) => n.kind === 'Input')!.params.shape).toEqual([4, 2]);
    expect(start.settings.seed).toBe(7);
    expect(start.dataPrep).toEqual(prep);
    const rows = calls.filter((c) => c.op === 'metrics').flatMap((c) => c.arg as { epoch: number; batch: number | null; name: string }[]);
    for (const epoch of [1, 2]) expect(rows.filter((r) => r.epoch === epoch && r.batch === null && !/^(test|baseline)_/.test(r.name)).map((r) => r.name).sort()).toEqual(['loss', 'lr', 'mae', 'val_loss', 'val_mae']);
    expect(rows.filter((r) => r.batch !== null).length).toBeGreaterThan(2);
    expect(rows.map((r) => r.name)).toContain('test_mae');
    expect(rows.map((r) => r.name)).toContain('baseline_mae');
    const end = calls.at(-1)!.arg as { status: string; artifacts: { kind: string }[]; result: { epochsRun: number; params: number } };
    expect(end.status).toBe('completed');
    expect(end.artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['weights-final', 'preprocessing']));
    expect(end.result.epochsRun).toBe(2);
    expect(end.result.params).toBe(9);
  });

  it('a model that does not build is recorded as failed with the reason', async () => {
    const { rec, calls, ops } = fakeRecorder();
    const broken = { ...tf, model: () => { throw new Error('no model for you'); } } as unknown as TfModule;
    const out = await runPipeline({ doc: graph(), prep, data: { dataset: ds }, settings, tfp: cpu(broken), recorder: rec });
    expect(out.status).toBe('failed');
    expect(out.reason).toBe('The model could not be built: no model for you');
    expect(ops()).toEqual(['start', 'backend', 'fail']);
    expect(calls.at(-1)!.arg).toBe('The model could not be built: no model for you');
  });

  it('refuses data that cannot be prepared and a graph that does not fit, recording nothing', async () => {
    const { rec, calls } = fakeRecorder();
    const noData = await runPipeline({ doc: graph(), prep: { ...prep, lookback: 500 }, data: { dataset: ds }, settings, tfp: cpu(), recorder: rec });
    expect(noData).toMatchObject({ status: 'refused', stage: 'prepare' });
    const misfit = sequential('m', [
      { kind: 'Input', label: 'window', params: { shape: [1, 1], source: 'dataset' } },
      { kind: 'Flatten', label: 'flat', params: {} },
      { kind: 'Dense', label: 'out', params: { units: 3 } },
    ]);
    const bad = await runPipeline({ doc: misfit, prep, data: { dataset: ds }, settings, tfp: cpu(), recorder: rec });
    expect(bad).toMatchObject({ status: 'refused', stage: 'graph' });
    expect(bad.reason).toMatch(/3 units/);
    expect(calls).toEqual([]);
  });

  it('trains on data prepared by the host without preparing it again, and records a stop as stopped', async () => {
    const { rec, ops, calls } = fakeRecorder();
    const prepared = prepare(ds, prep);
    let batches = 0;
    const out = await runPipeline({
      doc: graph(),
      prep,
      data: { prepared },
      settings,
      tfp: cpu(),
      recorder: rec,
      onBatch: () => void batches++,
      shouldStop: () => batches >= 2,
    });
    expect(out.status).toBe('stopped');
    expect(out.prepared).toBe(prepared);
    expect(ops().at(-1)).toBe('finish');
    expect((calls.at(-1)!.arg as { reason: string }).reason).toMatch(/Stopped by the user in epoch 1/);
  });
});

describe('one pipeline: the hosts run it instead of repeating its steps', () => {
  const src = (path: string): string => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
  it('the app (UI thread and worker) and the CLI call runPipeline and keep no copy of prepare, fit, build-and-train or record', () => {
    const worker = src('src-renderer/workers/train.worker.ts');
    const ui = src('src-renderer/lib/state/training.svelte.ts');
    const cli = src('src-main/cli/commands/train.ts');
    expect(worker).toMatch(/runPipeline\(/);
    expect(cli).toMatch(/runPipeline\(/);
    // the dataset is prepared once, by the Data tab: neither the UI's start nor the worker decodes or prepares it again
    for (const s of [worker, ui]) expect(s).not.toMatch(/\b(deserializeDataset|serializeDataset|prepare)\(/);
    for (const s of [worker, ui, cli]) expect(s).not.toMatch(/\b(train|runArtifacts|runResult|batchRows|epochRows|evaluationRows|ensureSeed)\(/);
    for (const s of [worker, cli]) expect(s).not.toMatch(/\b(fitGraphToData|graphProblem)\(/);
  });

  it('several forecast steps: a Dense(1) head is fitted to one unit per step; the evaluation has an error per step and H-step paths', async () => {
    const { rec } = fakeRecorder();
    const steps = defaultDataPrep({ ...prep, horizonSteps: [1, 2, 3] });
    const out = await runPipeline({ doc: graph(), prep: steps, data: { dataset: ds }, settings, tfp: cpu(), recorder: rec });
    expect(out.status).toBe('completed');
    const ev = out.status === 'completed' || out.status === 'stopped' ? out.evaluation! : null;
    expect(ev!.byStep!.map((e) => [e.name, e.step])).toEqual([
      ['y t+1', 1],
      ['y t+2', 2],
      ['y t+3', 3],
    ]);
    for (const e of ev!.byStep!) expect(Object.keys(e.baselines)).toEqual(expect.arrayContaining(['persistence', 'training-mean']));
    expect(ev!.paths!.length).toBeGreaterThan(1);
    expect(ev!.paths!.every((p) => p.actual.length === 3 && p.predicted.length === 3 && /^sample \d+$/.test(p.label))).toBe(true);
  });
});
