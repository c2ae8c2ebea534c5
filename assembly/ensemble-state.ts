// The state of an ensemble job (ensemble.ts): its slots, stages and addressing.
import { jobState } from "./job";
import { PROBLEM_SLOTS } from "./problem-job";
import { SPECTRUM_SLOTS } from "./spectrum";

// State slots (8 bytes each).
export const E_ENGINE = 0, E_STORAGE = 1, E_D = 2, E_V = 3, E_BATCH = 4, E_GAMMA = 5, E_SEEDS = 6, E_SEED = 7,
  E_WSEED = 8, E_FORCE = 9, E_NCP = 10, E_CP = 11, E_LOSSES = 12, E_SPECTRA = 13, E_MEAN = 14, E_STDERR = 15,
  E_RUNS = 16, E_STAGE = 17, E_RUN = 18, E_CPI = 19, E_R = 20, E_DIVERGED = 21, E_KEPT = 22, E_LIMIT = 23,
  E_UNSTABLE = 24, E_THRESHOLD = 25, E_SQRT_PSTAR = 26, E_PSTAR = 27, E_RNG = 28, E_LAM = 29, E_VEC = 30,
  E_SAMPLES = 31, E_A = 32, E_RES = 33, E_DONE_WORK = 34, E_TOTAL_WORK = 35, E_MODE = 36, E_KNORM = 37,
  E_EIGCODE = 38, E_STEP_COST = 39, E_FINISHED = 40, E_OLD_CHUNK = 41;
// The optimizer (ensembleSetOptimizer): E_OPT 1 when set, E_Y the momentum (d doubles), E_TABLE its
// coefficient table (OPT_TABLE_LEN doubles), E_CHECK_OUT 3 doubles of stability output.
export const E_OPT = 42, E_Y = 43, E_TABLE = 44, E_CHECK_OUT = 45;
export const E_PROBLEM = 48; // the problem region (the current W), PROBLEM_SLOTS slots
export const E_SPECTRUM = E_PROBLEM + PROBLEM_SLOTS; // the spectrum region (its K and spectrum), SPECTRUM_SLOTS slots
export const ENSEMBLE_SLOTS: i32 = E_SPECTRUM + SPECTRUM_SLOTS;

export const STAGE_SAMPLE = 0, STAGE_SPECTRUM = 1, STAGE_CHECK = 2, STAGE_SGD = 3, STAGE_DONE = 4;

// @ts-ignore: decorator
@inline export function region(job: usize, slot: i32): usize {
  return jobState(job) + (<usize>slot << 3);
}
// @ts-ignore: decorator
@inline export function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

