// Spectral measures: atoms (z_n, forcing mass phi_n, kernel mass nu_n) plus the atom F0 at zero,
// from three producers (docs/model.md §4-5). They all feed the same mode recursion (curve.ts).

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { checkBudget, WasmF64, WasmJob } from '../core/memory.js';
import { jobError, jobSteps } from '../core/job.js';
import { runSteps, runStepsAsync, type Steps } from '../core/steps.js';
import { track, untrack } from '../core/finalizer.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
// The workspace size and the measure's offsets (in arrays) inside it: layout volterraWorkspace.
import {
  WS_ARRAYS,
  WS_KAPPA_RE,
  WS_NU_IM as NU_IM,
  WS_NU_RE as NU_RE,
  WS_PHI_IM as PHI_IM,
  WS_PHI_RE as PHI_RE,
  WS_Z_IM as Z_IM,
  WS_Z_RE as Z_RE,
} from '../core/abi.js';
import * as ABI from '../core/abi.js';
import { core, init } from '../core/wasm.js';
import { defaultGamma, type ModelOptions } from '../model/conventions.js';
import { PlrfProblem } from '../model/problem.js';

/** How a measure was produced. */
export type MeasureMethod = 'deterministic' | 'finite' | 'surrogate';

/** Number of n-length arrays in a recursion workspace (the ABI's layout volterraWorkspace). */
export { WS_ARRAYS };
/** Offset of the per-gamma kernel weights kappa = gamma^2 B nu. */
export const KAPPA_RE = WS_KAPPA_RE;

/** measureBegin methods (the ABI's MEASURE_* constants). */
const METHOD_CODE = { deterministic: ABI.MEASURE_DETERMINISTIC, surrogate: ABI.MEASURE_SURROGATE } as const;
/** measureValue indices (the ABI's MV_* constants). */
export const MV = {
  F0: ABI.MV_F0,
  p0: ABI.MV_P0,
  massEigen: ABI.MV_MASS_EIGEN,
  massForcing: ABI.MV_MASS_FORCING,
  left: ABI.MV_LEFT,
  right: ABI.MV_RIGHT,
  gammaMax: ABI.MV_GAMMA_MAX,
  failedNode: ABI.MV_FAILED_NODE,
  stableRight: ABI.MV_STABLE_RIGHT,
  eigenError: ABI.MV_EIGEN_ERROR,
  forcingError: ABI.MV_FORCING_ERROR,
  forcingTarget: ABI.MV_FORCING_TARGET,
  unstableKind: ABI.MV_UNSTABLE_KIND,
  allocDoubles: ABI.MV_ALLOC_DOUBLES,
  kappa: ABI.MV_KAPPA,
  traceD: ABI.MV_TRACE_D,
  nodesSolved: ABI.MV_NODES_SOLVED,
} as const;
const UNSTABLE_EDGE = ABI.MEASURE_UNSTABLE_EDGE,
  UNSTABLE_CUT = ABI.MEASURE_UNSTABLE_CUT;
const { ERR_MEMORY, ERR_CONTINUATION, ERR_BRANCH, ERR_MASS_CHECK, ERR_UNSTABLE, ERR_ARGUMENT } = ABI;

/** Contour of the deterministic equivalent (docs/model.md §5); defaults are the converged choice. */
export interface ContourOptions {
  /** Slope s of the ray z = x (1 + i s); default 0.3 (keep s < 1/3). */
  slope?: number;
  /** Width of the Gauss-Legendre panels on the ray, in log x; default 0.2. */
  panelWidth?: number;
  /** Gauss-Legendre nodes per ray panel; default 16. */
  nodesPerPanel?: number;
  /** Gauss-Legendre nodes on each vertical cap; default 64. */
  capNodes?: number;
  /** Left end x_L as a multiple of v^(-2 alpha) (sqrt(v/d) - 1)^2; default 0.3. */
  leftFactor?: number;
  /** Right end x_R; default min(3 (1 + tr D / d), 1.8 / (gamma (B+1))). */
  right?: number;
  /** Initial guess of m at the far starting point (testing the branch check); default 1. */
  start?: [number, number];
  /**
   * Sum the terms with tau_j |m| <= |z|/8 by their power series in tau_j m / z from precomputed
   * power sums (truncation below 1e-17 relative), instead of term by term; default true. The
   * results agree with the direct sums to rounding; false gives the O(v)-per-evaluation reference.
   */
  tailSums?: boolean;
}

