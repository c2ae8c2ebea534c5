// The public types of the scaling-law fits (docs/model.md §9): rows, options, the fit and its predictions.

import type { LongRunOptions } from '../../core/async.js';
import type { ParamEstimate } from '../estimate.js';

/** Options of {@link fitScalingLaw}. */
export interface ScalingLawOptions extends LongRunOptions {
  /** `power`: L = E + A x^-a (rows {x, loss}); `chinchilla`: L = E + A N^-a + B D^-b (rows {params, tokens, loss}). */
  form: 'power' | 'chinchilla';
  /** Huber threshold on log residuals; default 1e-3 (as in the Chinchilla paper). */
  huberDelta?: number;
  /** Bootstrap resamples over runs (rows); default 1000; 0 gives point estimates with null-width intervals. */
  bootstrap?: number;
  /** Confidence level of the intervals; default 0.95. */
  level?: number;
  /** Seed of the resampling; default 0. */
  seed?: number;
  /** Search range of the exponents a (and b); default [0.01, 3]. */
  exponentRange?: [number, number];
  /** chinchilla: a compute budget C in FLOPs, C = 6 N D; the result then has the compute-optimal N, D and loss. */
  budget?: number;
}

/** A row of the power form. */
export interface PowerPoint {
  x: number;
  loss: number;
}
/** A row of the Chinchilla form: N = params, D = tokens. */
export interface ChinchillaPoint {
  params: number;
  tokens: number;
  loss: number;
}

/** The compute-optimal allocation of a Chinchilla fit for a budget C = 6 N D. */
export interface ChinchillaBudget {
  /** The budget C in FLOPs. */
  flops: number;
  /** Compute-optimal parameter count N* (called d in the CLI's JSON, like plrf's model size). */
  d: number;
  /** Compute-optimal tokens D* = C / (6 N*). */
  tokens: number;
  /** Predicted loss E + A N*^-a + B D*^-b. */
  loss: number;
  /** Confidence interval of that expected loss (bootstrap). */
  ci: [number, number];
  /** Prediction interval for the loss of one new run at (N*, D*) (bootstrap plus resampled log residuals). */
  pi: [number, number];
  dCI: [number, number];
  tokensCI: [number, number];
}

/** Result of {@link fitScalingLaw}. */
export interface ScalingLawFit {
  form: 'power' | 'chinchilla';
  /** power: E, A, a; chinchilla: E, A, a, B, b (B multiplies D^-b; not a batch size). */
  params: Record<string, ParamEstimate>;
  level: number;
  huberDelta: number;
  /** Summed Huber loss of the log residuals at the estimate. */
  objective: number;
  /** Root mean square of log(observed) - log(fitted). */
  rmsLogResidual: number;
  /** Number of rows fitted. */
  n: number;
  /** log(observed) - log(fitted), per row. */
  residuals: number[];
  /** Bootstrap draws per parameter (resamples that failed are left out and counted). */
  bootstrap: { resamples: number; failed: number; draws: Record<string, number[]>; method: string };
  budget: ChinchillaBudget | null;
  warnings: string[];
  /** The search range of the exponents that was used. */
  exponentRange: [number, number];
}

/** A prediction of {@link predictScalingLaw}. */
export interface ScalingLawPrediction {
  loss: number;
  /** Confidence interval of the expected loss (uncertainty of the fit). */
  ci: [number, number];
  /** Prediction interval for one new run's loss (fit uncertainty plus the scatter of the runs about the fit). */
  pi: [number, number];
}
