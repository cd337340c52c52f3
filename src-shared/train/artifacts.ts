/**
 * Run artifacts as stored in the `artifacts` table (read by export and by later runs):
 *
 * - `weights-final`, `weights-best`: meta `{ format: 'tfjs-weights', weightSpecs, epoch }`, data = the
 *   concatenated weight bytes exactly as `tf.io.encodeWeights` lays them out (float32, little-endian, in
 *   the order of `model.weights`). The topology is not stored: rebuild it from the run's graph snapshot
 *   with `buildModel`/`compileToTfjs` (deterministic layer names), then `loadWeights(tf, model, meta, data)`.
 * - `preprocessing`: meta = everything needed to window and normalize raw rows and de-normalize
 *   predictions (`PreprocessingMeta`); data NULL.
 */
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import { preparedSummary, type PreparedData } from '../data/prepare';
import { columnTypeSchema, type DataPrep } from '../data/spec';

export const ARTIFACT_KINDS = ['weights-final', 'weights-best', 'preprocessing'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

export const weightSpecSchema = z
  .object({
    name: z.string(),
    shape: z.array(z.number().int().min(0)),
    dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  })
  .passthrough();

export const weightsMetaSchema = z.object({
  format: z.literal('tfjs-weights'),
  weightSpecs: z.array(weightSpecSchema),
  /** 1-based epoch whose end the weights are from (0 = before training). */
  epoch: z.number().int().min(0),
});
export type WeightsMeta = z.infer<typeof weightsMetaSchema>;

const columnStats = z.object({ name: z.string(), mean: z.number(), std: z.number(), min: z.number(), max: z.number(), count: z.number() });

export const preprocessingMetaSchema = z.object({
  format: z.literal('layerloom-preprocessing'),
  version: z.literal(1),
  task: z.enum(['regression', 'binary', 'multiclass']),
  mode: z.enum(['sequence', 'tabular']),
  lookback: z.number().int(),
  horizon: z.number().int(),
  stride: z.number().int(),
  /** The target of a sample starting at row s is at row s + targetOffset. */
  targetOffset: z.number().int(),
  inputShape: z.array(z.number().int()),
  outputUnits: z.number().int(),
  featureNames: z.array(z.string()),
  featureInfo: z.array(
    z.object({
      name: z.string(),
      source: z.string(),
      kind: z.enum(['numeric', 'boolean', 'onehot', 'date', 'token']),
      /** token: the position in the text input's id sequence. */
      position: z.number().int().optional(),
      stat: z.number().int().optional(),
      /** boolean: the training mean (missing values under the `mean` policy); absent in older runs. */
      fill: z.number().optional(),
    }),
  ),
  /** Types of the raw columns read (after the user's overrides) and as inferred from the CSV; absent in older runs. */
  columns: z
    .array(z.object({ name: z.string(), type: columnTypeSchema, inferredType: columnTypeSchema, unparseableAsMissing: z.boolean().optional() }))
    .optional(),
  /** The training CSV wrote numbers with a decimal comma; absent in older runs. */
  decimalComma: z.boolean().optional(),
  targetNames: z.array(z.string()),
  classes: z.array(z.string()).nullable(),
  stats: z.object({ method: z.enum(['zscore', 'minmax', 'none']), features: z.array(columnStats), targets: z.array(columnStats).nullable() }),
  /** How windows and targets were expressed, and the forecast steps (absent in older runs: level, [horizon]). */
  windowTransform: z.enum(['level', 'last-value', 'window-mean', 'difference', 'seasonal-difference']).optional(),
  windowScale: z.boolean().optional(),
  steps: z.array(z.number().int()).optional(),
  /** The seasonal period the run's preparation used (seasonal-difference reads it); absent in older runs. */
  seasonalPeriod: z.number().int().nullable().optional(),
  /** The text input (DataPrep.text): its options (length resolved) and the training vocabulary (id → token); absent/null without one. */
  text: z
    .object({
      options: z.object({
        column: z.string(),
        tokenizer: z.enum(['words', 'chars']),
        lowercase: z.boolean(),
        maxVocab: z.number().int(),
        minCount: z.number().int(),
        sequenceLength: z.number().int().min(1),
        padding: z.enum(['pre', 'post']),
        truncating: z.enum(['pre', 'post']),
      }),
      vocabulary: z.array(z.string()),
    })
    .nullable()
    .optional(),
  /** The data preparation the run used (columns, date features, missing-value policy…). */
  dataPrep: z.unknown(),
  /** preparedSummary() of the prepared data (rows, samples per split, warnings). */
  summary: z.unknown(),
});
export type PreprocessingMeta = z.infer<typeof preprocessingMetaSchema>;

export function preprocessingMeta(p: PreparedData, dataPrep: DataPrep | null): PreprocessingMeta {
  const s = preparedSummary(p);
  return {
    format: 'layerloom-preprocessing',
    version: 1,
    task: p.task,
    mode: p.mode,
    lookback: p.lookback,
    horizon: p.horizon,
    stride: p.stride,
    targetOffset: p.targetOffset,
    inputShape: s.inputShape,
    outputUnits: s.outputUnits,
    featureNames: p.featureNames,
    featureInfo: p.featureInfo.map((f) => ({ ...f })),
    columns: p.columns.map((c) => ({ ...c })),
    decimalComma: p.decimalComma,
    targetNames: p.targetNames,
    classes: p.classes,
    stats: p.stats,
    windowTransform: p.windowTransform,
    windowScale: p.windowScale,
    steps: p.steps,
    seasonalPeriod: p.seasonalPeriod,
    text: p.text ? { options: { ...p.text.options }, vocabulary: p.text.vocabulary.tokens.slice() } : null,
    dataPrep,
    summary: s,
  };
}

/** A CPU copy of a model's weights (what early stopping keeps as "best"). */
export interface WeightSnapshot {
  epoch: number;
  weights: { name: string; shape: number[]; values: Float32Array }[];
}

export function weightName(w: tfjs.LayerVariable): string {
  return (w as unknown as { originalName?: string }).originalName ?? w.name;
}

export async function snapshotWeights(model: tfjs.LayersModel, epoch: number): Promise<WeightSnapshot> {
  const weights: WeightSnapshot['weights'] = [];
  for (const w of model.weights) {
    const t = w.read();
    weights.push({ name: weightName(w), shape: t.shape.slice(), values: new Float32Array(await t.data()) });
  }
  return { epoch, weights };
}

/** The same bytes and specs `tf.io.encodeWeights` produces for float32 weights. */
export function encodeSnapshot(s: WeightSnapshot): { meta: WeightsMeta; data: Uint8Array<ArrayBuffer> } {
  const total = s.weights.reduce((n, w) => n + w.values.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const w of s.weights) {
    all.set(w.values, off);
    off += w.values.length;
  }
  const data = new Uint8Array(all.buffer);
  if (!isLittleEndian()) swap32(data);
  return {
    meta: { format: 'tfjs-weights', epoch: s.epoch, weightSpecs: s.weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })) },
    data,
  };
}

