// The loss-curve recursion as a resumable job (docs/model.md §4): exact unit steps up to `unitSteps`,
// then power-of-two blocks of at most blockFraction·r steps (first order: P linear inside a block;
// second order: P quadratic through the previous block's start as well), an optional learning-rate
// schedule (piecewise constant over blocks, evaluated at block midpoints), the loss recorded at
// each checkpoint, and a stop at the first P above `threshold` (divergence).
//
// The job owns a copy of the measure's workspace (24 n doubles, layout in volterra.ts), so any
// number of recursions on one measure (at different gammas, say) run and interleave, and the
// measure is never written. Loss means E P(r) without a factor 1/2, the batch gradient is summed.
import {
  ERR_ARGUMENT, ERR_MEMORY, ERR_STATE, JOB_KIND_RECURSION, STATUS_DONE, STATUS_MORE,
  getF, getI, getP, jobDisown, jobFree, jobIs, jobNew, jobOwn, jobReturn, jobSetProgress, jobState, setF, setI, setP,
} from "./job";
import {
  WS_ARRAYS, volterraBlockPrepare, volterraBlockPrepare_o2, volterraBlockRun, volterraBlockRun_o2, volterraBlockSums,
  volterraInit, volterraKernelNorm, volterraMaxAbsA, volterraSetGamma, volterraUnit,
} from "./volterra";
import { SCHEDULE_CONSTANT, SCHEDULE_POWER, SCHEDULE_COSINE, SCHEDULE_WSD, SCHEDULE_LEN } from "./abi";

// Schedule table (f64 array of SCHEDULE_LEN entries): [kind, p1, p2, p3, steps].
//   kind 0 constant: factor 1 (p1..p3 unused)
//   kind 1 power:    factor (1 + r / p1)^(-p2)                 (p1 = r0 > 0, p2 = exponent >= 0)
//   kind 2 cosine:   final + (1 - final)(1 + cos(pi min(r, steps) / max(1, steps))) / 2   (p1 = final)
//   kind 3 wsd:      (r + 1)/(p1 + 1) for r < p1 (warmup), then 1, then linear decay to p3 over
//                    the last p2 steps (p1 = warmup, p2 = decay, p3 = final)
// `steps` is the curve's last checkpoint. The learning rate at step r is gamma · factor(r).

// State slots (8 bytes each, after the job header).
const S_WS = 0;          // usize: the job's own workspace (24 n doubles)
const S_N = 1;           // i32: atoms
const S_F0 = 2;          // f64: the atom at zero
const S_GAMMA = 3;       // f64: peak learning rate
const S_BATCH = 4;       // f64: batch size B
const S_UNIT = 5;        // f64: unit steps up to this r
const S_FRACTION = 6;    // f64: block fraction
const S_ORDER2 = 7;      // i32: 1 for second-order blocks (constant rate only)
const S_CONSTANT = 8;    // i32: 1 for the constant schedule
const S_THRESHOLD = 9;   // f64: stop after a P that is not <= threshold
const S_CPS = 10;        // usize: checkpoints (f64 integers, increasing)
const S_NCPS = 11;       // i32
const S_SCHED = 12;      // f64 x 5: the schedule table (slots 12..16)
const S_CPI = 17;        // i32: checkpoints done (= losses recorded)
const S_R = 18;          // f64: current step r
const S_P = 19;          // f64: P(r)
const S_PPREV = 20;      // f64: P at the previous block's start (second order; NaN until known)
const S_LPREV = 21;      // f64: that block's length
const S_CUR_GAMMA = 22;  // f64: gamma the per-gamma arrays hold (NaN: none)
const S_CUR_FULL = 23;   // i32: whether they include the logarithms (block steps)
const S_SEG_END = 24;    // f64: end of the unit-step chunk under way (-1: none)
const S_LOSS = 25;       // usize: loss per checkpoint
const S_DIVERGED = 26;   // f64: divergence step, -1 if none
const S_NORM = 27;       // f64: ||K|| at gamma
const S_MAXG = 28;       // f64: max |g| at gamma
const S_CACHE1 = 29;     // usize: first-order block coefficients by log2 L (CACHE1_SIZE pointers)
const S_CACHE2 = 30;     // usize: second-order coefficients by (log2 L, log2 Lprev) (CACHE2_SIZE pointers)
const S_SUMS = 31;       // usize: block sums table (0 until needed)
const S_COUNT1 = 32;     // i32: entries in cache 1
const S_COUNT2 = 33;     // i32: entries in cache 2
const S_INFO = 34;       // f64 x 2 (slots 34, 35): out-values of a block run (blocks done, P at the last block's start)
const S_CHUNK = 36;      // i32: unit steps (or blocks of one length) per chunk
const S_LAST = 37;       // f64: last checkpoint
const S_STATE = 38;      // i32: 0 running, 1 done, or a negative error status
const STATE_SLOTS = 39;

