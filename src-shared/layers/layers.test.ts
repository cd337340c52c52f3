import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { graphOf, sequential, type NodeSpec } from '../graph/builder';
import { compileToTfjs } from '../compiler/to-tfjs';
import { LAYER_CATEGORIES, paletteGroups } from './categories';
import { LAYERS, getLayer } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function check(doc: ReturnType<typeof sequential>) {
  const a = analyze(doc);
  expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const c = compileToTfjs(tf, doc);
  try {
    let total = 0, nonTrainable = 0;
    for (const n of doc.nodes) {
      const r = a.nodes.get(n.id)!;
      const layer = c.layers.get(n.id)!;
      const expectedShape = (layer.outputShape as (number | null)[]);
      expect(r.outputShape, `${n.kind} shape`).toEqual(expectedShape);
      const nt = layer.nonTrainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a2, d) => a2 * (d ?? 1), 1), 0);
      expect(r.params.trainable + r.params.nonTrainable, `${n.kind} params`).toBe(layer.countParams());
      expect(r.params.nonTrainable, `${n.kind} non-trainable`).toBe(nt);
      total += r.params.trainable + r.params.nonTrainable;
      nonTrainable += r.params.nonTrainable;
    }
    expect(total).toBe(c.model.countParams());
    const out = a.nodes.get(a.outputs[0]!)!.outputShape;
    expect(c.model.outputs[0]!.shape).toEqual(out);
    return { total, nonTrainable, model: c.model };
  } finally {
    c.model.dispose();
  }
}

const seq = (shape: number[], ...rest: NodeSpec[]) => sequential('t', [{ kind: 'Input', params: { shape } }, ...rest]);

/** At least one case per kind, several for the ones with shape logic. */
const CASES: [string, ReturnType<typeof sequential>][] = [
  ['GRU last', seq([7, 3], { kind: 'GRU', params: { units: 5 } })],
  ['GRU seq no bias', seq([7, 3], { kind: 'GRU', params: { units: 4, returnSequences: true, useBias: false, kernelL2: 0.01 } })],
  ['LSTM', seq([6, 2], { kind: 'LSTM', params: { units: 3, returnSequences: true, goBackwards: true } })],
  ['SimpleRNN', seq([6, 2], { kind: 'SimpleRNN', params: { units: 3, activation: 'relu' } })],
  ['Bidirectional GRU concat', seq([5, 2], { kind: 'Bidirectional', params: { units: 3 } })],
  ['Bidirectional LSTM sum seq', seq([5, 2], { kind: 'Bidirectional', params: { layer: 'LSTM', units: 3, mergeMode: 'sum', returnSequences: true } })],
  ['Bidirectional SimpleRNN ave', seq([5, 2], { kind: 'Bidirectional', params: { layer: 'SimpleRNN', units: 3, mergeMode: 'ave' } })],
  ['Dense vector', seq([4], { kind: 'Dense', params: { units: 3, activation: 'relu', kernelL1: 0.01 } })],
  ['Dense on sequence', seq([5, 4], { kind: 'Dense', params: { units: 2, useBias: false } })],
  ['Dropout', seq([4], { kind: 'Dropout', params: { rate: 0.3 } })],
  ['BatchNorm seq', seq([5, 4], { kind: 'BatchNorm' })],
  ['BatchNorm no center', seq([4], { kind: 'BatchNorm', params: { center: false } })],
  ['LayerNorm', seq([5, 4], { kind: 'LayerNorm' })],
  ['Activation', seq([4], { kind: 'Activation', params: { activation: 'tanh' } })],
  ['Flatten', seq([5, 4], { kind: 'Flatten' })],
  ['GlobalAveragePooling1D', seq([5, 4], { kind: 'GlobalAveragePooling1D' })],
  ['GlobalMaxPooling1D', seq([5, 4], { kind: 'GlobalMaxPooling1D' })],
  ['Conv1D valid stride', seq([10, 3], { kind: 'Conv1D', params: { filters: 4, kernelSize: 3, strides: 2 } })],
  ['Conv1D same', seq([10, 3], { kind: 'Conv1D', params: { filters: 4, kernelSize: 4, strides: 3, padding: 'same' } })],
  ['Embedding', seq([12], { kind: 'Embedding', params: { inputDim: 20, outputDim: 4 } })],
  ['Reshape', seq([12], { kind: 'Reshape', params: { targetShape: [4, 3] } })],
  ['Reshape -1', seq([4, 3], { kind: 'Reshape', params: { targetShape: [-1, 2] } })],
  ['RepeatVector', seq([4], { kind: 'RepeatVector', params: { n: 3 } })],
  ['TimeDistributedDense', seq([5, 4], { kind: 'TimeDistributedDense', params: { units: 2, activation: 'sigmoid' } })],
  [
    'Concatenate',
    graphOf('t', [{ kind: 'Input', params: { shape: [5, 4] } }, { kind: 'GRU', params: { units: 3 } }, { kind: 'GlobalMaxPooling1D' }, { kind: 'Concatenate' }], [
      [0, 1],
      [0, 2],
      [1, 3, 0],
      [2, 3, 1],
    ]),
  ],
  [
    'Concatenate axis 1',
    graphOf('t', [{ kind: 'Input', params: { shape: [5, 4] } }, { kind: 'Input', params: { shape: [2, 4] } }, { kind: 'Concatenate', params: { axis: 1 } }], [
      [0, 2],
      [1, 2],
    ]),
  ],
  [
    'Add',
    graphOf('t', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'Dense', params: { units: 4 } }, { kind: 'Add' }], [
      [0, 1],
      [0, 2],
      [1, 2],
    ]),
  ],
];

