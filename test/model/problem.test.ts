// src/model/problem.ts and assembly/problem.ts, assembly/blas.ts: against plain-TS oracles.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, memoryStats, PlrfError, PlrfProblem, RandomStream, symmetricEigen } from '../../src/index.js';
import { EPS, rawArray, rawCore } from '../helpers.js';

beforeAll(() => init());

function oracleGemvT(W: Float64Array, v: number, d: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(d);
  for (let j = 0; j < v; j++) for (let k = 0; k < d; k++) y[k] += x[j] * W[j * d + k];
  return y;
}

describe('PlrfProblem', () => {
  it('builds tau, b and W ~ N(0, 1/d) as in docs/model.md §2', () => {
    using p = PlrfProblem.sample({ alpha: 0.8, beta: 0.3, d: 50, v: 300, seed: 4 });
    const tau = p.covariance(),
      b = p.target(),
      W = p.weights();
    for (const j of [1, 2, 17, 300]) {
      expect(tau[j - 1]).toBeCloseTo(j ** -1.6, 15);
      expect(b[j - 1]).toBeCloseTo(j ** -0.3, 15);
    }
    let m = 0,
      q = 0;
    for (const w of W) {
      m += w;
      q += w * w;
    }
    const n = W.length;
    // Entries N(0, 1/d): mean within 5·sqrt(1/(d n)), second moment within 5·sqrt(2/(d^2 n)).
    expect(Math.abs(m / n)).toBeLessThan(5 * Math.sqrt(1 / 50 / n));
    expect(Math.abs(q / n - 1 / 50)).toBeLessThan(5 * Math.sqrt(2 / 2500 / n));
  });

  it('computes P(0) = sum_j j^(-2 alpha - 2 beta) and P(theta) like the oracle ||D^(1/2)(W theta - b)||^2', () => {
    using p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 37, v: 151, seed: 2 });
    let p0 = 0;
    for (let j = 1; j <= 151; j++) p0 += j ** -3.5;
    expect(Math.abs(p.p0 - p0)).toBeLessThanOrEqual(151 * EPS * p0);
    expect(Math.abs(p.populationLoss(new Float64Array(37)) - p0)).toBeLessThanOrEqual(151 * EPS * p0);
    using s = new RandomStream(3);
    const theta = s.normals(37);
    const W = p.weights(),
      tau = p.covariance(),
      b = p.target();
    let loss = 0,
      scale = 0;
    for (let j = 0; j < 151; j++) {
      let r = -b[j];
      for (let k = 0; k < 37; k++) r += W[j * 37 + k] * theta[k];
      loss += tau[j] * r * r;
      scale += tau[j] * (Math.abs(b[j]) + 37 * Math.abs(r)) ** 2;
    }
    // Row dots carry d·eps relative error of the absolute sums; the v-term sum is compensated.
    expect(Math.abs(p.populationLoss(theta) - loss)).toBeLessThanOrEqual(4 * 37 * EPS * scale);
  });

  it('computes W^T x like the oracle, with row and column tails, in the SIMD and the scalar build', async () => {
    for (const build of ['simd', 'scalar'] as const) {
      const ex = await rawCore(build);
      for (const [v, d] of [
        [1, 1],
        [3, 2],
        [5, 7],
        [8, 8],
        [13, 101],
        [256, 256],
        [67, 33],
      ]) {
        const W = rawArray(ex, v * d),
          x = rawArray(ex, v),
          y = rawArray(ex, d);
        const state = rawArray(ex, 4);
        ex.rngSeed(state.ptr, v, d);
        ex.rngFillNormal(state.ptr, W.ptr, v * d);
        ex.rngFillNormal(state.ptr, x.ptr, v);
        ex.gemvT(W.ptr, v, d, x.ptr, y.ptr);
        const want = oracleGemvT(W.view(), v, d, x.view());
        const got = y.view();
        for (let k = 0; k < d; k++) {
          let abs = 0;
          for (let j = 0; j < v; j++) abs += Math.abs(x.view()[j] * W.view()[j * d + k]);
          expect(Math.abs(got[k] - want[k])).toBeLessThanOrEqual(v * EPS * abs);
        }
        // dot against the oracle too
        const dx = ex.dot(x.ptr, x.ptr, v);
        let dd = 0;
        for (const t of x.view()) dd += t * t;
        expect(Math.abs(dx - dd)).toBeLessThanOrEqual(v * EPS * dd);
      }
    }
  });

  it('gemmT (one pass over W for a batch) gives each row exactly the bits of gemvT, in both builds', async () => {
    for (const build of ['simd', 'scalar'] as const) {
      const ex = await rawCore(build);
      for (const [v, d, B] of [
        [7, 5, 3],
        [64, 33, 4],
        [13, 101, 2],
      ]) {
        const W = rawArray(ex, v * d),
          X = rawArray(ex, B * v),
          Y = rawArray(ex, B * d),
          y = rawArray(ex, d);
        const state = rawArray(ex, 4);
        ex.rngSeed(state.ptr, v + B, d);
        ex.rngFillNormal(state.ptr, W.ptr, v * d);
        ex.rngFillNormal(state.ptr, X.ptr, B * v);
        ex.gemmT(W.ptr, v, d, X.ptr, Y.ptr, B);
        for (let b = 0; b < B; b++) {
          ex.gemvT(W.ptr, v, d, X.ptr + 8 * b * v, y.ptr);
          expect(Array.from(Y.view().subarray(b * d, (b + 1) * d))).toEqual(Array.from(y.view()));
        }
      }
    }
  });

  it('featuresOf is W^T x for the problem W', () => {
    using p = PlrfProblem.sample({ alpha: 1, beta: 1, d: 9, v: 40, seed: 1 });
    using s = new RandomStream(1, 9);
    const x = s.normals(40);
    const want = oracleGemvT(p.weights(), 40, 9, x);
    const got = p.featuresOf(x);
    for (let k = 0; k < 9; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-13 * (1 + Math.abs(want[k])));
  });

  it('spectrum(): eigenvalues of K = W^T D W, P* = P(theta*) and P* + sum rho = P(0)', () => {
    const d = 100;
    using p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d, seed: 8 });
    const sp = p.spectrum();
    const W = p.weights(),
      tau = p.covariance(),
      b = p.target(),
      v = p.v;
    const K = new Float64Array(d * d),
      h = new Float64Array(d);
    for (let j = 0; j < v; j++) {
      for (let a = 0; a < d; a++) {
        const t = tau[j] * W[j * d + a];
        h[a] += t * b[j];
        for (let c = 0; c < d; c++) K[a * d + c] += t * W[j * d + c];
      }
    }
    const oracle = symmetricEigen(K, d, { vectors: true });
    for (let i = 0; i < d; i++) expect(Math.abs(sp.lambda[i] - oracle.values[i])).toBeLessThanOrEqual(4 * d * EPS * oracle.values[0]);
    // theta* = U diag(1/lambda) U^T h, then P* = P(theta*) exactly.
    const U = oracle.vectors!;
    const theta = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let g = 0;
      for (let a = 0; a < d; a++) g += U[i * d + a] * h[a];
      for (let a = 0; a < d; a++) theta[a] += (U[i * d + a] * g) / oracle.values[i];
    }
    const cond = oracle.values[0] / oracle.values[d - 1];
    const tol = cond * d * EPS * sp.p0; // a solve with condition number cond
    expect(Math.abs(sp.pStar - p.populationLoss(theta))).toBeLessThanOrEqual(tol);
    expect(sp.pStar).toBeGreaterThan(0);
    expect(Math.abs(sp.pStar + sp.rho.reduce((s, x) => s + x, 0) - sp.p0)).toBeLessThanOrEqual(d * EPS * sp.p0);
    expect(Math.abs(sp.traceK - p.traceK())).toBeLessThanOrEqual(d * EPS * sp.traceK);
  });

  it('f32 storage is the f64 problem with W rounded entrywise: loss, tr K, W^T x and spectrum bit for bit', () => {
    const opts = { alpha: 0.9, beta: 0.6, d: 37, v: 151, seed: 3 };
    using p32 = PlrfProblem.sample({ ...opts, storage: 'f32' });
    using p64 = PlrfProblem.sample(opts);
    const W64 = p64.weights(),
      W32 = p32.weights();
    const view = p64.W.view();
    for (let i = 0; i < view.length; i++) view[i] = Math.fround(view[i]);
    let changed = 0;
    for (let i = 0; i < W64.length; i++) {
      expect(W32[i]).toBe(Math.fround(W64[i]));
      // Rounding to nearest: relative change <= 2^-24.
      expect(Math.abs(W32[i] - W64[i])).toBeLessThanOrEqual(2 ** -24 * Math.abs(W64[i]));
      if (W32[i] !== W64[i]) changed++;
    }
    expect(changed).toBeGreaterThan(0.99 * W64.length);
    using s = new RandomStream(5);
    const theta = s.normals(37),
      x = s.normals(151);
    expect(p32.populationLoss(theta)).toBe(p64.populationLoss(theta));
    expect(p32.traceK()).toBe(p64.traceK());
    expect(Array.from(p32.featuresOf(x))).toEqual(Array.from(p64.featuresOf(x)));
    const a = p32.spectrum(),
      b = p64.spectrum();
    expect(Array.from(a.lambda)).toEqual(Array.from(b.lambda));
    expect(Array.from(a.projections)).toEqual(Array.from(b.projections));
    expect(a.pStar).toBe(b.pStar);
  });

  it('f32 kernels (gemmT_f32w, sgdDirect_f32w) equal the f64 kernels on rounded W bit for bit, in both builds', async () => {
    for (const build of ['simd', 'scalar'] as const) {
      const ex = await rawCore(build);
      const v = 13,
        d = 11,
        B = 3;
      const W = rawArray(ex, v * d),
        W32 = ex.alloc(4 * v * d) >>> 0,
        X = rawArray(ex, B * v);
      const Y = rawArray(ex, B * d),
        Y32 = rawArray(ex, B * d),
        st = rawArray(ex, 4);
      ex.rngSeed(st.ptr, 9, 0);
      ex.rngFillNormal(st.ptr, W.ptr, v * d);
      ex.rngFillNormal(st.ptr, X.ptr, B * v);
      const f32 = new Float32Array(ex.memory.buffer, W32, v * d),
        w = W.view();
      for (let i = 0; i < v * d; i++) {
        f32[i] = w[i];
        w[i] = Math.fround(w[i]);
      }
      ex.gemmT(W.ptr, v, d, X.ptr, Y.ptr, B);
      ex.gemmT_f32w(W32, v, d, X.ptr, Y32.ptr, B);
      expect(Array.from(Y32.view())).toEqual(Array.from(Y.view()));
      // Direct SGD, 50 steps with batch 2, from the same data stream on both.
      const tau = rawArray(ex, v),
        bb = rawArray(ex, v),
        sq = rawArray(ex, v);
      ex.fillSpectrum(v, 1, 0.75, tau.ptr, bb.ptr, sq.ptr);
      const run = (fn: string, Wp: number) => {
        const s2 = rawArray(ex, 20), // a four-lane generator state (160 bytes)
          th = rawArray(ex, d),
          xs = rawArray(ex, 2 * v),
          as = rawArray(ex, 2 * d),
          res = rawArray(ex, 2);
        ex.rngvSeed(s2.ptr, 4, 1);
        th.view().fill(0);
        ex[fn](s2.ptr, Wp, v, d, 2, 0.05, sq.ptr, bb.ptr, th.ptr, xs.ptr, as.ptr, res.ptr, 50, tau.ptr, 0);
        return [
          Array.from(th.view()),
          ex[fn === 'sgdDirect' ? 'populationLoss' : 'populationLoss_f32w'](Wp, v, d, tau.ptr, bb.ptr, th.ptr, xs.ptr),
        ];
      };
      expect(run('sgdDirect_f32w', W32)).toEqual(run('sgdDirect', W.ptr));
    }
  });

  it('f32 storage moves each eigenvalue of K by at most the Weyl bound 2^-23 sqrt(tr K lambda_1)', () => {
    const opts = { alpha: 1, beta: 0.75, d: 100, seed: 8 };
    using p32 = PlrfProblem.sample({ ...opts, storage: 'f32' });
    using p64 = PlrfProblem.sample(opts);
    const a = p32.spectrum(),
      b = p64.spectrum();
    // K32 - K = E^T D W + W^T D E + E^T D E with |E_ij| <= 2^-24 |W_ij|, so
    // ||K32 - K||_2 <= 2 ||D^(1/2) E||_F ||D^(1/2) W||_2 + ||D^(1/2) E||_F^2 <= 2^-23 sqrt(tr K lambda_1) (1 + 2^-24);
    // plus the eigensolver's error, <= 4 d eps lambda_1 on each side.
    const bound = 2 ** -23 * Math.sqrt(b.traceK * b.lambda[0]) * (1 + 2 ** -24) + 8 * opts.d * EPS * b.lambda[0];
    let worst = 0;
    for (let i = 0; i < opts.d; i++) worst = Math.max(worst, Math.abs(a.lambda[i] - b.lambda[i]));
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(0);
  });

  it('rejects invalid options with PlrfError naming the parameter', () => {
    const bad: [object, string][] = [
      [{ alpha: 0, beta: 1, d: 10 }, 'alpha'],
      [{ alpha: NaN, beta: 1, d: 10 }, 'alpha'],
      [{ alpha: 1, beta: Infinity, d: 10 }, 'beta'],
      [{ alpha: 0.2, beta: 0.3, d: 10 }, 'beta'],
      [{ alpha: 1, beta: 1, d: 0 }, 'd'],
      [{ alpha: 1, beta: 1, d: 2.5 }, 'd'],
      [{ alpha: 1, beta: 1, d: 10, v: 9 }, 'v'],
      [{ alpha: 1, beta: 1, d: 10, seed: -1 }, 'seed'],
      [{ alpha: 1, beta: 1, d: 100000 }, 'd'],
      [{ alpha: 1, beta: 1, d: 10, alfa: 1 }, 'alfa'],
      [{ alpha: 1, beta: 1, d: 10, storage: 'f16' }, 'storage'],
      [{ alpha: 1, beta: 1, d: 140000, storage: 'f32' }, 'd'],
    ];
    for (const [opts, param] of bad) {
      let err: unknown;
      try {
        PlrfProblem.sample(opts as never).dispose();
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(opts)).toBeInstanceOf(PlrfError);
      expect((err as PlrfError).param).toBe(param);
    }
  });

  it('refuses use after dispose', () => {
    const p = PlrfProblem.sample({ alpha: 1, beta: 1, d: 4 });
    p.dispose();
    p.dispose();
    expect(() => p.populationLoss(new Float64Array(4))).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
  });
});

describe('dispose during an asynchronous spectrum', () => {
  it('is deferred until the spectrum job ends, which then reports DISPOSED and frees everything', async () => {
    await init();
    const before = memoryStats();
    const p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 400, seed: 3 });
    let progressCalls = 0;
    const pending = p.spectrumAsync({
      onProgress: () => {
        progressCalls++;
        if (progressCalls === 2) p.dispose(); // while the spectrum job still reads W
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(memoryStats().liveBytes).toBe(before.liveBytes);
    expect(() => p.traceK()).toThrow(/disposed/);
  });
});
