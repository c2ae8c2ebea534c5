import { PHASE_NONE, PHASE_IA, PHASE_IB, PHASE_IC, PHASE_II, PHASE_III, PHASE_IVA, PHASE_IVB, BOUNDARY_TOLERANCE } from "./abi";
// The phases of the compute-optimal PLRF problem and their exponents (docs/model.md §7, the paper's
// Table 2): the region of (alpha, beta), boundary detection, the phases meeting at a boundary, and
// the compute-optimal exponents d*(f) ~ f^xi, P*(f) ~ f^(-eta) (loss without 1/2, f = r·d·B).
//
// Phase codes: 0 none (alpha + beta <= 1/2, no power law), 1 Ia, 2 Ib, 3 Ic, 4 II, 5 III, 6 IVa, 7 IVb.
// Neighbour bitmask: bit 0 Ia, 1 Ib, 2 Ic, 3 II, 4 III, 5 IVa, 6 IVb, 7 none (the order of the names).


/** alpha where Phase IVa meets IVb. */
const IV_SPLIT: f64 = 1 - 1 / Math.SQRT2;

// @ts-ignore: decorator
@inline function above(x: f64, c: f64, tol: f64): bool {
  return x > c - tol;
}

/**
 * The region containing (alpha, beta), where a comparison within `tol` of equality counts as
 * "above" (the point moved up in beta, then right in alpha), except on the admissibility line:
 * alpha + beta - 1/2 <= tol is none. With tol = 0 it is the strict region.
 */
function region(alpha: f64, beta: f64, tol: f64): i32 {
  if (!(alpha + beta - 0.5 > tol)) return PHASE_NONE;
  const bHigh = above(beta, 0.5, tol);
  if (above(alpha, 0.5, tol)) {
    if (!bHigh) return PHASE_IA;
    return above(beta, alpha, tol) ? PHASE_III : PHASE_II;
  }
  if (!bHigh) return PHASE_IB;
  if (!above(alpha, 0.25, tol)) return PHASE_IC;
  return above(alpha, IV_SPLIT, tol) ? PHASE_IVA : PHASE_IVB;
}

function nearBoundary(a: f64, b: f64): bool {
  const t = BOUNDARY_TOLERANCE;
  if (Math.abs(a + b - 0.5) <= t) return true;
  if (Math.abs(b - 0.5) <= t) return true;
  if (Math.abs(a - 0.5) <= t) return true;
  if (a > 0.5 - t && b > 0.5 - t && Math.abs(b - a) <= t) return true;
  if (b > 0.5 - t && a < 0.5 + t && (Math.abs(a - 0.25) <= t || Math.abs(a - IV_SPLIT) <= t)) return true;
  return false;
}

/**
 * xi and eta of phase `phase`'s Table-2 formulas at (alpha, beta) into out[0], out[1] (f64; NaN
 * for none or an unknown code), with G = 2 alpha + 2 beta - 1.
 */
export function phaseExponents(phase: i32, alpha: f64, beta: f64, out: usize): void {
  const G = 2 * alpha + 2 * beta - 1;
  let xi: f64 = NaN, eta: f64 = NaN;
  switch (phase) {
    case PHASE_IA: { xi = 1 / (2 * alpha + 1); eta = G / (2 * alpha + 1); break; }
    case PHASE_IB: { xi = 0.5; eta = G / 2; break; }
    case PHASE_IC: {
      xi = G / ((2 - 2 * alpha) * G + 4 * alpha * alpha);
      eta = 2 * alpha * xi;
      break;
    }
    case PHASE_II: { xi = beta / (alpha + beta); eta = G / (2 * (alpha + beta)); break; }
    case PHASE_III: { xi = 0.5; eta = 1 - 1 / (4 * alpha); break; }
    case PHASE_IVA: { xi = 0.5; eta = alpha; break; }
    case PHASE_IVB: {
      const den = 2 * beta - alpha - 2 * alpha * beta;
      xi = (beta - alpha) / den;
      eta = (G * (1 - 2 * alpha)) / (2 * den);
      break;
    }
    default: break;
  }
  store<f64>(out, xi);
  store<f64>(out, eta, 8);
}

// @ts-ignore: decorator
@inline function bit(phase: i32): i32 {
  return phase == PHASE_NONE ? 1 << 7 : 1 << (phase - 1);
}

