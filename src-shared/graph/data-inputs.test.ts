import { describe, expect, it } from 'vitest';
import { graphOf } from './builder';
import { dataFedInputs, fitGraphToShape } from './data-inputs';

describe('data-fed Inputs', () => {
  const two = graphOf('two', [{ kind: 'Input', params: { shape: [3], source: 'dataset' } }, { kind: 'Input', params: { shape: [5] } }, { kind: 'Concatenate' }], [[0, 2], [1, 2]]);
  it('Inputs with source "dataset" follow the data; another Input keeps the shape the user typed', () => {
    expect(dataFedInputs(two)).toEqual([two.nodes[0]!.id]);
    const fitted = fitGraphToShape(two, [7]);
    expect(fitted.nodes[0]!.params.shape).toEqual([7]);
    expect(fitted.nodes[1]!.params.shape).toEqual([5]);
    expect(two.nodes[0]!.params.shape).toEqual([3]); // a derivation: the stored document is untouched
  });
  it('the only Input follows when none is marked "dataset"; the same document comes back when nothing changes', () => {
    const one = graphOf('one', [{ kind: 'Input', params: { shape: [4, 2] } }, { kind: 'GRU' }], [[0, 1]]);
    expect(dataFedInputs(one)).toEqual([one.nodes[0]!.id]);
    expect(fitGraphToShape(one, [4, 2])).toBe(one);
    expect(fitGraphToShape(one, [9, 2]).nodes[0]!.params.shape).toEqual([9, 2]);
  });
  it('with a text input, the Embedding fed by the data-fed Input takes the vocabulary size; one elsewhere keeps its own', () => {
    const g = graphOf('text', [{ kind: 'Input', params: { shape: [10], source: 'dataset' } }, { kind: 'Embedding', params: { inputDim: 1000, outputDim: 8 } }, { kind: 'GRU' }], [[0, 1], [1, 2]]);
    const fitted = fitGraphToShape(g, [40], undefined, 1234);
    expect(fitted.nodes[0]!.params.shape).toEqual([40]);
    expect(fitted.nodes[1]!.params.inputDim).toBe(1234);
    expect(fitGraphToShape(g, [40]).nodes[1]!.params.inputDim).toBe(1000);
    expect(g.nodes[1]!.params.inputDim).toBe(1000);
  });
});
