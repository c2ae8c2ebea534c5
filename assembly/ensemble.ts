// An ensemble of one-pass SGD runs on sampled PLRF problems (docs/model.md §3) as a resumable job. Run k
// draws W from stream (seed, 2k) (or every run uses the one W of stream (wSeed, 0)), decomposes
// K = W^T D W, checks the stability conditions, then runs SGD from theta_0 = 0 on data stream
// (seed, 2k + 1) (the four-lane generator of rngv.ts) with the spectral engine (whitened errors in the eigenbasis of K) or the direct one
// (the literal model), recording the exact population loss (no factor 1/2; summed batch gradient)
// at the checkpoints. At the end: mean and standard error over runs (Welford, in run order), the
// limit mean_k P*_k / (1 - ||K||_k) and the number of checkpoints before the first divergence.
//
// The SGD kernels keep nothing between calls but their state vectors and the generator state in
// memory, so the bits do not depend on how the steps are split into calls; the divergence check
// follows the historical call boundaries whatever the budgets (see oldChunk). One W and one K are
// held at a time (W: v d doubles or floats, K: d^2 doubles), reused by every run.
import {
  jobNew, jobOwn, jobIs, jobFree, jobReturn, jobSetProgress,
  getF, setF, getI, setI, getP, setP, workUsed,
  JOB_KIND_ENSEMBLE, STATUS_MORE, STATUS_DONE, ERR_STATE, ERR_UNSTABLE, ERR_EIGEN, WORK_UNIT,
} from "./job";
import {
  SAMPLE_COST, problemSetup, problemReseed, problemSample,
  problemWPtr, problemTauPtr, problemBPtr, problemSqrtTauPtr, problemP0Of, problemRowsDone,
} from "./problem-job";
import {
  spectrumSetup, spectrumReset, spectrumAdvance, spectrumFraction, spectrumWork,
  spectrumLambdaPtr, spectrumProjectionsPtr, spectrumPStarOf, spectrumCodeOf, stabilityOf, lastModeFactor, lastKernelNorm,
} from "./spectrum";
import { sgdSpectral, sgdDirect, sgdDirect_f32w, momentumSpectral, momentumDirect, momentumDirect_f32w } from "./sgd";
import { momentumStability, optValid } from "./momentum";
import { OPT_TABLE_LEN, MOMENTUM_GROWTH_TOL, ERR_ARGUMENT, ERR_MEMORY } from "./abi";
import { populationLoss, populationLoss_f32w } from "./problem";
import { dot } from "./blas";
import { seedV as rngvSeed, RNGV_STATE_BYTES } from "./rngv";
import { ENGINE_SPECTRAL, ENGINE_DIRECT } from "./abi";
import {
  E_ENGINE, E_STORAGE, E_D, E_V, E_BATCH, E_GAMMA, E_SEEDS, E_SEED, E_WSEED, E_FORCE, E_NCP, E_CP, E_LOSSES,
  E_SPECTRA, E_MEAN, E_STDERR, E_RUNS, E_STAGE, E_RUN, E_CPI, E_R, E_DIVERGED, E_KEPT, E_LIMIT, E_UNSTABLE,
  E_THRESHOLD, E_SQRT_PSTAR, E_PSTAR, E_RNG, E_LAM, E_VEC, E_SAMPLES, E_A, E_RES, E_DONE_WORK, E_TOTAL_WORK,
  E_MODE, E_KNORM, E_EIGCODE, E_STEP_COST, E_OLD_CHUNK, E_OPT, E_Y, E_TABLE, E_CHECK_OUT, E_PROBLEM,
  E_SPECTRUM, ENSEMBLE_SLOTS, STAGE_SAMPLE, STAGE_SPECTRUM, STAGE_CHECK, STAGE_SGD, STAGE_DONE, region, at,
} from "./ensemble-state";
import { ensembleFinish } from "./ensemble-results";


/** Work (flop-equivalents) of one SGD step, as the CHUNK_WORK estimate of the host drivers. */
function stepCost(engine: i32, d: i32, v: i32, batch: i32): f64 {
  return engine == ENGINE_SPECTRAL
    ? <f64>batch * (30.0 * <f64>d + 30.0)
    : <f64>batch * (2.0 * <f64>v * <f64>d + 30.0 * <f64>v);
}

