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
  getF, getI, getP, jobFree, jobIs, jobNew, jobOwn, jobReturn, jobSetProgress, jobState, setF, setI, setP,
} from "./job";
import {
  WS_ARRAYS, volterraBlockRun, volterraInit, volterraKernelNorm, volterraMaxAbsA, volterraSetGamma, volterraUnit,
} from "./volterra";
import { volterraBlockRun_o2 } from "./volterra-order2";
import { SCHEDULE_CONSTANT, SCHEDULE_POWER, SCHEDULE_COSINE, SCHEDULE_WSD, SCHEDULE_LEN } from "./abi";
import {
  S_BATCH, S_BLOCKS, S_CACHE1, S_CHUNK, S_CONSTANT, S_CPI, S_CPS, S_CUR_FULL, S_CUR_GAMMA, S_DIVERGED, S_F0,
  S_FRACTION, S_GAMMA, S_INFO, S_LAST, S_LCTRL, S_LOSS, S_LPREV, S_MAXG, S_N, S_NCPS, S_NODE_P, S_NODE_R, S_NORM, S_ORDER2,
  S_NODES, S_NUM, S_NUM_L, S_P, S_PPREV, S_PROBE, S_RUN_LEFT, S_R, S_SCHED, S_SEG_END, S_STATE, S_THRESHOLD, S_TOL, S_UNIT,
  S_WS, STATE_SLOTS,
  at, log2Exact, nominal,
} from "./recursion-state";
import { CACHE1_SIZE, blockTable, clearCache, coefficients1, setGamma, spentOnCoefficients } from "./recursion-cache";
import { controlLength, pushNode } from "./recursion-control";

// Schedule table (f64 array of SCHEDULE_LEN entries): [kind, p1, p2, p3, steps].
//   kind 0 constant: factor 1 (p1..p3 unused)
//   kind 1 power:    factor (1 + r / p1)^(-p2)                 (p1 = r0 > 0, p2 = exponent >= 0)
//   kind 2 cosine:   final + (1 - final)(1 + cos(pi min(r, steps) / max(1, steps))) / 2   (p1 = final)
//   kind 3 wsd:      (r + 1)/(p1 + 1) for r < p1 (warmup), then 1, then linear decay to p3 over
//                    the last p2 steps (p1 = warmup, p2 = decay, p3 = final)
// `steps` is the curve's last checkpoint. The learning rate at step r is gamma · factor(r).

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

export const OWN_CAPACITY: i32 = 8 + CACHE1_SIZE;
// Controlled blocks start once the controller allows blocks of at least this many steps.
const MIN_START: f64 = 2;
// Equal controlled blocks run in one pass of at most this many (the controller looks again after).
const RUN_BLOCKS: i32 = 8;

/**
 * Begin a loss-curve recursion on a copy of the measure in workspace `measureWs` (n atoms; the
 * first 6 arrays z, phi, nu of 24 n doubles are read, nothing is written).
 * gamma: peak learning rate; batch: B (summed batch gradient); unitSteps: exact unit steps up to
 * this r, blocks after; blockFraction: blocks of the power of two at or below blockFraction·r
 * steps; blockOrder: 1 (P linear inside a block) or 2 (quadratic through the previous block's
 * start; used only with the constant schedule); tolerance: with second-order blocks and ||K|| < 1,
 * a tolerance > 0 turns on the local error control (recursion-control.ts, docs/model.md §4): exact
 * unit steps at least to unitSteps, blocks from where the estimated error allows blocks of 2 steps,
 * each block the longest power of two within the tolerance, at most twice the previous one and at
 * most blockFraction·r; 0 keeps the fixed blocks. threshold: stop after the first P that is not
 * <= threshold (Infinity: only on NaN); checkpoints: nCheckpoints increasing f64 integers >= 0
 * (copied); schedule: the table of SCHEDULE_LEN f64 (see SCHEDULE_*; copied), scheduleLen its length.
 * Also derives the per-gamma arrays at gamma, for recursionKernelNorm / recursionMaxAbsG.
 * Returns the job, or 0 if memory is short. Arguments out of range make recursionStep return
 * ERR_ARGUMENT.
 */
