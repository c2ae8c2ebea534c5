// Compute-optimal fronts from a family of loss curves P(r; d) (docs/model.md §8).

import { PlrfError } from '../core/errors.js';
import { finite, integer, knownKeys } from '../core/validate.js';
import { checkBudget, withBlocks } from '../core/memory.js';
import { jobSteps } from '../core/job.js';
import { runSteps } from '../core/steps.js';
import { core, type CoreExports } from '../core/wasm.js';

import {
  ERR_MEMORY,
  ERR_ARGUMENT,
  ERR_NOT_INTERIOR,
  ERR_NOT_CONVEX,
  FRONT_ERR_NO_INTERIOR,
  FRONT_ERR_EDGE,
  FRONT_ERR_FEW_POINTS,
  FRONT_CI_FEW,
  FRONT_CI_XI_OUTSIDE,
  FRONT_CI_ETA_OUTSIDE,
  FRONT_MIN_SAMPLES,
} from '../core/abi.js';

/** One loss curve of the family: model size d and the loss at flops f = r·d·B. */
export interface FrontCurve {
  d: number;
  /** Flops at each checkpoint (increasing; f = 0 entries are ignored). */
  flops: number[];
  /** (Mean) loss at each checkpoint. */
  loss: number[];
  /** Optional per-run losses (same checkpoints), for bootstrap confidence intervals over runs/W draws. */
  runs?: number[][];
}

/** Options of {@link computeOptimalFront}. */
export interface FrontOptions {
  /** 1: envelope (min over d); 2: IsoFLOP parabolas (default); 0: local slopes only (fits as Approach 1). */
  approach?: 0 | 1 | 2;
  /** Fit window [fMin, fMax] in flops; default: where the minimiser is interior. */
  window?: [number, number];
  /** Points of the IsoFLOP parabola: 3 (default; keeps more of the f range with a coarse d grid) or 5. */
  parabolaPoints?: 3 | 5;
  /** Points per decade of the flops grid; default 20. */
  density?: number;
  /** Bootstrap resamples over runs (curves with `runs`); default 200. */
  resamples?: number;
  /** Seed of the bootstrap; default 0. */
  seed?: number;
}

/** A point of the front. */
export interface FrontPoint {
  flops: number;
  loss: number;
  d: number;
}

/** Result of {@link computeOptimalFront}. */
export interface FrontResult {
  approach: 0 | 1 | 2;
  /** The fit window [fMin, fMax] (flops). */
  window: [number, number];
  /** Where the discrete minimiser is neither the smallest nor the largest d. */
  interior: [number, number] | null;
  /** Fitted exponents: d*(f) ~ f^xi, P*(f) ~ f^(-eta), with 95% intervals. */
  xi: number;
  eta: number;
  /** null when the method cannot give an interval containing the estimate (see `warnings`). */
  xiCI: [number, number] | null;
  etaCI: [number, number] | null;
  /** How the intervals were obtained. */
  ciMethod: 'bootstrap over runs' | 'sub-windows';
  /** The front on the flops grid (the fit uses the points inside the window). */
  front: FrontPoint[];
  /** Local exponents along the front (Approach 0): -d log P* / d log f and d log d* / d log f. */
  localSlopes: { flops: number; eta: number; xi: number }[];
  /** Why an interval is null, and other caveats of the fit. */
  warnings: string[];
}

