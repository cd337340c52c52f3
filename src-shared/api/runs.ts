/**
 * Runs: one training run of a project — snapshots of the graph, data preparation and settings, its
 * status, metric rows (streamed in batches while training) and artifacts (weights, preprocessing).
 * Training itself happens in the UI's worker or the CLI; these methods only record it.
 */
import { z } from 'zod';
import { method } from './define';
import { id, optionalName } from './common';
import { trainingSettingsSchema, type TrainingSettings } from '../train/settings';
import { ARTIFACT_KINDS, type ArtifactKind } from '../train/artifacts';
import type { Evaluation } from '../train/evaluate';

export const RUN_STATUSES = ['running', 'completed', 'stopped', 'failed', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What a finished run reports about itself (kept as JSON in runs.summary). */
export interface RunResult {
  epochsRun: number;
  epochs: number;
  /** Monitored quantity (val_loss or loss) and its best epoch. */
  monitor: string;
  bestEpoch: number | null;
  /** Logs of the last finished epoch (loss, val_loss, metrics, lr). */
  finalLogs: Record<string, number>;
  evaluation: Evaluation | null;
  /** Things to be careful about in the result (a very early best epoch…). */
  warnings?: string[];
  params?: number;
  /** Why this backend (auto: timings per backend). */
  backendReason?: string;
}

export interface RunSummary {
  id: string;
  projectId: string;
  name: string | null;
  status: RunStatus;
  reason: string | null;
  backend: string | null;
  device: string | null;
  startedAt: string;
  endedAt: string | null;
  /** Last write (metrics or status). */
  updatedAt: string | null;
  result: RunResult | null;
  /** Epochs with an end-of-epoch metric row (survives an interrupted run). */
  epochsLogged: number;
  /** Set when a stored value of this run could not be read (it is shown as absent): what and why. */
  damaged?: string;
}

export interface Run extends RunSummary {
  graph: unknown;
  dataPrep: unknown;
  settings: TrainingSettings;
}

export interface MetricRow {
  /** 1-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch; null for an end-of-epoch row. */
  batch: number | null;
  name: string;
  value: number;
  /** Milliseconds since the run started. */
  tMs: number;
}

export interface ArtifactInfo {
  kind: ArtifactKind;
  meta: unknown;
  size: number;
  createdAt: string;
}

export interface Artifact {
  kind: ArtifactKind;
  meta: unknown;
  data: Uint8Array | null;
}

/** Most metric rows one appendMetrics call may carry (the UI sends every epoch and every few batches). */
export const MAX_METRIC_ROWS = 50_000;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const metricRow = z
  .object({
    epoch: z.number().int().min(0).max(1e7),
    batch: z.number().int().min(0).max(1e9).nullable(),
    name: z.string().min(1).max(100),
    value: finite,
    tMs: z.number().min(0),
  })
  .strict();
const artifactIn = z
  .object({
    kind: z.enum(ARTIFACT_KINDS),
    meta: z.unknown(),
    data: z.instanceof(Uint8Array, { message: 'must be bytes (Uint8Array)' }).nullable(),
  })
  .strict();
const shortText = z.string().max(4000);

/**
 * A number as training reports it: NaN and ±Infinity travel over IPC (structured clone) and are stored
 * as null (JSON), so stored reports hold numbers or null.
 */
const reportedNumber = z.custom<number>((v) => typeof v === 'number', 'must be a number').nullable();
const metricName = z.string().min(1).max(100);
const metricValues = z.record(metricName, reportedNumber).refine((o) => Object.keys(o).length <= 1000, 'has more than 1000 metrics');

/** `Evaluation` (src-shared/train/evaluate.ts): test metrics against the naive baseline. */
export const evaluationSchema = z.object({
  split: z.literal('test'),
  samples: z.number().int().min(0),
  loss: reportedNumber,
  metrics: metricValues,
  baseline: z.object({ name: z.string().max(200), metrics: metricValues }).nullable(),
  beatsBaseline: z.boolean().nullable(),
  // every baseline, warnings and class counts per split (runs recorded before them lack these)
  baselines: z.array(z.object({ key: metricName, name: z.string().max(200), metrics: metricValues })).max(20).optional(),
  warnings: z.array(z.string().max(4000)).max(50).optional(),
  classCounts: z.object({ train: z.array(z.number().int().min(0)), validation: z.array(z.number().int().min(0)), test: z.array(z.number().int().min(0)) }).nullable().optional(),
  classes: z.array(z.string().max(1000)).max(1000).nullable().optional(),
  // error per forecast step and H-step paths (runs recorded before multi-step horizons lack these)
  byStep: z
    .array(z.object({ name: z.string().max(2100), step: z.number().int().min(0), mae: reportedNumber, rmse: reportedNumber, baselines: metricValues }))
    .max(64 * 366)
    .optional(),
  paths: z
    .array(z.object({ origin: z.number().int().min(0), label: z.string().max(200), actual: z.array(reportedNumber).max(366), predicted: z.array(reportedNumber).max(366) }))
    .max(6)
    .optional(),
});

/**
 * What runs.finish stores as a run's result (RunResult). The same schema checks it on the way in and
 * on every read, so a stored value that does not fit is reported instead of breaking a list.
 */
export const runResultSchema = z.object({
  epochsRun: z.number().int().min(0),
  epochs: z.number().int().min(0),
  monitor: metricName,
  bestEpoch: z.number().int().min(0).nullable(),
  finalLogs: metricValues,
  evaluation: evaluationSchema.nullable(),
  params: z.number().int().min(0).optional(),
  backendReason: z.string().max(4000).optional(),
  warnings: z.array(z.string().max(4000)).max(50).optional(),
});

export const runMethods = {
  'runs.start': method<RunSummary>()(
    z
      .object({
        projectId: id,
        graph: z.unknown(),
        dataPrep: z.unknown(),
        settings: trainingSettingsSchema,
        backend: z.string().max(100).optional(),
        device: shortText.optional(),
        name: optionalName.optional(),
      })
      .strict(),
    'Record a new run (status running) with snapshots of the graph, data preparation and settings',
  ),
  'runs.appendMetrics': method<{ count: number }>()(
    z.object({ runId: id, rows: z.array(metricRow).max(MAX_METRIC_ROWS) }).strict(),
    'Append metric rows to a running run in one transaction (an empty list is a heartbeat)',
  ),
  'runs.setBackend': method<RunSummary>()(
    z.object({ runId: id, backend: z.string().max(100), device: shortText.optional() }).strict(),
    'Record the backend and device a run actually uses (known once auto selection has timed them)',
  ),
  'runs.finish': method<RunSummary>()(
    z
      .object({
        runId: id,
        status: z.enum(['completed', 'stopped', 'failed']),
        reason: shortText.nullable().optional(),
        result: runResultSchema.nullable().optional(),
        artifacts: z.array(artifactIn).max(10).default([]),
      })
      .strict(),
    'End a run: status, reason, result summary and artifacts (final and best weights, preprocessing)',
  ),
  'runs.list': method<RunSummary[]>()(z.object({ projectId: id }).strict(), "A project's runs, newest first"),
  'runs.get': method<Run>()(z.object({ id }).strict(), 'One run with its snapshots'),
  'runs.metrics': method<MetricRow[]>()(
    z.object({ id, epochOnly: z.boolean().optional() }).strict(),
    "A run's metric rows in order (epochOnly: only end-of-epoch rows)",
  ),
  'runs.artifacts': method<ArtifactInfo[]>()(z.object({ id }).strict(), "A run's artifacts without their data"),
  'runs.artifact': method<Artifact>()(z.object({ id, kind: z.enum(ARTIFACT_KINDS) }).strict(), 'One artifact of a run with its data'),
  'runs.delete': method<{ deleted: true }>()(z.object({ id }).strict(), 'Delete a run with its metrics and artifacts'),
} as const;
