/**
 * Curves of several runs on one chart: align their points by epoch or by time (t_ms) onto a shared x
 * axis (uPlot's data layout: one x array, one y array per series, null where a series has no point),
 * and decimate long curves so a chart never draws more than about N points per series.
 */

export interface CurvePoint {
  epoch: number;
  /** Milliseconds since the run started. */
  t: number;
  value: number;
}

export interface Series {
  /** Shown in the legend, e.g. "run 3 · val_loss". */
  label: string;
  points: readonly CurvePoint[];
}

export type AlignBy = 'epoch' | 'time';

export interface Aligned {
  /** Ascending x values (epochs, or seconds since each run started when aligned by time). */
  x: number[];
  /** One array per series, same length as x; null where the series has no point at that x. */
  ys: (number | null)[][];
  labels: string[];
}

/**
 * Keeps at most about `max` points of a series sorted by x: the first and last points always, and in
 * each of (max − 2) / 2 equal-count buckets the minimum and maximum values (in x order), so spikes survive.
 */
export function decimate<T extends { value: number }>(points: readonly T[], max: number): T[] {
  if (points.length <= max || max < 4) return points.slice();
  const inner = points.length - 2;
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const out: T[] = [points[0]!];
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (hi <= lo) continue;
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      const v = points[i]!.value;
      if (v < points[iMin]!.value) iMin = i;
      if (v > points[iMax]!.value) iMax = i;
    }
    if (iMin === iMax) out.push(points[iMin]!);
    else if (iMin < iMax) out.push(points[iMin]!, points[iMax]!);
    else out.push(points[iMax]!, points[iMin]!);
  }
  out.push(points[points.length - 1]!);
  return out;
}

/** Aligns series on a shared x axis (epoch, or time in seconds), decimating each to ≤ maxPoints first. */
export function alignSeries(series: readonly Series[], by: AlignBy = 'epoch', maxPoints = 1000): Aligned {
  const xOf = (p: CurvePoint) => (by === 'epoch' ? p.epoch : p.t / 1000);
  const maps: Map<number, number>[] = [];
  const xs = new Set<number>();
  for (const s of series) {
    const sorted = [...s.points].filter((p) => Number.isFinite(p.value)).sort((a, b) => xOf(a) - xOf(b));
    const kept = decimate(sorted, maxPoints);
    const m = new Map<number, number>();
    for (const p of kept) {
      const x = xOf(p);
      m.set(x, p.value);
      xs.add(x);
    }
    maps.push(m);
  }
  const x = [...xs].sort((a, b) => a - b);
  return { x, ys: maps.map((m) => x.map((v) => m.get(v) ?? null)), labels: series.map((s) => s.label) };
}

/**
 * Whether a metric name is a per-epoch curve: not the learning rate, not the one-off test/baseline
 * scores written at the end of a run, not the partial epoch of a stopped run.
 */
export function isCurveMetric(name: string): boolean {
  return name !== 'lr' && !name.startsWith('test_') && !name.startsWith('baseline_') && !name.startsWith('partial_');
}
