// The end of an ensemble of loss curves (several W draws, or SGD runs): checkpoints kept before the
// first divergence, mean and standard error over the runs, the mean limit, the divergence warning.
// Shared by simulateSgd and the finite theory curve, so that both summarise their runs the same way.

import { meanAndStderr } from '../core/stats.js';
import { flops as flopsOf } from './conventions.js';

/** What an ensemble of runs produced. @internal */
export interface EnsembleRuns {
  /** The checkpoints r of every run. */
  checkpoints: number[];
  d: number;
  batch: number;
  /** Per run: the loss at every checkpoint (values at or after a divergence are not read). */
  runs: number[][];
  /** Per run: the floor (F0, or P* of its W) and ||K|| at gamma (>= 1 or Infinity: unstable, no limit). */
  floors: number[];
  kernelNorms: number[];
  /** First step at which some run's loss passed 10^6 P(0), or null. */
  divergedAt: number | null;
  /** False when the frozen-time limit is not the curve's (coefficients varying with t): limit null. */
  hasLimit: boolean;
  /** What diverged, in the warning: "the loss" (SGD) or "the expected loss" (theory). */
  lossName: string;
  /** The warning when the limit is infinite (some ||K|| >= 1); null for none. */
  infiniteLimit: string | null;
}

/** The summary of an ensemble, as the results of simulateSgd and lossCurve report it. @internal */
export interface EnsembleSummary {
  steps: number[];
  /** f = r · d · B */
  flops: number[];
  /** Mean over runs (Welford in run order, in Wasm). */
  loss: number[];
  /** Standard error of the mean; null with one run. */
  stderr: number[] | null;
  /** Mean over runs of floor / (1 - ||K||) (summed in run order); null if some ||K|| >= 1 or no limit. */
  limit: number | null;
  runs: number[][];
  diverged: { step: number } | null;
  /** The infinite-limit and divergence warnings, in that order. */
  warnings: string[];
}

/** Summarise an ensemble of runs at the checkpoints before its first divergence (needs init()). @internal */
export function summarizeEnsemble(e: EnsembleRuns): EnsembleSummary {
  const divergedAt = e.divergedAt ?? Infinity;
  // A diverging run records no checkpoint inside its last step or block (the momentum recursion's blocks
  // step over checkpoints): keep what every run recorded.
  const kept = Math.min(e.checkpoints.filter((r) => r < divergedAt).length, ...e.runs.map((r) => r.length));
  const { mean, stderr } = meanAndStderr(e.runs, kept);
  let limit: number | null = 0;
  const n = e.floors.length;
  for (let k = 0; k < n; k++) limit = e.kernelNorms[k] < 1 && limit !== null ? limit + e.floors[k] / (1 - e.kernelNorms[k]) / n : null;
  const warnings: string[] = [];
  if (limit === null && e.infiniteLimit !== null) warnings.push(e.infiniteLimit);
  if (!e.hasLimit) limit = null;
  if (e.divergedAt !== null) warnings.push(`diverged: ${e.lossName} passed 10^6 P(0) at step ${e.divergedAt}; the curve stops before it`);
  const steps = e.checkpoints.slice(0, kept);
  return {
    steps,
    flops: steps.map((r) => flopsOf(r, e.d, e.batch)),
    loss: mean,
    stderr: e.runs.length > 1 ? stderr : null,
    limit,
    runs: e.runs.map((r) => r.slice(0, kept)),
    diverged: e.divergedAt === null ? null : { step: e.divergedAt },
    warnings,
  };
}
