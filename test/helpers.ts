// Shared test utilities: oracles in plain TS and statistical comparisons.
import { readFile } from 'node:fs/promises';

export const EPS = 2 ** -52;

/** Instantiate one of the two builds directly (to test the scalar build beside the SIMD one). */
export async function rawCore(build: 'simd' | 'scalar'): Promise<any> {
  const file = build === 'simd' ? '../build/plrf.wasm' : '../build/plrf-scalar.wasm';
  const bytes = await readFile(new URL(file, import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return instance.exports;
}

/** A Float64Array view on a fresh block of a raw core. */
export function rawArray(ex: any, n: number): { ptr: number; view: () => Float64Array } {
  const ptr = ex.alloc(n * 8) >>> 0;
  return { ptr, view: () => new Float64Array(ex.memory.buffer, ptr, n) };
}

/**
 * Largest |z| = |m1 - m2| / sqrt(se1^2 + se2^2) over checkpoints with r >= 1 (both curves on the
 * same checkpoints), and how many checkpoints were compared.
 */
export function maxZ(
  a: { steps: number[]; loss: number[]; stderr: number[] | null },
  b: { steps: number[]; loss: number[]; stderr: number[] | null },
): { maxZ: number; compared: number; zs: number[] } {
  if (a.steps.join() !== b.steps.join()) throw new Error('different checkpoints');
  const zs: number[] = [];
  for (let i = 0; i < a.steps.length; i++) {
    if (a.steps[i] === 0) continue;
    const se = Math.hypot(a.stderr![i], b.stderr![i]);
    zs.push(Math.abs(a.loss[i] - b.loss[i]) / se);
  }
  return { maxZ: Math.max(...zs), compared: zs.length, zs };
}

/** Complementary error function (W. J. Cody's rational approximations are overkill here:
 *  Numerical Recipes' erfcc, fractional error < 1.2e-7, far below the Monte-Carlo tolerances). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
