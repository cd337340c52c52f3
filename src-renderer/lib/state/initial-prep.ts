/**
 * The preparation the Data tab gives a freshly chosen dataset (plain TypeScript, so tests can call the
 * exact function the app calls): a sample's suggestion as is, otherwise the shared rule
 * (`suggestPreparation`, the same one `layerloom train` uses) over what of the previous settings still fits.
 */
import { suggestPreparation, type DataPrep, type DataPrepInput, type Dataset } from '@shared/data/index';

export function initialPrep(ds: Dataset, datasetId: string, previous: DataPrep | null, suggestion?: DataPrepInput): DataPrep {
  if (suggestion) return suggestPreparation(ds, null, { ...suggestion, datasetId });
  return suggestPreparation(ds, previous, { datasetId });
}
