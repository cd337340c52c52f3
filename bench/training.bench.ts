/**
 * Training benchmark (issue 16), ratios always measured in one run:
 *  - fused vs reference (stock tfjs) recurrent layers, samples/s and kernels dispatched per training batch,
 *    for GRU(32) [20,4], GRU(64) [30,8], GRU(128) [60,16], LSTM(64) [30,8], batch 64, Adam — on Node wasm
 *    and cpu, and on wasm and WebGL (WebGPU with TRAIN_BENCH_WEBGPU=1) in headless Chromium;
 *  - end-to-end `layerloom train` throughput, fused vs reference;
 *  - PyTorch CPU (bench/torch_rnn.py, one thread like tfjs wasm) against the fused wasm numbers;
 *  - overhead of Layerloom's loop against a hand-written model.fit (reference layers, time per epoch);
 *  - metric rows written per second into SQLite.
 * Env (defaults keep the run under ~10 min on 2 cores): TRAIN_BENCH_RUNS (3), TRAIN_BENCH_SHAPES (comma
 * list of GRU32,GRU64,GRU128,LSTM64; all), TRAIN_BENCH_BATCHES_WASM (4), _CPU (1), _WEBGL (1, also WebGPU), _CWASM (2)
 * (timed batches per run and mode), TRAIN_BENCH_RUNS_CPU (2), TRAIN_BENCH_CHROMIUM (1; 0 skips the browser), TRAIN_BENCH_WEBGPU (0),
 * TRAIN_BENCH_CLI_EPOCHS (2), TRAIN_BENCH_SAMPLES (windows for the loop-overhead rows, 640),
 * TRAIN_BENCH_TORCH_SETUP (1: install python3-torch with apt when missing, root only), TORCH_THREADS (1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { median, report, row, type BenchRow } from './lib';
import { SHAPES, buildFor, measureShape, type ShapeResult } from './recurrent-core';
import { runInChromium } from './chromium-run';
import { serializeProject, PROJECT_FORMAT, PROJECT_VERSION } from '../src-shared/project/file';
import { parseCsvText } from '../src-shared/data/csv';
import { prepare, buildBatch, type PreparedData } from '../src-shared/data/prepare';
import { sequential } from '../src-shared/graph/builder';
import { train } from '../src-shared/train/loop';
import { trainingSettings } from '../src-shared/train/settings';
import { openStore } from '../src-main/store/store';
import { projectsRepo } from '../src-main/store/projects-repo';
import { runsRepo } from '../src-main/store/runs-repo';
import type { MetricRow } from '../src-shared/api/runs';

const SAMPLES = Number(process.env.TRAIN_BENCH_SAMPLES ?? 640);
const RUNS = Number(process.env.TRAIN_BENCH_RUNS ?? 3);
const env = (k: string, d: number): number => {
  const v = process.env[k];
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${k} must be a whole number ≥ 0, not "${v}"`);
  return n;
};
const SHAPE_KEYS = (process.env.TRAIN_BENCH_SHAPES ?? 'GRU32,GRU64,GRU128,LSTM64').split(',').map((s) => s.trim()).filter(Boolean);
const shapes = SHAPES.filter((s) => SHAPE_KEYS.includes(`${s.kind}${s.units}`));
if (shapes.length !== SHAPE_KEYS.length) throw new Error(`TRAIN_BENCH_SHAPES: unknown shape in "${SHAPE_KEYS.join(',')}" (known: GRU32, GRU64, GRU128, LSTM64)`);
const LOOKBACK = 30;
const FEATURES = 8;
const BATCH = 64;

async function data(): Promise<PreparedData> {
  const rows = SAMPLES + LOOKBACK + 1;
  const lines = [Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')];
  let s = 1;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: FEATURES }, (_, c) => (Math.sin(r / (5 + c)) + rnd() * 0.1).toFixed(4)).join(','));
  const ds = await parseCsvText(lines.join('\n'));
  const features = Array.from({ length: FEATURES }, (_, i) => `f${i}`);
  return prepare(ds, { task: 'regression', mode: 'sequence', targets: ['f0'], features, lookback: LOOKBACK, horizon: 1, split: { train: 1, validation: 0, test: 0 } });
}

const settings = trainingSettings({ epochs: 1, batchSize: BATCH, validationSplit: 0, seed: 1, optimizer: 'adam', learningRate: 1e-3 });

const GRU64 = SHAPES[1]!;

/** Loop overhead is measured on the reference layer, the same layer the hand-written model uses. */
async function layerloomEpoch(p: PreparedData): Promise<number> {
  const { model } = buildFor(tf, GRU64, 'reference');
  await train({ tf, model, prepared: p, settings: { ...settings, epochs: 1 } }); // warm-up (kernels, shaders)
  const t0 = performance.now();
  await train({ tf, model, prepared: p, settings });
  const ms = performance.now() - t0;
  model.dispose();
  return ms;
}

