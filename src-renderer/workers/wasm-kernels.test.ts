import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from './wasm-kernels';

/** The gradient of an Embedding-style gather on `backend`, for a table [6, 3] and ids with repeats and a 2-D shape. */
async function gatherGrad(backend: 'cpu' | 'wasm'): Promise<number[]> {
  await tf.setBackend(backend);
  await tf.ready();
  return tf.tidy(() => {
    const table = tf.tensor2d(Array.from({ length: 18 }, (_, i) => (i % 7) / 3 - 1), [6, 3]);
    const ids = tf.tensor2d([[0, 2, 2], [5, 0, 1]], [2, 3], 'int32');
    const w = tf.tensor3d(Array.from({ length: 18 }, (_, i) => i / 10), [2, 3, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(w).sum())(table);
    return Array.from(g.dataSync());
  });
}

describe('wasm kernels the app adds', () => {
  it('UnsortedSegmentSum: an Embedding (gather) gradient on wasm equals the cpu backend’s', async () => {
    const want = await gatherGrad('cpu');
    registerWasmKernels();
    registerWasmKernels(); // twice is harmless
    const got = await gatherGrad('wasm');
    expect(got.length).toBe(18);
    got.forEach((v, i) => expect(v, `element ${i}`).toBeCloseTo(want[i]!, 6));
    // rows 3 and 4 are never gathered: no gradient
    expect(got.slice(9, 15)).toEqual([0, 0, 0, 0, 0, 0]);
    const direct = tf.tidy(() => Array.from(tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4]), tf.tensor1d([1, -1, 1, 0], 'int32'), 3).dataSync()));
    expect(direct).toEqual([4, 4, 0]);
    await tf.setBackend('cpu');
  });
});
