// One-pass SGD on sampled PLRF problems: both engines of docs/model.md §3, several seeds, mean and
// standard error at log-spaced checkpoints. The runs and the stability checks are the ensemble job
// of the Wasm core (assembly/ensemble.ts); this file validates, budgets memory, paces the job and
// summarises the runs as the finite theory curve does (model/ensemble.ts).

import { ENGINE_DIRECT, ENGINE_SPECTRAL, STORAGE_F32, STORAGE_F64 } from '../core/abi.js';
import { Ticker } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { jobSteps } from '../core/job.js';
import { WasmJob, withBlocks } from '../core/memory.js';
import { runStepsAsync } from '../core/steps.js';
import { core } from '../core/wasm.js';
import { summarizeEnsemble } from '../model/ensemble.js';
import { warmUpEigen } from '../model/problem.js';
import { optimizerTable } from '../model/optimizer.js';
import { resolveSgd, type SgdOptions, type SgdResult } from './sgdOptions.js';

export type { SgdEngine, SgdOptions, SgdResult } from './sgdOptions.js';

/** Status codes of the ensemble job (assembly/job.ts). */
const ERR_UNSTABLE = -5;
const ERR_EIGEN = -6;

/**
 * The error of an aborted {@link simulateSgd}: a PlrfError with code `ABORTED` that keeps the runs
 * finished before the abort.
 */
export type SgdAbortError = PlrfError & {
  /** The result over the runs finished before the abort (as if `seeds` had been that count); null if none finished. */
  partial: SgdResult | null;
};

/**
 * Run one-pass SGD theta_(r+1) = theta_r - gamma sum_(i<=B) a_i (<a_i, theta_r> - y_i) from theta_0 = 0
 * on `seeds` independently sampled PLRF problems and record the exact population loss at about
 * `points` log-spaced checkpoints. Loss has no factor 1/2, the batch gradient is summed, flops
 * are r·d·B. An unstable gamma (some gamma (B+1) lambda_i >= 2, or ||K|| >= 1 on the actual
 * spectrum) is an `UNSTABLE` error unless `force` is set. Progress moves through the sampling of W,
 * the eigen-decomposition and the steps, weighted by their cost. An abort rejects with `ABORTED`;
 * the error's `partial` holds the result over the runs finished before it ({@link SgdAbortError}).
 *
 * @example
 * const res = await simulateSgd({ alpha: 1, beta: 0.75, d: 100, steps: 20000, seeds: 16 });
 * res.loss.at(-1); // mean loss at r = 20000, with res.stderr.at(-1) its standard error
 */
