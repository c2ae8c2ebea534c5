// Second-order blocks of the mode recursion (docs/model.md §4): the block table for every power of
// two and the block passes that use it. P inside a block is the quadratic through P(r0 - rho L),
// P(r0) and P(r0 + L), so the per-block error is O(L^3) times the third derivative of P.
//
// Table layout, per level (L = 2^p): the atoms in pairs, each pair 16 doubles (a^L re, im, kappa S0
// re, im, kappa S1 re, im, kappa S2 re, im, two lanes each), so that a block pass reads one stream
// with fixed offsets; then 4 scalars (sigma_0, sigma_1, sigma_2, 0). An odd n pads its last pair
// with zeros.
import * as C from "./complex";
import { storeRunInfo } from "./volterra";
import {
  WS_DELTA_RE as D_RE, WS_DELTA_IM as D_IM, WS_KAPPA_RE as K_RE, WS_KAPPA_IM as K_IM,
  WS_LG_RE as LG_RE, WS_LG_IM as LG_IM, WS_U_RE as U_RE, WS_U_IM as U_IM,
} from "./abi";

// @ts-ignore: decorator
@inline function arr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}
// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
/** Byte address of atom i's first field (a^L re) in a level at `base`; the fields follow 16 bytes apart. */
// @ts-ignore: decorator
@inline function slot(base: usize, i: i32): usize {
  return base + ((<usize>(i >> 1)) << 7) + ((<usize>(i & 1)) << 3);
}

/** Byte offset of the scalars sigma_0..2 in a level of the table. */
// @ts-ignore: decorator
@inline export function blockLevelSigma(n: i32): usize {
  return (<usize>((n + 1) >> 1)) << 7;
}

/** Doubles per level of the second-order block table (volterraBlockSums). */
// @ts-ignore: decorator
@inline export function blockLevelDoubles(n: i32): usize {
  return <usize>(16 * ((n + 1) >> 1) + 4);
}

/**
 * The second-order block table, for every L = 2^p, p < levels: a^L and kappa S0, kappa S1,
 * kappa S2 with S_k = T_k / L^k, T_k = sum_(s<L) s^k a^(L-1-s), so that a block with P(r + s) =
 * A0 + A1 (s/L) + A2 (s/L)^2 inside is U(r+L) = a^L U(r) + sum_k kappa S_k A_k. T_k doubles from
 * L = 1 (T_0 = 1, T_1 = T_2 = 0): T_k(2l) = a^l T_k(l) + sum_(j<=k) C(k,j) l^(k-j) T_j(l), with
 * a^l = exp(l log a) at each level (one complex exp per level and atom, no repeated squaring).
 * out: levels x blockLevelDoubles(n) doubles (layout above); sigma_k = Re sum_n kappa_n S_k,n.
 * Needs volterraSetGamma(..., full). The table depends only on gamma and B: blocks of every
 * length and previous length use it without further preparation.
 */
export function volterraBlockSums(ws: usize, n: i32, levels: i32, out: usize): void {
  const lvl = blockLevelDoubles(n) << 3;
  memory.fill(out, 0, <usize>levels * lvl);
  for (let i = 0; i < n; i++) {
    const gr = load<f64>(at(arr(ws, n, LG_RE), i)), gi = load<f64>(at(arr(ws, n, LG_IM), i));
    const dr = load<f64>(at(arr(ws, n, D_RE), i)), di = load<f64>(at(arr(ws, n, D_IM), i));
    const kr = load<f64>(at(arr(ws, n, K_RE), i)), ki = load<f64>(at(arr(ws, n, K_IM), i));
    const zero = dr * dr + di * di < 1e-300; // a = 1 to working precision
    let t0r = 1.0, t0i = 0.0, t1r = 0.0, t1i = 0.0, t2r = 0.0, t2i = 0.0;
    let l = 1.0;
    for (let p = 0; p < levels; p++) {
      let ar = 1.0, ai = 0.0;
      if (!zero) {
        C.exp(l * gr, l * gi);
        ar = C.re; ai = C.im;
      }
      const base = out + <usize>p * lvl;
      const s1r = t1r / l, s1i = t1i / l, s2r = t2r / (l * l), s2i = t2i / (l * l);
      const c0r = kr * t0r - ki * t0i, c0i = kr * t0i + ki * t0r;
      const c1r = kr * s1r - ki * s1i, c1i = kr * s1i + ki * s1r;
      const c2r = kr * s2r - ki * s2i, c2i = kr * s2i + ki * s2r;
      const q = slot(base, i);
      store<f64>(q, ar);
      store<f64>(q, ai, 16);
      store<f64>(q, c0r, 32);
      store<f64>(q, c0i, 48);
      store<f64>(q, c1r, 64);
      store<f64>(q, c1i, 80);
      store<f64>(q, c2r, 96);
      store<f64>(q, c2i, 112);
      const sig = base + blockLevelSigma(n);
      store<f64>(sig, load<f64>(sig) + c0r);
      store<f64>(sig, load<f64>(sig, 8) + c1r, 8);
      store<f64>(sig, load<f64>(sig, 16) + c2r, 16);
      const n2r = (ar * t2r - ai * t2i) + t2r + 2.0 * l * t1r + l * l * t0r;
      const n2i = (ar * t2i + ai * t2r) + t2i + 2.0 * l * t1i + l * l * t0i;
      const n1r = (ar * t1r - ai * t1i) + t1r + l * t0r;
      const n1i = (ar * t1i + ai * t1r) + t1i + l * t0i;
      const n0r = (ar * t0r - ai * t0i) + t0r;
      const n0i = (ar * t0i + ai * t0r) + t0i;
      t2r = n2r; t2i = n2i; t1r = n1r; t1i = n1i; t0r = n0r; t0i = n0i;
      l *= 2.0;
    }
  }
}

