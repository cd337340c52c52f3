import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { ExportableRun, ExportedRun } from '../../src-shared/api/exports';
import type { Project } from '../../src-shared/api/projects';
import type { RunSummary } from '../../src-shared/api/runs';
import { compileToTfjs } from '../../src-shared/compiler/to-tfjs';
import { buildBatch, defaultDataPrep, parseCsvText, prepare, serializeDataset, type PreparedData } from '../../src-shared/data/index';
import { encodeModelWeights, memoryHandler, readZip, writeZip, type TfjsModelJson } from '../../src-shared/export/index';
import { graphOf } from '../../src-shared/graph/builder';
import { PROJECT_VERSION } from '../../src-shared/project/file';
import { preprocessingMeta } from '../../src-shared/train/artifacts';
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
const projectCount = (): number => store.db.prepare('SELECT count(*) FROM projects').pluck().get() as number;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-export-'));
  store = openStore(join(dir, 'layerloom.db'));
  const ctx: HandlerContext = { emit: () => {} };
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: join(dir, 'resources') });
  call = (m, a) => dispatch(handlers, m, a, ctx);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function predictTest(model: tf.LayersModel, p: PreparedData): number[] {
  const b = buildBatch(p, 'test');
  return tf.tidy(() => Array.from((model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync()));
}

describe('exports service', () => {
  it('exports a finished run in every format; the tfjs files reload with identical predictions', async () => {
    const csv = readFileSync(new URL('../../resources/samples/seattle-weather.csv', import.meta.url), 'utf8');
    const prep = defaultDataPrep({ task: 'regression', targets: ['temp_max'], features: ['temp_max', 'wind', 'weather'], dateColumn: 'date', lookback: 5 });
    const p = prepare(await parseCsvText(csv), prep);
    const graph = graphOf('Temp', [{ kind: 'Input', params: { shape: [5, p.nFeatures] } }, { kind: 'GRU', params: { units: 4 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
    const { model } = compileToTfjs(tf, graph);
    const w = await encodeModelWeights(tf, model);
    const project = value<Project>(await call('projects.create', { name: 'Weather "quoted" ../name', document: graph, dataPrep: prep }));
    const run = value<RunSummary>(await call('runs.start', { projectId: project.id, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) }));
    expect(value<ExportableRun[]>(await call('exports.runs', { projectId: project.id }))).toEqual([]);
    const noWeights = await call('exports.run', { runId: run.id, format: 'tfjs' });
    expect(noWeights.ok).toBe(false);
    if (!noWeights.ok) expect(noWeights.error.message).toMatch(/no trained weights/);
    value(
      await call('runs.finish', {
        runId: run.id,
        status: 'completed',
        artifacts: [
          { kind: 'weights-final', meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 2 }, data: w.data },
          { kind: 'preprocessing', meta: preprocessingMeta(p, prep), data: null },
        ],
      }),
    );
    const listed = value<ExportableRun[]>(await call('exports.runs', { projectId: project.id }));
    expect(listed.map((r) => [r.id, r.weights, r.epoch])).toEqual([[run.id, ['final'], 2]]);
    expect(listed[0]!.model).toBe('GRU → Dense');
    expect(listed[0]!.number).toBe(1); // named "Run 1" in the export dialog, as in the runs table

    const out = value<ExportedRun>(await call('exports.run', { runId: run.id, format: 'all' }));
    expect(out.name).not.toMatch(/[/\\"]|\.\./);
    const paths = out.files.map((f) => f.path);
    expect(paths).toContain('tfjs/model.json');
    expect(paths).toContain('typescript/model.ts');
    expect(paths).toContain('keras/model.py');
    const zip = readZip(writeZip(out.files));
    const get = (path: string): Uint8Array => zip.find((e) => e.path === path)!.bytes;
    const json = JSON.parse(new TextDecoder().decode(get('tfjs/model.json'))) as TfjsModelJson;
    const reloaded = await tf.loadLayersModel(memoryHandler(tf, json, get('tfjs/group1-shard1of1.bin')));
    expect(predictTest(reloaded, p)).toEqual(predictTest(model, p));
    const pre = JSON.parse(new TextDecoder().decode(get('tfjs/preprocessing.json')));
    expect(pre.features.map((f: { name: string }) => f.name)).toEqual(p.featureNames);
    expect(pre.features.filter((f: { kind: string }) => f.kind === 'onehot').map((f: { category: string }) => f.category)).toEqual(['drizzle', 'rain', 'sun', 'snow', 'fog']);
    expect(paths.filter((x) => x.includes('stud') || x.includes('STUD'))).toEqual([]); // no experiments, no studies

    // the project's experiments ride along with the Keras script as Optuna studies (or say why not)
    const gru = graph.nodes[1]!.label;
    value(await call('experiments.create', { projectId: project.id, spec: { name: 'units', dimensions: [{ param: `${gru}.units`, values: [2, 8] }] } }));
    value(await call('experiments.create', { projectId: project.id, spec: { name: 'norm', dimensions: [{ data: 'normalization', values: ['zscore', 'none'] }] } }));
    const keras = value<ExportedRun>(await call('exports.run', { runId: run.id, format: 'keras' }));
    const text = (path: string): string => new TextDecoder().decode(keras.files.find((f) => f.path === path)!.bytes);
    expect(keras.files.map((f) => f.path).filter((x) => /stud/i.test(x))).toEqual(['keras/study_units.py', 'keras/STUDIES.md']);
    expect(text('keras/study_units.py')).toContain('"units": 8');
    expect(text('keras/STUDIES.md')).toMatch(/\*\*norm\*\*: not exported — data\.normalization: the Python study keeps the exported preprocessing statistics/);
    const tfjsOnly = value<ExportedRun>(await call('exports.run', { runId: run.id, format: 'tfjs' }));
    expect(tfjsOnly.files.some((f) => /stud/i.test(f.path))).toBe(false);

    const best = await call('exports.run', { runId: run.id, format: 'ts', weights: 'best' });
    expect(best.ok).toBe(false);
    model.dispose();
    reloaded.dispose();
  });

  it('exports and re-imports a project file; corrupt or future-version files change nothing', async () => {
    const graph = graphOf('M', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense', params: { units: 2 } }], [[0, 1]]);
    const prep = defaultDataPrep({ task: 'regression', targets: ['y'], features: ['x'], mode: 'tabular' });
    const src = value<Project>(await call('projects.create', { name: 'a/b', document: graph, dataPrep: { ...prep, datasetId: 'local-only' } }));
    const file = value<{ fileName: string; text: string }>(await call('projects.exportFile', { id: src.id }));
    expect(file.fileName).toBe('a-b.loom.json');
    expect(file.text).not.toContain('local-only');
    const copy = value<Project>(await call('projects.importFile', { text: file.text }));
    expect(copy.name).toBe('a/b (2)');
    expect(copy.document).toEqual(src.document);
    expect(copy.dataPrep).toEqual(prep);
    const before = projectCount();
    const bad = [
      ['{ not json', /not valid JSON/],
      [JSON.stringify({ format: 'other' }), /not a Layerloom project/],
      [file.text.replace(`"version": ${PROJECT_VERSION}`, '"version": 99'), /version 99, newer than this Layerloom/],
      [file.text.replace('"Dense"', '"NoSuchLayer"'), /invalid graph/],
    ] as const;
    for (const [text, msg] of bad) {
      const r = await call('projects.importFile', { text });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad_request');
        expect(r.error.message).toMatch(msg);
      }
    }
    const taken = await call('projects.importFile', { text: file.text, name: 'a/b' });
    expect(taken.ok).toBe(false);
    expect(projectCount()).toBe(before);
    // a project never edited (no document yet) exports as an empty model
    const blank = value<Project>(await call('projects.create', { name: 'Blank' }));
    const blankFile = value<{ text: string }>(await call('projects.exportFile', { id: blank.id }));
    expect(JSON.parse(blankFile.text).graph.nodes).toEqual([]);
  });

  it('embeds the dataset on request and imports project and dataset together, or neither', async () => {
    const ds = await parseCsvText('t,x,y\n2024-01-01,1,2\n2024-01-02,3,4\n2024-01-03,5,6\n');
    const { meta, blobs } = serializeDataset(ds);
    const project = value<Project>(await call('projects.create', { name: 'With data' }));
    const info = value<{ id: string }>(await call('datasets.create', { name: 'small.csv', projectId: project.id, meta, blobs }));
    const prep = defaultDataPrep({ datasetId: info.id, task: 'regression', mode: 'tabular', targets: ['y'], features: ['x'] });
    value(await call('projects.save', { id: project.id, dataPrep: prep }));
    const without = await call('projects.exportFile', { id: value<Project>(await call('projects.create', { name: 'No data' })).id, includeData: true });
    expect(without.ok).toBe(false);
    if (!without.ok) expect(without.error.message).toMatch(/no dataset to include/);

    const file = value<{ text: string }>(await call('projects.exportFile', { id: project.id, includeData: true }));
    expect(JSON.parse(file.text).dataset.blobs.length).toBe(3);
    const datasetCount = (): number => store.db.prepare('SELECT count(*) FROM datasets').pluck().get() as number;
    const before = { projects: projectCount(), datasets: datasetCount() };
    const copy = value<Project>(await call('projects.importFile', { text: file.text, name: 'Copy with data' }));
    expect(copy.dataPrep!.datasetId).toBeDefined();
    expect(copy.dataPrep!.datasetId).not.toBe(info.id);
    const loaded = value<{ meta: { rowCount: number; columns: { name: string }[] } }>(await call('datasets.load', { id: copy.dataPrep!.datasetId! }));
    expect(loaded.meta.rowCount).toBe(3);
    expect(loaded.meta.columns.map((c) => c.name)).toEqual(['t', 'x', 'y']);
    expect({ projects: projectCount(), datasets: datasetCount() }).toEqual({ projects: before.projects + 1, datasets: before.datasets + 1 });

    // a damaged blob: refused with the column named, nothing created
    const damaged = JSON.parse(file.text) as { dataset: { blobs: string[] } };
    damaged.dataset.blobs[1] = damaged.dataset.blobs[1]!.slice(0, 4);
    const r = await call('projects.importFile', { text: JSON.stringify(damaged) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/embedded dataset is damaged: Column "x"/);
    expect({ projects: projectCount(), datasets: datasetCount() }).toEqual({ projects: before.projects + 1, datasets: before.datasets + 1 });
  });

  it('applies the one name rule to every name in an imported file (issue 12)', async () => {
    const ds = await parseCsvText('x,y\n1,2\n3,4\n');
    const { meta, blobs } = serializeDataset(ds);
    const project = value<Project>(await call('projects.create', { name: 'Named' }));
    const info = value<{ id: string }>(await call('datasets.create', { name: 'small.csv', projectId: project.id, meta, blobs }));
    value(await call('projects.save', { id: project.id, dataPrep: defaultDataPrep({ datasetId: info.id, task: 'regression', mode: 'tabular', targets: ['y'], features: ['x'] }) }));
    const text = value<{ text: string }>(await call('projects.exportFile', { id: project.id, includeData: true })).text;
    const edit = (f: (o: { name: string; graph: { nodes: { label: string }[]; settings: { name: string } }; dataset: { meta: { name: string } } }) => void): string => {
      const o = JSON.parse(text);
      f(o);
      return JSON.stringify(o);
    };
    const before = projectCount();
    const bad: [string, RegExp][] = [
      [edit((o) => (o.name = '\u001b[2J\u0007')), /The project file is invalid:\n {2}name: must not contain control characters/],
      [edit((o) => (o.name = 'x'.repeat(5000))), /The project file is invalid:\n {2}name: must be at most 200 characters/],
      [edit((o) => (o.name = '   ')), /name: must not be empty/],
      [edit((o) => (o.name = 'a\nb')), /name: must not contain control characters/],
      [edit((o) => (o.dataset.meta.name = 'd'.repeat(1000))), /invalid dataset section:\n {2}dataset\.meta\.name: must be at most 200 characters/],
      [edit((o) => (o.dataset.meta.name = 'bell\u0007')), /dataset\.meta\.name: must not contain control characters/],
      [edit((o) => (o.graph.settings.name = 'm\u0000')), /invalid graph:\n {2}graph\.settings\.name: must not contain control characters/],
    ];
    for (const [t, msg] of bad) {
      const r = await call('projects.importFile', { text: t });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('bad_request');
        expect(r.error.message).toMatch(msg);
      }
    }
    const override = await call('projects.importFile', { text, name: '\u001b[2J' });
    expect(override.ok).toBe(false);
    if (!override.ok) expect(override.error.message).toMatch(/"name" must not contain control characters/);
    expect(projectCount()).toBe(before);
  });
});