/**
 * Steps per kernel call of the historical host drivers, max(1, min(2^30, floor(2e7 / step cost))),
 * restarted at every checkpoint. Only the divergence check sees these boundaries: a kernel call
 * cannot report a crossing on its own last step, so a crossing there was reported at the next step
 * whose loss was above the threshold. The job keeps that rule whatever its budgets.
 */
function oldChunk(cost: f64): f64 {
  return max<f64>(1, min<f64>(<f64>(1 << 30), Math.floor(2e7 / cost)));
}

function setupWork(d: i32, v: i32): f64 {
  return SAMPLE_COST * <f64>v * <f64>d + spectrumWork(d, v);
}

/**
 * Begin an ensemble of `seeds` SGD runs. engine: 0 spectral, 1 direct; storage: 0 W as f64, 1 as
 * f32; alpha, beta, d, v as for problemBegin; batch B >= 1 (summed gradient); gamma > 0 the learning
 * rate; run k uses W stream (seed, 2k) (or, if wSeed >= 0, the one W of stream (wSeed, 0)) and data
 * stream (seed, 2k + 1) (seed, wSeed integers in [0, 2^53) held in f64); force != 0 runs an unstable
 * gamma anyway and stops a run at the first step whose loss exceeds 10^6 P(0). checkpoints:
 * nCheckpoints >= 1 increasing integer step counts r >= 0 (f64), copied into the job; the last one is
 * the number of steps. Returns the job, or 0 if memory is short or an argument is out of range.
 */
export function ensembleBegin(
  engine: i32, storage: i32, alpha: f64, beta: f64, d: i32, v: i32, batch: i32, gamma: f64,
  seeds: i32, seed: f64, wSeed: f64, force: i32, checkpoints: usize, nCheckpoints: i32,
): usize {
  if ((engine != ENGINE_SPECTRAL && engine != ENGINE_DIRECT) || (storage != 0 && storage != 1) || d < 1 || v < d ||
    batch < 1 || seeds < 1 || nCheckpoints < 1) return 0;
  const job = jobNew(JOB_KIND_ENSEMBLE, <usize>ENSEMBLE_SLOTS << 3, 40);
  if (job == 0) return 0;
  const ncp = <usize>nCheckpoints << 3;
  const cp = jobOwn(job, ncp), losses = jobOwn(job, <usize>seeds * ncp), spectra = jobOwn(job, <usize>seeds * 24);
  const mean = jobOwn(job, ncp), stderr = jobOwn(job, ncp), rng = jobOwn(job, <usize>RNGV_STATE_BYTES);
  const lam = jobOwn(job, <usize>d << 3), vec = jobOwn(job, <usize>d << 3);
  // Normals of a step: B v (direct) or B (d + 1) (spectral: the data, then the label noise).
  const samples = jobOwn(job, <usize>batch * (<usize>(engine == ENGINE_SPECTRAL ? d + 1 : v) << 3));
  const a = engine == ENGINE_DIRECT ? jobOwn(job, <usize>batch * (<usize>d << 3)) : lam;
  const res = jobOwn(job, <usize>batch << 3);
  if (cp == 0 || losses == 0 || spectra == 0 || mean == 0 || stderr == 0 || rng == 0 || lam == 0 || vec == 0 ||
    samples == 0 || a == 0 || res == 0 ||
    !problemSetup(job, region(job, E_PROBLEM), alpha, beta, d, v, storage) ||
    !spectrumSetup(job, region(job, E_SPECTRUM), region(job, E_PROBLEM))) {
    jobFree(job);
    return 0;
  }
  memory.copy(cp, checkpoints, ncp);
  setI(job, E_ENGINE, engine); setI(job, E_STORAGE, storage); setI(job, E_D, d); setI(job, E_V, v);
  setI(job, E_BATCH, batch); setF(job, E_GAMMA, gamma); setI(job, E_SEEDS, seeds); setF(job, E_SEED, seed);
  setF(job, E_WSEED, wSeed); setI(job, E_FORCE, force != 0 ? 1 : 0); setI(job, E_NCP, nCheckpoints);
  setP(job, E_CP, cp); setP(job, E_LOSSES, losses); setP(job, E_SPECTRA, spectra); setP(job, E_MEAN, mean);
  setP(job, E_STDERR, stderr); setP(job, E_RNG, rng); setP(job, E_LAM, lam); setP(job, E_VEC, vec);
  setP(job, E_SAMPLES, samples); setP(job, E_A, a); setP(job, E_RES, res);
  setI(job, E_RUNS, 0); setI(job, E_RUN, 0); setF(job, E_DIVERGED, Infinity); setI(job, E_UNSTABLE, -1);
  setF(job, E_LIMIT, NaN); setI(job, E_KEPT, 0);
  const steps = load<f64>(at(cp, nCheckpoints - 1));
  const cost = stepCost(engine, d, v, batch);
  setF(job, E_STEP_COST, cost);
  setF(job, E_OLD_CHUNK, oldChunk(cost));
  const setups = wSeed >= 0 ? 1.0 : <f64>seeds;
  setF(job, E_TOTAL_WORK, setups * setupWork(d, v) + <f64>seeds * steps * cost);
  setF(job, E_DONE_WORK, 0);
  problemReseed(region(job, E_PROBLEM), wSeed >= 0 ? wSeed : seed, 0);
  setI(job, E_STAGE, STAGE_SAMPLE);
  return job;
}

