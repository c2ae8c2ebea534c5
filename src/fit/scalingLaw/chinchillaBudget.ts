// The compute-optimal allocation of a Chinchilla fit (docs/model.md §9): for a budget C = 6 N D in
// FLOPs, N* and D* minimising E + A N^-a + B D^-b, with confidence and prediction intervals.

import { drawInterval } from '../estimate.js';
import { indexGenerator } from '../optimize.js';
import type { ChinchillaBudget } from './types.js';

/** N*, D* = C / (6 N*) and the loss there, in closed form; null when A or B (or an exponent) is 0. */
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
 * The allocation at the estimate `point` = (E, A, a, B, b), with intervals over the bootstrap
 * `draws` (same order): the confidence interval of the expected loss, and the prediction interval
 * of one new run at the estimate's (N*, D*) (each draw's loss there times a resampled residual,
 * stream 1 of `seed`). Null, with a warning, when there is no trade-off.
 */
export function planChinchillaBudget(
  point: number[],
  draws: number[][],
  residuals: number[],
  budget: number,
  seed: number,
  level: number,
): { budget: ChinchillaBudget | null; warnings: string[] } {
  const opt = chinchillaOptimum(point[0], point[1], point[2], point[3], point[4], budget);
  if (!opt)
    return {
      budget: null,
      warnings: ['no compute-optimal allocation: A or B is 0, so the loss does not trade N against D; budget is null'],
    };
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
  const iv = (xs: number[], x: number) => drawInterval(xs, x, level);
  return {
    budget: {
      flops: budget,
      d: opt.N,
      tokens: opt.D,
      loss: opt.loss,
      ci: iv(Ls, opt.loss),
      pi: iv(Ps, opt.loss),
      dCI: iv(Ns, opt.N),
      tokensCI: iv(Ds, opt.D),
    },
    warnings: [],
  };
}
