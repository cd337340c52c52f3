/**
 * One migration per old version: `migrations[v]` turns a version-v document into version v + 1.
 *
 * Version 1 (Layerloom 0.0.x prototypes): `{ version: 1, name?, layers: [{ id, type, name?, config?, x?, y? }],
 * connections: [{ from, to, port? }] }`. Version 2 renamed them to nodes/edges with `kind`, `label`,
 * `params`, `position`, edge ids, and moved the name into `settings`.
 *
 * Version 3: every node stores every param. Version-2 nodes could omit a param to mean its default; the
 * 2 → 3 migration writes in the defaults of that time (`V2_DEFAULTS`, a frozen copy), so a later change of a
 * default never changes a saved model or its export.
 *
 * Version 4: params added after version 3 are written in with the value that means what the document meant
 * before they existed (`ADDED_IN_V4`): GRU `resetAfter: false` (the app's GRU was reset_after=False).
 *
 * Version 5: the same for params added after version 4 (`ADDED_IN_V5`): Embedding `maskZero: false` (padding
 * was not masked before).
 */
import { V2_DEFAULTS } from './defaults-v2';

type Json = Record<string, unknown>;

function obj(v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where} must be an object`);
  return v as Json;
}
function arr(v: unknown, where: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${where} must be an array`);
  return v;
}

function v1to2(input: unknown): unknown {
  const d = obj(input, 'document');
  const nodes = arr(d.layers, 'layers').map((l, i) => {
    const o = obj(l, `layers[${i}]`);
    return {
      id: o.id,
      kind: o.type,
      label: typeof o.name === 'string' && o.name !== '' ? o.name : o.id,
      params: o.config ?? {},
      position: { x: typeof o.x === 'number' ? o.x : 0, y: typeof o.y === 'number' ? o.y : 0 },
    };
  });
  const edges = arr(d.connections, 'connections').map((c, i) => {
    const o = obj(c, `connections[${i}]`);
    return { id: `e${i + 1}`, source: o.from, target: o.to, ...(typeof o.port === 'number' ? { targetPort: o.port } : {}) };
  });
  return { version: 2, nodes, edges, settings: { name: typeof d.name === 'string' && d.name !== '' ? d.name : 'model' } };
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fills each node's missing params with the version-2 defaults; anything malformed is left for the schema to report. */
function v2to3(input: unknown): unknown {
  const d = obj(input, 'document');
  const nodes = Array.isArray(d.nodes)
    ? d.nodes.map((n: unknown) => {
        if (!isObj(n) || !isObj(n.params) || typeof n.kind !== 'string' || !Object.hasOwn(V2_DEFAULTS, n.kind)) return n;
        const params: Json = { ...n.params };
        for (const [name, value] of Object.entries(V2_DEFAULTS[n.kind]!)) if (params[name] === undefined) params[name] = Array.isArray(value) ? [...value] : value;
        return { ...n, params };
      })
    : d.nodes;
  return { ...d, version: 3, nodes };
}

/** Params new in version 4, with the value that keeps a version-3 model what it was. */
export const ADDED_IN_V4: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { GRU: { resetAfter: false } };

/** Params new in version 5, with the value that keeps a version-4 model what it was. */
export const ADDED_IN_V5: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { Embedding: { maskZero: false } };

/** Writes `added` params into the nodes missing them; anything malformed is left for the schema to report. */
function addParams(input: unknown, version: number, added: Readonly<Record<string, Readonly<Record<string, unknown>>>>): unknown {
  const d = obj(input, 'document');
  const nodes = Array.isArray(d.nodes)
    ? d.nodes.map((n: unknown) => {
        if (!isObj(n) || !isObj(n.params) || typeof n.kind !== 'string' || !Object.hasOwn(added, n.kind)) return n;
        const params: Json = { ...n.params };
        for (const [name, value] of Object.entries(added[n.kind]!)) if (params[name] === undefined) params[name] = value;
        return { ...n, params };
      })
    : d.nodes;
  return { ...d, version, nodes };
}

const v3to4 = (input: unknown): unknown => addParams(input, 4, ADDED_IN_V4);
const v4to5 = (input: unknown): unknown => addParams(input, 5, ADDED_IN_V5);

export const migrations: Record<number, (doc: unknown) => unknown> = { 1: v1to2, 2: v2to3, 3: v3to4, 4: v4to5 };
