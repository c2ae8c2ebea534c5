// src/model/conventions.ts: default learning rate, checkpoints, stability (docs/model.md §3).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGamma, flops, init, logCheckpoints, stability, traceD } from '../../src/index.js';
import { EPS } from '../helpers.js';

beforeAll(() => init());

const reference = JSON.parse(readFileSync(new URL('../fixtures/de-reference.json', import.meta.url), 'utf8')) as {
  cases: { alpha: number; v: number; batch: number; gamma: number }[];
};

describe('conventions', () => {
  it('default gamma = 2 gamma0 / ((B+1) tr D) matches the independent reference values', () => {
    expect(reference.cases.length).toBeGreaterThan(0);
    for (const c of reference.cases) {
      const g = defaultGamma({ alpha: c.alpha, v: c.v, batch: c.batch });
      expect(Math.abs(g - c.gamma)).toBeLessThanOrEqual(c.v * EPS * c.gamma);
    }
  });

  it('tr D is sum_(j<=v) j^(-2 alpha)', () => {
    let s = 0;
    for (let j = 1; j <= 1000; j++) s += j ** -1.4;
    expect(Math.abs(traceD(0.7, 1000) - s)).toBeLessThanOrEqual(1000 * EPS * s);
  });

  it('flops = r·d·B', () => {
    expect(flops(1000, 200, 4)).toBe(800_000);
    expect(flops(7, 3)).toBe(21);
  });

  it('log checkpoints are strictly increasing integers from 0 to steps', () => {
    for (const [n, p] of [
      [0, 10],
      [1, 10],
      [100, 2],
      [5, 60],
      [100000, 60],
      [10 ** 9, 40],
    ]) {
      const c = logCheckpoints(n, p);
      expect(c[0]).toBe(0);
      expect(c.at(-1)).toBe(n);
      expect(c.length).toBeLessThanOrEqual(Math.min(p, n + 1));
      for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThan(c[i - 1]);
      if (n >= 10 ** 5) {
        // roughly log-spaced: consecutive ratios bounded once past the integer-rounding region
        for (let i = 2; i < c.length; i++) if (c[i - 1] > 100) expect(c[i] / c[i - 1]).toBeLessThan(2 * n ** (1 / (p - 2)));
      }
    }
  });

  it('stability: gamma (B+1) lambda < 2 per mode and ||K|| = gamma sum lambda/(2 - gamma(B+1)lambda) < 1', () => {
    const r = stability([1, 0.5], 0.4, 1);
    expect(r.modeFactor).toBeCloseTo(0.8, 15);
    expect(r.kernelNorm).toBeCloseTo(0.4 / 1.2 + 0.2 / 1.6, 15);
    expect(r.stable).toBe(true);
    expect(stability([1], 1.0, 1).stable).toBe(false); // mode factor 2
    expect(stability([0.5, 0.5, 0.5], 0.9, 1).stable).toBe(false); // ||K|| = 3 * 0.45 / 1.1 > 1
  });
});
