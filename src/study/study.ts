// The compute-optimal study at one (alpha, beta) (what `plrf study` and `npm start` run):
// deterministic-equivalent loss curves on a d grid, the compute-optimal front by Approaches 1 and 2
// with the predicted exponents (docs/model.md §8), optionally the front of a second optimizer
// (docs/model.md §10) beside it, and an SGD check at the small d's.

import { throwIfAborted, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, integer, knownKeys, oneOf } from '../core/validate.js';
import { computeOptimalFront, type FrontResult } from '../front/front.js';
import { measureFront, type MeasuredFront } from '../front/measureFront.js';
import type { PhaseInfo } from '../model/phases.js';
import { sgdCheck, type SgdCheckRun } from './sgdCheck.js';
import { estimateStudy, type StudyEstimate } from './cost.js';

/** The default d grid of the study: d = 200·2^k, k = 0..6. */
export const STUDY_D = [200, 400, 800, 1600, 3200, 6400, 12800];
/** The largest flops of the SGD check (its steps are min(end of the fit window, this) / d). */
export const SGD_CHECK_MAX_FLOPS = 2e8;
/** Optimizers whose front the study can set beside SGD's (`compare`). */
export const STUDY_COMPARE = ['dana-decay', 'dana-constant', 'momentum'] as const;
/** An optimizer the study can compare with SGD: one of {@link STUDY_COMPARE}. */
export type StudyCompare = (typeof STUDY_COMPARE)[number];

/** The stages of a study, in order. */
export type StudyStage = 'theory' | 'compare' | 'sgd-check' | 'compare-check';

/** Options of {@link study}. Every field has a default: `study()` is the study of `npm start`. */
export interface StudyOptions extends LongRunOptions {
  /** Data complexity (default 0.7). */
  alpha?: number;
  /** Target complexity (default 0.6). */
  beta?: number;
  /** The d grid of the deterministic curves (default {@link STUDY_D}; at least 3 distinct sizes). */
  d?: number[];
  /** The d's of the SGD check (default the two smallest of `d`; [] skips the check). */
  sgdD?: number[];
  /** SGD runs per d of the check (default 32). */
  seeds?: number;
  /**
   * A second optimizer whose front is measured beside SGD's on the same d grid (default none). Its
   * predicted exponents: `dana-decay` has plrf's derivation ({@link danaDecayExponents}, not the
   * paper's); the others have none.
   */
  compare?: StudyCompare;
  /** The flops range of the fronts' curves (default: extended until the minimiser is interior over >= 2 decades; see measureFront). */
  flops?: [number, number];
  /** Worker threads of the SGD check (default: the number of cores); the numbers do not depend on it. */
  workers?: number;
  /**
   * Progress within a stage, in [0, 1] (for one progress bar per stage): called with 0 when the stage
   * starts, then as it runs. `onProgress` covers the whole study.
   */
  onStage?: (stage: StudyStage, fraction: number) => void;
}

/** Exponents measured on one front, Approach 1 (envelope) and 2 (IsoFLOP parabolas). */
export interface StudyFront {
  /** The optimizer of the curves. */
  optimizer: 'sgd' | StudyCompare;
  /** The front by Approach 2 with its curves, the phase and the predicted exponents (null if none). */
  front: MeasuredFront;
  /** The front of the same curves by Approach 1. */
  approach1: FrontResult;
}

/** Result of {@link study}. Loss without the factor 1/2, flops f = r·d·B (B = 1), v = 4d. */
export interface StudyResult {
  alpha: number;
  beta: number;
  /** The d grid (sorted, distinct). */
  d: number[];
  phase: PhaseInfo;
  /** SGD's front (deterministic equivalent). */
  sgd: StudyFront;
  /** The front of `compare`, or null. */
  compare: StudyFront | null;
  /** The SGD check, one entry per d of `sgdD` that finished. */
  sgdCheck: SgdCheckRun[];
  /** The same check of `compare` (its simulation against its deterministic curve), or []. */
  compareCheck: SgdCheckRun[];
  /** Wall-clock seconds. */
  seconds: number;
  /** Warnings of every stage, prefixed by what they concern. */
  warnings: string[];
  /** True on the `partial` result of an aborted study. */
  interrupted: boolean;
}

/** The ABORTED error of {@link study}: `partial` holds the stages that finished (null if SGD's front did not). */
export type StudyAbortError = PlrfError & { partial?: StudyResult | null };

function resolve(options: StudyOptions) {
  knownKeys('study', options, ['alpha', 'beta', 'd', 'sgdD', 'seeds', 'compare', 'flops', 'workers', 'onStage', 'signal', 'onProgress']);
  const { alpha, beta } = admissible(options.alpha ?? 0.7, options.beta ?? 0.6);
  const d = [...new Set((options.d ?? STUDY_D).map((x, i) => integer(`d[${i}]`, x, 1, 2 ** 31 - 1)))].sort((a, b) => a - b);
  if (d.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'd must list at least 3 distinct model sizes', 'd');
  const sgdD = (options.sgdD ?? d.slice(0, 2)).map((x, i) => integer(`sgdD[${i}]`, x, 1, 2 ** 31 - 1));
  const seeds = integer('seeds', options.seeds ?? 32, 1, 1_000_000);
  const compare = options.compare === undefined ? null : oneOf('compare', options.compare, STUDY_COMPARE);
  return { alpha, beta, d, sgdD, seeds, compare };
}

