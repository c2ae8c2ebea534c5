// The compute-optimal front of a family of loss curves P(r; d) on the common axis f = r·d·B
// (docs/model.md §8), as a resumable job: the flops grid, log-log interpolation of each curve, the
// envelope P*(f) = min_d P and its discrete argmin (Approach 1), the IsoFLOP parabola through the 3
// or 5 points around the discrete minimum (Approach 2), power-law fits of d* ~ f^xi and
// P* ~ f^(-eta) over a window, the interior range, the local slopes (Approach 0), and 95% intervals
// from a bootstrap over runs (curves with >= 2 runs each) or from sub-windows.
// Loss without the factor 1/2; flops f = r·d·B.
//
// Input packing (frontBegin's `data`, f64, curves in increasing d):
//   per curve: d, count, flops[count], loss[count], nRuns, runs[nRuns x count] (run-major)
// nRuns = 0 when the curve has no runs. The bootstrap is used when every curve has nRuns >= 2.
//
// Bootstrap: resample b draws, for each curve in order, nRuns indices (with replacement) from the
// xoshiro256** stream (seed, FRONT_STREAM) of rng.ts, averages the picked runs and refits on the
// same grid and window; resamples whose fit fails are skipped (frontFailed).
//
// Intervals: the 2.5% and 97.5% percentiles (linear interpolation) of the sample (bootstrap fits
// or the 36 sub-window fits: window ends moved inward by a/20 and b/20 of its log-range,
// a, b = 0..5). An interval is withheld (flag in frontCiFlags) when fewer than FRONT_MIN_SAMPLES
// fits succeeded, or when it does not contain its estimate (a bootstrap not centred on the
// estimate, an estimate at the edge of the sub-window spread).

import {
  jobNew, jobOwn, jobFree, jobIs, jobState, jobStatus, jobReturn, jobSetProgress, getF, setF, getI, setI, getP, setP,
  JOB_KIND_FRONT, STATUS_MORE, STATUS_DONE, ERR_ARGUMENT, ERR_MEMORY, ERR_NOT_INTERIOR, ERR_NOT_CONVEX, ERR_STATE,
} from "./job";
import { loadState, saveState, seed as rngSeed, nextIndex } from "./rng";
import { FRONT_STREAM, FRONT_MIN_SAMPLES, FRONT_CI_FEW, FRONT_CI_XI_OUTSIDE, FRONT_CI_ETA_OUTSIDE, FRONT_ERR_NO_INTERIOR, FRONT_ERR_EDGE, FRONT_ERR_FEW_POINTS, FRONT_ERR_CONCAVE, FRONT_ERR_INPUT } from "./abi";




// Parabola status per grid point.
const PAR_OK: i32 = 0;
const PAR_EDGE: i32 = 1;
const PAR_CONCAVE: i32 = 2;

