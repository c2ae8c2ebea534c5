// src/study/: the compute-optimal study as a library function: the same numbers as its parts
// (measureFront, computeOptimalFront, simulateSgd, lossCurve), the SGD check's statistics, the
// DANA-decay comparison, cancellation that keeps finished stages, the cost estimate.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeOptimalFront,
  danaDecayExponents,
  init,
  lossCurve,
  measureFront,
  PlrfError,
  simulateSgd,
  study,
  studyEstimate,
  studyPlots,
  sgdVerdict,
  SGD_CHECK_Z_LIMIT,
  type StudyAbortError,
  type StudyStage,
} from '../../src/index.js';

beforeAll(() => init());

const SMALL = { alpha: 0.7, beta: 0.6, d: [100, 200, 400, 800], sgdD: [100], seeds: 8, workers: 1 };

describe('study', () => {
  it('returns the front, Approach 1 and the SGD check with the numbers of its parts', async () => {
    const stages: StudyStage[] = [];
    const progress: number[] = [];
    const within: number[] = [];
    const r = await study({
      ...SMALL,
      onStage: (s, f) => {
        if (stages.at(-1) !== s) stages.push(s);
        within.push(f);
      },
      onProgress: (f) => progress.push(f),
    });
    expect(stages).toEqual(['theory', 'sgd-check']);
    expect(within.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    expect(r.interrupted).toBe(false);
    expect(r.compare).toBeNull();
    expect(r.phase.phase).toBe('II');

    // SGD's front is measureFront's (Approach 2) and Approach 1 is computeOptimalFront on its curves, bit for bit.
    const front = await measureFront({ alpha: 0.7, beta: 0.6, d: SMALL.d, approach: 2 });
    expect(r.sgd.front.measured.eta).toBe(front.measured.eta);
    expect(r.sgd.front.measured.xi).toBe(front.measured.xi);
    expect(r.sgd.approach1.eta).toBe(computeOptimalFront(front.curves, { approach: 1 }).eta);
    expect(r.sgd.front.theory).toEqual({ xi: r.phase.xi, eta: r.phase.eta });

    // The SGD check: simulateSgd at seed 1, to min(window end, 2e8) / d steps, against lossCurve at its checkpoints.
    expect(r.sgdCheck).toHaveLength(1);
    const c = r.sgdCheck[0];
    expect(c.steps).toBe(Math.ceil(Math.min(front.measured.window[1], 2e8) / 100));
    const sgd = await simulateSgd({ alpha: 0.7, beta: 0.6, d: 100, steps: c.steps, seeds: 8, seed: 1, points: 40 });
    expect(c.sgd.loss).toEqual(sgd.loss);
    const theory = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 0.6, d: 100, at: sgd.steps });
    expect(c.theory.loss).toEqual(theory.loss);
    let maxZ = 0,
      maxRel = 0;
    sgd.steps.forEach((s, k) => {
      if (s < 100) return;
      maxZ = Math.max(maxZ, Math.abs(sgd.loss[k] - theory.loss[k]) / sgd.stderr![k]);
      maxRel = Math.max(maxRel, Math.abs(sgd.loss[k] / theory.loss[k] - 1));
    });
    expect(c.maxZ).toBe(maxZ);
    expect(c.maxRelativeDeviation).toBe(maxRel);
    expect(c.consistent).toBe(maxZ <= SGD_CHECK_Z_LIMIT);
    expect(c.verdict).toBe(sgdVerdict(maxZ, 8));

    const plots = await studyPlots(r);
    expect(Object.keys(plots)).toEqual(['loss-curves', 'front', 'isoflop', 'phase-diagram']);
    for (const svg of Object.values(plots)) expect(svg).toMatch(/^<svg/);
  });

  it('the verdict names its limits', () => {
    expect(sgdVerdict(0, 1)).toMatch(/^no verdict/);
    expect(sgdVerdict(4.9, 32)).toMatch(/^consistent/);
    expect(sgdVerdict(5.1, 32)).toMatch(/^NOT consistent/);
    expect(sgdVerdict(1, 4)).toMatch(/with 4 runs the standard error is itself uncertain/);
  });

  it('sets the DANA-decay front beside SGD with plrf-derived predictions, and checks its simulation against its theory', async () => {
    // A short flops range keeps the DANA recursion to seconds (its curves cost far more than SGD's).
    const stages: StudyStage[] = [];
    const r = await study({
      ...SMALL,
      d: [50, 100, 200],
      flops: [50, 2e6],
      compare: 'dana-decay',
      onStage: (s) => stages.at(-1) !== s && stages.push(s),
    });
    expect(stages).toEqual(['theory', 'compare', 'sgd-check', 'compare-check']);
    expect(r.compare?.optimizer).toBe('dana-decay');
    const p = danaDecayExponents(0.7, 0.6);
    expect(r.compare!.front.theory).toEqual({ xi: p.xi, eta: p.eta });
    expect(r.warnings.some((w) => w.startsWith("dana-decay: predicted exponents for dana-decay: plrf's derivation"))).toBe(true);
    const direct = await measureFront({ alpha: 0.7, beta: 0.6, d: [50, 100, 200], flops: [50, 2e6], approach: 2, optimizer: 'dana-decay' });
    expect(r.compare!.front.measured.eta).toBe(direct.measured.eta);
    // The DANA-decay check: the SGD check's d, steps and seeds with the optimizer, in the simulation and in the theory.
    expect(r.sgdCheck.map((c) => c.optimizer)).toEqual(['sgd']);
    expect(r.compareCheck).toHaveLength(1);
    const c = r.compareCheck[0];
    expect([c.optimizer, c.d, c.steps, c.seeds]).toEqual(['dana-decay', 100, r.sgdCheck[0].steps, 8]);
    const sim = await simulateSgd({
      alpha: 0.7,
      beta: 0.6,
      d: 100,
      steps: c.steps,
      seeds: 8,
      seed: 1,
      points: 40,
      optimizer: 'dana-decay',
    });
    expect(c.sgd.loss).toEqual(sim.loss);
    expect(c.sgd.loss).not.toEqual(r.sgdCheck[0].sgd.loss);
    const theory = await lossCurve({ method: 'deterministic', alpha: 0.7, beta: 0.6, d: 100, at: sim.steps, optimizer: 'dana-decay' });
    expect(c.theory.loss).toEqual(theory.loss);
    let maxZ = 0;
    sim.steps.forEach((s, k) => s >= 100 && (maxZ = Math.max(maxZ, Math.abs(sim.loss[k] - theory.loss[k]) / sim.stderr![k])));
    expect(c.maxZ).toBe(maxZ);
    console.log(
      `[study] dana-decay check, d = 100, 8 runs to r = ${c.steps}: max |z| ${c.maxZ.toFixed(2)}, SGD's ${r.sgdCheck[0].maxZ.toFixed(2)}`,
    );
    expect(Object.keys(await studyPlots(r))).toEqual(expect.arrayContaining(['front-dana-decay', 'loss-curves-dana-decay']));
    const est = studyEstimate({ ...SMALL, d: [50, 100, 200], compare: 'dana-decay' }, 1);
    expect(est.compareCheck).toBeGreaterThan(est.sgdCheck);
    expect(studyEstimate({ ...SMALL, d: [50, 100, 200] }, 1).compareCheck).toBe(0);
  }, 120_000);

  it('an abort during the SGD check keeps the front', async () => {
    const controller = new AbortController();
    const run = study({
      ...SMALL,
      seeds: 64,
      signal: controller.signal,
      onStage: (s) => {
        if (s === 'sgd-check') controller.abort();
      },
    });
    const e = (await run.catch((x: unknown) => x)) as StudyAbortError;
    expect(e).toBeInstanceOf(PlrfError);
    expect(e.code).toBe('ABORTED');
    expect(e.partial?.interrupted).toBe(true);
    expect(e.partial?.sgd.front.measured.eta).toBeGreaterThan(0);
    expect(e.partial?.sgdCheck).toEqual([]);
  });

  it('an abort before the first front keeps nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const e = (await study({ ...SMALL, signal: controller.signal }).catch((x: unknown) => x)) as StudyAbortError;
    expect(e.code).toBe('ABORTED');
    expect(e.partial ?? null).toBeNull();
  });

  it('validates its options', async () => {
    const code = async (o: object) => ((await study(o).catch((x: unknown) => x)) as PlrfError).param;
    expect(await code({ compare: 'adam' })).toBe('compare');
    expect(await code({ d: [100, 200, 200] })).toBe('d');
    expect(await code({ alpha: -1 })).toBe('alpha');
    expect(await code({ seeds: 0 })).toBe('seeds');
    expect(await code({ sgdd: [1] })).toBe('sgdd');
  });

  it('estimates its cost: the default study is within the CLI limit, the comparison adds its stage', () => {
    const base = studyEstimate({}, 2);
    expect(base.compare).toBe(0);
    expect(base.total).toBe(base.theory + base.sgdCheck);
    expect(base.compareCheck).toBe(0);
    expect(base.total).toBeLessThan(600);
    const withDana = studyEstimate({ compare: 'dana-decay' }, 2);
    expect(withDana.compare).toBeGreaterThan(withDana.theory);
    // one thread: the two checks in sequence
    expect(studyEstimate({}, 1).sgdCheck).toBeGreaterThan(base.sgdCheck);
  });
});
