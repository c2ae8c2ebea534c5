// A cost model of the study, so that a long study says how long it will take before it starts and
// its progress is weighted by the stages' costs.
//
// Deterministic curve of the front (d, to about 10^5 d_max flops, 150 checkpoints): about
// 0.1 s + 6e-5 s · d, measured on the 2-core development machine under load (load average 13):
// 0.12 s at d = 200 and 800, 0.24-0.32 s at d = 3200, 0.79-0.91 s at d = 12800; the default front
// (7 curves) took 2.0 s. A momentum / DANA curve runs the 2x2 recursion per atom at first-order
// blocks of 2^-7 r: the dana-decay front of the default grid took 56.9 s against SGD's 2.0 s in the
// same run (load average 13), so DANA_CURVE_FACTOR = 28.
// SGD check: the spectral engine's 7.5 ns per d·B unit per step (the constant of `plrf curve`'s
// estimate), one d per worker thread.
// The estimate is meant to be right within a factor of about 2; the front's curves may be extended
// (x10 in flops, at most 5 times) when the minimiser is not interior long enough, which it does not
// foresee.

/** Seconds of one deterministic SGD curve of the front at model size d: base + perD·d. */
export const FRONT_CURVE_COST = { base: 0.1, perD: 6e-5 } as const;
/** A momentum / DANA deterministic curve costs this many SGD curves (default grid, dana-decay: see the header). */
export const DANA_CURVE_FACTOR = 28;
/** Seconds per d·B unit of one spectral SGD step (as in `plrf curve`'s estimate). */
export const SGD_STEP_COST = 7.5e-9;
/** Seconds per v·d² + d³ unit of the eigen-decomposition of one W (as in `plrf curve`'s estimate). */
export const EIGEN_COST = 0.35e-9;

/** The estimated wall-clock seconds of a study, per stage. */
export interface StudyEstimate {
  /** SGD's front (the deterministic curves). */
  theory: number;
  /** The front of the compared optimizer (0 without one). */
  compare: number;
  /** The SGD check, at most (its steps are capped at 2·10^8 flops / d), on `workers` threads. */
  sgdCheck: number;
  /** The sum. */
  total: number;
}

/**
 * Estimate the stages of a study: the deterministic curves of each front, and the SGD check to
 * its largest possible length (min(end of the fit window, 2·10^8) / d steps; the window is known
 * only after the front), spread over `workers` threads.
 */
export function estimateStudy(o: { d: number[]; sgdD: number[]; seeds: number; compare: string | null; workers: number }): StudyEstimate {
  const theory = o.d.reduce((s, d) => s + FRONT_CURVE_COST.base + FRONT_CURVE_COST.perD * d, 0);
  const compare = o.compare ? DANA_CURVE_FACTOR * theory : 0;
  const perD = o.sgdD.map((d) => {
    const steps = Math.ceil(2e8 / d);
    return o.seeds * (EIGEN_COST * (4 * d * d * d + d ** 3) + SGD_STEP_COST * steps * d) + FRONT_CURVE_COST.base;
  });
  // Longest first on the threads (each d is one unit of work).
  const threads = new Array<number>(Math.max(1, Math.min(o.workers, perD.length))).fill(0);
  for (const s of [...perD].sort((a, b) => b - a)) threads[threads.indexOf(Math.min(...threads))] += s;
  const sgdCheck = perD.length ? Math.max(...threads) : 0;
  return { theory, compare, sgdCheck, total: theory + compare + sgdCheck };
}
