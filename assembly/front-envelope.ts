// The envelope of the curves on the front's flops grid (docs/model.md §8): P*(f) = min_d P(f; d)
// and its discrete argmin (Approach 1), with the IsoFLOP parabola's vertex at each grid point
// (Approach 2, front-isoflop.ts).
import { getI, getP, jobState } from "./job";
import { ldF, stF, stI, S_N, S_CURVES, S_K, S_GRID, S_DS, S_PS, S_SCRATCH, PAR_EDGE, PAR_OK } from "./front-state";
import { lerpLog } from "./front-interpolate";
import { isoflopVertex, vertexD, vertexP } from "./front-isoflop";

/**
 * The envelope and the IsoFLOP parabolas on the grid, from the loss arrays of `lossTbl`, into the
 * front block `fr` (pMin, dMin, pPar, dPar, iMin, status). Parabolas only when `withParabola`.
 */
export function envelope(job: usize, lossTbl: usize, fr: usize, withParabola: bool): void {
  const n = getI(job, S_N), nd = getI(job, S_CURVES), k = getI(job, S_K);
  const grid = getP(job, S_GRID), ds = getP(job, S_DS), ps = getP(job, S_PS);
  const pMin = fr, dMin = fr + (<usize>n << 3), pPar = fr + (<usize>(2 * n) << 3), dPar = fr + (<usize>(3 * n) << 3);
  const iMin = fr + (<usize>(4 * n) << 3), st = iMin + (<usize>n << 2);
  const half = (k - 1) >> 1;
  const xs = jobState(job) + (<usize>S_SCRATCH << 3), ys = xs + 40;
  for (let g = 0; g < n; g++) {
    const x = ldF(grid, g);
    let best = -1;
    for (let c = 0; c < nd; c++) {
      const p = lerpLog(job, c, load<usize>(lossTbl + (<usize>c << 2)), x);
      stF(ps, c, p);
      if (isFinite<f64>(p) && (best < 0 || p < ldF(ps, best))) best = c;
    }
    stI(iMin, g, best);
    stF(pMin, g, best < 0 ? NaN : ldF(ps, best));
    stF(dMin, g, best < 0 ? NaN : ldF(ds, best));
    if (!withParabola) continue;
    let edge = best - half < 0 || best + half >= nd;
    if (!edge) {
      for (let c = best - half; c <= best + half; c++) if (!isFinite<f64>(ldF(ps, c))) edge = true;
    }
    if (edge) {
      stF(pPar, g, NaN);
      stF(dPar, g, NaN);
      stI(st, g, PAR_EDGE);
      continue;
    }
    const status = isoflopVertex(ds, ps, best - half, k, xs, ys);
    stF(pPar, g, status == PAR_OK ? vertexP : NaN);
    stF(dPar, g, status == PAR_OK ? vertexD : NaN);
    stI(st, g, status);
  }
}
