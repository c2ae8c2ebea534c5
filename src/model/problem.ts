// A sampled PLRF problem (W, D, b) held in Wasm memory.

import { STORAGE_F32, STORAGE_F64 } from '../core/abi.js';
import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { jobSteps } from '../core/job.js';
import { checkBudget, WasmF64View, WasmJob, withBlocks } from '../core/memory.js';
import { runSteps, runStepsAsync, type Steps } from '../core/steps.js';
import { track as trackFinalizer, untrack } from '../core/finalizer.js';
import { admissible, integer, knownKeys, oneOf } from '../core/validate.js';
import { core } from '../core/wasm.js';

/** Options of {@link PlrfProblem.sample}. */
export interface ProblemOptions {
  /** Data complexity: covariance eigenvalues tau_j = j^(-2 alpha); alpha > 0. */
  alpha: number;
  /** Target complexity: b_j = j^(-beta); any finite value with alpha + beta > 1/2. */
  beta: number;
  /** Parameter count (model size), integer >= 1. */
  d: number;
  /** Hidden (ambient) dimension, integer >= d; default 4 d. */
  v?: number;
  /** Seed of the random features, integer in [0, 2^53); default 0. */
  seed?: number;
  /** Stream of the random features within the seed, integer in [0, 2^53); default 0. */
  stream?: number;
  /**
   * Storage of W: `f64` (default) or `f32`. With `f32` each entry of W is the f64 draw rounded to
   * the nearest float32 (relative change <= 2^-24), stored in half the memory; every computation
   * (SGD, loss, K and its spectrum) still runs in f64 on those rounded values, so an f32 problem is
   * exactly the f64 problem with W rounded. The direct SGD engine, bound by streaming W, runs about
   * twice as fast at sizes where W does not fit in cache.
   */
  storage?: WStorage;
}

/** Element type of W in Wasm memory. */
export type WStorage = 'f64' | 'f32';

/** A validated problem of f64 storage (see {@link PlrfProblem.fromConfig}). @internal */
export type ProblemConfig = { alpha: number; beta: number; d: number; v: number; seed: number; stream: number };

/** @internal The Wasm kernels that read W, for one storage type. */
export interface WKernels {
  gemvT(W: number, v: number, d: number, x: number, y: number): void;
  populationLoss(W: number, v: number, d: number, tau: number, b: number, theta: number, work: number): number;
  traceK(W: number, v: number, d: number, tau: number, work: number): number;
}

function kernelsFor(storage: WStorage): WKernels {
  const c = core();
  return storage === 'f64'
    ? { gemvT: c.gemvT, populationLoss: c.populationLoss, traceK: c.traceK }
    : { gemvT: c.gemvT_f32w, populationLoss: c.populationLoss_f32w, traceK: c.traceK_f32w };
}

/** Status of a job whose eigensolver did not converge (assembly/job.ts ERR_EIGEN). */
const ERR_EIGEN = -6;

/**
 * The spectrum of K = W^T D W and what SGD and the Volterra equation need from it.
 * Eigenvalues are sorted decreasingly; rho_i = (u_i^T D^(1/2) b)^2 with u_i the unit eigenvectors
 * of K^ = D^(1/2) W W^T D^(1/2) (equivalently rho_i = <U_i, W^T D b>^2 / lambda_i).
 */
export interface Spectrum {
  /** Eigenvalues lambda_1 >= ... >= lambda_d of K. */
  lambda: Float64Array;
  /** Forcing masses rho_i (sum_i rho_i = P(0) - P*). */
  rho: Float64Array;
  /** Projections g_i = <U_i, W^T D b> (signed), with U_i the unit eigenvectors of K. */
  projections: Float64Array;
  /** Capacity floor P* = min_theta P(theta) for this W (no factor 1/2). */
  pStar: number;
  /** P(0) = sum_j tau_j b_j^2 = ||D^(1/2) b||^2. */
  p0: number;
  /** tr K = sum_i lambda_i (an upper bound on lambda_1). */
  traceK: number;
}

// Hosts without explicit resource management still get a working `[Symbol.dispose]` method.
(Symbol as { dispose?: symbol }).dispose ??= Symbol.for('Symbol.dispose');

/** Largest v·d that fits the per-block limit of the Wasm allocator (f64 storage; twice this for f32). */
export const MAX_W_ENTRIES = Math.floor((2 ** 30 - 64) / 8);

