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

/**
 * A copy of the document whose data-fed Inputs have `shape` (one sample, no batch dimension). With
 * `outputUnits` > 1 (a regression with several outputs: targets × forecast steps), the model's
 * single-unit regression head follows too: an output Dense(1) — or each Dense(1) feeding an output Add,
 * as in the GRU + linear skip template — gets `outputUnits` units. A head the user gave other units
 * (or a softmax/sigmoid activation) is left as typed. With `vocabSize` (a text input), each Embedding
 * fed straight from a data-fed Input gets that vocabulary size (inputDim).
 */
export function fitGraphToShape(doc: GraphDocument, shape: readonly number[], outputUnits?: number, vocabSize?: number): GraphDocument {
  const fed = new Set(dataFedInputs(doc));
  const heads = outputUnits !== undefined && outputUnits > 1 ? regressionHeads(doc) : new Set<string>();
  const embeddings = vocabSize !== undefined ? dataFedEmbeddings(doc, fed) : new Set<string>();
  if (fed.size === 0 && heads.size === 0) return doc;
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    let params = n.params;
    if (fed.has(n.id) && JSON.stringify(n.params.shape) !== JSON.stringify(shape)) params = { ...params, shape: shape.slice() };
    if (heads.has(n.id)) params = { ...params, units: outputUnits };
    if (embeddings.has(n.id) && n.params.inputDim !== vocabSize) params = { ...params, inputDim: vocabSize };
    if (params === n.params) return n;
    changed = true;
    return { ...n, params };
  });
  return changed ? { ...doc, nodes } : doc;
}

/**
 * Embedding layers fed straight from a data-fed Input: with a text input (token ids), their vocabulary
 * size (inputDim) follows the prepared vocabulary, as the Input's shape follows the sequence length.
 */
function dataFedEmbeddings(doc: GraphDocument, fed: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const e of doc.edges) if (fed.has(e.source) && doc.nodes.find((n) => n.id === e.target)?.kind === 'Embedding') out.add(e.target);
  return out;
}

/** Dense(1) layers with a linear activation that produce the model's only output, directly or through an Add. */
function regressionHeads(doc: GraphDocument): Set<string> {
  const out = new Set<string>();
  const hasOut = new Set(doc.edges.map((e) => e.source));
  const outputs = doc.nodes.filter((n) => n.kind !== 'Input' && !hasOut.has(n.id));
  if (outputs.length !== 1) return out;
  const head = (id: string): boolean => {
    const n = doc.nodes.find((x) => x.id === id);
    const act = n?.params.activation;
    return !!n && n.kind === 'Dense' && n.params.units === 1 && (act === undefined || act === 'linear');
  };
  const o = outputs[0]!;
  if (head(o.id)) out.add(o.id);
  else if (o.kind === 'Add') {
    const ins = doc.edges.filter((e) => e.target === o.id).map((e) => e.source);
    if (ins.length > 0 && ins.every(head)) for (const i of ins) out.add(i);
  }
  return out;
}
