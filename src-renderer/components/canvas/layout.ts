/** Auto-layout with dagre: layers flow left to right, in the order data passes through them. */
import dagre from '@dagrejs/dagre';
import type { GraphDocument } from '@shared/graph/index';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 92;
export const GRID = 16;

export const snap = (v: number): number => Math.round(v / GRID) * GRID;

/** New top-left positions for every node (snapped to the grid). `size` gives measured sizes where known. */
export function autoLayout(
  doc: GraphDocument,
  size: (id: string) => { width: number; height: number } | undefined = () => undefined,
): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 32, ranksep: 64, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) {
    const s = size(n.id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
    g.setNode(n.id, { width: s.width, height: s.height });
  }
  for (const e of doc.edges) if (e.source !== e.target) g.setEdge(e.source, e.target);
  dagre.layout(g);
  // Keep the model where it was: shift so the top-left of the layout is the old top-left.
  const minX = Math.min(...doc.nodes.map((n) => n.position.x));
  const minY = Math.min(...doc.nodes.map((n) => n.position.y));
  const out: Record<string, { x: number; y: number }> = {};
  let lx = Infinity, ly = Infinity;
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    lx = Math.min(lx, p.x - p.width / 2);
    ly = Math.min(ly, p.y - p.height / 2);
  }
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    out[n.id] = { x: snap(p.x - p.width / 2 - lx + minX), y: snap(p.y - p.height / 2 - ly + minY) };
  }
  return out;
}
