// The expected loss of momentum SGD and DANA (docs/model.md §10) as a resumable job: the exact
// second-moment recursion of the optimizer, mode by mode, on any spectral measure.
//
// The optimizer, with the summed batch gradient G = sum_i a_i (<a_i, theta> - y_i) and t counting
// updates from 0:
//   y' = (1 - Delta_t) y + gamma1_t G,    theta' = theta - gamma2_t G - gamma3_t y'.
// Per atom z (an eigenvalue of K, or a complex contour node) the state is (U, S, V) in loss units
// (z E e^2, z E y^2, z E e y in the eigenbasis), advanced by the one-step map of momentum-map.ts with
// P = F0 + Re sum_n U_n, U(0) = phi (the forcing mass), S(0) = V(0) = 0. gamma1 = gamma3 = 0 is SGD (§4).
//
// Exact unit steps (momentum-unit.ts) to `unitSteps`, then second-order blocks (momentum-block.ts).
// On complex atoms the job checks the one-step map for growth (spectral radius above
// 1 + MOMENTUM_GROWTH_TOL) at steps 0..15, at every power of two, at every checkpoint a step ends on
// and at every block's midpoint (there on the atoms whose contraction the block's powers do not certify), and
// fails with ERR_GROWTH rather than return noise.
import {
  ERR_ARGUMENT, ERR_STATE, ERR_GROWTH, JOB_KIND_MOMENTUM, STATUS_DONE, STATUS_MORE,
  getF, getI, getP, jobFree, jobIs, jobNew, jobOwn, jobReturn, jobSetProgress, setF, setI, setP,
} from "./job";
import { OPT_TABLE_LEN, MOMENTUM_GROWTH_TOL } from "./abi";
import { optValid } from "./momentum-coef";
import { momentumMapCheck } from "./momentum-map";
import { momentumUnitStep } from "./momentum-unit";
import { momentumBlock, blockGrowth, blockGrowthAt } from "./momentum-block";
import { MAX_LEVELS } from "./momentum-block-complex";
import { at, arr, A_ZR, A_ZI, A_PR, A_PI, A_NR, A_NI, A_UR, ARRAYS, A_QC, QSLOTS } from "./momentum-layout";
// The coefficients and the stability check are used by the SGD kernels and the ensemble too.
export { optCoef, optValid } from "./momentum-coef";
export { momentumMapCheck, momentumStability, momentumContourSlope } from "./momentum-map";

const S_WS = 0, S_N = 1, S_F0 = 2, S_BATCH = 3, S_THRESHOLD = 4, S_CPS = 5, S_NCPS = 6, S_LOSS = 7, S_CPI = 8,
  S_R = 9, S_P = 10, S_DIVERGED = 11, S_STATE = 12, S_REAL = 13, S_NORM = 14, S_GROWTH = 15, S_GROWTH_AT = 16,
  S_GROWTH_NODE = 17, S_CHECKED = 18, S_MAXGROWTH = 19, S_NORM_END = 20, S_CHECK_OUT = 21; // 21..23
const S_TABLE = 24; // OPT_TABLE_LEN slots (24..35)
const S_UNIT = 36, S_FRACTION = 37, S_BLOCKS = 38, S_HEAD = 39;
// The last HISTORY step or block starts (r, P), a ring at S_HIST: a block's third node is the one
// whose distance back is closest to the block's length.
const S_HIST = 40, HISTORY = 8;
// The error control of the block length (blockTolerance > 0): the current fraction, the pending
// trial (the step at which it ends, or -1, and P after its one long block), the octave of the last
// trial, the saved state of the trial (6n f64).
const S_TOL = S_HIST + 2 * HISTORY, S_FCUR = S_TOL + 1, S_TRIAL_R = S_TOL + 2, S_TRIAL_P = S_TOL + 3, S_TRIAL_OCT = S_TOL + 4,
  S_SAVE = S_TOL + 5;
// The times of the quasi-static states kept per complex atom (QSLOTS slots, momentum-layout.ts).
const S_QT = S_SAVE + 1;
const STATE_SLOTS = S_QT + QSLOTS;
/** The longest block the error control allows, as a fraction of r. */
const FRACTION_MAX: f64 = 0.125;

