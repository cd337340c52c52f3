/**
 * One training run, the same in the app's worker and the CLI:
 *
 *   prepare → fit the graph to the data → (record start) → backend → build → train → record → evaluate
 *
 * Two ports keep it host-free. A `Recorder` writes the run (the app through its API, the CLI through the
 * contract's `dispatch` to the services); a `TfProvider` brings the `tf` module and picks its backend.
 * Refusals before anything is recorded (data that cannot be prepared, a graph that does not fit) come
 * back as `{ status: 'refused' }`; from the start of the run on, every way out is recorded: finished
 * (completed / stopped / failed with the loop's reason) or failed with the reason (a model that does not
 * build, a backend that does not start). A run whose process dies is marked `interrupted` by the store
 * on its next open (the recorder cannot do that).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import type { GraphDocument } from '../graph/document';
import { prepare, type PreparedData } from '../data/prepare';
import type { Dataset } from '../data/dataset';
import type { DataPrep } from '../data/spec';
import type { MetricRow, RunResult } from '../api/runs';
import type { TrainingSettings } from './settings';
import { buildModel, fitGraphToData, graphProblem } from './model';
import { train, type BatchInfo, type EpochInfo, type TrainResult, type TrainStatus } from './loop';
import { batchRows, ensureSeed, epochRows, evaluationRows, runArtifacts, runResult, type ArtifactOut } from './record';
import type { Evaluation } from './evaluate';

/** Metric rows are written every this many batches, and at the end of every epoch. */
export const FLUSH_EVERY_BATCHES = 50;

export interface RunStart {
  /** The graph as trained: its data-fed Input follows the prepared data. */
  graph: GraphDocument;
  dataPrep: DataPrep;
  /** With the seed filled in, so the run can be reproduced. */
  settings: TrainingSettings & { seed: number };
  /** The backend asked for (`auto` until the provider has chosen). */
  backend: string;
  device: string;
}

export interface BackendChoice {
  backend: string;
  /** Why this backend (asked for, fallback, auto timings). */
  reason: string;
  device: string;
  /**
   * Settings the backend imposes on this run (e.g. the reference recurrent layers where the fused ones
   * cannot run); the reason says why. Applied before the model is built.
   */
  settings?: Partial<TrainingSettings>;
}

export interface RunEnd {
  status: TrainStatus;
  reason: string | null;
  result: RunResult;
  /** Weights (not after a failure) and preprocessing. */
  artifacts: ArtifactOut[];
  evaluation: Evaluation | null;
}

/** Where a run is written. Calls come in this order: start, backend, metrics…, then finish or fail. */
export interface Recorder {
  start(run: RunStart): void | Promise<void>;
  backend(choice: BackendChoice): void | Promise<void>;
  metrics(rows: MetricRow[]): void | Promise<void>;
  finish(end: RunEnd): void | Promise<void>;
  fail(reason: string): void | Promise<void>;
}

export interface TfProvider {
  tf: TfModule;
  /** Starts the backend for this model (forced, or timed when auto) and says which and why. */
  ready(o: { doc: GraphDocument; prepared: PreparedData; settings: TrainingSettings & { seed: number } }): Promise<BackendChoice>;
}

export interface PipelineOptions {
  doc: GraphDocument;
  prep: DataPrep;
  /** The dataset to prepare, or data already prepared with `prep` (the app prepares it once, on the UI thread). */
  data: { dataset: Dataset } | { prepared: PreparedData };
  settings: TrainingSettings;
  tfp: TfProvider;
  recorder: Recorder;
  shouldStop?: () => boolean;
  /** Progress for the host's display (recording is the pipeline's business). */
  onBatch?: (b: BatchInfo) => void;
  onEpoch?: (e: EpochInfo) => void;
  /** The run is recorded and the model built: parameters, backend, prepared data. */
  onReady?: (r: { params: number; backend: BackendChoice; prepared: PreparedData; settings: TrainingSettings & { seed: number } }) => void;
  now?: () => number;
}

