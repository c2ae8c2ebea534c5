// Expected loss curves from the mode recursion (docs/model.md §4), for any spectral measure.

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
import { jobSteps } from '../core/job.js';
import { meanAndStderr } from '../core/stats.js';
import { core, init } from '../core/wasm.js';
import { checkBudget, WasmF64 } from '../core/memory.js';
import { defaultGamma, flops as flopsOf, resolveCheckpoints, type ModelOptions } from '../model/conventions.js';
import { PlrfProblem } from '../model/problem.js';
import { finiteMeasureSteps, measureSteps, SpectralMeasure, WS_ARRAYS, type ContourOptions, type MeasureMethod } from './measure.js';
import { runStepsAsync } from '../core/steps.js';
import { SCHEDULE_KIND, scheduleTable, type Schedule } from './schedule.js';
import {
  effectiveStep,
  optimizerTable,
  resolveOptimizer,
  type OptimizerName,
  type OptimizerSpec,
  type ResolvedOptimizer,
} from '../model/optimizer.js';
import { ERR_GROWTH, OPT_TABLE_LEN } from '../core/abi.js';
import { CurveCache, recursionFromPrefix } from './curveCache.js';

/** Accuracy controls of the recursion. */
export interface RecursionOptions {
  /** Exact unit steps up to this r, blocks after; default 10^4. */
  unitSteps?: number;
  /**
   * Blocks of length L = the power of two at or below blockFraction · r; default 2^-10, or 2^-7 with
   * second-order blocks.
   */
  blockFraction?: number;
  /**
   * 2 (default; constant learning rate only, a schedule uses 1): P inside a block is the quadratic
   * through P at the previous block's start and the block's two ends. 1 (docs/model.md §4): the line
   * through P at the block's two ends. At its default 2^-7 second order is about 10x more accurate
   * than first order at 2^-10 (within 1.5e-9 of the exact recursion where first order reaches 4e-8),
   * in less time (curves to 10^9 steps).
   */
  blockOrder?: 1 | 2;
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
   * of the optimizer, exact unit steps to `unitSteps` (default 10^4), then first-order blocks of the
   * power of two at or below blockFraction·r steps (default 2^-7) with the one-step map frozen at the
   * block's midpoint; stated accuracy 5e-5 relative for the presets (tested: d = 100 to 10^6 steps,
   * against unit steps and against halved blocks). No learning-rate schedule (give power laws in the
   * coefficients). On the deterministic measure the one-step map is checked for growth on the
   * contour; where it grows (DANA at long horizons) the curve is refused with an `UNSTABLE` error.
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

/** Stability numbers of a recursion at its gamma: ||K|| and max |g(z_n)|. @internal */
export interface RecursionStability {
  kernelNorm: number;
  maxAbsG: number;
}

/**
 * Solve the recursion for one measure at the given checkpoints: a Wasm job (assembly/recursion.ts)
 * on its own copy of the measure, paced in pieces of a few milliseconds. `check` sees the
 * stability numbers before any step (it may throw to refuse the gamma). Returns the loss per
 * checkpoint (cut before divergence), the divergence step, if any, and the stability numbers.
 * @internal
 */
