// One-pass SGD on the PLRF problem, theta_(r+1) = theta_r - gamma sum_(i<=B) a_i (<a_i, theta_r> - y_i)
// (summed batch gradient), in two engines that agree in distribution.
import { dot, axpy, axpyMul, gemmTW, mulInPlace } from "./blas";
import { populationLossW } from "./problem";
import { loadState as rngLoad, saveState as rngSave, fillNormalLoaded, nextNormal } from "./rng";
import { optCoef } from "./momentum";
import { OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA } from "./abi";

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

/**
 * Direct engine, `steps` steps: x = D^(1/2) z with z ~ N(0, I_v), a = W^T x, y = <x, b>.
 * Cost O(v d B) per step, W streamed once per step. Scratch: x (B*v doubles), a (B*d doubles), res (B doubles).
 * If threshold > 0 the exact loss is evaluated after every step (O(v d), needs tau) and the run
 * stops at the first step whose loss exceeds it (divergence of a forced, unstable gamma).
 * Returns the number of steps done: `steps`, or fewer if the threshold was crossed.
 */
function sgdDirectW<T>(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64,
  sqrtTau: usize, b: usize, theta: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  rngLoad(state);
  const aBytes = <usize>d << 3, xBytes = <usize>v << 3;
  for (let r = 0; r < steps; r++) {
    for (let i = 0; i < batch; i++) {
      const xi = x + <usize>i * xBytes;
      fillNormalLoaded(xi, v);
      mulInPlace(xi, sqrtTau, v);
    }
    // One pass over W for the whole batch (W is the memory-bound operand).
    gemmTW<T>(W, v, d, x, a, batch);
    for (let i = 0; i < batch; i++) {
      const ai = a + <usize>i * aBytes;
      store<f64>(at(res, i), dot(ai, theta, d) - dot(x + <usize>i * xBytes, b, v));
    }
    // All residuals use theta_r: update only after the whole batch.
    for (let i = 0; i < batch; i++) axpy(-gamma * load<f64>(at(res, i)), a + <usize>i * aBytes, theta, d);
    if (threshold > 0) {
      const loss = populationLossW<T>(W, v, d, tau, b, theta, x);
      if (!(loss <= threshold)) {
        rngSave(state);
        return r + 1;
      }
    }
  }
  rngSave(state);
  return steps;
}

export function sgdDirect(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64,
  sqrtTau: usize, b: usize, theta: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return sgdDirectW<f64>(state, W, v, d, batch, gamma, sqrtTau, b, theta, x, a, res, steps, tau, threshold);
}

/** sgdDirect for f32 W: W is read as f32 (half the memory traffic), all arithmetic in f64. */
export function sgdDirect_f32w(
  state: usize, W: usize, v: i32, d: i32, batch: i32, gamma: f64,
  sqrtTau: usize, b: usize, theta: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return sgdDirectW<f32>(state, W, v, d, batch, gamma, sqrtTau, b, theta, x, a, res, steps, tau, threshold);
}

/**
 * Spectral engine, `steps` steps, in whitened error coordinates w_i = sqrt(lambda_i)(phi_i - phi*_i)
 * where phi = U^T theta (K = U Lambda U^T). A sample is a' = Lambda^(1/2) z, y = <a', phi*> + sqrt(P*) z0,
 * so the residual is <z, w> - sqrt(P*) z0 and the update w_i -= gamma res lambda_i z_i.
 * P(theta) = P* + ||w||^2. Exact in law for Gaussian data; O(d B) per step.
 * Scratch: z (B*d doubles), res (B doubles). threshold as in sgdDirect (the check costs O(d)).
 */
