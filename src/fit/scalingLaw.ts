// Scaling-law fits of users' runs (docs/model.md §9): a power law with offset L(x) = E + A x^-a, and the
// Chinchilla form L(N, D) = E + A N^-a + B D^-b, by variable projection with a summed Huber loss in
// log space; bootstrap intervals over runs, prediction intervals, compute-optimal allocation.

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { finite, integer, knownKeys, oneOf } from '../core/validate.js';
import { init } from '../core/wasm.js';
import { boxLeastSquares, goldenSection, indexGenerator, nelderMead, percentileInterval, solveSmall } from './optimize.js';

/** A fitted parameter: point estimate and its marginal confidence interval (bootstrap percentile). */
export interface ParamEstimate {
  value: number;
  ci: [number, number];
}

/** Options of {@link fitScalingLaw}. */
export interface ScalingLawOptions extends LongRunOptions {
  /** `power`: L = E + A x^-a (rows {x, loss}); `chinchilla`: L = E + A N^-a + B D^-b (rows {params, tokens, loss}). */
  form: 'power' | 'chinchilla';
  /** Huber threshold on log residuals; default 1e-3 (as in the Chinchilla paper). */
  huberDelta?: number;
  /** Bootstrap resamples over runs (rows); default 1000; 0 gives point estimates with null-width intervals. */
  bootstrap?: number;
  /** Confidence level of the intervals; default 0.95. */
  level?: number;
  /** Seed of the resampling; default 0. */
  seed?: number;
  /** Search range of the exponents a (and b); default [0.01, 3]. */
  exponentRange?: [number, number];
  /** chinchilla: a compute budget C in FLOPs, C = 6 N D; the result then has the compute-optimal N, D and loss. */
  budget?: number;
}

/** A row of the power form. */
export interface PowerPoint {
  x: number;
  loss: number;
}
/** A row of the Chinchilla form: N = params, D = tokens. */
export interface ChinchillaPoint {
  params: number;
  tokens: number;
  loss: number;
}

/** The compute-optimal allocation of a Chinchilla fit for a budget C = 6 N D. */
export interface ChinchillaBudget {
  /** The budget C in FLOPs. */
  flops: number;
  /** Compute-optimal parameter count N* (called d in the CLI's JSON, like plrf's model size). */
  d: number;
  /** Compute-optimal tokens D* = C / (6 N*). */
  tokens: number;
  /** Predicted loss E + A N*^-a + B D*^-b. */
  loss: number;
  /** Confidence interval of that expected loss (bootstrap). */
  ci: [number, number];
  /** Prediction interval for the loss of one new run at (N*, D*) (bootstrap plus resampled log residuals). */
  pi: [number, number];
  dCI: [number, number];
  tokensCI: [number, number];
}

/** Result of {@link fitScalingLaw}. */
export interface ScalingLawFit {
  form: 'power' | 'chinchilla';
  /** power: E, A, a; chinchilla: E, A, a, B, b (B multiplies D^-b; not a batch size). */
  params: Record<string, ParamEstimate>;
  level: number;
  huberDelta: number;
  /** Summed Huber loss of the log residuals at the estimate. */
  objective: number;
  /** Root mean square of log(observed) - log(fitted). */
  rmsLogResidual: number;
  /** Number of rows fitted. */
  n: number;
  /** log(observed) - log(fitted), per row. */
  residuals: number[];
  /** Bootstrap draws per parameter (resamples that failed are left out and counted). */
  bootstrap: { resamples: number; failed: number; draws: Record<string, number[]>; method: string };
  budget: ChinchillaBudget | null;
  warnings: string[];
  /** The search range of the exponents that was used. */
  exponentRange: [number, number];
}

const KEYS = ['form', 'huberDelta', 'bootstrap', 'level', 'seed', 'exponentRange', 'budget', 'signal', 'onProgress'] as const;

/** Prepared data: logs of the loss and the covariates. */
interface Prepared {
  k: number; // number of linear coefficients: 2 (E, A) or 3 (E, A, B)
  n: number;
  logL: Float64Array;
  L: Float64Array;
  u: Float64Array; // log x or log N
  w: Float64Array; // log D (chinchilla)
  delta: number;
  // workspace
  fx: Float64Array;
  fy: Float64Array;
  m: Float64Array;
  r: Float64Array;
  mt: Float64Array;
  rt: Float64Array;
}

interface Inner {
  coef: number[]; // E, A[, B]
  value: number; // summed Huber
}

/**
 * For fixed exponents, the best coefficients (E, A[, B]) >= 0 with E <= min loss of the rows in
 * use, under the summed Huber loss of log residuals (rows weighted by their bootstrap counts):
 * Gauss-Newton on log m with Huber weights (IRLS, a majorise-minimise scheme), each step an exact
 * box-constrained weighted least-squares problem, with step halving so the objective never
 * increases. Stops when a step gains less than 1e-10 relative (or after 200 steps).
 */
