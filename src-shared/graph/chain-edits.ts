/**
 * Edits for building a model layer by layer without a mouse: add a layer after another (connected when
 * the shapes allow), choose a layer's input, delete a layer and bridge the gap, replace a layer by a
 * related kind keeping the params they share. Each is one command (one undo step).
 */
import { checkParam } from '../layers/params';
import { getLayer } from '../layers/registry';
import { layerName } from '../compiler/sanitize';
import { canConnect } from './connect';
import { addNode, batch, CommandError, connect, disconnect, removeNodes, type Command } from './commands';
import type { GraphDocument, GraphNode } from './document';
import { freshLabel } from './ids';

/** Kinds a layer can be swapped for in one step ("Replace with…"): the recurrent family, and Dense with its per-step wrapper. */
export const REPLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  GRU: ['LSTM', 'SimpleRNN'],
  LSTM: ['GRU', 'SimpleRNN'],
  SimpleRNN: ['GRU', 'LSTM'],
  Dense: ['TimeDistributedDense'],
  TimeDistributedDense: ['Dense'],
};

export function replacementsFor(kind: string): readonly string[] {
  return REPLACEMENTS[kind] ?? [];
}

function nodeOf(doc: GraphDocument, id: string): GraphNode {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n) throw new CommandError(`There is no node with id "${id}".`);
  return n;
}

/**
 * Adds `node` after `afterId` (when given and still there): connected from it when the connection is
 * allowed (shapes, arity, cycles). Returns the command and, where it could not connect, why.
 */
export function addAfter(doc: GraphDocument, afterId: string | null, node: GraphNode): { command: Command; connected: boolean; reason: string | null } {
  const add = addNode(node);
  const after = afterId ? doc.nodes.find((n) => n.id === afterId) : undefined;
  if (!after) return { command: add, connected: false, reason: null };
  const withNode = add.apply(doc);
  const check = canConnect(withNode, after.id, node.id);
  if (!check.ok) return { command: add, connected: false, reason: check.reason };
  return { command: batch(`Add ${node.kind}`, [add, connect({ source: after.id, target: node.id })]), connected: true, reason: null };
}

/** Layers that may feed `targetId` in place of its current input (for the inspector's "Input from" picker). */
export function inputCandidates(doc: GraphDocument, targetId: string): GraphNode[] {
  const target = doc.nodes.find((n) => n.id === targetId);
  if (!target || (getLayer(target.kind)?.arity.max ?? 0) === 0) return [];
  const without: GraphDocument = { ...doc, edges: doc.edges.filter((e) => e.target !== targetId) };
  return doc.nodes.filter((n) => n.id !== targetId && canConnect(without, n.id, targetId).ok);
}

/**
 * Makes `sourceId` the only input of `targetId` (null: no input), replacing what fed it before; for a
 * merge layer (several inputs) it adds the input instead. One undo step; a refused connection changes nothing.
 */
export function setInputFrom(doc: GraphDocument, targetId: string, sourceId: string | null): Command {
  const target = nodeOf(doc, targetId);
  const def = getLayer(target.kind);
  if (!def) throw new CommandError(`Unknown layer kind "${target.kind}".`);
  if (def.arity.max === 0) throw new CommandError(`"${target.label}" is an Input; it takes no input.`);
  const multi = def.arity.max > 1;
  const current = doc.edges.filter((e) => e.target === targetId);
  const drop = multi ? [] : current.filter((e) => e.source !== sourceId);
  if (sourceId === null) return batch('Disconnect input', current.map((e) => disconnect(e.id)));
  const source = nodeOf(doc, sourceId);
  if (!multi && current.length === 1 && current[0]!.source === sourceId) return batch('Connect', []);
  const without: GraphDocument = { ...doc, edges: doc.edges.filter((e) => !drop.some((d) => d.id === e.id)) };
  const check = canConnect(without, sourceId, targetId);
  if (!check.ok) throw new CommandError(check.reason);
  return batch(`Connect ${source.label} → ${target.label}`, [...drop.map((e) => disconnect(e.id)), connect({ source: sourceId, target: targetId })]);
}