// State slots (8 bytes each).
const S_CURVES = 0; // i32 number of curves
const S_APPROACH = 1; // i32 0, 1, 2 as asked
const S_K = 2; // i32 parabola points
const S_DENSITY = 3; // i32 grid points per decade
const S_RESAMPLES = 4; // i32
const S_SEED = 5; // f64
const S_WIN_IN_LO = 6; // f64 window asked (NaN: default)
const S_WIN_IN_HI = 7;
const S_DATA = 8; // p copy of the packed curves
const S_TABLE = 9; // p per curve: 8 i32 (flops ptr, loss ptr, count, nRuns, runs ptr, first positive index)
const S_DS = 10; // p d values (f64 x curves)
const S_N = 11; // i32 grid size
const S_GRID = 12; // p grid (f64 x n)
const S_FRONT = 13; // p main front: pMin, dMin, pPar, dPar (4 x n f64), then iMin, status (2 x n i32)
const S_BOOT = 14; // p resample front, same layout
const S_PS = 15; // p scratch: P of each curve at one f (f64 x curves)
const S_FIT = 16; // p scratch of the fits: log f, log P, log d (3 x n f64)
const S_SAMPLES = 17; // p sample xi (cap f64), then eta (cap f64)
const S_CAP = 18; // i32 sample capacity
const S_NSAMPLES = 19; // i32 successful fits in the sample
const S_STAGE = 20; // i32 0 = main fit pending, 1 = sampling, 2 = done, -1 = malformed input, -2 = failed
const S_NEXT = 21; // i32 next resample
const S_METHOD = 22; // i32 0 sub-windows, 1 bootstrap
const S_XI = 23;
const S_ETA = 24;
const S_WIN_LO = 25; // window used
const S_WIN_HI = 26;
const S_INT_LO = 27; // interior range (NaN: none)
const S_INT_HI = 28;
const S_XI_LO = 29; // raw percentile intervals (NaN: too few fits)
const S_XI_HI = 30;
const S_ETA_LO = 31;
const S_ETA_HI = 32;
const S_FLAGS = 33; // i32 FRONT_CI_* bits
const S_ERR_KIND = 34; // i32 FRONT_ERR_*
const S_ERR_F = 35; // f64 flops of the error
const S_POINTS = 36; // p front points (flops, loss, d) x count
const S_NPOINTS = 37;
const S_SLOPES = 38; // p local slopes (flops, eta, xi) x count
const S_NSLOPES = 39;
const S_FAILED = 40; // i32 failed resamples
const S_MEANS = 41; // p resampled mean losses (sum of counts f64)
const S_MEANTBL = 42; // p per curve: loss pointer of the resample (usize x curves)
const S_LOSSTBL = 43; // p per curve: loss pointer of the data (usize x curves)
const S_RNG = 44; // 32 bytes: slots 44..47
const S_SCRATCH = 48; // 10 f64: parabola x (5), y (5): slots 48..57
const STATE_SLOTS = 58;

const TABLE_INTS = 8;

// Transient results of one call (registers, never read across calls).
let fitXi: f64 = 0;
let fitEta: f64 = 0;
let errKind: i32 = 0;
let errF: f64 = 0;

