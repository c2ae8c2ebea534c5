// The large-d asymptotic forms of the forcing and the kernel (docs/model.md §6, the paper's Table 1),
// valid for 1 << gamma B r << d^(2 alpha). Loss without the factor 1/2.

import { gammaFn } from "./special";
import { powerSum } from "./powerLaw";

/**
 * The Table-1 terms at step r into out (6 f64): out[0] rho = 2 gamma B r; out[1] F_pp =
 * (1/(2a)) Gamma(b/a - 1/(2a) + 1) rho^(-(1 + b/a) + 1/(2a)); out[2] F_ac = (sum_(j<=v) j^(-2b))
 * (1/(2a)) Gamma(1 - 1/(2a)) rho^(-1 + 1/(2a)) / d when 2b > 1 and 2a > 1, else 0; out[3] K_pp =
 * gamma^2 B (1/(2a)) Gamma(2 - 1/(2a)) rho^(-2 + 1/(2a)) when 4a > 1, else 0 (no such term);
 * out[4] the estimate F0 + F_pp + F_ac + K_pp/(gamma B) (the paper's eq. 17); out[5] 1 when the
 * K_pp term exists (4a > 1), else 0. With the capacity floor `F0` given. Arguments validated by the host; overflow shows as
 * non-finite terms.
 */
export function asymptoticTerms(alpha: f64, beta: f64, d: i32, v: i32, batch: i32, gamma: f64, r: f64, F0: f64, out: usize): void {
  const B = <f64>batch;
  const rho = 2 * gamma * B * r;
  const a2 = 1 / (2 * alpha);
  const Fpp = a2 * gammaFn(beta / alpha - a2 + 1) * Math.pow(rho, -(1 + beta / alpha) + a2);
  const Fac = 2 * beta > 1 && 2 * alpha > 1 ? (powerSum(v, beta) * a2 * gammaFn(1 - a2) * Math.pow(rho, -1 + a2)) / <f64>d : 0.0;
  const hasKpp = 4 * alpha > 1;
  const Kpp = hasKpp ? gamma * gamma * B * a2 * gammaFn(2 - a2) * Math.pow(rho, -2 + a2) : 0.0;
  const estimate = F0 + Fpp + Fac + (hasKpp ? Kpp / (gamma * B) : 0.0);
  store<f64>(out, rho);
  store<f64>(out, Fpp, 8);
  store<f64>(out, Fac, 16);
  store<f64>(out, Kpp, 24);
  store<f64>(out, estimate, 32);
  store<f64>(out, hasKpp ? 1.0 : 0.0, 40);
}
