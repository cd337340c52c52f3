/**
 * Runs in headless Chromium (bundled by fused-kernels-webgl.spec.ts): each fused step kernel's WebGL programs
 * (src-shared/compiler/fused/kernels/webgl.ts) against the composite tfjs ops (composite.ts, the reference
 * math) on random inputs, for every activation pair with a kernel, at odd and even batch sizes and units (packed
 * textures hold 2×2 values: odd sizes leave half-filled texels; even units take the vec4 path). Sets window.__result.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedActivation, type FusedActivation } from '../src-shared/compiler/fused/activations';
import * as composite from '../src-shared/compiler/fused/kernels/composite';
import { GRAD_SUM, GRU_BACK_H, GRU_BACK_ZR, GRU_H, GRU_RA_BACK, GRU_RA_CELL, GRU_ZR, KERNEL_ACTIVATIONS, LSTM_BACK, LSTM_CELL, RNN_BACK, RNN_CELL, type KernelName } from '../src-shared/compiler/fused/kernels/names';
import * as ops from '../src-shared/compiler/fused/kernels/ops';
import { CONCAT_ROWS, concatRows } from '../src-shared/compiler/fused/kernels/rows';
import { registerWebglFusedKernels } from '../src-shared/compiler/fused/kernels/webgl';

type T = tf.Tensor;
export interface KernelCase {
  kernel: string;
  act: string;
  rec: string;
  shape: string;
  /** The kernel ran (not the composite fallback). */
  ran: boolean;
  /** Largest |kernel − composite| over all outputs. */
  maxAbs: number;
  outputs: number;
}
declare const window: { __result?: unknown; __error?: string };

/** The stock tfjs activation object (as the layers hold it), made differentiable by hand like the fused layers do. */
function stockActivation(name: string): FusedActivation {
  const cell = tf.layers.simpleRNNCell({ units: 1, activation: name as 'tanh' });
  const a = fusedActivation(tf, (cell as unknown as { activation: { apply(x: T): T; getClassName(): string } }).activation);
  if (!a) throw new Error(`no fused activation for ${name}`);
  return a;
}

let seed = 11;
function rand(shape: number[]): T {
  return tf.randomUniform(shape, -2, 2, 'float32', seed++);
}

function maxAbs(a: T[], b: T[]): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  a.forEach((x, i) => {
    if (x.shape.join() !== b[i]!.shape.join()) m = Infinity;
    else m = Math.max(m, tf.max(tf.abs(tf.sub(x, b[i]!))).dataSync()[0]!);
  });
  return m;
}

