// Real-axis densities of the deterministic-equivalent spectrum (docs/model.md §5), for plots: at each
// point x > 0 the eigenvalue density (1/pi) Im(-d m(z)/z) of K and the forcing density
// (1/pi) Im S_F(z) at z = x (1 + i eps), m(z) reached by continuation from far above the axis
// (densityAt, direct sums). A resumable job: the host paces it point by point.
import {
  jobNew, jobOwn, jobIs, jobFree, jobReturn, jobSetProgress, getF, setF, getI, setI, getP, setP,
  STATUS_MORE, STATUS_DONE, ERR_CONTINUATION, ERR_BRANCH, ERR_STATE,
} from "./job";
import { JOB_KIND_DENSITY } from "./abi";
import { fillSpectrum } from "./problem";
import * as C from "./complex";
import { sums, s1i } from "./resolvent-sums";
import { solveMT, continueM, mRe, mIm } from "./resolvent";

// State slots.
const S_ALPHA = 0, S_BETA = 1, S_D = 2, S_V = 3, S_NX = 4, S_EPS = 5, S_NEXT = 6, S_FAILED = 7, S_TAU = 8, S_B = 9,
  S_SQ = 10, S_C2 = 11, S_XS = 12, S_OUT = 13, S_PT = 14, S_READY = 15;
const DENSITY_SLOTS = 16;
const MAX_BLOCK_DOUBLES: i32 = ((1 << 30) - 64) >> 3;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

function own(job: usize, n: i32): usize {
  return n <= MAX_BLOCK_DOUBLES ? jobOwn(job, <usize>max(n, 1) << 3) : 0;
}

/**
 * Begin the densities of the deterministic equivalent for alpha, beta, d and v (v >= d) at the nx
 * points xs (> 0; copied) with z = x (1 + i eps). The host validates the arguments. Returns the job
 * (kind JOB_KIND_DENSITY), or 0 if memory is short.
 */
export function densityBegin(alpha: f64, beta: f64, d: i32, v: i32, xs: usize, nx: i32, eps: f64): usize {
  const job = jobNew(JOB_KIND_DENSITY, <usize>DENSITY_SLOTS << 3, 8);
  if (job == 0) return 0;
  setF(job, S_ALPHA, alpha); setF(job, S_BETA, beta);
  setI(job, S_D, d); setI(job, S_V, v); setI(job, S_NX, nx); setF(job, S_EPS, eps);
  setI(job, S_FAILED, -1);
  const tau = own(job, v), b = own(job, v), sq = own(job, v), c2 = own(job, v);
  const x = own(job, nx), out = own(job, 2 * nx), pt = own(job, 4);
  if (tau == 0 || b == 0 || sq == 0 || c2 == 0 || x == 0 || out == 0 || pt == 0) {
    jobFree(job);
    return 0;
  }
  memory.copy(x, xs, <usize>nx << 3);
  setP(job, S_TAU, tau); setP(job, S_B, b); setP(job, S_SQ, sq); setP(job, S_C2, c2);
  setP(job, S_XS, x); setP(job, S_OUT, out); setP(job, S_PT, pt);
  return job;
}

/**
 * Advance by `budget` points (the first call also forms tau, b and c2_j = (tau_j b_j) b_j).
 * Returns STATUS_MORE, STATUS_DONE, ERR_CONTINUATION (continuation of m(z) failed at point
 * densityFailedPoint) or ERR_BRANCH (a negative density there: m(z) is not on the physical branch),
 * ERR_STATE (not a live density job).
 */
export function densityStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_DENSITY)) return ERR_STATE;
  const last = load<i32>(job + 4);
  if (last < 0) return last;
  const d = getI(job, S_D), v = getI(job, S_V), nx = getI(job, S_NX), eps = getF(job, S_EPS);
  const tau = getP(job, S_TAU), c2 = getP(job, S_C2), xs = getP(job, S_XS), out = getP(job, S_OUT), pt = getP(job, S_PT);
  if (getI(job, S_READY) == 0) {
    const b = getP(job, S_B);
    fillSpectrum(v, getF(job, S_ALPHA), getF(job, S_BETA), tau, b, getP(job, S_SQ));
    for (let j = 0; j < v; j++) {
      const t = load<f64>(at(tau, j)), bj = load<f64>(at(b, j));
      store<f64>(at(c2, j), t * bj * bj);
    }
    setI(job, S_READY, 1);
  }
  let i = getI(job, S_NEXT);
  for (let k = 0; k < max(1, budget) && i < nx; k++, i++) {
    const x = load<f64>(at(xs, i));
    if (densityAt(v, d, tau, c2, x, eps * x, pt) != 0) {
      setI(job, S_FAILED, i);
      return jobReturn(job, ERR_CONTINUATION);
    }
    const e = load<f64>(pt), f = load<f64>(pt, 8);
    if (e < -1e-12 * Math.abs(e) || f < -1e-12 * Math.abs(f)) {
      // a negative density: the root is not on the physical branch; rejected
      setI(job, S_FAILED, i);
      return jobReturn(job, ERR_BRANCH);
    }
    store<f64>(at(out, i), max(0.0, e));
    store<f64>(at(out, nx + i), max(0.0, f));
  }
  setI(job, S_NEXT, i);
  jobSetProgress(job, <f64>i / <f64>nx);
  return jobReturn(job, i >= nx ? STATUS_DONE : STATUS_MORE);
}

/** The densities (2 nx doubles, job-owned): eigenvalue densities at xs, then forcing densities. */
export function densityResults(job: usize): usize {
  return jobIs(job, JOB_KIND_DENSITY) ? getP(job, S_OUT) : 0;
}

/** Index of the point where the job failed (-1 if none). */
export function densityFailedPoint(job: usize): i32 {
  return jobIs(job, JOB_KIND_DENSITY) ? getI(job, S_FAILED) : -1;
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
