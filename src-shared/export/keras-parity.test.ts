/**
 * The generated Keras script (model.py) against the app: the same CSV must give the same windows per
 * split (x within 1e-5, labels exactly), the same train/validation/test membership, and the exported
 * weight layout must compute the tfjs model's outputs with plain numpy. Runs Debian's Python with numpy
 * (src-shared/testing/numpy-python.ts); Keras is replaced by a stub that records calls, so no
 * TensorFlow is needed.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../compiler/to-tfjs';
import { buildBatch, defaultDataPrep, denormalizeTargets, mulberry32, parseCsvText, prepare, setColumnType, SPLITS, WINDOW_TRANSFORMS, type DataPrepInput, type PreparedData, type SplitName } from '../data/index';
import { resolveClassWeights, withValidation } from '../train/loop';
import type { ClassWeights } from '../train/settings';
import { DataError } from '../data/errors';
import { graphOf } from '../graph/builder';
import type { GraphDocument } from '../graph/document';
import { numpyPython } from '../testing/numpy-python';
import { KERAS_STUB_PY } from '../testing/keras-stub';
import { TEXT_FIXTURE, textFixtureCsv } from '../testing/text-fixture';
import { tokenize } from '../text/tokenize';
import { encodeModelWeights, generateKerasScript, preprocessingFromPrepared, type ExportFile, type ExportPreprocessing } from './index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, '.tmp', `keras-parity-${process.pid}`);
const PY = numpyPython;
if (!PY.ok) console.warn(`keras-parity.test: ${PY.why}`);

beforeAll(async () => {
  await tf.setBackend('cpu');
  mkdirSync(TMP, { recursive: true });
});
afterAll(() => rmSync(TMP, { recursive: true, force: true }));


/** Prints {split: {x, y, rows}} for a CSV: make_splits() of the new script; the old one trained on make_samples(), every window. */
const SPLITS_PY = String.raw`
m = load(sys.argv[1])
table = m.read_csv(sys.argv[2])
flat = lambda a: [None if v != v else v for v in np.asarray(a, dtype=np.float64).reshape(-1).tolist()]  # NaN is not JSON
if hasattr(m, "make_splits"):
    out = {k: {"x": flat(x), "y": flat(y), "rows": [int(r) for r in rows]} for k, (x, y, rows) in m.make_splits(table).items()}
else:  # before issue 13: fit() saw every window of make_samples() (validation_split took the last 15%)
    x, y = m.make_samples(table)
    out = {"train": {"x": flat(x), "y": flat(y), "rows": None}}
print(json.dumps(out))
`;

interface PySplit {
  x: (number | null)[];
  y: (number | null)[];
  rows: number[] | null;
}

function writeFiles(dir: string, files: ExportFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
  }
}

