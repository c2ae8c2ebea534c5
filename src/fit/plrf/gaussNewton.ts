// The PLRF fit's linearisation (docs/model.md §9): residuals and the Jacobian of the model's log loss in
// theta = (alpha, beta, sigma, lambda), Gauss-Newton steps, and the polish of the search's estimate.

import type { CurveFamily } from './curveTable.js';
import { solveSmall } from '../optimize.js';
import type { PlrfData } from './data.js';
import type { PlrfConfig } from './options.js';
import { admissible, modelLog } from './search.js';

/** The model linearised at theta: fitted log losses, residuals y - fitted, their sum of squares, and the n x 4 Jacobian (row-major). */
export interface Linearisation {
  fitted: Float64Array;
  resid: Float64Array;
  ss: number;
  J: Float64Array;
}

/**
 * Residuals and the Jacobian of the model (log loss) in theta = (alpha, beta, sigma, lambda):
 * central differences, h = 0.01 in alpha and beta (curves at alpha +- h), 1e-4 in sigma.
 */
export async function linearise(data: PlrfData, curves: CurveFamily, th: number[]): Promise<Linearisation> {
  const n = data.y.length;
  const [a, b, sg, lm] = th;
  const fitted = modelLog(data, await curves.tablesAt(a, b), sg, new Float64Array(n));
  const resid = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    fitted[i] += lm;
    resid[i] = data.y[i] - fitted[i];
    ss += resid[i] * resid[i];
  }
  const h = 0.01;
  const J = new Float64Array(n * 4);
  const col = async (j: number, plus: [number, number], minus: [number, number]) => {
    const up = modelLog(data, await curves.tablesAt(plus[0], plus[1]), sg, new Float64Array(n));
    const dn = modelLog(data, await curves.tablesAt(minus[0], minus[1]), sg, new Float64Array(n));
    for (let i = 0; i < n; i++) J[i * 4 + j] = (up[i] - dn[i]) / (2 * h);
  };
  await col(0, [a + h, b], [a - h, b]);
  await col(1, [a, b + h], [a, b - h]);
  const t = await curves.tablesAt(a, b);
  const hs = 1e-4;
  const up = modelLog(data, t, sg + hs, new Float64Array(n)),
    dn = modelLog(data, t, sg - hs, new Float64Array(n));
  for (let i = 0; i < n; i++) {
    J[i * 4 + 2] = (up[i] - dn[i]) / (2 * hs);
    J[i * 4 + 3] = 1;
  }
  return { fitted, resid, ss, J };
}

/** Gauss-Newton step (J^T J)^-1 J^T e for residuals e (points with weight 0 left out); null when singular. */
export function gaussNewtonStep(J: Float64Array, n: number, e: (i: number) => number | null): number[] | null {
  const G = new Array(16).fill(0),
    rhs = new Array(4).fill(0);
  for (let i = 0; i < n; i++) {
    const ei = e(i);
    if (ei === null) continue;
    for (let a = 0; a < 4; a++) {
      rhs[a] += J[i * 4 + a] * ei;
      for (let c = 0; c < 4; c++) G[a * 4 + c] += J[i * 4 + a] * J[i * 4 + c];
    }
  }
  return solveSmall(G, rhs, 4);
}

/**
 * Polish the simplex's answer (tolerance 2e-3) by up to two Gauss-Newton steps, each kept only if
 * the exact objective falls, so that the bootstrap linearises about the least-squares optimum.
 * Returns the final theta and the linearisation there.
 */
export async function polish(
  data: PlrfData,
  curves: CurveFamily,
  config: PlrfConfig,
  start: number[],
): Promise<{ theta: number[]; lin: Linearisation }> {
  const n = data.y.length;
  let theta = start;
  let lin = await linearise(data, curves, theta);
  for (let it = 0; it < 2; it++) {
    const step = gaussNewtonStep(lin.J, n, (i) => lin.resid[i]);
    if (!step) break;
    const cand = theta.map((x, j) => x + step[j]);
    if (!admissible(config, cand[0], cand[1]) || Math.max(Math.abs(step[0]), Math.abs(step[1])) > 0.05) break;
    const t = await curves.tablesAt(cand[0], cand[1]);
    const m = modelLog(data, t, cand[2], new Float64Array(n));
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data.y[i] - cand[3] - m[i]) ** 2;
    if (!(ss < lin.ss)) break;
    theta = cand;
    lin = await linearise(data, curves, theta);
  }
  return { theta, lin };
}
