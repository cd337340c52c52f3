/**
 * Pure parts of the gate inspector's view: the colour scale (built from the theme's colours, so it
 * follows light/dark), unit order by activity, which cell a pointer is over, and the CSV export.
 */
import { GATE_INFO, unitActivity, type GateTrace } from '@shared/inspect/gates';

export type Rgb = [number, number, number];

/** "#rgb", "#rrggbb" or "rgb(r, g, b)" → [r, g, b]; null when unreadable. */
export function parseColor(s: string): Rgb | null {
  const t = s.trim();
  let m = /^#([0-9a-f]{6})$/i.exec(t);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  m = /^#([0-9a-f]{3})$/i.exec(t);
  if (m) return [...m[1]!].map((c) => parseInt(c + c, 16)) as Rgb;
  const r = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(t);
  return r ? [Number(r[1]), Number(r[2]), Number(r[3])] : null;
}

export interface Palette {
  /** Colour of 0 (the panel background). */
  zero: Rgb;
  /** Colour of +1 (and of 1 on gate scales). */
  positive: Rgb;
  /** Colour of −1 on signed scales. */
  negative: Rgb;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/**
 * Colour of a value: gates ('unit', 0..1) run from the background to the accent; states and candidates
 * ('signed', scaled by `max` = the largest |value| shown, at least 1) run negative → background → accent.
 */
export function colorFor(v: number, range: 'unit' | 'signed', pal: Palette, max = 1): Rgb {
  if (!Number.isFinite(v)) return pal.zero;
  if (range === 'unit') return mix(pal.zero, pal.positive, Math.min(Math.max(v, 0), 1));
  const t = Math.min(Math.abs(v) / Math.max(max, 1), 1);
  return mix(pal.zero, v < 0 ? pal.negative : pal.positive, t);
}

/** Largest |value| (at least 1), the scale of a signed heatmap. */
export function signedMax(values: Float32Array): number {
  let m = 1;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Unit indices in display order: as built, or most active first (by the variation of `by` over the steps). */
export function unitOrder(trace: GateTrace, sort: 'index' | 'activity', by = 'h'): number[] {
  const idx = Array.from({ length: trace.units }, (_, j) => j);
  if (sort === 'index') return idx;
  const values = trace.gates[by];
  if (!values) throw new Error(`This ${trace.kind} trace has no "${by}" values to sort by.`);
  const a = unitActivity(values, trace.steps, trace.units);
  return idx.sort((p, q) => a[q]! - a[p]! || p - q);
}

/** The heatmap cell under a pointer at (px, py) in CSS pixels: time runs along x, units (in display order) along y. */
export function cellAt(px: number, py: number, width: number, height: number, steps: number, order: number[]): { step: number; unit: number } | null {
  if (px < 0 || py < 0 || px >= width || py >= height || steps < 1 || order.length < 1) return null;
  const step = Math.min(steps - 1, Math.floor((px / width) * steps));
  const row = Math.min(order.length - 1, Math.floor((py / height) * order.length));
  return { step, unit: order[row]! };
}

/** float32 values with the 7 significant digits they hold. */
const num = (v: number): string => String(Number(v.toPrecision(7)));

const CSV_HEADER = 'layer,gate,step,input_step,unit,value';

/** Long-format CSV of traced layers: one row per layer × gate × step × unit (step in processing order). */
export function tracesCsv(layers: { name: string; trace: GateTrace }[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [CSV_HEADER];
  for (const { name, trace } of layers) {
    for (const g of GATE_INFO[trace.kind]) {
      const v = trace.gates[g.key]!;
      for (let t = 0; t < trace.steps; t++)
        for (let j = 0; j < trace.units; j++) lines.push(`${q(name)},${g.key},${t},${trace.inputStep[t]},${j},${num(v[t * trace.units + j]!)}`);
    }
  }
  return lines.join('\n') + '\n';
}
