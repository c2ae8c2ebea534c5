// The spectrum of K = W^T D W for a sampled problem (docs/model.md §2-3) as a resumable job: K formed by
// row blocks of W, mirrored, the cross-covariance h = W^T D b, the eigen-decomposition without
// eigenvectors (eigBegin/eigStep, projections U^T h only), then the forcing masses
// rho_i = g_i^2 / lambda_i, P* = max(0, P(0) - sum_i rho_i) (Neumaier-compensated sum) and tr K.
// Also the stability conditions of SGD on a spectrum.
//
// The state is a region of SPECTRUM_SLOTS slots that other jobs embed, with its blocks owned by the
// embedding job; it reads W, tau, b and P(0) from a problem region (assembly/problem-job.ts).
import {
  jobNew, jobState, jobOwn, jobIs, jobFree, jobReturn, jobSetProgress, jobKind,
  rgetF, rsetF, rgetI, rsetI, rgetP, rsetP,
  JOB_KIND_PROBLEM, JOB_KIND_SPECTRUM, STATUS_MORE, STATUS_DONE, ERR_STATE, ERR_EIGEN, WORK_UNIT, setWorkUsed,
} from "./job";
import { formKRows, formKRows_f32w, formKMirror, crossCov, crossCov_f32w } from "./problem";
import { eigBegin, eigStep, eigUseCopyBuffer, eigPhase, eigIndex } from "./eigen";
import { EIG_STATE_SLOTS } from "./abi";
import {
  problemD, problemV, problemStorage, problemWPtr, problemTauPtr, problemBPtr, problemP0Of, problemRowsDone,
} from "./problem-job";

// Region slots (8 bytes each).
const S_PROBLEM = 0, S_D = 1, S_V = 2, S_K = 3, S_LAM = 4, S_WORK = 5, S_H = 6, S_VWORK = 7, S_EIG = 8,
  S_RHO = 9, S_HBUF = 10, S_STAGE = 11, S_ROW = 12, S_PSTAR = 13, S_TRACEK = 14, S_EIGCODE = 15, S_P0 = 16;
/** Slots of a spectrum region. */
export const SPECTRUM_SLOTS: i32 = 20;
/** Work (flop-equivalents) of the eigensolver's Householder or accumulation step i, per i^2 (scalar code, several passes). */
export const EIG_ROW_COST: f64 = 12;
/** Work of one QL step without eigenvectors, per d. */
export const QL_STEP_COST: f64 = 30;
/** Work of the whole eigen-decomposition, per d^3 (2 EIG_ROW_COST / 3; measured: about twice forming K at v = 4 d). */
export const EIG_TOTAL_COST: f64 = 8;

const STAGE_K = 0, STAGE_EIG = 1, STAGE_DONE = 2;

/**
 * Set up a spectrum region at `sbase` for the problem region at `pbase` (d, v fixed), blocks owned
 * by `owner`: K (d x d), lambda, work, h, rho, the eigen state and its copy buffer (d doubles each
 * but K) and v doubles of scratch. Returns false if memory is short.
 */
export function spectrumSetup(owner: usize, sbase: usize, pbase: usize): bool {
  const d = problemD(pbase), v = problemV(pbase);
  rsetP(sbase, S_PROBLEM, pbase); rsetI(sbase, S_D, d); rsetI(sbase, S_V, v);
  const dBytes = <usize>d << 3;
  const K = jobOwn(owner, <usize>d * dBytes), lam = jobOwn(owner, dBytes), work = jobOwn(owner, dBytes);
  const h = jobOwn(owner, dBytes), vwork = jobOwn(owner, <usize>v << 3), st = jobOwn(owner, <usize>EIG_STATE_SLOTS << 3);
  const rho = jobOwn(owner, dBytes), hbuf = jobOwn(owner, dBytes);
  if (K == 0 || lam == 0 || work == 0 || h == 0 || vwork == 0 || st == 0 || rho == 0 || hbuf == 0) return false;
  rsetP(sbase, S_K, K); rsetP(sbase, S_LAM, lam); rsetP(sbase, S_WORK, work); rsetP(sbase, S_H, h);
  rsetP(sbase, S_VWORK, vwork); rsetP(sbase, S_EIG, st); rsetP(sbase, S_RHO, rho); rsetP(sbase, S_HBUF, hbuf);
  spectrumReset(sbase);
  return true;
}