export async function solveRecursion(
  measure: SpectralMeasure,
  opts: {
    gamma: number;
    batch: number;
    schedule: number[];
    checkpoints: number[];
    unitSteps: number;
    blockFraction: number;
    threshold: number;
    blockOrder?: 1 | 2;
    check?: (s: RecursionStability) => void;
    /** Continue from the unit steps kept in `cache` under `key` (constant schedule; see {@link recursionFromPrefix}). */
    prefix?: { cache: CurveCache; key: string };
  },
  onProgress: (fraction: number) => Promise<void>,
): Promise<{ loss: number[]; divergedAt: number | null } & RecursionStability> {
  measure.live();
  const c = core();
  const n = measure.size;
  const { checkpoints } = opts;
  // The job's copy of the workspace, its checkpoints and losses (block coefficients come on top).
  checkBudget(8 * (WS_ARRAYS * n + 2 * checkpoints.length), 8 * WS_ARRAYS * n, 'd', `a recursion over ${n} atoms`, 'reduce d');
  const begin = (at: number[]): number => {
    const cps = new WasmF64(at.length);
    const table = new WasmF64(opts.schedule.length);
    try {
      cps.set(at);
      table.set(opts.schedule);
      return (
        c.recursionBegin(
          measure.ws.ptr,
          n,
          measure.F0,
          opts.gamma,
          opts.batch,
          opts.unitSteps,
          opts.blockFraction,
          opts.blockOrder ?? 1,
          opts.threshold,
          cps.ptr,
          at.length,
          table.ptr,
          opts.schedule.length,
        ) >>> 0
      );
    } finally {
      cps.free();
      table.free();
    }
  };
  if (opts.prefix && opts.schedule[0] === SCHEDULE_KIND.constant) {
    const o = { atoms: n, unitSteps: opts.unitSteps, checkpoints, threshold: opts.threshold, begin, check: opts.check };
    const r = await recursionFromPrefix(opts.prefix.cache, opts.prefix.key, o, onProgress);
    if (r) return r;
  }
  const job = begin(checkpoints);
  if (job === 0) throw new PlrfError('MEMORY', `could not allocate a recursion over ${n} atoms in Wasm memory`, 'd');
  try {
    const stability = { kernelNorm: c.recursionKernelNorm(job), maxAbsG: c.recursionMaxAbsG(job) };
    opts.check?.(stability);
    await runStepsAsync(
      jobSteps(job, (j, units) => c.recursionStep(j, units), { initialUnits: 1 << 16 }),
      onProgress,
    );
    const count = c.recursionCount(job);
    const loss = Array.from(new Float64Array(c.memory.buffer, c.recursionLoss(job) >>> 0, count));
    const dv = c.recursionDivergedAt(job);
    return { loss, divergedAt: dv < 0 ? null : dv, ...stability };
  } finally {
    c.jobFree(job);
  }
}

/** Stability numbers of a momentum recursion: the one-step map's growth and the frozen-time kernel norms. @internal */
export interface MomentumStability {
  /** Largest spectral radius of the one-step map minus 1 over the atoms at t = 0 and at the last checkpoint. */
  growth: number;
  /** Frozen-time kernel norm at t = 0 and at the last checkpoint. */
  kernelNorm: number;
  kernelNormEnd: number;
}

/**
 * The momentum/DANA recursion (assembly/momentum.ts) on one measure at the checkpoints, exact unit
 * steps. `check` sees the stability numbers before any step. A growth of the one-step map found
 * while stepping (complex contour atoms) is an `UNSTABLE` error naming the step and the atom.
 * @internal
 */
export async function solveMomentum(
  measure: SpectralMeasure,
  opts: {
    optimizer: ResolvedOptimizer;
    batch: number;
    checkpoints: number[];
    threshold: number;
    unitSteps: number;
    blockFraction: number;
    check?: (s: MomentumStability) => void;
  },
  onProgress: (fraction: number) => Promise<void>,
): Promise<{ loss: number[]; divergedAt: number | null } & MomentumStability> {
  measure.live();
  const c = core();
  const n = measure.size;
  const { checkpoints } = opts;
  checkBudget(8 * (30 * n + 2 * checkpoints.length), 8 * 30 * n, 'd', `a momentum recursion over ${n} atoms`, 'reduce d');
  let job = 0;
  const cps = new WasmF64(checkpoints.length);
  const table = new WasmF64(OPT_TABLE_LEN);
  try {
    cps.set(checkpoints);
    table.set(optimizerTable(opts.optimizer));
    job =
      c.momentumBegin(
        measure.ws.ptr,
        n,
        measure.F0,
        opts.batch,
        table.ptr,
        OPT_TABLE_LEN,
        opts.threshold,
        cps.ptr,
        checkpoints.length,
        opts.unitSteps,
        opts.blockFraction,
      ) >>> 0;
  } finally {
    cps.free();
    table.free();
  }
  if (job === 0) throw new PlrfError('MEMORY', `could not allocate a momentum recursion over ${n} atoms in Wasm memory`, 'd');
  try {
    const stability = {
      growth: c.momentumGrowth(job),
      kernelNorm: c.momentumKernelNorm(job, 0),
      kernelNormEnd: c.momentumKernelNorm(job, 1),
    };
    opts.check?.(stability);
    await runStepsAsync(
      jobSteps(job, (j, units) => c.momentumStep(j, units), {
        initialUnits: 1 << 14,
        explain: (status) =>
          status === ERR_GROWTH
            ? `the one-step ${opts.optimizer.name} map grows on atom ${c.momentumGrowthAt(job, 1)} of the ${measure.method} measure at step ${c.momentumGrowthAt(job, 0)} ` +
              `(spectral radius - 1 = ${c.momentumGrowth(job).toPrecision(4)} > 1e-12): the contour recursion would return noise; ` +
              'use the finite or surrogate method for this horizon, or fewer steps'
            : undefined,
        param: 'optimizer',
      }),
      onProgress,
    );
    const count = c.momentumCount(job);
    const loss = Array.from(new Float64Array(c.memory.buffer, c.momentumLoss(job) >>> 0, count));
    const dv = c.momentumDivergedAt(job);
    return { loss, divergedAt: dv < 0 ? null : dv, ...stability };
  } finally {
    c.jobFree(job);
  }
}

