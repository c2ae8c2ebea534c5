// Spectral measures: atoms (z_n, forcing mass phi_n, kernel mass nu_n) plus the atom F0 at zero,
// from three producers (model.md §4-5). They all feed the same mode recursion (curve.ts).

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { checkBudget, WasmF64 } from '../core/memory.js';
import { Pacer, runSteps, runStepsAsync, type Steps } from '../core/steps.js';
import { track, untrack } from '../core/finalizer.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
// The workspace size and the measure's offsets (in arrays) inside it: layout volterraWorkspace.
import { WS_ARRAYS, WS_KAPPA_RE, WS_NU_IM as NU_IM, WS_NU_RE as NU_RE, WS_PHI_IM as PHI_IM, WS_PHI_RE as PHI_RE, WS_Z_IM as Z_IM, WS_Z_RE as Z_RE } from '../core/abi.js';
import { core, init } from '../core/wasm.js';
import { defaultGamma, traceD, type ModelOptions } from '../conventions.js';
import { PlrfProblem } from '../problem.js';

/** How a measure was produced. */
export type MeasureMethod = 'deterministic' | 'finite' | 'surrogate';

/** Number of n-length arrays in a recursion workspace (the ABI's layout volterraWorkspace). */
export { WS_ARRAYS };
/** Offset of the per-gamma kernel weights kappa = gamma^2 B nu. */
export const KAPPA_RE = WS_KAPPA_RE;

