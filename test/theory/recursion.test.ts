// assembly/recursion.ts: the recursion job keeps all its state in job memory (two jobs interleaved
// step by step give the bits of each run alone), works on its own copy of the measure (the
// measure's workspace is not written), and matches lossCurve.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, lossCurve, spectralMeasure } from '../../src/index.js';
import { core } from '../../src/core/wasm.js';
import { WasmF64 } from '../../src/core/memory.js';
import { logCheckpoints } from '../../src/model/conventions.js';
import { scheduleTable } from '../../src/theory/schedule.js';
import type { SpectralMeasure } from '../../src/theory/measure.js';

beforeAll(() => init());

interface JobSpec {
  gamma: number;
  checkpoints: number[];
  schedule: number[];
  unitSteps: number;
  blockFraction: number;
  blockOrder: 1 | 2;
  /** The local error control's tolerance (0: fixed blocks). */
  tolerance?: number;
  threshold: number;
}

function begin(m: SpectralMeasure, s: JobSpec): number {
  const c = core();
  const cps = new WasmF64(s.checkpoints.length).set(s.checkpoints);
  const tab = new WasmF64(s.schedule.length).set(s.schedule);
  try {
    const job =
      c.recursionBegin(
        m.ws.ptr,
        m.size,
        m.F0,
        s.gamma,
        1,
        s.unitSteps,
        s.blockFraction,
        s.blockOrder,
        s.tolerance ?? 0,
        s.threshold,
        cps.ptr,
        s.checkpoints.length,
        tab.ptr,
        s.schedule.length,
      ) >>> 0;
    expect(job).not.toBe(0);
    return job;
  } finally {
    cps.free();
    tab.free();
  }
}

function results(job: number): { loss: number[]; count: number; divergedAt: number; progress: number } {
  const c = core();
  const count = c.recursionCount(job);
  return {
    loss: Array.from(new Float64Array(c.memory.buffer, c.recursionLoss(job), count)),
    count,
    divergedAt: c.recursionDivergedAt(job),
    progress: c.jobProgress(job),
  };
}

function runAlone(m: SpectralMeasure, s: JobSpec): ReturnType<typeof results> {
  const c = core();
  const job = begin(m, s);
  try {
    let status = 0;
    while ((status = c.recursionStep(job, 1 << 30)) === 0);
    expect(status).toBe(1);
    return results(job);
  } finally {
    c.jobFree(job);
  }
}

const JOB_DEFAULTS = { unitSteps: 0, blockFraction: 2 ** -5, blockOrder: 2 as const, tolerance: 1e-8, threshold: Infinity };

