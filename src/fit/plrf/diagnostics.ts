// The PLRF fit's diagnostics (docs/model.md §9): estimates at the edge of their search ranges, and the
// misfit measured against the run-to-run scatter.

import { quantile } from '../optimize.js';
import type { PlrfData } from './data.js';
import type { PlrfConfig } from './options.js';

/** The root mean square of the log residuals and the warnings about the estimate theta = (alpha, beta, sigma, lambda). */
export function diagnoseFit(
  data: PlrfData,
  config: PlrfConfig,
  theta: number[],
  fit: { resid: Float64Array; ss: number },
  failures: number,
): { rms: number; warnings: string[] } {
  const { alphaBox: aBox, betaBox: bBox, sigmaRange } = config;
  const [alpha, beta, sigma] = theta;
  const { resid, ss } = fit;
  const n = data.y.length;
  const warnings: string[] = [];
  if (failures > 0) warnings.push(`the PLRF curves could not be computed at ${failures} (alpha, beta) points; the search went around them`);
  const edge = (x: number, [lo, hi]: [number, number]) => x - lo < 0.01 * (hi - lo) || hi - x < 0.01 * (hi - lo);
  if (edge(alpha, aBox)) warnings.push(`alpha = ${alpha.toFixed(3)} is at the edge of the search range [${aBox[0]}, ${aBox[1]}]`);
  if (edge(beta, bBox)) warnings.push(`beta = ${beta.toFixed(3)} is at the edge of the search range [${bBox[0]}, ${bBox[1]}]`);
  if (alpha + beta < 0.53) warnings.push('alpha + beta is at the admissible boundary 1/2');
  if (edge(sigma, sigmaRange))
    warnings.push('the step scale sits at the edge of its range: the data do not pin down where the curves are in time');
  const rms = Math.sqrt(ss / n);
  // Misfit against the run-to-run scatter: the standard error of log(mean loss) at each point with
  // two or more runs is about sd / (mean sqrt(runs)); the median of |residual| / se is 0.674 when the
  // residuals are pure noise (robust to points where every run agrees, such as step 0).
  const z: number[] = [];
  const sums = new Float64Array(n),
    sq = new Float64Array(n);
  for (const run of data.runs)
    for (const [p, l] of run.loss) {
      sums[p] += l;
      sq[p] += l * l;
    }
  for (let i = 0; i < n; i++) {
    const k = data.nRuns[i];
    if (k < 2) continue;
    const mean = sums[i] / k;
    const sd = Math.sqrt(Math.max(0, (sq[i] - k * mean * mean) / (k - 1)));
    const se = sd / (mean * Math.sqrt(k));
    if (se > 1e-6) z.push(Math.abs(resid[i]) / se);
  }
  const m = z.length;
  const ratio = m > 0 ? quantile(z, 0.5) / 0.6745 : NaN;
  if (m > 0 && ratio > 3)
    warnings.push(
      `the PLRF curves miss these data by ${ratio.toFixed(1)} times the run-to-run standard error (median over points; rms log residual ${rms.toFixed(3)}): the model does not describe them well; read alpha and beta as descriptive`,
    );
  else if (m === 0 && rms > 0.1)
    warnings.push(
      `the PLRF curves fit these data loosely (rms log residual ${rms.toFixed(3)}; no repeated runs to tell noise from misfit)`,
    );
  return { rms, warnings };
}
