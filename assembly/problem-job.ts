// A sampled PLRF problem (docs/model.md §2) as a resumable job: D = diag(tau_j), b, sqrt(tau_j) and W
// (v x d, N(0, 1/d) entries, row-major, f64 or f32 storage) in job-owned memory, W drawn row block
// by row block from stream (seed, stream). The same rows from the same generator stream give the
// same bits however the sampling is split into steps.
//
// The state is a region of PROBLEM_SLOTS slots that other jobs embed (the ensemble of SGD runs
// samples one W per run into its own region), with the blocks owned by the embedding job.
import {
  jobNew, jobState, jobOwn, jobIs, jobFree, jobReturn, jobSetProgress, jobAlloc,
  rgetF, rsetF, rgetI, rsetI, rgetP, rsetP,
  JOB_KIND_PROBLEM, STATUS_MORE, STATUS_DONE, ERR_STATE, WORK_UNIT, setWorkUsed,
} from "./job";
import { fillSpectrum, sampleW, sampleW_f32w } from "./problem";
import { seed as rngSeed } from "./rng";
import { sumCompensated } from "./blas";

// Region slots (8 bytes each).
const P_ALPHA = 0, P_BETA = 1, P_D = 2, P_V = 3, P_STORAGE = 4, P_TAU = 5, P_B = 6, P_SQRT_TAU = 7,
  P_W = 8, P_RNG = 9, P_WORK = 10, P_ROWS = 11, P_P0 = 12, P_SEED = 13, P_STREAM = 14;
/** Slots of a problem region. */
export const PROBLEM_SLOTS: i32 = 16;
/** Work (flop-equivalents) of drawing one normal entry of W (measured: about 3 times the work of one multiply-add of K). */
export const SAMPLE_COST: f64 = 60;

/**
 * Set up a problem region at `base` with blocks owned by `owner`: tau_j = j^(-2 alpha),
 * b_j = j^(-beta), sqrt(tau_j), room for W (storage 0: f64, 1: f32), the generator state and
 * P(0) = sum_j (tau_j b_j) b_j (compensated). Returns false if memory is short.
 */
export function problemSetup(owner: usize, base: usize, alpha: f64, beta: f64, d: i32, v: i32, storage: i32): bool {
  rsetF(base, P_ALPHA, alpha); rsetF(base, P_BETA, beta);
  rsetI(base, P_D, d); rsetI(base, P_V, v); rsetI(base, P_STORAGE, storage);
  const vBytes = <usize>v << 3;
  const wBytes = <usize>v * (<usize>d << (storage == 0 ? 3 : 2));
  const tau = jobOwn(owner, vBytes), b = jobOwn(owner, vBytes), sq = jobOwn(owner, vBytes);
  const W = jobOwn(owner, wBytes), rng = jobOwn(owner, 32), work = jobOwn(owner, <usize>d << 3);
  if (tau == 0 || b == 0 || sq == 0 || W == 0 || rng == 0 || work == 0) return false;
  rsetP(base, P_TAU, tau); rsetP(base, P_B, b); rsetP(base, P_SQRT_TAU, sq);
  rsetP(base, P_W, W); rsetP(base, P_RNG, rng); rsetP(base, P_WORK, work);
  fillSpectrum(v, alpha, beta, tau, b, sq);
  // P(0) = ||D^(1/2) b||^2 with the terms (tau_j b_j) b_j, summed compensated.
  const c = jobAlloc(vBytes);
  if (c == 0) return false;
  for (let j = 0; j < v; j++) {
    const o = <usize>j << 3;
    store<f64>(c + o, load<f64>(tau + o) * load<f64>(b + o) * load<f64>(b + o));
  }
  rsetF(base, P_P0, sumCompensated(c, v));
  heap.free(c);
  rsetI(base, P_ROWS, v);
  return true;
}

/** Start drawing a new W from stream (seed, stream) in the region (no rows drawn yet). */
export function problemReseed(base: usize, seed: f64, stream: f64): void {
  rsetF(base, P_SEED, seed); rsetF(base, P_STREAM, stream);
  rngSeed(rgetP(base, P_RNG), seed, stream);
  rsetI(base, P_ROWS, 0);
}