function tablePtr(job: usize): usize {
  return job + 32 + (<usize>S_TABLE << 3);
}

function slotTimes(job: usize): usize {
  return job + 32 + (<usize>S_QT << 3);
}

/**
 * Begin the momentum/DANA recursion on a copy of the measure in workspace `measureWs` (n atoms; its
 * first 6 arrays z, phi, nu are read): F0 the atom at zero, batch B (summed gradient), table the
 * optimizer's coefficient table (OPT_TABLE_LEN f64, copied; tableLen its length), threshold: stop
 * after the first P that is not <= threshold; checkpoints: nCheckpoints increasing f64 integers
 * (copied). Derives the growth and the frozen-time kernel norm at t = 0 and at the last checkpoint
 * (momentumKernelNorm, momentumGrowth). 0 if memory is short; arguments out of range make
 * momentumStep return ERR_ARGUMENT.
 */
export function momentumBegin(
  measureWs: usize, n: i32, F0: f64, batch: f64, table: usize, tableLen: i32, threshold: f64,
  checkpoints: usize, nCheckpoints: i32, unitSteps: f64, blockFraction: f64, blockTolerance: f64,
): usize {
  const job = jobNew(JOB_KIND_MOMENTUM, <usize>STATE_SLOTS << 3, 8);
  if (job == 0) return 0;
  if (n < 1 || nCheckpoints < 1 || tableLen != OPT_TABLE_LEN || n > (1 << 30) / (ARRAYS * 8) || !(batch >= 1) || !optValid(table) ||
    !(unitSteps >= 0) || !(blockFraction > 0 && blockFraction <= 0.5) || !(blockTolerance >= 0 && blockTolerance < 1)) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  // Checkpoints: finite non-negative integers, increasing (blocks run to the last one).
  for (let k = 0; k < nCheckpoints; k++) {
    const c = load<f64>(at(checkpoints, k));
    if (!(c >= 0 && c < 9007199254740992.0 && Math.floor(c) == c) || (k > 0 && !(c > load<f64>(at(checkpoints, k - 1))))) {
      setI(job, S_STATE, ERR_ARGUMENT);
      return job;
    }
  }
  let real = true, s = 0.0;
  for (let i = 0; i < n; i++) {
    if (load<f64>(at(arr(measureWs, n, A_ZI), i)) != 0 || load<f64>(at(arr(measureWs, n, A_NI), i)) != 0 ||
      load<f64>(at(arr(measureWs, n, A_PI), i)) != 0) real = false;
    s += load<f64>(at(arr(measureWs, n, A_PR), i));
  }
  // Real atoms never use the quasi-static slots (the last arrays of the layout).
  const bytes = (<usize>((real ? A_QC : ARRAYS) * n)) << 3;
  const ws = jobOwn(job, bytes), cps = jobOwn(job, <usize>nCheckpoints << 3), loss = jobOwn(job, <usize>nCheckpoints << 3);
  const save = blockTolerance > 0 ? jobOwn(job, (<usize>(6 * n)) << 3) : 1;
  if (ws == 0 || cps == 0 || loss == 0 || save == 0) { jobFree(job); return 0; }
  memory.fill(ws, 0, bytes);
  memory.copy(ws, measureWs, (<usize>(6 * n)) << 3);
  memory.copy(arr(ws, n, A_UR), arr(ws, n, A_PR), (<usize>(2 * n)) << 3);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.copy(tablePtr(job), table, <usize>OPT_TABLE_LEN << 3);
  setP(job, S_WS, ws); setI(job, S_N, n); setF(job, S_F0, F0); setF(job, S_BATCH, batch);
  setF(job, S_THRESHOLD, threshold); setP(job, S_CPS, cps); setI(job, S_NCPS, nCheckpoints); setP(job, S_LOSS, loss);
  setI(job, S_REAL, real ? 1 : 0); setF(job, S_DIVERGED, -1.0); setF(job, S_GROWTH_AT, -1.0); setF(job, S_GROWTH_NODE, -1.0);
  setF(job, S_P, F0 + s);
  setF(job, S_CHECKED, -1.0);
  setF(job, S_UNIT, unitSteps);
  setF(job, S_FRACTION, blockFraction);
  setF(job, S_TOL, blockTolerance); setF(job, S_FCUR, blockFraction); setF(job, S_TRIAL_R, -1.0); setF(job, S_TRIAL_OCT, -1.0);
  setP(job, S_SAVE, blockTolerance > 0 ? save : 0);
  setF(job, S_GROWTH, -Infinity);
  for (let k = 0; k < HISTORY; k++) setF(job, S_HIST + 2 * k, Infinity);
  for (let k = 0; k < QSLOTS; k++) setF(job, S_QT + k, -Infinity);
  // Stability at t = 0 and at the last checkpoint.
  const out = job + 32 + (<usize>S_CHECK_OUT << 3);
  const last = load<f64>(at(cps, nCheckpoints - 1));
  momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job), batch, 0.0, 1, out);
  const g0 = load<f64>(out), k0 = load<f64>(out, 8);
  momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job), batch, last, 1, out);
  const g1 = load<f64>(out), k1 = load<f64>(out, 8);
  setF(job, S_NORM, k0);
  setF(job, S_NORM_END, k1);
  setF(job, S_MAXGROWTH, Math.max(g0, g1));
  return job;
}

