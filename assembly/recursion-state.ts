// The state of a loss-curve recursion job (assembly/recursion.ts): its slots (8 bytes each, after
// the job header) and the small exact helpers on powers of two that choose block lengths.

export const S_WS = 0;          // usize: the job's own workspace (24 n doubles)
export const S_N = 1;           // i32: atoms
export const S_F0 = 2;          // f64: the atom at zero
export const S_GAMMA = 3;       // f64: peak learning rate
export const S_BATCH = 4;       // f64: batch size B
export const S_UNIT = 5;        // f64: unit steps up to this r (at least, with the error control)
export const S_FRACTION = 6;    // f64: block fraction (the cap of L / r with the error control)
export const S_ORDER2 = 7;      // i32: 1 for second-order blocks (constant rate only)
export const S_CONSTANT = 8;    // i32: 1 for the constant schedule
export const S_THRESHOLD = 9;   // f64: stop after a P that is not <= threshold
export const S_CPS = 10;        // usize: checkpoints (f64 integers, increasing)
export const S_NCPS = 11;       // i32
export const S_SCHED = 12;      // f64 x 5: the schedule table (slots 12..16)
export const S_CPI = 17;        // i32: checkpoints done (= losses recorded)
export const S_R = 18;          // f64: current step r
export const S_P = 19;          // f64: P(r)
export const S_PPREV = 20;      // f64: P at the previous block's start (second order; NaN until known)
export const S_LPREV = 21;      // f64: that block's length
export const S_CUR_GAMMA = 22;  // f64: gamma the per-gamma arrays hold (NaN: none)
export const S_CUR_FULL = 23;   // i32: whether they include the logarithms (block steps)
export const S_SEG_END = 24;    // f64: end of the unit-step chunk under way (-1: none)
export const S_LOSS = 25;       // usize: loss per checkpoint
export const S_DIVERGED = 26;   // f64: divergence step, -1 if none
export const S_NORM = 27;       // f64: ||K|| at gamma
export const S_MAXG = 28;       // f64: max |g| at gamma
export const S_CACHE1 = 29;     // usize: first-order block coefficients by log2 L (CACHE1_SIZE pointers)
export const S_RUN_LEFT = 30;   // i32: blocks left in the controlled run under way (0: none)
export const S_SUMS = 31;       // usize: the second-order block table (0 until needed)
export const S_COUNT1 = 32;     // i32: entries in cache 1
export const S_NUM = 33;        // f64: Re sum a^L U for a next block of length S_NUM_L (volterraBlockRun_o2)
export const S_INFO = 34;       // f64 x 5 (slots 34..38): out-values of a block run (volterraBlockRun)
export const S_CHUNK = 39;      // i32: unit steps (or blocks of one length) per chunk
export const S_LAST = 40;       // f64: last checkpoint
export const S_STATE = 41;      // i32: 0 running, 1 done, or a negative error status
// The local error control (second order, constant rate; recursion-control.ts).
export const S_TOL = 42;        // f64: tolerance on the estimated relative error (0: no control)
export const S_BLOCKS = 43;     // i32: 1 once the controlled blocks have started
export const S_PROBE = 44;      // f64: the next unit-step node (controlled unit phase)
export const S_LCTRL = 45;      // f64: the controller's block length (0 before blocks)
export const S_NODES = 46;      // i32: nodes in the history (at most 4)
export const S_NODE_R = 47;     // f64 x 4 (slots 47..50): the last nodes' r, oldest first
export const S_NODE_P = 51;     // f64 x 4 (slots 51..54): P at those nodes
export const S_NUM_L = 55;      // f64: the block length S_NUM holds the sum for (0: none)
export const STATE_SLOTS = 56;

// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** The largest power of two <= y for y >= 1 (exact: the exponent bits of y). */
// @ts-ignore: decorator
@inline export function pow2Floor(y: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(y) & 0xFFF0000000000000);
}

/** log2 of a power of two >= 1. */
// @ts-ignore: decorator
@inline export function log2Exact(L: f64): i32 {
  return <i32>((reinterpret<u64>(L) >> 52) & 0x7FF) - 1023;
}

/** The block length at r before checkpoints shorten it: the power of two at or below blockFraction·r. */
// @ts-ignore: decorator
@inline export function nominal(fraction: f64, x: f64): f64 {
  return pow2Floor(Math.max(1.0, fraction * x));
}
