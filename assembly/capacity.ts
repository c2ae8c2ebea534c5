// The effective regularisation kappa (effective dimension d) and the deterministic capacity floor
// F0 of the spectrum tau_j = j^(-2 alpha), j <= v (docs/model.md §5).
import { jobAlloc } from "./job";
import { fillSpectrum } from "./problem";

/** Doubles in the largest block the allocator hands out (just under 1 GiB). */
const MAX_BLOCK_DOUBLES: i32 = ((1 << 30) - 64) >> 3;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/**
 * kappa > 0 with sum_j tau_j / (tau_j + kappa) = d (effective dimension d), by safeguarded Newton
 * on log kappa; needs v > d. Returns kappa (0 if v <= d).
 */
export function effectiveKappa(v: i32, d: i32, tau: usize): f64 {
  if (v <= d) return 0.0;
  let lo = -800.0, hi = 800.0; // bracket in t = log kappa: f(lo) > 0 > f(hi)
  let t = Math.log(load<f64>(at(tau, d - 1)));
  for (let it = 0; it < 200; it++) {
    const k = Math.exp(t);
    let f = -<f64>d, fp = 0.0;
    for (let j = 0; j < v; j++) {
      const tj = load<f64>(at(tau, j));
      const q = tj / (tj + k);
      f += q;
      fp -= q * (k / (tj + k));
    }
    if (f > 0) lo = t; else hi = t;
    let tn = fp < 0 ? t - f / fp : 0.5 * (lo + hi);
    if (!(tn > lo && tn < hi)) tn = 0.5 * (lo + hi);
    if (Math.abs(tn - t) <= 1e-15 * Math.max(1.0, Math.abs(t)) || hi - lo <= 1e-15 * Math.max(1.0, Math.abs(t))) {
      t = tn;
      break;
    }
    t = tn;
  }
  return Math.exp(t);
}

/** F0 = sum_j c2_j kappa / (tau_j + kappa) (compensated), the deterministic capacity floor. */
export function floorF0(v: i32, tau: usize, c2: usize, kappa: f64): f64 {
  let s = 0.0, c = 0.0;
  for (let j = 0; j < v; j++) {
    const tj = load<f64>(at(tau, j));
    const t = load<f64>(at(c2, j)) * (kappa / (tj + kappa));
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
    s = u;
  }
  return s + c;
}

/**
 * The deterministic capacity floor F0 = sum_j c_j^2 kappa / (tau_j + kappa), kappa solving
 * sum_j tau_j / (tau_j + kappa) = d, from scratch (tau_j = j^(-2 alpha), c_j^2 = (tau_j b_j) b_j);
 * 0 when v <= d; -1 if memory is short.
 */
export function capacityFloor(alpha: f64, beta: f64, d: i32, v: i32): f64 {
  if (v > MAX_BLOCK_DOUBLES) return -1.0;
  const bytes = <usize>max(v, 1) << 3;
  const tau = jobAlloc(bytes), b = jobAlloc(bytes), sq = jobAlloc(bytes);
  let F0 = -1.0;
  if (tau != 0 && b != 0 && sq != 0) {
    fillSpectrum(v, alpha, beta, tau, b, sq);
    for (let j = 0; j < v; j++) {
      const t = load<f64>(at(tau, j)), bj = load<f64>(at(b, j));
      store<f64>(at(b, j), t * bj * bj);
    }
    F0 = v > d ? floorF0(v, tau, b, effectiveKappa(v, d, tau)) : 0.0;
  }
  if (tau != 0) heap.free(tau);
  if (b != 0) heap.free(b);
  if (sq != 0) heap.free(sq);
  return F0;
}
