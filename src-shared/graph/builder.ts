/** Convenience builders for documents in code (templates, tests, benchmarks). */
import { explicitParams } from '../layers/params';
import { getLayer } from '../layers/registry';
import { layerName } from '../compiler/sanitize';
import { DOCUMENT_VERSION, type GraphDocument, type GraphEdge, type GraphNode } from './document';

export interface NodeSpec {
  id?: string;
  kind: string;
  label?: string;
  params?: Record<string, unknown>;
}

/** A DAG from node specs and `[sourceIndexOrId, targetIndexOrId, port?]` edges. Nodes laid out left to right. */
export function graphOf(name: string, specs: NodeSpec[], edges: [number | string, number | string, number?][]): GraphDocument {
  const counts = new Map<string, number>();
  const nodes: GraphNode[] = specs.map((s, i) => {
    const base = layerName(s.kind);
    const k = (counts.get(base) ?? 0) + 1;
    counts.set(base, k);
    const def = getLayer(s.kind);
    if (!def) throw new Error(`unknown layer kind ${s.kind}`);
    // Every param explicit (defaults filled in), like nodes added in the editor.
    return { id: s.id ?? `n${i + 1}`, kind: s.kind, label: s.label ?? `${base}_${k}`, params: explicitParams(def.params, s.params), position: { x: i * 220, y: 0 } };
  });
  const ref = (r: number | string) => (typeof r === 'number' ? nodes[r]!.id : r);
  const es: GraphEdge[] = edges.map(([s, t, port], i) => ({ id: `e${i + 1}`, source: ref(s), target: ref(t), ...(port !== undefined ? { targetPort: port } : {}) }));
  return { version: DOCUMENT_VERSION, nodes, edges: es, settings: { name } };
}

/** A chain: each node feeds the next. */
export function sequential(name: string, specs: NodeSpec[]): GraphDocument {
  return graphOf(name, specs, specs.slice(1).map((_, i) => [i, i + 1] as [number, number]));
}
