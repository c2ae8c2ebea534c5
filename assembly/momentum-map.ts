// The one-step map of the momentum/DANA second-moment recursion (docs/model.md §10) on one atom z
// (an eigenvalue of K, or a complex contour node), E = A - I formed without subtraction on the
// diagonal, with c = gamma2 + gamma1 gamma3, m = 1 - Delta:
//   U' = [1 - 2cBz + c^2 B(B+1) z^2] U + gamma3^2 m^2 S - 2 gamma3 m (1 - cBz) V + c^2 B nu P
//   S' = gamma1^2 B(B+1) z^2 U + m^2 S + 2 m gamma1 B z V + gamma1^2 B nu P
//   V' = gamma1 B z [1 - c(B+1) z] U - gamma3 m^2 S + m [1 - (c + gamma1 gamma3) B z] V - c gamma1 B nu P
// and its checks: the growth (spectral radius - 1) and the frozen-time kernel mass of an atom.
import { OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA } from "./abi";
import { optCoef } from "./momentum-coef";
import { at } from "./momentum-layout";

// E = A - I of one atom, in complex arithmetic, as module registers (set by mapAt).
export let e00r = 0.0, e00i = 0.0, e01r = 0.0, e01i = 0.0, e02r = 0.0, e02i = 0.0;
export let e10r = 0.0, e10i = 0.0, e11r = 0.0, e11i = 0.0, e12r = 0.0, e12i = 0.0;
export let e20r = 0.0, e20i = 0.0, e21r = 0.0, e21i = 0.0, e22r = 0.0, e22i = 0.0;

/** E = A - I at atom z = (x, y) for coefficients (g1, g2, g3, Delta) and batch B. */
export function mapAt(x: f64, y: f64, g1: f64, g2: f64, g3: f64, delta: f64, B: f64): void {
  const c = g2 + g1 * g3, m = 1.0 - delta;
  const z2r = x * x - y * y, z2i = 2.0 * x * y;
  const cB = c * B;
  // uu: -(2cB z - c^2 B(B+1) z^2)
  const c2 = c * c * B * (B + 1.0);
  e00r = -(2.0 * cB * x - c2 * z2r); e00i = -(2.0 * cB * y - c2 * z2i);
  e01r = g3 * g3 * m * m; e01i = 0.0;
  e02r = -2.0 * g3 * m * (1.0 - cB * x); e02i = 2.0 * g3 * m * cB * y;
  const s2 = g1 * g1 * B * (B + 1.0);
  e10r = s2 * z2r; e10i = s2 * z2i;
  e11r = -delta * (2.0 - delta); e11i = 0.0;
  e12r = 2.0 * m * g1 * B * x; e12i = 2.0 * m * g1 * B * y;
  const g1B = g1 * B, w2 = g1 * c * B * (B + 1.0);
  e20r = g1B * x - w2 * z2r; e20i = g1B * y - w2 * z2i;
  e21r = -g3 * m * m; e21i = 0.0;
  const k = m * (c + g1 * g3) * B;
  e22r = -delta - k * x; e22i = -k * y;
}

// Complex helpers on registers.
// Complex helpers on registers.
let qr = 0.0, qi = 0.0;
// @ts-ignore: decorator
@inline export function cmulR(ar: f64, ai: f64, br: f64, bi: f64): f64 { return ar * br - ai * bi; }
// @ts-ignore: decorator
@inline export function cmulI(ar: f64, ai: f64, br: f64, bi: f64): f64 { return ar * bi + ai * br; }

/** Principal square root of (x, y) into (qr, qi). */
function csqrt(x: f64, y: f64): void {
  const r = Math.hypot(x, y);
  if (r == 0) { qr = 0; qi = 0; return; }
  if (x >= 0) {
    const t = Math.sqrt(0.5 * (r + x));
    qr = t; qi = y / (2.0 * t);
  } else {
    const t = Math.sqrt(0.5 * (r - x));
    qi = y >= 0 ? t : -t; qr = y / (2.0 * qi);
  }
}

/** Principal cube root of (x, y) into (qr, qi). */
function ccbrt(x: f64, y: f64): void {
  const r = Math.hypot(x, y);
  if (r == 0) { qr = 0; qi = 0; return; }
  const a = Math.atan2(y, x) / 3.0, s = Math.cbrt(r);
  qr = s * Math.cos(a); qi = s * Math.sin(a);
}