/**
 * A power-law random-features problem: x ~ N(0, D), D = diag(j^(-2 alpha)), target y = <x, b> with
 * b_j = j^(-beta), features W in R^(v x d) with i.i.d. N(0, 1/d) entries (row-major, in Wasm memory).
 * The population loss is P(theta) = ||D^(1/2)(W theta - b)||^2, without a factor 1/2.
 * Holds Wasm memory: call {@link PlrfProblem.dispose} (or `using`) when done.
 *
 * @example
 * await init();
 * using p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 100, seed: 1 });
 * p.populationLoss(new Float64Array(100)); // = P(0) = sum_j j^(-2 alpha - 2 beta)
 */
export class PlrfProblem {
  readonly alpha: number;
  readonly beta: number;
  readonly d: number;
  readonly v: number;
  readonly seed: number;
  readonly stream: number;
  /** Element type of W in Wasm memory (see {@link ProblemOptions.storage}). */
  readonly storage: WStorage;
  /** @internal */ tau: WasmF64View;
  /** @internal */ b: WasmF64View;
  /** @internal */ sqrtTau: WasmF64View;
  /** @internal W, v·d entries of type `storage` (an f32 W occupies ceil(v·d/2) doubles). */ W: WasmF64View;
  /** @internal */ readonly kernels: WKernels;
  /** @internal The problem job (assembly/problem-job.ts) that owns W, tau, b and sqrtTau. */ readonly job: WasmJob;
  private cachedSpectrum: Spectrum | null = null;
  private spectraRunning = 0;
  private disposeWhenIdle = false;

  private constructor(alpha: number, beta: number, d: number, v: number, seed: number, stream: number, storage: WStorage) {
    this.storage = storage;
    this.kernels = kernelsFor(storage);
    this.alpha = alpha;
    this.beta = beta;
    this.d = d;
    this.v = v;
    this.seed = seed;
    this.stream = stream;
    const c = core();
    const bytes = (storage === 'f64' ? 8 : 4) * v * d + 8 * (3 * v + d + 4);
    this.job = new WasmJob(
      c.problemBegin(alpha, beta, d, v, seed, stream, storage === 'f64' ? STORAGE_F64 : STORAGE_F32),
      bytes,
      `W (v·d = ${v}·${d})`,
    );
    const job = this.job.ptr;
    this.tau = new WasmF64View(c.problemTau(job) >>> 0, v);
    this.b = new WasmF64View(c.problemB(job) >>> 0, v);
    this.sqrtTau = new WasmF64View(c.problemSqrtTau(job) >>> 0, v);
    this.W = new WasmF64View(c.problemW(job) >>> 0, storage === 'f64' ? v * d : Math.ceil((v * d) / 2));
    trackFinalizer(this, [this.job]);
  }

  /** Sample W row block by row block in the problem job (its generator state lives in Wasm memory). */
  private *sampleSteps(): Steps<void> {
    // About 2·10^5 normals in the first piece (units of 1000 flop-equivalents, 60 per normal).
    yield* jobSteps(this.job.ptr, core().problemStep, { initialUnits: 12000 });
  }

  private static validated(options: ProblemOptions): PlrfProblem {
    if (options === null || typeof options !== 'object') throw new PlrfError('INVALID_ARGUMENT', 'expected an options object', 'options');
    knownKeys('PlrfProblem.sample', options, ['alpha', 'beta', 'd', 'v', 'seed', 'stream', 'storage']);
    const { alpha, beta } = admissible(options.alpha, options.beta);
    const d = integer('d', options.d, 1, 2 ** 31 - 1);
    const v = integer('v', options.v ?? 4 * d, d, 2 ** 31 - 1);
    const seed = integer('seed', options.seed ?? 0, 0);
    const stream = integer('stream', options.stream ?? 0, 0);
    const storage = oneOf('storage', options.storage ?? 'f64', ['f64', 'f32'] as const);
    checkProblemMemory(d, v, options.v === undefined ? 'd' : 'v', storage);
    return new PlrfProblem(alpha, beta, d, v, seed, stream, storage);
  }

  /** Validate options and sample W from stream (seed, stream), synchronously. */
  static sample(options: ProblemOptions): PlrfProblem {
    return PlrfProblem.sampled(PlrfProblem.validated(options));
  }

  /** @internal Sample W (f64) for a model validated by a public entry point; the memory budget is still checked. */
  static fromConfig(config: ProblemConfig): PlrfProblem {
    return PlrfProblem.sampled(PlrfProblem.unchecked(config));
  }

  /** @internal As {@link PlrfProblem.fromConfig}, in pieces between which `signal` and `onProgress` are served. */
  static fromConfigAsync(config: ProblemConfig, run: LongRunOptions = {}): Promise<PlrfProblem> {
    return PlrfProblem.sampledAsync(PlrfProblem.unchecked(config), run);
  }

