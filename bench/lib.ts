/** Helpers shared by the benchmarks: timing, medians, a printed table and a JSON result file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  name: string;
  /** Median of the measured values, in `unit`. */
  median: number;
  unit: string;
  runs: number;
  min?: number;
  max?: number;
  /** Target the issue sets, in the same unit (lower is better unless stated). */
  target?: number;
  /** The target is a floor (e.g. a speed-up ratio), not a ceiling. */
  higherIsBetter?: boolean;
  note?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns milliseconds per run. */
export async function timeRuns(fn: () => unknown, runs = 11, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function row(name: string, samples: number[], unit = 'ms', extra: Partial<BenchRow> = {}): BenchRow {
  return { name, median: median(samples), unit, runs: samples.length, min: Math.min(...samples), max: Math.max(...samples), ...extra };
}

/** Prints a table and writes bench/results/<suite>.json. */
export function report(suite: string, rows: BenchRow[], meta: Record<string, unknown> = {}): void {
  const fmt = (n: number | undefined): string =>
    n === undefined || Number.isNaN(n) ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
  const header = ['benchmark', 'median', 'unit', 'min', 'max', 'runs', 'target', 'ok'];
  const lines = rows.map((r) => [
    r.name,
    fmt(r.median),
    r.unit,
    fmt(r.min),
    fmt(r.max),
    String(r.runs),
    r.target === undefined ? '' : `${r.higherIsBetter ? '≥' : '≤'}${fmt(r.target)}`,
    r.target === undefined ? '' : (r.higherIsBetter ? r.median >= r.target : r.median <= r.target) ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmtLine = (l: string[]): string => l.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n== ${suite} ==`);
  console.log(fmtLine(header));
  for (const l of lines) console.log(fmtLine(l));
  for (const r of rows) if (r.note) console.log(`  ${r.name}: ${r.note}`);
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${suite}.json`),
    JSON.stringify({ suite, date: new Date().toISOString(), node: process.version, ...meta, rows }, null, 2) + '\n',
  );
}
