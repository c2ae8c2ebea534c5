// Expected loss curves from the mode recursion (model.md §4), for any spectral measure.

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
import { meanAndStderr } from '../core/stats.js';
import { core, init } from '../core/wasm.js';
import { WasmF64 } from '../core/memory.js';
import { defaultGamma, flops as flopsOf, resolveCheckpoints, type ModelOptions } from '../conventions.js';
import { PlrfProblem } from '../problem.js';
import { finiteMeasureSteps, measureSteps, SpectralMeasure, type ContourOptions, type MeasureMethod } from './measure.js';
import { runStepsAsync } from '../core/steps.js';
import { CONSTANT, scheduleFunction, type Schedule } from './schedule.js';

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
   * 1 (default, model.md §4): P inside a block is the line through P at the block's two ends.
   * 2 (constant learning rate only; a schedule uses 1): the quadratic through P at the previous
   * block's start as well. At its default 2^-7 it is about 10x more accurate than first order at
   * 2^-10, in about half the time (curves to 10^9 steps).
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
}

/** Result of {@link lossCurve}. */
export interface CurveResult {
  config: {
    alpha: number; beta: number; d: number; v: number; gamma: number; batch: number; steps: number;
    method: MeasureMethod; seeds: number; seed: number; wSeed: number | null;
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

/**
 * Solve the recursion for one measure at the given checkpoints. Returns the loss per checkpoint
 * (cut before divergence) and the divergence step, if any.
 * @internal
 */
export async function solveRecursion(
  measure: SpectralMeasure, opts: { gamma: number; batch: number; schedule: (r: number) => number; checkpoints: number[];
    unitSteps: number; blockFraction: number; threshold: number; blockOrder?: 1 | 2 },
  onChunk: (r: number) => Promise<void>,
): Promise<{ loss: number[]; divergedAt: number | null }> {
  measure.live();
  const c = core();
  const ws = measure.ws.ptr, n = measure.size, F0 = measure.F0;
  const { batch, checkpoints, unitSteps, blockFraction, threshold } = opts;
  const constant = opts.schedule === CONSTANT;
  let P = F0 + c.volterraInit(ws, n);
  const loss: number[] = [];
  let currentGamma = NaN;
  let currentFull = false;
  const setGamma = (g: number, full: boolean) => {
    if (g === currentGamma && (currentFull || !full)) return;
    c.volterraSetGamma(ws, n, g, batch, full ? 1 : 0);
    currentGamma = g;
    currentFull = full;
  };
  let r = 0;
  // The block length at r before checkpoints shorten it: the power of two at or below blockFraction·r.
  const nominal = (x: number) => 2 ** Math.floor(Math.log2(Math.max(1, blockFraction * x)));
  // Second-order blocks interpolate P through the previous block's start: P there and its distance.
  const order2 = opts.blockOrder === 2 && constant;
  let Pprev = NaN, Lprev = 1;
  const unitChunk = Math.max(1, Math.floor(4e6 / Math.max(1, n)));
  // Block coefficients depend on (gamma, B, L) only: with L restricted to powers of two they are
  // computed once per length and reused (a block then costs about two unit steps).
  const cache = new Map<number, WasmF64>();
  const cache2 = new Map<string, WasmF64>();
  let sums: WasmF64 | null = null, sumLevels = 0;
  const clearCache = () => {
    for (const b of cache.values()) b.free();
    cache.clear();
    for (const b of cache2.values()) b.free();
    cache2.clear();
    sums?.free();
    sums = null;
  };
  try {
    for (const cp of checkpoints) {
      while (r < cp) {
        if (r < unitSteps) {
          const end = Math.min(cp, unitSteps);
          if (constant) {
            setGamma(opts.gamma, false);
            const m = Math.min(end - r, unitChunk);
            if (order2) {
              if (m > 1) P = c.volterraUnit(ws, n, F0, P, m - 1);
              Pprev = P;
              P = c.volterraUnit(ws, n, F0, P, 1);
              Lprev = 1;
            } else {
              P = c.volterraUnit(ws, n, F0, P, m);
            }
            r += m;
          } else {
            setGamma(opts.gamma * opts.schedule(r), false);
            P = c.volterraUnit(ws, n, F0, P, 1);
            r += 1;
          }
        } else {
          let L = nominal(r);
          while (L > cp - r) L /= 2;
          const g = opts.gamma * (constant ? 1 : opts.schedule(r + L / 2));
          if (g !== currentGamma || !currentFull) clearCache();
          setGamma(g, true);
          if (order2 && Number.isFinite(Pprev)) {
            const rho = Lprev / L;
            const key = `${L}:${rho}`;
            let coef2 = cache2.get(key);
            if (!coef2) {
              if (!sums) {
                // a^L and S0..S2 for every power of two up to the longest block of the curve.
                sumLevels = Math.floor(Math.log2(nominal(checkpoints[checkpoints.length - 1]))) + 1;
                sums = new WasmF64(8 * n * sumLevels);
                c.volterraBlockSums(ws, n, sumLevels, sums.ptr);
              }
              coef2 = new WasmF64(8 * n + 3);
              cache2.set(key, coef2);
              c.volterraBlockPrepare2(ws, n, Math.log2(L), rho, sums.ptr, coef2.ptr);
            }
            let count = 1;
            if (rho === 1 && L === nominal(r)) {
              for (let rr = r + L; count < unitChunk && rr + L <= cp && nominal(rr) === L; rr += L) count++;
            }
            P = c.volterraBlockRun2(ws, n, F0, Pprev, P, coef2.ptr, count, threshold);
            Pprev = c.volterraPrevP();
            Lprev = L;
            r += c.volterraBlocksDone() * L;
            if (!(P <= threshold)) return { loss, divergedAt: r };
            await onChunk(r);
            continue;
          }
          let coef = cache.get(L);
          if (!coef) {
            coef = new WasmF64(6 * n + 2);
            cache.set(L, coef);
            c.volterraBlockPrepare(ws, n, L, coef.ptr);
          }
          // The following blocks that this loop would give the same length (and gamma) run in one
          // call, one pass over the atoms each; the values are those of one call per block.
          let count = 1;
          if (constant && L === nominal(r)) {
            for (let rr = r + L; count < unitChunk && rr + L <= cp && nominal(rr) === L; rr += L) count++;
          }
          P = c.volterraBlockRun(ws, n, F0, P, coef.ptr, count, threshold);
          r += c.volterraBlocksDone() * L;
          if (order2) {
            // A first-order block opened the curve (unitSteps 0): later blocks interpolate through its start.
            Pprev = c.volterraPrevP();
            Lprev = L;
          }
        }
        if (!(P <= threshold)) return { loss, divergedAt: r };
        await onChunk(r);
      }
      loss.push(P);
    }
  } finally {
    clearCache();
  }
  return { loss, divergedAt: null };
}

const KEYS = ['method', 'alpha', 'beta', 'd', 'v', 'batch', 'gamma', 'gamma0', 'schedule', 'steps', 'points', 'at', 'seeds', 'seed',
  'wSeed', 'contour', 'force', 'unitSteps', 'blockFraction', 'blockOrder', 'signal', 'onProgress'] as const;

/**
 * The expected loss curve E P(r) of one-pass SGD, solved exactly (up to the stated block
 * accuracy) from the Volterra equation of model.md §4 by the mode recursion, for the
 * `deterministic` equivalent (no sampling), a `finite` sampled W (or the mean over several), or
 * the `surrogate` Table-1 measure. Loss without the 1/2, summed batch gradient, f = r·d·B.
 * Accuracy: unit steps are exact; blocks (after r = unitSteps) of L <= blockFraction·r steps (a
 * power of two) treat P inside a block as the line through its ends (blockOrder 1, the default:
 * local error O(L^2 P'')) or as the quadratic through the previous block's start and the block's
 * ends (blockOrder 2: O(L^3 P''')). At the defaults (2^-10 and 2^-7) curves to 10^9 steps are
 * within about 3e-8 and 3e-9 relative of the exact recursion.
 *
 * @example
 * const c = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 1.2, d: 400, steps: 1e5 });
 * c.loss.at(-1); c.limit;
 */
export async function lossCurve(options: CurveOptions): Promise<CurveResult> {
  if (options === null || typeof options !== 'object') throw new PlrfError('INVALID_ARGUMENT', 'lossCurve expects an options object', 'options');
  knownKeys('lossCurve', options, KEYS);
  const method = oneOf('method', options.method, ['deterministic', 'finite', 'surrogate'] as const);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options, method === 'deterministic');
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  const { steps, checkpoints } = resolveCheckpoints(options.steps, options.points, options.at);
  const seeds = integer('seeds', options.seeds ?? 1, 1, 1_000_000);
  const seed = integer('seed', options.seed ?? 0, 0);
  const wSeed = options.wSeed === undefined ? null : integer('wSeed', options.wSeed, 0);
  const force = bool('force', options.force ?? false);
  const unitSteps = integer('unitSteps', options.unitSteps ?? 10_000, 0);
  // First-order blocks by default (model.md §4: P linear inside a block); second-order blocks on
  // request (constant learning rate only), with their own default fraction.
  const schedule = scheduleFunction(options.schedule, steps);
  const constantRate = schedule === CONSTANT;
  const blockOrder = oneOf('blockOrder', String(options.blockOrder ?? 1), ['1', '2'] as const) === '2' ? 2 : 1;
  const blockFraction = finite('blockFraction', options.blockFraction ?? (blockOrder === 2 && constantRate ? 2 ** -7 : 2 ** -10), { gt: 0, le: 0.5 });
  const rate = learningRate(options);
  if (method !== 'finite' && (options.seeds !== undefined || options.wSeed !== undefined || options.seed !== undefined)) {
    throw new PlrfError('INVALID_ARGUMENT', `seeds, seed and wSeed apply to the finite method only (method = ${method})`, options.seeds !== undefined ? 'seeds' : options.seed !== undefined ? 'seed' : 'wSeed');
  }
  await init();
  const gamma = rate.gamma ?? defaultGamma({ alpha, v, batch, gamma0: rate.gamma0 });
  const ticker = new Ticker(options);
  const warnings: string[] = [];
  const runs: number[][] = [];
  const F0s: number[] = [];
  const norms: number[] = [];
  let divergedAt = Infinity;
  const count = method === 'finite' ? seeds : 1;
  let shared: PlrfProblem | null = null;
  try {
    const tick = (k: number) => (f: number) => ticker.tick((k + 0.1 * f) / count);
    if (method === 'finite' && wSeed !== null) shared = await PlrfProblem.sampleAsync({ alpha, beta, d, v, seed: wSeed, stream: 0 }, { signal: options.signal });
    for (let k = 0; k < count; k++) {
      let measure: SpectralMeasure;
      if (method === 'finite') {
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
        measure = await runStepsAsync(measureSteps({ method, alpha, beta, d, v, batch, gamma, contour: options.contour, force }), tick(k));
      }
      try {
        const { kernelNorm, maxAbsG } = measure.setGamma(gamma, batch, false);
        // |g| may round to exactly 1 for the smallest atoms (g = 1 - delta, delta ~ 1e-19): still stable.
        const unstable = !(maxAbsG <= 1) || !(kernelNorm < 1);
        if (unstable) {
          const msg = `gamma = ${gamma} is unstable: max |g(lambda)| = ${maxAbsG.toPrecision(4)} (needs < 1), ||K|| = ${kernelNorm.toPrecision(4)} (needs < 1)`;
          if (!force) throw new PlrfError('UNSTABLE', `${msg}; lower gamma (or gamma0), or set force (--force) to run anyway`, options.gamma !== undefined ? 'gamma' : 'gamma0');
          if (!warnings.some((w) => w.startsWith('gamma ='))) warnings.push(`${msg}; forced`);
        }
        F0s.push(measure.F0);
        norms.push(unstable ? Infinity : kernelNorm);
        const base = k / count;
        const { loss, divergedAt: dv } = await solveRecursion(
          measure,
          { gamma, batch, schedule, checkpoints, unitSteps, blockFraction, blockOrder, threshold: force ? 1e6 * measure.p0 : Infinity },
          (r) => ticker.tick(base + r / Math.max(1, steps) / count),
        );
        if (dv !== null) divergedAt = Math.min(divergedAt, dv);
        runs.push(loss);
      } finally {
        measure.dispose();
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
  if (limit === null) warnings.push('the limit is infinite: gamma is unstable (||K|| >= 1 or |g| >= 1)');
  if (divergedAt !== Infinity) warnings.push(`diverged: the expected loss passed 10^6 P(0) at step ${divergedAt}; the curve stops before it`);
  const stepsKept = checkpoints.slice(0, kept);
  return {
    config: { alpha, beta, d, v, gamma, batch, steps, method, seeds: count, seed, wSeed },
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