/** Whether step t is one where the growth check runs: t < 16, t a power of two, or t at a checkpoint. */
function checkStep(t: f64, cp: f64): bool {
  if (t < 16 || t == cp) return true;
  return (reinterpret<u64>(t) & 0x000FFFFFFFFFFFFF) == 0;
}

/** The growth check at step t on complex atoms: false (state ERR_GROWTH set) if the map grows. */
function growthOk(job: usize, t: f64, r: f64, P: f64, cpi: i32): bool {
  const ws = getP(job, S_WS), n = getI(job, S_N);
  const out = job + 32 + (<usize>S_CHECK_OUT << 3);
  momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job),
    getF(job, S_BATCH), t, 0, out);
  const g = load<f64>(out);
  if (g > getF(job, S_GROWTH)) setF(job, S_GROWTH, g);
  if (g <= MOMENTUM_GROWTH_TOL) return true;
  setF(job, S_GROWTH_AT, r);
  setF(job, S_GROWTH_NODE, load<f64>(out, 16));
  setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
  setI(job, S_STATE, ERR_GROWTH);
  return false;
}

/**
 * Record the checkpoints from index cpi that the run has passed, with (r, P) its latest step or
 * block end: a checkpoint is recorded when a step or block ends on it, or, when a block stepped over
 * it, by interpolation once a second block end lies beyond it (with `end`, one suffices). Returns the
 * index of the first checkpoint not recorded.
 */
function record(job: usize, cpi: i32, r: f64, P: f64, end: bool): i32 {
  const cps = getP(job, S_CPS), ncps = getI(job, S_NCPS), loss = getP(job, S_LOSS);
  while (cpi < ncps) {
    const c = load<f64>(at(cps, cpi));
    if (r < c) break;
    if (r == c) store<f64>(at(loss, cpi), P);
    else if (!interpolateAt(job, c, r, P, end)) break;
    else store<f64>(at(loss, cpi), interpolated);
    cpi++;
  }
  return cpi;
}

/** The value of the last successful interpolateAt. */
let interpolated = 0.0;
// The interpolation nodes (t, P): up to four.
const NT = new StaticArray<f64>(4);
const NP = new StaticArray<f64>(4);

/**
 * P at checkpoint c, which a block stepped over, by the cubic through the two nearest step or block
 * ends above c and the two nearest below (the history ring and the current end (r, P)); in log t and
 * log P where every P is positive, as the curve is close to a power law there. The curve is smooth on
 * the block scale (the blocks assume it), and the cubic's error, of order (L/r)^4 relative, is far below the
 * blocks' own (docs/model.md §10). False while only one end lies above c, unless `end` (no more blocks come).
 */
