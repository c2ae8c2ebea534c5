// The mode recursion that solves the Volterra equation E P(r) = F(r) + sum_(s<r) K(r-1-s) E P(s)
// exactly (docs/model.md §4), for any spectral measure given as (possibly complex) atoms:
//   U_n(0) = phi_n,  U_n(r+1) = a_n U_n(r) + kappa_n P(r),  P(r) = F0 + Re sum_n U_n(r),
// with a_n = g(z_n) = 1 - delta(z_n), delta(z) = 2 gamma B z - gamma^2 B (B+1) z^2 and
// kappa_n = gamma^2 B nu_n. Real measures (finite, surrogate) are atoms with zero imaginary parts.
//
// Workspace layout: one block of 24 arrays of n doubles (structure of arrays, so that SIMD runs over
// atoms): see the WS_* offsets. The measure (z, phi, nu) is gamma-free; setGamma derives the
// per-gamma arrays so that a learning-rate schedule reuses one measure.
import * as C from "./complex";

// The offsets are the ABI's layout volterraWorkspace (abi/plrf.abi.json, generated into ./abi).
export { WS_ARRAYS, WS_Z_RE, WS_Z_IM, WS_PHI_RE, WS_PHI_IM, WS_NU_RE, WS_NU_IM, WS_KAPPA_RE } from "./abi";
import { WS_Z_RE, WS_Z_IM, WS_PHI_RE, WS_PHI_IM, WS_NU_RE, WS_NU_IM } from "./abi";
import {
  WS_DELTA_RE as D_RE, WS_DELTA_IM as D_IM, WS_A_RE as A_RE, WS_A_IM as A_IM, WS_KAPPA_RE as K_RE, WS_KAPPA_IM as K_IM,
  WS_LG_RE as LG_RE, WS_LG_IM as LG_IM, WS_Q_RE as Q_RE, WS_Q_IM as Q_IM, WS_U_RE as U_RE, WS_U_IM as U_IM,
} from "./abi";

// @ts-ignore: decorator
@inline function arr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}
// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** U = phi; returns Re sum phi (so P(0) = F0 + that). */
export function volterraInit(ws: usize, n: i32): f64 {
  memory.copy(arr(ws, n, U_RE), arr(ws, n, WS_PHI_RE), <usize>n << 3);
  memory.copy(arr(ws, n, U_IM), arr(ws, n, WS_PHI_IM), <usize>n << 3);
  let s = 0.0;
  const p = arr(ws, n, WS_PHI_RE);
  for (let i = 0; i < n; i++) s += load<f64>(at(p, i));
  return s;
}

/**
 * Derive the per-gamma arrays: delta, a = 1 - delta, kappa = gamma^2 B nu and, if `full`, the
 * logarithms lg = log(1 - delta) and q = log(1 - delta) + delta that block steps need.
 * delta is formed from z directly, never as 1 - g (g rounds to 1 for the smallest eigenvalues).
 */
export function volterraSetGamma(ws: usize, n: i32, gamma: f64, batch: f64, full: i32): void {
  const c1 = 2.0 * gamma * batch, c2 = gamma * gamma * batch * (batch + 1.0), c3 = gamma * gamma * batch;
  const zr = arr(ws, n, WS_Z_RE), zi = arr(ws, n, WS_Z_IM), nr = arr(ws, n, WS_NU_RE), ni = arr(ws, n, WS_NU_IM);
  for (let i = 0; i < n; i++) {
    const x = load<f64>(at(zr, i)), y = load<f64>(at(zi, i));
    const dr = c1 * x - c2 * (x * x - y * y);
    const di = c1 * y - c2 * (2.0 * x * y);
    store<f64>(at(arr(ws, n, D_RE), i), dr);
    store<f64>(at(arr(ws, n, D_IM), i), di);
    store<f64>(at(arr(ws, n, A_RE), i), 1.0 - dr);
    store<f64>(at(arr(ws, n, A_IM), i), -di);
    store<f64>(at(arr(ws, n, K_RE), i), c3 * load<f64>(at(nr, i)));
    store<f64>(at(arr(ws, n, K_IM), i), c3 * load<f64>(at(ni, i)));
    if (full != 0) {
      C.log1p(-dr, -di);
      store<f64>(at(arr(ws, n, LG_RE), i), C.re);
      store<f64>(at(arr(ws, n, LG_IM), i), C.im);
      C.log1mPlusX(dr, di);
      store<f64>(at(arr(ws, n, Q_RE), i), C.re);
      store<f64>(at(arr(ws, n, Q_IM), i), C.im);
    }
  }
}

