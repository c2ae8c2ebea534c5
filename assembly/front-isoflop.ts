// The IsoFLOP parabola of Approach 2 (docs/model.md §8): at one flops value, the least-squares
// parabola in (log d, log P) through the k points around the discrete minimum of the envelope, and
// its vertex (d*, P*).
import { ldF, stF, PAR_OK, PAR_CONCAVE } from "./front-state";

// @ts-ignore: decorator
@inline function det3(a00: f64, a01: f64, a02: f64, a10: f64, a11: f64, a12: f64, a20: f64, a21: f64, a22: f64): f64 {
  return a00 * (a11 * a22 - a12 * a21) - a01 * (a10 * a22 - a12 * a20) + a02 * (a10 * a21 - a11 * a20);
}

// The vertex of the last isoflopVertex that returned PAR_OK (registers read within the same call).
export let vertexD: f64 = NaN;
export let vertexP: f64 = NaN;

/**
 * Least-squares parabola in (log d, log P) through the k points ds[first..first+k), ps[first..)
 * (xs, ys: k f64 of scratch each), centred at the mean of log d; 3x3 normal equations by Cramer's
 * rule. Returns PAR_OK with the vertex in vertexD, vertexP, or PAR_CONCAVE (no minimum).
 */
export function isoflopVertex(ds: usize, ps: usize, first: i32, k: i32, xs: usize, ys: usize): i32 {
  for (let i = 0; i < k; i++) {
    stF(xs, i, Math.log(ldF(ds, first + i)));
    stF(ys, i, Math.log(ldF(ps, first + i)));
  }
  let m = 0.0;
  for (let i = 0; i < k; i++) m += ldF(xs, i);
  m = m / <f64>k;
  const s0 = <f64>k;
  let s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, t0 = 0.0, t1 = 0.0, t2 = 0.0;
  for (let i = 0; i < k; i++) {
    const a = ldF(xs, i) - m, a2 = a * a, y = ldF(ys, i);
    s1 += a; s2 += a2; s3 += a2 * a; s4 += a2 * a2;
    t0 += y; t1 += a * y; t2 += a2 * y;
  }
  const D = det3(s0, s1, s2, s1, s2, s3, s2, s3, s4);
  const b0 = det3(t0, s1, s2, t1, s2, s3, t2, s3, s4) / D;
  const b1 = det3(s0, t0, s2, s1, t1, s3, s2, t2, s4) / D;
  const b2 = det3(s0, s1, t0, s1, s2, t1, s2, s3, t2) / D;
  const c0 = b0 - b1 * m + b2 * m * m, c1 = b1 - 2 * b2 * m, c2 = b2;
  if (!(c2 > 0)) return PAR_CONCAVE;
  const xv = -c1 / (2 * c2);
  vertexD = Math.exp(xv);
  vertexP = Math.exp(c0 + c1 * xv + c2 * xv * xv);
  return PAR_OK;
}