function interpolateAt(job: usize, c: f64, r: f64, P: f64, end: bool): bool {
  // Nodes above c: r and the smallest history entry above c; below c: the two largest below it.
  let a1 = r, pa1 = P, a2 = Infinity, pa2 = 0.0, b1 = -Infinity, pb1 = 0.0, b2 = -Infinity, pb2 = 0.0;
  for (let k = 0; k < HISTORY; k++) {
    const t = getF(job, S_HIST + 2 * k), pk = getF(job, S_HIST + 2 * k + 1);
    // A step or block that ended on c (the loop waited on an earlier checkpoint): its value, exactly.
    if (t == c) { interpolated = pk; return true; }
    // The current end may also be in the ring (a divergence records up to the last finite end).
    if (!(t < Infinity) || t == r) continue;
    if (t > c) {
      if (t < a1) { a2 = a1; pa2 = pa1; a1 = t; pa1 = pk; } else if (t < a2) { a2 = t; pa2 = pk; }
    } else if (t < c) {
      if (t > b1) { b2 = b1; pb2 = pb1; b1 = t; pb1 = pk; } else if (t > b2) { b2 = t; pb2 = pk; }
    }
  }
  if (!(b1 > -Infinity)) return false;
  let m = 0;
  if (b2 > -Infinity) { unchecked((NT[m] = b2)); unchecked((NP[m] = pb2)); m++; }
  unchecked((NT[m] = b1)); unchecked((NP[m] = pb1)); m++;
  unchecked((NT[m] = a1)); unchecked((NP[m] = pa1)); m++;
  if (a2 < Infinity) { unchecked((NT[m] = a2)); unchecked((NP[m] = pa2)); m++; } else if (!end) return false;
  let logs = c > 0;
  for (let k = 0; k < m; k++) logs = logs && unchecked(NT[k]) > 0 && unchecked(NP[k]) > 0 && isFinite(unchecked(NP[k]));
  const x = logs ? Math.log(c) : c;
  if (logs) {
    for (let k = 0; k < m; k++) { unchecked((NT[k] = Math.log(NT[k]))); unchecked((NP[k] = Math.log(NP[k]))); }
  }
  let s = 0.0;
  for (let k = 0; k < m; k++) {
    const tk = unchecked(NT[k]);
    let w = 1.0;
    for (let j = 0; j < m; j++) if (j != k) w *= (x - unchecked(NT[j])) / (tk - unchecked(NT[j]));
    s += w * unchecked(NP[k]);
  }
  interpolated = logs ? Math.exp(s) : s;
  return true;
}

/** The third node of a block of L steps from r (nodeRho, nodeP): the history entry whose distance back is closest to L. */
let nodeRho = 0.0, nodeP = 0.0;
function thirdNode(job: usize, r: f64, L: f64): void {
  let best = Infinity;
  nodeRho = 0.0; nodeP = 0.0;
  for (let k = 0; k < HISTORY; k++) {
    const rk = getF(job, S_HIST + 2 * k);
    if (!(rk < r)) continue;
    const q = Math.abs(Math.log((r - rk) / L));
    if (q < best) { best = q; nodeRho = (r - rk) / L; nodeP = getF(job, S_HIST + 2 * k + 1); }
  }
}

/**
 * The error control's trial (docs/model.md §10), once per octave of r: one block of 2L steps from the
 * state at r, which is then restored; the run goes on with blocks of L and, where they reach r + 2L,
 * `decide` compares. Returns the work spent.
 */
function trial(job: usize, ws: usize, n: i32, F0: f64, B: f64, table: usize, real: bool, r: f64, L: f64, levels: i32, last: f64,
  P: f64): f64 {
  const oct = Math.floor(Math.log2(r));
  if (!(oct > getF(job, S_TRIAL_OCT)) || 2.0 * L > last - r || levels + 1 > MAX_LEVELS || 2.0 * L > FRACTION_MAX * r) return 0.0;
  setF(job, S_TRIAL_OCT, oct);
  const save = getP(job, S_SAVE), bytes = (<usize>(6 * n)) << 3;
  memory.copy(save, arr(ws, n, A_UR), bytes);
  thirdNode(job, r, 2.0 * L);
  const P2 = momentumBlock(ws, n, F0, B, table, real, r, levels + 1, nodeRho, nodeP, P, slotTimes(job));
  memory.copy(arr(ws, n, A_UR), save, bytes);
  // A long block whose midpoint map grows (or a NaN) leaves the fraction as it is.
  if (P2 == P2) { setF(job, S_TRIAL_R, r + 2.0 * L); setF(job, S_TRIAL_P, P2); }
  return (real ? 40.0 : 120.0) * <f64>(levels + 4) * <f64>n;
}