function python(code: string, args: string[]): string {
  try {
    return execFileSync(PY.path, ['-c', KERAS_STUB_PY + code, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`python failed: ${err.stderr ?? err.message}`);
  }
}

/** A small graph whose input and output fit the prepared data (its weights are not used by the preprocessing). */
function graphFor(p: PreparedData): GraphDocument {
  const out = { kind: 'Dense', params: { units: p.yWidth, activation: p.task === 'binary' ? 'sigmoid' : p.task === 'multiclass' ? 'softmax' : 'linear' } };
  return p.mode === 'sequence'
    ? graphOf('parity', [{ kind: 'Input', params: { shape: [p.lookback, p.nFeatures] } }, { kind: 'GRU', params: { units: 2 } }, out], [[0, 1], [1, 2]])
    : graphOf('parity', [{ kind: 'Input', params: { shape: [p.nFeatures] } }, out], [[0, 1]]);
}

type KerasTraining = NonNullable<Parameters<typeof generateKerasScript>[0]['training']>;

let caseNo = 0;
/** Parses the CSV as the app does, prepares it, writes the Keras export and the CSV; returns the folder. */
async function exported(csv: string, prepIn: DataPrepInput, training?: KerasTraining): Promise<{ p: PreparedData; dir: string; pre: ExportPreprocessing }> {
  const ds = await parseCsvText(csv);
  const prep = defaultDataPrep(prepIn);
  const p = prepare(ds, prep);
  const dir = join(TMP, `case-${++caseNo}`);
  const pre = preprocessingFromPrepared(p, prep, ds);
  writeFiles(dir, generateKerasScript({ graph: graphFor(p), weights: { weightSpecs: [], data: new Uint8Array(0) }, pre, title: 'parity', ...(training ? { training } : {}) }, 'keras'));
  writeFileSync(join(dir, 'data.csv'), csv);
  return { p, dir, pre };
}

function pythonSplits(dir: string): Partial<Record<SplitName, PySplit>> {
  const out = python(SPLITS_PY, [join(dir, 'keras/model.py'), join(dir, 'data.csv')]);
  return JSON.parse(out.trim().split('\n').pop()!) as Partial<Record<SplitName, PySplit>>;
}

/** The first difference between the app's windows and Python's, per split; [] when they agree. */
function differences(p: PreparedData, py: Partial<Record<SplitName, PySplit>>): string[] {
  const bad: string[] = [];
  const exactY = p.task !== 'regression';
  for (const split of SPLITS) {
    const b = buildBatch(p, split);
    const rows = Array.from(p.splits[split], (s) => p.rowIndex[s]!);
    const got = py[split];
    if (!got) {
      if (rows.length) bad.push(`${split}: Python has no ${split} split (app: ${rows.length} windows)`);
      continue;
    }
    if (got.rows && JSON.stringify(got.rows) !== JSON.stringify(rows)) bad.push(`${split}: windows start at rows ${JSON.stringify(got.rows.slice(0, 12))}…, app ${JSON.stringify(rows.slice(0, 12))}…`);
    if (got.x.length !== b.x.length || got.y.length !== b.y.length) {
      bad.push(`${split}: ${got.y.length / p.yWidth} windows, app ${b.y.length / p.yWidth}`);
      continue;
    }
    const per = b.x.length / Math.max(1, rows.length);
    const ix = got.x.findIndex((v, i) => v === null || !(Math.abs(v - b.x[i]!) < 1e-5));
    if (ix >= 0) bad.push(`${split}: x of window ${Math.floor(ix / per)}, feature ${p.featureNames[ix % p.nFeatures]}: ${got.x[ix]} vs app ${b.x[ix]}`);
    const iy = got.y.findIndex((v, i) => v === null || (exactY ? v !== b.y[i] : !(Math.abs(v - b.y[i]!) < 1e-5)));
    if (iy >= 0) bad.push(`${split}: y of window ${Math.floor(iy / p.yWidth)}: ${got.y[iy]} vs app ${b.y[iy]}${p.classes ? ` (classes ${JSON.stringify(p.classes)})` : ''}`);
  }
  return bad;
}

async function parity(csv: string, prepIn: DataPrepInput): Promise<{ p: PreparedData; pre: ExportPreprocessing; bad: string[] }> {
  const { p, dir, pre } = await exported(csv, prepIn);
  return { p, pre, bad: differences(p, pythonSplits(dir)) };
}

describe.skipIf(!PY.ok)('Keras export: model.py prepares data exactly as the app (issue 13)', () => {
  it('groups: rows sort by group then date (stable), windows never cross groups', async () => {
    // two sensors interleaved and out of date order; group "b" first in the file
    const lines = ['date,sensor,value'];
    for (let i = 0; i < 30; i++) {
      const day = String(1 + ((i * 7) % 30)).padStart(2, '0');
      lines.push(`2023-04-${day},b,${i * 1.5}`, `2023-04-${day},a,${100 - i}`);
    }
    const { p, bad } = await parity(lines.join('\n') + '\n', { task: 'regression', targets: ['value'], features: ['value'], dateColumn: 'date', groupColumn: 'sensor', lookback: 3 });
    expect(p.groups.map((g) => g.name)).toEqual(['a', 'b']);
    expect(bad).toEqual([]);
  });

  it('labels: booleans are true/false, numbers String(n), categories their text', async () => {
    const bool = ['x,ok'];
    const num = ['x,grade'];
    const spell = ['yes', 'No', 'TRUE', 'f', 'Y', 'false', 't', 'n'];
    for (let i = 0; i < 40; i++) {
      bool.push(`${i % 7},${spell[i % spell.length]}`);
      num.push(`${i % 5},${['1.0', '2', '3.50', '10'][i % 4]}`);
    }
    const b = await parity(bool.join('\n') + '\n', { task: 'binary', mode: 'tabular', targets: ['ok'], features: ['x'] });
    expect(b.p.classes).toEqual(['false', 'true']);
    expect(b.bad).toEqual([]);
    // the script types a later CSV as the app typed this one (the dataset's types, overrides on top)
    expect(b.pre.columnTypes).toEqual({ x: 'integer', ok: 'boolean' });
    expect(b.pre.csv).toEqual({ delimiter: ',', header: true });
    expect(b.pre.decimalComma).toBe(false);
    const m = await parity(num.join('\n') + '\n', { task: 'multiclass', mode: 'tabular', targets: ['grade'], features: ['x'] });
    expect(m.p.classes).toEqual(['1', '2', '3.5', '10']);
    const asText = await parity(num.join('\n') + '\n', { task: 'multiclass', mode: 'tabular', targets: ['grade'], features: ['x'], columnTypes: { grade: 'category' } });
    expect(asText.pre.columnTypes).toEqual({ x: 'integer', grade: 'category' });
    expect(asText.p.classes).toEqual(['1', '10', '2', '3.5']);
    expect(asText.bad).toEqual([]);
    expect(m.bad).toEqual([]);
  });

  const MISSING_CSV = (() => {
    const lines = ['t,g,a,flag,color,y'];
    const miss = ['', 'NA', 'n/a', '?', 'null'];
    for (let i = 0; i < 48; i++) {
      const g = i % 2 ? 'east' : 'west';
      const a = i % 5 === 1 || i < 2 ? miss[i % miss.length] : String((i * 37) % 11);
      const flag = i % 7 === 3 ? '' : i % 3 ? 'yes' : 'no';
      const color = i % 9 === 4 ? 'NA' : ['red', 'green'][i % 2];
      const y = i % 13 === 6 ? '' : String(i % 4);
      const t = i === 20 ? 'NA' : `2022-01-${String(1 + Math.floor(i / 2)).padStart(2, '0')}`;
      lines.push(`${t},${i === 31 ? '' : g},${a},${flag},${color},${y}`);
    }
    return lines.join('\n') + '\n';
  })();
  for (const missing of ['drop', 'ffill', 'mean'] as const)
    it(`missing values (${missing}): as the app, within groups; rows without target, date or group dropped`, async () => {
      const { bad } = await parity(MISSING_CSV, { task: 'regression', targets: ['y'], features: ['a', 'flag', 'color'], dateColumn: 't', groupColumn: 'g', lookback: 2, missing });
      expect(bad).toEqual([]);
    });

  it('splits: the same train / validation / test windows per group (sequence) and the same seeded shuffle (tabular)', async () => {
    const lines = ['k,v'];
    for (let i = 0; i < 50; i++) lines.push(`${i % 3},${Math.sin(i).toFixed(4)}`);
    const csv = lines.join('\n') + '\n';
    const seq = await parity(csv, { task: 'regression', targets: ['v'], features: ['v', 'k'], lookback: 4, horizon: 2, stride: 2, split: { train: 0.6, validation: 0.2, test: 0.2 } });
    expect(seq.bad).toEqual([]);
    const tab = await parity(csv, { task: 'regression', mode: 'tabular', targets: ['v'], features: ['k'], shuffleSeed: 1234 });
    expect(tab.bad).toEqual([]);
  });

  it('main() continues training on the training windows only, validating on the validation windows', async () => {
    const lines = ['v'];
    for (let i = 0; i < 60; i++) lines.push(String(Math.cos(i / 3).toFixed(3)));
    const { p, dir } = await exported(lines.join('\n') + '\n', { task: 'regression', targets: ['v'], features: ['v'], lookback: 5 });
    const run = (extra: string[]) => {
      const code = String.raw`
m = load(sys.argv[1])
m.load_weights = lambda model, *a, **k: model
sys.argv = ["model.py", "--csv", sys.argv[2], "--epochs", "1"] + sys.argv[3:]
m.main()
print(json.dumps([c for c in CALLS if c["path"].endswith(".fit")]))
`;
      const out = python(code, [join(dir, 'keras/model.py'), join(dir, 'data.csv'), ...extra]);
      return JSON.parse(out.trim().split('\n').pop()!) as { args: { shape: number[] }[]; kwargs: Record<string, unknown> }[];
    };
    const [fit] = run([]);
    expect(fit!.args[0]!.shape).toEqual([p.splits.train.length, 5, 1]);
    expect(fit!.kwargs.validation_split).toBeUndefined();
    expect(fit!.kwargs.validation_data).toEqual([{ shape: [p.splits.validation.length, 5, 1] }, { shape: [p.splits.validation.length, 1] }]);
    // --all-data: every window of every group, nothing held back
    const [all] = run(['--all-data']);
    expect(all!.args[0]!.shape).toEqual([60 - 5, 5, 1]);
    expect(all!.kwargs.validation_data).toBeUndefined();
  });

  it('parsing follows values.ts: decimal comma, missing markers, infinities, boolean words, dates with offsets (UTC day of week, Sunday = 0)', async () => {
    const lines = ['when;temp;windy;note'];
    const whens = ['2021-03-07T23:30:00-05:00', '2021-03-07 22:00', '2021/3/9', '2021-03-10T01:00:00+0530', '2021-03-10T12:00:00.5Z', '2021-03-12'];
    const temps = ['1,5', '-0,25', 'NA', '3', 'inf', '1.234,5', ' 7,75 ', '?', '-Infinity', '1e3'];
    const winds = ['Yes', 'no', 'T', 'f', 'Y', 'N', 'TRUE', 'False', 'n/a', 'y'];
    for (let i = 0; i < 60; i++) {
      const w = whens[i % whens.length]!.replace('2021-03-', `2021-${String(1 + Math.floor(i / 6)).padStart(2, '0')}-`).replace('2021/3/', `2021/${1 + Math.floor(i / 6)}/`);
      lines.push(`${w};${temps[i % temps.length]};${winds[i % winds.length]};${i % 4 === 0 ? 'x' : 'y'}`);
    }
    const csv = lines.join('\n') + '\n';
    const ds = await parseCsvText(csv);
    expect(ds.format.decimalComma).toBe(true);
    for (const missing of ['drop', 'mean'] as const) {
      const { bad } = await parity(csv, {
        task: 'binary',
        targets: ['note'],
        features: ['temp', 'windy'],
        dateColumn: 'when',
        dateFeatures: { dayOfWeek: true, month: true },
        lookback: 2,
        missing,
      });
      expect(bad).toEqual([]);
    }
  });

  it('dateParts: rows are ordered and date features computed from year/month/day/hour columns, as the app; an impossible date stops both', async () => {
    // hourly rows of two sensors, shuffled; one row lacks its hour (dropped by both)
    const lines = ['yr,Month,day,hour,sensor,v'];
    const rows: string[] = [];
    for (let i = 0; i < 40; i++) {
      const t = Date.UTC(2024, 1, 28, 20) + i * 3_600_000;
      const d = new Date(t);
      for (const g of ['a', 'b'])
        rows.push(`${d.getUTCFullYear()},${d.getUTCMonth() + 1},${d.getUTCDate()},${i === 7 && g === 'b' ? '' : d.getUTCHours()},${g},${(i * 1.3 + (g === 'a' ? 0 : 50)) % 17}`);
    }
    const rand = mulberry32(5);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const csv = [...lines, ...rows].join('\n') + '\n';
    const prep: DataPrepInput = {
      task: 'regression',
      targets: ['v'],
      features: ['v'],
      dateParts: { year: 'yr', month: 'Month', day: 'day', hour: 'hour' },
      dateFeatures: { dayOfWeek: true, month: true },
      groupColumn: 'sensor',
      lookback: 3,
    };
    const { p, pre, bad } = await parity(csv, prep);
    expect(pre.dateParts).toEqual({ year: 'yr', month: 'Month', day: 'day', hour: 'hour' });
    expect(p.frequency).toBe('hourly');
    expect(p.rowIndex.length).toBe(79);
    expect(bad).toEqual([]);

    const broken = csv.replace(/\n2024,2,29,/, '\n2023,2,29,');
    await expect(exported(broken, prep)).rejects.toThrow(/Row \d+, date from columns "yr", "Month", "day", "hour": 2023-02-29 is not a date/);
    const { dir } = await exported(csv, prep);
    writeFileSync(join(dir, 'data.csv'), broken);
    expect(() => pythonSplits(dir)).toThrow(/Row \d+, date from columns "yr", "Month", "day", "hour": 2023-02-29 is not a date/);
  });

  it('the bundled samples: the Seattle weather forecast and weather classification of the app', async () => {
    const csv = readFileSync(join(ROOT, 'resources/samples/seattle-weather.csv'), 'utf8');
    const forecast = await parity(csv, {
      task: 'regression',
      targets: ['temp_max'],
      features: ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'],
      dateColumn: 'date',
      dateFeatures: { dayOfWeek: true, month: true },
      lookback: 7,
    });
    expect(forecast.bad).toEqual([]);
    const weather = await parity(csv, { task: 'multiclass', mode: 'tabular', targets: ['weather'], features: ['precipitation', 'temp_max', 'temp_min', 'wind'], dateColumn: 'date' });
    expect(weather.bad).toEqual([]);
  });

  it('quoted names and labels (quotes, delimiters, newlines, backticks, spaces) and a numbers-then-text category column', async () => {
    const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;
    const labels = ['a "quoted", label', 'line\nbreak', ' `${x}` ', "it's"];
    const lines = [[' f"1 ', 'kind', 'lab,el'].map(quote).join(',')];
    // "kind" starts with numbers ("1.50" is read as 1.5 until the first text value), as the CSV import does
    for (let i = 0; i < 40; i++) lines.push([String(i % 7), i < 5 ? ['1.50', '2', '1.50', '3', '2'][i]! : ['x', '1.50', 'y'][i % 3]!, labels[i % 4]!].map(quote).join(','));
    const { p, bad } = await parity(lines.join('\n') + '\n', { task: 'multiclass', targets: ['lab,el'], features: ['f"1', 'kind'], lookback: 3 });
    expect(p.featureNames).toContain('kind=1.5');
    expect(p.featureNames).toContain('kind=1.50');
    expect(bad).toEqual([]);
  });
});

describe.skipIf(!PY.ok)('Keras export: "treat unparseable cells as missing" as the app did', () => {
  // x: numbers with stray text ("—", "bad", "12abc"); ok: yes/no with "maybe" — both inferred as categories
  const lines = ['day,x,ok,y'];
  for (let i = 0; i < 40; i++) {
    const x = i % 7 === 3 ? '—' : i % 11 === 5 ? 'bad' : i === 17 ? '12abc' : String((i * 37) % 13);
    const ok = i % 9 === 4 ? 'maybe' : i % 3 ? 'yes' : 'no';
    lines.push(`2024-02-0${1 + Math.floor(i / 24)}T${String(i % 24).padStart(2, '0')}:00,${x},${ok},${(i * 5) % 17}`);
  }
  const CSV = lines.join('\n') + '\n';
  const base: DataPrepInput = { task: 'regression', targets: ['y'], features: ['x', 'ok', 'y'], dateColumn: 'day', lookback: 2, columnTypes: { x: 'number', ok: 'boolean' } };

  for (const missing of ['drop', 'ffill', 'mean'] as const)
    it(`such cells are missing in model.py too, then the run's policy (${missing}) applies`, async () => {
      const { p, pre, bad } = await parity(CSV, { ...base, missing, unparseableAsMissing: ['x', 'ok'] });
      expect(pre.columns.filter((c) => c.unparseableAsMissing).map((c) => c.name)).toEqual(['x', 'ok']);
      expect(p.splits.train.length).toBeGreaterThan(0);
      expect(bad).toEqual([]);
    });

  it('a target column whose unreadable cells were made missing: those rows are dropped, as in the app', async () => {
    const withZ = CSV.trimEnd()
      .split('\n')
      .map((l, i) => `${l},${i === 0 ? 'z' : i % 10 === 6 ? '—' : String(i % 7)}`)
      .join('\n') + '\n';
    const { p, pre, bad } = await parity(withZ, { ...base, targets: ['z'], features: ['x'], columnTypes: { x: 'number', z: 'number' }, unparseableAsMissing: ['x', 'z'], windowTransform: 'difference' });
    expect(pre.unparseableAsMissing).toEqual(['x', 'z']);
    expect(p.splits.train.length).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });

  it('without the choice (and in runs stored before it) model.py refuses such a cell, naming row and column', async () => {
    // the stored dataset was converted with the cells made missing, but the run did not record the choice
    let ds = await parseCsvText(CSV);
    ds = setColumnType(setColumnType(ds, 'x', 'number', { coerce: true }), 'ok', 'boolean', { coerce: true });
    const prep = defaultDataPrep({ ...base, missing: 'mean' });
    const p = prepare(ds, prep);
    const pre = preprocessingFromPrepared(p, prep, ds);
    const dir = join(TMP, `case-${++caseNo}`);
    writeFiles(dir, generateKerasScript({ graph: graphFor(p), weights: { weightSpecs: [], data: new Uint8Array(0) }, pre, title: 'parity' }, 'keras'));
    writeFileSync(join(dir, 'data.csv'), CSV);
    expect(() => pythonSplits(dir)).toThrow('ValueError: Row 4, column "x": "—" is not a number.');
  });
});

// ---- issue 14: the split strategy, the validation hold-out and class weights ----

/** A labelled series with rare events: label 1 (and 2 when multiclass) in short bursts, all before 70 % of each group. */
function rareEventsCsv(opts: { rows: number; groups: string[]; multiclass?: boolean; seed: number }): string {
  const r = mulberry32(opts.seed);
  const lines = ['t,g,x,label'];
  for (const g of opts.groups) {
    const bursts = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65].map((f) => Math.floor(opts.rows * f + r() * 20));
    for (let t = 0; t < opts.rows; t++) {
      const k = bursts.findIndex((b) => t >= b && t < b + 6);
      const l = k < 0 ? 0 : opts.multiclass && k % 2 === 1 ? 2 : 1;
      lines.push(`${t},${g},${(l * 2 + r() - 0.5).toFixed(4)},${l}`);
    }
  }
  return lines.join('\n') + '\n';
}

