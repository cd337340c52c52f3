/**
 * Live shape inference and diagnostics for a graph document, in one linear pass.
 * Never throws: every registry call is guarded, and a broken node only blanks its own output shape.
 */
import { checkParam } from '../layers/params';
import { getLayer } from '../layers/registry';
import type { LayerDef, ParamCount, Shape } from '../layers/types';
import type { GraphDocument, GraphEdge, GraphNode } from './document';

export type Severity = 'error' | 'warning';
export type DiagnosticCode =
  | 'cycle'
  | 'no-input-path'
  | 'too-many-inputs'
  | 'too-few-inputs'
  | 'rank-mismatch'
  | 'shape-mismatch'
  | 'per-timestep-output'
  | 'param-out-of-range'
  | 'no-input'
  | 'no-output'
  | 'unreachable'
  | 'unknown-kind'
  | (string & {});

export interface Diagnostic {
  /** The node concerned, or null for a whole-graph problem (no Input, no output). */
  nodeId: string | null;
  severity: Severity;
  code: DiagnosticCode;
  /** Human language: names the node by label and says the fix. */
  message: string;
}

export interface NodeAnalysis {
  outputShape: Shape | null;
  inputShapes: (Shape | null)[];
  params: ParamCount;
  diagnostics: Diagnostic[];
}

export interface Analysis {
  nodes: Map<string, NodeAnalysis>;
  /** All diagnostics, graph-level first, then per node in document order. */
  diagnostics: Diagnostic[];
  /** Node ids in topological order (nodes on or after a cycle are left out). */
  order: string[];
  /** Input node ids and output node ids of the model. */
  inputs: string[];
  outputs: string[];
  /** Incoming edges of each node, ordered by target port, then document order. */
  incoming: Map<string, GraphEdge[]>;
  errorCount: number;
  warningCount: number;
}

const ZERO: ParamCount = { trainable: 0, nonTrainable: 0 };

export function describe(node: GraphNode, def?: LayerDef): string {
  return `${def?.label ?? node.kind} "${node.label}"`;
}

/** Incoming edges per node, ordered by port (unset ports last), then document order. */
export function incomingEdges(doc: GraphDocument): Map<string, GraphEdge[]> {
  const m = new Map<string, GraphEdge[]>();
  for (const n of doc.nodes) m.set(n.id, []);
  for (const e of doc.edges) m.get(e.target)?.push(e);
  for (const list of m.values())
    if (list.length > 1 && list.some((e) => e.targetPort !== undefined))
      list.sort((a, b) => (a.targetPort ?? Infinity) - (b.targetPort ?? Infinity));
  return m;
}