export function recursionBegin(
  measureWs: usize, n: i32, F0: f64, gamma: f64, batch: f64, unitSteps: f64, blockFraction: f64, blockOrder: i32,
  tolerance: f64, threshold: f64, checkpoints: usize, nCheckpoints: i32, schedule: usize, scheduleLen: i32,
): usize {
  const job = jobNew(JOB_KIND_RECURSION, <usize>STATE_SLOTS << 3, OWN_CAPACITY);
  if (job == 0) return 0;
  const kind = scheduleLen == SCHEDULE_LEN ? <i32>load<f64>(schedule) : -1;
  if (n < 1 || nCheckpoints < 1 || n > (1 << 30) / (WS_ARRAYS * 8) || kind < 0 || kind > SCHEDULE_WSD
    || (blockOrder != 1 && blockOrder != 2) || !(blockFraction > 0) || !(gamma > 0) || !(batch >= 1) || !(unitSteps >= 0)
    || !(tolerance >= 0)) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  const bytes = (<usize>(WS_ARRAYS * n)) << 3;
  const ws = jobOwn(job, bytes);
  const cps = jobOwn(job, <usize>nCheckpoints << 3);
  const loss = jobOwn(job, <usize>nCheckpoints << 3);
  const c1 = jobOwn(job, <usize>CACHE1_SIZE << 2);
  if (ws == 0 || cps == 0 || loss == 0 || c1 == 0) {
    jobFree(job);
    return 0;
  }
  memory.fill(ws, 0, bytes);
  memory.copy(ws, measureWs, (<usize>(6 * n)) << 3);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.fill(c1, 0, <usize>CACHE1_SIZE << 2);
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
  const norm = volterraKernelNorm(ws, n);
  setF(job, S_NORM, norm);
  setF(job, S_MAXG, volterraMaxAbsA(ws, n));
  const P0 = F0 + volterraInit(ws, n);
  setF(job, S_P, P0);
  // The error control needs the kernel's gain w = ||K|| / (1 - ||K||) finite.
  const controlled = blockOrder == 2 && constant && tolerance > 0 && norm >= 0 && norm < 1;
  setF(job, S_TOL, controlled ? tolerance : 0.0);
  if (controlled) {
    pushNode(job, 0.0, P0);
    setF(job, S_PROBE, 1.0);
  }
  return job;
}

/** Finish: record the divergence step (if any), progress 1, status done. */
function finish(job: usize, diverged: bool): i32 {
  if (diverged) setF(job, S_DIVERGED, getF(job, S_R));
  setI(job, S_STATE, STATUS_DONE);
  jobSetProgress(job, 1.0);
  return jobReturn(job, STATUS_DONE);
}

/** The first blocks that run as one: up to `most` of length L from r, ending at or before cp, while `same(rr)` holds. */
// @ts-ignore: decorator
@inline function runLength(r: f64, L: f64, cp: f64, most: i32, fraction: f64, nominalOnly: bool): i32 {
  let count = 1;
  for (let rr = r + L; count < most && rr + L <= cp && (!nominalOnly || nominal(fraction, rr) == L); rr += L) count++;
  return count;
}

// Out-values of controlledUnit: work units beyond the steps, and whether memory was short.
let unitExtra: f64 = 0;
let unitShort = false;

/**
 * Controlled unit steps (second order with a tolerance, before the blocks): unit steps to the next
 * node (spacing the power of two at or below blockFraction·r/2) or checkpoint; at a node past
 * unitSteps, start the blocks if the controller allows L >= MIN_START. Returns the new P; advances
 * the job's S_R by the steps taken (at most k).
 */
