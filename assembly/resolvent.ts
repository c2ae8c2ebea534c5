// Deterministic equivalent of the spectrum of K (docs/model.md §5): m(z) by Newton with continuation,
// the forcing resolvent S_F(z), the capacity floor F0, Gauss-Legendre nodes, and the contour
// representation as complex atoms for the mode recursion (volterra.ts).
//
// m(z) solves m = 1 / (1 + (1/d) sum_(j<=v) tau_j / (tau_j m - z)), branch m -> 1 as |z| -> inf.
// Newton on h(m) = m + (m/d) S1 - 1, h'(m) = 1 - (z/d) S2, S1 = sum tau/(tau m - z),
// S2 = sum tau/(tau m - z)^2. The j-sum runs over v terms, two at a time in f64x2 lanes.
import * as C from "./complex";
import { WS_ARRAYS, WS_Z_RE, WS_Z_IM, WS_PHI_RE, WS_PHI_IM, WS_NU_RE, WS_NU_IM } from "./abi";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

// Results of the sums, as module globals.
let s1r: f64 = 0, s1i: f64 = 0, s2r: f64 = 0, s2i: f64 = 0;

// ---- tail sums
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
function sums(v: i32, tau: usize, wgt: usize, mr: f64, mi: f64, zr: f64, zi: f64, second: bool, tail: usize, family: i32): void {
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

const EPS: f64 = 2.220446049250313e-16;

// Newton's root, as transient registers: solveMT and continueM leave it here for their caller within
// the same call; nothing reads them across calls (results leave through out-pointers or job state).
let mRe: f64 = 1.0;
let mIm: f64 = 0.0;

/**
 * Newton for m(z) from the start (mr, mi), direct sums over all v terms. On success returns the
 * iteration count (> 0) and writes the root to out[0] (Re m), out[1] (Im m) (2 doubles); returns -1
 * (out untouched) if 60 iterations do not converge (a step of at most 4 eps |m|, or a stalled step
 * of at most 64 eps |m|: see solveMT).
 */
export function solveM(v: i32, d: i32, tau: usize, zr: f64, zi: f64, mr: f64, mi: f64, out: usize): i32 {
  const it = solveMT(v, d, tau, zr, zi, mr, mi, 0);
  if (it > 0) {
    store<f64>(out, mRe);
    store<f64>(out, mIm, 8);
  }
  return it;
}

/** solveM with a tail table (0: direct sums over all v terms). */
function solveMT(v: i32, d: i32, tau: usize, zr: f64, zi: f64, mr: f64, mi: f64, tail: usize): i32 {
  const invD = 1.0 / <f64>d;
  let prevStep = Infinity;
  for (let it = 1; it <= 60; it++) {
    sums(v, tau, tau, mr, mi, zr, zi, true, tail, 0);
    // h = m + (m/d) S1 - 1
    const hr = mr + invD * (mr * s1r - mi * s1i) - 1.0;
    const hi = mi + invD * (mr * s1i + mi * s1r);
    // h' = 1 - (z/d) S2
    const pr = 1.0 - invD * (zr * s2r - zi * s2i);
    const pi = -invD * (zr * s2i + zi * s2r);
    C.div(hr, hi, pr, pi);
    const dr = C.re, di = C.im;
    mr -= dr;
    mi -= di;
    if (!(Math.abs(mr) + Math.abs(mi) < Infinity)) return -1;
    const step = Math.sqrt(dr * dr + di * di), size = Math.sqrt(mr * mr + mi * mi);
    // Converged: the step is at rounding level. At the small-z end of the contour for large alpha
    // the residual h is a difference of O(1) terms and Newton stalls a few eps above 4 eps |m|;
    // a step that no longer contracts (>= prev/4) but is below 64 eps |m| is that floor, accepted.
    // The contour's mass self-checks (1e-9) still guard the result.
    if (step <= 4.0 * EPS * size || (it > 3 && step <= 64.0 * EPS * size && step >= 0.25 * prevStep)) {
      mRe = mr;
      mIm = mi;
      return it;
    }
    prevStep = step;
  }
  return -1;
}

/** The root is physical for Im z > 0: Im m <= 0 and Im(-m/z) >= 0 (up to rounding). */
function physical(zr: f64, zi: f64, mr: f64, mi: f64): bool {
  const scale = 1e-13 * Math.sqrt(mr * mr + mi * mi);
  if (mi > scale) return false;
  C.div(-mr, -mi, zr, zi);
  return C.im >= -1e-13 * Math.sqrt(C.re * C.re + C.im * C.im);
}

/**
 * Continuation from the current (mRe, mIm) at (z0r, z0i) to (z1r, z1i): tries the direct Newton
 * step and bisects the path while Newton fails or lands on a non-physical root.
 * Returns 0 on success (root in mRe, mIm), 1 on failure.
 */
export function continueM(v: i32, d: i32, tau: usize, z0r: f64, z0i: f64, z1r: f64, z1i: f64, tail: usize): i32 {
  let fr = z0r, fi = z0i; // last solved point
  let tr = z1r, ti = z1i; // current target
  let depth = 0;
  while (true) {
    const mr0 = mRe, mi0 = mIm;
    const it = solveMT(v, d, tau, tr, ti, mr0, mi0, tail);
    if (it > 0 && physical(tr, ti, mRe, mIm)) {
      if (tr == z1r && ti == z1i) return 0;
      fr = tr; fi = ti;
      tr = z1r; ti = z1i;
      depth = 0;
      continue;
    }
    mRe = mr0; mIm = mi0;
    if (++depth > 40) return 1;
    tr = 0.5 * (fr + tr);
    ti = 0.5 * (fi + ti);
  }
}

/** Gauss-Legendre nodes x[0..n) on [-1, 1] (increasing) and weights w, by Newton on P_n. */
export function gaussLegendre(n: i32, x: usize, w: usize): void {
  for (let i = 0; i < (n + 1) / 2; i++) {
    let t = Math.cos(Math.PI * (<f64>i + 0.75) / (<f64>n + 0.5));
    let dp = 0.0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1.0, p1 = t;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2.0 * <f64>k - 1.0) * t * p1 - (<f64>k - 1.0) * p0) / <f64>k;
        p0 = p1;
        p1 = p2;
      }
      if (n == 1) { p1 = t; p0 = 1.0; }
      dp = <f64>n * (t * p1 - p0) / (t * t - 1.0);
      const dt = p1 / dp;
      t -= dt;
      if (Math.abs(dt) <= 1e-16) {
        // one more evaluation of the derivative at the converged node
        p0 = 1.0; p1 = t;
        for (let k = 2; k <= n; k++) {
          const p2 = ((2.0 * <f64>k - 1.0) * t * p1 - (<f64>k - 1.0) * p0) / <f64>k;
          p0 = p1;
          p1 = p2;
        }
        dp = <f64>n * (t * p1 - p0) / (t * t - 1.0);
        break;
      }
    }
    const wt = 2.0 / ((1.0 - t * t) * dp * dp);
    store<f64>(at(x, i), -t);
    store<f64>(at(w, i), wt);
    store<f64>(at(x, n - 1 - i), t);
    store<f64>(at(w, n - 1 - i), wt);
  }
  if (n == 1) { store<f64>(x, 0.0); store<f64>(w, 2.0); }
}

