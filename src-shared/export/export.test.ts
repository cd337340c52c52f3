import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../compiler/to-tfjs';
import { buildBatch, defaultDataPrep, denormalizeTargets, parseCsvText, prepare, preparedSummary, type DataPrepInput, type Dataset, type PreparedData } from '../data/index';
import { graphOf } from '../graph/builder';
import type { GraphDocument } from '../graph/document';
import { encodeModelWeights, exportRun, memoryHandler, preprocessingFromPrepared, preprocessingFromSummary, readZip, requiredColumns, writeZip, type ExportFile, type ExportPreprocessing, type TfjsModelJson } from './index';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, '.tmp', `export-test-${process.pid}`);
const SEATTLE = readFileSync(join(ROOT, 'resources/samples/seattle-weather.csv'), 'utf8');
const EVIL = "x'\"`${globalThis.PWNED=1}`*/ globalThis.PWNED=1; /*\n globalThis.PWNED=1; // ../..\\evil";

/** Debian's python3 (the CI image) when there is one, else python3 on PATH; null when there is none. */
const PYTHON = ((): string | null => {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'pass'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return null;
})();
if (!PYTHON) console.warn('export.test: no python3 found, the py_compile checks of the Keras export are SKIPPED');

// Runs where a Python with Keras 3 is available (KERAS_PYTHON=/path/to/python, or python3 if it has keras); skipped otherwise.
const kerasPython = process.env.KERAS_PYTHON ?? 'python3';
const kerasEnv = { ...process.env, KERAS_BACKEND: process.env.KERAS_BACKEND ?? 'jax' };
const hasKeras = ((): boolean => {
  try {
    execFileSync(kerasPython, ['-c', 'import keras, numpy'], { stdio: 'ignore', env: kerasEnv });
    return true;
  } catch {
    return false;
  }
})();
const KERAS_SKIPPED = `SKIPPED: no Python with Keras 3 here (${kerasPython} cannot import keras; set KERAS_PYTHON=/path/to/python that has keras)`;
if (!hasKeras) console.warn(`export.test: the checks that run model.py under real Keras are ${KERAS_SKIPPED}`);
/** A test that needs real Keras: runs where it exists, else is reported as skipped with the reason in its title. */
const itKeras = (title: string, fn: () => unknown): void => (hasKeras ? it(title, fn) : it.skip(`${title} — ${KERAS_SKIPPED}`, fn));

beforeAll(async () => {
  await tf.setBackend('cpu');
  mkdirSync(TMP, { recursive: true });
});
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function writeFiles(dir: string, files: ExportFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
  }
}

/** Raw rows (strings keyed by header) of a simple CSV, as a user would read them. */
function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [names[i]!, c])));
}

/** tsc --strict --noEmit with the exported tsconfig.json; returns the diagnostics as text. */
function typecheck(dir: string): string {
  const cfgPath = join(dir, 'tsconfig.json');
  const cfg = ts.parseJsonConfigFileContent(ts.readConfigFile(cfgPath, ts.sys.readFile).config, ts.sys, dir);
  expect(cfg.options.strict).toBe(true);
  const program = ts.createProgram(cfg.fileNames, { ...cfg.options, typeRoots: [join(ROOT, 'node_modules/@types')] });
  const diags = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' });
}