/**
 * The largest |1 + eps| - 1 over the eigenvalues eps of E (the registers): the growth of the
 * one-step map A = I + E over one step (negative: contracting). The characteristic polynomial of E
 * (eps^3 + a eps^2 + b eps + c) is solved by Cardano's formula, each root polished by two Newton
 * steps; |1 + eps| - 1 = (2 Re eps + |eps|^2) / (1 + |1 + eps|) has no cancellation.
 */
export function growthOfMap(): f64 {
  rootsOfMap();
  let worst = -Infinity;
  for (let k = 0; k < 3; k++) {
    const er = unchecked(MAP_ROOTS[2 * k]), ei = unchecked(MAP_ROOTS[2 * k + 1]);
    const mod = Math.hypot(1.0 + er, ei);
    const g = (2.0 * er + er * er + ei * ei) / (1.0 + mod);
    if (!(g <= worst)) worst = g;
  }
  return worst;
}

/** The three eigenvalues of E (the registers) from rootsOfMap, (re, im) interleaved. */
export const MAP_ROOTS = new StaticArray<f64>(6);

/** The characteristic polynomial eps^3 + a eps^2 + b eps + c of E (the registers) into (cpa.., cpb.., cpc..). */
function charPoly(): void {
  // a = -tr E, b = sum of principal 2x2 minors, c = -det E.
  const ar = -(e00r + e11r + e22r), ai = -(e00i + e11i + e22i);
  const m01r = cmulR(e00r, e00i, e11r, e11i) - cmulR(e01r, e01i, e10r, e10i);
  const m01i = cmulI(e00r, e00i, e11r, e11i) - cmulI(e01r, e01i, e10r, e10i);
  const m02r = cmulR(e00r, e00i, e22r, e22i) - cmulR(e02r, e02i, e20r, e20i);
  const m02i = cmulI(e00r, e00i, e22r, e22i) - cmulI(e02r, e02i, e20r, e20i);
  const m12r = cmulR(e11r, e11i, e22r, e22i) - cmulR(e12r, e12i, e21r, e21i);
  const m12i = cmulI(e11r, e11i, e22r, e22i) - cmulI(e12r, e12i, e21r, e21i);
  const br = m01r + m02r + m12r, bi = m01i + m02i + m12i;
  // det E by the first row: e00 m12 - e01 (e10 e22 - e12 e20) + e02 (e10 e21 - e11 e20)
  const c1r = cmulR(e10r, e10i, e22r, e22i) - cmulR(e12r, e12i, e20r, e20i);
  const c1i = cmulI(e10r, e10i, e22r, e22i) - cmulI(e12r, e12i, e20r, e20i);
  const c2r = cmulR(e10r, e10i, e21r, e21i) - cmulR(e11r, e11i, e20r, e20i);
  const c2i = cmulI(e10r, e10i, e21r, e21i) - cmulI(e11r, e11i, e20r, e20i);
  const detr = cmulR(e00r, e00i, m12r, m12i) - cmulR(e01r, e01i, c1r, c1i) + cmulR(e02r, e02i, c2r, c2i);
  const deti = cmulI(e00r, e00i, m12r, m12i) - cmulI(e01r, e01i, c1r, c1i) + cmulI(e02r, e02i, c2r, c2i);
  const cr = -detr, ci = -deti;
  cpar = ar; cpai = ai; cpbr = br; cpbi = bi; cpcr = cr; cpci = ci;
}
let cpar = 0.0, cpai = 0.0, cpbr = 0.0, cpbi = 0.0, cpcr = 0.0, cpci = 0.0;

/**
 * The eigenvalues of E = A - I at atom z = (x, y) (the registers, set by mapAt with the same
 * coefficients) into MAP_ROOTS without Cardano's formula: Newton on the characteristic polynomial from
 * mu mu' - 1 over the eigenvalues mu, mu' of the 2x2 mean map (docs/model.md §10; the second-moment map
 * adds the rank-one noise term, of order B z^2). False where a root has not converged (relative step
 * above 1e-13 after four steps): the caller uses rootsOfMap.
 */