/** `steps` exact unit steps from P = P(r); returns P(r + steps) and leaves U(r + steps). */
export function volterraUnit(ws: usize, n: i32, F0: f64, P: f64, steps: i32): f64 {
  const ur = arr(ws, n, U_RE), ui = arr(ws, n, U_IM), ar = arr(ws, n, A_RE), ai = arr(ws, n, A_IM);
  const kr = arr(ws, n, K_RE), ki = arr(ws, n, K_IM);
  for (let s = 0; s < steps; s++) {
    let i = 0;
    let sum = 0.0;
    if (ASC_FEATURE_SIMD) {
      const vp = f64x2.splat(P);
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
      for (; i + 4 <= n; i += 4) {
        const o = <usize>i << 3;
        let xr = v128.load(ur + o), xi = v128.load(ui + o);
        let vr = v128.load(ar + o), vi = v128.load(ai + o);
        let nr = f64x2.add(f64x2.sub(f64x2.mul(vr, xr), f64x2.mul(vi, xi)), f64x2.mul(v128.load(kr + o), vp));
        let ni = f64x2.add(f64x2.add(f64x2.mul(vr, xi), f64x2.mul(vi, xr)), f64x2.mul(v128.load(ki + o), vp));
        v128.store(ur + o, nr);
        v128.store(ui + o, ni);
        acc0 = f64x2.add(acc0, nr);
        xr = v128.load(ur + o, 16); xi = v128.load(ui + o, 16);
        vr = v128.load(ar + o, 16); vi = v128.load(ai + o, 16);
        nr = f64x2.add(f64x2.sub(f64x2.mul(vr, xr), f64x2.mul(vi, xi)), f64x2.mul(v128.load(kr + o, 16), vp));
        ni = f64x2.add(f64x2.add(f64x2.mul(vr, xi), f64x2.mul(vi, xr)), f64x2.mul(v128.load(ki + o, 16), vp));
        v128.store(ur + o, nr, 16);
        v128.store(ui + o, ni, 16);
        acc1 = f64x2.add(acc1, nr);
      }
      const t = f64x2.add(acc0, acc1);
      sum = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
    }
    for (; i < n; i++) {
      const xr = load<f64>(at(ur, i)), xi = load<f64>(at(ui, i));
      const vr = load<f64>(at(ar, i)), vi = load<f64>(at(ai, i));
      const nr = (vr * xr - vi * xi) + load<f64>(at(kr, i)) * P;
      const ni = (vr * xi + vi * xr) + load<f64>(at(ki, i)) * P;
      store<f64>(at(ur, i), nr);
      store<f64>(at(ui, i), ni);
      sum += nr;
    }
    P = F0 + sum;
  }
  return P;
}

/**
 * Coefficients of one block of L steps with gamma constant:
 *   U(r+L) = a^L U(r) + kappa sum_(s<L) a^(L-1-s) P(r+s),
 * with P linear in s between P(r) and the unknown P(r+L) (local error O(L^2 P'')):
 *   U(r+L) = a^L U(r) + cA P(r) + cB P(r+L),  cA = kappa (S0 - S1), cB = kappa S1,
 *   S0 = sum_s a^(L-1-s) = -expm1(l)/delta,  l = L log(1 - delta),
 *   S1 = (1/L) sum_s s a^(L-1-s) = (expm1(l) - l + L (log(1 - delta) + delta)) / (L delta^2),
 * all through log1p/expm1 (never 1 - a by subtraction). Writes into `coef` (6n + 2 doubles):
 * a^L, cA, cB as (re, im) array pairs, then sum Re cA and sum Re cB. The coefficients depend only
 * on (gamma, B, L), so a caller reuses them for every block of the same length.
 * Needs volterraSetGamma(.., full = 1).
 */
