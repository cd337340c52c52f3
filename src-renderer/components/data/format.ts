/** Number and date formatting for the Data tab. */
import type { ColumnProfile } from '@shared/data/index';
import { formatCount, formatNumber } from '@shared/format/number';

/** Statistics go through the app's one number formatter (a year column's min reads "1969", not "1,969"). */
export function fmtNum(x: number | undefined): string {
  return formatNumber(x, '–');
}

/** A count of rows or samples ("12,480"). */
export function fmtCount(n: number | undefined): string {
  return formatCount(n, '–');
}

export function fmtDate(ms: number | undefined, withTime: boolean): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const iso = new Date(ms).toISOString();
  return withTime ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 10);
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** One line of statistics for a column's profile. */
export function statsLine(p: ColumnProfile): string {
  if (p.type === 'date' || p.type === 'datetime') return `${fmtDate(p.min, p.type === 'datetime')} → ${fmtDate(p.max, p.type === 'datetime')}`;
  if (p.top && p.top.length > 0) return p.top.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ') + (p.top.length > 3 ? ', …' : '');
  if (p.mean !== undefined) return `${fmtNum(p.min)} … ${fmtNum(p.max)} · mean ${fmtNum(p.mean)} · std ${fmtNum(p.std)}`;
  return '–';
}

/** Bar heights for the column's small chart. */
export function chartCounts(p: ColumnProfile): number[] {
  if (p.histogram) return p.histogram.counts;
  if (p.top) return p.top.map((t) => t.count);
  return [];
}
