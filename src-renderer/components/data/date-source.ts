/**
 * The Data tab's date choice: no date, a date column, or a date composed from year/month/day(/hour)
 * columns ("Date from columns"). Pure: the form shows `dateSourceValue` and applies the patches.
 */
import { DATE_PART_NAMES, findDateParts, fitsDatePart, type DataPrep, type DataPrepInput, type DatePartName, type DateParts, type PartCandidate } from '@shared/data/index';

/** The select's value for "Date from columns" (column options are `col:` + name, so no name can clash). */
export const PARTS_VALUE = 'parts';
export const columnValue = (name: string): string => `col:${name}`;

/** The select's current value: '' (none), a column option or PARTS_VALUE. */
export function dateSourceValue(prep: Pick<DataPrep, 'dateColumn' | 'dateParts'>): string {
  if (prep.dateParts) return PARTS_VALUE;
  return prep.dateColumn !== undefined ? columnValue(prep.dateColumn) : '';
}

/** Integer columns a part may be picked from (the form lists these in each picker). */
export function partColumns(columns: readonly PartCandidate[]): PartCandidate[] {
  return columns.filter((c) => c.type === 'integer');
}

/**
 * First guess for "Date from columns": the columns named like the parts (findDateParts), else for each
 * part the first unused integer column whose values fit it; null when year, month or day has none.
 */
export function guessDateParts(columns: readonly PartCandidate[]): DateParts | null {
  const named = findDateParts(columns);
  if (named) return named;
  const used = new Set<string>();
  const pick = (part: DatePartName): string | undefined => {
    const ints = partColumns(columns).filter((c) => !used.has(c.name));
    const c = ints.find((x) => DATE_PART_NAMES[part].test(x.name.trim()) && fitsDatePart(x, part)) ?? ints.find((x) => fitsDatePart(x, part));
    if (c) used.add(c.name);
    return c?.name;
  };
  const year = pick('year');
  const month = pick('month');
  const day = pick('day');
  return year && month && day ? { year, month, day } : null;
}

/** The preparation after choosing a select value; an error message when "Date from columns" has no columns to use. */
export function dateSourcePatch(prep: DataPrep, value: string, columns: readonly PartCandidate[]): { ok: true; prep: DataPrepInput } | { ok: false; error: string } {
  const next: DataPrepInput = { ...prep };
  delete next.dateColumn;
  delete next.dateParts;
  if (value === PARTS_VALUE) {
    const parts = prep.dateParts ?? guessDateParts(columns);
    if (!parts) return { ok: false, error: 'Date from columns needs integer columns for the year (1–9999), the month (1–12) and the day (1–31).' };
    next.dateParts = parts;
  } else if (value.startsWith('col:')) next.dateColumn = value.slice(4);
  else next.dateFeatures = { dayOfWeek: false, month: false };
  return { ok: true, prep: next };
}

/** The preparation after picking a column for one part ('' removes the hour). */
export function withDatePart(prep: DataPrep, part: DatePartName, column: string): DataPrepInput {
  if (!prep.dateParts) return prep;
  const parts: DateParts = { ...prep.dateParts };
  if (part === 'hour') {
    if (column) parts.hour = column;
    else delete parts.hour;
  } else parts[part] = column;
  return { ...prep, dateParts: parts };
}

/** "date from year, month, day[, hour]" with the column names, for the prepared view. */
export function datePartsLabel(parts: DateParts): string {
  return `date from ${[parts.year, parts.month, parts.day, ...(parts.hour !== undefined ? [parts.hour] : [])].join(', ')}`;
}
