/**
 * The scan keeps the per-step tensors of its backward pass itself (no engine clones): they must neither leak
 * when the backward pass never runs through the layer, nor take the layer's output with them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { fusedClasses } from './layers';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused scan on ${backend}`, () => {
    it('holds nothing past a gradient call whose backward pass skips the layer (e.g. a frozen layer)', async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const layer = new (fusedClasses(tf).GRU)({ units: 5 });
      const x = tf.randomNormal([3, 4, 2]);
      const v = tf.variable(tf.scalar(2));
      const step = (): void => {
        const { value, grads } = tf.variableGrads(() => tf.mul(tf.sum(layer.apply(x) as tf.Tensor), v) as tf.Scalar, [v]);
        tf.dispose([value, ...Object.values(grads)]);
      };
      step();
      const after1 = tf.memory().numTensors;
      step();
      step();
      expect(tf.memory().numTensors).toBe(after1);
    });

    it("leaves the layer's output intact after the backward pass (SimpleRNN, last step only)", async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const layer = new (fusedClasses(tf).SimpleRNN)({ units: 3 });
      const x = tf.randomNormal([2, 4, 2]);
      const want = (layer.apply(x) as tf.Tensor).arraySync();
      let out: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        out = tf.keep(layer.apply(x) as tf.Tensor);
        return tf.sum(out) as tf.Scalar;
      });
      tf.dispose([value, ...Object.values(grads)]);
      expect(out!.isDisposed).toBe(false);
      expect(out!.arraySync()).toEqual(want);
    });
  });
}
