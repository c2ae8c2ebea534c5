// assembly/blas.ts, every exported kernel (dot, axpy, gemvT, gemmT, gemvT_f32w, gemmT_f32w, sumCompensated)
// against plain-JS oracles, at lengths around the unroll widths, in the SIMD and the scalar build.
// (axpyMul, mulInPlace and scal are internal to the module and not exported by the core.)
//
// Tolerances: a sum of n products computed in any association order has an error of at most
// n·eps·sum|x_k y_k| (to first order), so the kernel and the oracle differ by at most 2·n·eps·sum|terms|;
// the tests use c = 2 with n the number of terms. Elementwise kernels (one multiply and one add per
// entry, no fused multiply-add in strict Wasm) must match the oracle bit for bit.
import { describe, expect, it } from 'vitest';
import { core } from '../../src/core/wasm.js';
import {
  COLS,
  EPS,
  ROWS,
  SIZES,
  exactSum,
  expectClose,
  forEachBuild,
  get64,
  integers,
  out64,
  put32,
  put64,
  round32,
  values,
} from './harness.js';

/** Oracle: y = W^T x for row-major v x d W, summed over rows in order; also sum_j |x_j W_jk| per k. */
function gemvOracle(W: ArrayLike<number>, v: number, d: number, x: ArrayLike<number>): { y: Float64Array; abs: Float64Array } {
  const y = new Float64Array(d),
    abs = new Float64Array(d);
  for (let j = 0; j < v; j++) {
    for (let k = 0; k < d; k++) {
      y[k] += x[j] * W[j * d + k];
      abs[k] += Math.abs(x[j] * W[j * d + k]);
    }
  }
  return { y, abs };
}

describe('blas kernels', () => {
  forEachBuild((build) => {
    it('dot: sum_k x_k y_k within 2·n·eps·sum|x_k y_k|; exact on small integers', () => {
      const c = core();
      for (const n of SIZES) {
        const x = values(n, 1),
          y = values(n, 2);
        let want = 0,
          abs = 0;
        for (let k = 0; k < n; k++) {
          want += x[k] * y[k];
          abs += Math.abs(x[k] * y[k]);
        }
        expectClose(c.dot(put64(x), put64(y), n), want, 2 * n * EPS * abs, `${build} dot n=${n}`);
        const xi = integers(n, 3),
          yi = integers(n, 4);
        let exact = 0;
        for (let k = 0; k < n; k++) exact += xi[k] * yi[k];
        expect(c.dot(put64(xi), put64(yi), n), `${build} integer dot n=${n}`).toBe(exact);
      }
      expect(c.dot(put64([1]), put64([1]), 0)).toBe(0);
    });

    it('axpy: y_k + a x_k bit for bit, nothing written past n', () => {
      const c = core();
      for (const n of SIZES) {
        const x = values(n, 5),
          y = values(n + 1, 6),
          a = -0.7318;
        const py = put64(y);
        c.axpy(a, put64(x), py, n);
        const want = Float64Array.from(y, (yk, k) => (k < n ? yk + a * x[k] : yk));
        expect(get64(py, n + 1), `${build} axpy n=${n}`).toEqual(want);
      }
    });

    it('gemvT and gemmT: W^T x within 2·v·eps·sum_j |x_j W_jk| per entry; gemmT rows equal gemvT bit for bit', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS) {
          const W = values(v * d, v * 1000 + d),
            pW = put64(W);
          const B = 3;
          const X = values(B * v, 7 + d),
            pX = put64(X);
          const pY = out64(B * d);
          c.gemmT(pW, v, d, pX, pY, B);
          const Y = get64(pY, B * d);
          for (let b = 0; b < B; b++) {
            const x = X.subarray(b * v, (b + 1) * v);
            const { y, abs } = gemvOracle(W, v, d, x);
            for (let k = 0; k < d; k++) expectClose(Y[b * d + k], y[k], 2 * v * EPS * abs[k], `${build} gemmT v=${v} d=${d} b=${b} k=${k}`);
            const py = out64(d);
            c.gemvT(pW, v, d, put64(x), py);
            expect(get64(py, d), `${build} gemvT = gemmT row, v=${v} d=${d}`).toEqual(Y.subarray(b * d, (b + 1) * d));
          }
        }
      }
    });

    it('gemvT_f32w and gemmT_f32w (float32 W): the float64 kernels on the rounded W, bit for bit', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS) {
          const W = values(v * d, 31 * v + d),
            W32 = round32(W);
          const B = 2,
            X = values(B * v, 11 + v);
          const p32 = put32(W),
            p64 = put64(W32),
            pX = put64(X);
          const y32 = out64(B * d),
            y64 = out64(B * d);
          c.gemmT_f32w(p32, v, d, pX, y32, B);
          c.gemmT(p64, v, d, pX, y64, B);
          expect(get64(y32, B * d), `${build} gemmT_f32w v=${v} d=${d}`).toEqual(get64(y64, B * d));
          const g32 = out64(d),
            g64 = out64(d);
          c.gemvT_f32w(p32, v, d, pX, g32);
          c.gemvT(p64, v, d, pX, g64);
          expect(get64(g32, d), `${build} gemvT_f32w v=${v} d=${d}`).toEqual(get64(g64, d));
          const { y, abs } = gemvOracle(W32, v, d, X.subarray(0, v));
          const got = get64(g32, d);
          for (let k = 0; k < d; k++) expectClose(got[k], y[k], 2 * v * EPS * abs[k], `${build} gemvT_f32w oracle v=${v} d=${d} k=${k}`);
        }
      }
    });

    it('sumCompensated: within 2·eps·sum|x_k| of the exact sum, whatever n; recovers what plain summation loses', () => {
      const c = core();
      for (const n of [...SIZES, 1000, 4097]) {
        const x = values(n, 13).map((t, k) => t * 10 ** ((k % 7) - 3));
        const abs = x.reduce((s, t) => s + Math.abs(t), 0);
        expectClose(c.sumCompensated(put64(x), n), exactSum(x), 2 * EPS * abs, `${build} sumCompensated n=${n}`);
      }
      // Cancellation that a plain left-to-right sum gets wrong (it returns 0 here).
      const hard = [1, 1e100, 1, -1e100];
      expect(hard.reduce((s, t) => s + t, 0)).toBe(0);
      expect(c.sumCompensated(put64(hard), 4)).toBe(2);
      expect(c.sumCompensated(put64([1]), 0)).toBe(0);
    });
  });
});
