// assembly/rng.ts through RandomStream: the documented algorithm, moments, reproducibility.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, RandomStream } from '../src/index.js';
import { erfc } from './helpers.js';

beforeAll(() => init());

// Reference xoshiro256** with SplitMix64 seeding, in BigInt, straight from the papers' C code.
const M = (1n << 64n) - 1n;
const G = 0x9e3779b97f4a7c15n;
function mix(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
  return z ^ (z >> 31n);
}
function rotl(x: bigint, k: bigint): bigint {
  return ((x << k) | (x >> (64n - k))) & M;
}
function referenceRaw(seed: number, stream: number, n: number): bigint[] {
  let x = (mix(mix((BigInt(seed) + G) & M) ^ BigInt(stream)) + G) & M;
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + G) & M;
    s.push(mix(x));
  }
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    out.push((rotl((s[1] * 5n) & M, 7n) * 9n) & M);
    const t = (s[1] << 17n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
  }
  return out;
}

describe('RandomStream', () => {
  it('is xoshiro256** seeded by SplitMix64 from (seed, stream), as documented', () => {
    for (const [seed, stream] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [12345, 678],
      [2 ** 53 - 1, 2 ** 40],
    ]) {
      using s = new RandomStream(seed, stream);
      const got = Array.from(new BigUint64Array(s.raw(1000).buffer));
      expect(got).toEqual(referenceRaw(seed, stream, 1000));
    }
  });

  it('gives identical bits for the same (seed, stream) and different draws otherwise', () => {
    const draw = (seed: number, stream: number) => {
      using s = new RandomStream(seed, stream);
      return s.normals(10_000);
    };
    const a = draw(7, 3);
    expect(Buffer.from(draw(7, 3).buffer).equals(Buffer.from(a.buffer))).toBe(true);
    for (const other of [draw(8, 3), draw(7, 4), draw(3, 7)]) {
      let same = 0;
      for (let i = 0; i < a.length; i++) if (a[i] === other[i]) same++;
      expect(same).toBe(0);
    }
  });

  it('draws standard normals: moments of 10^6 draws within 5 standard errors', () => {
    const n = 1_000_000;
    using s = new RandomStream(2024, 0);
    const z = s.normals(n);
    let m1 = 0,
      m2 = 0,
      m3 = 0,
      m4 = 0;
    for (let i = 0; i < n; i++) {
      const x = z[i],
        x2 = x * x;
      m1 += x;
      m2 += x2;
      m3 += x2 * x;
      m4 += x2 * x2;
    }
    m1 /= n;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    // Standard errors of the sample moments under N(0,1): Var z = 1, Var z^2 = 2, Var z^3 = 15, Var z^4 = 96.
    expect(Math.abs(m1)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('has the normal tail: P(|z| > t) within 5 standard errors at t = 1, 3 and the ziggurat base 3.654', () => {
    const n = 2_000_000;
    using s = new RandomStream(99, 1);
    const z = s.normals(n);
    for (const t of [1, 3, 3.6541528853610088, 4.5]) {
      let count = 0;
      for (let i = 0; i < n; i++) if (Math.abs(z[i]) > t) count++;
      const p = erfc(t / Math.SQRT2);
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(count / n - p)).toBeLessThan(5 * se + 1e-7 * p);
    }
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12 within 5 standard errors', () => {
    const n = 1_000_000;
    using s = new RandomStream(5, 5);
    const u = s.uniforms(n);
    let m = 0,
      q = 0,
      lo = 1,
      hi = 0;
    for (let i = 0; i < n; i++) {
      m += u[i];
      q += (u[i] - 0.5) ** 2;
      lo = Math.min(lo, u[i]);
      hi = Math.max(hi, u[i]);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(m / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(q / n - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it('rejects seeds that are not integers in [0, 2^53)', () => {
    expect(() => new RandomStream(-1)).toThrow(/seed/);
    expect(() => new RandomStream(1.5)).toThrow(/seed/);
    expect(() => new RandomStream(NaN)).toThrow(/seed/);
  });
});