interface PyTraining {
  rows: Record<SplitName, number[]>;
  weights: Record<string, number> | null;
}

/** model.py's training_starts() (as table rows) and class_weights() of its training windows. */
function pythonTraining(dir: string): PyTraining {
  const code = String.raw`
m = load(sys.argv[1])
prepared = m.prepare(m.read_csv(sys.argv[2]))
starts = m.training_starts(prepared)
rows = {k: [int(prepared["rows"][s]) for s in v] for k, v in starts.items()}
w = m.class_weights(m.windows(prepared, starts["train"])[1])
print(json.dumps({"rows": rows, "weights": None if w is None else {str(k): v for k, v in w.items()}}))
`;
  return JSON.parse(python(code, [join(dir, 'keras/model.py'), join(dir, 'data.csv')]).trim().split('\n').pop()!) as PyTraining;
}

/** The app's training samples (withValidation) as table rows, and its class weights by class index. */
function appTraining(p: PreparedData, validationSplit: number, cw: ClassWeights): PyTraining {
  const q = withValidation(p, validationSplit);
  const rows = Object.fromEntries(SPLITS.map((sp) => [sp, Array.from(q.splits[sp], (s) => p.rowIndex[s]!)])) as Record<SplitName, number[]>;
  const w = resolveClassWeights(q, cw);
  return { rows, weights: w ? Object.fromEntries(w.map((v, i) => [String(i), v])) : null };
}