// @ts-ignore: decorator
@inline function ldF(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function stF(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }
// @ts-ignore: decorator
@inline function ldI(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function stI(p: usize, i: i32, x: i32): void { store<i32>(p + (<usize>i << 2), x); }
// @ts-ignore: decorator
@inline function tbl(job: usize, c: i32, field: i32): i32 { return ldI(getP(job, S_TABLE), c * TABLE_INTS + field); }

/**
 * Begin a front job. `data` (byte offset) holds `length` f64 in the packing above for `curves`
 * curves in increasing d (copied: the host may free it). approach: 0, 1 or 2 (0 fits as 1);
 * windowLo/windowHi: the fit window in flops (NaN: where the minimiser is interior);
 * parabolaPoints: 3 or 5; density: grid points per decade; resamples: bootstrap resamples; seed:
 * the bootstrap's seed (an integer in [0, 2^53)). Returns the job, or 0 when memory is short.
 */
export function frontBegin(data: usize, length: i32, curves: i32, approach: i32, windowLo: f64, windowHi: f64,
  parabolaPoints: i32, density: i32, resamples: i32, seed: f64): usize {
  const job = jobNew(JOB_KIND_FRONT, <usize>STATE_SLOTS << 3, 24);
  if (job == 0) return 0;
  setI(job, S_CURVES, curves);
  setI(job, S_APPROACH, approach);
  setI(job, S_K, parabolaPoints);
  setI(job, S_DENSITY, density);
  setI(job, S_RESAMPLES, resamples);
  setF(job, S_SEED, seed);
  setF(job, S_WIN_IN_LO, windowLo);
  setF(job, S_WIN_IN_HI, windowHi);
  setF(job, S_INT_LO, NaN);
  setF(job, S_INT_HI, NaN);
  if (
    curves < 1 || length < 1 || (parabolaPoints != 3 && parabolaPoints != 5) || density < 1 || resamples < 0 ||
    approach < 0 || approach > 2
  ) {
    setI(job, S_STAGE, -1);
    return job;
  }
  const copy = jobOwn(job, <usize>length << 3);
  const table = jobOwn(job, <usize>curves * TABLE_INTS * 4);
  const ds = jobOwn(job, <usize>curves << 3);
  const lossTbl = jobOwn(job, <usize>curves << 2);
  const meanTbl = jobOwn(job, <usize>curves << 2);
  const ps = jobOwn(job, <usize>curves << 3);
  if (copy == 0 || table == 0 || ds == 0 || lossTbl == 0 || meanTbl == 0 || ps == 0) return jobFreeOnShort(job);
  memory.copy(copy, data, <usize>length << 3);
  setP(job, S_DATA, copy);
  setP(job, S_TABLE, table);
  setP(job, S_DS, ds);
  setP(job, S_LOSSTBL, lossTbl);
  setP(job, S_MEANTBL, meanTbl);
  setP(job, S_PS, ps);
  // Parse the packing.
  let pos = 0, total = 0, everyHasRuns = true, ok = true;
  for (let c = 0; c < curves && ok; c++) {
    if (pos + 2 > length) { ok = false; break; }
    const d = ldF(copy, pos);
    const countF = ldF(copy, pos + 1);
    if (!(countF >= 2 && countF <= <f64>length)) { ok = false; break; }
    const count = <i32>countF;
    if (pos + 3 + 2 * count > length) { ok = false; break; }
    const flops = copy + (<usize>(pos + 2) << 3);
    const loss = copy + (<usize>(pos + 2 + count) << 3);
    const runsF = ldF(copy, pos + 2 + 2 * count);
    if (!(runsF >= 0 && runsF * <f64>count <= <f64>length)) { ok = false; break; }
    const nRuns = <i32>runsF;
    const runs = copy + (<usize>(pos + 3 + 2 * count) << 3);
    pos += 3 + 2 * count + nRuns * count;
    if (pos > length) { ok = false; break; }
    let first = 0;
    while (first < count && !(ldF(flops, first) > 0)) first++;
    const t = table + (<usize>c * TABLE_INTS << 2);
    stI(t, 0, <i32>flops);
    stI(t, 1, <i32>loss);
    stI(t, 2, count);
    stI(t, 3, nRuns);
    stI(t, 4, <i32>runs);
    stI(t, 5, first);
    stF(ds, c, d);
    store<usize>(lossTbl + (<usize>c << 2), loss);
    if (nRuns < 2) everyHasRuns = false;
    total += count;
  }
  if (!ok || pos != length) {
    setI(job, S_STAGE, -1);
    return job;
  }
  setI(job, S_METHOD, everyHasRuns ? 1 : 0);
  if (everyHasRuns) {
    const means = jobOwn(job, <usize>total << 3);
    if (means == 0) return jobFreeOnShort(job);
    setP(job, S_MEANS, means);
    let off: usize = means;
    for (let c = 0; c < curves; c++) {
      store<usize>(meanTbl + (<usize>c << 2), off);
      off += <usize>tbl(job, c, 2) << 3;
    }
    rngSeed(jobState(job) + (<usize>S_RNG << 3), seed, FRONT_STREAM);
  }
  return job;
}

function jobFreeOnShort(job: usize): usize {
  jobFree(job);
  return 0;
}

/** P of curve c at flops f by log-log linear interpolation; NaN outside the curve's positive range. */
function lerpLog(job: usize, c: i32, loss: usize, f: f64): f64 {
  return interpolateFrom(<usize>tbl(job, c, 0), loss, tbl(job, c, 5), tbl(job, c, 2), f);
}

/** Log-log linear interpolation at f between checkpoints lo..count-1 (flops[lo] > 0); NaN outside. */
// @ts-ignore: decorator
@inline function interpolateFrom(flops: usize, loss: usize, lo: i32, count: i32, f: f64): f64 {
  if (lo >= count - 1 || f < ldF(flops, lo) || f > ldF(flops, count - 1)) return NaN;
  let a = lo, b = count - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (ldF(flops, m) <= f) a = m;
    else b = m;
  }
  const t = (Math.log(f) - Math.log(ldF(flops, a))) / (Math.log(ldF(flops, b)) - Math.log(ldF(flops, a)));
  return Math.exp(Math.log(ldF(loss, a)) * (1 - t) + Math.log(ldF(loss, b)) * t);
}

// @ts-ignore: decorator
@inline function det3(a00: f64, a01: f64, a02: f64, a10: f64, a11: f64, a12: f64, a20: f64, a21: f64, a22: f64): f64 {
  return a00 * (a11 * a22 - a12 * a21) - a01 * (a10 * a22 - a12 * a20) + a02 * (a10 * a21 - a11 * a20);
}

/**
 * The envelope and the IsoFLOP parabolas on the grid, from the loss arrays of `lossTbl`, into the
 * front block `fr` (pMin, dMin, pPar, dPar, iMin, status). Parabolas only when `withParabola`.
 */
function envelope(job: usize, lossTbl: usize, fr: usize, withParabola: bool): void {
  const n = getI(job, S_N), nd = getI(job, S_CURVES), k = getI(job, S_K);
  const grid = getP(job, S_GRID), ds = getP(job, S_DS), ps = getP(job, S_PS);
  const pMin = fr, dMin = fr + (<usize>n << 3), pPar = fr + (<usize>(2 * n) << 3), dPar = fr + (<usize>(3 * n) << 3);
  const iMin = fr + (<usize>(4 * n) << 3), st = iMin + (<usize>n << 2);
  const half = (k - 1) >> 1;
  const xs = jobState(job) + (<usize>S_SCRATCH << 3), ys = xs + 40;
  for (let g = 0; g < n; g++) {
    const x = ldF(grid, g);
    let best = -1;
    for (let c = 0; c < nd; c++) {
      const p = lerpLog(job, c, load<usize>(lossTbl + (<usize>c << 2)), x);
      stF(ps, c, p);
      if (isFinite<f64>(p) && (best < 0 || p < ldF(ps, best))) best = c;
    }
    stI(iMin, g, best);
    stF(pMin, g, best < 0 ? NaN : ldF(ps, best));
    stF(dMin, g, best < 0 ? NaN : ldF(ds, best));
    if (!withParabola) continue;
    let edge = best - half < 0 || best + half >= nd;
    if (!edge) {
      for (let c = best - half; c <= best + half; c++) if (!isFinite<f64>(ldF(ps, c))) edge = true;
    }
    if (edge) {
      stF(pPar, g, NaN);
      stF(dPar, g, NaN);
      stI(st, g, PAR_EDGE);
      continue;
    }
    // Least-squares parabola in (log d, log P) through the k points around the discrete minimum,
    // centred at the mean of log d; 3x3 normal equations by Cramer's rule.
    for (let i = 0; i < k; i++) {
      stF(xs, i, Math.log(ldF(ds, best - half + i)));
      stF(ys, i, Math.log(ldF(ps, best - half + i)));
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
    if (!(c2 > 0)) {
      stF(pPar, g, NaN);
      stF(dPar, g, NaN);
      stI(st, g, PAR_CONCAVE);
      continue;
    }
    const xv = -c1 / (2 * c2);
    stF(dPar, g, Math.exp(xv));
    stF(pPar, g, Math.exp(c0 + c1 * xv + c2 * xv * xv));
    stI(st, g, PAR_OK);
  }
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
function fitExponents(job: usize, fr: usize, approach: i32, wLo: f64, wHi: f64): i32 {
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
let qLo: f64 = NaN;
let qHi: f64 = NaN;
function quantilePair(x: usize, tmp: usize, n: i32, q1: f64, q2: f64): void {
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

function mainFit(job: usize): i32 {
  const nd = getI(job, S_CURVES), density = getI(job, S_DENSITY);
  // Common flops grid from the smallest first positive flops to the largest last flops.
  let lo = Infinity, hi = -Infinity;
  for (let c = 0; c < nd; c++) {
    const flops = <usize>tbl(job, c, 0), count = tbl(job, c, 2), first = tbl(job, c, 5);
    if (first < count) lo = Math.min(lo, ldF(flops, first));
    const last = ldF(flops, count - 1);
    hi = isNaN<f64>(last) || isNaN<f64>(hi) ? NaN : Math.max(hi, last);
  }
  if (!(hi > lo)) {
    errKind = FRONT_ERR_INPUT;
    return ERR_ARGUMENT;
  }
  const decades = Math.log(hi / lo) / Math.LN10;
  const nf = Math.max(3, Math.ceil(decades * <f64>density) + 1);
  if (!(nf < 1e8)) {
    errKind = FRONT_ERR_INPUT;
    return ERR_ARGUMENT;
  }
  const n = <i32>nf;
  setI(job, S_N, n);
  const grid = jobOwn(job, <usize>n << 3);
  const fr = jobOwn(job, (<usize>n << 5) + (<usize>n << 3));
  const fit = jobOwn(job, <usize>(3 * n) << 3);
  const points = jobOwn(job, <usize>(3 * n) << 3);
  const slopes = jobOwn(job, <usize>(3 * n) << 3);
  if (grid == 0 || fr == 0 || fit == 0 || points == 0 || slopes == 0) return ERR_MEMORY;
  setP(job, S_GRID, grid);
  setP(job, S_FRONT, fr);
  setP(job, S_FIT, fit);
  setP(job, S_POINTS, points);
  setP(job, S_SLOPES, slopes);
  for (let i = 0; i < n; i++) stF(grid, i, lo * Math.exp((Math.LN10 * decades * <f64>i) / <f64>(n - 1)));
  envelope(job, getP(job, S_LOSSTBL), fr, true);
  const pMin = fr, dMin = fr + (<usize>n << 3), pPar = fr + (<usize>(2 * n) << 3), dPar = fr + (<usize>(3 * n) << 3);
  const iMin = fr + (<usize>(4 * n) << 3), st = iMin + (<usize>n << 2);

  // Interior range: the longest run of grid points whose argmin is neither the first nor the last d.
  let bestLen = 0, start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && ldI(iMin, i) > 0 && ldI(iMin, i) < nd - 1;
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      if (i - start > bestLen) {
        bestLen = i - start;
        setF(job, S_INT_LO, ldF(grid, start));
        setF(job, S_INT_HI, ldF(grid, i - 1));
      }
      start = -1;
    }
  }
  const hasInterior = bestLen > 0;
  let wLo = getF(job, S_WIN_IN_LO), wHi = getF(job, S_WIN_IN_HI);
  if (isNaN<f64>(wLo) || isNaN<f64>(wHi)) {
    if (!hasInterior) {
      errKind = FRONT_ERR_NO_INTERIOR;
      return ERR_NOT_INTERIOR;
    }
    wLo = getF(job, S_INT_LO);
    wHi = getF(job, S_INT_HI);
  }
  setF(job, S_WIN_LO, wLo);
  setF(job, S_WIN_HI, wHi);
  const approach = getI(job, S_APPROACH) == 2 ? 2 : 1;
  const status = fitExponents(job, fr, approach, wLo, wHi);
  if (status != 0) return status;
  setF(job, S_XI, fitXi);
  setF(job, S_ETA, fitEta);

  // The front on the grid: parabola vertices where available (Approach 2), else the envelope.
  let np = 0;
  for (let i = 0; i < n; i++) {
    const useParabola = approach == 2 && ldI(st, i) == PAR_OK;
    const p = useParabola ? ldF(pPar, i) : ldF(pMin, i);
    const d = useParabola ? ldF(dPar, i) : ldF(dMin, i);
    if (isFinite<f64>(p) && isFinite<f64>(d)) {
      stF(points, 3 * np, ldF(grid, i));
      stF(points, 3 * np + 1, p);
      stF(points, 3 * np + 2, d);
      np++;
    }
  }
  setI(job, S_NPOINTS, np);

  // Local slopes (Approach 0): differences over +-1/4 decade inside the interior range, thinned to
  // about 4 per decade. The f64 scratch `fit` holds log f.
  let ns = 0;
  if (hasInterior) {
    const iLo = getF(job, S_INT_LO), iHi = getF(job, S_INT_HI);
    const logf = fit;
    for (let i = 0; i < n; i++) stF(logf, i, Math.log(ldF(grid, i)));
    const h = Math.LN10 / 4;
    for (let i = 0; i < n; i++) {
      const f = ldF(grid, i);
      if (f < iLo * Math.exp(h) || f > iHi * Math.exp(-h)) continue;
      let a = i, b = i;
      while (a > 0 && ldF(logf, i) - ldF(logf, a) < h) a--;
      while (b < n - 1 && ldF(logf, b) - ldF(logf, i) < h) b++;
      const span = ldF(logf, b) - ldF(logf, a);
      const dp = (Math.log(ldF(pMin, b)) - Math.log(ldF(pMin, a))) / span;
      const useP = ldI(st, a) == PAR_OK && ldI(st, b) == PAR_OK;
      const dd = useP ? (Math.log(ldF(dPar, b)) - Math.log(ldF(dPar, a))) / span : (Math.log(ldF(dMin, b)) - Math.log(ldF(dMin, a))) / span;
      stF(slopes, 3 * ns, f);
      stF(slopes, 3 * ns + 1, -dp);
      stF(slopes, 3 * ns + 2, dd);
      ns++;
    }
    const step = <i32>Math.max(1, Math.round(<f64>ns / Math.max(1, (Math.log(iHi / iLo) / Math.LN10) * 4)));
    let kept = 0;
    for (let i = 0; i < ns; i++) {
      if (i % step != 0) continue;
      if (kept != i) {
        stF(slopes, 3 * kept, ldF(slopes, 3 * i));
        stF(slopes, 3 * kept + 1, ldF(slopes, 3 * i + 1));
        stF(slopes, 3 * kept + 2, ldF(slopes, 3 * i + 2));
      }
      kept++;
    }
    ns = kept;
  }
  setI(job, S_NSLOPES, ns);

  // The sample of the intervals.
  const boot = getI(job, S_METHOD) == 1;
  const cap = boot ? max(getI(job, S_RESAMPLES), 1) : 36;
  const samples = jobOwn(job, <usize>(3 * cap) << 3); // xi, eta, sort scratch
  if (samples == 0) return ERR_MEMORY;
  setP(job, S_SAMPLES, samples);
  setI(job, S_CAP, cap);
  if (boot) {
    const bfr = jobOwn(job, (<usize>n << 5) + (<usize>n << 3));
    if (bfr == 0) return ERR_MEMORY;
    setP(job, S_BOOT, bfr);
  }
  return 0;
}

/** One bootstrap resample: refit on averages of runs drawn with replacement. */
function resampleOnce(job: usize): void {
  const nd = getI(job, S_CURVES);
  const meanTbl = getP(job, S_MEANTBL);
  loadState(jobState(job) + (<usize>S_RNG << 3));
  for (let c = 0; c < nd; c++) {
    const count = tbl(job, c, 2), nRuns = tbl(job, c, 3);
    const runs = <usize>tbl(job, c, 4);
    const mean = load<usize>(meanTbl + (<usize>c << 2));
    memory.fill(mean, 0, <usize>count << 3);
    for (let j = 0; j < nRuns; j++) {
      const pick = runs + (<usize>(nextIndex(nRuns) * count) << 3);
      for (let t = 0; t < count; t++) stF(mean, t, ldF(mean, t) + ldF(pick, t) / <f64>nRuns);
    }
  }
  saveState(jobState(job) + (<usize>S_RNG << 3));
  const approach = getI(job, S_APPROACH) == 2 ? 2 : 1;
  const bfr = getP(job, S_BOOT);
  envelope(job, meanTbl, bfr, approach == 2);
  pushSample(job, fitExponents(job, bfr, approach, getF(job, S_WIN_LO), getF(job, S_WIN_HI)));
}

function pushSample(job: usize, status: i32): void {
  if (status != 0) {
    setI(job, S_FAILED, getI(job, S_FAILED) + 1);
    return;
  }
  const samples = getP(job, S_SAMPLES), cap = getI(job, S_CAP), m = getI(job, S_NSAMPLES);
  stF(samples, m, fitXi);
  stF(samples, cap + m, fitEta);
  setI(job, S_NSAMPLES, m + 1);
}

/** The 36 sub-window fits: window ends moved inward by a/20 and b/20 of its log-range. */
function subWindows(job: usize): void {
  const wLo = getF(job, S_WIN_LO), wHi = getF(job, S_WIN_HI);
  const L = Math.log(wHi / wLo);
  const approach = getI(job, S_APPROACH) == 2 ? 2 : 1;
  const fr = getP(job, S_FRONT);
  for (let a = 0; a <= 5; a++) {
    for (let b = 0; b <= 5; b++) {
      const lo = wLo * Math.exp((L * <f64>a) / 20), hi = wHi * Math.exp((-L * <f64>b) / 20);
      const status = fitExponents(job, fr, approach, lo, hi);
      if (status == 0) pushSample(job, 0);
    }
  }
}

function finishIntervals(job: usize): void {
  const samples = getP(job, S_SAMPLES), cap = getI(job, S_CAP), m = getI(job, S_NSAMPLES);
  let flags = 0;
  setF(job, S_XI_LO, NaN);
  setF(job, S_XI_HI, NaN);
  setF(job, S_ETA_LO, NaN);
  setF(job, S_ETA_HI, NaN);
  if (m < FRONT_MIN_SAMPLES) {
    flags |= FRONT_CI_FEW;
  } else {
    const tmp = samples + (<usize>(2 * cap) << 3);
    quantilePair(samples, tmp, m, 0.025, 0.975);
    setF(job, S_XI_LO, qLo);
    setF(job, S_XI_HI, qHi);
    quantilePair(samples + (<usize>cap << 3), tmp, m, 0.025, 0.975);
    setF(job, S_ETA_LO, qLo);
    setF(job, S_ETA_HI, qHi);
    const xi = getF(job, S_XI), eta = getF(job, S_ETA);
    if (!(getF(job, S_XI_LO) <= xi && xi <= getF(job, S_XI_HI))) flags |= FRONT_CI_XI_OUTSIDE;
    if (!(getF(job, S_ETA_LO) <= eta && eta <= getF(job, S_ETA_HI))) flags |= FRONT_CI_ETA_OUTSIDE;
  }
  setI(job, S_FLAGS, flags);
}

/**
 * Advance the front job by up to `budget` units (the main fit is one unit, each bootstrap resample
 * one, the sub-window fits one). Returns STATUS_MORE, STATUS_DONE, or ERR_NOT_INTERIOR /
 * ERR_NOT_CONVEX / ERR_ARGUMENT (see frontErrorKind, frontErrorFlops), ERR_MEMORY, ERR_STATE.
 */
export function frontStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_FRONT)) return ERR_STATE;
  let stage = getI(job, S_STAGE);
  if (stage == -2) return jobStatus(job); // a failed job keeps its error
  if (stage == -1) {
    setI(job, S_ERR_KIND, FRONT_ERR_INPUT);
    return jobReturn(job, ERR_ARGUMENT);
  }
  if (stage == 2) return jobReturn(job, STATUS_DONE);
  const boot = getI(job, S_METHOD) == 1;
  const total = boot ? getI(job, S_RESAMPLES) : 1;
  let units = max(budget, 1);
  if (stage == 0) {
    errKind = 0;
    errF = NaN;
    const status = mainFit(job);
    if (status != 0) {
      setI(job, S_ERR_KIND, errKind);
      setF(job, S_ERR_F, errF);
      setI(job, S_STAGE, -2);
      return jobReturn(job, status);
    }
    setI(job, S_STAGE, 1);
    stage = 1;
    units--;
  }
  if (boot) {
    let next = getI(job, S_NEXT);
    while (units > 0 && next < total) {
      resampleOnce(job);
      next++;
      units--;
    }
    setI(job, S_NEXT, next);
    if (next < total) {
      jobSetProgress(job, (1.0 + <f64>next) / (1.0 + <f64>total));
      return jobReturn(job, STATUS_MORE);
    }
  } else {
    if (units <= 0) {
      jobSetProgress(job, 0.5);
      return jobReturn(job, STATUS_MORE);
    }
    subWindows(job);
  }
  finishIntervals(job);
  setI(job, S_STAGE, 2);
  jobSetProgress(job, 1.0);
  return jobReturn(job, STATUS_DONE);
}

