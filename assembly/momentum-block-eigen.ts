// The eigen path of complex atoms in second-order blocks of the momentum/DANA recursion
// (docs/model.md §10, "Long horizons"; the scheme is described in momentum-block.ts). Per atom,
// E_m = A_m - I = V diag(e_k) V^(-1) (E_m itself is decomposed, never 1 + tiny): the eigenvalues from
// the characteristic cubic (rootsOfMap, momentum-map.ts), each eigenvector the null vector of E_m - e_k I
// (the largest cross product of two of its rows). In the eigenbasis the matrix path's doubled vectors
// are scalar sums per eigenvalue e (lambda = 1 + e):
//   W_c(L) = k W_c(1),  W_D(L) = k W_D(1) + 2 n W_c(1),  W_g(L) = k W_g(1) + n W_D(1) + x W_c(1),
//   k = sum_(s<L) lambda^(L-1-s), n = sum_s s lambda^(L-1-s), x = sum_s s^2 lambda^(L-1-s),
// in closed form from e_L = lambda^L - 1 (doubled, never 1 + tiny) where |e L| >= 1/4, by their
// binomial series below (chainSums), so an atom costs a few hundred flops for the decomposition and
// about 7 per level and eigenvalue for e_L instead of a 3x3 complex product per level. Where V is
// ill-conditioned (near the collision of the optimizer's eigenvalues) the caller falls back to the
// matrix path. Scalar code, the same in both builds.
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

// Per eigenvalue (8 f64 each): e_L = (1 + e)^L - 1 and the sums k, n, x below, re/im.
const CS = new StaticArray<f64>(24);
// 1/(m + 1) for the series' term ratios (a multiplication instead of a division per term).
const RECIP = new StaticArray<f64>(48);
for (let m = 0; m < 48; m++) unchecked((RECIP[m] = 1.0 / <f64>(m + 1)));

/**
 * For the three eigenvalues e of E_m in MAP_ROOTS (lambda = 1 + e) and L = 2^levels, into CS at 8 j:
 * e_L = lambda^L - 1 by doubling (e_2l = 2 e_l + e_l^2, never 1 + tiny; the three interleaved) and
 *   k = sum_(s<L) lambda^(L-1-s),  n = sum_(s<L) s lambda^(L-1-s),  x = sum_(s<L) s^2 lambda^(L-1-s).
 * Where |e L| >= 1/4, in closed form, k = e_L / e, n = (k - L) / e, x = (2 n + k - L^2) / e (from
 * e S_m = sum_s ((s+1)^m - s^m) lambda^(L-1-s) - L^m + [m = 0] lambda^L); the divisions cancel little
 * there (against high-precision sums at most 4e-14 relative, in x near |e L| = 1/4). Below, by the binomial series k = sum_m C(L, m+1) e^m,
 * n = sum_m C(L, m+2) e^m, x = sum_m (2 C(L, m+3) + C(L, m+2)) e^m (sum_s C(s, a) C(L-1-s, b) =
 * C(L, a+b+1)), whose terms fall by at least |e L| / 2 <= 1/8 each, summed until the terms are
 * below 2^-56 of their sums.
 */
function chainSums(levels: i32): void {
  const L = <f64>(1 << levels);
  const e0r = g(MAP_ROOTS, 0), e0i = g(MAP_ROOTS, 1), e1r = g(MAP_ROOTS, 2), e1i = g(MAP_ROOTS, 3);
  const e2r = g(MAP_ROOTS, 4), e2i = g(MAP_ROOTS, 5);
  let l0r = e0r, l0i = e0i, l1r = e1r, l1i = e1i, l2r = e2r, l2i = e2i;
  for (let lv = 0; lv < levels; lv++) {
    const a0r = (2.0 * l0r) + (l0r * l0r - l0i * l0i), a0i = (2.0 * l0i) + (2.0 * l0r * l0i);
    const a1r = (2.0 * l1r) + (l1r * l1r - l1i * l1i), a1i = (2.0 * l1i) + (2.0 * l1r * l1i);
    const a2r = (2.0 * l2r) + (l2r * l2r - l2i * l2i), a2i = (2.0 * l2i) + (2.0 * l2r * l2i);
    l0r = a0r; l0i = a0i; l1r = a1r; l1i = a1i; l2r = a2r; l2i = a2i;
  }
  sumsOf(0, e0r, e0i, l0r, l0i, L);
  sumsOf(1, e1r, e1i, l1r, l1i, L);
  sumsOf(2, e2r, e2i, l2r, l2i, L);
}

