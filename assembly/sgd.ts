// One-pass SGD on the PLRF problem, theta_(r+1) = theta_r - gamma sum_(i<=B) a_i (<a_i, theta_r> - y_i)
// (summed batch gradient), in two engines that agree in distribution, and the same engines with
// momentum / DANA (docs/model.md §10). One loop per engine serves both: plain SGD skips the momentum
// part, so momentum with gamma1 = gamma3 = 0 gives SGD's values bit for bit.
//
// Random numbers: `state` is a four-lane generator state (rngv.ts, RNGV_STATE_BYTES, seeded by
// rngvSeed for a stream (seed, stream)). Every step draws its normals in one fill (value k is draw
// k/4 of lane k mod 4), so the draws of a run do not depend on how its steps are split into calls.
import { dot, axpy, axpyMul, gemmTW, mulInPlace } from "./blas";
import { populationLossW } from "./problem";
import { fillNormalV } from "./rngv";
import { optCoef } from "./momentum";
import { OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA } from "./abi";

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

/** y = m y (n entries). */
function scaleInPlace(m: f64, y: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f64>(at(y, k), m * load<f64>(at(y, k)));
}

// The coefficients of step t: gamma1, gamma2, gamma3 and 1 - Delta; plain SGD (table 0) is (0, gamma, 0, 1).
let g1 = 0.0, g2 = 0.0, g3 = 0.0, keep = 1.0;
function coefficients(table: usize, t: f64, gamma: f64): void {
  if (table == 0) {
    g1 = 0.0; g2 = gamma; g3 = 0.0; keep = 1.0;
  } else {
    g1 = optCoef(table, OPT_GAMMA1, t); g2 = optCoef(table, OPT_GAMMA2, t);
    g3 = optCoef(table, OPT_GAMMA3, t); keep = 1.0 - optCoef(table, OPT_DELTA, t);
  }
}

/**
 * The direct engine: x = D^(1/2) z with z ~ N(0, I_v), a = W^T x, y = <x, b>; the B v normals of a
 * step in one fill (sample-major). Cost O(v d B) per step, W streamed once per step. Scratch: x (B v
 * doubles), a (B d doubles), res (B doubles). table 0: plain SGD at gamma; else momentum / DANA from
 * step t0 with momentum y (d doubles). If threshold > 0 the exact loss is evaluated after every step
 * (O(v d), needs tau) and the run stops at the first step whose loss exceeds it (divergence of a
 * forced, unstable gamma). Returns the number of steps done: `steps`, or fewer if the threshold was crossed.
 */
function directRun<T>(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  const aBytes = <usize>d << 3, xBytes = <usize>v << 3;
  for (let r = 0; r < steps; r++) {
    coefficients(table, t0 + <f64>r, gamma);
    fillNormalV(state, x, batch * v);
    for (let i = 0; i < batch; i++) mulInPlace(x + <usize>i * xBytes, sqrtTau, v);
    // One pass over W for the whole batch (W is the memory-bound operand).
    gemmTW<T>(W, v, d, x, a, batch);
    for (let i = 0; i < batch; i++) {
      const ai = a + <usize>i * aBytes;
      store<f64>(at(res, i), dot(ai, theta, d) - dot(x + <usize>i * xBytes, b, v));
    }
    // All residuals use theta_r: update only after the whole batch.
    for (let i = 0; i < batch; i++) axpy(-g2 * load<f64>(at(res, i)), a + <usize>i * aBytes, theta, d);
    if (table != 0) {
      scaleInPlace(keep, y, d);
      for (let i = 0; i < batch; i++) axpy(g1 * load<f64>(at(res, i)), a + <usize>i * aBytes, y, d);
      axpy(-g3, y, theta, d);
    }
    if (threshold > 0 && !(populationLossW<T>(W, v, d, tau, b, theta, x) <= threshold)) return r + 1;
  }
  return steps;
}

/**
 * Direct engine, `steps` SGD steps (see directRun): x (B v), a (B d), res (B) scratch; state a
 * four-lane generator state. Returns the steps done.
 */
export function sgdDirect(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64,
  sqrtTau: usize, b: usize, theta: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return directRun<f64>(state, W, v, d, batch, gamma, 0, 0, sqrtTau, b, theta, 0, x, a, res, steps, tau, threshold);
}