/** Start the decomposition of the problem's current W (K = 0, no rows added yet). */
export function spectrumReset(sbase: usize): void {
  const d = rgetI(sbase, S_D);
  memory.fill(rgetP(sbase, S_K), 0, <usize>d * (<usize>d << 3));
  rsetI(sbase, S_STAGE, STAGE_K);
  rsetI(sbase, S_ROW, 0);
  rsetI(sbase, S_EIGCODE, 0);
}

/**
 * Advance by about `budget` work (at least one piece): rows of K in blocks of a multiple of 4 rows
 * (formKRows adds rows four at a time, so every block starts at a multiple of 4 and the sums are
 * those of forming K in one call), then eigensolver steps, then the masses. Returns STATUS_MORE,
 * STATUS_DONE or ERR_EIGEN (the QL iteration did not converge: spectrumCode). Sets workUsed().
 */
export function spectrumAdvance(sbase: usize, budget: f64): i32 {
  const pbase = rgetP(sbase, S_PROBLEM);
  const d = rgetI(sbase, S_D), v = rgetI(sbase, S_V);
  const dd = <f64>d * <f64>d;
  let used = 0.0;
  let stage = rgetI(sbase, S_STAGE);
  if (stage == STAGE_DONE) {
    setWorkUsed(0);
    return STATUS_DONE;
  }
  const f32 = problemStorage(pbase) != 0;
  const W = problemWPtr(pbase), tau = problemTauPtr(pbase);
  const K = rgetP(sbase, S_K);
  if (stage == STAGE_K) {
    let j = rgetI(sbase, S_ROW);
    do {
      const n = <i32>min<f64>(<f64>(1 << 30), Math.floor((budget - used) / dd));
      const m = min(v - j, max(4, n - (n % 4)));
      if (f32) formKRows_f32w(W, j, j + m, d, tau, K);
      else formKRows(W, j, j + m, d, tau, K);
      j += m;
      used += <f64>m * dd;
    } while (j < v && used < budget);
    rsetI(sbase, S_ROW, j);
    if (j >= v) {
      formKMirror(d, K);
      const h = rgetP(sbase, S_H), vwork = rgetP(sbase, S_VWORK), b = problemBPtr(pbase);
      if (f32) crossCov_f32w(W, v, d, tau, b, h, vwork);
      else crossCov(W, v, d, tau, b, h, vwork);
      const st = rgetP(sbase, S_EIG);
      eigBegin(d, K, rgetP(sbase, S_LAM), rgetP(sbase, S_WORK), h, 0, st);
      eigUseCopyBuffer(st, rgetP(sbase, S_HBUF));
      used += dd + 2.0 * <f64>v * <f64>d;
      stage = STAGE_EIG;
      rsetI(sbase, S_STAGE, stage);
    }
  }
  if (stage == STAGE_EIG && (used < budget || used == 0)) {
    // Eigensolver steps in short calls, each priced at the cost of its next step, so that the work
    // per call stays near the budget through the O(i^2) Householder steps and the cheap QL steps.
    const st = rgetP(sbase, S_EIG);
    let status = 0;
    do {
      const phase = eigPhase(st);
      const i = <f64>max(eigIndex(st), 1);
      const unitCost = phase == 3 ? QL_STEP_COST * <f64>d : phase == 0 ? EIG_ROW_COST * dd : EIG_ROW_COST * i * i;
      const units = <i32>min<f64>(64, max<f64>(1, Math.floor((budget - used) / unitCost)));
      status = eigStep(st, units);
      used += <f64>units * unitCost;
    } while (status == 0 && used < budget);
    if (status < 0) {
      rsetI(sbase, S_EIGCODE, -status);
      setWorkUsed(used);
      return ERR_EIGEN;
    }
    if (status == 1) {
      masses(sbase, pbase, d);
      rsetI(sbase, S_STAGE, STAGE_DONE);
      setWorkUsed(used);
      return STATUS_DONE;
    }
  }
  setWorkUsed(used);
  return STATUS_MORE;
}

