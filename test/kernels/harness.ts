// Shared set-up of the kernel tests (test/kernels/*.test.ts): run a suite once per Wasm build, move
// arrays in and out of the core's memory, deterministic inputs, and scalar oracles' building blocks.
// The kernels are called directly through core() (the raw exports listed in src/core/abi.ts).
import { afterEach, beforeAll, describe, expect } from 'vitest';
import { core, init, isSimd, resetForTesting } from '../../src/core/wasm.js';

/** Unit roundoff of float64 arithmetic as used in the tolerances: 2^-52 (one ulp of 1). */
export const EPS = 2 ** -52;

/** Lengths around the unroll widths of the kernels (2 lanes, 4 and 8 accumulators, blocks of 4 rows). */
export const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129];

/** Row counts for matrix kernels (rows are taken four at a time, with a scalar tail). */
export const ROWS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33];

/** Column counts for matrix kernels (pairs of lanes, two pairs per unrolled step, scalar tail). */
export const COLS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

export type Build = 'simd' | 'scalar';

let blocks: number[] = [];

/**
 * Declare `body` once for the SIMD build and once for the scalar build (a describe block each; the
 * core is re-instantiated with the requested build before the block's tests run).
 */
export function forEachBuild(body: (build: Build) => void): void {
  for (const build of ['simd', 'scalar'] as const) {
    describe(`${build} build`, () => {
      beforeAll(async () => {
        resetForTesting();
        await init({ simd: build === 'simd' });
        expect(isSimd()).toBe(build === 'simd');
      });
      afterEach(freeAll);
      body(build);
    });
  }
}

/** Release every block allocated by the helpers below. */
export function freeAll(): void {
  const c = core();
  for (const p of blocks) c.free(p);
  blocks = [];
}

/** Allocate `bytes` (at least 16) and remember the block for freeAll. */
export function alloc(bytes: number): number {
  const p = core().alloc(Math.max(16, bytes)) >>> 0;
  if (p === 0) throw new Error(`alloc(${bytes}) failed`);
  blocks.push(p);
  return p;
}

/** A new block holding `values` as float64. */
export function put64(values: ArrayLike<number>): number {
  const p = alloc(values.length * 8);
  new Float64Array(core().memory.buffer, p, values.length).set(values);
  return p;
}

/** A new block holding `values` rounded to float32. */
export function put32(values: ArrayLike<number>): number {
  const p = alloc(values.length * 4);
  new Float32Array(core().memory.buffer, p, values.length).set(values);
  return p;
}

/** A new block of n float64 values, each set to `fill` (NaN by default, so unwritten outputs show). */
export function out64(n: number, fill = NaN): number {
  const p = alloc(n * 8);
  new Float64Array(core().memory.buffer, p, n).fill(fill);
  return p;
}

/** A copy of n float64 values at p (views are made afresh: memory may have grown). */
export function get64(p: number, n: number): Float64Array {
  return new Float64Array(core().memory.buffer, p, n).slice();
}

/** Deterministic values in [-1, 1) (a small integer hash; no Wasm involved). */
export function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = (seed * 0x9e3779b1 + 0x7f4a7c15) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** Small integers in [-8, 8]: products and sums of a few hundred of them are exact in float64. */
export function integers(n: number, seed: number): Float64Array {
  return values(n, seed).map((x) => Math.round(8 * x));
}

/** The entries of x rounded to float32 (what a float32 block holds). */
export const round32 = (x: ArrayLike<number>): Float64Array => Float64Array.from(x, Math.fround);

/**
 * The correctly rounded sum of xs (Shewchuk's exact partials, then a final rounding): the oracle
 * for the compensated sums.
 */
export function exactSum(xs: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let x = xs[i];
    let k = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[k++] = lo;
      x = hi;
    }
    partials.length = k;
    partials.push(x);
  }
  // Add the partials from the largest down; the leading ones do not overlap, so this rounds once
  // (up to the half-way corner case, irrelevant at the tolerances used here).
  let s = 0;
  for (let i = partials.length - 1; i >= 0; i--) s += partials[i];
  return s;
}

/** Expect |got - want| <= tol, with a message naming the case. */
export function expectClose(got: number, want: number, tol: number, what: string): void {
  const err = Math.abs(got - want);
  if (!(err <= tol)) expect.fail(`${what}: got ${got}, oracle ${want}, |error| ${err} > tolerance ${tol}`);
}
