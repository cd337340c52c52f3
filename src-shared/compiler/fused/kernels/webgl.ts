/**
 * The fused step kernels (names.ts) as WebGL programs, run through the webgl backend's `compileAndRun`.
 *
 * Every program reads and writes packed textures (2×2 values per texel, tfjs's default with WEBGL_PACK): the
 * recurrent products (tfjs matMul) produce packed textures and consume them, so packed programs spare the
 * pack/unpack program tfjs would otherwise run for each input and output. A kernel with k outputs is k programs
 * (each recomputes the few values it needs; a program is one dispatch either way). Activations are tfjs's own
 * GLSL (tanh, sigmoid, relu as the webgl backend writes them; hardSigmoid as tfjs-layers composes it), so the
 * forward values are the stock layer's. src-shared imports nothing from tfjs-backend-webgl: the backend is the
 * object tfjs passes to kernelFunc, typed structurally here.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfModule } from '../../../layers/types';
import {
  GRAD_SUM,
  GRU_BACK_H,
  GRU_BACK_ZR,
  GRU_H,
  GRU_RA_BACK,
  GRU_RA_CELL,
  GRU_ZR,
  LSTM_BACK,
  LSTM_CELL,
  RNN_BACK,
  RNN_CELL,
  isKernelActivation,
  type KernelActivation,
  type KernelName,
} from './names';
import { CONCAT_ROWS } from './rows';

type Info = tfjs.TensorInfo;

/** A tfjs GPGPUProgram (tfjs-backend-webgl's interface, structurally). */
export interface WebglProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: boolean;
  packedOutput: boolean;
}

/** What the kernels use of tfjs-backend-webgl's MathBackendWebGL. */
export interface WebglBackend {
  compileAndRun(program: WebglProgram, inputs: Info[]): Info;
}

/** act(v_) in GLSL for a float (one value) and a vec4 (a packed texel), as the stock activation computes it on webgl. */
const FORWARD: Record<KernelActivation, { float: string; vec4: string }> = {
  // tfjs-backend-webgl Tanh
  tanh: {
    float: 'float e2x = exp(-2.0 * abs(v_)); return sign(v_) * (1.0 - e2x) / (1.0 + e2x);',
    vec4: 'vec4 e2x = exp(-2.0 * abs(v_)); return sign(v_) * (1.0 - e2x) / (1.0 + e2x);',
  },
  // tfjs-backend-webgl Sigmoid
  sigmoid: { float: 'return 1.0 / (1.0 + exp(-1.0 * v_));', vec4: 'return 1.0 / (1.0 + exp(-1.0 * v_));' },
  // tfjs-layers: clipByValue(0.5 + 0.2·x, 0, 1)
  hardSigmoid: { float: 'return clamp(0.5 + 0.2 * v_, 0.0, 1.0);', vec4: 'return clamp(0.5 + 0.2 * v_, 0.0, 1.0);' },
  // tfjs-backend-webgl Relu (unpacked and packed)
  relu: {
    float: 'if (isnan(v_)) return v_; return (v_ < 0.0) ? 0.0 : v_;',
    vec4: `vec4 r_ = v_ * vec4(greaterThanEqual(v_, vec4(0.0))); bvec4 n_ = isnan(v_);
  r_.r = n_.r ? v_.r : r_.r; r_.g = n_.g ? v_.g : r_.g; r_.b = n_.b ? v_.b : r_.b; r_.a = n_.a ? v_.a : r_.a; return r_;`,
  },
  linear: { float: 'return v_;', vec4: 'return v_;' },
};

/** act'(x) in terms of y = act(x) (activations.ts), for a float and a vec4. */
const DERIVATIVE: Record<KernelActivation, { float: string; vec4: string }> = {
  tanh: { float: 'return 1.0 - v_ * v_;', vec4: 'return 1.0 - v_ * v_;' },
  sigmoid: { float: 'return v_ * (1.0 - v_);', vec4: 'return v_ * (1.0 - v_);' },
  hardSigmoid: { float: 'return (v_ > 0.0 && v_ < 1.0) ? 0.2 : 0.0;', vec4: 'return 0.2 * vec4(greaterThan(v_, vec4(0.0))) * vec4(lessThan(v_, vec4(1.0)));' },
  relu: { float: 'return v_ > 0.0 ? 1.0 : 0.0;', vec4: 'return vec4(greaterThan(v_, vec4(0.0)));' },
  linear: { float: 'return 1.0;', vec4: 'return vec4(1.0);' },
};