const CACHE1_SIZE: i32 = 64;
const CACHE2_SIZE: i32 = 64 * 64;
const OWN_CAPACITY: i32 = 8 + CACHE1_SIZE + CACHE2_SIZE;
// Work units of coefficient preparations, in atom-steps per atom (they are not split).
const COST_GAMMA: f64 = 10;
const COST_PREPARE: f64 = 20;
const COST_SUMS_LEVEL: f64 = 10;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** The largest power of two <= y for y >= 1 (exact: the exponent bits of y). */
// @ts-ignore: decorator
@inline function pow2Floor(y: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(y) & 0xFFF0000000000000);
}

/** log2 of a power of two >= 1. */
// @ts-ignore: decorator
@inline function log2Exact(L: f64): i32 {
  return <i32>((reinterpret<u64>(L) >> 52) & 0x7FF) - 1023;
}

/** The block length at r before checkpoints shorten it: the power of two at or below blockFraction·r. */
// @ts-ignore: decorator
@inline function nominal(fraction: f64, x: f64): f64 {
  return pow2Floor(Math.max(1.0, fraction * x));
}

/** The schedule's factor(r) from the table in slots S_SCHED.. (see SCHEDULE_*). */
function scheduleFactor(job: usize, r: f64): f64 {
  const kind = <i32>getF(job, S_SCHED);
  const p1 = getF(job, S_SCHED + 1), p2 = getF(job, S_SCHED + 2), p3 = getF(job, S_SCHED + 3);
  const steps = getF(job, S_SCHED + 4);
  if (kind == SCHEDULE_POWER) return Math.pow(1.0 + r / p1, -p2);
  if (kind == SCHEDULE_COSINE) return p1 + ((1.0 - p1) * (1.0 + Math.cos((Math.PI * Math.min(r, steps)) / Math.max(1.0, steps)))) / 2.0;
  if (kind == SCHEDULE_WSD) {
    if (r < p1) return (r + 1.0) / (p1 + 1.0);
    const start = steps - p2;
    if (r < start || p2 == 0) return 1.0;
    return Math.max(p3, 1.0 - ((1.0 - p3) * (r - start)) / p2);
  }
  return 1.0;
}

/** Derive the per-gamma arrays unless they already hold g (with the logarithms if `full`). */
function setGamma(job: usize, g: f64, full: bool): f64 {
  if (g == getF(job, S_CUR_GAMMA) && (getI(job, S_CUR_FULL) != 0 || !full)) return 0;
  const n = getI(job, S_N);
  volterraSetGamma(getP(job, S_WS), n, g, getF(job, S_BATCH), full ? 1 : 0);
  setF(job, S_CUR_GAMMA, g);
  setI(job, S_CUR_FULL, full ? 1 : 0);
  return COST_GAMMA * <f64>n;
}

/** Release every cached block coefficient and the block sums (the learning rate changed). */
function clearCache(job: usize): void {
  if (getI(job, S_COUNT1) > 0) {
    const t = getP(job, S_CACHE1);
    for (let i = 0; i < CACHE1_SIZE; i++) {
      const p = load<usize>(t + (<usize>i << 2));
      if (p != 0) {
        jobDisown(job, p);
        store<usize>(t + (<usize>i << 2), 0);
      }
    }
    setI(job, S_COUNT1, 0);
  }
  if (getI(job, S_COUNT2) > 0) {
    const t = getP(job, S_CACHE2);
    for (let i = 0; i < CACHE2_SIZE; i++) {
      const p = load<usize>(t + (<usize>i << 2));
      if (p != 0) {
        jobDisown(job, p);
        store<usize>(t + (<usize>i << 2), 0);
      }
    }
    setI(job, S_COUNT2, 0);
  }
  const sums = getP(job, S_SUMS);
  if (sums != 0) {
    jobDisown(job, sums);
    setP(job, S_SUMS, 0);
  }
}

