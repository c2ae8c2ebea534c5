// The eigen path of complex atoms in second-order blocks of the momentum/DANA recursion
// (docs/model.md §10, "Long horizons"; the scheme is described in momentum-block.ts). Per atom,
// E_m = A_m - I = V diag(e_k) V^(-1) (E_m itself is decomposed, never 1 + tiny): the eigenvalues from
// the characteristic cubic (rootsOfMap, momentum-map.ts), each eigenvector the null vector of E_m - e_k I
// (the largest cross product of two of its rows). In the eigenbasis the doubling of the matrix path
// is scalar: with e_(2l) = 2 e_l + e_l^2 and the transfer of the doubled vectors
//   W_c(l) = k(l) W_c(1),  W_D(l) = k W_D(1) + 2 n W_c(1),  W_g(l) = k W_g(1) + n W_D(1) + x W_c(1),
//   k(2l) = 2 k + e_l k,  n(2l) = 2 n + e_l n + l k,  x(2l) = 2 x + e_l x + 2 l n + l^2 k
// (k(1) = 1, n(1) = x(1) = 0: the matrix path's recursion, coefficient by coefficient), so an atom costs
// a few hundred flops for the decomposition and about 40 per level and eigenvalue instead of a 3x3
// complex product per level. Where V is ill-conditioned (near the collision of the optimizer's
// eigenvalues) the caller falls back to the matrix path. Scalar code, the same in both builds.
import { at, arr, A_UR, A_XN, A_W1 } from "./momentum-layout";
import { MAP_ROOTS } from "./momentum-map";
import { adjugate3, detR, detI, minor2, minorR, minorI } from "./complex3";

/**
 * Largest condition number ||V||_F ||V^(-1)||_F (unit columns) accepted on the eigen path by default:
 * the increment of an atom's state carries a relative error of about this times eps (docs/model.md §10).
 */
export const EIGEN_COND_MAX: f64 = 1e5;
let condMax: f64 = EIGEN_COND_MAX;

/** Test hook (docs/model.md §10): 0 forces the matrix path on every complex atom, otherwise the eigen path. */
let eigenMode: i32 = 1;
/** Atom-blocks through the eigen path and falls back to the matrix path (ill-conditioned V), since the last reset. */
let eigenAtoms: f64 = 0, eigenFallbacks: f64 = 0;

/** Whether complex atoms try the eigen path (the test hook's mode is not 0). */
export function eigenOn(): bool { return eigenMode != 0; }

/**
 * The test hook: mode 0 forces the matrix path, 1 the eigen path with the default condition bound,
 * mode >= 2 the eigen path with condition bound `mode`, mode < 0 leaves it. Returns which = 0 the
 * atom-blocks on the eigen path, 1 those that fell back (2: the fallbacks, then both counters reset).
 */
export function momentumEigenHook(mode: i32, which: i32): f64 {
  if (mode >= 0) { eigenMode = mode; condMax = mode >= 2 ? <f64>mode : EIGEN_COND_MAX; }
  const r = which == 0 ? eigenAtoms : eigenFallbacks;
  if (which == 2) { eigenAtoms = 0; eigenFallbacks = 0; }
  return r;
}

/** The growth |1 + e| - 1 of the atom's largest eigenvalue (after eigenBlock returned true). */
export let eigenGrowth = -Infinity;

// @ts-ignore: decorator
@inline function g(a: StaticArray<f64>, k: i32): f64 { return unchecked(a[k]); }
// @ts-ignore: decorator
@inline function p(a: StaticArray<f64>, k: i32, x: f64): void { unchecked((a[k] = x)); }

// E_m - e I (18), the eigenvectors as columns of V (18), V^(-1) (18), the transformed vectors (7 x 6),
// their images (2 x 6).
const MS = new StaticArray<f64>(18);
const VV = new StaticArray<f64>(18);
const VI = new StaticArray<f64>(18);
const YS = new StaticArray<f64>(42);
const OS = new StaticArray<f64>(12);

/**
 * Column k of VV: the null vector of MS (rank 2), the cross product of the pair of rows with the
 * largest norm, scaled to unit 2-norm. False where all three vanish.
 */
