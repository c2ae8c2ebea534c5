// Scaling-law fits of users' runs (docs/model.md §9): a power law with offset L(x) = E + A x^-a, and the
// Chinchilla form L(N, D) = E + A N^-a + B D^-b, by variable projection with a summed Huber loss in
// log space; bootstrap intervals over runs, prediction intervals, compute-optimal allocation. The fit
// runs in stages, each in its own file: options and rows validated once (scalingLaw/options.ts,
// scalingLaw/data.ts) -> search over the exponents (scalingLaw/exponentSearch.ts) with the coefficients solved
// inside (scalingLaw/huberCoefficients.ts) -> bootstrap refits (scalingLaw/bootstrap.ts, by scalingLaw/exponentProfile.ts) ->
// identifiability checks (scalingLaw/warnings.ts) -> budget (scalingLaw/chinchillaBudget.ts) -> the result,
// assembled here. Predictions: scalingLaw/predict.ts.

import { Ticker } from '../core/async.js';
import { planChinchillaBudget } from './scalingLaw/chinchillaBudget.js';
import { drawInterval, type ParamEstimate } from './estimate.js';
import type { Estimate } from './scalingLaw/exponentProfile.js';
import { fullSearch } from './scalingLaw/exponentSearch.js';
import { resampleFits } from './scalingLaw/bootstrap.js';
import { resolveScalingLawFit } from './scalingLaw/options.js';
import { covariateWarnings, identifiabilityWarnings } from './scalingLaw/warnings.js';
import type { ChinchillaBudget, ChinchillaPoint, PowerPoint, ScalingLawFit, ScalingLawOptions } from './scalingLaw/types.js';

export type { ParamEstimate } from './estimate.js';
export type {
  ChinchillaBudget,
  ChinchillaPoint,
  PowerPoint,
  ScalingLawFit,
  ScalingLawOptions,
  ScalingLawPrediction,
} from './scalingLaw/types.js';
export { predictScalingLaw } from './scalingLaw/predict.js';

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
  const { config, p } = await resolveScalingLawFit(data, options);
  const { form, level, resamples, range, budget } = config;
  const ticker = new Ticker(config.longRun);
  const warnings: string[] = covariateWarnings(form, p);
  const names = form === 'power' ? ['E', 'A', 'a'] : ['E', 'A', 'a', 'B', 'b'];
  const pack = (e: Estimate): number[] => (form === 'power' ? [e.coef[0], e.coef[1], e.a] : [e.coef[0], e.coef[1], e.a, e.coef[2], e.b]);

  const est = await fullSearch(p, range, null);
  await ticker.tick(0.05);
  const point = pack(est);
  const residuals: number[] = [];
  for (let i = 0; i < p.n; i++) {
    const m = est.coef[0] + est.coef[1] * Math.exp(-est.a * p.u[i]) + (p.k === 3 ? est.coef[2] * Math.exp(-est.b * p.w[i]) : 0);
    residuals.push(p.logL[i] - Math.log(m));
  }
  const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / p.n);

  const { draws, failed } = await resampleFits(p, config, est, pack, ticker);
  ticker.done();
  if (resamples > 0 && failed > 0.05 * resamples)
    warnings.push(`${failed} of ${resamples} bootstrap resamples failed to fit; the intervals rest on the others`);
  const params: Record<string, ParamEstimate> = {};
  names.forEach((name, j) => {
    params[name] = { value: point[j], ci: drawInterval(draws[j], point[j], level) };
  });
  if (resamples === 0) warnings.push('bootstrap = 0: the intervals have zero width (no uncertainty estimate)');
  warnings.push(...identifiabilityWarnings(form, p, names, point, draws, params, range, level));

  let budgetOut: ChinchillaBudget | null = null;
  if (budget !== undefined) {
    const plan = planChinchillaBudget(point, draws, residuals, budget, config.seed, level);
    budgetOut = plan.budget;
    warnings.push(...plan.warnings);
  }
  const drawRecord: Record<string, number[]> = {};
  names.forEach((name, j) => (drawRecord[name] = draws[j]));
  return {
    form,
    params,
    level,
    huberDelta: config.delta,
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
