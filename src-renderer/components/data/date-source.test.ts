import { afterEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createAppState } from '../../lib/context';
import { FakeApi, fakeProjectStore, memoryStorage } from '../../lib/testing/fake-api';
import { project, uid, windowModel } from '../../lib/testing/fixtures';
import { defaultDataPrep, parseCsvText, prepare, datasetProfile } from '@shared/data/index';
import { dateSourcePatch, dateSourceValue, datePartsLabel, guessDateParts, PARTS_VALUE, columnValue, withDatePart } from './date-source';

const CSV = ['when,a,b,c,h,v', ...Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},2024,1,${i + 1},${i % 24},${i % 7}`)].join('\n');

describe('Data tab: the date choice (none, a date column, or a date from columns)', () => {
  it('switching between a date column and date parts never leaves both set, and the preparation accepts each', async () => {
    const ds = await parseCsvText(CSV);
    const columns = datasetProfile(ds).columns;
    const base = defaultDataPrep({ datasetId: 'd', targets: ['v'], features: ['v'], lookback: 2, dateColumn: 'when', dateFeatures: { dayOfWeek: true, month: false } });
    expect(dateSourceValue(base)).toBe(columnValue('when'));

    const toParts = dateSourcePatch(base, PARTS_VALUE, columns);
    expect(toParts.ok).toBe(true);
    const parts = defaultDataPrep(toParts.ok ? toParts.prep : {});
    // a, b, c are not named like parts: the first unused integer columns whose values fit year, month, day
    expect(parts.dateParts).toEqual({ year: 'a', month: 'b', day: 'c' });
    expect(parts.dateColumn).toBeUndefined();
    expect(parts.dateFeatures.dayOfWeek).toBe(true);
    expect(dateSourceValue(parts)).toBe(PARTS_VALUE);
    expect(Array.from(prepare(ds, parts).rowDates!)).toEqual(Array.from(prepare(ds, base).rowDates!));

    const withHour = defaultDataPrep(withDatePart(parts, 'hour', 'h'));
    expect(withHour.dateParts).toEqual({ year: 'a', month: 'b', day: 'c', hour: 'h' });
    expect(defaultDataPrep(withDatePart(withHour, 'hour', '')).dateParts).toEqual({ year: 'a', month: 'b', day: 'c' });
    expect(datePartsLabel(withHour.dateParts!)).toBe('date from a, b, c, h');

    const back = dateSourcePatch(withHour, columnValue('when'), columns);
    expect(back.ok && back.prep.dateColumn === 'when' && back.prep.dateParts === undefined).toBe(true);
    const none = dateSourcePatch(withHour, '', columns);
    expect(none.ok && none.prep.dateParts === undefined && none.prep.dateColumn === undefined).toBe(true);
    expect(none.ok && none.prep.dateFeatures).toEqual({ dayOfWeek: false, month: false });
  });

  it('named year/month/day columns are taken first; without integer columns that fit, a clear message', async () => {
    const named = datasetProfile(await parseCsvText('x,Day,MONTH,yr,v\n5,3,2,2020,1\n6,4,2,2020,2\n')).columns;
    expect(guessDateParts(named)).toEqual({ year: 'yr', month: 'MONTH', day: 'Day' });
    const none = datasetProfile(await parseCsvText('when,v\n2024-01-01,1\n2024-01-02,2\n')).columns;
    const r = dateSourcePatch(defaultDataPrep({ targets: ['v'] }), PARTS_VALUE, none);
    expect(r).toEqual({ ok: false, error: 'Date from columns needs integer columns for the year (1–9999), the month (1–12) and the day (1–31).' });
  });
});

describe('Data tab: "Date from columns" reaches the prepared data', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('daily data from year/month/day columns: time order, daily frequency, season length 7, and the view names the columns', async () => {
    const lines = ['year,month,day,y,x'];
    for (let i = 59; i >= 0; i--) {
      const d = new Date(Date.UTC(2024, 0, 1 + i));
      lines.push(`${d.getUTCFullYear()},${d.getUTCMonth() + 1},${d.getUTCDate()},${(Math.sin(i / 5) * 3 + 4).toFixed(3)},${Math.cos(i / 5).toFixed(3)}`);
    }
    const ds = await parseCsvText(lines.join('\n'));
    const fake = new FakeApi();
    fakeProjectStore(fake, [project({ id: uid(1), document: windowModel() })]);
    const app = createAppState(fake, memoryStorage());
    stop = app.data.follow();
    app.data.dataset = ds;
    app.data.datasetId = 'ds';
    app.data.prep = defaultDataPrep({ datasetId: 'ds', targets: ['y'], features: ['y', 'x'], lookback: 4 });
    flushSync();
    expect(app.data.prepared?.ok && app.data.prepared.data.frequency).toBe(null);
    const r = dateSourcePatch(app.data.prep!, PARTS_VALUE, datasetProfile(ds).columns);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(app.data.update(r.prep)).toBeNull();
    flushSync();
    const p = app.data.prepared;
    expect(p?.ok).toBe(true);
    if (!p?.ok) return;
    expect(p.data.frequency).toBe('daily');
    expect(p.summary.seasonalPeriod).toBe(7);
    expect(p.data.rowIndex[0]).toBe(59); // the file is newest first
    expect(datePartsLabel(p.prep.dateParts!)).toBe('date from year, month, day');
  });
});
