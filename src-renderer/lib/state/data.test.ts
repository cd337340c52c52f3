import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import type { Dataset } from '@shared/data/index';
import { parseCsvText } from '@shared/data/csv';
import { serializeDataset, setColumnType } from '@shared/data/dataset';
import { initialPrep } from '@shared/data/prep-columns';
import { ApiError } from '@shared/api/errors';
import { createAppState, type AppState } from '../context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../testing/fake-api';
import { project, sineDataset, sinePrep, uid, windowModel } from '../testing/fixtures';
import { FakeWorker, installFakeWorker } from '../testing/fake-worker';

const ID = uid(1);
let ds: Dataset;
beforeAll(async () => {
  ds = await sineDataset();
});

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(): AppState & { fake: FakeApi } {
  const fake = new FakeApi();
  fakeProjectStore(fake, [project({ id: ID, document: windowModel() })]);
  const app = createAppState(fake, memoryStorage());
  stop = app.data.follow();
  return { ...app, fake };
}

/** The dataset the preparation reads, as the Data tab sets it once loaded. */
function choose({ data }: AppState, id = 'ds'): void {
  data.dataset = ds;
  data.datasetId = id;
}

describe('data state: the live preparation', () => {
  it('is null until a dataset and a preparation for it are there', () => {
    const app = setup();
    flushSync();
    expect(app.data.prepared).toBeNull();
    choose(app);
    flushSync();
    expect(app.data.prepared).toBeNull();
    app.data.prep = sinePrep('another');
    flushSync();
    expect(app.data.prepared).toBeNull(); // settings of another dataset are not applied to this one
  });

  it('prepares the dataset with the preparation, and follows every change', () => {
    const app = setup();
    choose(app);
    app.data.prep = sinePrep();
    flushSync();
    const p = app.data.prepared;
    expect(p?.ok).toBe(true);
    if (!p?.ok) return;
    expect(p.inputShape).toEqual([4, 2]);
    expect(p.summary.targetNames).toEqual(['y']);
    expect(p.prep).toBe(app.data.prep);
    expect(app.data.preparing).toBe(false);

    app.data.prep = { ...sinePrep(), lookback: 8 };
    flushSync();
    expect(app.data.prepared?.ok && app.data.prepared.inputShape).toEqual([8, 2]);
  });

  it('says what to do when no target is picked, and why a preparation fails', () => {
    const app = setup();
    choose(app);
    app.data.prep = { ...sinePrep(), targets: [] };
    flushSync();
    expect(app.data.prepared).toEqual({ ok: false, error: 'Pick the column to predict: tick “Target” in the table.', hint: true });
    app.data.prep = { ...sinePrep(), lookback: 500 };
    flushSync();
    expect(app.data.prepared?.ok).toBe(false);
    expect(!app.data.prepared?.ok && app.data.prepared?.error).toMatch(/\S/);
  });

  it('follows the open project, and the model’s data Input follows the prepared shape by derivation (no edit to undo)', async () => {
    const app = setup();
    await app.projects.open(ID);
    app.editor.load(app.projects.current!); // App does this when a project opens
    flushSync();
    await expect.poll(() => app.data.projectId).toBe(ID);
    expect(app.fake.callsTo('datasets.list')).toEqual([{ projectId: ID }]);
    choose(app);
    const stored = () => app.editor.doc.nodes.find((n) => n.kind === 'Input')!;
    const typed = stored().params.shape;
    const inputId = stored().id;
    const modelShape = () => app.editor.analysis.nodes.get(inputId)?.outputShape;
    expect(app.data.update({ ...sinePrep(), lookback: 6 })).toBeNull();
    flushSync();
    expect(modelShape()).toEqual([null, 6, 2]);
    expect(app.editor.modelDoc.nodes.find((n) => n.id === inputId)!.params.shape).toEqual([6, 2]);
    expect(stored().params.shape).toEqual(typed); // what the user typed stays stored
    expect(app.editor.canUndo).toBe(false); // following the data is no edit
    expect(app.data.fitMessage).toBeNull();
    expect(app.data.update({ ...sinePrep(), lookback: 4 })).toBeNull();
    flushSync();
    expect(modelShape()).toEqual([null, 4, 2]);
    // the preparation is saved with the project, after a pause
    expect(app.data.saveState).toBe('unsaved');
    await expect.poll(() => app.data.saveState).toBe('saved');
    expect(app.fake.callsTo('projects.save').at(-1)).toMatchObject({ id: ID, dataPrep: { lookback: 4 } });
  });
});

describe('data state: the CSV reader’s messages', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it('a malformed reply fails the import with the field named; nothing is stored', async () => {
    installFakeWorker();
    const app = setup();
    await app.projects.open(ID);
    flushSync();
    await expect.poll(() => app.data.projectId).toBe(ID);
    const importing = app.data.importFile(new File(['a,b\n1,2\n'], 'two.csv', { type: 'text/csv' }));
    const worker = FakeWorker.last();
    expect(worker.posted).toEqual([{ id: 1, file: expect.any(File) }]);
    expect(app.data.importing?.name).toBe('two.csv');
    worker.reply({ id: 1, type: 'progress', read: 4, size: 8 });
    expect(app.data.importing?.read).toBe(4);
    worker.reply({ id: 1, type: 'done', meta: { name: 'two' }, blobs: [] });
    await importing;
    expect(app.data.importError).toMatch(/^two\.csv: Malformed message from the CSV reader: meta\.\w+: /);
    expect(app.data.importing).toBeNull();
    expect(app.fake.calls.filter((c) => c.method.startsWith('datasets.') && c.method !== 'datasets.list' && c.method !== 'datasets.samples')).toEqual([]);
  });
});

describe('data state: a type override that some cells do not fit', () => {
  const DS = uid(9);
  it('is refused with the cell named, then offered again with the unreadable cells made missing (counted)', async () => {
    const app = setup();
    const bad = await parseCsvText('when,v\n2024-01-01,1\nsoon,2\n2024-01-03,3\nlater,4\n');
    const fixed = setColumnType(bad, 'when', 'date', { coerce: true });
    app.fake
      .handle('datasets.setColumnType', (a) => {
        if (!a.coerce) throw new ApiError('bad_request', 'Row 2, column "when": "soon" is not a date.', 'when');
        return { id: DS } as never;
      })
      .handle('datasets.load', () => ({ id: DS, ...serializeDataset(fixed) }));
    app.data.dataset = bad;
    app.data.datasetId = DS;
    app.data.prep = initialPrep(bad, DS, null);
    expect(await app.data.setColumnType('when', 'date')).toBe(false);
    expect(app.data.typeError).toMatch(/soon/);
    expect(app.data.typeRetry).toEqual({ column: 'when', type: 'date', cells: 2 });
    expect(await app.data.setColumnType('when', 'date', true)).toBe(true);
    expect(app.fake.callsTo('datasets.setColumnType').at(-1)).toEqual({ id: DS, column: 'when', type: 'date', coerce: true });
    expect(app.data.typeRetry).toBeNull();
    expect(app.data.typeError).toBe('');
    expect(app.data.dataset!.columns[0]!.profile.missing).toBe(2);
    // the choice is part of the preparation, so Predict and the exported scripts read such cells as missing too
    expect(app.data.prep!.columnTypes).toEqual({ when: 'date' });
    expect(app.data.prep!.unparseableAsMissing).toEqual(['when']);
  });
});