describe.skipIf(!PY.ok)('Keras export: the split strategy, validation hold-out and class weights of the app (issue 14)', () => {
  it('stratified-blocks: model.py cuts a rare-event series into the same interleaved blocks as the app (one group, several groups, stride, multi-class)', async () => {
    const cases: { csv: string; prep: DataPrepInput; halves?: boolean }[] = [
      { csv: rareEventsCsv({ rows: 3000, groups: ['a'], seed: 3 }), prep: { task: 'binary', targets: ['label'], features: ['x'], lookback: 10 } },
      {
        csv: rareEventsCsv({ rows: 900, groups: ['west', 'east', 'north'], multiclass: true, seed: 8 }),
        prep: { task: 'multiclass', targets: ['label'], features: ['x'], groupColumn: 'g', lookback: 6, stride: 2, split: { train: 0.6, validation: 0.2, test: 0.2 } },
      },
      { csv: rareEventsCsv({ rows: 1200, groups: ['a', 'b'], seed: 11 }), prep: { task: 'binary', targets: ['label'], features: ['x'], groupColumn: 'g', lookback: 4, split: { train: 0.8, validation: 0, test: 0.2 } } },
      // 10 chunks of 20 rows × 0.25 = 2.5 test chunks: JavaScript's Math.round gives 3 (Python's round() 2)
      { csv: rareEventsCsv({ rows: 200, groups: ['a'], seed: 5 }), prep: { task: 'binary', targets: ['label'], features: ['x'], lookback: 10, split: { train: 0.5, validation: 0.25, test: 0.25 } }, halves: true },
    ];
    for (const c of cases) {
      if (c.halves) {
        const { p, bad } = await parity(c.csv, { ...c.prep, mode: 'sequence', splitStrategy: 'stratified-blocks' });
        expect(p.groups[0]!.blocks.test.reduce((n, [a, b]) => n + b - a, 0)).toBe(60);
        expect(bad).toEqual([]);
        continue;
      }
      const chrono = prepare(await parseCsvText(c.csv), defaultDataPrep({ ...c.prep, mode: 'sequence' }));
      const { p, pre, bad } = await parity(c.csv, { ...c.prep, mode: 'sequence', splitStrategy: 'stratified-blocks' });
      expect(pre.splitStrategy).toBe('stratified-blocks');
      // the blocks matter here: the chronological split leaves the rare class out of test, the stratified one does not
      expect(chrono.classCounts!.test.some((n) => n === 0)).toBe(true);
      for (const sp of SPLITS) if (p.splits[sp].length) expect(p.classCounts![sp].every((n) => n > 0), `${sp}: ${p.classCounts![sp]}`).toBe(true);
      expect(bad).toEqual([]);
    }
  });

  it('training_starts() and class_weights(): the app\'s training / validation / test samples and class weights (balanced and set)', async () => {
    const csv = rareEventsCsv({ rows: 1500, groups: ['a', 'b'], multiclass: true, seed: 21 });
    const settings: { prep: DataPrepInput; validationSplit: number; cw: ClassWeights }[] = [
      // no validation split: the last 25 % of the training windows validate, as the app holds them out
      { prep: { task: 'multiclass', targets: ['label'], features: ['x'], groupColumn: 'g', lookback: 8, split: { train: 0.8, validation: 0, test: 0.2 }, splitStrategy: 'stratified-blocks' }, validationSplit: 0.25, cw: 'balanced' },
      { prep: { task: 'multiclass', targets: ['label'], features: ['x'], groupColumn: 'g', lookback: 8 }, validationSplit: 0.2, cw: { '1': 5, '2': 12.5 } },
      { prep: { task: 'binary', mode: 'tabular', targets: ['label'], features: ['x'], split: { train: 0.85, validation: 0, test: 0.15 }, columnTypes: { label: 'boolean' } }, validationSplit: 0.1, cw: 'balanced' },
      { prep: { task: 'multiclass', targets: ['label'], features: ['x'], lookback: 3 }, validationSplit: 0.2, cw: 'none' },
    ];
    for (const s of settings) {
      const input = s.prep.columnTypes ? csv.replace(/,2\n/g, ',1\n') : csv; // binary: two classes
      const { p, dir } = await exported(input, s.prep, { validationSplit: s.validationSplit, classWeights: s.cw });
      const app = appTraining(p, s.validationSplit, s.cw);
      const py = pythonTraining(dir);
      expect(py.rows).toEqual(app.rows);
      if (s.prep.split?.validation === 0) expect(app.rows.validation.length).toBeGreaterThan(0);
      if (s.cw === 'none') expect(py.weights).toBeNull();
      else {
        expect(app.weights).not.toBeNull();
        expect(Object.keys(py.weights!)).toEqual(Object.keys(app.weights!));
        for (const [k, v] of Object.entries(app.weights!)) expect(Math.abs(py.weights![k]! - v), `class ${k}`).toBeLessThan(1e-12);
        // balanced weights are not all 1 on these data (the rare classes weigh more)
        expect(Math.max(...Object.values(app.weights!))).toBeGreaterThan(2);
      }
    }
  });

  it('main() passes the class weights to model.fit(class_weight=…) and trains on the held-out training windows', async () => {
    const csv = rareEventsCsv({ rows: 800, groups: ['a'], seed: 4 });
    const prep: DataPrepInput = { task: 'binary', targets: ['label'], features: ['x'], lookback: 5, split: { train: 0.8, validation: 0, test: 0.2 }, splitStrategy: 'stratified-blocks' };
    const { p, dir } = await exported(csv, prep, { validationSplit: 0.2, classWeights: 'balanced' });
    const code = String.raw`
m = load(sys.argv[1])
m.load_weights = lambda model, *a, **k: model
sys.argv = ["model.py", "--csv", sys.argv[2], "--epochs", "1"]
m.main()
print(json.dumps([c for c in CALLS if c["path"].endswith(".fit")]))
`;
    const [fit] = JSON.parse(python(code, [join(dir, 'keras/model.py'), join(dir, 'data.csv')]).trim().split('\n').pop()!) as { args: { shape: number[] }[]; kwargs: Record<string, unknown> }[];
    const app = appTraining(p, 0.2, 'balanced');
    expect(fit!.args[0]!.shape).toEqual([app.rows.train.length, 5, 1]);
    expect(fit!.kwargs.validation_data).toEqual([{ shape: [app.rows.validation.length, 5, 1] }, { shape: [app.rows.validation.length, 1] }]);
    const weights = fit!.kwargs.class_weight as Record<string, number>;
    expect(Object.keys(weights)).toEqual(['0', '1']);
    expect(weights['0']).toBeCloseTo(app.weights!['0']!, 12);
    expect(weights['1']).toBeCloseTo(app.weights!['1']!, 12);
  });

  it('class weights naming a label that is not a class stop with the labels (as the app)', async () => {
    const csv = rareEventsCsv({ rows: 300, groups: ['a'], seed: 2 });
    const { p, dir } = await exported(csv, { task: 'binary', targets: ['label'], features: ['x'], lookback: 3 }, { classWeights: { '7': 2 } });
    expect(() => resolveClassWeights(p, { '7': 2 })).toThrow(/Class weights name "7", not among the classes \(0, 1\)/);
    expect(() => pythonTraining(dir)).toThrow(/Class weights name "7", not among the classes \(0, 1\)/);
  });
});