/** Bundles model.ts (tfjs external) to an ES module next to it and imports it. */
async function importGenerated(dir: string): Promise<Record<string, unknown>> {
  const out = join(dir, `model-${Date.now()}.mjs`);
  await esbuild.build({ entryPoints: [join(dir, 'model.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', external: ['@tensorflow/tfjs'], logLevel: 'silent' });
  return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
}

/** A small model with random (glorot) weights: what a run stores, in the agreed artifact format. */
async function trainedRun(doc: GraphDocument): Promise<{ model: tf.LayersModel; weights: { weightSpecs: tf.io.WeightsManifestEntry[]; data: Uint8Array } }> {
  const { model } = compileToTfjs(tf, doc);
  return { model, weights: await encodeModelWeights(tf, model) };
}

function appPredictions(model: tf.LayersModel, p: PreparedData): Float32Array {
  const b = buildBatch(p, 'test');
  const x = tf.tensor(b.x, b.xShape);
  const y = model.predict(x) as tf.Tensor;
  const out = y.dataSync() as Float32Array;
  x.dispose();
  y.dispose();
  return out;
}

describe('run export (seattle temperature forecast)', () => {
  const prepIn: DataPrepInput = {
    task: 'regression',
    targets: ['temp_max'],
    features: ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'],
    dateColumn: 'date',
    dateFeatures: { dayOfWeek: true, month: true },
    lookback: 7,
    horizon: 1,
  };
  let ds: Dataset;
  let p: PreparedData;
  let files: ExportFile[];
  let model: tf.LayersModel;
  let doc: GraphDocument;
  const dir = join(TMP, 'seattle');

  beforeAll(async () => {
    ds = await parseCsvText(SEATTLE);
    const prep = defaultDataPrep(prepIn);
    p = prepare(ds, prep);
    doc = graphOf(
      'Seattle forecast',
      [{ kind: 'Input', params: { shape: [7, p.nFeatures] } }, { kind: 'GRU', params: { units: 6 } }, { kind: 'Dense', params: { units: 4, activation: 'relu' } }, { kind: 'Dense', params: { units: 1 } }],
      [[0, 1], [1, 2], [2, 3]],
    );
    const run = await trainedRun(doc);
    model = run.model;
    // the run stores the summary; the exporter rebuilds the feature layout from it
    const pre = preprocessingFromSummary(preparedSummary(p), prep);
    expect(pre).toEqual(preprocessingFromPrepared(p, prep));
    files = await exportRun(tf, { graph: doc, weights: run.weights, pre, title: 'Seattle forecast', formats: ['tfjs', 'ts', 'keras'] });
    writeFiles(dir, files);
  });

  it('writes every format in its folder', () => {
    expect(files.map((f) => f.path).sort()).toEqual([
      'keras/README.md',
      'keras/group1-shard1of1.bin',
      'keras/model.py',
      'keras/preprocessing.json',
      'keras/weights_manifest.json',
      'tfjs/group1-shard1of1.bin',
      'tfjs/model.json',
      'tfjs/preprocessing.json',
      'typescript/README.md',
      'typescript/example.ts',
      'typescript/group1-shard1of1.bin',
      'typescript/model.ts',
      'typescript/package.json',
      'typescript/tsconfig.json',
    ]);
    const pre = JSON.parse(readFileSync(join(dir, 'tfjs/preprocessing.json'), 'utf8'));
    expect(pre.features.map((f: { name: string }) => f.name)).toEqual(p.featureNames);
    expect(pre.lookback).toBe(7);
    expect(pre.targets[0].name).toBe('temp_max');
  });

  it('the tfjs export reloads with tf.loadLayersModel and predicts identically', async () => {
    const json = JSON.parse(readFileSync(join(dir, 'tfjs/model.json'), 'utf8')) as TfjsModelJson;
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]!.paths).toEqual(['./group1-shard1of1.bin']);
    const loaded = await tf.loadLayersModel(memoryHandler(tf, json, new Uint8Array(readFileSync(join(dir, 'tfjs/group1-shard1of1.bin')))));
    expect(Array.from(appPredictions(loaded, p))).toEqual(Array.from(appPredictions(model, p)));
    loaded.dispose();
  });

  it('the generated TypeScript passes tsc --strict and reproduces the app predictions from raw rows', async () => {
    expect(typecheck(join(dir, 'typescript'))).toBe('');
    const mod = await importGenerated(join(dir, 'typescript'));
    const loadModel = mod.loadModel as (o?: { weightsPath?: string }) => Promise<tf.LayersModel>;
    const predict = mod.predict as (rows: Record<string, string>[]) => Promise<Record<string, number>[]>;
    await loadModel({ weightsPath: join(dir, 'typescript/group1-shard1of1.bin') });
    // held-back test windows: the raw CSV rows of the test split, windowed by the module itself
    const starts = p.splits.test;
    const raw = csvRows(SEATTLE);
    const first = starts[0]!;
    const last = starts[starts.length - 1]! + p.lookback - 1;
    const rows = Array.from({ length: last - first + 1 }, (_, k) => raw[p.rowIndex[first + k]!]!);
    const got = await predict(rows);
    const want = denormalizeTargets(p, appPredictions(model, p), 'test');
    expect(got.length).toBe(want.length);
    let maxDiff = 0;
    got.forEach((g, i) => (maxDiff = Math.max(maxDiff, Math.abs(g.temp_max! - want[i]!))));
    expect(maxDiff).toBeLessThan(1e-5);
    // predictTensor on the app's own normalized windows gives the raw outputs
    const b = buildBatch(p, 'test');
    const x = tf.tensor(b.x, b.xShape);
    const y = (mod.predictTensor as (x: tf.Tensor) => tf.Tensor)(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(appPredictions(model, p)));
    x.dispose();
    y.dispose();
  });

  it.skipIf(!PYTHON)('the Keras script compiles and keeps the GRU weight layout of tfjs', () => {
    execFileSync(PYTHON!, ['-m', 'py_compile', join(dir, 'keras/model.py')]);
    const py = readFileSync(join(dir, 'keras/model.py'), 'utf8');
    expect(py).toContain('reset_after=False');
    expect(py).toContain("recurrent_activation='sigmoid'".replace(/'/g, py.includes('recurrent_activation="sigmoid"') ? '"' : "'"));
    expect(py).toContain('def load_weights(model');
    expect(py).toContain('MirroredStrategy');
    expect(py).toContain('keras.distribution.DataParallel(devices=devices)');
  });

  itKeras('the Keras script rebuilds the model, loads the weights and reproduces preprocessing and predictions', () => {
    writeFileSync(join(dir, 'data.csv'), SEATTLE);
    const script = [
      'import importlib.util, json, sys',
      'spec = importlib.util.spec_from_file_location("m", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      'model = m.load_weights(m.build_model())',
      'x, y = m.make_samples(m.read_csv(sys.argv[2]))',
      'print(json.dumps({"x": x[:40].reshape(-1).tolist(), "y": y[:40].reshape(-1).tolist(), "p": model.predict(x[:40], verbose=0).reshape(-1).tolist()}))',
    ].join('\n');
    const out = execFileSync(kerasPython, ['-c', script, join(dir, 'keras/model.py'), join(dir, 'data.csv')], { env: kerasEnv }).toString();
    const r = JSON.parse(out.trim().split('\n').pop()!) as { x: number[]; y: number[]; p: number[] };
    // the first 40 windows of the whole file = rows 0…46 of the app's matrix (no rows dropped in this file)
    const L = p.lookback;
    const nF = p.nFeatures;
    const want = new Float32Array(40 * L * nF);
    for (let w = 0; w < 40; w++) want.set(p.features.subarray(w * nF, (w + L) * nF), w * L * nF);
    const bad = r.x.map((v, i) => [i, v, want[i]!]).filter(([, v, w]) => Math.abs(v! - w!) >= 1e-5);
    expect(bad.slice(0, 5).map(([i, v, w]) => `${p.featureNames[i! % nF]} w${Math.floor(i! / nF / L)}: ${v} vs ${w}`)).toEqual([]);
    r.y.forEach((v, i) => expect(Math.abs(v - p.targets[i + p.targetOffset]!)).toBeLessThan(1e-5));
    const tfjsOut = tf.tidy(() => Array.from((model.predict(tf.tensor(want, [40, L, nF])) as tf.Tensor).dataSync()));
    r.p.forEach((v, i) => expect(Math.abs(v - tfjsOut[i]!)).toBeLessThan(1e-4));
  });

  it('a zip of the export round-trips byte for byte', () => {
    const zip = writeZip(files);
    const back = readZip(zip);
    expect(back.map((e) => e.path)).toEqual(files.map((f) => f.path));
    back.forEach((e, i) => expect(Buffer.from(e.bytes).equals(Buffer.from(files[i]!.bytes))).toBe(true));
    // unzip(1) agrees with our CRCs and layout
    const zf = join(TMP, 'x.zip');
    writeFileSync(zf, zip);
    const listing = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(len(z.namelist()))', zf]).toString();
    expect(listing.trim().split('\n')).toEqual(['None', String(files.length)]);
  });
});

describe('Keras export of every weighted layer kind', () => {
  itKeras('Keras predictions match tfjs for conv, norms, bidirectional and all recurrent kinds', async () => {
    const doc = graphOf(
      'kinds',
      [
        { kind: 'Input', params: { shape: [8, 3] } },
        { kind: 'Conv1D', params: { filters: 4, kernelSize: 3, padding: 'same' } },
        { kind: 'BatchNorm' },
        { kind: 'Bidirectional', params: { units: 3, returnSequences: true } },
        { kind: 'LayerNorm' },
        { kind: 'LSTM', params: { units: 4, returnSequences: true } },
        { kind: 'SimpleRNN', params: { units: 3, returnSequences: true } },
        { kind: 'TimeDistributedDense', params: { units: 2 } },
        { kind: 'GRU', params: { units: 3 } },
        { kind: 'GRU', params: { units: 2 } },
        { kind: 'Concatenate' },
        { kind: 'Dense', params: { units: 2 } },
      ],
      [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [0, 9], [8, 10], [9, 10, 1], [10, 11]],
    );
    const { model } = compileToTfjs(tf, doc);
    // non-trivial BatchNorm statistics, so their order matters too
    model.setWeights(
      model.weights.map((v, i) => (/variance/.test(v.originalName) ? tf.randomUniform(v.shape as number[], 0.5, 2, 'float32', i + 1) : tf.randomUniform(v.shape as number[], -0.6, 0.6, 'float32', i + 1))),
    );
    const weights = await encodeModelWeights(tf, model);
    const pre = { format: 'layerloom-preprocessing', version: 1, task: 'regression', mode: 'sequence', lookback: 8, horizon: 1, stride: 1, dateColumn: null, groupColumn: null, missing: 'drop', normalization: 'none', features: [], targets: [], targetColumns: [], classes: null, inputShape: [8, 3], outputUnits: 2, stats: { method: 'none', features: [], targets: null } } as const;
    const files = await exportRun(tf, { graph: doc, weights, pre: pre as unknown as Parameters<typeof exportRun>[1]['pre'], title: 'kinds', formats: ['keras'] });
    const dir = join(TMP, 'kinds');
    writeFiles(dir, files);
    const x = tf.randomNormal([5, 8, 3], 0, 1, 'float32', 7);
    const xs = Array.from(x.dataSync());
    const want = Array.from((model.predict(x) as tf.Tensor).dataSync());
    expect(new Set(want.map((v) => v.toFixed(3))).size).toBe(want.length); // outputs differ per sample: not saturated
    const script = [
      'import importlib.util, json, sys, numpy as np',
      'spec = importlib.util.spec_from_file_location("m", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      'model = m.load_weights(m.build_model())',
      'x = np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(5, 8, 3)',
      'print(json.dumps(model.predict(x, verbose=0).reshape(-1).tolist()))',
    ].join('\n');
    const out = execFileSync(kerasPython, ['-c', script, join(dir, 'keras/model.py'), JSON.stringify(xs)], { env: kerasEnv }).toString();
    const got = JSON.parse(out.trim().split('\n').pop()!) as number[];
    expect(got.length).toBe(want.length);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4));
    model.dispose();
  });
});

