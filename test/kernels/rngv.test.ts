// assembly/rngv.ts, the four-lane generator (rngvSeed, rngvFillRaw, rngvFillNormal): (1) against a
// plain-JS oracle of the documented algorithm, bit for bit, in both builds: lane 0 is the scalar stream,
// lanes 1-3 and the retry stream start 1-4 xoshiro256 jumps further (the jump written out in BigInt),
// output k of a fill is draw floor(k / 4) of lane k mod 4 by the ziggurat with the uniform from the top
// 52 bits, and the wedge/tail continuations draw from the retry stream in output order; (2) statistics
// of 1.68 * 10^7 draws (SIMD build): moments, tail frequencies, and the independence of the lanes
// (correlations of values and of squares between lanes, within a lane at lag 1, and across groups).
import { describe, expect, it } from 'vitest';
import { RNGV_STATE_BYTES } from '../../src/core/abi.js';
import { core } from '../../src/core/wasm.js';
import { erfc } from '../helpers.js';
import { SIZES, alloc, forEachBuild, get64 } from './harness.js';

const M64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
const TWO_M53 = 2 ** -53;
const JUMP = [0x180ec6d33cfd0aban, 0xd5a61266f0c9392cn, 0xa9582618e03fc9aan, 0x39abdc4529b1661cn];
const STATE_BYTES = RNGV_STATE_BYTES;

const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & M64;
function splitmix(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

class Xoshiro {
  constructor(public s: bigint[]) {}
  static seeded(seed: number, stream: number): Xoshiro {
    let x = (splitmix(splitmix((BigInt(seed) + GOLDEN) & M64) ^ BigInt(stream)) + GOLDEN) & M64;
    const s: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + GOLDEN) & M64;
      s.push(splitmix(x));
    }
    if (!s.some((w) => w !== 0n)) s[3] = GOLDEN;
    return new Xoshiro(s);
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
  /** The generator 2^128 steps further: the jump polynomial applied to the state. */
  jumped(): Xoshiro {
    const g = new Xoshiro(this.s.slice());
    const acc = [0n, 0n, 0n, 0n];
    for (const word of JUMP) {
      for (let b = 0n; b < 64n; b++) {
        if ((word >> b) & 1n) for (let k = 0; k < 4; k++) acc[k] ^= g.s[k];
        g.next();
      }
    }
    return new Xoshiro(acc);
  }
  uniform(): number {
    return Number(this.next() >> 11n) * TWO_M53;
  }
  openUniform(): number {
    return (Number(this.next() >> 11n) + 0.5) * TWO_M53;
  }
}

/** Lanes 0-3 and the retry stream of (seed, stream). */
function lanesOf(seed: number, stream: number): Xoshiro[] {
  const out = [Xoshiro.seeded(seed, stream)];
  for (let j = 1; j < 5; j++) out.push(out[j - 1].jumped());
  return out;
}

/** u = (bits (r >> 12) | 2.0) - 3: the top 52 bits as a double in [-1, 1). */
function uniform52(r: bigint): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, (r >> 12n) | 0x4000000000000000n, true);
  return v.getFloat64(0, true) - 3;
}

