import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import {
  DataError,
  accuracy,
  buildBatch,
  defaultDataPrep,
  denormalizeTargets,
  inputShapeFor,
  maeRmse,
  majorityClass,
  majorityClassForecast,
  outputFitsTarget,
  parseCsvText,
  persistenceForecast,
  prepare,
  preparedSummary,
  toTensors,
  windowView,
  type DataPrepInput,
  type Dataset,
  type PreparedData,
} from './index';

const read = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
const SEATTLE_TEXT = read('../../resources/samples/seattle-weather.csv');
const NUMERIC = ['precipitation', 'temp_max', 'temp_min', 'wind'];
// level: these tests read the prepared targets as normalized values (window transforms: window-transform.test.ts)
const FORECAST: DataPrepInput = { task: 'regression', mode: 'sequence', targets: ['temp_max'], features: NUMERIC, dateColumn: 'date', lookback: 14, horizon: 1, windowTransform: 'level' };

/** The CSV read independently of the data core: rows of strings. */
function rawRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}
function popStats(xs: number[]): { mean: number; std: number; min: number; max: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs) };
}
async function prepError(ds: Dataset | Promise<Dataset>, prep: DataPrepInput): Promise<DataError> {
  const d = await ds;
  try {
    prepare(d, prep);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('seattle: forecast temp_max 1 day ahead from 14 days of all numeric columns', () => {
  let ds: Dataset;
  let p: PreparedData;
  it('gives the right sample counts and shapes', async () => {
    ds = await parseCsvText(SEATTLE_TEXT, { name: 'seattle-weather.csv' });
    p = prepare(ds, FORECAST);
    // 1461 rows → 1022 train | 219 validation | 220 test rows; a window spans 14 + 1 rows
    expect(p.rows).toBe(1461);
    expect(p.groups[0]!.ranges).toEqual({ train: [0, 1022], validation: [1022, 1241], test: [1241, 1461] });
    expect([p.splits.train.length, p.splits.validation.length, p.splits.test.length]).toEqual([1022 - 14, 219 - 14, 220 - 14]);
    expect(inputShapeFor(p)).toEqual([14, 4]);
    expect(p.featureNames).toEqual(NUMERIC);
    expect(p.features.length).toBe(1461 * 4); // stored once
    const b = buildBatch(p, 'train');
    expect(b.xShape).toEqual([1008, 14, 4]);
    expect(b.yShape).toEqual([1008, 1]);
    expect(b.x.length).toBe(1008 * 14 * 4);
    expect(preparedSummary(p)).toMatchObject({ inputShape: [14, 4], outputUnits: 1, samples: { train: 1008, validation: 205, test: 206 } });
    expect(p.warnings).toEqual([]);
  });

  it('splits chronologically: every train window ends before any validation window starts', () => {
    const end = (s: number): number => s + p.targetOffset;
    const maxTrainEnd = Math.max(...Array.from(p.splits.train, end));
    const minVal = Math.min(...p.splits.validation);
    const maxValEnd = Math.max(...Array.from(p.splits.validation, end));
    const minTest = Math.min(...p.splits.test);
    expect(maxTrainEnd).toBeLessThan(minVal);
    expect(maxValEnd).toBeLessThan(minTest);
    const dates = rawRows(SEATTLE_TEXT).rows.map((r) => r[0]!);
    expect(dates[p.rowIndex[maxTrainEnd]!]).toBe('2014-10-18'); // data row 1022: 2012-01-01 + 1021 days
    for (let k = 1; k < p.rowIndex.length; k++) expect(dates[p.rowIndex[k]!]! > dates[p.rowIndex[k - 1]!]!).toBe(true);
  });

  it('fits normalization on the training split only (no leakage)', () => {
    const { header, rows } = rawRows(SEATTLE_TEXT);
    const train = rows.slice(0, 1022);
    NUMERIC.forEach((name, j) => {
      const c = header.indexOf(name);
      const own = popStats(train.map((r) => Number(r[c])));
      const st = p.stats.features[j]!;
      expect(st.name).toBe(name);
      expect(st.count).toBe(1022);
      expect(st.mean).toBeCloseTo(own.mean, 10);
      expect(st.std).toBeCloseTo(own.std, 10);
      expect([st.min, st.max]).toEqual([own.min, own.max]);
      const all = popStats(rows.map((r) => Number(r[c])));
      expect(Math.abs(st.mean - all.mean)).toBeGreaterThan(1e-6); // not the whole file's statistics
      // the stored matrix is normalized with exactly these statistics
      for (const r of [0, 500, 1021, 1022, 1460]) expect(p.features[r * 4 + j]).toBeCloseTo((Number(rows[r]![c]) - own.mean) / own.std, 5);
    });
    const tStats = p.stats.targets![0]!;
    const own = popStats(train.map((r) => Number(r[2])));
    expect(tStats.mean).toBeCloseTo(own.mean, 10);
    expect(tStats.std).toBeCloseTo(own.std, 10);
    // y of a window is temp_max 1 day after its last day
    const b = buildBatch(p, 'validation', [0]);
    const s = p.splits.validation[0]!;
    expect(b.y[0]).toBeCloseTo((Number(rows[s + 14]![2]) - own.mean) / own.std, 5);
    expect(denormalizeTargets(p, b.y)[0]).toBeCloseTo(Number(rows[s + 14]![2]), 4);
  });

  it('statistics do not move when validation and test data change', async () => {
    const { header, rows } = rawRows(SEATTLE_TEXT);
    const changed = rows.map((r, i) => (i >= 1022 ? r.map((v, c) => (c >= 1 && c <= 4 ? String(Number(v) * 10 + 100) : v)) : r));
    const ds2 = await parseCsvText([header.join(','), ...changed.map((r) => r.join(','))].join('\n') + '\n');
    const p2 = prepare(ds2, FORECAST);
    expect(p2.stats).toEqual(p.stats);
    expect(p2.features.subarray(0, 1022 * 4)).toEqual(p.features.subarray(0, 1022 * 4));
  });

  it('windows are views into one matrix, not copies', () => {
    const s = p.splits.test[3]!;
    const w = windowView(p, s);
    expect(w.buffer).toBe(p.features.buffer);
    expect(w.length).toBe(14 * 4);
    expect(w.byteOffset).toBe(s * 4 * 4);
  });

  it('persistence baseline predicts the last observed value', () => {
    const pred = persistenceForecast(p, 'validation');
    const b = buildBatch(p, 'validation');
    expect(pred.length).toBe(205);
    expect(pred[0]).toBe(p.targets[p.splits.validation[0]! + 13]);
    const { mae, rmse } = maeRmse(b.y, pred);
    expect(mae).toBeGreaterThan(0);
    expect(rmse).toBeGreaterThanOrEqual(mae);
  });

  it('builds tfjs tensors in one batch', () => {
    const { xs, ys } = toTensors(tf, p, 'validation');
    expect(xs.shape).toEqual([205, 14, 4]);
    expect(ys.shape).toEqual([205, 1]);
    xs.dispose();
    ys.dispose();
  });

  it('horizon 3 and stride 2 count windows accordingly', () => {
    const q = prepare(ds, { ...FORECAST, horizon: 3, stride: 2 });
    // train rows 1022, span 14 + 3 = 17: starts 0, 2, …, 1004 → 503
    expect(q.splits.train.length).toBe(Math.floor((1022 - 17) / 2) + 1);
    expect(q.targetOffset).toBe(16);
  });

  it('date features add sin/cos of day of week and month', () => {
    const q = prepare(ds, { ...FORECAST, dateFeatures: { dayOfWeek: true, month: true } });
    expect(q.featureNames).toEqual([...NUMERIC, 'date:dow_sin', 'date:dow_cos', 'date:month_sin', 'date:month_cos']);
    // 2012-01-01 was a Sunday (dow 0) in January (month 0)
    expect(Array.from(q.features.subarray(4, 8))).toEqual([0, 1, 0, 1]);
    const mon = q.features.subarray(8 + 4, 8 + 6); // 2012-01-02, Monday
    expect(mon[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 7), 6);
  });

  it('classifies weather: one-hot targets, classes, and output diagnostics', () => {
    const q = prepare(ds, { task: 'multiclass', mode: 'tabular', targets: ['weather'], features: NUMERIC, dateColumn: 'date', split: { train: 0.8, validation: 0.1, test: 0.1 } });
    expect(q.classes).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(q.yWidth).toBe(5);
    expect(inputShapeFor(q)).toEqual([4]);
    expect([q.splits.train.length, q.splits.validation.length, q.splits.test.length]).toEqual([1168, 146, 147]);
    const all = [...q.splits.train, ...q.splits.validation, ...q.splits.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1461 }, (_, i) => i));
    expect(prepare(ds, { task: 'multiclass', mode: 'tabular', targets: ['weather'], features: NUMERIC, dateColumn: 'date', split: { train: 0.8, validation: 0.1, test: 0.1 } }).splits.train).toEqual(q.splits.train); // same seed, same split
    const other = prepare(ds, { task: 'multiclass', mode: 'tabular', targets: ['weather'], features: NUMERIC, shuffleSeed: 7 });
    expect(other.splits.train).not.toEqual(q.splits.train);
    expect(outputFitsTarget([null, 1], q)).toBe('The output has 1 unit but the target has 5 classes: use Dense(5) with softmax for the 5 classes (drizzle, fog, rain, snow, sun).');
    expect(outputFitsTarget([null, 5], q)).toBeNull();
    expect(outputFitsTarget([null, 1], preparedSummary(q))).toBe(outputFitsTarget([null, 1], q));
    expect(outputFitsTarget([null, 5], q, 'sigmoid')).toMatch(/needs softmax/);
    const m = majorityClass(q);
    expect(['rain', 'sun']).toContain(m.label);
    const b = buildBatch(q, 'test');
    expect(accuracy(b.y, majorityClassForecast(q, 'test'), 5)).toBeGreaterThan(0.2);
  });

  it('diagnoses per-step outputs for a per-sequence target', () => {
    expect(outputFitsTarget([null, 14, 1], p)).toMatch(/^The model outputs a value per time step \[null, 14, 1\], but the target is one value per window/);
    expect(outputFitsTarget([null, 1], p)).toBeNull();
    expect(outputFitsTarget([null, 3], p)).toBe('The output has 3 units but there is 1 target: use Dense(1) for the target "temp_max".');
  });

  it('refuses leaks, empty selections and too-short data with clear messages', async () => {
    expect((await prepError(ds, { ...FORECAST, features: [] })).message).toBe('No feature columns selected.');
    expect((await prepError(ds, { ...FORECAST, mode: 'tabular' })).message).toMatch(/both the target and a feature: in tabular mode/);
    expect((await prepError(ds, { task: 'multiclass', targets: ['weather'], features: ['weather', 'wind'] })).message).toMatch(/label at the window's last step/);
    expect((await prepError(ds, { ...FORECAST, lookback: 2000 })).message).toBe('Too few rows for one window: there are 1461 rows but one window needs lookback 2000 + horizon 1 = 2001 rows.');
    expect((await prepError(ds, { ...FORECAST, lookback: 1100 })).message).toMatch(/^The training split is too short for one window: 1022 training rows/);
    expect((await prepError(ds, { ...FORECAST, task: 'binary', targets: ['weather'], features: NUMERIC })).message).toMatch(/has 5 classes .*choose multi-class/);
    expect((await prepError(ds, { ...FORECAST, features: ['date'] })).message).toMatch(/is a date/);
    expect((await prepError(ds, { ...FORECAST, targets: ['nope'] })).column).toBe('nope');
    expect((await prepError(ds, { ...FORECAST, split: { train: 0.5, validation: 0.1, test: 0.1 } })).message).toMatch(/must sum to 1/);
  });
});

describe('bad preparation inputs from the corpus', () => {
  it('a target with one class only', async () => {
    const ds = await parseCsvText(read('./fixtures/one-class.csv'));
    const e = await prepError(ds, { task: 'binary', mode: 'tabular', targets: ['label'], features: ['value'] });
    expect(e.message).toBe('Target "label" has only one class ("on"); classification needs at least two.');
    expect(e.column).toBe('label');
  });
  it('fewer rows than one window', async () => {
    const ds = await parseCsvText(read('./fixtures/one-class.csv'));
    const e = await prepError(ds, { targets: ['value'], features: ['value'], lookback: 3 });
    expect(e.message).toBe('Too few rows for one window: there are 3 rows but one window needs lookback 3 + horizon 1 = 4 rows.');
  });
});

describe('groups', () => {
  const TICKERS = read('./fixtures/two-tickers.csv');
  it('windows never cross groups (two tickers, interleaved rows)', async () => {
    const ds = await parseCsvText(TICKERS);
    const p = prepare(ds, {
      targets: ['close'],
      features: ['close', 'volume'],
      dateColumn: 'date',
      groupColumn: 'ticker',
      lookback: 3,
      split: { train: 0.6, validation: 0.2, test: 0.2 },
    });
    expect(p.groups.map((g) => [g.name, g.start, g.end])).toEqual([
      ['AAA', 0, 30],
      ['BBB', 30, 60],
    ]);
    // per group: 18 | 6 | 6 rows, span 4 → 15 | 3 | 3 windows
    expect([p.splits.train.length, p.splits.validation.length, p.splits.test.length]).toEqual([30, 6, 6]);
    const tick = ds.columns.find((c) => c.name === 'ticker')!.data as { codes: Int32Array };
    const date = ds.columns.find((c) => c.name === 'date')!.data as { values: Float64Array };
    for (const split of ['train', 'validation', 'test'] as const)
      for (const s of p.splits[split]) {
        const g = tick.codes[p.rowIndex[s]!];
        for (let r = s; r <= s + p.targetOffset; r++) {
          expect(tick.codes[p.rowIndex[r]!]).toBe(g);
          if (r > s) expect(date.values[p.rowIndex[r]!]! - date.values[p.rowIndex[r - 1]!]!).toBe(86_400_000);
        }
      }
    // each ticker's train rows are before its own validation rows
    expect(p.groups[1]!.ranges).toEqual({ train: [30, 48], validation: [48, 54], test: [54, 60] });
    // volume (train rows of both tickers) statistics
    const vols = [...Array.from({ length: 18 }, (_, d) => 1000 * (d + 1)), ...Array.from({ length: 18 }, (_, d) => 50 * (d + 1))];
    expect(p.stats.features[1]!.mean).toBeCloseTo(popStats(vols).mean, 8);
  });

  it('counts windows exactly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (lens, lookback, horizon, stride) => {
          const lines = ['g,t,v'];
          lens.forEach((len, g) => {
            for (let t = 0; t < len; t++) lines.push(`g${g},${t},${(t * 7 + g) % 11}`);
          });
          if (lines.length === 1) return;
          const ds = await parseCsvText(lines.join('\n') + '\n');
          const split = { train: 0.5, validation: 0.25, test: 0.25 };
          const span = lookback + horizon;
          const count = (n: number): number => (n >= span ? Math.floor((n - span) / stride) + 1 : 0);
          const expected = { train: 0, validation: 0, test: 0 };
          for (const len of lens) {
            if (len === 0) continue;
            const a = Math.floor(len * 0.5 + 1e-9);
            const b = Math.floor(len * 0.25 + 1e-9);
            expected.train += count(a);
            expected.validation += count(b);
            expected.test += count(len - a - b);
          }
          const prep = { targets: ['v'], features: ['v'], groupColumn: 'g', lookback, horizon, stride, split };
          if (expected.train === 0) {
            expect(() => prepare(ds, prep)).toThrow(DataError);
            return;
          }
          const p = prepare(ds, prep);
          expect({ train: p.splits.train.length, validation: p.splits.validation.length, test: p.splits.test.length }).toEqual(expected);
          const b = buildBatch(p, 'train');
          expect(b.xShape).toEqual([expected.train, lookback, 1]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('missing values', () => {
  const CSV = 'day,x,y\n1,1,10\n2,,11\n3,3,12\n4,5,13\n5,,14\n6,100,15\n7,200,16\n8,300,17\n9,400,18\n10,500,19\n';
  const base: DataPrepInput = { mode: 'tabular', targets: ['y'], features: ['x'], split: { train: 0.5, validation: 0.5, test: 0 }, normalization: 'none' };
  it('drop removes rows with missing features', async () => {
    const p = prepare(await parseCsvText(CSV), { ...base, missing: 'drop' });
    expect(p.rows).toBe(8);
    expect(p.warnings[0]).toMatch(/^2 rows with missing values dropped \(first: row 2\)/);
  });
  it('ffill carries the previous value', async () => {
    const p = prepare(await parseCsvText(CSV), { ...base, mode: 'sequence', lookback: 1, missing: 'ffill', dateColumn: undefined });
    expect(Array.from(p.features)).toEqual([1, 1, 3, 5, 5, 100, 200, 300, 400, 500]);
  });
  it('ffill carries a missing class label forward within its group, as the exported Keras script does', async () => {
    const csv = 'g,x,label\na,1,sun\na,2,\na,3,rain\nb,4,\nb,5,rain\nb,6,\nb,7,sun\nb,8,rain\n';
    const p = prepare(await parseCsvText(csv), { task: 'multiclass', targets: ['label'], features: ['x'], groupColumn: 'g', mode: 'sequence', lookback: 1, missing: 'ffill', split: { train: 1, validation: 0, test: 0 } });
    expect(p.classes).toEqual(['rain', 'sun']); // no empty class from a missing label
    // group a: sun, sun(filled), rain; group b starts with a missing label (dropped), then rain, rain(filled), sun, rain
    const labels = Array.from({ length: p.rows }, (_, r) => p.classes![p.targets[r * 2 + 1] === 1 ? 1 : 0]);
    expect(labels).toEqual(['sun', 'sun', 'rain', 'rain', 'rain', 'sun', 'rain']);
  });
  it('mean-fill uses the training split mean only', async () => {
    const p = prepare(await parseCsvText(CSV), { ...base, mode: 'sequence', lookback: 1, missing: 'mean' });
    // train rows are the first 5 (chronological); their known x are 1, 3, 5 → mean 3
    expect(p.stats.features[0]!.mean).toBe(3);
    expect(p.features[1]).toBe(3);
    expect(p.features[4]).toBe(3);
  });
  it('defaults are the documented ones', () => {
    expect(defaultDataPrep()).toMatchObject({ lookback: 14, horizon: 1, stride: 1, split: { train: 0.7, validation: 0.15, test: 0.15 }, normalization: 'zscore', missing: 'drop', mode: 'sequence' });
  });
});