// ---- property test over random CSVs ----

interface Case {
  seed: number;
  n: number;
  task: 'regression' | 'binary' | 'multiclass';
  mode: 'sequence' | 'tabular';
  missing: 'drop' | 'ffill' | 'mean';
  normalization: 'zscore' | 'minmax' | 'none';
  decimalComma: boolean;
  groups: number;
  numericGroups: boolean;
  date: 'none' | 'date' | 'datetime';
  dateFeatures: boolean;
  labels: 'bool' | 'number' | 'category';
  lookback: number;
  horizon: number;
  stride: number;
  missingRate: number;
  shuffled: boolean;
  targetAsFeature: boolean;
  /** Sequence classification only: the split strategy (stratified-blocks interleaves blocks per group). */
  stratified: boolean;
}

const MISSING_MARKS = ['', 'NA', 'n/a', 'null', '?', '-', 'NaN', 'None', 'inf', '-Infinity'];
const BOOL_WORDS = ['true', 'True', 'YES', 'y', 't', 'T', 'false', 'No', 'n', 'F', 'FALSE', 'no'];

/** A random CSV (deterministic in c.seed) and the preparation to apply to it. */
function randomCsv(c: Case): { csv: string; prep: DataPrepInput } {
  const rnd = mulberry32(c.seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const miss = (): boolean => rnd() < c.missingRate;
  const dl = c.decimalComma ? ';' : ',';
  const num = (v: number): string => {
    const s = (Math.round(v * 1000) / 1000).toString();
    return c.decimalComma ? s.replace('.', ',') : s;
  };
  const groupNames = c.numericGroups ? ['2', '10', '1'] : ['west', 'east', 'north'];
  const rows: { g: string; t: number; cells: string[] }[] = [];
  const start = Date.UTC(2020, 0, 1);
  const classLabels =
    c.labels === 'bool' && c.task === 'binary' ? null : c.labels === 'number' ? (c.task === 'binary' ? ['0', '1.0'] : ['1', '2.0', '3', '10']) : c.task === 'binary' ? ['spam', 'ham'] : ['a', 'b', 'c'];
  // classification targets with ffill: the app fills the label code forward but then reads the label of the
  // original (missing) row; keep those targets complete so the comparison is about the script
  const targetMissing = c.task === 'regression' || c.missing !== 'ffill';
  for (let i = 0; i < c.n; i++) {
    const g = c.groups ? groupNames[i % c.groups]! : '';
    const step = Math.floor(i / Math.max(1, c.groups));
    const t = start + step * 86_400_000 * (1 + Math.floor(rnd() * 2)) + Math.floor(rnd() * 20) * 3_600_000;
    const value = Math.sin(i / 4) * 10 + rnd() * 3;
    const target =
      c.task === 'regression'
        ? num(value * 2 + 1)
        : classLabels
          ? classLabels[Math.floor(rnd() * classLabels.length)]!
          : pick(BOOL_WORDS);
    const cells = [
      miss() ? pick(MISSING_MARKS) : num(value),
      miss() ? pick(['', 'NA']) : String(Math.floor(rnd() * 20)),
      miss() ? pick(['', 'NA', 'n/a']) : pick(BOOL_WORDS),
      miss() ? pick(['', 'NA']) : pick(['red', 'green', 'blue']),
      targetMissing && miss() ? pick(['', 'NA']) : target,
    ];
    rows.push({ g: c.groups && rnd() < c.missingRate / 3 ? 'NA' : g, t, cells });
  }
  const fmtDate = (ms: number, k: number): string => {
    if (c.date === 'date') {
      const d = new Date(ms).toISOString().slice(0, 10);
      return k % 3 === 0 ? d.replace(/-/g, '/') : d;
    }
    // the same instant written in several offsets
    const off = [0, -300, 330, 60][k % 4]!;
    const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
    const sign = off < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
    const mm = String(Math.abs(off) % 60).padStart(2, '0');
    return off === 0 ? (k % 2 ? `${local}Z` : local.replace('T', ' ')) : `${local}${sign}${hh}${k % 2 ? ':' : ''}${mm}`;
  };
  const order = rows.map((_, i) => i);
  if (c.shuffled)
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  const header = ['value', 'count', 'flag', 'color', 'target'];
  if (c.groups) header.unshift('site');
  if (c.date !== 'none') header.unshift('when');
  const lines = [header.join(dl)];
  order.forEach((i, k) => {
    const r = rows[i]!;
    const cells = [...r.cells];
    if (c.groups) cells.unshift(r.g);
    if (c.date !== 'none') cells.unshift(rnd() < c.missingRate / 3 ? 'NA' : fmtDate(r.t, k));
    lines.push(cells.join(dl));
  });
  const features = ['value', 'count', 'flag', 'color'].filter(() => rnd() < 0.7);
  if (features.length === 0) features.push('value');
  if (c.targetAsFeature && c.task === 'regression' && c.mode === 'sequence') features.push('target');
  const seq = c.mode === 'sequence';
  return {
    csv: lines.join('\n') + '\n',
    prep: {
      task: c.task,
      mode: c.mode,
      targets: ['target'],
      features,
      lookback: c.lookback,
      horizon: c.horizon,
      stride: c.stride,
      missing: c.missing,
      normalization: c.normalization,
      shuffleSeed: c.seed % 1000,
      ...(c.date !== 'none' ? { dateColumn: 'when', dateFeatures: { dayOfWeek: c.dateFeatures, month: c.dateFeatures && seq } } : {}),
      ...(c.groups ? { groupColumn: 'site' } : {}),
      ...(c.stratified && seq && c.task !== 'regression' ? { splitStrategy: 'stratified-blocks' as const } : {}),
    },
  };
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  n: fc.integer({ min: 30, max: 70 }),
  task: fc.constantFrom('regression' as const, 'binary' as const, 'multiclass' as const),
  mode: fc.constantFrom('sequence' as const, 'tabular' as const),
  missing: fc.constantFrom('drop' as const, 'ffill' as const, 'mean' as const),
  normalization: fc.constantFrom('zscore' as const, 'minmax' as const, 'none' as const),
  decimalComma: fc.boolean(),
  groups: fc.integer({ min: 0, max: 3 }),
  numericGroups: fc.boolean(),
  date: fc.constantFrom('none' as const, 'date' as const, 'datetime' as const),
  dateFeatures: fc.boolean(),
  labels: fc.constantFrom('bool' as const, 'number' as const, 'category' as const),
  lookback: fc.integer({ min: 1, max: 4 }),
  horizon: fc.integer({ min: 1, max: 2 }),
  stride: fc.integer({ min: 1, max: 2 }),
  missingRate: fc.constantFrom(0, 0.05, 0.15),
  shuffled: fc.boolean(),
  targetAsFeature: fc.boolean(),
  stratified: fc.boolean(),
});