  private static unchecked(c: ProblemConfig): PlrfProblem {
    checkProblemMemory(c.d, c.v, 'v', 'f64');
    return new PlrfProblem(c.alpha, c.beta, c.d, c.v, c.seed, c.stream, 'f64');
  }

  private static sampled(p: PlrfProblem): PlrfProblem {
    try {
      runSteps(p.sampleSteps());
    } catch (e) {
      p.dispose();
      throw e;
    }
    return p;
  }

  /**
   * As {@link PlrfProblem.sample}, in pieces between which `signal` and `onProgress` are served
   * (sampling v·d normals takes about a second at the largest sizes). Same bits as `sample`.
   */
  static async sampleAsync(options: ProblemOptions, run: LongRunOptions = {}): Promise<PlrfProblem> {
    return PlrfProblem.sampledAsync(PlrfProblem.validated(options), run);
  }

  private static async sampledAsync(p: PlrfProblem, run: LongRunOptions): Promise<PlrfProblem> {
    try {
      const ticker = new Ticker(run);
      await runStepsAsync(p.sampleSteps(), (f) => ticker.tick(f));
    } catch (e) {
      p.dispose();
      throw e;
    }
    return p;
  }

  private live(): void {
    if (this.W.ptr === 0) throw new PlrfError('DISPOSED', 'this PlrfProblem has been disposed');
  }

  /** P(0) = ||D^(1/2) b||^2, the loss at theta = 0. */
  get p0(): number {
    this.live();
    return core().problemP0(this.job.ptr);
  }

  /** Exact population loss ||D^(1/2)(W theta - b)||^2 (no factor 1/2); theta has d entries. */
  populationLoss(theta: ArrayLike<number>): number {
    this.live();
    if (!theta || theta.length !== this.d) {
      throw new PlrfError('INVALID_ARGUMENT', `theta must have d = ${this.d} entries, got ${theta?.length}`, 'theta');
    }
    for (let i = 0; i < this.d; i++) {
      if (!Number.isFinite(theta[i])) throw new PlrfError('INVALID_ARGUMENT', `theta[${i}] = ${theta[i]} is not finite`, 'theta');
    }
    return withBlocks([this.d, this.v], (th, work) => {
      th.set(theta);
      return this.kernels.populationLoss(this.W.ptr, this.v, this.d, this.tau.ptr, this.b.ptr, th.ptr, work.ptr);
    });
  }

  /** tr K = sum_j tau_j ||W_j||^2, a cheap upper bound on the largest eigenvalue of K. */
  traceK(): number {
    this.live();
    return withBlocks([this.v], (work) => this.kernels.traceK(this.W.ptr, this.v, this.d, this.tau.ptr, work.ptr));
  }

  /** y = W^T x (x has v entries). */
  featuresOf(x: ArrayLike<number>): Float64Array {
    this.live();
    if (!x || x.length !== this.v) throw new PlrfError('INVALID_ARGUMENT', `x must have v = ${this.v} entries`, 'x');
    return withBlocks([this.v, this.d], (xb, yb) => {
      xb.set(x);
      this.kernels.gemvT(this.W.ptr, this.v, this.d, xb.ptr, yb.ptr);
      return yb.toArray();
    });
  }

  /** A copy of W (v x d, row-major), as f64 whatever the storage (f32 entries promoted exactly). */
  weights(): Float64Array {
    this.live();
    if (this.storage === 'f64') return this.W.toArray();
    return Float64Array.from(new Float32Array(core().memory.buffer, this.W.ptr, this.v * this.d));
  }

  /** tau_j = j^(-2 alpha), j = 1..v (a copy). */
  covariance(): Float64Array {
    this.live();
    return this.tau.toArray();
  }

  /** b_j = j^(-beta), j = 1..v (a copy). */
  target(): Float64Array {
    this.live();
    return this.b.toArray();
  }

  /**
   * Eigenvalues of K = W^T D W and the forcing masses, by an O(v d^2 + d^3) decomposition in Wasm
   * (computed once, then cached). Accuracy: eigenvalues to about d·eps·||K|| absolute, so modes far
   * below that (alpha >= 2 at large v) carry relative errors; their masses are correspondingly tiny.
   */
  spectrum(): Spectrum {
    return runSteps(this.spectrumSteps());
  }

  /** As {@link PlrfProblem.spectrum}, in pieces between which `signal` and `onProgress` are served. */
  async spectrumAsync(run: LongRunOptions = {}): Promise<Spectrum> {
    const ticker = new Ticker(run);
    return runStepsAsync(this.spectrumSteps(), (f) => ticker.tick(f));
  }

