import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeDate } from './values';
import { DataError, parseCsvText, prepare, type DataPrepInput } from './index';

const SEATTLE = readFileSync(fileURLToPath(new URL('../../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');

/** The Seattle sample with its date split into year, month and day columns (and the rows reversed). */
function seattleWithParts(): string {
  const [header, ...rows] = SEATTLE.trim().split('\n');
  const out = [`${header},year,month,day`];
  for (const r of rows.reverse()) {
    const [y, m, d] = r.split(',')[0]!.split('-');
    out.push(`${r},${+y!},${+m!},${+d!}`);
  }
  return out.join('\n') + '\n';
}

describe('composeDate', () => {
  it('gives UTC epoch ms, NaN for a missing part, and says what is wrong with impossible parts', () => {
    expect(composeDate(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29));
    expect(composeDate(2024, 3, 1, 23)).toBe(Date.UTC(2024, 2, 1, 23));
    expect(composeDate(50, 1, 1)).toBe(new Date('0050-01-01T00:00:00Z').getTime()); // not 1950
    expect(composeDate(2024, NaN, 1)).toBeNaN();
    expect(composeDate(2023, 2, 29)).toBe('2023-02-29 is not a date');
    expect(composeDate(2023, 4, 31)).toBe('2023-04-31 is not a date');
    expect(composeDate(2023, 13, 1)).toBe('month 13 is not an integer from 1 to 12');
    expect(composeDate(2023, 1, 0)).toBe('day 0 is not an integer from 1 to 31');
    expect(composeDate(2023, 1, 1.5)).toBe('day 1.5 is not an integer from 1 to 31');
    expect(composeDate(2023, 1, 1, 24)).toBe('hour 24 is not an integer from 0 to 23');
  });
});

describe('prepare with dateParts', () => {
  const base: DataPrepInput = { task: 'regression', targets: ['temp_max'], features: ['temp_max', 'wind'], lookback: 7, windowTransform: 'level', dateFeatures: { dayOfWeek: true, month: true } };

  it('orders rows, infers the seasonal period, labels forecasts and adds date features exactly as the date column does', async () => {
    const ds = await parseCsvText(seattleWithParts());
    const byColumn = prepare(ds, { ...base, dateColumn: 'date' });
    const byParts = prepare(ds, { ...base, dateParts: { year: 'year', month: 'month', day: 'day' } });
    expect(byParts.frequency).toBe('daily');
    expect(byParts.seasonalPeriod).toBe(7);
    expect(byParts.seasonalPeriodSource).toBe('date');
    expect(Array.from(byParts.rowDates!)).toEqual(Array.from(byColumn.rowDates!));
    expect(Array.from(byParts.rowIndex)).toEqual(Array.from(byColumn.rowIndex));
    expect(Array.from(byParts.features)).toEqual(Array.from(byColumn.features));
    expect(byParts.featureNames).toEqual(byColumn.featureNames);
    expect(byParts.columns.map((c) => c.name)).toEqual(['temp_max', 'wind', 'year', 'month', 'day']);
  });

  it('an hour column makes hourly data; a row missing a part is dropped like a row without a date', async () => {
    const lines = ['y,m,d,h,v'];
    for (let i = 0; i < 60; i++) {
      const t = new Date(Date.UTC(2024, 0, 31, 12) + i * 3_600_000);
      lines.push(`${t.getUTCFullYear()},${t.getUTCMonth() + 1},${t.getUTCDate()},${i === 3 ? '' : t.getUTCHours()},${i % 5}`);
    }
    const p = prepare(await parseCsvText(lines.join('\n')), { task: 'regression', targets: ['v'], features: ['v'], lookback: 3, dateParts: { year: 'y', month: 'm', day: 'd', hour: 'h' } });
    expect(p.frequency).toBe('hourly');
    expect(p.seasonalPeriod).toBe(24);
    expect(p.rowIndex.length).toBe(59);
    expect(p.rowDates![0]).toBe(Date.UTC(2024, 0, 31, 12));
    expect(p.warnings.some((w) => /1 row without a date or group value dropped/.test(w))).toBe(true);
  });

  it('refuses an impossible date naming the row and the columns, both a date column and parts, and non-integer part columns', async () => {
    const text = 'yr,mo,dom,v,when\n2023,2,27,1,2023-02-27\n2023,2,28,2,2023-02-28\n2023,2,31,3,2023-03-01\n2023,3,1,4,2023-03-02\n';
    const ds = await parseCsvText(text);
    const prep: DataPrepInput = { task: 'regression', targets: ['v'], features: ['v'], lookback: 1, dateParts: { year: 'yr', month: 'mo', day: 'dom' } };
    const err = (() => {
      try {
        prepare(ds, prep);
      } catch (e) {
        return e as DataError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err!.message).toBe('Row 3, date from columns "yr", "mo", "dom": 2023-02-31 is not a date.');
    expect(err!.row).toBe(3);
    expect(() => prepare(ds, { ...prep, dateColumn: 'when' })).toThrow(/either a date column \("when"\) or a date from year\/month\/day columns, not both/);
    expect(() => prepare(ds, { ...prep, dateParts: { year: 'yr', month: 'mo', day: 'when' } })).toThrow('Date part column "when" is date; year, month, day and hour columns must hold integers.');
  });
});