/** sgdDirect for f32 W: W is read as f32 (half the memory traffic), all arithmetic in f64. */
export function sgdDirect_f32w(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64,
  sqrtTau: usize, b: usize, theta: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return directRun<f32>(state, W, v, d, batch, gamma, 0, 0, sqrtTau, b, theta, 0, x, a, res, steps, tau, threshold);
}

/**
 * The spectral engine, in whitened error coordinates w_i = sqrt(lambda_i)(phi_i - phi*_i) where
 * phi = U^T theta (K = U Lambda U^T). A sample is a' = Lambda^(1/2) z, y = <a', phi*> + sqrt(P*) z0,
 * so the residual is <z, w> - sqrt(P*) z0 and the update w_i -= gamma res lambda_i z_i.
 * P(theta) = P* + ||w||^2. Exact in law for Gaussian data; O(d B) per step. The B (d + 1) normals of
 * a step come in one fill: z (B d, sample-major), then z0 (B). With momentum, y is the whitened
 * momentum sqrt(lambda_i) y_i and the whitened gradient is lambda_i z_i res.
 * Scratch: z (B (d + 1) doubles), res (B doubles). table, t0, threshold as in directRun (the check costs O(d)).
 */
function spectralRun(
  state: usize, d: i32, batch: i32, gamma: f64, table: usize, t0: f64, lambda: usize, sqrtPStar: f64,
  w: usize, y: usize, z: usize, res: usize, steps: i32, threshold: f64,
): i32 {
  const zBytes = <usize>d << 3;
  const z0 = z + <usize>batch * zBytes;
  const n = batch * (d + 1);
  for (let r = 0; r < steps; r++) {
    coefficients(table, t0 + <f64>r, gamma);
    fillNormalV(state, z, n);
    for (let i = 0; i < batch; i++) {
      store<f64>(at(res, i), dot(z + <usize>i * zBytes, w, d) - sqrtPStar * load<f64>(at(z0, i)));
    }
    for (let i = 0; i < batch; i++) axpyMul(-g2 * load<f64>(at(res, i)), z + <usize>i * zBytes, lambda, w, d);
    if (table != 0) {
      scaleInPlace(keep, y, d);
      for (let i = 0; i < batch; i++) axpyMul(g1 * load<f64>(at(res, i)), z + <usize>i * zBytes, lambda, y, d);
      axpy(-g3, y, w, d);
    }
    if (threshold > 0 && !(sqrtPStar * sqrtPStar + dot(w, w, d) <= threshold)) return r + 1;
  }
  return steps;
}

/**
 * Spectral engine, `steps` SGD steps (see spectralRun) on whitened errors w (d): z (B (d + 1)) and
 * res (B) scratch; state a four-lane generator state. Returns the steps done.
 */
export function sgdSpectral(
  state: usize, d: i32, batch: i32, gamma: f64, lambda: usize, sqrtPStar: f64,
  w: usize, z: usize, res: usize, steps: i32, threshold: f64,
): i32 {
  return spectralRun(state, d, batch, gamma, 0, 0, lambda, sqrtPStar, w, 0, z, res, steps, threshold);
}

// Momentum SGD and DANA (docs/model.md §10): y' = (1 - Delta_t) y + gamma1_t G, theta' = theta - gamma2_t G
// - gamma3_t y', G the summed batch gradient, t = t0 + (steps done in this call). The coefficients
// come from an optimizer table (see optCoef in ./momentum).

/** The direct engine with momentum y (d doubles) from step t0; other arguments as sgdDirect. */
export function momentumDirect(
  state: usize, W: usize, v: i32, d: i32, batch: i32, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return directRun<f64>(state, W, v, d, batch, 0, table, t0, sqrtTau, b, theta, y, x, a, res, steps, tau, threshold);
}

export function momentumDirect_f32w(
  state: usize, W: usize, v: i32, d: i32, batch: i32, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return directRun<f32>(state, W, v, d, batch, 0, table, t0, sqrtTau, b, theta, y, x, a, res, steps, tau, threshold);
}

/**
 * The spectral engine with momentum: w the whitened errors (as sgdSpectral) and y the whitened
 * momentum sqrt(lambda_i) y_i (d doubles), from step t0.
 */
export function momentumSpectral(
  state: usize, d: i32, batch: i32, table: usize, t0: f64, lambda: usize, sqrtPStar: f64,
  w: usize, y: usize, z: usize, res: usize, steps: i32, threshold: f64,
): i32 {
  return spectralRun(state, d, batch, 0, table, t0, lambda, sqrtPStar, w, y, z, res, steps, threshold);
}
