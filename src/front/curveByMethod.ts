// One loss curve by method: the theory methods (deterministic, finite, surrogate) through lossCurve,
// the SGD methods (sgd: spectral engine, sgd-direct: the literal model) through simulateSgd. The one
// place where a method name picks the engine (plrf curve, measureFront, the sweep's workers).

import { PlrfError } from '../core/errors.js';
import { oneOf } from '../core/validate.js';
import { simulateSgd, type SgdOptions, type SgdResult } from '../sgd/simulate.js';
import { lossCurve, type CurveOptions, type CurveResult } from '../theory/curve.js';

/** The methods of a loss curve: theory (expected loss) or SGD (mean over sampled runs). */
export const CURVE_METHODS = ['deterministic', 'finite', 'surrogate', 'sgd', 'sgd-direct'] as const;
export type CurveMethod = (typeof CURVE_METHODS)[number];

/**
 * Options of {@link curveByMethod}: those of lossCurve for a theory method, those of simulateSgd
 * (without `engine`, which the method sets) for an SGD method.
 */
export type CurveByMethodOptions =
  | CurveOptions
  | (Omit<SgdOptions, 'engine'> & {
      method: 'sgd' | 'sgd-direct';
    });

/** The result: a CurveResult for a theory method, an SgdResult for an SGD method. */
export type CurveByMethodResult = CurveResult | SgdResult;

/** Whether a method samples SGD runs (rather than solving the expected-loss recursion). */
export function isSgdMethod(method: CurveMethod): method is 'sgd' | 'sgd-direct' {
  return method === 'sgd' || method === 'sgd-direct';
}

/**
 * The loss curve of `options.method`: lossCurve for deterministic, finite and surrogate,
 * simulateSgd with the spectral (sgd) or direct (sgd-direct) engine. Each validates its options.
 */
export async function curveByMethod(options: CurveByMethodOptions): Promise<CurveByMethodResult> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'curveByMethod expects an options object', 'options');
  const method = oneOf('method', options.method, CURVE_METHODS);
  if (!isSgdMethod(method)) return lossCurve(options as CurveOptions);
  const { method: _method, ...rest } = options as Omit<SgdOptions, 'engine'> & { method: string; engine?: unknown };
  if (rest.engine !== undefined)
    throw new PlrfError('INVALID_ARGUMENT', `engine is set by the method (method = ${method}): give method sgd or sgd-direct`, 'engine');
  return simulateSgd({ ...rest, engine: method === 'sgd' ? 'spectral' : 'direct' });
}