/** k, n, x of chainSums for one eigenvalue e with e_L = (lr, li), into CS at 8 j. */
function sumsOf(j: i32, er: f64, ei: f64, lr: f64, li: f64, L: f64): void {
  const o = 8 * j, mr = er * L, mi = ei * L;
  p(CS, o, lr); p(CS, o + 1, li);
  if (mr * mr + mi * mi >= 0.0625) {
    const em = er * er + ei * ei, ir = er / em, ii = -ei / em;
    const kr = lr * ir - li * ii, ki = lr * ii + li * ir;
    const ar = kr - L, nr = ar * ir - ki * ii, ni = ar * ii + ki * ir;
    const br = (2.0 * nr + kr) - L * L, bi = 2.0 * ni + ki;
    p(CS, o + 2, kr); p(CS, o + 3, ki); p(CS, o + 4, nr); p(CS, o + 5, ni);
    p(CS, o + 6, br * ir - bi * ii); p(CS, o + 7, br * ii + bi * ir);
    return;
  }
  // a_m = C(L, m+1) e^m, b_m = C(L, m+2) e^m, c_m = C(L, m+3) e^m; a_(m+1) = a_m e (L - m - 1)/(m + 2), ...
  let ar = L, ai = 0.0, br = L * (L - 1.0) * 0.5, bi = 0.0, cr = br * (L - 2.0) / 3.0, ci = 0.0;
  let kr = ar, ki = 0.0, nr = br, ni = 0.0, xr = cr, xi = 0.0;
  const tol = 1.3877787807814457e-17; // 2^-56
  for (let m = 0; m < 44; m++) {
    const fm = <f64>m;
    const sa = (L - fm - 1.0) * unchecked(RECIP[m + 1]), sb = (L - fm - 2.0) * unchecked(RECIP[m + 2]);
    const sc = (L - fm - 3.0) * unchecked(RECIP[m + 3]);
    const ar2 = (ar * er - ai * ei) * sa, ai2 = (ar * ei + ai * er) * sa;
    const br2 = (br * er - bi * ei) * sb, bi2 = (br * ei + bi * er) * sb;
    const cr2 = (cr * er - ci * ei) * sc, ci2 = (cr * ei + ci * er) * sc;
    ar = ar2; ai = ai2; br = br2; bi = bi2; cr = cr2; ci = ci2;
    kr += ar; ki += ai; nr += br; ni += bi; xr += cr; xi += ci;
    // Relative to its leading term, each of b and c falls faster than a, and every sum is within 15%
    // of its leading term (|e L| < 1/4): a below tol of k bounds all three.
    if (Math.abs(ar) + Math.abs(ai) <= tol * (Math.abs(kr) + Math.abs(ki))) break;
  }
  // x = 2 sum c + n
  p(CS, o + 2, kr); p(CS, o + 3, ki); p(CS, o + 4, nr); p(CS, o + 5, ni);
  p(CS, o + 6, 2.0 * xr + nr); p(CS, o + 7, 2.0 * xi + ni);
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
  // The three geometric sums per eigenvalue (chainSums), in closed form or by their series.
  chainSums(levels);
  for (let k = 0; k < 3; k++) {
    const elr = g(CS, 8 * k), eli = g(CS, 8 * k + 1), kr = g(CS, 8 * k + 2), ki = g(CS, 8 * k + 3);
    const nr = g(CS, 8 * k + 4), ni = g(CS, 8 * k + 5), xr = g(CS, 8 * k + 6), xi = g(CS, 8 * k + 7);
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
