// A cost model of sampled curves (the methods sgd, sgd-direct and finite), so that a long run says
// how long it will take before it starts and a very long one is refused up front (`plrf curve`,
// `plrf frontier`, the study's checks).
//
// Work per sampled W: the eigen-decomposition of the d x d matrix W^T D W, about v·d² + d³
// units. Work per SGD step: d·B units for the spectral engine (the rotated coordinates),
// v·d·B for the direct engine (features of each sample). The constants below are seconds per
// unit, measured on the 2-core x86-64 development machine (node 20, SIMD Wasm, one thread, a quiet
// machine; medians of 3):
//   eigen-decomposition  d = 400, v = 1600: 0.067 s per W; d = 1000, v = 4000: 1.05 s (0.21 ns/unit)
//   spectral steps       d = 200, 400 and 1600, B = 1: 2.4, 2.3 and 4.1 ns per d·B unit
//                        (momentum/DANA: 3.6 and 3.5 ns at d = 200 and 400, 1.5x)
//   direct steps         d = 200 and 400, B = 1: 0.19 and 0.18 ns per v·d·B unit (momentum/DANA the same)
// The constants are at the upper end of these (d = 1600 runs above the spectral one, out of cache);
// the estimate is meant to be right within a factor of about 2.

export const COST = {
  /** seconds per v·d² + d³ unit of the eigen-decomposition of one W */
  eigen: 0.25e-9,
  /** seconds per d·B unit of one spectral SGD step */
  spectralStep: 3.5e-9,
  /** the spectral step of momentum/DANA (the momentum vector too) against plain SGD's */
  momentumSpectral: 1.5,
  /** seconds per v·d·B unit of one direct SGD step */
  directStep: 0.2e-9,
  /** fixed start-up (Wasm instantiation, checkpoints), seconds */
  base: 0.1,
} as const;

export interface CostInput {
  method: 'sgd' | 'sgd-direct' | 'finite';
  d: number;
  v: number;
  batch: number;
  steps: number;
  seeds: number;
  /** one W shared by all runs (--w-seed): one eigen-decomposition */
  sharedW: boolean;
  /** momentum/DANA rather than plain SGD (default false) */
  momentum?: boolean;
}

/** Estimated seconds of a sampled curve's work on one core: the W draws' eigen-decompositions and the SGD steps. */
export function sampledSeconds(c: CostInput): number {
  const decompositions = c.sharedW ? 1 : c.seeds;
  const eigen = decompositions * COST.eigen * (c.v * c.d * c.d + c.d ** 3);
  let steps = 0;
  if (c.method === 'sgd') steps = c.seeds * c.steps * COST.spectralStep * (c.momentum ? COST.momentumSpectral : 1) * c.d * c.batch;
  else if (c.method === 'sgd-direct') steps = c.seeds * c.steps * COST.directStep * c.v * c.d * c.batch;
  return eigen + steps;
}

/** Estimated wall-clock seconds of a sampled curve on one core, start-up included. */
export function estimateSeconds(c: CostInput): number {
  return COST.base + sampledSeconds(c);
}