export type PipelineOutcome =
  | { status: 'refused'; stage: 'prepare' | 'graph'; reason: string; prepared: PreparedData | null }
  | {
      status: TrainStatus;
      reason: string | null;
      prepared: PreparedData;
      settings: TrainingSettings & { seed: number };
      /** Null when the run failed before training (build, backend). */
      train: TrainResult | null;
      result: RunResult | null;
      evaluation: Evaluation | null;
      backend: BackendChoice | null;
      seconds: number;
    };

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runPipeline(o: PipelineOptions): Promise<PipelineOutcome> {
  const now = o.now ?? (() => Date.now());
  // -- prepare (once: the app hands over what its Data tab already prepared) --
  let prepared: PreparedData;
  try {
    prepared = 'prepared' in o.data ? o.data.prepared : prepare(o.data.dataset, o.prep);
  } catch (err) {
    return { status: 'refused', stage: 'prepare', reason: message(err), prepared: null };
  }
  // -- fit the graph to the data --
  const doc = fitGraphToData(o.doc, prepared);
  const problem = graphProblem(doc, prepared);
  if (problem) return { status: 'refused', stage: 'graph', reason: problem, prepared };

  let settings = ensureSeed(o.settings);
  const { recorder } = o;
  const t0 = now();
  await recorder.start({ graph: doc, dataPrep: o.prep, settings, backend: settings.backend, device: 'choosing…' });
  const failed = async (reason: string, backend: BackendChoice | null): Promise<PipelineOutcome> => {
    try {
      await recorder.fail(reason);
    } catch {
      /* the recorder itself is what failed; nothing more can be written */
    }
    return { status: 'failed', reason, prepared, settings, train: null, result: null, evaluation: null, backend, seconds: (now() - t0) / 1000 };
  };

  // -- backend and build --
  let backend: BackendChoice;
  try {
    backend = await o.tfp.ready({ doc, prepared, settings });
    if (backend.settings) settings = { ...settings, ...backend.settings };
    await recorder.backend(backend);
  } catch (err) {
    return failed(`No tfjs backend could start: ${message(err)}`, null);
  }
  let model: tfjs.LayersModel;
  try {
    model = buildModel(o.tfp.tf, doc, settings.seed, settings.recurrent).model;
  } catch (err) {
    return failed(`The model could not be built: ${message(err)}`, backend);
  }

  try {
    const params = model.countParams();
    o.onReady?.({ params, backend, prepared, settings });
    // -- train, writing metric rows as they come --
    let pending: MetricRow[] = [];
    let batches = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      batches = 0;
      await recorder.metrics(rows);
    };
    const r = await train({
      tf: o.tfp.tf,
      model,
      prepared,
      settings,
      ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
      ...(o.now ? { now: o.now } : {}),
      // recorded first, shown second: what a host reports (a CLI line, a curve point) is already written
      onBatch: async (b) => {
        pending.push(...batchRows(b));
        if (++batches >= FLUSH_EVERY_BATCHES) await flush();
        o.onBatch?.(b);
      },
      onEpoch: async (e) => {
        pending.push(...epochRows(e));
        await flush();
        o.onEpoch?.(e);
      },
    });
    await flush();
    // -- record: test split vs the baseline, then status, summary and artifacts --
    const rows = evaluationRows(r, now() - t0);
    if (rows.length) await recorder.metrics(rows);
    const result = runResult(r, settings.epochs, { params, backendReason: backend.reason });
    const artifacts = runArtifacts(r, prepared, o.prep).filter((a) => r.status !== 'failed' || a.kind === 'preprocessing');
    await recorder.finish({ status: r.status, reason: r.reason, result, artifacts, evaluation: r.evaluation });
    return { status: r.status, reason: r.reason, prepared, settings, train: r, result, evaluation: r.evaluation, backend, seconds: (now() - t0) / 1000 };
  } catch (err) {
    return failed(`Training failed: ${message(err)}`, backend);
  } finally {
    model.dispose();
  }
}
