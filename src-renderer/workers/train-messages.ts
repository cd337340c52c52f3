/**
 * The training worker's messages, both directions, with the schemas each side checks them against on
 * receipt. The big payloads (graph, preparation, settings) are checked with the schemas the API uses for
 * them; the prepared arrays by kind (the worker trains on them as they are).
 */
import { z } from 'zod';
import { documentSchema, type GraphDocument } from '@shared/graph/index';
import { columnTypeSchema, dataPrepSchema, prepModeSchema, splitStrategySchema, taskSchema, windowTransformSchema, type DataPrep, type FeatureInfo, type NormalizationStats, type PreparedData } from '@shared/data/index';
import { textPrepSchema, type TextSummary } from '@shared/text/index';
import { ARTIFACT_KINDS, trainingSettingsSchema, type BatchInfo, type EpochInfo, type Evaluation, type Recorder, type TrainingSettings } from '@shared/train/index';
import { anyNumber, checkMessage, count, typedArray, type Checked } from './messages';

export type TrainWorkerRequest =
  /** `webgpuLost`: why WebGPU lost its device in an earlier run of this session (auto then skips it). */
  | { type: 'start'; doc: GraphDocument; prep: DataPrep; prepared: PreparedData; settings: TrainingSettings; webgpuLost?: string }
  | { type: 'stop' };

/** One Recorder call, posted to the UI in the order the pipeline makes them. */
export type RecordCall = { [K in keyof Recorder]: { type: 'record'; op: K; arg: Parameters<Recorder[K]>[0] } }[keyof Recorder];

export type TrainWorkerReply =
  | RecordCall
  | { type: 'batch'; info: BatchInfo }
  | { type: 'epoch'; info: EpochInfo }
  /** The pipeline is done (after its last record call); `refused`: nothing was recorded. */
  | { type: 'done'; status: 'completed' | 'stopped' | 'failed' | 'refused'; reason: string | null; evaluation: Evaluation | null; webgpuLost?: string }
  | { type: 'error'; message: string };

const logs = z.record(z.string(), anyNumber);
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
const int32 = typedArray(Int32Array, 'Int32Array');
const float32 = typedArray(Float32Array, 'Float32Array');
const range = z.tuple([z.number(), z.number()]);
const classCounts = z.object({ train: z.array(count), validation: z.array(count), test: z.array(count) });

/** The text input's options (length resolved), its training vocabulary and summary (null without a text input). */
const preparedTextSchema = z.object({
  options: textPrepSchema.extend({ sequenceLength: count.min(1) }),
  vocabulary: z.object({ tokens: z.array(z.string()), counts: z.array(count) }),
  summary: z.custom<TextSummary>(isObject, 'must be a text summary'),
});

const preparedDataSchema: z.ZodType<PreparedData> = z.object({
  task: taskSchema,
  mode: prepModeSchema,
  lookback: count,
  horizon: count,
  stride: count,
  features: float32,
  featureInfo: z.array(z.custom<FeatureInfo>(isObject, 'must be a feature description')),
  featureNames: z.array(z.string()),
  nFeatures: count,
  rows: count,
  targets: float32,
  targetWidth: count,
  yWidth: count,
  targetNames: z.array(z.string()),
  windowTransform: windowTransformSchema,
  windowTransformReason: z.string(),
  windowScale: z.boolean(),
  steps: z.array(count),
  outputNames: z.array(z.string()),
  classes: z.array(z.string()).nullable(),
  targetOffset: z.number().int(),
  splits: z.object({ train: int32, validation: int32, test: int32 }),
  groups: z.array(
    z.object({
      name: z.string(),
      start: count,
      end: count,
      ranges: z.object({ train: range, validation: range, test: range }),
      blocks: z.object({ train: z.array(range), validation: z.array(range), test: z.array(range) }),
    }),
  ),
  rowIndex: int32,
  rowDates: typedArray(Float64Array, 'Float64Array').nullable(),
  stats: z.custom<NormalizationStats>(isObject, 'must be normalization statistics'),
  warnings: z.array(z.string()),
  columns: z.array(z.object({ name: z.string(), type: columnTypeSchema, inferredType: columnTypeSchema })),
  decimalComma: z.boolean(),
  splitStrategy: splitStrategySchema,
  seasonalPeriod: count.nullable(),
  seasonalPeriodSource: z.enum(['user', 'date']).nullable(),
  frequency: z.string().nullable(),
  classCounts: classCounts.nullable(),
  text: preparedTextSchema.nullable(),
});

