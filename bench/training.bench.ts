/**
 * Training benchmark (Node, tfjs):
 *  - overhead of Layerloom's compiled model + shared loop against a hand-written tfjs model with the same
 *    layers trained with model.fit on the same backend and data: time per epoch ratio (target ≤ 1.05);
 *  - samples per second for GRU(64), lookback 30, 8 features, batch 64, on wasm and cpu;
 *  - metric rows written per second into SQLite (appendMetrics batches as the app sends them);
 *  - a PyTorch CPU reference when python3 has torch.
 * Env: TRAIN_BENCH_SAMPLES (training windows, default 640), TRAIN_BENCH_RUNS (default 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { median, report, row, type BenchRow } from './lib';
import { parseCsvText } from '../src-shared/data/csv';
import { prepare, buildBatch, type PreparedData } from '../src-shared/data/prepare';
import { sequential } from '../src-shared/graph/builder';
import { buildModel, fitGraphToData } from '../src-shared/train/model';
import { train } from '../src-shared/train/loop';
import { trainingSettings } from '../src-shared/train/settings';
import { openStore } from '../src-main/store/store';
import { projectsRepo } from '../src-main/store/projects-repo';
import { runsRepo } from '../src-main/store/runs-repo';
import type { MetricRow } from '../src-shared/api/runs';
import { findChromium } from '../scripts/find-chromium.mjs';

const SAMPLES = Number(process.env.TRAIN_BENCH_SAMPLES ?? 640);
const RUNS = Number(process.env.TRAIN_BENCH_RUNS ?? 3);
/** SwiftShader WebGL is slow: a smaller epoch there. */
const WEBGL_SAMPLES = Number(process.env.TRAIN_BENCH_WEBGL_SAMPLES ?? 256);
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

const graph = sequential('bench', [
  { kind: 'Input', label: 'window', params: { shape: [LOOKBACK, FEATURES], source: 'dataset' } },
  { kind: 'GRU', label: 'gru', params: { units: 64 } },
  { kind: 'Dense', label: 'out', params: { units: 1 } },
]);
const settings = trainingSettings({ epochs: 1, batchSize: BATCH, validationSplit: 0, seed: 1, optimizer: 'adam', learningRate: 1e-3 });

async function layerloomEpoch(p: PreparedData): Promise<number> {
  const { model } = buildModel(tf, fitGraphToData(graph, p), 1);
  await train({ tf, model, prepared: p, settings: { ...settings, epochs: 1 } }); // warm-up (kernels, shaders)
  const t0 = performance.now();
  await train({ tf, model, prepared: p, settings });
  const ms = performance.now() - t0;
  model.dispose();
  return ms;
}

/** The GRU options the compiled layer uses (tfjs defaults differ from Keras', e.g. recurrentActivation), so both models compute the same thing. */
function gruOptions(p: PreparedData): Record<string, unknown> {
  const { model } = buildModel(tf, fitGraphToData(graph, p), 1);
  const c = model.getLayer('gru').getConfig();
  model.dispose();
  return { activation: c.activation, recurrentActivation: c.recurrentActivation, useBias: c.useBias };
}

async function handWrittenEpoch(p: PreparedData): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.gru({ units: 64, inputShape: [LOOKBACK, FEATURES], recurrentInitializer: 'glorotUniform', ...(gruOptions(p) as object) }),
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

/** The same comparison on tfjs WebGL in headless Chromium (SwiftShader here), when a Chromium is found (scripts/find-chromium.mjs). */
async function webglInChromium(): Promise<{ renderer: string; samples: number; ours: number[]; theirs: number[] } | string> {
  const exe = findChromium()?.path;
  if (!exe) return 'no Chromium found (LAYERLOOM_CHROMIUM, Playwright\'s, or on PATH)';
  const { build } = await import('esbuild');
  const { chromium } = await import('@playwright/test');
  const out = join(process.cwd(), 'out', 'bench', 'training-webgl.page.js');
  await build({ entryPoints: ['bench/training-webgl.page.ts'], outfile: out, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu-sandbox', '--enable-unsafe-swiftshader'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>bench</title>');
    await page.evaluate((params) => ((window as unknown as { __params: unknown }).__params = params), { samples: WEBGL_SAMPLES, lookback: LOOKBACK, features: FEATURES, batch: BATCH, runs: RUNS });
    await page.addScriptTag({ path: out });
    await page.waitForFunction(() => (window as unknown as { __result?: unknown; __error?: string }).__result ?? (window as unknown as { __error?: string }).__error, undefined, { timeout: 540_000, polling: 500 });
    const r = await page.evaluate(() => (window as unknown as { __result?: unknown; __error?: string }).__result ?? (window as unknown as { __error?: string }).__error);
    return r as { renderer: string; samples: number; ours: number[]; theirs: number[] } | string;
  } finally {
    await browser.close();
  }
}