// Set up the engine for run k on the current spectrum (or W): generator, start point, threshold.
function startRun(job: usize, k: i32): void {
  const pbase = region(job, E_PROBLEM), sbase = region(job, E_SPECTRUM);
  const d = getI(job, E_D);
  rngvSeed(getP(job, E_RNG), getF(job, E_SEED), <f64>(2 * k + 1));
  const vec = getP(job, E_VEC);
  const pStar = spectrumPStarOf(sbase);
  if (getI(job, E_ENGINE) == ENGINE_SPECTRAL) {
    const lambda = spectrumLambdaPtr(sbase), g = spectrumProjectionsPtr(sbase), lam = getP(job, E_LAM);
    for (let i = 0; i < d; i++) {
      const l = load<f64>(at(lambda, i));
      store<f64>(at(lam, i), l > 0 ? l : 0.0);
      // w_i(0) = sqrt(lambda_i)(0 - phi*_i) = -g_i / sqrt(lambda_i)
      store<f64>(at(vec, i), l > 0 ? -load<f64>(at(g, i)) / Math.sqrt(l) : 0.0);
    }
  } else {
    memory.fill(vec, 0, <usize>d << 3);
  }
  if (getI(job, E_OPT) != 0) memory.fill(getP(job, E_Y), 0, <usize>d << 3);
  setF(job, E_PSTAR, pStar);
  setF(job, E_SQRT_PSTAR, Math.sqrt(pStar));
  setF(job, E_THRESHOLD, getI(job, E_FORCE) != 0 ? 1e6 * problemP0Of(pbase) : 0.0);
  setF(job, E_R, 0);
  setI(job, E_CPI, 0);
}

// The exact loss of the current run's state: P* + ||w||^2 (spectral) or P(theta) (direct).
function currentLoss(job: usize): f64 {
  const d = getI(job, E_D);
  const vec = getP(job, E_VEC);
  if (getI(job, E_ENGINE) == ENGINE_SPECTRAL) return getF(job, E_PSTAR) + dot(vec, vec, d);
  const pbase = region(job, E_PROBLEM);
  const v = getI(job, E_V);
  const W = problemWPtr(pbase), tau = problemTauPtr(pbase), b = problemBPtr(pbase), x = getP(job, E_SAMPLES);
  return getI(job, E_STORAGE) == 0
    ? populationLoss(W, v, d, tau, b, vec, x)
    : populationLoss_f32w(W, v, d, tau, b, vec, x);
}

// The loss the kernels compare with the threshold: sqrt(P*)^2 + ||w||^2 (spectral) or P(theta) (direct).
function thresholdLoss(job: usize): f64 {
  if (getI(job, E_ENGINE) != ENGINE_SPECTRAL) return currentLoss(job);
  const vec = getP(job, E_VEC), sq = getF(job, E_SQRT_PSTAR);
  return sq * sq + dot(vec, vec, getI(job, E_D));
}

