/**
 * GRU with reset_after=True (Keras's default): the reference and the fused layer compute Keras's equations
 * (checked against numpy), agree with each other on outputs and every gradient, count Keras's parameters and
 * export to Keras with reset_after=True.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../graph/analyze';
import { sequential } from '../../graph/builder';
import { getLayer } from '../../layers/registry';
import { buildModel } from '../../train/model';
import { numpyPython } from '../../testing/numpy-python';
import { emitKerasLayer } from '../layer';
import { resetAfterGruClasses } from './gru-reset-after';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const NUMPY_GRU = String.raw`
import json, sys
import numpy as np
d = json.load(sys.stdin)
x = np.array(d["x"], dtype=np.float64); W = np.array(d["W"]); U = np.array(d["U"]); b = np.array(d["b"])
u = U.shape[0]
sig = lambda v: 1 / (1 + np.exp(-v))
h = np.zeros((x.shape[0], u)); out = []
steps = range(x.shape[1])
if d["goBackwards"]: steps = reversed(list(steps))
for t in steps:
    p = x[:, t, :] @ W + b[0]
    q = h @ U + b[1]
    z = sig(p[:, :u] + q[:, :u]); r = sig(p[:, u:2*u] + q[:, u:2*u])
    hh = np.tanh(p[:, 2*u:] + r * q[:, 2*u:])
    h = z * h + (1 - z) * hh
    out.append(h)
print(json.dumps(np.stack(out, 1).tolist() if d["returnSequences"] else h.tolist()))
`;

const doc = (p: Record<string, unknown>) =>
  sequential('ra', [
    { kind: 'Input', params: { shape: [7, 3] } },
    { kind: 'GRU', params: { units: 5, resetAfter: true, ...p } },
  ]);

const rel = (a: tf.Tensor, b: tf.Tensor): number =>
  tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! / Math.max(tf.max(tf.abs(b)).dataSync()[0]!, 1e-6));

describe('GRU reset_after=True', () => {
  it.skipIf(!numpyPython.ok)('computes Keras’s equations (numpy), in the reference and the fused layer', () => {
    for (const impl of ['reference', 'fused'] as const)
      for (const p of [{ returnSequences: true }, { goBackwards: true }]) {
        const { model } = buildModel(tf, doc(p), 4, impl);
        const [W, U] = model.getWeights();
        model.layers[1]!.setWeights([W!, U!, tf.randomNormal([2, 15], 0, 0.5, 'float32', 9)]);
        const x = tf.randomUniform([4, 7, 3], -1, 1, 'float32', 3);
        const [w, uu, b] = model.layers[1]!.getWeights().map((t) => t.arraySync());
        const input = JSON.stringify({ x: x.arraySync(), W: w, U: uu, b, returnSequences: p.returnSequences === true, goBackwards: p.goBackwards === true });
        const want = tf.tensor(JSON.parse(execFileSync(numpyPython.path, ['-c', NUMPY_GRU], { input }).toString()) as number[][]);
        expect(rel(model.predict(x) as tf.Tensor, want), `${impl} ${JSON.stringify(p)}`).toBeLessThan(1e-5);
        model.dispose();
      }
  });

  it('fused and reference agree on outputs and every gradient, T = 1 included', () => {
    const { reference, fused } = resetAfterGruClasses(tf);
    for (const [B, T, D, u, seq, back] of [[5, 9, 3, 6, true, false], [3, 1, 2, 4, false, false], [8, 13, 4, 17, false, true]] as const) {
      const cfg = { units: u, recurrentActivation: 'sigmoid', returnSequences: seq, goBackwards: back, biasInitializer: 'randomNormal' };
      const r = new reference({ ...cfg });
      const f = new fused({ ...cfg });
      const x = tf.randomUniform([B, T, D], -1, 1, 'float32', B);
      r.apply(x);
      f.apply(x);
      f.setWeights(r.getWeights());
      const R = tf.randomUniform((r.apply(x) as tf.Tensor).shape, -1, 1, 'float32', 2);
      const grads = (layer: typeof r) => {
        const xv = tf.variable(x);
        const vars = layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
        const g = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(xv) as tf.Tensor, R)), [xv, ...vars]);
        return { out: layer.apply(x) as tf.Tensor, list: [g.grads[xv.name]!, ...vars.map((v) => g.grads[v.name]!)] };
      };
      const a = grads(f);
      const b = grads(r);
      expect(rel(a.out, b.out)).toBeLessThan(1e-5);
      a.list.forEach((g, i) => expect(rel(g, b.list[i]!), `gradient ${i} [B ${B}, T ${T}]`).toBeLessThan(1e-4));
    }
  });

  it('has Keras’s parameter count (3·u·(u + d + 2)) and exports to Keras with reset_after=True', () => {
    const d = doc({ units: 128 });
    const a = analyze(d);
    const gru = d.nodes[1]!;
    const count = a.nodes.get(gru.id)!.params.trainable;
    expect(count).toBe(3 * 128 * (128 + 3 + 2));
    const { model } = buildModel(tf, d, 1);
    expect(model.countParams()).toBe(count);
    model.dispose();
    expect(emitKerasLayer(getLayer('GRU')!, gru.params, 'gru_1')).toContain('reset_after=True');
    expect(emitKerasLayer(getLayer('GRU')!, { ...gru.params, resetAfter: false }, 'gru_1')).toContain('reset_after=False');
  });
});
