// The inner problem of the scaling-law fits (docs/model.md §9): for fixed exponents, the linear
// coefficients (E, A[, B]) minimising the summed Huber loss of the log residuals, inside their box.

import { boxLeastSquares, solveSmall } from '../optimize.js';
import type { LawData } from './data.js';

/** The coefficients E, A[, B] at fixed exponents and the summed Huber loss there. */
export interface Coefficients {
  coef: number[];
  value: number;
}

/**
 * Normal equations G c = h of a weighted least-squares problem in the k coefficients with features
 * (1, f1[, f2]), solved in a box: the unconstrained solution when it is feasible, the exact face
 * enumeration otherwise, with columns scaled to unit diagonal.
 */
class NormalEquations {
  readonly G: number[];
  readonly h: number[];
  private readonly sc: number[];
  constructor(private readonly k: number) {
    this.G = new Array(k * k).fill(0);
    this.h = new Array(k).fill(0);
    this.sc = new Array(k);
  }
  reset(): void {
    this.G.fill(0);
    this.h.fill(0);
  }
  /** Add W f f^T to G (upper triangle). */
  addGram(W: number, f1: number, f2: number): void {
    const { G, k } = this;
    G[0] += W;
    G[1] += W * f1;
    G[k + 1] += W * f1 * f1;
    if (k === 3) {
      G[2] += W * f2;
      G[5] += W * f1 * f2;
      G[8] += W * f2 * f2;
    }
  }
  /** Add g f to h. */
  addRhs(g: number, f1: number, f2: number): void {
    const { h, k } = this;
    h[0] += g;
    h[1] += g * f1;
    if (k === 3) h[2] += g * f2;
  }
  /** The minimiser in the box [lo, hi] (G and h are consumed). */
  solve(lo: number[], hi: number[]): number[] {
    const { G, h, sc, k } = this;
    for (let q = 0; q < k; q++) for (let t = 0; t < q; t++) G[q * k + t] = G[t * k + q];
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
  }
}

/**
 * The model m and log residuals r at the current coefficients, and (mt, rt) at a candidate: an
 * accepted candidate's values are swapped into place and reused by the next iteration.
 */
class Residuals {
  m: Float64Array;
  r: Float64Array;
  mt: Float64Array;
  rt: Float64Array;
  constructor(p: LawData) {
    this.m = p.m;
    this.r = p.r;
    this.mt = p.mt;
    this.rt = p.rt;
  }
  accept(): void {
    const t1 = this.m;
    this.m = this.mt;
    this.mt = t1;
    const t2 = this.r;
    this.r = this.rt;
    this.rt = t2;
  }
}

/** Summed Huber loss at (c0, c1, c2), rows weighted by their counts; leaves the candidate's m and r in (mt, rt). */
function huberObjective(p: LawData, counts: Float64Array | null, res: Residuals, c0: number, c1: number, c2: number): number {
  const { n, logL, delta, fx, fy } = p;
  const { mt, rt } = res;
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
}

/**
 * Newton's normal equations: H = sum c (psi' + psi)_+ f f^T / m^2, gradient step b = sum c psi f / m;
 * h accumulates H theta + b: W (f . theta) f + c psi f / m, i.e. target t = m + c psi m / (W m^2) folded in.
 * Returns the weighted number of rows inside the Huber zone.
 */
function addNewtonRows(p: LawData, counts: Float64Array | null, res: Residuals, eq: NormalEquations): number {
  const { n, delta, fx, fy } = p;
  const { m, r } = res;
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
    eq.addGram(W, fx[i], fy[i]);
    eq.addRhs(W * m[i] + (ci * psi) / m[i], fx[i], fy[i]);
  }
  return inliers;
}

