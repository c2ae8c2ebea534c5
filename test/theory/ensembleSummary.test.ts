// src/model/ensemble.ts and src/front/curveByMethod.ts: the one summary of an ensemble of curves
// gives, for SGD, the bits the ensemble job computes itself (mean, standard error, limit, kept
// checkpoints, divergence); the one dispatcher gives the bits of the engine its method names.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGamma, init, lossCurve, simulateSgd } from '../../src/index.js';
import { core } from '../../src/core/wasm.js';
import { curveByMethod } from '../../src/front/curveByMethod.js';

beforeAll(() => init());

const read = (ptr: number, n: number) => Array.from(new Float64Array(core().memory.buffer, ptr >>> 0, n));
const bits = (xs: number[] | null) => (xs === null ? null : xs.map((x) => Buffer.from(new Float64Array([x]).buffer).toString('hex')));

/** The ensemble job's own statistics for the same runs (engine spectral, f64 storage). */
function jobStatistics(
  o: { alpha: number; beta: number; d: number; v: number; gamma: number; seeds: number; seed: number; force: boolean },
  at: number[],
) {
  const c = core();
  const cp = c.alloc(8 * at.length) >>> 0;
  new Float64Array(c.memory.buffer, cp, at.length).set(at);
  const job = c.ensembleBegin(0, 0, o.alpha, o.beta, o.d, o.v, 1, o.gamma, o.seeds, o.seed, -1, o.force ? 1 : 0, cp, at.length) >>> 0;
  c.free(cp);
  expect(job).not.toBe(0);
  try {
    while (c.ensembleStep(job, 1 << 20) === 0) {
      // run to the end
    }
    const kept = c.ensembleKept(job);
    const limit = c.ensembleLimit(job);
    const diverged = c.ensembleDivergedAt(job);
    return {
      kept,
      mean: read(c.ensembleMean(job), kept),
      stderr: read(c.ensembleStderr(job), kept),
      limit: Number.isNaN(limit) ? null : limit,
      diverged: diverged < 0 ? null : diverged,
    };
  } finally {
    c.jobFree(job);
  }
}

describe('the summary of an ensemble (model/ensemble.ts)', () => {
  const at = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
  it('gives simulateSgd the mean, standard error and limit the ensemble job computes, bit for bit', async () => {
    const o = { alpha: 1, beta: 0.75, d: 60, v: 240, seeds: 5, seed: 11, force: false };
    const gamma = defaultGamma({ alpha: o.alpha, v: o.v });
    const s = await simulateSgd({ alpha: o.alpha, beta: o.beta, d: o.d, v: o.v, seeds: o.seeds, seed: o.seed, at });
    const j = jobStatistics({ ...o, gamma }, at);
    expect(s.steps).toEqual(at.slice(0, j.kept));
    expect(bits(s.loss)).toEqual(bits(j.mean));
    expect(bits(s.stderr)).toEqual(bits(j.stderr));
    expect(s.limit).not.toBeNull();
    expect(bits([s.limit!])).toEqual(bits([j.limit!]));
    expect(s.diverged).toBeNull();
  });

  it('cuts a forced, diverging ensemble where the job does, with no limit', async () => {
    const o = { alpha: 1, beta: 0.75, d: 20, v: 80, seeds: 3, seed: 2, force: true, gamma: 2.5 };
    const s = await simulateSgd({
      alpha: o.alpha,
      beta: o.beta,
      d: o.d,
      v: o.v,
      seeds: o.seeds,
      seed: o.seed,
      gamma: o.gamma,
      force: true,
      at,
    });
    const j = jobStatistics(o, at);
    expect(j.diverged).not.toBeNull();
    expect(s.diverged).toEqual({ step: j.diverged });
    expect(s.steps.length).toBe(j.kept);
    expect(s.steps.length).toBeLessThan(at.length);
    expect(bits(s.loss)).toEqual(bits(j.mean));
    expect(s.runs.every((r) => r.length === j.kept)).toBe(true);
    expect(s.limit).toBeNull();
    expect(j.limit).toBeNull();
    expect(s.warnings.some((w) => w.startsWith('diverged: the loss passed 10^6 P(0)'))).toBe(true);
  });
});

describe('one curve by method (front/curveByMethod.ts)', () => {
  const model = { alpha: 0.8, beta: 0.9, d: 40, steps: 300, points: 12 };
  it('runs the engine its method names: the same bits as calling it directly', async () => {
    const sgd = { ...model, seeds: 3, seed: 5 };
    expect(bits((await curveByMethod({ ...sgd, method: 'sgd' })).loss)).toEqual(
      bits((await simulateSgd({ ...sgd, engine: 'spectral' })).loss),
    );
    expect(bits((await curveByMethod({ ...sgd, method: 'sgd-direct' })).loss)).toEqual(
      bits((await simulateSgd({ ...sgd, engine: 'direct' })).loss),
    );
    expect(bits((await curveByMethod({ ...sgd, method: 'finite' })).loss)).toEqual(
      bits((await lossCurve({ ...sgd, method: 'finite' })).loss),
    );
    for (const method of ['deterministic', 'surrogate'] as const)
      expect(bits((await curveByMethod({ ...model, method })).loss)).toEqual(bits((await lossCurve({ ...model, method })).loss));
  });

  it('refuses an unknown method and an engine beside an SGD method, naming the option', async () => {
    await expect(curveByMethod({ ...model, method: 'exact' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      param: 'method',
    });
    await expect(curveByMethod({ ...model, method: 'sgd', engine: 'direct' } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      param: 'engine',
    });
  });
});