function innerSolve(p: Prepared, a: number, b: number, counts: Float64Array | null, warm: number[] | null): Inner {
  const { n, k, logL, L, u, w, delta, fx, fy } = p;
  let m = p.m,
    r = p.r;
  let emax = Infinity;
  for (let i = 0; i < n; i++) {
    fx[i] = Math.exp(-a * u[i]);
    fy[i] = k === 3 ? Math.exp(-b * w[i]) : 0;
    if ((counts === null || counts[i] > 0) && L[i] < emax) emax = L[i];
  }
  const lo = k === 3 ? [0, 0, 0] : [0, 0];
  const hi = k === 3 ? [emax, Infinity, Infinity] : [emax, Infinity];
  // The objective also leaves m and log residuals of the candidate in (mt, rt), so that an accepted
  // step's values are reused by the next iteration (rows with count 0 included).
  let mt = p.mt,
    rt = p.rt;
  const objective = (c0: number, c1: number, c2: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const mi = c0 + c1 * fx[i] + c2 * fy[i];
      if (!(mi > 0)) return Infinity;
      const ri = logL[i] - Math.log(mi);
      mt[i] = mi;
      rt[i] = ri;
      const ci = counts === null ? 1 : counts[i];
      if (ci === 0) continue;
      const ab = ri < 0 ? -ri : ri;
      s += ci * (ab <= delta ? 0.5 * ri * ri : delta * (ab - 0.5 * delta));
    }
    return s;
  };
  // One weighted box LS from accumulated normal equations (the unconstrained solution when it is
  // feasible, the exact face enumeration otherwise), with columns scaled to unit diagonal.
  const G = new Array(k * k).fill(0),
    h = new Array(k).fill(0),
    sc = new Array(k);
  const finishSolve = (): number[] => {
    for (let q = 0; q < k; q++) sc[q] = G[q * k + q] > 0 ? 1 / Math.sqrt(G[q * k + q]) : 1;
    for (let q = 0; q < k; q++) {
      h[q] *= sc[q];
      for (let t = 0; t < k; t++) G[q * k + t] *= sc[q] * sc[t];
    }
    let sol = solveSmall(G, h, k);
    if (sol) {
      for (let q = 0; q < k; q++) sol[q] *= sc[q];
      if (sol.every((x, q) => x >= lo[q] && x <= hi[q])) return sol;
    }
    sol = boxLeastSquares(
      G,
      h,
      lo.map((x, q) => x / sc[q]),
      hi.map((x, q) => x / sc[q]),
    );
    return sol.map((x, q) => x * sc[q]);
  };
  const accumulate = (i: number, W: number, t: number) => {
    const f1 = fx[i],
      f2 = fy[i];
    G[0] += W;
    G[1] += W * f1;
    G[k + 1] += W * f1 * f1;
    h[0] += W * t;
    h[1] += W * t * f1;
    if (k === 3) {
      G[2] += W * f2;
      G[5] += W * f1 * f2;
      G[8] += W * f2 * f2;
      h[2] += W * t * f2;
    }
  };
  const symmetrise = () => {
    for (let q = 0; q < k; q++) for (let t = 0; t < q; t++) G[q * k + t] = G[t * k + q];
  };
  let coef: number[];
  if (warm && warm[0] <= emax && warm.every((x) => x >= 0) && warm.some((x) => x > 0)) coef = warm.slice();
  else {
    G.fill(0);
    h.fill(0);
    for (let i = 0; i < n; i++) {
      const ci = counts === null ? 1 : counts[i];
      if (ci > 0) accumulate(i, ci / (L[i] * L[i]), L[i]);
    }
    symmetrise();
    coef = finishSolve();
  }
  const c = (q: number) => (q < k ? coef[q] : 0);
  let value = objective(c(0), c(1), c(2));
  if (!Number.isFinite(value)) {
    coef = new Array(k).fill(0);
    coef[0] = emax / 2;
    value = objective(coef[0], 0, 0);
  }
  const accept = () => {
    // swap the candidate's (m, r) into place
    const t1 = m;
    m = mt;
    mt = t1;
    const t2 = r;
    r = rt;
    rt = t2;
  };
  accept();
  // Each iteration tries a Newton step (Hessian weights psi'(r) + psi(r), clipped at 0: fast, finite
  // termination where the residuals' Huber zones settle) and falls back to the IRLS majoriser step
  // (weights psi(r)/r: always a descent step) when Newton fails to decrease the objective.
  const at = (next: number[], s: number) => {
    const c0 = coef[0] + s * (next[0] - coef[0]),
      c1 = coef[1] + s * (next[1] - coef[1]);
    const c2 = k === 3 ? coef[2] + s * (next[2] - coef[2]) : 0;
    if (c0 < 0 || c0 > emax * (1 + 1e-12) || c1 < 0 || c2 < 0) return null;
    return { coef: k === 3 ? [c0, c1, c2] : [c0, c1], value: objective(c0, c1, c2), s };
  };
  // Backtracking from s = 1; with `extend`, also doubling while the objective keeps falling (the
  // IRLS majoriser's steps are short when most residuals lie outside the Huber zone).
  const tryStep = (next: number[], extend: boolean) => {
    let s = 1;
    for (let tries = 0; tries < (extend ? 6 : 3); tries++) {
      const cand = at(next, s);
      if (cand && cand.value < value) {
        let best = cand;
        let fresh = true; // (mt, rt) hold best's values
        if (extend && s === 1) {
          for (let e = 0; e < 8; e++) {
            const c2 = at(next, 2 ** (e + 1));
            if (!c2 || !(c2.value < best.value)) {
              fresh = false;
              break;
            }
            best = c2;
          }
        }
        if (!fresh) objective(k > 0 ? best.coef[0] : 0, best.coef[1], k === 3 ? best.coef[2] : 0);
        return best;
      }
      s /= 2;
    }
    return null;
  };
  for (let it = 0; it < 200; it++) {
    // Newton: H = sum c (psi' + psi)_+ f f^T / m^2, gradient step b = sum c psi f / m.
    G.fill(0);
    h.fill(0);
    let inliers = 0;
    for (let i = 0; i < n; i++) {
      const ci = counts === null ? 1 : counts[i];
      if (ci === 0) continue;
      const ri = r[i],
        ab = ri < 0 ? -ri : ri;
      const psi = ab <= delta ? ri : ri < 0 ? -delta : delta;
      const dpsi = ab <= delta ? 1 : 0;
      if (dpsi) inliers += ci;
      const W = (ci * Math.max(0, dpsi + psi)) / (m[i] * m[i]);
      // h accumulates H theta + b: W (f . theta) f + c psi f / m, i.e. target t = m + c psi m / (W m^2) folded in.
      const f1 = fx[i],
        f2 = fy[i];
      G[0] += W;
      G[1] += W * f1;
      G[k + 1] += W * f1 * f1;
      if (k === 3) {
        G[2] += W * f2;
        G[5] += W * f1 * f2;
        G[8] += W * f2 * f2;
      }
      const g = W * m[i] + (ci * psi) / m[i];
      h[0] += g;
      h[1] += g * f1;
      if (k === 3) h[2] += g * f2;
    }
    let step: { coef: number[]; value: number } | null = null;
    if (inliers >= 1) {
      symmetrise();
      const proposal = finishSolve();
      // Converged: the Newton proposal no longer moves the coefficients (relative 1e-9).
      let moved = false;
      for (let q = 0; q < k; q++) if (Math.abs(proposal[q] - coef[q]) > 1e-9 * Math.abs(coef[q])) moved = true;
      if (!moved) break;
      step = tryStep(proposal, false);
    }
    if (!step) {
      G.fill(0);
      h.fill(0);
      for (let i = 0; i < n; i++) {
        const ci = counts === null ? 1 : counts[i];
        if (ci === 0) continue;
        const ri = r[i],
          ab = ri < 0 ? -ri : ri;
        accumulate(i, (ci * (ab <= delta ? 1 : delta / ab)) / (m[i] * m[i]), m[i] * (1 + ri));
      }
      symmetrise();
      step = tryStep(finishSolve(), true);
    }
    if (!step) break;
    accept();
    const gain = value - step.value;
    coef = step.coef;
    value = step.value;
    if (!(gain > 1e-10 * (1e-3 + value))) break;
  }
  return { coef, value };
}

