import { describe, expect, it } from 'vitest';
import { addAfter, bridgeFor, inputCandidates, removeBridging, replaceKind, replacementsFor, setInputFrom } from './chain-edits';
import { sequential, graphOf } from './builder';
import { analyze } from './analyze';
import { CommandError } from './commands';
import type { GraphDocument, GraphNode } from './document';
import { modelText } from './model-text';

const input = { kind: 'Input', params: { shape: [14, 4] } };
const chain = (): GraphDocument => sequential('m', [input, { kind: 'GRU', params: { units: 32, dropout: 0.1 } }, { kind: 'Dropout' }, { kind: 'Dense', params: { units: 1 } }]);
const fresh = (id: string, kind: string): GraphNode => ({ id, kind, label: `${kind.toLowerCase()}_9`, params: {}, position: { x: 500, y: 0 } });
const edgesOf = (d: GraphDocument): string[] => d.edges.map((e) => `${e.source}>${e.target}`);

describe('add after the selected layer', () => {
  it('connects the new layer from the selected one when the shapes allow, in one undo step', () => {
    const doc = sequential('m', [input]);
    const { command, connected } = addAfter(doc, 'n1', fresh('n2', 'GRU'));
    expect(connected).toBe(true);
    const next = command.apply(doc);
    expect(edgesOf(next)).toEqual(['n1>n2']);
    expect(analyze(next).errorCount).toBe(0);
    expect(command.undo(next)).toEqual(doc);
  });

  it('adds without a connection, saying why, when the shapes do not allow one', () => {
    const doc = sequential('m', [input, { kind: 'GRU' }]); // GRU outputs [null, 64]: no second GRU on it
    const { command, connected, reason } = addAfter(doc, 'n2', fresh('n3', 'LSTM'));
    expect(connected).toBe(false);
    expect(reason).toMatch(/expects/);
    expect(command.apply(doc).edges).toHaveLength(1);
  });

  it('adds unconnected with nothing selected', () => {
    const doc = sequential('m', [input]);
    const { command, connected, reason } = addAfter(doc, null, fresh('n2', 'Dense'));
    expect([connected, reason]).toEqual([false, null]);
    expect(command.apply(doc).nodes).toHaveLength(2);
  });
});

describe('input from', () => {
  it('reconnects a single-input layer to another source in one step, and undo restores the old input', () => {
    const doc = graphOf('m', [input, { kind: 'GRU' }, { kind: 'Dense' }], [[0, 1]]);
    const cmd = setInputFrom(doc, 'n3', 'n1');
    const a = cmd.apply(doc);
    expect(edgesOf(a)).toEqual(['n1>n2', 'n1>n3']);
    const b = setInputFrom(a, 'n3', 'n2').apply(a);
    expect(edgesOf(b)).toEqual(['n1>n2', 'n2>n3']);
    expect(cmd.undo(a)).toEqual(doc);
    expect(edgesOf(setInputFrom(b, 'n3', null).apply(b))).toEqual(['n1>n2']);
  });

  it('offers only sources the layer can take, and refuses others with the reason', () => {
    const doc = graphOf('m', [input, { kind: 'GRU' }, { kind: 'LSTM' }], [[0, 1]]);
    expect(inputCandidates(doc, 'n3').map((n) => n.id)).toEqual(['n1']); // GRU's [null, 64] is no sequence
    expect(() => setInputFrom(doc, 'n3', 'n2')).toThrow(CommandError);
    expect(() => setInputFrom(doc, 'n3', 'n2')).toThrow(/expects/);
    expect(inputCandidates(doc, 'n1')).toEqual([]);
  });
});

describe('delete and bridge', () => {
  it('connects the deleted layer\'s input to what it fed, as one undo step', () => {
    const doc = chain();
    expect(bridgeFor(doc, 'n3')).toEqual({ source: 'n2', targets: ['n4'] });
    const cmd = removeBridging(doc, 'n3');
    const next = cmd.apply(doc);
    expect(modelText(next)).toBe('GRU → Dense');
    expect(edgesOf(next)).toEqual(['n1>n2', 'n2>n4']);
    expect(cmd.undo(next)).toEqual(doc);
  });

  it('offers no bridge at the ends of a chain or where the shapes would not fit', () => {
    const doc = chain();
    expect(bridgeFor(doc, 'n4')).toBeNull();
    expect(bridgeFor(doc, 'n1')).toBeNull();
    const seq = sequential('s', [input, { kind: 'GRU', params: { returnSequences: true } }, { kind: 'GRU' }, { kind: 'LSTM' }]);
    // Deleting the second GRU feeds the LSTM the first one's sequence: allowed.
    expect(bridgeFor(seq, 'n3')).toEqual({ source: 'n2', targets: ['n4'] });
    const flat = sequential('f', [input, { kind: 'GRU' }, { kind: 'RepeatVector', params: { n: 3 } }, { kind: 'LSTM' }]);
    expect(bridgeFor(flat, 'n3')).toBeNull(); // GRU's [null, 64] cannot feed the LSTM
    expect(removeBridging(flat, 'n3').apply(flat).edges).toHaveLength(1);
  });
});

describe('replace with', () => {
  it('swaps GRU for LSTM in place keeping units and the other shared params, and undo restores the GRU', () => {
    const doc = chain();
    expect(replacementsFor('GRU')).toEqual(['LSTM', 'SimpleRNN']);
    const cmd = replaceKind('n2', 'LSTM');
    const next = cmd.apply(doc);
    const lstm = next.nodes.find((n) => n.id === 'n2')!;
    expect(lstm.kind).toBe('LSTM');
    expect(lstm.params.units).toBe(32);
    expect(lstm.params.dropout).toBe(0.1);
    expect(lstm.label).toBe('lstm_1');
    expect(edgesOf(next)).toEqual(edgesOf(doc));
    expect(analyze(next).errorCount).toBe(0);
    expect(cmd.undo(next)).toEqual(doc);
  });

  it('keeps a label the user chose, swaps Dense ↔ TimeDistributed(Dense), and refuses unrelated kinds', () => {
    const doc = sequential('m', [input, { kind: 'GRU', params: { returnSequences: true } }, { kind: 'Dense', label: 'head', params: { units: 3, activation: 'softmax' } }]);
    const td = replaceKind('n3', 'TimeDistributedDense').apply(doc).nodes[2]!;
    expect([td.kind, td.label, td.params.units, td.params.activation]).toEqual(['TimeDistributedDense', 'head', 3, 'softmax']);
    expect(() => replaceKind('n2', 'Dense').apply(doc)).toThrow(/cannot be replaced by Dense/);
    const rnn = replaceKind('n2', 'SimpleRNN').apply(doc).nodes[1]!;
    expect(rnn.params).not.toHaveProperty('recurrentActivation');
    expect(rnn.params.returnSequences).toBe(true);
  });
});