/** The four-lane fill, from its description; exp and log are the core's (bit-for-bit tables). */
function oracle(exp: (x: number) => number, log: (x: number) => number) {
  const C = 1024,
    R = 4.038849846109504,
    V = 0.001226324646353088;
  const X = new Float64Array(C + 1),
    ratio = new Float64Array(C),
    F = new Float64Array(C + 1);
  let f = exp(-0.5 * R * R);
  X[0] = V / f;
  X[1] = R;
  X[C] = 0;
  for (let i = 2; i < C; i++) {
    X[i] = Math.sqrt(-2 * log(V / X[i - 1] + f));
    f = exp(-0.5 * X[i] * X[i]);
  }
  for (let i = 0; i < C; i++) ratio[i] = X[i + 1] / X[i];
  for (let i = 0; i <= C; i++) F[i] = exp(-0.5 * X[i] * X[i]);
  const paths = { slow: 0 };
  const tail = (g: Xoshiro, negative: boolean): number => {
    for (;;) {
      const x = log(g.openUniform()) / R;
      const y = log(g.openUniform());
      if (!(-2 * y < x * x)) return negative ? x - R : R - x;
    }
  };
  const draw = (r: bigint, retry: Xoshiro): number => {
    let i = Number(r & 0x3ffn);
    let u = uniform52(r);
    if (Math.abs(u) < ratio[i]) return u * X[i];
    paths.slow++;
    for (;;) {
      if (i === 0) return tail(retry, u < 0);
      const x = u * X[i];
      if (F[i + 1] + retry.uniform() * (F[i] - F[i + 1]) < exp(-0.5 * x * x)) return x;
      r = retry.next();
      i = Number(r & 0x3ffn);
      u = uniform52(r);
      if (Math.abs(u) < ratio[i]) return u * X[i];
    }
  };
  /** A fill of n values from the lanes (advanced). */
  const fill = (lanes: Xoshiro[], n: number): number[] => {
    const out: number[] = [];
    for (let g = 0; g < Math.ceil(n / 4); g++) {
      const rs = lanes.slice(0, 4).map((l) => l.next());
      for (let j = 0; j < 4; j++) {
        const x = draw(rs[j], lanes[4]);
        if (4 * g + j < n) out.push(x);
      }
    }
    return out;
  };
  return { fill, paths };
}

const STREAMS: [number, number][] = [
  [0, 0],
  [1, 0],
  [20240515, 3],
  [2 ** 53 - 1, 2 ** 40],
];

function seeded(seed: number, stream: number): number {
  const st = alloc(STATE_BYTES);
  core().rngvSeed(st, seed, stream);
  return st;
}

/** The five 32-byte states (lanes 0-3 from the word-major block, then the retry stream). */
function statesOf(st: number): bigint[][] {
  const w = new BigUint64Array(core().memory.buffer, st, 20);
  const lanes = [0, 1, 2, 3].map((j) => [0, 1, 2, 3].map((k) => w[4 * k + j]));
  return [...lanes, Array.from(w.subarray(16, 20))];
}