/**
 * Classify (alpha, beta) (validated by the host: alpha > 0, both finite) into the phases of
 * Table 2. Returns the phase code and writes out[0] xi, out[1] eta (NaN for none), out[2]
 * onBoundary (1 within 1e-9 of a boundary, else 0), out[3] the neighbour bitmask (on a boundary:
 * every phase met within 1e-7 around the point, including the returned one; else 0), all f64.
 * The phase of a boundary point is the region reached by increasing beta slightly, then alpha,
 * except on the admissibility line alpha + beta = 1/2 (tolerance included), which is none.
 * Returns -1 if the point's phase is not among its neighbours (an internal inconsistency).
 */
export function phaseClassify(alpha: f64, beta: f64, out: usize): i32 {
  if (alpha + beta - 0.5 < -BOUNDARY_TOLERANCE) {
    store<f64>(out, NaN);
    store<f64>(out, NaN, 8);
    store<f64>(out, 0.0, 16);
    store<f64>(out, 0.0, 24);
    return PHASE_NONE;
  }
  const phase = region(alpha, beta, BOUNDARY_TOLERANCE);
  const onBoundary = nearBoundary(alpha, beta);
  let mask = 0;
  if (onBoundary) {
    const step = 1e-7;
    for (let k = 0; k < 16; k++) {
      const t = (2 * Math.PI * <f64>k) / 16;
      mask |= bit(region(alpha + step * Math.cos(t), beta + step * Math.sin(t), 0));
    }
    if ((mask & bit(phase)) == 0) return -1;
  }
  phaseExponents(phase, alpha, beta, out);
  store<f64>(out, onBoundary ? 1.0 : 0.0, 16);
  store<f64>(out, <f64>mask, 24);
  return phase;
}

/**
 * The compute-optimal exponents of DANA-decay predicted by plrf's derivation (docs/model.md §10, not
 * the paper's): the DANA clock multiplies the time exponents of F_pp, F_ac and K_pp by
 * kappa = 2 - 1/(2 alpha), F0 keeps its d-exponent, and the SGD phase's trade-off pair
 * r^(-a1) d^(-b1) vs r^(-a2) d^(-b2) balances on f = r d at xi = (a1 - a2)/((a1 - b1) - (a2 - b2)),
 * eta = a1 - (a1 - b1) xi (G = 2 alpha + 2 beta - 1):
 *   Ia (F_pp vs F0): xi = kappa/(kappa + 2 alpha), eta = kappa G/(kappa + 2 alpha);
 *   II (F_pp vs F_ac): xi = kappa beta/(kappa beta + alpha), eta = kappa G/(2 (kappa beta + alpha));
 *   III (K_pp vs F_ac): xi = kappa/(kappa + 1), eta = kappa^2/(kappa + 1).
 * (alpha, beta) validated by the host as for phaseClassify. Returns the phase code (as
 * phaseClassify; -1 on an internal inconsistency) and writes out[0] = kappa, out[1] = xi,
 * out[2] = eta (NaN outside Ia, II, III: the derivation needs 2 alpha > 1), out[3] = SGD's xi,
 * out[4] = SGD's eta (Table 2; NaN for none), all f64.
 */
export function danaDecayExponents(alpha: f64, beta: f64, out: usize): i32 {
  const phase = phaseClassify(alpha, beta, out);
  const sxi = load<f64>(out), seta = load<f64>(out, 8);
  const kappa = 2 - 1 / (2 * alpha), G = 2 * alpha + 2 * beta - 1;
  let xi: f64 = NaN, eta: f64 = NaN;
  if (phase == PHASE_IA) {
    xi = kappa / (kappa + 2 * alpha);
    eta = (kappa * G) / (kappa + 2 * alpha);
  } else if (phase == PHASE_II) {
    xi = (kappa * beta) / (kappa * beta + alpha);
    eta = (kappa * G) / (2 * (kappa * beta + alpha));
  } else if (phase == PHASE_III) {
    xi = kappa / (kappa + 1);
    eta = (kappa * kappa) / (kappa + 1);
  }
  store<f64>(out, kappa);
  store<f64>(out, xi, 8);
  store<f64>(out, eta, 16);
  store<f64>(out, sxi, 24);
  store<f64>(out, seta, 32);
  return phase;
}
