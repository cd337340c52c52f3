import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { Project } from '../../src-shared/api/projects';
import type { MetricRow, RunSummary } from '../../src-shared/api/runs';
import type { RunComparison, RunTableRow } from '../../src-shared/api/run-analysis';
import type { RunEvaluation } from '../../src-shared/eval/run-evaluation';
import { trainingSettings } from '../../src-shared/train/settings';
import { forecaster } from '../../src-shared/templates/forecasters';

let dir: string;
let store: Store;
let call: (method: unknown, args: unknown) => ReturnType<typeof dispatch>;
const ctx: HandlerContext = { emit: () => undefined };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-run-analysis-'));
  store = openStore(join(dir, 'layerloom.db'));
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: join(dir, 'resources') });
  call = (m, a) => dispatch(handlers, m, a, ctx);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const value = async <T>(p: ReturnType<typeof call>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};
const failure = async (p: ReturnType<typeof call>): Promise<{ code: string; message: string }> => {
  const r = await p;
  if (r.ok) throw new Error('expected a failure');
  return r.error;
};

/** A finished run with `epochs` epochs of loss/val_loss/mae/val_mae; val_loss lowest at `bestAt`. */
async function trainedRun(projectId: string, kind: 'GRU' | 'LSTM', lr: number, epochs: number, bestAt: number): Promise<RunSummary> {
  const run = await value<RunSummary>(
    call('runs.start', { projectId, graph: forecaster(kind), dataPrep: { task: 'regression', targets: ['t'], lookback: 24 }, settings: trainingSettings({ learningRate: lr, epochs }), backend: 'cpu' }),
  );
  const rows: MetricRow[] = [];
  for (let e = 1; e <= epochs; e++) {
    const t = e * (kind === 'GRU' ? 100 : 150);
    rows.push({ epoch: e, batch: 0, name: 'loss', value: 9, tMs: t - 50 }); // batch rows must not count as epochs
    rows.push({ epoch: e, batch: null, name: 'loss', value: 1 / e, tMs: t });
    rows.push({ epoch: e, batch: null, name: 'val_loss', value: Math.abs(e - bestAt) + 0.5, tMs: t });
    rows.push({ epoch: e, batch: null, name: 'mae', value: 2 / e, tMs: t });
    rows.push({ epoch: e, batch: null, name: 'val_mae', value: 3 / e, tMs: t });
  }
  // What the training loop writes at the end: one-off test/baseline scores, not curves.
  rows.push({ epoch: epochs, batch: null, name: 'test_mae', value: 1.5, tMs: epochs * 200 });
  rows.push({ epoch: epochs, batch: null, name: 'baseline_mae', value: 2.5, tMs: epochs * 200 });
  await value(call('runs.appendMetrics', { runId: run.id, rows }));
  const result = {
    epochsRun: epochs,
    epochs,
    monitor: 'val_loss',
    bestEpoch: bestAt,
    finalLogs: {},
    evaluation: { split: 'test', samples: 10, loss: 0.1, metrics: { mae: 1.5, rmse: 2 }, baseline: { name: 'persistence', metrics: { mae: 2.5, rmse: 3 } }, beatsBaseline: true },
    params: kind === 'GRU' ? 13_254 : 17_286,
  };
  return value<RunSummary>(call('runs.finish', { runId: run.id, status: 'completed', result, artifacts: [] }));
}

describe('runs table', () => {
  it('lists runs newest first with number, key settings, epochs (end-of-epoch only), best val_loss and test metric', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 5, 3);
    await new Promise((r) => setTimeout(r, 5));
    const b = await trainedRun(p.id, 'LSTM', 0.001, 4, 2);
    const rows = await value<RunTableRow[]>(call('runs.table', { projectId: p.id }));
    expect(rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(rows.map((r) => r.number)).toEqual([2, 1]);
    const ra = rows[1]!;
    expect(ra).toMatchObject({ status: 'completed', backend: 'cpu', model: 'GRU → Dense', params: 13_254, epochs: 5, evaluated: false, note: null });
    expect(ra.settings).toMatchObject({ optimizer: 'adam', learningRate: 0.01, epochs: 5, loss: 'mse' });
    expect(ra.best).toEqual({ name: 'val_loss', value: 0.5, epoch: 3 });
    expect(ra.test).toEqual({ name: 'mae', value: 1.5, baseline: 2.5 });
    expect(ra.durationMs).toBeGreaterThanOrEqual(0);
    expect(rows[0]!.best).toEqual({ name: 'val_loss', value: 0.5, epoch: 2 });
  });

  it('a run still running (no summary yet) gets its epochs and best value from its own rows', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const run = await value<RunSummary>(call('runs.start', { projectId: p.id, graph: forecaster('GRU'), dataPrep: null, settings: trainingSettings({}) }));
    await value(
      call('runs.appendMetrics', {
        runId: run.id,
        rows: [
          { epoch: 1, batch: null, name: 'loss', value: 2, tMs: 10 },
          { epoch: 2, batch: null, name: 'loss', value: 1, tMs: 20 },
          { epoch: 3, batch: 0, name: 'loss', value: 0.1, tMs: 25 },
        ],
      }),
    );
    const row = (await value<RunTableRow[]>(call('runs.table', { projectId: p.id })))[0]!;
    expect(row).toMatchObject({ status: 'running', epochs: 2, best: { name: 'loss', value: 1, epoch: 2 }, test: null, params: null });
  });

  it('rename and note persist; empty values clear them; unknown ids are not_found', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    await value(call('runs.rename', { id: a.id, name: '  wider GRU ' }));
    await value(call('runs.setNote', { id: a.id, note: 'lr too high?' }));
    let row = (await value<RunTableRow[]>(call('runs.table', { projectId: p.id })))[0]!;
    expect(row).toMatchObject({ name: 'wider GRU', note: 'lr too high?' });
    await value(call('runs.rename', { id: a.id, name: '' }));
    await value(call('runs.setNote', { id: a.id, note: '  ' }));
    row = (await value<RunTableRow[]>(call('runs.table', { projectId: p.id })))[0]!;
    expect(row).toMatchObject({ name: null, note: null });
    expect((await failure(call('runs.rename', { id: '00000000-0000-0000-0000-000000000000', name: 'x' }))).code).toBe('not_found');
    expect((await failure(call('runs.rename', { id: a.id, name: 'bad\u0007name' }))).code).toBe('bad_request');
  });
});

