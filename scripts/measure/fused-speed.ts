/**
 * Quick measurement (not a test): training samples/s of GRU(64) → Dense(1) on [30, 8], batch 64, Adam,
 * fused vs stock recurrent layers, on tfjs wasm in Node (one thread). Run: npx esbuild scripts/measure/fused-speed.ts --bundle --platform=node --format=esm --packages=external --outfile=out/fused-speed.mjs && node out/fused-speed.mjs [gru|lstm] [units] [steps] [features] [backend]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { fusedClasses } from '../../src-shared/compiler/fused/index';

const [kind = 'gru', unitsS = '64', stepsS = '30', featS = '8', backend = 'wasm'] = process.argv.slice(2);
const units = Number(unitsS);
const steps = Number(stepsS);
const feats = Number(featS);
const batch = 64;
const batches = 30;

function model(fused: boolean): tf.LayersModel {
  const cfg = { units, recurrentActivation: 'sigmoid' as const, inputShape: [steps, feats] };
  const C = fusedClasses(tf);
  const rnn = fused ? new (kind === 'lstm' ? C.LSTM : C.GRU)({ ...cfg }) : kind === 'lstm' ? tf.layers.lstm(cfg) : tf.layers.gru(cfg);
  const m = tf.sequential({ layers: [rnn, tf.layers.dense({ units: 1 })] });
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return m;
}

async function time(fused: boolean): Promise<number> {
  const m = model(fused);
  const x = tf.randomNormal([batch, steps, feats]);
  const y = tf.randomNormal([batch, 1]);
  for (let i = 0; i < 3; i++) await m.trainOnBatch(x, y);
  const t0 = performance.now();
  for (let i = 0; i < batches; i++) await m.trainOnBatch(x, y);
  const s = (performance.now() - t0) / 1000;
  tf.dispose([x, y]);
  m.dispose();
  return (batch * batches) / s;
}

await tf.setBackend(backend);
await tf.ready();
const stock = await time(false);
const fused = await time(true);
console.log(`${kind.toUpperCase()}(${units}) [${steps}, ${feats}] batch ${batch} on ${tf.getBackend()}: stock ${stock.toFixed(0)} samples/s, fused ${fused.toFixed(0)} samples/s, ×${(fused / stock).toFixed(2)}`);