/** Default block fraction of the momentum/DANA recursion (blocks after unitSteps; see lossCurve's accuracy note). */
export const MOMENTUM_BLOCK_FRACTION = 2 ** -7;

const KEYS = [
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
  'optimizer',
  'cache',
  'signal',
  'onProgress',
] as const;

/**
 * The expected loss curve E P(r) of one-pass SGD, solved exactly (up to the stated block
 * accuracy) from the Volterra equation of docs/model.md §4 by the mode recursion, for the
 * `deterministic` equivalent (no sampling), a `finite` sampled W (or the mean over several), or
 * the `surrogate` Table-1 measure. Loss without the 1/2, summed batch gradient, f = r·d·B.
 * Accuracy: unit steps are exact; blocks (after r = unitSteps) of L <= blockFraction·r steps (a
 * power of two) treat P inside a block as the quadratic through the previous block's start and the
 * block's ends (blockOrder 2, the default with a constant learning rate: local error O(L^3 P''')) or
 * as the line through its ends (blockOrder 1, and always under a schedule: O(L^2 P'')). At the
 * defaults (2^-7 and 2^-10) curves to 10^9 steps are within about 2e-9 and 4e-8 relative of the
 * exact recursion.
 *
 * @example
 * const c = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 1.2, d: 400, steps: 1e5 });
 * c.loss.at(-1); c.limit;
 */