/**
 * Begin a loss-curve recursion on a copy of the measure in workspace `measureWs` (n atoms; the
 * first 6 arrays z, phi, nu of 24 n doubles are read, nothing is written).
 * gamma: peak learning rate; batch: B (summed batch gradient); unitSteps: exact unit steps up to
 * this r, blocks after; blockFraction: blocks of the power of two at or below blockFraction·r
 * steps; blockOrder: 1 (P linear inside a block) or 2 (quadratic through the previous block's
 * start; used only with the constant schedule); threshold: stop after the first P that is not
 * <= threshold (Infinity: only on NaN); checkpoints: nCheckpoints increasing f64 integers >= 0
 * (copied); schedule: the table of SCHEDULE_LEN f64 (see SCHEDULE_*; copied), scheduleLen its length.
 * Also derives the per-gamma arrays at gamma, for recursionKernelNorm / recursionMaxAbsG.
 * Returns the job, or 0 if memory is short. Arguments out of range make recursionStep return
 * ERR_ARGUMENT.
 */
export function recursionBegin(
  measureWs: usize, n: i32, F0: f64, gamma: f64, batch: f64, unitSteps: f64, blockFraction: f64, blockOrder: i32,
  threshold: f64, checkpoints: usize, nCheckpoints: i32, schedule: usize, scheduleLen: i32,
): usize {
  const job = jobNew(JOB_KIND_RECURSION, <usize>STATE_SLOTS << 3, OWN_CAPACITY);
  if (job == 0) return 0;
  const kind = scheduleLen == SCHEDULE_LEN ? <i32>load<f64>(schedule) : -1;
  if (n < 1 || nCheckpoints < 1 || n > (1 << 30) / (WS_ARRAYS * 8) || kind < 0 || kind > SCHEDULE_WSD
    || (blockOrder != 1 && blockOrder != 2) || !(blockFraction > 0) || !(gamma > 0) || !(batch >= 1) || !(unitSteps >= 0)) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  const bytes = (<usize>(WS_ARRAYS * n)) << 3;
  const ws = jobOwn(job, bytes);
  const cps = jobOwn(job, <usize>nCheckpoints << 3);
  const loss = jobOwn(job, <usize>nCheckpoints << 3);
  const c1 = jobOwn(job, <usize>CACHE1_SIZE << 2);
  const c2 = jobOwn(job, <usize>CACHE2_SIZE << 2);
  if (ws == 0 || cps == 0 || loss == 0 || c1 == 0 || c2 == 0) {
    jobFree(job);
    return 0;
  }
  memory.fill(ws, 0, bytes);
  memory.copy(ws, measureWs, (<usize>(6 * n)) << 3);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.fill(c1, 0, <usize>CACHE1_SIZE << 2);
  memory.fill(c2, 0, <usize>CACHE2_SIZE << 2);
  for (let i = 0; i < SCHEDULE_LEN; i++) setF(job, S_SCHED + i, load<f64>(at(schedule, i)));
  setP(job, S_WS, ws);
  setI(job, S_N, n);
  setF(job, S_F0, F0);
  setF(job, S_GAMMA, gamma);
  setF(job, S_BATCH, batch);
  setF(job, S_UNIT, unitSteps);
  setF(job, S_FRACTION, blockFraction);
  const constant = kind == SCHEDULE_CONSTANT;
  setI(job, S_CONSTANT, constant ? 1 : 0);
  setI(job, S_ORDER2, blockOrder == 2 && constant ? 1 : 0);
  setF(job, S_THRESHOLD, threshold);
  setP(job, S_CPS, cps);
  setI(job, S_NCPS, nCheckpoints);
  setP(job, S_LOSS, loss);
  setP(job, S_CACHE1, c1);
  setP(job, S_CACHE2, c2);
  setF(job, S_DIVERGED, -1.0);
  setF(job, S_SEG_END, -1.0);
  setF(job, S_PPREV, NaN);
  setF(job, S_LPREV, 1.0);
  setF(job, S_LAST, load<f64>(at(cps, nCheckpoints - 1)));
  setI(job, S_CHUNK, <i32>Math.max(1.0, Math.floor(4e6 / <f64>max(1, n))));
  // Stability at gamma (the arrays are then current for gamma without the logarithms).
  volterraSetGamma(ws, n, gamma, batch, 0);
  setF(job, S_CUR_GAMMA, gamma);
  setI(job, S_CUR_FULL, 0);
  setF(job, S_NORM, volterraKernelNorm(ws, n));
  setF(job, S_MAXG, volterraMaxAbsA(ws, n));
  setF(job, S_P, F0 + volterraInit(ws, n));
  return job;
}

