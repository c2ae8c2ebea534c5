// Real-axis densities of the deterministic-equivalent spectrum (for plots, Fig. 6 style).

import { PlrfError } from '../core/errors.js';
import { WasmF64, WasmJob } from '../core/memory.js';
import { jobSteps } from '../core/job.js';
import { runStepsAsync } from '../core/steps.js';
import { admissible, finite, integer, knownKeys } from '../core/validate.js';
import { core, init } from '../core/wasm.js';
import { Ticker, type LongRunOptions } from '../core/async.js';

/** Job statuses of assembly/job.ts that a density job reports. */
const ERR_CONTINUATION = -2,
  ERR_BRANCH = -3;

/** Options of {@link spectralDensity}. */
export interface DensityOptions extends LongRunOptions {
  alpha: number;
  beta: number;
  d: number;
  /** default 4 d */
  v?: number;
  /** Points x > 0 on the real axis. */
  x: ArrayLike<number>;
  /** Distance above the axis, relative to x: z = x (1 + i eps); default 1e-3. */
  eps?: number;
}

/**
 * Densities of the deterministic equivalent on the real axis at the points x: the eigenvalue
 * density of K, (1/pi) Im(-d m(z)/z), and the forcing density (1/pi) Im S_F(z), at z = x(1 + i eps),
 * reached by continuation from far above the axis with the branch checked at every step. They
 * integrate (over x) to d and to P(0) - F0. Outliers near tau_j (j << d) appear as peaks of
 * width about eps·x.
 *
 * @example
 * const x = Array.from({ length: 200 }, (_, i) => 10 ** (-6 + 6 * i / 199));
 * const { eigen, forcing } = await spectralDensity({ alpha: 1, beta: 0.75, d: 100, x });
 */
export async function spectralDensity(options: DensityOptions): Promise<{ x: number[]; eigen: number[]; forcing: number[] }> {
  knownKeys('spectralDensity', options, ['alpha', 'beta', 'd', 'v', 'x', 'eps', 'signal', 'onProgress']);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const d = integer('d', options.d, 1, 2 ** 31 - 1);
  const v = integer('v', options.v ?? 4 * d, d, 2 ** 28);
  const eps = finite('eps', options.eps ?? 1e-3, { gt: 0, le: 1 });
  if (!options.x || typeof options.x.length !== 'number')
    throw new PlrfError('INVALID_ARGUMENT', 'x must be an array of positive numbers', 'x');
  const xs = Array.from(options.x, (x, i) => finite(`x[${i}]`, x, { gt: 0 }));
  await init();
  const c = core();
  const ticker = new Ticker(options);
  const points = new WasmF64(xs.length);
  let job: WasmJob | null = null;
  try {
    points.set(xs);
    job = new WasmJob(c.densityBegin(alpha, beta, d, v, points.ptr, xs.length, eps), 8 * (4 * v + 3 * xs.length + 4), `${v} doubles`);
    points.free();
    const ptr = job.ptr;
    // One point per piece at first: each needs a continuation over v terms.
    const steps = jobSteps(ptr, (p, units) => {
      const status = c.densityStep(p, units);
      if (status < 0) {
        const x = xs[c.densityFailedPoint(p)];
        if (status === ERR_CONTINUATION) throw new PlrfError('NOT_CONVERGED', `continuation of m(z) failed at x = ${x}`);
        if (status === ERR_BRANCH)
          throw new PlrfError('NOT_CONVERGED', `m(z) at x = ${x} is not on the physical branch (negative density); rejected`);
      }
      return status;
    });
    await runStepsAsync(steps, (f) => ticker.tick(f));
    const out = new Float64Array(c.memory.buffer, c.densityResults(ptr) >>> 0, 2 * xs.length);
    const eigen = Array.from(out.subarray(0, xs.length)),
      forcing = Array.from(out.subarray(xs.length));
    ticker.done();
    return { x: xs, eigen, forcing };
  } finally {
    points.free();
    job?.free();
  }
}
