/**
 * The run's Predict with a category column, through the services the app calls: the dataset is stored
 * and its day_of_week column set to category (datasets.setColumnType), the run is recorded
 * (runs.start / runs.finish), then Predict loads the run like the Predict tab (runs.get, runs.artifact)
 * and predicts for pasted rows holding the raw columns the user knows (day_of_week=3, not one-hot columns).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { DatasetData, DatasetInfo } from '../../src-shared/api/datasets';
import type { Project } from '../../src-shared/api/projects';
import type { Artifact, Run, RunSummary } from '../../src-shared/api/runs';
import { compileToTfjs } from '../../src-shared/compiler/to-tfjs';
import { buildBatch, defaultDataPrep, denormalizeTargets, deserializeDataset, parseCsvText, prepare, serializeDataset } from '../../src-shared/data/index';
import { recordColumnType } from '../../src-shared/data/prep-columns';
import { predictCsvText } from '../../src-shared/eval/predict-rows';
import { prepareLikeRun } from '../../src-shared/eval/reprepare';
import { encodeModelWeights } from '../../src-shared/export/index';
import { graphOf, parseDocument } from '../../src-shared/graph/index';
import { preprocessingMeta, preprocessingMetaSchema } from '../../src-shared/train/artifacts';
import { trainingSettingsSchema } from '../../src-shared/train/settings';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';

let dir: string;
let store: Store;
let call: (method: unknown, args: unknown) => ReturnType<typeof dispatch>;
const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-predict-'));
  store = openStore(join(dir, 'layerloom.db'));
  const ctx: HandlerContext = { emit: () => {} };
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: join(dir, 'resources') });
  call = (m, a) => dispatch(handlers, m, a, ctx);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const LINES = ['date,day_of_week,load,demand'];
for (let i = 0; i < 80; i++) LINES.push(`${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${(i % 7) + 1},${(i * 17) % 23},${10 + ((i * 7) % 13)}`);
const CSV = LINES.join('\n') + '\n';

describe('Predict with a category column', () => {
  it('takes the raw day_of_week values and gives the model\'s predictions for the run\'s windows', async () => {
    const project = value<Project>(await call('projects.create', { name: 'Demand' }));
    const { meta, blobs } = serializeDataset(await parseCsvText(CSV));
    const info = value<DatasetInfo>(await call('datasets.create', { name: 'demand.csv', projectId: project.id, meta, blobs }));
    value(await call('datasets.setColumnType', { id: info.id, column: 'day_of_week', type: 'category' }));
    const loadedDs = value<DatasetData>(await call('datasets.load', { id: info.id }));
    const ds = deserializeDataset(loadedDs.meta, loadedDs.blobs);
    let prep = defaultDataPrep({ datasetId: info.id, task: 'regression', targets: ['demand'], features: ['day_of_week', 'load'], dateColumn: 'date', lookback: 5 });
    prep = recordColumnType(prep, ds, 'day_of_week', 'category');
    const p = prepare(ds, prep);
    expect(p.featureNames).toEqual(['day_of_week=1', 'day_of_week=2', 'day_of_week=3', 'day_of_week=4', 'day_of_week=5', 'day_of_week=6', 'day_of_week=7', 'load']);

    const graph = graphOf('m', [{ kind: 'Input', params: { shape: [5, p.nFeatures] } }, { kind: 'GRU', params: { units: 4 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
    const { model } = compileToTfjs(tf, graph);
    const w = await encodeModelWeights(tf, model);
    const run = value<RunSummary>(await call('runs.start', { projectId: project.id, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) }));
    value(
      await call('runs.finish', {
        runId: run.id,
        status: 'completed',
        artifacts: [
          { kind: 'weights-final', meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 1 }, data: w.data },
          { kind: 'preprocessing', meta: preprocessingMeta(p, prep), data: null },
        ],
      }),
    );

    // the Predict tab's loading (src-renderer/components/runs/evaluate/evaluate.ts loadRun)
    const stored = value<Run>(await call('runs.get', { id: run.id }));
    expect((stored.dataPrep as { columnTypes: unknown }).columnTypes).toEqual({ day_of_week: 'category' });
    const pre = value<Artifact>(await call('runs.artifact', { id: run.id, kind: 'preprocessing' }));
    const wts = value<Artifact>(await call('runs.artifact', { id: run.id, kind: 'weights-final' }));
    const loaded = { graph: parseDocument(stored.graph), dataPrep: stored.dataPrep, meta: preprocessingMetaSchema.parse(pre.meta), weights: { meta: wts.meta, data: wts.data! } };

    // 10 pasted rows (days 3…12: the categories come in another order than in training) with the raw
    // columns, "03" for 3 as a spreadsheet may write it: 10 - 5 - 1 + 1 windows
    const pasted = [LINES[0]!, ...LINES.slice(3, 13).map((l, i) => (i === 0 ? l.replace(',3,', ',03,') : l))].join('\n');
    const out = await predictCsvText(tf, loaded, pasted);
    expect(out.columns).toEqual(['demand']);
    expect(out.rows.map((r) => r.row)).toEqual([6, 7, 8, 9, 10]);
    // the same windows of the app's own preparation: train windows 2…6
    const b = buildBatch(p, 'train', [2, 3, 4, 5, 6]);
    const want = denormalizeTargets(p, tf.tidy(() => (model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync() as Float32Array));
    out.rows.forEach((r, k) => {
      expect(Math.abs(Number(r.predicted[0]) - want[k]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want[k]!)));
      expect(r.actual[0]).toBe(String(10 + ((k + 7) * 7) % 13));
    });
    // evaluating on another dataset with these rows (only some categories present) lines up with the run too
    const other = prepareLikeRun(await parseCsvText(pasted), prep, loaded.meta);
    expect(other.featureNames).toEqual(p.featureNames);
    const ob = buildBatch(other, 'test');
    expect(Array.from(ob.x)).toEqual(Array.from(b.x));
    // a value the run never saw is named
    await expect(predictCsvText(tf, loaded, pasted.replace(/,4,/g, ',9,'))).rejects.toThrow(/day_of_week.*"9" is not a category the model was trained on/);
    model.dispose();
  });
});
