import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, ROOT as root, runCli, templateProject } from '../../../scripts/cli-bundle.mjs';
import Database from 'better-sqlite3';
import type { TrialRecord } from '../../../src-shared/api/experiments';

let cli: string;
const seattle = join(root, 'resources/samples/seattle-weather.csv');
let dir: string;

/** The CLI bundled as scripts/build-node.mjs bundles it, so the test needs no full build. */
beforeAll(async () => {
  cli = await bundleCli('test-sweep');
  ({ dir } = templateProject(cli, 'sweep'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sweep = (specFile: string, dataDir: string, ...extra: string[]) =>
  runCli(cli, ['sweep', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--spec', specFile, '--epochs', '2', '--data-dir', dataDir, ...extra], {
    encoding: 'utf8',
    timeout: 170_000,
  });

interface Summary {
  experimentId: string;
  status: string;
  trials: TrialRecord[];
  best: TrialRecord | null;
  database: string;
}

describe('layerloom sweep', () => {
  it('runs a tiny random sweep, records each trial as a run tagged with the experiment, and resumes to a larger budget', () => {
    const spec = join(dir, 'sweep.json');
    writeFileSync(spec, JSON.stringify({ name: 'tiny', dimensions: [{ param: 'gru.units', values: [2, 3] }, { data: 'lookback', values: [7, 10] }], strategy: { type: 'random', seed: 5 }, pruning: { rule: 'none' } }));
    const dataDir = join(dir, 'data');
    const r = sweep(spec, dataDir, '--trials', '2', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.status).toBe('finished');
    expect(s.trials.map((t) => [t.trial, t.status, t.epochs])).toEqual([
      [0, 'completed', 2],
      [1, 'completed', 2],
    ]);
    expect(s.best!.value).toBe(Math.min(...s.trials.map((t) => t.value!)));
    expect(r.stderr).toMatch(/trial 1: gru\.units=\d, data\.lookback=\d+/);

    const more = sweep(spec, dataDir, '--trials', '3', '--resume', s.experimentId, '--json');
    expect(more.status, more.stderr).toBe(0);
    const s2 = JSON.parse(more.stdout) as Summary;
    expect(s2.experimentId).toBe(s.experimentId);
    expect(s2.trials.map((t) => t.trial)).toEqual([0, 1, 2]);
    expect(s2.trials.slice(0, 2)).toEqual(s.trials);

    // every trial is an ordinary run in the app's database, with the point's values in its snapshot
    const db = new Database(s.database, { readonly: true });
    try {
      const rows = db.prepare('SELECT t.trial, t.point, r.graph, r.data_prep, r.status FROM experiment_trials t JOIN runs r ON r.id = t.run_id WHERE t.experiment_id = ? ORDER BY t.trial').all(s.experimentId) as {
        point: string;
        graph: string;
        data_prep: string;
        status: string;
      }[];
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        const point = JSON.parse(row.point) as Record<string, number>;
        const graph = JSON.parse(row.graph) as { nodes: { label: string; params: { units?: number } }[] };
        expect(graph.nodes.find((n) => n.label === 'gru')!.params.units).toBe(point['gru.units']);
        expect((JSON.parse(row.data_prep) as { lookback: number }).lookback).toBe(point['data.lookback']);
        expect(row.status).toBe('completed');
      }
    } finally {
      db.close();
    }
  }, 200_000);

  it('refuses a spec pointing at a layer that does not exist before training anything', () => {
    const spec = join(dir, 'bad.json');
    writeFileSync(spec, JSON.stringify({ dimensions: [{ param: 'lstm.units', values: [2] }], budget: { trials: 0 } }));
    const dataDir = join(dir, 'bad');
    const r = sweep(spec, dataDir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json: The experiment spec cannot run:');
    expect(r.stderr).toContain('dimensions[0] (lstm.units): no layer called "lstm" (layers: window, gru, forecast)');
    expect(r.stderr).toContain('budget.trials: must be at least 1 (got 0)');
    expect(r.stdout).toBe('');
  });

  it('--export-python writes the Optuna study on the Keras export without training, and refuses what it cannot sweep', () => {
    const spec = join(dir, 'py.json');
    writeFileSync(spec, JSON.stringify({ dimensions: [{ param: 'gru.units', values: [2, 3] }], strategy: { type: 'random', seed: 2 } }));
    const out = join(dir, 'study.py');
    const r = runCli(cli, ['sweep', join(dir, 'gru.loom.json'), '--spec', spec, '--export-python', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('next to model.py');
    const py = readFileSync(out, 'utf8');
    expect(py).toContain('"gru.units": {"GRU": ("values", [{"units": 2}, {"units": 3}])}');
    expect(py).toContain('optuna.samplers.RandomSampler(seed=2)');

    writeFileSync(spec, JSON.stringify({ dimensions: [{ data: 'normalization', values: ['zscore', 'none'] }] }));
    const bad = runCli(cli, ['sweep', join(dir, 'gru.loom.json'), '--spec', spec, '--export-python', join(dir, 'no.py')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('data.normalization: the Python study keeps the exported preprocessing statistics');
  });

  it('--help describes the command', () => {
    const r = runCli(cli, ['sweep', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('layerloom sweep <file.loom.json> --data <file.csv> --spec <sweep.json>');
  });
});