/** The GRU options the compiled layer uses (tfjs defaults differ from Keras', e.g. recurrentActivation), so both models compute the same thing. */
function gruOptions(): Record<string, unknown> {
  const { model } = buildFor(tf, GRU64, 'reference');
  const c = model.getLayer('rnn').getConfig();
  model.dispose();
  return { activation: c.activation, recurrentActivation: c.recurrentActivation, useBias: c.useBias };
}

async function handWrittenEpoch(p: PreparedData): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.gru({ units: 64, inputShape: [LOOKBACK, FEATURES], recurrentInitializer: 'glorotUniform', ...(gruOptions() as object) }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.meanSquaredError });
  const b = buildBatch(p, 'train');
  const xs = tf.tensor(b.x, b.xShape);
  const ys = tf.tensor(b.y, b.yShape);
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  const t0 = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  const ms = performance.now() - t0;
  xs.dispose();
  ys.dispose();
  model.dispose();
  return ms;
}

function sqliteRowsPerSecond(): { batched: number[]; single: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'll-bench-'));
  const store = openStore(join(dir, 'layerloom.db'));
  try {
    const project = projectsRepo(store.db).create('bench', null);
    const runs = runsRepo(store.db);
    const run = runs.start({ projectId: project.id, graph: {}, dataPrep: null, settings });
    const batched: number[] = [];
    const single: number[] = [];
    let epoch = 0;
    for (let k = 0; k < 5; k++) {
      // 100 appendMetrics calls of 100 rows (the app flushes every 50 batches × loss+metric)
      const t0 = performance.now();
      for (let c = 0; c < 100; c++) {
        epoch++;
        const rows: MetricRow[] = Array.from({ length: 100 }, (_, i) => ({ epoch, batch: i, name: i % 2 ? 'mae' : 'loss', value: Math.random(), tMs: i }));
        runs.appendMetrics(run.id, rows);
      }
      batched.push(10_000 / ((performance.now() - t0) / 1000));
      const t1 = performance.now();
      for (let c = 0; c < 500; c++) runs.appendMetrics(run.id, [{ epoch, batch: c, name: 'loss', value: 1, tMs: c }]);
      single.push(500 / ((performance.now() - t1) / 1000));
    }
    return { batched, single };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Torch in /usr/bin/python3 (Debian's python3-torch); the bench's own setup installs it when missing (root + apt). */
function findTorch(): { python: string; version: string } | { missing: string } {
  const python = process.env.LAYERLOOM_PYTHON ?? '/usr/bin/python3';
  const probe = (): string | null => {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  let v = probe();
  if (v) return { python, version: v };
  if (env('TRAIN_BENCH_TORCH_SETUP', 1) && process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0) {
    console.error('bench setup: installing python3-torch with apt-get (TRAIN_BENCH_TORCH_SETUP=0 skips this)…');
    spawnSync('apt-get', ['install', '-y', 'python3-torch'], { stdio: 'inherit', timeout: 900_000 });
    v = probe();
    if (v) return { python, version: v };
  }
  return { missing: `${python} has no torch (install Debian's python3-torch)` };
}

function torchRun(python: string, args: string[]): { results: { shape: string; samplesPerSec: number[] }[]; threads: number; torch: string } | { error: string } {
  const r = spawnSync(python, ['bench/torch_rnn.py', ...args], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { error: (r.stderr || r.stdout || `exit ${r.status}`).trim().slice(-500) };
  return JSON.parse(r.stdout) as { results: { shape: string; samplesPerSec: number[] }[]; threads: number; torch: string };
}

/** `layerloom train` (the built CLI) on a GRU(64) [30, 8] project: samples/s over the whole run (prep, epochs, evaluation). */
function cliThroughput(mode: 'fused' | 'reference', epochs: number, dir: string): { samplesPerSec: number; windows: number; seconds: number } | { error: string } {
  const proj = join(dir, `gru64-${mode}.loom.json`);
  const graph = sequential('bench', [
    { kind: 'Input', label: 'window', params: { shape: [LOOKBACK, FEATURES], source: 'dataset' } },
    { kind: 'GRU', label: 'gru', params: { units: 64 } },
    { kind: 'Dense', label: 'out', params: { units: 1 } },
  ]);
  const training = trainingSettings({ batchSize: BATCH, epochs, seed: 1, optimizer: 'adam', validationSplit: 0.1, recurrent: mode });
  writeFileSync(proj, serializeProject({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: `bench ${mode}`, graph, training }));
  const r = spawnSync(process.execPath, ['bin/layerloom.mjs', 'train', proj, '--data', join(dir, 'data.csv'), '--target', 'f0', '--lookback', String(LOOKBACK), '--backend', 'wasm', '--data-dir', join(dir, 'db'), '--json'], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) return { error: (r.stderr || `exit ${r.status}`).trim().slice(-400) };
  const windows = Number(/(\d+) training windows/.exec(r.stderr)?.[1] ?? NaN);
  const summary = JSON.parse(r.stdout) as { seconds: number; epochsRun: number };
  return { samplesPerSec: (windows * summary.epochsRun) / summary.seconds, windows, seconds: summary.seconds };
}

function csvText(rows: number): string {
  const lines = [Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: FEATURES }, (_, c) => Math.sin(r / (5 + c)).toFixed(4)).join(','));
  return lines.join('\n') + '\n';
}

const RUNS_N = env('TRAIN_BENCH_RUNS', 3);
const rows: BenchRow[] = [];
const shapeResults: ShapeResult[] = [];
const meta: Record<string, unknown> = {
  batch: BATCH,
  optimizer: 'adam 1e-3',
};

/** Rows for one shape on one backend: samples/s of each mode, their per-run ratio, kernels per batch. */
function shapeRows(where: string, r: ShapeResult): void {
  shapeResults.push(r);
  if (r.error) {
    rows.push({ name: `${where} ${r.shape}: failed`, median: NaN, unit: '', runs: 0, note: r.error });
    return;
  }
  rows.push(row(`${where} ${r.shape}: fused samples/s`, r.fused, 'samples/s', { note: `higher is better; layer ${r.layerClass.fused}` }));
  rows.push(row(`${where} ${r.shape}: reference samples/s`, r.reference, 'samples/s', { note: `higher is better; layer ${r.layerClass.reference}` }));
  const wasm = r.backend === 'wasm';
  rows.push(row(`${where} ${r.shape}: speed-up fused / reference`, r.ratios, '×', { higherIsBetter: true, target: wasm ? 4 : 1 }));
  const k = r.kernels;
  const gpu = k.fused.programs !== null && k.reference.programs !== null;
  const kf = gpu ? k.fused.programs! : k.fused.engine;
  const kr = gpu ? k.reference.programs! : k.reference.engine;
  rows.push({
    name: `${where} ${r.shape}: kernels per training batch, fused / reference`,
    median: kf / kr,
    unit: '×',
    runs: 1,
    ...(r.backend === 'webgl' || r.backend === 'webgpu' ? { target: 0.1 } : {}),
    note: gpu ? `GPU programs ${kf} vs ${kr}; engine kernels ${k.fused.engine} vs ${k.reference.engine}` : `engine kernels ${kf} vs ${kr}`,
  });
}

// -- Node: wasm, then PyTorch (right after: a busy machine drifts), then cpu --
async function nodeRows(backend: 'wasm' | 'cpu'): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  const batches = backend === 'wasm' ? env('TRAIN_BENCH_BATCHES_WASM', 4) : env('TRAIN_BENCH_BATCHES_CPU', 1);
  // cpu is ~10× slower than wasm: fewer runs keep the default bench short
  const runs = backend === 'wasm' ? RUNS_N : env('TRAIN_BENCH_RUNS_CPU', Math.min(RUNS_N, 2));
  for (const s of shapes) {
    console.error(`node ${backend} ${s.name}…`);
    shapeRows(`node ${backend}`, await measureShape(tf, s, { batch: BATCH, batches, runs, warmup: 1 }).catch((e: unknown) => ({ shape: s.name, backend, error: String(e) }) as ShapeResult));
  }
}
await nodeRows('wasm');

// -- PyTorch CPU, the same thread count as tfjs wasm in Node (one) --
{
  const found = findTorch();
  if ('missing' in found) meta.pytorch = `not measured: ${found.missing}`;
  else {
    const threads = env('TORCH_THREADS', 1);
    console.error(`torch ${found.version} cpu, ${threads} thread(s)…`);
    const t = torchRun(found.python, ['--threads', String(threads), '--batches', String(env('TRAIN_BENCH_BATCHES_WASM', 4) * 2), '--runs', String(RUNS_N), '--shapes', shapes.map((s) => `${s.kind}${s.units}`).join(',')]);
    if ('error' in t) meta.pytorch = `failed: ${t.error}`;
    else {
      meta.pytorch = { version: t.torch, threads: t.threads, results: t.results };
      for (const tr of t.results) {
        const ours = shapeResults.find((r) => r.backend === 'wasm' && r.shape === tr.shape && !r.error && shapeResults.indexOf(r) < shapes.length);
        const torchMedian = median(tr.samplesPerSec);
        rows.push(row(`PyTorch ${t.torch} CPU ${t.threads} thread ${tr.shape}: samples/s`, tr.samplesPerSec, 'samples/s', { note: 'higher is better' }));
        if (ours)
          rows.push({
            name: `PyTorch / node wasm fused ${tr.shape}`,
            median: torchMedian / median(ours.fused),
            unit: '×',
            runs: 1,
            ...(tr.shape === GRU64.name ? { target: 2 } : {}),
            note: `PyTorch ${torchMedian.toFixed(0)} vs tfjs wasm fused ${median(ours.fused).toFixed(0)} samples/s (reference ${median(ours.reference).toFixed(0)}: ${(torchMedian / median(ours.reference)).toFixed(1)}×)`,
          });
      }
    }
  }
}

await nodeRows('cpu');

// -- Chromium: wasm and WebGL (SwiftShader here), WebGPU on request --
if (env('TRAIN_BENCH_CHROMIUM', 1)) {
  const backends = ['wasm', 'webgl', ...(env('TRAIN_BENCH_WEBGPU', 0) ? ['webgpu'] : [])];
  console.error(`chromium ${backends.join(', ')}…`);
  const web = await runInChromium({
    backends,
    shapes: shapes.map((s) => s.name),
    batch: BATCH,
    batches: { wasm: env('TRAIN_BENCH_BATCHES_CWASM', 2), webgl: env('TRAIN_BENCH_BATCHES_WEBGL', 1), webgpu: env('TRAIN_BENCH_BATCHES_WEBGL', 1) },
    runs: RUNS_N,
    timeoutMs: 360_000,
  }).catch((e: unknown) => ({ error: String(e) }));
  if ('error' in web) meta.chromium = `not measured: ${web.error.slice(0, 400)}`;
  else {
    meta.chromium = Object.fromEntries(web.results.map((b) => [b.backend, b.error ? `failed: ${b.error}` : b.device]));
    for (const b of web.results) for (const r of b.results) shapeRows(`chromium ${b.backend}`, r);
  }
}

// -- end to end: layerloom train (CLI, wasm) --
{
  const dir = mkdtempSync(join(tmpdir(), 'll-bench-cli-'));
  try {
    writeFileSync(join(dir, 'data.csv'), csvText(SAMPLES + LOOKBACK + 1));
    const epochs = env('TRAIN_BENCH_CLI_EPOCHS', 2);
    const cli: Record<string, { samplesPerSec: number; windows: number; seconds: number } | { error: string }> = {};
    for (const mode of ['fused', 'reference'] as const) {
      console.error(`layerloom train (${mode})…`);
      cli[mode] = cliThroughput(mode, epochs, dir);
    }
    meta.cli = cli;
    const f = cli.fused!;
    const r = cli.reference!;
    if ('error' in f || 'error' in r) rows.push({ name: 'layerloom train (CLI, wasm) GRU(64) [30, 8]: failed', median: NaN, unit: '', runs: 0, note: ('error' in f ? f.error : '') + ('error' in r ? r.error : '') });
    else {
      rows.push({ name: 'layerloom train (CLI, wasm) GRU(64) [30, 8]: fused samples/s', median: f.samplesPerSec, unit: 'samples/s', runs: 1, note: `end to end (prepare, ${epochs} epochs, evaluate) ${f.seconds.toFixed(1)} s` });
      rows.push({ name: 'layerloom train (CLI, wasm) GRU(64) [30, 8]: reference samples/s', median: r.samplesPerSec, unit: 'samples/s', runs: 1, note: `end to end ${r.seconds.toFixed(1)} s` });
      rows.push({ name: 'layerloom train (CLI, wasm) GRU(64) [30, 8]: speed-up fused / reference', median: f.samplesPerSec / r.samplesPerSec, unit: '×', runs: 1, target: 4, higherIsBetter: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// -- loop overhead against a hand-written model.fit (reference layers), as before --
const p = await data();
for (const backend of ['wasm', 'cpu'] as const) {
  await tf.setBackend(backend);
  await tf.ready();
  console.error(`loop overhead ${backend}…`);
  // cpu is ~10× slower: a smaller epoch keeps the benchmark short
  const pb: PreparedData = backend === 'cpu' ? { ...p, splits: { ...p.splits, train: p.splits.train.subarray(0, 2 * BATCH) } } : p;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < RUNS_N; i++) {
    theirs.push(await handWrittenEpoch(pb));
    ours.push(await layerloomEpoch(pb));
  }
  rows.push(row(`${backend}: loop overhead ratio (Layerloom loop / hand-written model.fit), GRU(64) reference`, ours.map((o, i) => o / theirs[i]!), '×', { target: 1.05 }));
}
const sq = sqliteRowsPerSecond();
rows.push(row('SQLite metric rows/s, 100 rows per appendMetrics transaction', sq.batched, 'rows/s', { note: 'higher is better' }));
rows.push(row('SQLite metric rows/s, 1 row per transaction', sq.single, 'rows/s', { note: 'higher is better' }));
report('training', rows, { ...meta, shapes: shapeResults });
