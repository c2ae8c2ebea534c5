// The sums of the deterministic equivalent (docs/model.md §5) at one (z, m):
// S1 = sum_j w_j/(tau_j m - z) and S2 = sum_j w_j/(tau_j m - z)^2 over j < v, with weights w = tau
// (m(z)) or w = c2 (the forcing resolvent S_F), two terms at a time in f64x2 lanes, and their tail
// tables.
import * as C from "./complex";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// Results of the sums, as module globals.
export let s1r: f64 = 0, s1i: f64 = 0, s2r: f64 = 0, s2i: f64 = 0;

// For tau_j |m| <= q |z| the terms expand in powers of tau_j m / z:
//   1/(tau m - z) = -(1/z) sum_k (tau m/z)^k,  1/(tau m - z)^2 = (1/z^2) sum_k (k+1) (tau m/z)^k,
// so the part of S1 and S2 over j >= J needs only the power sums W_k(J) = sum_(j>=J) w_j tau_j^k
// (stored divided by tau_J^k, the series then in powers of tau_J m/z, at most q in modulus),
// which do not depend on z or m. A tail table holds them at geometric breakpoints J_p; a sum then
// runs directly over j < J_p (the smallest breakpoint with tau_(J_p) |m| <= q |z|) and adds the
// series. On the contour |z| ranges over the whole spectrum, so most nodes need far fewer than v
// direct terms. With q = 1/8 and TAIL_K + 1 = 21 terms the truncation is below 22 q^21 < 1e-17
// relative to the leading term (the sum of the terms' moduli is at most |W_0|/(1 - q)).
const TAIL_Q: f64 = 0.125;
const TAIL_K: i32 = 20;
const TAIL_FIRST: i32 = 32;
const TAIL_RATIO: f64 = 1.125;
const TAIL_REC: i32 = 2 + 2 * (TAIL_K + 1); // J, tau_J, W_k for w = tau (k = 0..K), for w = c2

/** Number of breakpoints of a tail table for v terms. */
function tailCount(v: i32): i32 {
  let p = 0;
  for (let J = TAIL_FIRST; J < v; J = max(J + 1, <i32>Math.ceil(<f64>J * TAIL_RATIO))) p++;
  return p;
}

/** Doubles needed by tailTable for v terms. */
export function tailTableSize(v: i32): i32 {
  return 2 + tailCount(v) * TAIL_REC;
}

/**
 * Build the tail table of (tau, c2) into `table` (tailTableSize(v) doubles): at each breakpoint J
 * the normalised power sums sum_(j>=J) tau_j (tau_j/tau_J)^k (the weights of m(z)) and
 * sum_(j>=J) c2_j (tau_j/tau_J)^k (of S_F), k <= TAIL_K. Normalised by tau_J^k, every term is at
 * most its weight, so nothing overflows and a term that underflows is negligible. Accumulated from
 * the smallest terms up: between breakpoints J < J' the sums obey
 * W_k(J) = sum_(J<=j<J') w_j (tau_j/tau_J)^k + (tau_J'/tau_J)^k W_k(J'). Returns the breakpoints.
 */