/** Fitted xi (d* ~ f^xi) of the finished job. */
export function frontXi(job: usize): f64 { return getF(job, S_XI); }
/** Fitted eta (P* ~ f^(-eta)) of the finished job. */
export function frontEta(job: usize): f64 { return getF(job, S_ETA); }
/**
 * The raw 95% percentile intervals: which = 0 xi low, 1 xi high, 2 eta low, 3 eta high. NaN when
 * too few fits succeeded; see frontCiFlags for intervals to withhold.
 */
export function frontInterval(job: usize, which: i32): f64 {
  return which == 0 ? getF(job, S_XI_LO) : which == 1 ? getF(job, S_XI_HI) : which == 2 ? getF(job, S_ETA_LO) : getF(job, S_ETA_HI);
}
/** FRONT_CI_* bits: 1 too few fits, 2 xi interval excludes xi, 4 eta interval excludes eta. */
export function frontCiFlags(job: usize): i32 { return getI(job, S_FLAGS); }
/** 1: bootstrap over runs; 0: sub-windows. */
export function frontCiMethod(job: usize): i32 { return getI(job, S_METHOD); }
/** Successful fits in the interval's sample (resamples or sub-windows). */
export function frontSamples(job: usize): i32 { return getI(job, S_NSAMPLES); }
/** Bootstrap resamples whose fit failed (skipped). */
export function frontFailed(job: usize): i32 { return getI(job, S_FAILED); }
/** The fit window in flops: end 0 low, 1 high. */
export function frontWindow(job: usize, end: i32): f64 { return getF(job, end == 0 ? S_WIN_LO : S_WIN_HI); }
/** The interior range in flops (end 0 low, 1 high); NaN when the minimiser is never interior. */
export function frontInterior(job: usize, end: i32): f64 { return getF(job, end == 0 ? S_INT_LO : S_INT_HI); }
/** Front points: f64 triples (flops, loss, d), frontPointCount of them. */
export function frontPoints(job: usize): usize { return getP(job, S_POINTS); }
/** Number of front points. */
export function frontPointCount(job: usize): i32 { return getI(job, S_NPOINTS); }
/** Local slopes (Approach 0): f64 triples (flops, eta = -d log P* / d log f, xi = d log d* / d log f). */
export function frontSlopes(job: usize): usize { return getP(job, S_SLOPES); }
/** Number of local slopes. */
export function frontSlopeCount(job: usize): i32 { return getI(job, S_NSLOPES); }
/** FRONT_ERR_* of the failed step (0 if none). */
export function frontErrorKind(job: usize): i32 { return getI(job, S_ERR_KIND); }
/** Flops at which FRONT_ERR_EDGE or FRONT_ERR_CONCAVE happened (NaN otherwise). */
export function frontErrorFlops(job: usize): f64 { return getF(job, S_ERR_F); }

/**
 * A curve's value at flops f by log-log linear interpolation between its checkpoints (flops
 * increasing, n of them at `flops` and `loss`; entries with flops <= 0 are skipped): the
 * interpolation the front uses, for hosts that draw IsoFLOP slices. NaN outside the positive range.
 */
export function interpolateLogLog(flops: usize, loss: usize, n: i32, f: f64): f64 {
  let lo = 0;
  while (lo < n && !(ldF(flops, lo) > 0)) lo++;
  return interpolateFrom(flops, loss, lo, n, f);
}
