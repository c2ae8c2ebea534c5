// src/fit/optimize.ts: the fits' percentiles and resampling indices come from the Wasm core.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/index.js';
import { indexGenerator, percentileInterval, quantile } from '../../src/fit/optimize.js';

beforeAll(() => init());

/** The linear-interpolated quantile as the TypeScript computed it before (reference). */
function reference(xs: number[], q: number): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

describe('fit tools from the core', () => {
  it('quantile gives the bits of the former TypeScript quantile (NaN ignored)', () => {
    const sample = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.integer({ min: -3, max: 3 })), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        expect(Object.is(quantile(xs, q), reference(xs, q))).toBe(true);
      }),
      { numRuns: 500, seed: 9 },
    );
    expect(percentileInterval([3, 1, 2, NaN, 5, 4], 0.5)).toEqual([2, 4]);
  });

  it('indexGenerator: indices in [0, n), the same for the same (seed, stream), other streams differ', () => {
    const draw = (seed: number, stream: number, n: number, count: number) => {
      const g = indexGenerator(seed, stream);
      try {
        return Array.from({ length: count }, () => g(n));
      } finally {
        g.free();
      }
    };
    const a = draw(7, 0, 13, 2000);
    expect(a.every((k) => Number.isInteger(k) && k >= 0 && k < 13)).toBe(true);
    expect(new Set(a).size).toBe(13);
    expect(draw(7, 0, 13, 2000)).toEqual(a);
    expect(draw(7, 1, 13, 2000)).not.toEqual(a);
    expect(draw(8, 0, 13, 2000)).not.toEqual(a);
    // roughly uniform: each of 13 values about 2000/13 = 154 times
    for (let k = 0; k < 13; k++) expect(Math.abs(a.filter((x) => x === k).length - 2000 / 13)).toBeLessThan(60);
    expect(draw(1, 0, 1, 10)).toEqual(new Array(10).fill(0));
  });
});
