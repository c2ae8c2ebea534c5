// Small numerical tools for the fits (src/fit): Nelder-Mead, golden-section search, box-constrained
// least squares in a few variables in plain TypeScript (cheap; the fits they serve are statistical,
// not bit-reproducible across engines, as JS Math.log may differ by an ulp between hosts), and the
// percentiles and resampling indices, which come from the Wasm core (its sort and its generator).

import { withBlocks, WasmF64 } from '../core/memory.js';
import { core } from '../core/wasm.js';

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimise `f` over R^n by the Nelder-Mead simplex method (standard coefficients 1, 2, 1/2, 1/2);
 * `f` may be asynchronous. Bounds are the caller's job: return Infinity outside the feasible set
 * and the simplex shrinks away from it. Stops when the simplex's diameter (max-norm, in the
 * coordinates' units) is below `xTol` and the spread of its values below `fTol` (relative), or
 * after `maxEvaluations`.
 *
 * @example
 * (await nelderMead(([x, y]) => (x - 1) ** 2 + 10 * (y + 2) ** 2, [0, 0], { step: [0.5, 0.5] })).x // ~[1, -2]
 */
export async function nelderMead(
  f: (x: number[]) => number | Promise<number>,
  x0: number[],
  options: { step?: number[]; xTol?: number; fTol?: number; maxEvaluations?: number } = {},
): Promise<NelderMeadResult> {
  const n = x0.length;
  const step = options.step ?? x0.map((x) => (x === 0 ? 0.1 : 0.1 * Math.abs(x)));
  const xTol = options.xTol ?? 1e-6;
  const fTol = options.fTol ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  let evaluations = 0;
  const ev = async (x: number[]) => {
    evaluations++;
    const v = await f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  let pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step[i];
    pts.push(p);
  }
  let vals: number[] = [];
  for (const p of pts) vals.push(await ev(p));
  let converged = false;
  while (evaluations < maxEvaluations) {
    const order = vals.map((v, i) => i).sort((a, b) => vals[a] - vals[b]);
    pts = order.map((i) => pts[i]);
    vals = order.map((i) => vals[i]);
    let diam = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) diam = Math.max(diam, Math.abs(pts[i][j] - pts[0][j]));
    const spread = vals[n] - vals[0];
    if (diam < xTol && (spread <= fTol * (1 + Math.abs(vals[0])) || !Number.isFinite(spread))) {
      converged = Number.isFinite(vals[0]);
      break;
    }
    const centroid = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (pts[n][j] - c));
    const xr = along(-1);
    const fr = await ev(xr);
    if (fr < vals[0]) {
      const xe = along(-2);
      const fe = await ev(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
      continue;
    }
    if (fr < vals[n - 1]) {
      pts[n] = xr;
      vals[n] = fr;
      continue;
    }
    const outside = fr < vals[n];
    const xc = along(outside ? -0.5 : 0.5);
    const fc = await ev(xc);
    if (fc < (outside ? fr : vals[n])) {
      pts[n] = xc;
      vals[n] = fc;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      pts[i] = pts[i].map((x, j) => pts[0][j] + 0.5 * (x - pts[0][j]));
      vals[i] = await ev(pts[i]);
    }
  }
  let best = 0;
  for (let i = 1; i < vals.length; i++) if (vals[i] < vals[best]) best = i;
  return { x: pts[best], value: vals[best], evaluations, converged };
}

/**
 * Minimise a unimodal function of one variable on [a, b] by golden-section search to an interval
 * of width `tol`. Returns the best point seen.
 *
 * @example goldenSection((x) => (x - 2) ** 2, 0, 5).x // ~2
 */
export function goldenSection(f: (x: number) => number, a: number, b: number, tol = 1e-6): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a),
    d = a + g * (b - a);
  let fc = f(c),
    fd = f(d);
  let bestX = fc <= fd ? c : d,
    bestV = Math.min(fc, fd);
  for (let i = 0; i < 200 && b - a > tol; i++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
      if (fc < bestV) {
        bestV = fc;
        bestX = c;
      }
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
      if (fd < bestV) {
        bestV = fd;
        bestX = d;
      }
    }
  }
  return { x: bestX, value: bestV };
}

/**
 * Solve the small symmetric system M x = r (k <= 4, row-major M) by Gaussian elimination with
 * partial pivoting; null when M is singular to working precision.
 * @internal
 */
