/**
 * The geometry behind the experiment views, kept pure so it is tested outside the UI:
 *  - axes of the parallel-coordinates view: one per dimension plus the metric, numeric (linear, or log10
 *    for a log range or a value list spanning two decades or more) or categorical (kinds, transforms,
 *    any text or boolean value), each mapping a value to 0…1;
 *  - the Pareto front: trials no other trial beats on every objective (all minimized), ties included.
 */
import type { TrialRecord } from '../api/experiments';
import type { DimValue, ExperimentSpec } from './spec';
import { dimensionKey } from './spec';

export interface Axis {
  key: string;
  label: string;
  type: 'linear' | 'log' | 'category';
  /** Numeric axes: the data's extent (min, max). */
  min: number;
  max: number;
  /** Categorical axes: the values in the order drawn. */
  categories: string[];
  /** Where `v` falls, 0 (bottom) … 1 (top); null when it is missing or off the axis (≤ 0 on a log axis). */
  pos(v: DimValue | null | undefined): number | null;
}

/** A numeric axis over `values`; a single value sits in the middle. */
export function numericAxis(key: string, label: string, values: readonly number[], log: boolean): Axis {
  const f = (v: number): number => (log ? Math.log10(v) : v);
  const usable = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  const lo = usable.length ? Math.min(...usable) : 0;
  const hi = usable.length ? Math.max(...usable) : 1;
  return {
    key,
    label,
    type: log ? 'log' : 'linear',
    min: lo,
    max: hi,
    categories: [],
    pos(v) {
      if (typeof v !== 'number' || !Number.isFinite(v) || (log && v <= 0)) return null;
      if (hi === lo) return 0.5;
      return (f(v) - f(lo)) / (f(hi) - f(lo));
    },
  };
}

export function categoryAxis(key: string, label: string, categories: readonly string[]): Axis {
  const cats = [...categories];
  return {
    key,
    label,
    type: 'category',
    min: 0,
    max: Math.max(0, cats.length - 1),
    categories: cats,
    pos(v) {
      if (v === null || v === undefined) return null;
      const i = cats.indexOf(String(v));
      if (i < 0) return null;
      return cats.length === 1 ? 0.5 : i / (cats.length - 1);
    },
  };
}

/** One axis per dimension of the spec (in its order), then the metric. */
export function parallelAxes(spec: ExperimentSpec, trials: readonly TrialRecord[]): Axis[] {
  const axes: Axis[] = spec.dimensions.map((d) => {
    const key = dimensionKey(d);
    const seen = trials.map((t) => t.point[key]).filter((v): v is DimValue => v !== undefined);
    const listed: DimValue[] = 'values' in d && d.values ? d.values : [];
    const all = [...listed, ...seen];
    if (all.length > 0 && all.every((v) => typeof v === 'number')) {
      const nums = all as number[];
      const range = 'range' in d ? d.range : undefined;
      const pos = nums.filter((v) => v > 0);
      const log = range ? range.log : pos.length === nums.length && Math.max(...pos) / Math.min(...pos) >= 100;
      const extent = range ? [...nums, range.min, range.max] : nums;
      return numericAxis(key, key, extent, log);
    }
    return categoryAxis(key, key, [...new Set(all.map(String))]);
  });
  const values = trials.flatMap((t) => (t.value === null ? [] : [t.value]));
  axes.push(numericAxis('value', spec.metric, values, false));
  return axes;
}

export interface Objectives {
  id: number;
  /** All minimized. */
  values: number[];
}

/** a dominates b: no worse on every objective and better on one. Equal points do not dominate each other. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/** The non-dominated points (ids in the input's order); points with a non-finite objective are left out. */
export function paretoFront(points: readonly Objectives[]): number[] {
  const ok = points.filter((p) => p.values.every(Number.isFinite));
  return ok.filter((p) => !ok.some((q) => q !== p && dominates(q.values, p.values))).map((p) => p.id);
}

/** Pareto view's points: metric (oriented so lower is better) against cost, per trial with a value. */
export interface CostPoint {
  trial: number;
  value: number;
  params: number | null;
  secondsPerEpoch: number | null;
}

export function costPoints(trials: readonly TrialRecord[], params: ReadonlyMap<string, number>): CostPoint[] {
  return trials.flatMap((t) =>
    t.value === null
      ? []
      : [{ trial: t.trial, value: t.value, params: t.runId ? (params.get(t.runId) ?? null) : null, secondsPerEpoch: t.epochs > 0 ? t.seconds / t.epochs : null }],
  );
}

/** The trials on the front of metric vs `cost` ('params' or 'secondsPerEpoch'); `minimize` says which way the metric is better. */
export function costFront(points: readonly CostPoint[], cost: 'params' | 'secondsPerEpoch', minimize: boolean): number[] {
  return paretoFront(points.flatMap((p) => (p[cost] === null ? [] : [{ id: p.trial, values: [minimize ? p.value : -p.value, p[cost]!] }])));
}