/** Loads stored weights into a model rebuilt from the run's graph: by name, falling back to order. */
export function loadWeights(tf: TfModule, model: tfjs.LayersModel, metaJson: unknown, data: Uint8Array): void {
  const meta = weightsMetaSchema.parse(metaJson);
  const buf = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const map = tf.io.decodeWeights(buf, meta.weightSpecs as tfjs.io.WeightsManifestEntry[]);
  try {
    const targets = model.weights;
    if (targets.length !== meta.weightSpecs.length)
      throw new Error(`The stored weights have ${meta.weightSpecs.length} tensors but the model has ${targets.length}; the graph differs from the run's.`);
    const byName = targets.every((w) => map[weightName(w)] !== undefined);
    const values = targets.map((w, i) => (byName ? map[weightName(w)]! : map[meta.weightSpecs[i]!.name]!));
    values.forEach((v, i) => {
      const want = targets[i]!.shape;
      if (v.shape.join(',') !== want.join(','))
        throw new Error(`Weight ${weightName(targets[i]!)} has shape [${v.shape.join(', ')}] in the run but [${want.join(', ')}] in the model.`);
    });
    model.setWeights(values);
  } finally {
    for (const t of Object.values(map)) t.dispose();
  }
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}
function swap32(b: Uint8Array): void {
  for (let i = 0; i + 3 < b.length; i += 4) {
    let t = b[i]!;
    b[i] = b[i + 3]!;
    b[i + 3] = t;
    t = b[i + 1]!;
    b[i + 1] = b[i + 2]!;
    b[i + 2] = t;
  }
}

/** Restores a snapshot into the live model (restore-best-weights). */
export function restoreSnapshot(tf: TfModule, model: tfjs.LayersModel, s: WeightSnapshot): void {
  const ts = s.weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
  try {
    model.setWeights(ts);
  } finally {
    for (const t of ts) t.dispose();
  }
}
