// A fitted parameter with its interval, shared by the fits of src/fit.

import { percentileInterval } from './optimize.js';

/** A fitted parameter: point estimate and its marginal confidence interval (bootstrap percentile). */
export interface ParamEstimate {
  value: number;
  ci: [number, number];
}

/** The percentile interval of draws `xs` at `level`; the point `x` itself when there are fewer than two draws. */
export function drawInterval(xs: number[], x: number, level: number): [number, number] {
  return xs.length >= 2 ? percentileInterval(xs, level) : [x, x];
}
