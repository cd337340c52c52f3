/**
 * Experiments (sweeps): create one on a project, record each trial as it ends (its run is an ordinary
 * run, recorded through runs.*), finish it, and read it back with its trials (to show or to resume).
 */
import { z } from 'zod';
import { method } from './define';
import { id } from './common';
import { experimentSpecSchema, type ExperimentSpec, type Point } from '../experiments/spec';

export const TRIAL_STATUSES = ['completed', 'pruned', 'failed'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];
export type ExperimentStatus = 'running' | 'finished' | 'stopped';

export interface TrialRecord {
  trial: number;
  point: Point;
  runId: string | null;
  status: TrialStatus;
  /** The best value of the experiment's metric over the trial's epochs; null when it failed or never logged it. */
  value: number | null;
  epochs: number;
  /** Epochs the trial's settings asked for (what pruning cut short is the difference). */
  epochsPlanned: number;
  seconds: number;
  /** The metric after each epoch (what the pruning rule compares); null where it was not finite. */
  curve: (number | null)[];
  reason: string | null;
}

export interface ExperimentSummary {
  id: string;
  projectId: string;
  name: string;
  spec: ExperimentSpec;
  status: ExperimentStatus;
  createdAt: string;
  updatedAt: string;
  trials: number;
}

export interface ExperimentDetail extends ExperimentSummary {
  trialRecords: TrialRecord[];
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const pointSchema = z.record(z.string().min(1).max(400), z.union([finite, z.string().max(200), z.boolean()]));
const MAX_CURVE = 100_000;

export const experimentMethods = {
  'experiments.create': method<ExperimentSummary>()(
    z.object({ projectId: id, spec: experimentSpecSchema }).strict(),
    'Create an experiment (a sweep) on a project',
  ),
  'experiments.recordTrial': method<{ recorded: true }>()(
    z
      .object({
        experimentId: id,
        trial: z.number().int().min(0).max(1_000_000),
        point: pointSchema,
        runId: id.nullable(),
        status: z.enum(TRIAL_STATUSES),
        value: finite.nullable(),
        epochs: z.number().int().min(0),
        epochsPlanned: z.number().int().min(0),
        seconds: z.number().min(0),
        curve: z.array(finite.nullable()).max(MAX_CURVE),
        reason: z.string().max(4000).nullable(),
      })
      .strict(),
    'Record a finished trial of an experiment (its run already recorded)',
  ),
  'experiments.finish': method<{ status: ExperimentStatus }>()(
    z.object({ experimentId: id, status: z.enum(['finished', 'stopped']) }).strict(),
    'Mark an experiment finished (budget or grid exhausted) or stopped (it can be resumed)',
  ),
  'experiments.resume': method<{ status: ExperimentStatus }>()(z.object({ experimentId: id }).strict(), 'Mark an experiment running again before resuming it'),
  'experiments.get': method<ExperimentDetail>()(z.object({ id }).strict(), 'An experiment with its recorded trials'),
  'experiments.list': method<ExperimentSummary[]>()(z.object({ projectId: id }).strict(), "A project's experiments, newest first"),
} as const;
