import { describe, expect, it } from 'vitest';
import { sequential } from './builder';
import { addNode, batch, CommandError, connect, copyFragment, disconnect, moveNodes, pasteFragment, removeNodes, replaceDocument, setLabel, setParam } from './commands';
import { typedParams } from '../layers/params';
import { getLayer } from '../layers/registry';
import type { ParamSpec } from '../layers/types';
import { emptyDocument, parseDocument, type GraphDocument } from './document';
import { History } from './history';

const base = (): GraphDocument =>
  sequential('m', [
    { kind: 'Input', params: { shape: [10, 3] } },
    { kind: 'GRU', params: { units: 8 } },
    { kind: 'Dense', params: { units: 1 } },
  ]);

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('commands', () => {
  it('removeNodes removes attached edges and undo restores them exactly', () => {
    const doc = base();
    doc.settings.outputs = ['n3'];
    const before = clone(doc);
    const c = removeNodes(['n2', 'n3']);
    const after = c.apply(doc);
    expect(after.nodes.map((n) => n.id)).toEqual(['n1']);
    expect(after.edges).toEqual([]);
    expect(after.settings.outputs).toEqual([]);
    expect(c.undo(after)).toEqual(before);
    expect(doc).toEqual(before); // input untouched
  });

  it('every command undoes exactly, and results stay valid documents', () => {
    const doc = base();
    const cmds = [
      addNode({ id: 'n9', kind: 'Dropout', label: 'drop', params: { rate: 0.2 }, position: { x: 5, y: 5 } }, 1),
      connect({ source: 'n1', target: 'n3' }),
      disconnect('e1'),
      setParam('n2', 'units', 16),
      setParam('n2', 'units', undefined),
      setLabel('n2', 'encoder'),
      moveNodes({ n1: { x: 10, y: 20 }, n3: { x: 1, y: 1 } }),
      pasteFragment(copyFragment(doc, ['n1', 'n2'])),
      replaceDocument(emptyDocument('x')),
      batch('two', [setParam('n3', 'units', 4), setLabel('n3', 'out')]),
    ];
    for (const c of cmds) {
      const before = clone(doc);
      const after = c.apply(doc);
      expect(() => parseDocument(clone(after))).not.toThrow();
      expect(c.undo(after)).toEqual(before);
      expect(c.undo(c.apply(doc))).toEqual(before); // re-apply (redo) works too
    }
  });

  it('refuses invalid edits with a clear error and leaves the document unchanged', () => {
    const doc = base();
    const before = clone(doc);
    const bad: [() => unknown, RegExp][] = [
      [() => connect({ source: 'n1', target: 'n2' }).apply(doc), /already connected/],
      [() => connect({ source: 'n1', target: 'nX' }).apply(doc), /no node with id "nX"/],
      [() => connect({ source: 'n3', target: 'n1' }).apply(doc), /cycle/],
      [() => connect({ source: 'n2', target: 'n2' }).apply(doc), /itself/],
      [() => addNode({ id: 'n1', kind: 'GRU', label: 'z', params: {}, position: { x: 0, y: 0 } }).apply(doc), /already exists/],
      [() => addNode({ id: 'q', kind: 'Nope', label: 'z', params: {}, position: { x: 0, y: 0 } }).apply(doc), /Unknown layer kind/],
      [() => setParam('n2', 'bogus', 1).apply(doc), /no parameter "bogus"/],
      [() => setParam('n2', 'units', NaN).apply(doc), /must be/],
      [() => setLabel('n2', 'dense_1').apply(doc), /already called/],
      [() => setLabel('n2', '  ').apply(doc), /empty/],
      [() => disconnect('nope').apply(doc), /no edge/],
      [() => removeNodes(['n1', 'zz']).apply(doc), /no node/],
      [() => replaceDocument({ version: 7 } as unknown as GraphDocument).apply(doc), /newer/],
      [() => batch('b', [setParam('n2', 'units', 3), setParam('zz', 'units', 1)]).apply(doc), /no node/],
    ];
    for (const [f, re] of bad) {
      expect(f).toThrow(CommandError);
      expect(f).toThrow(re);
    }
    expect(doc).toEqual(before);
  });

  it('pasteFragment clones with fresh ids and labels, keeping internal edges only', () => {
    const doc = base();
    const c = pasteFragment(copyFragment(doc, ['n2', 'n3']), { x: 100, y: 0 });
    const after = c.apply(doc);
    expect(c.createdIds).toEqual(['n4', 'n5']);
    expect(after.nodes.slice(3).map((n) => n.label)).toEqual(['gru_1_2', 'dense_1_2']);
    expect(after.edges.slice(2)).toEqual([{ id: 'e3', source: 'n4', target: 'n5' }]);
    expect(after.nodes[3]!.position.x).toBe(doc.nodes[1]!.position.x + 100);
  });
});