// Up to `steps` SGD steps of the current run; returns the steps done (fewer if the loss crossed the threshold).
function sgdSteps(job: usize, steps: i32): i32 {
  const d = getI(job, E_D), batch = getI(job, E_BATCH), gamma = getF(job, E_GAMMA);
  const state = getP(job, E_RNG), vec = getP(job, E_VEC), samples = getP(job, E_SAMPLES), res = getP(job, E_RES);
  const threshold = getF(job, E_THRESHOLD);
  if (getI(job, E_OPT) != 0) {
    const table = getP(job, E_TABLE), y = getP(job, E_Y), t0 = getF(job, E_R);
    if (getI(job, E_ENGINE) == ENGINE_SPECTRAL) {
      const lam = getP(job, E_LAM), sqrtPStar = getF(job, E_SQRT_PSTAR);
      return momentumSpectral(state, d, batch, table, t0, lam, sqrtPStar, vec, y, samples, res, steps, threshold);
    }
    const pb = region(job, E_PROBLEM);
    const vv = getI(job, E_V);
    const W = problemWPtr(pb), tau = problemTauPtr(pb), b = problemBPtr(pb), sq = problemSqrtTauPtr(pb);
    return getI(job, E_STORAGE) == 0
      ? momentumDirect(state, W, vv, d, batch, table, t0, sq, b, vec, y, samples, getP(job, E_A), res, steps, tau, threshold)
      : momentumDirect_f32w(state, W, vv, d, batch, table, t0, sq, b, vec, y, samples, getP(job, E_A), res, steps, tau, threshold);
  }
  if (getI(job, E_ENGINE) == ENGINE_SPECTRAL) {
    return sgdSpectral(state, d, batch, gamma, getP(job, E_LAM), getF(job, E_SQRT_PSTAR), vec, samples, res, steps, threshold);
  }
  const pbase = region(job, E_PROBLEM);
  const v = getI(job, E_V);
  const W = problemWPtr(pbase), tau = problemTauPtr(pbase), b = problemBPtr(pbase), sq = problemSqrtTauPtr(pbase);
  return getI(job, E_STORAGE) == 0
    ? sgdDirect(state, W, v, d, batch, gamma, sq, b, vec, samples, getP(job, E_A), res, steps, tau, threshold)
    : sgdDirect_f32w(state, W, v, d, batch, gamma, sq, b, vec, samples, getP(job, E_A), res, steps, tau, threshold);
}

// Run k finished (divergedAt: the step of its divergence, or +Infinity): count it and move on.
function finishRun(job: usize, k: i32, divergedAt: f64): void {
  const seeds = getI(job, E_SEEDS);
  setI(job, E_RUNS, k + 1);
  if (divergedAt < getF(job, E_DIVERGED)) setF(job, E_DIVERGED, divergedAt);
  const nCp = getI(job, E_NCP);
  const steps = load<f64>(at(getP(job, E_CP), nCp - 1));
  setF(job, E_DONE_WORK, getF(job, E_DONE_WORK) + steps * getF(job, E_STEP_COST));
  const next = k + 1;
  setI(job, E_RUN, next);
  if (next >= seeds) {
    ensembleFinish(job);
    setI(job, E_STAGE, STAGE_DONE);
  } else if (getF(job, E_WSEED) >= 0) {
    setI(job, E_STAGE, STAGE_CHECK); // the same W and spectrum
  } else {
    problemReseed(region(job, E_PROBLEM), getF(job, E_SEED), <f64>(2 * next));
    setI(job, E_STAGE, STAGE_SAMPLE);
  }
}

/**
 * Advance the ensemble for about `budget` work units (WORK_UNIT = 1000 flop-equivalents: a normal
 * draw 60, a row of K d^2, the eigensolver's step i 12 i^2 (a QL step 30 d), a spectral step B (30 d + 30), a direct
 * step B (2 v d + 30 v)), at least one piece. Returns 0 (more), 1 (done: every accessor is ready),
 * ERR_UNSTABLE (run ensembleRunsDone() failed the stability check and force is off; its
 * ensembleModeFactor/ensembleKernelNorm), ERR_EIGEN (ensembleEigenCode) or ERR_STATE.
 * Progress weights sampling, the decomposition and the steps by these costs.
 */
