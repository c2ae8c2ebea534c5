// src/fit/scalingLaw.ts: Chinchilla-form recovery and interval coverage on synthetic data with known
// parameters; power law with confidence vs prediction intervals; identifiability warnings; budget;
// a published data set (Gadre et al. 2024, fixtures/fit/gadre2024-c4.csv, source in its header).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitScalingLaw, init, parseRuns, PlrfError, predictScalingLaw, RandomStream, type ChinchillaPoint } from '../../src/index.js';
import { percentileInterval } from '../../src/fit/optimize.js';

beforeAll(() => init());

// The "true" law of the synthetic data: the parametric fit published by Hoffmann et al. 2022 (eq. 10).
const TRUE = { E: 1.69, A: 406.4, a: 0.34, B: 410.7, b: 0.28 } as const;
const NAMES = ['E', 'A', 'a', 'B', 'b'] as const;

function normals(seed: number, n: number): Float64Array {
  const s = new RandomStream(seed, 0);
  try {
    return s.normals(n);
  } finally {
    s.dispose();
  }
}

/** IsoFLOP-style design (as examples/chinchilla-synthetic.csv): 9 budgets x 8 sizes, loss times exp(sigma z). */
function chinchillaRuns(z: ArrayLike<number>, sigma: number): ChinchillaPoint[] {
  const rows: ChinchillaPoint[] = [];
  const G = ((TRUE.a * TRUE.A) / (TRUE.b * TRUE.B)) ** (1 / (TRUE.a + TRUE.b));
  let k = 0;
  for (let i = 0; i < 9; i++) {
    const C = 6e18 * (3e21 / 6e18) ** (i / 8);
    const nOpt = G * (C / 6) ** (TRUE.b / (TRUE.a + TRUE.b));
    for (let j = 0; j < 8; j++) {
      const N = nOpt * 4 ** ((2 * j) / 7 - 1);
      const D = C / (6 * N);
      rows.push({ params: N, tokens: D, loss: (TRUE.E + TRUE.A * N ** -TRUE.a + TRUE.B * D ** -TRUE.b) * Math.exp(sigma * z[k++]) });
    }
  }
  return rows;
}

describe('fitScalingLaw, chinchilla: 95% bootstrap intervals cover the true parameters', () => {
  // 100 seeded data sets (72 runs, 1% multiplicative noise), 200 resamples each. The bar (>= 85 of 100)
  // is the issue's; at a true coverage of 95% a count below 85 is a 4.6-sigma event (binomial sd 2.2).
  // Negative control: 50% intervals from the same draws must fall below the bar (the test can fail).
  it('each parameter covered in >= 85 of 100 trials; 50% intervals are not', async () => {
    const TRIALS = 100;
    const cover95: Record<string, number> = { E: 0, A: 0, a: 0, B: 0, b: 0 };
    const cover50: Record<string, number> = { E: 0, A: 0, a: 0, B: 0, b: 0 };
    let warned = 0;
    for (let t = 0; t < TRIALS; t++) {
      const fit = await fitScalingLaw(chinchillaRuns(normals(1000 + t, 72), 0.01), { form: 'chinchilla', bootstrap: 200, seed: t });
      if (fit.warnings.length) warned++;
      for (const k of NAMES) {
        const truth = TRUE[k];
        const [lo, hi] = fit.params[k].ci;
        if (lo <= truth && truth <= hi) cover95[k]++;
        const [l5, h5] = percentileInterval(fit.bootstrap.draws[k], 0.5);
        if (l5 <= truth && truth <= h5) cover50[k]++;
      }
    }
    console.log(
      `chinchilla coverage over ${TRIALS} trials: 95% intervals ${JSON.stringify(cover95)}; 50% intervals ${JSON.stringify(cover50)}; fits with warnings: ${warned}`,
    );
    for (const k of NAMES) expect(cover95[k], `coverage of ${k}`).toBeGreaterThanOrEqual(85);
    for (const k of NAMES) expect(cover50[k], `50% coverage of ${k}`).toBeLessThan(85);
  });

  it('recovers the parameters of noise-free data (to the optimiser tolerance) with no warnings', async () => {
    const fit = await fitScalingLaw(chinchillaRuns(new Float64Array(72), 0), { form: 'chinchilla', bootstrap: 20 });
    expect(fit.params.a.value).toBeCloseTo(TRUE.a, 4);
    expect(fit.params.b.value).toBeCloseTo(TRUE.b, 4);
    expect(fit.params.E.value / TRUE.E).toBeCloseTo(1, 4);
    expect(fit.params.A.value / TRUE.A).toBeCloseTo(1, 2);
    expect(fit.params.B.value / TRUE.B).toBeCloseTo(1, 2);
    expect(fit.rmsLogResidual).toBeLessThan(1e-6);
    expect(fit.warnings).toEqual([]);
  });

  it('the budget is the closed-form optimum of C = 6 N D (checked against a direct search over N)', async () => {
    const fit = await fitScalingLaw(chinchillaRuns(normals(7, 72), 0.01), { form: 'chinchilla', bootstrap: 100, budget: 1e22 });
    const b = fit.budget!;
    const p = Object.fromEntries(NAMES.map((k) => [k, fit.params[k].value])) as Record<(typeof NAMES)[number], number>;
    const L = (N: number) => p.E + p.A * N ** -p.a + p.B * (1e22 / (6 * N)) ** -p.b;
    let best = Infinity,
      bestN = 0;
    for (let e = 8; e <= 12; e += 1e-4)
      if (L(10 ** e) < best) {
        best = L(10 ** e);
        bestN = 10 ** e;
      }
    expect(Math.abs(Math.log(b.d / bestN))).toBeLessThan(1e-3);
    expect(b.tokens * b.d * 6).toBeCloseTo(1e22, -12);
    expect(b.loss).toBeCloseTo(best, 10);
    // confidence interval inside the prediction interval, both around the estimate
    expect(b.pi[0]).toBeLessThan(b.ci[0]);
    expect(b.pi[1]).toBeGreaterThan(b.ci[1]);
    expect(b.ci[0]).toBeLessThan(b.loss);
    expect(b.ci[1]).toBeGreaterThan(b.loss);
    expect(b.dCI[0]).toBeLessThan(b.d);
    expect(b.dCI[1]).toBeGreaterThan(b.d);
  });
});