/**
 * The profile objective V(x) = min over the coefficients of the summed Huber loss, x = [a] or [a, b],
 * and its gradient by the envelope theorem (the coefficients' box does not depend on the
 * exponents): dV/da = sum c psi(r) A log(N) N^-a / m, likewise for b.
 */
function profile(
  p: Prepared,
  x: number[],
  counts: Float64Array | null,
  warm: number[] | null,
): { value: number; grad: number[]; coef: number[] } {
  const a = x[0],
    b = p.k === 3 ? x[1] : 0;
  const inner = innerSolve(p, a, b, counts, warm);
  const [E, A] = inner.coef;
  const B = p.k === 3 ? inner.coef[2] : 0;
  let ga = 0,
    gb = 0;
  const { n, u, w, fx, fy, logL, delta } = p;
  for (let i = 0; i < n; i++) {
    const ci = counts === null ? 1 : counts[i];
    if (ci === 0) continue;
    const mi = E + A * fx[i] + B * fy[i];
    const ri = logL[i] - Math.log(mi);
    const psi = ri > delta ? delta : ri < -delta ? -delta : ri;
    ga += (ci * psi * A * u[i] * fx[i]) / mi;
    if (p.k === 3) gb += (ci * psi * B * w[i] * fy[i]) / mi;
  }
  return { value: inner.value, grad: p.k === 3 ? [ga, gb] : [ga], coef: inner.coef };
}

