// Complex 3x3 matrices for the momentum/DANA blocks (docs/model.md §10): 18 f64, row-major, (re, im)
// interleaved. The 2x2 minors and the adjugate, written once for the blocks' solves and the eigen
// path's V^(-1).

/** The last minor2 result. */
export let minorR = 0.0, minorI = 0.0;
/** det M of the last adjugate3 (sum_j M_0j adj(M)_j0). */
export let detR = 0.0, detI = 0.0;

/** (minorR, minorI) = M[a] M[b] - M[c] M[d] for complex entries at element indices a..d. */
// @ts-ignore: decorator
@inline export function minor2(M: StaticArray<f64>, a: i32, b: i32, c: i32, d: i32): void {
  const ar = unchecked(M[2 * a]), ai = unchecked(M[2 * a + 1]), br = unchecked(M[2 * b]), bi = unchecked(M[2 * b + 1]);
  const cr = unchecked(M[2 * c]), ci = unchecked(M[2 * c + 1]), dr = unchecked(M[2 * d]), di = unchecked(M[2 * d + 1]);
  minorR = (ar * br - ai * bi) - (cr * dr - ci * di);
  minorI = (ar * bi + ai * br) - (cr * di + ci * dr);
}

/** A = adj(M) (adj_ij = cofactor_ji) and (detR, detI) = det M by M's first row. */
export function adjugate3(M: StaticArray<f64>, A: StaticArray<f64>): void {
  for (let i = 0; i < 3; i++) {
    const i1 = (i + 1) % 3, i2 = (i + 2) % 3;
    for (let j = 0; j < 3; j++) {
      const j1 = (j + 1) % 3, j2 = (j + 2) % 3;
      // cofactor_ji = M[j1][i1] M[j2][i2] - M[j1][i2] M[j2][i1]
      minor2(M, 3 * j1 + i1, 3 * j2 + i2, 3 * j1 + i2, 3 * j2 + i1);
      unchecked((A[6 * i + 2 * j] = minorR));
      unchecked((A[6 * i + 2 * j + 1] = minorI));
    }
  }
  let dr = 0.0, di = 0.0;
  for (let j = 0; j < 3; j++) {
    const mr = unchecked(M[2 * j]), mi = unchecked(M[2 * j + 1]), ar = unchecked(A[6 * j]), ai = unchecked(A[6 * j + 1]);
    dr += mr * ar - mi * ai;
    di += mr * ai + mi * ar;
  }
  detR = dr;
  detI = di;
}