describe('four-lane generator', () => {
  forEachBuild((build) => {
    it('rngvSeed + rngvFillRaw: lane 0 is the scalar stream, lanes 1-3 and the retry stream 1-4 jumps on', () => {
      const c = core();
      for (const [seed, stream] of STREAMS) {
        const st = seeded(seed, stream);
        const lanes = lanesOf(seed, stream);
        expect(statesOf(st)).toEqual(lanes.map((l) => l.s));
        const groups = 37;
        const out = alloc(32 * groups);
        c.rngvFillRaw(st, out, groups);
        const want: bigint[] = [];
        for (let g = 0; g < groups; g++) for (let j = 0; j < 4; j++) want.push(lanes[j].next());
        expect(Array.from(new BigUint64Array(c.memory.buffer, out, 4 * groups)), `${build} (${seed}, ${stream})`).toEqual(want);
        expect(statesOf(st)).toEqual(lanes.map((l) => l.s));
        // The raw lane 0 is what the scalar generator gives.
        const s1 = alloc(32),
          o1 = alloc(8 * groups);
        c.rngSeed(s1, seed, stream);
        c.rngFillRaw(s1, o1, groups);
        expect(Array.from(new BigUint64Array(c.memory.buffer, o1, groups))).toEqual(want.filter((_, k) => k % 4 === 0));
      }
    });

    it('rngvFillNormal: the oracle bit for bit at lengths around the group width; split fills continue', () => {
      const c = core();
      const z = oracle(c.mathExp, c.mathLog);
      for (const [seed, stream] of STREAMS) {
        for (const n of [...SIZES, 1000, 4099]) {
          const st = seeded(seed, stream),
            out = alloc(8 * (n + 5));
          c.rngvFillNormal(st, out, n);
          c.rngvFillNormal(st, out + 8 * n, 5);
          const lanes = lanesOf(seed, stream);
          const want = [...z.fill(lanes, n), ...z.fill(lanes, 5)];
          const got = Array.from(get64(out, n + 5));
          expect(got, `${build} (${seed}, ${stream}) n=${n}`).toEqual(want);
          expect(statesOf(st)).toEqual(lanes.map((l) => l.s));
        }
      }
      // The slow path (wedges and tails, from the retry stream) was exercised.
      expect(z.paths.slow).toBeGreaterThan(50);
    });
  });

  it('draws standard normals: moments, tail frequencies and independent lanes over 1.68 * 10^7 draws', () => {
    const c = core();
    const chunk = 1 << 20,
      n = 16 * chunk;
    const st = seeded(2026, 12);
    const buf = alloc(8 * chunk);
    let m1 = 0,
      m2 = 0,
      m3 = 0,
      m4 = 0;
    const ts = [1, 2, 3, 4.038849846109504, 4.5]; // 4.03...: where the tail of the 1024-layer ziggurat starts
    const tails = ts.map(() => 0);
    // Cross-lane products (lanes j < l, same group), lag-1 products within a lane, across groups.
    const cross = new Float64Array(6),
      crossSq = new Float64Array(6);
    let lag = 0,
      lagSq = 0,
      across = 0;
    let prev = new Float64Array(4);
    let first = true;
    for (let done = 0; done < n; done += chunk) {
      c.rngvFillNormal(st, buf, chunk);
      const x = new Float64Array(c.memory.buffer, buf, chunk);
      for (let k = 0; k < chunk; k += 4) {
        const a = x[k],
          b = x[k + 1],
          cc = x[k + 2],
          d = x[k + 3];
        const g = [a, b, cc, d];
        for (const v of g) {
          const v2 = v * v;
          m1 += v;
          m2 += v2;
          m3 += v2 * v;
          m4 += v2 * v2;
          const av = Math.abs(v);
          for (let t = 0; t < ts.length; t++) if (av > ts[t]) tails[t]++;
        }
        let p = 0;
        for (let j = 0; j < 4; j++) {
          for (let l = j + 1; l < 4; l++, p++) {
            cross[p] += g[j] * g[l];
            crossSq[p] += (g[j] * g[j] - 1) * (g[l] * g[l] - 1);
          }
        }
        if (!first) {
          for (let j = 0; j < 4; j++) {
            lag += g[j] * prev[j];
            lagSq += (g[j] * g[j] - 1) * (prev[j] * prev[j] - 1);
          }
          across += g[0] * prev[3];
        }
        first = false;
        prev = Float64Array.from(g);
      }
    }
    m1 /= n;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    const se = (v: number) => 5 * Math.sqrt(v / n);
    expect(Math.abs(m1)).toBeLessThan(se(1));
    expect(Math.abs(m2 - 1)).toBeLessThan(se(2));
    expect(Math.abs(m3)).toBeLessThan(se(15));
    expect(Math.abs(m4 - 3)).toBeLessThan(se(96));
    for (let t = 0; t < ts.length; t++) {
      const p = erfc(ts[t] / Math.SQRT2);
      expect(Math.abs(tails[t] / n - p), `P(|z| > ${ts[t]})`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-7 * p);
    }
    // Under independence E[z_j z_l] = 0 with variance 1, E[(z_j^2 - 1)(z_l^2 - 1)] = 0 with variance 4.
    const groups = n / 4;
    for (let p = 0; p < 6; p++) {
      expect(Math.abs(cross[p] / groups), `lanes pair ${p}`).toBeLessThan(5 * Math.sqrt(1 / groups));
      expect(Math.abs(crossSq[p] / groups), `lanes pair ${p}, squares`).toBeLessThan(5 * Math.sqrt(4 / groups));
    }
    expect(Math.abs(lag / (4 * (groups - 1)))).toBeLessThan(5 * Math.sqrt(1 / (4 * (groups - 1))));
    expect(Math.abs(lagSq / (4 * (groups - 1)))).toBeLessThan(5 * Math.sqrt(4 / (4 * (groups - 1))));
    expect(Math.abs(across / (groups - 1))).toBeLessThan(5 * Math.sqrt(1 / (groups - 1)));
  }, 120_000);
});