describe('fitScalingLaw on published runs (Gadre et al. 2024, 34 C4 runs, N = 1.1e7..6.9e9)', () => {
  const text = readFileSync(new URL('../fixtures/fit/gadre2024-c4.csv', import.meta.url), 'utf8');

  it('reads all 34 rows; the unused columns (model, multiplier, commit) are reported, nothing is dropped', () => {
    const data = parseRuns(text, { form: 'chinchilla', source: 'gadre2024-c4.csv' });
    expect(data.rows).toHaveLength(34);
    expect(data.ignored).toHaveLength(0);
    for (const col of ['model', 'multiplier', 'commit']) expect(data.warnings.some((w) => w.includes(`'${col}'`))).toBe(true);
    // D = 20 N M in the source: check the typed N, D against the multiplier column.
    const lines = text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .slice(1)
      .map((l) => l.split(','));
    for (const [, n, dTok, m] of lines) expect(Number(dTok)).toBe(20 * Number(n) * Number(m));
  });

  it('fitted on the 31 runs below 10^9 parameters, it predicts the 1.4B and 6.9B runs within their 95% prediction intervals', async () => {
    const rows = parseRuns(text, { form: 'chinchilla' }).rows.map((r) => ({ params: r.params, tokens: r.tokens, loss: r.loss }));
    const small = rows.filter((r) => r.params < 1e9),
      large = rows.filter((r) => r.params >= 1e9);
    expect([small.length, large.length]).toEqual([31, 3]);
    const fit = await fitScalingLaw(small, { form: 'chinchilla', bootstrap: 400, seed: 1 });
    // N and D vary independently here (multipliers 0.25..32), so both exponents are estimable.
    for (const k of ['a', 'b'] as const) {
      const pe = fit.params[k];
      expect(pe.value).toBeGreaterThan(0);
      expect(pe.ci[0]).toBeGreaterThan(0);
    }
    expect(fit.params.E.value).toBeLessThan(Math.min(...small.map((r) => r.loss)));
    const pred = predictScalingLaw(fit, large);
    // An extrapolation 1.7x to 8x beyond the largest fitted N: each observed loss must lie in its
    // nominal 95% prediction interval (fit uncertainty plus the scatter of runs about the fit).
    large.forEach((r, i) => {
      expect(r.loss).toBeGreaterThanOrEqual(pred[i].pi[0]);
      expect(r.loss).toBeLessThanOrEqual(pred[i].pi[1]);
    });
  });
});