describe.skipIf(!PY.ok)('Keras export parity on random CSVs (fast-check)', () => {
  it('the app and model.py give the same windows per split for random CSVs, tasks, modes and missing-value policies', async () => {
    let compared = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { csv, prep } = randomCsv(c);
        let result;
        try {
          result = await parity(csv, prep);
        } catch (e) {
          if (e instanceof DataError) {
            refused++; // the app refuses this preparation (too few rows, one class, ...): nothing to compare
            return;
          }
          throw e;
        }
        compared++;
        expect(result.bad, `case ${JSON.stringify(c)}`).toEqual([]);
      }),
      { numRuns: Number(process.env.PARITY_RUNS ?? 25), seed: Number(process.env.PARITY_SEED ?? 13), endOnFailure: true },
    );
    if (process.env.PARITY_VERBOSE) console.log(`compared ${compared}, refused ${refused}`);
    expect(compared, `${refused} of ${compared + refused} random cases were refused by prepare()`).toBeGreaterThanOrEqual(15);
  }, 300_000);
});

// ---- the weight layout, checked with numpy ----

describe.skipIf(!PY.ok)('Keras export: weight layout (numpy forward pass)', () => {
  it('numpy Dense and GRU (reset_after=False; z, r, h gate order) on the exported shard give the tfjs predictions', async () => {
    const doc = graphOf(
      'layout',
      [{ kind: 'Input', params: { shape: [6, 3] } }, { kind: 'GRU', params: { units: 4 } }, { kind: 'Dense', params: { units: 2 } }],
      [[0, 1], [1, 2]],
    );
    const { model } = compileToTfjs(tf, doc);
    model.setWeights(model.weights.map((v, i) => tf.randomUniform(v.shape as number[], -0.8, 0.8, 'float32', i + 3)));
    const weights = await encodeModelWeights(tf, model);
    const pre = { format: 'layerloom-preprocessing', version: 1, task: 'regression', mode: 'sequence', lookback: 6, horizon: 1, stride: 1, dateColumn: null, groupColumn: null, missing: 'drop', normalization: 'none', features: [], targets: [], targetColumns: [], classes: null, inputShape: [6, 3], outputUnits: 2, stats: { method: 'none', features: [], targets: null } } as const;
    const dir = join(TMP, 'layout');
    writeFiles(dir, generateKerasScript({ graph: doc, weights, pre: pre as unknown as Parameters<typeof generateKerasScript>[0]['pre'], title: 'layout' }, 'keras'));
    const x = tf.randomNormal([3, 6, 3], 0, 1, 'float32', 5);
    const want = Array.from((model.predict(x) as tf.Tensor).dataSync());
    const code = String.raw`
m = load(sys.argv[1])
layers = m.read_weights()
(kernel, recurrent, bias), (w, b) = [a for a in layers.values()]
u = recurrent.shape[0]
sig = lambda v: 1 / (1 + np.exp(-v))
x = np.array(json.loads(sys.argv[2]), dtype=np.float64).reshape(3, 6, 3)
out = []
for seq in x:
    h = np.zeros(u)
    for xt in seq:
        xz, xr, xh = np.split(xt @ kernel + bias, 3)
        uz, ur, uh = np.split(recurrent, 3, axis=1)
        z = sig(xz + h @ uz)
        r = sig(xr + h @ ur)
        hh = np.tanh(xh + (r * h) @ uh)
        h = z * h + (1 - z) * hh
    out.extend((h @ w + b).tolist())
print(json.dumps({"names": list(layers), "out": out}))
`;
    const r = JSON.parse(python(code, [join(dir, 'keras/model.py'), JSON.stringify(Array.from(x.dataSync()))]).trim().split('\n').pop()!) as { names: string[]; out: number[] };
    expect(r.names.length).toBe(2);
    expect(r.out.length).toBe(want.length);
    r.out.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
    model.dispose();
  });
});

