/**
 * The data preparation's column choices as the Data tab makes them: the first preparation for a chosen
 * dataset, and the user's column type overrides, which live in the preparation (`columnTypes`) so that
 * the project file, every run's snapshot, Predict and the exports all read the same types.
 */
import { DataError } from './errors';
import { setColumnType, type Dataset } from './dataset';
import { defaultDataPrep, type DataPrep, type DataPrepInput } from './spec';

const NUMERIC = new Set(['number', 'integer', 'boolean']);

/** A first preparation for a freshly chosen dataset: numeric columns as features, the first date column to sort by. */
export function initialPrep(ds: Dataset, datasetId: string, previous: DataPrep | null, suggestion?: DataPrepInput): DataPrep {
  const names = new Set(ds.columns.map((c) => c.name));
  if (suggestion) return defaultDataPrep({ ...suggestion, datasetId });
  const numeric = ds.columns.filter((c) => NUMERIC.has(c.type)).map((c) => c.name);
  const date = ds.columns.find((c) => c.type === 'date' || c.type === 'datetime')?.name;
  const base = previous ?? defaultDataPrep();
  const keep = (xs: string[]): string[] => xs.filter((x) => names.has(x));
  const features = keep(base.features);
  const next: DataPrepInput = {
    ...base,
    datasetId,
    targets: keep(base.targets),
    features: features.length > 0 ? features : numeric,
    columnTypes: carryColumnTypes(ds, base.columnTypes),
  };
  const dateColumn = base.dateColumn && names.has(base.dateColumn) ? base.dateColumn : date;
  if (dateColumn) next.dateColumn = dateColumn;
  else delete next.dateColumn;
  if (!(base.groupColumn && names.has(base.groupColumn))) delete next.groupColumn;
  return defaultDataPrep(next);
}


/**
 * The overrides of an earlier preparation that apply to `ds`: its column exists and its values fit the
 * type (a project opened with its CSV imported again gets its category columns back).
 */
export function carryColumnTypes(ds: Dataset, types: DataPrep['columnTypes']): DataPrep['columnTypes'] {
  const out: DataPrep['columnTypes'] = {};
  for (const [name, type] of Object.entries(types)) {
    if (!ds.columns.some((c) => c.name === name)) continue;
    try {
      setColumnType(ds, name, type);
      out[name] = type;
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
    }
  }
  return out;
}

/**
 * The preparation after the user set `column` to `type` (the stored dataset is converted separately):
 * the override is recorded unless it is the type the CSV gives anyway.
 */
export function recordColumnType(prep: DataPrep, ds: Dataset, column: string, type: DataPrep['columnTypes'][string]): DataPrep {
  const inferred = ds.columns.find((c) => c.name === column)?.inferredType;
  const columnTypes = { ...prep.columnTypes };
  if (inferred === type) delete columnTypes[column];
  else columnTypes[column] = type;
  return { ...prep, columnTypes };
}
