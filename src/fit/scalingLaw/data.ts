// The scaling-law fits' data stage (docs/model.md §9): rows -> logs of the loss and of the covariates,
// with the work arrays of the coefficient solve.

import { PlrfError } from '../../core/errors.js';
import { finite } from '../../core/validate.js';

/** Prepared data: logs of the loss and the covariates, validated once (in {@link prepareLawData}). */
export interface LawData {
  /** Number of linear coefficients: 2 (E, A) or 3 (E, A, B). */
  k: number;
  n: number;
  logL: Float64Array;
  L: Float64Array;
  /** log x or log N. */
  u: Float64Array;
  /** log D (chinchilla). */
  w: Float64Array;
  /** Huber threshold on log residuals. */
  delta: number;
  // workspace of the coefficient solve: the features x^-a (N^-a) and D^-b, the model m and log residuals r, and a candidate's
  fx: Float64Array;
  fy: Float64Array;
  m: Float64Array;
  r: Float64Array;
  mt: Float64Array;
  rt: Float64Array;
}

/** Validate the rows of a form (`power` {x, loss}, `chinchilla` {params, tokens, loss}) and take logs. */
export function prepareLawData(form: 'power' | 'chinchilla', data: unknown, delta: number): LawData {
  if (!Array.isArray(data))
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `data must be an array of rows (${form === 'power' ? '{x, loss}' : '{params, tokens, loss}'})`,
      'data',
    );
  const n = data.length;
  const k = form === 'power' ? 2 : 3;
  const nParams = 2 * k - 1;
  if (n < nParams + 1)
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `the ${form} form has ${nParams} parameters and needs at least ${nParams + 1} rows; got ${n}`,
      'data',
    );
  const L = new Float64Array(n),
    logL = new Float64Array(n),
    u = new Float64Array(n),
    w = new Float64Array(n);
  data.forEach((row: Record<string, unknown>, i: number) => {
    if (row === null || typeof row !== 'object') throw new PlrfError('INVALID_ARGUMENT', `data[${i}] must be an object`, 'data');
    L[i] = finite(`data[${i}].loss`, row.loss, { gt: 0 });
    logL[i] = Math.log(L[i]);
    if (form === 'power') u[i] = Math.log(finite(`data[${i}].x`, row.x, { gt: 0 }));
    else {
      u[i] = Math.log(finite(`data[${i}].params`, row.params, { gt: 0 }));
      w[i] = Math.log(finite(`data[${i}].tokens`, row.tokens, { gt: 0 }));
    }
  });
  return {
    k,
    n,
    L,
    logL,
    u,
    w,
    delta,
    fx: new Float64Array(n),
    fy: new Float64Array(n),
    m: new Float64Array(n),
    r: new Float64Array(n),
    mt: new Float64Array(n),
    rt: new Float64Array(n),
  };
}