export function ensembleStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_ENSEMBLE)) return ERR_STATE;
  const work = <f64>budget * WORK_UNIT;
  const pbase = region(job, E_PROBLEM), sbase = region(job, E_SPECTRUM);
  const d = getI(job, E_D), v = getI(job, E_V);
  let used = 0.0;
  let stage = getI(job, E_STAGE);
  let status = STATUS_MORE;
  while (stage != STAGE_DONE) {
    const k = getI(job, E_RUN);
    if (stage == STAGE_SAMPLE) {
      const done = problemSample(pbase, work - used);
      used += workUsed();
      if (done) {
        spectrumReset(sbase);
        setF(job, E_DONE_WORK, getF(job, E_DONE_WORK) + SAMPLE_COST * <f64>v * <f64>d);
        stage = STAGE_SPECTRUM;
      }
    } else if (stage == STAGE_SPECTRUM) {
      const s = spectrumAdvance(sbase, work - used);
      used += workUsed();
      if (s == ERR_EIGEN) {
        setI(job, E_EIGCODE, spectrumCodeOf(sbase));
        status = ERR_EIGEN;
        break;
      }
      if (s == STATUS_DONE) {
        setF(job, E_DONE_WORK, getF(job, E_DONE_WORK) + spectrumWork(d, v));
        stage = STAGE_CHECK;
      }
    } else if (stage == STAGE_CHECK) {
      let stable: bool, mode: f64, knorm: f64;
      if (getI(job, E_OPT) != 0) {
        // Momentum/DANA: the one-step map's spectral radius (mode factor: radius - 1, stable <= tol)
        // and the frozen-time kernel norm at t = 0 on this spectrum.
        const out = getP(job, E_CHECK_OUT);
        momentumStability(spectrumLambdaPtr(sbase), d, getP(job, E_TABLE), <f64>getI(job, E_BATCH), 0.0, out);
        mode = load<f64>(out);
        knorm = load<f64>(out, 8);
        stable = mode <= MOMENTUM_GROWTH_TOL && knorm < 1;
        used += 200.0 * <f64>d;
      } else {
        stable = stabilityOf(spectrumLambdaPtr(sbase), d, getF(job, E_GAMMA), <f64>getI(job, E_BATCH));
        mode = lastModeFactor;
        knorm = lastKernelNorm;
      }
      const sp = getP(job, E_SPECTRA) + <usize>k * 24;
      store<f64>(sp, spectrumPStarOf(sbase));
      store<f64>(sp, knorm, 8);
      store<f64>(sp, mode, 16);
      setF(job, E_MODE, mode);
      setF(job, E_KNORM, knorm);
      used += 4.0 * <f64>d;
      if (!stable) {
        if (getI(job, E_FORCE) == 0) {
          status = ERR_UNSTABLE;
          break;
        }
        if (getI(job, E_UNSTABLE) < 0) setI(job, E_UNSTABLE, k);
      }
      startRun(job, k);
      stage = STAGE_SGD;
      setI(job, E_STAGE, stage);
    } else {
      // STAGE_SGD: steps between checkpoints, the loss at each.
      const nCp = getI(job, E_NCP), cp = getP(job, E_CP);
      const cost = getF(job, E_STEP_COST);
      let r = getF(job, E_R);
      let i = getI(job, E_CPI);
      const c = load<f64>(at(cp, i));
      if (r < c) {
        // Calls never cross a boundary of the historical split (see oldChunk); a threshold crossing on
        // the last step before such a boundary is seen on the next step, as it always was.
        const start = i > 0 ? load<f64>(at(cp, i - 1)) : 0.0;
        const chunk = getF(job, E_OLD_CHUNK);
        const next = min<f64>(c, start + (Math.floor((r - start) / chunk) + 1) * chunk);
        const allowed = max<f64>(1, Math.floor((work - used) / cost));
        const n = <i32>min<f64>(min<f64>(allowed, next - r), <f64>(1 << 30));
        const done = sgdSteps(job, n);
        r += <f64>done;
        used += <f64>done * cost;
        setF(job, E_R, r);
        // The kernels return `n` also when the last step of a call crossed the threshold. Where this
        // call ended inside a historical piece, the historical call went on and saw it: check here.
        const inside = r < next;
        if (done < n || (inside && getF(job, E_THRESHOLD) > 0 && !(thresholdLoss(job) <= getF(job, E_THRESHOLD)))) {
          // Diverged: the remaining checkpoints get NaN (cut off by ensembleFinish's kept count).
          const row = getP(job, E_LOSSES) + <usize>k * (<usize>nCp << 3);
          for (let j = i; j < nCp; j++) store<f64>(at(row, j), NaN);
          finishRun(job, k, r);
          stage = getI(job, E_STAGE);
        }
      } else {
        const row = getP(job, E_LOSSES) + <usize>k * (<usize>nCp << 3);
        store<f64>(at(row, i), currentLoss(job));
        used += getI(job, E_ENGINE) == ENGINE_SPECTRAL ? 2.0 * <f64>d : 2.0 * <f64>v * <f64>d;
        i++;
        setI(job, E_CPI, i);
        if (i >= nCp) {
          finishRun(job, k, Infinity);
          stage = getI(job, E_STAGE);
        }
      }
    }
    setI(job, E_STAGE, stage);
    if (used >= work) break;
  }
  if (stage == STAGE_DONE) status = STATUS_DONE;
  jobSetProgress(job, progress(job, stage));
  return jobReturn(job, status);
}