/**
 * kappa > 0 with sum_j tau_j / (tau_j + kappa) = d (effective dimension d), by safeguarded Newton
 * on log kappa; needs v > d. Returns kappa (0 if v <= d).
 */
export function effectiveKappa(v: i32, d: i32, tau: usize): f64 {
  if (v <= d) return 0.0;
  let lo = -800.0, hi = 800.0; // bracket in t = log kappa: f(lo) > 0 > f(hi)
  let t = Math.log(load<f64>(at(tau, d - 1)));
  for (let it = 0; it < 200; it++) {
    const k = Math.exp(t);
    let f = -<f64>d, fp = 0.0;
    for (let j = 0; j < v; j++) {
      const tj = load<f64>(at(tau, j));
      const q = tj / (tj + k);
      f += q;
      fp -= q * (k / (tj + k));
    }
    if (f > 0) lo = t; else hi = t;
    let tn = fp < 0 ? t - f / fp : 0.5 * (lo + hi);
    if (!(tn > lo && tn < hi)) tn = 0.5 * (lo + hi);
    if (Math.abs(tn - t) <= 1e-15 * Math.max(1.0, Math.abs(t)) || hi - lo <= 1e-15 * Math.max(1.0, Math.abs(t))) {
      t = tn;
      break;
    }
    t = tn;
  }
  return Math.exp(t);
}

