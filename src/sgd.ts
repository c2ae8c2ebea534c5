// One-pass SGD on sampled PLRF problems: both engines of model.md §3, several seeds, mean and
// standard error at log-spaced checkpoints.

import { Ticker, type LongRunOptions } from './core/async.js';
import { PlrfError } from './core/errors.js';
import { checkBudget, WasmF64 } from './core/memory.js';
import { admissible, bool, integer, knownKeys, learningRate, oneOf, sizes } from './core/validate.js';
import { meanAndStderr } from './core/stats.js';
import { core, init } from './core/wasm.js';
import { defaultGamma, flops as flopsOf, resolveCheckpoints, stability, type ModelOptions } from './conventions.js';
import { checkProblemMemory, PlrfProblem, type Spectrum, type WStorage } from './problem.js';

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
}

/** Result of {@link simulateSgd}; arrays are indexed by checkpoint. */
export interface SgdResult {
  config: {
    alpha: number; beta: number; d: number; v: number; gamma: number; batch: number; steps: number;
    method: 'sgd' | 'sgd-direct'; engine: SgdEngine; seeds: number; seed: number; wSeed: number | null;
    storage: WStorage;
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

const KEYS = ['alpha', 'beta', 'd', 'v', 'batch', 'gamma', 'gamma0', 'steps', 'engine', 'storage', 'seeds', 'seed', 'wSeed',
  'points', 'at', 'force', 'signal', 'onProgress'] as const;

/** Work per Wasm call (in rough flop units), so that progress and abort are checked every few ms. */
const CHUNK_WORK = 2e7;

/**
 * Run one-pass SGD theta_(r+1) = theta_r - gamma sum_(i<=B) a_i (<a_i, theta_r> - y_i) from theta_0 = 0
 * on `seeds` independently sampled PLRF problems and record the exact population loss at about
 * `points` log-spaced checkpoints. Loss has no factor 1/2, the batch gradient is summed, flops
 * are r·d·B. An unstable gamma (some gamma (B+1) lambda_i >= 2, or ||K|| >= 1 on the actual
 * spectrum) is an `UNSTABLE` error unless `force` is set.
 *
 * @example
 * const res = await simulateSgd({ alpha: 1, beta: 0.75, d: 100, steps: 20000, seeds: 16 });
 * res.loss.at(-1); // mean loss at r = 20000, with res.stderr.at(-1) its standard error
 */
export async function simulateSgd(options: SgdOptions): Promise<SgdResult> {
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
  checkBudget((storage === 'f64' ? 8 : 4) * v * d + 8 * (d * d + 8 * v + 4 * batch * d), (storage === 'f64' ? 8 : 4) * v * d, 'd', `SGD at d = ${d}, v = ${v}`, 'reduce d or v');

  const gamma = rate.gamma ?? defaultGamma({ alpha, v, batch, gamma0: rate.gamma0 });
  const ticker = new Ticker(options);
  const warnings: string[] = [];
  const runs: number[][] = [];
  const spectra: SgdResult['spectra'] = [];
  let divergedAt = Infinity;

  const shared = wSeed === null ? null : await PlrfProblem.sampleAsync({ alpha, beta, d, v, seed: wSeed, stream: 0, storage }, { signal: options.signal });
  try {
    for (let k = 0; k < seeds; k++) {
      const problem = shared ?? await PlrfProblem.sampleAsync({ alpha, beta, d, v, seed, stream: 2 * k, storage }, { signal: options.signal });
      try {
        const spectrum = await problem.spectrumAsync({ signal: options.signal });
        const st = stability(spectrum.lambda, gamma, batch);
        spectra.push({ pStar: spectrum.pStar, kernelNorm: st.kernelNorm, modeFactor: st.modeFactor });
        if (!st.stable) {
          const msg = `gamma = ${gamma} is unstable for this W: max gamma(B+1)lambda = ${st.modeFactor.toPrecision(4)} (needs < 2), ` +
            `||K|| = ${st.kernelNorm.toPrecision(4)} (needs < 1)`;
          if (!force) throw new PlrfError('UNSTABLE', `${msg}; lower gamma (or gamma0), or set force (--force) to run anyway`, options.gamma !== undefined ? 'gamma' : 'gamma0');
          if (k === 0 || !warnings.some((w) => w.startsWith('gamma ='))) warnings.push(`${msg}; forced`);
        }
        const progressBase = k / seeds;
        const onChunk = (r: number) => ticker.tick(progressBase + r / Math.max(1, steps) / seeds);
        const threshold = force ? 1e6 * spectrum.p0 : 0;
        const run = engine === 'spectral'
          ? await runSpectral(problem, spectrum, gamma, batch, checkpoints, seed, 2 * k + 1, threshold, onChunk)
          : await runDirect(problem, gamma, batch, checkpoints, seed, 2 * k + 1, threshold, onChunk);
        runs.push(run.losses);
        if (run.divergedAt !== null) divergedAt = Math.min(divergedAt, run.divergedAt);
      } finally {
        if (!shared) problem.dispose();
      }
    }
  } finally {
    shared?.dispose();
  }
  ticker.done();

  // Curves stop before the first divergence of any run (never emit Infinity).
  const kept = checkpoints.filter((r) => r < divergedAt).length;
  const { mean: loss, stderr } = meanAndStderr(runs, kept);
  const stepsKept = checkpoints.slice(0, kept);
  let limit: number | null = 0;
  for (const s of spectra) limit = s.kernelNorm < 1 && limit !== null ? limit + s.pStar / (1 - s.kernelNorm) / spectra.length : null;
  if (limit === null) warnings.push('the limit is infinite: ||K|| >= 1 for some W');
  if (divergedAt !== Infinity) warnings.push(`diverged: the loss passed 10^6 P(0) at step ${divergedAt}; the curve stops before it`);
  return {
    config: { alpha, beta, d, v, gamma, batch, steps, method: engine === 'spectral' ? 'sgd' : 'sgd-direct', engine, seeds, seed, wSeed, storage },
    steps: stepsKept,
    flops: stepsKept.map((r) => flopsOf(r, d, batch)),
    loss,
    stderr: runs.length > 1 ? stderr : null,
    limit,
    runs: runs.map((r) => r.slice(0, kept)),
    spectra,
    diverged: divergedAt === Infinity ? null : { step: divergedAt },
    warnings,
  };
}

interface RunResult {
  losses: number[];
  divergedAt: number | null;
}

type ChunkFn = (r: number) => Promise<void>;

/** Drive `stepFn(n)` (which returns the steps done) through the checkpoints, recording `lossFn()`. */
async function drive(
  checkpoints: number[], chunk: number, stepFn: (n: number) => number, lossFn: () => number, onChunk: ChunkFn,
): Promise<RunResult> {
  const losses: number[] = [];
  let r = 0;
  for (const c of checkpoints) {
    while (r < c) {
      const n = Math.min(chunk, c - r);
      const done = stepFn(n);
      r += done;
      if (done < n) {
        // Fill the remaining checkpoints so that arrays stay rectangular; they are cut off later.
        while (losses.length < checkpoints.length) losses.push(NaN);
        return { losses, divergedAt: r };
      }
      await onChunk(r);
    }
    losses.push(lossFn());
  }
  return { losses, divergedAt: null };
}

async function runSpectral(
  problem: PlrfProblem, spectrum: Spectrum, gamma: number, batch: number, checkpoints: number[],
  seed: number, stream: number, threshold: number, onChunk: ChunkFn,
): Promise<RunResult> {
  const c = core();
  const d = problem.d;
  const blocks: WasmF64[] = [];
  const block = (n: number) => {
    const b = new WasmF64(n);
    blocks.push(b);
    return b;
  };
  try {
    const state = block(4), lam = block(d), w = block(d), z = block(batch * d), res = block(batch);
    c.rngSeed(state.ptr, seed, stream);
    const lv = lam.view(), wv = w.view();
    for (let i = 0; i < d; i++) {
      const l = spectrum.lambda[i];
      lv[i] = l > 0 ? l : 0;
      // w_i(0) = sqrt(lambda_i)(0 - phi*_i) = -g_i / sqrt(lambda_i)
      wv[i] = l > 0 ? -spectrum.projections[i] / Math.sqrt(l) : 0;
    }
    const sqrtPStar = Math.sqrt(spectrum.pStar);
    const chunk = Math.max(1, Math.min(2 ** 30, Math.floor(CHUNK_WORK / (batch * (30 * d + 30)))));
    return await drive(
      checkpoints, chunk,
      (n) => c.sgdSpectral(state.ptr, d, batch, gamma, lam.ptr, sqrtPStar, w.ptr, z.ptr, res.ptr, n, threshold),
      () => spectrum.pStar + c.dot(w.ptr, w.ptr, d),
      onChunk,
    );
  } finally {
    for (const b of blocks) b.free();
  }
}

async function runDirect(
  problem: PlrfProblem, gamma: number, batch: number, checkpoints: number[],
  seed: number, stream: number, threshold: number, onChunk: ChunkFn,
): Promise<RunResult> {
  const c = core();
  const { d, v } = problem;
  const blocks: WasmF64[] = [];
  const block = (n: number) => {
    const b = new WasmF64(n);
    blocks.push(b);
    return b;
  };
  try {
    const state = block(4), theta = block(d), x = block(batch * v), a = block(batch * d), res = block(batch);
    c.rngSeed(state.ptr, seed, stream);
    theta.fill(0);
    const chunk = Math.max(1, Math.min(2 ** 30, Math.floor(CHUNK_WORK / (batch * (2 * v * d + 30 * v)))));
    return await drive(
      checkpoints, chunk,
      (n) => problem.kernels.sgdDirect(state.ptr, problem.W.ptr, v, d, batch, gamma, problem.sqrtTau.ptr, problem.b.ptr,
        theta.ptr, x.ptr, a.ptr, res.ptr, n, problem.tau.ptr, threshold),
      () => problem.kernels.populationLoss(problem.W.ptr, v, d, problem.tau.ptr, problem.b.ptr, theta.ptr, x.ptr),
      onChunk,
    );
  } finally {
    for (const b of blocks) b.free();
  }
}
