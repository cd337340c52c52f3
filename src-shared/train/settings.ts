/**
 * Training settings: the zod schema shared by templates, the project file and the training loop.
 * Every field has a default, so `trainingSettingsSchema.parse({})` is a complete, sensible setup.
 */
import { z } from 'zod';

export const OPTIMIZERS = ['adam', 'rmsprop', 'sgd', 'adagrad'] as const;
export const LOSSES = ['mse', 'mae', 'huber', 'binaryCrossentropy', 'categoricalCrossentropy'] as const;
export const METRICS = ['mse', 'mae', 'accuracy', 'binaryAccuracy', 'categoricalAccuracy', 'precision', 'recall'] as const;
/** `webgpu` runs where the browser offers `navigator.gpu` (Electron, Chromium on a real GPU); auto tries it first there. */
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** How recurrent layers run: `fused` (Layerloom's fused layers, hand-written backward pass) or `reference` (stock tfjs layers). */
export const RECURRENT_IMPLS = ['fused', 'reference'] as const;
export type RecurrentImpl = (typeof RECURRENT_IMPLS)[number];

const fraction = z.number().min(0).max(1);

export const earlyStoppingSchema = z
  .object({
    enabled: z.boolean().default(false),
    monitor: z.enum(['val_loss', 'loss']).default('val_loss'),
    patience: z.number().int().min(0).max(10_000).default(5),
    minDelta: z.number().min(0).default(0),
    restoreBestWeights: z.boolean().default(true),
  })
  .strict();

export const reduceLrSchema = z
  .object({
    enabled: z.boolean().default(false),
    factor: z.number().gt(0).lt(1).default(0.5),
    patience: z.number().int().min(0).max(10_000).default(3),
    minLr: z.number().min(0).default(1e-6),
  })
  .strict();

export const classWeightsSchema = z.union([z.enum(['none', 'balanced']), z.record(z.string().min(1).max(200), z.number().min(0).max(1e6))]);
export type ClassWeights = z.infer<typeof classWeightsSchema>;

export const trainingSettingsSchema = z
  .object({
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    learningRate: z.number().gt(0).max(10).default(0.001),
    /** Only used by sgd. */
    momentum: z.number().min(0).lt(1).default(0),
    batchSize: z.number().int().min(1).max(65_536).default(32),
    epochs: z.number().int().min(1).max(100_000).default(10),
    loss: z.enum(LOSSES).default('mse'),
    metrics: z.array(z.enum(METRICS)).max(8).default([]),
    shuffle: z.boolean().default(true),
    /** Seed for shuffling and weight initialization; absent = random. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    /** Fraction of the training data held out for validation when the data has no validation split. */
    validationSplit: fraction.lt(1).default(0.2),
    earlyStopping: earlyStoppingSchema.default(() => earlyStoppingSchema.parse({})),
    /** Clip gradients to this global norm (helps exploding gradients in RNNs); absent = no clipping. */
    clipNorm: z.number().gt(0).max(1e6).optional(),
    reduceLrOnPlateau: reduceLrSchema.default(() => reduceLrSchema.parse({})),
    backend: z.enum(BACKENDS).default('auto'),
    /**
     * Recurrent layers (GRU, LSTM, SimpleRNN, Bidirectional): `fused` = Layerloom's fused layers (same weights and
     * numbers, several times faster); `reference` = the stock tfjs layers, for comparison and as a fallback.
     * Runs recorded before this setting existed used the stock layers (see `storedRunSettingsSchema`).
     */
    recurrent: z.enum(RECURRENT_IMPLS).default('fused'),
    /**
     * Classification: weight of each sample's loss by its class. `balanced` = n / (classes × n_class)
     * over the training samples; a record gives a weight per class label (missing labels weigh 1).
     */
    classWeights: classWeightsSchema.default('none'),
  })
  .strict();

export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;
export type TrainingSettingsInput = z.input<typeof trainingSettingsSchema>;

export function trainingSettings(overrides: TrainingSettingsInput = {}): TrainingSettings {
  return trainingSettingsSchema.parse(overrides);
}

/** Settings as stored with a run: a run recorded before `recurrent` existed trained with the stock layers. */
export const storedRunSettingsSchema = z.preprocess(
  (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && !('recurrent' in v) ? { ...v, recurrent: 'reference' } : v),
  trainingSettingsSchema,
);
