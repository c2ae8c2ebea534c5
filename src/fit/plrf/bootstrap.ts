// The PLRF fit's intervals (docs/model.md §9): a linearised bootstrap over runs, and from its draws the
// parameters' intervals, the support of the phase and the intervals of xi and eta.

import { classifyPhase, phaseExponents, type Phase, type PhaseInfo } from '../../model/phases.js';
import { drawInterval, type ParamEstimate } from '../estimate.js';
import { indexGenerator } from '../optimize.js';
import type { PlrfData } from './data.js';
import { gaussNewtonStep, type Linearisation } from './gaussNewton.js';
import type { PlrfConfig } from './options.js';

/** Draws of theta = (alpha, beta, sigma, lambda), one array per coordinate, and how the runs were resampled. */
export interface PlrfDraws {
  draws: number[][];
  /** Runs resampled within each (d, batch) (every group has two or more runs); otherwise across the family. */
  stratified: boolean;
  warnings: string[];
}

/**
 * Linearised bootstrap over runs: each resample averages the drawn runs' losses per point and is
 * refitted by one Gauss-Newton step from the full-data estimate theta, centred by the full data's
 * own step (about 0 after polishing). Singular resamples are skipped.
 */
export function bootstrapRuns(data: PlrfData, config: PlrfConfig, theta: number[], lin: Linearisation): PlrfDraws {
  const { resamples, seed } = config;
  const { groups } = data;
  const { J, resid, fitted } = lin;
  const n = data.y.length;
  const warnings: string[] = [];
  // Centre the draws on the estimate: subtract the full data's own Gauss-Newton step (about 0 after polishing).
  const centre = gaussNewtonStep(J, n, (i) => resid[i]) ?? [0, 0, 0, 0];
  const perGroup = groups.map((_, g) => data.runs.map((r, k) => (r.group === g ? k : -1)).filter((k) => k >= 0));
  const stratified = perGroup.every((rs) => rs.length >= 2);
  if (!stratified) {
    warnings.push(
      data.runs.length === groups.length
        ? 'one run per model size: the bootstrap resamples whole curves across model sizes, so the intervals are rough (give several seeds per d for better ones)'
        : 'some model sizes have a single run: the bootstrap resamples runs across the whole family',
    );
  }
  const draws: number[][] = [[], [], [], []];
  const next = indexGenerator(seed, 0);
  const sum = new Float64Array(n),
    cnt = new Float64Array(n);
  const runLoss = data.runs.map((r) => r.loss);
  try {
    for (let b = 0; b < resamples; b++) {
      sum.fill(0);
      cnt.fill(0);
      const take = (k: number) => {
        for (const [p, l] of runLoss[k]) {
          sum[p] += l;
          cnt[p] += 1;
        }
      };
      if (stratified) for (const rs of perGroup) for (let t = 0; t < rs.length; t++) take(rs[next(rs.length)]);
      else for (let t = 0; t < data.runs.length; t++) take(next(data.runs.length));
      const step = gaussNewtonStep(J, n, (i) => (cnt[i] === 0 ? null : Math.log(sum[i] / cnt[i]) - fitted[i]));
      if (!step) continue;
      const delta = step.map((x, j) => x - centre[j]);
      for (let a = 0; a < 4; a++) draws[a].push(theta[a] + delta[a]);
    }
  } finally {
    next.free();
  }
  if (resamples > 0 && draws[0].length < 0.95 * resamples)
    warnings.push(`${resamples - draws[0].length} of ${resamples} bootstrap resamples were singular and skipped`);
  return { draws, stratified, warnings };
}

/** The estimates with their intervals, the phase at the estimate, its support among the draws, and xi and eta. */
export interface PlrfEstimates {
  params: { alpha: ParamEstimate; beta: ParamEstimate; stepScale: ParamEstimate; lossScale: ParamEstimate };
  phase: PhaseInfo;
  exponents: { xi: ParamEstimate | null; eta: ParamEstimate | null };
  phaseSupport: number;
  warnings: string[];
}

/** Percentile intervals from the draws; the scales s_r = exp(sigma) and s_L = exp(lambda) in your units. */
export function plrfEstimates(config: PlrfConfig, theta: number[], draws: number[][]): PlrfEstimates {
  const { level, resamples } = config;
  const [alpha, beta, sigma, lambda] = theta;
  const warnings: string[] = [];
  const iv = (xs: number[], x: number) => drawInterval(xs, x, level);
  const params = {
    alpha: { value: alpha, ci: iv(draws[0], alpha) },
    beta: { value: beta, ci: iv(draws[1], beta) },
    stepScale: { value: Math.exp(sigma), ci: iv(draws[2].map(Math.exp), Math.exp(sigma)) },
    lossScale: { value: Math.exp(lambda), ci: iv(draws[3].map(Math.exp), Math.exp(lambda)) },
  };
  const phase = classifyPhase(alpha, beta);
  const drawPhases: Phase[] = draws[0].map((a, t) =>
    a > 0 && Number.isFinite(draws[1][t]) ? classifyPhase(a, draws[1][t]).phase : 'none',
  );
  const phaseSupport = drawPhases.length ? drawPhases.filter((p) => p === phase.phase).length / drawPhases.length : 1;
  if (phaseSupport < 0.9 && resamples > 0) {
    const counts = new Map<Phase, number>();
    for (const p of drawPhases) counts.set(p, (counts.get(p) ?? 0) + 1);
    const shown = [...counts]
      .sort((x, y) => y[1] - x[1])
      .map(([p, c]) => `${p} ${((100 * c) / drawPhases.length).toFixed(0)}%`)
      .join(', ');
    warnings.push(`the phase is uncertain: bootstrap draws fall in ${shown}`);
  }
  const expo = (which: 'xi' | 'eta'): ParamEstimate | null => {
    const v = phase[which];
    if (v === null) return null;
    const xs: number[] = [];
    draws[0].forEach((a, t) => {
      const p = drawPhases[t];
      if (p === 'none') return;
      const e = phaseExponents(p, a, draws[1][t])[which];
      if (e !== null) xs.push(e);
    });
    return { value: v, ci: iv(xs, v) };
  };
  const exponents = { xi: expo('xi'), eta: expo('eta') };
  return { params, phase, exponents, phaseSupport, warnings };
}
