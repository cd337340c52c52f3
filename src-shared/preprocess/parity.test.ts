/**
 * One run, one meaning: the app's preparation (prepare() on the parsed CSV) and the exported TypeScript
 * module (model.ts, bundled with esbuild and imported) give the same input matrix, the same windows and
 * the same predictions for the same raw CSV rows — decimal commas, time-zone offsets, every boolean
 * spelling the app accepts, categories (also numbers set to category), missing values under each policy,
 * groups and unsorted dates.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../compiler/to-tfjs';
import { buildBatch, DataError, defaultDataPrep, denormalizeTargets, historyRowsFor, parseCsvText, prepare, setColumnType, SPLITS, WINDOW_TRANSFORMS, type DataPrep, type DataPrepInput, type PreparedData } from '../data/index';
import { recordColumnType } from '../data/prep-columns';
import { graphOf } from '../graph/builder';
import { encodeModelWeights, exportRun, preprocessingFromArtifact, preprocessingFromPrepared, type ExportPreprocessing } from '../export/index';
import { preprocessingMeta } from '../train/artifacts';
import { predictRawRows } from '../eval/predict-rows';
import { textFixtureCsv } from '../testing/text-fixture';
import { encodeText } from '../text/vocabulary';
import type { GraphDocument } from '../graph/document';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, '.tmp', `parity-test-${process.pid}`);

beforeAll(async () => {
  await tf.setBackend('cpu');
  mkdirSync(TMP, { recursive: true });
});
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

type Row = Record<string, string>;
interface Module {
  encodeRows(rows: Row[]): Float32Array;
  predict(rows: Row[], model?: tf.LayersModel): Promise<Record<string, number>[] | { label: string; probabilities: Record<string, number> }[]>;
  loadModel(o: { weightsPath: string }): Promise<tf.LayersModel>;
  COLUMNS: readonly string[];
}

let seq = 0;
/** Exports a small model for the prepared data as TypeScript, bundles model.ts and imports it. */
async function exportedModule(p: PreparedData, pre: ExportPreprocessing): Promise<{ mod: Module; model: tf.LayersModel; dir: string; doc: GraphDocument; weights: { weightSpecs: unknown[]; data: Uint8Array } }> {
  const shape = p.mode === 'sequence' ? [p.lookback, p.nFeatures] : [p.nFeatures];
  const last = p.task === 'multiclass' ? 'softmax' : p.task === 'binary' ? 'sigmoid' : 'linear';
  const doc = graphOf(
    'parity',
    [
      { kind: 'Input', params: { shape } },
      ...(p.mode === 'sequence' ? [{ kind: 'GRU' as const, params: { units: 3 } }] : [{ kind: 'Dense' as const, params: { units: 3, activation: 'tanh' } }]),
      { kind: 'Dense', params: { units: p.yWidth, activation: last } },
    ],
    [[0, 1], [1, 2]],
  );
  const { model } = compileToTfjs(tf, doc);
  const weights = await encodeModelWeights(tf, model);
  const dir = join(TMP, `m${seq++}`);
  for (const f of await exportRun(tf, { graph: doc, weights, pre, title: 'parity', formats: ['ts'] })) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.bytes);
  }
  const out = join(dir, 'model.mjs');
  await esbuild.build({ entryPoints: [join(dir, 'typescript/model.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', external: ['@tensorflow/tfjs'], logLevel: 'silent' });
  const mod = (await import(pathToFileURL(out).href)) as Module;
  await mod.loadModel({ weightsPath: join(dir, 'typescript/group1-shard1of1.bin') });
  return { mod, model, dir, doc, weights };
}

/** Raw rows of a CSV as a user reads them: strings keyed by header (no quoting in these files). */
function rawRows(text: string, delimiter: string): Row[] {
  const [header, ...lines] = text.replace(/\n$/, '').split('\n');
  const names = header!.split(delimiter);
  return lines.map((l) => Object.fromEntries(l.split(delimiter).map((c, i) => [names[i]!, c])));
}

/** The preprocessing description both ways a run reaches the exporter: from memory and from the stored artifact. */
function descriptions(p: PreparedData, prepIn: DataPrepInput): ExportPreprocessing {
  const prep = defaultDataPrep(prepIn);
  const fromMemory = preprocessingFromPrepared(p, prep);
  const stored = JSON.parse(JSON.stringify(preprocessingMeta(p, prep))) as ReturnType<typeof preprocessingMeta>;
  expect(preprocessingFromArtifact(stored, prep)).toEqual(fromMemory);
  return fromMemory;
}

/** The app's windows of every split and the module's, matched by start row; and both predictions. */
async function compareAll(p: PreparedData, pre: ExportPreprocessing, raw: Row[], prep?: DataPrepInput): Promise<void> {
  const { mod, model, doc, weights } = await exportedModule(p, pre);
  try {
    // 0. with a preparation given: the app's Predict (the run's stored preprocessing) gives the app's forecasts too
    if (prep) {
      const dataPrep = defaultDataPrep(prep);
      const run = { graph: doc, dataPrep, meta: preprocessingMeta(p, dataPrep), weights: { meta: { format: 'tfjs-weights', weightSpecs: weights.weightSpecs, epoch: 0 }, data: weights.data } };
      const predicted = await predictRawRows(tf, run, raw);
      if (p.task === 'regression') expect(predicted.columns).toEqual(p.outputNames);
      let checked = 0;
      for (const split of SPLITS) {
        const b = buildBatch(p, split);
        if (b.y.length === 0) continue;
        const y = tf.tidy(() => (model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync() as Float32Array);
        const want = p.task === 'regression' ? denormalizeTargets(p, y, split) : y;
        p.splits[split].forEach((s, k) => {
          const origin = p.rowIndex[s + p.lookback - 1]! + 1;
          const got = predicted.rows.find((r) => r.row === origin); // each raw row is one line: its number names the window
          expect(got, `window at row ${origin}`).toBeDefined();
          if (p.task !== 'regression') {
            // classification: P(classes[1]) (binary) or P(classes[0]), as the model gives it
            const prob = got!.probabilities![p.yWidth === 1 ? p.classes![1]! : p.classes![0]!]!;
            expect(Math.abs(prob - want[k * p.yWidth]!)).toBeLessThan(1e-5);
            checked++;
            return;
          }
          got!.values!.forEach((v, j) => expect(Math.abs(v - want[k * p.yWidth + j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[k * p.yWidth + j]!))));
          checked++;
        });
      }
      expect(checked).toBeGreaterThan(0);
    }
    // 1. the same matrix: same rows (dropped and sorted alike), same values
    const enc = mod.encodeRows(raw);
    expect(enc.length).toBe(p.features.length);
    let worst = 0;
    for (let i = 0; i < enc.length; i++) worst = Math.max(worst, Math.abs(enc[i]! - p.features[i]!));
    expect(worst).toBeLessThan(1e-5);
    // 2. the module's windows: every run of lookback rows inside one group, groups in the app's order
    const L = p.mode === 'sequence' ? p.lookback : 1;
    const moduleStarts: number[] = [];
    const history = historyRowsFor(p.windowTransform, p.seasonalPeriod);
    for (const g of p.groups) for (let s = g.start + history; s + L <= g.end; s++) moduleStarts.push(s);
    const preds = await mod.predict(raw);
    expect(preds.length).toBe(moduleStarts.length);
    // 3. each app window (every split) has the module's prediction for the same start row
    for (const split of SPLITS) {
      const starts = p.splits[split];
      if (starts.length === 0) continue;
      const b = buildBatch(p, split);
      const y = tf.tidy(() => (model.predict(tf.tensor(b.x, b.xShape)) as tf.Tensor).dataSync() as Float32Array);
      const want = p.task === 'regression' ? denormalizeTargets(p, y, split) : y;
      starts.forEach((s, k) => {
        const got = preds[moduleStarts.indexOf(s)]!;
        expect(got).toBeDefined();
        if (p.task === 'regression') {
          // in target units, computed in float32 by two different graphs (the app's fused layers, the module's stock
          // ones): 1e-5 relative to the value's size, absolute below 1
          p.outputNames.forEach((t, j) => {
            const w = want[k * p.yWidth + j]!;
            expect(Math.abs((got as Record<string, number>)[t]! - w)).toBeLessThan(1e-5 * Math.max(1, Math.abs(w)));
          });
        } else {
          const probs = (got as { probabilities: Record<string, number> }).probabilities;
          const pPos = p.yWidth === 1 ? probs[p.classes![1]!]! : probs[p.classes![0]!]!;
          expect(Math.abs(pPos - want[k * p.yWidth]!)).toBeLessThan(1e-5);
        }
      });
    }
  } finally {
    model.dispose();
  }
}

// ---- drift found in issue 13: one failing-before test each ----

describe('the exported module reads values as the app does', () => {
  it('decimal-comma numbers ("1,5", "1.234,5")', async () => {
    const lines = ['x;y'];
    for (let i = 0; i < 20; i++) lines.push(`${i % 3 === 0 ? '1.234,5' : `${i},${i % 10}`};${(i * 7) % 11},25`);
    const text = lines.join('\n') + '\n';
    const ds = await parseCsvText(text, { delimiter: ';', decimalComma: true });
    const prepIn: DataPrepInput = { task: 'regression', targets: ['y'], features: ['x'], lookback: 3 };
    const p = prepare(ds, prepIn);
    await compareAll(p, descriptions(p, prepIn), rawRows(text, ';'));
  });

  it('dates with time-zone offsets in every form the app accepts (and rows out of order)', async () => {
    const forms = ['2024-01-%dT01:00:00 +05:30', '2024/01/%dT01:00:00-0800', '2024-01-%d 23:30:00-05:00', '2024-01-%dT23:30Z', '2024-01-%d 12:00'];
    const lines = ['when,v'];
    const days = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11, 14, 13, 15];
    days.forEach((d, i) => lines.push(`${forms[i % forms.length]!.replace('%d', String(d).padStart(2, '0'))},${(d * 13) % 7}`));
    const text = lines.join('\n') + '\n';
    const ds = await parseCsvText(text);
    expect(ds.columns[0]!.type).toBe('datetime');
    const prepIn: DataPrepInput = { task: 'regression', targets: ['v'], features: ['v'], dateColumn: 'when', dateFeatures: { dayOfWeek: true, month: true }, lookback: 2 };
    const p = prepare(ds, prepIn);
    await compareAll(p, descriptions(p, prepIn), rawRows(text, ','));
  });

  it('a date composed from year/month/day columns (rows out of order, one without a day): the same order and date features; an impossible date refused naming row and columns', async () => {
    const lines = ['Year,mon,dom,v'];
    const days = [5, 3, 9, 1, 7, 2, 8, 4, 6, 10, 12, 11, 14, 13, 15, 17, 16];
    days.forEach((d, i) => {
      const t = new Date(Date.UTC(2024, 0, 20 + d)); // across the month boundary
      lines.push(`${t.getUTCFullYear()},${t.getUTCMonth() + 1},${i === 4 ? '' : t.getUTCDate()},${(d * 13) % 7}`);
    });
    const text = lines.join('\n') + '\n';
    const ds = await parseCsvText(text);
    const prepIn: DataPrepInput = { task: 'regression', targets: ['v'], features: ['v'], dateParts: { year: 'Year', month: 'mon', day: 'dom' }, dateFeatures: { dayOfWeek: true, month: true }, lookback: 2 };
    const p = prepare(ds, prepIn);
    expect(p.rowIndex.length).toBe(days.length - 1);
    expect(p.frequency).toBe('daily');
    const pre = descriptions(p, prepIn);
    expect(pre.dateParts).toEqual({ year: 'Year', month: 'mon', day: 'dom' });
    const raw = rawRows(text, ',');
    await compareAll(p, pre, raw);
    const { mod, model } = await exportedModule(p, pre);
    try {
      const bad = raw.map((r, i) => (i === 2 ? { ...r, mon: '2', dom: '30' } : r));
      expect(() => mod.encodeRows(bad)).toThrow('Row 3, date from columns "Year", "mon", "dom": 2024-02-30 is not a date.');
    } finally {
      model.dispose();
    }
  });

  it('booleans: every spelling the app accepts, a missing value filled with the training mean, and "1" refused in a column of words', async () => {
    const spell = ['true', 'False', 'YES', 'no', 'T', 'f', 'y', 'N', '', 'NA', 'TRUE', 'n'];
    const lines = ['flag,v'];
    for (let i = 0; i < 24; i++) lines.push(`${spell[i % spell.length]},${(i * 5) % 9}`);
    const text = lines.join('\n') + '\n';
    const ds = await parseCsvText(text);
    expect(ds.columns[0]!.type).toBe('boolean');
    const prepIn: DataPrepInput = { task: 'regression', targets: ['v'], features: ['flag', 'v'], lookback: 2, missing: 'mean' };
    const p = prepare(ds, prepIn);
    const pre = descriptions(p, prepIn);
    await compareAll(p, pre, rawRows(text, ','));
    // the app reads this column as words: "1" is not one of its values
    const { mod, model } = await exportedModule(p, pre);
    model.dispose();
    expect(() => mod.encodeRows([{ flag: '1', v: '2' }])).toThrow(/flag.*not a boolean/);
  });
});

// ---- property: random CSVs ----

const BOOL_WORDS = ['true', 'false', 'yes', 'no', 't', 'f', 'y', 'n'];
const casing = (s: string, k: number): string => (k % 3 === 0 ? s.toUpperCase() : k % 3 === 1 ? s : s[0]!.toUpperCase() + s.slice(1));

const caseArb = fc.record({
  rows: fc.integer({ min: 14, max: 36 }),
  seed: fc.integer({ min: 1, max: 1e9 }),
  decimalComma: fc.boolean(),
  group: fc.boolean(),
  dateForm: fc.constantFrom('date', 'utc', 'offset', 'mixed'),
  missingRate: fc.constantFrom(0, 0.1, 0.25),
  missing: fc.constantFrom('drop', 'ffill', 'mean') as fc.Arbitrary<'drop' | 'ffill' | 'mean'>,
  normalization: fc.constantFrom('zscore', 'minmax', 'none') as fc.Arbitrary<'zscore' | 'minmax' | 'none'>,
  mode: fc.constantFrom('sequence', 'sequence', 'tabular') as fc.Arbitrary<'sequence' | 'tabular'>,
  task: fc.constantFrom('regression', 'regression', 'binary') as fc.Arbitrary<'regression' | 'binary'>,
  lookback: fc.integer({ min: 1, max: 3 }),
  horizon: fc.integer({ min: 1, max: 2 }),
  dow: fc.boolean(),
  month: fc.boolean(),
  shuffle: fc.boolean(),
});

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CSV with a date, an optional group, a number, a boolean, a category, a number-as-category and a target. */
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
function randomCsv(c: Case): { text: string; delimiter: string } {
  const r = rng(c.seed);
  const d = c.decimalComma ? ';' : ',';
  const num = (x: number): string => (c.decimalComma ? x.toFixed(2).replace('.', ',') : x.toFixed(2));
  const miss = (): string => ['', 'NA', 'null', '?'][Math.floor(r() * 4)]!;
  const lines = [['date', 'station', 'temp', 'rain', 'sky', 'dow', 'target'].join(d)];
  const groups = ['north', 'South', 'east'];
  for (let i = 0; i < c.rows; i++) {
    const g = groups[i % groups.length]!;
    const day = 1 + Math.floor(i / (c.group ? 3 : 1)) + (c.group ? 0 : 0);
    const dd = `2023-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
    const hh = String(Math.floor(r() * 24)).padStart(2, '0');
    const tz = ['Z', '+02:00', '-0530', ' +01:00', ''][Math.floor(r() * 5)]!;
    const date =
      c.dateForm === 'date' ? dd : c.dateForm === 'utc' ? `${dd}T${hh}:15Z` : c.dateForm === 'offset' ? `${dd} ${hh}:45:10${tz || '-03:00'}` : r() < 0.5 ? dd : `${dd.replace(/-/g, '/')}T${hh}:05${tz}`;
    const m = (): boolean => r() < c.missingRate;
    const station = c.group && r() < c.missingRate / 2 ? '' : g;
    const temp = m() ? miss() : num((r() - 0.5) * 40);
    const rain = m() ? miss() : casing(BOOL_WORDS[Math.floor(r() * 8)]!, Math.floor(r() * 3));
    const sky = m() ? miss() : ['clear', 'rain', 'fog', 'Snow'][Math.floor(r() * 4)]!;
    const dow = m() ? '' : ['1', '2', '03', '4', '5'][Math.floor(r() * 5)]!;
    const target = c.task === 'binary' ? (r() < 0.5 ? 'up' : 'down') : num((r() - 0.5) * 60);
    lines.push([date, station, temp, rain, sky, dow, target].join(d));
  }
  if (c.shuffle) {
    const body = lines.slice(1);
    for (let i = body.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [body[i], body[j]] = [body[j]!, body[i]!];
    }
    lines.splice(1, body.length, ...body);
  }
  // every column has at least one value (an all-missing column is free text and cannot be a feature)
  lines.push([c.dateForm === 'date' ? '2024-06-30' : '2024-06-30T10:00Z', 'north', num(1.5), 'yes', 'fog', '2', c.task === 'binary' ? 'up' : num(3)].join(d));
  lines.push([c.dateForm === 'date' ? '2024-07-01' : '2024-07-01T10:00Z', 'north', num(-2.25), 'No', 'clear', '5', c.task === 'binary' ? 'down' : num(-4)].join(d));
  return { text: lines.join('\n') + '\n', delimiter: d };
}

describe('property: the app and the exported module agree on random CSVs', () => {
  it('same input matrix, windows and predictions (within 1e-5)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { text, delimiter } = randomCsv(c);
        const ds = await parseCsvText(text, { delimiter, decimalComma: c.decimalComma });
        const prepIn: DataPrepInput = {
          task: c.task,
          targets: ['target'],
          features: ['temp', 'rain', 'sky', 'dow'],
          mode: c.mode,
          lookback: c.lookback,
          horizon: c.horizon,
          dateColumn: 'date',
          dateFeatures: { dayOfWeek: c.dow, month: c.month },
          missing: c.missing,
          normalization: c.normalization,
          columnTypes: { dow: 'category' },
          ...(c.group ? { groupColumn: 'station' } : {}),
        };
        let p: PreparedData;
        try {
          p = prepare(ds, prepIn);
        } catch (e) {
          if (e instanceof DataError) return; // too few rows for this windowing: nothing to compare
          throw e;
        }
        compared++;
        await compareAll(p, descriptions(p, prepIn), rawRows(text, delimiter));
      }),
      { numRuns: Number(process.env.PARITY_RUNS ?? 25), seed: process.env.PARITY_SEED ? Number(process.env.PARITY_SEED) : undefined },
    );
    expect(compared).toBeGreaterThan(0);
    if (process.env.PARITY_RUNS) console.log(`parity: ${compared} random CSVs compared`);
  });
});

describe('window transforms with a multi-step horizon: the app and the exported module agree', () => {
  /** Two groups of a trending, seasonal series y with an input x; rows out of order. */
  function series(): string {
    const lines = ['date,station,x,y,mood'];
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (const [g, base] of [['north', 100], ['south', 40]] as const)
      for (let t = 0; t < 160; t++) {
        const day = new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10);
        const y = base + 0.8 * t + 5 * Math.sin((2 * Math.PI * t) / 7) + rnd();
        lines.push(`${day},${g},${(y / 3 + rnd()).toFixed(3)},${y.toFixed(3)},${t % 3 === 0 ? 'calm' : 'busy'}`);
      }
    const [head, ...body] = lines;
    return [head, ...body.reverse()].join('\n') + '\n';
  }

  for (const transform of WINDOW_TRANSFORMS)
    for (const withTarget of transform === 'level' ? [true] : [true, false])
      it(`${transform}${transform === 'window-mean' ? ' (scaled)' : ''}, steps 1, 2, 5, target ${withTarget ? 'among' : 'not among'} the inputs`, async () => {
        const text = series();
        const ds = await parseCsvText(text, { delimiter: ',' });
        const prepIn: DataPrepInput = {
          task: 'regression',
          targets: ['y'],
          features: withTarget ? ['x', 'y', 'mood'] : ['x', 'mood'],
          lookback: 6,
          horizonSteps: [1, 2, 5],
          dateColumn: 'date',
          groupColumn: 'station',
          seasonalPeriod: 7,
          windowTransform: transform,
          windowScale: transform === 'window-mean',
        };
        const p = prepare(ds, prepIn);
        expect(p.windowTransform).toBe(transform);
        expect(p.outputNames).toEqual(['y t+1', 'y t+2', 'y t+5']);
        expect(p.splits.test.length).toBeGreaterThan(0);
        await compareAll(p, descriptions(p, prepIn), rawRows(text, ','), prepIn);
      });
});

describe('a text input: the app, its Predict and the exported module encode raw text alike (issue 18)', () => {
  for (const text of [
    { column: 'text', sequenceLength: 12 },
    { column: 'text', tokenizer: 'chars', lowercase: false, sequenceLength: 30, padding: 'pre', truncating: 'pre', maxVocab: 40 },
    { column: 'text', minCount: 2, maxVocab: 12, padding: 'pre' },
  ] as const)
    it(`${text.tokenizer ?? 'words'}, ${text.padding ?? 'post'} padding, ${text.truncating ?? 'post'} truncating${text.maxVocab ? `, vocabulary ${text.maxVocab}` : ''}: the same ids and predictions`, async () => {
      const csv = textFixtureCsv(80);
      const ds = await parseCsvText(csv, { delimiter: '\t' });
      const prepIn: DataPrepInput = { task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text };
      const p = prepare(ds, prepIn);
      expect(p.text).not.toBeNull();
      expect(p.featureInfo.every((f) => f.kind === 'token')).toBe(true);
      // with a small vocabulary some ids are out of vocabulary; short texts are padded
      if ('maxVocab' in text) expect(Array.from(p.features).some((v) => v === 1)).toBe(true);
      expect(Array.from(p.features).some((v) => v === 0)).toBe(true);
      await compareAll(p, descriptions(p, prepIn), rawRows(csv, '\t'), prepIn);
    });
});

describe('a typed sentence through an Embedding → GRU model (issue 18 done-when)', () => {
  it('the app\'s Predict and the exported TypeScript module give the same probability', async () => {
    const csv = textFixtureCsv(80);
    const ds = await parseCsvText(csv, { delimiter: '\t' });
    const prepIn: DataPrepInput = { task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text: { column: 'text', sequenceLength: 16, padding: 'pre' } };
    const p = prepare(ds, prepIn);
    const pre = descriptions(p, prepIn);
    const V = p.text!.vocabulary.tokens.length;
    const doc = graphOf(
      'text',
      [
        { kind: 'Input', params: { shape: [16] } },
        { kind: 'Embedding', params: { inputDim: V, outputDim: 4 } },
        { kind: 'GRU', params: { units: 3 } },
        { kind: 'Dense', params: { units: 1, activation: 'sigmoid' } },
      ],
      [[0, 1], [1, 2], [2, 3]],
    );
    const { model } = compileToTfjs(tf, doc);
    const weights = await encodeModelWeights(tf, model);
    const dir = join(TMP, `text-${seq++}`);
    for (const f of await exportRun(tf, { graph: doc, weights, pre, title: 'text', formats: ['ts'] })) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.bytes);
    }
    const out = join(dir, 'model.mjs');
    await esbuild.build({ entryPoints: [join(dir, 'typescript/model.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', external: ['@tensorflow/tfjs'], logLevel: 'silent' });
    const mod = (await import(pathToFileURL(out).href)) as Module;
    await mod.loadModel({ weightsPath: join(dir, 'typescript/group1-shard1of1.bin') });
    try {
      const sentence = "FREE money!!! Don’t miss the prize — ＷＩＮ now, it's 東京 time";
      const dataPrep = defaultDataPrep(prepIn);
      // the run's graph as stored keeps a placeholder vocabulary size: Predict fits it to the stored vocabulary
      const stored = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'Embedding' ? { ...n, params: { ...n.params, inputDim: 1000 } } : n)) };
      const run = { graph: stored, dataPrep, meta: preprocessingMeta(p, dataPrep), weights: { meta: { format: 'tfjs-weights', weightSpecs: weights.weightSpecs, epoch: 0 }, data: weights.data } };
      const app = await predictRawRows(tf, run, [{ text: sentence }]);
      const mine = (await mod.predict([{ text: sentence }])) as { label: string; probabilities: Record<string, number> }[];
      const direct = tf.tidy(() => (model.predict(tf.tensor2d([Array.from(encodeText(sentence, p.text!.vocabulary, p.text!.options, 16))], [1, 16])) as tf.Tensor).dataSync()[0]!);
      expect(app.rows).toHaveLength(1);
      expect(mine).toHaveLength(1);
      const pos = p.classes![1]!;
      expect(Math.abs(app.rows[0]!.probabilities![pos]! - direct)).toBeLessThan(1e-6);
      expect(Math.abs(mine[0]!.probabilities[pos]! - direct)).toBeLessThan(1e-6);
      // the sentence has known words and unknown ones
      const ids = Array.from(encodeText(sentence, p.text!.vocabulary, p.text!.options, 16));
      expect(ids.filter((i) => i > 1).length).toBeGreaterThan(2);
      expect(ids).toContain(1);
    } finally {
      model.dispose();
    }
  });
});

describe('"treat unparseable cells as missing": the exported module and Predict read such cells as the app did', () => {
  // x: numbers with stray text ("—", "bad", "12abc"); ok: yes/no with "maybe" — both inferred as categories
  const UNPARSEABLE_CSV = (() => {
    const lines = ['day,x,ok,y'];
    for (let i = 0; i < 40; i++) {
      const x = i % 7 === 3 ? '—' : i % 11 === 5 ? 'bad' : i === 17 ? '12abc' : String((i * 37) % 13);
      const ok = i % 9 === 4 ? 'maybe' : i % 3 ? 'yes' : 'no';
      lines.push(`2024-02-0${1 + Math.floor(i / 24)}T${String(i % 24).padStart(2, '0')}:00,${x},${ok},${(i * 5) % 17}`);
    }
    return lines.join('\n') + '\n';
  })();

  /** The stored dataset and the preparation after the Data tab's overrides of x (number) and ok (boolean). */
  async function overridden(coerce: boolean, missing: 'drop' | 'ffill' | 'mean'): Promise<{ stored: Awaited<ReturnType<typeof parseCsvText>>; prep: DataPrep }> {
    let stored = await parseCsvText(UNPARSEABLE_CSV);
    expect(stored.columns.map((c) => c.type)).toEqual(['datetime', 'category', 'category', 'integer']);
    let prep = defaultDataPrep({ task: 'regression', targets: ['y'], features: ['x', 'ok', 'y'], dateColumn: 'day', lookback: 2, horizonSteps: [1, 2], missing });
    // the app converts the stored dataset with coerce (the user's choice) and records the override in the preparation
    for (const [col, type] of [['x', 'number'], ['ok', 'boolean']] as const) {
      stored = setColumnType(stored, col, type, { coerce: true });
      prep = recordColumnType(prep, stored, col, type, coerce);
    }
    return { stored, prep };
  }

  for (const missing of ['drop', 'ffill', 'mean'] as const)
    it(`such cells are missing, then the run's policy (${missing}) applies`, async () => {
      const { stored, prep } = await overridden(true, missing);
      expect(prep.unparseableAsMissing).toEqual(['x', 'ok']);
      const p = prepare(stored, prep);
      const pre = descriptions(p, prep);
      expect(pre.columns.filter((c) => c.unparseableAsMissing).map((c) => c.name)).toEqual(['x', 'ok']);
      await compareAll(p, pre, rawRows(UNPARSEABLE_CSV, ','), prep);
    });

  it('a target whose unreadable cells were made missing, read back as window history (difference transform)', async () => {
    const text = UNPARSEABLE_CSV.trimEnd()
      .split('\n')
      .map((l, i) => `${l},${i === 0 ? 'z' : i % 10 === 6 ? '—' : String(i % 7)}`)
      .join('\n') + '\n';
    let stored = await parseCsvText(text);
    let prep = defaultDataPrep({ task: 'regression', targets: ['z'], features: ['x'], dateColumn: 'day', lookback: 3, horizonSteps: [1, 2], windowTransform: 'difference', missing: 'ffill' });
    for (const col of ['x', 'z']) {
      stored = setColumnType(stored, col, 'number', { coerce: true });
      prep = recordColumnType(prep, stored, col, 'number', true);
    }
    const p = prepare(stored, prep);
    const pre = descriptions(p, prep);
    expect(pre.unparseableAsMissing).toEqual(['x', 'z']);
    await compareAll(p, pre, rawRows(text, ','), prep);
  });

  it('without the choice (and in runs stored before it) such a cell is refused, naming row and column', async () => {
    const { stored, prep } = await overridden(false, 'mean');
    expect(prep.unparseableAsMissing).toEqual([]);
    const p = prepare(stored, prep);
    const pre = descriptions(p, prep);
    expect(pre.columns.some((c) => c.unparseableAsMissing)).toBe(false);
    const { mod, model, doc, weights } = await exportedModule(p, pre);
    try {
      expect(() => mod.encodeRows(rawRows(UNPARSEABLE_CSV, ','))).toThrow('Row 4, column "x": "—" is not a number.');
      const run = { graph: doc, dataPrep: prep, meta: preprocessingMeta(p, prep), weights: { meta: { format: 'tfjs-weights', weightSpecs: weights.weightSpecs, epoch: 0 }, data: weights.data } };
      await expect(predictRawRows(tf, run, rawRows(UNPARSEABLE_CSV, ','))).rejects.toThrow('Row 4, column "x": "—" is not a number.');
    } finally {
      model.dispose();
    }
  });
});