/**
 * Quasi-Newton (BFGS) on the profile objective inside the exponent box, from x0 with the inverse
 * Hessian guess H0 (the full-data curvature: a good preconditioner for bootstrap refits, which move
 * little). Armijo backtracking on the projected step; resets to H0 when a step is not a descent.
 */
function quasiNewton(
  p: Prepared,
  range: [number, number],
  counts: Float64Array | null,
  x0: number[],
  H0: number[],
  warm0: number[],
  xTol: number,
): Estimate {
  const dim = x0.length;
  const clamp = (x: number[]) => x.map((v) => Math.min(range[1], Math.max(range[0], v)));
  let x = clamp(x0);
  let cur = profile(p, x, counts, warm0);
  let H = H0.slice();
  for (let it = 0; it < 40; it++) {
    const g = cur.grad;
    const d = new Array(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) d[i] -= H[i * dim + j] * g[j];
    let slope = 0;
    for (let i = 0; i < dim; i++) slope += g[i] * d[i];
    if (!(slope < 0)) {
      if (H.every((h, i) => h === H0[i])) break;
      H = H0.slice();
      continue;
    }
    let t = 1,
      next: ReturnType<typeof profile> | null = null,
      xn = x;
    for (let tries = 0; tries < 20; tries++) {
      xn = clamp(x.map((v, i) => v + t * d[i]));
      const cand = profile(p, xn, counts, cur.coef);
      let dec = 0;
      for (let i = 0; i < dim; i++) dec += g[i] * (xn[i] - x[i]);
      if (cand.value <= cur.value + 1e-4 * Math.min(0, dec)) {
        next = cand;
        break;
      }
      t /= 2;
    }
    if (!next) break;
    const sv = xn.map((v, i) => v - x[i]);
    const yv = next.grad.map((v, i) => v - g[i]);
    const sy = sv.reduce((acc, v, i) => acc + v * yv[i], 0);
    if (sy > 1e-14) {
      // H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T
      const rho = 1 / sy;
      const Hy = new Array(dim).fill(0);
      for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) Hy[i] += H[i * dim + j] * yv[j];
      const yHy = yv.reduce((acc, v, i) => acc + v * Hy[i], 0);
      const Hn = H.slice();
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < dim; j++) {
          Hn[i * dim + j] += -rho * (Hy[i] * sv[j] + sv[i] * Hy[j]) + (rho * rho * yHy + rho) * sv[i] * sv[j];
        }
      }
      H = Hn;
    }
    const moved = Math.max(...sv.map(Math.abs));
    x = xn;
    cur = next;
    if (moved < xTol) break;
  }
  return { a: x[0], b: dim === 2 ? x[1] : NaN, coef: cur.coef, value: cur.value };
}

/** Inverse of the profile's Hessian at x by central differences of the gradient, made positive definite. */
function inverseHessian(p: Prepared, x: number[], coef: number[]): number[] {
  const dim = x.length;
  const Hm = new Array(dim * dim).fill(0);
  for (let j = 0; j < dim; j++) {
    const h = 1e-3 * Math.max(0.05, x[j]);
    const xp = x.slice(),
      xm = x.slice();
    xp[j] += h;
    xm[j] -= h;
    const gp = profile(p, xp, null, coef).grad,
      gm = profile(p, xm, null, coef).grad;
    for (let i = 0; i < dim; i++) Hm[i * dim + j] = (gp[i] - gm[i]) / (2 * h);
  }
  if (dim === 1) return [Hm[0] > 0 ? 1 / Hm[0] : 1e-4];
  const a = Hm[0],
    b = 0.5 * (Hm[1] + Hm[2]),
    c = Hm[3];
  // eigen-decomposition of the symmetric 2x2, eigenvalues floored
  const tr = a + c,
    det = a * c - b * b,
    disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc,
    l2 = tr / 2 - disc;
  const floor = Math.max(l1, 1e-12) * 1e-6;
  const e1 = Math.max(l1, floor),
    e2 = Math.max(l2, floor);
  let v1 = [b, l1 - a];
  if (Math.hypot(v1[0], v1[1]) < 1e-300) v1 = a >= c ? [1, 0] : [0, 1];
  const nv = Math.hypot(v1[0], v1[1]);
  const [p1, q1] = [v1[0] / nv, v1[1] / nv];
  const [p2, q2] = [-q1, p1];
  return [
    (p1 * p1) / e1 + (p2 * p2) / e2,
    (p1 * q1) / e1 + (p2 * q2) / e2,
    (p1 * q1) / e1 + (p2 * q2) / e2,
    (q1 * q1) / e1 + (q2 * q2) / e2,
  ];
}

