/**
 * Experiments benchmarks (issue 17), on Seattle weather with a small GRU forecaster on tfjs wasm:
 * - the experiment runner's overhead per trial: a 6-trial grid (no pruning) against training the same
 *   six setups one by one through the same pipeline and recorder (target ≤ 5 %);
 * - the time pruning saves on a 12-trial random sweep (median rule against none), and whether the best
 *   trial stays the same.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tfjs from '@tensorflow/tfjs';
import { openStore } from '../src-main/store/store';
import { localApi } from '../src-main/cli/local-api';
import { loadTf } from '../src-main/cli/commands/tf-node';
import { parseCsvText } from '../src-shared/data/csv';
import { defaultDataPrep } from '../src-shared/data/spec';
import { forecaster } from '../src-shared/templates/forecasters';
import { trainingSettings } from '../src-shared/train/settings';
import { runPipeline, type TfProvider } from '../src-shared/train/pipeline';
import { apiRecorder } from '../src-shared/train/recorder';
import { validateSpec } from '../src-shared/experiments/validate';
import { applyPoint } from '../src-shared/experiments/apply';
import { gridPoint } from '../src-shared/experiments/strategy';
import { runExperiment } from '../src-shared/experiments/runner';
import type { ExperimentSpecInput } from '../src-shared/experiments/spec';
import { report, row } from './lib';

const dir = mkdtempSync(join(tmpdir(), 'll-bench-exp-'));
const store = openStore(join(dir, 'layerloom.db'));
try {
  const { backend, why } = await loadTf('wasm');
  const tfp: TfProvider = { tf: tfjs, ready: async () => ({ backend, reason: why, device: `bench ${backend}` }) };
  const ds = await parseCsvText(readFileSync('resources/samples/seattle-weather.csv', 'utf8'));
  const doc = forecaster('GRU', 14, 1, 1);
  doc.nodes[1]!.params.units = 8;
  const base = {
    doc,
    prep: defaultDataPrep({ task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max'], lookback: 14, dateColumn: 'date' }),
    settings: trainingSettings({ epochs: 4, batchSize: 64, seed: 1 }),
  };
  const api = localApi(store, dir);
  let n = 0;
  const project = async () => (await api.call('projects.create', { name: `bench ${++n}`, document: doc })).id;

  // -- overhead: the same 6 setups, by the runner and one by one --
  const grid: ExperimentSpecInput = { dimensions: [{ training: 'learningRate', values: [0.001, 0.003, 0.01] }, { param: 'gru.units', values: [4, 8] }], strategy: { type: 'grid' }, pruning: { rule: 'none' } };
  const valid = validateSpec(grid, { doc });
  const oneByOne = async (): Promise<number> => {
    const projectId = await project();
    const t0 = performance.now();
    for (let i = 0; i < 6; i++) {
      const a = applyPoint(base, valid.dimensions, gridPoint(valid.dimensions, i)!);
      if (!a.ok) throw new Error(a.reason);
      await runPipeline({ ...a.setup, data: { dataset: ds }, tfp, recorder: apiRecorder(api, { projectId }) });
    }
    return performance.now() - t0;
  };
  const byRunner = async (): Promise<number> => {
    const projectId = await project();
    const t0 = performance.now();
    await runExperiment({ api, projectId, spec: valid, base, dataset: ds, tfp });
    return performance.now() - t0;
  };
  await oneByOne(); // warm-up (wasm kernels, JIT)
  const plain: number[] = [];
  const runner: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    plain.push(await oneByOne());
    runner.push(await byRunner());
  }
  const overhead = runner.map((r, i) => ((r - plain[i]!) / plain[i]!) * 100);

  // -- pruning on a 12-trial random sweep --
  const sweep = (rule: 'none' | 'median'): ExperimentSpecInput => ({
    dimensions: [{ training: 'learningRate', range: { min: 1e-4, max: 3, log: true } }, { param: 'gru.units', values: [4, 8] }],
    strategy: { type: 'random', seed: 11 },
    budget: { trials: 12 },
    pruning: rule === 'none' ? { rule } : { rule, warmupEpochs: 1, minTrials: 2 },
  });
  const timed = async (rule: 'none' | 'median') => {
    const projectId = await project();
    const t0 = performance.now();
    const out = await runExperiment({ api, projectId, spec: validateSpec(sweep(rule), { doc }), base: { ...base, settings: trainingSettings({ ...base.settings, epochs: 8 }) }, dataset: ds, tfp });
    return { ms: performance.now() - t0, out };
  };
  const without = await timed('none');
  const withP = await timed('median');
  const pruned = withP.out.trials.filter((t) => t.status === 'pruned').length;
  report(
    'experiments',
    [
      row('6 trials one by one (pipeline + recorder)', plain.map((x) => x / 1000), 's'),
      row('6 trials through the experiment runner', runner.map((x) => x / 1000), 's'),
      row('runner overhead per trial', overhead, '%', { target: 5 }),
      row('12-trial random sweep, no pruning', [without.ms / 1000], 's'),
      row('12-trial random sweep, median pruning', [withP.ms / 1000], 's', {
        note: `${pruned} pruned, ${withP.out.saved.epochs} epochs cut; best ${withP.out.best?.value?.toPrecision(4)} vs ${without.out.best?.value?.toPrecision(4)} without (same point: ${JSON.stringify(withP.out.best?.point) === JSON.stringify(without.out.best?.point)})`,
      }),
      row('time saved by pruning', [((without.ms - withP.ms) / without.ms) * 100], '%'),
    ],
    { backend, data: 'seattle-weather.csv temp_max, lookback 14', model: 'GRU(4|8) → Dense(1)', epochs: '4 (overhead), 8 (pruning)' },
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
