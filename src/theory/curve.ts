// Expected loss curves from the mode recursion (docs/model.md §4), for any spectral measure: the
// measures of the method (one, or several W draws for finite), the recursion on each, the summary.

import { Ticker } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { runStepsAsync } from '../core/steps.js';
import { summarizeEnsemble } from '../model/ensemble.js';
import { PlrfProblem } from '../model/problem.js';
import { finiteMeasureSteps, measureSteps } from './buildMeasure.js';
import { resolveCurve, type CurveConfig, type CurveOptions, type CurveResult } from './curveOptions.js';
import type { SpectralMeasure } from './measure.js';
import type { CurveCache } from './curveCache.js';
import { solveMomentum, type MomentumStability } from './momentumRecursion.js';
import { solveRecursion, type RecursionStability } from './recursion.js';

export type { CurveOptions, CurveResult, RecursionOptions } from './curveOptions.js';

/**
 * The expected loss curve E P(r) of one-pass SGD, solved exactly (up to the stated block
 * accuracy) from the Volterra equation of docs/model.md §4 by the mode recursion, for the
 * `deterministic` equivalent (no sampling), a `finite` sampled W (or the mean over several), or
 * the `surrogate` Table-1 measure. Loss without the 1/2, summed batch gradient, f = r·d·B.
 * Accuracy: unit steps are exact; blocks of L <= blockFraction·r steps (a power of two) treat P
 * inside a block as the quadratic through the previous block's start and the block's ends
 * (blockOrder 2, the default with a constant learning rate: local error O(L^3 P''')) or as the line
 * through its ends (blockOrder 1, and always under a schedule: O(L^2 P''), blocks after r =
 * unitSteps). Second-order blocks are chosen by a local error control (blockTolerance, default 1e-8
 * on the estimated relative error): curves to 10^9 steps are within about 4e-9 relative of the exact
 * recursion, first order at its default 2^-10 within about 4e-8.
 *
 * @example
 * const c = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 1.2, d: 400, steps: 1e5 });
 * c.loss.at(-1); c.limit;
 */
export async function lossCurve(options: CurveOptions): Promise<CurveResult> {
  const config = await resolveCurve(options);
  const { method, count, checkpoints, optimizer, plain } = config;
  const ticker = new Ticker(options);
  const warnings: string[] = [];
  const runs: number[][] = [];
  const floors: number[] = [];
  const norms: number[] = [];
  let divergedAt = Infinity;
  let shared: PlrfProblem | null = null;
  const cache = options.cache;
  // What a measure depends on: the finite ones on their W stream, the others on their config.
  const keyOf = (k: number) =>
    method === 'finite'
      ? JSON.stringify([config.alpha, config.beta, config.d, config.v, config.wSeed ?? config.seed, config.wSeed === null ? 2 * k : 0])
      : JSON.stringify(config.measure);
  try {
    const tick = (k: number) => (f: number) => ticker.tick((k + 0.1 * f) / count);
    if (method === 'finite' && config.wSeed !== null && !cache?.measures.has(keyOf(0)))
      shared = await PlrfProblem.fromConfigAsync({ ...config, seed: config.wSeed, stream: 0 }, { signal: options.signal });
    for (let k = 0; k < count; k++) {
      const measure = cache?.measures.get(keyOf(k)) ?? (await measureOf(config, k, shared, tick(k), options.signal));
      try {
        // The unit steps of this measure may be kept across horizons.
        const { gamma, batch, unitSteps, blockFraction, blockOrder, force } = config;
        const prefix = cache
          ? { cache, key: JSON.stringify([keyOf(k), gamma, batch, unitSteps, blockFraction, blockOrder, force]) }
          : undefined;
        const run = await solveOn(measure, config, warnings, (f) => ticker.tick((k + f) / count), prefix);
        runs.push(run.loss);
        floors.push(measure.F0);
        norms.push(run.kernelNorm);
        if (run.divergedAt !== null) divergedAt = Math.min(divergedAt, run.divergedAt);
      } finally {
        if (cache) cache.measures.set(keyOf(k), measure);
        else measure.dispose();
      }
    }
  } finally {
    shared?.dispose();
  }
  ticker.done();
  // Coefficients varying with t have no frozen-time limit.
  const varying = !plain && [optimizer.gamma1, optimizer.gamma2, optimizer.gamma3, optimizer.delta].some((c) => c[2] !== 0 && c[0] !== 0);
  const summary = summarizeEnsemble({
    checkpoints,
    d: config.d,
    batch: config.batch,
    runs,
    floors,
    kernelNorms: norms,
    divergedAt: divergedAt === Infinity ? null : divergedAt,
    hasLimit: !varying,
    lossName: 'the expected loss',
    infiniteLimit: plain ? 'the limit is infinite: gamma is unstable (||K|| >= 1 or |g| >= 1)' : null,
  });
  const { alpha, beta, d, v, gamma, batch, steps, seed, wSeed } = config;
  return {
    config: { alpha, beta, d, v, gamma, batch, steps, method, seeds: count, seed, wSeed, optimizer },
    steps: summary.steps,
    flops: summary.flops,
    loss: summary.loss,
    stderr: summary.stderr,
    limit: summary.limit,
    F0: floors.reduce((s, x) => s + x, 0) / floors.length,
    kernelNorm: norms.reduce((s, x) => s + x, 0) / norms.length, // Infinity when unstable
    runs: summary.runs,
    diverged: summary.diverged,
    warnings: [...warnings, ...summary.warnings],
  };
}