/** Options of {@link spectralMeasure}. */
export interface MeasureOptions extends LongRunOptions, ModelOptions {
  method: MeasureMethod;
  /** default 4 d; the deterministic method needs v > d. */
  v?: number;
  /** Batch size B (deterministic: sets the contour's right end through the stability region); default 1. */
  batch?: number;
  /** Largest learning rate the measure will be used with (deterministic only); default gamma0 rule. */
  gamma?: number;
  /** finite: W from stream (seed, stream); default 0, 0. */
  seed?: number;
  stream?: number;
  contour?: ContourOptions;
  /** deterministic: build the contour above the whole spectrum even where |g| >= 1 (for forced, unstable runs). */
  force?: boolean;
}

/**
 * A spectral measure held in Wasm memory: atoms z_n (real for `finite` and `surrogate`, complex
 * contour nodes for `deterministic`), gamma-free forcing masses phi_n and kernel masses nu_n, and
 * the atom F0 at zero. Then F(r) = F0 + Re sum phi_n g(z_n)^r and
 * K(r) = gamma^2 B Re sum nu_n g(z_n)^r with g(z) = 1 - 2 gamma B z + gamma^2 B (B+1) z^2.
 * Dispose when done.
 */
export class SpectralMeasure {
  readonly method: MeasureMethod;
  readonly alpha: number;
  readonly beta: number;
  readonly d: number;
  readonly v: number;
  /** Number of atoms. */
  readonly size: number;
  /** Mass at zero: P* of the sampled W (finite) or the deterministic capacity floor (others). */
  readonly F0: number;
  /** P(0) = ||c||^2 = sum_j tau_j b_j^2. */
  readonly p0: number;
  /** deterministic: the enclosed eigenvalue mass (should be d) and forcing mass (should be P(0) - F0). */
  readonly masses: { eigen: number; forcing: number } | null;
  /** deterministic: the contour used. */
  readonly contour: { left: number; right: number; slope: number; panelWidth: number; nodesPerPanel: number; capNodes: number } | null;
  /** deterministic: the largest gamma·(B+1) the contour was built for (|g| < 1 on it); null otherwise. */
  readonly gammaMax: number | null;
  /** @internal The finished measure job (assembly/measure.ts) that owns the workspace. */
  readonly job: WasmJob;

  /** @internal */
  constructor(init: {
    method: MeasureMethod;
    alpha: number;
    beta: number;
    d: number;
    v: number;
    job: WasmJob;
    contour?: { slope: number; panelWidth: number; nodesPerPanel: number; capNodes: number };
  }) {
    const c = core();
    const job = init.job.ptr;
    const value = (which: number) => c.measureValue(job, which);
    this.method = init.method;
    this.alpha = init.alpha;
    this.beta = init.beta;
    this.d = init.d;
    this.v = init.v;
    this.job = init.job;
    this.size = c.measureSize(job);
    this.F0 = value(MV.F0);
    this.p0 = value(MV.p0);
    const deterministic = init.method === 'deterministic';
    this.masses = deterministic ? { eigen: value(MV.massEigen), forcing: value(MV.massForcing) } : null;
    this.contour = deterministic && init.contour ? { left: value(MV.left), right: value(MV.right), ...init.contour } : null;
    this.gammaMax = deterministic ? value(MV.gammaMax) : null;
    track(this, [this.job]);
  }

  /** @internal The workspace (volterra.ts layout, WS_ARRAYS·size doubles); ptr 0 once disposed. */
  get ws(): { ptr: number; view(): Float64Array } {
    const ptr = this.job.ptr === 0 ? 0 : core().measureWorkspace(this.job.ptr) >>> 0;
    const length = WS_ARRAYS * this.size;
    return { ptr, view: () => new Float64Array(core().memory.buffer, ptr, length) };
  }

  /** @internal */
  live(): void {
    if (this.job.ptr === 0) throw new PlrfError('DISPOSED', 'this SpectralMeasure has been disposed');
  }

  /** The atoms (copies): locations z, forcing masses phi and gamma-free kernel masses nu. */
  atoms(): { zRe: Float64Array; zIm: Float64Array; phiRe: Float64Array; phiIm: Float64Array; nuRe: Float64Array; nuIm: Float64Array } {
    this.live();
    const n = this.size;
    const all = new Float64Array(core().memory.buffer, this.ws.ptr, WS_ARRAYS * n);
    const part = (k: number) => all.slice(k * n, (k + 1) * n);
    return { zRe: part(Z_RE), zIm: part(Z_IM), phiRe: part(PHI_RE), phiIm: part(PHI_IM), nuRe: part(NU_RE), nuIm: part(NU_IM) };
  }