/**
 * The compute-optimal front P*(f) = min_d P(f/(d B); d) of a family of loss curves on the common
 * axis f = r·d·B, with power-law fits P* ~ f^(-eta), d* ~ f^xi over a window (docs/model.md §8):
 * Approach 1 takes the envelope (log-log interpolation of each curve, discrete argmin d*);
 * Approach 2 fits a parabola to log P against log d through the 3 (or 5) points around the discrete
 * minimum at each f and takes its vertex, refusing (`NOT_INTERIOR`, `NOT_CONVEX`) where the minimum
 * is at the grid's edge or the curvature is not positive; Approach 0 reports the local slopes along
 * the front (finite-size drift). The default window is where the minimiser is interior.
 * Confidence intervals (95%): a percentile bootstrap over runs when every curve has at least two
 * `runs` (SGD seeds, W draws; runs drawn from the core's xoshiro256** stream (seed, "front"), see
 * assembly/front.ts), else the spread over sub-windows (the window's ends moved inward by up to a
 * quarter of its log-range). An interval that would not contain its estimate (a bootstrap not
 * centred on it, a full-window fit at the edge of the sub-window spread) or that rests on fewer than
 * 10 fits is null, and `warnings` says why. The arithmetic runs in the Wasm core (a front job).
 *
 * @example
 * const curves = await Promise.all(
 *   [200, 400, 800].map(async (d) => ({ d, ...(await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 0.6, d, steps: 1e8 / d })) })),
 * );
 * computeOptimalFront(curves).eta;
 */
export function computeOptimalFront(curves: FrontCurve[], options: FrontOptions = {}): FrontResult {
  const run = startFrontJob(curves, options);
  try {
    runSteps(jobSteps(run.job, (j, units) => run.c.frontStep(j, units), { initialUnits: 16, param: 'curves' }));
    return finishFrontJob(run);
  } catch (e) {
    throw frontError(run, run.c.jobStatus(run.job)) ?? e;
  } finally {
    run.c.jobFree(run.job);
  }
}

/** A begun front job and what the result needs. @internal */
export interface FrontRun {
  c: CoreExports;
  job: number;
  approach: 0 | 1 | 2;
  withRuns: boolean;
  resamples: number;
  window: [number, number] | null;
}

/** Validate, pack the curves and begin a front job (the caller steps, finishes and frees it). @internal */
export function startFrontJob(curves: FrontCurve[], options: FrontOptions = {}): FrontRun {
  knownKeys('computeOptimalFront', options, ['approach', 'window', 'parabolaPoints', 'density', 'resamples', 'seed']);
  if (!Array.isArray(curves) || curves.length < 3)
    throw new PlrfError('INVALID_ARGUMENT', 'computeOptimalFront needs at least 3 curves (distinct d)', 'curves');
  const approach = options.approach ?? 2;
  if (![0, 1, 2].includes(approach))
    throw new PlrfError('INVALID_ARGUMENT', `approach = ${String(approach)} is invalid: expected 0, 1 or 2`, 'approach');
  const k = (options.parabolaPoints ?? 3) as 3 | 5;
  if (k !== 3 && k !== 5)
    throw new PlrfError('INVALID_ARGUMENT', `parabolaPoints = ${String(k)} is invalid: expected 3 or 5`, 'parabolaPoints');
  const density = integer('density', options.density ?? 20, 2, 1000);
  const resamples = integer('resamples', options.resamples ?? 200, 10, 100_000);
  const seed = integer('seed', options.seed ?? 0, 0);
  const sorted = [...curves].sort((a, b) => a.d - b.d);
  sorted.forEach((c, i) => {
    integer(`curves[${i}].d`, c.d, 1);
    if (i > 0 && c.d === sorted[i - 1].d) throw new PlrfError('INVALID_ARGUMENT', `two curves have d = ${c.d}`, 'curves');
    if (!Array.isArray(c.flops) || !Array.isArray(c.loss) || c.flops.length !== c.loss.length || c.flops.length < 2) {
      throw new PlrfError('INVALID_ARGUMENT', `curves[${i}] needs flops and loss arrays of equal length >= 2`, 'curves');
    }
    c.loss.forEach((p, j) => finite(`curves[${i}].loss[${j}]`, p, { gt: 0 }));
  });
  // Common flops grid: from the smallest first positive flops to the largest last flops.
  const lo = Math.min(...sorted.map((c) => c.flops.find((f) => f > 0) ?? Infinity));
  const hi = Math.max(...sorted.map((c) => c.flops[c.flops.length - 1]));
  if (!(hi > lo)) throw new PlrfError('INVALID_ARGUMENT', 'the curves have no positive flops range', 'curves');
  let window: [number, number] | null = null;
  if (options.window) {
    const w = options.window;
    if (!Array.isArray(w) || w.length !== 2) throw new PlrfError('INVALID_ARGUMENT', 'window must be [fMin, fMax]', 'window');
    window = [finite('window[0]', w[0], { gt: 0 }), finite('window[1]', w[1], { gt: w[0] })];
  }
  const c = core();
  // Packing (assembly/front.ts): per curve d, count, flops[count], loss[count], nRuns, runs[nRuns x count].
  const withRuns = sorted.every((cv) => Array.isArray(cv.runs) && cv.runs.length >= 2);
  let length = 0;
  for (const cv of sorted) length += 3 + 2 * cv.flops.length + (withRuns ? cv.runs!.length * cv.flops.length : 0);
  const gridPoints = Math.ceil((c.mathLog(hi / lo) / Math.LN10) * density) + 1;
  const gridBytes = 8 * 17 * Math.max(3, gridPoints);
  checkBudget(
    8 * length + gridBytes + 24 * Math.max(resamples, 36),
    Math.max(8 * length, gridBytes),
    'curves',
    `a front of ${sorted.length} curves on ${gridPoints} flops`,
    'lower density or pass fewer checkpoints',
  );
  const job = withBlocks([length], (data) => {
    const v = data.view();
    let pos = 0;
    for (const cv of sorted) {
      const count = cv.flops.length;
      v[pos++] = cv.d;
      v[pos++] = count;
      v.set(cv.flops, pos);
      v.set(cv.loss, pos + count);
      pos += 2 * count;
      const runs = withRuns ? cv.runs! : [];
      v[pos++] = runs.length;
      for (const run of runs) {
        for (let t = 0; t < count; t++) v[pos + t] = (run as ArrayLike<number> | undefined)?.[t] as number; // ToNumber, as arithmetic would
        pos += count;
      }
    }
    return (
      c.frontBegin(
        data.ptr,
        length,
        sorted.length,
        approach,
        window ? window[0] : NaN,
        window ? window[1] : NaN,
        k,
        density,
        resamples,
        seed,
      ) >>> 0
    );
  });
  if (job === 0) throw new PlrfError('MEMORY', 'a Wasm allocation failed (the memory limit is reached)', 'curves');
  return { c, job, approach, withRuns, resamples, window };
}