function geometricGrid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

interface Estimate {
  a: number;
  b: number;
  coef: number[];
  value: number;
}

/** Full search: a grid over the exponents, then local refinement from the best grid points. */
async function fullSearch(p: Prepared, range: [number, number], counts: Float64Array | null): Promise<Estimate> {
  const [lo, hi] = range;
  if (p.k === 2) {
    const grid = geometricGrid(lo, hi, 48);
    const vals = grid.map((a) => innerSolve(p, a, 0, counts, null).value);
    let best = 0;
    for (let i = 1; i < grid.length; i++) if (vals[i] < vals[best]) best = i;
    const g = goldenSection(
      (a) => innerSolve(p, a, 0, counts, null).value,
      grid[Math.max(0, best - 1)],
      grid[Math.min(grid.length - 1, best + 1)],
      1e-7,
    );
    const inner = innerSolve(p, g.x, 0, counts, null);
    return { a: g.x, b: NaN, coef: inner.coef, value: inner.value };
  }
  const grid = geometricGrid(lo, hi, 24);
  const vals: number[][] = grid.map((a) => grid.map((b) => innerSolve(p, a, b, counts, null).value));
  // Local minima of the grid (8-neighbourhood), best first; refine the best three.
  const minima: { i: number; j: number; v: number }[] = [];
  for (let i = 0; i < grid.length; i++) {
    for (let j = 0; j < grid.length; j++) {
      let isMin = Number.isFinite(vals[i][j]);
      for (let di = -1; di <= 1 && isMin; di++)
        for (let dj = -1; dj <= 1; dj++) {
          const ii = i + di,
            jj = j + dj;
          if ((di || dj) && ii >= 0 && jj >= 0 && ii < grid.length && jj < grid.length && vals[ii][jj] < vals[i][j]) {
            isMin = false;
            break;
          }
        }
      if (isMin) minima.push({ i, j, v: vals[i][j] });
    }
  }
  minima.sort((x, y) => x.v - y.v);
  let bestEst: Estimate | null = null;
  for (const m of minima.slice(0, 3)) {
    const est = await localSearch(p, range, counts, grid[m.i], grid[m.j], [grid[m.i] * 0.15, grid[m.j] * 0.15], 1e-6);
    if (!bestEst || est.value < bestEst.value) bestEst = est;
  }
  return bestEst!;
}

async function localSearch(
  p: Prepared,
  range: [number, number],
  counts: Float64Array | null,
  a0: number,
  b0: number,
  step: number[],
  xTol: number,
  start: number[] | null = null,
): Promise<Estimate> {
  const [lo, hi] = range;
  let warm: number[] | null = start;
  const f = ([a, b]: number[]) => {
    if (!(a >= lo && a <= hi && b >= lo && b <= hi)) return Infinity;
    const r = innerSolve(p, a, b, counts, warm);
    if (Number.isFinite(r.value)) warm = r.coef;
    return r.value;
  };
  const nm = await nelderMead(f, [a0, b0], { step, xTol, fTol: 1e-12, maxEvaluations: 400 });
  const inner = innerSolve(p, nm.x[0], nm.x[1], counts, warm);
  return { a: nm.x[0], b: nm.x[1], coef: inner.coef, value: inner.value };
}

function prepare(form: 'power' | 'chinchilla', data: unknown, delta: number): Prepared {
  if (!Array.isArray(data))
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `data must be an array of rows (${form === 'power' ? '{x, loss}' : '{params, tokens, loss}'})`,
      'data',
    );
  const n = data.length;
  const k = form === 'power' ? 2 : 3;
  const nParams = 2 * k - 1;
  if (n < nParams + 1)
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `the ${form} form has ${nParams} parameters and needs at least ${nParams + 1} rows; got ${n}`,
      'data',
    );
  const L = new Float64Array(n),
    logL = new Float64Array(n),
    u = new Float64Array(n),
    w = new Float64Array(n);
  data.forEach((row: Record<string, unknown>, i: number) => {
    if (row === null || typeof row !== 'object') throw new PlrfError('INVALID_ARGUMENT', `data[${i}] must be an object`, 'data');
    L[i] = finite(`data[${i}].loss`, row.loss, { gt: 0 });
    logL[i] = Math.log(L[i]);
    if (form === 'power') u[i] = Math.log(finite(`data[${i}].x`, row.x, { gt: 0 }));
    else {
      u[i] = Math.log(finite(`data[${i}].params`, row.params, { gt: 0 }));
      w[i] = Math.log(finite(`data[${i}].tokens`, row.tokens, { gt: 0 }));
    }
  });
  return {
    k,
    n,
    L,
    logL,
    u,
    w,
    delta,
    fx: new Float64Array(n),
    fy: new Float64Array(n),
    m: new Float64Array(n),
    r: new Float64Array(n),
    mt: new Float64Array(n),
    rt: new Float64Array(n),
  };
}

