/**
 * Structural difference between two graph documents (e.g. the graphs of two runs): layers added,
 * removed or changed, parameters changed, edges added or removed. Nodes are matched by id first, then
 * the remaining ones by label (same label, in document order). Parameters are compared with the layer
 * kind's defaults filled in, so `{}` and `{units: 32}` are equal when 32 is the default.
 */
import { getLayer } from '../layers/registry';
import type { GraphDocument, GraphNode } from './document';

export interface ParamChange {
  name: string;
  before: unknown;
  after: unknown;
}

export interface NodeRef {
  id: string;
  label: string;
  kind: string;
}

export interface ChangedNode {
  before: NodeRef;
  after: NodeRef;
  kindChanged: boolean;
  labelChanged: boolean;
  params: ParamChange[];
}

export interface EdgeRef {
  /** Labels of the endpoints (in the document the edge belongs to). */
  source: string;
  target: string;
  port?: number;
}

export interface GraphDiff {
  added: NodeRef[];
  removed: NodeRef[];
  changed: ChangedNode[];
  edgesAdded: EdgeRef[];
  edgesRemoved: EdgeRef[];
  /** Nodes present in both and identical (kind, label, effective params). */
  unchanged: number;
  /** True when nothing differs (positions are ignored). */
  same: boolean;
}

const ref = (n: GraphNode): NodeRef => ({ id: n.id, label: n.label, kind: n.kind });

/** Params with the kind's defaults for the missing ones. */
function effectiveParams(n: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of getLayer(n.kind)?.params ?? []) out[p.name] = p.default;
  for (const [k, v] of Object.entries(n.params)) if (v !== undefined) out[k] = v;
  return out;
}

function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function paramChanges(a: GraphNode, b: GraphNode): ParamChange[] {
  const pa = effectiveParams(a);
  const pb = effectiveParams(b);
  const names = [...new Set([...Object.keys(pa), ...Object.keys(pb)])];
  const out: ParamChange[] = [];
  for (const name of names) if (!equalValues(pa[name], pb[name])) out.push({ name, before: pa[name], after: pb[name] });
  return out;
}

export function diffGraphs(a: GraphDocument, b: GraphDocument): GraphDiff {
  // b node id → matched a node id
  const match = new Map<string, string>();
  const aById = new Map(a.nodes.map((n) => [n.id, n]));
  const matchedA = new Set<string>();
  for (const n of b.nodes)
    if (aById.has(n.id)) {
      match.set(n.id, n.id);
      matchedA.add(n.id);
    }
  const aByLabel = new Map<string, GraphNode[]>();
  for (const n of a.nodes) if (!matchedA.has(n.id)) aByLabel.set(n.label, [...(aByLabel.get(n.label) ?? []), n]);
  for (const n of b.nodes) {
    if (match.has(n.id)) continue;
    const cand = aByLabel.get(n.label)?.shift();
    if (cand) {
      match.set(n.id, cand.id);
      matchedA.add(cand.id);
    }
  }

  const added = b.nodes.filter((n) => !match.has(n.id)).map(ref);
  const removed = a.nodes.filter((n) => !matchedA.has(n.id)).map(ref);
  const changed: ChangedNode[] = [];
  let unchanged = 0;
  for (const nb of b.nodes) {
    const aid = match.get(nb.id);
    if (aid === undefined) continue;
    const na = aById.get(aid)!;
    const params = paramChanges(na, nb);
    const kindChanged = na.kind !== nb.kind;
    const labelChanged = na.label !== nb.label;
    if (kindChanged || labelChanged || params.length) changed.push({ before: ref(na), after: ref(nb), kindChanged, labelChanged, params });
    else unchanged++;
  }

  // Edges compared in a's id space; b nodes without a match keep a key no a edge can have.
  const aLabel = new Map(a.nodes.map((n) => [n.id, n.label]));
  const bLabel = new Map(b.nodes.map((n) => [n.id, n.label]));
  const key = (s: string, t: string, port: number | undefined) => `${s}\u0000${t}\u0000${port ?? ''}`;
  const inB = (id: string) => (match.has(id) ? `a:${match.get(id)}` : `b:${id}`);
  const aEdges = new Map(a.edges.map((e) => [key(`a:${e.source}`, `a:${e.target}`, e.targetPort), e]));
  const bEdges = new Map(b.edges.map((e) => [key(inB(e.source), inB(e.target), e.targetPort), e]));
  const edgeRef = (labels: Map<string, string>, e: { source: string; target: string; targetPort?: number }): EdgeRef => ({
    source: labels.get(e.source) ?? e.source,
    target: labels.get(e.target) ?? e.target,
    ...(e.targetPort !== undefined ? { port: e.targetPort } : {}),
  });
  const edgesAdded = [...bEdges].filter(([k]) => !aEdges.has(k)).map(([, e]) => edgeRef(bLabel, e));
  const edgesRemoved = [...aEdges].filter(([k]) => !bEdges.has(k)).map(([, e]) => edgeRef(aLabel, e));

  return {
    added,
    removed,
    changed,
    edgesAdded,
    edgesRemoved,
    unchanged,
    same: !added.length && !removed.length && !changed.length && !edgesAdded.length && !edgesRemoved.length,
  };
}
