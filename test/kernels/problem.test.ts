// The pure helpers of assembly/problem.ts (fillSpectrum, traceD, populationLoss, traceK, formK,
// formKRows, formKMirror, crossCov, sampleW and the float32-storage twins) against plain-JS oracles at
// sizes around the unroll widths (rows four at a time, columns in pairs of lanes), in both builds.
// Tolerances (n = number of terms of a sum, eps = 2^-52):
// - powers: Wasm pow and JS Math.pow are each within one ulp, so 2·eps relative; tau = (j^-alpha)^2
//   then 5·eps relative.
// - compensated sums over v terms (traceD, the outer sums of populationLoss and traceK): 2·eps·sum|terms|
//   plus the error of the terms themselves.
// - plain sums (row dots, the entries of K and W^T D b): 2·n·eps·sum|terms| (kernel and oracle each
//   within n·eps·sum|terms|).
// - populationLoss: a residual r_j = W_j.theta - b_j is off by at most e_j = 2(d+1)·eps·(sum_k |W_jk theta_k| + |b_j|),
//   so a term tau_j r_j^2 by tau_j (2|r_j| e_j + e_j^2) + 4·eps·tau_j r_j^2.
// - float32 W: the float64 kernel on the rounded entries, bit for bit (promotion to f64 is exact).
import { describe, expect, it } from 'vitest';
import { core } from '../../src/core/wasm.js';
import {
  COLS,
  EPS,
  ROWS,
  SIZES,
  alloc,
  exactSum,
  expectClose,
  forEachBuild,
  get64,
  out64,
  put32,
  put64,
  round32,
  values,
} from './harness.js';

/** A PLRF-like problem in JS: tau_j = j^(-2 alpha), b_j = j^(-beta), W entries in [-1, 1). */
function problem(v: number, d: number, seed: number) {
  const tau = Float64Array.from({ length: v }, (_, j) => Math.pow(j + 1, -1.3));
  const b = Float64Array.from({ length: v }, (_, j) => Math.pow(j + 1, -0.45));
  const W = values(v * d, seed);
  const theta = values(d, seed + 1);
  return { tau, b, W, theta };
}

/** Oracle K = W^T D W (row-major d x d) and sum_j tau_j |W_jp W_jq| per entry. */
function formKOracle(W: ArrayLike<number>, v: number, d: number, tau: ArrayLike<number>, j0 = 0, j1 = v) {
  const K = new Float64Array(d * d),
    abs = new Float64Array(d * d);
  for (let j = j0; j < j1; j++) {
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) {
        const t = tau[j] * W[j * d + p] * W[j * d + q];
        K[p * d + q] += t;
        abs[p * d + q] += Math.abs(t);
      }
    }
  }
  return { K, abs };
}