function nullVector(k: i32): bool {
  // rows 0 x 1 (components from elements (1,5)-(2,4), (2,3)-(0,5), (0,4)-(1,3)), 0 x 2, 1 x 2
  minor2(MS, 1, 5, 2, 4); const a0r = minorR, a0i = minorI;
  minor2(MS, 2, 3, 0, 5); const a1r = minorR, a1i = minorI;
  minor2(MS, 0, 4, 1, 3); const a2r = minorR, a2i = minorI;
  minor2(MS, 1, 8, 2, 7); const b0r = minorR, b0i = minorI;
  minor2(MS, 2, 6, 0, 8); const b1r = minorR, b1i = minorI;
  minor2(MS, 0, 7, 1, 6); const b2r = minorR, b2i = minorI;
  minor2(MS, 4, 8, 5, 7); const c0r = minorR, c0i = minorI;
  minor2(MS, 5, 6, 3, 8); const c1r = minorR, c1i = minorI;
  minor2(MS, 3, 7, 4, 6); const c2r = minorR, c2i = minorI;
  const na = (a0r * a0r + a0i * a0i) + (a1r * a1r + a1i * a1i) + (a2r * a2r + a2i * a2i);
  const nb = (b0r * b0r + b0i * b0i) + (b1r * b1r + b1i * b1i) + (b2r * b2r + b2i * b2i);
  const nc = (c0r * c0r + c0i * c0i) + (c1r * c1r + c1i * c1i) + (c2r * c2r + c2i * c2i);
  let best = na, v0r = a0r, v0i = a0i, v1r = a1r, v1i = a1i, v2r = a2r, v2i = a2i;
  if (nb > best) { best = nb; v0r = b0r; v0i = b0i; v1r = b1r; v1i = b1i; v2r = b2r; v2i = b2i; }
  if (nc > best) { best = nc; v0r = c0r; v0i = c0i; v1r = c1r; v1i = c1i; v2r = c2r; v2i = c2i; }
  if (!(best > 0) || !isFinite(best)) return false;
  const sc = 1.0 / Math.sqrt(best);
  p(VV, 2 * k, v0r * sc); p(VV, 2 * k + 1, v0i * sc);
  p(VV, 6 + 2 * k, v1r * sc); p(VV, 7 + 2 * k, v1i * sc);
  p(VV, 12 + 2 * k, v2r * sc); p(VV, 13 + 2 * k, v2i * sc);
  return true;
}

/** VI = V^(-1) by the adjugate; returns ||V^(-1)||_F (Infinity where V is singular). */
function inverseV(): f64 {
  adjugate3(VV, VI);
  const dr = detR, di = detI;
  const dm = dr * dr + di * di;
  if (!(dm > 0) || !isFinite(dm)) return Infinity;
  const ir = dr / dm, ii = -di / dm;
  let f = 0.0;
  for (let k = 0; k < 9; k++) {
    const xr = g(VI, 2 * k), xi = g(VI, 2 * k + 1);
    const yr = xr * ir - xi * ii, yi = xr * ii + xi * ir;
    p(VI, 2 * k, yr); p(VI, 2 * k + 1, yi);
    f += yr * yr + yi * yi;
  }
  return Math.sqrt(f);
}

/** O[oo..oo+6] = M V[vo..vo+6] (complex 3x3 times 3-vector). */
// @ts-ignore: decorator
@inline function mulVec(M: StaticArray<f64>, V: StaticArray<f64>, vo: i32, O: StaticArray<f64>, oo: i32): void {
  for (let i = 0; i < 3; i++) {
    let r = 0.0, im = 0.0;
    for (let k = 0; k < 3; k++) {
      const mr = g(M, 6 * i + 2 * k), mi = g(M, 6 * i + 2 * k + 1), vr = g(V, vo + 2 * k), vi = g(V, vo + 2 * k + 1);
      r += mr * vr - mi * vi;
      im += mr * vi + mi * vr;
    }
    p(O, oo + 2 * i, r); p(O, oo + 2 * i + 1, im);
  }
}

/**
 * The block of atom i by the eigen path: E_m in em (row-major, re/im interleaved), its eigenvalues
 * in MAP_ROOTS (rootsOfMap on the same map), f~ at the nodes r - rho L, r, r + L in ft (3 x 6), P at
 * the first two (pm, p0) and the Lagrange coefficients of momentum-block.ts. Writes the new state without its P(r + L) term (A_XN)
 * and that term's weights (A_W1), and eigenGrowth. False (nothing written) where V is
 * ill-conditioned (EIGEN_COND_MAX) or singular: the caller takes the matrix path.
 */
