/**
 * The compiler builds the fused layers for every recurrent node (Bidirectional included) when training asks
 * for them, and the model is the stock one in every way a user can see: same saved topology (class names,
 * configs), same weights for the same seed, same predictions, same weights after training steps.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequential } from '../../graph/builder';
import { buildModel } from '../../train/model';
import { storedRunSettingsSchema, trainingSettings } from '../../train/settings';
import { fusedClasses } from './layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const doc = sequential('fused', [
  { kind: 'Input', params: { shape: [9, 3] } },
  { kind: 'GRU', params: { units: 8, returnSequences: true } },
  { kind: 'Bidirectional', params: { layer: 'LSTM', units: 6, returnSequences: true } },
  { kind: 'SimpleRNN', params: { units: 5 } },
  { kind: 'Dense', params: { units: 1 } },
]);

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('compiling with recurrent: fused', () => {
  it('uses a fused layer for every recurrent node, inside Bidirectional too', () => {
    const c = buildModel(tf, doc, 3, 'fused');
    const F = fusedClasses(tf);
    const [, gru, bidi, rnn] = doc.nodes.map((n) => c.layers.get(n.id)!);
    expect(gru).toBeInstanceOf(F.GRU);
    expect(rnn).toBeInstanceOf(F.SimpleRNN);
    expect(bidi).toBeInstanceOf(F.Bidirectional);
    const sides = bidi as unknown as { forwardLayer: unknown; backwardLayer: unknown };
    expect(sides.forwardLayer).toBeInstanceOf(F.LSTM);
    expect(sides.backwardLayer).toBeInstanceOf(F.LSTM);
    const stock = buildModel(tf, doc, 3);
    expect(stock.layers.get(doc.nodes[1]!.id)).not.toBeInstanceOf(F.GRU);
    c.model.dispose();
    stock.model.dispose();
  });

  it('saves like the stock model and has its weights, predictions and training steps', async () => {
    const fused = buildModel(tf, doc, 11, 'fused').model;
    const stock = buildModel(tf, doc, 11, 'reference').model;
    // the layer Bidirectional wraps has a tfjs auto-name (a process-wide counter): the same shape of name on both
    const auto = (s: string): string => s.replace(/lstm_LSTM\d+/g, 'lstm_LSTM#');
    expect(auto(JSON.stringify(fused.toJSON(null, false)))).toEqual(auto(JSON.stringify(stock.toJSON(null, false))));
    expect(fused.weights.map((w) => auto(w.originalName))).toEqual(stock.weights.map((w) => auto(w.originalName)));
    fused.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i]!)).toBe(0));
    const x = tf.randomUniform([16, 9, 3], -1, 1, 'float32', 5);
    const y = tf.randomUniform([16, 1], -1, 1, 'float32', 6);
    expect(maxDiff(fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor)).toBeLessThan(1e-5);
    for (const m of [fused, stock]) {
      m.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
    }
    fused.getWeights().forEach((w, i) => expect(maxDiff(w, stock.getWeights()[i]!), fused.weights[i]!.name).toBeLessThan(1e-4));
    fused.dispose();
    stock.dispose();
  });
});

describe('the recurrent setting', () => {
  it('defaults to fused for new runs; a run stored before the setting existed used the stock layers', () => {
    expect(trainingSettings().recurrent).toBe('fused');
    expect(storedRunSettingsSchema.parse({ epochs: 3 }).recurrent).toBe('reference');
    expect(storedRunSettingsSchema.parse({ recurrent: 'fused' }).recurrent).toBe('fused');
  });
});