describe('tabular binary classification', () => {
  it('the TypeScript module types check and predict() gives the app\'s labels and probabilities per row', async () => {
    const lines = ['a,b,flag,label'];
    for (let i = 0; i < 60; i++) lines.push(`${i % 9},${(i * 5) % 7},${i % 3 === 0 ? 'yes' : 'no'},${i % 4 === 0 ? 'spam' : 'ham'}`);
    const text = lines.join('\n') + '\n';
    const prep = defaultDataPrep({ task: 'binary', mode: 'tabular', targets: ['label'], features: ['a', 'b', 'flag'] });
    const p = prepare(await parseCsvText(text), prep);
    const doc = graphOf('clf', [{ kind: 'Input', params: { shape: [p.nFeatures] } }, { kind: 'Dense', params: { units: 4, activation: 'relu' } }, { kind: 'Dense', params: { units: 1, activation: 'sigmoid' } }], [[0, 1], [1, 2]]);
    const { model, weights } = await trainedRun(doc);
    const files = await exportRun(tf, { graph: doc, weights, pre: preprocessingFromPrepared(p, prep), title: 'clf', formats: ['ts'] });
    const dir = join(TMP, 'tabular');
    writeFiles(dir, files);
    expect(typecheck(join(dir, 'typescript'))).toBe('');
    const mod = await importGenerated(join(dir, 'typescript'));
    const raw = csvRows(text);
    const rows = Array.from(p.splits.test, (s) => raw[p.rowIndex[s]!]!);
    const got = await (mod.predict as (r: unknown[]) => Promise<{ label: string; probabilities: Record<string, number> }[]>)(rows);
    const probs = appPredictions(model, p);
    expect(got.length).toBe(probs.length);
    got.forEach((g, i) => {
      expect(Math.abs(g.probabilities[p.classes![1]!]! - probs[i]!)).toBeLessThan(1e-6);
      // The app's rule: the second class when its probability is above 0.5 (a tie at exactly 0.5, as a
      // dead-ReLU model gives, is the first class). Where the app's probability is not within float
      // noise of the threshold, the module's label is the app's label.
      const own = g.probabilities[p.classes![1]!]!;
      expect(g.label).toBe(own > 0.5 ? p.classes![1] : p.classes![0]);
      if (Math.abs(probs[i]! - 0.5) > 1e-6) expect(g.label).toBe(probs[i]! > 0.5 ? p.classes![1] : p.classes![0]);
    });
    model.dispose();
  });
});