describe('compare runs', () => {
  it('aligned curves per metric with train and validation series, settings and graph diffs, final metrics', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 5, 3);
    const b = await trainedRun(p.id, 'LSTM', 0.001, 3, 2);
    const c = await value<RunComparison>(call('runs.compare', { ids: [a.id, b.id] }));
    expect(c.runs.map((r) => r.label)).toEqual(['Run 1', 'Run 2']);
    expect(c.runs[0]).toMatchObject({ epochs: 5, params: 13_254, msPerEpoch: 100, final: { loss: 1 / 5, val_mae: 3 / 5 } });
    expect(c.runs[1]!.msPerEpoch).toBe(150);
    expect(Object.keys(c.runs[0]!.final).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    expect(c.curves.map((x) => x.metric)).toEqual(['loss', 'mae']);
    const loss = c.curves[0]!;
    expect(loss.aligned.labels).toEqual(['Run 1 · train', 'Run 1 · validation', 'Run 2 · train', 'Run 2 · validation']);
    expect(loss.aligned.x).toEqual([1, 2, 3, 4, 5]);
    expect(loss.aligned.ys[2]).toEqual([1, 1 / 2, 1 / 3, null, null]);
    expect(loss.validation).toEqual([false, true, false, true]);
    expect(c.settings).toEqual([
      { path: 'epochs', values: [5, 3] },
      { path: 'learningRate', values: [0.01, 0.001] },
    ]);
    expect(c.dataPrep).toEqual([]);
    expect(c.graphs).toHaveLength(1);
    expect(c.graphs[0]!.diff.changed[0]).toMatchObject({ before: { kind: 'GRU' }, after: { kind: 'LSTM' } });
    const byTime = await value<RunComparison>(call('runs.compare', { ids: [a.id, b.id], by: 'time' }));
    expect(byTime.curves[0]!.aligned.x).toEqual([0.1, 0.15, 0.2, 0.3, 0.4, 0.45, 0.5]);
  });

  it('refuses 1 run, 11 runs, duplicates and deleted runs', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    expect((await failure(call('runs.compare', { ids: [a.id] }))).message).toMatch(/at least 2/);
    expect((await failure(call('runs.compare', { ids: Array(11).fill(a.id) }))).message).toMatch(/at most 10/);
    expect((await failure(call('runs.compare', { ids: [a.id, a.id] }))).message).toMatch(/twice/);
    const b = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    await value(call('runs.delete', { id: b.id }));
    expect((await failure(call('runs.compare', { ids: [a.id, b.id] }))).code).toBe('not_found');
  });
});

describe('stored evaluations', () => {
  const report = (mae: number, source: RunEvaluation['source']): RunEvaluation => ({
    version: 1,
    createdAt: new Date().toISOString(),
    source,
    task: 'regression',
    samples: 3,
    weights: { kind: 'weights-best', epoch: 2 },
    regression: {
      model: { n: 3, mae, rmse: mae, mape: null, mapeSkipped: 0, r2: 0.5 },
      baselineName: 'persistence (last value)',
      baseline: { n: 3, mae: 9, rmse: 9, mape: null, mapeSkipped: 0, r2: 0 },
      byOutput: [],
      residuals: { edges: [0, 1], counts: [3], skipped: 0 },
      series: { name: 't', position: [0, 1, 2], actual: [1, 2, 3], predicted: [1, 2, 4], baseline: [0, 1, 2], stride: 1 },
    },
    classification: null,
  });

  it('saves, replaces per source, shows in the table, and disappears with the run (cascade)', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    await value(call('runs.saveEvaluation', { id: a.id, evaluation: report(1, { kind: 'test', name: 'test split' }) }));
    await value(call('runs.saveEvaluation', { id: a.id, evaluation: report(2, { kind: 'test', name: 'test split' }) }));
    await value(call('runs.saveEvaluation', { id: a.id, evaluation: report(3, { kind: 'dataset', datasetId: 'x', name: 'other.csv' }) }));
    const list = await value<RunEvaluation[]>(call('runs.evaluations', { id: a.id }));
    expect(list.map((e) => e.regression!.model.mae).sort()).toEqual([2, 3]);
    expect((await value<RunTableRow[]>(call('runs.table', { projectId: p.id })))[0]!.evaluated).toBe(true);
    await value(call('runs.delete', { id: a.id }));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM artifacts').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM metrics').get()).toEqual({ n: 0 });
    expect(await value<RunTableRow[]>(call('runs.table', { projectId: p.id }))).toEqual([]);
  });

  it('refuses something that is not an evaluation report', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    const e = await failure(call('runs.saveEvaluation', { id: a.id, evaluation: { version: 7 } }));
    expect(e.code).toBe('bad_request');
    expect(e.message).toMatch(/not an evaluation report/);
    expect(await value<RunEvaluation[]>(call('runs.evaluations', { id: a.id }))).toEqual([]);
  });
});
