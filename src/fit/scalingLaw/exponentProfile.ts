// The outer problem of the scaling-law fits (docs/model.md §9): the profile objective over the
// exponents (coefficients solved inside), its gradient and curvature, and a quasi-Newton minimiser.

import { solveCoefficients } from './huberCoefficients.js';
import type { LawData } from './data.js';

/** An estimate: the exponents a (and b; NaN for power), the coefficients E, A[, B], and the summed Huber loss. */
export interface Estimate {
  a: number;
  b: number;
  coef: number[];
  value: number;
}

/**
 * The profile objective V(x) = min over the coefficients of the summed Huber loss, x = [a] or [a, b],
 * and its gradient by the envelope theorem (the coefficients' box does not depend on the
 * exponents): dV/da = sum c psi(r) A log(N) N^-a / m, likewise for b.
 */
export function profile(
  p: LawData,
  x: number[],
  counts: Float64Array | null,
  warm: number[] | null,
): { value: number; grad: number[]; coef: number[] } {
  const a = x[0],
    b = p.k === 3 ? x[1] : 0;
  const inner = solveCoefficients(p, a, b, counts, warm);
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
export function quasiNewton(
  p: LawData,
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
export function inverseHessian(p: LawData, x: number[], coef: number[]): number[] {
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
