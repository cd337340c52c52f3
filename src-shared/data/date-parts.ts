/**
 * Recognizing a date split over year/month/day(/hour) columns, for the first data preparation (suggest.ts)
 * and the Data tab's pickers. The date itself is composed by values.ts `composeDate` (prepare.ts and the
 * preprocessing runtime both call it).
 */
import type { ColumnType, DateParts } from './spec';

/** Column names (trimmed, any case) taken for each part. */
export const DATE_PART_NAMES = {
  year: /^(year|yr)$/i,
  month: /^(month|mon|mo)$/i,
  day: /^(day|dom)$/i,
  hour: /^(hour|hr)$/i,
} as const;

/** The values each part may hold. */
export const DATE_PART_RANGES = { year: [1, 9999], month: [1, 12], day: [1, 31], hour: [0, 23] } as const;

export type DatePartName = keyof typeof DATE_PART_NAMES;

/** What the guess reads of a column: its name, type and (integers) value range. */
export interface PartCandidate {
  name: string;
  type: ColumnType;
  min?: number | undefined;
  max?: number | undefined;
}

/** Whether an integer column's values fit a part's range (the column need not be named like it). */
export function fitsDatePart(c: PartCandidate, part: DatePartName): boolean {
  const [lo, hi] = DATE_PART_RANGES[part];
  return c.type === 'integer' && c.min !== undefined && c.max !== undefined && c.min >= lo && c.max <= hi;
}

/**
 * Year, month and day columns (and an hour column when there is one), found by name (year|yr,
 * month|mon|mo, day|dom, hour|hr, any case) among integer columns whose values fit the part; null when
 * year, month or day is not found.
 */
export function findDateParts(columns: readonly PartCandidate[]): DateParts | null {
  const find = (part: DatePartName): string | undefined => columns.find((c) => DATE_PART_NAMES[part].test(c.name.trim()) && fitsDatePart(c, part))?.name;
  const year = find('year');
  const month = find('month');
  const day = find('day');
  if (!year || !month || !day) return null;
  const hour = find('hour');
  return { year, month, day, ...(hour ? { hour } : {}) };
}
