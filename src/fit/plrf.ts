// Fitting the PLRF model to users' loss curves (docs/model.md §9): (alpha, beta) and the scale constants
// that map the user's steps and loss units onto the deterministic-equivalent curves P(r; d). The fit
// runs in stages, each in its own file: options and rows validated once (plrf/options.ts, plrf/data.ts)
// -> grid and Nelder-Mead search over (alpha, beta) with the scales profiled (plrf/search.ts, over the
// curve tables of plrf/curveTable.ts) -> Gauss-Newton polish and linearisation (plrf/gaussNewton.ts) ->
// diagnostics (plrf/diagnostics.ts) -> linearised bootstrap and intervals (plrf/bootstrap.ts) -> budget
// (plrf/budget.ts) -> the result, assembled here.

import { Ticker } from '../core/async.js';
import type { PhaseInfo } from '../model/phases.js';
import { CurveFamily, evalTable, type CurveTable } from './plrf/curveTable.js';
import type { ParamEstimate } from './estimate.js';
import { bootstrapRuns, plrfEstimates } from './plrf/bootstrap.js';
import { budgetWarnings, planBudget, type PlrfBudget } from './plrf/budget.js';
import type { PlrfData } from './plrf/data.js';
import { diagnoseFit } from './plrf/diagnostics.js';
import { polish } from './plrf/gaussNewton.js';
import { resolvePlrfFit, type PlrfFitOptions } from './plrf/options.js';
import { searchAlphaBeta } from './plrf/search.js';

export type { PlrfBudget } from './plrf/budget.js';
export type { PlrfFitOptions } from './plrf/options.js';

/** A row of {@link fitPlrf}: loss after `step` steps (your units) of a run at model size d. */
export interface PlrfPoint {
  /** PLRF model size, integer in [1, 10000]. */
  d: number;
  /** Steps in your units (>= 0); the fit learns the scale s_r with r = s_r · step. */
  step: number;
  /** Loss in your units (> 0); the fit learns the scale s_L with loss = s_L · P. */
  loss: number;
  /** Batch size (integer >= 1, default 1): the curve P(r; d) is the model's at this B. */
  batch?: number;
  /** Run label: rows with the same (d, batch, seed) form one run (one curve); default ''. */
  seed?: string | number;
}

/** Result of {@link fitPlrf}. */
export interface PlrfFit {
  form: 'plrf';
  /** alpha, beta; stepScale s_r (model steps per step of yours) and lossScale s_L (your loss per unit of P). */
  params: { alpha: ParamEstimate; beta: ParamEstimate; stepScale: ParamEstimate; lossScale: ParamEstimate };
  /** classifyPhase at the estimate. */
  phase: PhaseInfo;
  /** xi and eta of the phase, with intervals from the bootstrap draws of (alpha, beta). */
  exponents: { xi: ParamEstimate | null; eta: ParamEstimate | null };
  /** Share of bootstrap draws whose (alpha, beta) falls in the estimate's phase. */
  phaseSupport: number;
  budget: PlrfBudget | null;
  level: number;
  /** Sum of squared log residuals at the estimate, their root mean square, and the number of averaged points. */
  objective: number;
  rmsLogResidual: number;
  points: { d: number; batch: number; step: number; loss: number; runs: number; fitted: number }[];
  /** Fitted curves (your units) over each (d, batch)'s step range, for plots. */
  curves: { d: number; batch: number; step: number[]; loss: number[] }[];
  runs: number;
  ciMethod: string;
  /** Number of (alpha, beta) points at which the curve family was computed. */
  evaluations: number;
  bootstrap: { resamples: number; draws: { alpha: number[]; beta: number[]; stepScale: number[]; lossScale: number[] } };
  warnings: string[];
}

