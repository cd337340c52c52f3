import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBatch, DataError, parseCsvText, prepare, type DataPrepInput } from '../data/index';
import { dataPrepSchema } from '../data/spec';
import { preprocessingMeta } from '../train/artifacts';
import { prepareLikeRun, runDataPrep } from './reprepare';

const SEATTLE = readFileSync(fileURLToPath(new URL('../../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');
const PREP: DataPrepInput = { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: ['temp_max', 'wind', 'weather'], dateColumn: 'date', lookback: 7 };

describe('prepareLikeRun', () => {
  it("uses the run's training statistics: the run's test windows come out identical", async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const prep = dataPrepSchema.parse(PREP);
    const run = prepare(ds, prep);
    const again = prepareLikeRun(ds, prep, preprocessingMeta(run, prep));
    expect(again.splits.test.length).toBeGreaterThan(run.splits.test.length);
    // the run's first test window starts at the same matrix row in both (same rows, same order)
    const k = run.splits.test[0]!;
    const pos = Array.from(again.splits.test).indexOf(k);
    expect(pos).toBeGreaterThanOrEqual(0);
    const a = buildBatch(run, 'test', [0]);
    const b = buildBatch(again, 'test', [pos]);
    Array.from(a.x).forEach((v, i) => expect(b.x[i]).toBeCloseTo(v, 5));
    expect(b.y[0]).toBeCloseTo(a.y[0]!, 5);
  });

  it('refuses rows without the run\'s columns, naming what is missing', async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const prep = dataPrepSchema.parse(PREP);
    const meta = preprocessingMeta(prepare(ds, prep), prep);
    const noSnow = await parseCsvText(SEATTLE.split('\n').filter((l) => !l.endsWith(',snow')).join('\n'), { name: 'no-snow.csv' });
    expect(() => prepareLikeRun(noSnow, prep, meta)).toThrow(/Missing: weather=snow/);
    const noWind = await parseCsvText(SEATTLE.replace(/^date,precipitation,temp_max,temp_min,wind,weather/, 'date,precipitation,temp_max,temp_min,breeze,weather'), { name: 'x.csv' });
    expect(() => prepareLikeRun(noWind, prep, meta)).toThrow(DataError);
    expect(() => prepareLikeRun(noWind, prep, meta)).toThrow(/wind/);
  });

  it('a run recorded before window transforms and steps re-prepares as level, one step (its snapshot would resolve auto anew)', async () => {
    const ds = await parseCsvText(SEATTLE, { name: 's.csv' });
    const prep = dataPrepSchema.parse(PREP); // windowTransform 'auto' (the default): the snapshot of an old run parses to it
    const level = prepare(ds, { ...prep, windowTransform: 'level' });
    const meta = JSON.parse(JSON.stringify(preprocessingMeta(level, prep))) as ReturnType<typeof preprocessingMeta>;
    delete meta.windowTransform;
    delete meta.windowScale;
    delete meta.steps;
    delete meta.seasonalPeriod;
    expect(runDataPrep(prep, meta)).toMatchObject({ windowTransform: 'level', horizonSteps: [1] });
    const again = prepareLikeRun(ds, prep, meta);
    expect(again.windowTransform).toBe('level');
    expect(again.steps).toEqual([1]);
    // a new run keeps what it resolved
    const lv = prepare(ds, prep);
    expect(lv.windowTransform).toBe('last-value');
    expect(prepareLikeRun(ds, prep, preprocessingMeta(lv, prep)).windowTransform).toBe('last-value');
  });
});

describe('prepareLikeRun with a text input', () => {
  it("encodes new rows with the run's vocabulary and length, never one rebuilt on them", async () => {
    const lines = ['text,label'];
    for (let i = 0; i < 60; i++) lines.push(`${i % 2 ? 'win free prize money' : 'meeting lunch report today'} w${i % 7},${i % 2 ? 'spam' : 'ham'}`);
    const prep = dataPrepSchema.parse({ task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text: { column: 'text' } });
    const run = prepare(await parseCsvText(lines.join('\n')), prep);
    // new rows: other word frequencies and words the run never saw
    const fresh = await parseCsvText(['text,label', 'zebra zebra zebra win,spam', 'report lunch unknownword today extra more words here,ham'].join('\n'));
    const again = prepareLikeRun(fresh, prep, JSON.parse(JSON.stringify(preprocessingMeta(run, prep))));
    const L = run.text!.options.sequenceLength;
    expect(again.nFeatures).toBe(L);
    const id = (w: string): number => run.text!.vocabulary.tokens.indexOf(w);
    expect(Array.from(again.features.subarray(0, L))).toEqual([1, 1, 1, id('win'), ...new Array(L - 4).fill(0)].slice(0, L));
    expect(again.features[L]).toBe(id('report'));
  });
});
