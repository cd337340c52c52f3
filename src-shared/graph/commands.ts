/**
 * Graph edits as commands with exact apply/undo. Documents are immutable: `apply` returns a new document
 * (sharing untouched nodes) or throws a CommandError, in which case nothing changed. Undo restores the
 * previous document exactly (same order of nodes and edges, same values).
 */
import { explicitParams } from '../layers/params';
import { getLayer } from '../layers/registry';
import { DocumentError, parseDocument, type GraphDocument, type GraphEdge, type GraphNode } from './document';
import { freshEdgeIds, freshNodeIds } from './ids';

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface Command {
  readonly label: string;
  /** Consecutive commands with the same key merge into one undo step (see History). */
  readonly coalesceKey?: string;
  apply(doc: GraphDocument): GraphDocument;
  undo(doc: GraphDocument): GraphDocument;
  /** Called on the newer command after it was applied: take over the "before" state of `previous`. */
  absorb?(previous: Command): void;
}

function nodeIndex(doc: GraphDocument, id: string): number {
  const i = doc.nodes.findIndex((n) => n.id === id);
  if (i < 0) throw new CommandError(`There is no node with id "${id}".`);
  return i;
}
function withNode(doc: GraphDocument, i: number, node: GraphNode): GraphDocument {
  const nodes = doc.nodes.slice();
  nodes[i] = node;
  return { ...doc, nodes };
}
const isJsonValue = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every(isJsonValue));

function checkLabel(doc: GraphDocument, label: string, exceptId?: string): string {
  const l = label.trim();
  if (l === '') throw new CommandError('A node label cannot be empty.');
  if (l.length > 200) throw new CommandError('A node label can be at most 200 characters.');
  const other = doc.nodes.find((n) => n.label === l && n.id !== exceptId);
  if (other) throw new CommandError(`Another node is already called "${l}". Choose a different name.`);
  return l;
}

function checkNewNode(doc: GraphDocument, node: GraphNode, ids: Set<string>): void {
  if (ids.has(node.id)) throw new CommandError(`A node with id "${node.id}" already exists.`);
  if (!getLayer(node.kind)) throw new CommandError(`Unknown layer kind "${node.kind}".`);
  if (!Number.isFinite(node.position.x) || !Number.isFinite(node.position.y)) throw new CommandError('A node position must be finite numbers.');
  for (const [k, v] of Object.entries(node.params)) if (!isJsonValue(v)) throw new CommandError(`Parameter ${k} of "${node.label}" is not a plain value.`);
}

/** Adds a node (at the end, or at `index`) with every param explicit: the given ones plus today's defaults. */
export function addNode(node: GraphNode, index?: number): Command {
  return {
    label: `Add ${node.kind}`,
    apply(doc) {
      checkNewNode(doc, node, new Set(doc.nodes.map((n) => n.id)));
      const label = checkLabel(doc, node.label);
      const nodes = doc.nodes.slice();
      const params = explicitParams(getLayer(node.kind)!.params, node.params);
      nodes.splice(index ?? nodes.length, 0, { ...node, label, params, position: { ...node.position } });
      return { ...doc, nodes };
    },
    undo(doc) {
      return { ...doc, nodes: doc.nodes.filter((n) => n.id !== node.id) };
    },
  };
}

/** Removes nodes with their attached edges (and their entries in settings.outputs). */
export function removeNodes(ids: readonly string[]): Command {
  let removed: { node: GraphNode; index: number }[] = [];
  let removedEdges: { edge: GraphEdge; index: number }[] = [];
  let oldOutputs: string[] | undefined;
  return {
    label: ids.length === 1 ? 'Delete node' : `Delete ${ids.length} nodes`,
    apply(doc) {
      const set = new Set(ids);
      for (const id of set) nodeIndex(doc, id);
      removed = [];
      removedEdges = [];
      doc.nodes.forEach((node, index) => set.has(node.id) && removed.push({ node, index }));
      doc.edges.forEach((edge, index) => (set.has(edge.source) || set.has(edge.target)) && removedEdges.push({ edge, index }));
      oldOutputs = doc.settings.outputs;
      const settings = oldOutputs && oldOutputs.some((o) => set.has(o)) ? { ...doc.settings, outputs: oldOutputs.filter((o) => !set.has(o)) } : doc.settings;
      return {
        ...doc,
        nodes: doc.nodes.filter((n) => !set.has(n.id)),
        edges: doc.edges.filter((e) => !set.has(e.source) && !set.has(e.target)),
        settings,
      };
    },
    undo(doc) {
      const nodes = doc.nodes.slice();
      for (const r of removed) nodes.splice(r.index, 0, r.node);
      const edges = doc.edges.slice();
      for (const r of removedEdges) edges.splice(r.index, 0, r.edge);
      const settings = { ...doc.settings };
      if (oldOutputs === undefined) delete settings.outputs;
      else settings.outputs = oldOutputs;
      return { ...doc, nodes, edges, settings };
    },
  };
}