export function tailTable(v: i32, tau: usize, c2: usize, table: usize): i32 {
  const P = tailCount(v);
  store<f64>(table, <f64>P);
  store<f64>(table, <f64>TAIL_K, 8);
  let J = TAIL_FIRST;
  for (let p = 0; p < P; p++) {
    const rec = table + ((2 + <usize>p * TAIL_REC) << 3);
    store<f64>(rec, <f64>J);
    store<f64>(rec, load<f64>(at(tau, J)), 8);
    J = max(J + 1, <i32>Math.ceil(<f64>J * TAIL_RATIO));
  }
  const acc = memory.data(2 * (TAIL_K + 1) * 8, 16);
  memory.fill(acc, 0, <usize>(2 * (TAIL_K + 1)) << 3);
  let end = v, prevTau = 0.0;
  for (let p = P - 1; p >= 0; p--) {
    const rec = table + ((2 + <usize>p * TAIL_REC) << 3);
    const j0 = <i32>load<f64>(rec), tJ = load<f64>(rec, 8);
    // Rescale the sums of the previous breakpoint from tau_J' to tau_J.
    if (p < P - 1) {
      const ratio = prevTau / tJ;
      let pw = 1.0;
      for (let k = 0; k <= TAIL_K; k++) {
        store<f64>(at(acc, k), load<f64>(at(acc, k)) * pw);
        store<f64>(at(acc, TAIL_K + 1 + k), load<f64>(at(acc, TAIL_K + 1 + k)) * pw);
        pw *= ratio;
      }
    }
    for (let j = end - 1; j >= j0; j--) {
      const t = load<f64>(at(tau, j)), w = load<f64>(at(c2, j)), ratio = t / tJ;
      let pw = 1.0;
      for (let k = 0; k <= TAIL_K; k++) {
        store<f64>(at(acc, k), load<f64>(at(acc, k)) + t * pw);
        store<f64>(at(acc, TAIL_K + 1 + k), load<f64>(at(acc, TAIL_K + 1 + k)) + w * pw);
        pw *= ratio;
        if (pw < 1e-300) break; // (tau_j/tau_J)^k below any weight that matters; avoids subnormals
      }
    }
    memory.copy(rec + 16, acc, <usize>(2 * (TAIL_K + 1)) << 3);
    end = j0;
    prevTau = tJ;
  }
  return P;
}

/**
 * S1 = sum_j w_j/(tau_j m - z) and, if `second`, S2 = sum_j w_j/(tau_j m - z)^2, j < v. With a tail
 * table (tail != 0) the terms j >= J_p come from its series; family 0: w = tau, 1: w = c2.
 */
