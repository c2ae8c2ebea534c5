// The SGD check of the study: one-pass SGD (spectral engine, many runs) at small d against the
// deterministic-equivalent loss curve, judged against the Monte-Carlo error of the mean
// (docs/model.md §5 for the finite-d gap the check can reveal).

import { PlrfError, type PlrfErrorCode } from '../core/errors.js';
import type { LongRunOptions } from '../core/async.js';
import { simulateSgd, type SgdResult } from '../sgd/simulate.js';
import { runPool } from '../sweep/pool.js';
import { lossCurve, type CurveResult } from '../theory/curve.js';
import type { OptimizerName } from '../model/optimizer.js';

/**
 * The z limit of the SGD check: a checkpoint's |SGD mean - theory| / stderr above 5 is beyond the
 * Monte-Carlo error (about 40 correlated checkpoints, so a family-wise false alarm rate far below
 * 1e-4 for Gaussian means).
 */
export const SGD_CHECK_Z_LIMIT = 5;

/** Checkpoints before this step are left out of the check (the first steps carry no information on the fit). */
export const SGD_CHECK_FIRST_STEP = 100;

/** Options of {@link sgdCheck}. */
export interface SgdCheckOptions extends LongRunOptions {
  alpha: number;
  beta: number;
  /** The model sizes to check (small: the cost is O(d) per step and run). */
  d: number[];
  /** Steps per d (same length as `d`). */
  steps: number[];
  /** SGD runs per d (default 32); the standard error needs at least 2. */
  seeds?: number;
  /** Worker threads (default: the number of cores); the numbers do not depend on it. */
  workers?: number;
  /** The optimizer of the runs and of the theory (default sgd; a preset, docs/model.md §10). */
  optimizer?: Exclude<OptimizerName, 'dana'>;
  /** Called when the run at `d[index]` is done (finished checks only; their order may vary). */
  onCheck?: (check: SgdCheckRun, index: number) => void;
}

/** The check at one d. Losses without the factor 1/2, flops f = r·d (B = 1). */
export interface SgdCheckRun {
  /** The optimizer of the runs and of the theory. */
  optimizer: OptimizerName;
  d: number;
  steps: number;
  seeds: number;
  /** SGD: mean over `seeds` runs (spectral engine; run k of d[i] on seed 1 + i, streams 2k, 2k + 1). */
  sgd: SgdResult;
  /** The deterministic equivalent at the same checkpoints. */
  theory: CurveResult;
  /** max over checkpoints r >= 100 of |SGD mean / theory - 1|. */
  maxRelativeDeviation: number;
  /** max over checkpoints r >= 100 of |SGD mean - theory| / stderr (Infinity-free: 0 with one run). */
  maxZ: number;
  zLimit: number;
  /** maxZ <= zLimit, with at least 2 runs. */
  consistent: boolean;
  /** A sentence: consistent or not with the Monte-Carlo error, and why the verdict may be weak. */
  verdict: string;
}

/** The verdict of the SGD check against the Monte-Carlo error of the mean over `seeds` runs. */
export function sgdVerdict(maxZ: number, seeds: number): string {
  const few = seeds < 8 ? `; with ${seeds} runs the standard error is itself uncertain (use --seeds 8 or more)` : '';
  if (seeds < 2 || !Number.isFinite(maxZ)) return 'no verdict: one run gives no standard error';
  return maxZ <= SGD_CHECK_Z_LIMIT
    ? `consistent with the Monte-Carlo error (max |z| <= ${SGD_CHECK_Z_LIMIT})${few}`
    : `NOT consistent with the Monte-Carlo error (max |z| > ${SGD_CHECK_Z_LIMIT}): beyond sampling noise, e.g. the finite-d gap of the deterministic equivalent (docs/model.md §5)${few}`;
}

/** Compare one SGD result with the deterministic equivalent at its checkpoints. */
export async function compareWithTheory(
  alpha: number,
  beta: number,
  d: number,
  steps: number,
  sgd: SgdResult,
  signal?: AbortSignal,
  optimizer: OptimizerName = 'sgd',
): Promise<SgdCheckRun> {
  const theory = await lossCurve({
    method: 'deterministic',
    alpha,
    beta,
    d,
    at: sgd.steps,
    signal,
    optimizer,
  });
  let maxZ = 0,
    maxRel = 0;
  sgd.loss.forEach((m, k) => {
    if (sgd.steps[k] < SGD_CHECK_FIRST_STEP) return;
    maxRel = Math.max(maxRel, Math.abs(m / theory.loss[k] - 1));
    maxZ = Math.max(maxZ, Math.abs(m - theory.loss[k]) / (sgd.stderr?.[k] || Infinity));
  });
  const seeds = sgd.config.seeds;
  return {
    optimizer,
    d,
    steps,
    seeds,
    sgd,
    theory,
    maxRelativeDeviation: maxRel,
    maxZ,
    zLimit: SGD_CHECK_Z_LIMIT,
    consistent: seeds >= 2 && maxZ <= SGD_CHECK_Z_LIMIT,
    verdict: sgdVerdict(maxZ, seeds),
  };
}

/**
 * Run SGD at each d (one d per worker thread, or in this thread with one worker or one d; each run
 * carries its own seeds, so the numbers do not depend on the workers) and compare it with the
 * deterministic equivalent. On abort it rejects with
 * `ABORTED`; the checks finished before have been passed to `onCheck`.
 *
 * @example
 * const [c] = await sgdCheck({ alpha: 0.7, beta: 0.6, d: [100], steps: [10000], seeds: 16 });
 * c.maxZ, c.verdict;
 */
export async function sgdCheck(options: SgdCheckOptions): Promise<SgdCheckRun[]> {
  const { alpha, beta, d: ds, steps, signal } = options;
  const optimizer = options.optimizer ?? 'sgd';
  if (!Array.isArray(ds) || !Array.isArray(steps) || ds.length !== steps.length)
    throw new PlrfError('INVALID_ARGUMENT', 'sgdCheck needs d and steps of the same length', 'steps');
  const seeds = options.seeds ?? 32;
  const runs: SgdCheckRun[] = new Array(ds.length);
  let done = 0;
  const record = (run: SgdCheckRun, i: number) => {
    runs[i] = run;
    done++;
    options.onProgress?.(done / ds.length);
    options.onCheck?.(run, i);
  };
  const unit = (i: number) => ({
    alpha,
    beta,
    d: ds[i],
    steps: steps[i],
    seeds,
    seed: 1 + i,
    points: 40,
    optimizer,
  });
  if (options.workers === 1 || ds.length <= 1) {
    // In this thread: the runs see the signal and report their progress.
    for (let i = 0; i < ds.length; i++) {
      const onProgress = (f: number) => options.onProgress?.((i + 0.99 * f) / ds.length);
      const sgd = await simulateSgd({ ...unit(i), signal, onProgress });
      record(await compareWithTheory(alpha, beta, ds[i], steps[i], sgd, signal, optimizer), i);
    }
    return runs;
  }
  const pending: Promise<void>[] = [];
  await runPool(
    ds.map((_, i) => ({ kind: 'sgd' as const, options: unit(i) })),
    {
      signal,
      workers: options.workers,
      onResult: (i, r) => {
        if (!r.ok) throw new PlrfError(r.error.code as PlrfErrorCode, r.error.message, r.error.param ?? undefined);
        const p = compareWithTheory(alpha, beta, ds[i], steps[i], r.value as SgdResult, signal, optimizer).then((run) => record(run, i));
        pending.push(p);
        return p;
      },
    },
  );
  await Promise.all(pending);
  return runs;
}
