/**
 * The fused GRU(64) [30, 8] training loop alone on Node wasm, for a CPU profile (docs/fused-recurrent.md):
 *   npx esbuild bench/fused-profile.ts --bundle --platform=node --format=esm --packages=external --target=node20 --outfile=out/bench/fused-profile.mjs
 *   node --cpu-prof out/bench/fused-profile.mjs   (BATCHES=80 for a longer loop)
 * With FUSED_PROFILE_COMPARE=1 it instead prints fused vs reference samples/s and kernels per batch for every
 * shape on wasm (a quick check between full `npm run bench -- training` runs).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { SHAPES, measureShape, trainer } from './recurrent-core';

await tf.setBackend('wasm');
await tf.ready();
if (process.env.FUSED_PROFILE_COMPARE === '1') {
  for (const s of SHAPES) {
    const r = await measureShape(tf, s, { batch: 64, batches: Number(process.env.BATCHES ?? 4), runs: Number(process.env.RUNS ?? 3) });
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `${s.name}: fused ${med(r.fused).toFixed(0)} vs reference ${med(r.reference).toFixed(0)} samples/s, ratio ${med(r.ratios).toFixed(2)}×; kernels ${r.kernels.fused.engine} vs ${r.kernels.reference.engine} (${((100 * r.kernels.fused.engine) / r.kernels.reference.engine).toFixed(1)} %) top ${JSON.stringify(r.kernels.fused.top)}`,
    );
  }
} else {
  const t = trainer(tf, SHAPES[1]!, 'fused', 64, 4);
  for (let w = 0; w < 3; w++) await t.step(w % 4);
  const n = Number(process.env.BATCHES ?? 60);
  const t0 = performance.now();
  for (let b = 0; b < n; b++) await t.step(b % 4);
  const s = (performance.now() - t0) / 1000;
  console.log(`fused GRU(64) [30, 8] on wasm: ${((n * 64) / s).toFixed(0)} samples/s over ${n} batches`);
  t.dispose();
}
