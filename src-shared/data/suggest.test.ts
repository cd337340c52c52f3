import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvText } from './csv';
import { defaultDataPrep, type DataPrep, type DataPrepInput } from './spec';
import type { Dataset } from './dataset';
import { suggestPreparation, withTarget } from './suggest';
import { prepare } from './prepare';
// the app's path (what the Data tab calls for a freshly chosen dataset) and the CLI's (what `layerloom train` calls)
import { initialPrep } from './prep-columns';
import { prepFor } from '../../src-main/cli/commands/train';

const seattleText = readFileSync(fileURLToPath(new URL('../../resources/samples/seattle-weather.csv', import.meta.url)), 'utf8');

/** date, a numeric feature, a boolean, a category, a numeric target and an integer group column; 3 stores × 40 days. */
function generated(): string {
  const lines = ['date,store,temp,holiday,weather,sales'];
  for (let s = 1; s <= 3; s++)
    for (let d = 0; d < 40; d++) {
      const day = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
      lines.push(`${day},${s},${(10 + Math.sin(d / 3) * 5).toFixed(2)},${d % 7 === 0 ? 'true' : 'false'},${['sun', 'rain', 'snow'][d % 3]},${(100 * s + d * 1.5).toFixed(1)}`);
    }
  return lines.join('\n');
}

/** The CLI with no preparation flags (only what the project file says) and the app choosing the same dataset. */
function bothPaths(ds: Dataset, data: DataPrepInput): { cli: DataPrep; app: DataPrep } {
  const project = { data: defaultDataPrep({ datasetId: 'ds-1', ...data }) };
  return { cli: prepFor(project, ds, new Map()), app: initialPrep(ds, 'ds-1', project.data) };
}

