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

  it('a run stopped mid-epoch shows the epochs it completed, in the table and in Compare alike', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const other = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    const run = await value<RunSummary>(call('runs.start', { projectId: p.id, graph: forecaster('LSTM'), dataPrep: null, settings: trainingSettings({ epochs: 5 }) }));
    await value(
      call('runs.appendMetrics', {
        runId: run.id,
        rows: [
          { epoch: 1, batch: null, name: 'loss', value: 2, tMs: 10 },
          { epoch: 1, batch: null, name: 'val_loss', value: 3, tMs: 10 },
          { epoch: 2, batch: null, name: 'partial_loss', value: 1.5, tMs: 15 }, // Stop in epoch 2
        ],
      }),
    );
    // The loop's summary counts the epoch it was stopped in.
    const result = { epochsRun: 2, epochs: 5, monitor: 'val_loss', bestEpoch: 1, finalLogs: {}, evaluation: null };
    await value(call('runs.finish', { runId: run.id, status: 'stopped', result, artifacts: [] }));
    const row = (await value<RunTableRow[]>(call('runs.table', { projectId: p.id }))).find((r) => r.id === run.id)!;
    const cmp = await value<RunComparison>(call('runs.compare', { ids: [other.id, run.id] }));
    expect(row.epochs).toBe(1);
    expect(cmp.runs[1]!.epochs).toBe(row.epochs);
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

describe('stored values that do not fit (issue 12)', () => {
  it('refuses a result or an evaluation that later reads could not use', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const run = await value<RunSummary>(call('runs.start', { projectId: p.id, graph: forecaster('GRU'), dataPrep: {}, settings: trainingSettings({}) }));
    const bad = [{ evaluation: {} }, { epochsRun: 'many' }, { epochsRun: 1, epochs: 1, monitor: 'loss', bestEpoch: null, finalLogs: { loss: 'x' }, evaluation: null }];
    for (const result of bad) {
      const e = await failure(call('runs.finish', { runId: run.id, status: 'completed', result, artifacts: [] }));
      expect(e.code).toBe('bad_request');
      expect(e.message).toMatch(/^runs\.finish: "result\./);
    }
    const a = await trainedRun(p.id, 'GRU', 0.01, 2, 1);
    const ok = (await import('../../src-shared/eval/run-evaluation')).runEvaluationSchema;
    const report = {
      version: 1, createdAt: 'now', source: { kind: 'test', name: 't' }, task: 'regression', samples: 1, weights: null, classification: null,
      regression: { model: { n: 1, mae: 1, rmse: 1, mape: null, mapeSkipped: 0, r2: null }, baselineName: 'b', baseline: { n: 1, mae: 1, rmse: 1, mape: null, mapeSkipped: 0, r2: null }, byOutput: [], residuals: { edges: [0, 1], counts: [1], skipped: 0 }, series: { name: 't', position: [0], actual: [1], predicted: [1], baseline: [1], stride: 1 } },
    };
    expect(ok.safeParse(report).success).toBe(true);
    const stringSeries = { ...report, regression: { ...report.regression, series: 'a string' } };
    const e = await failure(call('runs.saveEvaluation', { id: a.id, evaluation: stringSeries }));
    expect(e.message).toMatch(/not an evaluation report: regression\.series/);
    const noSection = { ...report, regression: null };
    expect((await failure(call('runs.saveEvaluation', { id: a.id, evaluation: noSection }))).message).toMatch(/regression a regression report needs this section/);
  });

  it('lists a project whose stored rows are damaged, and reports the damaged rows', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    const a = await trainedRun(p.id, 'GRU', 0.01, 3, 2);
    const b = await trainedRun(p.id, 'LSTM', 0.01, 3, 2);
    const c = await trainedRun(p.id, 'GRU', 0.001, 3, 2);
    // planted behind the API's back: what an older version, a hand edit or a damaged disk can leave
    const summaryOf = (id: string) => JSON.parse((store.db.prepare('SELECT summary FROM runs WHERE id = ?').get(id) as { summary: string }).summary);
    store.db.prepare('UPDATE runs SET summary = ? WHERE id = ?').run(JSON.stringify({ ...summaryOf(a.id), evaluation: {} }), a.id);
    store.db.prepare('UPDATE runs SET summary = ?, graph = ? WHERE id = ?').run('{not json', '[[[', b.id);
    store.db.prepare("INSERT INTO artifacts (id, run_id, kind, meta, data, created_at) VALUES ('x', ?, 'evaluation', '{broken', NULL, 'now')").run(c.id);

    const table = await value<RunTableRow[]>(call('runs.table', { projectId: p.id }));
    expect(table.map((r) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const row = (id: string) => table.find((r) => r.id === id)!;
    expect(row(a.id).damaged).toMatch(/the result does not have the expected form at evaluation/);
    expect(row(a.id).test).toBeNull();
    expect(row(b.id).damaged).toMatch(/the result is not valid JSON.*the graph snapshot is not valid JSON/);
    expect(row(c.id).damaged).toBeUndefined();
    expect(row(c.id).test).toEqual({ name: 'mae', value: 1.5, baseline: 2.5 });

    const list = await value<RunSummary[]>(call('runs.list', { projectId: p.id }));
    expect(list.find((r) => r.id === a.id)).toMatchObject({ result: null, damaged: expect.stringMatching(/the result/) });
    expect(list.find((r) => r.id === c.id)!.damaged).toBeUndefined();
    const got = await value<RunSummary & { graph: unknown }>(call('runs.get', { id: b.id }));
    expect(got.graph).toBeNull();
    expect(got.damaged).toMatch(/graph snapshot/);

    const cmp = await value<RunComparison>(call('runs.compare', { ids: [a.id, b.id, c.id] }));
    expect(cmp.runs.map((r) => Boolean(r.damaged))).toEqual([true, true, false]);
    expect(await value<RunEvaluation[]>(call('runs.evaluations', { id: c.id }))).toEqual([]);
    expect((await value<unknown[]>(call('exports.runs', { projectId: p.id })))).toEqual([]);
  });

  it('opens a project whose stored document is damaged, saying so', async () => {
    const p = await value<Project>(call('projects.create', { name: 'P' }));
    store.db.prepare('UPDATE projects SET document = ? WHERE id = ?').run('{"nodes": [', p.id);
    const got = await value<Project>(call('projects.get', { id: p.id }));
    expect(got.document).toBeNull();
    expect(got.damaged).toMatch(/the model is not valid JSON/);
    expect((await value<{ id: string }[]>(call('projects.list', {}))).map((x) => x.id)).toEqual([p.id]);
  });
});
