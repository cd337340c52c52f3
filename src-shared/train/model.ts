/** The model a run trains: the graph with its dataset-sourced Input shapes filled in, compiled with seeded weights. */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../layers/types';
import type { GraphDocument } from '../graph/document';
import { analyze } from '../graph/analyze';
import { fitGraphToShape } from '../graph/data-inputs';
import { compileToTfjs, type CompiledModel } from '../compiler/to-tfjs';
import { inputShapeFor, outputFitsTarget, type PreparedData } from '../data/prepare';
import { seededRng, withRandom } from './random';
import type { RecurrentImpl } from './settings';

/** The document with its data-fed Inputs (see graph/data-inputs.ts) taking the prepared data's sample shape, a regression's Dense(1) head its outputs (targets × steps), and (text input) the Embedding after the Input the vocabulary size. */
export function fitGraphToData(
  doc: GraphDocument,
  p: Pick<PreparedData, 'mode' | 'lookback' | 'nFeatures'> & { task?: PreparedData['task']; yWidth?: number; text?: { vocabulary: { tokens: readonly string[] } } | null },
): GraphDocument {
  return fitGraphToShape(doc, inputShapeFor(p), p.task === 'regression' ? p.yWidth : undefined, p.text ? p.text.vocabulary.tokens.length : undefined);
}

/**
 * Why this graph cannot be trained on this prepared data (graph errors, input or output shape that does
 * not fit), or null. `doc` should already be fitted with fitGraphToData.
 */
export function graphProblem(doc: GraphDocument, p: PreparedData): string | null {
  const a = analyze(doc);
  if (a.errorCount > 0) {
    const first = a.diagnostics.find((d) => d.severity === 'error');
    return `The graph has ${a.errorCount} error${a.errorCount === 1 ? '' : 's'}${first ? `: ${first.message}` : ''}. Fix ${a.errorCount === 1 ? 'it' : 'them'} before training.`;
  }
  if (a.inputs.length !== 1 || a.outputs.length !== 1) return `Training needs a model with one Input and one output; this one has ${a.inputs.length} and ${a.outputs.length}.`;
  const input = doc.nodes.find((n) => n.id === a.inputs[0])!;
  const want = inputShapeFor(p);
  const have = (input.params.shape as number[] | undefined) ?? [];
  if (have.join(',') !== want.join(','))
    return `The Input "${input.label}" has shape [${have.join(', ')}] but the prepared samples are [${want.join(', ')}]. Set its source to "dataset" or type that shape.`;
  const outNode = doc.nodes.find((n) => n.id === a.outputs[0])!;
  const outShape = a.nodes.get(outNode.id)?.outputShape;
  if (!outShape) return 'The output shape of the model is unknown.';
  const act = typeof outNode.params.activation === 'string' ? outNode.params.activation : undefined;
  return outputFitsTarget(outShape, p, act);
}

/**
 * Compiles with Math.random seeded, so the initial weights depend only on the seed. `recurrent` (the run's
 * setting) picks the fused or the stock recurrent layers; both have the same weights for the same seed.
 */
export function buildModel(tf: TfModule, doc: GraphDocument, seed: number | undefined, recurrent: RecurrentImpl = 'reference'): CompiledModel {
  return withRandom(seed === undefined ? undefined : seededRng(seed), () => compileToTfjs(tf, doc, undefined, { recurrent }));
}

export function countParams(model: tfjs.LayersModel): number {
  return model.countParams();
}
