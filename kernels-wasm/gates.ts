// The fused recurrent step kernels' elementwise math in AssemblyScript, compiled to wasm SIMD by
// scripts/build-kernels.mjs into src-shared/compiler/fused/kernels/wasm-bytes.ts (committed; a test checks it
// is current). The module imports tfjs-backend-wasm's own Memory, so every argument is a byte offset of a
// tensor in that heap (zero copies). Kept outside tsc's and vitest's reach: this is AssemblyScript, not TS.
//
// Layout: row-major float32 [B, ·]; u = units. Each row is processed 4 lanes at a time, the rest lane by lane
// (same code with single-lane loads/stores). Activation codes (names.ts): 0 tanh, 1 sigmoid, 2 hardSigmoid,
// 3 relu, 4 linear; derivatives are in terms of the output y.
//
// Accuracy (tested in wasm.test.ts against Math.exp/Math.tanh): exp ≤ 1e-7 relative over [−87, 88]
// (Cephes expf: range reduction by ln 2 in two parts, degree-6 polynomial, input clamped to [−87.3, 88.3] so
// nothing overflows); sigmoid = 1 / (1 + exp(−x)) ≤ 2e-7; tanh ≤ 4e-7 (odd rational 13/6, as Eigen's float
// tanh, input clamped to ±7.9988; |x| ≥ 8.7 gives ±1 exactly as float32 tanh; |x| < 4e-4 gives x). No NaN for finite input.

@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

@inline function ld(p: usize, one: bool): v128 {
  return one ? v128.load32_zero(p) : v128.load(p);
}

@inline function st(p: usize, v: v128, one: bool): void {
  if (one) v128.store32_lane(p, v, 0);
  else v128.store(p, v);
}

@inline function exp4(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, splat(-87.3)), splat(88.3));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, splat(1.44269504088896341)), splat(0.5)));
  let r = f32x4.sub(x, f32x4.mul(fx, splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let y = splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), r), splat(1.0));
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const pow2 = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

@inline function sigmoid4(x: v128): v128 {
  return f32x4.div(splat(1.0), f32x4.add(splat(1.0), exp4(f32x4.neg(x))));
}

@inline function tanh4(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, splat(-7.99881172180175781)), splat(7.99881172180175781));
  const x2 = f32x4.mul(x, x);
  let p = splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, x2), splat(4.89352518554385e-3));
  const tiny = f32x4.lt(f32x4.abs(x0), splat(0.0004));
  // |x| ≥ 8.7: float32 tanh is ±1 exactly (the clamped rational would give 1 − 2e-7)
  const big = f32x4.ge(f32x4.abs(x0), splat(8.7));
  const one = v128.or(splat(1.0), v128.and(x0, i32x4.splat(0x80000000)));
  return v128.bitselect(one, v128.bitselect(x0, f32x4.div(p, q), tiny), big);
}

@inline function act4(x: v128, code: i32): v128 {
  if (code == 0) return tanh4(x);
  if (code == 1) return sigmoid4(x);
  // tfjs: clip(0.2·x + 0.5, 0, 1), rounded as its ops round
  if (code == 2) return f32x4.min(f32x4.max(f32x4.add(f32x4.mul(x, splat(0.2)), splat(0.5)), splat(0.0)), splat(1.0));
  if (code == 3) return f32x4.max(x, splat(0.0));
  return x;
}

/** d act / dx in terms of y = act(x). */
@inline function dact4(y: v128, code: i32): v128 {
  if (code == 0) return f32x4.sub(splat(1.0), f32x4.mul(y, y));
  if (code == 1) return f32x4.mul(y, f32x4.sub(splat(1.0), y));
  if (code == 2) return v128.and(splat(0.2), v128.and(f32x4.gt(y, splat(0.0)), f32x4.lt(y, splat(1.0))));
  if (code == 3) return v128.and(splat(1.0), f32x4.gt(y, splat(0.0)));
  return splat(1.0);
}

/** Byte offset of element (b, j) of a [B, w] tensor at p. */
@inline function at(p: usize, b: i32, w: i32, j: i32): usize {
  return p + (<usize>(b * w + j) << 2);
}

// ---- GRU (reset_after=False) ----