/** Contour of the deterministic equivalent (model.md §5); defaults are the converged choice. */
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
  /** @internal */ ws: WasmF64;

  /** @internal */
  constructor(init: {
    method: MeasureMethod; alpha: number; beta: number; d: number; v: number; ws: WasmF64; size: number; F0: number; p0: number;
    masses?: { eigen: number; forcing: number } | null; contour?: SpectralMeasure['contour']; gammaMax?: number | null;
  }) {
    this.method = init.method;
    this.alpha = init.alpha;
    this.beta = init.beta;
    this.d = init.d;
    this.v = init.v;
    this.ws = init.ws;
    this.size = init.size;
    this.F0 = init.F0;
    this.p0 = init.p0;
    this.masses = init.masses ?? null;
    this.contour = init.contour ?? null;
    this.gammaMax = init.gammaMax ?? null;
    track(this, [this.ws]);
  }

  /** @internal */
  live(): void {
    if (this.ws.ptr === 0) throw new PlrfError('DISPOSED', 'this SpectralMeasure has been disposed');
  }

  /** The atoms (copies): locations z, forcing masses phi and gamma-free kernel masses nu. */
  atoms(): { zRe: Float64Array; zIm: Float64Array; phiRe: Float64Array; phiIm: Float64Array; nuRe: Float64Array; nuIm: Float64Array } {
    this.live();
    const all = this.ws.view();
    const n = this.size;
    const part = (k: number) => all.slice(k * n, (k + 1) * n);
    return { zRe: part(Z_RE), zIm: part(Z_IM), phiRe: part(PHI_RE), phiIm: part(PHI_IM), nuRe: part(NU_RE), nuIm: part(NU_IM) };
  }

  /** @internal Set the per-gamma arrays and return ||K|| and max |g(z_n)|. */
  setGamma(gamma: number, batch: number, full = true): { kernelNorm: number; maxAbsG: number } {
    this.live();
    const c = core();
    c.volterraSetGamma(this.ws.ptr, this.size, gamma, batch, full ? 1 : 0);
    return { kernelNorm: c.volterraKernelNorm(this.ws.ptr, this.size), maxAbsG: c.volterraMaxAbsA(this.ws.ptr, this.size) };
  }

  /** Forcing F(r) = F0 + Re sum_n phi_n g(z_n)^r at learning rate gamma and batch B (r >= 0 real). */
  forcing(r: number, gamma: number, batch = 1): number {
    finite('r', r, { ge: 0 });
    this.checkGamma(gamma, batch);
    this.setGamma(gamma, batch, true);
    return this.F0 + core().volterraPowerSum(this.ws.ptr, this.size, PHI_RE, r);
  }

  /** Kernel K(r) = gamma^2 B Re sum_n nu_n g(z_n)^r (r >= 0 real). */
  kernel(r: number, gamma: number, batch = 1): number {
    finite('r', r, { ge: 0 });
    this.checkGamma(gamma, batch);
    this.setGamma(gamma, batch, true);
    return core().volterraPowerSum(this.ws.ptr, this.size, KAPPA_RE, r);
  }

  /** @internal */
  checkGamma(gamma: number, batch: number): void {
    finite('gamma', gamma, { gt: 0 });
    integer('batch', batch, 1, 65536);
    if (this.gammaMax !== null && gamma * (batch + 1) > this.gammaMax.valueOf() * 1.0000001) {
      throw new PlrfError('INVALID_ARGUMENT', `gamma (B+1) = ${gamma * (batch + 1)} exceeds the value ${this.gammaMax} this deterministic measure's contour was built for; build it with the largest gamma and batch you will use`, 'gamma');
    }
  }

  /** Release the Wasm memory held by the measure. */
  dispose(): void {
    untrack(this);
    this.ws.free();
  }

  /** Same as {@link SpectralMeasure.dispose}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

const KEYS = ['method', 'alpha', 'beta', 'd', 'v', 'batch', 'gamma', 'gamma0', 'seed', 'stream', 'contour', 'force', 'signal', 'onProgress'] as const;

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
  const blocks = [new WasmF64(v), new WasmF64(v), new WasmF64(v), new WasmF64(v)];
  const [tau, b, sq, c2] = blocks;
  try {
    const c = core();
    // Each stage is a single pass (or a few) over v: yield between them so that a cancellation
    // at v ~ 10^6 is served within tens of milliseconds.
    c.fillSpectrum(v, alpha, beta, tau.ptr, b.ptr, sq.ptr);
    yield 0;
    const tv = tau.view(), bv = b.view(), cv = c2.view();
    for (let j = 0; j < v; j++) cv[j] = tv[j] * bv[j] * bv[j];
    const p0 = c.sumCompensated(c2.ptr, v);
    yield 0;
    const kappa = v > d ? c.effectiveKappa(v, d, tau.ptr) : 0;
    yield 0;
    const F0 = v > d ? c.floorF0(v, tau.ptr, c2.ptr, kappa) : 0;
    yield 0;
    if (method === 'surrogate') {
      const cBeta = alpha > 0.5 && beta > 0.5 ? traceD(beta, v) : 0;
      const ws = new WasmF64(WS_ARRAYS * d).fill(0);
      const all = ws.view();
      const tv2 = tau.view(), cv2 = c2.view();
      for (let j = 0; j < d; j++) {
        all[Z_RE * d + j] = tv2[j];
        all[PHI_RE * d + j] = cv2[j] + (cBeta / d) * tv2[j];
        all[NU_RE * d + j] = tv2[j] * tv2[j];
      }
      return new SpectralMeasure({ method, alpha, beta, d, v, ws, size: d, F0, p0 });
    }
    return yield* deterministicMeasure({ alpha, beta, d, v, batch, gamma, tau, c2, p0, F0, contour: options.contour ?? {}, force: options.force ?? false });
  } finally {
    for (const blk of blocks) blk.free();
  }
}

/** The finite measure of a sampled problem (eigen-decomposition of its K). */
export function finiteMeasure(problem: PlrfProblem): SpectralMeasure {
  return runSteps(finiteMeasureSteps(problem));
}

