// The options of lossCurve and their validation, once, into a CurveConfig: defaults filled in, the
// learning rate, the checkpoints, the optimizer and (deterministic, surrogate) the measure resolved.

import type { CurveCache } from './curveCache.js';
import type { LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
import { init } from '../core/wasm.js';
import { gammaFromRule, resolveCheckpoints, type ModelConfig, type ModelOptions } from '../model/conventions.js';
import {
  effectiveStep,
  MIN_CONTOUR_SLOPE,
  optimizerTable,
  resolveOptimizer,
  type OptimizerName,
  type OptimizerSpec,
  type ResolvedOptimizer,
} from '../model/optimizer.js';
import { MOMENTUM_BLOCK_FRACTION, MOMENTUM_BLOCK_TOLERANCE, MOMENTUM_CONTOUR_PANELS } from './momentumRecursion.js';
import { resolveContour, SGD_CONTOUR_PANELS, type ContourOptions, type MeasureConfig, type MeasureMethod } from './measureOptions.js';
import { SCHEDULE_KIND, scheduleTable, type Schedule } from './schedule.js';

/** Accuracy controls of the recursion. */
export interface RecursionOptions {
  /**
   * Exact unit steps up to this r, blocks after; default 10^4. With the error control (second-order
   * blocks, constant learning rate, blockTolerance > 0): exact unit steps at least up to this r,
   * default 0 (the control chooses where blocks start).
   */
  unitSteps?: number;
  /**
   * Blocks of length L = the power of two at or below blockFraction · r; default 2^-10, or 2^-7 with
   * second-order blocks (SGD); 2^-6 for the momentum/DANA recursion (its own second-order blocks).
   * With the error control (SGD): the longest block allowed, L <= blockFraction · r, default 2^-5.
   */
  blockFraction?: number;
  /**
   * 2 (default; constant learning rate only, a schedule uses 1): P inside a block is the quadratic
   * through P at the previous block's start and the block's two ends. 1 (docs/model.md §4): the line
   * through P at the block's two ends. Second order under its error control (blockTolerance) is about
   * 10x more accurate than first order at 2^-10 (within 4.3e-9 of the exact recursion where first
   * order reaches 4e-8), in less time (curves to 10^9 steps).
   */
  blockOrder?: 1 | 2;
  /**
   * Second-order blocks with a constant learning rate: the tolerance of the local error control
   * (docs/model.md §4) on the estimated relative error of the curve; blocks start where it allows
   * blocks of 2 steps and each is the longest power of two within it (at most twice the previous
   * one and blockFraction · r). Default 1e-8 (measured: within 4.3e-9 of the exact recursion, d =
   * 100 to 10^4, six phase points); 0: fixed blocks after unitSteps. A forced unstable gamma (||K|| >=
   * 1, where the estimate has no meaning) runs the fixed blocks too.
   *
   * The momentum/DANA recursion (`optimizer` other than sgd) has its own control: once per octave of r
   * a trial block of twice the length is set against two blocks, and the fraction doubles (up to 1/8)
   * where the octave's estimated error at the doubled length is within this tolerance, or halves (down
   * to blockFraction) where the octave's is not. Default 1e-5 there (docs/model.md §10: measured
   * errors 6e-7 to 1e-5, 2-7x below it at d = 100 to 10^4); 0 keeps blockFraction.
   */
  blockTolerance?: number;
}

/** Options of {@link lossCurve}. */
export interface CurveOptions extends LongRunOptions, RecursionOptions, ModelOptions {
  method: MeasureMethod;
  /** Constant learning rate (or the peak of a schedule); default gamma0 · 2/((B+1) tr D). */
  gamma?: number;
  /** Learning-rate schedule multiplying gamma; default constant. */
  schedule?: Schedule;
  /** Number of steps (the last checkpoint); may be omitted when `at` is given. */
  steps?: number;
  /** About this many log-spaced checkpoints; default 60. */
  points?: number;
  /** Explicit checkpoints instead (integers >= 0; 0 is added). */
  at?: number[];
  /** finite: number of W draws to average (default 1); run k uses W stream (seed, 2k). */
  seeds?: number;
  seed?: number;
  /** finite: one fixed W from stream (wSeed, 0). */
  wSeed?: number;
  contour?: ContourOptions;
  force?: boolean;
  /**
   * The optimizer (docs/model.md §10): `sgd` (default), `momentum`, `dana-constant`, `dana-decay`, or a
   * spec `{ name, gamma1?, gamma2?, gamma3?, delta? }`. Not `sgd`: the exact second-moment recursion
   * of the optimizer, exact unit steps to `unitSteps` (default 10^4), then second-order blocks of the
   * power of two at or below f·r steps: the one-step map frozen at the block's midpoint, the forcing
   * corrected so that fast modes end in their quasi-static state, P quadratic through three nodes
   * (docs/model.md §10). f starts at blockFraction (default 2^-6) and the error control (blockTolerance,
   * default 1e-5) doubles or halves it once per octave; checkpoints that a block steps over are
   * interpolated (a cubic in log-log through the nearest block ends). At fixed f (blockTolerance 0)
   * the error falls 4x per halving of f. Stated accuracy 1e-6 relative at d = 100, 1e-5 at d = 1000
   * and 2e-5 at d = 10^4 for the presets (tested against unit steps, against halved blocks and against
   * a tighter tolerance). No learning-rate schedule (give power laws in the
   * coefficients). On the deterministic measure the contour's ray takes a slope that depends on x
   * (unless `contour.slope` is given): at each x, 0.9 of the largest slope on which the one-step map
   * does not grow up to the horizon, between 0.002 and 0.3 (docs/model.md §10); the map is checked for
   * growth on the contour all the same, and where it grows the curve is refused with an `UNSTABLE` error.
   */
  optimizer?: OptimizerName | OptimizerSpec;
  /**
   * @internal Work kept across calls that differ only in their horizon (steps, points, at): the
   * measures and (sgd, constant rate) the recursion's unit steps, keyed by everything they depend
   * on; what is found is reused, what is new is added (not disposed: the caller disposes the cache).
   */
  cache?: CurveCache;
}

/** Result of {@link lossCurve}. */
export interface CurveResult {
  config: {
    alpha: number;
    beta: number;
    d: number;
    v: number;
    gamma: number;
    batch: number;
    steps: number;
    method: MeasureMethod;
    seeds: number;
    seed: number;
    wSeed: number | null;
    /** The optimizer and its coefficients (`sgd` unless requested). */
    optimizer: ResolvedOptimizer;
  };
  steps: number[];
  /** f = r · d · B */
  flops: number[];
  /** Expected loss E P(r) (mean over W draws for finite with seeds > 1); no factor 1/2. */
  loss: number[];
  /** Standard error over W draws (finite with seeds > 1), else null. */
  stderr: number[] | null;
  /** F0 / (1 - ||K||) (mean over W for finite); null if ||K|| >= 1. */
  limit: number | null;
  /** F0 (mean over W for finite) and ||K|| at gamma (mean over W for finite; Infinity when gamma is unstable). */
  F0: number;
  kernelNorm: number;
  /** Per W draw (finite): the curves. */
  runs: number[][];
  diverged: { step: number } | null;
  warnings: string[];
}

/** The validated options of a loss curve. @internal */
export interface CurveConfig extends ModelConfig {
  method: MeasureMethod;
  gamma: number;
  /** The option that set gamma (named by errors about it). */
  rateParam: 'gamma' | 'gamma0';
  steps: number;
  checkpoints: number[];
  /** Number of measures averaged: seeds for finite, else 1. */
  count: number;
  seed: number;
  wSeed: number | null;
  force: boolean;
  unitSteps: number;
  /** Exact unit steps of the momentum/DANA recursion (its blocks have no error control). */
  momentumUnitSteps: number;
  /** Tolerance of the second-order blocks' error control (0: fixed blocks). */
  blockTolerance: number;
  /** The schedule table of the recursion (schedule.ts). */
  schedule: number[];
  blockOrder: 1 | 2;
  blockFraction: number;
  /** Block fraction of the momentum/DANA recursion. */
  momentumFraction: number;
  momentumTolerance: number;
  optimizer: ResolvedOptimizer;
  /** The optimizer is plain SGD. */
  plain: boolean;
  /** deterministic, surrogate: the measure, built for the error's effective step c(0) when not plain SGD. */
  measure: MeasureConfig | null;
}

const KEYS: readonly string[] = [
  'method',
  'alpha',
  'beta',
  'd',
  'v',
  'batch',
  'gamma',
  'gamma0',
  'schedule',
  'steps',
  'points',
  'at',
  'seeds',
  'seed',
  'wSeed',
  'contour',
  'force',
  'unitSteps',
  'blockFraction',
  'blockOrder',
  'blockTolerance',
  'optimizer',
  'cache',
  'signal',
  'onProgress',
] as const;

/** Validate the options of {@link lossCurve} once (loads the Wasm core for the checkpoints). @internal */
export async function resolveCurve(options: CurveOptions): Promise<CurveConfig> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'lossCurve expects an options object', 'options');
  knownKeys('lossCurve', options, KEYS);
  const method = oneOf('method', options.method, ['deterministic', 'finite', 'surrogate'] as const);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options, method === 'deterministic');
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  await init();
  const { steps, checkpoints } = resolveCheckpoints(options.steps, options.points, options.at);
  const seeds = integer('seeds', options.seeds ?? 1, 1, 1_000_000);
  const seed = integer('seed', options.seed ?? 0, 0);
  const wSeed = options.wSeed === undefined ? null : integer('wSeed', options.wSeed, 0);
  const force = bool('force', options.force ?? false);
  // Second-order blocks by default (constant learning rate; a schedule runs first-order blocks,
  // docs/model.md §4), chosen by the local error control (blockTolerance); each treatment has its own
  // defaults. Against the exact unit-step recursion (d = 100 to 10^4, six (alpha, beta) across the
  // phases, to 10^6 steps) the control at 1e-8 stays within 4.3e-9 relative at every checkpoint;
  // first order at 2^-10 after 10^4 unit steps reaches 4e-8.
  const schedule = scheduleTable(options.schedule, steps);
  const constantRate = schedule[0] === SCHEDULE_KIND.constant;
  const blockOrder = oneOf('blockOrder', String(options.blockOrder ?? 2), ['1', '2'] as const) === '2' ? 2 : 1;
  const blockTolerance = finite('blockTolerance', options.blockTolerance ?? 1e-8, { ge: 0, lt: 1 });
  const controlled = blockOrder === 2 && constantRate && blockTolerance > 0;
  const unitSteps = integer('unitSteps', options.unitSteps ?? (controlled ? 0 : 10_000), 0);
  const momentumUnitSteps = options.unitSteps ?? 10_000;
  const blockFraction = finite(
    'blockFraction',
    options.blockFraction ?? (controlled ? 2 ** -5 : blockOrder === 2 && constantRate ? 2 ** -7 : 2 ** -10),
    { gt: 0, le: 0.5 },
  );
  const rate = learningRate(options);
  if (method !== 'finite' && (options.seeds !== undefined || options.wSeed !== undefined || options.seed !== undefined)) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `seeds, seed and wSeed apply to the finite method only (method = ${method})`,
      options.seeds !== undefined ? 'seeds' : options.seed !== undefined ? 'seed' : 'wSeed',
    );
  }
  const gamma = rate.gamma ?? gammaFromRule(alpha, v, batch, rate.gamma0);
  const rateParam = rate.gamma !== undefined ? 'gamma' : 'gamma0';
  const optimizer = resolveOptimizer(options.optimizer ?? 'sgd', { alpha, beta, d, v, batch, gamma });
  const plain = optimizer.name === 'sgd';
  if (!plain && !constantRate)
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `a learning-rate schedule applies to the sgd optimizer only (optimizer = ${optimizer.name}); give power laws in the optimizer's coefficients instead`,
      'schedule',
    );
  if (!plain && options.blockOrder !== undefined) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `blockOrder applies to the sgd optimizer only: the ${optimizer.name} recursion has its own second-order blocks`,
      'blockOrder',
    );
  }
  const momentumFraction = finite('blockFraction', options.blockFraction ?? MOMENTUM_BLOCK_FRACTION, { gt: 0, le: 0.5 });
  const momentumTolerance = finite('blockTolerance', options.blockTolerance ?? MOMENTUM_BLOCK_TOLERANCE, { ge: 0, lt: 1 });
  let measure: MeasureConfig | null = null;
  if (method !== 'finite') {
    // The deterministic contour is placed for the error's effective step c(0) = gamma2 + gamma1 gamma3;
    // a failure to place it is reported against the option that set the step (lossCurve).
    const measureGamma = plain ? gamma : effectiveStep(optimizer);
    // Momentum/DANA curves are accurate to 1e-6..2e-5 (the blocks), so their contour can be coarser
    // than SGD's (docs/model.md §10).
    let contour = resolveContour(options.contour, method === 'deterministic', plain ? undefined : MOMENTUM_CONTOUR_PANELS);
    // Momentum/DANA: a ray whose slope at each x is low enough that the one-step map does not grow
    // there up to the horizon (the optimizer's slope profile, computed by the measure job).
    if (!plain && method === 'deterministic' && options.contour?.slope === undefined) {
      contour = { ...contour, profile: { table: optimizerTable(optimizer), horizon: steps, floor: MIN_CONTOUR_SLOPE } };
    }
    measure = {
      method,
      alpha,
      beta,
      d,
      v,
      batch,
      gamma: measureGamma,
      rateParam: plain ? rateParam : 'gamma',
      rate: { gamma: measureGamma, gamma0: rate.gamma0 },
      seed: 0,
      stream: 0,
      contour,
      force,
      // The coarse panels are a default, not the user's: where they fail, SGD's panels are tried.
      ...(!plain && method === 'deterministic' && options.contour?.panelWidth === undefined && options.contour?.nodesPerPanel === undefined
        ? { fallbackPanels: SGD_CONTOUR_PANELS }
        : {}),
    };
  }
  return {
    method,
    alpha,
    beta,
    d,
    v,
    batch,
    gamma,
    rateParam,
    steps,
    checkpoints,
    count: method === 'finite' ? seeds : 1,
    seed,
    wSeed,
    force,
    unitSteps,
    momentumUnitSteps,
    blockTolerance,
    schedule,
    blockOrder,
    blockFraction,
    momentumFraction,
    momentumTolerance,
    optimizer,
    plain,
    measure,
  };
}