  /**
   * @internal Run `fn` on a scratch workspace holding a copy of the measure with the per-gamma arrays
   * derived at (gamma, B): the measure's own workspace is never written after construction.
   */
  withGamma<T>(gamma: number, batch: number, full: boolean, fn: (ws: number) => T): T {
    this.live();
    const c = core();
    const n = this.size;
    checkBudget(8 * WS_ARRAYS * n, 8 * WS_ARRAYS * n, 'd', `a scratch copy of a measure of ${n} atoms`, 'reduce d');
    const scratch = new WasmF64(WS_ARRAYS * n);
    try {
      scratch.view().set(this.ws.view().subarray(0, 6 * n));
      c.volterraSetGamma(scratch.ptr, n, gamma, batch, full ? 1 : 0);
      return fn(scratch.ptr);
    } finally {
      scratch.free();
    }
  }

  /** @internal ||K|| and max |g(z_n)| at (gamma, B) (the recursion job computes the same at its start). */
  setGamma(gamma: number, batch: number, full = true): { kernelNorm: number; maxAbsG: number } {
    const c = core();
    return this.withGamma(gamma, batch, full, (ws) => ({
      kernelNorm: c.volterraKernelNorm(ws, this.size),
      maxAbsG: c.volterraMaxAbsA(ws, this.size),
    }));
  }

  /** Forcing F(r) = F0 + Re sum_n phi_n g(z_n)^r at learning rate gamma and batch B (r >= 0 real). */
  forcing(r: number, gamma: number, batch = 1): number {
    finite('r', r, { ge: 0 });
    return this.powerSums('forcing', [r], gamma, batch)[0];
  }

  /** Kernel K(r) = gamma^2 B Re sum_n nu_n g(z_n)^r (r >= 0 real). */
  kernel(r: number, gamma: number, batch = 1): number {
    finite('r', r, { ge: 0 });
    return this.powerSums('kernel', [r], gamma, batch)[0];
  }

  /**
   * @internal F(r) or K(r) at several validated steps r >= 0, with one scratch copy of the measure
   * at (gamma, B) for all of them.
   */
  powerSums(which: 'forcing' | 'kernel', rs: readonly number[], gamma: number, batch: number): number[] {
    this.checkGamma(gamma, batch);
    const c = core();
    return this.withGamma(gamma, batch, true, (ws) =>
      rs.map((r) =>
        which === 'forcing' ? this.F0 + c.volterraPowerSum(ws, this.size, PHI_RE, r) : c.volterraPowerSum(ws, this.size, KAPPA_RE, r),
      ),
    );
  }

  /** @internal */
  checkGamma(gamma: number, batch: number): void {
    finite('gamma', gamma, { gt: 0 });
    integer('batch', batch, 1, 65536);
    if (this.gammaMax !== null && gamma * (batch + 1) > this.gammaMax.valueOf() * 1.0000001) {
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `gamma (B+1) = ${gamma * (batch + 1)} exceeds the value ${this.gammaMax} this deterministic measure's contour was built for; build it with the largest gamma and batch you will use`,
        'gamma',
      );
    }
  }

  /** Release the Wasm memory held by the measure. */
  dispose(): void {
    untrack(this);
    this.job.free();
  }

  /** Same as {@link SpectralMeasure.dispose}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

const KEYS = [
  'method',
  'alpha',
  'beta',
  'd',
  'v',
  'batch',
  'gamma',
  'gamma0',
  'seed',
  'stream',
  'contour',
  'force',
  'signal',
  'onProgress',
] as const;

/**
 * Build a spectral measure: `finite` (the eigen-decomposition of one sampled W: atoms lambda_i,
 * phi_i = rho_i, nu_i = lambda_i^2, F0 = P*), `deterministic` (no sampling: complex atoms on a
 * contour around the spectrum from the deterministic equivalent m(z), with mass self-checks) or
 * `surrogate` (the Table-1 picture: atoms tau_j, j <= d, rho_j = c_j^2 + (c_beta/d) tau_j, nu_j = tau_j^2,
 * F0 exact). Hold it with `using` or call dispose().
 *
 * @example
 * await init();
 * using m = await spectralMeasure({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100 });
 * m.F0; m.masses; // capacity floor; { eigen: 100, forcing: P(0) - F0 } to about 1e-12
 */
export async function spectralMeasure(options: MeasureOptions): Promise<SpectralMeasure> {
  await init();
  const ticker = new Ticker(options ?? {});
  return runStepsAsync(measureSteps(options), (f) => ticker.tick(f));
}