// ---- --distribute ----

describe.skipIf(!PY.ok)('Keras export: --distribute', () => {
  it('wires Keras 3 DataParallel over list_devices() before the model is built; several hosts call initialize() first', async () => {
    const lines = ['v'];
    for (let i = 0; i < 40; i++) lines.push(String(i % 7));
    const { p, dir } = await exported(lines.join('\n') + '\n', { task: 'regression', targets: ['v'], features: ['v'], lookback: 3 });
    execFileSync(PY.path, ['-m', 'py_compile', join(dir, 'keras/model.py')]);
    const run = (extra: string[]) => {
      const code = String.raw`
m = load(sys.argv[1])
m.load_weights = lambda model, *a, **k: model
sys.argv = ["model.py", "--csv", sys.argv[2], "--epochs", "1"] + sys.argv[3:]
m.main()
print(json.dumps([{"path": c["path"], "kwargs": c["kwargs"], "args": c["args"]} for c in CALLS if "distribution" in c["path"] or c["path"].endswith((".fit", "keras.Model", "keras.Input"))]))
`;
      const out = python(code, [join(dir, 'keras/model.py'), join(dir, 'data.csv'), ...extra]);
      return JSON.parse(out.trim().split('\n').pop()!) as { path: string; kwargs: Record<string, unknown>; args: unknown[] }[];
    };
    const plain = run([]);
    expect(plain.filter((c) => c.path.includes('distribution'))).toEqual([]);
    const one = run(['--distribute']);
    const paths = one.map((c) => c.path);
    expect(paths.slice(0, 3)).toEqual(['keras.distribution.list_devices', 'keras.distribution.DataParallel', 'keras.distribution.set_distribution']);
    expect(one[1]!.kwargs.devices).toEqual(['gpu:0', 'gpu:1']);
    expect(paths.indexOf('keras.distribution.set_distribution')).toBeLessThan(paths.indexOf('keras.Input'));
    expect(paths).not.toContain('keras.distribution.initialize');
    const multi = run(['--distribute', '--coordinator-address', '10.0.0.1:1234', '--num-processes', '2', '--process-id', '1']);
    expect(multi[0]).toMatchObject({ path: 'keras.distribution.initialize', kwargs: { job_addresses: '10.0.0.1:1234', num_processes: 2, process_id: 1 } });
    expect(multi.map((c) => c.path).slice(1, 4)).toEqual(['keras.distribution.list_devices', 'keras.distribution.DataParallel', 'keras.distribution.set_distribution']);
    // each of the 2 processes trains on its own equal half of the training windows
    const fit = multi.find((c) => c.path.endsWith('.fit'))!;
    expect((fit.args[0] as { shape: number[] }).shape).toEqual([Math.floor(p.splits.train.length / 2), 3, 1]);
  });
});