@inline function gruZRAt(pzr: usize, mzr: usize, hd: usize, zr: usize, rh: usize, b: i32, u: i32, j: i32, rec: i32, one: bool): void {
  const z = act4(f32x4.add(ld(at(pzr, b, 2 * u, j), one), ld(at(mzr, b, 2 * u, j), one)), rec);
  const r = act4(f32x4.add(ld(at(pzr, b, 2 * u, u + j), one), ld(at(mzr, b, 2 * u, u + j), one)), rec);
  st(at(zr, b, 2 * u, j), z, one);
  st(at(zr, b, 2 * u, u + j), r, one);
  st(at(rh, b, u, j), f32x4.mul(r, ld(at(hd, b, u, j), one)), one);
}

export function gruZR(pzr: usize, mzr: usize, hd: usize, zr: usize, rh: usize, B: i32, u: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruZRAt(pzr, mzr, hd, zr, rh, b, u, j, rec, false);
    for (; j < u; j++) gruZRAt(pzr, mzr, hd, zr, rh, b, u, j, rec, true);
  }
}

@inline function gruHAt(ph: usize, mh: usize, h: usize, zr: usize, a: usize, hn: usize, b: i32, u: i32, j: i32, act: i32, one: bool): void {
  const av = act4(f32x4.add(ld(at(ph, b, u, j), one), ld(at(mh, b, u, j), one)), act);
  const z = ld(at(zr, b, 2 * u, j), one);
  st(at(a, b, u, j), av, one);
  st(at(hn, b, u, j), f32x4.add(av, f32x4.mul(z, f32x4.sub(ld(at(h, b, u, j), one), av))), one);
}

export function gruH(ph: usize, mh: usize, h: usize, zr: usize, a: usize, hn: usize, B: i32, u: i32, act: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruHAt(ph, mh, h, zr, a, hn, b, u, j, act, false);
    for (; j < u; j++) gruHAt(ph, mh, h, zr, a, hn, b, u, j, act, true);
  }
}

@inline function gruBackHAt(dh: usize, h: usize, a: usize, zr: usize, dah: usize, dz: usize, dprev: usize, b: i32, u: i32, j: i32, act: i32, rec: i32, one: bool): void {
  const g = ld(at(dh, b, u, j), one);
  const z = ld(at(zr, b, 2 * u, j), one);
  const av = ld(at(a, b, u, j), one);
  const gz = f32x4.mul(g, z);
  st(at(dprev, b, u, j), gz, one);
  st(at(dah, b, u, j), f32x4.mul(f32x4.sub(g, gz), dact4(av, act)), one);
  st(at(dz, b, u, j), f32x4.mul(f32x4.mul(g, f32x4.sub(ld(at(h, b, u, j), one), av)), dact4(z, rec)), one);
}

export function gruBackH(dh: usize, h: usize, a: usize, zr: usize, dah: usize, dz: usize, dprev: usize, B: i32, u: i32, act: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruBackHAt(dh, h, a, zr, dah, dz, dprev, b, u, j, act, rec, false);
    for (; j < u; j++) gruBackHAt(dh, h, a, zr, dah, dz, dprev, b, u, j, act, rec, true);
  }
}

@inline function gruBackZRAt(dz: usize, drh: usize, hd: usize, zr: usize, dzr: usize, drhr: usize, b: i32, u: i32, j: i32, rec: i32, one: bool): void {
  const r = ld(at(zr, b, 2 * u, u + j), one);
  const d = ld(at(drh, b, u, j), one);
  st(at(dzr, b, 2 * u, j), ld(at(dz, b, u, j), one), one);
  st(at(dzr, b, 2 * u, u + j), f32x4.mul(f32x4.mul(d, ld(at(hd, b, u, j), one)), dact4(r, rec)), one);
  st(at(drhr, b, u, j), f32x4.mul(d, r), one);
}

export function gruBackZR(dz: usize, drh: usize, hd: usize, zr: usize, dzr: usize, drhr: usize, B: i32, u: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruBackZRAt(dz, drh, hd, zr, dzr, drhr, b, u, j, rec, false);
    for (; j < u; j++) gruBackZRAt(dz, drh, hd, zr, dzr, drhr, b, u, j, rec, true);
  }
}

// ---- GRU reset_after=True ----

