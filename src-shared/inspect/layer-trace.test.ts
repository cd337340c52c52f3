import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../compiler/to-tfjs';
import { sequential } from '../graph/builder';
import { traceSample } from './layer-trace';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const T = 15;
const F = 3;
const x = Float32Array.from({ length: T * F }, (_, i) => Math.sin(i * 0.7) * 1.3);

describe('traceSample on a compiled model', () => {
  it('stacked GRU → LSTM → Dense: each layer reads the previous one’s sequence, and h_t equals every layer’s output', () => {
    const doc = sequential('stack', [
      { kind: 'Input', params: { shape: [T, F] } },
      { kind: 'GRU', params: { units: 6, returnSequences: true } },
      { kind: 'LSTM', params: { units: 5, returnSequences: false } },
      { kind: 'Dense', params: { units: 2 } },
    ]);
    const compiled = compileToTfjs(tf, doc);
    const out = traceSample(tf, compiled, x, [1, T, F]);
    expect(out.layers.map((l) => [l.kind, l.features, l.trace.units, l.trace.steps])).toEqual([
      ['GRU', F, 6, T],
      ['LSTM', 6, 5, T],
    ]);
    // The first layer reads the sample itself; the second reads the first one's state sequence.
    expect(Array.from(out.layers[0]!.input)).toEqual(Array.from(x));
    const h1 = out.layers[0]!.trace.gates.h!;
    const in2 = out.layers[1]!.input;
    for (let k = 0; k < h1.length; k++) expect(Math.abs(h1[k]! - in2[k]!)).toBeLessThan(1e-5);
    for (const l of out.layers) expect(l.outputDiff).toBeLessThan(1e-5);
    expect(out.prediction.length).toBe(2);
    compiled.model.dispose();
  });

  it('Bidirectional GRU (concat): both halves are traced and match their part of the output', () => {
    const doc = sequential('bi', [
      { kind: 'Input', params: { shape: [T, F] } },
      { kind: 'Bidirectional', params: { layer: 'GRU', units: 4, returnSequences: true } },
      { kind: 'GlobalAveragePooling1D', params: {} },
      { kind: 'Dense', params: { units: 1 } },
    ]);
    const compiled = compileToTfjs(tf, doc);
    const out = traceSample(tf, compiled, x, [1, T, F]);
    expect(out.layers.map((l) => l.name.replace(/^.*\(/, '('))).toEqual(['(forward)', '(backward)']);
    expect(out.layers[1]!.trace.inputStep[0]).toBe(T - 1);
    for (const l of out.layers) expect(l.outputDiff).toBeLessThan(1e-5);
    compiled.model.dispose();
  });

  it('text model with a masking Embedding: padded steps keep the state, as the layers do (pre and post padding)', () => {
    const doc = sequential('text', [
      { kind: 'Input', params: { shape: [6] } },
      { kind: 'Embedding', params: { inputDim: 10, outputDim: 3, maskZero: true } },
      { kind: 'Bidirectional', params: { layer: 'GRU', units: 4, returnSequences: true } },
      { kind: 'LSTM', params: { units: 3 } },
      { kind: 'Dense', params: { units: 1 } },
    ]);
    const compiled = compileToTfjs(tf, doc);
    for (const ids of [[0, 0, 0, 4, 7, 2], [4, 7, 2, 0, 0, 0]]) {
      const out = traceSample(tf, compiled, Float32Array.from(ids), [1, 6]);
      expect(out.layers.length).toBe(3);
      for (const l of out.layers) {
        expect(l.outputDiff, `${l.name} ${ids.join(',')}`).toBeLessThan(1e-5);
        expect(l.trace.masked).toEqual(l.trace.inputStep.map((t) => ids[t] === 0));
      }
    }
    compiled.model.dispose();
  });

  it('says so when the model has no recurrent layer', () => {
    const doc = sequential('dense', [
      { kind: 'Input', params: { shape: [F] } },
      { kind: 'Dense', params: { units: 1 } },
    ]);
    const compiled = compileToTfjs(tf, doc);
    expect(() => traceSample(tf, compiled, x.subarray(0, F), [1, F])).toThrow(/no GRU or LSTM layer/);
    compiled.model.dispose();
  });
});