// ---- window transforms and forecast steps (issue 14) ----

describe.skipIf(!PY.ok)('Keras export: window transforms with a multi-step horizon', () => {
  /** Two groups of a trending weekly series y with an input x, 120 days each. */
  function series(): string {
    const lines = ['date,station,x,y'];
    let seed = 11;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    for (const [g, base] of [['a', 50], ['b', 300]] as const)
      for (let t = 0; t < 120; t++) {
        const y = base + 0.5 * t + 4 * Math.sin((2 * Math.PI * t) / 7) + rnd();
        lines.push(`${new Date(Date.UTC(2023, 2, 1 + t)).toISOString().slice(0, 10)},${g},${(y / 2 + rnd()).toFixed(3)},${y.toFixed(3)}`);
      }
    return lines.join('\n') + '\n';
  }
  const TO_UNITS_PY = String.raw`
m = load(sys.argv[1])
prepared = m.prepare(m.read_csv(sys.argv[2]))
outs = json.loads(sys.argv[3])
res = {k: m.to_units(prepared, prepared["splits"][k], np.array(outs[k], dtype=np.float32).reshape(len(prepared["splits"][k]), -1)).reshape(-1).tolist() for k in outs}
print(json.dumps(res))
`;

  for (const transform of WINDOW_TRANSFORMS)
    it(`${transform}: the same transformed windows and targets per split, and the same forecasts in target units`, async () => {
      const prepIn: DataPrepInput = {
        task: 'regression',
        targets: ['y'],
        features: transform === 'difference' ? ['x'] : ['x', 'y'],
        lookback: 5,
        horizonSteps: [1, 2, 5],
        dateColumn: 'date',
        groupColumn: 'station',
        seasonalPeriod: 7,
        windowTransform: transform,
        windowScale: transform === 'window-mean',
      };
      const csv = series();
      const { p, dir } = await exported(csv, prepIn);
      expect(p.yWidth).toBe(3);
      expect(differences(p, pythonSplits(dir))).toEqual([]);
      // arbitrary model outputs → target units, both ways
      const outs: Record<string, number[]> = {};
      for (const sp of SPLITS) outs[sp] = Array.from({ length: p.splits[sp].length * p.yWidth }, (_, i) => Math.sin(i * 0.37) * 0.8);
      const py = JSON.parse(python(TO_UNITS_PY, [join(dir, 'keras/model.py'), join(dir, 'data.csv'), JSON.stringify(outs)]).trim().split('\n').pop()!) as Record<string, number[]>;
      for (const sp of SPLITS) {
        const want = denormalizeTargets(p, Float32Array.from(outs[sp]!), sp);
        expect(py[sp]!.length).toBe(want.length);
        py[sp]!.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i]!))));
      }
    });
});

describe.skipIf(!PY.ok)('Keras export: the text input tokenized and encoded as the app (issue 18)', () => {
  it('tokenize() in model.py equals the app\'s rule on Unicode, punctuation, apostrophes, long and empty texts', async () => {
    const { dir } = await exported(textFixtureCsv(60), { task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text: { column: 'text' } });
    const code = String.raw`
m = load(sys.argv[1])
texts = json.loads(sys.argv[2])
print(json.dumps([[m.tokenize(t, k, low) for t in texts] for k, low in (("words", True), ("words", False), ("chars", True), ("chars", False))]))
`;
    const got = JSON.parse(python(code, [join(dir, 'keras/model.py'), JSON.stringify(TEXT_FIXTURE)]).trim().split('\n').pop()!) as string[][][];
    const kinds = [
      { tokenizer: 'words', lowercase: true },
      { tokenizer: 'words', lowercase: false },
      { tokenizer: 'chars', lowercase: true },
      { tokenizer: 'chars', lowercase: false },
    ] as const;
    kinds.forEach((k, i) => TEXT_FIXTURE.forEach((t, j) => expect(got[i]![j], `${k.tokenizer}${k.lowercase ? '' : ' (case kept)'}: ${JSON.stringify(t.slice(0, 40))}`).toEqual(tokenize(t, k))));
  });

  for (const text of [
    { column: 'text', sequenceLength: 10 },
    { column: 'text', tokenizer: 'chars', sequenceLength: 25, padding: 'pre', truncating: 'pre', maxVocab: 30 },
  ] as const)
    it(`make_splits() gives the app's token ids per split (${text.tokenizer ?? 'words'})`, async () => {
      const { p, bad, pre } = await parity(textFixtureCsv(90), { task: 'binary', mode: 'tabular', targets: ['label'], features: [], columnTypes: { text: 'text' }, text });
      expect(pre.text!.vocabulary.length).toBe(p.text!.vocabulary.tokens.length);
      expect(p.rows).toBeLessThan(90); // empty texts were dropped alike
      expect(bad).toEqual([]);
    });
});