/**
 * The trial's verdict at r (two blocks of L after it began, P their result): the blocks' error is
 * second order, so one long block errs by about 8 e and two short ones by 2 e (e the error of one
 * block of L), their difference is 6 e, and the r/L blocks of the coming octave add about (r/L) e.
 * The fraction doubles (up to FRACTION_MAX) where the octave's error at 2L, 4 (r/L) e relative to P,
 * stays within the tolerance; it halves (down to blockFraction) where the octave's error at L does not.
 */
function decide(job: usize, r: f64, L: f64, P: f64): void {
  const target = getF(job, S_TRIAL_R), P2 = getF(job, S_TRIAL_P);
  setF(job, S_TRIAL_R, -1.0);
  if (r != target) return;
  const e = Math.abs(P - P2) / (6.0 * Math.abs(P)), N = r / L, tol = getF(job, S_TOL), f = getF(job, S_FCUR);
  if (4.0 * N * e <= tol) setF(job, S_FCUR, Math.min(FRACTION_MAX, 2.0 * f));
  else if (!(N * e <= tol)) setF(job, S_FCUR, Math.max(getF(job, S_FRACTION), 0.5 * f));
}

/**
 * Advance by about `budget` atom-steps (at least one step). STATUS_MORE, STATUS_DONE (also after a
 * divergence), ERR_GROWTH (the map grows on some atom: momentumGrowthAt, momentumGrowthNode,
 * momentumGrowth), ERR_ARGUMENT or ERR_STATE. Progress: r / last checkpoint.
 */