// rho_i = g_i^2 / lambda_i (0 where lambda_i <= 0), their Neumaier-compensated sum s + comp,
// P* = max(0, P(0) - (s + comp)) and tr K = sum_i lambda_i, in index order.
function masses(sbase: usize, pbase: usize, d: i32): void {
  const lam = rgetP(sbase, S_LAM), g = rgetP(sbase, S_H), rho = rgetP(sbase, S_RHO);
  const p0 = problemP0Of(pbase);
  let explained = 0.0, comp = 0.0, traceK = 0.0;
  for (let i = 0; i < d; i++) {
    const o = <usize>i << 3;
    const l = load<f64>(lam + o), gi = load<f64>(g + o);
    const r = l > 0 ? (gi * gi) / l : 0.0;
    store<f64>(rho + o, r);
    // Neumaier summation: P* = P(0) - sum rho is a difference of nearby numbers when P* << P(0).
    const t = explained + r;
    comp += Math.abs(explained) >= Math.abs(r) ? explained - t + r : r - t + explained;
    explained = t;
    traceK += l;
  }
  rsetF(sbase, S_PSTAR, Math.max(0.0, p0 - (explained + comp)));
  rsetF(sbase, S_P0, p0);
  rsetF(sbase, S_TRACEK, traceK);
}

/** Fraction in [0, 1] of the region's work done, weighted by cost (K: v d^2, eigen: EIG_TOTAL_COST d^3). */
export function spectrumFraction(sbase: usize): f64 {
  const stage = rgetI(sbase, S_STAGE);
  if (stage == STAGE_DONE) return 1;
  const d = <f64>rgetI(sbase, S_D), v = <f64>rgetI(sbase, S_V);
  const kWork = v * d * d, eWork = EIG_TOTAL_COST * d * d * d;
  if (stage == STAGE_K) return (<f64>rgetI(sbase, S_ROW) / v) * kWork / (kWork + eWork);
  return (kWork + eigFraction(rgetP(sbase, S_EIG), d) * eWork) / (kWork + eWork);
}

/** Work of a whole decomposition at (d, v), in flop-equivalents. */
export function spectrumWork(d: i32, v: i32): f64 {
  const dd = <f64>d * <f64>d;
  return <f64>v * dd + EIG_TOTAL_COST * dd * <f64>d;
}

// Householder rows (phase 1, i from n-1 down, O(i^2) each), accumulation (phase 2, O(i^2)), QL (phase 3, cheap).
function eigFraction(st: usize, n: f64): f64 {
  const phase = eigPhase(st);
  const x = <f64>eigIndex(st) / n;
  if (phase <= 0) return 0;
  if (phase == 1) return 0.5 * (1 - x * x * x);
  if (phase == 2) return 0.5 + 0.45 * x * x * x;
  if (phase == 3) return 0.95 + 0.05 * x;
  return 1;
}

// @ts-ignore: decorator
@inline export function spectrumLambdaPtr(sbase: usize): usize { return rgetP(sbase, S_LAM); }
// @ts-ignore: decorator
@inline export function spectrumProjectionsPtr(sbase: usize): usize { return rgetP(sbase, S_H); }
// @ts-ignore: decorator
@inline export function spectrumPStarOf(sbase: usize): f64 { return rgetF(sbase, S_PSTAR); }
// @ts-ignore: decorator
@inline export function spectrumCodeOf(sbase: usize): i32 { return rgetI(sbase, S_EIGCODE); }

// ---- stability (docs/model.md §3)

/** max_i gamma (B+1) lambda_i of the last stabilityOf call (a transient register). */
export let lastModeFactor: f64 = 0;
/** ||K|| of the last stabilityOf call (a transient register). */
export let lastKernelNorm: f64 = 0;

/**
 * The stability conditions on n eigenvalues at `lambda`: modeFactor = gamma (B+1) max_i max(0, lambda_i)
 * and ||K|| = sum_i gamma l_i / (2 - gamma (B+1) l_i) (l_i = max(0, lambda_i); +Infinity once a
 * denominator is <= 0), in index order. Stable iff modeFactor < 2 and ||K|| < 1.
 */
