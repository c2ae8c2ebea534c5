// The slope profile of the contour's ray (docs/model.md §10): z = x (1 + i s(x)) with s linear in
// log x between knots x_0 = x_R > x_1 > ... > x_K = x_L, the slopes s_k in two arrays. Knots are
// panel boundaries (contour.ts), so the path is smooth inside every panel. For momentum and DANA the
// knots take 0.9 of the largest slope on which the one-step map does not grow up to the horizon,
// made valley-shaped in x and clamped to [floor, cap]; a run of equal slopes is one segment, so a
// constant profile is the flat ray of docs/model.md §5 node for node.
import { MOMENTUM_GROWTH_TOL } from "./abi";
import { momentumAllowedSlope } from "./momentum-map";

/** Knots per decade of x at which the allowed slope is found. */
const KNOTS_PER_DECADE = 8.0;
/** Every PATH_STRIDE-th of those knots is a knot of the path (and a panel boundary). */
const PATH_STRIDE = 2;

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** Segments K of the profile between x_L and x_R before merging (K + 1 knots). */
export function profileSegments(xL: f64, xR: f64): i32 {
  return max(1, <i32>Math.round(KNOTS_PER_DECADE * Math.log10(xR / xL)));
}

/** The slopes of a profile block (knots x_0..x_K, then the slopes s_0..s_K): right after the knots. */
// @ts-ignore: decorator
@inline export function profileSlopes(knots: usize, segments: i32): usize {
  return knots + (<usize>(segments + 1) << 3);
}

/**
 * The slope profile of the optimizer (table: OPT_TABLE_LEN f64, batch B) for steps up to horizon on
 * [x_L, x_R], at most cap and at least floor, into the block `knots` (3 (profileSegments + 1)
 * doubles; it ends as the knots x_k, then the slopes s_k, profileSlopes). At K + 1 knots log-spaced from x_R down to x_L, a_k is the
 * largest slope with no growth at x_k (momentumAllowedSlope, searched in [floor, cap] / 0.9); the
 * knot takes s_k = min(cap, max(floor, 0.9 e_k)) with e_k = max(min_(j <= k) a_j, min_(j >= k) a_j),
 * the largest valley-shaped (non-increasing, then non-decreasing in x) profile below a (a dips where
 * c B x meets Delta near the horizon and rises on both sides). The path keeps every PATH_STRIDE-th
 * knot (and x_L), each with the least s of the fine knots within PATH_STRIDE - 1 of it, so that it
 * lies below the fine profile; interior knots inside a run of equal slopes are then dropped. Returns
 * the number of segments.
 */
export function profileBuild(table: usize, batch: f64, horizon: f64, cap: f64, floor: f64, xL: f64, xR: f64, knots: usize): i32 {
  const K = profileSegments(xL, xR);
  const kx = knots, ks = knots + (<usize>(K + 1) << 3);
  const uR = Math.log(xR), h = (uR - Math.log(xL)) / <f64>K;
  const rising = ks + (<usize>(K + 1) << 3); // min_(j >= k) a_j
  for (let k = 0; k <= K; k++) {
    const x = k == 0 ? xR : k == K ? xL : Math.exp(uR - <f64>k * h);
    store<f64>(at(kx, k), x);
    store<f64>(at(ks, k), momentumAllowedSlope(table, batch, horizon, x, floor / 0.9, cap / 0.9, MOMENTUM_GROWTH_TOL));
  }
  let env = Infinity;
  for (let k = K; k >= 0; k--) {
    env = Math.min(env, load<f64>(at(ks, k)));
    store<f64>(at(rising, k), env);
  }
  env = Infinity;
  for (let k = 0; k <= K; k++) {
    env = Math.min(env, load<f64>(at(ks, k)));
    store<f64>(at(rising, k), Math.min(cap, Math.max(floor, 0.9 * Math.max(env, load<f64>(at(rising, k))))));
  }
  // The path's knots: every PATH_STRIDE-th knot, each with the least slope of the fine knots inside
  // the two path segments beside it and its own, so that the linear path (a convex combination of
  // its two ends) lies below the fine profile at every fine knot, and between them (both are linear
  // there). Fewer knots let panels span several fine segments.
  let n = 0;
  for (let k = 0; k <= K; k = k == K ? K + 1 : min(K, k + PATH_STRIDE)) {
    let s = Infinity;
    for (let j = max(0, k - PATH_STRIDE + 1); j <= min(K, k + PATH_STRIDE - 1); j++) s = Math.min(s, load<f64>(at(rising, j)));
    // drop the previous knot if it is inside a run of equal slopes
    if (n >= 2 && load<f64>(at(ks, n - 1)) == s && load<f64>(at(ks, n - 2)) == s) n--;
    store<f64>(at(kx, n), load<f64>(at(kx, k)));
    store<f64>(at(ks, n), s);
    n++;
  }
  memory.copy(profileSlopes(kx, n - 1), ks, <usize>n << 3);
  return n - 1;
}

/** The profile's slope at x (kx, ks: segments + 1 knots, x descending); the end slopes outside. */
export function profileSlopeAt(kx: usize, ks: usize, segments: i32, x: f64): f64 {
  if (!(x < load<f64>(kx))) return load<f64>(ks);
  for (let k = 0; k < segments; k++) {
    const xa = load<f64>(at(kx, k)), xb = load<f64>(at(kx, k + 1));
    if (x >= xb) {
      const sa = load<f64>(at(ks, k)), sb = load<f64>(at(ks, k + 1));
      const ub = Math.log(xb);
      return sb + ((sa - sb) / (Math.log(xa) - ub)) * (Math.log(x) - ub);
    }
  }
  return load<f64>(at(ks, segments));
}