function activation(attr: unknown, what: string): KernelActivation {
  if (typeof attr !== 'string' || !isKernelActivation(attr)) throw new Error(`fused WebGL kernel: activation ${what}=${String(attr)} has no kernel`);
  return attr;
}

function activationFunctions(act: KernelActivation | null, rec: KernelActivation | null, type: 'float' | 'vec4'): string {
  const fns: string[] = [];
  if (act) fns.push(`${type} fAct(${type} v_) { ${FORWARD[act][type]} }`, `${type} dAct(${type} v_) { ${DERIVATIVE[act][type]} }`);
  if (rec) fns.push(`${type} fRec(${type} v_) { ${FORWARD[rec][type]} }`, `${type} dRec(${type} v_) { ${DERIVATIVE[rec][type]} }`);
  return fns.join('\n');
}

function getter(name: string): string {
  return `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * `e_<name>(row, col)`: one value of a packed input. A packed texel holds rows r, r+1 and columns c, c+1 (r, c
 * even) as x, y, z, w; tfjs's sampler returns the texel holding (row, col).
 */
function elementFetchers(names: string[]): string {
  return names
    .map(
      (n) => `float e_${n}(int row_, int col_) {
  vec4 t_ = ${getter(n)}(row_, col_);
  int k_ = 2 * (row_ - 2 * (row_ / 2)) + (col_ - 2 * (col_ / 2));
  return k_ == 0 ? t_.x : (k_ == 1 ? t_.y : (k_ == 2 ? t_.z : t_.w));
}`,
    )
    .join('\n');
}

/**
 * A packed program computing out[row_, col_] = `body` (GLSL statements ending in a return; `row_`, `col_`, `U`
 * (units) in scope; inputs read with `e_<name>(row, col)`; values are `float`).
 *
 * When u is even every column the bodies read (col_ + k·u) lies in the same texel position as the output's, so
 * the same body runs once per texel on vec4s (`float` → `vec4`, `e_` → the texel itself): one fetch per input
 * and texel instead of four. Bodies branch only on the column block (a multiple of u), which both columns of a
 * texel share. The padding row of an odd batch is written as 0, as the scalar path does.
 */
export function packedProgram(act: KernelActivation | null, rec: KernelActivation | null, inputs: string[], shape: [number, number], units: number, body: string): WebglProgram {
  const [rows, cols] = shape;
  const vec = units % 2 === 0;
  const main = vec
    ? `
${activationFunctions(act, rec, 'vec4')}
${inputs.map((n) => `vec4 g_${n}(int row_, int col_) { return ${getter(n)}(row_, col_); }`).join('\n')}
vec4 value_(int row_, int col_) {
  ${body.replace(/\bfloat /g, 'vec4 ').replace(/\be_/g, 'g_')}
}
void main() {
  ivec2 rc_ = getOutputCoords();
  vec4 o_ = value_(rc_.x, rc_.y);
  if (rc_.x + 1 >= ${rows}) o_.zw = vec2(0.0);
  setOutput(o_);
}`
    : `
${activationFunctions(act, rec, 'float')}
${elementFetchers(inputs)}
float value_(int row_, int col_) {
  ${body}
}
void main() {
  ivec2 rc_ = getOutputCoords();
  vec4 o_ = vec4(0.0);
  o_.x = value_(rc_.x, rc_.y);
  if (rc_.y + 1 < ${cols}) o_.y = value_(rc_.x, rc_.y + 1);
  if (rc_.x + 1 < ${rows}) {
    o_.z = value_(rc_.x + 1, rc_.y);
    if (rc_.y + 1 < ${cols}) o_.w = value_(rc_.x + 1, rc_.y + 1);
  }
  setOutput(o_);
}`;
  return { variableNames: inputs, outputShape: shape, packedInputs: true, packedOutput: true, userCode: `const int U = ${units};\n${main}\n` };
}

interface KernelArgs {
  inputs: Record<string, Info | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

/** One output of a kernel: its shape (from B and u) and its value's GLSL. */
interface Output {
  cols: (u: number) => number;
  body: string;
}

interface KernelDef {
  name: KernelName;
  /** Inputs in the table's order; `optional` ones are present when attrs say so (GradSum). */
  inputs: (attrs: Record<string, unknown>) => string[];
  /** Which input's column count is u (its shape [B, u]) */
  unitsFrom: string;
  uses: { act: boolean; rec: boolean };
  outputs: (attrs: Record<string, unknown>) => Output[];
}

const u1 = (u: number): number => u;
const u2 = (u: number): number => 2 * u;
const u3 = (u: number): number => 3 * u;
const u4 = (u: number): number => 4 * u;

// GLSL snippets shared by the GRU programs: z and r of the saved [z, r] block
const Z = 'e_zr(row_, col_)';
const R = 'e_zr(row_, U + col_)';

const KERNELS: KernelDef[] = [
  {
    name: GRU_ZR,
    inputs: () => ['pzr', 'mzr', 'hd'],
    unitsFrom: 'hd',
    uses: { act: false, rec: true },
    outputs: () => [
      { cols: u2, body: 'return fRec(e_pzr(row_, col_) + e_mzr(row_, col_));' },
      { cols: u1, body: 'return fRec(e_pzr(row_, U + col_) + e_mzr(row_, U + col_)) * e_hd(row_, col_);' },
    ],
  },
  {
    name: GRU_H,
    inputs: () => ['ph', 'mh', 'h', 'zr'],
    unitsFrom: 'h',
    uses: { act: true, rec: false },
    outputs: () => [
      { cols: u1, body: 'return fAct(e_ph(row_, col_) + e_mh(row_, col_));' },
      { cols: u1, body: `float a_ = fAct(e_ph(row_, col_) + e_mh(row_, col_)); return a_ + ${Z} * (e_h(row_, col_) - a_);` },
    ],
  },
  {
    name: GRU_BACK_H,
    inputs: () => ['dh', 'h', 'a', 'zr'],
    unitsFrom: 'h',
    uses: { act: true, rec: true },
    outputs: () => [
      { cols: u1, body: `float dh_ = e_dh(row_, col_); return (dh_ - dh_ * ${Z}) * dAct(e_a(row_, col_));` },
      { cols: u1, body: `return e_dh(row_, col_) * (e_h(row_, col_) - e_a(row_, col_)) * dRec(${Z});` },
      { cols: u1, body: `return e_dh(row_, col_) * ${Z};` },
    ],
  },
  {
    name: GRU_BACK_ZR,
    inputs: () => ['dz', 'drh', 'hd', 'zr'],
    unitsFrom: 'dz',
    uses: { act: false, rec: true },
    outputs: () => [
      {
        cols: u2,
        body: `if (col_ < U) return e_dz(row_, col_);
  int k_ = col_ - U;
  return e_drh(row_, k_) * e_hd(row_, k_) * dRec(e_zr(row_, col_));`,
      },
      { cols: u1, body: `return e_drh(row_, col_) * ${R};` },
    ],
  },
  {
    name: GRU_RA_CELL,
    inputs: () => ['pzr', 'ph', 'q', 'h'],
    unitsFrom: 'h',
    uses: { act: true, rec: true },
    outputs: () => {
      const a = 'float r_ = fRec(e_pzr(row_, U + col_) + e_q(row_, U + col_)); float a_ = fAct(e_ph(row_, col_) + r_ * e_q(row_, 2 * U + col_));';
      return [
        { cols: u2, body: 'return fRec(e_pzr(row_, col_) + e_q(row_, col_));' },
        { cols: u1, body: `${a} return a_;` },
        { cols: u1, body: `${a} float z_ = fRec(e_pzr(row_, col_) + e_q(row_, col_)); return a_ + z_ * (e_h(row_, col_) - a_);` },
      ];
    },
  },
  {
    name: GRU_RA_BACK,
    inputs: () => ['dh', 'h', 'zr', 'a', 'q'],
    unitsFrom: 'h',
    uses: { act: true, rec: true },
    outputs: () => {
      const dah = (c: string): string => `float dh_ = e_dh(row_, ${c}); float dah_ = (dh_ - dh_ * e_zr(row_, ${c})) * dAct(e_a(row_, ${c}));`;
      return [
        {
          cols: u3,
          body: `if (col_ < U) return e_dh(row_, col_) * (e_h(row_, col_) - e_a(row_, col_)) * dRec(e_zr(row_, col_));
  int k_ = col_ < 2 * U ? col_ - U : col_ - 2 * U;
  ${dah('k_')}
  float r_ = e_zr(row_, U + k_);
  if (col_ < 2 * U) return dah_ * e_q(row_, 2 * U + k_) * dRec(r_);
  return dah_ * r_;`,
        },
        { cols: u1, body: `${dah('col_')} return dah_;` },
        { cols: u1, body: `return e_dh(row_, col_) * ${Z};` },
      ];
    },
  },
  {
    name: LSTM_CELL,
    inputs: () => ['p', 'm', 'c'],
    unitsFrom: 'c',
    uses: { act: true, rec: true },
    outputs: () => {
      const pre = (k: string): string => `(e_p(row_, ${k}) + e_m(row_, ${k}))`;
      const cn = `float i_ = fRec(${pre('col_')}); float f_ = fRec(${pre('U + col_')}); float g_ = fAct(${pre('2 * U + col_')});
  float cn_ = f_ * e_c(row_, col_) + i_ * g_;`;
      return [
        { cols: u4, body: `float s_ = ${pre('col_')}; return (col_ >= 2 * U && col_ < 3 * U) ? fAct(s_) : fRec(s_);` },
        { cols: u1, body: `${cn} return cn_;` },
        { cols: u1, body: `${cn} return fAct(cn_);` },
        { cols: u1, body: `${cn} return fRec(${pre('3 * U + col_')}) * fAct(cn_);` },
      ];
    },
  },
  {
    name: LSTM_BACK,
    inputs: () => ['dh', 'dc', 'c', 'gates', 'ac'],
    unitsFrom: 'c',
    uses: { act: true, rec: true },
    outputs: () => {
      const dcn = (k: string): string => `float dh_ = e_dh(row_, ${k}); float dcn_ = e_dc(row_, ${k}) + dh_ * e_gates(row_, 3 * U + ${k}) * dAct(e_ac(row_, ${k}));`;
      return [
        {
          cols: u4,
          body: `int blk_ = col_ / U; int k_ = col_ - blk_ * U;
  ${dcn('k_')}
  float y_ = e_gates(row_, col_);
  if (blk_ == 0) return dcn_ * e_gates(row_, 2 * U + k_) * dRec(y_);
  if (blk_ == 1) return dcn_ * e_c(row_, k_) * dRec(y_);
  if (blk_ == 2) return dcn_ * e_gates(row_, k_) * dAct(y_);
  return dh_ * e_ac(row_, k_) * dRec(y_);`,
        },
        { cols: u1, body: `${dcn('col_')} return dcn_ * e_gates(row_, U + col_);` },
      ];
    },
  },
  {
    name: RNN_CELL,
    inputs: () => ['p', 'm'],
    unitsFrom: 'p',
    uses: { act: true, rec: false },
    outputs: () => [{ cols: u1, body: 'return fAct(e_p(row_, col_) + e_m(row_, col_));' }],
  },
  {
    name: RNN_BACK,
    inputs: () => ['dh', 'h'],
    unitsFrom: 'h',
    uses: { act: true, rec: false },
    outputs: () => [{ cols: u1, body: 'return e_dh(row_, col_) * dAct(e_h(row_, col_));' }],
  },
  {
    name: GRAD_SUM,
    inputs: (at) => ['base', 'x', ...(at.hasY ? ['y'] : []), ...(at.hasMask ? ['mask'] : []), ...(at.hasDy ? ['dy'] : [])],
    unitsFrom: 'base',
    uses: { act: false, rec: false },
    outputs: (at) => {
      let s = at.hasY ? '(e_x(row_, col_) + e_y(row_, col_))' : 'e_x(row_, col_)';
      if (at.hasMask) s = `e_mask(row_, col_) * ${s}`;
      let sum = `e_base(row_, col_) + ${s}`;
      if (at.hasDy) sum = `${sum} + e_dy(row_, col_)`;
      return [{ cols: u1, body: `return ${sum};` }];
    },
  },
];

/** Programs by their source: tfjs caches compiled shaders by source and shapes; this spares building the string. */
const programs = new Map<string, WebglProgram>();

function runKernel(def: KernelDef, { inputs, backend, attrs = {} }: KernelArgs): Info | Info[] {
  const names = def.inputs(attrs);
  const infos = names.map((n) => {
    const t = inputs[n];
    if (!t) throw new Error(`fused WebGL kernel ${def.name}: input ${n} is missing`);
    if (t.shape.length !== 2) throw new Error(`fused WebGL kernel ${def.name}: input ${n} has shape [${t.shape.join(', ')}], expected [batch, columns]`);
    return t;
  });
  const act = def.uses.act ? activation(attrs.act, 'act') : null;
  const rec = def.uses.rec ? activation(attrs.rec, 'rec') : null;
  const [B, u] = inputs[def.unitsFrom]!.shape as [number, number];
  const gl = backend as WebglBackend;
  const outs = def.outputs(attrs).map((o, j) => {
    const shape: [number, number] = [B, o.cols(u)];
    const key = `${def.name}|${j}|${names.join(',')}|${act}|${rec}|${shape.join('x')}`;
    let prog = programs.get(key);
    if (!prog) {
      prog = packedProgram(act, rec, names, shape, u, o.body);
      programs.set(key, prog);
    }
    return gl.compileAndRun(prog, infos);
  });
  return outs.length === 1 ? outs[0]! : outs;
}

/** The kernel configs for backend 'webgl' (tfjs `registerKernel` arguments). */
export function webglKernelConfigs(): { kernelName: KernelName; backendName: 'webgl'; kernelFunc: (args: KernelArgs) => Info | Info[] }[] {
  return KERNELS.map((def) => ({ kernelName: def.name, backendName: 'webgl' as const, kernelFunc: (args: KernelArgs) => runKernel(def, args) }));
}

/** Registers every fused step kernel, and the row concatenation (rows.ts), for backend 'webgl' (idempotent; harmless when the webgl backend is not loaded). */
export function registerWebglFusedKernels(tf: TfModule): void {
  for (const c of webglKernelConfigs()) {
    if (tf.getKernel(c.kernelName, c.backendName)) continue;
    tf.registerKernel(c as unknown as tfjs.KernelConfig);
  }
  if (!tf.getKernel(CONCAT_ROWS, 'webgl'))
    tf.registerKernel({
      kernelName: CONCAT_ROWS,
      backendName: 'webgl',
      kernelFunc: (({ inputs, backend }: KernelArgs) =>
        concatRowsWebgl(backend as WebglBackend, Object.keys(inputs).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).map((k) => inputs[k]!))) as unknown as tfjs.KernelFunc,
    });
}

/**
 * Packed program stacking [rows_i, w] inputs along rows, each texel copied whole: every input's row count must be
 * even (a texel's two rows then come from one input). tfjs's own packed concat evaluates each of a texel's four
 * values separately through a chain of bounds checks, which on SwiftShader cost ~0.5 s for 60 steps of [64, 384].
 */
export function concatRowsProgram(rows: number[], width: number): WebglProgram {
  let off = 0;
  const branches = rows.map((r, i) => {
    const line = `${i === 0 ? '' : 'else '}if (rc_.x < ${off + r}) o_ = getT${i}(rc_.x - ${off}, rc_.y);`;
    off += r;
    return line;
  });
  return {
    variableNames: rows.map((_, i) => `T${i}`),
    outputShape: [off, width],
    packedInputs: true,
    packedOutput: true,
    userCode: `
void main() {
  ivec2 rc_ = getOutputCoords();
  vec4 o_ = vec4(0.0);
  ${branches.join('\n  ')}
  setOutput(o_);
}
`,
  };
}

/** The most inputs one program samples (tfjs's WEBGL_MAX_TEXTURES_IN_SHADER is at most 16). */
const MAX_INPUTS = 16;

/** Stacks 2-D tensors with even row counts along rows on the webgl backend (`backend` = tf.backend()). */
export function concatRowsWebgl(backend: WebglBackend, xs: Info[]): Info {
  if (xs.length === 1) return xs[0]!;
  if (xs.length > MAX_INPUTS) {
    const parts: Info[] = [];
    for (let i = 0; i < xs.length; i += MAX_INPUTS) parts.push(concatRowsWebgl(backend, xs.slice(i, i + MAX_INPUTS)));
    const out = concatRowsWebgl(backend, parts);
    for (const p of parts) if (!xs.includes(p)) (backend as unknown as { disposeIntermediateTensorInfo(i: Info): void }).disposeIntermediateTensorInfo(p);
    return out;
  }
  return backend.compileAndRun(concatRowsProgram(xs.map((x) => x.shape[0]!), xs[0]!.shape[1]!), xs);
}
