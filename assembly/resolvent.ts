// The deterministic equivalent of the spectrum of K (docs/model.md §5): m(z) by Newton with continuation.
// Its sums: resolvent-sums.ts; the contour and its atoms for the mode recursion (volterra.ts):
// contour.ts; the capacity floor F0: capacity.ts; Gauss-Legendre nodes: quadrature.ts; real-axis
// densities: density.ts.
//
// m(z) solves m = 1 / (1 + (1/d) sum_(j<=v) tau_j / (tau_j m - z)), branch m -> 1 as |z| -> inf.
// Newton on h(m) = m + (m/d) S1 - 1, h'(m) = 1 - (z/d) S2, S1 = sum tau/(tau m - z),
// S2 = sum tau/(tau m - z)^2. The j-sum runs over v terms, two at a time in f64x2 lanes.
import * as C from "./complex";
import { sums, s1r, s1i, s2r, s2i } from "./resolvent-sums";

const EPS: f64 = 2.220446049250313e-16;

// Newton's root, as transient registers: solveMT and continueM leave it here for their caller within
// the same call; nothing reads them across calls (results leave through out-pointers or job state).
export let mRe: f64 = 1.0;
export let mIm: f64 = 0.0;

/** Set the registers (mRe, mIm): the start of the next continueM. */
export function setM(re: f64, im: f64): void {
  mRe = re;
  mIm = im;
}

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
export function solveMT(v: i32, d: i32, tau: usize, zr: f64, zi: f64, mr: f64, mi: f64, tail: usize): i32 {
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
export function physical(zr: f64, zi: f64, mr: f64, mi: f64): bool {
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
