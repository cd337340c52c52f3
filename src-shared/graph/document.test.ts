import { describe, expect, it } from 'vitest';
import { stackedGru } from '../templates/stacked-gru';
import { DOCUMENT_VERSION, DocumentError, parseDocument, safeParseDocument, serializeDocument } from './document';
import { graphOf } from './builder';

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
      { id: 'a', kind: 'Input', label: 'x', params: { shape: [10, 2] }, position: { x: 1, y: 2 } },
      { id: 'b', kind: 'GRU', label: 'b', params: { units: 8 }, position: { x: 0, y: 0 } },
    ]);
    expect(doc.edges).toEqual([{ id: 'e1', source: 'a', target: 'b' }]);
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