/**
 * The curve on one measure: the SGD recursion, or the optimizer's, refusing an unstable gamma or
 * optimizer before any step (the jobs derive their stability numbers first) unless forced. Returns
 * the loss, the divergence step and ||K|| at gamma (Infinity when unstable).
 */
async function solveOn(
  measure: SpectralMeasure,
  config: CurveConfig,
  warnings: string[],
  progress: (f: number) => Promise<void>,
  prefix?: { cache: CurveCache; key: string },
): Promise<{ loss: number[]; divergedAt: number | null; kernelNorm: number }> {
  const { gamma, batch, checkpoints, unitSteps } = config;
  const threshold = config.force ? 1e6 * measure.p0 : Infinity;
  let kernelNorm = NaN;
  if (!config.plain) {
    const check = (s: MomentumStability) => {
      kernelNorm = momentumUnstable(config, s, warnings) ? Infinity : Math.max(s.kernelNorm, s.kernelNormEnd);
    };
    const { optimizer, momentumFraction: blockFraction, momentumTolerance: blockTolerance, momentumUnitSteps } = config;
    const mopts = { optimizer, batch, checkpoints, threshold, unitSteps: momentumUnitSteps, blockFraction, blockTolerance, check };
    const run = await solveMomentum(measure, mopts, progress);
    return { loss: run.loss, divergedAt: run.divergedAt, kernelNorm };
  }
  const check = (s: RecursionStability) => {
    kernelNorm = recursionUnstable(config, s, warnings) ? Infinity : s.kernelNorm;
  };
  const { schedule, blockFraction, blockOrder, blockTolerance } = config;
  const ropts = { gamma, batch, schedule, checkpoints, unitSteps, blockFraction, blockOrder, blockTolerance, threshold, check, prefix };
  const run = await solveRecursion(measure, ropts, progress);
  return { loss: run.loss, divergedAt: run.divergedAt, kernelNorm };
}

/** The measure of draw k: W of stream (seed, 2k) or the shared W for finite, else the one measure. */
async function measureOf(
  config: CurveConfig,
  k: number,
  shared: PlrfProblem | null,
  tick: (f: number) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<SpectralMeasure> {
  if (config.method === 'finite') {
    if (shared) return runStepsAsync(finiteMeasureSteps(shared), tick);
    const problem = await PlrfProblem.fromConfigAsync({ ...config, seed: config.seed, stream: 2 * k }, { signal });
    try {
      return await runStepsAsync(finiteMeasureSteps(problem), tick);
    } finally {
      problem.dispose();
    }
  }
  try {
    return await runStepsAsync(measureSteps(config.measure!), tick).catch((e: unknown) => {
      // Momentum/DANA's coarse default panels (docs/model.md §10) fall back to SGD's where they fail.
      const fallback = config.measure!.fallbackPanels;
      if (!(fallback && e instanceof PlrfError && e.code === 'NOT_CONVERGED')) throw e;
      return runStepsAsync(measureSteps({ ...config.measure!, contour: { ...config.measure!.contour, ...fallback } }), tick);
    });
  } catch (e) {
    // The measure was placed for the optimizer's effective step: name the optimizer.
    if (e instanceof PlrfError && e.param === 'gamma' && !config.plain) {
      throw new PlrfError(
        e.code,
        `the deterministic contour cannot be placed for optimizer ${config.optimizer.name} (effective step c(0) = gamma2 + gamma1 gamma3 = ${config.measure!.gamma}): ${e.message}`,
        'optimizer',
        { cause: e },
      );
    }
    throw e;
  }
}

/** Whether gamma fails the recursion's stability check: an `UNSTABLE` error, or (force) a warning. */
function recursionUnstable(config: CurveConfig, { kernelNorm, maxAbsG }: RecursionStability, warnings: string[]): boolean {
  // |g| may round to exactly 1 for the smallest atoms (g = 1 - delta, delta ~ 1e-19): still stable.
  const unstable = !(maxAbsG <= 1) || !(kernelNorm < 1);
  if (unstable) {
    const msg = `gamma = ${config.gamma} is unstable: max |g(lambda)| = ${maxAbsG.toPrecision(4)} (needs < 1), ||K|| = ${kernelNorm.toPrecision(4)} (needs < 1)`;
    if (!config.force)
      throw new PlrfError('UNSTABLE', `${msg}; lower gamma (or gamma0), or set force (--force) to run anyway`, config.rateParam);
    if (!warnings.some((w) => w.startsWith('gamma ='))) warnings.push(`${msg}; forced`);
  }
  return unstable;
}

/** Whether the optimizer fails the momentum recursion's stability check: an `UNSTABLE` error, or (force) a warning. */
function momentumUnstable(config: CurveConfig, { growth, kernelNorm, kernelNormEnd }: MomentumStability, warnings: string[]): boolean {
  const unstable = !(growth <= 1e-12) || !(kernelNorm < 1) || !(kernelNormEnd < 1);
  if (unstable) {
    const name = config.optimizer.name;
    const msg =
      `optimizer ${name} is unstable: the one-step map's spectral radius - 1 = ${growth.toPrecision(4)} (needs <= 1e-12), ` +
      `frozen-time ||K|| = ${kernelNorm.toPrecision(4)} at t = 0 and ${kernelNormEnd.toPrecision(4)} at t = ${config.steps} (need < 1)`;
    if (!config.force)
      throw new PlrfError('UNSTABLE', `${msg}; change the optimizer's coefficients, or set force (--force) to run anyway`, 'optimizer');
    if (!warnings.some((w) => w.startsWith('optimizer'))) warnings.push(`${msg}; forced`);
  }
  return unstable;
}