/** For a layer in a chain (one input, some outputs): the connections that would close the gap after deleting it. */
export function bridgeFor(doc: GraphDocument, id: string): { source: string; targets: string[] } | null {
  const incoming = doc.edges.filter((e) => e.target === id);
  const outgoing = doc.edges.filter((e) => e.source === id);
  if (incoming.length !== 1 || outgoing.length === 0) return null;
  const source = incoming[0]!.source;
  const after = removeNodes([id]).apply(doc);
  const targets = outgoing.map((e) => e.target).filter((t) => canConnect(after, source, t).ok);
  return targets.length > 0 ? { source, targets } : null;
}

/** Deletes a layer and connects its input to the layers it fed (where allowed): one undo step. */
export function removeBridging(doc: GraphDocument, id: string): Command {
  const node = nodeOf(doc, id);
  const bridge = bridgeFor(doc, id);
  const removal = removeNodes([id]);
  if (!bridge) return removal;
  const port = (t: string): number | undefined => doc.edges.find((e) => e.source === id && e.target === t)?.targetPort;
  return batch(`Delete ${node.label} and reconnect`, [
    removal,
    ...bridge.targets.map((t) => {
      const p = port(t);
      return connect({ source: bridge.source, target: t, ...(p !== undefined ? { targetPort: p } : {}) });
    }),
  ]);
}

/** Params of `from` that `toKind` also has and accepts as they are (units, activation, dropout…). */
export function sharedParams(from: GraphNode, toKind: string): Record<string, unknown> {
  const def = getLayer(toKind);
  if (!def) throw new CommandError(`Unknown layer kind "${toKind}".`);
  const out: Record<string, unknown> = {};
  for (const spec of def.params) {
    if (!(spec.name in from.params)) continue;
    const v = from.params[spec.name];
    if (checkParam(spec, v) === null) out[spec.name] = Array.isArray(v) ? [...(v as unknown[])] : v;
  }
  return out;
}

/**
 * Replaces a layer by another kind in place (same id, so its connections stay), keeping the params the
 * two share; a default label (`gru_1`) follows the new kind, a label the user chose stays. One undo step.
 */
export function replaceKind(nodeId: string, toKind: string): Command {
  let before: { node: GraphNode; index: number } | undefined;
  return {
    label: `Replace with ${toKind}`,
    apply(doc) {
      const index = doc.nodes.findIndex((n) => n.id === nodeId);
      if (index < 0) throw new CommandError(`There is no node with id "${nodeId}".`);
      const node = doc.nodes[index]!;
      if (!replacementsFor(node.kind).includes(toKind)) throw new CommandError(`${node.kind} "${node.label}" cannot be replaced by ${toKind}.`);
      const def = getLayer(toKind)!;
      const params: Record<string, unknown> = {};
      for (const spec of def.params) params[spec.name] = spec.default;
      Object.assign(params, sharedParams(node, toKind));
      const others = { ...doc, nodes: doc.nodes.filter((n) => n.id !== nodeId) };
      const base = layerName(node.kind);
      const isDefault = node.label === base || (node.label.startsWith(`${base}_`) && /^\d+$/.test(node.label.slice(base.length + 1)));
      const label = isDefault ? freshLabel(others, toKind) : node.label;
      before = { node, index };
      const nodes = doc.nodes.slice();
      nodes[index] = { ...node, kind: toKind, label, params };
      return { ...doc, nodes };
    },
    undo(doc) {
      if (!before) return doc;
      const nodes = doc.nodes.slice();
      const i = nodes.findIndex((n) => n.id === nodeId);
      if (i >= 0) nodes[i] = before.node;
      return { ...doc, nodes };
    },
  };
}
