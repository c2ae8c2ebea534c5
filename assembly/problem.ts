// PLRF problem: D = diag(tau_j), tau_j = j^(-2 alpha); b_j = j^(-beta) (the power-law spectrum,
// powerLaw.ts); W in R^(v x d) with i.i.d. N(0, 1/d) entries, row-major. Everything here runs
// inside Wasm, including pow(), so the same seed gives the same bits in every host.
import { dotTT, gemmTW, ldT, ld2T, sumCompensated } from "./blas";
import { loadState as rngLoad, saveState as rngSave, fillNormalLoaded } from "./rng";
export { fillSpectrum, traceD } from "./powerLaw";

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

/** W[0..v*d) = N(0, 1/d) entries, drawn row by row from the generator at `state`. */
export function sampleW(state: usize, W: usize, v: i32, d: i32): void {
  rngLoad(state);
  const n = <i64>v * <i64>d;
  const scale = 1.0 / Math.sqrt(<f64>d);
  // Fill in row chunks (i32 counts) then scale.
  for (let j = 0; j < v; j++) {
    const row = W + <usize>j * (<usize>d << 3);
    fillNormalLoaded(row, d);
    for (let k = 0; k < d; k++) store<f64>(at(row, k), load<f64>(at(row, k)) * scale);
  }
  rngSave(state);
  if (n < 0) unreachable();
}

/**
 * W[0..v*d) as f32 (f32 storage): the same draws and the same f64 values as sampleW, each rounded
 * to the nearest f32, so an f32 problem is the f64 problem with W rounded entrywise (relative
 * change <= 2^-24 per entry). work: d doubles of scratch.
 */
export function sampleW_f32w(state: usize, W: usize, v: i32, d: i32, work: usize): void {
  rngLoad(state);
  const scale = 1.0 / Math.sqrt(<f64>d);
  for (let j = 0; j < v; j++) {
    const row = W + <usize>j * (<usize>d << 2);
    fillNormalLoaded(work, d);
    for (let k = 0; k < d; k++) store<f32>(row + (<usize>k << 2), <f32>(load<f64>(at(work, k)) * scale));
  }
  rngSave(state);
}

/**
 * Exact population loss P(theta) = ||D^(1/2)(W theta - b)||^2 = sum_j tau_j (W_j . theta - b_j)^2
 * (no factor 1/2). work: v doubles of scratch. Per-row dots in SIMD, the v-term sum compensated.
 */
export function populationLossW<T>(W: usize, v: i32, d: i32, tau: usize, b: usize, theta: usize, work: usize): f64 {
  const rowBytes = <usize>d << alignof<T>();
  for (let j = 0; j < v; j++) {
    const r = dotTT<T, f64>(W + <usize>j * rowBytes, theta, d) - load<f64>(at(b, j));
    store<f64>(at(work, j), load<f64>(at(tau, j)) * r * r);
  }
  return sumCompensated(work, v);
}

export function populationLoss(W: usize, v: i32, d: i32, tau: usize, b: usize, theta: usize, work: usize): f64 {
  return populationLossW<f64>(W, v, d, tau, b, theta, work);
}

/** populationLoss for f32 W. */
export function populationLoss_f32w(W: usize, v: i32, d: i32, tau: usize, b: usize, theta: usize, work: usize): f64 {
  return populationLossW<f32>(W, v, d, tau, b, theta, work);
}

/** sum_j tau_j W_j . W_j = tr K; work: v doubles. lambda_max(K) <= tr K (the cheap stability bound). */
function traceKW<T>(W: usize, v: i32, d: i32, tau: usize, work: usize): f64 {
  const rowBytes = <usize>d << alignof<T>();
  for (let j = 0; j < v; j++) {
    const row = W + <usize>j * rowBytes;
    store<f64>(at(work, j), load<f64>(at(tau, j)) * dotTT<T, T>(row, row, d));
  }
  return sumCompensated(work, v);
}

export function traceK(W: usize, v: i32, d: i32, tau: usize, work: usize): f64 {
  return traceKW<f64>(W, v, d, tau, work);
}

/** traceK for f32 W. */
export function traceK_f32w(W: usize, v: i32, d: i32, tau: usize, work: usize): f64 {
  return traceKW<f32>(W, v, d, tau, work);
}

/**
 * Adds the rows [j0, j1) of W to the upper triangle of K: K += sum_j tau_j W_j^T W_j, by rank-4
 * updates (four rows of W at a time, so K is streamed (j1 - j0)/4 times). With formKMirror this
 * builds K = W^T D W in resumable pieces.
 */
