/**
 * The graph document + analysis → xyflow nodes and edges. Node objects whose content did not change are
 * reused (same object), so a param edit on a 300-node graph re-renders one node, not all of them.
 */
import type { Edge, Node } from '@xyflow/svelte';
import { accessibleName, type Analysis, type GraphDocument, type GraphNode } from '@shared/graph/index';
import { getLayer } from '@shared/layers/registry';
import { fmtShape } from '@shared/layers/shape';

export interface LayerNodeData extends Record<string, unknown> {
  node: GraphNode;
  kindLabel: string;
  category: string;
  /** Key params on one line, from the registry's `summary`. */
  summary: string;
  shape: string;
  params: number;
  errors: string[];
  warnings: string[];
  /** Number of target handles: 0 for an Input, 1 for most layers, one per input port for merges. */
  ports: number;
  /** Signature of everything above except `node` (cheap equality). */
  sig: string;
}
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

/** Handle id of a target port; single-input layers use `in`. */
export const portHandle = (port: number | undefined): string => (port === undefined ? 'in' : `in-${port}`);
export function handlePort(handle: string | null | undefined): number | undefined {
  const m = /^in-(\d+)$/.exec(handle ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Target port of each incoming edge of a merge layer (explicit port, else its position among the inputs). */
function mergePorts(doc: GraphDocument, analysis: Analysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const n of doc.nodes) {
    const def = getLayer(n.kind);
    if (!def || def.arity.max <= 1) continue;
    const used = new Set<number>();
    const ins = analysis.incoming.get(n.id) ?? [];
    for (const e of ins) if (e.targetPort !== undefined) used.add(e.targetPort);
    let next = 0;
    for (const e of ins) {
      if (e.targetPort !== undefined) out.set(e.id, e.targetPort);
      else {
        while (used.has(next)) next++;
        used.add(next);
        out.set(e.id, next);
      }
    }
  }
  return out;
}

function nodeData(n: GraphNode, analysis: Analysis, ports: number): LayerNodeData {
  const def = getLayer(n.kind);
  const a = analysis.nodes.get(n.id);
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const d of a?.diagnostics ?? []) (d.severity === 'error' ? errors : warnings).push(d.message);
  const params = a ? a.params.trainable + a.params.nonTrainable : 0;
  const shape = fmtShape(a?.outputShape);
  const summary = def ? def.summary(n.params) : n.kind;
  return {
    node: n,
    kindLabel: def?.label ?? n.kind,
    category: def?.category ?? 'core',
    summary,
    shape,
    params,
    errors,
    warnings,
    ports,
    sig: [summary, shape, params, ports, errors.join('\u0001'), warnings.join('\u0001')].join('\u0002'),
  };
}

/** Flow nodes for the document; `current` is what the canvas shows now (reused where unchanged). */
export function buildNodes(doc: GraphDocument, analysis: Analysis, selection: readonly string[], current: readonly Node[]): LayerFlowNode[] {
  const prevById = new Map<string, Node>();
  for (const n of current) prevById.set(n.id, n);
  const selected = new Set(selection);
  const ports = mergePorts(doc, analysis);
  const maxPort = new Map<string, number>();
  for (const e of doc.edges) {
    const p = ports.get(e.id);
    if (p !== undefined) maxPort.set(e.target, Math.max(maxPort.get(e.target) ?? -1, p));
  }
  let reused = 0;
  const next = doc.nodes.map((n) => {
    const def = getLayer(n.kind);
    const arity = def?.arity ?? { min: 1, max: 1 };
    const portCount = arity.max === 0 ? 0 : arity.max === 1 ? 1 : Math.min(arity.max, Math.max(arity.min, (maxPort.get(n.id) ?? -1) + 2));
    const data = nodeData(n, analysis, portCount);
    const isSelected = selected.has(n.id);
    const prev = prevById.get(n.id) as LayerFlowNode | undefined;
    if (prev && prev.data.node === n && prev.data.sig === data.sig && !!prev.selected === isSelected) {
      reused++;
      return prev;
    }
    const a = analysis.nodes.get(n.id);
    const flow: LayerFlowNode = {
      id: n.id,
      type: 'layer',
      position: prev && prev.data.node.position === n.position ? prev.position : n.position,
      data,
      selected: isSelected,
      ariaLabel: accessibleName(n, a?.outputShape, data.errors.length),
    };
    if (prev?.measured) flow.measured = prev.measured;
    return flow;
  });
  // Nothing changed (e.g. a view-only update): keep the same array so xyflow does no work at all.
  return reused === next.length && sameOrder(next, current) ? (current as LayerFlowNode[]) : next;
}

function sameOrder<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Flow edges; merge inputs go to their port's handle. Edge selection is kept from `current`. */
export function buildEdges(doc: GraphDocument, analysis: Analysis, current: readonly Edge[]): Edge[] {
  const prevById = new Map<string, Edge>();
  for (const e of current) prevById.set(e.id, e);
  const ports = mergePorts(doc, analysis);
  const next = doc.edges.map((e) => {
    const targetHandle = portHandle(ports.get(e.id));
    const prev = prevById.get(e.id);
    if (prev && prev.source === e.source && prev.target === e.target && prev.targetHandle === targetHandle) return prev;
    return { id: e.id, source: e.source, target: e.target, sourceHandle: 'out', targetHandle, selected: prev?.selected ?? false };
  });
  // Unchanged edges: the same array, so xyflow does not rebuild its connection lookup on a param edit.
  return sameOrder(next, current) ? (current as Edge[]) : next;
}
