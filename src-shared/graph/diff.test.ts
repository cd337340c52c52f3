import { describe, expect, it } from 'vitest';
import { diffGraphs } from './diff';
import { sequential } from './builder';
import { forecaster } from '../templates/forecasters';
import type { GraphDocument } from './document';

const clone = (d: GraphDocument): GraphDocument => structuredClone(d);

describe('graph diff', () => {
  it('a graph against itself (moved nodes too) is the same', () => {
    const a = forecaster('GRU');
    const b = clone(a);
    b.nodes[1]!.position = { x: 999, y: 5 };
    const d = diffGraphs(a, b);
    expect(d.same).toBe(true);
    expect(d.unchanged).toBe(3);
  });

  it('GRU vs LSTM forecaster: the recurrent layer changed kind (matched by id), nothing added or removed', () => {
    const d = diffGraphs(forecaster('GRU'), forecaster('LSTM'));
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0]).toMatchObject({ kindChanged: true, labelChanged: true, before: { kind: 'GRU', label: 'gru' }, after: { kind: 'LSTM', label: 'lstm' } });
    expect(d.same).toBe(false);
  });

  it('param changes name before and after; defaults count as set', () => {
    const a = sequential('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense', params: { units: 8 } }]);
    const b = clone(a);
    b.nodes[1]!.params = { units: 16 };
    const d = diffGraphs(a, b);
    expect(d.changed[0]!.params).toEqual([{ name: 'units', before: 8, after: 16 }]);
    // writing out a default explicitly changes nothing
    const c = clone(a);
    const activationDefault = 'linear';
    c.nodes[1]!.params = { units: 8, activation: activationDefault };
    expect(diffGraphs(a, c).same).toBe(true);
  });

  it('nodes matched by label when ids differ; added/removed layers and their edges', () => {
    const a = sequential('m', [
      { id: 'i', kind: 'Input', label: 'in', params: { shape: [4] } },
      { id: 'd1', kind: 'Dense', label: 'hidden', params: { units: 8 } },
      { id: 'o', kind: 'Dense', label: 'out', params: { units: 1 } },
    ]);
    const b = sequential('m', [
      { id: 'x1', kind: 'Input', label: 'in', params: { shape: [4] } },
      { id: 'x2', kind: 'Dense', label: 'hidden', params: { units: 8 } },
      { id: 'x3', kind: 'Dropout', label: 'drop', params: { rate: 0.2 } },
      { id: 'x4', kind: 'Dense', label: 'out', params: { units: 1 } },
    ]);
    const d = diffGraphs(a, b);
    expect(d.changed).toEqual([]);
    expect(d.unchanged).toBe(3);
    expect(d.added).toEqual([{ id: 'x3', label: 'drop', kind: 'Dropout' }]);
    expect(d.removed).toEqual([]);
    expect(d.edgesRemoved).toEqual([{ source: 'hidden', target: 'out' }]);
    expect(d.edgesAdded).toEqual(expect.arrayContaining([{ source: 'hidden', target: 'drop' }, { source: 'drop', target: 'out' }]));
    expect(d.edgesAdded).toHaveLength(2);
    // and the other way round
    const r = diffGraphs(b, a);
    expect(r.removed.map((n) => n.label)).toEqual(['drop']);
    expect(r.edgesAdded).toEqual([{ source: 'hidden', target: 'out' }]);
  });
});
