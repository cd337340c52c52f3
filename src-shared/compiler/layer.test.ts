import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { graphOf, sequential, type NodeSpec } from '../graph/builder';
import { defineLayer } from '../layers/define';
import { bool, int } from '../layers/params';
import { LAYERS, getLayer } from '../layers/registry';
import type { Shape } from '../layers/types';
import { buildLayer, emitKerasLayer, emitTsLayer } from './layer';
import { compileToTfjs } from './to-tfjs';

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

describe('layer code from declarations', () => {
  it('recurrent layers always pass sigmoid and GRU resetAfter=false', () => {
    expect(emitKerasLayer(getLayer('GRU')!, { units: 8 }, 'g')).toContain('reset_after=False');
    expect(emitTsLayer(getLayer('LSTM')!, {}, 'l')).toContain("recurrentActivation: 'sigmoid'");
  });
  it('emits regularizers and nested layers', () => {
    expect(emitTsLayer(getLayer('Dense')!, { kernelL2: 0.01 }, 'd')).toContain('tf.regularizers.l1l2({ l1: 0, l2: 0.01 })');
    expect(emitKerasLayer(getLayer('Dense')!, { kernelL2: 0.01, activation: 'hardSigmoid' }, 'd')).toContain('activation=tfjs_hard_sigmoid');
    expect(emitKerasLayer(getLayer('Bidirectional')!, { layer: 'LSTM' }, 'b')).toMatch(/^layers\.Bidirectional\(layer=layers\.LSTM\(/);
    expect(emitTsLayer(getLayer('TimeDistributedDense')!, { units: 2 }, 't')).toMatch(/^tf\.layers\.timeDistributed\(\{ name: 't', layer: tf\.layers\.dense\(/);
    expect(emitKerasLayer(getLayer('Input')!, { shape: [30, 6] }, 'x')).toBe('keras.Input(shape=(30, 6), name="x")');
  });
});

describe('a declaration with its own build hook', () => {
  // A kind with no tf.layers factory; never registered.
  let seen: { tf: unknown; params: unknown; name: string } | null = null;
  const decl = {
    kind: 'Scaled',
    label: 'Scaled',
    category: 'core',
    help: 'Test-only kind built by its own hook.',
    params: [int('units', 'Units', 4, 'Units of the dense layer the hook builds.'), bool('useBias', 'Use bias', false, 'Bias of that layer.')],
    factory: 'noSuchFactory',
    kerasClass: 'NoSuchClass',
    infer: (inputs: Shape[]) => ({ ok: true as const, shape: inputs[0]! }),
    summary: () => 'Scaled',
  } as const;
  const withHook = defineLayer({
    ...decl,
    build: (t, p, name) => {
      seen = { tf: t, params: p, name };
      return (t as typeof tf).layers.dense({ units: p.units, useBias: p.useBias, name });
    },
  });

  it('is used by buildLayer instead of the factory, with tf passed in and the params resolved', () => {
    const layer = buildLayer(tf, withHook, { units: 3 }, 'scaled_1');
    expect(seen).toEqual({ tf, params: { units: 3, useBias: false }, name: 'scaled_1' });
    expect(layer.name).toBe('scaled_1');
    expect(layer.getConfig()).toMatchObject({ units: 3, useBias: false });
  });
  it('without the hook the factory is called (and this one does not exist)', () => {
    expect(() => buildLayer(tf, defineLayer(decl), {}, 'x')).toThrow(/tf\.layers\.noSuchFactory does not exist/);
  });
});
