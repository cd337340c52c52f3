/** Keras-style summary rows and text, plus the accessible name of a node. */
import { layerNames } from '../compiler/plan';
import { getLayer } from '../layers/registry';
import { fmtShape } from '../layers/shape';
import type { Shape } from '../layers/types';
import { analyze, type Analysis } from './analyze';
import type { GraphDocument, GraphNode } from './document';

export interface SummaryRow {
  nodeId: string;
  /** Layer name as tfjs will see it. */
  name: string;
  label: string;
  kind: string;
  outputShape: Shape | null;
  params: number;
  trainable: number;
  nonTrainable: number;
  /** Layer names of the inputs. */
  connectedTo: string[];
  /** Key params, e.g. "GRU · 64 units · returns sequences". */
  detail: string;
}

export interface ModelSummary {
  rows: SummaryRow[];
  total: number;
  trainable: number;
  nonTrainable: number;
}

/** Rows in topological order (nodes on a cycle last, in document order). */
export function summarize(doc: GraphDocument, analysis: Analysis = analyze(doc)): ModelSummary {
  const names = layerNames(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const ordered = [...analysis.order, ...doc.nodes.map((n) => n.id).filter((id) => !analysis.order.includes(id))];
  const rows: SummaryRow[] = [];
  let trainable = 0, nonTrainable = 0;
  for (const id of ordered) {
    const node = byId.get(id)!;
    const r = analysis.nodes.get(id)!;
    const def = getLayer(node.kind);
    rows.push({
      nodeId: id,
      name: names.get(id)!,
      label: node.label,
      kind: node.kind,
      outputShape: r.outputShape,
      params: r.params.trainable + r.params.nonTrainable,
      trainable: r.params.trainable,
      nonTrainable: r.params.nonTrainable,
      connectedTo: (analysis.incoming.get(id) ?? []).map((e) => names.get(e.source) ?? e.source),
      detail: def ? def.summary(node.params) : node.kind,
    });
    trainable += r.params.trainable;
    nonTrainable += r.params.nonTrainable;
  }
  return { rows, total: trainable + nonTrainable, trainable, nonTrainable };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The table `model.summary()` prints, from the analysis (no tfjs needed). */
export function formatSummary(s: ModelSummary, title = 'Model'): string {
  const head = ['Layer (type)', 'Output shape', 'Param #', 'Connected to'];
  const body = s.rows.map((r) => [`${r.name} (${r.kind})`, fmtShape(r.outputShape), formatCount(r.params), r.connectedTo.join(', ')]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  const rule = '─'.repeat(w.reduce((a, b) => a + b + 2, -2));
  return [
    `Model: "${title}"`,
    rule,
    line(head),
    rule.replace(/─/g, '═'),
    ...body.map(line),
    rule,
    `Total params: ${formatCount(s.total)}`,
    `Trainable params: ${formatCount(s.trainable)}`,
    `Non-trainable params: ${formatCount(s.nonTrainable)}`,
  ].join('\n');
}

/** Accessible name of a node for screen readers: "GRU gru_1, output [null, 64]". */
export function accessibleName(node: GraphNode, outputShape: Shape | null | undefined, errorCount = 0): string {
  const def = getLayer(node.kind);
  const out = outputShape ? `output ${fmtShape(outputShape)}` : 'output unknown';
  return `${def?.label ?? node.kind} ${node.label}, ${out}${errorCount > 0 ? `, ${errorCount} error${errorCount === 1 ? '' : 's'}` : ''}`;
}
