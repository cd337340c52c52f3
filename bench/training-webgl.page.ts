/**
 * Runs in headless Chromium (bundled by training.bench.ts): the benchmark model trained with the
 * Layerloom loop and with a hand-written model.fit on the tfjs WebGL backend. Sets window.__result.
 */
import * as tf from '@tensorflow/tfjs';
import { parseCsvText } from '../src-shared/data/csv';
import { prepare, buildBatch } from '../src-shared/data/prepare';
import { sequential } from '../src-shared/graph/builder';
import { buildModel, fitGraphToData } from '../src-shared/train/model';
import { train } from '../src-shared/train/loop';
import { trainingSettings } from '../src-shared/train/settings';

declare const window: { __params: { samples: number; lookback: number; features: number; batch: number; runs: number }; __result?: unknown; __error?: string };

async function main(): Promise<void> {
  const { samples, lookback, features, batch, runs } = window.__params;
  const ok = await tf.setBackend('webgl');
  if (!ok) throw new Error('no WebGL');
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  const lines = [Array.from({ length: features }, (_, i) => `f${i}`).join(',')];
  for (let r = 0; r < samples + lookback + 1; r++) lines.push(Array.from({ length: features }, (_, c) => Math.sin(r / (5 + c)).toFixed(4)).join(','));
  const p = prepare(await parseCsvText(lines.join('\n')), {
    task: 'regression',
    mode: 'sequence',
    targets: ['f0'],
    features: Array.from({ length: features }, (_, i) => `f${i}`),
    lookback,
    horizon: 1,
    split: { train: 1, validation: 0, test: 0 },
  });
  const graph = sequential('bench', [
    { kind: 'Input', label: 'window', params: { shape: [lookback, features], source: 'dataset' } },
    { kind: 'GRU', label: 'gru', params: { units: 64 } },
    { kind: 'Dense', label: 'out', params: { units: 1 } },
  ]);
  const settings = trainingSettings({ epochs: 1, batchSize: batch, validationSplit: 0, seed: 1 });
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { model } = buildModel(tf, fitGraphToData(graph, p), 1);
    const cfg = model.getLayer('gru').getConfig();
    await train({ tf, model, prepared: p, settings });
    let t0 = performance.now();
    await train({ tf, model, prepared: p, settings });
    ours.push(performance.now() - t0);
    model.dispose();
    const hand = tf.sequential({
      layers: [
        tf.layers.gru({ units: 64, inputShape: [lookback, features], recurrentInitializer: 'glorotUniform', recurrentActivation: cfg.recurrentActivation as 'sigmoid' }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    hand.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.meanSquaredError });
    const b = buildBatch(p, 'train');
    const xs = tf.tensor(b.x, b.xShape);
    const ys = tf.tensor(b.y, b.yShape);
    await hand.fit(xs, ys, { batchSize: batch, epochs: 1, verbose: 0 });
    t0 = performance.now();
    await hand.fit(xs, ys, { batchSize: batch, epochs: 1, verbose: 0 });
    theirs.push(performance.now() - t0);
    xs.dispose();
    ys.dispose();
    hand.dispose();
  }
  window.__result = { renderer, samples: p.splits.train.length, ours, theirs };
}

main().catch((e: unknown) => (window.__error = String((e as Error)?.stack ?? e)));