export function sums(v: i32, tau: usize, wgt: usize, mr: f64, mi: f64, zr: f64, zi: f64, second: bool, tail: usize, family: i32): void {
  let rec: usize = 0;
  if (tail != 0) {
    const P = <i32>load<f64>(tail);
    const am = Math.sqrt(mr * mr + mi * mi), az = Math.sqrt(zr * zr + zi * zi);
    const lim = am > 0 ? TAIL_Q * az / am : Infinity;
    // Smallest p with tau_(J_p) <= lim (tau_(J_p) decreases with p): binary search.
    let lo = 0, hi = P;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (load<f64>(tail + ((2 + <usize>mid * TAIL_REC + 1) << 3)) <= lim) hi = mid; else lo = mid + 1;
    }
    if (lo < P) {
      rec = tail + ((2 + <usize>lo * TAIL_REC) << 3);
      v = <i32>load<f64>(rec);
    }
  }
  let j = 0;
  let a1r = 0.0, a1i = 0.0, a2r = 0.0, a2i = 0.0;
  if (ASC_FEATURE_SIMD) {
    const vmr = f64x2.splat(mr), vmi = f64x2.splat(mi), vzr = f64x2.splat(zr), vzi = f64x2.splat(zi);
    const one = f64x2.splat(1.0);
    let b1r = f64x2.splat(0), b1i = f64x2.splat(0), b2r = f64x2.splat(0), b2i = f64x2.splat(0);
    if (second && wgt == tau) {
      // m(z)'s Newton sums (w = tau): the loop below with g = t, four terms per pass (the same
      // operations in the same order, so the same bits).
      for (; j + 4 <= v; j += 4) {
        const o = <usize>j << 3;
        let t = v128.load(tau + o);
        let wr = f64x2.sub(f64x2.mul(t, vmr), vzr);
        let wi = f64x2.sub(f64x2.mul(t, vmi), vzi);
        let inv = f64x2.div(one, f64x2.add(f64x2.mul(wr, wr), f64x2.mul(wi, wi)));
        let ur = f64x2.mul(wr, inv), ui = f64x2.neg(f64x2.mul(wi, inv));
        let tr = f64x2.mul(t, ur), ti = f64x2.mul(t, ui);
        b1r = f64x2.add(b1r, tr);
        b1i = f64x2.add(b1i, ti);
        b2r = f64x2.add(b2r, f64x2.sub(f64x2.mul(tr, ur), f64x2.mul(ti, ui)));
        b2i = f64x2.add(b2i, f64x2.add(f64x2.mul(tr, ui), f64x2.mul(ti, ur)));
        t = v128.load(tau + o, 16);
        wr = f64x2.sub(f64x2.mul(t, vmr), vzr);
        wi = f64x2.sub(f64x2.mul(t, vmi), vzi);
        inv = f64x2.div(one, f64x2.add(f64x2.mul(wr, wr), f64x2.mul(wi, wi)));
        ur = f64x2.mul(wr, inv); ui = f64x2.neg(f64x2.mul(wi, inv));
        tr = f64x2.mul(t, ur); ti = f64x2.mul(t, ui);
        b1r = f64x2.add(b1r, tr);
        b1i = f64x2.add(b1i, ti);
        b2r = f64x2.add(b2r, f64x2.sub(f64x2.mul(tr, ur), f64x2.mul(ti, ui)));
        b2i = f64x2.add(b2i, f64x2.add(f64x2.mul(tr, ui), f64x2.mul(ti, ur)));
      }
    }
    for (; j + 2 <= v; j += 2) {
      const o = <usize>j << 3;
      const t = v128.load(tau + o);
      const wr = f64x2.sub(f64x2.mul(t, vmr), vzr);
      const wi = f64x2.sub(f64x2.mul(t, vmi), vzi);
      const inv = f64x2.div(one, f64x2.add(f64x2.mul(wr, wr), f64x2.mul(wi, wi)));
      const ur = f64x2.mul(wr, inv), ui = f64x2.neg(f64x2.mul(wi, inv)); // 1/w
      const g = v128.load(wgt + o);
      const tr = f64x2.mul(g, ur), ti = f64x2.mul(g, ui); // g/w
      b1r = f64x2.add(b1r, tr);
      b1i = f64x2.add(b1i, ti);
      if (second) {
        b2r = f64x2.add(b2r, f64x2.sub(f64x2.mul(tr, ur), f64x2.mul(ti, ui)));
        b2i = f64x2.add(b2i, f64x2.add(f64x2.mul(tr, ui), f64x2.mul(ti, ur)));
      }
    }
    a1r = f64x2.extract_lane(b1r, 0) + f64x2.extract_lane(b1r, 1);
    a1i = f64x2.extract_lane(b1i, 0) + f64x2.extract_lane(b1i, 1);
    a2r = f64x2.extract_lane(b2r, 0) + f64x2.extract_lane(b2r, 1);
    a2i = f64x2.extract_lane(b2i, 0) + f64x2.extract_lane(b2i, 1);
  }
  for (; j < v; j++) {
    const t = load<f64>(at(tau, j));
    const wr = t * mr - zr, wi = t * mi - zi;
    const inv = 1.0 / (wr * wr + wi * wi);
    const ur = wr * inv, ui = -wi * inv;
    const g = load<f64>(at(wgt, j));
    const tr = g * ur, ti = g * ui;
    a1r += tr;
    a1i += ti;
    if (second) {
      a2r += tr * ur - ti * ui;
      a2i += tr * ui + ti * ur;
    }
  }
  if (rec != 0) {
    // c1 = sum_k t^k W_k, c2 = sum_k (k+1) t^k W_k with t = tau_J m/z (|t| <= q) and the
    // normalised W_k = sum_(j>=J) w_j (tau_j/tau_J)^k of the table: every power stays bounded.
    const tauJ = load<f64>(rec, 8);
    C.div(tauJ * mr, tauJ * mi, zr, zi);
    const tr = C.re, ti = C.im;
    const W = rec + ((2 + <usize>family * (TAIL_K + 1)) << 3);
    let pr = 1.0, pi = 0.0, c1r = 0.0, c1i = 0.0, c2r = 0.0, c2i = 0.0;
    for (let k = 0; k <= TAIL_K; k++) {
      const wk = load<f64>(at(W, k));
      c1r += wk * pr; c1i += wk * pi;
      c2r += <f64>(k + 1) * wk * pr; c2i += <f64>(k + 1) * wk * pi;
      const nr = pr * tr - pi * ti;
      pi = pr * ti + pi * tr;
      pr = nr;
    }
    // S1 += -c1/z; S2 += c2/z^2.
    C.div(c1r, c1i, zr, zi);
    a1r -= C.re; a1i -= C.im;
    if (second) {
      const z2r = zr * zr - zi * zi, z2i = 2.0 * zr * zi;
      C.div(c2r, c2i, z2r, z2i);
      a2r += C.re; a2i += C.im;
    }
  }
  s1r = a1r; s1i = a1i; s2r = a2r; s2i = a2i;
}
