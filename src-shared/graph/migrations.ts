/**
 * One migration per old version: `migrations[v]` turns a version-v document into version v + 1.
 *
 * Version 1 (Layerloom 0.0.x prototypes): `{ version: 1, name?, layers: [{ id, type, name?, config?, x?, y? }],
 * connections: [{ from, to, port? }] }`. Version 2 renamed them to nodes/edges with `kind`, `label`,
 * `params`, `position`, edge ids, and moved the name into `settings`.
 */
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

export const migrations: Record<number, (doc: unknown) => unknown> = { 1: v1to2 };
