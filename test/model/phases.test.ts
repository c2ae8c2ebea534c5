// src/model/phases.ts: Table 2 of docs/model.md §7, exactly; boundaries; continuity of eta (property test).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPhase, danaDecayExponents, init, phaseExponents, type Phase } from '../../src/index.js';

beforeAll(() => init());

const IV = 1 - 1 / Math.SQRT2;

describe('classifyPhase', () => {
  it('matches the check values of docs/model.md §7 (5 digits)', () => {
    const cases: [number, number, Phase, number, number][] = [
      [0.7, 0.2, 'Ia', 0.41667, 0.33333],
      [0.7, 0.6, 'II', 0.46154, 0.61538],
      [1.0, 2.0, 'III', 0.5, 0.75],
      [0.35, 0.35, 'Ib', 0.5, 0.2],
      [0.2, 1.0, 'Ic', 0.58333, 0.23333],
      [0.27, 1.0, 'IVb', 0.61345, 0.29765],
      [0.4, 1.0, 'IVa', 0.5, 0.4],
    ];
    for (const [a, b, phase, xi, eta] of cases) {
      const p = classifyPhase(a, b);
      expect(p.phase).toBe(phase);
      expect(p.onBoundary).toBe(false);
      expect(p.xi!).toBeCloseTo(xi, 5);
      expect(p.eta!).toBeCloseTo(eta, 5);
    }
  });

  it('uses the exact fractions of Table 2 (to 1e-9) across each region', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true }), (a, b) => {
        const p = classifyPhase(a, b);
        if (p.onBoundary) return;
        const G = 2 * a + 2 * b - 1;
        const want: Record<Phase, [number, number] | null> = {
          Ia: [1 / (2 * a + 1), G / (2 * a + 1)],
          Ib: [1 / 2, G / 2],
          Ic: [G / ((2 - 2 * a) * G + 4 * a * a), (2 * a * G) / ((2 - 2 * a) * G + 4 * a * a)],
          II: [b / (a + b), G / (2 * (a + b))],
          III: [1 / 2, 1 - 1 / (4 * a)],
          IVa: [1 / 2, a],
          IVb: [(b - a) / (2 * b - a - 2 * a * b), (G * (1 - 2 * a)) / (2 * (2 * b - a - 2 * a * b))],
          none: null,
        };
        // region by the table's inequalities
        const region: Phase =
          a + b <= 0.5
            ? 'none'
            : a > 0.5
              ? b < 0.5
                ? 'Ia'
                : b < a
                  ? 'II'
                  : 'III'
              : b < 0.5
                ? 'Ib'
                : a < 0.25
                  ? 'Ic'
                  : a < IV
                    ? 'IVb'
                    : 'IVa';
        expect(p.phase).toBe(region);
        const w = want[region];
        if (w === null) {
          expect(p.xi).toBeNull();
          expect(p.eta).toBeNull();
        } else {
          expect(Math.abs(p.xi! - w[0])).toBeLessThan(1e-9);
          expect(Math.abs(p.eta! - w[1])).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('reports boundaries with every phase that meets there', () => {
    const expectations: [number, number, Phase, Phase[]][] = [
      [0.5, 0.5, 'III', ['Ia', 'Ib', 'II', 'III', 'IVa']], // the critical point
      [0.7, 0.7, 'III', ['II', 'III']], // beta = alpha: increasing beta first gives III
      [0.8, 0.5, 'II', ['Ia', 'II']],
      [0.5, 0.2, 'Ia', ['Ia', 'Ib']],
      [0.5, 1.0, 'III', ['III', 'IVa']],
      [0.25, 1.0, 'IVb', ['Ic', 'IVb']],
      [IV, 1.0, 'IVa', ['IVa', 'IVb']],
      [0.27, 0.5, 'IVb', ['Ib', 'IVb']],
      [0.4, 0.5, 'IVa', ['Ib', 'IVa']],
      [0.1, 0.5, 'Ic', ['Ib', 'Ic']],
      [0.2, 0.3, 'none', ['Ib', 'none']], // the admissibility line itself is none (docs/model.md §7)
      [0.25, 0.5, 'IVb', ['Ib', 'Ic', 'IVb']],
    ];
    for (const [a, b, phase, neighbours] of expectations) {
      for (const eps of [0, 5e-10, -5e-10]) {
        const p = classifyPhase(a + eps, b);
        expect(p.onBoundary, `(${a + eps}, ${b})`).toBe(true);
        expect(p.phase, `(${a + eps}, ${b})`).toBe(phase);
        expect(p.neighbours, `(${a + eps}, ${b})`).toEqual(neighbours);
      }
    }
    expect(classifyPhase(0.7, 0.7 + 2e-9).onBoundary).toBe(false);
  });

  it('eta is continuous across every boundary; xi jumps only across IVa|IVb (property test)', () => {
    const boundaryPoint = fc.oneof(
      fc
        .double({ min: 0.02, max: 2.5, noNaN: true })
        .filter((a) => a > 0.001)
        .map((a) => [a, 0.5] as [number, number]), // beta = 1/2
      fc.double({ min: 0.01, max: 2.5, noNaN: true }).map((b) => [0.5, b] as [number, number]), // alpha = 1/2
      fc.double({ min: 0.5, max: 2.5, noNaN: true }).map((a) => [a, a] as [number, number]), // beta = alpha
      fc.double({ min: 0.5, max: 2.5, noNaN: true }).map((b) => [0.25, b] as [number, number]),
      fc.double({ min: 0.5, max: 2.5, noNaN: true }).map((b) => [IV, b] as [number, number]),
    );
    fc.assert(
      fc.property(boundaryPoint, ([a, b]) => {
        const h = 1e-7;
        const sides = [
          [a - h, b],
          [a + h, b],
          [a, b - h],
          [a, b + h],
        ]
          .map(([x, y]) => classifyPhase(x, y))
          .filter((p) => p.phase !== 'none');
        const etas = sides.map((p) => p.eta!);
        // |d eta| over a step of 1e-7 is below 1e-6 on either side when eta is continuous
        expect(Math.max(...etas) - Math.min(...etas)).toBeLessThan(1e-5);
        const xis = sides.map((p) => p.xi!);
        const jump = Math.max(...xis) - Math.min(...xis);
        if (Math.abs(a - IV) > 1e-6 || b < 0.5) expect(jump).toBeLessThan(1e-5);
      }),
      { numRuns: 2000 },
    );
    // and xi does jump across IVa|IVb
    expect(classifyPhase(IV + 1e-6, 1).xi! - classifyPhase(IV - 1e-6, 1).xi!).not.toBeCloseTo(0, 3);
  });

  it('answers none on the admissibility line alpha + beta = 1/2 (within 1e-9) and below: never eta <= 0 (user report)', () => {
    for (const [a, b] of [
      [0.25, 0.25],
      [0.25, 0.2499999995],
      [0.25, 0.2500000009],
      [0.1, 0.4],
      [0.5, 0],
      [1.5, -1],
      [0.25, 0.25 - 2e-9],
    ]) {
      const p = classifyPhase(a, b);
      expect(p, `(${a}, ${b})`).toMatchObject({ phase: 'none', xi: null, eta: null, tradeoff: null });
    }
    // on the line: a boundary point, between none and the phase above
    expect(classifyPhase(0.25, 0.25)).toMatchObject({ onBoundary: true, neighbours: ['Ib', 'none'] });
    expect(classifyPhase(0.8, -0.3)).toMatchObject({ phase: 'none', onBoundary: true, neighbours: ['Ia', 'none'] });
    // just above the tolerance: the phase above, with a small positive eta
    const above = classifyPhase(0.25, 0.2500000011);
    expect(above.phase).toBe('Ib');
    expect(above.eta!).toBeGreaterThan(0);
    expect(classifyPhase(0.25, 0.25 - 2e-9).onBoundary).toBe(false);
  });

  it('never reports eta <= 0 or a non-finite exponent; none exactly where alpha + beta - 1/2 <= 1e-9 (property test)', () => {
    const near = fc
      .tuple(fc.double({ min: 1e-6, max: 3, noNaN: true }), fc.double({ min: -3e-9, max: 3e-9, noNaN: true }))
      .map(([a, e]) => [a, 0.5 - a + e] as [number, number]);
    const anywhere = fc.tuple(fc.double({ min: 1e-6, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.oneof(near, anywhere), ([a, b]) => {
        const p = classifyPhase(a, b);
        if (a + b - 0.5 <= 1e-9) {
          expect(p.phase).toBe('none');
          expect(p.eta).toBeNull();
          expect(p.xi).toBeNull();
        } else {
          expect(p.phase).not.toBe('none');
          expect(p.eta!).toBeGreaterThan(0);
          expect(Number.isFinite(p.eta!) && Number.isFinite(p.xi!)).toBe(true);
          expect(p.xi!).toBeGreaterThan(0);
        }
      }),
      { numRuns: 20000, seed: 5 },
    );
  });

  it('rejects alpha <= 0 and non-finite input, and answers none below alpha + beta = 1/2', () => {
    expect(() => classifyPhase(0, 1)).toThrow(expect.objectContaining({ param: 'alpha' }));
    expect(() => classifyPhase(NaN, 1)).toThrow(expect.objectContaining({ param: 'alpha' }));
    expect(() => classifyPhase(1, Infinity)).toThrow(expect.objectContaining({ param: 'beta' }));
    expect(classifyPhase(0.1, 0.1)).toMatchObject({ phase: 'none', xi: null, eta: null, onBoundary: false });
    expect(phaseExponents('none', 0.1, 0.1)).toEqual({ xi: null, eta: null });
  });
});

describe('danaDecayExponents (computed in the Wasm core)', () => {
  it("carries SGD's Table-2 pair of the same point, kappa = 2 - 1/(2 alpha), and validates like classifyPhase", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true }), (alpha, beta) => {
        const p = danaDecayExponents(alpha, beta);
        const info = classifyPhase(alpha, beta);
        expect(p.phase).toBe(info.phase);
        expect(p.sgd).toEqual({ xi: info.xi, eta: info.eta });
        expect(p.kappa).toBe(2 - 1 / (2 * alpha));
        // A prediction exactly in Ia, II, III, and there steeper than SGD (kappa > 1 since 2 alpha > 1).
        const predicted = ['Ia', 'II', 'III'].includes(info.phase);
        expect(p.eta !== null).toBe(predicted);
        expect(p.note === null).toBe(predicted);
        if (predicted) expect(p.eta!).toBeGreaterThan(info.eta!);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(() => danaDecayExponents(0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', param: 'alpha' }));
    expect(() => danaDecayExponents(1, NaN)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', param: 'beta' }));
  });
});
