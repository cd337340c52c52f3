import { describe, expect, it } from 'vitest';
import { graphOrder, modelText } from './model-text';

const node = (id: string, kind: string) => ({ id, kind, label: id, params: {}, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, target });

describe('model text in graph order', () => {
  it('lists layers in the order data flows, not the order they were created', () => {
    // Created Dropout, BatchNorm, Dense, LSTM; wired Input → LSTM → BatchNorm → Dropout → Dense.
    const graph = {
      nodes: [node('d', 'Dropout'), node('b', 'BatchNorm'), node('o', 'Dense'), node('l', 'LSTM'), node('i', 'Input')],
      edges: [edge('i', 'l'), edge('l', 'b'), edge('b', 'd'), edge('d', 'o')],
    };
    expect(modelText(graph)).toBe('LSTM → BatchNorm → Dropout → Dense');
  });

  it('keeps parallel branches in document order and puts nodes on a cycle last', () => {
    expect(graphOrder([{ id: 'i' }, { id: 'b' }, { id: 'a' }, { id: 'm' }], [edge('i', 'a'), edge('i', 'b'), edge('a', 'm'), edge('b', 'm')])).toEqual([
      'i',
      'b',
      'a',
      'm',
    ]);
    expect(graphOrder([{ id: 'x' }, { id: 'y' }, { id: 'i' }], [edge('x', 'y'), edge('y', 'x')])).toEqual(['i', 'x', 'y']);
  });

  it('reads damaged snapshots without throwing', () => {
    expect(modelText(null)).toBe('');
    expect(modelText({ nodes: 'no' })).toBe('');
    expect(modelText({ nodes: [node('a', 'GRU'), { id: 3 }, null], edges: [null, edge('a', 'ghost')] })).toBe('GRU');
  });
});