describe('fitScalingLaw, power: L = E + A x^-a', () => {
  const law = (x: number) => 0.5 + 20 * x ** -0.3;
  const xs = Array.from({ length: 30 }, (_, i) => 10 ** (2 + (5 * i) / 29));

  it('prediction intervals are wider than confidence intervals and cover new runs at about the level', async () => {
    const z = normals(11, 30);
    const rows = xs.map((x, i) => ({ x, loss: law(x) * Math.exp(0.02 * z[i]) }));
    const fit = await fitScalingLaw(rows, { form: 'power', bootstrap: 400, seed: 3 });
    for (const [k, v] of Object.entries({ E: 0.5, A: 20, a: 0.3 })) {
      const [lo, hi] = fit.params[k].ci;
      expect(lo, k).toBeLessThanOrEqual(v);
      expect(hi, k).toBeGreaterThanOrEqual(v);
    }
    // 400 new runs at the design points: coverage of the 95% PI within 5 binomial sd (0.054) of 0.95,
    // allowing for the fit's own error; the CI (expected loss only) must cover clearly fewer.
    const zNew = normals(12, 400);
    const pts = Array.from({ length: 400 }, (_, i) => ({ x: xs[i % 30] }));
    const pred = predictScalingLaw(fit, pts);
    let inPI = 0,
      inCI = 0;
    pts.forEach((p, i) => {
      const y = law(p.x) * Math.exp(0.02 * zNew[i]);
      if (y >= pred[i].pi[0] && y <= pred[i].pi[1]) inPI++;
      if (y >= pred[i].ci[0] && y <= pred[i].ci[1]) inCI++;
      expect(pred[i].pi[1] - pred[i].pi[0]).toBeGreaterThan(pred[i].ci[1] - pred[i].ci[0]);
    });
    expect(inPI / 400).toBeGreaterThan(0.95 - 0.054);
    expect(inPI / 400).toBeLessThanOrEqual(1);
    expect(inCI / 400).toBeLessThan(inPI / 400 - 0.2);
  });

  it('warns when the exponent is not identifiable (no x dependence; too few distinct x)', async () => {
    const z = normals(13, 30);
    const flat = await fitScalingLaw(
      xs.map((x, i) => ({ x, loss: 2 * Math.exp(0.01 * z[i]) })),
      { form: 'power', bootstrap: 100 },
    );
    expect(flat.warnings.some((w) => /exponent a is not identifiable|exponent a .* edge of the search range/.test(w))).toBe(true);
    const two = await fitScalingLaw(
      [1e3, 1e3, 1e3, 1e5, 1e5, 1e5].map((x, i) => ({ x, loss: law(x) * Math.exp(0.01 * z[i]) })),
      { form: 'power', bootstrap: 50 },
    );
    expect(two.warnings).toContainEqual(expect.stringMatching(/only 2 distinct values of x: its exponent is not identifiable/));
    const clean = await fitScalingLaw(
      xs.map((x) => ({ x, loss: law(x) })),
      { form: 'power', bootstrap: 50 },
    );
    expect(clean.warnings).toEqual([]);
    expect(clean.params.a.value).toBeCloseTo(0.3, 5);
  });

  it('warns for chinchilla data with a single model size', async () => {
    const z = normals(14, 12);
    const rows = Array.from({ length: 12 }, (_, i) => {
      const N = 1e9,
        D = 1e9 * 2 ** i;
      return { params: N, tokens: D, loss: (TRUE.E + TRUE.A * N ** -TRUE.a + TRUE.B * D ** -TRUE.b) * Math.exp(0.01 * z[i]) };
    });
    const fit = await fitScalingLaw(rows, { form: 'chinchilla', bootstrap: 50 });
    expect(fit.warnings).toContainEqual(expect.stringMatching(/only 1 distinct value of params N: its exponent is not identifiable/));
  });
});

describe('fitScalingLaw: input validation', () => {
  const rows = Array.from({ length: 8 }, (_, i) => ({ x: 10 ** i, loss: 1 + 10 ** -i }));
  it.each([
    [{ form: 'kaplan' }, 'form'],
    [{ form: 'power', bootstrap: -1 }, 'bootstrap'],
    [{ form: 'power', level: 1 }, 'level'],
    [{ form: 'power', huberDelta: 0 }, 'huberDelta'],
    [{ form: 'power', budget: 1e20 }, 'budget'],
    [{ form: 'chinchilla', budget: -5 }, 'budget'],
    [{ form: 'power', exponentRange: [1, 0.5] }, 'exponentRange[1]'],
    [{ form: 'power', alfa: 1 }, 'alfa'],
  ])('%j -> PlrfError naming %s', async (opts, param) => {
    const err = await fitScalingLaw(rows as never, opts as never).catch((e) => e);
    expect(err).toBeInstanceOf(PlrfError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.param).toBe(param);
  });
  it('rejects too few rows and bad values', async () => {
    await expect(fitScalingLaw(rows.slice(0, 3), { form: 'power' })).rejects.toMatchObject({ param: 'data' });
    await expect(fitScalingLaw([...rows.slice(0, 5), { x: 0, loss: 1 }], { form: 'power' })).rejects.toMatchObject({ param: 'data[5].x' });
    await expect(fitScalingLaw([...rows.slice(0, 5), { x: 2, loss: NaN }], { form: 'power' })).rejects.toMatchObject({
      param: 'data[5].loss',
    });
  });
});