export function volterraBlockPrepare(ws: usize, n: i32, L: f64, coef: usize): void {
  let sa = 0.0, sb = 0.0;
  for (let i = 0; i < n; i++) {
    const dr = load<f64>(at(arr(ws, n, D_RE), i)), di = load<f64>(at(arr(ws, n, D_IM), i));
    const kr = load<f64>(at(arr(ws, n, K_RE), i)), ki = load<f64>(at(arr(ws, n, K_IM), i));
    let alr: f64, ali: f64, s0r: f64, s0i: f64, s1r: f64, s1i: f64;
    const d2 = dr * dr + di * di;
    if (d2 < 1e-300) {
      // delta = 0 to working precision: a = 1, S0 = L, S1 = (L - 1)/2.
      alr = 1.0; ali = 0.0; s0r = L; s0i = 0.0; s1r = 0.5 * (L - 1.0); s1i = 0.0;
    } else {
      const lr = L * load<f64>(at(arr(ws, n, LG_RE), i)), li = L * load<f64>(at(arr(ws, n, LG_IM), i));
      C.exp(lr, li);
      alr = C.re; ali = C.im;
      C.expm1(lr, li);
      C.div(-C.re, -C.im, dr, di);
      s0r = C.re; s0i = C.im;
      C.expm1mx(lr, li);
      const nr = C.re + L * load<f64>(at(arr(ws, n, Q_RE), i));
      const ni = C.im + L * load<f64>(at(arr(ws, n, Q_IM), i));
      C.div(nr, ni, L * (dr * dr - di * di), L * (2.0 * dr * di));
      s1r = C.re; s1i = C.im;
    }
    const tr = s0r - s1r, ti = s0i - s1i;
    const car = kr * tr - ki * ti, cai = kr * ti + ki * tr;
    const cbr = kr * s1r - ki * s1i, cbi = kr * s1i + ki * s1r;
    store<f64>(at(arr(coef, n, 0), i), alr);
    store<f64>(at(arr(coef, n, 1), i), ali);
    store<f64>(at(arr(coef, n, 2), i), car);
    store<f64>(at(arr(coef, n, 3), i), cai);
    store<f64>(at(arr(coef, n, 4), i), cbr);
    store<f64>(at(arr(coef, n, 5), i), cbi);
    sa += car;
    sb += cbr;
  }
  store<f64>(at(arr(coef, n, 6), 0), sa);
  store<f64>(at(arr(coef, n, 6), 1), sb);
}

/** Re sum_i a_i u_i over complex arrays (re, im parts apart), in the order the block passes use. */
// @ts-ignore: decorator
@inline function reDot(alr: usize, ali: usize, ur: usize, ui: usize, n: i32): f64 {
  let i = 0;
  let num = 0.0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      acc = f64x2.add(acc, f64x2.sub(f64x2.mul(v128.load(alr + o), v128.load(ur + o)), f64x2.mul(v128.load(ali + o), v128.load(ui + o))));
    }
    num = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; i < n; i++) num += load<f64>(at(alr, i)) * load<f64>(at(ur, i)) - load<f64>(at(ali, i)) * load<f64>(at(ui, i));
  return num;
}

/**
 * Apply one block with coefficients from volterraBlockPrepare: solves the scalar linear equation
 * P(r+L) = F0 + Re sum (a^L U + cA P(r) + cB P(r+L)) and updates U. Returns P(r+L).
 */
