// Predictions of a fitted scaling law (docs/model.md §9) at new points, with confidence and prediction intervals.

import { PlrfError } from '../../core/errors.js';
import { finite, integer } from '../../core/validate.js';
import { indexGenerator, percentileInterval } from '../optimize.js';
import type { ScalingLawFit, ScalingLawPrediction } from './types.js';

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