export function sgdSpectral(
  state: usize, d: i32, batch: i32, gamma: f64, lambda: usize, sqrtPStar: f64,
  w: usize, z: usize, res: usize, steps: i32, threshold: f64,
): i32 {
  rngLoad(state);
  const zBytes = <usize>d << 3;
  for (let r = 0; r < steps; r++) {
    fillNormalLoaded(z, batch * d);
    for (let i = 0; i < batch; i++) {
      store<f64>(at(res, i), dot(z + <usize>i * zBytes, w, d) - sqrtPStar * nextNormal());
    }
    for (let i = 0; i < batch; i++) axpyMul(-gamma * load<f64>(at(res, i)), z + <usize>i * zBytes, lambda, w, d);
    if (threshold > 0) {
      const loss = sqrtPStar * sqrtPStar + dot(w, w, d);
      if (!(loss <= threshold)) {
        rngSave(state);
        return r + 1;
      }
    }
  }
  rngSave(state);
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Momentum SGD and DANA (docs/model.md §10): y' = (1 - Delta_t) y + gamma1_t G, theta' = theta - gamma2_t G
// - gamma3_t y', G the summed batch gradient, t = t0 + (steps done in this call). The coefficients
// come from an optimizer table (see optCoef in ./momentum). The data draws and the gamma2 part of the
// update are those of the SGD kernels above, so gamma1 = gamma3 = 0 gives SGD's values bit for bit.

/** y = m y (n entries). */
function scaleInPlace(m: f64, y: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f64>(at(y, k), m * load<f64>(at(y, k)));
}

/** The direct engine with momentum: y (d doubles) is the momentum; other arguments as sgdDirect. */
function momentumDirectW<T>(
  state: usize, W: usize, v: i32, d: i32, batch: i32, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  rngLoad(state);
  const aBytes = <usize>d << 3, xBytes = <usize>v << 3;
  for (let r = 0; r < steps; r++) {
    const t = t0 + <f64>r;
    const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
    const g3 = optCoef(table, OPT_GAMMA3, t), m = 1.0 - optCoef(table, OPT_DELTA, t);
    for (let i = 0; i < batch; i++) {
      const xi = x + <usize>i * xBytes;
      fillNormalLoaded(xi, v);
      mulInPlace(xi, sqrtTau, v);
    }
    gemmTW<T>(W, v, d, x, a, batch);
    for (let i = 0; i < batch; i++) {
      const ai = a + <usize>i * aBytes;
      store<f64>(at(res, i), dot(ai, theta, d) - dot(x + <usize>i * xBytes, b, v));
    }
    for (let i = 0; i < batch; i++) axpy(-g2 * load<f64>(at(res, i)), a + <usize>i * aBytes, theta, d);
    scaleInPlace(m, y, d);
    for (let i = 0; i < batch; i++) axpy(g1 * load<f64>(at(res, i)), a + <usize>i * aBytes, y, d);
    axpy(-g3, y, theta, d);
    if (threshold > 0) {
      const loss = populationLossW<T>(W, v, d, tau, b, theta, x);
      if (!(loss <= threshold)) {
        rngSave(state);
        return r + 1;
      }
    }
  }
  rngSave(state);
  return steps;
}

export function momentumDirect(
  state: usize, W: usize, v: i32, d: i32, batch: i32, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return momentumDirectW<f64>(state, W, v, d, batch, table, t0, sqrtTau, b, theta, y, x, a, res, steps, tau, threshold);
}

export function momentumDirect_f32w(
  state: usize, W: usize, v: i32, d: i32, batch: i32, table: usize, t0: f64,
  sqrtTau: usize, b: usize, theta: usize, y: usize, x: usize, a: usize, res: usize, steps: i32,
  tau: usize, threshold: f64,
): i32 {
  return momentumDirectW<f32>(state, W, v, d, batch, table, t0, sqrtTau, b, theta, y, x, a, res, steps, tau, threshold);
}

/**
 * The spectral engine with momentum: w the whitened errors (as sgdSpectral) and y the whitened
 * momentum sqrt(lambda_i) y_i (d doubles); the whitened gradient is lambda_i z_i res.
 */
export function momentumSpectral(
  state: usize, d: i32, batch: i32, table: usize, t0: f64, lambda: usize, sqrtPStar: f64,
  w: usize, y: usize, z: usize, res: usize, steps: i32, threshold: f64,
): i32 {
  rngLoad(state);
  const zBytes = <usize>d << 3;
  for (let r = 0; r < steps; r++) {
    const t = t0 + <f64>r;
    const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
    const g3 = optCoef(table, OPT_GAMMA3, t), m = 1.0 - optCoef(table, OPT_DELTA, t);
    fillNormalLoaded(z, batch * d);
    for (let i = 0; i < batch; i++) {
      store<f64>(at(res, i), dot(z + <usize>i * zBytes, w, d) - sqrtPStar * nextNormal());
    }
    for (let i = 0; i < batch; i++) axpyMul(-g2 * load<f64>(at(res, i)), z + <usize>i * zBytes, lambda, w, d);
    scaleInPlace(m, y, d);
    for (let i = 0; i < batch; i++) axpyMul(g1 * load<f64>(at(res, i)), z + <usize>i * zBytes, lambda, y, d);
    axpy(-g3, y, w, d);
    if (threshold > 0) {
      const loss = sqrtPStar * sqrtPStar + dot(w, w, d);
      if (!(loss <= threshold)) {
        rngSave(state);
        return r + 1;
      }
    }
  }
  rngSave(state);
  return steps;
}
