// The results of an ensemble job (ensemble.ts): the statistics over finished runs and the accessors.
import { ERR_STATE, JOB_KIND_ENSEMBLE, getF, getI, getP, jobIs, setF, setI } from "./job";
import {
  E_NCP, E_CP, E_LOSSES, E_SPECTRA, E_MEAN, E_STDERR, E_RUNS, E_DIVERGED, E_KEPT, E_LIMIT, E_UNSTABLE, E_MODE,
  E_KNORM, E_EIGCODE, E_FINISHED, E_OPT, at,
} from "./ensemble-state";

/**
 * Mean and standard error over the runs finished so far (all of them once ensembleStep returned 1;
 * after an abort, the finished ones), checkpoint by checkpoint before the first divergence: Welford
 * in run order (delta = x - m; m += delta / (k + 1); m2 += delta (x - m); stderr = sqrt(m2 / (n - 1) / n),
 * 0 with one run), the kept count (checkpoints r < the first divergence step), and the limit
 * sum_k (P*_k / (1 - ||K||_k)) / n in run order (NaN if some ||K||_k >= 1). Returns the runs counted.
 */
export function ensembleFinish(job: usize): i32 {
  if (!jobIs(job, JOB_KIND_ENSEMBLE)) return ERR_STATE;
  const n = getI(job, E_RUNS), nCp = getI(job, E_NCP);
  const cp = getP(job, E_CP), losses = getP(job, E_LOSSES), spectra = getP(job, E_SPECTRA);
  const mean = getP(job, E_MEAN), stderr = getP(job, E_STDERR);
  const diverged = getF(job, E_DIVERGED);
  let kept = 0;
  for (let i = 0; i < nCp; i++) if (load<f64>(at(cp, i)) < diverged) kept++;
  for (let i = 0; i < kept; i++) {
    let m = 0.0, m2 = 0.0;
    for (let k = 0; k < n; k++) {
      const x = load<f64>(at(losses, k * nCp + i));
      const delta = x - m;
      m += delta / <f64>(k + 1);
      m2 += delta * (x - m);
    }
    store<f64>(at(mean, i), m);
    store<f64>(at(stderr, i), n > 1 ? Math.sqrt(m2 / <f64>(n - 1) / <f64>n) : 0.0);
  }
  let limit = 0.0;
  let finite = true;
  for (let k = 0; k < n; k++) {
    const pStar = load<f64>(at(spectra, 3 * k)), kn = load<f64>(at(spectra, 3 * k + 1));
    if (kn < 1 && finite) limit = limit + pStar / (1 - kn) / <f64>n;
    else finite = false;
  }
  setI(job, E_KEPT, kept);
  // With an optimizer whose coefficients vary with t the frozen-time limit is not the curve's limit: NaN.
  setF(job, E_LIMIT, finite && getI(job, E_OPT) == 0 ? limit : NaN);
  setI(job, E_FINISHED, 1);
  return n;
}

/** Runs finished (run k = 0..runs-1). */
export function ensembleRunsDone(job: usize): i32 { return getI(job, E_RUNS); }
/** Losses P(theta_r) per run: seeds x nCheckpoints doubles, run k at offset k nCheckpoints (NaN after a divergence). */
export function ensembleLosses(job: usize): usize { return getP(job, E_LOSSES); }
/** Mean loss over the counted runs at the first ensembleKept() checkpoints (after ensembleFinish). */
export function ensembleMean(job: usize): usize { return getP(job, E_MEAN); }
/** Standard error of that mean (0 with one run). */
export function ensembleStderr(job: usize): usize { return getP(job, E_STDERR); }
/** Checkpoints before the first divergence of a counted run (all with none). */
export function ensembleKept(job: usize): i32 { return getI(job, E_KEPT); }
/** First step at which a finished run's loss passed 10^6 P(0), or -1 if none did. */
export function ensembleDivergedAt(job: usize): f64 {
  const x = getF(job, E_DIVERGED);
  return x == Infinity ? -1 : x;
}
/** Mean over the counted runs of P* / (1 - ||K||); NaN if some ||K|| >= 1 (the limit is infinite). */
export function ensembleLimit(job: usize): f64 { return getF(job, E_LIMIT); }
/** Per run (seeds x 3 doubles): P*, ||K||, max gamma (B+1) lambda of its W, for the runs checked so far. */
export function ensembleSpectra(job: usize): usize { return getP(job, E_SPECTRA); }
/** First run whose gamma failed the stability check and ran because force was set; -1 if none. */
export function ensembleUnstableRun(job: usize): i32 { return getI(job, E_UNSTABLE); }
/** max gamma (B+1) lambda of the last checked run (after ERR_UNSTABLE: the failing run). */
export function ensembleModeFactor(job: usize): f64 { return getF(job, E_MODE); }
/** ||K|| of the last checked run (after ERR_UNSTABLE: the failing run). */
export function ensembleKernelNorm(job: usize): f64 { return getF(job, E_KNORM); }
/** After ERR_EIGEN: 1 + the index of the eigenvalue whose QL iteration did not converge. */
export function ensembleEigenCode(job: usize): i32 { return getI(job, E_EIGCODE); }
