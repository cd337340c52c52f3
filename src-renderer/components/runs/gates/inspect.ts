/**
 * Gate inspector data: rebuild a run's model with its stored weights (as Evaluate does), prepare its
 * test split, and trace the GRU/LSTM layers on one chosen test window (src-shared/inspect). The model
 * and the prepared data are kept while the inspector is open, so moving between windows is one pass.
 */
import { compileToTfjs, type CompiledModel } from '@shared/compiler/index';
import { buildBatch, denormalizeTargets, prepare, type PreparedData } from '@shared/data/index';
import { fitGraphToData } from '@shared/train/model';
import { loadWeights } from '@shared/train/artifacts';
import { traceSample, type SampleTrace } from '@shared/inspect/layer-trace';
import { pastedWindow } from '@shared/inspect/pasted-window';
import type { ApiClient } from '@shared/api/contract';
import { loadDataset, loadRun, loadTf, type LoadedRun } from '../evaluate/evaluate';

export interface Inspector {
  prepared: PreparedData;
  compiled: CompiledModel;
  /** Number of test windows. */
  windows: number;
  run: LoadedRun;
  dispose(): void;
}

export interface WindowTrace extends SampleTrace {
  /** The window's input [steps, features] (normalized as the model sees it) and the feature names. */
  x: Float32Array;
  steps: number;
  featureNames: string[];
  /** Prediction and actual target (none for a pasted window) in the target's units, with their names. */
  predicted: number[];
  actual: number[] | null;
  targetNames: string[];
  /** Row (1-based, header not counted) of the window's first step: in the dataset, or in the pasted rows. */
  firstRow: number;
  pasted: boolean;
  /** Milliseconds the gate arithmetic and sub-model passes took. */
  ms: number;
}

export async function openInspector(api: ApiClient, runId: string): Promise<Inspector> {
  const tf = await loadTf();
  const loaded = await loadRun(api, runId);
  const dsId = loaded.dataPrep.datasetId;
  if (!dsId) throw new Error('The run does not say which dataset it trained on.');
  const p = prepare(await loadDataset(api, dsId), loaded.dataPrep);
  if (p.featureNames.join('\u0000') !== loaded.meta.featureNames.join('\u0000'))
    throw new Error('The dataset changed since this run trained (its features differ now), so its test windows are not the ones the run saw.');
  if (p.mode !== 'sequence') throw new Error('The gate inspector needs a sequence model (windows of time steps); this run trained on single rows.');
  if (p.splits.test.length === 0) throw new Error('The data preparation of this run has no test windows (test fraction 0).');
  const compiled = compileToTfjs(tf, fitGraphToData(loaded.graph, p));
  try {
    loadWeights(tf, compiled.model, loaded.weights.meta, loaded.weights.data);
  } catch (err) {
    compiled.model.dispose();
    throw err;
  }
  return { prepared: p, compiled, windows: p.splits.test.length, run: loaded, dispose: () => compiled.model.dispose() };
}

export async function traceWindow(ins: Inspector, index: number): Promise<WindowTrace> {
  const tf = await loadTf();
  const p = ins.prepared;
  if (!Number.isInteger(index) || index < 0 || index >= ins.windows) throw new Error(`Test window ${index + 1} does not exist (there are ${ins.windows}).`);
  const b = buildBatch(p, 'test', [index]);
  const t0 = performance.now();
  const out = traceSample(tf, ins.compiled, b.x, b.xShape);
  const ms = performance.now() - t0;
  const start = p.splits.test[index]!;
  return {
    ...out,
    x: b.x,
    steps: b.xShape[1]!,
    featureNames: p.featureNames,
    predicted: Array.from(denormalizeTargets(p, out.prediction.subarray(0, p.yWidth), [start])),
    actual: Array.from(denormalizeTargets(p, b.y, [start])),
    targetNames: p.targetNames,
    firstRow: (p.rowIndex[start] ?? start) + 1,
    pasted: false,
    ms,
  };
}

/** The first complete window of pasted CSV rows (the run's raw columns, header first). */
export async function tracePasted(ins: Inspector, text: string): Promise<WindowTrace> {
  const tf = await loadTf();
  const p = ins.prepared;
  const w = pastedWindow(ins.run, text);
  const t0 = performance.now();
  const out = traceSample(tf, ins.compiled, w.x, w.shape);
  const ms = performance.now() - t0;
  return {
    ...out,
    x: w.x,
    steps: w.shape[1]!,
    featureNames: p.featureNames,
    predicted: w.toUnits(out.prediction.subarray(0, p.yWidth)) ?? Array.from(denormalizeTargets(p, out.prediction.subarray(0, p.yWidth))),
    actual: null,
    targetNames: p.targetNames,
    firstRow: w.firstRow,
    pasted: true,
    ms,
  };
}
