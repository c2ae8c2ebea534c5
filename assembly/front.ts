// The compute-optimal front of a family of loss curves P(r; d) on the common axis f = r·d·B
// (docs/model.md §8), as a resumable job: the flops grid, log-log interpolation of each curve
// (front-interpolate.ts), the envelope P*(f) = min_d P and its discrete argmin (Approach 1) with the
// IsoFLOP parabola through the 3 or 5 points around the discrete minimum (Approach 2;
// front-envelope.ts, front-isoflop.ts), power-law fits of d* ~ f^xi and P* ~ f^(-eta) over a window
// (front-fit.ts), the interior range, the local slopes (Approach 0, front-slopes.ts), and 95%
// intervals from a bootstrap over runs (curves with >= 2 runs each) or from sub-windows
// (front-intervals.ts, front-quantile.ts). The job's slots and the input packing: front-state.ts.
// Loss without the factor 1/2; flops f = r·d·B.

import {
  jobNew, jobOwn, jobFree, jobIs, jobState, jobStatus, jobReturn, jobSetProgress, getF, setF, getI, setI, getP, setP,
  JOB_KIND_FRONT, STATUS_MORE, STATUS_DONE, ERR_ARGUMENT, ERR_MEMORY, ERR_NOT_INTERIOR, ERR_STATE,
} from "./job";
import { seed as rngSeed } from "./rng";
import { FRONT_STREAM, FRONT_ERR_NO_INTERIOR, FRONT_ERR_INPUT } from "./abi";
import {
  ldF, stF, ldI, stI, tbl, PAR_OK, TABLE_INTS, STATE_SLOTS, S_CURVES, S_APPROACH, S_K, S_DENSITY, S_RESAMPLES, S_SEED,
  S_WIN_IN_LO, S_WIN_IN_HI, S_DATA, S_TABLE, S_DS, S_N, S_GRID, S_FRONT, S_BOOT, S_PS, S_FIT, S_SAMPLES, S_CAP,
  S_NSAMPLES, S_STAGE, S_NEXT, S_METHOD, S_XI, S_ETA, S_WIN_LO, S_WIN_HI, S_INT_LO, S_INT_HI, S_XI_LO, S_XI_HI,
  S_ETA_LO, S_ETA_HI, S_FLAGS, S_ERR_KIND, S_ERR_F, S_POINTS, S_NPOINTS, S_SLOPES, S_NSLOPES, S_FAILED, S_MEANS,
  S_MEANTBL, S_LOSSTBL, S_RNG,
} from "./front-state";
import { envelope } from "./front-envelope";
import { fitExponents, fitXi, fitEta, errKind, errF, setFitError } from "./front-fit";
import { localSlopes } from "./front-slopes";
import { resampleOnce, subWindows, finishIntervals } from "./front-intervals";

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

/**
 * The main fit: the flops grid, the envelope and parabolas, the interior range and window, the
 * exponents, the front points and the local slopes; allocates the sample of the intervals. Returns
 * 0 or an error status (errKind, errF set).
 */
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
    setFitError(FRONT_ERR_INPUT, errF);
    return ERR_ARGUMENT;
  }
  const decades = Math.log(hi / lo) / Math.LN10;
  const nf = Math.max(3, Math.ceil(decades * <f64>density) + 1);
  if (!(nf < 1e8)) {
    setFitError(FRONT_ERR_INPUT, errF);
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
      setFitError(FRONT_ERR_NO_INTERIOR, errF);
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

  // Local slopes (Approach 0; the f64 scratch `fit` takes log f).
  const ns = hasInterior ? localSlopes(job, grid, n, fr, fit, slopes) : 0;
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
    setFitError(0, NaN);
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