export const trainWorkerRequestSchema: z.ZodType<TrainWorkerRequest> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), doc: documentSchema, prep: dataPrepSchema, prepared: preparedDataSchema, settings: trainingSettingsSchema, webgpuLost: z.string().optional() }),
  z.object({ type: z.literal('stop') }),
]);

const evaluationSchema: z.ZodType<Evaluation> = z.object({
  split: z.literal('test'),
  samples: count,
  loss: anyNumber,
  metrics: logs,
  baseline: z.object({ name: z.string(), metrics: logs }).nullable(),
  beatsBaseline: z.boolean().nullable(),
  baselines: z.array(z.object({ key: z.string(), name: z.string(), metrics: logs })).optional(),
  warnings: z.array(z.string()).optional(),
  classCounts: classCounts.nullable().optional(),
  classes: z.array(z.string()).nullable().optional(),
  byStep: z.array(z.object({ name: z.string(), step: count, mae: anyNumber, rmse: anyNumber, baselines: logs })).optional(),
  paths: z.array(z.object({ origin: count, label: z.string(), actual: z.array(anyNumber), predicted: z.array(anyNumber) })).optional(),
});

const batchInfoSchema: z.ZodType<BatchInfo> = z.object({
  epoch: count,
  batch: count,
  batches: count,
  epochs: count,
  loss: anyNumber,
  metrics: logs,
  tMs: z.number(),
});
const epochInfoSchema: z.ZodType<EpochInfo> = z.object({ epoch: count, epochs: count, logs, tMs: z.number(), partial: z.boolean() });

const record = <K extends keyof Recorder, A extends z.ZodType<Parameters<Recorder[K]>[0]>>(op: K, arg: A) =>
  z.object({ type: z.literal('record'), op: z.literal(op), arg });

const recordCallSchema = z.discriminatedUnion('op', [
  record(
    'start',
    z.object({
      graph: documentSchema,
      dataPrep: dataPrepSchema,
      settings: trainingSettingsSchema.extend({ seed: z.number().int() }),
      backend: z.string(),
      device: z.string(),
    }),
  ),
  record('backend', z.object({ backend: z.string(), reason: z.string(), device: z.string() })),
  record('metrics', z.array(z.object({ epoch: count, batch: count.nullable(), name: z.string(), value: anyNumber, tMs: z.number() }))),
  record(
    'finish',
    z.object({
      status: z.enum(['completed', 'stopped', 'failed']),
      reason: z.string().nullable(),
      result: z.object({
        epochsRun: count,
        epochs: count,
        monitor: z.string(),
        bestEpoch: z.number().int().nullable(),
        finalLogs: logs,
        evaluation: evaluationSchema.nullable(),
        params: z.number().optional(),
        backendReason: z.string().optional(),
        warnings: z.array(z.string()).optional(),
      }),
      artifacts: z.array(
        z.object({
          kind: z.enum(ARTIFACT_KINDS),
          meta: z.unknown(),
          data: z.custom<Uint8Array<ArrayBuffer>>((v) => v instanceof Uint8Array, 'must be bytes (Uint8Array)').nullable(),
        }),
      ),
      evaluation: evaluationSchema.nullable(),
    }),
  ),
  record('fail', z.string()),
]);

export const trainWorkerReplySchema: z.ZodType<TrainWorkerReply> = z.discriminatedUnion('type', [
  recordCallSchema,
  z.object({ type: z.literal('batch'), info: batchInfoSchema }),
  z.object({ type: z.literal('epoch'), info: epochInfoSchema }),
  z.object({ type: z.literal('done'), status: z.enum(['completed', 'stopped', 'failed', 'refused']), reason: z.string().nullable(), evaluation: evaluationSchema.nullable(), webgpuLost: z.string().optional() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export const checkTrainRequest = (data: unknown): Checked<TrainWorkerRequest> => checkMessage(trainWorkerRequestSchema, data, 'Malformed request to the training worker');
export const checkTrainReply = (data: unknown): Checked<TrainWorkerReply> => checkMessage(trainWorkerReplySchema, data, 'Malformed message from the training worker');