describe('new nodes store every param', () => {
  const gru = getLayer('GRU')!;
  const added = () =>
    addNode({ id: 'n9', kind: 'GRU', label: 'g', params: { units: 8 }, position: { x: 0, y: 0 } })
      .apply(base())
      .nodes.find((n) => n.id === 'n9')!;

  it('addNode fills in every default and keeps the given values', () => {
    const node = added();
    expect(Object.keys(node.params).sort()).toEqual(gru.params.map((p) => p.name).sort());
    expect(node.params).toEqual({ ...typedParams(gru.params, {}), units: 8 });
  });

  it("changing a spec's default later does not change an existing node's resolved params", () => {
    const node = added();
    const before = typedParams(gru.params, node.params);
    // a copy of the GRU specs with every default changed (as a later version might)
    const changed: ParamSpec[] = gru.params.map((p) => ({
      ...p,
      default: p.type === 'boolean' ? !p.default : p.type === 'choice' ? p.choices!.find((c) => c !== p.default)! : typeof p.default === 'number' ? p.default + 1 : p.default,
    }));
    expect(typedParams(changed, {})).not.toEqual(typedParams(gru.params, {})); // the copy really differs
    expect(typedParams(changed, node.params)).toEqual(before);
  });

  it('pasted nodes and params reset to their default are explicit too', () => {
    const doc = base();
    const fragment = { nodes: [{ id: 'x', kind: 'Dense', label: 'd', params: { units: 3 }, position: { x: 0, y: 0 } }], edges: [] };
    const pasted = pasteFragment(fragment).apply(doc).nodes.at(-1)!;
    expect(pasted.params).toEqual({ ...typedParams(getLayer('Dense')!.params, {}), units: 3 });
    const reset = setParam('n2', 'units', undefined).apply(doc).nodes[1]!;
    expect(reset.params).toHaveProperty('units', 64);
  });
});

describe('History', () => {
  it('undo/redo walks exactly back and forth', () => {
    const h = new History(base());
    const states = [clone(h.doc)];
    h.execute(setParam('n2', 'units', 32));
    h.seal();
    states.push(clone(h.doc));
    h.execute(removeNodes(['n3']));
    states.push(clone(h.doc));
    h.execute(addNode({ id: 'n7', kind: 'Dense', label: 'd', params: {}, position: { x: 0, y: 0 } }));
    states.push(clone(h.doc));
    for (let i = states.length - 2; i >= 0; i--) {
      expect(h.undo()).toBe(true);
      expect(h.doc).toEqual(states[i]);
    }
    expect(h.undo()).toBe(false);
    for (let i = 1; i < states.length; i++) {
      expect(h.redo()).toBe(true);
      expect(h.doc).toEqual(states[i]);
    }
    expect(h.redo()).toBe(false);
  });

  it('coalesces consecutive moves and same-param edits until sealed', () => {
    const start = base();
    const h = new History(start);
    for (let i = 1; i <= 30; i++) h.execute(moveNodes({ n2: { x: i, y: i } }));
    expect(h.size).toBe(1);
    for (const u of [1, 12, 128]) h.execute(setParam('n2', 'units', u));
    expect(h.size).toBe(2);
    h.seal();
    h.execute(setParam('n2', 'units', 5));
    expect(h.size).toBe(3);
    h.execute(setParam('n3', 'units', 5)); // different param: new step
    expect(h.size).toBe(4);
    h.undo();
    h.undo();
    expect(h.doc.nodes[1]!.params.units).toBe(128);
    h.undo();
    expect(h.doc.nodes[1]!.params.units).toBe(8);
    expect(h.doc.nodes[1]!.position).toEqual({ x: 30, y: 30 });
    h.undo();
    expect(h.doc).toEqual(start);
    h.redo();
    expect(h.doc.nodes[1]!.position).toEqual({ x: 30, y: 30 });
  });

  it('keeps at least 200 steps and a failed command changes nothing', () => {
    const h = new History(base());
    for (let i = 0; i < 250; i++) {
      h.execute(setParam('n2', 'units', i + 1));
      h.seal();
    }
    expect(h.size).toBeGreaterThanOrEqual(200);
    const d = h.doc;
    expect(() => h.execute(connect({ source: 'n1', target: 'n2' }))).toThrow(CommandError);
    expect(h.doc).toBe(d);
    expect(h.size).toBe(250);
    let n = 0;
    while (h.undo()) n++;
    expect(n).toBe(250);
    expect(h.doc).toEqual(base());
  });
});
