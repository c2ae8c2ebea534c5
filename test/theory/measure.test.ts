// src/theory/measure.ts, assembly/resolvent.ts and contour.ts: the deterministic equivalent against independent
// reference values, contour convergence, mass self-checks and the branch check.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, spectralMeasure, lossCurve, PlrfError, defaultGamma, floorF0 } from '../../src/index.js';
import { core } from '../../src/core/wasm.js';
import { withBlocks } from '../../src/core/memory.js';
import { buildMeasure } from '../../src/theory/buildMeasure.js';
import { resolveMeasure } from '../../src/theory/measureOptions.js';
import type { SpectralMeasure } from '../../src/theory/measure.js';
import { effectiveStep, momentumContourSlope, optimizerTable, resolveOptimizer } from '../../src/model/optimizer.js';

beforeAll(() => init());

interface RefCase {
  alpha: number;
  beta: number;
  d: number;
  v: number;
  batch: number;
  gamma: number;
  steps: number[];
  loss: number[];
  forcing: number[];
  kernel: number[];
  F0: number;
  kernelNorm: number;
  limit: number;
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
    for (const [alpha, beta, batch] of [
      [1, 0.75, 1],
      [0.7, 1.2, 4],
      [0.35, 0.8, 1],
      [2, 0.4, 1],
    ]) {
      using m = await spectralMeasure({ ...base, alpha, beta, batch });
      expect(Math.abs(m.masses!.eigen / m.d - 1)).toBeLessThan(1e-9);
      expect(Math.abs(m.masses!.forcing / (m.p0 - m.F0) - 1)).toBeLessThan(1e-9);
    }
  });

  it('moves P(r) by less than 1e-9 relative when the panel width, cap nodes, slope or end points change', async () => {
    const ref = await lossCurve({ ...base, at, unitSteps: 200_000 });
    const variants = [
      { panelWidth: 0.1 },
      { panelWidth: 0.15, nodesPerPanel: 20 },
      { capNodes: 96 },
      { slope: 0.2 },
      { slope: 0.25 },
      { leftFactor: 0.1 },
      { leftFactor: 0.5 },
      { right: 2.5 },
    ];
    for (const contour of variants) {
      const cur = await lossCurve({ ...base, at, unitSteps: 200_000, contour });
      cur.loss.forEach((p, i) => expect(Math.abs(p / ref.loss[i] - 1), JSON.stringify(contour)).toBeLessThan(1e-9));
    }
  });

  it('tail sums (power series from precomputed power sums) give the direct O(v) sums to 1e-10', async () => {
    // Truncation of the series is below 1e-17 relative; what remains is rounding, propagated through
    // Newton and the contour, far inside the 1e-9 contour tolerance above.
    for (const [alpha, beta, d] of [
      [1, 0.75, 1000],
      [0.4, 0.8, 800],
      [0.7, 1.2, 3000],
      [1.5, 0.5, 500],
    ]) {
      const opts = { alpha, beta, d, method: 'deterministic' as const, steps: 1e8 };
      const direct = await lossCurve({ ...opts, contour: { tailSums: false } });
      const tail = await lossCurve(opts);
      direct.loss.forEach((p, i) =>
        expect(Math.abs(tail.loss[i] / p - 1), `${alpha},${beta},${d} at r = ${direct.steps[i]}`).toBeLessThan(1e-10),
      );
      expect(Math.abs(tail.limit! / direct.limit! - 1)).toBeLessThan(1e-10);
    }
  });

  it('large alpha (1.8, 2 at d = 1000 and 10^4; 3 at d = 300, 600): m(z) converges at the small-z end, where Newton stalls at its rounding floor', async () => {
    // These contours failed before the stall was accepted; the mass self-checks (1e-9) still hold,
    // and the tail sums agree with the direct ones.
    // (3, 600) and (2, 10^4) also need the tail series in powers of tau_J m/z (|.| <= 1/8): in
    // powers of m/z (up to d^(2 alpha) at the left end) its terms overflowed.
    for (const [alpha, d] of [
      [1.8, 1000],
      [2, 1000],
      [3, 300],
      [3, 600],
      [2, 10000],
    ]) {
      const opts = { alpha, beta: 1, d, method: 'deterministic' as const, at: [0, 100, 10000, 1000000] };
      const a = await lossCurve(opts);
      const b = await lossCurve({ ...opts, contour: { tailSums: false } });
      a.loss.forEach((p, i) => expect(Math.abs(b.loss[i] / p - 1), `${alpha}, ${d}`).toBeLessThan(1e-10));
    }
  });

  it('is not converged with a 16-node cap on a coarse ray (the check can fail)', async () => {
    const ref = await lossCurve({ ...base, at, unitSteps: 200_000 });
    const coarse = await lossCurve({ ...base, at, unitSteps: 200_000, contour: { capNodes: 8, nodesPerPanel: 4 } }).then(
      (c) => c,
      (e) => e,
    );
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
    const err = await spectralMeasure({ ...base, contour: { start: [xR - 0.01, y] } }).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(PlrfError);
    expect(err.code).toBe('NOT_CONVERGED');
    expect(err.message).toMatch(/non-physical branch/);
  });

  it('a slope profile (docs/model.md §10): constant, it is the flat ray bit for bit; varying, the masses hold and P(r) agrees with the flat ray to 1e-10', () => {
    const o = resolveOptimizer('dana-constant', {
      alpha: 1,
      beta: 0.7,
      d: 100,
      v: 400,
      batch: 1,
      gamma: defaultGamma({ alpha: 1, v: 400 }),
    });
    const table = optimizerTable(o);
    const config = (profile?: { table: number[]; horizon: number; floor: number }, contour?: { slope: number; panelWidth: number }) => {
      const m = resolveMeasure({ method: 'deterministic', alpha: 1, beta: 0.7, d: 100, gamma: effectiveStep(o), contour });
      return { ...m, contour: { ...m.contour, profile } };
    };
    const atoms = (m: SpectralMeasure) => Array.from(m.ws.view().subarray(0, 6 * m.size));
    // floor = the job's slope clamps every knot to it: one segment, the default ray's nodes, weights and atoms.
    const flat = buildMeasure(config());
    const constant = buildMeasure(config({ table, horizon: 1e6, floor: 0.3 }));
    try {
      expect(constant.size).toBe(flat.size);
      expect(atoms(constant)).toEqual(atoms(flat));
      expect(core().measureSlopeAt(constant.job.ptr, 1e-3)).toBe(0.3);
    } finally {
      constant.dispose();
      flat.dispose();
    }
    // The horizon's profile: valley-shaped in log x, within [0.01, 0.3], not constant, below 0.9 of the allowed slope.
    const varying = buildMeasure(config({ table, horizon: 1e6, floor: 0.01 }));
    const s = Math.max(momentumContourSlope(o, 1e6), 0.01);
    const ray = buildMeasure(config(undefined, { slope: s, panelWidth: (0.2 * s) / 0.3 }));
    try {
      const { left, right } = varying.contour!;
      const xs = Array.from({ length: 200 }, (_, i) => left * (right / left) ** (i / 199));
      const slopes = xs.map((x) => core().measureSlopeAt(varying.job.ptr, x));
      const low = slopes.indexOf(Math.min(...slopes));
      for (let i = 1; i < xs.length; i++) {
        if (i <= low) expect(slopes[i]).toBeLessThanOrEqual(slopes[i - 1]);
        else expect(slopes[i]).toBeGreaterThanOrEqual(slopes[i - 1]);
      }
      expect(Math.min(...slopes)).toBeGreaterThanOrEqual(0.01);
      expect(Math.max(...slopes)).toBeLessThanOrEqual(0.3);
      expect(Math.max(...slopes)).toBeGreaterThan(3 * Math.min(...slopes));
      withBlocks([table.length], (tab) => {
        tab.view().set(table);
        xs.forEach((x, i) => {
          const allowed = core().momentumAllowedSlope(tab.ptr, 1, 1e6, x, 0.01 / 0.9, 0.3 / 0.9, 1e-12);
          // 1.01: the knots hold 0.9 of the allowed slope; between knots (1/8 decade) the profile is linear in log x.
          if (slopes[i] > 0.01) expect(slopes[i]).toBeLessThanOrEqual(0.9 * 1.01 * allowed);
        });
      });
      expect(varying.size).toBeLessThan(ray.size);
      expect(Math.abs(varying.masses!.eigen / 100 - 1)).toBeLessThan(1e-9);
      const gamma = effectiveStep(o);
      for (const r of [0, 10, 1000, 1e5]) {
        const a = varying.forcing(r, gamma, 1),
          b = ray.forcing(r, gamma, 1);
        expect(Math.abs(a - b) / b).toBeLessThan(1e-10);
        expect(Math.abs(varying.kernel(r, gamma, 1) - ray.kernel(r, gamma, 1))).toBeLessThan(1e-12 * ray.kernel(0, gamma, 1));
      }
    } finally {
      varying.dispose();
      ray.dispose();
    }
    // Arguments the hosts never pass (they give floor 0.002) are refused by the core with a typed error, not a trap.
    for (const bad of [{ floor: 0 }, { floor: -1 }, { floor: NaN }, { horizon: Infinity }]) {
      expect(() => buildMeasure(config({ table, horizon: 1e6, floor: 0.01, ...bad })), JSON.stringify(bad)).toThrow(PlrfError);
    }
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
    const d = 40,
      v = 160;
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

describe('measure job (assembly/measure.ts): typed statuses, accessors, interleaving', () => {
  const base = { method: 'deterministic' as const, alpha: 1, beta: 0.75, d: 100 };
  const MV = {
    F0: 0,
    p0: 1,
    massEigen: 2,
    massForcing: 3,
    left: 4,
    right: 5,
    gammaMax: 6,
    failedNode: 7,
    stableRight: 8,
    eigenError: 9,
    forcingError: 10,
    forcingTarget: 11,
    unstableKind: 12,
  };
  type Det = {
    alpha: number;
    beta: number;
    d: number;
    v?: number;
    batch?: number;
    gamma?: number;
    force?: boolean;
    slope?: number;
    panelWidth?: number;
    nodesPerPanel?: number;
    capNodes?: number;
    leftFactor?: number;
    right?: number;
    start?: [number, number];
    tailSums?: boolean;
  };
  const begin = (o: Det) => {
    const v = o.v ?? 4 * o.d,
      batch = o.batch ?? 1;
    const gamma = o.gamma ?? defaultGamma({ alpha: o.alpha, v, batch });
    return core().measureBegin(
      0,
      o.alpha,
      o.beta,
      o.d,
      v,
      batch,
      gamma,
      o.force ? 1 : 0,
      o.slope ?? 0.3,
      o.panelWidth ?? 0.2,
      o.nodesPerPanel ?? 16,
      o.capNodes ?? 64,
      o.leftFactor ?? 0.3,
      o.right ?? NaN,
      o.start?.[0] ?? 1,
      o.start?.[1] ?? 0,
      o.tailSums === false ? 0 : 1,
    );
  };
  /** Step to the end; the final status, and the atoms (6 n doubles) when done. */
  const finish = (job: number, budget: number) => {
    let status = 0;
    while (status === 0) status = core().measureStep(job, budget);
    return status;
  };
  const atoms = (job: number) => {
    const c = core();
    return new Float64Array(c.memory.buffer, c.measureWorkspace(job), 6 * c.measureSize(job)).slice();
  };
  const alone = (o: Det) => {
    const job = begin(o);
    try {
      expect(finish(job, 2 ** 30)).toBe(1);
      return atoms(job);
    } finally {
      core().jobFree(job);
    }
  };

  it('ERR_CONTINUATION (-2): Newton fails at the far start (node -2); the same PlrfError as before', async () => {
    const job = begin({ ...base, start: [NaN, NaN] });
    try {
      expect(finish(job, 1)).toBe(-2);
      expect(core().measureValue(job, MV.failedNode)).toBe(-2);
      expect(core().measureStep(job, 1)).toBe(-2); // a failed job keeps its status
    } finally {
      core().jobFree(job);
    }
    const err = await spectralMeasure({ ...base, contour: { start: [NaN, NaN] } }).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(PlrfError);
    expect({ code: err.code, param: err.param, message: err.message }).toEqual({
      code: 'NOT_CONVERGED',
      param: undefined,
      message: 'continuation of m(z) failed at contour node -2 of 1280',
    });
  });

  it('ERR_BRANCH (-3): a root on the wrong branch at the start (node -1)', async () => {
    using good = await spectralMeasure(base);
    const xR = good.contour!.right;
    const start: [number, number] = [xR - 0.01, 1e4 * (1 + xR)];
    const job = begin({ ...base, start });
    try {
      expect(finish(job, 5)).toBe(-3);
      expect(core().measureValue(job, MV.failedNode)).toBe(-1);
    } finally {
      core().jobFree(job);
    }
    const err = await spectralMeasure({ ...base, contour: { start } }).then(
      () => null,
      (e) => e,
    );
    expect({ code: err.code, param: err.param, message: err.message }).toEqual({
      code: 'NOT_CONVERGED',
      param: undefined,
      message:
        'm(z) landed on a non-physical branch at the starting point above the spectrum (Im m > 0, Im S_F < 0 or Im(-d m/z) < 0 for Im z > 0); the root was rejected',
    });
  });

  it('ERR_MASS_CHECK (-4): masses, errors and P(0) - F0 readable; the message is built from them', async () => {
    const contour = { capNodes: 2, nodesPerPanel: 2, panelWidth: 2 };
    const job = begin({ ...base, ...contour });
    let expected: string;
    try {
      expect(finish(job, 7)).toBe(-4);
      const c = core(),
        val = (w: number) => c.measureValue(job, w);
      expect(Math.abs(val(MV.massEigen) - 100) / 100).toBe(val(MV.eigenError));
      expect(val(MV.forcingTarget)).toBe(val(MV.p0) - val(MV.F0));
      expected =
        `contour self-check failed: enclosed eigenvalue mass ${val(MV.massEigen)} vs d = 100 (rel. ${val(MV.eigenError).toExponential(2)}), ` +
        `forcing mass ${val(MV.massForcing)} vs P(0) - F0 = ${val(MV.forcingTarget)} (rel. ${val(MV.forcingError).toExponential(2)}); the contour does not enclose the spectrum cleanly`;
    } finally {
      core().jobFree(job);
    }
    const err = await spectralMeasure({ ...base, contour }).then(
      () => null,
      (e) => e,
    );
    expect({ code: err.code, param: err.param, message: err.message }).toEqual({
      code: 'NOT_CONVERGED',
      param: undefined,
      message: expected,
    });
    expect(err.message).toMatch(/enclosed eigenvalue mass 100\.8190157678\d* vs d = 100 \(rel\. 8\.19e-3\)/);
  });

  it('ERR_UNSTABLE (-5): the right end below the spectrum (kind 1) or the stability region cutting it (kind 2); UNSTABLE on gamma', async () => {
    const edge = begin({ ...base, gamma: 1e6 });
    const cut = begin({ ...base, gamma: 1 });
    try {
      expect(finish(edge, 1)).toBe(-5);
      expect(core().measureValue(edge, MV.unstableKind)).toBe(1);
      expect(core().measureSize(edge)).toBe(0); // stopped before the contour was sized
      expect(finish(cut, 50)).toBe(-5);
      expect(core().measureValue(cut, MV.unstableKind)).toBe(2);
      expect(core().measureValue(cut, MV.massEigen)).toBeLessThan(100 * (1 - 1e-6));
      expect(core().measureValue(cut, MV.right)).toBe(core().measureValue(cut, MV.stableRight));
    } finally {
      core().jobFree(edge);
      core().jobFree(cut);
    }
    const e1 = await spectralMeasure({ ...base, gamma: 1e6 }).then(
      () => null,
      (e) => e,
    );
    expect({ code: e1.code, param: e1.param, message: e1.message }).toEqual({
      code: 'UNSTABLE',
      param: 'gamma',
      message:
        'gamma = 1000000 is unstable for B = 1: the stability region gamma (B+1) z < 1.8 ends at 9.000e-7, below the lower edge of the spectrum of K (about 0.000001875); lower gamma (or gamma0)',
    });
    const e2 = await spectralMeasure({ ...base, gamma: 1 }).then(
      () => null,
      (e) => e,
    );
    expect({ code: e2.code, param: e2.param, message: e2.message }).toEqual({
      code: 'UNSTABLE',
      param: 'gamma',
      message:
        'gamma = 1 is unstable or too close to the stability limit for B = 1: only 99.17 of the d = 100 eigenvalues of K lie below 1.8/(gamma (B+1)) = 0.9000; lower gamma (or gamma0), or set force (--force) to run anyway',
    });
    // forced: the contour goes above the whole spectrum and the checks hold
    using forced = await spectralMeasure({ ...base, gamma: 1, force: true });
    expect(Math.abs(forced.masses!.eigen / 100 - 1)).toBeLessThan(1e-9);
  });

  it('ERR_ARGUMENT (-7): a given right end not above x_L (readable) is reported as the contour.right validation error', async () => {
    const job = begin({ ...base, right: 1e-9 });
    let left: number;
    try {
      expect(finish(job, 1)).toBe(-7);
      left = core().measureValue(job, MV.left);
    } finally {
      core().jobFree(job);
    }
    for (const [right, shown] of [
      [1e-9, '1e-9'],
      [NaN, 'NaN'],
      ['x', '"x"'],
    ] as const) {
      const err = await spectralMeasure({ ...base, contour: { right: right as number } }).then(
        () => null,
        (e) => e,
      );
      expect({ code: err.code, param: err.param, message: err.message }).toEqual({
        code: 'INVALID_ARGUMENT',
        param: 'contour.right',
        message: `contour.right = ${shown} is invalid: expected a finite number > ${left}`,
      });
    }
    expect(left).toBe(0.000001875);
  });

  it('the host checks its memory budget once the contour is sized, before the workspace exists', async () => {
    const err = await spectralMeasure({ ...base, contour: { leftFactor: 1e-300, panelWidth: 0.0011, nodesPerPanel: 200 } }).then(
      () => null,
      (e) => e,
    );
    expect({ code: err.code, param: err.param }).toEqual({ code: 'MEMORY', param: 'd' });
    expect(err.message).toMatch(/^a contour of 127971528 nodes needs 22\.88 GiB .*; widen contour\.panelWidth$/);
  });

  it('the accessors give what the SpectralMeasure reports; capacityFloor (floorF0) has the same bits as the measure F0', async () => {
    using m = await spectralMeasure({ ...base, batch: 2 });
    const job = begin({ ...base, batch: 2 });
    try {
      expect(finish(job, 3)).toBe(1);
      const c = core();
      expect(c.jobStatus(job)).toBe(1);
      expect(c.jobProgress(job)).toBe(1);
      expect(c.measureSize(job)).toBe(m.size);
      expect(c.measureValue(job, MV.F0)).toBe(m.F0);
      expect(c.measureValue(job, MV.p0)).toBe(m.p0);
      expect(c.measureValue(job, MV.gammaMax)).toBe(m.gammaMax);
      expect([c.measureValue(job, MV.left), c.measureValue(job, MV.right)]).toEqual([m.contour!.left, m.contour!.right]);
      expect(c.measureValue(job, 99)).toBeNaN();
    } finally {
      core().jobFree(job);
    }
    expect(floorF0(1, 0.75, 100, 400)).toBe(m.F0);
    expect(floorF0(1, 0.75, 100, 100)).toBe(0);
  });

  it('two jobs stepped alternately give the same bits as each run alone (deterministic with and without tail sums, surrogate, densities)', () => {
    const a: Det = { alpha: 0.7, beta: 1.2, d: 100 },
      b: Det = { alpha: 1, beta: 0.75, d: 300, batch: 3, tailSums: false };
    const refA = alone(a),
      refB = alone(b);
    for (const budget of [1, 3]) {
      const ja = begin(a),
        jb = begin(b);
      try {
        let sa = 0,
          sb = 0;
        while (sa === 0 || sb === 0) {
          if (sa === 0) sa = core().measureStep(ja, budget);
          if (sb === 0) sb = core().measureStep(jb, budget);
        }
        expect([sa, sb]).toEqual([1, 1]);
        expect(Buffer.from(atoms(ja).buffer).equals(Buffer.from(refA.buffer))).toBe(true);
        expect(Buffer.from(atoms(jb).buffer).equals(Buffer.from(refB.buffer))).toBe(true);
      } finally {
        core().jobFree(ja);
        core().jobFree(jb);
      }
    }
    // surrogate jobs
    const sur = (alpha: number, beta: number, d: number) =>
      core().measureBegin(2, alpha, beta, d, 4 * d, 1, 0.1, 0, 0.3, 0.2, 16, 64, 0.3, NaN, 1, 0, 1);
    const s1 = sur(1, 0.75, 40),
      s2 = sur(0.6, 0.9, 70);
    try {
      let t1 = 0,
        t2 = 0;
      while (t1 === 0 || t2 === 0) {
        if (t1 === 0) t1 = core().measureStep(s1, 1);
        if (t2 === 0) t2 = core().measureStep(s2, 1);
      }
      const r1 = sur(1, 0.75, 40);
      expect(finish(r1, 2 ** 30)).toBe(1);
      expect(Array.from(atoms(s1))).toEqual(Array.from(atoms(r1)));
      core().jobFree(r1);
    } finally {
      core().jobFree(s1);
      core().jobFree(s2);
    }
    // density jobs
    const c = core();
    const xs = c.alloc(8 * 20) >>> 0;
    new Float64Array(c.memory.buffer, xs, 20).set(Array.from({ length: 20 }, (_, i) => 10 ** (-4 + (4 * i) / 19)));
    const d1 = c.densityBegin(1, 0.75, 50, 200, xs, 20, 1e-3),
      d2 = c.densityBegin(0.7, 1.2, 60, 240, xs, 20, 1e-2);
    const r1 = c.densityBegin(1, 0.75, 50, 200, xs, 20, 1e-3);
    c.free(xs);
    try {
      let t1 = 0,
        t2 = 0;
      while (t1 === 0 || t2 === 0) {
        if (t1 === 0) t1 = c.densityStep(d1, 1);
        if (t2 === 0) t2 = c.densityStep(d2, 2);
      }
      expect(c.densityStep(r1, 2 ** 30)).toBe(1);
      const out = (j: number) => Array.from(new Float64Array(c.memory.buffer, c.densityResults(j), 40));
      expect(out(d1)).toEqual(out(r1));
      expect(c.densityFailedPoint(d1)).toBe(-1);
    } finally {
      c.jobFree(d1);
      c.jobFree(d2);
      c.jobFree(r1);
    }
  });

  it('ERR_STATE (-10): a step on a job of another kind', () => {
    const c = core();
    const xs = c.alloc(8) >>> 0;
    new Float64Array(c.memory.buffer, xs, 1).set([0.5]);
    const density = c.densityBegin(1, 0.75, 10, 40, xs, 1, 1e-3);
    const measure = begin({ alpha: 1, beta: 0.75, d: 10 });
    c.free(xs);
    try {
      expect(c.measureStep(density, 1)).toBe(-10);
      expect(c.densityStep(measure, 1)).toBe(-10);
      expect(c.measureValue(density, MV.F0)).toBeNaN();
      expect(c.measureSize(density)).toBe(0);
      expect(c.jobKind(measure)).toBe(1);
      expect(c.jobKind(density)).toBe(5);
    } finally {
      c.jobFree(density);
      c.jobFree(measure);
    }
  });

  it('measureFromSpectrum: a finished job with atoms max(0, lambda), rho, lambda^2', () => {
    const c = core();
    const lam = c.alloc(24) >>> 0,
      rho = c.alloc(24) >>> 0;
    new Float64Array(c.memory.buffer, lam, 3).set([2, 0.5, -1e-17]);
    new Float64Array(c.memory.buffer, rho, 3).set([0.25, 0.125, 0.0625]);
    const job = c.measureFromSpectrum(3, 12, lam, rho, 0.01, 0.5);
    c.free(lam);
    c.free(rho);
    try {
      expect(c.jobStatus(job)).toBe(1);
      expect(c.measureStep(job, 1)).toBe(1);
      expect(c.measureSize(job)).toBe(3);
      expect([c.measureValue(job, MV.F0), c.measureValue(job, MV.p0)]).toEqual([0.01, 0.5]);
      expect(Array.from(atoms(job))).toEqual([2, 0.5, 0, 0, 0, 0, 0.25, 0.125, 0.0625, 0, 0, 0, 4, 0.25, 0, 0, 0, 0]);
    } finally {
      c.jobFree(job);
    }
  });
});

describe('the unstable-rate error names the option the user gave', () => {
  it('gamma0 when the rate came from gamma0, gamma when it was given', async () => {
    await init();
    const base = { method: 'deterministic' as const, alpha: 1, beta: 0.75, d: 100 };
    for (const call of [(o: object) => spectralMeasure({ ...base, ...o }), (o: object) => lossCurve({ ...base, steps: 100, ...o })]) {
      await expect(call({ gamma0: 1.5 })).rejects.toMatchObject({ code: 'UNSTABLE', param: 'gamma0' });
      await expect(call({ gamma: 5 })).rejects.toMatchObject({ code: 'UNSTABLE', param: 'gamma' });
    }
  });
});