// Done work (finished stages at their nominal cost, plus the running stage's fraction) / total.
function progress(job: usize, stage: i32): f64 {
  if (stage == STAGE_DONE) return 1;
  const d = getI(job, E_D), v = getI(job, E_V);
  let done = getF(job, E_DONE_WORK);
  if (stage == STAGE_SAMPLE) {
    done += SAMPLE_COST * <f64>d * <f64>problemRowsDone(region(job, E_PROBLEM));
  } else if (stage == STAGE_SPECTRUM) {
    done += spectrumFraction(region(job, E_SPECTRUM)) * spectrumWork(d, v);
  } else if (stage == STAGE_SGD) {
    done += getF(job, E_R) * getF(job, E_STEP_COST);
  }
  const total = getF(job, E_TOTAL_WORK);
  return total > 0 ? min<f64>(1, done / total) : 0;
}

/**
 * Run the ensemble with momentum SGD / DANA instead of SGD (docs/model.md §10): table holds the
 * optimizer's coefficients (OPT_TABLE_LEN f64, copied; see optCoef in momentum.ts; gamma of
 * ensembleBegin is then unused). Call after ensembleBegin, before the first ensembleStep. The
 * stability check becomes the one-step map's spectral radius (ensembleModeFactor: radius - 1, needs
 * <= MOMENTUM_GROWTH_TOL) and the frozen-time kernel norm at t = 0 (ensembleKernelNorm, needs < 1).
 * Returns 0, ERR_ARGUMENT (bad table, or steps already taken), ERR_MEMORY or ERR_STATE.
 */
export function ensembleSetOptimizer(job: usize, table: usize, tableLen: i32): i32 {
  if (!jobIs(job, JOB_KIND_ENSEMBLE)) return ERR_STATE;
  if (tableLen != OPT_TABLE_LEN || !optValid(table) || getI(job, E_OPT) != 0 || getI(job, E_STAGE) != STAGE_SAMPLE ||
    getI(job, E_RUN) != 0 || problemRowsDone(region(job, E_PROBLEM)) != 0) return ERR_ARGUMENT;
  const y = jobOwn(job, <usize>getI(job, E_D) << 3), t = jobOwn(job, <usize>OPT_TABLE_LEN << 3), out = jobOwn(job, 24);
  if (y == 0 || t == 0 || out == 0) return ERR_MEMORY;
  memory.copy(t, table, <usize>OPT_TABLE_LEN << 3);
  memory.fill(y, 0, <usize>getI(job, E_D) << 3);
  setP(job, E_Y, y); setP(job, E_TABLE, t); setP(job, E_CHECK_OUT, out);
  setI(job, E_OPT, 1);
  return 0;
}

