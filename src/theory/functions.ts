// F(r) and K(r) of a measure, for inspection (docs/model.md §4).

import { buildMeasure } from './buildMeasure.js';
import { resolveMeasure, type MeasureOptions } from './measureOptions.js';
import { init } from '../core/wasm.js';
import { finite } from '../core/validate.js';
import { rateConfig } from '../model/conventions.js';

/** Options of {@link forcing} and {@link kernel}: a measure and the steps r at which to evaluate. */
export type FunctionOptions = MeasureOptions & { r: ArrayLike<number> };

async function evaluate(options: FunctionOptions, which: 'forcing' | 'kernel'): Promise<number[]> {
  await init();
  const { r, ...rest } = options;
  const rs = Array.from(r ?? [], (x, i) => finite(`r[${i}]`, x, { ge: 0 }));
  const config = resolveMeasure(rest);
  using m = buildMeasure(config);
  // The finite measure is built without a gamma: the functions need one.
  const gamma = config.method === 'finite' ? rateConfig(config.rate, config).gamma : config.gamma;
  return m.powerSums(which, rs, gamma, config.batch);
}

/**
 * The forcing F(r) = F0 + sum_i rho_i g(lambda_i)^r (including F0) of a measure at the steps r:
 * the expected loss of gradient flow without SGD noise.
 *
 * @example await forcing({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100, r: [0, 10, 100] })
 */
export function forcing(options: FunctionOptions): Promise<number[]> {
  return evaluate(options, 'forcing');
}

/**
 * The kernel K(r) = gamma^2 B sum_i lambda_i^2 g(lambda_i)^r of a measure at the steps r
 * (late values below about 1e-12 K(0) are rounding noise for the deterministic method).
 */
export function kernel(options: FunctionOptions): Promise<number[]> {
  return evaluate(options, 'kernel');
}