/**
 * A recursion job continuing `prefix` where it stopped: `prefix` must be a recursion job on the
 * constant schedule that finished at its last checkpoint r0 without diverging. The new job has its
 * measure, gamma, batch, unit steps and block rule, its state at r0, and its own threshold and
 * checkpoints (nCheckpoints increasing f64 integers > r0, copied). Unit steps do not depend on the
 * checkpoints, so its losses are those of one job run from r = 0 (a caller keeps the prefix to
 * start curves of several horizons from it). Returns the job, or 0 if memory is short; a `prefix`
 * or checkpoints that do not qualify make recursionStep return ERR_ARGUMENT.
 */
export function recursionFork(prefix: usize, threshold: f64, checkpoints: usize, nCheckpoints: i32): usize {
  const job = jobNew(JOB_KIND_RECURSION, <usize>STATE_SLOTS << 3, OWN_CAPACITY);
  if (job == 0) return 0;
  if (!jobIs(prefix, JOB_KIND_RECURSION) || getI(prefix, S_STATE) != STATUS_DONE || getF(prefix, S_DIVERGED) >= 0
    || getI(prefix, S_CONSTANT) == 0 || nCheckpoints < 1 || !(load<f64>(checkpoints) > getF(prefix, S_R))) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  const n = getI(prefix, S_N);
  const bytes = (<usize>(WS_ARRAYS * n)) << 3;
  const ws = jobOwn(job, bytes);
  const cps = jobOwn(job, <usize>nCheckpoints << 3);
  const loss = jobOwn(job, <usize>nCheckpoints << 3);
  const c1 = jobOwn(job, <usize>CACHE1_SIZE << 2);
  const c2 = jobOwn(job, <usize>CACHE2_SIZE << 2);
  if (ws == 0 || cps == 0 || loss == 0 || c1 == 0 || c2 == 0) {
    jobFree(job);
    return 0;
  }
  // The prefix's slots and workspace (the state U at r0, the per-gamma arrays), then what is the new job's own.
  memory.copy(jobState(job), jobState(prefix), <usize>STATE_SLOTS << 3);
  memory.copy(ws, getP(prefix, S_WS), bytes);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.fill(c1, 0, <usize>CACHE1_SIZE << 2);
  memory.fill(c2, 0, <usize>CACHE2_SIZE << 2);
  setP(job, S_WS, ws);
  setP(job, S_CPS, cps);
  setI(job, S_NCPS, nCheckpoints);
  setP(job, S_LOSS, loss);
  setP(job, S_CACHE1, c1);
  setP(job, S_CACHE2, c2);
  setP(job, S_SUMS, 0);
  setI(job, S_COUNT1, 0);
  setI(job, S_COUNT2, 0);
  setI(job, S_CPI, 0);
  setF(job, S_THRESHOLD, threshold);
  setF(job, S_SEG_END, -1.0);
  setF(job, S_LAST, load<f64>(at(cps, nCheckpoints - 1)));
  setI(job, S_STATE, 0);
  return job;
}

/** Finish: record the divergence step (if any), progress 1, status done. */
function finish(job: usize, diverged: bool): i32 {
  if (diverged) setF(job, S_DIVERGED, getF(job, S_R));
  setI(job, S_STATE, STATUS_DONE);
  jobSetProgress(job, 1.0);
  return jobReturn(job, STATUS_DONE);
}

/**
 * Advance the recursion by about `budget` work units (atom-steps: a unit step or a block costs n,
 * the atoms; a few million take a few milliseconds) and at least one step. Returns STATUS_MORE,
 * STATUS_DONE (every checkpoint done, or stopped at divergence), ERR_MEMORY or ERR_ARGUMENT.
 * Progress (jobProgress) is r / last checkpoint.
 */
