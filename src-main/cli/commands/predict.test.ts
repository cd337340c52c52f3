import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../src-shared/compiler/to-tfjs';
import { buildBatch, defaultDataPrep, denormalizeTargets, parseCsvText, prepare } from '../../../src-shared/data/index';
import { encodeModelWeights } from '../../../src-shared/export/index';
import { graphOf } from '../../../src-shared/graph/builder';
import { preprocessingMeta } from '../../../src-shared/train/artifacts';
import { trainingSettingsSchema } from '../../../src-shared/train/settings';
import { dbFileIn } from '../../store/data-dir';
import { projectsRepo } from '../../store/projects-repo';
import { runsRepo } from '../../store/runs-repo';
import { openStore } from '../../store/store';
import type { CliIO } from '../command';
import { main } from '../index';

const LINES = ['date;weekday;load;demand'];
for (let i = 0; i < 60; i++) LINES.push(`${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)};${(i % 7) + 1};${(i * 17) % 23},5;${10 + ((i * 7) % 13)},25`);
const CSV = LINES.join('\n') + '\n';

let dataDir: string;
let runId: string;
let want: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataDir = mkdtempSync(join(tmpdir(), 'layerloom-predict-cli-'));
  const prep = defaultDataPrep({ task: 'regression', targets: ['demand'], features: ['weekday', 'load'], dateColumn: 'date', lookback: 4, columnTypes: { weekday: 'category' } });
  const p = prepare(await parseCsvText(CSV), prep);
  const graph = graphOf('W', [{ kind: 'Input', params: { shape: [4, p.nFeatures] } }, { kind: 'GRU', params: { units: 3 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
  const { model } = compileToTfjs(tf, graph);
  const w = await encodeModelWeights(tf, model);
  const b = buildBatch(p, 'train', [0, 1, 2, 3]);
  want = denormalizeTargets(p, tf.tidy(() => (model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync() as Float32Array));
  model.dispose();
  const store = openStore(dbFileIn(dataDir));
  const project = projectsRepo(store.db).create('W', graph, { dataPrep: prep });
  const runs = runsRepo(store.db);
  runId = runs.start({ projectId: project.id, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) } as Parameters<typeof runs.start>[0]).id;
  runs.finish(runId, 'completed', null, null, [
    { kind: 'weights-final', meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 1 }, data: w.data },
    { kind: 'preprocessing', meta: preprocessingMeta(p, prep), data: null },
  ]);
  store.close();
});

describe('layerloom predict', () => {
  it('predicts for raw rows (decimal commas, a category column as its values) like the app', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'layerloom-predict-rows-'));
    // the first 8 rows, without the target column: 8 − 4 − 1 + 1 windows
    writeFileSync(join(cwd, 'rows.csv'), LINES.slice(0, 9).map((l) => l.split(';').slice(0, 3).join(';')).join('\n') + '\n');
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
    expect(await main(['predict', runId.slice(0, 8), 'rows.csv', '--backend', 'cpu', '--data-dir', dataDir], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toBe('row,demand predicted,demand actual');
    const rows = out.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(['5', '6', '7', '8']); // the rows forecast: horizon 1 after each window
    rows.forEach((r, k) => {
      expect(Math.abs(Number(r[1]) - want[k]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want[k]!)));
      expect(r[2]).toBe('—');
    });
    const bad: string[] = [];
    writeFileSync(join(cwd, 'bad.csv'), 'date;weekday;load\n2024-01-01;8;1,5\n');
    expect(await main(['predict', runId, 'bad.csv', '--backend', 'cpu', '--data-dir', dataDir], { ...io, err: (t) => bad.push(t) })).toBe(2);
    expect(bad.join('\n')).toMatch(/weekday.*"8" is not a category the model was trained on/);
  });
});