function distinctCount(xs: Float64Array): number {
  return new Set(Array.from(xs, (x) => x.toPrecision(10))).size;
}

function chinchillaOptimum(
  E: number,
  A: number,
  a: number,
  B: number,
  b: number,
  C: number,
): { N: number; D: number; loss: number } | null {
  if (!(A > 0 && B > 0 && a > 0 && b > 0)) return null;
  const logN = (Math.log((a * A) / (b * B)) + b * Math.log(C / 6)) / (a + b);
  const N = Math.exp(logN);
  const D = C / (6 * N);
  return { N, D, loss: E + A * N ** -a + B * D ** -b };
}

/**
 * Fit a scaling law to runs, in log space with a summed (not averaged) Huber loss (docs/model.md §9):
 * `power` L(x) = E + A x^(-a); `chinchilla` L(N, D) = E + A N^(-a) + B D^(-b) (N parameters, D tokens;
 * B is the data-term coefficient, not a batch size). Variable projection: a search over the
 * exponents (a grid, then Nelder-Mead from the best grid minima; golden section for `power`), with
 * (E, A, B) solved for each exponent pair by non-negative least squares (iteratively reweighted
 * Gauss-Newton on the log residuals), 0 <= E <= the smallest observed loss. Intervals are
 * marginal bootstrap percentile intervals over runs (rows resampled with replacement; each
 * resample refitted from the full-data estimate). Warnings flag exponents that the data do not
 * identify (a coefficient at zero, an exponent at its search bound, very wide intervals, narrow
 * covariate ranges). With `budget` (chinchilla), the compute-optimal N*, D* = C/(6 N*) and the loss,
 * with a confidence and a prediction interval. Loss units are the caller's.
 *
 * @example
 * const fit = await fitScalingLaw(rows, { form: 'chinchilla', budget: 1e21 }); // rows: {params, tokens, loss}[]
 * fit.params.a.value; fit.params.a.ci; fit.budget?.d; fit.budget?.pi;
 */
