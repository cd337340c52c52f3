/**
 * The fused recurrent layers give the stock tfjs layers' numbers: forward output and every gradient within
 * 1e-4 relative, on seeded random shapes, on the cpu and wasm backends (WebGL: e2e/fused-parity.spec.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { describeCase, parityCases, runParityCase } from './parity-cases';

const TOL = 1e-4;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused recurrent layers on ${backend}`, () => {
    // the stock layers are very slow on cpu (minutes for the largest corner), so cpu draws smaller shapes
    const cases = backend === 'wasm' ? parityCases(14, 2) : parityCases(12, 1, { batch: 16, steps: 24, features: 16, units: 32 });
    it.each(cases.map((c) => [describeCase(c), c] as const))('%s equals the stock layer', async (_name, c) => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
      const r = runParityCase(tf, c);
      for (const [what, d] of Object.entries(r.diffs)) expect(d, `${what} differs by ${d.toExponential(2)} (relative)`).toBeLessThan(TOL);
      expect(r.leaked, 'tensors the fused forward + backward left behind').toBe(0);
    });
  });
}