/** Re sum_i a^L_i u_i over a table level at `base`, in the order the block pass accumulates it. */
function tableDot(base: usize, ur: usize, ui: usize, n: i32): f64 {
  let i = 0;
  let num = 0.0;
  if (ASC_FEATURE_SIMD) {
    let acc = f64x2.splat(0);
    let q = base;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      acc = f64x2.add(acc, f64x2.sub(f64x2.mul(v128.load(q), v128.load(ur + o)), f64x2.mul(v128.load(q, 16), v128.load(ui + o))));
      q += 128;
    }
    num = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  }
  for (; i < n; i++) {
    const q = slot(base, i);
    num += load<f64>(q) * load<f64>(at(ur, i)) - load<f64>(q, 16) * load<f64>(at(ui, i));
  }
  return num;
}

/**
 * `count` second-order blocks of L = 2^p steps from the table of volterraBlockSums: P inside a
 * block is the quadratic through P(r0 - rho L), P(r0) and P(r0 + L) (rho = Lprev / L for the first
 * block, 1 for the rest). On t = s/L the quadratic is A0 + A1 t + A2 t^2 with
 *   A0 = P(r0),  A2 = ((Pm - P)/rho + (P1 - P)) / (1 + rho),  A1 = P1 - P - A2,
 * each block solves the scalar equation P1 = F0 + Re sum (a^L U + kappa (S0 A0 + S1 A1 + S2 A2))
 * for P1 and then updates U, one pass over the atoms per block (the next block's sum is accumulated
 * during the update). `num` is Re sum a^L U for the first block when the caller has it (the last
 * value written to info by a run of the same L on the same U), else NaN (then one more pass forms
 * it; the bits are the same). Stops after a P that is not <= threshold. Writes to `info` (5
 * doubles): the blocks done, P at the start of the last block done (the next block's P(r0 - L)),
 * P at the starts of the two blocks before it (for a caller's error estimate; Pm and NaN stand in
 * when fewer blocks ran), and Re sum a^L U for a next block of the same length.
 */
export function volterraBlockRun_o2(
  ws: usize, n: i32, F0: f64, Pm: f64, P: f64, rho: f64, table: usize, p: i32, count: i32, threshold: f64, num: f64,
  info: usize,
): f64 {
  const base = table + ((<usize>p * blockLevelDoubles(n)) << 3);
  const sig = base + blockLevelSigma(n);
  const s0 = load<f64>(sig), s1 = load<f64>(sig, 8), s2 = load<f64>(sig, 16);
  const ur = arr(ws, n, U_RE), ui = arr(ws, n, U_IM);
  if (isNaN(num)) num = tableDot(base, ur, ui, n);
  let done = 0;
  let Pm2 = NaN, Pm3 = NaN;
  for (let b = 0; b < count; b++) {
    // A2 = alpha + beta P1, A1 = P1 - P - A2: one linear equation in P1.
    const beta = 1.0 / (1.0 + rho), alpha = ((Pm - P) / rho - P) * beta;
    const Pn = (F0 + num + s0 * P - s1 * (P + alpha) + s2 * alpha) / (1.0 - s1 * (1.0 - beta) - s2 * beta);
    const w2 = alpha + beta * Pn, w0 = P, w1 = Pn - P - w2;
    rho = 1.0;
    let i = 0;
    let next = 0.0;
    if (ASC_FEATURE_SIMD) {
      const v2 = f64x2.splat(w2), v0 = f64x2.splat(w0), v1 = f64x2.splat(w1);
      let acc = f64x2.splat(0);
      let q = base;
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        const xr = v128.load(ur + o), xi = v128.load(ui + o);
        const vr = v128.load(q), vi = v128.load(q, 16);
        let fr = f64x2.add(f64x2.mul(v128.load(q, 32), v0), f64x2.mul(v128.load(q, 64), v1));
        let fi = f64x2.add(f64x2.mul(v128.load(q, 48), v0), f64x2.mul(v128.load(q, 80), v1));
        fr = f64x2.add(f64x2.mul(v128.load(q, 96), v2), fr);
        fi = f64x2.add(f64x2.mul(v128.load(q, 112), v2), fi);
        const nr = f64x2.add(f64x2.sub(f64x2.mul(vr, xr), f64x2.mul(vi, xi)), fr);
        const ni = f64x2.add(f64x2.add(f64x2.mul(vr, xi), f64x2.mul(vi, xr)), fi);
        v128.store(ur + o, nr);
        v128.store(ui + o, ni);
        acc = f64x2.add(acc, f64x2.sub(f64x2.mul(vr, nr), f64x2.mul(vi, ni)));
        q += 128;
      }
      next = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    }
    for (; i < n; i++) {
      const q = slot(base, i);
      const xr = load<f64>(at(ur, i)), xi = load<f64>(at(ui, i));
      const vr = load<f64>(q), vi = load<f64>(q, 16);
      let fr = load<f64>(q, 32) * w0 + load<f64>(q, 64) * w1;
      let fi = load<f64>(q, 48) * w0 + load<f64>(q, 80) * w1;
      fr = load<f64>(q, 96) * w2 + fr;
      fi = load<f64>(q, 112) * w2 + fi;
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