/** @internal Synchronous builder (after init). */
export function buildMeasure(options: MeasureOptions): SpectralMeasure {
  return runSteps(measureSteps(options));
}

/** @internal The builder in resumable pieces. */
export function* measureSteps(options: MeasureOptions): Steps<SpectralMeasure> {
  if (options === null || typeof options !== 'object') throw new PlrfError('INVALID_ARGUMENT', 'expected an options object', 'options');
  knownKeys('spectralMeasure', options, KEYS);
  const method = oneOf('method', options.method, ['deterministic', 'finite', 'surrogate'] as const);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options, method === 'deterministic');
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  const rate = learningRate(options);
  if (method === 'finite') {
    const seed = integer('seed', options.seed ?? 0, 0);
    const stream = integer('stream', options.stream ?? 0, 0);
    const problem = PlrfProblem.sample({ alpha, beta, d, v, seed, stream });
    try {
      return yield* finiteMeasureSteps(problem);
    } finally {
      problem.dispose();
    }
  }
  if (options.seed !== undefined || options.stream !== undefined) {
    throw new PlrfError('INVALID_ARGUMENT', `seed and stream apply to the finite method only (method = ${method})`, 'seed');
  }
  checkBudget(8 * (6 * v + WS_ARRAYS * (2 * d + 4096)), 8 * v, 'v', `a ${method} measure (v = ${v})`, 'reduce v');
  const gamma = rate.gamma ?? defaultGamma({ alpha, v, batch, gamma0: rate.gamma0 });
  const deterministic = method === 'deterministic';
  const opts = options.contour ?? {};
  let contour = { slope: 0.3, panelWidth: 0.2, nodesPerPanel: 16, capNodes: 64 };
  let leftFactor = 0.3,
    right = NaN,
    tailSums = true;
  const start = opts.start ?? [1, 0];
  const force = options.force ?? false;
  if (deterministic) {
    knownKeys('contour', opts, ['slope', 'panelWidth', 'nodesPerPanel', 'capNodes', 'leftFactor', 'right', 'start', 'tailSums']);
    tailSums = bool('contour.tailSums', opts.tailSums ?? true);
    contour = {
      slope: finite('contour.slope', opts.slope ?? 0.3, { gt: 0, lt: 1 }),
      panelWidth: finite('contour.panelWidth', opts.panelWidth ?? 0.2, { gt: 0.001, le: 2 }),
      nodesPerPanel: integer('contour.nodesPerPanel', opts.nodesPerPanel ?? 16, 2, 200),
      capNodes: integer('contour.capNodes', opts.capNodes ?? 64, 2, 1000),
    };
    leftFactor = finite('contour.leftFactor', opts.leftFactor ?? 0.3, { gt: 0, lt: 1 });
    // A given right end must be finite and above x_L, which the job computes: anything else is
    // passed as -inf, so that the job stops with ERR_ARGUMENT and x_L for the message.
    if (opts.right !== undefined) right = typeof opts.right === 'number' && Number.isFinite(opts.right) ? opts.right : -Infinity;
  }
  const c = core();
  const job = new WasmJob(
    c.measureBegin(
      METHOD_CODE[method],
      alpha,
      beta,
      d,
      v,
      batch,
      gamma,
      force ? 1 : 0,
      contour.slope,
      contour.panelWidth,
      contour.nodesPerPanel,
      contour.capNodes,
      leftFactor,
      right,
      start[0],
      start[1],
      tailSums ? 1 : 0,
    ),
    32 * v,
    `${v} doubles`,
  );
  let ok = false;
  try {
    let sized = false;
    const step = (ptr: number, units: number): number => {
      const status = c.measureStep(ptr, units);
      if (status < 0)
        throw measureError(ptr, status, { d, gamma, batch, right: opts.right, rateParam: rate.gamma !== undefined ? 'gamma' : 'gamma0' });
      if (!sized && deterministic && c.measureSize(ptr) > 0) {
        sized = true;
        const n = c.measureSize(ptr);
        checkBudget(8 * WS_ARRAYS * n, 8 * WS_ARRAYS * n, 'd', `a contour of ${n} nodes`, 'widen contour.panelWidth');
        job.account(32 * v + 8 * WS_ARRAYS * n);
      }
      return status;
    };
    // One stage (a pass over v) per piece before the contour; then pieces of nodes.
    // A contour node costs between a few and v term evaluations (tail sums skip most of them in the
    // bulk, not near the edges): cap a piece at about 2·10^6 terms so that none takes long.
    yield* jobSteps(job.ptr, step, { initialUnits: Math.max(1, Math.floor(2e5 / v)), maxUnits: Math.max(1, Math.floor(2e6 / v)) });
    job.account(8 * WS_ARRAYS * c.measureSize(job.ptr));
    const measure = new SpectralMeasure({ method, alpha, beta, d, v, job, contour: deterministic ? contour : undefined });
    ok = true;
    return measure;
  } finally {
    // on an error or an abort (the generator is closed early) the job is released too
    if (!ok) job.free();
  }
}

