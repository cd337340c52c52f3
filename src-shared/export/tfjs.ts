/**
 * Trained weights ↔ tfjs models, and the tfjs export (model.json + weight shard + preprocessing.json)
 * that `tf.loadLayersModel` reads in the browser and in Node. tfjs is passed in.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { compileToTfjs } from '../compiler/to-tfjs';
import type { GraphDocument } from '../graph/document';
import type { TfModule } from '../layers/types';
import { jsonFile, WEIGHTS_FILE, type ExportFile } from './files';
import type { ExportPreprocessing } from './preprocessing';

export type WeightSpec = tfjs.io.WeightsManifestEntry;

/** Weights as a run stores them: the manifest entries and the concatenated little-endian bytes. */
export interface StoredWeights {
  weightSpecs: WeightSpec[];
  data: Uint8Array;
}

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1 };

/** Bytes the manifest describes; throws when a dtype is not supported. */
export function manifestBytes(specs: readonly WeightSpec[]): number {
  let n = 0;
  for (const s of specs) {
    if (s.quantization) throw new ExportError(`Weight ${s.name} is quantized; quantized weights are not supported.`);
    const per = BYTES[s.dtype];
    if (per === undefined) throw new ExportError(`Weight ${s.name} has unsupported dtype ${s.dtype}.`);
    n += s.shape.reduce((a, b) => a * b, 1) * per;
  }
  return n;
}

/**
 * Builds the run's graph and sets its stored weights: by weight name when every name matches,
 * else in order when the shapes match. Throws an ExportError saying what does not fit.
 */
export function restoreModel(tf: TfModule, graph: GraphDocument, w: StoredWeights): tfjs.LayersModel {
  const expected = manifestBytes(w.weightSpecs);
  if (expected !== w.data.byteLength)
    throw new ExportError(`The stored weights are damaged: the manifest describes ${expected} bytes but ${w.data.byteLength} are stored.`);
  const { model } = compileToTfjs(tf, graph);
  const named = tf.io.decodeWeights(toArrayBuffer(w.data), w.weightSpecs);
  try {
    const vars = model.weights;
    const shapeOk = (t: tfjs.Tensor | undefined, i: number): boolean =>
      !!t && t.shape.length === vars[i]!.shape.length && t.shape.every((d, k) => d === vars[i]!.shape[k]);
    let values = vars.map((v) => named[v.originalName]);
    if (!values.every(shapeOk)) {
      const ordered = w.weightSpecs.map((s) => named[s.name]);
      if (ordered.length !== vars.length || !ordered.every(shapeOk)) {
        model.dispose();
        throw new ExportError(
          `The stored weights do not fit the run's model: it has ${vars.length} weight tensors (${vars
            .map((v) => `${v.originalName} [${v.shape.join(', ')}]`)
            .slice(0, 6)
            .join(', ')}${vars.length > 6 ? ', …' : ''}), the run stored ${w.weightSpecs.length}.`,
        );
      }
      values = ordered;
    }
    model.setWeights(values as tfjs.Tensor[]);
    return model;
  } finally {
    for (const t of Object.values(named)) t.dispose();
  }
}

/** The weights of a model in its own order (model.weights), encoded as one shard. */
export async function encodeModelWeights(tf: TfModule, model: tfjs.LayersModel): Promise<StoredWeights> {
  const tensors = model.weights.map((v) => ({ name: v.originalName, tensor: v.read() }));
  const { data, specs } = await tf.io.encodeWeights(tensors);
  return { weightSpecs: specs, data: new Uint8Array(data) };
}

export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** model.json (tfjs LayersModel format) for the model with its weights in one shard. */
export async function tfjsModelJson(tf: TfModule, model: tfjs.LayersModel): Promise<{ json: TfjsModelJson; weights: StoredWeights }> {
  const weights = await encodeModelWeights(tf, model);
  const json: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: `Layerloom (TensorFlow.js ${tf.version_core})`,
    convertedBy: null,
    modelTopology: model.toJSON(null, false),
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: weights.weightSpecs }],
  };
  return { json, weights };
}

/** The tfjs export: `model.json`, `group1-shard1of1.bin`, `preprocessing.json` under `dir`. */
export async function tfjsExport(tf: TfModule, model: tfjs.LayersModel, pre: ExportPreprocessing, dir = 'tfjs'): Promise<ExportFile[]> {
  const { json, weights } = await tfjsModelJson(tf, model);
  return [
    jsonFile(`${dir}/model.json`, json),
    { path: `${dir}/${WEIGHTS_FILE}`, bytes: weights.data },
    jsonFile(`${dir}/preprocessing.json`, pre),
  ];
}

/** An IOHandler over exported files in memory (what `tf.loadLayersModel` reads from disk or HTTP). */
export function memoryHandler(tf: TfModule, modelJson: TfjsModelJson, shard: Uint8Array): tfjs.io.IOHandler {
  return tf.io.fromMemory({
    modelTopology: modelJson.modelTopology as tfjs.io.ModelArtifacts['modelTopology'],
    weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
    weightData: toArrayBuffer(shard),
  });
}
