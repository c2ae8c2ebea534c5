// The options of simulateSgd and their validation, once, into an SgdConfig: defaults filled in,
// the checkpoints, the learning rate and the optimizer resolved, the memory budget checked.

import type { LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { checkBudget } from '../core/memory.js';
import { admissible, bool, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
import { init } from '../core/wasm.js';
import { gammaFromRule, resolveCheckpoints, type ModelConfig, type ModelOptions } from '../model/conventions.js';
import { resolveOptimizer, type OptimizerName, type OptimizerSpec, type ResolvedOptimizer } from '../model/optimizer.js';
import { checkProblemMemory, type WStorage } from '../model/problem.js';

/** `spectral`: exact in law, O(d·B) per step after one eigen-decomposition. `direct`: the literal model, O(v·d·B). */
export type SgdEngine = 'spectral' | 'direct';

/** Options of {@link simulateSgd}. */
export interface SgdOptions extends LongRunOptions, ModelOptions {
  /** Number of SGD steps r (integer >= 0); the curve runs from r = 0 to r = steps (omit when `at` is given). */
  steps?: number;
  /** Engine; default `spectral`. */
  engine?: SgdEngine;
  /**
   * Storage of W: `f64` (default) or `f32` (W rounded entrywise to float32, all arithmetic still
   * in f64; see {@link ProblemOptions.storage}). Halves the memory of W, and the time of the
   * `direct` engine where W does not fit in cache.
   */
  storage?: WStorage;
  /** Independent runs (each with its own W unless wSeed is set); default 8. */
  seeds?: number;
  /** Base seed, integer in [0, 2^53); default 0. Run k uses W stream (seed, 2k) and data stream (seed, 2k+1). */
  seed?: number;
  /** If set, every run uses the one W of stream (wSeed, 0); only the data streams differ. */
  wSeed?: number;
  /** About this many log-spaced checkpoints (0 and `steps` always included); default 60. */
  points?: number;
  /** Explicit checkpoints instead (integers >= 0; 0 is added); `steps` is then max(at). */
  at?: number[];
  /** Run even when gamma violates the stability conditions; divergence is then reported, not an error. */
  force?: boolean;
  /**
   * The optimizer (docs/model.md §10): `sgd` (default), `momentum` (heavy ball), `dana-constant`,
   * `dana-decay`, or a spec `{ name, gamma1?, gamma2?, gamma3?, delta? }` (`dana` needs all four).
   * Not `sgd`: `gamma`/`gamma0` only set the momentum preset's effective step.
   */
  optimizer?: OptimizerName | OptimizerSpec;
}

/** Result of {@link simulateSgd}; arrays are indexed by checkpoint. */
export interface SgdResult {
  config: {
    alpha: number;
    beta: number;
    d: number;
    v: number;
    gamma: number;
    batch: number;
    steps: number;
    method: 'sgd' | 'sgd-direct';
    engine: SgdEngine;
    seeds: number;
    seed: number;
    wSeed: number | null;
    storage: WStorage;
    /** The optimizer and its coefficients ([value, scale, power] each). */
    optimizer: ResolvedOptimizer;
  };
  /** Checkpoint iterations r (integers, from 0). */
  steps: number[];
  /** Flops f = r · d · B at each checkpoint. */
  flops: number[];
  /** Mean over runs of the exact population loss P(theta_r) (no factor 1/2). */
  loss: number[];
  /** Standard error of that mean over runs (null with one run). */
  stderr: number[] | null;
  /** Mean over the sampled W of P* / (1 - ||K||), the expected loss as r -> infinity; null if some ||K|| >= 1. */
  limit: number | null;
  /** Per run: P(theta_r) at every checkpoint. */
  runs: number[][];
  /** Per run: P* and ||K|| of its W. */
  spectra: { pStar: number; kernelNorm: number; modeFactor: number }[];
  /** First step at which a forced, unstable run's loss exceeded 10^6 P(0) (curves stop before it); else null. */
  diverged: { step: number } | null;
  warnings: string[];
}

const KEYS = [
  'alpha',
  'beta',
  'd',
  'v',
  'batch',
  'gamma',
  'gamma0',
  'steps',
  'engine',
  'storage',
  'seeds',
  'seed',
  'wSeed',
  'points',
  'at',
  'force',
  'optimizer',
  'signal',
  'onProgress',
] as const;

/** The validated options of an SGD ensemble. @internal */
export interface SgdConfig extends ModelConfig {
  gamma: number;
  /** The option that set gamma (named by errors about it). */
  rateParam: 'gamma' | 'gamma0';
  steps: number;
  checkpoints: number[];
  engine: SgdEngine;
  storage: WStorage;
  seeds: number;
  seed: number;
  wSeed: number | null;
  force: boolean;
  optimizer: ResolvedOptimizer;
  /** The optimizer is plain SGD. */
  plain: boolean;
  /** Bytes of Wasm memory the ensemble job holds (budget checked). */
  bytes: number;
}

/** Validate the options of {@link simulateSgd} once and check the memory budget (loads the Wasm core). @internal */
export async function resolveSgd(options: SgdOptions): Promise<SgdConfig> {
  if (options === null || typeof options !== 'object') {
    throw new PlrfError('INVALID_ARGUMENT', 'simulateSgd expects an options object', 'options');
  }
  knownKeys('simulateSgd', options, KEYS);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options);
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  await init(); // checkpoints are computed in Wasm
  const { steps, checkpoints } = resolveCheckpoints(options.steps, options.points, options.at);
  const engine = oneOf('engine', options.engine ?? 'spectral', ['spectral', 'direct'] as const);
  const storage = oneOf('storage', options.storage ?? 'f64', ['f64', 'f32'] as const);
  const seeds = integer('seeds', options.seeds ?? 8, 1, 1_000_000);
  const seed = integer('seed', options.seed ?? 0, 0);
  const wSeed = options.wSeed === undefined ? null : integer('wSeed', options.wSeed, 0);
  const force = bool('force', options.force ?? false);
  const rate = learningRate(options);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new PlrfError('INVALID_ARGUMENT', 'onProgress must be a function', 'onProgress');
  }
  checkProblemMemory(d, v, options.v === undefined ? 'd' : 'v', storage);
  const wBytes = (storage === 'f64' ? 8 : 4) * v * d;
  const nCp = checkpoints.length;
  const bytes = wBytes + 8 * (d * d + 8 * v + 4 * batch * d) + 8 * (seeds * (nCp + 3) + 3 * nCp);
  checkBudget(bytes, Math.max(wBytes, 8 * seeds * nCp), 'd', `SGD at d = ${d}, v = ${v}`, 'reduce d or v');
  const gamma = rate.gamma ?? gammaFromRule(alpha, v, batch, rate.gamma0);
  const optimizer = resolveOptimizer(options.optimizer ?? 'sgd', { alpha, beta, d, v, batch, gamma });
  const rateParam = rate.gamma !== undefined ? 'gamma' : 'gamma0';
  return {
    alpha,
    beta,
    d,
    v,
    batch,
    gamma,
    rateParam,
    steps,
    checkpoints,
    engine,
    storage,
    seeds,
    seed,
    wSeed,
    force,
    optimizer,
    plain: optimizer.name === 'sgd',
    bytes,
  };
}
