// assembly/eigen.ts through symmetricEigen: residuals and orthogonality with n·eps·||A|| tolerances.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, PlrfProblem, RandomStream, symmetricEigen } from '../../src/index.js';
import { EPS } from '../helpers.js';

beforeAll(() => init());

function randomSymmetric(n: number, seed: number): Float64Array {
  using s = new RandomStream(seed, 0);
  const g = s.normals(n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (g[i * n + j] + g[j * n + i]) / 2;
  return a;
}

/** K = W^T D W from the problem's own W, D by a plain triple loop (the oracle). */
function plrfK(alpha: number, d: number, seed: number): Float64Array {
  using p = PlrfProblem.sample({ alpha, beta: 1, d, seed });
  const W = p.weights(),
    tau = p.covariance(),
    v = p.v;
  const K = new Float64Array(d * d);
  for (let j = 0; j < v; j++) {
    for (let a = 0; a < d; a++) {
      const t = tau[j] * W[j * d + a];
      for (let b = 0; b < d; b++) K[a * d + b] += t * W[j * d + b];
    }
  }
  return K;
}

function check(A: Float64Array, n: number) {
  const { values, vectors } = symmetricEigen(A, n);
  const U = vectors!;
  const norm = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  let worstResidual = 0,
    worstOrth = 0;
  for (let i = 0; i < n; i++) {
    let r2 = 0;
    for (let a = 0; a < n; a++) {
      let s = -values[i] * U[i * n + a];
      for (let b = 0; b < n; b++) s += A[a * n + b] * U[i * n + b];
      r2 += s * s;
    }
    worstResidual = Math.max(worstResidual, Math.sqrt(r2));
    for (let k = i; k < n; k++) {
      let s = 0;
      for (let a = 0; a < n; a++) s += U[i * n + a] * U[k * n + a];
      worstOrth = Math.max(worstOrth, Math.abs(s - (i === k ? 1 : 0)));
    }
  }
  for (let i = 1; i < n; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  // Backward-stable Householder + QL: residuals and orthogonality of order n·eps (times ||A||).
  expect(worstResidual).toBeLessThanOrEqual(n * EPS * norm);
  expect(worstOrth).toBeLessThanOrEqual(n * EPS);
  return { values, U, worstResidual, worstOrth, norm };
}

describe('symmetricEigen', () => {
  it('matches the exact spectrum of the second-difference matrix', () => {
    const n = 64;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      A[i * n + i] = 2;
      if (i > 0) A[i * n + i - 1] = A[(i - 1) * n + i] = -1;
    }
    const { values } = check(A, n);
    for (let k = 1; k <= n; k++) {
      const exact = 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
      expect(Math.abs(values[n - k] - exact)).toBeLessThanOrEqual(n * EPS * 4);
    }
  });

  it.each([2, 3, 10, 57, 300])('has residuals <= n·eps·||A|| and orthogonal vectors on a random symmetric matrix (n = %i)', (n) => {
    check(randomSymmetric(n, n), n);
  });

  it.each([
    [1, 100],
    [1, 300],
    [2, 300],
    [0.4, 200],
  ])('has residuals <= d·eps·||K|| on power-law K = W^T D W (alpha = %f, d = %i)', (alpha, d) => {
    const K = plrfK(alpha, d, 3);
    const { values } = check(K, d);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += K[i * d + i];
    expect(Math.abs(values.reduce((s, x) => s + x, 0) - trace)).toBeLessThanOrEqual(d * EPS * values[0]);
  });

  it('returns the same projections U^T h with and without eigenvectors', () => {
    const n = 120;
    const A = randomSymmetric(n, 11);
    using s = new RandomStream(12, 0);
    const h = s.normals(n);
    const full = symmetricEigen(A, n, { vectors: true, project: h });
    const lean = symmetricEigen(A, n, { vectors: false, project: h });
    let hn = 0;
    for (const x of h) hn += x * x;
    for (let i = 0; i < n; i++) {
      expect(lean.values[i]).toBe(full.values[i]);
      // Both are U^T h up to the eigenvector sign convention.
      expect(Math.abs(Math.abs(lean.projections![i]) - Math.abs(full.projections![i]))).toBeLessThanOrEqual(n * EPS * Math.sqrt(hn));
    }
  });

  it('handles diagonal, zero and 1 x 1 matrices', () => {
    expect(Array.from(symmetricEigen([5], 1).values)).toEqual([5]);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
    expect(Array.from(symmetricEigen([1, 0, 0, 0, 3, 0, 0, 0, 2], 3).values)).toEqual([3, 2, 1]);
  });

  it('rejects non-finite entries and wrong sizes', () => {
    expect(() => symmetricEigen([1, NaN, NaN, 1], 2)).toThrow(/matrix/);
    expect(() => symmetricEigen([1, 2, 3], 2)).toThrow(/matrix/);
  });
});
