import { describe, expect, it } from 'vitest';
import { parseProject, serializeProject, PROJECT_FORMAT, PROJECT_VERSION } from '../project/file';
import { graphOf } from '../graph/builder';
import { trainingSettingsSchema } from '../train/settings';
import { parseCsvText } from './csv';
import { getColumn, setColumnType } from './dataset';
import { initialPrep, recordColumnType, unparseableCount } from './prep-columns';
import { inputShapeFor, prepare } from './prepare';

/** 60 days: day_of_week as the numbers 1…7 (read as integers), two measurements and a target. */
function csv(): string {
  const lines = ['date,day_of_week,load,temp,demand'];
  for (let i = 0; i < 60; i++) {
    const d = new Date(Date.UTC(2024, 0, 1 + i));
    lines.push(`${d.toISOString().slice(0, 10)},${((i + 0) % 7) + 1},${(i * 17) % 23},${(i * 5) % 11},${(i * 7) % 13}`);
  }
  return lines.join('\n') + '\n';
}

describe('column type overrides live in the data preparation', () => {
  it('a column made a date becomes the sort column when none was chosen', async () => {
    const ds = await parseCsvText('when,v\nd1,1\nd2,2\n');
    const prep = initialPrep(ds, 'ds1', null);
    expect(prep.dateColumn).toBeUndefined();
    expect(recordColumnType(prep, ds, 'when', 'date').dateColumn).toBe('when');
    expect(recordColumnType({ ...prep, dateColumn: 'v' }, ds, 'when', 'date').dateColumn).toBe('v');
    // a date composed from columns is kept: never a date column beside it
    const parts = recordColumnType({ ...prep, dateParts: { year: 'v', month: 'v', day: 'v' } }, ds, 'when', 'date');
    expect(parts.dateColumn).toBeUndefined();
    expect(parts.dateParts).toEqual({ year: 'v', month: 'v', day: 'v' });
  });

  it('counts the cells a type cannot read, which "treat as missing" would blank', async () => {
    const ds = await parseCsvText('when,v\n2024-01-01,1\nsoon,2\n2024-01-03,3\n,4\n');
    expect(unparseableCount(ds, 'when', 'date')).toBe(1); // "soon"; the empty cell was missing already
    expect(() => setColumnType(ds, 'when', 'date')).toThrow(/soon/);
    expect(getColumn(setColumnType(ds, 'when', 'date', { coerce: true }), 'when').profile.missing).toBe(2);
    expect(unparseableCount(ds, 'v', 'number')).toBe(0);
  });

  it('"treat as missing" is recorded with the override (exports and Predict read it), and cleared with it', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i === 4 ? 'soon' : `2024-01-${String(i + 1).padStart(2, '0')}`},${i % 5}`);
    const ds = await parseCsvText(`when,v\n${rows.join('\n')}\n`);
    const prep = initialPrep(ds, 'ds1', null);
    expect(prep.unparseableAsMissing).toEqual([]);
    const stored = setColumnType(ds, 'when', 'date', { coerce: true });
    const lenient = recordColumnType(prep, stored, 'when', 'date', true);
    expect(lenient.unparseableAsMissing).toEqual(['when']);
    expect(prepare(stored, { ...lenient, targets: ['v'], features: ['v'], lookback: 1 }).columns.find((c) => c.name === 'when')).toEqual({
      name: 'when',
      type: 'date',
      inferredType: 'category',
      unparseableAsMissing: true,
    });
    // a later override without it, or back to the inferred type, clears it
    expect(recordColumnType(lenient, stored, 'when', 'datetime').unparseableAsMissing).toEqual([]);
    expect(recordColumnType(lenient, stored, 'when', 'category', true).unparseableAsMissing).toEqual([]);
  });

  it('recording an override keeps it in columnTypes; setting the inferred type back removes it', async () => {
    const ds = await parseCsvText(csv());
    const prep = initialPrep(ds, 'ds1', null);
    const typed = recordColumnType(prep, ds, 'day_of_week', 'category');
    expect(typed.columnTypes).toEqual({ day_of_week: 'category' });
    expect(recordColumnType(typed, ds, 'day_of_week', 'integer').columnTypes).toEqual({});
  });

  it('a project file saved after a category override and opened with its CSV again gives the same inputs', async () => {
    const ds = await parseCsvText(csv());
    // the Data tab: pick columns, then set day_of_week to category (stored dataset and preparation)
    let prep = initialPrep(ds, 'ds1', null);
    prep = { ...prep, targets: ['demand'], features: ['day_of_week', 'load', 'temp'], lookback: 14 };
    const stored = setColumnType(ds, 'day_of_week', 'category');
    prep = recordColumnType(prep, stored, 'day_of_week', 'category');
    const before = prepare(stored, prep);
    expect(inputShapeFor(before)).toEqual([14, 9]);
    // exported without the data, opened elsewhere, its CSV imported again (a fresh parse: day_of_week is integer)
    const graph = graphOf('m', [{ kind: 'Input', params: { shape: [14, 9] } }, { kind: 'GRU', params: { units: 2 } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1], [1, 2]]);
    const text = serializeProject({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'p', graph, training: trainingSettingsSchema.parse({}), data: prep });
    const reopened = parseProject(JSON.parse(text));
    const again = await parseCsvText(csv());
    expect(again.columns.find((c) => c.name === 'day_of_week')!.type).toBe('integer');
    const prep2 = initialPrep(again, 'ds2', reopened.data!);
    const after = prepare(again, prep2);
    expect(inputShapeFor(after)).toEqual([14, 9]);
    expect(after.featureNames).toEqual(before.featureNames);
    expect(Array.from(after.features)).toEqual(Array.from(before.features));
  });

  it('an override that does not fit a newly imported CSV is left out rather than breaking the preparation', async () => {
    const ds = await parseCsvText('a,b\nx,1\ny,2\nz,3\n');
    const prep = initialPrep(ds, 'ds3', { ...initialPrep(ds, 'ds0', null), columnTypes: { a: 'number', b: 'category', gone: 'boolean' } });
    expect(prep.columnTypes).toEqual({ b: 'category' });
  });
});
