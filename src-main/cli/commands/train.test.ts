import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, ROOT as root, runCli, templateProject } from '../../../scripts/cli-bundle.mjs';
import Database from 'better-sqlite3';
import { openStore } from '../../store/store';
import { runsRepo } from '../../store/runs-repo';
import { artifactsRepo } from '../../store/artifacts-repo';

let cli: string;
const seattle = join(root, 'resources/samples/seattle-weather.csv');
let dir: string;

/** The CLI bundled as scripts/build-node.mjs bundles it, so the test needs no full build. */
beforeAll(async () => {
  cli = await bundleCli('test-train');
  ({ dir } = templateProject(cli, 'train'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trainArgs = (dataDir: string, ...extra: string[]) => [cli, 'train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--lookback', '14', '--horizon', '1', '--data-dir', dataDir, ...extra];

describe('layerloom train', () => {
  it('trains the GRU forecaster template with its defaults and beats the persistence baseline on test MAE', () => {
    const dataDir = join(dir, 'beat');
    const r = spawnSync(process.execPath, trainArgs(dataDir, '--seed', '1', '--json'), { encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      runId: string;
      status: string;
      epochsRun: number;
      backend: string;
      test: { mae: number; samples: number };
      baseline: { name: string; mae: number };
      baselines: { key: string; name: string; mae: number }[];
      beatsBaseline: boolean;
    };
    expect(s.status).toBe('completed');
    expect(s.backend).toBe('wasm');
    // every baseline is listed; "beatsBaseline" is judged against the best of them
    expect(s.baselines.map((b) => b.key)).toEqual(['persistence', 'seasonal-naive', 'training-mean', 'linear-ar']);
    const persistence = s.baselines.find((b) => b.key === 'persistence')!;
    expect(persistence.name).toMatch(/persistence/);
    expect(s.test.samples).toBeGreaterThan(150);
    expect(s.test.mae).toBeLessThan(persistence.mae);
    expect(s.baseline.mae).toBe(Math.min(...s.baselines.map((b) => b.mae)));
    expect(s.beatsBaseline).toBe(s.test.mae < s.baseline.mae);
    expect(r.stderr).toMatch(/epoch 1\/\d+ +loss/);
    // the run, its metrics and artifacts are in the database
    const store = openStore(join(dataDir, 'layerloom.db'));
    try {
      const run = runsRepo(store.db).get(s.runId)!;
      expect(run.status).toBe('completed');
      expect(run.epochsLogged).toBe(s.epochsRun);
      expect(run.result!.evaluation!.metrics.mae).toBeCloseTo(s.test.mae, 6);
      const w = artifactsRepo(store.db).weights(s.runId, 'final')!;
      expect(w.data.byteLength).toBe(w.meta.weightSpecs.reduce((n, x) => n + 4 * x.shape.reduce((a, b) => a * b, 1), 0));
      expect(artifactsRepo(store.db).preprocessing(s.runId)!.featureNames).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    } finally {
      store.close();
    }
    const list = runCli(cli, ['runs', 'list', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(s.runId.slice(0, 8));
    expect(list.stdout).toMatch(/completed .* wasm/);
  }, 180_000);

  it('the printed summary lists every baseline and judges the model against the best one', () => {
    const r = spawnSync(process.execPath, trainArgs(join(dir, 'printed'), '--seed', '2', '--epochs', '2'), { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const name of [/Baseline, persistence \(last value\)(?: \(best\))?: mae \S+ {2}rmse \S+ {2}mase \S+/, /Baseline, seasonal naive \(period 7\)/, /Baseline, training mean/, /Baseline, linear autoregression \(ridge on the 14-step window\)/])
      expect(r.stdout).toMatch(name);
    expect(r.stdout.match(/\(best\)/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/→ the model (beats|does NOT beat) the best baseline \(/);
  }, 150_000);

  it('killed mid-run: the database is intact, the run is marked interrupted on next open with every finished epoch kept', async () => {
    const dataDir = join(dir, 'kill');
    const child = spawn(process.execPath, trainArgs(dataDir, '--epochs', '40', '--seed', '3'), { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no second epoch reported:\n${err}`)), 120_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/^epoch 2\//m.test(err)) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          res();
        }
      });
      child.on('exit', () => rej(new Error(`exited early:\n${err}`)));
    });
    await new Promise((r) => child.once('close', r));
    const file = join(dataDir, 'layerloom.db');
    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.prepare("SELECT status FROM runs").pluck().all()).toEqual(['running']);
    raw.close();
    const store = openStore(file);
    try {
      const [run] = runsRepo(store.db).listAll();
      expect(run!.status).toBe('interrupted');
      expect(run!.reason).toMatch(/ended before it finished/);
      expect(run!.epochsLogged).toBeGreaterThanOrEqual(2);
      const rows = runsRepo(store.db).metrics(run!.id, true);
      for (const epoch of [1, 2]) expect(rows.filter((r) => r.epoch === epoch).map((r) => r.name).sort()).toEqual(['loss', 'lr', 'mae', 'val_loss', 'val_mae']);
    } finally {
      store.close();
    }
  }, 150_000);

  it('refuses unusable input with the reason before training, recording nothing', () => {
    const dataDir = join(dir, 'bad');
    const unknown = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_maxx', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no column "temp_maxx" in the CSV \(columns: date, precipitation/);
    const long = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--lookback', '5000', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(long.status).toBe(2);
    expect(long.stderr).toMatch(/window/i);
    const badEpochs = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--data-dir', dataDir, '--epochs', 'x'], { encoding: 'utf8' });
    expect(badEpochs.status).toBe(2);
    expect(badEpochs.stderr).toMatch(/--epochs must be a whole number/);
    const badRecurrent = runCli(cli, ['train', join(dir, 'gru.loom.json'), '--data', seattle, '--target', 'temp_max', '--data-dir', dataDir, '--recurrent', 'fast'], { encoding: 'utf8' });
    expect(badRecurrent.status).toBe(2);
    expect(badRecurrent.stderr).toMatch(/--recurrent must be fused .* or reference .*, not "fast"/);
    // a binary classifier's sigmoid output on a regression target: the graph does not fit the data (exit 1)
    const clf = join(dir, 'clf.loom.json');
    expect(runCli(cli, ['new', '--template', 'binary-sequence-classifier', '--out', clf], { encoding: 'utf8' }).status).toBe(0);
    const misfit = runCli(cli, ['train', clf, '--data', seattle, '--target', 'temp_max', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(misfit.status, misfit.stderr).toBe(1);
    expect(misfit.stderr).toMatch(/activation is sigmoid; a regression target/);
    const list = runCli(cli, ['runs', 'list', '--data-dir', dataDir, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