export function analyze(doc: GraphDocument): Analysis {
  const byId = new Map<string, GraphNode>();
  for (const n of doc.nodes) byId.set(n.id, n);
  const incoming = incomingEdges(doc);
  const outgoing = new Map<string, string[]>();
  for (const n of doc.nodes) outgoing.set(n.id, []);
  for (const e of doc.edges) if (byId.has(e.source) && byId.has(e.target)) outgoing.get(e.source)!.push(e.target);

  const graphDiags: Diagnostic[] = [];
  const perNode = new Map<string, NodeAnalysis>();
  for (const n of doc.nodes) perNode.set(n.id, { outputShape: null, inputShapes: [], params: ZERO, diagnostics: [] });
  const add = (nodeId: string, severity: Severity, code: string, message: string) =>
    perNode.get(nodeId)?.diagnostics.push({ nodeId, severity, code, message });

  // Topological order (Kahn).
  const indeg = new Map<string, number>();
  for (const n of doc.nodes) indeg.set(n.id, 0);
  for (const e of doc.edges) if (byId.has(e.source) && indeg.has(e.target)) indeg.set(e.target, indeg.get(e.target)! + 1);
  const order: string[] = [];
  for (const n of doc.nodes) if (indeg.get(n.id) === 0) order.push(n.id);
  for (let i = 0; i < order.length; i++)
    for (const t of outgoing.get(order[i]!)!) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) order.push(t);
    }
  if (order.length < doc.nodes.length) {
    // Left over: nodes on cycles plus nodes downstream of them. Peel off the downstream ones.
    const rest = new Set(doc.nodes.filter((n) => indeg.get(n.id)! > 0).map((n) => n.id));
    const outRest = new Map<string, number>();
    for (const id of rest) outRest.set(id, outgoing.get(id)!.filter((t) => rest.has(t)).length);
    const preds = new Map<string, string[]>();
    for (const e of doc.edges) if (rest.has(e.source) && rest.has(e.target)) (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
    const queue = [...rest].filter((id) => outRest.get(id) === 0);
    const downstream = new Set<string>();
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      downstream.add(id);
      for (const p of preds.get(id) ?? []) {
        const k = outRest.get(p)! - 1;
        outRest.set(p, k);
        if (k === 0) queue.push(p);
      }
    }
    for (const id of rest) {
      const n = byId.get(id)!;
      if (downstream.has(id))
        add(id, 'error', 'cycle', `${describe(n, getLayer(n.kind))} is fed by a cycle. Remove the connection that loops back so data flows one way.`);
      else
        add(id, 'error', 'cycle', `${describe(n, getLayer(n.kind))} is part of a cycle. Models must flow one way: remove one of the connections that loops back.`);
    }
  }

  // Which nodes are fed by an Input.
  const inputIds = doc.nodes.filter((n) => getLayer(n.kind)?.isInput).map((n) => n.id);
  const fed = new Set<string>(inputIds);
  for (const id of order) if (!fed.has(id) && (incoming.get(id) ?? []).some((e) => fed.has(e.source))) fed.add(id);

  // Shapes and per-node checks, in topological order.
  for (const id of order) {
    const node = byId.get(id)!;
    const res = perNode.get(id)!;
    const def = getLayer(node.kind);
    if (!def) {
      add(id, 'error', 'unknown-kind', `"${node.label}" has an unknown layer kind "${node.kind}". Delete it and add a layer from the palette.`);
      continue;
    }
    const name = describe(node, def);
    let blocked = false;
    for (const spec of def.params) {
      const v = node.params[spec.name];
      if (v === undefined) continue;
      let problem: string | null;
      try {
        problem = checkParam(spec, v);
      } catch {
        problem = `${spec.label} has an invalid value`;
      }
      if (problem) {
        blocked = true;
        add(id, 'error', 'param-out-of-range', `${name}: ${problem}. Change it in the inspector (default ${JSON.stringify(spec.default)}).`);
      }
    }
    const ins = incoming.get(id) ?? [];
    if (ins.length > def.arity.max) {
      blocked = true;
      add(
        id,
        'error',
        'too-many-inputs',
        def.arity.max === 0
          ? `${name} is an Input and cannot receive connections. Remove the connection into it.`
          : `${name} has ${ins.length} inputs but takes ${def.arity.max === 1 ? 'one' : def.arity.max}. Remove a connection, or merge the branches first with a Concatenate or Add layer.`,
      );
    } else if (ins.length > 0 && ins.length < def.arity.min) {
      blocked = true;
      add(id, 'error', 'too-few-inputs', `${name} has only ${ins.length} input but merges at least ${def.arity.min}. Connect another branch, or remove it.`);
    } else if (!def.isInput && ins.length === 0) {
      blocked = true;
      add(id, 'error', 'no-input-path', `${name} has no input. Connect an Input (or a layer fed by one) to it, or delete it.`);
    } else if (!def.isInput && !fed.has(id)) {
      blocked = true;
      add(id, 'error', 'no-input-path', `${name} is not connected to an Input. Connect an Input (or a layer fed by one) upstream of it.`);
    }
    res.inputShapes = ins.map((e) => perNode.get(e.source)?.outputShape ?? null);
    if (blocked || res.inputShapes.some((s) => s === null)) continue;
    const shapes = res.inputShapes as Shape[];
    const r = def.inferShape(shapes, node.params);
    if (!r.ok) {
      add(id, 'error', r.code, `${name} ${r.message}`);
      continue;
    }
    res.outputShape = r.shape;
    if (r.warning) add(id, 'warning', r.warning.code, `${name} ${r.warning.message}`);
    res.params = def.countParams(shapes, node.params);
  }

  // Inputs, outputs, reachability.
  const explicit = doc.settings.outputs && doc.settings.outputs.length > 0 ? doc.settings.outputs.filter((o) => byId.has(o)) : null;
  const outputs = explicit ?? order.filter((id) => fed.has(id) && outgoing.get(id)!.length === 0 && !inputIds.includes(id));
  if (inputIds.length === 0)
    graphDiags.push({ nodeId: null, severity: 'error', code: 'no-input', message: 'The model has no Input. Add an Input node from the palette and connect it to the first layer.' });
  else if (outputs.length === 0)
    graphDiags.push({
      nodeId: null,
      severity: 'error',
      code: 'no-output',
      message: 'The model has no output: no layer fed by an Input ends a branch. Connect a layer (e.g. Dense) after the Input.',
    });
  if (!explicit && outputs.length > 1)
    for (const id of outputs) {
      const n = byId.get(id)!;
      add(
        id,
        'warning',
        'multiple-outputs',
        `${describe(n, getLayer(n.kind))} ends a branch, so it is one of ${outputs.length} model outputs. If the model should have a single output, connect the branches with a Concatenate or Add, or delete the extra one.`,
      );
    }
  // Ancestors of the outputs.
  const used = new Set<string>(outputs);
  const stack = [...outputs];
  while (stack.length) for (const e of incoming.get(stack.pop()!) ?? []) if (!used.has(e.source)) (used.add(e.source), stack.push(e.source));
  for (const n of doc.nodes) {
    if (used.has(n.id) || (perNode.get(n.id)!.diagnostics.length > 0 && !getLayer(n.kind)?.isInput)) continue;
    const def = getLayer(n.kind);
    if (def?.isInput) {
      if (outputs.length > 0)
        add(n.id, 'warning', 'unreachable', `${describe(n, def)} is not used by the model. Connect it to a layer, or delete it.`);
    } else if (fed.has(n.id))
      add(n.id, 'warning', 'unreachable', `${describe(n, def)} does not lead to a model output, so it is left out of the compiled model. Connect it onward or delete it.`);
  }
  // Unused inputs get only the warning above; a lone Input in an empty graph is covered by "no output".
  const inputs = inputIds.filter((id) => used.has(id));

  const diagnostics: Diagnostic[] = [...graphDiags];
  for (const n of doc.nodes) diagnostics.push(...perNode.get(n.id)!.diagnostics);
  let errorCount = 0;
  for (const d of diagnostics) if (d.severity === 'error') errorCount++;
  return { nodes: perNode, diagnostics, order, inputs, outputs, incoming, errorCount, warningCount: diagnostics.length - errorCount };
}
