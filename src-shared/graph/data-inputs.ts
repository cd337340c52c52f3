/**
 * Which Input nodes follow the prepared data, and the document as the model is built from it. One rule for
 * the editor (shapes on the canvas and in the diagnostics), the training pipeline and the CLI: Inputs whose
 * source is "dataset" follow the data; when none is, the model's only Input does (a model drawn from
 * scratch). Any other Input keeps the shape the user typed.
 *
 * Following is a derivation, not an edit: the stored document keeps what the user typed, and the model's
 * shapes are computed from `fitGraphToShape(doc, dataShape)` wherever a model is analysed or built, so
 * preparing other windows never adds steps to the undo history.
 */
import type { GraphDocument } from './document';

export function dataFedInputs(doc: GraphDocument): string[] {
  const inputs = doc.nodes.filter((n) => n.kind === 'Input');
  const fromData = inputs.filter((n) => n.params.source === 'dataset');
  if (fromData.length > 0) return fromData.map((n) => n.id);
  return inputs.length === 1 ? [inputs[0]!.id] : [];
}

/** A copy of the document whose data-fed Inputs have `shape` (one sample, no batch dimension). */
export function fitGraphToShape(doc: GraphDocument, shape: readonly number[]): GraphDocument {
  const fed = new Set(dataFedInputs(doc));
  if (fed.size === 0) return doc;
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (!fed.has(n.id) || JSON.stringify(n.params.shape) === JSON.stringify(shape)) return n;
    changed = true;
    return { ...n, params: { ...n.params, shape: shape.slice() } };
  });
  return changed ? { ...doc, nodes } : doc;
}