describe('problem helpers', () => {
  forEachBuild((build) => {
    it('fillSpectrum: tau_j = (j^-alpha)^2, b_j = j^-beta, sqrtTau_j = j^-alpha (j from 1), nothing past v', () => {
      const c = core();
      for (const v of SIZES) {
        for (const [alpha, beta] of [
          [1, 0.75],
          [0.35, -0.2],
          [2, 1.5],
        ]) {
          const tau = out64(v + 1, 7),
            b = out64(v + 1, 7),
            st = out64(v + 1, 7);
          c.fillSpectrum(v, alpha, beta, tau, b, st);
          const T = get64(tau, v + 1),
            B = get64(b, v + 1),
            S = get64(st, v + 1);
          for (let j = 0; j < v; j++) {
            const sa = Math.pow(j + 1, -alpha),
              sb = Math.pow(j + 1, -beta);
            expectClose(S[j], sa, 2 * EPS * sa, `${build} sqrtTau v=${v} j=${j}`);
            expectClose(B[j], sb, 2 * EPS * sb, `${build} b v=${v} j=${j}`);
            expectClose(T[j], sa * sa, 5 * EPS * sa * sa, `${build} tau v=${v} j=${j}`);
            expect(T[j]).toBe(S[j] * S[j]);
          }
          expect([T[0], B[0], S[0]]).toEqual([1, 1, 1]);
          expect([T[v], B[v], S[v]]).toEqual([7, 7, 7]);
        }
      }
    });

    it('traceD: sum_(j<=v) j^(-2 alpha) within 4·eps·sum (terms to 2 eps, compensated sum to 2 eps)', () => {
      const c = core();
      for (const v of [...SIZES, 1000, 40000]) {
        for (const alpha of [0.2, 0.5, 1, 2.5]) {
          const terms = Array.from({ length: v }, (_, j) => Math.pow(j + 1, -2 * alpha));
          const want = exactSum(terms);
          expectClose(c.traceD(v, alpha), want, 4 * EPS * want, `${build} traceD v=${v} alpha=${alpha}`);
        }
      }
    });

    it('populationLoss and populationLoss_f32w: sum_j tau_j (W_j.theta - b_j)^2 within the propagated bound', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS) {
          const { tau, b, W, theta } = problem(v, d, 100 * v + d);
          for (const storage of ['f64', 'f32'] as const) {
            const Wv = storage === 'f64' ? W : round32(W);
            const terms: number[] = [];
            let tol = 0;
            for (let j = 0; j < v; j++) {
              let r = -b[j],
                abs = Math.abs(b[j]);
              for (let k = 0; k < d; k++) {
                r += Wv[j * d + k] * theta[k];
                abs += Math.abs(Wv[j * d + k] * theta[k]);
              }
              const e = 2 * (d + 1) * EPS * abs;
              terms.push(tau[j] * r * r);
              tol += tau[j] * (2 * Math.abs(r) * e + e * e) + 4 * EPS * tau[j] * r * r;
            }
            const args = [v, d, put64(tau), put64(b), put64(theta), out64(v)] as const;
            const got = storage === 'f64' ? c.populationLoss(put64(W), ...args) : c.populationLoss_f32w(put32(W), ...args);
            expectClose(got, exactSum(terms), tol, `${build} populationLoss ${storage} v=${v} d=${d}`);
            if (storage === 'f32') expect(got).toBe(c.populationLoss(put64(Wv), ...args));
          }
        }
      }
    });

    it('traceK and traceK_f32w: sum_j tau_j |W_j|^2 within (2·d + 4)·eps·sum (positive terms)', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS) {
          const { tau, W } = problem(v, d, 200 * v + d);
          for (const storage of ['f64', 'f32'] as const) {
            const Wv = storage === 'f64' ? W : round32(W);
            const terms = Array.from(tau, (t, j) => {
              let s = 0;
              for (let k = 0; k < d; k++) s += Wv[j * d + k] ** 2;
              return t * s;
            });
            const want = exactSum(terms);
            const got =
              storage === 'f64' ? c.traceK(put64(W), v, d, put64(tau), out64(v)) : c.traceK_f32w(put32(W), v, d, put64(tau), out64(v));
            expectClose(got, want, (2 * d + 4) * EPS * want, `${build} traceK ${storage} v=${v} d=${d}`);
            if (storage === 'f32') expect(got).toBe(c.traceK(put64(Wv), v, d, put64(tau), out64(v)));
          }
        }
      }
    });

    it('formK: W^T D W entrywise within 2·v·eps·sum_j tau_j |W_jp W_jq|, exactly symmetric', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS.filter((n) => n <= 33)) {
          const { tau, W } = problem(v, d, 300 * v + d);
          const pK = out64(d * d);
          c.formK(put64(W), v, d, put64(tau), pK);
          const K = get64(pK, d * d);
          const { K: want, abs } = formKOracle(W, v, d, tau);
          for (let p = 0; p < d; p++) {
            for (let q = 0; q < d; q++) {
              expectClose(K[p * d + q], want[p * d + q], 2 * v * EPS * abs[p * d + q], `${build} formK v=${v} d=${d} (${p}, ${q})`);
              if (K[p * d + q] !== K[q * d + p]) expect.fail(`${build} formK not symmetric v=${v} d=${d} (${p}, ${q})`);
            }
          }
        }
      }
    });

    it('formKRows (+ formKMirror) in pieces: equal to formK when pieces start at multiples of 4, within tolerance otherwise; formKRows_f32w = formKRows on rounded W', () => {
      const c = core();
      for (const v of [5, 9, 16, 17, 33]) {
        for (const d of [1, 3, 4, 7, 16, 17]) {
          const { tau, W } = problem(v, d, 400 * v + d);
          const pW = put64(W),
            pTau = put64(tau);
          const full = out64(d * d);
          c.formK(pW, v, d, pTau, full);
          const Kfull = get64(full, d * d);
          const { K: want, abs } = formKOracle(W, v, d, tau);
          for (const step of [4, 8, 3, 5]) {
            const pK = out64(d * d, 0);
            for (let j0 = 0; j0 < v; j0 += step) c.formKRows(pW, j0, Math.min(v, j0 + step), d, pTau, pK);
            c.formKMirror(d, pK);
            const K = get64(pK, d * d);
            if (step % 4 === 0) expect(K, `${build} formKRows step ${step} v=${v} d=${d}`).toEqual(Kfull);
            for (let e = 0; e < d * d; e++)
              expectClose(K[e], want[e], 2 * v * EPS * abs[e], `${build} formKRows step ${step} v=${v} d=${d} e=${e}`);
          }
          // float32 storage, rows [1, v - 1) only (a piece that starts off the blocks of four).
          const W32 = round32(W);
          const k32 = out64(d * d, 0),
            k64 = out64(d * d, 0);
          c.formKRows_f32w(put32(W), 1, v - 1, d, pTau, k32);
          c.formKRows(put64(W32), 1, v - 1, d, pTau, k64);
          expect(get64(k32, d * d)).toEqual(get64(k64, d * d));
          const { K: want32, abs: abs32 } = formKOracle(W32, v, d, tau, 1, v - 1);
          const got32 = get64(k32, d * d);
          for (let p = 0; p < d; p++) {
            for (let q = p; q < d; q++) {
              const e = p * d + q;
              expectClose(got32[e], want32[e], 2 * v * EPS * abs32[e], `${build} formKRows_f32w v=${v} d=${d} (${p}, ${q})`);
            }
          }
        }
      }
    });

    it('formKMirror: copies the upper triangle onto the lower one and touches nothing else', () => {
      const c = core();
      for (const d of [1, 2, 3, 4, 5, 8, 9, 17]) {
        const A = values(d * d, d);
        const pA = put64(A);
        c.formKMirror(d, pA);
        const want = Float64Array.from(A, (x, e) => {
          const p = Math.floor(e / d),
            q = e % d;
          return q < p ? A[q * d + p] : x;
        });
        expect(get64(pA, d * d)).toEqual(want);
      }
    });

    it('crossCov and crossCov_f32w: W^T D b within 2·v·eps·sum_j |W_jk tau_j b_j|', () => {
      const c = core();
      for (const v of ROWS) {
        for (const d of COLS) {
          const { tau, b, W } = problem(v, d, 500 * v + d);
          for (const storage of ['f64', 'f32'] as const) {
            const Wv = storage === 'f64' ? W : round32(W);
            const ph = out64(d);
            if (storage === 'f64') c.crossCov(put64(W), v, d, put64(tau), put64(b), ph, out64(v));
            else c.crossCov_f32w(put32(W), v, d, put64(tau), put64(b), ph, out64(v));
            const h = get64(ph, d);
            for (let k = 0; k < d; k++) {
              let want = 0,
                abs = 0;
              for (let j = 0; j < v; j++) {
                const t = Wv[j * d + k] * (tau[j] * b[j]);
                want += t;
                abs += Math.abs(t);
              }
              expectClose(h[k], want, 2 * v * EPS * abs + EPS * Math.abs(want), `${build} crossCov ${storage} v=${v} d=${d} k=${k}`);
            }
          }
        }
      }
    });

    it('sampleW and sampleW_f32w: the stream normals row by row times 1/sqrt(d), bit for bit (f32: rounded)', () => {
      const c = core();
      for (const v of [1, 3, 4, 5]) {
        for (const d of [1, 2, 3, 16, 17, 33]) {
          const s1 = alloc(32),
            s2 = alloc(32),
            s3 = alloc(32);
          for (const s of [s1, s2, s3]) c.rngSeed(s, 42, v * 100 + d);
          const pW = out64(v * d);
          c.sampleW(s1, pW, v, d);
          const z = out64(v * d);
          c.rngFillNormal(s2, z, v * d);
          const scale = 1 / Math.sqrt(d);
          const want = Float64Array.from(get64(z, v * d), (x) => x * scale);
          expect(get64(pW, v * d), `${build} sampleW v=${v} d=${d}`).toEqual(want);
          const p32 = alloc(4 * v * d);
          c.sampleW_f32w(s3, p32, v, d, out64(d));
          expect(Array.from(new Float32Array(c.memory.buffer, p32, v * d)), `${build} sampleW_f32w v=${v} d=${d}`).toEqual(
            Array.from(round32(want)),
          );
          // Every generator ends in the same state.
          expect(get64(s3, 4)).toEqual(get64(s1, 4));
          expect(get64(s2, 4)).toEqual(get64(s1, 4));
        }
      }
    });
  });
});
