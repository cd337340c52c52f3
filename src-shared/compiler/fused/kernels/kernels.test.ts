/**
 * Each fused step kernel on cpu and wasm equals the composite tfjs math (composite.ts) on random inputs, for
 * every activation pair with a kernel; the kernel is really dispatched (one engine kernel of that name); an
 * activation without a kernel takes the composite path.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../data/prepare';
import { fusedActivation, type FusedActivation } from '../activations';
import * as composite from './composite';
import { KERNEL_ACTIVATIONS, type KernelName } from './names';
import * as ops from './ops';
import { registerFusedKernels } from './register';

type T = tf.Tensor;

function activation(name: string): FusedActivation {
  const layer = tf.layers.activation({ activation: name as 'tanh' }) as unknown as { activation: { apply(x: T): T; getClassName(): string } };
  const a = fusedActivation(tf, layer.activation);
  if (!a) throw new Error(`no fused activation ${name}`);
  return a;
}

// the inputs' generator; a case reseeds it to draw the same inputs for the kernel and the composite path
let rng = mulberry32(16);
function rand(shape: number[], lo = -1.5, hi = 1.5): T {
  return tf.tensor(Float32Array.from({ length: shape[0]! * shape[1]! }, () => lo + rng() * (hi - lo)), shape);
}

/** max |a − b| / max(max |b|, 1e-6) over every output pair. */
function worstRel(a: T[], b: T[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((x, i) => {
    expect(x.shape).toEqual(b[i]!.shape);
    const ref = tf.max(tf.abs(b[i]!)).dataSync()[0]!;
    const d = tf.max(tf.abs(tf.sub(x, b[i]!))).dataSync()[0]!;
    worst = Math.max(worst, d / Math.max(ref, 1e-6));
  });
  return worst;
}

/** The kernels a call dispatched, by name. */
async function dispatched(f: () => T[]): Promise<string[]> {
  const p = await tf.profile(() => f());
  return p.kernels.map((k) => k.name);
}

interface Case {
  name: KernelName;
  acts: ('act' | 'rec')[];
  run(impl: typeof ops | typeof composite, act: FusedActivation, rec: FusedActivation): T[];
}

// B 3, u 7: one 4-lane group and a 3-lane tail per row
const B = 3, u = 7;
function cases(): Case[] {
  const w = (k: number): T => rand([B, k * u]);
  const y01 = (k: number): T => rand([B, k * u], 0.01, 0.99);
  return [
    { name: 'LayerloomGruZR', acts: ['rec'], run: (m, _a, r) => { const i = [w(2), w(2), w(1)] as const; return m.gruZR(tf, ...i, r); } },
    { name: 'LayerloomGruH', acts: ['act'], run: (m, a) => { const i = [w(1), w(1), w(1), y01(2)] as const; return m.gruH(tf, ...i, a); } },
    { name: 'LayerloomGruBackH', acts: ['act', 'rec'], run: (m, a, r) => { const i = [w(1), w(1), w(1), y01(2)] as const; return m.gruBackH(tf, ...i, a, r); } },
    { name: 'LayerloomGruBackZR', acts: ['rec'], run: (m, _a, r) => { const i = [w(1), w(1), w(1), y01(2)] as const; return m.gruBackZR(tf, ...i, r); } },
    { name: 'LayerloomGruRaCell', acts: ['act', 'rec'], run: (m, a, r) => { const i = [w(2), w(1), w(3), w(1)] as const; return m.gruRaCell(tf, ...i, a, r); } },
    { name: 'LayerloomGruRaBack', acts: ['act', 'rec'], run: (m, a, r) => { const i = [w(1), w(1), y01(2), w(1), w(3)] as const; return m.gruRaBack(tf, ...i, a, r); } },
    { name: 'LayerloomLstmCell', acts: ['act', 'rec'], run: (m, a, r) => { const i = [w(4), w(4), w(1)] as const; return m.lstmCell(tf, ...i, a, r); } },
    { name: 'LayerloomLstmBack', acts: ['act', 'rec'], run: (m, a, r) => { const i = [w(1), w(1), w(1), y01(4), w(1)] as const; return m.lstmBack(tf, ...i, a, r); } },
    { name: 'LayerloomRnnCell', acts: ['act'], run: (m, a) => { const i = [w(1), w(1)] as const; return [m.rnnCell(tf, ...i, a)]; } },
    { name: 'LayerloomRnnBack', acts: ['act'], run: (m, a) => { const i = [w(1), w(1)] as const; return [m.rnnBack(tf, ...i, a)]; } },
  ];
}

beforeAll(() => registerFusedKernels(tf));

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused step kernels on ${backend}`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
    });

    for (const c of cases()) {
      it(`${c.name} equals the composite math for every activation pair, in one dispatch`, async () => {
        for (const an of c.acts.includes('act') ? KERNEL_ACTIVATIONS : ['tanh']) {
          for (const rn of c.acts.includes('rec') ? KERNEL_ACTIVATIONS : ['sigmoid']) {
            const act = activation(an), rec = activation(rn);
            const seed = Math.floor(rng() * 1e9);
            const draw = (m: typeof ops | typeof composite): T[] => {
              rng = mulberry32(seed);
              return c.run(m, act, rec);
            };
            const kernels = await dispatched(() => draw(ops));
            expect(kernels.filter((k) => k.startsWith('Layerloom')), `${c.name} ${an}/${rn}`).toEqual([c.name]);
            const got = tf.tidy(() => draw(ops));
            const want = tf.tidy(() => draw(composite));
            expect(worstRel(got, want), `${c.name} act ${an}, rec ${rn}`).toBeLessThan(2e-6);
            tf.dispose([...got, ...want]);
          }
        }
      });
    }

    it('LayerloomGradSum equals base + mask ⊙ (x + y) + dy for every combination of present terms, in one dispatch', async () => {
      for (const hasY of [false, true])
        for (const hasMask of [false, true])
          for (const hasDy of [false, true]) {
            const [base, x, y, mask, dy] = [rand([B, u]), rand([B, u]), rand([B, u]), rand([B, u], 0, 2), rand([B, u])];
            const args = [base!, x!, hasY ? y! : null, hasMask ? mask! : null, hasDy ? dy! : null] as const;
            const names = await dispatched(() => [ops.gradSum(tf, ...args)]);
            expect(names.filter((k) => k.startsWith('Layerloom'))).toEqual(['LayerloomGradSum']);
            const got = ops.gradSum(tf, ...args);
            const want = composite.gradSum(tf, ...args);
            expect(worstRel([got], [want]), `y ${hasY} mask ${hasMask} dy ${hasDy}`).toBeLessThan(1e-6);
            tf.dispose([base!, x!, y!, mask!, dy!, got, want]);
          }
    });

    it('takes the composite path for an activation without a kernel (elu), with the same numbers', async () => {
      const elu = activation('elu');
      const sig = activation('sigmoid');
      expect(ops.kernelAvailable(tf, 'LayerloomGruZR', sig)).toBe(true);
      expect(ops.kernelAvailable(tf, 'LayerloomGruH', elu)).toBe(false);
      const [ph, mh, h, zr] = [rand([B, u]), rand([B, u]), rand([B, u]), rand([B, 2 * u], 0.01, 0.99)];
      const names = await dispatched(() => ops.gruH(tf, ph!, mh!, h!, zr!, elu));
      expect(names.some((k) => k.startsWith('Layerloom'))).toBe(false);
      expect(worstRel(ops.gruH(tf, ph!, mh!, h!, zr!, elu), composite.gruH(tf, ph!, mh!, h!, zr!, elu))).toBe(0);
    });
  });
}

