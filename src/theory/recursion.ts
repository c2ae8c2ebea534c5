// The mode recursion of docs/model.md §4 on one spectral measure: a Wasm job (assembly/recursion.ts)
// solving the Volterra equation at the checkpoints, exact unit steps then blocks.

import { PlrfError } from '../core/errors.js';
import { jobSteps } from '../core/job.js';
import { checkBudget, WasmF64 } from '../core/memory.js';
import { runStepsAsync } from '../core/steps.js';
import { core } from '../core/wasm.js';
import { WS_ARRAYS, type SpectralMeasure } from './measure.js';
import { CurveCache, recursionFromPrefix } from './curveCache.js';
import { SCHEDULE_KIND } from './schedule.js';

/** Stability numbers of a recursion at its gamma: ||K|| and max |g(z_n)|. @internal */
export interface RecursionStability {
  kernelNorm: number;
  maxAbsG: number;
}

/**
 * Solve the recursion for one measure at the given checkpoints: a Wasm job (assembly/recursion.ts)
 * on its own copy of the measure, paced in pieces of a few milliseconds. `check` sees the
 * stability numbers before any step (it may throw to refuse the gamma). Returns the loss per
 * checkpoint (cut before divergence), the divergence step, if any, and the stability numbers.
 * @internal
 */
export async function solveRecursion(
  measure: SpectralMeasure,
  opts: {
    gamma: number;
    batch: number;
    schedule: number[];
    checkpoints: number[];
    unitSteps: number;
    blockFraction: number;
    threshold: number;
    blockOrder?: 1 | 2;
    blockTolerance?: number;
    check?: (s: RecursionStability) => void;
    /** Continue from the unit steps kept in `cache` under `key` (constant schedule; see {@link recursionFromPrefix}). */
    prefix?: { cache: CurveCache; key: string };
  },
  onProgress: (fraction: number) => Promise<void>,
): Promise<{ loss: number[]; divergedAt: number | null } & RecursionStability> {
  measure.live();
  const c = core();
  const n = measure.size;
  const { checkpoints } = opts;
  // The job's copy of the workspace, its checkpoints and losses (block coefficients come on top).
  checkBudget(8 * (WS_ARRAYS * n + 2 * checkpoints.length), 8 * WS_ARRAYS * n, 'd', `a recursion over ${n} atoms`, 'reduce d');
  const begin = (at: number[]): number => {
    const cps = new WasmF64(at.length);
    const table = new WasmF64(opts.schedule.length);
    try {
      cps.set(at);
      table.set(opts.schedule);
      return (
        c.recursionBegin(
          measure.ws.ptr,
          n,
          measure.F0,
          opts.gamma,
          opts.batch,
          opts.unitSteps,
          opts.blockFraction,
          opts.blockOrder ?? 1,
          opts.blockTolerance ?? 0,
          opts.threshold,
          cps.ptr,
          at.length,
          table.ptr,
          opts.schedule.length,
        ) >>> 0
      );
    } finally {
      cps.free();
      table.free();
    }
  };
  // A kept prefix of unit steps serves fixed blocks only: under the error control the blocks start
  // early and depend on the checkpoints, so a fresh run is the reference (docs/model.md §4).
  const controlled = opts.blockOrder === 2 && (opts.blockTolerance ?? 0) > 0;
  if (opts.prefix && opts.schedule[0] === SCHEDULE_KIND.constant && !controlled) {
    const o = { atoms: n, unitSteps: opts.unitSteps, checkpoints, threshold: opts.threshold, begin, check: opts.check };
    const r = await recursionFromPrefix(opts.prefix.cache, opts.prefix.key, o, onProgress);
    if (r) return r;
  }
  const job = begin(checkpoints);
  if (job === 0) throw new PlrfError('MEMORY', `could not allocate a recursion over ${n} atoms in Wasm memory`, 'd');
  try {
    const stability = { kernelNorm: c.recursionKernelNorm(job), maxAbsG: c.recursionMaxAbsG(job) };
    opts.check?.(stability);
    await runStepsAsync(
      jobSteps(job, (j, units) => c.recursionStep(j, units), { initialUnits: 1 << 16 }),
      onProgress,
    );
    const count = c.recursionCount(job);
    const loss = Array.from(new Float64Array(c.memory.buffer, c.recursionLoss(job) >>> 0, count));
    const dv = c.recursionDivergedAt(job);
    return { loss, divergedAt: dv < 0 ? null : dv, ...stability };
  } finally {
    c.jobFree(job);
  }
}