describe('every layer kind: inferred shapes and params equal tfjs', () => {
  it('covers every registered kind', () => {
    const covered = new Set(CASES.flatMap(([, d]) => d.nodes.map((n) => n.kind)));
    expect([...LAYERS.map((l) => l.kind)].filter((k) => !covered.has(k))).toEqual([]);
  });
  for (const [name, doc] of CASES) it(name, () => void check(doc));
});

describe('registry metadata', () => {
  it('has unique kinds and complete param metadata', () => {
    expect(new Set(LAYERS.map((l) => l.kind)).size).toBe(LAYERS.length);
    for (const l of LAYERS) {
      expect(l.help.length, l.kind).toBeGreaterThan(40);
      for (const p of l.params) {
        expect(p.description.length, `${l.kind}.${p.name}`).toBeGreaterThan(5);
        if (p.type === 'choice') expect(p.choices).toContain(p.default);
      }
      expect(l.summary({})).toContain(l.kind === 'TimeDistributedDense' ? 'TimeDistributed' : l.kind === 'GlobalAveragePooling1D' || l.kind === 'GlobalMaxPooling1D' ? 'pooling' : l.kind);
    }
  });
  it('GRU help shows the equations and the reset_after note', () => {
    const h = getLayer('GRU')!.help;
    expect(h).toContain('z ⊙ h + (1 − z) ⊙ h~');
    expect(h).toContain('reset_after');
  });
  it('recurrent layers always pass sigmoid and GRU resetAfter=false', () => {
    const call = getLayer('GRU')!.call({ units: 8 });
    expect(call.config.recurrentActivation).toBe('sigmoid');
    expect(call.config.resetAfter).toBe(false);
    expect(getLayer('GRU')!.emitKeras({ units: 8 }, 'g')).toContain('reset_after=False');
    expect(getLayer('LSTM')!.emitTs({}, 'l')).toContain("recurrentActivation: 'sigmoid'");
    expect(getLayer('GRU')!.summary({ units: 64, returnSequences: true })).toBe('GRU · 64 units · returns sequences');
  });
  it('emits regularizers and nested layers', () => {
    expect(getLayer('Dense')!.emitTs({ kernelL2: 0.01 }, 'd')).toContain('tf.regularizers.l1l2({ l1: 0, l2: 0.01 })');
    expect(getLayer('Dense')!.emitKeras({ kernelL2: 0.01, activation: 'hardSigmoid' }, 'd')).toContain('activation=tfjs_hard_sigmoid');
    expect(getLayer('Bidirectional')!.emitKeras({ layer: 'LSTM' }, 'b')).toMatch(/^layers\.Bidirectional\(layer=layers\.LSTM\(/);
    expect(getLayer('TimeDistributedDense')!.emitTs({ units: 2 }, 't')).toMatch(/^tf\.layers\.timeDistributed\(\{ name: 't', layer: tf\.layers\.dense\(/);
    expect(getLayer('Input')!.emitKeras({ shape: [30, 6] }, 'x')).toBe('keras.Input(shape=(30, 6), name="x")');
  });
});

describe('categories', () => {
  it('every registered kind has a category from LAYER_CATEGORIES', () => {
    const ids = new Set<string>(LAYER_CATEGORIES.map((c) => c.id));
    expect(LAYERS.filter((l) => !ids.has(l.category)).map((l) => `${l.kind}: ${l.category}`)).toEqual([]);
    expect(ids.size).toBe(LAYER_CATEGORIES.length);
  });
  it("the palette's grouping shows every kind exactly once, in category order", () => {
    const groups = paletteGroups(LAYERS);
    expect(groups.flatMap((g) => g.items.map((d) => d.kind)).sort()).toEqual(LAYERS.map((l) => l.kind).sort());
    const order = LAYER_CATEGORIES.map((c) => c.id as string);
    expect(groups.map((g) => order.indexOf(g.category))).toEqual(groups.map((g) => order.indexOf(g.category)).sort((a, b) => a - b));
    for (const g of groups) expect(g.title).toBe(LAYER_CATEGORIES.find((c) => c.id === g.category)!.label);
  });
  it('the grouping filters by label, kind or category', () => {
    expect(paletteGroups(LAYERS, 'gru').flatMap((g) => g.items.map((d) => d.kind))).toEqual(['GRU']);
    expect(paletteGroups(LAYERS, ' POOLING ').map((g) => g.category)).toEqual(['pooling']);
    expect(paletteGroups(LAYERS, 'nothing like this')).toEqual([]);
  });
});