/** The PlrfError of a failed measure job, with today's codes, params and messages. */
function measureError(
  job: number,
  status: number,
  o: { d: number; gamma: number; batch: number; right: unknown; rateParam: string },
): PlrfError {
  const c = core();
  const value = (which: number) => c.measureValue(job, which);
  const n = c.measureSize(job),
    d = o.d;
  switch (status) {
    case ERR_MEMORY:
      return new PlrfError('MEMORY', `could not allocate ${value(MV.allocDoubles)} doubles in Wasm memory`);
    case ERR_ARGUMENT:
      // contour.right is not a finite number above x_L: the validator says so
      if (o.right !== undefined) finite('contour.right', o.right, { gt: value(MV.left) });
      break;
    case ERR_UNSTABLE:
      if (value(MV.unstableKind) === UNSTABLE_EDGE) {
        return new PlrfError(
          'UNSTABLE',
          `gamma = ${o.gamma} is unstable for B = ${o.batch}: the stability region gamma (B+1) z < 1.8 ends at ` +
            `${value(MV.right).toPrecision(4)}, below the lower edge of the spectrum of K (about ${value(MV.left).toPrecision(4)}); lower gamma (or gamma0)`,
          o.rateParam,
        );
      }
      if (value(MV.unstableKind) === UNSTABLE_CUT) {
        // The stability region gamma (B+1) z < 1.8 cuts through the spectrum.
        return new PlrfError(
          'UNSTABLE',
          `gamma = ${o.gamma} is unstable or too close to the stability limit for B = ${o.batch}: ` +
            `only ${value(MV.massEigen).toFixed(2)} of the d = ${d} eigenvalues of K lie below 1.8/(gamma (B+1)) = ${value(MV.stableRight).toPrecision(4)}; ` +
            `lower gamma (or gamma0), or set force (--force) to run anyway`,
          o.rateParam,
        );
      }
      break;
    case ERR_CONTINUATION:
      return new PlrfError('NOT_CONVERGED', `continuation of m(z) failed at contour node ${value(MV.failedNode)} of ${n}`);
    case ERR_BRANCH: {
      const node = value(MV.failedNode);
      const where = node < 0 ? 'the starting point above the spectrum' : `contour node ${node} of ${n}`;
      return new PlrfError(
        'NOT_CONVERGED',
        `m(z) landed on a non-physical branch at ${where} (Im m > 0, Im S_F < 0 or Im(-d m/z) < 0 for Im z > 0); the root was rejected`,
      );
    }
    case ERR_MASS_CHECK:
      return new PlrfError(
        'NOT_CONVERGED',
        `contour self-check failed: enclosed eigenvalue mass ${value(MV.massEigen)} vs d = ${d} (rel. ${value(MV.eigenError).toExponential(2)}), ` +
          `forcing mass ${value(MV.massForcing)} vs P(0) - F0 = ${value(MV.forcingTarget)} (rel. ${value(MV.forcingError).toExponential(2)}); the contour does not enclose the spectrum cleanly`,
      );
  }
  return jobError(status);
}

/** The finite measure of a sampled problem (eigen-decomposition of its K). */
export function finiteMeasure(problem: PlrfProblem): SpectralMeasure {
  return runSteps(finiteMeasureSteps(problem));
}

/** @internal */
export function* finiteMeasureSteps(problem: PlrfProblem): Steps<SpectralMeasure> {
  const sp = yield* problem.spectrumSteps();
  const d = problem.d;
  const lambda = new WasmF64(d),
    rho = new WasmF64(d);
  try {
    lambda.set(sp.lambda);
    rho.set(sp.rho);
    const job = new WasmJob(
      core().measureFromSpectrum(d, problem.v, lambda.ptr, rho.ptr, sp.pStar, sp.p0),
      8 * WS_ARRAYS * d,
      `${WS_ARRAYS * d} doubles`,
    );
    return new SpectralMeasure({ method: 'finite', alpha: problem.alpha, beta: problem.beta, d, v: problem.v, job });
  } finally {
    lambda.free();
    rho.free();
  }
}