export async function lossCurve(options: CurveOptions): Promise<CurveResult> {
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
  const unitSteps = integer('unitSteps', options.unitSteps ?? 10_000, 0);
  // Second-order blocks by default (constant learning rate; a schedule runs first-order blocks,
  // docs/model.md §4), each order with its own default fraction. Against the exact unit-step recursion
  // (d = 1000, eight (alpha, beta) across the phases, to 10^6 steps) second order at 2^-7 stays within
  // 1.5e-9 relative at every checkpoint in 0.5-0.9x the time, where first order at 2^-10 reached 4.1e-8.
  const schedule = scheduleTable(options.schedule, steps);
  const constantRate = schedule[0] === SCHEDULE_KIND.constant;
  const blockOrder = oneOf('blockOrder', String(options.blockOrder ?? 2), ['1', '2'] as const) === '2' ? 2 : 1;
  const blockFraction = finite('blockFraction', options.blockFraction ?? (blockOrder === 2 && constantRate ? 2 ** -7 : 2 ** -10), {
    gt: 0,
    le: 0.5,
  });
  const rate = learningRate(options);
  if (method !== 'finite' && (options.seeds !== undefined || options.wSeed !== undefined || options.seed !== undefined)) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `seeds, seed and wSeed apply to the finite method only (method = ${method})`,
      options.seeds !== undefined ? 'seeds' : options.seed !== undefined ? 'seed' : 'wSeed',
    );
  }
  const gamma = rate.gamma ?? defaultGamma({ alpha, v, batch, gamma0: rate.gamma0 });
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
      `blockOrder applies to the sgd optimizer only: the ${optimizer.name} recursion uses first-order blocks`,
      'blockOrder',
    );
  }
  const momentumFraction = finite('blockFraction', options.blockFraction ?? MOMENTUM_BLOCK_FRACTION, { gt: 0, le: 0.5 });
  // The deterministic contour is placed for the error's effective step c(0) = gamma2 + gamma1 gamma3.
  const measureGamma = plain ? gamma : effectiveStep(optimizer);
  const ticker = new Ticker(options);
  const warnings: string[] = [];
  const runs: number[][] = [];
  const F0s: number[] = [];
  const norms: number[] = [];
  let divergedAt = Infinity;
  const count = method === 'finite' ? seeds : 1;
  let shared: PlrfProblem | null = null;
  const cache = options.cache;
  const spec = { method, alpha, beta, d, v, batch, gamma: measureGamma, contour: options.contour, force };
  // What a measure depends on: the finite ones on their W stream, the others on the spec.
  const keyOf = (k: number) =>
    method === 'finite' ? JSON.stringify([alpha, beta, d, v, wSeed ?? seed, wSeed === null ? 2 * k : 0]) : JSON.stringify(spec);
  try {
    const tick = (k: number) => (f: number) => ticker.tick((k + 0.1 * f) / count);
    if (method === 'finite' && wSeed !== null && !cache?.measures.has(keyOf(0)))
      shared = await PlrfProblem.sampleAsync({ alpha, beta, d, v, seed: wSeed, stream: 0 }, { signal: options.signal });
    for (let k = 0; k < count; k++) {
      let measure: SpectralMeasure;
      const cached = cache?.measures.get(keyOf(k));
      if (cached) measure = cached;
      else if (method === 'finite') {
        if (shared) measure = await runStepsAsync(finiteMeasureSteps(shared), tick(k));
        else {
          const problem = await PlrfProblem.sampleAsync({ alpha, beta, d, v, seed, stream: 2 * k }, { signal: options.signal });
          try {
            measure = await runStepsAsync(finiteMeasureSteps(problem), tick(k));
          } finally {
            problem.dispose();
          }
        }
      } else {
        try {
          measure = await runStepsAsync(measureSteps(spec), tick(k));
        } catch (e) {
          // The measure sees the resolved gamma: name the option the user gave (gamma0 by default).
          if (e instanceof PlrfError && e.param === 'gamma' && !plain) {
            throw new PlrfError(
              e.code,
              `the deterministic contour cannot be placed for optimizer ${optimizer.name} (effective step c(0) = gamma2 + gamma1 gamma3 = ${measureGamma}): ${e.message}`,
              'optimizer',
              { cause: e },
            );
          }
          if (e instanceof PlrfError && e.param === 'gamma' && options.gamma === undefined)
            throw new PlrfError(e.code, e.message, 'gamma0', { cause: e.cause });
          throw e;
        }
      }
      try {
        const base = k / count;
        if (!plain) {
          const checkM = ({ growth, kernelNorm, kernelNormEnd }: MomentumStability) => {
            const unstable = !(growth <= 1e-12) || !(kernelNorm < 1) || !(kernelNormEnd < 1);
            if (unstable) {
              const msg =
                `optimizer ${optimizer.name} is unstable: the one-step map's spectral radius - 1 = ${growth.toPrecision(4)} (needs <= 1e-12), ` +
                `frozen-time ||K|| = ${kernelNorm.toPrecision(4)} at t = 0 and ${kernelNormEnd.toPrecision(4)} at t = ${steps} (need < 1)`;
              if (!force)
                throw new PlrfError(
                  'UNSTABLE',
                  `${msg}; change the optimizer's coefficients, or set force (--force) to run anyway`,
                  'optimizer',
                );
              if (!warnings.some((w) => w.startsWith('optimizer'))) warnings.push(`${msg}; forced`);
            }
            F0s.push(measure.F0);
            norms.push(unstable ? Infinity : Math.max(kernelNorm, kernelNormEnd));
          };
          const threshold = force ? 1e6 * measure.p0 : Infinity;
          const mopts = { optimizer, batch, checkpoints, threshold, unitSteps, blockFraction: momentumFraction, check: checkM };
          const { loss, divergedAt: dv } = await solveMomentum(measure, mopts, (f) => ticker.tick(base + f / count));
          if (dv !== null) divergedAt = Math.min(divergedAt, dv);
          runs.push(loss);
          continue;
        }
        // Refuse an unstable gamma before any step (the job derives ||K|| and max |g| at gamma first).
        const check = ({ kernelNorm, maxAbsG }: RecursionStability) => {
          // |g| may round to exactly 1 for the smallest atoms (g = 1 - delta, delta ~ 1e-19): still stable.
          const unstable = !(maxAbsG <= 1) || !(kernelNorm < 1);
          if (unstable) {
            const msg = `gamma = ${gamma} is unstable: max |g(lambda)| = ${maxAbsG.toPrecision(4)} (needs < 1), ||K|| = ${kernelNorm.toPrecision(4)} (needs < 1)`;
            if (!force)
              throw new PlrfError(
                'UNSTABLE',
                `${msg}; lower gamma (or gamma0), or set force (--force) to run anyway`,
                options.gamma !== undefined ? 'gamma' : 'gamma0',
              );
            if (!warnings.some((w) => w.startsWith('gamma ='))) warnings.push(`${msg}; forced`);
          }
          F0s.push(measure.F0);
          norms.push(unstable ? Infinity : kernelNorm);
        };
        const { loss, divergedAt: dv } = await solveRecursion(
          measure,
          {
            gamma,
            batch,
            schedule,
            checkpoints,
            unitSteps,
            blockFraction,
            blockOrder,
            threshold: force ? 1e6 * measure.p0 : Infinity,
            check,
            // The unit steps of this measure may be kept across horizons.
            prefix: cache
              ? { cache, key: JSON.stringify([keyOf(k), gamma, batch, unitSteps, blockFraction, blockOrder, force]) }
              : undefined,
          },
          (f) => ticker.tick(base + f / count),
        );
        if (dv !== null) divergedAt = Math.min(divergedAt, dv);
        runs.push(loss);
      } finally {
        if (cache) cache.measures.set(keyOf(k), measure);
        else measure.dispose();
      }
    }
  } finally {
    shared?.dispose();
  }
  ticker.done();
  const kept = checkpoints.filter((r) => r < divergedAt).length;
  const { mean: loss, stderr } = meanAndStderr(runs, kept);
  let limit: number | null = 0;
  for (let k = 0; k < F0s.length; k++) limit = norms[k] < 1 && limit !== null ? limit + F0s[k] / (1 - norms[k]) / F0s.length : null;
  if (limit === null && plain) warnings.push('the limit is infinite: gamma is unstable (||K|| >= 1 or |g| >= 1)');
  // Coefficients varying with t have no frozen-time limit.
  const varying = !plain && [optimizer.gamma1, optimizer.gamma2, optimizer.gamma3, optimizer.delta].some((c) => c[2] !== 0 && c[0] !== 0);
  if (varying) limit = null;
  if (divergedAt !== Infinity)
    warnings.push(`diverged: the expected loss passed 10^6 P(0) at step ${divergedAt}; the curve stops before it`);
  const stepsKept = checkpoints.slice(0, kept);
  return {
    config: { alpha, beta, d, v, gamma, batch, steps, method, seeds: count, seed, wSeed, optimizer },
    steps: stepsKept,
    flops: stepsKept.map((r) => flopsOf(r, d, batch)),
    loss,
    stderr: runs.length > 1 ? stderr : null,
    limit,
    F0: F0s.reduce((s, x) => s + x, 0) / F0s.length,
    kernelNorm: norms.reduce((s, x) => s + x, 0) / norms.length, // Infinity when unstable
    runs: runs.map((r) => r.slice(0, kept)),
    diverged: divergedAt === Infinity ? null : { step: divergedAt },
    warnings,
  };
}
