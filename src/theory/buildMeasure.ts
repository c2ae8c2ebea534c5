// The producers of spectral measures (docs/model.md §4-5): the measure job of the Wasm core for the
// deterministic equivalent and the surrogate, the eigen-decomposition of a sampled W for finite.
// They take a validated MeasureConfig (measureOptions.ts) and do not validate again.

import { Ticker } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { checkBudget, WasmF64, WasmJob, withBlocks } from '../core/memory.js';
import { jobError, jobSteps } from '../core/job.js';
import { runSteps, runStepsAsync, type Steps } from '../core/steps.js';
import { finite } from '../core/validate.js';
import * as ABI from '../core/abi.js';
import { WS_ARRAYS } from '../core/abi.js';
import { core, init } from '../core/wasm.js';
import { PlrfProblem } from '../model/problem.js';
import { MV, SpectralMeasure } from './measure.js';
import { resolveMeasure, type MeasureConfig, type MeasureOptions } from './measureOptions.js';

/** measureBegin methods (the ABI's MEASURE_* constants). */
const METHOD_CODE = { deterministic: ABI.MEASURE_DETERMINISTIC, surrogate: ABI.MEASURE_SURROGATE } as const;
const UNSTABLE_EDGE = ABI.MEASURE_UNSTABLE_EDGE,
  UNSTABLE_CUT = ABI.MEASURE_UNSTABLE_CUT;
const { ERR_MEMORY, ERR_CONTINUATION, ERR_BRANCH, ERR_MASS_CHECK, ERR_UNSTABLE, ERR_ARGUMENT } = ABI;

/**
 * Build a spectral measure: `finite` (the eigen-decomposition of one sampled W: atoms lambda_i,
 * phi_i = rho_i, nu_i = lambda_i^2, F0 = P*), `deterministic` (no sampling: complex atoms on a
 * contour around the spectrum from the deterministic equivalent m(z), with mass self-checks) or
 * `surrogate` (the Table-1 picture: atoms tau_j, j <= d, rho_j = c_j^2 + (c_beta/d) tau_j, nu_j = tau_j^2,
 * F0 exact). Hold it with `using` or call dispose().
 *
 * @example
 * await init();
 * using m = await spectralMeasure({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100 });
 * m.F0; m.masses; // capacity floor; { eigen: 100, forcing: P(0) - F0 } to about 1e-12
 */
export async function spectralMeasure(options: MeasureOptions): Promise<SpectralMeasure> {
  await init();
  const ticker = new Ticker(options ?? {});
  const config = resolveMeasure(options);
  return runStepsAsync(measureSteps(config), (f) => ticker.tick(f));
}

/** @internal Synchronous builder (after init) of a validated measure. */
export function buildMeasure(config: MeasureConfig): SpectralMeasure {
  return runSteps(measureSteps(config));
}

/** @internal The builder of a validated measure in resumable pieces. */
export function* measureSteps(config: MeasureConfig): Steps<SpectralMeasure> {
  const { method, alpha, beta, d, v, batch, gamma, force } = config;
  if (method === 'finite') {
    const problem = PlrfProblem.fromConfig(config);
    try {
      return yield* finiteMeasureSteps(problem);
    } finally {
      problem.dispose();
    }
  }
  checkBudget(8 * (6 * v + WS_ARRAYS * (2 * d + 4096)), 8 * v, 'v', `a ${method} measure (v = ${v})`, 'reduce v');
  const deterministic = method === 'deterministic';
  const { slope, panelWidth, nodesPerPanel, capNodes, leftFactor, right, start, tailSums } = config.contour;
  const contour = { slope, panelWidth, nodesPerPanel, capNodes };
  const c = core();
  const job = new WasmJob(
    c.measureBegin(
      METHOD_CODE[method],
      alpha,
      beta,
      d,
      v,
      batch,
      gamma,
      force ? 1 : 0,
      contour.slope,
      contour.panelWidth,
      contour.nodesPerPanel,
      contour.capNodes,
      leftFactor,
      right,
      start[0],
      start[1],
      tailSums ? 1 : 0,
    ),
    32 * v,
    `${v} doubles`,
  );
  let ok = false;
  try {
    const profile = config.contour.profile;
    if (deterministic && profile) {
      // The optimizer's slope profile (docs/model.md §10), before the first step.
      const status = withBlocks([profile.table.length], (table) => {
        table.view().set(profile.table);
        return c.measureSlopeProfile(job.ptr, table.ptr, profile.horizon, profile.floor);
      });
      if (status < 0) throw jobError(status);
    }
    let sized = false;
    const step = (ptr: number, units: number): number => {
      const status = c.measureStep(ptr, units);
      if (status < 0) throw measureError(ptr, status, { d, gamma, batch, right: config.contour.rightOption, rateParam: config.rateParam });
      if (!sized && deterministic && c.measureSize(ptr) > 0) {
        sized = true;
        const n = c.measureSize(ptr);
        checkBudget(8 * WS_ARRAYS * n, 8 * WS_ARRAYS * n, 'd', `a contour of ${n} nodes`, 'widen contour.panelWidth');
        job.account(32 * v + 8 * WS_ARRAYS * n);
      }
      return status;
    };
    // One stage (a pass over v) per piece before the contour; then pieces of nodes.
    // A contour node costs between a few and v term evaluations (tail sums skip most of them in the
    // bulk, not near the edges): cap a piece at about 2·10^6 terms so that none takes long.
    yield* jobSteps(job.ptr, step, { initialUnits: Math.max(1, Math.floor(2e5 / v)), maxUnits: Math.max(1, Math.floor(2e6 / v)) });
    job.account(8 * WS_ARRAYS * c.measureSize(job.ptr));
    const measure = new SpectralMeasure({ method, alpha, beta, d, v, job, contour: deterministic ? contour : undefined });
    ok = true;
    return measure;
  } finally {
    // on an error or an abort (the generator is closed early) the job is released too
    if (!ok) job.free();
  }
}