@inline function gruRaCellAt(pzr: usize, ph: usize, q: usize, h: usize, zr: usize, a: usize, hn: usize, b: i32, u: i32, j: i32, act: i32, rec: i32, one: bool): void {
  const z = act4(f32x4.add(ld(at(pzr, b, 2 * u, j), one), ld(at(q, b, 3 * u, j), one)), rec);
  const r = act4(f32x4.add(ld(at(pzr, b, 2 * u, u + j), one), ld(at(q, b, 3 * u, u + j), one)), rec);
  const av = act4(f32x4.add(ld(at(ph, b, u, j), one), f32x4.mul(r, ld(at(q, b, 3 * u, 2 * u + j), one))), act);
  st(at(zr, b, 2 * u, j), z, one);
  st(at(zr, b, 2 * u, u + j), r, one);
  st(at(a, b, u, j), av, one);
  st(at(hn, b, u, j), f32x4.add(av, f32x4.mul(z, f32x4.sub(ld(at(h, b, u, j), one), av))), one);
}

export function gruRaCell(pzr: usize, ph: usize, q: usize, h: usize, zr: usize, a: usize, hn: usize, B: i32, u: i32, act: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruRaCellAt(pzr, ph, q, h, zr, a, hn, b, u, j, act, rec, false);
    for (; j < u; j++) gruRaCellAt(pzr, ph, q, h, zr, a, hn, b, u, j, act, rec, true);
  }
}

@inline function gruRaBackAt(dh: usize, h: usize, zr: usize, a: usize, q: usize, dq: usize, dah: usize, dprev: usize, b: i32, u: i32, j: i32, act: i32, rec: i32, one: bool): void {
  const g = ld(at(dh, b, u, j), one);
  const z = ld(at(zr, b, 2 * u, j), one);
  const r = ld(at(zr, b, 2 * u, u + j), one);
  const av = ld(at(a, b, u, j), one);
  const gz = f32x4.mul(g, z);
  const d = f32x4.mul(f32x4.sub(g, gz), dact4(av, act));
  st(at(dprev, b, u, j), gz, one);
  st(at(dah, b, u, j), d, one);
  st(at(dq, b, 3 * u, j), f32x4.mul(f32x4.mul(g, f32x4.sub(ld(at(h, b, u, j), one), av)), dact4(z, rec)), one);
  st(at(dq, b, 3 * u, u + j), f32x4.mul(f32x4.mul(d, ld(at(q, b, 3 * u, 2 * u + j), one)), dact4(r, rec)), one);
  st(at(dq, b, 3 * u, 2 * u + j), f32x4.mul(d, r), one);
}

export function gruRaBack(dh: usize, h: usize, zr: usize, a: usize, q: usize, dq: usize, dah: usize, dprev: usize, B: i32, u: i32, act: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) gruRaBackAt(dh, h, zr, a, q, dq, dah, dprev, b, u, j, act, rec, false);
    for (; j < u; j++) gruRaBackAt(dh, h, zr, a, q, dq, dah, dprev, b, u, j, act, rec, true);
  }
}

// ---- LSTM ----

@inline function lstmCellAt(p: usize, m: usize, c: usize, gates: usize, cn: usize, ac: usize, hout: usize, b: i32, u: i32, j: i32, act: i32, rec: i32, one: bool): void {
  const w = 4 * u;
  const i = act4(f32x4.add(ld(at(p, b, w, j), one), ld(at(m, b, w, j), one)), rec);
  const f = act4(f32x4.add(ld(at(p, b, w, u + j), one), ld(at(m, b, w, u + j), one)), rec);
  const g = act4(f32x4.add(ld(at(p, b, w, 2 * u + j), one), ld(at(m, b, w, 2 * u + j), one)), act);
  const o = act4(f32x4.add(ld(at(p, b, w, 3 * u + j), one), ld(at(m, b, w, 3 * u + j), one)), rec);
  st(at(gates, b, w, j), i, one);
  st(at(gates, b, w, u + j), f, one);
  st(at(gates, b, w, 2 * u + j), g, one);
  st(at(gates, b, w, 3 * u + j), o, one);
  const cv = f32x4.add(f32x4.mul(f, ld(at(c, b, u, j), one)), f32x4.mul(i, g));
  const acv = act4(cv, act);
  st(at(cn, b, u, j), cv, one);
  st(at(ac, b, u, j), acv, one);
  st(at(hout, b, u, j), f32x4.mul(o, acv), one);
}

export function lstmCell(p: usize, m: usize, c: usize, gates: usize, cn: usize, ac: usize, hout: usize, B: i32, u: i32, act: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) lstmCellAt(p, m, c, gates, cn, ac, hout, b, u, j, act, rec, false);
    for (; j < u; j++) lstmCellAt(p, m, c, gates, cn, ac, hout, b, u, j, act, rec, true);
  }
}

