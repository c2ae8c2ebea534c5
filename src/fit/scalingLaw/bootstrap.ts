// The scaling-law fits' resampling stage (docs/model.md §9): bootstrap over runs (rows resampled with
// replacement as multinomial counts), each resample refitted by quasi-Newton from the full-data estimate.

import type { Ticker } from '../../core/async.js';
import { inverseHessian, quasiNewton, type Estimate } from './exponentProfile.js';
import { indexGenerator } from '../optimize.js';
import type { LawData } from './data.js';
import type { ScalingLawConfig } from './options.js';

/** Draws per parameter (in the order of `pack`) and the number of resamples that failed to fit. */
export interface LawDraws {
  draws: number[][];
  failed: number;
}

/**
 * Refit `config.resamples` bootstrap resamples from the estimate `est` (the full data's inverse
 * Hessian as the quasi-Newton preconditioner); `pack` lists an estimate's parameters. A resample
 * that throws or gives a non-finite parameter is counted as failed. Progress runs from 0.05 to 1.
 */
export async function resampleFits(
  p: LawData,
  config: ScalingLawConfig,
  est: Estimate,
  pack: (e: Estimate) => number[],
  ticker: Ticker,
): Promise<LawDraws> {
  const { resamples, range, seed } = config;
  const draws: number[][] = pack(est).map(() => []);
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
  return { draws, failed };
}
