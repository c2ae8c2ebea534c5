// The 95% intervals of the front's exponents (docs/model.md §8): a bootstrap over runs (every curve
// with >= 2 runs: b resamples draw, for each curve in order, nRuns indices with replacement from the
// xoshiro256** stream (seed, FRONT_STREAM) of rng.ts, average the picked runs and refit on the same
// grid and window; failed fits are skipped) or the 36 sub-window fits (window ends moved inward by
// a/20 and b/20 of its log-range, a, b = 0..5); then the 2.5% and 97.5% percentiles, withheld
// (frontCiFlags) when fewer than FRONT_MIN_SAMPLES fits succeeded or when an interval does not
// contain its estimate.
import { getF, setF, getI, setI, getP, jobState } from "./job";
import { loadState, saveState, nextIndex } from "./rng";
import { FRONT_MIN_SAMPLES, FRONT_CI_FEW, FRONT_CI_XI_OUTSIDE, FRONT_CI_ETA_OUTSIDE } from "./abi";
import {
  ldF, stF, tbl, S_CURVES, S_MEANTBL, S_RNG, S_APPROACH, S_BOOT, S_WIN_LO, S_WIN_HI, S_FAILED, S_SAMPLES, S_CAP,
  S_NSAMPLES, S_FRONT, S_XI_LO, S_XI_HI, S_ETA_LO, S_ETA_HI, S_XI, S_ETA, S_FLAGS,
} from "./front-state";
import { envelope } from "./front-envelope";
import { fitExponents, fitXi, fitEta } from "./front-fit";
import { quantilePair, qLo, qHi } from "./front-quantile";

/** One bootstrap resample: refit on averages of runs drawn with replacement. */
export function resampleOnce(job: usize): void {
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

/** Add the last fit (fitXi, fitEta) to the sample when `status` is 0; else count a failed resample. */
export function pushSample(job: usize, status: i32): void {
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
export function subWindows(job: usize): void {
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

/** The percentile intervals of the sample, NaN and flagged (FRONT_CI_*) when withheld. */
export function finishIntervals(job: usize): void {
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