/** The PlrfError of a failed front job (messages and params as the API documents). @internal */
export function frontError({ c, job, window }: FrontRun, status: number): PlrfError | null {
  const kind = c.frontErrorKind(job);
  const f = c.frontErrorFlops(job);
  if (status === ERR_NOT_INTERIOR && kind === FRONT_ERR_NO_INTERIOR) {
    return new PlrfError(
      'NOT_INTERIOR',
      'the compute-optimal d is never interior to the d grid on the flops range of the curves; widen the d grid or extend the curves',
      'curves',
    );
  }
  if (status === ERR_NOT_INTERIOR && kind === FRONT_ERR_EDGE) {
    return new PlrfError(
      'NOT_INTERIOR',
      `the IsoFLOP minimum at f = ${f.toExponential(3)} is at the edge of the d grid; narrow the window or widen the d grid`,
      'window',
    );
  }
  if (status === ERR_NOT_INTERIOR && kind === FRONT_ERR_FEW_POINTS) {
    const w = window ?? [c.frontWindow(job, 0), c.frontWindow(job, 1)];
    return new PlrfError(
      'NOT_INTERIOR',
      `the window [${w[0].toExponential(2)}, ${w[1].toExponential(2)}] holds fewer than 3 front points`,
      'window',
    );
  }
  if (status === ERR_NOT_CONVEX) {
    return new PlrfError(
      'NOT_CONVEX',
      `the IsoFLOP profile at f = ${f.toExponential(3)} has non-positive curvature; narrow the window`,
      'window',
    );
  }
  if (status === ERR_ARGUMENT) return new PlrfError('INVALID_ARGUMENT', 'the curves have no usable positive flops range', 'curves');
  if (status === ERR_MEMORY) return new PlrfError('MEMORY', 'a Wasm allocation failed (the memory limit is reached)', 'curves');
  return null;
}