describe('suggestPreparation: one rule for the app and the CLI', () => {
  it('Seattle weather: the same preparation from the Data tab and from `layerloom train`', async () => {
    const ds = await parseCsvText(seattleText);
    const { cli, app } = bothPaths(ds, { targets: ['temp_max'] });
    expect(cli).toEqual(app);
    expect(cli).toMatchObject({ task: 'regression', mode: 'sequence', dateColumn: 'date', targets: ['temp_max'], features: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
    expect('groupColumn' in cli).toBe(false);
    // a bare CSV: `--target` on the command line, or the target ticked after the app's first suggestion
    const fromFlag = prepFor({}, ds, new Map([['target', 'temp_max']]));
    const { datasetId: _id, ...ticked } = { ...initialPrep(ds, 'ds-1', null), targets: ['temp_max'] };
    expect(fromFlag).toEqual(ticked);
    expect(() => prepare(ds, cli)).not.toThrow();
    // the weather label: multiclass; in tabular mode the numeric columns only
    const clf = bothPaths(ds, { targets: ['weather'], mode: 'tabular' });
    expect(clf.cli).toEqual(clf.app);
    expect(clf.cli).toMatchObject({ task: 'multiclass', features: ['precipitation', 'temp_max', 'temp_min', 'wind'] });
    expect(() => prepare(ds, clf.cli)).not.toThrow();
  });

  it('a CSV with a date, a boolean, a category, a numeric target and a group column: the same preparation on both paths', async () => {
    const ds = await parseCsvText(generated());
    expect(ds.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['date:date', 'store:integer', 'temp:number', 'holiday:boolean', 'weather:category', 'sales:number']);
    const cases: [DataPrepInput, Partial<DataPrep>][] = [
      // tabular: the target is not a feature (the model would see the answer); date and group never are
      [{ targets: ['sales'], mode: 'tabular', groupColumn: 'store' }, { task: 'regression', features: ['temp', 'holiday'], dateColumn: 'date', groupColumn: 'store' }],
      // sequence regression: the target's own history is a feature
      [{ targets: ['sales'], mode: 'sequence', groupColumn: 'store', lookback: 5 }, { task: 'regression', features: ['temp', 'holiday', 'sales'], dateColumn: 'date' }],
      // a boolean target: binary, and never its own input (the label at the last step would leak it)
      [{ targets: ['holiday'], mode: 'sequence', groupColumn: 'store', lookback: 5 }, { task: 'binary', features: ['temp', 'sales'] }],
      // a category with 3 classes: multiclass
      [{ targets: ['weather'], mode: 'tabular' }, { task: 'multiclass', features: ['store', 'temp', 'holiday', 'sales'] }],
      // column types apply before choosing: temp as a category is no longer a numeric feature
      [{ targets: ['sales'], mode: 'tabular', groupColumn: 'store', columnTypes: { temp: 'category' } }, { features: ['holiday'], columnTypes: { temp: 'category' } }],
    ];
    for (const [data, want] of cases) {
      const { cli, app } = bothPaths(ds, data);
      expect(cli, JSON.stringify(data)).toEqual(app);
      expect(cli, JSON.stringify(data)).toMatchObject(want);
      expect(() => prepare(ds, cli), JSON.stringify(data)).not.toThrow();
    }
  });

  it('keeps what the previous preparation and the overrides say, and drops columns this dataset does not have', async () => {
    const ds = await parseCsvText(generated());
    const previous = defaultDataPrep({ targets: ['sales', 'gone'], features: ['temp', 'gone'], dateColumn: 'gone', groupColumn: 'gone', task: 'regression', lookback: 3, columnTypes: { gone: 'category' } });
    const p = suggestPreparation(ds, previous, { datasetId: 'x' });
    expect(p).toMatchObject({ datasetId: 'x', targets: ['sales'], features: ['temp'], dateColumn: 'date', lookback: 3, columnTypes: {} });
    expect('groupColumn' in p).toBe(false);
    // a task that still fits the target is kept (an integer label may be binary); one that does not is re-derived
    expect(suggestPreparation(ds, { targets: ['store'], task: 'multiclass', mode: 'tabular' }).task).toBe('multiclass');
    expect(suggestPreparation(ds, { targets: ['weather'], task: 'regression' }).task).toBe('multiclass');
    expect(suggestPreparation(ds, null, { targets: ['weather'], task: 'binary' }).task).toBe('binary');
  });
});

describe('withTarget: ticking a target in the Data tab follows the same rule', () => {
  it('tabular mode: the ticked target leaves the features, as the CLI’s --target does', async () => {
    const ds = await parseCsvText(generated());
    const start = suggestPreparation(ds, { mode: 'tabular' });
    expect(start.features).toContain('sales');
    const ticked = withTarget(ds, start, 'sales', true);
    expect(ticked.targets).toEqual(['sales']);
    expect(ticked.features).not.toContain('sales');
    expect(ticked).toEqual(prepFor({ data: defaultDataPrep({ mode: 'tabular' }) }, ds, new Map([['target', 'sales']])));
    expect(() => prepare(ds, ticked)).not.toThrow();
  });

  it('a label target switches the task to classification, replaces the previous target and is no feature', async () => {
    const ds = await parseCsvText(generated());
    const start = withTarget(ds, suggestPreparation(ds, {}), 'sales', true);
    const ticked = withTarget(ds, { ...start, features: [...start.features, 'holiday'] }, 'holiday', true);
    expect(ticked).toMatchObject({ task: 'binary', targets: ['holiday'] });
    expect(ticked.features).not.toContain('holiday');
    expect(() => prepare(ds, ticked)).not.toThrow();
  });

  it('sequence regression keeps the target’s own history as an input; unticking removes only the target', async () => {
    const ds = await parseCsvText(generated());
    const ticked = withTarget(ds, suggestPreparation(ds, {}), 'sales', true);
    expect(ticked.features).toContain('sales');
    expect(withTarget(ds, ticked, 'sales', false)).toMatchObject({ targets: [], features: ticked.features });
  });
});

describe('suggestPreparation: a date split over year/month/day columns', () => {
  /** Hourly readings with the date in YEAR, Mon, dom, HR columns (and a "day"-like column out of range). */
  function partsCsv(): string {
    const lines = ['YEAR,Mon,dom,HR,station,temp'];
    for (let i = 0; i < 60; i++) {
      const t = new Date(Date.UTC(2024, 2, 30, 0) + i * 3_600_000);
      lines.push(`${t.getUTCFullYear()},${t.getUTCMonth() + 1},${t.getUTCDate()},${t.getUTCHours()},${1 + (i % 3)},${(10 + Math.sin(i / 4)).toFixed(2)}`);
    }
    return lines.join('\n');
  }

  it('no date column: year/month/day/hour columns by name and range become dateParts, not features (app and CLI alike)', async () => {
    const ds = await parseCsvText(partsCsv());
    const { cli, app } = bothPaths(ds, { targets: ['temp'] });
    expect(cli).toEqual(app);
    expect(cli.dateParts).toEqual({ year: 'YEAR', month: 'Mon', day: 'dom', hour: 'HR' });
    expect('dateColumn' in cli).toBe(false);
    expect(cli.features).toEqual(['station', 'temp']);
    expect(prepare(ds, cli).frequency).toBe('hourly');
  });

  it('out-of-range values, a missing part or a date column: no dateParts; a flag or an earlier choice wins', async () => {
    const renamed = (from: string, to: string): string => partsCsv().replace(from, to);
    expect(suggestPreparation(await parseCsvText(renamed('HR', 'x')), {}).dateParts).toEqual({ year: 'YEAR', month: 'Mon', day: 'dom' });
    expect(suggestPreparation(await parseCsvText(renamed('dom', 'date_of')), {}).dateParts).toBeUndefined();
    // a column named day whose values (hours 0–23) do not fit days 1–31
    expect(suggestPreparation(await parseCsvText(renamed('dom,HR', 'foo,day')), {}).dateParts).toBeUndefined();
    expect(suggestPreparation(await parseCsvText(seattleText), {}).dateParts).toBeUndefined();
    const ds = await parseCsvText(partsCsv());
    expect(suggestPreparation(ds, {}, { dateParts: { year: 'YEAR', month: 'Mon', day: 'dom' } }).dateParts).toEqual({ year: 'YEAR', month: 'Mon', day: 'dom' });
    const withDate = suggestPreparation(ds, {}, { dateColumn: 'station' });
    expect(withDate.dateColumn).toBe('station');
    expect(withDate.dateParts).toBeUndefined();
    expect(suggestPreparation(ds, { dateParts: { year: 'YEAR', month: 'Mon', day: 'dom' } }).dateParts).toEqual({ year: 'YEAR', month: 'Mon', day: 'dom' });
    // `layerloom train --date-parts`: the columns must exist
    expect(prepFor({}, ds, new Map([['target', 'temp'], ['date-parts', 'YEAR,Mon,dom']])).dateParts).toEqual({ year: 'YEAR', month: 'Mon', day: 'dom' });
    expect(() => prepFor({}, ds, new Map([['target', 'temp'], ['date-parts', 'YEAR,Mon,nope']]))).toThrow(/--date-parts: no column "nope" in the CSV/);
  });
});
