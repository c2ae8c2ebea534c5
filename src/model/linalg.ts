// Array-level access to the core's eigensolver and random streams (JS arrays in, JS arrays out).

import { PlrfError } from '../core/errors.js';
import { checkBudget, WasmF64, withBlocks } from '../core/memory.js';
import { integer } from '../core/validate.js';
import { core } from '../core/wasm.js';
import { track, untrack } from '../core/finalizer.js';

/**
 * Eigen-decomposition of a symmetric n x n matrix (row-major; only symmetry is assumed, not
 * checked beyond finiteness) by Householder tridiagonalisation and implicit QL, in Wasm.
 * Eigenvalues are returned in decreasing order; `vectors` (if requested) holds the unit
 * eigenvectors as rows (row i belongs to values[i]). Residuals ||A u - lambda u|| are of order
 * n·eps·||A||. With `project`, also returns U^T project (the projections of a vector on the
 * eigenvectors), at O(n^2) extra cost when vectors are not requested.
 *
 * @example
 * const { values } = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2); // [3, 1]
 */
export function symmetricEigen(
  matrix: ArrayLike<number>,
  n: number,
  options: { vectors?: boolean; project?: ArrayLike<number> } = {},
): { values: Float64Array; vectors: Float64Array | null; projections: Float64Array | null } {
  integer('n', n, 1, 46340);
  if (!matrix || matrix.length !== n * n) throw new PlrfError('INVALID_ARGUMENT', `matrix must have n^2 = ${n * n} entries`, 'matrix');
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(matrix[i])) throw new PlrfError('INVALID_ARGUMENT', `matrix[${i}] = ${matrix[i]} is not finite`, 'matrix');
  }
  const project = options.project;
  if (project !== undefined && project.length !== n)
    throw new PlrfError('INVALID_ARGUMENT', `project must have n = ${n} entries`, 'project');
  checkBudget(8 * (n * n + 3 * n), 8 * n * n, 'n', `an eigen-decomposition of size ${n}`, 'reduce n');
  const wantVectors = options.vectors ?? true;
  return withBlocks([n * n, n, n, n], (Z, d, work, h) => {
    Z.set(matrix);
    if (project) h.set(project);
    const status = core().eigSym(n, Z.ptr, d.ptr, work.ptr, project ? h.ptr : 0, wantVectors ? 1 : 0);
    if (status !== 0) throw new PlrfError('NOT_CONVERGED', `the eigensolver did not converge (n = ${n}, code ${status})`);
    return { values: d.toArray(), vectors: wantVectors ? Z.toArray() : null, projections: project ? h.toArray() : null };
  });
}

/**
 * A stream of the core's random number generator: xoshiro256** seeded by SplitMix64 from
 * (seed, stream), standard normals by a 256-layer ziggurat (see assembly/rng.ts). The same
 * (seed, stream) gives the same bits in every Wasm host. Holds 32 bytes of Wasm memory.
 *
 * @example
 * using s = new RandomStream(42, 0);
 * s.normals(1000); // Float64Array of 1000 N(0, 1) draws
 */
export class RandomStream {
  private state: WasmF64;
  constructor(seed: number, stream = 0) {
    integer('seed', seed, 0);
    integer('stream', stream, 0);
    this.state = new WasmF64(4);
    core().rngSeed(this.state.ptr, seed, stream);
    track(this, [this.state]);
  }
  private fill(n: number, kind: 'normal' | 'uniform' | 'raw'): Float64Array {
    integer('n', n, 0, 2 ** 27);
    if (this.state.ptr === 0) throw new PlrfError('DISPOSED', 'this RandomStream has been disposed');
    const out = new Float64Array(n);
    const block = 1 << 16;
    const buf = new WasmF64(Math.min(n, block) || 1);
    try {
      const c = core();
      for (let i = 0; i < n; i += block) {
        const m = Math.min(block, n - i);
        if (kind === 'normal') c.rngFillNormal(this.state.ptr, buf.ptr, m);
        else if (kind === 'uniform') c.rngFillUniform(this.state.ptr, buf.ptr, m);
        else c.rngFillRaw(this.state.ptr, buf.ptr, m);
        out.set(buf.view().subarray(0, m), i);
      }
    } finally {
      buf.free();
    }
    return out;
  }
  /** n standard normal draws. */
  normals(n: number): Float64Array {
    return this.fill(n, 'normal');
  }
  /** n uniform draws in [0, 1) (53 random bits each). */
  uniforms(n: number): Float64Array {
    return this.fill(n, 'uniform');
  }
  /** n raw 64-bit outputs, as the bit patterns of a Float64Array (read them through a BigUint64Array). */
  raw(n: number): Float64Array {
    return this.fill(n, 'raw');
  }
  /** Release the generator state held in Wasm memory. */
  dispose(): void {
    untrack(this);
    this.state.free();
  }
  /** Same as {@link RandomStream.dispose}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