export function rootsOfMapNear(x: f64, y: f64, g1: f64, g2: f64, g3: f64, delta: f64, B: f64): bool {
  charPoly();
  const ar = cpar, ai = cpai, br = cpbr, bi = cpbi, cr = cpcr, ci = cpci;
  const c = g2 + g1 * g3, m = 1.0 - delta;
  // M2 - I = [[-cBz, -g3 m], [g1 B z, -Delta]]: trace w, determinant Bz (c Delta + g1 g3 m).
  const wr = -(c * B * x + delta), wi = -(c * B * y);
  const k = B * (c * delta + g1 * g3 * m);
  const pr = k * x, pi = k * y;
  // disc = w^2 - 4 det
  csqrt((wr * wr - wi * wi) - 4.0 * pr, 2.0 * wr * wi - 4.0 * pi);
  let ur = wr + qr, ui = wi + qi;
  const vr = wr - qr, vi = wi - qi;
  if (vr * vr + vi * vi > ur * ur + ui * ui) { ur = vr; ui = vi; }
  // big root u / 2, small root det / (u / 2) = 2 det / u
  const n1r = 0.5 * ur, n1i = 0.5 * ui;
  const um = ur * ur + ui * ui;
  if (!(um > 0) || !isFinite(um)) return false;
  const n2r = 2.0 * (pr * ur + pi * ui) / um, n2i = 2.0 * (pi * ur - pr * ui) / um;
  for (let j = 0; j < 3; j++) {
    // 2 n1 + n1^2, n1 + n2 + n1 n2, 2 n2 + n2^2
    const sr = j == 0 ? n1r : j == 1 ? n1r : n2r, si = j == 0 ? n1i : j == 1 ? n1i : n2i;
    const tr = j == 0 ? n1r : j == 1 ? n2r : n2r, ti = j == 0 ? n1i : j == 1 ? n2i : n2i;
    let er = (sr + tr) + (sr * tr - si * ti), ei = (si + ti) + (sr * ti + si * tr);
    let ok = false;
    for (let it = 0; it < 4; it++) {
      const x2r = cmulR(er, ei, er, ei), x2i = cmulI(er, ei, er, ei);
      const fr = cmulR(x2r, x2i, er, ei) + cmulR(ar, ai, x2r, x2i) + cmulR(br, bi, er, ei) + cr;
      const fi = cmulI(x2r, x2i, er, ei) + cmulI(ar, ai, x2r, x2i) + cmulI(br, bi, er, ei) + ci;
      const dr = 3.0 * x2r + 2.0 * cmulR(ar, ai, er, ei) + br;
      const di = 3.0 * x2i + 2.0 * cmulI(ar, ai, er, ei) + bi;
      const dm = dr * dr + di * di;
      if (!(dm > 0)) break;
      const hr = (fr * dr + fi * di) / dm, hi = (fi * dr - fr * di) / dm;
      if (!isFinite(hr) || !isFinite(hi)) break;
      er -= hr; ei -= hi;
      if (hr * hr + hi * hi <= 1e-26 * (er * er + ei * ei)) { ok = true; break; }
    }
    if (!ok) return false;
    unchecked((MAP_ROOTS[2 * j] = er));
    unchecked((MAP_ROOTS[2 * j + 1] = ei));
  }
  return true;
}

/**
 * The eigenvalues of E (the registers) into MAP_ROOTS: Cardano's formula on the characteristic
 * polynomial, each root polished by guarded Newton steps (growthOfMap, the eigen path of the blocks).
 */