describe('recursion job', () => {
  it('three jobs on one measure, interleaved with small budgets, give the bits of each run alone; the workspace of the measure is never written', async () => {
    using m = await spectralMeasure({ method: 'deterministic', alpha: 0.9, beta: 0.8, d: 80 });
    const c = core();
    const before = m.ws.view().slice();
    const gamma = (await lossCurve({ method: 'deterministic', alpha: 0.9, beta: 0.8, d: 80, at: [1] })).config.gamma;
    const steps = 1e6;
    const checkpoints = logCheckpoints(steps, 30);
    const specs: JobSpec[] = [
      // first-order blocks under a power schedule (one unit step at a time, then blocks, gamma changing)
      {
        gamma,
        checkpoints,
        schedule: scheduleTable({ kind: 'power', r0: 100, exponent: 0.5 }, steps),
        unitSteps: 2000,
        blockFraction: 2 ** -8,
        blockOrder: 1,
        threshold: Infinity,
      },
      // second-order blocks at a lower constant gamma (unit chunks, then block runs)
      {
        gamma: 0.7 * gamma,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 300,
        blockFraction: 2 ** -7,
        blockOrder: 2,
        threshold: Infinity,
      },
      // second-order blocks from r = 0 (the first block first order)
      {
        gamma: 0.9 * gamma,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 0,
        blockFraction: 2 ** -7,
        blockOrder: 2,
        threshold: Infinity,
      },
      // second-order blocks chosen by the error control (unit nodes, then runs of blocks)
      {
        gamma: 0.8 * gamma,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 100,
        blockFraction: 2 ** -5,
        blockOrder: 2,
        tolerance: 1e-8,
        threshold: Infinity,
      },
    ];
    const alone = specs.map((s) => runAlone(m, s));
    for (const a of alone) {
      expect(a.count).toBe(checkpoints.length);
      expect(a.divergedAt).toBe(-1);
      expect(a.progress).toBe(1);
    }
    expect(alone[0].loss).not.toEqual(alone[1].loss);

    const jobs = specs.map((s) => begin(m, s));
    try {
      const status = jobs.map(() => 0);
      let calls = 0;
      for (let k = 0; status.some((s) => s === 0); k++) {
        const i = k % jobs.length;
        if (status[i] !== 0) continue;
        // small and varying budgets: a piece of a unit chunk or of a run of blocks
        status[i] = c.recursionStep(jobs[i], 1 + ((k * 7919) % 5000));
        calls++;
        if (status[i] === 0) {
          const p = c.jobProgress(jobs[i]);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThan(1);
        }
      }
      expect(calls).toBeGreaterThan(300);
      status.forEach((s) => expect(s).toBe(1));
      jobs.forEach((job, i) => {
        const r = results(job);
        expect(r.count).toBe(alone[i].count);
        expect(r.loss).toEqual(alone[i].loss); // toEqual on numbers is Object.is per entry: bit-identical here
        expect(r.divergedAt).toBe(-1);
      });
    } finally {
      jobs.forEach((j) => c.jobFree(j));
    }
    // forcing, kernel and the stability numbers work on scratch copies too
    expect(m.forcing(100, gamma)).toBeGreaterThan(m.F0);
    expect(m.kernel(10, gamma)).toBeGreaterThan(0);
    expect(m.setGamma(gamma, 1).kernelNorm).toBeLessThan(1);
    expect(m.ws.view().slice()).toEqual(before);
  });

  it('interleaved divergent jobs stop at the same step as alone; the stability numbers are those at the job gamma', async () => {
    using m = await spectralMeasure({ method: 'finite', alpha: 1, beta: 0.75, d: 50, seed: 1 });
    const c = core();
    const steps = 1e8;
    const checkpoints = logCheckpoints(steps, 60);
    const specs: JobSpec[] = [
      {
        gamma: 0.98,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 100,
        blockFraction: 2 ** -10,
        blockOrder: 1,
        threshold: 1e6 * m.p0,
      },
      {
        gamma: 0.98,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 100,
        blockFraction: 2 ** -7,
        blockOrder: 2,
        threshold: 1e6 * m.p0,
      },
      {
        gamma: 3,
        checkpoints,
        schedule: scheduleTable(undefined, steps),
        unitSteps: 10_000,
        blockFraction: 2 ** -10,
        blockOrder: 1,
        threshold: 1e6 * m.p0,
      },
    ];
    const alone = specs.map((s) => runAlone(m, s));
    for (const a of alone) {
      expect(a.divergedAt).toBeGreaterThan(0);
      expect(a.count).toBeLessThan(checkpoints.length);
      expect(checkpoints[a.count - 1]).toBeLessThan(a.divergedAt);
    }
    const jobs = specs.map((s) => begin(m, s));
    try {
      // Stability numbers: the measure's own at the same gamma.
      jobs.forEach((job, i) => {
        const st = m.setGamma(specs[i].gamma, 1, false);
        expect(c.recursionKernelNorm(job)).toBe(st.kernelNorm);
        expect(c.recursionMaxAbsG(job)).toBe(st.maxAbsG);
      });
      const status = jobs.map(() => 0);
      for (let k = 0; status.some((s) => s === 0); k++) {
        const i = k % jobs.length;
        if (status[i] === 0) status[i] = c.recursionStep(jobs[i], 1 + ((k * 104729) % 3000));
      }
      jobs.forEach((job, i) => {
        const r = results(job);
        expect(r.loss).toEqual(alone[i].loss);
        expect(r.divergedAt).toBe(alone[i].divergedAt);
      });
      // Done jobs stay done.
      expect(c.recursionStep(jobs[0], 100)).toBe(1);
    } finally {
      jobs.forEach((j) => c.jobFree(j));
    }
  });

  it('lossCurve is the job driven by the pacer: same bits as one job run alone', async () => {
    const steps = 1e5;
    const curve = await lossCurve({ method: 'surrogate', alpha: 1, beta: 0.75, d: 200, steps, points: 20, unitSteps: 1000, blockOrder: 1 });
    using m = await spectralMeasure({ method: 'surrogate', alpha: 1, beta: 0.75, d: 200 });
    const r = runAlone(m, {
      gamma: curve.config.gamma,
      checkpoints: curve.steps,
      schedule: scheduleTable(undefined, steps),
      unitSteps: 1000,
      blockFraction: 2 ** -10,
      blockOrder: 1,
      threshold: Infinity,
    });
    expect(r.loss).toEqual(curve.loss);
    // The defaults: second-order blocks under the error control at 1e-8, from r = 0, at most r/32.
    const dflt = await lossCurve({ method: 'surrogate', alpha: 1, beta: 0.75, d: 200, steps, points: 20 });
    const c = runAlone(m, {
      ...JOB_DEFAULTS,
      gamma: dflt.config.gamma,
      checkpoints: dflt.steps,
      schedule: scheduleTable(undefined, steps),
    });
    expect(c.loss).toEqual(dflt.loss);
  });

  it('a job pointer of another kind or a freed job is refused (ERR_STATE); bad arguments give ERR_ARGUMENT', async () => {
    using m = await spectralMeasure({ method: 'surrogate', alpha: 1, beta: 0.75, d: 20 });
    const c = core();
    const job = begin(m, {
      gamma: 0.1,
      checkpoints: [0, 10],
      schedule: scheduleTable(undefined, 10),
      unitSteps: 0,
      blockFraction: 0.01,
      blockOrder: 1,
      threshold: Infinity,
    });
    c.jobFree(job);
    expect(c.recursionStep(0, 10)).toBe(-10);
    const bad = begin(m, {
      gamma: 0.1,
      checkpoints: [0, 10],
      schedule: [7, 0, 0, 0, 10],
      unitSteps: 0,
      blockFraction: 0.01,
      blockOrder: 1,
      threshold: Infinity,
    });
    try {
      expect(c.recursionStep(bad, 10)).toBe(-7);
    } finally {
      c.jobFree(bad);
    }
  });
});