export function solveSmall(M: number[], r: number[], k: number): number[] | null {
  const a = M.slice(),
    b = r.slice();
  let scale = 0;
  for (const x of a) scale = Math.max(scale, Math.abs(x));
  if (!(scale > 0)) return null;
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let i = col + 1; i < k; i++) if (Math.abs(a[i * k + col]) > Math.abs(a[piv * k + col])) piv = i;
    if (!(Math.abs(a[piv * k + col]) > 1e-13 * scale)) return null;
    if (piv !== col) {
      for (let j = 0; j < k; j++) {
        const t = a[col * k + j];
        a[col * k + j] = a[piv * k + j];
        a[piv * k + j] = t;
      }
      const t = b[col];
      b[col] = b[piv];
      b[piv] = t;
    }
    for (let i = col + 1; i < k; i++) {
      const m = a[i * k + col] / a[col * k + col];
      if (m === 0) continue;
      for (let j = col; j < k; j++) a[i * k + j] -= m * a[col * k + j];
      b[i] -= m * b[col];
    }
  }
  const x = new Array(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < k; j++) s -= a[i * k + j] * x[j];
    x[i] = s / a[i * k + i];
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Box-constrained least squares in k <= 4 variables from the normal equations: minimise
 * x^T G x - 2 h^T x (G = X^T W X, h = X^T W t, so that the objective is the weighted squared error
 * up to a constant) subject to lo_j <= x_j <= hi_j (hi_j may be Infinity). Exact: every face of the
 * box (each variable free, at its lower or at its finite upper bound) is solved and the best
 * feasible face minimiser is returned (3^k faces at most; the global minimum of a convex quadratic
 * over a box is the unconstrained minimum over the affine hull of the face that contains it).
 *
 * @example
 * boxLeastSquares([1, 0, 0, 1], [-1, 2], [0, 0], [Infinity, 1]) // [0, 1]
 */
export function boxLeastSquares(G: number[], h: number[], lo: number[], hi: number[]): number[] {
  const k = h.length;
  let best: number[] | null = null,
    bestQ = Infinity;
  const states = new Array(k).fill(0); // 0 free, 1 at lo, 2 at hi
  const objective = (x: number[]) => {
    let q = 0;
    for (let i = 0; i < k; i++) {
      q -= 2 * h[i] * x[i];
      for (let j = 0; j < k; j++) q += x[i] * G[i * k + j] * x[j];
    }
    return q;
  };
  const total = 3 ** k;
  for (let code = 0; code < total; code++) {
    let c = code,
      skip = false;
    for (let i = 0; i < k; i++) {
      states[i] = c % 3;
      c = Math.floor(c / 3);
      if (states[i] === 2 && !Number.isFinite(hi[i])) skip = true;
      if (states[i] === 1 && !Number.isFinite(lo[i])) skip = true;
    }
    if (skip) continue;
    const x = new Array(k).fill(0);
    const free: number[] = [];
    for (let i = 0; i < k; i++) {
      if (states[i] === 0) free.push(i);
      else x[i] = states[i] === 1 ? lo[i] : hi[i];
    }
    if (free.length > 0) {
      const m = free.length;
      const M: number[] = new Array(m * m),
        r: number[] = new Array(m);
      for (let a = 0; a < m; a++) {
        let s = h[free[a]];
        for (let j = 0; j < k; j++) if (states[j] !== 0) s -= G[free[a] * k + j] * x[j];
        r[a] = s;
        for (let b = 0; b < m; b++) M[a * m + b] = G[free[a] * k + free[b]];
      }
      const sol = solveSmall(M, r, m);
      if (!sol) continue;
      let feasible = true;
      for (let a = 0; a < m; a++) {
        const i = free[a];
        const tol = 1e-12 * (1 + Math.abs(sol[a]));
        if (sol[a] < lo[i] - tol || sol[a] > hi[i] + tol) {
          feasible = false;
          break;
        }
        x[i] = Math.min(hi[i], Math.max(lo[i], sol[a]));
      }
      if (!feasible) continue;
    }
    const q = objective(x);
    if (q < bestQ) {
      bestQ = q;
      best = x;
    }
  }
  return best ?? lo.map((l, i) => (Number.isFinite(l) ? l : Number.isFinite(hi[i]) ? hi[i] : 0));
}

/** Linear-interpolated quantile of a sample (q in [0, 1]; NaN entries ignored); NaN for an empty sample. Computed in the Wasm core. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const c = core();
  return withBlocks([n, n], (x, tmp) => c.quantile(x.set(xs).ptr, tmp.ptr, n, q));
}

/** The central interval holding `level` of a sample: [q((1-level)/2), q((1+level)/2)]. */
export function percentileInterval(xs: ArrayLike<number>, level: number): [number, number] {
  return [quantile(xs, (1 - level) / 2), quantile(xs, (1 + level) / 2)];
}

/** Stream ids of the fits' resampling: (seed, FIT_STREAM + stream) of the core generator ("fit" << 16). */
export const FIT_STREAM = 0x6669740000;

/** A resampling generator: next index in [0, n) per call; free() releases its Wasm state. @internal */
export interface IndexGenerator {
  (n: number): number;
  free(): void;
}

/**
 * Resampling indices from the core's generator (xoshiro256** stream (seed, FIT_STREAM + stream) of
 * assembly/rng.ts: floor(u n) with a 53-bit uniform u), so the same seed draws the same indices in
 * every host. Free it when done.
 * @internal
 */
export function indexGenerator(seed: number, stream = 0): IndexGenerator {
  const c = core();
  const block = new WasmF64(5); // 32 bytes of state, then the drawn index
  c.rngSeed(block.ptr, seed, FIT_STREAM + stream);
  const next = ((n: number) => {
    c.rngFillIndices(block.ptr, n, block.ptr + 32, 1);
    return new Int32Array(c.memory.buffer, block.ptr + 32, 1)[0];
  }) as IndexGenerator;
  next.free = () => block.free();
  return next;
}