export function rootsOfMap(): void {
  charPoly();
  const ar = cpar, ai = cpai, br = cpbr, bi = cpbi, cr = cpcr, ci = cpci;
  // Depressed cubic t^3 + p t + q, eps = t - a/3.
  const a2r = cmulR(ar, ai, ar, ai), a2i = cmulI(ar, ai, ar, ai);
  const pr = br - a2r / 3.0, pi = bi - a2i / 3.0;
  const a3r = cmulR(a2r, a2i, ar, ai), a3i = cmulI(a2r, a2i, ar, ai);
  const abr = cmulR(ar, ai, br, bi), abi = cmulI(ar, ai, br, bi);
  const qqr = (2.0 * a3r) / 27.0 - abr / 3.0 + cr, qqi = (2.0 * a3i) / 27.0 - abi / 3.0 + ci;
  const q2r = cmulR(qqr, qqi, qqr, qqi) / 4.0, q2i = cmulI(qqr, qqi, qqr, qqi) / 4.0;
  const p2r = cmulR(pr, pi, pr, pi), p2i = cmulI(pr, pi, pr, pi);
  const p3r = cmulR(p2r, p2i, pr, pi) / 27.0, p3i = cmulI(p2r, p2i, pr, pi) / 27.0;
  csqrt(q2r + p3r, q2i + p3i);
  const sr = qr, si = qi;
  let wr = -qqr / 2.0 + sr, wi = -qqi / 2.0 + si;
  const vr = -qqr / 2.0 - sr, vi = -qqi / 2.0 - si;
  if (vr * vr + vi * vi > wr * wr + wi * wi) { wr = vr; wi = vi; }
  ccbrt(wr, wi);
  let Cr = qr, Ci = qi;
  const w1r = -0.5, w1i = 0.8660254037844386;
  for (let k = 0; k < 3; k++) {
    let tr: f64, ti: f64;
    const cm = Cr * Cr + Ci * Ci;
    if (cm == 0) {
      tr = 0; ti = 0;
    } else {
      // t = C - p / (3 C)
      const ir = Cr / cm, ii = -Ci / cm;
      tr = Cr - cmulR(pr, pi, ir, ii) / 3.0;
      ti = Ci - cmulI(pr, pi, ir, ii) / 3.0;
    }
    let er = tr - ar / 3.0, ei = ti - ai / 3.0;
    // Newton on f(eps) = eps^3 + a eps^2 + b eps + c, a step kept only where it lowers |f| (near a
    // double root f' vanishes and an unguarded step would jump away).
    for (let it = 0; it < 3; it++) {
      const x2r = cmulR(er, ei, er, ei), x2i = cmulI(er, ei, er, ei);
      const x3r = cmulR(x2r, x2i, er, ei), x3i = cmulI(x2r, x2i, er, ei);
      const fr = x3r + cmulR(ar, ai, x2r, x2i) + cmulR(br, bi, er, ei) + cr;
      const fi = x3i + cmulI(ar, ai, x2r, x2i) + cmulI(br, bi, er, ei) + ci;
      const dr = 3.0 * x2r + 2.0 * cmulR(ar, ai, er, ei) + br;
      const di = 3.0 * x2i + 2.0 * cmulI(ar, ai, er, ei) + bi;
      const dm = dr * dr + di * di;
      if (!(dm > 0) || !isFinite(fr) || !isFinite(fi)) break;
      const nr = er - (fr * dr + fi * di) / dm, ni = ei - (fi * dr - fr * di) / dm;
      if (!isFinite(nr) || !isFinite(ni)) break;
      const y2r = cmulR(nr, ni, nr, ni), y2i = cmulI(nr, ni, nr, ni);
      const y3r = cmulR(y2r, y2i, nr, ni), y3i = cmulI(y2r, y2i, nr, ni);
      const gr = y3r + cmulR(ar, ai, y2r, y2i) + cmulR(br, bi, nr, ni) + cr;
      const gi = y3i + cmulI(ar, ai, y2r, y2i) + cmulI(br, bi, nr, ni) + ci;
      if (!(gr * gr + gi * gi < fr * fr + fi * fi)) break;
      er = nr; ei = ni;
    }
    unchecked((MAP_ROOTS[2 * k] = er));
    unchecked((MAP_ROOTS[2 * k + 1] = ei));
    // next cube root: C * omega
    const nr = cmulR(Cr, Ci, w1r, w1i), ni = cmulI(Cr, Ci, w1r, w1i);
    Cr = nr; Ci = ni;
  }
}

/**
 * Re [(I - A)^(-1) f]_U with f = B nu (c^2, gamma1^2, -c gamma1) at the registers' map (E = A - I):
 * the frozen-time kernel mass of one atom (its sum over atoms is the kernel norm). (I - A) x = f
 * is -E x = f, solved by Cramer's rule in complex arithmetic.
 */