export function eigenBlock(em: StaticArray<f64>, ft: StaticArray<f64>, ws: usize, n: i32, i: i32, levels: i32, pm: f64, p0: f64,
  am: f64, bm: f64, a0: f64, b0: f64, a1: f64, b1: f64): bool {
  let grow = -Infinity;
  for (let k = 0; k < 3; k++) {
    const er = g(MAP_ROOTS, 2 * k), ei = g(MAP_ROOTS, 2 * k + 1);
    // |1 + e| - 1 without cancellation; 1 + e is of order 1 here (no overflow), so sqrt is as good as hypot.
    const gr = (2.0 * er + er * er + ei * ei) / (1.0 + Math.sqrt((1.0 + er) * (1.0 + er) + ei * ei));
    if (!(gr <= grow)) grow = gr;
    for (let q = 0; q < 18; q++) p(MS, q, g(em, q));
    p(MS, 0, g(em, 0) - er); p(MS, 1, g(em, 1) - ei);
    p(MS, 8, g(em, 8) - er); p(MS, 9, g(em, 9) - ei);
    p(MS, 16, g(em, 16) - er); p(MS, 17, g(em, 17) - ei);
    if (!nullVector(k)) { eigenFallbacks += 1; return false; }
  }
  // ||V||_F = sqrt(3) with unit columns.
  const cond = 1.7320508075688772 * inverseV();
  if (!(cond <= condMax)) { eigenFallbacks += 1; return false; }
  eigenAtoms += 1;
  eigenGrowth = grow;
  // The state and the forcing f~ at the three nodes in the eigenbasis (YS at 0, 6, 12, 18).
  for (let k = 0; k < 6; k++) p(OS, k, load<f64>(at(arr(ws, n, A_UR + k), i)));
  mulVec(VI, OS, 0, YS, 0);
  for (let v = 0; v < 3; v++) mulVec(VI, ft, 6 * v, YS, 6 + 6 * v);
  // The three scalar doublings, interleaved (independent chains).
  let e0r = g(MAP_ROOTS, 0), e0i = g(MAP_ROOTS, 1), e1r = g(MAP_ROOTS, 2), e1i = g(MAP_ROOTS, 3);
  let e2r = g(MAP_ROOTS, 4), e2i = g(MAP_ROOTS, 5);
  let k0r = 1.0, k0i = 0.0, n0r = 0.0, n0i = 0.0, x0r = 0.0, x0i = 0.0;
  let k1r = 1.0, k1i = 0.0, n1r = 0.0, n1i = 0.0, x1r = 0.0, x1i = 0.0;
  let k2r = 1.0, k2i = 0.0, n2r = 0.0, n2i = 0.0, x2r = 0.0, x2i = 0.0;
  if (ASC_FEATURE_SIMD) {
    // Chains 0 and 1 in the two lanes (the scalar operations in their order: the same bits), chain 2 scalar.
    const two = f64x2.splat(2.0);
    let er = f64x2(e0r, e1r), ei = f64x2(e0i, e1i), kr = f64x2(1.0, 1.0), ki = f64x2(0.0, 0.0);
    let nr = f64x2(0.0, 0.0), ni = f64x2(0.0, 0.0), xr = f64x2(0.0, 0.0), xi = f64x2(0.0, 0.0);
    let l = 1.0;
    for (let lv = 0; lv < levels; lv++) {
      const l2 = l * l, tl = 2.0 * l;
      const vl = f64x2.splat(l), vl2 = f64x2.splat(l2), vtl = f64x2.splat(tl);
      const ar = f64x2.add(f64x2.add(f64x2.mul(two, xr), f64x2.sub(f64x2.mul(er, xr), f64x2.mul(ei, xi))),
        f64x2.add(f64x2.mul(vtl, nr), f64x2.mul(vl2, kr)));
      const ai = f64x2.add(f64x2.add(f64x2.mul(two, xi), f64x2.add(f64x2.mul(er, xi), f64x2.mul(ei, xr))),
        f64x2.add(f64x2.mul(vtl, ni), f64x2.mul(vl2, ki)));
      const br = f64x2.add(f64x2.add(f64x2.mul(two, nr), f64x2.sub(f64x2.mul(er, nr), f64x2.mul(ei, ni))), f64x2.mul(vl, kr));
      const bi = f64x2.add(f64x2.add(f64x2.mul(two, ni), f64x2.add(f64x2.mul(er, ni), f64x2.mul(ei, nr))), f64x2.mul(vl, ki));
      const cr0 = f64x2.add(f64x2.mul(two, kr), f64x2.sub(f64x2.mul(er, kr), f64x2.mul(ei, ki)));
      const ci0 = f64x2.add(f64x2.mul(two, ki), f64x2.add(f64x2.mul(er, ki), f64x2.mul(ei, kr)));
      const dr = f64x2.add(f64x2.mul(two, er), f64x2.sub(f64x2.mul(er, er), f64x2.mul(ei, ei)));
      const di = f64x2.add(f64x2.mul(two, ei), f64x2.mul(f64x2.mul(two, er), ei));
      xr = ar; xi = ai; nr = br; ni = bi; kr = cr0; ki = ci0; er = dr; ei = di;
      {
      const ar = ((2.0 * x2r) + (e2r * x2r - e2i * x2i)) + ((tl * n2r) + (l2 * k2r));
      const ai = ((2.0 * x2i) + (e2r * x2i + e2i * x2r)) + ((tl * n2i) + (l2 * k2i));
      const br = ((2.0 * n2r) + (e2r * n2r - e2i * n2i)) + (l * k2r);
      const bi = ((2.0 * n2i) + (e2r * n2i + e2i * n2r)) + (l * k2i);
      const cr0 = (2.0 * k2r) + (e2r * k2r - e2i * k2i);
      const ci0 = (2.0 * k2i) + (e2r * k2i + e2i * k2r);
      const dr = (2.0 * e2r) + (e2r * e2r - e2i * e2i);
      const di = (2.0 * e2i) + (2.0 * e2r * e2i);
      x2r = ar; x2i = ai; n2r = br; n2i = bi; k2r = cr0; k2i = ci0; e2r = dr; e2i = di;
      }
      l *= 2.0;
    }
    e0r = f64x2.extract_lane(er, 0); e1r = f64x2.extract_lane(er, 1); e0i = f64x2.extract_lane(ei, 0); e1i = f64x2.extract_lane(ei, 1);
    k0r = f64x2.extract_lane(kr, 0); k1r = f64x2.extract_lane(kr, 1); k0i = f64x2.extract_lane(ki, 0); k1i = f64x2.extract_lane(ki, 1);
    n0r = f64x2.extract_lane(nr, 0); n1r = f64x2.extract_lane(nr, 1); n0i = f64x2.extract_lane(ni, 0); n1i = f64x2.extract_lane(ni, 1);
    x0r = f64x2.extract_lane(xr, 0); x1r = f64x2.extract_lane(xr, 1); x0i = f64x2.extract_lane(xi, 0); x1i = f64x2.extract_lane(xi, 1);
  } else {
    let l = 1.0;
    for (let lv = 0; lv < levels; lv++) {
      const l2 = l * l, tl = 2.0 * l;
      let ar = ((2.0 * x0r) + (e0r * x0r - e0i * x0i)) + ((tl * n0r) + (l2 * k0r));
      let ai = ((2.0 * x0i) + (e0r * x0i + e0i * x0r)) + ((tl * n0i) + (l2 * k0i));
      let br = ((2.0 * n0r) + (e0r * n0r - e0i * n0i)) + (l * k0r);
      let bi = ((2.0 * n0i) + (e0r * n0i + e0i * n0r)) + (l * k0i);
      let cr0 = (2.0 * k0r) + (e0r * k0r - e0i * k0i);
      let ci0 = (2.0 * k0i) + (e0r * k0i + e0i * k0r);
      let dr = (2.0 * e0r) + (e0r * e0r - e0i * e0i);
      let di = (2.0 * e0i) + (2.0 * e0r * e0i);
      x0r = ar; x0i = ai; n0r = br; n0i = bi; k0r = cr0; k0i = ci0; e0r = dr; e0i = di;
      ar = ((2.0 * x1r) + (e1r * x1r - e1i * x1i)) + ((tl * n1r) + (l2 * k1r));
      ai = ((2.0 * x1i) + (e1r * x1i + e1i * x1r)) + ((tl * n1i) + (l2 * k1i));
      br = ((2.0 * n1r) + (e1r * n1r - e1i * n1i)) + (l * k1r);
      bi = ((2.0 * n1i) + (e1r * n1i + e1i * n1r)) + (l * k1i);
      cr0 = (2.0 * k1r) + (e1r * k1r - e1i * k1i);
      ci0 = (2.0 * k1i) + (e1r * k1i + e1i * k1r);
      dr = (2.0 * e1r) + (e1r * e1r - e1i * e1i);
      di = (2.0 * e1i) + (2.0 * e1r * e1i);
      x1r = ar; x1i = ai; n1r = br; n1i = bi; k1r = cr0; k1i = ci0; e1r = dr; e1i = di;
      ar = ((2.0 * x2r) + (e2r * x2r - e2i * x2i)) + ((tl * n2r) + (l2 * k2r));
      ai = ((2.0 * x2i) + (e2r * x2i + e2i * x2r)) + ((tl * n2i) + (l2 * k2i));
      br = ((2.0 * n2r) + (e2r * n2r - e2i * n2i)) + (l * k2r);
      bi = ((2.0 * n2i) + (e2r * n2i + e2i * n2r)) + (l * k2i);
      cr0 = (2.0 * k2r) + (e2r * k2r - e2i * k2i);
      ci0 = (2.0 * k2i) + (e2r * k2i + e2i * k2r);
      dr = (2.0 * e2r) + (e2r * e2r - e2i * e2i);
      di = (2.0 * e2i) + (2.0 * e2r * e2i);
      x2r = ar; x2i = ai; n2r = br; n2i = bi; k2r = cr0; k2i = ci0; e2r = dr; e2i = di;
      l *= 2.0;
    }
  }
  for (let k = 0; k < 3; k++) {
    const elr = k == 0 ? e0r : k == 1 ? e1r : e2r, eli = k == 0 ? e0i : k == 1 ? e1i : e2i;
    const kr = k == 0 ? k0r : k == 1 ? k1r : k2r, ki = k == 0 ? k0i : k == 1 ? k1i : k2i;
    const nr = k == 0 ? n0r : k == 1 ? n1r : n2r, ni = k == 0 ? n0i : k == 1 ? n1i : n2i;
    const xr = k == 0 ? x0r : k == 1 ? x1r : x2r, xi = k == 0 ? x0i : k == 1 ? x1i : x2i;
    // The doubled vectors at l = 1 in the eigenbasis (momentum-block.ts, prepareComplex): known part
    // g = p0 f0, D = am pm fm + a0 p0 f0, c = bm pm fm + b0 p0 f0; the P(r + L) part 0, a1 f1, b1 f1.
    const o = 2 * k;
    const fmr = g(YS, 6 + o), fmi = g(YS, 7 + o), f0r = g(YS, 12 + o), f0i = g(YS, 13 + o), f1r = g(YS, 18 + o), f1i = g(YS, 19 + o);
    const gr = p0 * f0r, gi = p0 * f0i;
    const dr = am * pm * fmr + a0 * p0 * f0r, di = am * pm * fmi + a0 * p0 * f0i;
    const cr2 = bm * pm * fmr + b0 * p0 * f0r, ci2 = bm * pm * fmi + b0 * p0 * f0i;
    const yr = g(YS, o), yi = g(YS, o + 1);
    p(OS, o, (((kr * gr - ki * gi) + (nr * dr - ni * di)) + (xr * cr2 - xi * ci2)) + (elr * yr - eli * yi));
    p(OS, o + 1, (((kr * gi + ki * gr) + (nr * di + ni * dr)) + (xr * ci2 + xi * cr2)) + (elr * yi + eli * yr));
    const d1r = a1 * f1r, d1i = a1 * f1i, c1r = b1 * f1r, c1i = b1 * f1i;
    p(OS, 6 + o, (nr * d1r - ni * d1i) + (xr * c1r - xi * c1i));
    p(OS, 7 + o, (nr * d1i + ni * d1r) + (xr * c1i + xi * c1r));
  }
  mulVec(VV, OS, 0, YS, 0);
  mulVec(VV, OS, 6, YS, 6);
  for (let k = 0; k < 6; k++) {
    store<f64>(at(arr(ws, n, A_XN + k), i), load<f64>(at(arr(ws, n, A_UR + k), i)) + g(YS, k));
    store<f64>(at(arr(ws, n, A_W1 + k), i), g(YS, 6 + k));
  }
  return true;
}