/** F0 = sum_j c2_j kappa / (tau_j + kappa) (compensated), the deterministic capacity floor. */
export function floorF0(v: i32, tau: usize, c2: usize, kappa: f64): f64 {
  let s = 0.0, c = 0.0;
  for (let j = 0; j < v; j++) {
    const tj = load<f64>(at(tau, j));
    const t = load<f64>(at(c2, j)) * (kappa / (tj + kappa));
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
    s = u;
  }
  return s + c;
}

/** Number of atoms of the contour: 2 capNodes + panels·nodesPerPanel. */
export function contourSize(xL: f64, xR: f64, panelWidth: f64, nodesPerPanel: i32, capNodes: i32): i32 {
  const panels = <i32>Math.ceil(Math.log(xR / xL) / panelWidth);
  return 2 * capNodes + panels * nodesPerPanel;
}

// A contour construction runs in resumable pieces (contourPrepare, contourWalk, contourSolve,
// contourAtoms), driven by the measure job (measure.ts); its state lives in a block of
// CONTOUR_STATE_SLOTS doubles that the job owns, not in globals, so that several constructions
// interleave. The slots are the ABI's layout contourState (abi/plrf.abi.json, generated into ./abi).
import {
  CONTOUR_ST_POS as CS_POS, CONTOUR_ST_PR as CS_PR, CONTOUR_ST_PI as CS_PI, CONTOUR_ST_MR as CS_MR, CONTOUR_ST_MI as CS_MI,
  CONTOUR_ST_CR as CS_CR, CONTOUR_ST_CI as CS_CI, CONTOUR_ST_ME as CS_ME, CONTOUR_ST_MF as CS_MF, CONTOUR_ST_FAIL as CS_FAIL,
  CONTOUR_ST_TOP as CS_TOP, CONTOUR_ST_XR as CS_XR,
} from "./abi";

// @ts-ignore: decorator
@inline function cget(st: usize, k: i32): f64 {
  return load<f64>(st + (<usize>k << 3));
}
// @ts-ignore: decorator
@inline function cset(st: usize, k: i32, x: f64): void {
  store<f64>(st + (<usize>k << 3), x);
}
// @ts-ignore: decorator
@inline function wsArr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}

/**
 * Contour nodes and weights (dz included), in path order: right cap x_R + i y, y: 0 -> s x_R; ray
 * z = x (1 + i s), x: x_R -> x_L; left cap x_L + i y, y: s x_L -> 0. Then m(z) at a far point above
 * x_R and continuation down to the top of the right cap. Returns 0; 1 if Newton failed at the
 * start; 2 if the start landed on a non-physical root; 3 if n does not match the panel count.
 */
export function contourPrepare(
  v: i32, d: i32, tau: usize, xL: f64, xR: f64, slope: f64, panelWidth: f64,
  nodesPerPanel: i32, capNodes: i32, ws: usize, n: i32, work: usize, startRe: f64, startIm: f64, st: usize, tail: usize,
): i32 {
  const panels = <i32>Math.ceil(Math.log(xR / xL) / panelWidth);
  if (2 * capNodes + panels * nodesPerPanel != n) return 3;
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const wr = wsArr(ws, n, WS_PHI_RE), wi = wsArr(ws, n, WS_PHI_IM); // weights first, phi later
  const gx = work, gw = work + (<usize>max(nodesPerPanel, capNodes) << 3);
  gaussLegendre(capNodes, gx, gw);
  let k = 0;
  const hR = 0.5 * slope * xR;
  for (let i = 0; i < capNodes; i++, k++) {
    store<f64>(at(zr, k), xR);
    store<f64>(at(zi, k), hR * (1.0 + load<f64>(at(gx, i))));
    store<f64>(at(wr, k), 0.0);
    store<f64>(at(wi, k), hR * load<f64>(at(gw, i))); // dz = i dy
  }
  gaussLegendre(nodesPerPanel, gx, gw);
  const uL = Math.log(xL), uR = Math.log(xR);
  const h = (uR - uL) / <f64>panels;
  for (let p = 0; p < panels; p++) {
    const hi = uR - <f64>p * h, mid = hi - 0.5 * h;
    for (let i = nodesPerPanel - 1; i >= 0; i--, k++) {
      const u = mid + 0.5 * h * load<f64>(at(gx, i));
      const x = Math.exp(u);
      store<f64>(at(zr, k), x);
      store<f64>(at(zi, k), slope * x);
      // dz = (1 + i s) x du, traversed with decreasing u
      const f = -0.5 * h * load<f64>(at(gw, i)) * x;
      store<f64>(at(wr, k), f);
      store<f64>(at(wi, k), f * slope);
    }
  }
  gaussLegendre(capNodes, gx, gw);
  const hL = 0.5 * slope * xL;
  for (let i = capNodes - 1; i >= 0; i--, k++) {
    store<f64>(at(zr, k), xL);
    store<f64>(at(zi, k), hL * (1.0 + load<f64>(at(gx, i))));
    store<f64>(at(wr, k), 0.0);
    store<f64>(at(wi, k), -hL * load<f64>(at(gw, i)));
  }
  // m at a point far above x_R (m ~ 1); contourWalk then continues down to the top of the right cap.
  const y = 1e4 * (1.0 + xR);
  cset(st, CS_FAIL, -2);
  if (solveMT(v, d, tau, xR, y, startRe, startIm, tail) < 0) return 1;
  if (!physical(xR, y, mRe, mIm)) return 2;
  cset(st, CS_POS, -1);
  cset(st, CS_PR, xR); cset(st, CS_PI, y);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  cset(st, CS_TOP, slope * xR); cset(st, CS_XR, xR);
  cset(st, CS_ME, 0); cset(st, CS_MF, 0);
  cset(st, CS_FAIL, -1);
  return 0;
}

