// A cost model of the study, so that a long study says how long it will take before it starts and
// its progress is weighted by the stages' costs.
//
// Deterministic curve of the front (d, to about 10^5 d_max flops, 150 checkpoints), measured on the
// 2-core development machine (quiet; medians of 3): SGD 0.008-0.010 s at d = 200, 0.016 s at 800,
// 0.044-0.049 s at 3200 and 0.16-0.18 s at 12800 for (alpha, beta) = (0.4, 0.3), (0.7, 0.6) and
// (1, 0.7); a momentum / DANA curve (the 3x3 recursion per contour atom, second-order blocks) costs
// about the same at every d: dana-decay 0.11-0.28 s at (0.4, 0.3), 0.26-0.45 s at (0.7, 0.6) and
// 0.52-0.73 s at (1, 0.7) for d = 200..12800.
// SGD check: the cost model of sampled curves (src/sgd/cost.ts: the W draws' eigen-decompositions and
// the spectral engine's steps, momentum/DANA's at 1.5x), one d per worker thread.
// The estimate is meant to be right within a factor of about 2; the front's curves may be extended
// (x10 in flops, at most 5 times) when the minimiser is not interior long enough, which it does not
// foresee.

import { sampledSeconds } from '../sgd/cost.js';

/** Seconds of one deterministic SGD curve of the front at model size d: base + perD·d. */
export const FRONT_CURVE_COST = { base: 0.01, perD: 1.5e-5 } as const;
/** Seconds of one deterministic momentum / DANA curve of the front, at any d (see the header). */
export const DANA_CURVE_COST = 0.5;

/** The estimated wall-clock seconds of a study, per stage. */
export interface StudyEstimate {
  /** SGD's front (the deterministic curves). */
  theory: number;
  /** The front of the compared optimizer (0 without one). */
  compare: number;
  /** The SGD check, at most (its steps are capped at 2·10^8 flops / d), on `workers` threads. */
  sgdCheck: number;
  /** The same check of the compared optimizer (0 without one). */
  compareCheck: number;
  /** The sum. */
  total: number;
}

/**
 * Estimate the stages of a study: the deterministic curves of each front, and the SGD check (and
 * with `compare`, the compared optimizer's check) to its largest possible length (min(end of the
 * fit window, 2·10^8) / d steps; the window is known only after the front), spread over `workers`
 * threads.
 */
export function estimateStudy(o: { d: number[]; sgdD: number[]; seeds: number; compare: string | null; workers: number }): StudyEstimate {
  const theory = o.d.reduce((s, d) => s + FRONT_CURVE_COST.base + FRONT_CURVE_COST.perD * d, 0);
  const compare = o.compare ? DANA_CURVE_COST * o.d.length : 0;
  const check = (momentum: boolean, curve: (d: number) => number) => {
    const perD = o.sgdD.map(
      (d) =>
        sampledSeconds({ method: 'sgd', d, v: 4 * d, batch: 1, steps: Math.ceil(2e8 / d), seeds: o.seeds, sharedW: false, momentum }) +
        curve(d),
    );
    // Longest first on the threads (each d is one unit of work).
    const threads = new Array<number>(Math.max(1, Math.min(o.workers, perD.length))).fill(0);
    for (const s of [...perD].sort((a, b) => b - a)) threads[threads.indexOf(Math.min(...threads))] += s;
    return perD.length ? Math.max(...threads) : 0;
  };
  const sgdCheck = check(false, (d) => FRONT_CURVE_COST.base + FRONT_CURVE_COST.perD * d);
  const compareCheck = o.compare ? check(true, () => DANA_CURVE_COST) : 0;
  return { theory, compare, sgdCheck, compareCheck, total: theory + compare + sgdCheck + compareCheck };
}