export function volterraBlockApply(ws: usize, n: i32, F0: f64, P: f64, coef: usize): f64 {
  const ur = arr(ws, n, U_RE), ui = arr(ws, n, U_IM);
  const alr = arr(coef, n, 0), ali = arr(coef, n, 1), car = arr(coef, n, 2), cai = arr(coef, n, 3);
  const cbr = arr(coef, n, 4), cbi = arr(coef, n, 5);
  const sa = load<f64>(at(arr(coef, n, 6), 0)), sb = load<f64>(at(arr(coef, n, 6), 1));
  let i = 0;
  const num = reDot(alr, ali, ur, ui, n);
  const Pn = (F0 + num + sa * P) / (1.0 - sb);
  i = 0;
  if (ASC_FEATURE_SIMD) {
    const vp = f64x2.splat(P), vq = f64x2.splat(Pn);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const xr = v128.load(ur + o), xi = v128.load(ui + o);
      const vr = v128.load(alr + o), vi = v128.load(ali + o);
      const nr = f64x2.add(f64x2.sub(f64x2.mul(vr, xr), f64x2.mul(vi, xi)),
        f64x2.add(f64x2.mul(v128.load(car + o), vp), f64x2.mul(v128.load(cbr + o), vq)));
      const ni = f64x2.add(f64x2.add(f64x2.mul(vr, xi), f64x2.mul(vi, xr)),
        f64x2.add(f64x2.mul(v128.load(cai + o), vp), f64x2.mul(v128.load(cbi + o), vq)));
      v128.store(ur + o, nr);
      v128.store(ui + o, ni);
    }
  }
  for (; i < n; i++) {
    const xr = load<f64>(at(ur, i)), xi = load<f64>(at(ui, i));
    const vr = load<f64>(at(alr, i)), vi = load<f64>(at(ali, i));
    store<f64>(at(ur, i), (vr * xr - vi * xi) + (load<f64>(at(car, i)) * P + load<f64>(at(cbr, i)) * Pn));
    store<f64>(at(ui, i), (vr * xi + vi * xr) + (load<f64>(at(cai, i)) * P + load<f64>(at(cbi, i)) * Pn));
  }
  return Pn;
}

/**
 * The `info` a block run of either order leaves (5 doubles): the blocks done, P at the start of the
 * last block done and at the starts of the two before it, and the last numerator (docs/model.md §4).
 */
// @ts-ignore: decorator
@inline export function storeRunInfo(info: usize, done: i32, Pm: f64, Pm2: f64, Pm3: f64, num: f64): void {
  store<f64>(info, <f64>done);
  store<f64>(info, Pm, 8);
  store<f64>(info, Pm2, 16);
  store<f64>(info, Pm3, 24);
  store<f64>(info, num, 32);
}

/**
 * `count` consecutive blocks with the same coefficients: the values of `count` calls of
 * volterraBlockApply, bit for bit, in one pass over the atoms per block instead of two (the next
 * block's sum over alpha_n U_n is accumulated while U is updated, in the same order). Stops after
 * the first block whose P is not <= threshold. Writes to `info` (5 doubles): the blocks done, P
 * at the start of the last block done and at the starts of the two before it (0 and NaN stand in
 * before the first), and the next block's sum.
 */