export function stabilityOf(lambda: usize, n: i32, gamma: f64, batch: f64): bool {
  let maxLambda = 0.0;
  let kernelNorm = 0.0;
  for (let i = 0; i < n; i++) {
    const l = Math.max(0.0, load<f64>(lambda + (<usize>i << 3)));
    maxLambda = Math.max(maxLambda, l);
    const den = 2 - gamma * (batch + 1) * l;
    kernelNorm += den > 0 ? (gamma * l) / den : Infinity;
  }
  const modeFactor = gamma * (batch + 1) * maxLambda;
  lastModeFactor = modeFactor;
  lastKernelNorm = kernelNorm;
  return modeFactor < 2 && kernelNorm < 1;
}

/**
 * Stability of SGD at learning rate gamma and batch B (an integer held in f64) on the n eigenvalues
 * at `lambda` (docs/model.md §3): writes out[0] = max_i gamma (B+1) max(0, lambda_i) (must be < 2) and
 * out[1] = ||K|| = gamma sum_i l_i / (2 - gamma (B+1) l_i) (must be < 1; +Infinity if a mode is
 * unstable). Returns 1 if stable, else 0.
 */
export function stability(lambda: usize, n: i32, gamma: f64, batch: f64, out: usize): i32 {
  const stable = stabilityOf(lambda, n, gamma, batch);
  store<f64>(out, lastModeFactor);
  store<f64>(out, lastKernelNorm, 8);
  return stable ? 1 : 0;
}

// ---- the exported job

/**
 * Begin the spectrum of a finished problem job (problemStep returned 1). The problem job must stay
 * alive until this job is freed. Returns the job, or 0 if memory is short (8 (d^2 + 6 d + v + 12)
 * bytes) or `problem` is not a finished problem job.
 */
export function spectrumBegin(problem: usize): usize {
  if (jobKind(problem) != JOB_KIND_PROBLEM) return 0;
  const pbase = jobState(problem);
  if (problemRowsDone(pbase) < problemV(pbase)) return 0;
  const job = jobNew(JOB_KIND_SPECTRUM, <usize>SPECTRUM_SLOTS << 3, 8);
  if (job == 0) return 0;
  if (!spectrumSetup(job, jobState(job), pbase)) {
    jobFree(job);
    return 0;
  }
  return job;
}

/**
 * Advance for about `budget` work units (WORK_UNIT = 1000 flop-equivalents; a row of K counts d^2,
 * the eigensolver's step i 12 i^2, a QL step 30 d). Returns 0 (more), 1 (done: the accessors are ready),
 * ERR_EIGEN (no convergence; spectrumEigenCode) or ERR_STATE. The bits do not depend on the budgets.
 */
export function spectrumStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_SPECTRUM)) return ERR_STATE;
  const sbase = jobState(job);
  const status = spectrumAdvance(sbase, <f64>budget * WORK_UNIT);
  jobSetProgress(job, spectrumFraction(sbase));
  return jobReturn(job, status);
}

/** Number of eigenvalues, d. */
export function spectrumSize(job: usize): i32 { return rgetI(jobState(job), S_D); }
/** Eigenvalues lambda_1 >= ... >= lambda_d of K (d doubles in the job's memory). */
export function spectrumLambda(job: usize): usize { return spectrumLambdaPtr(jobState(job)); }
/** Forcing masses rho_i = g_i^2 / lambda_i (0 where lambda_i <= 0), d doubles. */
export function spectrumRho(job: usize): usize { return rgetP(jobState(job), S_RHO); }
/** Projections g_i = <U_i, W^T D b> (signed), d doubles. */
export function spectrumProjections(job: usize): usize { return spectrumProjectionsPtr(jobState(job)); }
/** P* = max(0, P(0) - sum_i rho_i) (compensated sum; no factor 1/2). */
export function spectrumPStar(job: usize): f64 { return spectrumPStarOf(jobState(job)); }
/** P(0) of the problem. */
export function spectrumP0(job: usize): f64 { return rgetF(jobState(job), S_P0); }
/** tr K = sum_i lambda_i (in index order). */
export function spectrumTraceK(job: usize): f64 { return rgetF(jobState(job), S_TRACEK); }
/** After ERR_EIGEN: 1 + the index of the eigenvalue whose QL iteration did not converge. */
export function spectrumEigenCode(job: usize): i32 { return spectrumCodeOf(jobState(job)); }