@inline function lstmBackAt(dh: usize, dc: usize, c: usize, gates: usize, ac: usize, dp: usize, dcprev: usize, b: i32, u: i32, j: i32, act: i32, rec: i32, one: bool): void {
  const w = 4 * u;
  const i = ld(at(gates, b, w, j), one);
  const f = ld(at(gates, b, w, u + j), one);
  const g = ld(at(gates, b, w, 2 * u + j), one);
  const o = ld(at(gates, b, w, 3 * u + j), one);
  const g1 = ld(at(dh, b, u, j), one);
  const acv = ld(at(ac, b, u, j), one);
  const dcn = f32x4.add(ld(at(dc, b, u, j), one), f32x4.mul(f32x4.mul(g1, o), dact4(acv, act)));
  st(at(dp, b, w, j), f32x4.mul(f32x4.mul(dcn, g), dact4(i, rec)), one);
  st(at(dp, b, w, u + j), f32x4.mul(f32x4.mul(dcn, ld(at(c, b, u, j), one)), dact4(f, rec)), one);
  st(at(dp, b, w, 2 * u + j), f32x4.mul(f32x4.mul(dcn, i), dact4(g, act)), one);
  st(at(dp, b, w, 3 * u + j), f32x4.mul(f32x4.mul(g1, acv), dact4(o, rec)), one);
  st(at(dcprev, b, u, j), f32x4.mul(dcn, f), one);
}

export function lstmBack(dh: usize, dc: usize, c: usize, gates: usize, ac: usize, dp: usize, dcprev: usize, B: i32, u: i32, act: i32, rec: i32): void {
  for (let b = 0; b < B; b++) {
    let j = 0;
    for (; j + 4 <= u; j += 4) lstmBackAt(dh, dc, c, gates, ac, dp, dcprev, b, u, j, act, rec, false);
    for (; j < u; j++) lstmBackAt(dh, dc, c, gates, ac, dp, dcprev, b, u, j, act, rec, true);
  }
}

// ---- SimpleRNN and the gradient sum: flat over n = B·u elements ----

export function rnnCell(p: usize, m: usize, h: usize, n: i32, act: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) st(at(h, 0, 0, k), act4(f32x4.add(ld(at(p, 0, 0, k), false), ld(at(m, 0, 0, k), false)), act), false);
  for (; k < n; k++) st(at(h, 0, 0, k), act4(f32x4.add(ld(at(p, 0, 0, k), true), ld(at(m, 0, 0, k), true)), act), true);
}

export function rnnBack(dh: usize, h: usize, dp: usize, n: i32, act: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) st(at(dp, 0, 0, k), f32x4.mul(ld(at(dh, 0, 0, k), false), dact4(ld(at(h, 0, 0, k), false), act)), false);
  for (; k < n; k++) st(at(dp, 0, 0, k), f32x4.mul(ld(at(dh, 0, 0, k), true), dact4(ld(at(h, 0, 0, k), true), act)), true);
}

@inline function gradSumAt(base: usize, x: usize, y: usize, mask: usize, dy: usize, s: usize, k: i32, one: bool): void {
  let v = ld(at(x, 0, 0, k), one);
  if (y) v = f32x4.add(v, ld(at(y, 0, 0, k), one));
  if (mask) v = f32x4.mul(v, ld(at(mask, 0, 0, k), one));
  v = f32x4.add(ld(at(base, 0, 0, k), one), v);
  if (dy) v = f32x4.add(v, ld(at(dy, 0, 0, k), one));
  st(at(s, 0, 0, k), v, one);
}

/** s = base + mask ⊙ (x + y) + dy; an absent y, mask or dy is passed as 0 (tfjs never places a tensor at 0). */
export function gradSum(base: usize, x: usize, y: usize, mask: usize, dy: usize, s: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) gradSumAt(base, x, y, mask, dy, s, k, false);
  for (; k < n; k++) gradSumAt(base, x, y, mask, dy, s, k, true);
}

// ---- the approximations alone, for their accuracy test: out[k] = f(x[k]), f = 0 exp, 1 tanh, 2 sigmoid ----

export function approx(x: usize, out: usize, n: i32, f: i32): void {
  for (let k = 0; k < n; k++) {
    const v = ld(at(x, 0, 0, k), true);
    st(at(out, 0, 0, k), f == 0 ? exp4(v) : f == 1 ? tanh4(v) : sigmoid4(v), true);
  }
}