/**
 * Fit the PLRF model to a family of loss curves (docs/model.md §9). Each (d, batch) gets the
 * deterministic-equivalent expected loss P(r; d) of one-pass SGD at v = 4d and the default learning
 * rate (loss without 1/2, summed batch gradient); the user's steps and loss units are mapped by two
 * scale constants: log(loss) = log s_L + log P(s_r · step; d, alpha, beta). The objective is the sum
 * of squared log residuals over the (d, batch, step) points (losses averaged over runs first); s_L
 * is profiled in closed form, s_r by a 1-D search, (alpha, beta) by a coarse grid over the
 * admissible region (alpha > 0, alpha + beta > 1/2) followed by Nelder-Mead. Uncertainty: a
 * linearised bootstrap over runs (a run is one (d, batch, seed) curve; runs are resampled within each
 * (d, batch) when every one has at least two, otherwise whole runs across the family; each resample
 * is refitted by one Gauss-Newton step from the full-data estimate, exact for small intervals).
 * Reports the phase, xi and eta (with intervals through the draws of alpha, beta) and, for a flop
 * budget f = step·d·batch in your units, the d* minimising the predicted loss (a parabola in log d
 * around the best of a factor-sqrt(2) grid) with delta-method intervals over the same draws.
 * Cost: tens of (alpha, beta) evaluations, each one deterministic curve per (d, batch), ~0.1 s at
 * d <= 1000; expect seconds to tens of seconds.
 *
 * @example
 * const fit = await fitPlrf(rows, { budget: 1e9 }); // rows: { d, step, loss, seed? }[]
 * fit.params.alpha; fit.phase.phase; fit.budget?.d;
 */
export async function fitPlrf(rows: PlrfPoint[], options: PlrfFitOptions = {}): Promise<PlrfFit> {
  const { config, data, warnings } = await resolvePlrfFit(rows, options);
  const ticker = new Ticker(config.longRun);
  const curves = new CurveFamily(data.groups, config.longRun.signal);
  const search = await searchAlphaBeta(data, curves, config, ticker);
  const { theta, lin } = await polish(data, curves, config, search.theta);
  const [alpha, beta, sigma, lambda] = theta;
  const diagnosis = diagnoseFit(data, config, theta, lin, search.failures);
  warnings.push(...diagnosis.warnings);
  await ticker.tick(0.9);

  const { draws, stratified, warnings: drawWarnings } = bootstrapRuns(data, config, theta, lin);
  warnings.push(...drawWarnings);
  const estimates = plrfEstimates(config, theta, draws);
  warnings.push(...estimates.warnings);

  let budget: PlrfBudget | null = null;
  if (config.budget) {
    const { flops, batch } = config.budget;
    const { maxD, level } = config;
    budget = await planBudget(data, { flops, batch, maxD, level, theta, draws, signal: config.longRun.signal }, ticker);
    warnings.push(...budgetWarnings(data, budget, maxD, sigma));
  }
  ticker.done();

  const { points, curves: fitted } = plotData(data, await curves.tablesAt(alpha, beta), lin.fitted, sigma, lambda);
  const { resamples } = config;
  return {
    form: 'plrf',
    params: estimates.params,
    phase: estimates.phase,
    exponents: estimates.exponents,
    phaseSupport: estimates.phaseSupport,
    budget,
    level: config.level,
    objective: lin.ss,
    rmsLogResidual: diagnosis.rms,
    points,
    curves: fitted,
    runs: data.runs.length,
    ciMethod:
      resamples > 0
        ? `linearised bootstrap over runs (${resamples} resamples${stratified ? ', within each (d, batch)' : ', across the family'}; each refitted by one Gauss-Newton step from the full-data estimate); budget intervals by the delta method over the same draws`
        : 'none (bootstrap = 0)',
    evaluations: search.evaluations,
    bootstrap: {
      resamples,
      draws: { alpha: draws[0], beta: draws[1], stepScale: draws[2].map(Math.exp), lossScale: draws[3].map(Math.exp) },
    },
    warnings,
  };
}

/** The averaged points with their fitted values, and the fitted curves (your units) over each (d, batch)'s step range, for plots. */
function plotData(
  data: PlrfData,
  tables: CurveTable[],
  fitted: Float64Array,
  sigma: number,
  lambda: number,
): Pick<PlrfFit, 'points' | 'curves'> {
  const { groups } = data;
  const points = Array.from({ length: data.y.length }, (_, i) => {
    const g = groups[data.pg[i]];
    return { d: g.d, batch: g.batch, step: data.step[i], loss: Math.exp(data.y[i]), runs: data.nRuns[i], fitted: Math.exp(fitted[i]) };
  });
  const curves = groups.map((g, gi) => {
    const st = Array.from(data.step).filter((_, i) => data.pg[i] === gi);
    const lo = Math.min(...st.filter((s) => s > 0)),
      hi = Math.max(...st);
    const steps = [0, ...Array.from({ length: 80 }, (_, j) => lo * (hi / lo) ** (j / 79))];
    return { d: g.d, batch: g.batch, step: steps, loss: steps.map((s) => Math.exp(lambda + evalTable(tables[gi], Math.exp(sigma) * s))) };
  });
  return { points, curves };
}
