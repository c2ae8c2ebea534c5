// src/theory/curve.ts, assembly/volterra.ts: the mode recursion is the Volterra equation; block
// stepping converges to unit steps; theory agrees with SGD and with the mean over W.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, lossCurve, simulateSgd, spectralMeasure, PlrfProblem } from '../../src/index.js';
import { maxZ } from '../helpers.js';

beforeAll(() => init());

describe('mode recursion', () => {
  it('reproduces the Volterra convolution E P(r) = F(r) + sum_s K(r-1-s) E P(s) (plain-TS oracle, r <= 600)', async () => {
    using problem = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 30, seed: 2 });
    const sp = problem.spectrum();
    const batch = 2;
    const gamma = 1 / ((batch + 1) * 1.6);
    const g = (l: number) => 1 - 2 * gamma * batch * l + gamma * gamma * batch * (batch + 1) * l * l;
    const R = 600;
    const F = (r: number) => sp.pStar + sp.rho.reduce((s, rho, i) => s + rho * g(sp.lambda[i]) ** r, 0);
    const K = (r: number) => gamma * gamma * batch * sp.lambda.reduce((s, l) => s + l * l * g(l) ** r, 0);
    const Kv = Array.from({ length: R }, (_, r) => K(r));
    const P: number[] = [];
    for (let r = 0; r <= R; r++) {
      let s = F(r);
      for (let q = 0; q < r; q++) s += Kv[r - 1 - q] * P[q];
      P.push(s);
    }
    const at = [0, 1, 2, 5, 17, 100, 333, 600];
    const curve = await lossCurve({ method: 'finite', alpha: 1, beta: 0.75, d: 30, wSeed: 2, batch, gamma, at, unitSteps: 600 });
    // Different but exact algorithms (unit steps throughout): agreement to rounding, r·d·eps relative.
    curve.loss.forEach((p, i) => expect(Math.abs(p / P[at[i]] - 1)).toBeLessThan(at[i] * 30 * 2 ** -52 + 1e-14));
  });

  for (const method of ['finite', 'deterministic'] as const) {
    it(`${method}: fixed blocks after r = 10^4 agree with unit steps within 1e-6 up to r = 10^7; shorter blocks shrink the gap; second-order blocks at r/128 beat first-order ones at r/1024; the default error control is within 1e-8`, async () => {
      const base = { method, alpha: 1, beta: 0.75, d: 100, steps: 1e7, points: 40, ...(method === 'finite' ? { wSeed: 1 } : {}) };
      const exact = await lossCurve({ ...base, unitSteps: 1e7 });
      const gapOf = (c: { loss: number[] }) => Math.max(...c.loss.map((p, i) => Math.abs(p / exact.loss[i] - 1)));
      const gap = async (blocks: { blockOrder?: 1 | 2; blockFraction?: number }) =>
        gapOf(await lossCurve({ ...base, unitSteps: 1e4, blockTolerance: 0, ...blocks }));
      for (const blockOrder of [1, 2] as const) {
        const coarse = await gap({ blockOrder, blockFraction: 2 ** -6 });
        const fine = await gap({ blockOrder, blockFraction: 2 ** -8 });
        expect(fine, `order ${blockOrder}`).toBeLessThan(coarse);
        expect(coarse).toBeGreaterThan(0);
      }
      const first = await gap({ blockOrder: 1 });
      expect(first).toBe(await gap({ blockOrder: 1, blockFraction: 2 ** -10 }));
      expect(first).toBeLessThan(1e-6);
      const second = await gap({ blockOrder: 2 });
      expect(second).toBe(await gap({ blockOrder: 2, blockFraction: 2 ** -7 }));
      expect(second).toBeLessThan(first);
      // The default: second-order blocks chosen by the error control (1e-8, from r = 0, at most r/32).
      const dflt = await lossCurve(base);
      expect(dflt.loss).toEqual(
        (await lossCurve({ ...base, blockOrder: 2, blockTolerance: 1e-8, unitSteps: 0, blockFraction: 2 ** -5 })).loss,
      );
      expect(gapOf(dflt)).toBeLessThan(1e-8);
      expect(gapOf(dflt)).toBeGreaterThan(0);
    }, 300_000);
  }

  // The accuracy claim of the default blocks (the local error control at tolerance 1e-8): 1e-8
  // relative at every checkpoint, across the phases; to 10^6 steps against the exact unit-step
  // recursion (d = 1000 at six phase points, d = 10^4 at two), to 10^9 against fixed second-order
  // blocks at r/1024 after 10^4 unit steps (whose own gap to the exact recursion to 10^6 is checked
  // to be far smaller).
  const PHASE_POINTS: [number, number][] = [
    [0.7, 1.2],
    [1.0, 0.75],
    [0.6, 0.3],
    [2, 1],
    [0.9, 0.1],
    [0.55, 1.8],
  ];
  const logAt = (steps: number) => {
    const at: number[] = [];
    for (let r = 1; r < steps; r = Math.ceil(r * 1.25)) at.push(r);
    return [...at, steps];
  };
  const gapTo = (a: number[], b: number[]) => Math.max(...a.map((p, i) => Math.abs(p / b[i] - 1)));
  const FINE = { unitSteps: 1e4, blockTolerance: 0, blockFraction: 2 ** -10 };
  it('default blocks (error control at 1e-8): within 1e-8 of the exact recursion at d = 1000 to 10^6 steps, and of fine blocks to 10^9', async () => {
    for (const [alpha, beta] of PHASE_POINTS) {
      const base = { method: 'deterministic' as const, alpha, beta, d: 1000 };
      const at6 = logAt(1e6);
      const exact = await lossCurve({ ...base, at: at6, unitSteps: 1e6 });
      const fine6 = await lossCurve({ ...base, at: at6, ...FINE });
      expect(gapTo((await lossCurve({ ...base, at: at6 })).loss, exact.loss), `alpha ${alpha}, beta ${beta}, 10^6`).toBeLessThan(1e-8);
      expect(gapTo(fine6.loss, exact.loss)).toBeLessThan(1e-9);
      const at9 = logAt(1e9);
      const fine = await lossCurve({ ...base, at: at9, ...FINE });
      expect(gapTo((await lossCurve({ ...base, at: at9 })).loss, fine.loss), `alpha ${alpha}, beta ${beta}, 10^9`).toBeLessThan(1e-8);
    }
  }, 600_000);

  it('default blocks at d = 10^4: within 1e-8 of the exact recursion to 10^6 steps; a tighter tolerance tightens the curve', async () => {
    for (const [alpha, beta] of [PHASE_POINTS[1], PHASE_POINTS[3]]) {
      const base = { method: 'deterministic' as const, alpha, beta, d: 10_000 };
      const at6 = logAt(1e6);
      const exact = await lossCurve({ ...base, at: at6, unitSteps: 1e6 });
      const dflt = gapTo((await lossCurve({ ...base, at: at6 })).loss, exact.loss);
      expect(dflt, `alpha ${alpha}, beta ${beta}`).toBeLessThan(1e-8);
      // Blocks of L change the curve by O(L^3): at a tenth of the tolerance about 10^(-1/3) times
      // shorter blocks, so a gap well below the default's.
      const tight = gapTo((await lossCurve({ ...base, at: at6, blockTolerance: 1e-9 })).loss, exact.loss);
      expect(tight).toBeLessThan(dflt / 3);
    }
  }, 600_000);

  it('blockOrder 2 with unitSteps 0 and fixed blocks: the first block is first order and the rest second order (not first order at the second-order fraction)', async () => {
    const base = { method: 'deterministic' as const, alpha: 0.7, beta: 1.2, d: 100, steps: 1e6, points: 30 };
    const exact = await lossCurve({ ...base, unitSteps: 1e6 });
    const gap = async (o: object) => {
      const c = await lossCurve({ ...base, unitSteps: 0, blockTolerance: 0, ...o });
      return Math.max(...c.loss.map((p, i) => Math.abs(p / exact.loss[i] - 1)));
    };
    const second = await gap({ blockOrder: 2, blockFraction: 2 ** -7 });
    const firstOrder = await gap({ blockOrder: 1, blockFraction: 2 ** -7 });
    expect(second).toBeLessThan(firstOrder / 10);
  });

  it('approaches the limit F0 / (1 - ||K||) in the tail', async () => {
    const c = await lossCurve({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100, steps: 1e10, points: 40 });
    const gaps = c.loss.map((p) => Math.abs(p / c.limit! - 1));
    expect(gaps.at(-1)!).toBeLessThan(1e-6);
    // Monotone approach until the gap reaches the rounding floor of the atom sum (about n·eps).
    for (let i = 1; i < gaps.length; i++) if (gaps[i - 1] > 1e-11) expect(gaps[i]).toBeLessThan(gaps[i - 1]);
  });

  it('a schedule multiplies gamma step by step (oracle: per-mode loop with gamma(r))', async () => {
    using m = await spectralMeasure({ method: 'finite', alpha: 0.8, beta: 0.9, d: 20, seed: 4 });
    const a = m.atoms();
    const batch = 1;
    const gamma0 = 0.3;
    const r0 = 50,
      p = 0.7;
    const sched = (r: number) => (1 + r / r0) ** -p;
    let U = Array.from(a.phiRe);
    let P = m.F0 + U.reduce((s, x) => s + x, 0);
    const out: number[] = [P];
    for (let r = 0; r < 500; r++) {
      const gm = gamma0 * sched(r);
      U = U.map(
        (u, i) => (1 - 2 * gm * batch * a.zRe[i] + gm * gm * batch * (batch + 1) * a.zRe[i] ** 2) * u + gm * gm * batch * a.nuRe[i] * P,
      );
      P = m.F0 + U.reduce((s, x) => s + x, 0);
      out.push(P);
    }
    const c = await lossCurve({
      method: 'finite',
      alpha: 0.8,
      beta: 0.9,
      d: 20,
      wSeed: 4,
      gamma: gamma0,
      schedule: { kind: 'power', r0, exponent: p },
      at: [0, 10, 100, 500],
    });
    [0, 10, 100, 500].forEach((r, i) => expect(Math.abs(c.loss[i] / out[r] - 1)).toBeLessThan(1e-12));
    const constant = await lossCurve({ method: 'finite', alpha: 0.8, beta: 0.9, d: 20, wSeed: 4, gamma: gamma0, at: [0, 10, 100, 500] });
    expect(constant.loss[3]).not.toBe(c.loss[3]);
  });
});

