/**
 * The data preparation's column choices as the Data tab makes them: the first preparation for a chosen
 * dataset, and the user's column type overrides, which live in the preparation (`columnTypes`) so that
 * the project file, every run's snapshot, Predict and the exports all read the same types.
 */
import { getColumn, setColumnType, type Dataset } from './dataset';
import type { DataPrep, DataPrepInput } from './spec';
import { suggestPreparation } from './suggest';

/**
 * The preparation the Data tab gives a freshly chosen dataset (plain TypeScript, so tests call the exact
 * function the app calls): a sample's suggestion as is, otherwise the shared rule (`suggestPreparation`,
 * the one `layerloom train` uses) over what of the previous settings still fits, column type overrides
 * included.
 */
export function initialPrep(ds: Dataset, datasetId: string, previous: DataPrep | null, suggestion?: DataPrepInput): DataPrep {
  if (suggestion) return suggestPreparation(ds, null, { ...suggestion, datasetId });
  return suggestPreparation(ds, previous, { datasetId });
}

/**
 * The preparation after the user set `column` to `type` (the stored dataset is converted separately):
 * the override is recorded unless it is the type the CSV gives anyway, and so is whether its unparseable
 * cells were made missing (`coerce`), which the exported scripts and Predict then do too.
 */
export function recordColumnType(prep: DataPrep, ds: Dataset, column: string, type: DataPrep['columnTypes'][string], coerce = false): DataPrep {
  const inferred = ds.columns.find((c) => c.name === column)?.inferredType;
  const columnTypes = { ...prep.columnTypes };
  if (inferred === type) delete columnTypes[column];
  else columnTypes[column] = type;
  const others = prep.unparseableAsMissing.filter((c) => c !== column);
  const unparseableAsMissing = coerce && inferred !== type ? [...others, column] : others;
  // A column just made a date becomes the sort column when none is chosen yet (as a detected date column is);
  // a date composed from year/month/day columns is a choice already.
  const becameDate = (type === 'date' || type === 'datetime') && prep.dateColumn === undefined && prep.dateParts === undefined;
  return { ...prep, columnTypes, unparseableAsMissing, ...(becameDate ? { dateColumn: column } : {}) };
}

/**
 * How many present values of `column` cannot be read as `type` (they would become missing with "treat
 * unparseable cells as missing"); 0 when every value fits.
 */
export function unparseableCount(ds: Dataset, column: string, type: DataPrep['columnTypes'][string]): number {
  const before = getColumn(ds, column);
  const after = getColumn(setColumnType(ds, column, type, { coerce: true }), column);
  return Math.max(0, after.profile.missing - before.profile.missing);
}
