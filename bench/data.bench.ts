/**
 * Data import benchmark: a generated CSV of 1,000,000 rows × 8 numeric columns is imported and
 * profiled through the streaming parser from fs.createReadStream (target < 4 s, peak RSS < 600 MB),
 * then prepared for a GRU with lookback 30 (windows are views into one matrix, not copies).
 * If python3 has pandas, pandas.read_csv on the same file is timed as a reference.
 */
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { median, report, row, type BenchRow } from './lib';
import { parseCsv } from '../src-shared/data/csv';
import { prepare } from '../src-shared/data/prepare';

const ROWS = Number(process.env.DATA_BENCH_ROWS ?? 1_000_000);
const COLS = 8;
const RUNS = Number(process.env.DATA_BENCH_RUNS ?? 3);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  out.write(Array.from({ length: COLS }, (_, c) => `f${c}`).join(',') + '\n');
  const level = new Array<number>(COLS).fill(0);
  let buf: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const fields: string[] = [];
    for (let c = 0; c < COLS; c++) {
      level[c] = level[c]! * 0.99 + (rnd() - 0.5);
      fields.push(c === COLS - 1 ? String(Math.floor(rnd() * 1000)) : level[c]!.toFixed(4));
    }
    buf.push(fields.join(','));
    if (buf.length === 10_000) {
      if (!out.write(buf.join('\n') + '\n')) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const path = join(tmpdir(), `layerloom-data-bench-${process.pid}.csv`);
  const t0 = performance.now();
  await generate(path);
  const size = statSync(path).size;
  console.log(`generated ${ROWS.toLocaleString('en-US')} × ${COLS} CSV (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${path}`);
  gc();
  const baseRss = process.memoryUsage().rss;

  // import + profile, peak RSS sampled every 10 ms and from the OS (maxRSS)
  const times: number[] = [];
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  let ds = null as Awaited<ReturnType<typeof parseCsv>> | null;
  for (let i = 0; i < RUNS; i++) {
    ds = null;
    gc();
    const t = performance.now();
    ds = await parseCsv(createReadStream(path, { highWaterMark: 1 << 20 }), { name: 'bench.csv', size });
    times.push(performance.now() - t);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (!ds || ds.rowCount !== ROWS || ds.columns.length !== COLS) throw new Error(`wrong import: ${ds?.rowCount} rows`);
  const rows: BenchRow[] = [
    row(`import+profile ${ROWS / 1e6}M×${COLS} (${(size / 1e6).toFixed(0)} MB)`, times, 'ms', { target: 4000, note: `${((size / 1e6) / (median(times) / 1000)).toFixed(0)} MB/s; types: ${[...new Set(ds.columns.map((c) => c.type))].join(', ')}` }),
    { name: 'peak RSS during import (sampled)', median: peak / 2 ** 20, unit: 'MB', runs: 1, target: 600, note: `baseline before import ${(baseRss / 2 ** 20).toFixed(0)} MB` },
    { name: 'maxRSS of the process (OS)', median: maxRss / 2 ** 20, unit: 'MB', runs: 1, target: 600 },
  ];

  // prepare: lookback 30, all 8 columns as features, forecast f0 one step ahead
  const prepTimes: number[] = [];
  let p = null as ReturnType<typeof prepare> | null;
  for (let i = 0; i < RUNS; i++) {
    p = null;
    gc();
    const t = performance.now();
    p = prepare(ds, { task: 'regression', mode: 'sequence', targets: ['f0'], features: ds.columns.map((c) => c.name), lookback: 30, horizon: 1 });
    prepTimes.push(performance.now() - t);
  }
  const prep = p!;
  const windows = prep.splits.train.length + prep.splits.validation.length + prep.splits.test.length;
  const matrix = prep.features.byteLength;
  const copied = windows * 30 * prep.nFeatures * 4;
  rows.push(
    row('prepare lookback 30 (windows as views)', prepTimes, 'ms', {
      note:
        `${windows.toLocaleString('en-US')} windows; feature matrix ${(matrix / 2 ** 20).toFixed(1)} MB = rows×features×4 (${prep.rows}×${prep.nFeatures}×4 = ${prep.rows * prep.nFeatures * 4} B: ${matrix === prep.rows * prep.nFeatures * 4 ? 'yes' : 'NO'}); ` +
        `copying every window would take ${(copied / 2 ** 20).toFixed(0)} MB`,
    }),
  );

  // pandas reference
  const probe = spawnSync('python3', ['-c', 'import pandas'], { encoding: 'utf8' });
  let pandasMs: number | null = null;
  if (probe.status === 0) {
    const r = spawnSync(
      'python3',
      ['-c', `import time, pandas\nts=[]\nfor _ in range(${RUNS}):\n  t=time.perf_counter(); df=pandas.read_csv(${JSON.stringify(path)}); ts.append(time.perf_counter()-t)\nts.sort(); print(ts[len(ts)//2]*1000)`],
      { encoding: 'utf8' },
    );
    if (r.status === 0) pandasMs = Number(r.stdout.trim());
  }
  if (pandasMs !== null)
    rows.push({ name: 'pandas.read_csv (reference)', median: pandasMs, unit: 'ms', runs: RUNS, note: `Layerloom import+profile / pandas.read_csv = ${(median(times) / pandasMs).toFixed(2)}×` });
  else console.log('pandas not available (python3 -c "import pandas" failed): no reference ratio.');
  unlinkSync(path);
  report('data', rows, { rows: ROWS, cols: COLS, fileBytes: size, pandasMs });
}

await main();
