// The per-gamma arrays and block coefficients of a loss-curve recursion job (assembly/recursion.ts):
// derived once per learning rate, cached per block length (first order) or as one table for every
// length (second order), all in memory the job owns.
import { getF, getI, getP, jobDisown, jobOwn, setF, setI, setP } from "./job";
import { volterraBlockPrepare, volterraSetGamma } from "./volterra";
import { blockLevelDoubles, volterraBlockSums } from "./volterra-order2";
import {
  S_BATCH, S_CACHE1, S_COUNT1, S_CUR_FULL, S_CUR_GAMMA, S_FRACTION, S_LAST, S_N, S_SUMS, S_WS,
  log2Exact, nominal,
} from "./recursion-state";

export const CACHE1_SIZE: i32 = 64;
// Work units of coefficient preparations, in atom-steps per atom (they are not split).
const COST_GAMMA: f64 = 10;
const COST_PREPARE: f64 = 20;
const COST_SUMS_LEVEL: f64 = 10;

/** Work units (atom-steps) of the last coefficient lookup: 0 when it was cached. */
export let spentOnCoefficients: f64 = 0;

/** Derive the per-gamma arrays unless they already hold g (with the logarithms if `full`); returns the work units. */
export function setGamma(job: usize, g: f64, full: bool): f64 {
  if (g == getF(job, S_CUR_GAMMA) && (getI(job, S_CUR_FULL) != 0 || !full)) return 0;
  const n = getI(job, S_N);
  volterraSetGamma(getP(job, S_WS), n, g, getF(job, S_BATCH), full ? 1 : 0);
  setF(job, S_CUR_GAMMA, g);
  setI(job, S_CUR_FULL, full ? 1 : 0);
  return COST_GAMMA * <f64>n;
}

function clearTable(job: usize, slot: i32, size: i32, countSlot: i32): void {
  if (getI(job, countSlot) == 0) return;
  const t = getP(job, slot);
  for (let i = 0; i < size; i++) {
    const p = load<usize>(t + (<usize>i << 2));
    if (p != 0) {
      jobDisown(job, p);
      store<usize>(t + (<usize>i << 2), 0);
    }
  }
  setI(job, countSlot, 0);
}

/** Release every cached block coefficient and the block sums (the learning rate changed). */
export function clearCache(job: usize): void {
  clearTable(job, S_CACHE1, CACHE1_SIZE, S_COUNT1);
  const sums = getP(job, S_SUMS);
  if (sums != 0) {
    jobDisown(job, sums);
    setP(job, S_SUMS, 0);
  }
}

/**
 * First-order coefficients of a block of L steps (volterraBlockPrepare) at the current gamma, from
 * the cache or prepared now; 0 if memory is short. Sets spentOnCoefficients.
 */
export function coefficients1(job: usize, L: f64): usize {
  spentOnCoefficients = 0;
  const slot = getP(job, S_CACHE1) + (<usize>log2Exact(L) << 2);
  let coef = load<usize>(slot);
  if (coef != 0) return coef;
  const n = getI(job, S_N);
  coef = jobOwn(job, <usize>(6 * n + 2) << 3);
  if (coef == 0) return 0;
  store<usize>(slot, coef);
  setI(job, S_COUNT1, getI(job, S_COUNT1) + 1);
  volterraBlockPrepare(getP(job, S_WS), n, L, coef);
  spentOnCoefficients = COST_PREPARE * <f64>n;
  return coef;
}

/**
 * The second-order block table (volterraBlockSums) at the current gamma, for every power of two up
 * to the longest block of the curve: made on first use; 0 if memory is short. Sets
 * spentOnCoefficients.
 */
export function blockTable(job: usize): usize {
  spentOnCoefficients = 0;
  let sums = getP(job, S_SUMS);
  if (sums != 0) return sums;
  const n = getI(job, S_N);
  const levels = log2Exact(nominal(getF(job, S_FRACTION), getF(job, S_LAST))) + 1;
  sums = jobOwn(job, (blockLevelDoubles(n) * <usize>levels) << 3);
  if (sums == 0) return 0;
  setP(job, S_SUMS, sums);
  volterraBlockSums(getP(job, S_WS), n, levels, sums);
  spentOnCoefficients = COST_SUMS_LEVEL * <f64>levels * <f64>n;
  return sums;
}