function formKRowsW<T>(W: usize, j0: i32, j1: i32, d: i32, tau: usize, K: usize): void {
  const rowBytes = <usize>d << alignof<T>(), kBytes = <usize>d << 3;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const r0 = W + <usize>j * rowBytes;
    const r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    const t0 = load<f64>(at(tau, j)), t1 = load<f64>(at(tau, j), 8);
    const t2 = load<f64>(at(tau, j), 16), t3 = load<f64>(at(tau, j), 24);
    for (let p = 0; p < d; p++) {
      const a0 = t0 * ldT<T>(r0, p), a1 = t1 * ldT<T>(r1, p);
      const a2 = t2 * ldT<T>(r2, p), a3 = t3 * ldT<T>(r3, p);
      const krow = K + <usize>p * kBytes;
      let q = p;
      if (ASC_FEATURE_SIMD) {
        const v0 = f64x2.splat(a0), v1 = f64x2.splat(a1), v2 = f64x2.splat(a2), v3 = f64x2.splat(a3);
        for (; q + 2 <= d; q += 2) {
          const o = <usize>q << 3;
          const s = f64x2.add(
            f64x2.add(f64x2.mul(v0, ld2T<T>(r0, q)), f64x2.mul(v1, ld2T<T>(r1, q))),
            f64x2.add(f64x2.mul(v2, ld2T<T>(r2, q)), f64x2.mul(v3, ld2T<T>(r3, q))),
          );
          v128.store(krow + o, f64x2.add(v128.load(krow + o), s));
        }
      }
      for (; q < d; q++) {
        const o = <usize>q << 3;
        const s = (a0 * ldT<T>(r0, q) + a1 * ldT<T>(r1, q)) + (a2 * ldT<T>(r2, q) + a3 * ldT<T>(r3, q));
        store<f64>(krow + o, load<f64>(krow + o) + s);
      }
    }
  }
  for (; j < j1; j++) {
    const r0 = W + <usize>j * rowBytes;
    const t0 = load<f64>(at(tau, j));
    for (let p = 0; p < d; p++) {
      const a0 = t0 * ldT<T>(r0, p);
      const krow = K + <usize>p * kBytes;
      for (let q = p; q < d; q++) store<f64>(at(krow, q), load<f64>(at(krow, q)) + a0 * ldT<T>(r0, q));
    }
  }
}

export function formKRows(W: usize, j0: i32, j1: i32, d: i32, tau: usize, K: usize): void {
  formKRowsW<f64>(W, j0, j1, d, tau, K);
}

/** formKRows for f32 W. */
export function formKRows_f32w(W: usize, j0: i32, j1: i32, d: i32, tau: usize, K: usize): void {
  formKRowsW<f32>(W, j0, j1, d, tau, K);
}

/** Copy the upper triangle of K to the lower one. */
export function formKMirror(d: i32, K: usize): void {
  const rowBytes = <usize>d << 3;
  for (let p = 0; p < d; p++) {
    for (let q = p + 1; q < d; q++) store<f64>(at(K + <usize>q * rowBytes, p), load<f64>(at(K + <usize>p * rowBytes, q)));
  }
}

/** K = W^T D W (d x d, full symmetric, row-major) in one call. */
export function formK(W: usize, v: i32, d: i32, tau: usize, K: usize): void {
  memory.fill(K, 0, <usize>d * (<usize>d << 3));
  formKRows(W, 0, v, d, tau, K);
  formKMirror(d, K);
}

/** h = W^T D b (the cross-covariance Cov(a, y) of features and target); work: v doubles. */
function crossCovW<T>(W: usize, v: i32, d: i32, tau: usize, b: usize, h: usize, work: usize): void {
  for (let j = 0; j < v; j++) store<f64>(at(work, j), load<f64>(at(tau, j)) * load<f64>(at(b, j)));
  gemmTW<T>(W, v, d, work, h, 1);
}

export function crossCov(W: usize, v: i32, d: i32, tau: usize, b: usize, h: usize, work: usize): void {
  crossCovW<f64>(W, v, d, tau, b, h, work);
}

/** crossCov for f32 W. */
export function crossCov_f32w(W: usize, v: i32, d: i32, tau: usize, b: usize, h: usize, work: usize): void {
  crossCovW<f32>(W, v, d, tau, b, h, work);
}