function kernelMassOfMap(nur: f64, nui: f64, g1: f64, g2: f64, g3: f64, B: f64): f64 {
  const c = g2 + g1 * g3;
  // M = -E; x_U = det(M with column 0 replaced by f) / det M.
  const m00r = -e00r, m00i = -e00i, m01r = -e01r, m01i = -e01i, m02r = -e02r, m02i = -e02i;
  const m10r = -e10r, m10i = -e10i, m11r = -e11r, m11i = -e11i, m12r = -e12r, m12i = -e12i;
  const m20r = -e20r, m20i = -e20i, m21r = -e21r, m21i = -e21i, m22r = -e22r, m22i = -e22i;
  const f0r = c * c * B * nur, f0i = c * c * B * nui;
  const f1r = g1 * g1 * B * nur, f1i = g1 * g1 * B * nui;
  const f2r = -c * g1 * B * nur, f2i = -c * g1 * B * nui;
  // minors of rows 1, 2 with columns (1, 2)
  const k0r = cmulR(m11r, m11i, m22r, m22i) - cmulR(m12r, m12i, m21r, m21i);
  const k0i = cmulI(m11r, m11i, m22r, m22i) - cmulI(m12r, m12i, m21r, m21i);
  // det M
  const k1r = cmulR(m10r, m10i, m22r, m22i) - cmulR(m12r, m12i, m20r, m20i);
  const k1i = cmulI(m10r, m10i, m22r, m22i) - cmulI(m12r, m12i, m20r, m20i);
  const k2r = cmulR(m10r, m10i, m21r, m21i) - cmulR(m11r, m11i, m20r, m20i);
  const k2i = cmulI(m10r, m10i, m21r, m21i) - cmulI(m11r, m11i, m20r, m20i);
  const detr = cmulR(m00r, m00i, k0r, k0i) - cmulR(m01r, m01i, k1r, k1i) + cmulR(m02r, m02i, k2r, k2i);
  const deti = cmulI(m00r, m00i, k0r, k0i) - cmulI(m01r, m01i, k1r, k1i) + cmulI(m02r, m02i, k2r, k2i);
  // numerator: column 0 = f
  const h1r = cmulR(f1r, f1i, m22r, m22i) - cmulR(m12r, m12i, f2r, f2i);
  const h1i = cmulI(f1r, f1i, m22r, m22i) - cmulI(m12r, m12i, f2r, f2i);
  const h2r = cmulR(f1r, f1i, m21r, m21i) - cmulR(m11r, m11i, f2r, f2i);
  const h2i = cmulI(f1r, f1i, m21r, m21i) - cmulI(m11r, m11i, f2r, f2i);
  const numr = cmulR(f0r, f0i, k0r, k0i) - cmulR(m01r, m01i, h1r, h1i) + cmulR(m02r, m02i, h2r, h2i);
  const numi = cmulI(f0r, f0i, k0r, k0i) - cmulI(m01r, m01i, h1r, h1i) + cmulI(m02r, m02i, h2r, h2i);
  const dm = detr * detr + deti * deti;
  if (!(dm > 0)) return (numr == 0 && numi == 0) ? 0.0 : Infinity;
  return (numr * detr + numi * deti) / dm;
}

/**
 * Growth and frozen-time kernel norm of the map at step t over n atoms (z as (re, im) arrays, nu
 * as (re, im) arrays): writes out[0] = the largest |eigenvalue| - 1 over the atoms, out[1] = the
 * kernel norm Re sum_n [(I - A_n)^(-1) f_n]_U, out[2] = the index of the atom with the largest growth.
 */
export function momentumMapCheck(
  zr: usize, zi: usize, nr: usize, ni: usize, n: i32, table: usize, batch: f64, t: f64, wantNorm: i32, out: usize,
): void {
  const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
  const g3 = optCoef(table, OPT_GAMMA3, t), dl = optCoef(table, OPT_DELTA, t);
  let worst = -Infinity, norm = 0.0, where = -1;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(at(zr, i)), y = zi == 0 ? 0.0 : load<f64>(at(zi, i));
    mapAt(x, y, g1, g2, g3, dl, batch);
    const g = growthOfMap();
    if (!(g <= worst)) { worst = g; where = i; }
    if (wantNorm != 0 && !(x == 0 && y == 0)) {
      norm += kernelMassOfMap(load<f64>(at(nr, i)), ni == 0 ? 0.0 : load<f64>(at(ni, i)), g1, g2, g3, batch);
    }
  }
  store<f64>(out, worst);
  store<f64>(out, norm, 8);
  store<f64>(out, <f64>where, 16);
}

/**
 * Stability of the optimizer on the n real eigenvalues at `lambda` (max(0, lambda) used) at step t:
 * out[0] = the largest spectral radius of the one-step map minus 1 (stable: <= MOMENTUM_GROWTH_TOL),
 * out[1] = the frozen-time kernel norm sum_i lambda_i [(I - M_i)^(-1) f_i]_u (stable: < 1),
 * out[2] = the index of the eigenvalue with the largest radius. table: OPT_TABLE_LEN f64.
 */
export function momentumStability(lambda: usize, n: i32, table: usize, batch: f64, t: f64, out: usize): void {
  // nu = lambda^2 per atom: evaluate in one pass with a scratch-free loop.
  const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
  const g3 = optCoef(table, OPT_GAMMA3, t), dl = optCoef(table, OPT_DELTA, t);
  let worst = -Infinity, norm = 0.0, where = -1;
  for (let i = 0; i < n; i++) {
    const l = Math.max(0.0, load<f64>(at(lambda, i)));
    mapAt(l, 0.0, g1, g2, g3, dl, batch);
    const g = growthOfMap();
    if (!(g <= worst)) { worst = g; where = i; }
    if (l > 0) norm += kernelMassOfMap(l * l, 0.0, g1, g2, g3, batch);
  }
  store<f64>(out, worst);
  store<f64>(out, norm, 8);
  store<f64>(out, <f64>where, 16);
}