export async function simulateSgd(options: SgdOptions): Promise<SgdResult> {
  const cfg = await resolveSgd(options);
  const { alpha, beta, d, v, batch, gamma, steps, checkpoints, engine, storage, seeds, seed, wSeed, force, optimizer, plain, bytes } = cfg;
  const nCp = checkpoints.length;
  const ticker = new Ticker(options);
  const c = core();
  const unstableMessage = (modeFactor: number, kernelNorm: number) =>
    plain
      ? `gamma = ${gamma} is unstable for this W: max gamma(B+1)lambda = ${modeFactor.toPrecision(4)} (needs < 2), ` +
        `||K|| = ${kernelNorm.toPrecision(4)} (needs < 1)`
      : `optimizer ${optimizer.name} is unstable for this W: the one-step map's spectral radius - 1 = ${modeFactor.toPrecision(4)} (needs <= 1e-12), ` +
        `frozen-time ||K|| = ${kernelNorm.toPrecision(4)} (needs < 1)`;
  const job = withBlocks([nCp, 12], (cp, table) => {
    cp.set(checkpoints);
    const j = new WasmJob(
      c.ensembleBegin(
        engine === 'spectral' ? ENGINE_SPECTRAL : ENGINE_DIRECT,
        storage === 'f64' ? STORAGE_F64 : STORAGE_F32,
        alpha,
        beta,
        d,
        v,
        batch,
        gamma,
        seeds,
        seed,
        wSeed ?? -1,
        force ? 1 : 0,
        cp.ptr,
        nCp,
      ),
      bytes,
      `SGD at d = ${d}, v = ${v}`,
    );
    if (!plain) {
      table.set(optimizerTable(optimizer));
      const st = c.ensembleSetOptimizer(j.ptr, table.ptr, 12);
      if (st !== 0) {
        j.free();
        throw new PlrfError(st === -1 ? 'MEMORY' : 'INTERNAL', `could not set the optimizer ${optimizer.name} (status ${st})`, 'optimizer');
      }
    }
    return j;
  });

  const config = {
    alpha,
    beta,
    d,
    v,
    gamma,
    batch,
    steps,
    method: engine === 'spectral' ? ('sgd' as const) : ('sgd-direct' as const),
    engine,
    seeds,
    seed,
    wSeed,
    storage,
    optimizer,
  };
  // The result over the runs the job has counted (all of them, or those finished before an abort).
  const result = (): SgdResult => {
    const runsDone = c.ensembleRunsDone(job.ptr);
    const mem = () => c.memory.buffer;
    const losses = new Float64Array(mem(), c.ensembleLosses(job.ptr) >>> 0, runsDone * nCp);
    const sp = new Float64Array(mem(), c.ensembleSpectra(job.ptr) >>> 0, 3 * runsDone);
    const spectra = Array.from({ length: runsDone }, (_, k) => ({
      pStar: sp[3 * k],
      kernelNorm: sp[3 * k + 1],
      modeFactor: sp[3 * k + 2],
    }));
    const divergedAt = c.ensembleDivergedAt(job.ptr);
    const warnings: string[] = [];
    const unstable = c.ensembleUnstableRun(job.ptr);
    if (unstable >= 0 && unstable < runsDone)
      warnings.push(`${unstableMessage(spectra[unstable].modeFactor, spectra[unstable].kernelNorm)}; forced`);
    const summary = summarizeEnsemble({
      checkpoints,
      d,
      batch,
      runs: Array.from({ length: runsDone }, (_, k) => Array.from(losses.subarray(k * nCp, (k + 1) * nCp))),
      floors: spectra.map((s) => s.pStar),
      kernelNorms: spectra.map((s) => s.kernelNorm),
      divergedAt: divergedAt < 0 ? null : divergedAt,
      // With an optimizer the frozen-time limit is not the curve's limit.
      hasLimit: plain,
      lossName: 'the loss',
      infiniteLimit: plain ? 'the limit is infinite: ||K|| >= 1 for some W' : null,
    });
    return {
      config: { ...config, seeds: runsDone },
      steps: summary.steps,
      flops: summary.flops,
      loss: summary.loss,
      stderr: summary.stderr,
      limit: summary.limit,
      runs: summary.runs,
      spectra,
      diverged: summary.diverged,
      warnings: [...warnings, ...summary.warnings],
    };
  };

  let res: SgdResult;
  try {
    const stepping = jobSteps(job.ptr, c.ensembleStep, {
      // About 4·10^6 flops in the first piece (units of 1000 flop-equivalents).
      initialUnits: 4000,
      explain: (status) => {
        if (status === ERR_UNSTABLE) {
          return `${unstableMessage(c.ensembleModeFactor(job.ptr), c.ensembleKernelNorm(job.ptr))}; lower gamma (or gamma0), or set force (--force) to run anyway`;
        }
        if (status === ERR_EIGEN) return `the eigensolver did not converge (d = ${d}, code ${c.ensembleEigenCode(job.ptr)})`;
        return undefined;
      },
      param: (status) => (status === ERR_UNSTABLE ? (!plain ? 'optimizer' : cfg.rateParam) : undefined),
    });
    const pieces = (function* () {
      if (d >= 256) yield* warmUpEigen();
      yield* stepping;
    })();
    try {
      await runStepsAsync(pieces, (f) => ticker.tick(f));
    } catch (e) {
      if (e instanceof PlrfError && e.code === 'ABORTED') {
        // Keep the finished runs: statistics over them, as if `seeds` had been their count.
        (e as SgdAbortError).partial = c.ensembleRunsDone(job.ptr) > 0 ? result() : null;
      }
      throw e;
    }
    res = result();
  } finally {
    job.free();
  }
  ticker.done();
  return res;
}