function controlledUnit(job: usize, r: f64, P: f64, cp: f64, k: f64): f64 {
  const ws = getP(job, S_WS), n = getI(job, S_N), F0 = getF(job, S_F0);
  const probe = getF(job, S_PROBE);
  const steps = Math.min(Math.min(cp, probe) - r, k);
  P = volterraUnit(ws, n, F0, P, <i32>steps);
  r += steps;
  setF(job, S_R, r);
  if (r == probe) {
    pushNode(job, r, P);
    const fraction = getF(job, S_FRACTION);
    if (r >= getF(job, S_UNIT) && getI(job, S_NODES) == 4) {
      const h = r - getF(job, S_NODE_R + 2); // the last spacing (a power of two)
      if (getI(job, S_CUR_FULL) == 0) clearCache(job);
      unitExtra = setGamma(job, getF(job, S_GAMMA), true);
      const table = blockTable(job);
      unitExtra += spentOnCoefficients;
      if (table == 0) {
        unitShort = true;
        return P;
      }
      const L = controlLength(job, P, h, Math.min(2.0 * h, nominal(fraction, r)), table);
      if (L >= MIN_START) {
        setI(job, S_BLOCKS, 1);
        setF(job, S_PPREV, getF(job, S_NODE_P + 2));
        setF(job, S_LPREV, h);
        setF(job, S_LCTRL, L);
      }
    }
    setF(job, S_PROBE, r + nominal(fraction / 2.0, r));
  }
  return P;
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
  const controlled = getF(job, S_TOL) > 0;
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
    if (controlled && getI(job, S_BLOCKS) == 0) {
      spent += setGamma(job, gamma, false);
      const r0 = r;
      unitExtra = 0;
      unitShort = false;
      P = controlledUnit(job, r, P, cp, Math.min(room, <f64>chunk));
      r = getF(job, S_R);
      spent += (r - r0) * nf + unitExtra;
      if (unitShort) { status = ERR_MEMORY; break; }
    } else if (controlled) {
      // Controlled second-order blocks: the controller's length, halved to end at the checkpoint.
      const Lc = getF(job, S_LCTRL);
      let L = Lc;
      while (L > cp - r) L /= 2.0;
      if (getI(job, S_CUR_FULL) == 0) clearCache(job);
      spent += setGamma(job, gamma, true);
      const table = blockTable(job);
      if (table == 0) { status = ERR_MEMORY; break; }
      spent += spentOnCoefficients;
      // A run of equal controlled blocks (fixed by r, L and the checkpoint alone, so that the budget
      // of a call never changes the blocks) may take several calls; the controller looks after it.
      let left = getI(job, S_RUN_LEFT);
      if (left == 0) left = L == Lc ? runLength(r, L, cp, RUN_BLOCKS, fraction, false) : 1;
      const count = <i32>Math.min(<f64>left, room);
      const r0 = r;
      const num = getF(job, S_NUM_L) == L ? getF(job, S_NUM) : NaN;
      P = volterraBlockRun_o2(ws, n, F0, getF(job, S_PPREV), P, getF(job, S_LPREV) / L, table, log2Exact(L), count, threshold, num, info);
      setF(job, S_NUM, load<f64>(info, 32));
      setF(job, S_NUM_L, L);
      const done = <i32>load<f64>(info);
      setF(job, S_PPREV, load<f64>(info, 8));
      setF(job, S_LPREV, L);
      r += <f64>done * L;
      spent += <f64>done * nf;
      left -= done;
      setI(job, S_RUN_LEFT, left);
      if (L == Lc) {
        // The nodes this call passed (at most the last four), and at the end of the run the next length.
        for (let k = max(1, done - 3); k <= done; k++) {
          pushNode(job, r0 + <f64>k * L, k == done ? P : load<f64>(info + (<usize>(done - k) << 3)));
        }
        if (left == 0) {
          const next = controlLength(job, P, L, Math.min(2.0 * L, nominal(fraction, r)), table);
          setF(job, S_LCTRL, Math.max(1.0, next));
        }
      }
    } else if (r < unitSteps) {
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
      const Pprev = getF(job, S_PPREV);
      const most = <i32>Math.min(<f64>chunk, room);
      if (order2 && isFinite(Pprev)) {
        const Lprev = getF(job, S_LPREV);
        const table = blockTable(job);
        if (table == 0) { status = ERR_MEMORY; break; }
        spent += spentOnCoefficients;
        const count = Lprev == L && L == nominal(fraction, r) ? runLength(r, L, cp, most, fraction, true) : 1;
        P = volterraBlockRun_o2(ws, n, F0, Pprev, P, Lprev / L, table, log2Exact(L), count, threshold, NaN, info);
        const done = load<f64>(info);
        setF(job, S_PPREV, load<f64>(info, 8));
        setF(job, S_LPREV, L);
        r += done * L;
        spent += done * nf;
      } else {
        const coef = coefficients1(job, L);
        if (coef == 0) { status = ERR_MEMORY; break; }
        spent += spentOnCoefficients;
        // The following blocks this loop would give the same length (and gamma) run in one call,
        // one pass over the atoms each; the values are those of one call per block.
        const count = constant && L == nominal(fraction, r) ? runLength(r, L, cp, most, fraction, true) : 1;
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
