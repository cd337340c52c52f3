/**
 * The experiment worker's messages, both directions, checked on receipt like the training worker's.
 * The worker runs the shared runner (`runExperiment`) and has no storage: each API call the runner and
 * its recorder make is posted to the page (`api`), which makes it and posts the answer back
 * (`apiReply`) — the same calls, in the same order, as `layerloom sweep` makes in Node.
 */
import { z } from 'zod';
import { documentSchema, type GraphDocument } from '@shared/graph/index';
import { dataPrepSchema, type DataPrep, type Dataset } from '@shared/data/index';
import { trainingSettingsSchema, type EpochInfo, type TrainingSettings } from '@shared/train/index';
import { experimentSpecSchema, type ExperimentSpecInput, type Point } from '@shared/experiments/spec';
import type { TrialRecord, ExperimentStatus } from '@shared/api/experiments';
import { anyNumber, checkMessage, count, type Checked } from './messages';

export type ExperimentWorkerRequest =
  | {
      type: 'start';
      projectId: string;
      spec: ExperimentSpecInput;
      doc: GraphDocument;
      prep: DataPrep;
      /** The decoded dataset: a point may change the window (lookback, transform), so each trial prepares it. */
      dataset: Dataset;
      settings: TrainingSettings;
      /** Resume this experiment at its next trial. */
      experimentId?: string;
    }
  | { type: 'stop' }
  | { type: 'apiReply'; id: number; ok: true; value: unknown }
  | { type: 'apiReply'; id: number; ok: false; error: string };

export type ExperimentWorkerReply =
  | { type: 'api'; id: number; method: string; params: unknown }
  | { type: 'trialStart'; trial: number; point: Point }
  | { type: 'trial'; record: TrialRecord }
  | { type: 'epoch'; trial: number; info: EpochInfo }
  | { type: 'done'; experimentId: string; status: ExperimentStatus }
  | { type: 'error'; message: string };

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
const scalar = z.union([z.number(), z.string(), z.boolean()]);
const point = z.record(z.string(), scalar);

export const experimentWorkerRequestSchema: z.ZodType<ExperimentWorkerRequest> = z.union([
  z.object({
    type: z.literal('start'),
    projectId: z.string().min(1),
    spec: z.custom<ExperimentSpecInput>((v) => experimentSpecSchema.safeParse(v).success, 'must be an experiment spec'),
    doc: documentSchema,
    prep: dataPrepSchema,
    dataset: z.custom<Dataset>((v) => isObject(v) && Array.isArray((v as { columns?: unknown }).columns), 'must be a dataset'),
    settings: trainingSettingsSchema,
    experimentId: z.string().optional(),
  }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('apiReply'), id: count, ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('apiReply'), id: count, ok: z.literal(false), error: z.string() }),
]);

const trialSchema = z.object({
  trial: count,
  point,
  runId: z.string().nullable(),
  status: z.enum(['completed', 'pruned', 'failed']),
  value: z.number().nullable(),
  epochs: count,
  epochsPlanned: count,
  seconds: z.number(),
  curve: z.array(z.number().nullable()),
  reason: z.string().nullable(),
});

export const experimentWorkerReplySchema: z.ZodType<ExperimentWorkerReply> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api'), id: count, method: z.string().min(1), params: z.unknown() }),
  z.object({ type: z.literal('trialStart'), trial: count, point }),
  z.object({ type: z.literal('trial'), record: trialSchema }),
  z.object({ type: z.literal('epoch'), trial: count, info: z.object({ epoch: count, epochs: count, logs: z.record(z.string(), anyNumber), tMs: z.number(), partial: z.boolean() }) }),
  z.object({ type: z.literal('done'), experimentId: z.string(), status: z.enum(['running', 'finished', 'stopped']) }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export const checkExperimentRequest = (data: unknown): Checked<ExperimentWorkerRequest> => checkMessage(experimentWorkerRequestSchema, data, 'Malformed request to the experiment worker');
export const checkExperimentReply = (data: unknown): Checked<ExperimentWorkerReply> => checkMessage(experimentWorkerReplySchema, data, 'Malformed message from the experiment worker');
