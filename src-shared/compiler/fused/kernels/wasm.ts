/**
 * The fused step kernels on tfjs-backend-wasm: the elementwise math runs in a small wasm SIMD module compiled
 * from AssemblyScript (kernels-wasm/gates.ts → wasm-bytes.generated.ts by scripts/build-kernels.mjs).
 *
 * The module imports the backend's own WebAssembly.Memory (the Emscripten heap where tfjs keeps every tensor),
 * so a kernel is one call with the tensors' heap offsets: no copies in or out. Outputs are allocated through
 * the backend (`makeOutput`), inputs read where they lie (`dataIdMap.get(dataId).memoryOffset`). The module is
 * instantiated synchronously (`new WebAssembly.Module`, fine for ~30 KB in Node, workers and pages) once per
 * Memory; when that fails (e.g. a threaded build's shared memory, or no SIMD) the gate below says so and the
 * ops take the composite path.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';
import { setKernelGate } from './gate';
import { GRAD_SUM, GRU_BACK_H, GRU_BACK_ZR, GRU_H, GRU_RA_BACK, GRU_RA_CELL, GRU_ZR, LSTM_BACK, LSTM_CELL, RNN_BACK, RNN_CELL, activationCode, isKernelActivation, type KernelName } from './names';
import { GATES_WASM_BASE64 } from './wasm-bytes.generated';

interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackend {
  wasm: { asm?: { memory?: object }; wasmMemory?: object };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: string): TensorInfo;
}
type Fn = (...args: number[]) => void;
/** The module's exports (kernels-wasm/gates.ts). */
export interface GatesExports {
  gruZR: Fn;
  gruH: Fn;
  gruBackH: Fn;
  gruBackZR: Fn;
  gruRaCell: Fn;
  gruRaBack: Fn;
  lstmCell: Fn;
  lstmBack: Fn;
  rnnCell: Fn;
  rnnBack: Fn;
  gradSum: Fn;
  approx: Fn;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

function decodeBase64(s: string): Uint8Array {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const map = new Int16Array(128).fill(-1);
  for (let i = 0; i < A.length; i++) map[A.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | map[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

let compiled: object | null | undefined;
const INSTANCES = new WeakMap<object, GatesExports | null>();

/** The kernels module instantiated against `memory` (a WebAssembly.Memory), or null when that fails. */
export function gatesFor(memory: object): GatesExports | null {
  const hit = INSTANCES.get(memory);
  if (hit !== undefined) return hit;
  let ex: GatesExports | null = null;
  try {
    const W = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    if (compiled === undefined) compiled = new W.Module(decodeBase64(GATES_WASM_BASE64));
    if (compiled) ex = new W.Instance(compiled, { env: { memory } }).exports as GatesExports;
  } catch {
    compiled ??= null;
    ex = null;
  }
  INSTANCES.set(memory, ex);
  return ex;
}

function memoryOf(backend: WasmBackend): object | null {
  return backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory ?? null;
}

function gatesOf(backend: WasmBackend): GatesExports | null {
  const m = memoryOf(backend);
  return m ? gatesFor(m) : null;
}

interface Ctx {
  inputs: Record<string, TensorInfo | undefined>;
  attrs: Record<string, unknown>;
  backend: WasmBackend;
}

function ptr(ctx: Ctx, name: string): number {
  const t = ctx.inputs[name];
  if (!t) throw new Error(`fused kernel: input "${name}" missing`);
  return ctx.backend.dataIdMap.get(t.dataId).memoryOffset;
}

function code(ctx: Ctx, key: 'act' | 'rec'): number {
  const a = String(ctx.attrs[key]);
  if (!isKernelActivation(a)) throw new Error(`fused kernel: no kernel for activation "${a}"`);
  return activationCode(a);
}

/** New [B, w] outputs and their heap offsets. */
function outputs(ctx: Ctx, B: number, widths: number[]): [TensorInfo[], number[]] {
  const infos = widths.map((w) => ctx.backend.makeOutput([B, w], 'float32'));
  return [infos, infos.map((i) => ctx.backend.dataIdMap.get(i.dataId).memoryOffset)];
}

function dims(ctx: Ctx, name: string): [number, number] {
  const s = ctx.inputs[name]!.shape;
  return [s[0]!, s[1]!];
}

function ex(ctx: Ctx): GatesExports {
  const g = gatesOf(ctx.backend);
  if (!g) throw new Error('fused kernel: the wasm kernels module could not be instantiated on this backend');
  return g;
}

const KERNELS: Record<KernelName, (ctx: Ctx) => TensorInfo | TensorInfo[]> = {
  [GRU_ZR](ctx) {
    const [B, u] = dims(ctx, 'hd');
    const [o, p] = outputs(ctx, B, [2 * u, u]);
    ex(ctx).gruZR(ptr(ctx, 'pzr'), ptr(ctx, 'mzr'), ptr(ctx, 'hd'), p[0]!, p[1]!, B, u, code(ctx, 'rec'));
    return o;
  },
  [GRU_H](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [o, p] = outputs(ctx, B, [u, u]);
    ex(ctx).gruH(ptr(ctx, 'ph'), ptr(ctx, 'mh'), ptr(ctx, 'h'), ptr(ctx, 'zr'), p[0]!, p[1]!, B, u, code(ctx, 'act'));
    return o;
  },
  [GRU_BACK_H](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [o, p] = outputs(ctx, B, [u, u, u]);
    ex(ctx).gruBackH(ptr(ctx, 'dh'), ptr(ctx, 'h'), ptr(ctx, 'a'), ptr(ctx, 'zr'), p[0]!, p[1]!, p[2]!, B, u, code(ctx, 'act'), code(ctx, 'rec'));
    return o;
  },
  [GRU_BACK_ZR](ctx) {
    const [B, u] = dims(ctx, 'hd');
    const [o, p] = outputs(ctx, B, [2 * u, u]);
    ex(ctx).gruBackZR(ptr(ctx, 'dz'), ptr(ctx, 'drh'), ptr(ctx, 'hd'), ptr(ctx, 'zr'), p[0]!, p[1]!, B, u, code(ctx, 'rec'));
    return o;
  },
  [GRU_RA_CELL](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [o, p] = outputs(ctx, B, [2 * u, u, u]);
    ex(ctx).gruRaCell(ptr(ctx, 'pzr'), ptr(ctx, 'ph'), ptr(ctx, 'q'), ptr(ctx, 'h'), p[0]!, p[1]!, p[2]!, B, u, code(ctx, 'act'), code(ctx, 'rec'));
    return o;
  },
  [GRU_RA_BACK](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [o, p] = outputs(ctx, B, [3 * u, u, u]);
    ex(ctx).gruRaBack(ptr(ctx, 'dh'), ptr(ctx, 'h'), ptr(ctx, 'zr'), ptr(ctx, 'a'), ptr(ctx, 'q'), p[0]!, p[1]!, p[2]!, B, u, code(ctx, 'act'), code(ctx, 'rec'));
    return o;
  },
  [LSTM_CELL](ctx) {
    const [B, u] = dims(ctx, 'c');
    const [o, p] = outputs(ctx, B, [4 * u, u, u, u]);
    ex(ctx).lstmCell(ptr(ctx, 'p'), ptr(ctx, 'm'), ptr(ctx, 'c'), p[0]!, p[1]!, p[2]!, p[3]!, B, u, code(ctx, 'act'), code(ctx, 'rec'));
    return o;
  },
  [LSTM_BACK](ctx) {
    const [B, u] = dims(ctx, 'c');
    const [o, p] = outputs(ctx, B, [4 * u, u]);
    ex(ctx).lstmBack(ptr(ctx, 'dh'), ptr(ctx, 'dc'), ptr(ctx, 'c'), ptr(ctx, 'gates'), ptr(ctx, 'ac'), p[0]!, p[1]!, B, u, code(ctx, 'act'), code(ctx, 'rec'));
    return o;
  },
  [RNN_CELL](ctx) {
    const [B, u] = dims(ctx, 'p');
    const [o, p] = outputs(ctx, B, [u]);
    ex(ctx).rnnCell(ptr(ctx, 'p'), ptr(ctx, 'm'), p[0]!, B * u, code(ctx, 'act'));
    return o[0]!;
  },
  [RNN_BACK](ctx) {
    const [B, u] = dims(ctx, 'h');
    const [o, p] = outputs(ctx, B, [u]);
    ex(ctx).rnnBack(ptr(ctx, 'dh'), ptr(ctx, 'h'), p[0]!, B * u, code(ctx, 'act'));
    return o[0]!;
  },
  [GRAD_SUM](ctx) {
    const [B, u] = dims(ctx, 'base');
    const [o, p] = outputs(ctx, B, [u]);
    const opt = (flag: string, name: string): number => (ctx.attrs[flag] ? ptr(ctx, name) : 0);
    ex(ctx).gradSum(ptr(ctx, 'base'), ptr(ctx, 'x'), opt('hasY', 'y'), opt('hasMask', 'mask'), opt('hasDy', 'dy'), p[0]!, B * u);
    return o[0]!;
  },
};

/** Registers the wasm kernels (idempotent) and their gate: usable once the module instantiates on the backend's memory. */
export function registerWasmFusedKernels(tf: TfModule): void {
  setKernelGate('wasm', (backend) => gatesOf(backend as WasmBackend) !== null);
  for (const [name, fn] of Object.entries(KERNELS)) {
    if (tf.getKernel(name, 'wasm')) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: fn as unknown as tfjs.KernelFunc });
  }
}
