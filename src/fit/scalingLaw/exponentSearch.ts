// The scaling-law fits' search over the exponents (docs/model.md §9): a grid of initial guesses, then a
// local refinement (golden section for the power form, Nelder-Mead for the Chinchilla form).

import { solveCoefficients } from './huberCoefficients.js';
import type { Estimate } from './exponentProfile.js';
import { goldenSection, nelderMead } from '../optimize.js';
import type { LawData } from './data.js';

function geometricGrid(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo * (hi / lo) ** (i / (n - 1)));
}

/** Full search: a grid over the exponents, then local refinement from the best grid points. */
export async function fullSearch(p: LawData, range: [number, number], counts: Float64Array | null): Promise<Estimate> {
  const [lo, hi] = range;
  if (p.k === 2) {
    const grid = geometricGrid(lo, hi, 48);
    const vals = grid.map((a) => solveCoefficients(p, a, 0, counts, null).value);
    let best = 0;
    for (let i = 1; i < grid.length; i++) if (vals[i] < vals[best]) best = i;
    const g = goldenSection(
      (a) => solveCoefficients(p, a, 0, counts, null).value,
      grid[Math.max(0, best - 1)],
      grid[Math.min(grid.length - 1, best + 1)],
      1e-7,
    );
    const inner = solveCoefficients(p, g.x, 0, counts, null);
    return { a: g.x, b: NaN, coef: inner.coef, value: inner.value };
  }
  const grid = geometricGrid(lo, hi, 24);
  const vals: number[][] = grid.map((a) => grid.map((b) => solveCoefficients(p, a, b, counts, null).value));
  // Local minima of the grid (8-neighbourhood), best first; refine the best three.
  const minima: { i: number; j: number; v: number }[] = [];
  for (let i = 0; i < grid.length; i++) {
    for (let j = 0; j < grid.length; j++) {
      let isMin = Number.isFinite(vals[i][j]);
      for (let di = -1; di <= 1 && isMin; di++)
        for (let dj = -1; dj <= 1; dj++) {
          const ii = i + di,
            jj = j + dj;
          if ((di || dj) && ii >= 0 && jj >= 0 && ii < grid.length && jj < grid.length && vals[ii][jj] < vals[i][j]) {
            isMin = false;
            break;
          }
        }
      if (isMin) minima.push({ i, j, v: vals[i][j] });
    }
  }
  minima.sort((x, y) => x.v - y.v);
  let bestEst: Estimate | null = null;
  for (const m of minima.slice(0, 3)) {
    const est = await localSearch(p, range, counts, grid[m.i], grid[m.j], [grid[m.i] * 0.15, grid[m.j] * 0.15], 1e-6);
    if (!bestEst || est.value < bestEst.value) bestEst = est;
  }
  return bestEst!;
}

async function localSearch(
  p: LawData,
  range: [number, number],
  counts: Float64Array | null,
  a0: number,
  b0: number,
  step: number[],
  xTol: number,
  start: number[] | null = null,
): Promise<Estimate> {
  const [lo, hi] = range;
  let warm: number[] | null = start;
  const f = ([a, b]: number[]) => {
    if (!(a >= lo && a <= hi && b >= lo && b <= hi)) return Infinity;
    const r = solveCoefficients(p, a, b, counts, warm);
    if (Number.isFinite(r.value)) warm = r.coef;
    return r.value;
  };
  const nm = await nelderMead(f, [a0, b0], { step, xTol, fTol: 1e-12, maxEvaluations: 400 });
  const inner = solveCoefficients(p, nm.x[0], nm.x[1], counts, warm);
  return { a: nm.x[0], b: nm.x[1], coef: inner.coef, value: inner.value };
}
