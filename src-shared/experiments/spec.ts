/**
 * An experiment (sweep) spec: the dimensions searched, the strategy that picks points, the budget, the
 * metric and the pruning rule. A dimension points at something a user can already set:
 *
 *   { "param": "gru_1.units", "values": [16, 32, 64] }                      a layer param (label or id)
 *   { "training": "learningRate", "range": { "min": 1e-4, "max": 0.1, "log": true } }
 *   { "data": "lookback", "values": [7, 14, 28] }                           a data-preparation value
 *   { "kind": "gru_1", "values": ["GRU", "LSTM", "SimpleRNN"] }             a recurrent layer's kind
 *
 * The schema checks shape; `validateSpec` (validate.ts) checks the spec against a project.
 */
import { z } from 'zod';

const scalar = z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().min(1).max(200), z.boolean()]);
export type DimValue = z.infer<typeof scalar>;

export const rangeSchema = z
  .object({
    min: z.number().refine(Number.isFinite, 'must be a finite number'),
    max: z.number().refine(Number.isFinite, 'must be a finite number'),
    /** Sample (and space grid points) evenly in log10 space; needs min > 0. */
    log: z.boolean().default(false),
    /** Round sampled values to whole numbers (units, batch size). */
    integer: z.boolean().default(false),
    /** Grid strategy: how many points the range contributes. */
    gridPoints: z.number().int().min(1).max(100).default(4),
  })
  .strict();
export type Range = z.infer<typeof rangeSchema>;

const values = z.array(scalar).max(1000);
const valuesOrRange = { values: values.optional(), range: rangeSchema.optional() };

export const dimensionSchema = z.union([
  z.object({ param: z.string().min(3).max(400), ...valuesOrRange }).strict(),
  z.object({ training: z.string().min(1).max(100), ...valuesOrRange }).strict(),
  z.object({ data: z.string().min(1).max(100), ...valuesOrRange }).strict(),
  z.object({ kind: z.string().min(1).max(200), values: z.array(z.string()).max(10) }).strict(),
]);
export type DimensionInput = z.infer<typeof dimensionSchema>;

export const strategySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('grid') }).strict(),
  z.object({ type: z.literal('random'), seed: z.number().int().min(0).max(2 ** 31 - 1).default(1) }).strict(),
  z
    .object({
      type: z.literal('tpe'),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      /** Random trials before the model of good vs bad points takes over. */
      startupTrials: z.number().int().min(1).max(1000).default(5),
      /** Fraction of finished trials counted as "good". */
      gamma: z.number().gt(0).lt(1).default(0.25),
      /** Candidates drawn from the good density per trial; the one with the best good/bad ratio wins. */
      candidates: z.number().int().min(1).max(1000).default(24),
    })
    .strict(),
]);
export type Strategy = z.infer<typeof strategySchema>;

export const pruningSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('none') }).strict(),
  z
    .object({
      rule: z.literal('median'),
      /** Never stop before this many epochs of the trial. */
      warmupEpochs: z.number().int().min(0).max(10_000).default(1),
      /** Other trials that must have reached the epoch before a comparison counts. */
      minTrials: z.number().int().min(1).max(1000).default(2),
    })
    .strict(),
]);
export type Pruning = z.infer<typeof pruningSchema>;

export const experimentSpecSchema = z
  .object({
    name: z.string().min(1).max(200).default('experiment'),
    dimensions: z.array(dimensionSchema).min(1, 'an experiment needs at least one dimension').max(32),
    strategy: strategySchema.default({ type: 'grid' }),
    budget: z
      .object({
        trials: z.number().int().max(100_000).default(10),
        /** Wall-clock budget; no new trial starts after it. Absent = none. */
        seconds: z.number().max(10 * 24 * 3600).optional(),
      })
      .strict()
      .default({ trials: 10 }),
    /** A per-epoch log name (val_loss, loss, val_mae…); lower is better unless `direction` says otherwise. */
    metric: z.string().min(1).max(100).default('val_loss'),
    direction: z.enum(['minimize', 'maximize']).default('minimize'),
    pruning: pruningSchema.default({ rule: 'median', warmupEpochs: 1, minTrials: 2 }),
  })
  .strict();
export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;
export type ExperimentSpecInput = z.input<typeof experimentSpecSchema>;

/** A point in the search space: one value per dimension, keyed by `dimensionKey`. */
export type Point = Record<string, DimValue>;

/** A stable name for a dimension, used as the key in points ("gru_1.units", "training.learningRate", "data.lookback", "kind:gru_1"). */
export function dimensionKey(d: DimensionInput): string {
  if ('param' in d) return d.param;
  if ('training' in d) return `training.${d.training}`;
  if ('data' in d) return `data.${d.data}`;
  return `kind:${d.kind}`;
}
