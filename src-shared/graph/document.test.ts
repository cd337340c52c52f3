import { describe, expect, it } from 'vitest';
import { stackedGru } from '../templates/stacked-gru';
import { DOCUMENT_VERSION, DocumentError, parseDocument, safeParseDocument, serializeDocument } from './document';
import { getLayer, LAYERS } from '../layers/registry';
import { graphOf } from './builder';
import { V2_DEFAULTS } from './defaults-v2';
import { ADDED_IN_V4, ADDED_IN_V5 } from './migrations';

describe('graph document', () => {
  it('round-trips: serialize → parse → identical', () => {
    const doc = stackedGru(true);
    const again = parseDocument(JSON.parse(serializeDocument(doc)));
    expect(again).toEqual(doc);
    expect(serializeDocument(again)).toBe(serializeDocument(doc));
  });

  it('keeps merge ports and explicit outputs', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense' }, { kind: 'Add' }], [[0, 1], [0, 2, 1], [1, 2, 0]]);
    doc.settings.outputs = ['n3'];
    expect(parseDocument(JSON.parse(serializeDocument(doc)))).toEqual(doc);
  });

  it('migrates version 1 documents', () => {
    const v1 = {
      version: 1,
      name: 'old',
      layers: [
        { id: 'a', type: 'Input', name: 'x', config: { shape: [10, 2] }, x: 1, y: 2 },
        { id: 'b', type: 'GRU', config: { units: 8 } },
      ],
      connections: [{ from: 'a', to: 'b' }],
    };
    const doc = parseDocument(v1);
    expect(doc.version).toBe(DOCUMENT_VERSION);
    expect(doc.settings.name).toBe('old');
    expect(doc.nodes).toEqual([
      // version 1 → 2 keeps the config as params; 2 → 3 writes in the defaults of version 2; 3 → 4 and 4 → 5 the params added since
      { id: 'a', kind: 'Input', label: 'x', params: { ...V2_DEFAULTS.Input, shape: [10, 2] }, position: { x: 1, y: 2 } },
      { id: 'b', kind: 'GRU', label: 'b', params: { ...V2_DEFAULTS.GRU, ...ADDED_IN_V4.GRU, units: 8 }, position: { x: 0, y: 0 } },
    ]);
    expect(doc.edges).toEqual([{ id: 'e1', source: 'a', target: 'b' }]);
  });

  it('migrates version 2 documents: every missing param gets its version-2 default, stored values stay', () => {
    const v2 = {
      version: 2,
      nodes: [
        { id: 'a', kind: 'Input', label: 'x', params: { shape: [10, 2] }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'GRU', label: 'g', params: { units: 8, returnSequences: true, note: 'kept' }, position: { x: 1, y: 0 } },
        { id: 'c', kind: 'Flatten', label: 'f', params: {}, position: { x: 2, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'a', target: 'b' }],
      settings: { name: 'old' },
    };
    const input = JSON.parse(JSON.stringify(v2)) as typeof v2;
    const doc = parseDocument(input);
    expect(input).toEqual(v2); // the argument is not modified
    expect(doc.version).toBe(DOCUMENT_VERSION);
    expect(doc.nodes[0]!.params).toEqual({ shape: [10, 2], source: 'manual' });
    expect(doc.nodes[1]!.params).toEqual({
      units: 8,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      returnSequences: true,
      goBackwards: false,
      dropout: 0,
      recurrentDropout: 0,
      useBias: true,
      kernelInitializer: 'glorotUniform',
      recurrentInitializer: 'glorotUniform',
      biasInitializer: 'zeros',
      kernelL1: 0,
      kernelL2: 0,
      resetAfter: false,
      note: 'kept',
    });
    expect(doc.nodes[2]!.params).toEqual({});
    expect(doc.edges).toEqual(v2.edges);
    // every param of every node is now explicit
    for (const n of doc.nodes) for (const p of getLayer(n.kind)!.params) expect(n.params, `${n.kind}.${p.name}`).toHaveProperty(p.name);
  });

  it('migrates version 3 documents: a GRU saved before reset_after existed stays reset_after=False', () => {
    const v3 = {
      version: 3,
      nodes: [
        { id: 'a', kind: 'Input', label: 'x', params: { shape: [10, 2], source: 'manual' }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'GRU', label: 'g', params: { ...Object.fromEntries(getLayer('GRU')!.params.filter((p) => p.name !== 'resetAfter').map((p) => [p.name, p.default])), units: 5 }, position: { x: 1, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'a', target: 'b' }],
      settings: { name: 'v3' },
    };
    const doc = parseDocument(v3);
    expect(doc.version).toBe(DOCUMENT_VERSION);
    expect(doc.nodes[1]!.params.resetAfter).toBe(false);
    expect(doc.nodes[1]!.params.units).toBe(5);
    // a param added to the registry later needs its own migration entry: every param is then explicit
    for (const n of doc.nodes) for (const p of getLayer(n.kind)!.params) expect(n.params, `${n.kind}.${p.name}`).toHaveProperty(p.name);
  });

  it('migrates version 4 documents: an Embedding saved before mask_zero existed stays unmasked', () => {
    const without = (kind: string, param: string) => Object.fromEntries(getLayer(kind)!.params.filter((p) => p.name !== param).map((p) => [p.name, p.default]));
    const v4 = {
      version: 4,
      nodes: [
        { id: 'a', kind: 'Input', label: 'x', params: { shape: [12], source: 'dataset' }, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'Embedding', label: 'e', params: { ...without('Embedding', 'maskZero'), inputDim: 50 }, position: { x: 1, y: 0 } },
        { id: 'c', kind: 'GRU', label: 'g', params: { ...Object.fromEntries(getLayer('GRU')!.params.map((p) => [p.name, p.default])), resetAfter: true }, position: { x: 2, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'a', target: 'b' },
        { id: 'e2', source: 'b', target: 'c' },
      ],
      settings: { name: 'v4' },
    };
    const doc = parseDocument(v4);
    expect(doc.version).toBe(5);
    expect(doc.nodes[1]!.params.maskZero).toBe(false);
    expect(doc.nodes[1]!.params.inputDim).toBe(50);
    expect(doc.nodes[2]!.params.resetAfter).toBe(true); // a stored value is never overwritten
    expect(ADDED_IN_V5.Embedding).toEqual({ maskZero: false });
    for (const n of doc.nodes) for (const p of getLayer(n.kind)!.params) expect(n.params, `${n.kind}.${p.name}`).toHaveProperty(p.name);
  });

  it("V2_DEFAULTS (frozen for the migration) equal today's registry defaults, except the changes listed here", () => {
    // A default changed in the registry after version 3 goes here, never into V2_DEFAULTS: version-2
    // documents were saved meaning the old value. Format: 'Kind.param'.
    const changedSinceV2 = new Set<string>([]);
    for (const [kind, defaults] of Object.entries(V2_DEFAULTS)) {
      const def = getLayer(kind);
      expect(def, kind).toBeDefined();
      for (const [name, value] of Object.entries(defaults)) {
        if (changedSinceV2.has(`${kind}.${name}`)) continue;
        expect(def!.params.find((p) => p.name === name)?.default, `${kind}.${name}`).toEqual(value);
      }
    }
    // the kinds of version 2 were these (a kind added later cannot occur in a version-2 document)
    expect(Object.keys(V2_DEFAULTS).length).toBeLessThanOrEqual(LAYERS.length);
  });

  it('rejects newer versions with a clear message', () => {
    expect(() => parseDocument({ version: 99, nodes: [], edges: [] })).toThrow(/version 99, newer .* Update Layerloom/);
  });

  it('rejects invalid documents naming what and where, never half-loading', () => {
    const bad = {
      version: 2,
      nodes: [
        { id: 'a', kind: 'Input', label: 'x', params: {}, position: { x: 0, y: 0 } },
        { id: 'a', kind: 'Nope', label: 'y', params: {}, position: { x: 0, y: 'no' } },
      ],
      edges: [{ id: 'e1', source: 'a', target: 'zz' }],
    };
    const r = safeParseDocument(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(DocumentError);
    const paths = r.error.issues.map((i) => i.path);
    expect(paths).toContain('nodes[1].position.y');
    expect(r.error.message).toMatch(/Invalid graph document/);
    expect(() => parseDocument(null)).toThrow(/expected a JSON object/);
    expect(() => parseDocument({ nodes: [] })).toThrow(/"version"/);
    // refinements run once the structure is right
    const bad2 = { version: 2, nodes: [bad.nodes[0], { ...bad.nodes[0], kind: 'Nope' }], edges: [{ id: 'e1', source: 'a', target: 'zz' }] };
    const e2 = safeParseDocument(bad2);
    expect(!e2.ok && e2.error.issues.map((i) => i.message).join('\n')).toMatch(/duplicate node id "a"[\s\S]*unknown layer kind "Nope"[\s\S]*no node with id "zz"/);
  });
});
