// Continuing a finished recursion with new checkpoints (docs/model.md §4): unit steps do not depend
// on the checkpoints, so fronts that widen their flops range start each longer curve from the kept
// prefix instead of from r = 0.

import {
  ERR_ARGUMENT, JOB_KIND_RECURSION, STATUS_DONE, getF, getI, getP, jobFree, jobIs, jobNew, jobOwn, jobState, setF, setI, setP,
} from "./job";
import { OWN_CAPACITY } from "./recursion";
import { WS_ARRAYS } from "./volterra";
import { CACHE1_SIZE } from "./recursion-cache";
import {
  S_CACHE1, S_CONSTANT, S_COUNT1, S_CPI, S_CPS, S_DIVERGED, S_LAST, S_LOSS, S_N, S_NCPS, S_NUM_L, S_R, S_RUN_LEFT,
  S_SEG_END, S_STATE, S_SUMS, S_THRESHOLD, S_TOL, S_WS, STATE_SLOTS, at,
} from "./recursion-state";

/**
 * A recursion job continuing `prefix` where it stopped: `prefix` must be a recursion job on the
 * constant schedule without the error control (its blocks depend on the checkpoints) that finished
 * at its last checkpoint r0 without diverging. The new job has its measure, gamma, batch, unit
 * steps and block rule, its state at r0, and its own threshold and checkpoints (nCheckpoints
 * increasing f64 integers > r0, copied). Unit steps do not depend on the checkpoints, so its
 * losses are those of one job run from r = 0 (a caller keeps the prefix to start curves of several
 * horizons from it). Returns the job, or 0 if memory is short; a `prefix` or checkpoints that do
 * not qualify make recursionStep return ERR_ARGUMENT.
 */
export function recursionFork(prefix: usize, threshold: f64, checkpoints: usize, nCheckpoints: i32): usize {
  const job = jobNew(JOB_KIND_RECURSION, <usize>STATE_SLOTS << 3, OWN_CAPACITY);
  if (job == 0) return 0;
  if (!jobIs(prefix, JOB_KIND_RECURSION) || getI(prefix, S_STATE) != STATUS_DONE || getF(prefix, S_DIVERGED) >= 0
    || getI(prefix, S_CONSTANT) == 0 || getF(prefix, S_TOL) > 0 || nCheckpoints < 1 || !(load<f64>(checkpoints) > getF(prefix, S_R))) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  const n = getI(prefix, S_N);
  const bytes = (<usize>(WS_ARRAYS * n)) << 3;
  const ws = jobOwn(job, bytes);
  const cps = jobOwn(job, <usize>nCheckpoints << 3);
  const loss = jobOwn(job, <usize>nCheckpoints << 3);
  const c1 = jobOwn(job, <usize>CACHE1_SIZE << 2);
  if (ws == 0 || cps == 0 || loss == 0 || c1 == 0) {
    jobFree(job);
    return 0;
  }
  // The prefix's slots and workspace (the state U at r0, the per-gamma arrays), then what is the new job's own.
  memory.copy(jobState(job), jobState(prefix), <usize>STATE_SLOTS << 3);
  memory.copy(ws, getP(prefix, S_WS), bytes);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.fill(c1, 0, <usize>CACHE1_SIZE << 2);
  setP(job, S_WS, ws);
  setP(job, S_CPS, cps);
  setI(job, S_NCPS, nCheckpoints);
  setP(job, S_LOSS, loss);
  setP(job, S_CACHE1, c1);
  setP(job, S_SUMS, 0);
  setI(job, S_COUNT1, 0);
  setI(job, S_RUN_LEFT, 0);
  setF(job, S_NUM_L, 0.0);
  setI(job, S_CPI, 0);
  setF(job, S_THRESHOLD, threshold);
  setF(job, S_SEG_END, -1.0);
  setF(job, S_LAST, load<f64>(at(cps, nCheckpoints - 1)));
  setI(job, S_STATE, 0);
  return job;
}