export async function fitScalingLaw(data: PowerPoint[] | ChinchillaPoint[], options: ScalingLawOptions): Promise<ScalingLawFit> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'fitScalingLaw expects an options object', 'options');
  knownKeys('fitScalingLaw', options, KEYS);
  const form = oneOf('form', options.form, ['power', 'chinchilla'] as const);
  const delta = finite('huberDelta', options.huberDelta ?? 1e-3, { gt: 0 });
  const resamples = integer('bootstrap', options.bootstrap ?? 1000, 0, 1_000_000);
  const level = finite('level', options.level ?? 0.95, { gt: 0, lt: 1 });
  const seed = integer('seed', options.seed ?? 0, 0);
  const range = options.exponentRange ?? [0.01, 3];
  if (!Array.isArray(range) || range.length !== 2)
    throw new PlrfError('INVALID_ARGUMENT', 'exponentRange must be [min, max]', 'exponentRange');
  finite('exponentRange[0]', range[0], { gt: 0 });
  finite('exponentRange[1]', range[1], { gt: range[0] });
  const budget = options.budget === undefined ? undefined : finite('budget', options.budget, { gt: 0 });
  if (budget !== undefined && form !== 'chinchilla') {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `budget = ${budget} is invalid for the power form: a compute budget needs the chinchilla (or plrf) form`,
      'budget',
    );
  }
  await init(); // resampling and percentiles come from the Wasm core
  const p = prepare(form, data, delta);
  const ticker = new Ticker(options);
  const warnings: string[] = [];
  const names = form === 'power' ? ['E', 'A', 'a'] : ['E', 'A', 'a', 'B', 'b'];
  const pack = (e: Estimate): number[] => (form === 'power' ? [e.coef[0], e.coef[1], e.a] : [e.coef[0], e.coef[1], e.a, e.coef[2], e.b]);

  // Covariate ranges.
  const decades = (xs: Float64Array) => (Math.max(...xs) - Math.min(...xs)) / Math.LN10;
  const label = form === 'power' ? ['x'] : ['params N', 'tokens D'];
  const covs = form === 'power' ? [p.u] : [p.u, p.w];
  covs.forEach((c, i) => {
    const dist = distinctCount(c);
    if (dist < 3) warnings.push(`only ${dist} distinct value${dist === 1 ? '' : 's'} of ${label[i]}: its exponent is not identifiable`);
    else if (decades(c) < 1) warnings.push(`${label[i]} spans only ${decades(c).toFixed(2)} decades: its exponent is weakly determined`);
  });

  const est = await fullSearch(p, range, null);
  await ticker.tick(0.05);
  const point = pack(est);
  const residuals: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const m = est.coef[0] + est.coef[1] * Math.exp(-est.a * p.u[i]) + (p.k === 3 ? est.coef[2] * Math.exp(-est.b * p.w[i]) : 0);
    residuals.push(p.logL[i] - Math.log(m));
  }
  const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / p.n);

  // Bootstrap over runs: multinomial counts, refit from the full-data estimate.
  const draws: number[][] = names.map(() => []);
  let failed = 0;
  const counts = new Float64Array(p.n);
  const start = p.k === 3 ? [est.a, est.b] : [est.a];
  const H0 = inverseHessian(p, start, est.coef);
  // The generator holds Wasm memory: create it right before the try that releases it.
  const next = indexGenerator(seed, 0);
  try {
    for (let bIdx = 0; bIdx < resamples; bIdx++) {
      counts.fill(0);
      for (let i = 0; i < p.n; i++) counts[next(p.n)] += 1;
      let e: Estimate;
      try {
        e = quasiNewton(p, range, counts, start, H0, est.coef, 1e-6);
      } catch {
        failed++;
        continue;
      }
      const v = pack(e);
      if (!v.every(Number.isFinite) || !Number.isFinite(e.value)) {
        failed++;
        continue;
      }
      v.forEach((x, j) => draws[j].push(x));
      await ticker.tick(0.05 + (0.95 * (bIdx + 1)) / resamples);
    }
  } finally {
    next.free();
  }
  ticker.done();
  if (resamples > 0 && failed > 0.05 * resamples)
    warnings.push(`${failed} of ${resamples} bootstrap resamples failed to fit; the intervals rest on the others`);

  const params: Record<string, ParamEstimate> = {};
  names.forEach((name, j) => {
    const ci: [number, number] = draws[j].length >= 2 ? percentileInterval(draws[j], level) : [point[j], point[j]];
    params[name] = { value: point[j], ci };
  });
  if (resamples === 0) warnings.push('bootstrap = 0: the intervals have zero width (no uncertainty estimate)');

  // Identifiability of the exponents.
  const expo =
    form === 'power'
      ? ([['a', 'A', 1]] as const)
      : ([
          ['a', 'A', 1],
          ['b', 'B', 3],
        ] as const);
  for (const [e, c, ci] of expo) {
    const j = names.indexOf(e);
    const cj = names.indexOf(c);
    const coefScale = Math.max(...Array.from(p.L));
    if (!(point[cj] > 1e-12 * coefScale)) {
      warnings.push(
        `exponent ${e} is not identifiable: its coefficient ${c} is 0 at the estimate (the ${form === 'power' ? 'x' : ci === 1 ? 'N' : 'D'} term vanishes)`,
      );
      continue;
    }
    const atBound = (x: number) => x <= range[0] * 1.001 || x >= range[1] * 0.999;
    if (atBound(point[j])) {
      warnings.push(
        `exponent ${e} = ${point[j].toPrecision(4)} is at the edge of the search range [${range[0]}, ${range[1]}]: not identifiable from these data`,
      );
      continue;
    }
    if (draws[j].length > 0) {
      const bad = draws[j].filter((x, t) => atBound(x) || !(draws[cj][t] > 1e-12 * coefScale)).length / draws[j].length;
      const [lo, hi] = params[e].ci;
      if (bad > 0.1)
        warnings.push(
          `exponent ${e} is not identifiable: in ${(100 * bad).toFixed(0)}% of bootstrap resamples its coefficient ${c} vanishes or ${e} hits the search bounds`,
        );
      else if (hi - lo > point[j])
        warnings.push(
          `exponent ${e} is poorly determined: ${Math.round(100 * level)}% interval [${lo.toPrecision(3)}, ${hi.toPrecision(3)}] is wider than its value ${point[j].toPrecision(3)}`,
        );
    }
  }
  const Eidx = names.indexOf('E');
  if (point[Eidx] >= Math.min(...Array.from(p.L)) * (1 - 1e-9)) {
    warnings.push('E sits at its upper bound (the smallest observed loss): the irreducible loss is not resolved by these data');
  }

  let budgetOut: ChinchillaBudget | null = null;
  if (budget !== undefined) {
    const opt = chinchillaOptimum(point[0], point[1], point[2], point[3], point[4], budget);
    if (!opt) warnings.push('no compute-optimal allocation: A or B is 0, so the loss does not trade N against D; budget is null');
    else {
      const Ns: number[] = [],
        Ds: number[] = [],
        Ls: number[] = [],
        Ps: number[] = [];
      const pick = indexGenerator(seed, 1);
      try {
        for (let t = 0; t < draws[0].length; t++) {
          const o = chinchillaOptimum(draws[0][t], draws[1][t], draws[2][t], draws[3][t], draws[4][t], budget);
          if (!o) continue;
          Ns.push(o.N);
          Ds.push(o.D);
          Ls.push(o.loss);
          // Prediction at the point estimate's allocation: expected loss of the draw there, times a residual.
          const m = draws[0][t] + draws[1][t] * opt.N ** -draws[2][t] + draws[3][t] * opt.D ** -draws[4][t];
          Ps.push(m * Math.exp(residuals[pick(residuals.length)]));
        }
      } finally {
        pick.free();
      }
      const iv = (xs: number[], x: number): [number, number] => (xs.length >= 2 ? percentileInterval(xs, level) : [x, x]);
      budgetOut = {
        flops: budget,
        d: opt.N,
        tokens: opt.D,
        loss: opt.loss,
        ci: iv(Ls, opt.loss),
        pi: iv(Ps, opt.loss),
        dCI: iv(Ns, opt.N),
        tokensCI: iv(Ds, opt.D),
      };
    }
  }
  const drawRecord: Record<string, number[]> = {};
  names.forEach((name, j) => (drawRecord[name] = draws[j]));
  return {
    form,
    params,
    level,
    huberDelta: delta,
    objective: est.value,
    rmsLogResidual: rms,
    n: p.n,
    residuals,
    bootstrap: {
      resamples,
      failed,
      draws: drawRecord,
      method: 'percentile bootstrap over runs (rows resampled with replacement, each resample refitted)',
    },
    budget: budgetOut,
    warnings,
    exponentRange: [range[0], range[1]],
  };
}