/** The IRLS majoriser's normal equations: weights psi(r)/r / m^2, targets m (1 + r) (always a descent step). */
function addIrlsRows(p: LawData, counts: Float64Array | null, res: Residuals, eq: NormalEquations): void {
  const { n, delta, fx, fy } = p;
  const { m, r } = res;
  for (let i = 0; i < n; i++) {
    const ci = counts === null ? 1 : counts[i];
    if (ci === 0) continue;
    const ri = r[i],
      ab = ri < 0 ? -ri : ri;
    const W = (ci * (ab <= delta ? 1 : delta / ab)) / (m[i] * m[i]);
    eq.addGram(W, fx[i], fy[i]);
    eq.addRhs(W * (m[i] * (1 + ri)), fx[i], fy[i]);
  }
}

/**
 * For fixed exponents, the best coefficients (E, A[, B]) >= 0 with E <= min loss of the rows in
 * use, under the summed Huber loss of log residuals (rows weighted by their bootstrap counts):
 * Gauss-Newton on log m with Huber weights (IRLS, a majorise-minimise scheme), each step an exact
 * box-constrained weighted least-squares problem, with step halving so the objective never
 * increases. Stops when a step gains less than 1e-10 relative (or after 200 steps).
 */
export function solveCoefficients(p: LawData, a: number, b: number, counts: Float64Array | null, warm: number[] | null): Coefficients {
  const { n, k, L, u, w, fx, fy } = p;
  let emax = Infinity;
  for (let i = 0; i < n; i++) {
    fx[i] = Math.exp(-a * u[i]);
    fy[i] = k === 3 ? Math.exp(-b * w[i]) : 0;
    if ((counts === null || counts[i] > 0) && L[i] < emax) emax = L[i];
  }
  const lo = k === 3 ? [0, 0, 0] : [0, 0];
  const hi = k === 3 ? [emax, Infinity, Infinity] : [emax, Infinity];
  const res = new Residuals(p);
  const objective = (c0: number, c1: number, c2: number) => huberObjective(p, counts, res, c0, c1, c2);
  const eq = new NormalEquations(k);
  let coef: number[];
  if (warm && warm[0] <= emax && warm.every((x) => x >= 0) && warm.some((x) => x > 0)) coef = warm.slice();
  else {
    // Start: weighted least squares of the loss itself, weights 1 / L^2 (relative errors).
    for (let i = 0; i < n; i++) {
      const ci = counts === null ? 1 : counts[i];
      if (ci > 0) {
        const W = ci / (L[i] * L[i]);
        eq.addGram(W, fx[i], fy[i]);
        eq.addRhs(W * L[i], fx[i], fy[i]);
      }
    }
    coef = eq.solve(lo, hi);
  }
  const c = (q: number) => (q < k ? coef[q] : 0);
  let value = objective(c(0), c(1), c(2));
  if (!Number.isFinite(value)) {
    coef = new Array(k).fill(0);
    coef[0] = emax / 2;
    value = objective(coef[0], 0, 0);
  }
  res.accept();
  // The candidate at fraction s of the way to `next`, or null outside the box.
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
  // Each iteration tries a Newton step (Hessian weights psi'(r) + psi(r), clipped at 0: fast, finite
  // termination where the residuals' Huber zones settle) and falls back to the IRLS majoriser step
  // (weights psi(r)/r: always a descent step) when Newton fails to decrease the objective.
  for (let it = 0; it < 200; it++) {
    eq.reset();
    const inliers = addNewtonRows(p, counts, res, eq);
    let step: { coef: number[]; value: number } | null = null;
    if (inliers >= 1) {
      const proposal = eq.solve(lo, hi);
      // Converged: the Newton proposal no longer moves the coefficients (relative 1e-9).
      let moved = false;
      for (let q = 0; q < k; q++) if (Math.abs(proposal[q] - coef[q]) > 1e-9 * Math.abs(coef[q])) moved = true;
      if (!moved) break;
      step = tryStep(proposal, false);
    }
    if (!step) {
      eq.reset();
      addIrlsRows(p, counts, res, eq);
      step = tryStep(eq.solve(lo, hi), true);
    }
    if (!step) break;
    res.accept();
    const gain = value - step.value;
    coef = step.coef;
    value = step.value;
    if (!(gain > 1e-10 * (1e-3 + value))) break;
  }
  return { coef, value };
}