export function momentumStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_MOMENTUM)) return ERR_STATE;
  const state = getI(job, S_STATE);
  if (state != 0) return jobReturn(job, state);
  const ws = getP(job, S_WS), n = getI(job, S_N), threshold = getF(job, S_THRESHOLD);
  const cps = getP(job, S_CPS), ncps = getI(job, S_NCPS);
  const real = getI(job, S_REAL) != 0;
  const F0 = getF(job, S_F0), B = getF(job, S_BATCH), table = tablePtr(job);
  let r = getF(job, S_R), P = getF(job, S_P), cpi = getI(job, S_CPI);
  let spent = 0.0;
  const total = <f64>max(budget, 1);
  const last = load<f64>(at(cps, ncps - 1));
  for (;;) {
    cpi = record(job, cpi, r, P, r >= last);
    if (cpi == ncps) {
      setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
      setI(job, S_STATE, STATUS_DONE);
      jobSetProgress(job, 1.0);
      return jobReturn(job, STATUS_DONE);
    }
    if (spent >= total) break;
    const cp = load<f64>(at(cps, cpi));
    if (!real && checkStep(r, cp) && getF(job, S_CHECKED) < r) {
      setF(job, S_CHECKED, r);
      spent += 30.0 * <f64>n;
      if (!growthOk(job, r, r, P, cpi)) return jobReturn(job, ERR_GROWTH);
    }
    // A block of the power of two at or below fraction r steps, ending at or before the last
    // checkpoint (blocks step over the others: interpolateAt); a unit step below unitSteps or where
    // that power is 1.
    let L = reinterpret<f64>(reinterpret<u64>(Math.max(1.0, getF(job, S_FCUR) * r)) & 0xFFF0000000000000);
    while (L > last - r || L > <f64>(1 << MAX_LEVELS)) L /= 2.0;
    const levels = r < getF(job, S_UNIT) ? 0 : <i32>((reinterpret<u64>(L) >> 52) & 0x7FF) - 1023;
    const P0 = P;
    if (levels == 0) {
      P = momentumUnitStep(ws, n, F0, B, table, real, r, P);
      L = 1.0;
      spent += (real ? 1.0 : 3.0) * <f64>n;
    } else {
      if (getF(job, S_TOL) > 0 && getF(job, S_TRIAL_R) < 0) spent += trial(job, ws, n, F0, B, table, real, r, L, levels, last, P);
      thirdNode(job, r, L);
      P = momentumBlock(ws, n, F0, B, table, real, r, levels, nodeRho, nodeP, P, slotTimes(job));
      if (!real) {
        // The growth check at the block's midpoint (momentum-block.ts): the state stays at r if it fails.
        if (!(blockGrowth <= getF(job, S_GROWTH))) setF(job, S_GROWTH, blockGrowth);
        if (!(blockGrowth <= MOMENTUM_GROWTH_TOL)) {
          setF(job, S_GROWTH_AT, r); setF(job, S_GROWTH_NODE, <f64>blockGrowthAt);
          setF(job, S_R, r); setF(job, S_P, P0); setI(job, S_CPI, cpi);
          setI(job, S_STATE, ERR_GROWTH);
          return jobReturn(job, ERR_GROWTH);
        }
      }
      setF(job, S_BLOCKS, getF(job, S_BLOCKS) + 1.0);
      spent += (real ? 40.0 : 120.0) * <f64>(levels + 3) * <f64>n;
    }
    // History: every block start, and unit steps spaced about a quarter of the coming block length
    // apart (a power of two), so that the first block's third node lies about one block back.
    const m = reinterpret<f64>(reinterpret<u64>(Math.max(1.0, 0.25 * getF(job, S_FRACTION) * r)) & 0xFFF0000000000000);
    if (levels > 0 || r % m == 0) {
      const head = getI(job, S_HEAD);
      setF(job, S_HIST + 2 * head, r); setF(job, S_HIST + 2 * head + 1, P0);
      setI(job, S_HEAD, (head + 1) % HISTORY);
    }
    r += L;
    if (getF(job, S_TRIAL_R) >= 0 && r >= getF(job, S_TRIAL_R)) decide(job, r, L, P);
    if (!(P <= threshold)) {
      // The checkpoints up to the last finite end are recorded (those inside the diverging step are not).
      cpi = record(job, cpi, r - L, P0, true);
      setF(job, S_DIVERGED, r);
      setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
      setI(job, S_STATE, STATUS_DONE);
      jobSetProgress(job, 1.0);
      return jobReturn(job, STATUS_DONE);
    }
  }
  setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
  jobSetProgress(job, r / Math.max(1.0, load<f64>(at(cps, ncps - 1))));
  return jobReturn(job, STATUS_MORE);
}

/** Blocks taken so far. */
export function momentumBlocks(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, S_BLOCKS) : 0.0;
}

/** Loss per checkpoint (E P(r), no factor 1/2); the first momentumCount(job) entries are set. */
export function momentumLoss(job: usize): usize {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getP(job, S_LOSS) : 0;
}
/** Checkpoints done. */
export function momentumCount(job: usize): i32 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getI(job, S_CPI) : 0;
}
/** The step at which P first passed the threshold (or was NaN), or -1. */
export function momentumDivergedAt(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, S_DIVERGED) : -1.0;
}
/** Frozen-time kernel norm: which = 0 at t = 0, 1 at the last checkpoint. */
export function momentumKernelNorm(job: usize, which: i32): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, which == 0 ? S_NORM : S_NORM_END) : NaN;
}
/**
 * The largest growth (spectral radius of the one-step map minus 1) found: at t = 0 and the last
 * checkpoint from the start, then at every checked step.
 */
export function momentumGrowth(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? Math.max(getF(job, S_MAXGROWTH), getF(job, S_GROWTH)) : NaN;
}
/** After ERR_GROWTH: the step and the atom index at which the map grew; -1 otherwise. */
export function momentumGrowthAt(job: usize, which: i32): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, which == 0 ? S_GROWTH_AT : S_GROWTH_NODE) : -1.0;
}

