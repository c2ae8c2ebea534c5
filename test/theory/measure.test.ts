// src/theory/measure.ts, assembly/resolvent.ts: the deterministic equivalent against independent
// reference values, contour convergence, mass self-checks and the branch check.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, spectralMeasure, lossCurve, PlrfError } from '../../src/index.js';

beforeAll(() => init());

interface RefCase {
  alpha: number; beta: number; d: number; v: number; batch: number; gamma: number; steps: number[];
  loss: number[]; forcing: number[]; kernel: number[]; F0: number; kernelNorm: number; limit: number;
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/de-reference.json', import.meta.url), 'utf8')) as { cases: RefCase[] };

describe('deterministic equivalent vs independent reference values (de-reference.json)', () => {
  it.each(reference.cases.map((c) => [c.alpha, c.beta, c.d, c.batch, c] as const))(
    'alpha %f, beta %f, d %i, B %i: F, P to 1e-8 relative, K to 1e-10 K(0)',
    async (_a, _b, _d, _B, c) => {
      using m = await spectralMeasure({ method: 'deterministic', alpha: c.alpha, beta: c.beta, d: c.d, v: c.v, batch: c.batch });
      expect(Math.abs(m.F0 / c.F0 - 1)).toBeLessThan(1e-8);
      const K0 = m.kernel(0, c.gamma, c.batch);
      c.steps.forEach((r, i) => {
        expect(Math.abs(m.forcing(r, c.gamma, c.batch) / c.forcing[i] - 1)).toBeLessThan(1e-8);
        expect(Math.abs(m.kernel(r, c.gamma, c.batch) - c.kernel[i])).toBeLessThan(1e-10 * K0);
      });
      const curve = await lossCurve({ method: 'deterministic', alpha: c.alpha, beta: c.beta, d: c.d, v: c.v, batch: c.batch, at: c.steps });
      expect(curve.steps).toEqual(c.steps);
      expect(Math.abs(curve.config.gamma / c.gamma - 1)).toBeLessThan(1e-13);
      curve.loss.forEach((p, i) => expect(Math.abs(p / c.loss[i] - 1)).toBeLessThan(1e-8));
      expect(Math.abs(curve.kernelNorm / c.kernelNorm - 1)).toBeLessThan(1e-8);
      expect(Math.abs(curve.limit! / c.limit - 1)).toBeLessThan(1e-8);
    },
  );
});

describe('contour', () => {
  const base = { method: 'deterministic' as const, alpha: 1, beta: 0.75, d: 100 };
  const at = [0, 1, 10, 100, 1000, 10_000, 100_000];

  it('holds the mass self-checks to 1e-9: enclosed eigenvalue mass d and forcing mass P(0) - F0', async () => {
    for (const [alpha, beta, batch] of [[1, 0.75, 1], [0.7, 1.2, 4], [0.35, 0.8, 1], [2, 0.4, 1]]) {
      using m = await spectralMeasure({ ...base, alpha, beta, batch });
      expect(Math.abs(m.masses!.eigen / m.d - 1)).toBeLessThan(1e-9);
      expect(Math.abs(m.masses!.forcing / (m.p0 - m.F0) - 1)).toBeLessThan(1e-9);
    }
  });

  it('moves P(r) by less than 1e-9 relative when the panel width, cap nodes, slope or end points change', async () => {
    const ref = await lossCurve({ ...base, at, unitSteps: 200_000 });
    const variants = [
      { panelWidth: 0.1 }, { panelWidth: 0.15, nodesPerPanel: 20 }, { capNodes: 96 }, { slope: 0.2 }, { slope: 0.25 },
      { leftFactor: 0.1 }, { leftFactor: 0.5 }, { right: 2.5 },
    ];
    for (const contour of variants) {
      const cur = await lossCurve({ ...base, at, unitSteps: 200_000, contour });
      cur.loss.forEach((p, i) => expect(Math.abs(p / ref.loss[i] - 1), JSON.stringify(contour)).toBeLessThan(1e-9));
    }
  });

  it('tail sums (power series from precomputed power sums) give the direct O(v) sums to 1e-10', async () => {
    // Truncation of the series is below 1e-17 relative; what remains is rounding, propagated through
    // Newton and the contour, far inside the 1e-9 contour tolerance above.
    for (const [alpha, beta, d] of [[1, 0.75, 1000], [0.4, 0.8, 800], [0.7, 1.2, 3000], [1.5, 0.5, 500]]) {
      const opts = { alpha, beta, d, method: 'deterministic' as const, steps: 1e8 };
      const direct = await lossCurve({ ...opts, contour: { tailSums: false } });
      const tail = await lossCurve(opts);
      direct.loss.forEach((p, i) => expect(Math.abs(tail.loss[i] / p - 1), `${alpha},${beta},${d} at r = ${direct.steps[i]}`).toBeLessThan(1e-10));
      expect(tail.limit! / direct.limit! - 1).toBeLessThan(1e-10);
    }
  });

  it('large alpha (1.8, 2 at d = 1000 and 10^4; 3 at d = 300, 600): m(z) converges at the small-z end, where Newton stalls at its rounding floor', async () => {
    // These contours failed before the stall was accepted; the mass self-checks (1e-9) still hold,
    // and the tail sums agree with the direct ones.
    // (3, 600) and (2, 10^4) also need the tail series in powers of tau_J m/z (|.| <= 1/8): in
    // powers of m/z (up to d^(2 alpha) at the left end) its terms overflowed.
    for (const [alpha, d] of [[1.8, 1000], [2, 1000], [3, 300], [3, 600], [2, 10000]]) {
      const opts = { alpha, beta: 1, d, method: 'deterministic' as const, at: [0, 100, 10000, 1000000] };
      const a = await lossCurve(opts);
      const b = await lossCurve({ ...opts, contour: { tailSums: false } });
      a.loss.forEach((p, i) => expect(Math.abs(b.loss[i] / p - 1), `${alpha}, ${d}`).toBeLessThan(1e-10));
    }
  });

  it('is not converged with a 16-node cap on a coarse ray (the check can fail)', async () => {
    const ref = await lossCurve({ ...base, at, unitSteps: 200_000 });
    const coarse = await lossCurve({ ...base, at, unitSteps: 200_000, contour: { capNodes: 8, nodesPerPanel: 4 } }).then((c) => c, (e) => e);
    if (coarse instanceof PlrfError) {
      expect(coarse.message).toMatch(/self-check/); // the masses caught it
    } else {
      const worst = Math.max(...coarse.loss.map((p: number, i: number) => Math.abs(p / ref.loss[i] - 1)));
      expect(worst).toBeGreaterThan(1e-9);
    }
  });

  it('detects a root on a wrong branch of m(z) and refuses to use it', async () => {
    using good = await spectralMeasure(base);
    const xR = good.contour!.right;
    const y = 1e4 * (1 + xR);
    // Newton started near z - 1/d converges to the spurious root with Im m > 0 (tau_1 m ~ z).
    const err = await spectralMeasure({ ...base, contour: { start: [xR - 0.01, y] } }).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(PlrfError);
    expect(err.code).toBe('NOT_CONVERGED');
    expect(err.message).toMatch(/non-physical branch/);
  });

  it('refuses v = d for the deterministic method, naming v', async () => {
    await expect(spectralMeasure({ ...base, v: 100 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', param: 'v' });
  });
});

describe('finite and surrogate measures', () => {
  it('finite: atoms are the eigenvalues with rho_i and nu = lambda^2; F0 = P*', async () => {
    using m = await spectralMeasure({ method: 'finite', alpha: 1, beta: 0.75, d: 50, seed: 3 });
    const a = m.atoms();
    expect(m.size).toBe(50);
    let mass = 0;
    for (let i = 0; i < 50; i++) {
      expect(a.zIm[i]).toBe(0);
      expect(a.nuRe[i]).toBe(a.zRe[i] * a.zRe[i]);
      mass += a.phiRe[i];
    }
    expect(Math.abs(mass + m.F0 - m.p0)).toBeLessThan(50 * 2 ** -52 * m.p0);
  });

  it('surrogate: atoms tau_j (j <= d), rho_j = c_j^2 + (c_beta/d) tau_j, nu = tau^2, F0 exact', async () => {
    const d = 40, v = 160;
    using m = await spectralMeasure({ method: 'surrogate', alpha: 1, beta: 0.75, d, v });
    using det = await spectralMeasure({ method: 'deterministic', alpha: 1, beta: 0.75, d, v });
    const a = m.atoms();
    let cBeta = 0;
    for (let j = 1; j <= v; j++) cBeta += j ** -1.5;
    for (const j of [1, 7, 40]) {
      const tau = j ** -2;
      expect(a.zRe[j - 1]).toBeCloseTo(tau, 15);
      expect(Math.abs(a.phiRe[j - 1] / (j ** -3.5 + (cBeta / d) * tau) - 1)).toBeLessThan(1e-13);
      expect(Math.abs(a.nuRe[j - 1] / tau ** 2 - 1)).toBeLessThan(1e-14);
    }
    expect(m.F0).toBe(det.F0);
  });
});
