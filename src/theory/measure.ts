// The spectral measure object: atoms (z_n, forcing mass phi_n, kernel mass nu_n) plus the atom F0 at
// zero, held in Wasm memory (docs/model.md §4-5). Its three producers are in buildMeasure.ts; every
// measure feeds the same mode recursion (recursion.ts).

import { PlrfError } from '../core/errors.js';
import { checkBudget, WasmF64, type WasmJob } from '../core/memory.js';
import { track, untrack } from '../core/finalizer.js';
import { finite, integer } from '../core/validate.js';
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
import { core } from '../core/wasm.js';
import type { MeasureMethod } from './measureOptions.js';

export type { ContourOptions, MeasureMethod, MeasureOptions } from './measureOptions.js';

/** Number of n-length arrays in a recursion workspace (the ABI's layout volterraWorkspace). */
export { WS_ARRAYS };
/** Offset of the per-gamma kernel weights kappa = gamma^2 B nu. */
export const KAPPA_RE = WS_KAPPA_RE;

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
    this.checkGamma(gamma, batch);
    return this.powerSums('forcing', [r], gamma, batch)[0];
  }

  /** Kernel K(r) = gamma^2 B Re sum_n nu_n g(z_n)^r (r >= 0 real). */
  kernel(r: number, gamma: number, batch = 1): number {
    finite('r', r, { ge: 0 });
    this.checkGamma(gamma, batch);
    return this.powerSums('kernel', [r], gamma, batch)[0];
  }

  /**
   * @internal F(r) or K(r) at several validated steps r >= 0 and a validated (gamma, B), with one
   * scratch copy of the measure at (gamma, B) for all of them.
   */
  powerSums(which: 'forcing' | 'kernel', rs: readonly number[], gamma: number, batch: number): number[] {
    this.checkContour(gamma, batch);
    const c = core();
    return this.withGamma(gamma, batch, true, (ws) =>
      rs.map((r) =>
        which === 'forcing' ? this.F0 + c.volterraPowerSum(ws, this.size, PHI_RE, r) : c.volterraPowerSum(ws, this.size, KAPPA_RE, r),
      ),
    );
  }

  /** @internal Validate (gamma, B) given to a method, then {@link SpectralMeasure.checkContour}. */
  checkGamma(gamma: number, batch: number): void {
    finite('gamma', gamma, { gt: 0 });
    integer('batch', batch, 1, 65536);
    this.checkContour(gamma, batch);
  }

  /** @internal A deterministic measure serves gamma (B+1) up to the value its contour was built for. */
  checkContour(gamma: number, batch: number): void {
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
