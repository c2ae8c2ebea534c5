// The normals the SGD engines draw (assembly/sgd.ts): every kernel (spectral and direct, SGD and
// momentum, f64 and f32 W) takes the B (d + 1) or B v normals of a step from one fill of the four-lane
// generator (rngvFillNormal) of its stream, steps split over calls continue the stream, and the draws
// are the same bits in the SIMD and the scalar build (the losses themselves may differ in the last
// bits: the builds' dot products sum in different orders).
import { describe, expect, it } from 'vitest';
import { RNGV_STATE_BYTES } from '../../src/core/abi.js';
import { core } from '../../src/core/wasm.js';
import { alloc, forEachBuild, get64, put64 } from '../kernels/harness.js';

const SEED = 11,
  STREAM = 5;
// gamma1, gamma2, gamma3, Delta as (value, scale, power): heavy ball with a decaying gain.
const TABLE = [0.01, 10, 0.5, 0.05, 1, 0, 0.02, 1, 0, 0.1, 1, 0];

function seeded(): number {
  const st = alloc(RNGV_STATE_BYTES);
  core().rngvSeed(st, SEED, STREAM);
  return st;
}

const stateBytes = (st: number) => Array.from(new Uint8Array(core().memory.buffer, st, RNGV_STATE_BYTES));
const hex = (xs: ArrayLike<number>) => Array.from(xs, (x) => Buffer.from(new Float64Array([x]).buffer).toString('hex'));

/** The last of `steps` fills of n normals of the stream, and the state after them. */
function reference(n: number, steps: number): { last: number[]; state: number[] } {
  const st = seeded(),
    buf = alloc(8 * n);
  for (let s = 0; s < steps; s++) core().rngvFillNormal(st, buf, n);
  return { last: Array.from(get64(buf, n)), state: stateBytes(st) };
}

const drawn: Record<string, Record<string, string[]>> = {};

describe('SGD engines draw from the four-lane generator', () => {
  forEachBuild((build) => {
    const mine = (drawn[build] = {} as Record<string, string[]>);

    it('spectral (SGD and momentum): one fill of B (d + 1) per step, z then the label noise; split calls continue', () => {
      const c = core();
      for (const [d, B] of [
        [6, 3],
        [7, 1],
        [8, 2],
      ]) {
        const n = B * (d + 1),
          steps = 5;
        const want = reference(n, steps);
        const lambda = put64(Array.from({ length: d }, (_, i) => 0.3 / (i + 1)));
        const table = put64(TABLE);
        for (const kind of ['sgd', 'momentum'] as const) {
          const st = seeded(),
            w = put64(Array.from({ length: d }, (_, i) => 0.1 * Math.cos(i))),
            y = put64(new Array(d).fill(0)),
            z = alloc(8 * n),
            res = alloc(8 * B);
          const run = (t0: number, k: number) =>
            kind === 'sgd'
              ? c.sgdSpectral(st, d, B, 0.05, lambda, 0.5, w, z, res, k, 0)
              : c.momentumSpectral(st, d, B, table, t0, lambda, 0.5, w, y, z, res, k, 0);
          expect(run(0, 2)).toBe(2);
          expect(run(2, steps - 2)).toBe(steps - 2);
          const got = Array.from(get64(z, n));
          expect(got, `${build} ${kind} d=${d} B=${B}`).toEqual(want.last);
          expect(stateBytes(st)).toEqual(want.state);
          mine[`spectral ${kind} ${d} ${B}`] = hex(got);
        }
      }
    });

    it('direct (SGD and momentum, f64 and f32 W): one fill of B v per step, sample-major; split calls continue', () => {
      const c = core();
      for (const [v, d, B] of [
        [9, 4, 2],
        [12, 5, 1],
        [7, 3, 3],
      ]) {
        const n = B * v,
          steps = 4;
        const want = reference(n, steps);
        const Wv = Array.from({ length: v * d }, (_, k) => Math.sin(k + 1) / Math.sqrt(d));
        const W64 = put64(Wv),
          W32 = alloc(4 * v * d);
        new Float32Array(c.memory.buffer, W32, v * d).set(Wv);
        // sqrt(tau) = 1: x is the normals themselves.
        const ones = put64(new Array(v).fill(1)),
          tau = put64(new Array(v).fill(1)),
          b = put64(Array.from({ length: v }, (_, j) => (j + 1) ** -0.75)),
          table = put64(TABLE);
        for (const kind of ['sgd', 'momentum'] as const) {
          for (const f32 of [false, true]) {
            const st = seeded(),
              theta = put64(new Array(d).fill(0)),
              y = put64(new Array(d).fill(0)),
              x = alloc(8 * n),
              a = alloc(8 * B * d),
              res = alloc(8 * B);
            const W = f32 ? W32 : W64;
            const run = (t0: number, k: number) =>
              kind === 'sgd'
                ? c[f32 ? 'sgdDirect_f32w' : 'sgdDirect'](st, W, v, d, B, 0.01, ones, b, theta, x, a, res, k, tau, 0)
                : c[f32 ? 'momentumDirect_f32w' : 'momentumDirect'](st, W, v, d, B, table, t0, ones, b, theta, y, x, a, res, k, tau, 0);
            expect(run(0, 1)).toBe(1);
            expect(run(1, steps - 1)).toBe(steps - 1);
            const got = Array.from(get64(x, n));
            expect(got, `${build} ${kind} f32=${f32} v=${v} B=${B}`).toEqual(want.last);
            expect(stateBytes(st)).toEqual(want.state);
            mine[`direct ${kind} ${f32} ${v} ${B}`] = hex(got);
          }
        }
      }
    });
  });

  it('the draws are the same bits in the SIMD and the scalar build', () => {
    expect(Object.keys(drawn.simd ?? {}).length).toBe(6 + 12);
    expect(drawn.scalar).toEqual(drawn.simd);
  });
});
