// Validation at the API boundary: every check names the option and its allowed range.

import { PlrfError } from './errors.js';

function fail(param: string, value: unknown, allowed: string): never {
  const shown = typeof value === 'number' || typeof value === 'boolean' ? String(value) : (JSON.stringify(value) ?? String(value));
  throw new PlrfError('INVALID_ARGUMENT', `${param} = ${shown} is invalid: expected ${allowed}`, param);
}

/** A finite number, optionally within (min, max) bounds. */
export function finite(param: string, value: unknown, range: { gt?: number; ge?: number; lt?: number; le?: number } = {}): number {
  const parts: string[] = [];
  if (range.gt !== undefined) parts.push(`> ${range.gt}`);
  if (range.ge !== undefined) parts.push(`>= ${range.ge}`);
  if (range.lt !== undefined) parts.push(`< ${range.lt}`);
  if (range.le !== undefined) parts.push(`<= ${range.le}`);
  const allowed = `a finite number${parts.length ? ' ' + parts.join(' and ') : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(param, value, allowed);
  if (range.gt !== undefined && !(value > range.gt)) fail(param, value, allowed);
  if (range.ge !== undefined && !(value >= range.ge)) fail(param, value, allowed);
  if (range.lt !== undefined && !(value < range.lt)) fail(param, value, allowed);
  if (range.le !== undefined && !(value <= range.le)) fail(param, value, allowed);
  return value;
}

/** An integer in [min, max]. */
export function integer(param: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(param, value, `an integer in [${min}, ${max}]`);
  }
  return value;
}

/** One of a list of strings. */
export function oneOf<T extends string>(param: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) fail(param, value, `one of ${allowed.join(', ')}`);
  return value as T;
}

/** A boolean. */
export function bool(param: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(param, value, 'true or false');
  return value;
}

/** Reject option names that are not known (catches typos such as `alfa`). */
export function knownKeys(what: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new PlrfError('INVALID_ARGUMENT', `unknown option '${key}' for ${what}; known options: ${allowed.join(', ')}`, key);
    }
  }
}

/** Largest |alpha|, |beta| accepted: beyond, tau_j = j^(-2 alpha) underflows for j >= 2 and the model degenerates. */
export const MAX_EXPONENT = 100;

/** Smallest alpha accepted: below, the exponent formulas (and tau_j ~ 1) lose all precision. */
export const MIN_ALPHA = 1e-6;

/** 1e-6 <= alpha <= 100, |beta| <= 100 and alpha + beta > 1/2 (the admissible region of the model). */
export function admissible(alpha: unknown, beta: unknown): { alpha: number; beta: number } {
  const a = finite('alpha', alpha, { ge: MIN_ALPHA, le: MAX_EXPONENT });
  const b = finite('beta', beta, { ge: -MAX_EXPONENT, le: MAX_EXPONENT });
  if (!(a + b > 0.5)) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `alpha + beta = ${a + b} is invalid: the model needs alpha + beta > 1/2 (otherwise P(0) diverges with v and the loss has no power law)`,
      'beta',
    );
  }
  return { alpha: a, beta: b };
}

/** d (integer >= 1) and v (default 4d, integer >= d; > d when `strict`, as the deterministic method needs). */
export function sizes(options: { d?: unknown; v?: unknown }, strict = false): { d: number; v: number } {
  const d = integer('d', options.d, 1, 2 ** 31 - 1);
  const v = integer('v', options.v ?? 4 * d, d, 2 ** 31 - 1);
  if (strict && v === d) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `v = ${v} is invalid for the deterministic method: it needs v > d (the capacity floor and the contour's left end require it); use finite or surrogate for v = d`,
      'v',
    );
  }
  return { d, v };
}

/** An explicit gamma (> 0) or the gamma0 of the default rule (> 0, default 0.5), not both. */
export function learningRate(options: { gamma?: unknown; gamma0?: unknown }): { gamma: number | undefined; gamma0: number } {
  if (options.gamma !== undefined && options.gamma0 !== undefined)
    throw new PlrfError('INVALID_ARGUMENT', 'give gamma or gamma0, not both', 'gamma');
  const gamma = options.gamma === undefined ? undefined : finite('gamma', options.gamma, { gt: 0 });
  return { gamma, gamma0: finite('gamma0', options.gamma0 ?? 0.5, { gt: 0 }) }; // 0.5 = DEFAULT_GAMMA0 (conventions.ts)
}
