// assembly/rng.ts, the fill kernels (rngFillRaw, rngFillUniform, rngFillNormal after rngSeed) against a
// plain-JS oracle of the documented algorithm: xoshiro256** seeded by SplitMix64 from (seed, stream),
// uniforms from the top 53 bits, normals by the 256-layer ziggurat (ZIGNOR form). The oracle runs in
// BigInt and float64; its tables and its exp/log calls use the core's own mathExp/mathLog (the Wasm
// implementations), so the comparison is bit for bit (tolerance 0), at lengths around the unroll widths,
// in both builds. Splitting a fill into several calls must continue the same stream.
import { describe, expect, it } from 'vitest';
import { core } from '../../src/core/wasm.js';
import { SIZES, alloc, forEachBuild, get64 } from './harness.js';

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
const TWO_M53 = 2 ** -53;

const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & M64;
function splitmix(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** The generator of a stream, step by step, with the exp and log of the core under test. */
class Oracle {
  s: bigint[];
  constructor(seed: number, stream: number) {
    let x = (splitmix(splitmix((BigInt(seed) + GOLDEN) & M64) ^ BigInt(stream)) + GOLDEN) & M64;
    this.s = [];
    for (let i = 0; i < 4; i++) {
      x = (x + GOLDEN) & M64;
      this.s.push(splitmix(x));
    }
    if (!this.s.some((w) => w !== 0n)) this.s[3] = GOLDEN;
  }
  next(): bigint {
    const s = this.s;
    const out = (rotl((s[1] * 5n) & M64, 7n) * 9n) & M64;
    const t = (s[1] << 17n) & M64;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return out;
  }
  uniform(): number {
    return Number(this.next() >> 11n) * TWO_M53;
  }
  openUniform(): number {
    return (Number(this.next() >> 11n) + 0.5) * TWO_M53;
  }
}

/** Ziggurat tables and the normal draw, written from the algorithm's description. */
function ziggurat(exp: (x: number) => number, log: (x: number) => number) {
  const C = 256,
    R = 3.6541528853610088,
    V = 0.00492867323399;
  const X = new Float64Array(C + 1),
    ratio = new Float64Array(C);
  let f = exp(-0.5 * R * R);
  X[0] = V / f;
  X[1] = R;
  X[C] = 0;
  for (let i = 2; i < C; i++) {
    X[i] = Math.sqrt(-2 * log(V / X[i - 1] + f));
    f = exp(-0.5 * X[i] * X[i]);
  }
  for (let i = 0; i < C; i++) ratio[i] = X[i + 1] / X[i];

  const paths = { wedge: 0, tail: 0 };
  const tail = (g: Oracle, negative: boolean): number => {
    paths.tail++;
    for (;;) {
      const x = log(g.openUniform()) / R;
      const y = log(g.openUniform());
      if (!(-2 * y < x * x)) return negative ? x - R : R - x;
    }
  };
  const draw = (g: Oracle): number => {
    let r = g.next();
    let i = Number(r & 0xffn);
    let u = 2 * (Number(r >> 11n) * TWO_M53) - 1;
    if (Math.abs(u) < ratio[i]) return u * X[i];
    paths.wedge++;
    for (;;) {
      if (i === 0) return tail(g, u < 0);
      const x = u * X[i];
      const f0 = exp(-0.5 * (X[i] * X[i] - x * x));
      const f1 = exp(-0.5 * (X[i + 1] * X[i + 1] - x * x));
      if (f1 + g.uniform() * (f0 - f1) < 1) return x;
      r = g.next();
      i = Number(r & 0xffn);
      u = 2 * (Number(r >> 11n) * TWO_M53) - 1;
      if (Math.abs(u) < ratio[i]) return u * X[i];
    }
  };
  return { draw, paths };
}

const STREAMS: [number, number][] = [
  [0, 0],
  [1, 0],
  [0, 1],
  [20240515, 3],
  [2 ** 53 - 1, 2 ** 40],
];

function seeded(seed: number, stream: number): number {
  const st = alloc(32);
  core().rngSeed(st, seed, stream);
  return st;
}
const stateOf = (st: number): bigint[] => Array.from(new BigUint64Array(core().memory.buffer, st, 4));

describe('rng fill kernels', () => {
  forEachBuild((build) => {
    it('rngSeed + rngFillRaw: the xoshiro256** outputs of the stream, and the state after them', () => {
      const c = core();
      for (const [seed, stream] of STREAMS) {
        for (const n of SIZES) {
          const st = seeded(seed, stream),
            out = alloc(8 * n);
          c.rngFillRaw(st, out, n);
          const g = new Oracle(seed, stream);
          const want = Array.from({ length: n }, () => g.next());
          expect(Array.from(new BigUint64Array(c.memory.buffer, out, n)), `${build} raw (${seed}, ${stream}) n=${n}`).toEqual(want);
          expect(stateOf(st)).toEqual(g.s);
        }
      }
    });

    it('rngFillUniform: top 53 bits times 2^-53, bit for bit; split calls continue the stream', () => {
      const c = core();
      for (const [seed, stream] of STREAMS) {
        for (const n of SIZES) {
          const st = seeded(seed, stream),
            out = alloc(8 * (n + 3));
          c.rngFillUniform(st, out, n);
          c.rngFillUniform(st, out + 8 * n, 3);
          const g = new Oracle(seed, stream);
          const want = Array.from({ length: n + 3 }, () => g.uniform());
          expect(Array.from(get64(out, n + 3)), `${build} uniform (${seed}, ${stream}) n=${n}`).toEqual(want);
          expect(stateOf(st)).toEqual(g.s);
        }
      }
    });

    it('rngFillNormal: the ziggurat draws bit for bit (fast path, wedges and tail); split calls continue the stream', () => {
      const c = core();
      const { draw: normal, paths } = ziggurat(c.mathExp, c.mathLog);
      for (const [seed, stream] of STREAMS) {
        for (const n of [...SIZES, 20000]) {
          const st = seeded(seed, stream),
            out = alloc(8 * (n + 5));
          c.rngFillNormal(st, out, n);
          c.rngFillNormal(st, out + 8 * n, 5);
          const g = new Oracle(seed, stream);
          const want = Float64Array.from({ length: n + 5 }, () => normal(g));
          const got = get64(out, n + 5);
          for (let k = 0; k < n + 5; k++) {
            if (!Object.is(got[k], want[k])) expect.fail(`${build} normal (${seed}, ${stream}) n=${n} k=${k}: ${got[k]} vs ${want[k]}`);
          }
          expect(stateOf(st)).toEqual(g.s);
        }
      }
      // The comparison covered the slow paths too (they are about 1% and 0.02% of the draws).
      expect(paths.wedge).toBeGreaterThan(100);
      expect(paths.tail).toBeGreaterThan(5);
    });
  });
});
