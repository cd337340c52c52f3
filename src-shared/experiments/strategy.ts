/**
 * Search strategies: which point the next trial trains. All are deterministic functions of the spec,
 * the trial index and the finished trials, so an experiment resumed after a crash asks for the same
 * points it would have run.
 *
 * - grid: the cartesian product of every dimension's values (a range gives `gridPoints` points, evenly
 *   spaced, in log space when `log`), in order.
 * - random(seed): each dimension drawn uniformly (a log range uniformly in log space).
 * - tpe(seed): a small Tree-structured Parzen Estimator. After `startupTrials` random trials, finished
 *   trials are split into the best `gamma` fraction ("good") and the rest; per dimension a density is
 *   fitted to each group (Parzen Gaussians over ranges, smoothed counts over value lists) and the next
 *   point is the candidate, drawn from the good density, with the highest good/bad ratio.
 */
import { mulberry32 } from '../data/prepare';
import type { DimValue, ExperimentSpec, Point, Range } from './spec';
import type { Dimension } from './validate';

/** A finished trial as the strategy sees it: its point and its metric (null when it failed). */
export interface Observation {
  point: Point;
  value: number | null;
}

type Rng = () => number;

/** A generator per (seed, trial index): trial i draws the same numbers however many trials ran before. */
export function trialRng(seed: number, index: number): Rng {
  return mulberry32((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

const toU = (r: Range, x: number): number => (r.log ? Math.log10(x) : x);
const fromU = (r: Range, u: number): number => {
  const x = r.log ? 10 ** u : u;
  const v = r.integer ? Math.round(x) : x;
  return Math.min(r.max, Math.max(r.min, v));
};

/** The values a dimension contributes to a grid. */
export function gridValues(d: Dimension): DimValue[] {
  if (d.values) return d.values;
  const r = d.range!;
  const n = r.gridPoints;
  const lo = toU(r, r.min);
  const hi = toU(r, r.max);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = fromU(r, n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1));
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

export function gridSize(dims: readonly Dimension[]): number {
  return dims.reduce((n, d) => n * gridValues(d).length, 1);
}

/** The i-th grid point (the last dimension varies fastest), or null past the end. */
export function gridPoint(dims: readonly Dimension[], index: number): Point | null {
  if (index >= gridSize(dims)) return null;
  const point: Point = {};
  let rest = index;
  for (let k = dims.length - 1; k >= 0; k--) {
    const vals = gridValues(dims[k]!);
    point[dims[k]!.key] = vals[rest % vals.length]!;
    rest = Math.floor(rest / vals.length);
  }
  return point;
}

function uniform(d: Dimension, rng: Rng): DimValue {
  if (d.values) return d.values[Math.floor(rng() * d.values.length)]!;
  const r = d.range!;
  return fromU(r, toU(r, r.min) + rng() * (toU(r, r.max) - toU(r, r.min)));
}

export function randomPoint(dims: readonly Dimension[], rng: Rng): Point {
  return Object.fromEntries(dims.map((d) => [d.key, uniform(d, rng)]));
}

function gauss(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A per-dimension density: a sampler and a log-density. */
interface Density {
  sample(rng: Rng): DimValue;
  logPdf(v: DimValue): number;
}

function density(d: Dimension, obs: DimValue[]): Density {
  if (d.values) {
    const vals = d.values;
    const key = (v: DimValue): string => JSON.stringify(v);
    const counts = new Map(vals.map((v) => [key(v), 1]));
    for (const o of obs) counts.set(key(o), (counts.get(key(o)) ?? 1) + 1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    return {
      sample(rng) {
        let x = rng() * total;
        for (const v of vals) if ((x -= counts.get(key(v))!) < 0) return v;
        return vals.at(-1)!;
      },
      logPdf: (v) => Math.log((counts.get(key(v)) ?? 1) / total),
    };
  }
  const r = d.range!;
  const lo = toU(r, r.min);
  const hi = toU(r, r.max);
  const mus = obs.map((o) => toU(r, Number(o)));
  const sigma = Math.max((hi - lo) / Math.max(1, mus.length) ** 0.5 / 2, (hi - lo) * 0.02);
  const comps = mus.length + 1; // the Gaussians plus a uniform prior over the range
  return {
    sample(rng) {
      const c = Math.floor(rng() * comps);
      const u = c === mus.length ? lo + rng() * (hi - lo) : Math.min(hi, Math.max(lo, mus[c]! + sigma * gauss(rng)));
      return fromU(r, u);
    },
    logPdf(v) {
      const u = toU(r, Number(v));
      let p = 1 / (hi - lo);
      for (const m of mus) p += Math.exp(-0.5 * ((u - m) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
      return Math.log(p / comps);
    },
  };
}

export function tpePoint(dims: readonly Dimension[], history: readonly Observation[], o: { gamma: number; candidates: number; startupTrials: number; minimize: boolean }, rng: Rng): Point {
  const done = history.filter((h): h is { point: Point; value: number } => h.value !== null && Number.isFinite(h.value));
  if (done.length < o.startupTrials) return randomPoint(dims, rng);
  const sorted = [...done].sort((a, b) => (o.minimize ? a.value - b.value : b.value - a.value));
  const nGood = Math.max(1, Math.ceil(o.gamma * sorted.length));
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood);
  const l = dims.map((d) => density(d, good.map((g) => g.point[d.key]!).filter((v) => v !== undefined)));
  const g = dims.map((d) => density(d, bad.map((b) => b.point[d.key]!).filter((v) => v !== undefined)));
  let best: Point | null = null;
  let bestScore = -Infinity;
  for (let c = 0; c < o.candidates; c++) {
    const point: Point = {};
    let score = 0;
    dims.forEach((d, k) => {
      const v = l[k]!.sample(rng);
      point[d.key] = v;
      score += l[k]!.logPdf(v) - g[k]!.logPdf(v);
    });
    if (score > bestScore) {
      bestScore = score;
      best = point;
    }
  }
  return best!;
}

/** The point of trial `index` (0-based), or null when the strategy has no more (a finished grid). */
export function nextPoint(spec: ExperimentSpec, dims: readonly Dimension[], index: number, history: readonly Observation[]): Point | null {
  const s = spec.strategy;
  if (s.type === 'grid') return gridPoint(dims, index);
  if (s.type === 'random') return randomPoint(dims, trialRng(s.seed, index));
  return tpePoint(dims, history, { ...s, minimize: spec.direction === 'minimize' }, trialRng(s.seed, index));
}
