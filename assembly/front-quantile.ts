// Quantiles of a sample (linear interpolation between order statistics), for the percentile
// intervals of the front's exponents and for hosts.
import { ldF, stF } from "./front-state";

/** Sort x[0..n) increasingly (stable merge sort through `tmp`; no NaN expected). */
function sortF64(x: usize, tmp: usize, n: i32): void {
  let src = x, dst = tmp;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = min(lo + width, n), hi = min(lo + 2 * width, n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        const a = ldF(src, i), b = ldF(src, j);
        if (b < a) { stF(dst, o++, b); j++; } else { stF(dst, o++, a); i++; }
      }
      while (i < mid) stF(dst, o++, ldF(src, i++));
      while (j < hi) stF(dst, o++, ldF(src, j++));
    }
    const t = src; src = dst; dst = t;
  }
  if (src != x) memory.copy(x, src, <usize>n << 3);
}

/** Linear-interpolated quantile q of the sorted s[0..n). */
function quantileSorted(s: usize, n: i32, q: f64): f64 {
  const pos = q * <f64>(n - 1);
  const lo = <i32>Math.floor(pos), hi = <i32>Math.ceil(pos);
  return ldF(s, lo) + (ldF(s, hi) - ldF(s, lo)) * (pos - <f64>lo);
}

/**
 * Sort x[0..n) in place (stable; `tmp` is n f64 of scratch) and leave its linear-interpolated
 * quantiles q1 and q2 in the registers qLo, qHi (read by the caller within the same call).
 */
export let qLo: f64 = NaN;
export let qHi: f64 = NaN;
export function quantilePair(x: usize, tmp: usize, n: i32, q1: f64, q2: f64): void {
  sortF64(x, tmp, n);
  qLo = quantileSorted(x, n, q1);
  qHi = quantileSorted(x, n, q2);
}

/**
 * The linear-interpolated quantile q in [0, 1] of x[0..n) (NaN entries ignored; NaN when none is
 * left). Reorders x (sorted, NaN moved to the end); `tmp` is n f64 of scratch. Used by the fits'
 * percentile intervals.
 */
export function quantile(x: usize, tmp: usize, n: i32, q: f64): f64 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = ldF(x, i);
    if (!isNaN<f64>(v)) stF(tmp, m++, v);
  }
  const nans = n - m;
  for (let i = 0; i < m; i++) stF(x, i, ldF(tmp, i));
  for (let i = 0; i < nans; i++) stF(x, m + i, NaN);
  if (m == 0) return NaN;
  sortF64(x, tmp, m);
  return quantileSorted(x, m, q);
}