describe('theory vs simulation', () => {
  for (const batch of [1, 4]) {
    it(`finite Volterra = mean of SGD (spectral engine, one W, 400 runs) within 5 SE, B = ${batch}`, async () => {
      const base = { alpha: 1, beta: 0.75, d: 100, batch, wSeed: 7, steps: 4000, points: 25 };
      const theory = await lossCurve({ ...base, method: 'finite' });
      const sgd = await simulateSgd({ ...base, engine: 'spectral', seeds: 400, seed: 1 });
      const { maxZ: worst, compared, zs } = maxZ(sgd, { ...theory, stderr: theory.loss.map(() => 0) });
      expect(compared).toBeGreaterThanOrEqual(8);
      expect(worst, zs.map((z) => z.toFixed(2)).join(' ')).toBeLessThan(5);
    });
  }

  it('negative control: the finite Volterra with loss/2 or a summed-vs-averaged mixup is rejected by the same test', async () => {
    const base = { alpha: 1, beta: 0.75, d: 100, batch: 4, wSeed: 7, steps: 4000, points: 25 };
    const sgd = await simulateSgd({ ...base, engine: 'spectral', seeds: 400, seed: 1 });
    const averaged = await lossCurve({ ...base, method: 'finite', gamma: sgd.config.gamma / 4 });
    expect(maxZ(sgd, { ...averaged, stderr: averaged.loss.map(() => 0) }).maxZ).toBeGreaterThan(5);
    const theory = await lossCurve({ ...base, method: 'finite' });
    const half = { ...theory, loss: theory.loss.map((x) => x / 2), stderr: theory.loss.map(() => 0) };
    expect(maxZ(sgd, half).maxZ).toBeGreaterThan(5);
  });

  for (const [alpha, beta] of [
    [1, 0.75],
    [0.7, 1.2],
    [0.4, 0.8],
  ]) {
    it(`deterministic = mean over 100 W of the finite curve within max(5 SE, 2%), F0 = mean P* within max(5 SE, 3%) (alpha ${alpha}, beta ${beta}, d = 200)`, async () => {
      const base = { alpha, beta, d: 200, v: 800, steps: 1e6, points: 30 };
      const det = await lossCurve({ ...base, method: 'deterministic' });
      const fin = await lossCurve({ ...base, method: 'finite', seeds: 100, seed: 11 });
      det.loss.forEach((p, i) => {
        const tol = Math.max(5 * fin.stderr![i], 0.02 * p);
        expect(Math.abs(p - fin.loss[i]), `r = ${det.steps[i]}`).toBeLessThanOrEqual(tol);
      });
      // F0 vs P*: the finite runs' F0 values are the P* of each W.
      const pStars: number[] = [];
      for (let k = 0; k < 100; k++) {
        using p = PlrfProblem.sample({ alpha, beta, d: 200, v: 800, seed: 11, stream: 2 * k });
        pStars.push(p.spectrum().pStar);
      }
      const mean = pStars.reduce((s, x) => s + x, 0) / 100;
      const se = Math.sqrt(pStars.reduce((s, x) => s + (x - mean) ** 2, 0) / 99 / 100);
      expect(Math.abs(fin.F0 - mean)).toBeLessThan(1e-15 + 1e-12 * mean);
      expect(Math.abs(det.F0 - mean)).toBeLessThanOrEqual(Math.max(5 * se, 0.03 * mean));
    }, 300_000);
  }

  it('deterministic = mean of SGD over 400 runs (each its own W) within max(5 SE, 2%) after r = 100 (alpha 0.7, beta 1.2, d = 200)', async () => {
    const base = { alpha: 0.7, beta: 1.2, d: 200, steps: 20_000, points: 40 };
    const det = await lossCurve({ ...base, method: 'deterministic' });
    const sgd = await simulateSgd({ ...base, engine: 'spectral', seeds: 400, seed: 3 });
    let compared = 0;
    det.loss.forEach((p, i) => {
      if (det.steps[i] <= 100) return;
      compared++;
      expect(Math.abs(p - sgd.loss[i]), `r = ${det.steps[i]}`).toBeLessThanOrEqual(Math.max(5 * sgd.stderr![i], 0.02 * p));
    });
    expect(compared).toBeGreaterThanOrEqual(20);
  }, 300_000);
});

describe('divergence', () => {
  it('a forced unstable gamma reports the step where the expected loss passed 10^6 P(0), never Infinity', async () => {
    const c = await lossCurve({ method: 'finite', alpha: 1, beta: 0.75, d: 50, wSeed: 1, gamma: 3, steps: 1000, force: true });
    expect(c.diverged).not.toBeNull();
    expect(c.loss.every(Number.isFinite)).toBe(true);
    expect(c.steps.at(-1)!).toBeLessThan(c.diverged!.step);
    expect(c.limit).toBeNull();
    await expect(lossCurve({ method: 'finite', alpha: 1, beta: 0.75, d: 50, wSeed: 1, gamma: 3, steps: 1000 })).rejects.toMatchObject({
      code: 'UNSTABLE',
      param: 'gamma',
    });
  });
});
