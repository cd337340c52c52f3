/** Fresh ids and labels for nodes and edges (deterministic given the document). */
import type { GraphDocument } from './document';
import { layerName } from '../compiler/sanitize';

function maxSuffix(ids: Iterable<string>, prefix: string): number {
  let max = 0;
  for (const id of ids) {
    if (!id.startsWith(prefix)) continue;
    const k = Number(id.slice(prefix.length));
    if (Number.isInteger(k) && k > max) max = k;
  }
  return max;
}

/** `count` fresh node ids `n<k>` not used in the document. */
export function freshNodeIds(doc: GraphDocument, count = 1): string[] {
  const start = maxSuffix(doc.nodes.map((n) => n.id), 'n');
  return Array.from({ length: count }, (_, i) => `n${start + i + 1}`);
}
export function freshEdgeIds(doc: GraphDocument, count = 1): string[] {
  const start = maxSuffix(doc.edges.map((e) => e.id), 'e');
  return Array.from({ length: count }, (_, i) => `e${start + i + 1}`);
}

/** A label like `gru_1`, `gru_2` not used by any node (`taken` adds extra names to avoid). */
export function freshLabel(doc: GraphDocument, kind: string, taken: Set<string> = new Set()): string {
  const base = layerName(kind);
  const used = new Set([...doc.nodes.map((n) => n.label), ...taken]);
  for (let i = 1; ; i++) {
    const l = `${base}_${i}`;
    if (!used.has(l)) return l;
  }
}