/** True when `to` can reach `from` along edges (so from → to would close a cycle). */
export function wouldCycle(doc: GraphDocument, from: string, to: string): boolean {
  if (from === to) return true;
  const out = new Map<string, string[]>();
  for (const e of doc.edges) (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
  const seen = new Set([to]);
  const stack = [to];
  while (stack.length) {
    for (const t of out.get(stack.pop()!) ?? []) {
      if (t === from) return true;
      if (!seen.has(t)) (seen.add(t), stack.push(t));
    }
  }
  return false;
}

/** Connects source → target (optionally into a merge layer's port). */
export function connect(edge: { id?: string; source: string; target: string; targetPort?: number }): Command {
  let id = edge.id;
  return {
    label: 'Connect',
    apply(doc) {
      const s = doc.nodes[nodeIndex(doc, edge.source)]!;
      const t = doc.nodes[nodeIndex(doc, edge.target)]!;
      if (s.id === t.id) throw new CommandError(`Cannot connect "${s.label}" to itself.`);
      if (edge.targetPort !== undefined && (!Number.isInteger(edge.targetPort) || edge.targetPort < 0 || edge.targetPort > 1000))
        throw new CommandError('A target port must be a whole number from 0 to 1000.');
      if (doc.edges.some((e) => e.source === edge.source && e.target === edge.target && e.targetPort === edge.targetPort))
        throw new CommandError(`"${s.label}" is already connected to "${t.label}".`);
      if (wouldCycle(doc, edge.source, edge.target))
        throw new CommandError(`Connecting "${s.label}" to "${t.label}" would create a cycle; models must flow one way.`);
      id ??= freshEdgeIds(doc)[0]!;
      if (doc.edges.some((e) => e.id === id)) throw new CommandError(`An edge with id "${id}" already exists.`);
      const e: GraphEdge = { id, source: edge.source, target: edge.target, ...(edge.targetPort !== undefined ? { targetPort: edge.targetPort } : {}) };
      return { ...doc, edges: [...doc.edges, e] };
    },
    undo(doc) {
      return { ...doc, edges: doc.edges.filter((e) => e.id !== id) };
    },
  };
}

export function disconnect(edgeId: string): Command {
  let removed: { edge: GraphEdge; index: number } | undefined;
  return {
    label: 'Disconnect',
    apply(doc) {
      const index = doc.edges.findIndex((e) => e.id === edgeId);
      if (index < 0) throw new CommandError(`There is no edge with id "${edgeId}".`);
      removed = { edge: doc.edges[index]!, index };
      return { ...doc, edges: doc.edges.filter((_, i) => i !== index) };
    },
    undo(doc) {
      if (!removed) return doc;
      const edges = doc.edges.slice();
      edges.splice(removed.index, 0, removed.edge);
      return { ...doc, edges };
    },
  };
}

interface SetParamCommand extends Command {
  prev: { had: boolean; value: unknown };
}

/** Sets one param (`undefined` resets it to today's default, stored explicitly). Same node+param edits coalesce. */
export function setParam(nodeId: string, name: string, value: unknown): Command {
  const cmd: SetParamCommand = {
    label: `Change ${name}`,
    coalesceKey: `param:${nodeId}:${name}`,
    prev: { had: false, value: undefined },
    apply(doc) {
      const i = nodeIndex(doc, nodeId);
      const node = doc.nodes[i]!;
      const def = getLayer(node.kind);
      const spec = def?.params.find((p) => p.name === name);
      if (!spec) throw new CommandError(`${node.kind} "${node.label}" has no parameter "${name}".`);
      if (value !== undefined && !isJsonValue(value)) throw new CommandError(`${name} must be a number, text, on/off or a list of numbers.`);
      cmd.prev = { had: name in node.params, value: node.params[name] };
      const params = { ...node.params };
      const v = value === undefined ? spec.default : value;
      params[name] = Array.isArray(v) ? [...(v as unknown[])] : v;
      return withNode(doc, i, { ...node, params });
    },
    undo(doc) {
      const i = nodeIndex(doc, nodeId);
      const node = doc.nodes[i]!;
      const params = { ...node.params };
      if (cmd.prev.had) params[name] = cmd.prev.value;
      else delete params[name];
      return withNode(doc, i, { ...node, params });
    },
    absorb(previous) {
      cmd.prev = (previous as SetParamCommand).prev;
    },
  };
  return cmd;
}

export function setLabel(nodeId: string, label: string): Command {
  let prev = '';
  return {
    label: 'Rename',
    apply(doc) {
      const i = nodeIndex(doc, nodeId);
      const l = checkLabel(doc, label, nodeId);
      prev = doc.nodes[i]!.label;
      return withNode(doc, i, { ...doc.nodes[i]!, label: l });
    },
    undo(doc) {
      const i = nodeIndex(doc, nodeId);
      return withNode(doc, i, { ...doc.nodes[i]!, label: prev });
    },
  };
}

interface MoveCommand extends Command {
  before: Map<string, { x: number; y: number }>;
}

/** Moves nodes to absolute positions. Consecutive moves of the same nodes coalesce (a drag = one step). */
export function moveNodes(positions: Record<string, { x: number; y: number }>): Command {
  const ids = Object.keys(positions).sort();
  const cmd: MoveCommand = {
    label: ids.length === 1 ? 'Move node' : `Move ${ids.length} nodes`,
    coalesceKey: `move:${ids.join(',')}`,
    before: new Map(),
    apply(doc) {
      for (const id of ids) {
        nodeIndex(doc, id);
        const p = positions[id]!;
        if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new CommandError('A node position must be finite numbers.');
      }
      cmd.before = new Map();
      const nodes = doc.nodes.map((n) => {
        const p = positions[n.id];
        if (!p) return n;
        cmd.before.set(n.id, n.position);
        return { ...n, position: { x: p.x, y: p.y } };
      });
      return { ...doc, nodes };
    },
    undo(doc) {
      return { ...doc, nodes: doc.nodes.map((n) => (cmd.before.has(n.id) ? { ...n, position: cmd.before.get(n.id)! } : n)) };
    },
    absorb(previous) {
      cmd.before = (previous as MoveCommand).before;
    },
  };
  return cmd;
}

export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A fragment of the document (for copy): the given nodes and the edges between them. */
export function copyFragment(doc: GraphDocument, ids: readonly string[]): Fragment {
  const set = new Set(ids);
  return {
    nodes: structuredCloneJson(doc.nodes.filter((n) => set.has(n.id))),
    edges: structuredCloneJson(doc.edges.filter((e) => set.has(e.source) && set.has(e.target))),
  };
}
function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export interface PasteCommand extends Command {
  /** Ids of the pasted nodes (after apply), e.g. to select them. */
  createdIds: string[];
}

/** Pastes clones of a fragment with fresh ids and labels, keeping only edges internal to it. */
export function pasteFragment(fragment: Fragment, offset: { x: number; y: number } = { x: 40, y: 40 }): PasteCommand {
  const cmd: PasteCommand = {
    label: `Paste ${fragment.nodes.length} node${fragment.nodes.length === 1 ? '' : 's'}`,
    createdIds: [],
    apply(doc) {
      const newIds = freshNodeIds(doc, fragment.nodes.length);
      const map = new Map<string, string>();
      const labels = new Set(doc.nodes.map((n) => n.label));
      const ids = new Set(doc.nodes.map((n) => n.id));
      const nodes: GraphNode[] = fragment.nodes.map((n, i) => {
        map.set(n.id, newIds[i]!);
        let label = n.label;
        for (let k = 2; labels.has(label); k++) label = `${n.label}_${k}`;
        labels.add(label);
        const node = { id: newIds[i]!, kind: n.kind, label, params: structuredCloneJson(n.params), position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
        checkNewNode(doc, node, ids);
        return { ...node, params: explicitParams(getLayer(n.kind)!.params, node.params) };
      });
      const internal = fragment.edges.filter((e) => map.has(e.source) && map.has(e.target));
      const edgeIds = freshEdgeIds(doc, internal.length);
      const edges: GraphEdge[] = internal.map((e, i) => ({
        id: edgeIds[i]!,
        source: map.get(e.source)!,
        target: map.get(e.target)!,
        ...(e.targetPort !== undefined ? { targetPort: e.targetPort } : {}),
      }));
      cmd.createdIds = newIds;
      return { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] };
    },
    undo(doc) {
      const set = new Set(cmd.createdIds);
      return { ...doc, nodes: doc.nodes.filter((n) => !set.has(n.id)), edges: doc.edges.filter((e) => !set.has(e.source) && !set.has(e.target)) };
    },
  };
  return cmd;
}

/** Replaces the whole document (open template, import). The new document is validated first. */
export function replaceDocument(next: GraphDocument, label = 'Replace model'): Command {
  let prev: GraphDocument | undefined;
  return {
    label,
    apply(doc) {
      let parsed: GraphDocument;
      try {
        parsed = parseDocument(next);
      } catch (e) {
        throw new CommandError(e instanceof DocumentError ? e.message : String(e));
      }
      prev = doc;
      return parsed;
    },
    undo(doc) {
      return prev ?? doc;
    },
  };
}

/** Several commands as one undo step; all or nothing. */
export function batch(label: string, commands: readonly Command[]): Command {
  return {
    label,
    apply(doc) {
      let d = doc;
      for (const c of commands) d = c.apply(d); // a throw leaves `doc` untouched (immutable)
      return d;
    },
    undo(doc) {
      let d = doc;
      for (let i = commands.length - 1; i >= 0; i--) d = commands[i]!.undo(d);
      return d;
    },
  };
}
