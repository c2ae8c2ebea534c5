// The model's binding conventions (loss without 1/2, summed batch, f = r·d·B) as small functions.

import { admissible, finite, integer } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { PlrfError } from '../core/errors.js';
import { WasmF64, withBlocks } from '../core/memory.js';

/** The model and learning-rate options shared by SGD, the theory curves, measures and asymptotics. */
export interface ModelOptions {
  /** Data complexity: covariance eigenvalues j^(-2 alpha); 1e-6 <= alpha <= 100. */
  alpha: number;
  /** Target complexity: target coefficients j^(-beta); |beta| <= 100, alpha + beta > 1/2. */
  beta: number;
  /** Parameter count (model size), integer >= 1. */
  d: number;
  /** Hidden dimension, integer >= d; default 4 d. */
  v?: number;
  /** Batch size B (the batch gradient is summed, not averaged); default 1. */
  batch?: number;
  /** Learning rate; default gamma0 · 2 / ((B+1) tr D). Exclusive with gamma0. */
  gamma?: number;
  /** Scale of the default learning rate; default 0.5. */
  gamma0?: number;
}

/** Default gamma0 of the learning rate gamma = gamma0 · 2 / ((B + 1) tr D). */
export const DEFAULT_GAMMA0 = 0.5;

/** tr D = sum_(j <= v) j^(-2 alpha) (computed in Wasm, compensated, so every host gets the same bits). */
export function traceD(alpha: number, v: number): number {
  finite('alpha', alpha, { gt: 0 });
  integer('v', v, 1, 2 ** 31 - 1);
  return core().traceD(v, alpha);
}

/** The model of a call after validation: exponents, sizes and batch, defaults filled in. @internal */
export interface ModelConfig {
  alpha: number;
  beta: number;
  d: number;
  v: number;
  batch: number;
}

/** A resolved learning rate and the option it came from (`gamma` given, or `gamma0`'s default rule). @internal */
export interface RateConfig {
  gamma: number;
  param: 'gamma' | 'gamma0';
}

/**
 * The default learning rate gamma = gamma0 · 2 / ((B + 1) tr D), tr D = sum_(j<=v) j^(-2 alpha).
 * With gamma0 = 0.5 and B = 1 this is 0.5 / tr D; the kernel norm ||K|| is then about 0.25.
 *
 * @example defaultGamma({ alpha: 1, v: 400 }) // 0.3044... (= 0.5 / sum_(j<=400) j^-2)
 */
export function defaultGamma(options: { alpha: number; beta?: number; v: number; batch?: number; gamma0?: number }): number {
  if (options.beta !== undefined) admissible(options.alpha, options.beta);
  const batch = integer('batch', options.batch ?? 1, 1, 2 ** 31 - 1);
  const gamma0 = finite('gamma0', options.gamma0 ?? DEFAULT_GAMMA0, { gt: 0 });
  finite('alpha', options.alpha, { gt: 0 });
  integer('v', options.v, 1, 2 ** 31 - 1);
  return gammaFromRule(options.alpha, options.v, batch, gamma0);
}

/**
 * The default rule gamma0 · 2 / ((B + 1) tr D) on validated values (a non-finite or zero result is
 * still refused, naming gamma0). @internal
 */
export function gammaFromRule(alpha: number, v: number, batch: number, gamma0: number): number {
  const gamma = (gamma0 * 2) / ((batch + 1) * core().traceD(v, alpha));
  if (!(gamma > 0 && Number.isFinite(gamma))) {
    throw new PlrfError('INVALID_ARGUMENT', `gamma0 = ${gamma0} gives gamma = ${gamma}, not a finite positive learning rate`, 'gamma0');
  }
  return gamma;
}

/**
 * The learning rate from validated rate options (`learningRate` of the validators): the explicit gamma, or
 * gamma0 through the default rule at the model's alpha, v and B. @internal
 */
export function rateConfig(
  rate: { gamma: number | undefined; gamma0: number },
  model: { alpha: number; v: number; batch: number },
): RateConfig {
  if (rate.gamma !== undefined) return { gamma: rate.gamma, param: 'gamma' };
  return { gamma: gammaFromRule(model.alpha, model.v, model.batch, rate.gamma0), param: 'gamma0' };
}

/** Flops of r SGD steps at model size d and batch B: f = r · d · B (the v·d feature cost is not counted). */
export function flops(r: number, d: number, batch = 1): number {
  return r * d * batch;
}

/**
 * About `points` integer checkpoints, log-spaced in r, always including 0 and `steps` (computed in
 * Wasm, so every host rounds the same values; needs {@link init}).
 *
 * @example logCheckpoints(1000, 8) // [0, 1, 3, 7, 19, 52, 139, 373, 1000]-like, strictly increasing
 */
export function logCheckpoints(steps: number, points: number): number[] {
  integer('steps', steps, 0);
  integer('points', points, 2, 1_000_000);
  return checkpointsOf(steps, points);
}

/** {@link logCheckpoints} on validated counts. */
function checkpointsOf(steps: number, points: number): number[] {
  const c = core();
  const out = new WasmF64(points + 1);
  try {
    const count = c.logCheckpoints(steps, points, out.ptr);
    return Array.from(out.view().subarray(0, count));
  } finally {
    out.free();
  }
}

/** Stability report for a spectrum at learning rate gamma and batch B (docs/model.md §3). */
export interface StabilityReport {
  /** max_i gamma (B+1) lambda_i; must be < 2. */
  modeFactor: number;
  /** ||K|| = gamma sum_i lambda_i / (2 - gamma (B+1) lambda_i); must be < 1 (Infinity if a mode is unstable). */
  kernelNorm: number;
  stable: boolean;
}

/**
 * Check every mode gamma (B+1) lambda_i < 2 and the kernel norm ||K|| < 1 (docs/model.md §3; computed in
 * Wasm, negative eigenvalues counted as 0).
 */
export function stability(lambda: ArrayLike<number>, gamma: number, batch: number): StabilityReport {
  return withBlocks([lambda.length, 2], (lam, out) => {
    lam.set(lambda);
    const stable = core().stability(lam.ptr, lambda.length, gamma, batch, out.ptr) === 1;
    const [modeFactor, kernelNorm] = out.view();
    return { modeFactor, kernelNorm, stable };
  });
}

/**
 * The checkpoints of a curve: explicit `at` (integers >= 0; 0 is added; sorted, deduplicated) or
 * about `points` log-spaced ones from 0 to `steps`. With `at`, `steps` may be omitted (it is max(at)).
 * @internal
 */
export function resolveCheckpoints(steps: unknown, points: unknown, at: unknown): { steps: number; checkpoints: number[] } {
  if (at === undefined) {
    const n = integer('steps', steps, 0);
    return { steps: n, checkpoints: checkpointsOf(n, integer('points', points ?? 60, 2, 100_000)) };
  }
  if (!Array.isArray(at) || at.length === 0) {
    throw new PlrfError('INVALID_ARGUMENT', 'at must be a non-empty array of integer steps >= 0', 'at');
  }
  const set = new Set<number>([0]);
  at.forEach((r, i) => set.add(integer(`at[${i}]`, r, 0)));
  const checkpoints = [...set].sort((a, b) => a - b);
  const last = checkpoints[checkpoints.length - 1];
  if (steps !== undefined && integer('steps', steps, 0) !== last) {
    throw new PlrfError('INVALID_ARGUMENT', `steps = ${String(steps)} differs from the last entry of at (${last})`, 'steps');
  }
  return { steps: last, checkpoints };
}
