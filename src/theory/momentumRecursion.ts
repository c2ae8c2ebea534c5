// The momentum/DANA recursion of docs/model.md §10 on one spectral measure: the exact second-moment
// recursion of the optimizer, a Wasm job (assembly/momentum.ts).

import { ERR_GROWTH, OPT_TABLE_LEN } from '../core/abi.js';
import { PlrfError } from '../core/errors.js';
import { jobSteps } from '../core/job.js';
import { checkBudget, WasmF64 } from '../core/memory.js';
import { runStepsAsync } from '../core/steps.js';
import { core } from '../core/wasm.js';
import { optimizerTable, type ResolvedOptimizer } from '../model/optimizer.js';
import type { SpectralMeasure } from './measure.js';

/** Stability numbers of a momentum recursion: the one-step map's growth and the frozen-time kernel norms. @internal */
export interface MomentumStability {
  /** Largest spectral radius of the one-step map minus 1 over the atoms at t = 0 and at the last checkpoint. */
  growth: number;
  /** Frozen-time kernel norm at t = 0 and at the last checkpoint. */
  kernelNorm: number;
  kernelNormEnd: number;
}

/**
 * The momentum/DANA recursion (assembly/momentum.ts) on one measure at the checkpoints: exact unit
 * steps to unitSteps, then second-order blocks of blockFraction·r steps, or, with blockTolerance > 0,
 * of a fraction that the error control doubles or halves once per octave of r; checkpoints that a
 * block steps over are interpolated (docs/model.md §10). `blocks` counts the blocks. `check` sees
 * the stability numbers before any step. A growth of the one-step map found while stepping (complex
 * contour atoms) is an `UNSTABLE` error naming the step and the atom.
 * @internal
 */
export async function solveMomentum(
  measure: SpectralMeasure,
  opts: {
    optimizer: ResolvedOptimizer;
    batch: number;
    checkpoints: number[];
    threshold: number;
    unitSteps: number;
    blockFraction: number;
    blockTolerance: number;
    check?: (s: MomentumStability) => void;
  },
  onProgress: (fraction: number) => Promise<void>,
): Promise<{ loss: number[]; divergedAt: number | null; blocks: number } & MomentumStability> {
  measure.live();
  const c = core();
  const n = measure.size;
  const { checkpoints } = opts;
  // The workspace (66 arrays of n, momentum-layout.ts) and the error control's saved state (6 of n).
  checkBudget(8 * (72 * n + 2 * checkpoints.length), 8 * 66 * n, 'd', `a momentum recursion over ${n} atoms`, 'reduce d');
  let job = 0;
  const cps = new WasmF64(checkpoints.length);
  const table = new WasmF64(OPT_TABLE_LEN);
  try {
    cps.set(checkpoints);
    table.set(optimizerTable(opts.optimizer));
    job =
      c.momentumBegin(
        measure.ws.ptr,
        n,
        measure.F0,
        opts.batch,
        table.ptr,
        OPT_TABLE_LEN,
        opts.threshold,
        cps.ptr,
        checkpoints.length,
        opts.unitSteps,
        opts.blockFraction,
        opts.blockTolerance,
      ) >>> 0;
  } finally {
    cps.free();
    table.free();
  }
  if (job === 0) throw new PlrfError('MEMORY', `could not allocate a momentum recursion over ${n} atoms in Wasm memory`, 'd');
  try {
    const stability = {
      growth: c.momentumGrowth(job),
      kernelNorm: c.momentumKernelNorm(job, 0),
      kernelNormEnd: c.momentumKernelNorm(job, 1),
    };
    opts.check?.(stability);
    await runStepsAsync(
      jobSteps(job, (j, units) => c.momentumStep(j, units), {
        initialUnits: 1 << 14,
        explain: (status) =>
          status === ERR_GROWTH
            ? `the one-step ${opts.optimizer.name} map grows on atom ${c.momentumGrowthAt(job, 1)} of the ${measure.method} measure at step ${c.momentumGrowthAt(job, 0)} ` +
              `(spectral radius - 1 = ${c.momentumGrowth(job).toPrecision(4)} > 1e-12): the contour recursion would return noise; ` +
              'use the finite or surrogate method for this horizon, or fewer steps'
            : undefined,
        param: 'optimizer',
      }),
      onProgress,
    );
    const count = c.momentumCount(job);
    const loss = Array.from(new Float64Array(c.memory.buffer, c.momentumLoss(job) >>> 0, count));
    const dv = c.momentumDivergedAt(job);
    return { loss, divergedAt: dv < 0 ? null : dv, blocks: c.momentumBlocks(job), ...stability };
  } finally {
    c.jobFree(job);
  }
}

/** Default block fraction of the momentum/DANA recursion (blocks after unitSteps; see lossCurve's accuracy note). */
export const MOMENTUM_BLOCK_FRACTION = 2 ** -6;
/** Default tolerance of the momentum/DANA blocks' error control (docs/model.md §10); 0 keeps blockFraction. */
export const MOMENTUM_BLOCK_TOLERANCE = 1e-5;
/**
 * Default panels of the momentum/DANA contour (docs/model.md §10): 32 Gauss-Legendre nodes on panels
 * 0.6 wide in log x, 2/3 of the nodes per unit of log x of SGD's 16 on 0.2. The presets' curves stay
 * within 1e-8 of a contour twice as fine (measured at most 1.1e-10, heavy ball at d = 1000), two
 * orders under the blocks' stated accuracy; at 0.8 heavy ball's early curve errs by 3.0e-8. Where
 * they fail the measure's checks (its mass self-check, or the continuation of m(z)), lossCurve builds
 * the measure again with SGD's panels; panels the user gives are kept.
 */
export const MOMENTUM_CONTOUR_PANELS = { panelWidth: 0.6, nodesPerPanel: 32 };
