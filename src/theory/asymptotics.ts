// Large-d asymptotics of the forcing and kernel (docs/model.md §6, the paper's Table 1).

import { PlrfError } from '../core/errors.js';
import { admissible, finite, integer, knownKeys, learningRate, sizes } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { rateConfig, type ModelOptions } from '../model/conventions.js';
import { withBlocks } from '../core/memory.js';

/** Options of {@link asymptotics}. */
export interface AsymptoticsOptions extends ModelOptions {
  /** Model size (enters F_ac and F0). */
  d: number;
  /** SGD step r >= 1 (the forms hold for 1 << gamma B r << d^(2 alpha)). */
  r: number;
}

/** The Table-1 terms at one r. Loss without the factor 1/2. */
export interface AsymptoticTerms {
  /** rho = 2 gamma B r */
  rho: number;
  /** Pure-point forcing (1/(2a)) Gamma(b/a - 1/(2a) + 1) rho^(-(1 + b/a) + 1/(2a)). */
  Fpp: number;
  /**
   * Absolutely continuous forcing c_beta (1/(2a)) Gamma(1 - 1/(2a)) rho^(-1 + 1/(2a)) / d (2 beta > 1 and 2 alpha > 1), else 0
   * (negligible).
   */
  Fac: number;
  /** The capacity floor F0 (exact deterministic value, docs/model.md §5). */
  F0: number;
  /** Pure-point kernel gamma^2 B (1/(2a)) Gamma(2 - 1/(2a)) rho^(-2 + 1/(2a)) (4 alpha > 1), else null. */
  Kpp: number | null;
  /** The paper's eq. 17 estimate F0 + F_pp + F_ac + K_pp / (gamma B) (up to constants). */
  estimate: number;
}

/**
 * The large-d asymptotic forms of Table 1 at step r, with rho = 2 gamma B r:
 * F_pp, F_ac, F0 and K_pp, and the estimate F0 + F_pp + F_ac + K_pp/(gamma B) that the exact loss
 * tracks up to constants. Valid for 1 << gamma B r << d^(2 alpha).
 *
 * @example
 * asymptotics({ alpha: 1, beta: 0.75, d: 1000, gamma: 0.1, r: 1000 }).Fpp // 6.02565e-4
 */
export function asymptotics(options: AsymptoticsOptions): AsymptoticTerms {
  knownKeys('asymptotics', options, ['alpha', 'beta', 'd', 'v', 'batch', 'gamma', 'gamma0', 'r']);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options);
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  const { gamma } = rateConfig(learningRate(options), { alpha, v, batch });
  // The forms hold for 1 << gamma B r and diverge as r -> 0.
  const r = finite('r', options.r, { ge: 1 });
  const c = core();
  const F0 = capacityFloor(alpha, beta, d, v);
  const [rho, Fpp, Fac, kpp, estimate, hasKpp] = withBlocks([6], (out) => {
    c.asymptoticTerms(alpha, beta, d, v, batch, gamma, r, F0, out.ptr);
    return Array.from(out.view());
  });
  const Kpp = hasKpp === 1 ? kpp : null;
  for (const [name, x] of Object.entries({ Fpp, Fac, Kpp: Kpp ?? 0, estimate })) {
    if (!Number.isFinite(x))
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `the asymptotic form ${name} overflows at r = ${r} (rho = ${rho}); use a larger r or gamma`,
        'r',
      );
  }
  return { rho, Fpp, Fac, F0, Kpp, estimate };
}

/**
 * The deterministic capacity floor F0 = sum_j c_j^2 kappa / (tau_j + kappa), with kappa > 0 solving
 * sum_j tau_j / (tau_j + kappa) = d (docs/model.md §5); needs v > d (F0 = 0 when v = d).
 */
export function floorF0(alpha: number, beta: number, d: number, v: number): number {
  admissible(alpha, beta);
  integer('d', d, 1, 2 ** 31 - 1);
  integer('v', v, d, 2 ** 31 - 1);
  return capacityFloor(alpha, beta, d, v);
}

/** {@link floorF0} on validated values. */
function capacityFloor(alpha: number, beta: number, d: number, v: number): number {
  const F0 = core().capacityFloor(alpha, beta, d, v);
  if (F0 < 0) throw new PlrfError('MEMORY', `could not allocate ${v} doubles in Wasm memory`, 'v');
  return F0;
}

/**
 * The pure-point forcing as a sum, sum_(j<=jmax) j^(-2 alpha - 2 beta) exp(-rho j^(-2 alpha)),
 * rho = 2 gamma B r: what F_pp approximates (docs/model.md §6 check values use jmax = 10^7).
 */
export function forcingSum(alpha: number, beta: number, rho: number, jmax: number): number {
  admissible(alpha, beta);
  finite('rho', rho, { ge: 0 });
  integer('jmax', jmax, 1, 1e10);
  return core().forcingSum(alpha, beta, rho, jmax);
}