export function recursionStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_RECURSION)) return ERR_STATE;
  const state = getI(job, S_STATE);
  if (state != 0) return jobReturn(job, state);
  const ws = getP(job, S_WS), n = getI(job, S_N), F0 = getF(job, S_F0), gamma = getF(job, S_GAMMA);
  const unitSteps = getF(job, S_UNIT), fraction = getF(job, S_FRACTION), threshold = getF(job, S_THRESHOLD);
  const order2 = getI(job, S_ORDER2) != 0, constant = getI(job, S_CONSTANT) != 0;
  const cps = getP(job, S_CPS), ncps = getI(job, S_NCPS), loss = getP(job, S_LOSS);
  const chunk = getI(job, S_CHUNK);
  const info = jobState(job) + (<usize>S_INFO << 3);
  const nf = <f64>n;
  const total = <f64>max(budget, 1);
  let r = getF(job, S_R), P = getF(job, S_P);
  let cpi = getI(job, S_CPI);
  let spent = 0.0;
  let status = STATUS_MORE;
  for (;;) {
    // Record every checkpoint reached.
    while (cpi < ncps && r >= load<f64>(at(cps, cpi))) {
      store<f64>(at(loss, cpi), P);
      cpi++;
    }
    if (cpi == ncps) {
      status = STATUS_DONE;
      break;
    }
    if (spent >= total) break;
    const cp = load<f64>(at(cps, cpi));
    // Most atom-steps the rest of this call may take (at least one step).
    const room = Math.max(1.0, Math.floor((total - spent) / nf));
    if (r < unitSteps) {
      const end = Math.min(cp, unitSteps);
      if (constant) {
        spent += setGamma(job, gamma, false);
        // A chunk (of at most `chunk` steps, ending at or before the checkpoint) is the unit of the
        // divergence check; this call may do part of it.
        let segEnd = getF(job, S_SEG_END);
        if (segEnd < 0) {
          segEnd = r + Math.min(end - r, <f64>chunk);
          setF(job, S_SEG_END, segEnd);
        }
        const k = Math.min(segEnd - r, room);
        if (order2 && k == segEnd - r) {
          // The chunk's last step is apart: P before it is the next block's P(r0 - 1).
          if (k > 1) P = volterraUnit(ws, n, F0, P, <i32>(k - 1));
          setF(job, S_PPREV, P);
          P = volterraUnit(ws, n, F0, P, 1);
          setF(job, S_LPREV, 1.0);
        } else {
          P = volterraUnit(ws, n, F0, P, <i32>k);
        }
        r += k;
        spent += k * nf;
        if (r < segEnd) continue;
        setF(job, S_SEG_END, -1.0);
      } else {
        spent += setGamma(job, gamma * scheduleFactor(job, r), false);
        P = volterraUnit(ws, n, F0, P, 1);
        r += 1.0;
        spent += nf;
      }
    } else {
      let L = nominal(fraction, r);
      while (L > cp - r) L /= 2.0;
      const g = gamma * (constant ? 1.0 : scheduleFactor(job, r + L / 2.0));
      if (g != getF(job, S_CUR_GAMMA) || getI(job, S_CUR_FULL) == 0) clearCache(job);
      spent += setGamma(job, g, true);
      const p = log2Exact(L);
      const Pprev = getF(job, S_PPREV);
      if (order2 && isFinite(Pprev)) {
        const Lprev = getF(job, S_LPREV);
        const rho = Lprev / L;
        const slot = getP(job, S_CACHE2) + (<usize>(p * 64 + log2Exact(Lprev)) << 2);
        let coef2 = load<usize>(slot);
        if (coef2 == 0) {
          let sums = getP(job, S_SUMS);
          if (sums == 0) {
            // a^L and S0..S2 for every power of two up to the longest block of the curve.
            const levels = log2Exact(nominal(fraction, getF(job, S_LAST))) + 1;
            sums = jobOwn(job, (<usize>(8 * n) * <usize>levels) << 3);
            if (sums == 0) { status = ERR_MEMORY; break; }
            setP(job, S_SUMS, sums);
            volterraBlockSums(ws, n, levels, sums);
            spent += COST_SUMS_LEVEL * <f64>levels * nf;
          }
          coef2 = jobOwn(job, <usize>(8 * n + 3) << 3);
          if (coef2 == 0) { status = ERR_MEMORY; break; }
          store<usize>(slot, coef2);
          setI(job, S_COUNT2, getI(job, S_COUNT2) + 1);
          volterraBlockPrepare_o2(ws, n, p, rho, sums, coef2);
          spent += COST_PREPARE * nf;
        }
        let count = 1;
        if (rho == 1.0 && L == nominal(fraction, r)) {
          const most = <i32>Math.min(<f64>chunk, room);
          for (let rr = r + L; count < most && rr + L <= cp && nominal(fraction, rr) == L; rr += L) count++;
        }
        P = volterraBlockRun_o2(ws, n, F0, Pprev, P, coef2, count, threshold, info);
        const done = load<f64>(info);
        setF(job, S_PPREV, load<f64>(info, 8));
        setF(job, S_LPREV, L);
        r += done * L;
        spent += done * nf;
      } else {
        const slot = getP(job, S_CACHE1) + (<usize>p << 2);
        let coef = load<usize>(slot);
        if (coef == 0) {
          coef = jobOwn(job, <usize>(6 * n + 2) << 3);
          if (coef == 0) { status = ERR_MEMORY; break; }
          store<usize>(slot, coef);
          setI(job, S_COUNT1, getI(job, S_COUNT1) + 1);
          volterraBlockPrepare(ws, n, L, coef);
          spent += COST_PREPARE * nf;
        }
        // The following blocks this loop would give the same length (and gamma) run in one call,
        // one pass over the atoms each; the values are those of one call per block.
        let count = 1;
        if (constant && L == nominal(fraction, r)) {
          const most = <i32>Math.min(<f64>chunk, room);
          for (let rr = r + L; count < most && rr + L <= cp && nominal(fraction, rr) == L; rr += L) count++;
        }
        P = volterraBlockRun(ws, n, F0, P, coef, count, threshold, info);
        const done = load<f64>(info);
        r += done * L;
        spent += done * nf;
        if (order2) {
          // A first-order block opened the curve (unitSteps 0): later blocks interpolate through its start.
          setF(job, S_PPREV, load<f64>(info, 8));
          setF(job, S_LPREV, L);
        }
      }
    }
    if (!(P <= threshold)) {
      setF(job, S_R, r);
      setF(job, S_P, P);
      setI(job, S_CPI, cpi);
      return finish(job, true);
    }
  }
  setF(job, S_R, r);
  setF(job, S_P, P);
  setI(job, S_CPI, cpi);
  if (status == STATUS_DONE) return finish(job, false);
  if (status < 0) {
    setI(job, S_STATE, status);
    return jobReturn(job, status);
  }
  jobSetProgress(job, r / Math.max(1.0, getF(job, S_LAST)));
  return jobReturn(job, STATUS_MORE);
}

