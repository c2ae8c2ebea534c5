// The PLRF fit's search stage (docs/model.md §9): for each (alpha, beta), the step scale s_r by a 1-D
// search and the loss scale s_L in closed form; over (alpha, beta), a coarse grid of initial guesses
// followed by Nelder-Mead.

import type { Ticker } from '../../core/async.js';
import { PlrfError } from '../../core/errors.js';
import { evalTable, type CurveFamily, type CurveTable } from './curveTable.js';
import { goldenSection, nelderMead } from '../optimize.js';
import type { PlrfData } from './data.js';
import type { PlrfConfig } from './options.js';

/** The best scales at one (alpha, beta): the objective (sum of squared log residuals), sigma = log s_r, lambda = log s_L. */
export interface ScaleFit {
  value: number;
  sigma: number;
  lambda: number;
}

/** Result of {@link searchAlphaBeta}: theta = (alpha, beta, sigma, lambda) and the search's bookkeeping. */
export interface SearchResult {
  theta: number[];
  /** Number of (alpha, beta) points at which the curve family was computed. */
  evaluations: number;
  /** Number of those at which the curves could not be computed. */
  failures: number;
}

/** Log of the model at every point for given tables and step scale sigma = log s_r (without the loss scale). */
export function modelLog(data: PlrfData, tables: CurveTable[], sigma: number, out: Float64Array): Float64Array {
  const e = Math.exp(sigma);
  for (let i = 0; i < out.length; i++) out[i] = evalTable(tables[data.pg[i]], e * data.step[i]);
  return out;
}

/** Inside the search box, with alpha + beta > 0.52 (the admissible region alpha + beta > 1/2 with a margin). */
export function admissible(config: PlrfConfig, a: number, b: number): boolean {
  const { alphaBox: aBox, betaBox: bBox } = config;
  return a >= aBox[0] && a <= aBox[1] && b >= bBox[0] && b <= bBox[1] && a + b > 0.52;
}

/** For fixed tables: the best sigma (grid of 0.1, then golden section) with the loss scale profiled out. */
function bestSigma(data: PlrfData, tables: CurveTable[], range: [number, number]): ScaleFit {
  const n = data.y.length;
  const buf = new Float64Array(n);
  const S = (sigma: number) => {
    modelLog(data, tables, sigma, buf);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data.y[i] - buf[i];
    mean /= n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = data.y[i] - buf[i] - mean;
      s += r * r;
    }
    return s;
  };
  const [lo, hi] = range;
  const steps = Math.max(2, Math.ceil((hi - lo) / 0.1));
  let best = lo,
    bestV = Infinity;
  for (let j = 0; j <= steps; j++) {
    const sg = lo + ((hi - lo) * j) / steps;
    const v = S(sg);
    if (v < bestV) {
      bestV = v;
      best = sg;
    }
  }
  const h = (hi - lo) / steps;
  const g = goldenSection(S, Math.max(lo, best - h), Math.min(hi, best + h), 1e-7);
  const sigma = g.value < bestV ? g.x : best;
  modelLog(data, tables, sigma, buf);
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda += data.y[i] - buf[i];
  lambda /= n;
  return { value: Math.min(g.value, bestV), sigma, lambda };
}

/**
 * Minimise the sum of squared log residuals over (alpha, beta), the scales profiled out: a coarse
 * grid over the admissible box, then Nelder-Mead from its best point (the simplex spans about one
 * grid cell). Points where the curves cannot be computed count as +Infinity (and as failures).
 * Progress runs from 0 to 0.85.
 */
export async function searchAlphaBeta(data: PlrfData, curves: CurveFamily, config: PlrfConfig, ticker: Ticker): Promise<SearchResult> {
  const { alphaBox: aBox, betaBox: bBox, sigmaRange } = config;
  let evaluations = 0;
  let failures = 0;
  const evaluate = async (a: number, b: number): Promise<ScaleFit> => {
    if (!admissible(config, a, b)) return { value: Infinity, sigma: NaN, lambda: NaN };
    evaluations++;
    try {
      return bestSigma(data, await curves.tablesAt(a, b), sigmaRange);
    } catch (e) {
      if (e instanceof PlrfError && (e.code === 'ABORTED' || e.code === 'INVALID_ARGUMENT')) throw e;
      failures++;
      return { value: Infinity, sigma: NaN, lambda: NaN };
    }
  };

  // Coarse grid over the admissible box.
  const gridA = [0.3, 0.5, 0.75, 1.0, 1.35, 1.8].filter((a) => a >= aBox[0] && a <= aBox[1]);
  const gridB = [-0.2, 0.15, 0.5, 0.85, 1.2, 1.6, 2.1].filter((b) => b >= bBox[0] && b <= bBox[1]);
  if (gridA.length < 2) gridA.splice(0, gridA.length, aBox[0] + 0.25 * (aBox[1] - aBox[0]), aBox[0] + 0.75 * (aBox[1] - aBox[0]));
  if (gridB.length < 2) gridB.splice(0, gridB.length, bBox[0] + 0.25 * (bBox[1] - bBox[0]), bBox[0] + 0.75 * (bBox[1] - bBox[0]));
  const cells = gridA.flatMap((a) => gridB.map((b) => [a, b] as [number, number])).filter(([a, b]) => admissible(config, a, b));
  const scored: { a: number; b: number; value: number }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const [a, b] = cells[i];
    const r = await evaluate(a, b);
    scored.push({ a, b, value: r.value });
    await ticker.tick((0.6 * (i + 1)) / cells.length);
  }
  scored.sort((x, y) => x.value - y.value);
  if (!Number.isFinite(scored[0]?.value))
    throw new PlrfError('NOT_CONVERGED', 'fitPlrf could not evaluate the PLRF curves anywhere on its (alpha, beta) grid');

  // Nelder-Mead from the best grid point (the simplex spans about one grid cell).
  const values = new Map<string, ScaleFit>();
  let nmEvals = 0;
  const nm = await nelderMead(
    async ([a, b]) => {
      const r = await evaluate(a, b);
      values.set(`${a}|${b}`, r);
      nmEvals++;
      await ticker.tick(Math.min(0.85, 0.6 + 0.004 * nmEvals));
      return r.value;
    },
    [scored[0].a, scored[0].b],
    { step: [0.15, 0.2], xTol: 5e-3, fTol: 1e-4, maxEvaluations: 80 },
  );
  const nmBest = values.get(`${nm.x[0]}|${nm.x[1]}`) ?? (await evaluate(nm.x[0], nm.x[1]));
  return { theta: [nm.x[0], nm.x[1], nmBest.sigma, nmBest.lambda], evaluations, failures };
}
