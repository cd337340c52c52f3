/**
 * Evaluation and prediction in the UI: rebuild a run's model from its graph snapshot, load its stored
 * weights, run the forward pass with tfjs on the test split (or on another CSV / pasted rows prepared
 * with the run's statistics) and turn the predictions into a report with src-shared/eval.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ApiClient } from '@shared/api/contract';
import { loadDataset as loadStoredDataset } from '@shared/api/dataset-transfer';
import type { Run } from '@shared/api/runs';
import { parseDocument, type GraphDocument } from '@shared/graph/index';
import { compileToTfjs } from '@shared/compiler/index';
import { dataPrepSchema, type DataPrep } from '@shared/data/spec';
import { deserializeDataset, prepare, buildBatch, type Dataset, type PreparedData, type SplitName } from '@shared/data/index';
import { fitGraphToData } from '@shared/train/model';
import { loadWeights, preprocessingMetaSchema, type PreprocessingMeta } from '@shared/train/artifacts';
import { evaluatePredictions, type RunEvaluation } from '@shared/eval/run-evaluation';
import { prepareLikeRun, runDataPrep } from '@shared/eval/reprepare';
import { predictCsvText, predictRawRows, type PredictionRow } from '@shared/eval/predict-rows';
import type { RawRow } from '@shared/preprocess/runtime';

type Tf = typeof tfjs;
let tfPromise: Promise<Tf> | null = null;

/** tfjs on the CPU backend: evaluation is a single forward pass and must give the same numbers everywhere. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return tfPromise;
}

export interface LoadedRun {
  run: Run;
  graph: GraphDocument;
  dataPrep: DataPrep;
  meta: PreprocessingMeta;
  weights: { kind: 'weights-final' | 'weights-best'; meta: unknown; data: Uint8Array; epoch: number };
}

/** Everything needed to rebuild the run's model; throws a message a user can act on. */
export async function loadRun(api: ApiClient, id: string): Promise<LoadedRun> {
  const run = await api.call('runs.get', { id });
  const graph = parseDocument(run.graph);
  const dp = dataPrepSchema.safeParse(run.dataPrep);
  if (!dp.success) throw new Error('This run has no data preparation recorded, so it cannot be evaluated.');
  const infos = await api.call('runs.artifacts', { id });
  const kinds = new Set(infos.map((a) => a.kind as string));
  if (!kinds.has('preprocessing')) throw new Error('This run stored no preprocessing (it may have failed before the end), so it cannot be evaluated.');
  const wkind = kinds.has('weights-final') ? 'weights-final' : kinds.has('weights-best') ? 'weights-best' : null;
  if (!wkind) throw new Error('This run stored no weights (it may have failed before the end), so it cannot be evaluated.');
  const [pre, w] = await Promise.all([api.call('runs.artifact', { id, kind: 'preprocessing' }), api.call('runs.artifact', { id, kind: wkind })]);
  const meta = preprocessingMetaSchema.parse(pre.meta);
  if (!w.data) throw new Error('The stored weights are empty.');
  const epoch = typeof (w.meta as { epoch?: unknown })?.epoch === 'number' ? (w.meta as { epoch: number }).epoch : 0;
  return { run, graph, dataPrep: dp.data, meta, weights: { kind: wkind, meta: w.meta, data: w.data, epoch } };
}

export async function loadDataset(api: ApiClient, id: string): Promise<Dataset> {
  // In chunks when large (see src-shared/data/limits.ts).
  const d = await loadStoredDataset(api, id);
  return deserializeDataset(d.meta, d.blobs);
}

/** Predictions [samples × yWidth] of the run's model on a split, in the prepared scale. */
export async function predict(loaded: LoadedRun, p: PreparedData, split: SplitName): Promise<Float32Array> {
  const tf = await loadTf();
  const doc = fitGraphToData(loaded.graph, p);
  const { model } = compileToTfjs(tf, doc);
  try {
    loadWeights(tf, model, loaded.weights.meta, loaded.weights.data);
    const n = p.splits[split].length;
    const out = new Float32Array(n * p.yWidth);
    const CHUNK = 256;
    for (let a = 0; a < n; a += CHUNK) {
      const idx = Array.from({ length: Math.min(CHUNK, n - a) }, (_, k) => a + k);
      const b = buildBatch(p, split, idx);
      const y = tf.tidy(() => model.predict(tf.tensor(b.x, b.xShape, 'float32')) as tfjs.Tensor);
      out.set(await y.data(), a * p.yWidth);
      y.dispose();
      await new Promise((r) => setTimeout(r, 0)); // keep the UI responsive between chunks
    }
    return out;
  } finally {
    model.dispose();
  }
}

/** Evaluates on the run's own test split, or every sample of another dataset with the same columns; stores the report. */
export async function evaluateRun(api: ApiClient, id: string, other?: { datasetId: string; name: string }): Promise<RunEvaluation> {
  const loaded = await loadRun(api, id);
  let p: PreparedData;
  if (!other) {
    const dsId = loaded.dataPrep.datasetId;
    if (!dsId) throw new Error('The run does not say which dataset it trained on.');
    p = prepare(await loadDataset(api, dsId), runDataPrep(loaded.dataPrep, loaded.meta));
    if (p.featureNames.join('\u0000') !== loaded.meta.featureNames.join('\u0000'))
      throw new Error('The dataset changed since this run trained (its features differ now), so its test split is not the one the run saw.');
    if (p.splits.test.length === 0) throw new Error('The data preparation of this run has no test samples (test fraction 0).');
  } else {
    p = prepareLikeRun(await loadDataset(api, other.datasetId), loaded.dataPrep, loaded.meta);
    if (p.splits.test.length === 0) throw new Error(`"${other.name}" gives no samples with this run's windowing.`);
  }
  const preds = await predict(loaded, p, 'test');
  const report = evaluatePredictions(
    p,
    'test',
    preds,
    other ? { kind: 'dataset', datasetId: other.datasetId, name: other.name } : { kind: 'test', name: 'test split' },
    { kind: loaded.weights.kind, epoch: loaded.weights.epoch },
  );
  await api.call('runs.saveEvaluation', { id, evaluation: report });
  return report;
}

export type { PredictionRow } from '@shared/eval/predict-rows';

/**
 * Predictions for pasted CSV rows (with a header) holding the raw columns the run reads, through the
 * preprocessing runtime the TypeScript export embeds (types, categories and statistics from the run).
 */
export async function predictRows(loaded: LoadedRun, csvText: string): Promise<{ columns: string[]; rows: PredictionRow[] }> {
  return predictCsvText(await loadTf(), { graph: loaded.graph, dataPrep: loaded.dataPrep, meta: loaded.meta, weights: loaded.weights }, csvText);
}

/** Predictions for raw rows given as objects (a typed text: one row holding the text column), through the same runtime. */
export async function predictRawObjects(loaded: LoadedRun, rows: RawRow[]): Promise<{ columns: string[]; rows: PredictionRow[] }> {
  return predictRawRows(await loadTf(), { graph: loaded.graph, dataPrep: loaded.dataPrep, meta: loaded.meta, weights: loaded.weights }, rows);
}
