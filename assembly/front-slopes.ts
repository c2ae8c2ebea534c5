// Approach 0 of the front (docs/model.md §8): the local slopes eta(f) = -d log P*/d log f and
// xi(f) = d log d*/d log f by differences over +-1/4 decade inside the interior range, thinned to
// about 4 per decade; d* from the IsoFLOP vertices where both ends have one, else the envelope.
import { getF } from "./job";
import { ldF, stF, ldI, S_INT_LO, S_INT_HI, PAR_OK } from "./front-state";

/**
 * The local slopes of the front block `fr` on the grid (n points) into `slopes` (f64 triples: flops,
 * eta, xi); `logf` is n f64 of scratch (it receives log f). Returns the number of slopes.
 */
export function localSlopes(job: usize, grid: usize, n: i32, fr: usize, logf: usize, slopes: usize): i32 {
  const pMin = fr, dMin = fr + (<usize>n << 3), dPar = fr + (<usize>(3 * n) << 3);
  const st = fr + (<usize>(4 * n) << 3) + (<usize>n << 2);
  let ns = 0;
  const iLo = getF(job, S_INT_LO), iHi = getF(job, S_INT_HI);
  for (let i = 0; i < n; i++) stF(logf, i, Math.log(ldF(grid, i)));
  const h = Math.LN10 / 4;
  for (let i = 0; i < n; i++) {
    const f = ldF(grid, i);
    if (f < iLo * Math.exp(h) || f > iHi * Math.exp(-h)) continue;
    let a = i, b = i;
    while (a > 0 && ldF(logf, i) - ldF(logf, a) < h) a--;
    while (b < n - 1 && ldF(logf, b) - ldF(logf, i) < h) b++;
    const span = ldF(logf, b) - ldF(logf, a);
    const dp = (Math.log(ldF(pMin, b)) - Math.log(ldF(pMin, a))) / span;
    const useP = ldI(st, a) == PAR_OK && ldI(st, b) == PAR_OK;
    const dd = useP ? (Math.log(ldF(dPar, b)) - Math.log(ldF(dPar, a))) / span : (Math.log(ldF(dMin, b)) - Math.log(ldF(dMin, a))) / span;
    stF(slopes, 3 * ns, f);
    stF(slopes, 3 * ns + 1, -dp);
    stF(slopes, 3 * ns + 2, dd);
    ns++;
  }
  const step = <i32>Math.max(1, Math.round(<f64>ns / Math.max(1, (Math.log(iHi / iLo) / Math.LN10) * 4)));
  let kept = 0;
  for (let i = 0; i < ns; i++) {
    if (i % step != 0) continue;
    if (kept != i) {
      stF(slopes, 3 * kept, ldF(slopes, 3 * i));
      stF(slopes, 3 * kept + 1, ldF(slopes, 3 * i + 1));
      stF(slopes, 3 * kept + 2, ldF(slopes, 3 * i + 2));
    }
    kept++;
  }
  return kept;
}
