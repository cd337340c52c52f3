/** Compile plan: the model's nodes in topological order with deterministic layer names and ordered inputs. */
import { analyze, type Analysis, type Diagnostic } from '../graph/analyze';
import type { GraphDocument, GraphNode } from '../graph/document';
import { getLayer } from '../layers/registry';
import type { LayerDef, Shape } from '../layers/types';
import { identifier, layerName } from './sanitize';

export interface PlanStep {
  node: GraphNode;
  def: LayerDef;
  /** tfjs/Keras layer name: from the label, sanitized, unique, stable across compiles. */
  name: string;
  /** Identifier for generated code (TS and Python), unique. */
  ident: string;
  /** Source node ids, in input order. */
  inputs: string[];
  outputShape: Shape;
}

export interface Plan {
  steps: PlanStep[];
  inputs: string[];
  outputs: string[];
  modelName: string;
  /** Errors that prevent compiling (graph-level, or on a node the model uses). Empty = compilable. */
  errors: Diagnostic[];
  analysis: Analysis;
}

/** Layer names for every node, in document order: label → snake case, deduplicated with _2, _3… */
export function layerNames(doc: GraphDocument): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const n of doc.nodes) {
    const base = layerName(n.label, layerName(n.kind));
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    out.set(n.id, name);
  }
  return out;
}

export function planModel(doc: GraphDocument, analysis: Analysis = analyze(doc)): Plan {
  const names = layerNames(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const used = new Set<string>(analysis.outputs);
  const stack = [...analysis.outputs];
  while (stack.length) for (const e of analysis.incoming.get(stack.pop()!) ?? []) if (!used.has(e.source)) (used.add(e.source), stack.push(e.source));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error' && (d.nodeId === null || used.has(d.nodeId)));
  const steps: PlanStep[] = [];
  const idents = new Set<string>();
  for (const id of analysis.order) {
    if (!used.has(id)) continue;
    const node = byId.get(id)!;
    const def = getLayer(node.kind);
    const shape = analysis.nodes.get(id)?.outputShape;
    if (!def || !shape) continue;
    let ident = identifier(names.get(id)!);
    const base = ident;
    for (let i = 2; idents.has(ident); i++) ident = `${base}_${i}`;
    idents.add(ident);
    steps.push({ node, def, name: names.get(id)!, ident, inputs: (analysis.incoming.get(id) ?? []).map((e) => e.source), outputShape: shape });
  }
  return { steps, inputs: analysis.inputs, outputs: analysis.outputs, modelName: layerName(doc.settings.name, 'model'), errors, analysis };
}
