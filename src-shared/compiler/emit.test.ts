import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphOf } from '../graph/builder';
import { setLabel } from '../graph/commands';
import { stackedGru } from '../templates/stacked-gru';
import { emitKerasModel } from './emit-keras';
import { emitTsModel } from './emit-ts';
import { layerNames } from './plan';
import { compileToTfjs, CompileError } from './to-tfjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('compiler', () => {
  it('layer names are deterministic, unique, valid and stable across compiles', () => {
    let doc = graphOf('m', [{ kind: 'Input', label: 'In put', params: { shape: [4] } }, { kind: 'Dense', label: 'Dense!' }, { kind: 'Dense', label: 'dense' }], [[0, 1], [1, 2]]);
    expect([...layerNames(doc).values()]).toEqual(['in_put', 'dense', 'dense_2']);
    const a = compileToTfjs(tf, doc);
    const b = compileToTfjs(tf, doc);
    expect(a.model.layers.map((l) => l.name)).toEqual(['in_put', 'dense', 'dense_2']);
    expect(b.model.layers.map((l) => l.name)).toEqual(a.model.layers.map((l) => l.name));
    expect(a.layers.get('n3')!.name).toBe('dense_2');
    a.model.dispose();
    b.model.dispose();
    doc = setLabel('n2', 'hidden').apply(doc);
    expect([...layerNames(doc).values()]).toEqual(['in_put', 'hidden', 'dense']);
  });

  it('builds DAGs with branches and merges, ordered by port', () => {
    const doc = graphOf(
      'm',
      [{ kind: 'Input', params: { shape: [6, 2] } }, { kind: 'GRU', params: { units: 3 } }, { kind: 'LSTM', params: { units: 5 } }, { kind: 'Concatenate' }, { kind: 'Dense', params: { units: 1 } }],
      [[2, 3, 0], [0, 1], [0, 2], [1, 3, 1], [3, 4]],
    );
    const c = compileToTfjs(tf, doc);
    const concat = c.layers.get('n4')!;
    expect(concat.inboundNodes[0]!.inboundLayers.map((l) => l.name)).toEqual(['lstm_1', 'gru_1']);
    const y = c.model.predict(tf.zeros([2, 6, 2])) as tf.Tensor;
    expect(y.shape).toEqual([2, 1]);
    c.model.dispose();
  });

  it('refuses to compile a graph with errors, listing them', () => {
    const doc = graphOf('m', [{ kind: 'Input', params: { shape: [4] } }, { kind: 'GRU' }], [[0, 1]]);
    expect(() => compileToTfjs(tf, doc)).toThrow(CompileError);
    expect(() => compileToTfjs(tf, doc)).toThrow(/GRU "gru_1" expects a sequence/);
  });

  it('emits TypeScript that builds the same model, and Keras code with reset_after=False', () => {
    const doc = stackedGru(true);
    doc.nodes[1]!.label = "gru'`${x}*/\n";
    const ts = emitTsModel(doc)!;
    expect(ts).toContain("recurrentActivation: 'sigmoid'");
    expect(ts).toContain("name: 'gru_x'");
    // run the generated code (strip the TS-only bits)
    const js = ts
      .replace(/^export /m, '')
      .replace(/\(tf: typeof import\('@tensorflow\/tfjs'\)\): import\('@tensorflow\/tfjs'\)\.LayersModel/, '(tf)')
      .replace(/ as tf\.SymbolicTensor/g, '');
    const build = new Function('tf', `${js}\nreturn buildModel(tf);`) as (t: typeof tf) => tf.LayersModel;
    const m = build(tf);
    expect(m.countParams()).toBe(152_197);
    m.dispose();
    const py = emitKerasModel(doc)!;
    expect(py).toContain('reset_after=False');
    expect(py).toContain('recurrent_activation="sigmoid"');
    expect(py).toContain('layers.BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, name="batch_norm_1")');
    expect(py).toMatch(/keras\.Input\(shape=\(30, 6\), name="sequence"\)/);
    expect(emitTsModel(graphOf('m', [{ kind: 'GRU' }], []))).toBeNull();
  });
});