/** The result object of a finished front job (copied out: free the job afterwards). @internal */
export function finishFrontJob({ c, job, approach, withRuns, resamples }: FrontRun): FrontResult {
  const mem = () => new Float64Array(c.memory.buffer);
  const triples = (ptr: number, count: number) => {
    const m = mem().subarray(ptr / 8, ptr / 8 + 3 * count);
    return Array.from({ length: count }, (_, i) => [m[3 * i], m[3 * i + 1], m[3 * i + 2]]);
  };
  const front: FrontPoint[] = triples(c.frontPoints(job) >>> 0, c.frontPointCount(job)).map(([flops, loss, d]) => ({ flops, loss, d }));
  const localSlopes = triples(c.frontSlopes(job) >>> 0, c.frontSlopeCount(job)).map(([flops, eta, xi]) => ({ flops, eta, xi }));
  const iLo = c.frontInterior(job, 0),
    iHi = c.frontInterior(job, 1);
  const xi = c.frontXi(job),
    eta = c.frontEta(job);
  const flags = c.frontCiFlags(job);
  const ciMethod: FrontResult['ciMethod'] = c.frontCiMethod(job) === 1 ? 'bootstrap over runs' : 'sub-windows';
  const raw = [0, 1, 2, 3].map((w) => c.frontInterval(job, w));
  const samples = c.frontSamples(job);
  const warnings: string[] = [];
  let xiCI: [number, number] | null = [raw[0], raw[1]],
    etaCI: [number, number] | null = [raw[2], raw[3]];
  const iv = (x: [number, number]) => `[${x[0].toFixed(4)}, ${x[1].toFixed(4)}]`;
  if (flags & FRONT_CI_FEW) {
    xiCI = etaCI = null;
    warnings.push(
      ciMethod === 'bootstrap over runs'
        ? `only ${samples} of ${resamples} bootstrap resamples could be fitted (at least ${FRONT_MIN_SAMPLES} are needed): no 95% intervals`
        : `only ${samples} sub-windows of the fit window hold 3 or more front points (at least ${FRONT_MIN_SAMPLES} are needed): no 95% intervals; widen the window or raise density`,
    );
  }
  const why =
    ciMethod === 'bootstrap over runs'
      ? 'the bootstrap is not centred on the estimate (biased resampled fits)'
      : 'the fits over sub-windows all lie to one side of the full-window fit (the exponent drifts across the window)';
  if (flags & FRONT_CI_XI_OUTSIDE) {
    warnings.push(`xi = ${xi.toFixed(4)} lies outside the 95% ${ciMethod} interval ${iv([raw[0], raw[1]])}: ${why}; xiCI is null`);
    xiCI = null;
  }
  if (flags & FRONT_CI_ETA_OUTSIDE) {
    warnings.push(`eta = ${eta.toFixed(4)} lies outside the 95% ${ciMethod} interval ${iv([raw[2], raw[3]])}: ${why}; etaCI is null`);
    etaCI = null;
  }
  if (withRuns && c.frontFailed(job) > 0.05 * resamples)
    warnings.push(`${c.frontFailed(job)} of ${resamples} bootstrap resamples could not be fitted in the window and were skipped`);
  return {
    approach,
    window: [c.frontWindow(job, 0), c.frontWindow(job, 1)],
    interior: Number.isNaN(iLo) ? null : [iLo, iHi],
    xi,
    eta,
    xiCI,
    etaCI,
    ciMethod,
    front,
    localSlopes,
    warnings,
  };
}

/**
 * A curve's loss at flops f by log-log linear interpolation between its checkpoints (the front's
 * own interpolation, computed in Wasm); NaN outside the curve's positive flops range. For plots.
 * @internal
 */
export function interpolateLogLog(flops: number[], loss: number[], f: number): number {
  const n = flops.length;
  if (n < 2 || loss.length !== n) return NaN;
  return withBlocks([n, n], (fb, lb) => {
    fb.set(flops);
    lb.set(loss);
    return core().interpolateLogLog(fb.ptr, lb.ptr, n, f);
  });
}
