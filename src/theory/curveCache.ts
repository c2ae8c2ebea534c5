// Work kept across loss curves that differ only in their horizon (steps, points, at), as when
// measureFront extends its flops range: the spectral measures (they do not depend on the horizon)
// and the recursion's exact unit steps (docs/model.md §4), which do not depend on the checkpoints.
// Curves built from them are the same numbers as curves built from scratch.

import { WS_ARRAYS } from '../core/abi.js';
import { jobSteps } from '../core/job.js';
import { WasmF64, WasmJob } from '../core/memory.js';
import { runStepsAsync } from '../core/steps.js';
import { core } from '../core/wasm.js';
import type { SpectralMeasure } from './measure.js';

/** Largest unitSteps kept as a prefix (it records P at every unit step). */
const MAX_PREFIX_STEPS = 2 ** 20;

/** A recursion run to r = unitSteps with a checkpoint at every step: P(0..unitSteps) and the job at its end. */
interface Prefix {
  job: WasmJob;
  loss: Float64Array;
  kernelNorm: number;
  maxAbsG: number;
}

/**
 * @internal Spectral measures and recursion prefixes kept across {@link lossCurve} calls (its
 * internal option `cache`), keyed by everything they depend on. Hold it with `using` (or call its
 * dispose) to release them.
 */
export class CurveCache {
  /** Measures by their spec (or W stream). */
  readonly measures = new Map<string, SpectralMeasure>();
  /** Prefixes by measure and recursion parameters; null when the prefix diverged (no reuse). */
  readonly prefixes = new Map<string, Prefix | null>();

  [Symbol.dispose](): void {
    for (const m of this.measures.values()) m.dispose();
    for (const p of this.prefixes.values()) p?.job.free();
    this.measures.clear();
    this.prefixes.clear();
  }
}

/** Stability numbers a recursion job reports at its start. */
interface Stability {
  kernelNorm: number;
  maxAbsG: number;
}

/** Step a recursion job to its end; its losses and divergence step. */
async function run(job: number, onProgress: (fraction: number) => Promise<void>): Promise<{ loss: number[]; divergedAt: number | null }> {
  const c = core();
  await runStepsAsync(
    jobSteps(job, (j, units) => c.recursionStep(j, units), { initialUnits: 1 << 16 }),
    onProgress,
  );
  const loss = Array.from(new Float64Array(c.memory.buffer, c.recursionLoss(job) >>> 0, c.recursionCount(job)));
  const dv = c.recursionDivergedAt(job);
  return { loss, divergedAt: dv < 0 ? null : dv };
}

/**
 * @internal The recursion at `checkpoints` continued from the prefix cached under `key` (built on
 * first use by `begin`, a recursionBegin with the given checkpoints on the constant schedule): the
 * losses at checkpoints <= unitSteps come from the prefix, the others from a recursionFork of it.
 * `check` sees the stability numbers once, before any step, as in a run from scratch. Returns null
 * (before calling `check`) when no prefix applies: unitSteps 0 or too large, a horizon within the
 * unit steps, or a prefix that diverged; the caller then runs the recursion from r = 0.
 */
export async function recursionFromPrefix(
  cache: CurveCache,
  key: string,
  o: {
    /** Atoms of the measure (for the memory the prefix holds). */
    atoms: number;
    unitSteps: number;
    checkpoints: number[];
    threshold: number;
    begin: (checkpoints: number[]) => number;
    check?: (s: Stability) => void;
  },
  onProgress: (fraction: number) => Promise<void>,
): Promise<({ loss: number[]; divergedAt: number | null } & Stability) | null> {
  const { unitSteps, checkpoints } = o;
  if (!(unitSteps >= 1 && unitSteps <= MAX_PREFIX_STEPS) || !(checkpoints[checkpoints.length - 1] > unitSteps)) return null;
  const c = core();
  let prefix = cache.prefixes.get(key);
  if (prefix === null) return null;
  if (prefix === undefined) {
    const every = Array.from({ length: unitSteps + 1 }, (_, r) => r);
    const job = new WasmJob(o.begin(every), 8 * (WS_ARRAYS * o.atoms + 2 * every.length), 'a recursion prefix');
    let kept = false;
    try {
      const stability = { kernelNorm: c.recursionKernelNorm(job.ptr), maxAbsG: c.recursionMaxAbsG(job.ptr) };
      o.check?.(stability);
      const r = await run(job.ptr, (f) => onProgress(0.5 * f));
      if (r.divergedAt !== null || r.loss.length !== every.length) {
        // No prefix to keep: this curve from scratch (check has seen its numbers already).
        cache.prefixes.set(key, null);
        const full = new WasmJob(o.begin(checkpoints), 0, 'a recursion');
        try {
          return { ...(await run(full.ptr, (f) => onProgress(0.5 + 0.5 * f))), ...stability };
        } finally {
          full.free();
        }
      }
      prefix = { job, loss: Float64Array.from(r.loss), ...stability };
      cache.prefixes.set(key, prefix);
      kept = true;
    } finally {
      if (!kept) job.free();
    }
  } else {
    o.check?.({ kernelNorm: prefix.kernelNorm, maxAbsG: prefix.maxAbsG });
  }
  const head = checkpoints.filter((r) => r <= unitSteps).map((r) => prefix.loss[r]);
  const rest = checkpoints.filter((r) => r > unitSteps);
  const cps = new WasmF64(rest.length);
  let ptr: number;
  try {
    cps.set(rest);
    ptr = c.recursionFork(prefix.job.ptr, o.threshold, cps.ptr, rest.length);
  } finally {
    cps.free();
  }
  const job = new WasmJob(ptr, 0, 'a recursion');
  try {
    const r = await run(job.ptr, (f) => onProgress(0.5 + 0.5 * f));
    return { loss: [...head, ...r.loss], divergedAt: r.divergedAt, kernelNorm: prefix.kernelNorm, maxAbsG: prefix.maxAbsG };
  } finally {
    job.free();
  }
}
