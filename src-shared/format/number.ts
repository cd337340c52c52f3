/**
 * The one way the app writes numbers a user compares: metrics, losses, statistics (formatNumber), counts
 * (formatCount), and a count with its noun (plural). The training tab, the runs table, Compare, the run
 * view and the Data tab all go through these, so one MAE reads the same in every view.
 */

/**
 * 4 significant digits, plain notation for everyday magnitudes (1e-3 ≤ |v| < 1e6: "1120", "0.01234",
 * "1969" — no thousands separator, so a year stays a year); an exponent only outside that ("1.2e-5").
 */
export function formatNumber(v: number | null | undefined, missing = '—', digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return missing;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(digits)));
}

/** A count of things, with thousands separators ("12,480"). */
export function formatCount(n: number | null | undefined, missing = '—'): string {
  return n === null || n === undefined || !Number.isFinite(n) ? missing : n.toLocaleString('en-US');
}

/** "1 unit", "2 units", "12,480 rows"; `many` for irregular nouns ("1 child", "2 children"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