/**
 * Continue m(z) down the line Re z = x_R from the far starting point to the top of the right cap,
 * at most `count` halvings of Im z per call. Returns 0 if more remain, 1 at the top (the corner),
 * -1 if continuation failed.
 */
export function contourWalk(v: i32, d: i32, tau: usize, st: usize, count: i32, tail: usize): i32 {
  const xR = cget(st, CS_XR), top = cget(st, CS_TOP);
  let y = cget(st, CS_PI);
  mRe = cget(st, CS_MR); mIm = cget(st, CS_MI);
  for (let c = 0; c < count && y > top; c++) {
    const yn = Math.max(top, 0.5 * y);
    if (continueM(v, d, tau, xR, y, xR, yn, tail) != 0) { cset(st, CS_FAIL, -1); return -1; }
    y = yn;
  }
  cset(st, CS_PI, y);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  if (y > top) return 0;
  cset(st, CS_POS, 0);
  cset(st, CS_CR, mRe); cset(st, CS_CI, mIm);
  return 1;
}

/**
 * Continue m(z) along the next `count` nodes (right cap top-down, then the ray and the left cap),
 * storing m at each node in the workspace's scratch arrays. Returns 0 if more nodes remain, 1 when
 * all are done, -1 if continuation failed (the node is in slot CS_FAIL).
 */
export function contourSolve(v: i32, d: i32, tau: usize, ws: usize, n: i32, capNodes: i32, st: usize, count: i32, tail: usize): i32 {
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const mStoreR = wsArr(ws, n, WS_ARRAYS - 2), mStoreI = wsArr(ws, n, WS_ARRAYS - 1);
  let pos = <i32>cget(st, CS_POS);
  let pr = cget(st, CS_PR), pi = cget(st, CS_PI);
  mRe = cget(st, CS_MR); mIm = cget(st, CS_MI);
  for (let c = 0; c < count && pos < n; c++, pos++) {
    if (pos == capNodes) {
      // back to the corner for the ray
      mRe = cget(st, CS_CR); mIm = cget(st, CS_CI);
      pr = cget(st, CS_XR); pi = cget(st, CS_TOP);
    }
    const node = pos < capNodes ? capNodes - 1 - pos : pos;
    const tr = load<f64>(at(zr, node)), ti = load<f64>(at(zi, node));
    if (continueM(v, d, tau, pr, pi, tr, ti, tail) != 0) {
      cset(st, CS_FAIL, <f64>node);
      return -1;
    }
    store<f64>(at(mStoreR, node), mRe);
    store<f64>(at(mStoreI, node), mIm);
    pr = tr; pi = ti;
  }
  cset(st, CS_POS, <f64>pos);
  cset(st, CS_PR, pr); cset(st, CS_PI, pi);
  cset(st, CS_MR, mRe); cset(st, CS_MI, mIm);
  return pos >= n ? 1 : 0;
}

/**
 * Atoms of nodes [i0, i1): phi_n = (i/pi) w_n S_F(z_n), nu_n = (i/pi) w_n z_n^2 (-d m(z_n)/z_n)
 * (gamma-free), overwriting the weights; adds the enclosed masses to the state (CS_ME should reach
 * d, CS_MF should reach ||c||^2 - F0). Returns 0, or 2 if a node's root is not on the physical
 * branch (Im S_F < 0 or Im(-d m/z) < 0; the node is in slot CS_FAIL).
 */