/** @internal */
export function* finiteMeasureSteps(problem: PlrfProblem): Steps<SpectralMeasure> {
  const sp = yield* problem.spectrumSteps();
  const d = problem.d;
  const ws = new WasmF64(WS_ARRAYS * d).fill(0);
  const all = ws.view();
  for (let i = 0; i < d; i++) {
    const l = Math.max(0, sp.lambda[i]);
    all[Z_RE * d + i] = l;
    all[PHI_RE * d + i] = sp.rho[i];
    all[NU_RE * d + i] = l * l;
  }
  return new SpectralMeasure({ method: 'finite', alpha: problem.alpha, beta: problem.beta, d, v: problem.v, ws, size: d, F0: sp.pStar, p0: sp.p0 });
}

function* deterministicMeasure(o: {
  alpha: number; beta: number; d: number; v: number; batch: number; gamma: number; tau: WasmF64; c2: WasmF64;
  p0: number; F0: number; contour: ContourOptions; force: boolean;
}): Steps<SpectralMeasure> {
  const { d, v } = o;
  const opts = o.contour;
  knownKeys('contour', opts, ['slope', 'panelWidth', 'nodesPerPanel', 'capNodes', 'leftFactor', 'right', 'start', 'tailSums']);
  const tailSums = bool('contour.tailSums', opts.tailSums ?? true);
  const slope = finite('contour.slope', opts.slope ?? 0.3, { gt: 0, lt: 1 });
  const panelWidth = finite('contour.panelWidth', opts.panelWidth ?? 0.2, { gt: 0.001, le: 2 });
  const nodesPerPanel = integer('contour.nodesPerPanel', opts.nodesPerPanel ?? 16, 2, 200);
  const capNodes = integer('contour.capNodes', opts.capNodes ?? 64, 2, 1000);
  const leftFactor = finite('contour.leftFactor', opts.leftFactor ?? 0.3, { gt: 0, lt: 1 });
  const c = core();
  const tv = o.tau.view();
  const trD = c.sumCompensated(o.tau.ptr, v);
  const edge = Math.sqrt(v / d) - 1;
  const left = leftFactor * tv[v - 1] * edge * edge;
  const stableRight = 1.8 / (o.gamma * (o.batch + 1));
  const fullRight = 3 * (1 + trD / d); // above the whole spectrum
  const right = opts.right !== undefined
    ? finite('contour.right', opts.right, { gt: left })
    : o.force ? fullRight : Math.min(fullRight, stableRight);
  if (!(right > left * 1.01)) {
    throw new PlrfError('UNSTABLE', `gamma = ${o.gamma} is unstable for B = ${o.batch}: the stability region gamma (B+1) z < 1.8 ends at ` +
      `${right.toPrecision(4)}, below the lower edge of the spectrum of K (about ${left.toPrecision(4)}); lower gamma (or gamma0)`, 'gamma');
  }
  const start = opts.start ?? [1, 0];
  const n = c.contourSize(left, right, panelWidth, nodesPerPanel, capNodes);
  checkBudget(8 * WS_ARRAYS * n, 8 * WS_ARRAYS * n, 'd', `a contour of ${n} nodes`, 'widen contour.panelWidth');
  const ws = new WasmF64(WS_ARRAYS * n).fill(0);
  const work = new WasmF64(2 * Math.max(nodesPerPanel, capNodes));
  const st = new WasmF64(12);
  const tailBlock = tailSums ? new WasmF64(c.tailTableSize(v)) : null;
  const tail = tailBlock ? tailBlock.ptr : 0;
  let ok = false;
  try {
    if (tailBlock) c.tailTable(v, o.tau.ptr, o.c2.ptr, tail);
    let status = c.contourPrepare(v, d, o.tau.ptr, left, right, slope, panelWidth, nodesPerPanel, capNodes, ws.ptr, n, work.ptr, start[0], start[1], st.ptr, tail);
    // Continuation node by node, then the atoms: pieces of a few milliseconds each.
    const perNode = Math.max(1, Math.floor(2e5 / v));
    yield 0;
    if (status === 0) {
      const pacer = new Pacer(6, perNode);
      for (;;) {
        const r = pacer.run((count) => c.contourWalk(v, d, o.tau.ptr, st.ptr, count, tail));
        if (r < 0) { status = 1; break; }
        if (r === 1) break;
        yield 0;
      }
    }
    if (status === 0) {
      const pacer = new Pacer(6, perNode);
      for (;;) {
        const r = pacer.run((count) => c.contourSolve(v, d, o.tau.ptr, ws.ptr, n, capNodes, st.ptr, count, tail));
        if (r < 0) { status = 1; break; }
        if (r === 1) break;
        yield 0.8 * (c.contourStateValue(st.ptr, 3) / n);
      }
    }
    if (status === 0) {
      const pacer = new Pacer(6, perNode);
      for (let i = 0; i < n && status === 0;) {
        const i1 = Math.min(n, i + pacer.units);
        status = pacer.run(() => c.contourAtoms(v, d, o.tau.ptr, o.c2.ptr, ws.ptr, n, i, i1, st.ptr, tail));
        i = i1;
        if (i < n) yield 0.8 + 0.2 * (i / n);
      }
    }
    if (status === 1) throw new PlrfError('NOT_CONVERGED', `continuation of m(z) failed at contour node ${c.contourStateValue(st.ptr, 2)} of ${n}`);
    if (status === 2) {
      const node = c.contourStateValue(st.ptr, 2);
      const where = node < 0 ? 'the starting point above the spectrum' : `contour node ${node} of ${n}`;
      throw new PlrfError('NOT_CONVERGED', `m(z) landed on a non-physical branch at ${where} (Im m > 0, Im S_F < 0 or Im(-d m/z) < 0 for Im z > 0); the root was rejected`);
    }
    if (status !== 0) throw new PlrfError('INTERNAL', `contour construction failed (status ${status})`);
    const masses = { eigen: c.contourStateValue(st.ptr, 0), forcing: c.contourStateValue(st.ptr, 1) };
    const eigenErr = Math.abs(masses.eigen - d) / d;
    const forcingErr = Math.abs(masses.forcing - (o.p0 - o.F0)) / (o.p0 - o.F0);
    if (masses.eigen < d * (1 - 1e-6) && opts.right === undefined && !o.force && right === stableRight) {
      // The stability region gamma (B+1) z < 1.8 cuts through the spectrum.
      throw new PlrfError('UNSTABLE', `gamma = ${o.gamma} is unstable or too close to the stability limit for B = ${o.batch}: ` +
        `only ${masses.eigen.toFixed(2)} of the d = ${d} eigenvalues of K lie below 1.8/(gamma (B+1)) = ${stableRight.toPrecision(4)}; ` +
        `lower gamma (or gamma0), or set force (--force) to run anyway`, 'gamma');
    }
    if (!(eigenErr <= 1e-9) || !(forcingErr <= 1e-9)) {
      throw new PlrfError('NOT_CONVERGED', `contour self-check failed: enclosed eigenvalue mass ${masses.eigen} vs d = ${d} (rel. ${eigenErr.toExponential(2)}), ` +
        `forcing mass ${masses.forcing} vs P(0) - F0 = ${o.p0 - o.F0} (rel. ${forcingErr.toExponential(2)}); the contour does not enclose the spectrum cleanly`);
    }
    const measure = new SpectralMeasure({
      method: 'deterministic', alpha: o.alpha, beta: o.beta, d, v, ws, size: n, F0: o.F0, p0: o.p0, masses,
      contour: { left, right, slope, panelWidth, nodesPerPanel, capNodes }, gammaMax: o.gamma * (o.batch + 1),
    });
    ok = true;
    return measure;
  } finally {
    // on an error or an abort (the generator is closed early) the workspace is released too
    if (!ok) ws.free();
    work.free();
    st.free();
    tailBlock?.free();
  }
}