async function main(): Promise<void> {
  if (!(await tf.setBackend('webgl'))) throw new Error('the WebGL backend did not start');
  await tf.ready();
  registerWebglFusedKernels(tf);
  const acts = KERNEL_ACTIVATIONS.map(stockActivation);
  const results: KernelCase[] = [];
  const before = tf.memory().numTensors;
  // odd u: the scalar path (4 values per texel); even u: the vec4 path, with an odd batch's padding row and without
  for (const [B, u] of [
    [3, 5],
    [3, 8],
    [4, 6],
  ] as const) {
    const run = (kernel: KernelName, act: FusedActivation | null, rec: FusedActivation | null, f: (k: typeof ops) => T | T[], g: () => T | T[]): void => {
      tf.tidy(() => {
        const ran = ops.kernelAvailable(tf, kernel, ...[act, rec].filter((x): x is FusedActivation => x !== null));
        const k = [f(ops)].flat();
        const c = [g()].flat();
        results.push({ kernel, act: act?.name ?? '-', rec: rec?.name ?? '-', shape: `B=${B} u=${u}`, ran, maxAbs: maxAbs(k, c), outputs: k.length });
      });
    };
    for (const act of acts) {
      for (const rec of acts) {
        const [pzr, mzr, hd, ph, mh, h, zr, dh, a, dz, drh] = [[B, 2 * u], [B, 2 * u], [B, u], [B, u], [B, u], [B, u], [B, 2 * u], [B, u], [B, u], [B, u], [B, u]].map(rand) as T[];
        const [q, p4, m4, c, dc, gates, ac] = [[B, 3 * u], [B, 4 * u], [B, 4 * u], [B, u], [B, u], [B, 4 * u], [B, u]].map(rand) as T[];
        run(GRU_BACK_H, act, rec, (k) => k.gruBackH(tf, dh!, h!, a!, zr!, act, rec), () => composite.gruBackH(tf, dh!, h!, a!, zr!, act, rec));
        run(GRU_RA_CELL, act, rec, (k) => k.gruRaCell(tf, pzr!, ph!, q!, h!, act, rec), () => composite.gruRaCell(tf, pzr!, ph!, q!, h!, act, rec));
        run(GRU_RA_BACK, act, rec, (k) => k.gruRaBack(tf, dh!, h!, zr!, a!, q!, act, rec), () => composite.gruRaBack(tf, dh!, h!, zr!, a!, q!, act, rec));
        run(LSTM_CELL, act, rec, (k) => k.lstmCell(tf, p4!, m4!, c!, act, rec), () => composite.lstmCell(tf, p4!, m4!, c!, act, rec));
        run(LSTM_BACK, act, rec, (k) => k.lstmBack(tf, dh!, dc!, c!, gates!, ac!, act, rec), () => composite.lstmBack(tf, dh!, dc!, c!, gates!, ac!, act, rec));
        if (act === acts[0]) {
          run(GRU_ZR, null, rec, (k) => k.gruZR(tf, pzr!, mzr!, hd!, rec), () => composite.gruZR(tf, pzr!, mzr!, hd!, rec));
          run(GRU_BACK_ZR, null, rec, (k) => k.gruBackZR(tf, dz!, drh!, hd!, zr!, rec), () => composite.gruBackZR(tf, dz!, drh!, hd!, zr!, rec));
        }
        if (rec === acts[0]) {
          run(GRU_H, act, null, (k) => k.gruH(tf, ph!, mh!, h!, zr!, act), () => composite.gruH(tf, ph!, mh!, h!, zr!, act));
          run(RNN_CELL, act, null, (k) => k.rnnCell(tf, ph!, mh!, act), () => composite.rnnCell(tf, ph!, mh!, act));
          run(RNN_BACK, act, null, (k) => k.rnnBack(tf, dh!, h!, act), () => composite.rnnBack(tf, dh!, h!, act));
        }
        tf.dispose([pzr!, mzr!, hd!, ph!, mh!, h!, zr!, dh!, a!, dz!, drh!, q!, p4!, m4!, c!, dc!, gates!, ac!]);
      }
    }
    const [base, x, y, mask, dy] = [0, 1, 2, 3, 4].map(() => rand([B, u])) as T[];
    for (let bits = 0; bits < 8; bits++) {
      const yy = bits & 1 ? y! : null;
      const mm = bits & 2 ? mask! : null;
      const dd = bits & 4 ? dy! : null;
      run(GRAD_SUM, null, null, (k) => k.gradSum(tf, base!, x!, yy, mm, dd), () => composite.gradSum(tf, base!, x!, yy, mm, dd));
    }
    tf.dispose([base!, x!, y!, mask!, dy!]);
  }
  // the backward pass's row stacking: 60 steps (more inputs than one program samples), an even batch (the kernel)
  // and an odd one (tf.concat); the kernel's copy is exact
  for (const [steps, B, w] of [
    [60, 4, 6],
    [17, 2, 5],
    [5, 3, 4],
  ] as const) {
    tf.tidy(() => {
      const xs = Array.from({ length: steps }, () => tf.mul(rand([B, w]), 1));
      const ran = B % 2 === 0 && tf.getKernel(CONCAT_ROWS, 'webgl') !== undefined;
      results.push({ kernel: CONCAT_ROWS, act: '-', rec: '-', shape: `T=${steps} B=${B} w=${w}`, ran: ran || B % 2 === 1, maxAbs: maxAbs([concatRows(tf, xs)], [tf.concat(xs, 0)]), outputs: 1 });
    });
  }
  window.__result = { backend: tf.getBackend(), results, leaked: tf.memory().numTensors - before };
}

main().catch((e: unknown) => {
  window.__error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
});