describe('hostile names', () => {
  it('names from labels, columns, classes and the project never break or inject code', async () => {
    const cols = ['f"1', "f'2`${globalThis.PWNED=1}`", 'f*/globalThis.PWNED=1;/*3', 'lab\\el'];
    const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    const labels = [EVIL, "'); globalThis.PWNED=1; ('", '`${globalThis.PWNED=1}`'];
    const lines = [cols.map(quote).join(',')];
    for (let i = 0; i < 80; i++) lines.push([i % 7, (i * 3) % 5, labels[i % 2]!, labels[i % 3]!].map((v) => quote(String(v))).join(','));
    const ds = await parseCsvText(lines.join('\n') + '\n');
    const prep = defaultDataPrep({ task: 'multiclass', mode: 'sequence', targets: [cols[3]!], features: [cols[0]!, cols[1]!, cols[2]!], lookback: 3 });
    const p = prepare(ds, prep);
    expect(p.classes!.length).toBe(3);
    const doc = graphOf(
      EVIL,
      [
        { kind: 'Input', label: EVIL, params: { shape: [3, p.nFeatures] } },
        { kind: 'LSTM', label: EVIL, params: { units: 3 } },
        { kind: 'Dense', label: "*/ globalThis.PWNED=1 /*", params: { units: 3, activation: 'softmax' } },
      ],
      [[0, 1], [1, 2]],
    );
    const { model, weights } = await trainedRun(doc);
    const files = await exportRun(tf, { graph: doc, weights, pre: preprocessingFromPrepared(p, prep), title: EVIL, formats: ['ts', 'keras', 'tfjs'] });
    const dir = join(TMP, 'hostile');
    writeFiles(dir, files);
    for (const f of files) expect(f.path).toMatch(/^[a-z]+\/[A-Za-z0-9_.-]+$/);
    expect(typecheck(join(dir, 'typescript'))).toBe('');
    // every occurrence of the payload is inside a string literal or a comment
    const src = readFileSync(join(dir, 'typescript/model.ts'), 'utf8');
    const sf = ts.createSourceFile('model.ts', src, ts.ScriptTarget.Latest, true);
    const injected: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === 'PWNED') injected.push(node.getText());
      ts.forEachChild(node, visit);
    };
    visit(sf);
    expect(injected).toEqual([]);
    expect(src).toContain('PWNED'); // the payload is there, as data
    const mod = await importGenerated(join(dir, 'typescript'));
    // default loading: the shard next to the module (import.meta.url), read with fs in Node
    await (mod.loadModel as () => Promise<unknown>)();
    const raw = Array.from({ length: 5 }, (_, i) => Object.fromEntries(ds.columns.map((c, j) => [c.name, j < 2 ? String(i) : labels[i % 2]!])));
    const preds = await (mod.predict as (r: unknown[]) => Promise<{ label: string; probabilities: Record<string, number> }[]>)(raw);
    expect(preds.length).toBe(3);
    for (const pr of preds) {
      expect(p.classes).toContain(pr.label);
      expect(Object.keys(pr.probabilities).sort()).toEqual([...p.classes!].sort());
    }
    expect((globalThis as { PWNED?: unknown }).PWNED).toBeUndefined();
    // Python: compiles, and the payload appears only in strings and comments
    if (!PYTHON) console.warn('hostile names: no python3, model.py is NOT compiled');
    execFileSync(PYTHON ?? 'python3', ['-m', 'py_compile', join(dir, 'keras/model.py')]);
    const check = execFileSync(PYTHON ?? 'python3', [
      '-c',
      'import sys,tokenize\nfor t in tokenize.generate_tokens(open(sys.argv[1]).readline):\n  if t.type==tokenize.NAME and t.string=="PWNED": print("INJECTED", t.start)',
      join(dir, 'keras/model.py'),
    ]).toString();
    expect(check).toBe('');
    if (hasKeras) {
      // and it runs: builds the model, loads the weights, encodes the hostile columns and labels
      writeFileSync(join(dir, 'data.csv'), lines.join('\n') + '\n');
      const script = [
        'import importlib.util, json, sys',
        'spec = importlib.util.spec_from_file_location("m", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
        'model = m.load_weights(m.build_model())',
        'x, y = m.make_samples(m.read_csv(sys.argv[2]))',
        'print(json.dumps({"shape": list(x.shape), "ysum": float(y.sum()), "labels": m.decode_outputs(model.predict(x[:3], verbose=0)), "pwned": "PWNED" in dir(m)}))',
      ].join('\n');
      const out = execFileSync(kerasPython, ['-c', script, join(dir, 'keras/model.py'), join(dir, 'data.csv')], { env: kerasEnv }).toString();
      const r = JSON.parse(out.trim().split('\n').pop()!) as { shape: number[]; ysum: number; labels: string[]; pwned: boolean };
      expect(r.shape).toEqual([78, 3, p.nFeatures]);
      expect(r.ysum).toBe(78); // one-hot labels all matched a class
      for (const l of r.labels) expect(p.classes).toContain(l);
      expect(r.pwned).toBe(false);
    }
    model.dispose();
  });
  // Every character class that ever broke (or could break) generated code: NUL before a digit (the octal
  // escape '\01', TS1487 / SyntaxError in an ES module; a NUL in model.py makes it uncompilable), all C0
  // controls, DEL, C1, lone surrogates (high and low), U+2028/U+2029, bidi overrides, comment and string
  // terminators of both languages, backslashes and quotes.
  /** What must never appear raw in generated code (a newline between statements is fine; U+FFFD = a lost lone surrogate). */
  const RAW_IN_CODE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Cs}\ufffd]/u;
  const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
  const NASTY = [
    '\u00001',
    `c0 ${C0} del \x7f c1 \x80\x85\x9f`,
    'hi \ud800 lo \udc00 end\udbff',
    'ls \u2028 ps \u2029',
    '*/ x /* y',
    '""" \'\'\' #',
    'back\\slash \\x00 \\u0041 \\',
    'q\'"`${x}`',
    '</script> \u202e\u2066 \ufeff',
  ];
  describe('control characters, lone surrogates and comment ends in every name', () => {
    // The CSV reader refuses a NUL in a file's first 8 KB, so the data is prepared with placeholder names
    // (Z…Z) that are then swapped for the hostile ones everywhere in the preprocessing description: the
    // exporters see exactly what a run with such names stores.
    const cols = ['a\u00001', `b${C0}\x7f\x85`, 'c\ud800\u2028*/', 'd"""\\\udc00'];
    const cats = NASTY.slice(0, 3).map((n) => `k${n}k`);
    const classes = NASTY.slice(3).map((n) => `v${n}v`);
    const hostileOf = new Map<string, string>([...cols.map((c, i) => [`Zcol${i}Z`, c] as const), ...cats.map((c, i) => [`Zcat${i}Z`, c] as const), ...classes.map((c, i) => [`Zcls${i}Z`, c] as const)]);
    const swap = <T,>(v: T): T =>
      (typeof v === 'string'
        ? v.replace(/Z(col|cat|cls)\dZ/g, (m) => hostileOf.get(m)!)
        : Array.isArray(v)
          ? v.map(swap)
          : v && typeof v === 'object' && !ArrayBuffer.isView(v)
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [swap(k), swap(x)]))
            : v) as T;
    const data = Array.from({ length: 60 }, (_, i) => [String(i % 7), String((i * 3) % 5), `Zcat${i % 3}Z`, `Zcls${i % classes.length}Z`]);
    const title = NASTY.join(' | ');
    const dir = join(TMP, 'hostile-controls');
    /** The same export with NaN, ±Infinity and -0 in the statistics and damaged training settings. */
    const oddDir = join(TMP, 'hostile-numbers');
    let p: PreparedData;
    let pre: ExportPreprocessing;

    beforeAll(async () => {
      const names = cols.map((_, i) => `Zcol${i}Z`);
      const ds = await parseCsvText([names, ...data].map((r) => r.join(',')).join('\n') + '\n');
      const prep = defaultDataPrep({ task: 'multiclass', mode: 'sequence', targets: [names[3]!], features: [names[0]!, names[1]!, names[2]!], lookback: 2 });
      p = prepare(ds, prep);
      pre = swap(preprocessingFromPrepared(p, prep));
      const doc = graphOf(
        title,
        [
          { kind: 'Input', label: NASTY[0], params: { shape: [2, p.nFeatures] } },
          { kind: 'GRU', label: NASTY[1], params: { units: 3 } },
          { kind: 'Dense', label: NASTY[4], params: { units: classes.length, activation: 'softmax' } },
        ],
        [[0, 1], [1, 2]],
      );
      const { model, weights } = await trainedRun(doc);
      // class weights keyed by the hostile labels reach model.py only as JSON inside a Python string literal
      const classWeights = Object.fromEntries(classes.map((c, i) => [c, i + 1]));
      writeFiles(dir, await exportRun(tf, { graph: doc, weights, pre, title, formats: ['ts', 'keras'], training: { classWeights, validationSplit: 0.25 } }));
      const odd: ExportPreprocessing = {
        ...pre,
        features: pre.features.map((f, i) => (f.kind === 'numeric' ? { ...f, offset: [NaN, -0][i % 2]!, scale: [Infinity, -Infinity][i % 2]!, fill: -0 } : f)),
      };
      const training = { optimizer: 'constructor', learningRate: NaN, batchSize: Infinity };
      writeFiles(oddDir, await exportRun(tf, { graph: doc, weights, pre: odd, title, formats: ['ts', 'keras'], training }));
      model.dispose();
    });

    it('the preprocessing holds the hostile names', () => {
      expect([...swap(p.classes!)].sort()).toEqual([...classes].sort());
      expect(pre.classes).toEqual(swap(p.classes!));
      expect(pre.features.filter((f) => f.kind === 'onehot').map((f) => f.category).sort()).toEqual([...cats].sort());
      expect(requiredColumns(pre)).toEqual(cols.slice(0, 3));
    });

    it('TypeScript: passes tsc --strict, has nothing raw, imports as an ES module and holds exactly the names', async () => {
      // tsc --strict; the file is an ES module (the exported package.json says "type": "module"), where
      // an octal escape is TS1487
      expect(typecheck(join(dir, 'typescript'))).toBe('');
      expect(readFileSync(join(dir, 'typescript/model.ts'), 'utf8')).not.toMatch(RAW_IN_CODE);
      // package.json: no lone-surrogate escape (Node's package.json reader refuses one, and then nothing in
      // the folder imports); the import below reads it
      expect(readFileSync(join(dir, 'typescript/package.json'), 'utf8')).not.toMatch(/\\ud[89a-f]/i);
      // evaluated as an ES module (strict: an octal escape is a SyntaxError) it holds exactly the names
      const mod = await importGenerated(join(dir, 'typescript'));
      expect(mod.CLASSES).toEqual(pre.classes);
      expect(mod.COLUMNS).toEqual(cols.slice(0, 3));
      // and encodes raw rows with those columns and categories as the app does
      const raw = data.map((r) => Object.fromEntries(r.map((v, j) => [cols[j]!, swap(v)])));
      const rows = Array.from({ length: 6 }, (_, k) => raw[p.rowIndex[k]!]!);
      const encoded = (mod.encodeRows as (r: unknown[]) => Float32Array)(rows);
      const want = p.features.subarray(0, 6 * p.nFeatures);
      expect(Array.from(encoded).map((v, i) => Math.abs(v - want[i]!) < 1e-6)).toEqual(Array.from(want, () => true));
      await (mod.loadModel as () => Promise<unknown>)();
      const preds = await (mod.predict as (r: unknown[]) => Promise<{ label: string }[]>)(rows);
      expect(preds.length).toBe(5);
      for (const pr of preds) expect(pre.classes).toContain(pr.label);
    });

    it('TypeScript: NaN, ±Infinity and -0 in the statistics are written as such and pass tsc --strict', () => {
      expect(typecheck(join(oddDir, 'typescript'))).toBe('');
      expect(readFileSync(join(oddDir, 'typescript/model.ts'), 'utf8')).toMatch(/offset: NaN, scale: Infinity, fill: -0/);
    });

    it.skipIf(!PYTHON)('Python: model.py passes py_compile (also with odd numbers and training settings), and preprocessing.json gives Python exactly the names', () => {
      // a NUL anywhere in the file fails py_compile
      execFileSync(PYTHON!, ['-m', 'py_compile', join(dir, 'keras/model.py')]);
      expect(readFileSync(join(dir, 'keras/model.py'), 'utf8')).not.toMatch(RAW_IN_CODE);
      // JSON.stringify writes lone surrogates as \udXXX escapes (well-formed JSON.stringify, ES2019), which
      // Python's json reads back as the same lone surrogates
      const back = execFileSync(PYTHON!, [
        '-c',
        'import json,sys; pre = json.load(open(sys.argv[1], encoding="utf-8")); print(json.dumps([pre["classes"], [f["category"] for f in pre["features"] if f["kind"] == "onehot"], pre["targetColumns"]]))',
        join(dir, 'keras/preprocessing.json'),
      ]).toString();
      expect(JSON.parse(back)).toEqual([pre.classes, pre.features.filter((f) => f.kind === 'onehot').map((f) => f.category), pre.targetColumns]);
      // the run's training settings (class weights by hostile label) read back from model.py's literal, exactly
      const training = execFileSync(PYTHON!, [
        '-c',
        'import ast,json,sys; line = next(l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.startswith("TRAINING = json.loads(")); print(json.dumps(json.loads(ast.literal_eval(line[len("TRAINING = json.loads("):-1]))))',
        join(dir, 'keras/model.py'),
      ]).toString();
      expect(JSON.parse(training)).toEqual({ validationSplit: 0.25, classWeights: Object.fromEntries(classes.map((c, i) => [c, i + 1])) });
      execFileSync(PYTHON!, ['-m', 'py_compile', join(oddDir, 'keras/model.py')]);
      expect(readFileSync(join(oddDir, 'keras/model.py'), 'utf8')).toContain('keras.optimizers.Adam(learning_rate=1e-3)');
    });
  });
});
