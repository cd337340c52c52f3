import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ensureWasmKernels } from './wasm-kernels';

/** The gradient of an Embedding lookup (gather) with respect to the table, ids with repeats and padding. */
async function embeddingGrad(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const table = tf.tensor2d(Array.from({ length: 12 }, (_, i) => i / 10), [6, 2]);
  const ids = tf.tensor2d([[0, 2, 2, 5], [1, 2, 0, 0]], [2, 4], 'int32');
  const w = tf.tensor3d(Array.from({ length: 16 }, (_, i) => (i % 5) - 2), [2, 4, 2]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))(table);
  const out = Array.from(await g.data());
  tf.dispose([table, ids, w, g]);
  return out;
}

describe('wasm kernels for Embedding training', () => {
  it('UnsortedSegmentSum on wasm gives the cpu backend\'s Embedding gradient', async () => {
    ensureWasmKernels(tf);
    const cpu = await embeddingGrad('cpu');
    const wasm = await embeddingGrad('wasm');
    expect(wasm).toEqual(cpu);
    expect(cpu.some((v) => v !== 0)).toBe(true);
  });
});
