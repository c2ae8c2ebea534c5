// The local error control of second-order blocks (docs/model.md §4, "Choosing the blocks"): the
// recursion keeps the last four nodes (r, P(r)) it has passed (unit-step nodes before the blocks,
// block ends after), estimates P''' from their third divided difference, and takes the longest
// power-of-two block whose estimated relative error stays within the tolerance:
//   est(L) = L^3 |P'''| / (|P| (1 - ||K||)) · [ (1 + 2 rho)/72 · (||K|| - sigma0) + (1 + rho)/6 · (sigma0 - sigma1) ]
// with rho = Lprev / L and sigma_k = Re sum_n kappa_n S_k,n at L (the block table): sigma0 =
// sum_(j<L) K(j), sigma0 - sigma1 = sum_(j<L) (j+1)/L K(j). Inside a block P is off its quadratic
// by eta(t) = (t + rho) t (t - 1) L^3 P''' / 6 (t = s/L); at a later step T the curve is off by
// sum_s K(T-1-s) eta(s) (then fed back through the kernel: the 1/(1 - ||K||)). Kernel lags of a
// block length or more see eta averaged over blocks, |eta| <= (1 + 2 rho)/72 L^3 |P'''| on mean;
// shorter lags see the end of the block, where |eta| <= (1 + rho)(1 - t) L^3 |P'''| / 6.
import { getF, getI, setF, setI } from "./job";
import { S_N, S_NODES, S_NODE_P, S_NODE_R, S_NORM, S_TOL, log2Exact } from "./recursion-state";
import { blockLevelDoubles, blockLevelSigma } from "./volterra-order2";

/** Append the node (r, P) to the history of the last four (the oldest drops out). */
export function pushNode(job: usize, r: f64, P: f64): void {
  let k = getI(job, S_NODES);
  if (k == 4) {
    for (let i = 0; i < 3; i++) {
      setF(job, S_NODE_R + i, getF(job, S_NODE_R + i + 1));
      setF(job, S_NODE_P + i, getF(job, S_NODE_P + i + 1));
    }
    k = 3;
  }
  setF(job, S_NODE_R + k, r);
  setF(job, S_NODE_P + k, P);
  setI(job, S_NODES, k + 1);
}

/** P''' as 6 times the third divided difference over the four nodes; NaN with fewer nodes. */
export function thirdDerivative(job: usize): f64 {
  if (getI(job, S_NODES) < 4) return NaN;
  const x0 = getF(job, S_NODE_R), x1 = getF(job, S_NODE_R + 1), x2 = getF(job, S_NODE_R + 2), x3 = getF(job, S_NODE_R + 3);
  const p0 = getF(job, S_NODE_P), p1 = getF(job, S_NODE_P + 1), p2 = getF(job, S_NODE_P + 2), p3 = getF(job, S_NODE_P + 3);
  const f01 = (p1 - p0) / (x1 - x0), f12 = (p2 - p1) / (x2 - x1), f23 = (p3 - p2) / (x3 - x2);
  const f012 = (f12 - f01) / (x2 - x0), f123 = (f23 - f12) / (x3 - x1);
  return (6.0 * (f123 - f012)) / (x3 - x0);
}

/**
 * The longest power of two L <= Lmax (a power of two) whose estimated error est(L) (above) is
 * within the job's tolerance, with the previous block (or node spacing) Lprev, P the latest node's
 * value and `table` the block table (volterraBlockSums, levels up to Lmax); 0 if even L = 1 is
 * not, or with fewer than four nodes.
 */
export function controlLength(job: usize, P: f64, Lprev: f64, Lmax: f64, table: usize): f64 {
  const d3 = Math.abs(thirdDerivative(job));
  if (!isFinite(d3)) return 0;
  const n = getI(job, S_N), norm = getF(job, S_NORM), tol = getF(job, S_TOL);
  const scale = d3 / (Math.abs(P) * (1.0 - norm));
  const level = blockLevelDoubles(n) << 3;
  for (let L = Lmax; L >= 1.0; L /= 2.0) {
    const sig = table + <usize>log2Exact(L) * level + blockLevelSigma(n);
    const s0 = load<f64>(sig), s1 = load<f64>(sig, 8);
    const rho = Lprev / L;
    const weight = ((1.0 + 2.0 * rho) / 72.0) * Math.abs(norm - s0) + ((1.0 + rho) / 6.0) * Math.abs(s0 - s1);
    if (scale * weight * L * L * L <= tol) return L;
  }
  return 0;
}