/** Loss per checkpoint (f64, E P(r) without 1/2); the first recursionCount(job) entries are set. */
export function recursionLoss(job: usize): usize {
  return jobIs(job, JOB_KIND_RECURSION) ? getP(job, S_LOSS) : 0;
}

/** Checkpoints done (losses recorded); after a divergence, those before the divergence step. */
export function recursionCount(job: usize): i32 {
  return jobIs(job, JOB_KIND_RECURSION) ? getI(job, S_CPI) : 0;
}

/** The step r at which P first passed the threshold (or was NaN), or -1 if none (yet). */
export function recursionDivergedAt(job: usize): f64 {
  return jobIs(job, JOB_KIND_RECURSION) ? getF(job, S_DIVERGED) : -1.0;
}

/** ||K|| = sum_r K(r) at the job's gamma and B (stable needs < 1). */
export function recursionKernelNorm(job: usize): f64 {
  return jobIs(job, JOB_KIND_RECURSION) ? getF(job, S_NORM) : NaN;
}

/** max_n |g(z_n)| at the job's gamma and B (stable needs <= 1; rounds to 1 for the smallest atoms). */
export function recursionMaxAbsG(job: usize): f64 {
  return jobIs(job, JOB_KIND_RECURSION) ? getF(job, S_MAXG) : NaN;
}