/**
 * The ray slope of the deterministic contour on which the optimizer's one-step map does not grow up
 * to step `horizon` (docs/model.md §10): near the collision c B x = Delta of the error and momentum
 * eigenvalues, at z = x (1 + i s) one eigenvalue of the 2x2 mean map has modulus about
 * 1 - (Delta + c B x)/2 + s sqrt(gamma1 gamma3 B x)/2, so the map contracts for every x exactly when
 * s < s*(t) = 2 sqrt(c Delta / (gamma1 gamma3)) (c = gamma2 + gamma1 gamma3; B cancels). Returns
 * 0.9 min of s*(t) over t = 0 and horizon^(j/64), j = 1..64, capped at `cap` (the default slope);
 * `cap` where gamma1 gamma3 = 0 throughout. table: the optimizer table (OPT_TABLE_LEN f64).
 */
export function momentumContourSlope(table: usize, horizon: f64, cap: f64): f64 {
  let s = cap;
  for (let j = 0; j <= 64; j++) {
    const t = j == 0 ? 0.0 : Math.pow(Math.max(horizon, 1.0), <f64>j / 64.0);
    const g1 = optCoef(table, OPT_GAMMA1, t), g3 = optCoef(table, OPT_GAMMA3, t);
    const c = optCoef(table, OPT_GAMMA2, t) + g1 * g3, dl = optCoef(table, OPT_DELTA, t);
    if (g1 * g3 > 0) s = Math.min(s, 0.9 * 2.0 * Math.sqrt((c * dl) / (g1 * g3)));
  }
  return s;
}

/** Steps per decade of the time grid on which momentumAllowedSlope looks for growth. */
const SLOPE_TIMES_PER_DECADE = 16.0;
// The step at which the last tested slope grew (tested first next time: the worst step moves slowly with x).
let worstStep = 0;

/**
 * The largest slope s in [lo, hi] (to 0.3% in log s) such that the one-step map does not grow
 * (growth <= tol) at z = x (1 + i s) at t = 0 and at t = horizon^(j/n), j = 1..n, n = 16 per decade
 * of the horizon (docs/model.md §10); Infinity if it does not grow at hi, 0 if it grows at lo.
 * Growth rises with s near the collision c B x = Delta(t), so the answer is found by bisection in
 * log s. table: the optimizer table (OPT_TABLE_LEN f64); batch B.
 */
export function momentumAllowedSlope(table: usize, batch: f64, horizon: f64, x: f64, lo: f64, hi: f64, tol: f64): f64 {
  const n = horizon > 1.0 ? <i32>Math.ceil(SLOPE_TIMES_PER_DECADE * Math.log10(horizon)) : 0;
  if (!growsAt(table, batch, horizon, n, x, hi, tol)) return Infinity;
  if (growsAt(table, batch, horizon, n, x, lo, tol)) return 0.0;
  let a = Math.log(lo), b = Math.log(hi);
  for (let it = 0; it < 10; it++) {
    const mid = 0.5 * (a + b);
    if (growsAt(table, batch, horizon, n, x, Math.exp(mid), tol)) b = mid;
    else a = mid;
  }
  return Math.exp(a);
}

/** Whether the map grows above tol at z = x (1 + i s) at some step of the grid (n + 1 steps). */
function growsAt(table: usize, batch: f64, horizon: f64, n: i32, x: f64, s: f64, tol: f64): bool {
  const first = min(worstStep, n);
  for (let k = 0; k <= n; k++) {
    // the step that grew last time first, then the others in order
    const j = k == 0 ? first : k - 1 < first ? k - 1 : k;
    const t = j == 0 ? 0.0 : Math.pow(horizon, <f64>j / <f64>n);
    mapAt(x, s * x, optCoef(table, OPT_GAMMA1, t), optCoef(table, OPT_GAMMA2, t), optCoef(table, OPT_GAMMA3, t),
      optCoef(table, OPT_DELTA, t), batch);
    if (growthOfMap() > tol) { worstStep = j; return true; }
  }
  return false;
}