/** A prediction of {@link predictScalingLaw}. */
export interface ScalingLawPrediction {
  loss: number;
  /** Confidence interval of the expected loss (uncertainty of the fit). */
  ci: [number, number];
  /** Prediction interval for one new run's loss (fit uncertainty plus the scatter of the runs about the fit). */
  pi: [number, number];
}

/**
 * Predict the loss of a fitted scaling law at new points, with a confidence interval (for the
 * expected loss: quantiles of the bootstrap fits) and a wider prediction interval (for one new
 * run: each bootstrap fit times the exponential of a log residual drawn from the fit's residuals).
 *
 * @example
 * const fit = await fitScalingLaw(rows, { form: 'power' });
 * predictScalingLaw(fit, [{ x: 1e6 }]); // [{ loss, ci: [lo, hi], pi: [lo, hi] }]
 */
export function predictScalingLaw(
  fit: ScalingLawFit,
  points: ({ x: number } | { params: number; tokens: number })[],
  options: { level?: number; seed?: number } = {},
): ScalingLawPrediction[] {
  const level = finite('level', options.level ?? fit.level, { gt: 0, lt: 1 });
  const seed = integer('seed', options.seed ?? 0, 0);
  if (!Array.isArray(points)) throw new PlrfError('INVALID_ARGUMENT', 'points must be an array', 'points');
  const P = fit.params,
    D = fit.bootstrap.draws;
  const value = (i: number | null, pt: Record<string, number>) => {
    const g = (k: string) => (i === null ? P[k].value : D[k][i]);
    if (fit.form === 'power') return g('E') + g('A') * pt.x ** -g('a');
    return g('E') + g('A') * pt.params ** -g('a') + g('B') * pt.tokens ** -g('b');
  };
  return points.map((pt, idx) => {
    const rec = pt as Record<string, number>;
    if (fit.form === 'power') finite(`points[${idx}].x`, rec.x, { gt: 0 });
    else {
      finite(`points[${idx}].params`, rec.params, { gt: 0 });
      finite(`points[${idx}].tokens`, rec.tokens, { gt: 0 });
    }
    const loss = value(null, rec);
    const nDraws = D.E.length;
    if (nDraws < 2) return { loss, ci: [loss, loss], pi: [loss, loss] };
    const pick = indexGenerator(seed, 2 + idx);
    const means: number[] = [],
      preds: number[] = [];
    try {
      for (let t = 0; t < nDraws; t++) {
        const m = value(t, rec);
        means.push(m);
        preds.push(m * Math.exp(fit.residuals[pick(fit.residuals.length)]));
      }
    } finally {
      pick.free();
    }
    return { loss, ci: percentileInterval(means, level), pi: percentileInterval(preds, level) };
  });
}