export function volterraBlockRun(ws: usize, n: i32, F0: f64, P: f64, coef: usize, count: i32, threshold: f64, info: usize): f64 {
  const alr = arr(coef, n, 0), ali = arr(coef, n, 1), c0r = arr(coef, n, 2), c0i = arr(coef, n, 3);
  const c1r = arr(coef, n, 4), c1i = arr(coef, n, 5);
  const s0 = load<f64>(at(arr(coef, n, 6), 0)), s1 = load<f64>(at(arr(coef, n, 6), 1));
  const ur = arr(ws, n, U_RE), ui = arr(ws, n, U_IM);
  let num = reDot(alr, ali, ur, ui, n);
  let done = 0;
  let Pm = 0.0, Pm2 = NaN, Pm3 = NaN;
  for (let b = 0; b < count; b++) {
    const Pn = (F0 + num + s0 * P) / (1.0 - s1);
    let i = 0;
    let next = 0.0;
    if (ASC_FEATURE_SIMD) {
      const vp = f64x2.splat(P), vq = f64x2.splat(Pn);
      let acc = f64x2.splat(0);
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        const xr = v128.load(ur + o), xi = v128.load(ui + o);
        const vr = v128.load(alr + o), vi = v128.load(ali + o);
        const fr = f64x2.add(f64x2.mul(v128.load(c0r + o), vp), f64x2.mul(v128.load(c1r + o), vq));
        const fi = f64x2.add(f64x2.mul(v128.load(c0i + o), vp), f64x2.mul(v128.load(c1i + o), vq));
        const nr = f64x2.add(f64x2.sub(f64x2.mul(vr, xr), f64x2.mul(vi, xi)), fr);
        const ni = f64x2.add(f64x2.add(f64x2.mul(vr, xi), f64x2.mul(vi, xr)), fi);
        v128.store(ur + o, nr);
        v128.store(ui + o, ni);
        acc = f64x2.add(acc, f64x2.sub(f64x2.mul(vr, nr), f64x2.mul(vi, ni)));
      }
      next = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    }
    for (; i < n; i++) {
      const xr = load<f64>(at(ur, i)), xi = load<f64>(at(ui, i));
      const vr = load<f64>(at(alr, i)), vi = load<f64>(at(ali, i));
      const fr = load<f64>(at(c0r, i)) * P + load<f64>(at(c1r, i)) * Pn;
      const fi = load<f64>(at(c0i, i)) * P + load<f64>(at(c1i, i)) * Pn;
      const nr = (vr * xr - vi * xi) + fr;
      const ni = (vr * xi + vi * xr) + fi;
      store<f64>(at(ur, i), nr);
      store<f64>(at(ui, i), ni);
      next += vr * nr - vi * ni;
    }
    num = next;
    Pm3 = Pm2;
    Pm2 = Pm;
    Pm = P;
    P = Pn;
    done = b + 1;
    if (!(P <= threshold)) break;
  }
  storeRunInfo(info, done, Pm, Pm2, Pm3, num);
  return P;
}

/** ||K|| = sum_r K(r) = Re sum_n kappa_n / delta_n (needs volterraSetGamma). */
export function volterraKernelNorm(ws: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const dr = load<f64>(at(arr(ws, n, D_RE), i)), di = load<f64>(at(arr(ws, n, D_IM), i));
    if (dr == 0 && di == 0) continue; // a zero atom carries no kernel mass (nu = z^2 = 0)
    C.div(load<f64>(at(arr(ws, n, K_RE), i)), load<f64>(at(arr(ws, n, K_IM), i)), dr, di);
    s += C.re;
  }
  return s;
}

/** max_n |a_n| (must be < 1 for a stable recursion; needs volterraSetGamma). */
export function volterraMaxAbsA(ws: usize, n: i32): f64 {
  let m = 0.0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(at(arr(ws, n, A_RE), i)), y = load<f64>(at(arr(ws, n, A_IM), i));
    m = Math.max(m, Math.sqrt(x * x + y * y));
  }
  return m;
}

/**
 * Re sum_n w_n a_n^r for the weights at array `which` (WS_PHI_RE: forcing F(r) - F0; K_RE: kernel
 * K(r)), with a^r = exp(r log(1 - delta)) (needs volterraSetGamma(.., full = 1)).
 */
export function volterraPowerSum(ws: usize, n: i32, which: i32, r: f64): f64 {
  const wr = arr(ws, n, which), wi = arr(ws, n, which + 1);
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const lr = r * load<f64>(at(arr(ws, n, LG_RE), i)), li = r * load<f64>(at(arr(ws, n, LG_IM), i));
    C.exp(lr, li);
    s += load<f64>(at(wr, i)) * C.re - load<f64>(at(wi, i)) * C.im;
  }
  return s;
}