/** The PlrfError of a failed measure job, with today's codes, params and messages. */
function measureError(
  job: number,
  status: number,
  o: { d: number; gamma: number; batch: number; right: unknown; rateParam: string },
): PlrfError {
  const c = core();
  const value = (which: number) => c.measureValue(job, which);
  const n = c.measureSize(job),
    d = o.d;
  switch (status) {
    case ERR_MEMORY:
      return new PlrfError('MEMORY', `could not allocate ${value(MV.allocDoubles)} doubles in Wasm memory`);
    case ERR_ARGUMENT:
      // contour.right is not a finite number above x_L: the validator says so
      if (o.right !== undefined) finite('contour.right', o.right, { gt: value(MV.left) });
      break;
    case ERR_UNSTABLE:
      if (value(MV.unstableKind) === UNSTABLE_EDGE) {
        return new PlrfError(
          'UNSTABLE',
          `gamma = ${o.gamma} is unstable for B = ${o.batch}: the stability region gamma (B+1) z < 1.8 ends at ` +
            `${value(MV.right).toPrecision(4)}, below the lower edge of the spectrum of K (about ${value(MV.left).toPrecision(4)}); lower gamma (or gamma0)`,
          o.rateParam,
        );
      }
      if (value(MV.unstableKind) === UNSTABLE_CUT) {
        // The stability region gamma (B+1) z < 1.8 cuts through the spectrum.
        return new PlrfError(
          'UNSTABLE',
          `gamma = ${o.gamma} is unstable or too close to the stability limit for B = ${o.batch}: ` +
            `only ${value(MV.massEigen).toFixed(2)} of the d = ${d} eigenvalues of K lie below 1.8/(gamma (B+1)) = ${value(MV.stableRight).toPrecision(4)}; ` +
            `lower gamma (or gamma0), or set force (--force) to run anyway`,
          o.rateParam,
        );
      }
      break;
    case ERR_CONTINUATION:
      return new PlrfError('NOT_CONVERGED', `continuation of m(z) failed at contour node ${value(MV.failedNode)} of ${n}`);
    case ERR_BRANCH: {
      const node = value(MV.failedNode);
      const where = node < 0 ? 'the starting point above the spectrum' : `contour node ${node} of ${n}`;
      return new PlrfError(
        'NOT_CONVERGED',
        `m(z) landed on a non-physical branch at ${where} (Im m > 0, Im S_F < 0 or Im(-d m/z) < 0 for Im z > 0); the root was rejected`,
      );
    }
    case ERR_MASS_CHECK:
      return new PlrfError(
        'NOT_CONVERGED',
        `contour self-check failed: enclosed eigenvalue mass ${value(MV.massEigen)} vs d = ${d} (rel. ${value(MV.eigenError).toExponential(2)}), ` +
          `forcing mass ${value(MV.massForcing)} vs P(0) - F0 = ${value(MV.forcingTarget)} (rel. ${value(MV.forcingError).toExponential(2)}); the contour does not enclose the spectrum cleanly`,
      );
  }
  return jobError(status);
}

/** The finite measure of a sampled problem (eigen-decomposition of its K). */
export function finiteMeasure(problem: PlrfProblem): SpectralMeasure {
  return runSteps(finiteMeasureSteps(problem));
}

/** @internal */
export function* finiteMeasureSteps(problem: PlrfProblem): Steps<SpectralMeasure> {
  const sp = yield* problem.spectrumSteps();
  const d = problem.d;
  const lambda = new WasmF64(d),
    rho = new WasmF64(d);
  try {
    lambda.set(sp.lambda);
    rho.set(sp.rho);
    const job = new WasmJob(
      core().measureFromSpectrum(d, problem.v, lambda.ptr, rho.ptr, sp.pStar, sp.p0),
      8 * WS_ARRAYS * d,
      `${WS_ARRAYS * d} doubles`,
    );
    return new SpectralMeasure({ method: 'finite', alpha: problem.alpha, beta: problem.beta, d, v: problem.v, job });
  } finally {
    lambda.free();
    rho.free();
  }
}
