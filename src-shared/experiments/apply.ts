/**
 * A point applied to a project: kind changes first (a recurrent layer becomes GRU | LSTM | SimpleRNN,
 * keeping the params the kinds share), then layer params through the graph's `setParam` command, then
 * training settings and data preparation through their schemas. A value that makes anything invalid
 * (units 0, an unknown optimizer, a lookback of 0) comes back as a reason: the trial fails, the
 * experiment continues.
 */
import type { GraphDocument } from '../graph/document';
import { setParam } from '../graph/commands';
import { analyze } from '../graph/analyze';
import { getLayer } from '../layers/registry';
import { explicitParams } from '../layers/params';
import { trainingSettingsSchema, type TrainingSettings } from '../train/settings';
import { dataPrepSchema, type DataPrep } from '../data/spec';
import type { Point } from './spec';
import type { Dimension } from './validate';

export interface TrialSetup {
  doc: GraphDocument;
  prep: DataPrep;
  settings: TrainingSettings;
}

/** Changes a node's kind, carrying over the params the new kind also has; the rest take its defaults. */
export function changeKind(doc: GraphDocument, nodeId: string, kind: string): GraphDocument {
  const def = getLayer(kind);
  if (!def) throw new Error(`Unknown layer kind "${kind}".`);
  const i = doc.nodes.findIndex((n) => n.id === nodeId);
  if (i < 0) throw new Error(`There is no node with id "${nodeId}".`);
  const node = doc.nodes[i]!;
  if (node.kind === kind) return doc;
  const kept = Object.fromEntries(Object.entries(node.params).filter(([k]) => def.params.some((p) => p.name === k)));
  const nodes = doc.nodes.slice();
  nodes[i] = { ...node, kind, params: explicitParams(def.params, kept) };
  return { ...doc, nodes };
}

const issue = (e: { issues: { path: PropertyKey[]; message: string }[] }): string => e.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

export function applyPoint(base: TrialSetup, dims: readonly Dimension[], point: Point): { ok: true; setup: TrialSetup } | { ok: false; reason: string } {
  let doc = base.doc;
  const training: Record<string, unknown> = { ...base.settings };
  const data: Record<string, unknown> = { ...base.prep };
  const ordered = [...dims].sort((a, b) => Number(b.target.type === 'kind') - Number(a.target.type === 'kind'));
  for (const d of ordered) {
    const v = point[d.key];
    if (v === undefined) return { ok: false, reason: `the point has no value for ${d.key}` };
    const t = d.target;
    try {
      if (t.type === 'kind') doc = changeKind(doc, t.nodeId, String(v));
      else if (t.type === 'param') doc = setParam(t.nodeId, t.param, v).apply(doc);
      else if (t.type === 'training') training[t.field] = v;
      else data[t.field] = v;
    } catch (e) {
      return { ok: false, reason: `${d.key} = ${JSON.stringify(v)}: ${(e as Error).message}` };
    }
  }
  const before = new Set(analyze(base.doc).diagnostics.filter((x) => x.severity === 'error').map((x) => x.message));
  const fresh = analyze(doc).diagnostics.find((x) => x.severity === 'error' && !before.has(x.message));
  if (fresh) return { ok: false, reason: `the graph is invalid at this point: ${fresh.message}` };
  const s = trainingSettingsSchema.safeParse(training);
  if (!s.success) return { ok: false, reason: `training settings invalid at this point: ${issue(s.error)}` };
  const p = dataPrepSchema.safeParse(data);
  if (!p.success) return { ok: false, reason: `data preparation invalid at this point: ${issue(p.error)}` };
  return { ok: true, setup: { doc, prep: p.data, settings: s.data } };
}
