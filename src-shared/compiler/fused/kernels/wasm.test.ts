/**
 * The wasm kernels module: its exp / tanh / sigmoid approximations against Math over the whole float range
 * (bounds documented in kernels-wasm/gates.ts), and the committed bytes are what the AssemblyScript source
 * compiles to today.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { kernelsReady } from './gate';
import { gatesFor, registerWasmFusedKernels } from './wasm';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function approx(f: 0 | 1 | 2, xs: number[]): Float32Array {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const g = gatesFor(memory);
  if (!g) throw new Error('the kernels module did not instantiate');
  const n = xs.length;
  const heap = new Float32Array(memory.buffer);
  heap.set(xs, 16);
  g.approx(16 * 4, (16 + n) * 4, n, f);
  return heap.slice(16 + n, 16 + 2 * n);
}

/** Dense grid over [lo, hi] plus tiny magnitudes, rounded to float32 (what the kernels see). */
function grid(lo: number, hi: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i <= 20000; i++) xs.push(Math.fround(lo + ((hi - lo) * i) / 20000));
  for (let e = -30; e <= 0; e += 0.25) xs.push(Math.fround(10 ** e), Math.fround(-(10 ** e)));
  return xs;
}

function worstRel(got: Float32Array, xs: number[], f: (x: number) => number): number {
  let worst = 0;
  xs.forEach((x, i) => {
    const want = f(x);
    worst = Math.max(worst, Math.abs(got[i]! - want) / Math.max(Math.abs(want), 1e-30));
  });
  return worst;
}

describe('wasm kernels module', () => {
  it('exp is within 1e-7 relative of Math.exp over [-87, 88]', () => {
    const xs = grid(-87, 88);
    expect(worstRel(approx(0, xs), xs, Math.exp)).toBeLessThan(1e-7);
  });

  it('tanh is within 4e-7 relative of Math.tanh over [-20, 20], saturates to ±1 and is x for tiny x', () => {
    const xs = grid(-20, 20);
    expect(worstRel(approx(1, xs), xs, Math.tanh)).toBeLessThan(4e-7);
    expect(Array.from(approx(1, [-1e30, -100, 100, 1e30, 1e-20, 0]))).toEqual([-1, -1, 1, 1, Math.fround(1e-20), 0]);
  });

  it('sigmoid is within 2e-7 relative of 1 / (1 + Math.exp(-x)) over [-80, 80], and finite (no NaN) out to ±1e30', () => {
    const xs = grid(-80, 80);
    expect(worstRel(approx(2, xs), xs, (x) => 1 / (1 + Math.exp(-x)))).toBeLessThan(2e-7);
    const far = approx(2, [-1e30, -1e4, -200, 200, 1e4, 1e30]);
    for (const v of far) expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(far.slice(3))).toEqual([1, 1, 1]);
    for (const v of far.slice(0, 3)) expect(v).toBeLessThan(1e-37);
  });

  it('exp stays finite (clamped) far outside the float range, never NaN', () => {
    for (const v of approx(0, [-1e30, -1000, 1000, 1e30])) expect(Number.isFinite(v)).toBe(true);
  });

  it("is reported unusable (the ops take the composite path) on a memory it cannot import, e.g. a threaded build's shared one", () => {
    registerWasmFusedKernels(tf);
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(gatesFor(shared)).toBeNull();
    expect(kernelsReady('wasm', { wasm: { asm: { memory: shared } } })).toBe(false);
    expect(kernelsReady('wasm', { wasm: { asm: { memory: new WebAssembly.Memory({ initial: 1 }) } } })).toBe(true);
  });

  it('is up to date with kernels-wasm/gates.ts (else run node scripts/build-kernels.mjs)', () => {
    expect(() => execFileSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });
});
