/**
 * Embedding(maskZero) → recurrent layers: the fused layers hand a masked call to the stock tfjs computation, so
 * a text model built with the fused setting computes what the stock one does, and padding (id 0) on either side
 * leaves the final state as if the text had no padding at all.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequential, type NodeSpec } from '../../graph/builder';
import { buildModel } from '../../train/model';
import { emitKerasModel } from '../emit-keras';
import { emitTsModel } from '../emit-ts';
import { fusedClasses } from './layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

const textModel = (steps: number, maskZero: boolean, rnn: NodeSpec[]) =>
  sequential('masked', [
    { kind: 'Input', params: { shape: [steps] } },
    { kind: 'Embedding', params: { inputDim: 10, outputDim: 4, maskZero } },
    ...rnn,
  ]);

const GRU: NodeSpec[] = [{ kind: 'GRU', params: { units: 5 } }];
const BIGRU: NodeSpec[] = [
  { kind: 'Bidirectional', params: { layer: 'GRU', units: 3, returnSequences: true } },
  { kind: 'LSTM', params: { units: 4 } },
];

/** Outputs of the fused model (weights of the 4-step model) for [0,0,5,7], [5,7,0,0] and, on a 2-step model, [5,7]. */
function padded(maskZero: boolean, rnn: NodeSpec[]) {
  const long = buildModel(tf, textModel(4, maskZero, rnn), 3, 'fused');
  const short = buildModel(tf, textModel(2, maskZero, rnn), 3, 'fused');
  short.model.setWeights(long.model.getWeights());
  const pre = long.model.predict(tf.tensor2d([[0, 0, 5, 7]])) as tf.Tensor;
  const post = long.model.predict(tf.tensor2d([[5, 7, 0, 0]])) as tf.Tensor;
  const bare = short.model.predict(tf.tensor2d([[5, 7]])) as tf.Tensor;
  const stock = buildModel(tf, textModel(4, maskZero, rnn), 3, 'reference');
  const ids = tf.tensor2d([[0, 0, 5, 7], [5, 7, 0, 0], [1, 2, 3, 4]]);
  const fusedVsStock = maxDiff(long.model.predict(ids) as tf.Tensor, stock.model.predict(ids) as tf.Tensor);
  const result = { pre: maxDiff(pre, bare), post: maxDiff(post, bare), fusedVsStock, layers: long.layers };
  for (const m of [long, short, stock]) m.model.dispose();
  return result;
}

describe('Embedding maskZero with the fused recurrent layers', () => {
  it('GRU: the fused model gives the stock output, and padded steps do not change the final state', () => {
    const r = padded(true, GRU);
    expect([...r.layers.values()].some((l) => l instanceof fusedClasses(tf).GRU)).toBe(true);
    expect(r.fusedVsStock).toBeLessThan(1e-6);
    expect(r.pre).toBeLessThan(1e-6);
    expect(r.post).toBeLessThan(1e-6);
  });

  it('Bidirectional(GRU, sequences) → LSTM: the mask reaches both directions and the next layer', () => {
    const r = padded(true, BIGRU);
    expect(r.fusedVsStock).toBeLessThan(1e-6);
    expect(r.pre).toBeLessThan(1e-6);
    expect(r.post).toBeLessThan(1e-6);
  });

  it('without maskZero the padding is computed as input (what older graphs keep doing)', () => {
    const r = padded(false, GRU);
    expect(r.fusedVsStock).toBeLessThan(1e-5);
    expect(r.pre).toBeGreaterThan(1e-4);
    expect(r.post).toBeGreaterThan(1e-4);
  });

  it('the Keras and TypeScript exports carry the mask', () => {
    expect(emitKerasModel(textModel(4, true, GRU))).toContain('mask_zero=True');
    expect(emitKerasModel(textModel(4, false, GRU))).toContain('mask_zero=False');
    expect(emitTsModel(textModel(4, true, GRU))).toContain('maskZero: true');
  });
});

describe('Embedding maskZero → GRU with reset_after', () => {
  it('refuses to run with a message naming both switches', () => {
    for (const impl of ['fused', 'reference'] as const) {
      const c = buildModel(tf, textModel(4, true, [{ kind: 'GRU', params: { units: 3, resetAfter: true } }]), 1, impl);
      expect(() => c.model.predict(tf.tensor2d([[0, 0, 5, 7]]))).toThrow(/cannot skip masked \(padding\) steps.*"Mask padding \(id 0\)" on the Embedding.*"Reset after"/);
      c.model.dispose();
    }
  });
});