export function contourAtoms(v: i32, d: i32, tau: usize, c2: usize, ws: usize, n: i32, i0: i32, i1: i32, st: usize, tail: usize): i32 {
  const zr = wsArr(ws, n, WS_Z_RE), zi = wsArr(ws, n, WS_Z_IM);
  const wr = wsArr(ws, n, WS_PHI_RE), wi = wsArr(ws, n, WS_PHI_IM);
  const nr = wsArr(ws, n, WS_NU_RE), ni = wsArr(ws, n, WS_NU_IM);
  const mStoreR = wsArr(ws, n, WS_ARRAYS - 2), mStoreI = wsArr(ws, n, WS_ARRAYS - 1);
  let mE = cget(st, CS_ME), mF = cget(st, CS_MF);
  const invPi = 1.0 / Math.PI;
  for (let i = i0; i < i1; i++) {
    const x = load<f64>(at(zr, i)), yy = load<f64>(at(zi, i));
    const mr = load<f64>(at(mStoreR, i)), mi = load<f64>(at(mStoreI, i));
    sums(v, tau, c2, mr, mi, x, yy, false, tail, 1);
    const sfr = s1r, sfi = s1i; // S_F(z)
    C.div(-<f64>d * mr, -<f64>d * mi, x, yy); // -d m / z
    const er = C.re, ei = C.im;
    const tol = 1e-12;
    if (sfi < -tol * Math.sqrt(sfr * sfr + sfi * sfi) || ei < -tol * Math.sqrt(er * er + ei * ei)) {
      cset(st, CS_FAIL, <f64>i);
      return 2;
    }
    const w_r = load<f64>(at(wr, i)), w_i = load<f64>(at(wi, i));
    // (i/pi) w S: i (a + i b) = -b + i a
    const pr2 = w_r * sfr - w_i * sfi, pi2 = w_r * sfi + w_i * sfr;
    // (i/pi) w (-d m / z); only the imaginary part of w (-d m / z) enters the mass
    const qi = w_r * ei + w_i * er;
    mE += -qi * invPi;
    mF += -pi2 * invPi;
    // nu = (i/pi) w z^2 (-d m/z) = (i/pi) w (-d m z)
    const emr = -<f64>d * (mr * x - mi * yy), emi = -<f64>d * (mr * yy + mi * x);
    const ur = w_r * emr - w_i * emi, ui = w_r * emi + w_i * emr;
    store<f64>(at(nr, i), -ui * invPi);
    store<f64>(at(ni, i), ur * invPi);
    store<f64>(at(wr, i), -pi2 * invPi);
    store<f64>(at(wi, i), pr2 * invPi);
  }
  cset(st, CS_ME, mE);
  cset(st, CS_MF, mF);
  return 0;
}

/** Values of a contour state block: which = 0 eigen mass, 1 forcing mass, 2 failed node, 3 nodes solved. */
export function contourStateValue(st: usize, which: i32): f64 {
  return which == 0 ? cget(st, CS_ME) : which == 1 ? cget(st, CS_MF) : which == 2 ? cget(st, CS_FAIL) : cget(st, CS_POS);
}

/**
 * Real-axis densities at x: (1/pi) Im(-d m(z)/z) (eigenvalues) and (1/pi) Im S_F(z) (forcing) at
 * z = x + i eps, reached by continuation from x + i 1e4 (1 + x) down to x + i eps.
 * out[0] = eigenvalue density, out[1] = forcing density, out[2] = Re m, out[3] = Im m.
 * Returns 0, or 1 if continuation failed.
 */
export function densityAt(v: i32, d: i32, tau: usize, c2: usize, x: f64, eps: f64, out: usize): i32 {
  let y = 1e4 * (1.0 + Math.abs(x));
  if (solveMT(v, d, tau, x, y, 1.0, 0.0, 0) < 0) return 1;
  while (y > eps) {
    const yn = Math.max(eps, 0.7 * y);
    if (continueM(v, d, tau, x, y, x, yn, 0) != 0) return 1;
    y = yn;
  }
  sums(v, tau, c2, mRe, mIm, x, eps, false, 0, 1);
  C.div(-<f64>d * mRe, -<f64>d * mIm, x, eps);
  store<f64>(out, C.im / Math.PI);
  store<f64>(out, s1i / Math.PI, 8);
  store<f64>(out, mRe, 16);
  store<f64>(out, mIm, 24);
  return 0;
}
