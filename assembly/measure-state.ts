// State of a spectral-measure job (measure.ts): its slots, stages and owned blocks.
import { jobOwn, getF, setF } from "./job";
import { MV_ALLOC_DOUBLES, MV_COUNT } from "./abi";
import { WS_ARRAYS } from "./volterra";

// State slots (8 bytes each; getF/getI/getP of job.ts).
export const S_METHOD = 0, S_D = 1, S_V = 2, S_BATCH = 3, S_GAMMA = 4, S_FORCE = 5, S_SLOPE = 6, S_PANEL = 7, S_NPP = 8,
  S_CAP = 9, S_LEFT_FACTOR = 10, S_RIGHT_ARG = 11, S_START_RE = 12, S_START_IM = 13, S_TAIL_SUMS = 14,
  S_ALPHA = 15, S_BETA = 16, S_STAGE = 17, S_TAU = 18, S_B = 19, S_SQ = 20, S_C2 = 21, S_TAIL = 22, S_WORK = 23,
  S_ST = 24, S_WS = 25, S_N = 26, S_ATOM = 27, S_TABLE = 28, S_HORIZON = 29, S_FLOOR = 30, S_KNOTS = 31, S_SEGMENTS = 32,
  S_VALUES = 33; // S_VALUES + MV_*: the measureValue results
export const MEASURE_SLOTS = S_VALUES + MV_COUNT;

// Stages of measureStep.
export const G_SPECTRUM = 0, G_P0 = 1, G_KAPPA = 2, G_F0 = 3, G_SIZE = 4, G_PREPARE = 5, G_WALK = 6, G_SOLVE = 7, G_ATOMS = 8, G_DONE = 9;

// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
// @ts-ignore: decorator
@inline export function val(job: usize, which: i32): f64 {
  return getF(job, S_VALUES + which);
}
// @ts-ignore: decorator
@inline export function setVal(job: usize, which: i32, x: f64): void {
  setF(job, S_VALUES + which, x);
}

/** A block of n doubles owned by the job, or 0 (and MV_ALLOC_DOUBLES set) if memory is short. */
export function own(job: usize, n: i32): usize {
  const p = n <= MAX_BLOCK_DOUBLES ? jobOwn(job, <usize>max(n, 1) << 3) : 0;
  if (p == 0) setVal(job, MV_ALLOC_DOUBLES, <f64>n);
  return p;
}

/** Doubles in the largest block the allocator hands out (just under 1 GiB). */
export const MAX_BLOCK_DOUBLES: i32 = ((1 << 30) - 64) >> 3;

/** A zeroed measure workspace of n atoms (WS_ARRAYS n doubles), or 0. */
export function ownWorkspace(job: usize, n: i32): usize {
  const doubles = <i64>WS_ARRAYS * <i64>n;
  if (doubles > 0x7fffffff) {
    setVal(job, MV_ALLOC_DOUBLES, <f64>doubles);
    return 0;
  }
  const ws = own(job, <i32>doubles);
  if (ws != 0) memory.fill(ws, 0, <usize>doubles << 3);
  return ws;
}