/** Draw up to `budget` work of rows of W (at least one row); true when all v rows are drawn. Sets workUsed. */
export function problemSample(base: usize, budget: f64): bool {
  const d = rgetI(base, P_D), v = rgetI(base, P_V);
  let j = rgetI(base, P_ROWS);
  const rowCost = SAMPLE_COST * <f64>d;
  const n = <i32>min<f64>(<f64>(v - j), max<f64>(1, Math.floor(budget / rowCost)));
  if (n > 0) {
    const W = rgetP(base, P_W), st = rgetP(base, P_RNG);
    if (rgetI(base, P_STORAGE) == 0) sampleW(st, W + <usize>j * (<usize>d << 3), n, d);
    else sampleW_f32w(st, W + <usize>j * (<usize>d << 2), n, d, rgetP(base, P_WORK));
    j += n;
    rsetI(base, P_ROWS, j);
  }
  setWorkUsed(<f64>n * rowCost);
  return j >= v;
}

// @ts-ignore: decorator
@inline export function problemD(base: usize): i32 { return rgetI(base, P_D); }
// @ts-ignore: decorator
@inline export function problemV(base: usize): i32 { return rgetI(base, P_V); }
// @ts-ignore: decorator
@inline export function problemStorage(base: usize): i32 { return rgetI(base, P_STORAGE); }
// @ts-ignore: decorator
@inline export function problemRowsDone(base: usize): i32 { return rgetI(base, P_ROWS); }
// @ts-ignore: decorator
@inline export function problemWPtr(base: usize): usize { return rgetP(base, P_W); }
// @ts-ignore: decorator
@inline export function problemTauPtr(base: usize): usize { return rgetP(base, P_TAU); }
// @ts-ignore: decorator
@inline export function problemBPtr(base: usize): usize { return rgetP(base, P_B); }
// @ts-ignore: decorator
@inline export function problemSqrtTauPtr(base: usize): usize { return rgetP(base, P_SQRT_TAU); }
// @ts-ignore: decorator
@inline export function problemP0Of(base: usize): f64 { return rgetF(base, P_P0); }

// ---- the exported job

/**
 * Begin sampling a PLRF problem: alpha > 0, beta with alpha + beta > 1/2 (validated by the host),
 * d >= 1, v >= d, W from stream (seed, stream) (integers in [0, 2^53) held in f64), storage 0 (W as
 * f64) or 1 (W as f32: each f64 draw rounded to the nearest f32). tau, b, sqrtTau and P(0) are ready
 * at once; W after problemStep returns 1. Returns the job, or 0 if memory is short or an argument is
 * out of range. Free with jobFree (which frees W, tau, b and sqrtTau).
 */
export function problemBegin(alpha: f64, beta: f64, d: i32, v: i32, seed: f64, stream: f64, storage: i32): usize {
  if (d < 1 || v < d || (storage != 0 && storage != 1)) return 0;
  const job = jobNew(JOB_KIND_PROBLEM, <usize>PROBLEM_SLOTS << 3, 8);
  if (job == 0) return 0;
  if (!problemSetup(job, jobState(job), alpha, beta, d, v, storage)) {
    jobFree(job);
    return 0;
  }
  problemReseed(jobState(job), seed, stream);
  return job;
}

/**
 * Draw rows of W for about `budget` work units (WORK_UNIT = 1000 flop-equivalents; a normal draw
 * counts SAMPLE_COST = 60), at least one row. Returns 0 (more), 1 (W complete) or ERR_STATE.
 * Progress: rows drawn / v.
 */
export function problemStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_PROBLEM)) return ERR_STATE;
  const base = jobState(job);
  const done = problemSample(base, <f64>budget * WORK_UNIT);
  jobSetProgress(job, <f64>problemRowsDone(base) / <f64>problemV(base));
  return jobReturn(job, done ? STATUS_DONE : STATUS_MORE);
}

/** W (v x d, row-major; f64, or f32 with storage 1): a pointer into the job's memory. */
export function problemW(job: usize): usize { return problemWPtr(jobState(job)); }
/** tau_j = j^(-2 alpha), j = 1..v (v doubles in the job's memory). */
export function problemTau(job: usize): usize { return problemTauPtr(jobState(job)); }
/** b_j = j^(-beta), j = 1..v (v doubles). */
export function problemB(job: usize): usize { return problemBPtr(jobState(job)); }
/** sqrt(tau_j) = j^(-alpha), j = 1..v (v doubles). */
export function problemSqrtTau(job: usize): usize { return problemSqrtTauPtr(jobState(job)); }
/** P(0) = ||D^(1/2) b||^2 = sum_j (tau_j b_j) b_j, compensated (no factor 1/2). */
export function problemP0(job: usize): f64 { return problemP0Of(jobState(job)); }
