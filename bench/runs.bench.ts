/**
 * Runs benchmarks: a store with 1,000 runs of 200 epochs each (loss, val_loss, mae, val_mae per epoch:
 * 800,000 metric rows), then the Runs tab's table query (target < 100 ms), an overlay of 10 runs
 * (runs.compare: fetch, align and decimate the curves, diffs; target < 200 ms) and the database size.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src-main/store/store';
import { createHandlers } from '../src-main/services/index';
import { dispatch } from '../src-shared/api/dispatch';
import { forecaster } from '../src-shared/templates/forecasters';
import { trainingSettings } from '../src-shared/train/settings';
import { alignSeries, type Series } from '../src-shared/runs/align';
import { report, row, timeRuns } from './lib';

const RUNS = 1000;
const EPOCHS = 200;
const dir = mkdtempSync(join(tmpdir(), 'll-bench-runs-'));
const file = join(dir, 'layerloom.db');
const store = openStore(file);
const handlers = createHandlers({ store, host: 'web', version: 'bench', dataDir: dir, resourcesDir: dir });
const call = async (m: string, a: unknown): Promise<unknown> => {
  const r = await dispatch(handlers, m, a, { emit: () => undefined });
  if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
  return r.value;
};

try {
  const project = (await call('projects.create', { name: 'Bench' })) as { id: string };
  const t0 = performance.now();
  const db = store.db;
  const insRun = db.prepare(
    `INSERT INTO runs (id, project_id, name, status, graph, data_prep, settings, backend, device, started_at, ended_at, updated_at, summary)
     VALUES (?, ?, NULL, 'completed', ?, ?, ?, 'wasm', 'bench', ?, ?, ?, ?)`,
  );
  const insMetric = db.prepare('INSERT INTO metrics (run_id, epoch, batch, name, value, t_ms) VALUES (?, ?, NULL, ?, ?, ?)');
  const kinds = ['GRU', 'LSTM', 'SimpleRNN'] as const;
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      ids.push(id);
      const kind = kinds[i % 3]!;
      const start = Date.UTC(2026, 0, 1) + i * 60_000;
      const msPerEpoch = 80 + (i % 7) * 10;
      const lr = [0.01, 0.003, 0.001][i % 3]!;
      const summary = {
        epochsRun: EPOCHS,
        epochs: EPOCHS,
        monitor: 'val_loss',
        bestEpoch: 150,
        finalLogs: { loss: 0.1, val_loss: 0.2 },
        evaluation: { split: 'test', samples: 200, loss: 0.2, metrics: { mae: 1 + (i % 10) / 10, rmse: 2 }, baseline: { name: 'persistence', metrics: { mae: 2, rmse: 3 } }, beatsBaseline: true },
        params: 13_000 + (i % 3) * 4000,
      };
      insRun.run(
        id,
        project.id,
        JSON.stringify(forecaster(kind)),
        JSON.stringify({ task: 'regression', targets: ['temp_max'], features: ['temp_max', 'wind'], lookback: 24, horizon: 1 }),
        JSON.stringify(trainingSettings({ learningRate: lr, epochs: EPOCHS })),
        new Date(start).toISOString(),
        new Date(start + EPOCHS * msPerEpoch).toISOString(),
        new Date(start + EPOCHS * msPerEpoch).toISOString(),
        JSON.stringify(summary),
      );
      for (let e = 1; e <= EPOCHS; e++) {
        const t = e * msPerEpoch;
        const noise = Math.sin(e * 1.7 + i) * 0.01;
        insMetric.run(id, e, 'loss', 1 / Math.sqrt(e) + noise, t);
        insMetric.run(id, e, 'val_loss', 1.1 / Math.sqrt(e) + Math.abs(e - 150) / 2000 + noise, t);
        insMetric.run(id, e, 'mae', 2 / Math.sqrt(e) + noise, t);
        insMetric.run(id, e, 'val_mae', 2.2 / Math.sqrt(e) + noise, t);
      }
    }
  })();
  const fillMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

  const tableSamples = await timeRuns(async () => {
    const rows = (await call('runs.table', { projectId: project.id })) as unknown[];
    if (rows.length !== RUNS) throw new Error(`runs.table returned ${rows.length} rows`);
  });
  const listSamples = await timeRuns(async () => {
    const rows = (await call('runs.list', { projectId: project.id })) as unknown[];
    if (rows.length !== RUNS) throw new Error(`runs.list returned ${rows.length} rows`);
  }, 5, 1);
  const ten = ids.filter((_, i) => i % 97 === 0).slice(0, 10);
  const compareSamples = await timeRuns(async () => {
    const c = (await call('runs.compare', { ids: ten, maxPoints: 500 })) as { curves: { aligned: { ys: unknown[] } }[] };
    if (c.curves[0]!.aligned.ys.length !== 20) throw new Error('expected 20 loss series');
  });
  // The alignment alone on already-fetched curves (what a toggle epoch/time costs in the UI).
  const series: Series[] = ten.flatMap((id) =>
    ['loss', 'val_loss'].map((name) => ({
      label: `${id} ${name}`,
      points: (db.prepare('SELECT epoch, t_ms AS t, value FROM metrics WHERE run_id = ? AND name = ? AND batch IS NULL ORDER BY epoch').all(id, name) as { epoch: number; t: number; value: number }[]),
    })),
  );
  const alignSamples = await timeRuns(() => alignSeries(series, 'time', 100));

  report(
    'runs',
    [
      row('runs table (runs.table, 1,000 runs)', tableSamples, 'ms', { target: 100 }),
      row('runs.list (recording API, 1,000 runs)', listSamples, 'ms', { note: 'the training API list with epoch counts; the Runs tab uses runs.table' }),
      row('overlay of 10 runs (runs.compare: fetch + align + decimate + diffs)', compareSamples, 'ms', { target: 200 }),
      row('align 20 series by time, decimate to 100 points', alignSamples, 'ms'),
      { name: 'database size', median: size / 1024 / 1024, unit: 'MiB', runs: 1, note: `${RUNS} runs × ${EPOCHS} epochs × 4 metrics = ${RUNS * EPOCHS * 4} metric rows; filled in ${fillMs.toFixed(0)} ms` },
    ],
    { runs: RUNS, epochs: EPOCHS, metricRows: RUNS * EPOCHS * 4, dbBytes: size },
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
