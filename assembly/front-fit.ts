// Power-law fits of the front over a flops window (docs/model.md §8): d* ~ f^xi and P* ~ f^(-eta) by
// least squares in log-log, from the envelope (Approach 1) or the IsoFLOP vertices (Approach 2).
import { ERR_NOT_INTERIOR, ERR_NOT_CONVEX, getI, getP } from "./job";
import { FRONT_ERR_EDGE, FRONT_ERR_FEW_POINTS, FRONT_ERR_CONCAVE } from "./abi";
import { ldF, stF, ldI, S_N, S_GRID, S_FIT, PAR_OK, PAR_EDGE } from "./front-state";

// Transient results of one call (registers, never read across calls).
export let fitXi: f64 = 0;
export let fitEta: f64 = 0;
export let errKind: i32 = 0;
export let errF: f64 = 0;

/** Set the error registers (FRONT_ERR_* kind, flops of the error). */
export function setFitError(kind: i32, f: f64): void {
  errKind = kind;
  errF = f;
}

/** Least-squares slope of y against x (n points). */
function slope(x: usize, y: usize, n: i32): f64 {
  let sx = 0.0, sy = 0.0;
  for (let i = 0; i < n; i++) sx += ldF(x, i);
  for (let i = 0; i < n; i++) sy += ldF(y, i);
  const mx = sx / <f64>n, my = sy / <f64>n;
  let sxy = 0.0, sxx = 0.0;
  for (let i = 0; i < n; i++) {
    const dx = ldF(x, i) - mx;
    sxy += dx * (ldF(y, i) - my);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

/**
 * Fit log P* and log d* against log f over [wLo, wHi] (relative slack 1e-12) from the front block
 * `fr`: the envelope (approach 1) or the parabola vertices (approach 2, which refuses edge and
 * concave points inside the window). Sets fitXi, fitEta; returns 0 or an error status (errKind,
 * errF set).
 */
export function fitExponents(job: usize, fr: usize, approach: i32, wLo: f64, wHi: f64): i32 {
  const n = getI(job, S_N), grid = getP(job, S_GRID);
  const scratch = getP(job, S_FIT);
  const lx = scratch, lp = scratch + (<usize>n << 3), ld = scratch + (<usize>(2 * n) << 3);
  const off = approach == 2 ? 2 * n : 0;
  const pArr = fr + (<usize>off << 3), dArr = fr + (<usize>(off + n) << 3);
  const st = fr + (<usize>(4 * n) << 3) + (<usize>n << 2);
  const lo = wLo * (1 - 1e-12), hi = wHi * (1 + 1e-12);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const f = ldF(grid, i);
    if (f < lo || f > hi) continue;
    const p = ldF(pArr, i), d = ldF(dArr, i);
    if (approach == 2 && ldI(st, i) != PAR_OK) {
      errF = f;
      if (ldI(st, i) == PAR_EDGE) {
        errKind = FRONT_ERR_EDGE;
        return ERR_NOT_INTERIOR;
      }
      errKind = FRONT_ERR_CONCAVE;
      return ERR_NOT_CONVEX;
    }
    if (!isFinite<f64>(p) || !isFinite<f64>(d)) continue;
    stF(lx, m, Math.log(f));
    stF(lp, m, Math.log(p));
    stF(ld, m, Math.log(d));
    m++;
  }
  if (m < 3) {
    errKind = FRONT_ERR_FEW_POINTS;
    errF = NaN;
    return ERR_NOT_INTERIOR;
  }
  fitEta = -slope(lx, lp, m);
  fitXi = slope(lx, ld, m);
  return 0;
}