/**
 * The cost estimate of a study before it runs (wall-clock seconds on the machine of the constants
 * in src/study/cost.ts): see {@link estimateStudy}. Validates the options as {@link study} does.
 */
export function studyEstimate(options: StudyOptions = {}, workers = 2): StudyEstimate {
  const o = resolve(options);
  return estimateStudy({ ...o, workers: options.workers ?? workers });
}

/**
 * The compute-optimal study at (alpha, beta): deterministic-equivalent loss curves on the d grid
 * (v = 4d, B = 1, the default learning rate), the front by Approaches 1 and 2 with the measured and
 * predicted exponents xi (d* ~ f^xi) and eta (P* ~ f^-eta) and the phase; with `compare`, the same
 * for a second optimizer; then the SGD check at `sgdD` ({@link sgdCheck}: steps up to
 * min(end of the fit window, 2·10^8 flops) / d) and, with `compare`, the same check of the second
 * optimizer (its simulation against its deterministic curve, same d, steps and seeds). Plots:
 * {@link studyPlots}.
 *
 * Progress: `onProgress` over the whole study, weighted by the stages' estimated costs; `onStage`
 * when a stage starts. Cancellation: `signal` rejects with `ABORTED`; the error's `partial`
 * ({@link StudyAbortError}) holds the fronts and the checks (SGD's and compare's) finished before
 * it (null before SGD's front is done).
 *
 * @example
 * const r = await study({ d: [100, 200, 400, 800], sgdD: [100], seeds: 8 });
 * r.sgd.front.measured.eta, r.phase.eta, r.sgdCheck[0].verdict;
 */
export async function study(options: StudyOptions = {}): Promise<StudyResult> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'study expects an options object', 'options');
  const t0 = performance.now();
  const { alpha, beta, d, sgdD, seeds, compare } = resolve(options);
  const { signal } = options;
  throwIfAborted(signal);
  // Progress weights: the stages' estimated seconds (theory, compare, SGD check, compare check).
  const est = estimateStudy({ d, sgdD, seeds, compare, workers: options.workers ?? 2 });
  const total = est.total || 1;
  let reported = 0; // progress never goes back, whatever the stages report
  const stage = (name: StudyStage, start: number, weight: number) => {
    options.onStage?.(name, 0);
    return (f: number) => {
      options.onStage?.(name, f);
      reported = Math.max(reported, Math.min(1, (start + weight * f) / total));
      options.onProgress?.(reported);
    };
  };

  const warnings: string[] = [];
  const frontOf = async (optimizer: 'sgd' | StudyCompare, onProgress: (f: number) => void): Promise<StudyFront> => {
    const front = await measureFront({
      alpha,
      beta,
      d,
      approach: 2,
      flops: options.flops,
      signal,
      onProgress,
      optimizer,
    });
    const approach1 = computeOptimalFront(front.curves, { approach: 1 });
    const tag = optimizer === 'sgd' ? '' : `${optimizer}: `;
    warnings.push(...front.warnings.map((w) => tag + w), ...approach1.warnings.map((w) => `${tag}Approach 1: ${w}`));
    return { optimizer, front, approach1 };
  };
  let sgd: StudyFront;
  try {
    sgd = await frontOf('sgd', stage('theory', 0, est.theory));
  } catch (e) {
    if (e instanceof PlrfError && e.code === 'ABORTED') (e as StudyAbortError).partial = null;
    throw e;
  }
  const result: StudyResult = {
    alpha,
    beta,
    d,
    phase: sgd.front.phase,
    sgd,
    compare: null,
    sgdCheck: [],
    compareCheck: [],
    seconds: 0,
    warnings,
    interrupted: false,
  };
  const finish = () => {
    result.seconds = (performance.now() - t0) / 1000;
    result.sgdCheck = result.sgdCheck.filter((c) => c !== undefined);
    result.compareCheck = result.compareCheck.filter((c) => c !== undefined);
    return result;
  };
  try {
    if (compare) result.compare = await frontOf(compare, stage('compare', est.theory, est.compare));
    if (sgdD.length > 0) {
      const end = Math.min(sgd.front.measured.window[1], SGD_CHECK_MAX_FLOPS);
      const steps = sgdD.map((x) => Math.ceil(end / x));
      const check = async (optimizer: 'sgd' | StudyCompare, runs: SgdCheckRun[], onProgress: (f: number) => void) => {
        await sgdCheck({
          alpha,
          beta,
          d: sgdD,
          steps,
          seeds,
          workers: options.workers,
          signal,
          onProgress,
          onCheck: (c, i) => (runs[i] = c),
          optimizer,
        });
      };
      result.sgdCheck = new Array(sgdD.length);
      await check('sgd', result.sgdCheck, stage('sgd-check', est.theory + est.compare, est.sgdCheck));
      if (compare) {
        result.compareCheck = new Array(sgdD.length);
        await check(compare, result.compareCheck, stage('compare-check', est.theory + est.compare + est.sgdCheck, est.compareCheck));
      }
    }
  } catch (e) {
    if (e instanceof PlrfError && e.code === 'ABORTED') {
      result.interrupted = true;
      (e as StudyAbortError).partial = finish();
    }
    throw e;
  }
  options.onProgress?.(1);
  return finish();
}
