/** Parsing single text values: numbers (strict decimal), missing markers, infinities, booleans, ISO dates. */

/** A plain decimal number (`-1.5`, `3e4`, `.5`), or NaN. Rejects hex, `Infinity`, empty text. */
export function parseNum(s: string, decimalComma = false): number {
  const n = s.length;
  if (n === 0) return NaN;
  const c0 = s.charCodeAt(0);
  const cl = s.charCodeAt(n - 1);
  if (c0 === 32 || c0 === 9 || cl === 32 || cl === 9) {
    const t = s.trim();
    return t.length === n ? NaN : parseNum(t, decimalComma);
  }
  if (!((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46 || (decimalComma && c0 === 44))) return NaN;
  if (!((cl >= 48 && cl <= 57) || cl === 46 || (decimalComma && cl === 44))) return NaN;
  if (n > 1) {
    const c1 = s.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 98 || c1 === 111) return NaN; // 0x.., 0b.., 0o..
  }
  if (decimalComma && s.indexOf(',') >= 0) {
    // "1.234,5" (thousands dot) or "1,5"
    const t = s.indexOf('.') >= 0 ? s.replace(/\./g, '').replace(',', '.') : s.replace(',', '.');
    if (t.indexOf(',') >= 0) return NaN;
    return +t;
  }
  return +s;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '#n/a', 'nil', '-', '?', '.']);
/** Text that means "no value": empty, NA, N/A, NaN, null, None, #N/A, -, ? (case-insensitive). */
export function isMissingText(s: string): boolean {
  if (s.length > 4) return false;
  return MISSING.has(s.trim().toLowerCase());
}

const INF = new Set(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);
export function isInfinityText(s: string): boolean {
  if (s.length > 10 || s.length < 3) return false;
  return INF.has(s.trim().toLowerCase());
}

const TRUE = new Set(['true', 'yes', 't', 'y']);
const FALSE = new Set(['false', 'no', 'f', 'n']);
/** 1, 0, or -1 when the text is not a boolean word. */
export function parseBool(s: string): number {
  const t = s.trim().toLowerCase();
  if (TRUE.has(t)) return 1;
  if (FALSE.has(t)) return 0;
  return -1;
}

// YYYY-MM-DD or YYYY/MM/DD, optional time HH:MM[:SS[.fff]], optional Z or ±HH:MM / ±HHMM
const DATE_RE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds (UTC when no offset is given) and whether a time part was present; null if not a date. */
export function parseDate(s: string): { ms: number; time: boolean } | null {
  const m = DATE_RE.exec(s.trim());
  if (!m) return null;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const h = m[4] === undefined ? 0 : +m[4];
  const mi = m[5] === undefined ? 0 : +m[5];
  const sec = m[6] === undefined ? 0 : +m[6];
  const frac = m[7] === undefined ? 0 : Math.round(+('0.' + m[7]) * 1000);
  if (h > 23 || mi > 59 || sec > 60) return null;
  let ms = Date.UTC(y, mo - 1, d, h, mi, sec, frac);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null; // 2021-02-30
  const tz = m[8];
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
  }
  return { ms, time: m[4] !== undefined };
}

/** ISO text for an epoch-ms value: `YYYY-MM-DD` for dates, full ISO for datetimes. */
export function formatDate(ms: number, time: boolean): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  return time ? iso : iso.slice(0, 10);
}

/**
 * Epoch milliseconds (UTC) of the date composed from year (1–9999), month (1–12), day (1–31) and hour
 * (0–23, default 0) numbers. NaN when a part is missing (NaN); a message saying what is wrong when the
 * parts are not integers in range or make no date (31 February).
 */
export function composeDate(year: number, month: number, day: number, hour = 0): number | string {
  if (Number.isNaN(year) || Number.isNaN(month) || Number.isNaN(day) || Number.isNaN(hour)) return NaN;
  if (!Number.isInteger(year) || year < 1 || year > 9999) return `year ${year} is not an integer from 1 to 9999`;
  if (!Number.isInteger(month) || month < 1 || month > 12) return `month ${month} is not an integer from 1 to 12`;
  if (!Number.isInteger(day) || day < 1 || day > 31) return `day ${day} is not an integer from 1 to 31`;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) return `hour ${hour} is not an integer from 0 to 23`;
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day); // years below 100 stay as given (Date.UTC would add 1900)
  if (d.getUTCDate() !== day) return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} is not a date`;
  return d.getTime() + hour * 3_600_000;
}