  /** @internal The decomposition in resumable pieces: the spectrum job (K by row blocks, eigen steps, the masses). */
  *spectrumSteps(): Steps<Spectrum> {
    this.live();
    if (this.cachedSpectrum) return this.cachedSpectrum;
    const { d, v } = this;
    // A dispose() during the warm-up or the job (which reads W) is deferred, then reported as DISPOSED.
    this.spectraRunning++;
    const disposedMeanwhile = () => {
      if (this.disposeWhenIdle) throw new PlrfError('DISPOSED', 'this PlrfProblem was disposed while its spectrum was being computed');
    };
    let spectrum: Spectrum;
    try {
      if (d >= 256) {
        const warm = warmUpEigen();
        try {
          for (let r = warm.next(); !r.done; r = warm.next()) {
            yield r.value;
            disposedMeanwhile();
          }
        } finally {
          warm.return(undefined as never); // frees the warm-up's own problem when stopped early
        }
      }
      const bytes = 8 * (d * d + 6 * d + v + 12);
      checkBudget(bytes, 8 * d * d, 'd', `the eigen-decomposition of K (d = ${d})`, 'reduce d');
      const c = core();
      const job = new WasmJob(c.spectrumBegin(this.job.ptr), bytes, `the eigen-decomposition of K (d = ${d})`);
      try {
        // About 4·10^6 flops (4 rows of K at d = 1000) in the first piece.
        const pieces = jobSteps(job.ptr, c.spectrumStep, {
          initialUnits: 4000,
          explain: (status) =>
            status === ERR_EIGEN ? `the eigensolver did not converge (d = ${d}, code ${c.spectrumEigenCode(job.ptr)})` : undefined,
        });
        for (let r = pieces.next(); !r.done; r = pieces.next()) {
          yield r.value;
          disposedMeanwhile();
        }
        const copy = (ptr: number) => new Float64Array(c.memory.buffer, ptr >>> 0, d).slice();
        spectrum = {
          lambda: copy(c.spectrumLambda(job.ptr)),
          rho: copy(c.spectrumRho(job.ptr)),
          projections: copy(c.spectrumProjections(job.ptr)),
          pStar: c.spectrumPStar(job.ptr),
          p0: c.spectrumP0(job.ptr),
          traceK: c.spectrumTraceK(job.ptr),
        };
      } finally {
        job.free();
      }
    } finally {
      this.spectraRunning--;
      if (this.disposeWhenIdle && this.spectraRunning === 0) this.dispose();
    }
    this.cachedSpectrum = spectrum;
    return spectrum;
  }

  /** Release the Wasm memory (idempotent). */
  dispose(): void {
    if (this.spectraRunning > 0) {
      // A spectrum is being computed from this problem's memory: release it when that ends.
      this.disposeWhenIdle = true;
      return;
    }
    untrack(this);
    this.job.free();
    for (const view of [this.W, this.tau, this.b, this.sqrtTau]) view.ptr = 0;
  }

  /** Same as {@link PlrfProblem.dispose}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

let warmedUp = false;

/**
 * V8 runs a Wasm function in its baseline tier until the function has used some execution budget,
 * and a call already running never switches tier: one large eigen-decomposition as the first call
 * runs entirely unoptimised (measured 17.7 s instead of 6.2 s at d = 1600). Two small
 * decompositions first (about 40 ms) trigger the optimising tier. In pieces (yielding 0), so that
 * an abort is served during the warm-up too.
 * @internal
 */
export function* warmUpEigen(): Steps<void> {
  if (warmedUp) return;
  warmedUp = true;
  for (let k = 0; k < 2; k++) {
    const p = PlrfProblem.sample({ alpha: 1, beta: 1, d: 128, seed: k });
    const g = p.spectrumSteps();
    try {
      while (!g.next().done) yield 0;
    } finally {
      g.return(undefined as never);
      p.dispose();
    }
  }
}

/** Refuse a (d, v) whose W does not fit, saying what does. */
export function checkProblemMemory(d: number, v: number, param: string, storage: WStorage = 'f64'): void {
  const bytes = storage === 'f64' ? 8 : 4;
  const maxEntries = Math.floor((2 ** 30 - 64) / bytes);
  const maxD = Math.floor(Math.sqrt(maxEntries / (v / d)));
  checkBudget(
    bytes * v * d + 8 * (4 * v + d),
    bytes * v * d,
    param,
    `W (v·d = ${v}·${d} = ${v * d} ${storage === 'f64' ? 'doubles' : 'floats'})`,
    `v·d must be <= ${maxEntries} with ${storage} storage; at v/d = ${+(v / d).toFixed(3)} that means d <= ${maxD}`,
  );
}
