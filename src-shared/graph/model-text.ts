/**
 * A model in one line ("GRU → Dropout → Dense"): its layers in graph order, wherever a model is
 * summarised (runs table, run view, compare, export). Reads the raw graph JSON without validating it
 * (the runs table reads hundreds of stored snapshots); anything that is not a node is skipped.
 */

interface RawNode {
  id: string;
  kind: string;
}

/**
 * Node ids in topological order: Kahn's algorithm taking ready nodes in document order, so parallel
 * branches keep the order they were drawn in. Nodes on a cycle (or fed by one) follow in document order.
 */
export function graphOrder(nodes: readonly { id: string }[], edges: readonly { source: string; target: string }[]): string[] {
  const ids = nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const indeg = new Map(ids.map((id) => [id, 0]));
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    indeg.set(e.target, indeg.get(e.target)! + 1);
  }
  // Ready nodes, kept sorted by document position (graphs are small: a sorted array is enough).
  const ready = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) {
        const at = ready.findIndex((r) => index.get(r)! > index.get(t)!);
        ready.splice(at < 0 ? ready.length : at, 0, t);
      }
    }
  }
  const placed = new Set(order);
  return [...order, ...ids.filter((id) => !placed.has(id))];
}

function rawNodes(graph: unknown): RawNode[] {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.filter((n): n is RawNode => typeof n === 'object' && n !== null && typeof n.id === 'string' && typeof n.kind === 'string');
}

function rawEdges(graph: unknown): { source: string; target: string }[] {
  const edges = (graph as { edges?: unknown } | null)?.edges;
  if (!Array.isArray(edges)) return [];
  return edges.filter(
    (e): e is { source: string; target: string } => typeof e === 'object' && e !== null && typeof e.source === 'string' && typeof e.target === 'string',
  );
}

/** The layer kinds of a graph in graph order, without its inputs: "GRU → Dropout → Dense" ('' for no layers). */
export function modelText(graph: unknown): string {
  const nodes = rawNodes(graph);
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  return graphOrder(nodes, rawEdges(graph))
    .map((id) => kind.get(id)!)
    .filter((k) => k !== 'Input')
    .join(' → ');
}
