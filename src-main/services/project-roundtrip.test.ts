/**
 * A project exported with its dataset (.loom.json with data) and imported again means the same run:
 * the same inputs (shape, feature names, values) — a column set to category stays a category — and,
 * trained again with the same seed, the same test metrics.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { DatasetData, DatasetInfo } from '../../src-shared/api/datasets';
import type { Project } from '../../src-shared/api/projects';
import { dataPrepSchema, deserializeDataset, inputShapeFor, parseCsvText, prepare, serializeDataset, type DataPrep, type PreparedData } from '../../src-shared/data/index';
import { initialPrep, recordColumnType } from '../../src-shared/data/prep-columns';
import { graphOf, type GraphDocument } from '../../src-shared/graph/index';
import { buildModel, fitGraphToData, train, trainingSettings } from '../../src-shared/train/index';
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
  dir = mkdtempSync(join(tmpdir(), 'll-roundtrip-'));
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
for (let i = 0; i < 200; i++) LINES.push(`${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${(i % 7) + 1},${(i * 17) % 23},${10 + ((i * 7) % 13) + (i % 7)}`);
const CSV = LINES.join('\n') + '\n';

async function prepared(projectId: string): Promise<{ prep: DataPrep; p: PreparedData }> {
  const project = value<Project>(await call('projects.get', { id: projectId }));
  const prep = dataPrepSchema.parse(project.dataPrep);
  const d = value<DatasetData>(await call('datasets.load', { id: prep.datasetId! }));
  return { prep, p: prepare(deserializeDataset(d.meta, d.blobs), prep) };
}

async function trainTest(doc: GraphDocument, p: PreparedData): Promise<Record<string, number>> {
  const settings = trainingSettings({ epochs: 3, batchSize: 16, seed: 7 });
  const { model } = buildModel(tf, fitGraphToData(doc, p), settings.seed);
  const r = await train({ tf, model, prepared: p, settings, yieldMs: 1e9 });
  model.dispose();
  return { loss: r.evaluation!.loss, ...r.evaluation!.metrics };
}

describe('project file with its dataset', () => {
  it('re-imported, it reproduces the run\'s inputs and, retrained with the same seed, its test metrics', async () => {
    const src = value<Project>(await call('projects.create', { name: 'Demand' }));
    const ds0 = await parseCsvText(CSV);
    const { meta, blobs } = serializeDataset(ds0);
    const info = value<DatasetInfo>(await call('datasets.create', { name: 'demand.csv', projectId: src.id, meta, blobs }));
    // the Data tab: choose the dataset, pick columns, set day_of_week to category
    let prep = initialPrep(ds0, info.id, null);
    prep = { ...prep, targets: ['demand'], features: ['day_of_week', 'load'], lookback: 14 };
    value(await call('datasets.setColumnType', { id: info.id, column: 'day_of_week', type: 'category' }));
    const stored = value<DatasetData>(await call('datasets.load', { id: info.id }));
    const typed = deserializeDataset(stored.meta, stored.blobs);
    prep = recordColumnType(prep, typed, 'day_of_week', 'category');
    value(await call('projects.save', { id: src.id, dataPrep: prep }));
    const before = await prepared(src.id);
    expect(before.prep.columnTypes).toEqual({ day_of_week: 'category' });
    expect(inputShapeFor(before.p)).toEqual([14, 8]);

    const file = value<{ fileName: string; text: string }>(await call('projects.exportFile', { id: src.id, includeData: true }));
    expect(JSON.parse(file.text).data.columnTypes).toEqual({ day_of_week: 'category' });
    const copy = value<Project>(await call('projects.importFile', { text: file.text }));
    const after = await prepared(copy.id);
    expect(after.prep.datasetId).not.toBe(before.prep.datasetId);
    expect(inputShapeFor(after.p)).toEqual(inputShapeFor(before.p));
    expect(after.p.featureNames).toEqual(before.p.featureNames);
    expect(Array.from(after.p.features)).toEqual(Array.from(before.p.features));

    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [14, 8] } }, { kind: 'GRU', params: { units: 4 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
    const m1 = await trainTest(doc, before.p);
    const m2 = await trainTest(doc, after.p);
    expect(Number.isFinite(m1.loss)).toBe(true);
    expect(m2).toEqual(m1);
  });
});