function torchReference(): string | null {
  const code = `
import time, torch
torch.manual_seed(0); torch.set_num_threads(${Number(process.env.TORCH_THREADS ?? 2)})
m = torch.nn.GRU(${FEATURES}, 64, batch_first=True); d = torch.nn.Linear(64, 1)
opt = torch.optim.Adam(list(m.parameters()) + list(d.parameters()), 1e-3)
x = torch.randn(${SAMPLES}, ${LOOKBACK}, ${FEATURES}); y = torch.randn(${SAMPLES}, 1)
def epoch():
  for i in range(0, ${SAMPLES}, ${BATCH}):
    opt.zero_grad(); out, h = m(x[i:i+${BATCH}]); loss = ((d(h[-1]) - y[i:i+${BATCH}])**2).mean(); loss.backward(); opt.step()
epoch(); t = time.perf_counter(); epoch(); print(${SAMPLES} / (time.perf_counter() - t))`;
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

const p = await data();
const rows: BenchRow[] = [];
const meta: Record<string, unknown> = { samples: p.splits.train.length, lookback: LOOKBACK, features: FEATURES, batch: BATCH, model: 'GRU(64) → Dense(1), adam' };
for (const backend of ['wasm', 'cpu'] as const) {
  await tf.setBackend(backend);
  await tf.ready();
  // cpu is ~10× slower: a smaller epoch keeps the benchmark short
  const pb: PreparedData = backend === 'cpu' ? { ...p, splits: { ...p.splits, train: p.splits.train.subarray(0, 2 * BATCH) } } : p;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    theirs.push(await handWrittenEpoch(pb));
    ours.push(await layerloomEpoch(pb));
  }
  const n = pb.splits.train.length;
  rows.push(row(`${backend}: Layerloom compiled model + loop, time per epoch`, ours));
  rows.push(row(`${backend}: hand-written tfjs model.fit, time per epoch`, theirs));
  const ratios = ours.map((o, i) => o / theirs[i]!);
  rows.push(row(`${backend}: overhead ratio (Layerloom / hand-written)`, ratios, '×', { target: 1.05 }));
  rows.push(row(`${backend}: GRU(64) L30 F8 b64 training samples/s (Layerloom)`, ours.map((ms) => n / (ms / 1000)), 'samples/s', { note: 'higher is better' }));
}
const web = await webglInChromium().catch((e: unknown) => String(e));
if (typeof web === 'string') meta.webgl = `not measured: ${web.slice(0, 300)}`;
else {
  meta.webglRenderer = web.renderer;
  rows.push(row('webgl (Chromium): Layerloom compiled model + loop, time per epoch', web.ours));
  rows.push(row('webgl (Chromium): hand-written tfjs model.fit, time per epoch', web.theirs));
  rows.push(row('webgl (Chromium): overhead ratio (Layerloom / hand-written)', web.ours.map((o, i) => o / web.theirs[i]!), '×', { target: 1.05 }));
  rows.push(row('webgl (Chromium): GRU(64) L30 F8 b64 training samples/s (Layerloom)', web.ours.map((ms) => web.samples / (ms / 1000)), 'samples/s', { note: `higher is better; ${web.renderer}` }));
}
const sq = sqliteRowsPerSecond();
rows.push(row('SQLite metric rows/s, 100 rows per appendMetrics transaction', sq.batched, 'rows/s', { note: 'higher is better' }));
rows.push(row('SQLite metric rows/s, 1 row per transaction', sq.single, 'rows/s', { note: 'higher is better' }));
const torch = torchReference();
if (torch) {
  const wasm = rows.find((r) => r.name.startsWith('wasm: GRU'))!.median;
  rows.push({ name: 'PyTorch CPU GRU(64) samples/s (reference)', median: Number(torch), unit: 'samples/s', runs: 1, note: `Layerloom wasm / PyTorch = ${(wasm / Number(torch)).toFixed(2)}` });
} else meta.pytorch = 'python3 has no torch here; no PyTorch reference';
report('training', rows, meta);
console.log(`median wasm ratio ${median(rows.filter((r) => r.name === 'wasm: overhead ratio (Layerloom / hand-written)').map((r) => r.median)).toFixed(3)}`);
