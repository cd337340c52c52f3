import { formatCount, formatNumber } from '@shared/format/number';
/**
 * The charts' colours, one module for every view: runs (up to 10, distinct in light and dark themes) and the
 * named series every chart shares — training is indigo and solid, validation rose and dashed, actual values
 * slate, predictions indigo, the baseline amber — whether the chart is live in the Training tab or stored in
 * a run. Also the number formatting of tables and charts.
 */
export const RUN_COLORS = ['#4f46e5', '#e11d48', '#059669', '#d97706', '#0891b2', '#9333ea', '#65a30d', '#db2777', '#475569', '#ea580c'];

export function colorOf(i: number): string {
  return RUN_COLORS[i % RUN_COLORS.length]!;
}

export const SERIES_COLORS = {
  train: RUN_COLORS[0]!,
  validation: RUN_COLORS[1]!,
  actual: '#64748b',
  predicted: RUN_COLORS[0]!,
  baseline: '#d97706',
} as const;

export interface SeriesStyle {
  color: string;
  dashed: boolean;
}

/**
 * How a curve of training history is drawn, from its name: "val_…" and "validation" are validation
 * (rose, dashed); everything else ("loss", "mae", "train") is training (indigo, solid).
 */
export function historyStyle(name: string): SeriesStyle {
  const validation = name === 'validation' || name.startsWith('val_');
  return validation ? { color: SERIES_COLORS.validation, dashed: true } : { color: SERIES_COLORS.train, dashed: false };
}

/** The app's one metric formatter (src-shared/format/number.ts); "—" for missing. */
export function fmtNum(v: number | null | undefined, digits = 4): string {
  return formatNumber(v, '—', digits);
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function fmtDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function fmtCount(n: number | null | undefined): string {
  return formatCount(n);
}
