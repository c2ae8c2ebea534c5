// The expected loss of momentum SGD and DANA (docs/model.md §10) as a resumable job: the exact
// second-moment recursion of the optimizer, mode by mode, on any spectral measure.
//
// The optimizer, with the summed batch gradient G = sum_i a_i (<a_i, theta> - y_i) and t counting
// updates from 0:
//   y' = (1 - Delta_t) y + gamma1_t G,    theta' = theta - gamma2_t G - gamma3_t y'.
// Per atom z (an eigenvalue of K, or a complex contour node) the state is (U, S, V) in loss units
// (z E e^2, z E y^2, z E e y in the eigenbasis), with c = gamma2 + gamma1 gamma3, m = 1 - Delta:
//   U' = [1 - 2cBz + c^2 B(B+1) z^2] U + gamma3^2 m^2 S - 2 gamma3 m (1 - cBz) V + c^2 B nu P
//   S' = gamma1^2 B(B+1) z^2 U + m^2 S + 2 m gamma1 B z V + gamma1^2 B nu P
//   V' = gamma1 B z [1 - c(B+1) z] U - gamma3 m^2 S + m [1 - (c + gamma1 gamma3) B z] V - c gamma1 B nu P
//   P = F0 + Re sum_n U_n,   U(0) = phi (the forcing mass),  S(0) = V(0) = 0,
// nu the kernel mass of the atom (lambda^2 for an eigenvalue). gamma1 = gamma3 = 0 is SGD (§4).
//
// Coefficients are power laws in (1 + t): a table of OPT_TABLE_LEN f64, for k = OPT_GAMMA1,
// OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA the triple [value, scale, power] at 3k: value (1 + t/scale)^(-power)
// (power 0: constant). Every step is exact (no blocks); the job checks the one-step 3x3 map for
// growth on the atoms (spectral radius above 1 + MOMENTUM_GROWTH_TOL) at steps 0..15, at every power
// of two and at every checkpoint, and fails with ERR_GROWTH rather than return noise.
import {
  ERR_ARGUMENT, ERR_STATE, ERR_GROWTH, JOB_KIND_MOMENTUM, STATUS_DONE, STATUS_MORE,
  getF, getI, getP, jobFree, jobIs, jobNew, jobOwn, jobReturn, jobSetProgress, setF, setI, setP,
} from "./job";
import { OPT_TABLE_LEN, OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA, MOMENTUM_GROWTH_TOL } from "./abi";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
// @ts-ignore: decorator
@inline function arr(ws: usize, n: i32, k: i32): usize {
  return ws + ((<usize>k * <usize>n) << 3);
}

/** Coefficient k of the table at step t: value (1 + t/scale)^(-power). */
export function optCoef(table: usize, k: i32, t: f64): f64 {
  const v = load<f64>(at(table, 3 * k)), scale = load<f64>(at(table, 3 * k + 1)), p = load<f64>(at(table, 3 * k + 2));
  if (p == 0 || v == 0) return v;
  return v * Math.pow(1.0 + t / scale, -p);
}

/** Whether a table is valid: values finite and >= 0, scales > 0, powers finite and >= 0, Delta(t) <= 1. */
export function optValid(table: usize): bool {
  for (let k = 0; k < 4; k++) {
    const v = load<f64>(at(table, 3 * k)), scale = load<f64>(at(table, 3 * k + 1)), p = load<f64>(at(table, 3 * k + 2));
    if (!(v >= 0 && v < Infinity) || !(scale > 0 && scale < Infinity) || !(p >= 0 && p < Infinity)) return false;
  }
  return load<f64>(at(table, 3 * OPT_DELTA)) <= 1.0;
}

// ---------------------------------------------------------------------------------------------
// The one-step map of one atom, in complex arithmetic, as module registers (inlined away).
// E = A - I (formed without subtraction on the diagonal) and the forcing direction f (times B nu P).
let e00r = 0.0, e00i = 0.0, e01r = 0.0, e01i = 0.0, e02r = 0.0, e02i = 0.0;
let e10r = 0.0, e10i = 0.0, e11r = 0.0, e11i = 0.0, e12r = 0.0, e12i = 0.0;
let e20r = 0.0, e20i = 0.0, e21r = 0.0, e21i = 0.0, e22r = 0.0, e22i = 0.0;

/** E = A - I at atom z = (x, y) for coefficients (g1, g2, g3, Delta) and batch B. */
function mapAt(x: f64, y: f64, g1: f64, g2: f64, g3: f64, delta: f64, B: f64): void {
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
let qr = 0.0, qi = 0.0;
// @ts-ignore: decorator
@inline function cmulR(ar: f64, ai: f64, br: f64, bi: f64): f64 { return ar * br - ai * bi; }
// @ts-ignore: decorator
@inline function cmulI(ar: f64, ai: f64, br: f64, bi: f64): f64 { return ar * bi + ai * br; }

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
function growthOfMap(): f64 {
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
  let worst = -Infinity;
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
    const mod = Math.hypot(1.0 + er, ei);
    const g = (2.0 * er + er * er + ei * ei) / (1.0 + mod);
    if (!(g <= worst)) worst = g;
    // next cube root: C * omega
    const nr = cmulR(Cr, Ci, w1r, w1i), ni = cmulI(Cr, Ci, w1r, w1i);
    Cr = nr; Ci = ni;
  }
  return worst;
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

// ---------------------------------------------------------------------------------------------
// The job.

// Own workspace arrays (n doubles each).
const A_ZR = 0, A_ZI = 1, A_PR = 2, A_PI = 3, A_NR = 4, A_NI = 5, A_UR = 6, A_UI = 7, A_SR = 8, A_SI = 9, A_VR = 10, A_VI = 11;
// Block scratch: the new state without the P(r+L) term (6 arrays), the P(r) weights s0 - s1 (6) and
// the P(r+L) weights s1 (6), as (re, im) pairs in the order U, S, V.
const A_XN = 12, A_W0 = 18, A_W1 = 24;
const ARRAYS = 30;

const S_WS = 0, S_N = 1, S_F0 = 2, S_BATCH = 3, S_THRESHOLD = 4, S_CPS = 5, S_NCPS = 6, S_LOSS = 7, S_CPI = 8,
  S_R = 9, S_P = 10, S_DIVERGED = 11, S_STATE = 12, S_REAL = 13, S_NORM = 14, S_GROWTH = 15, S_GROWTH_AT = 16,
  S_GROWTH_NODE = 17, S_CHECKED = 18, S_MAXGROWTH = 19, S_NORM_END = 20, S_CHECK_OUT = 21; // 21..23
const S_TABLE = 24; // OPT_TABLE_LEN slots (24..35)
const S_UNIT = 36, S_FRACTION = 37, S_BLOCKS = 38;
const STATE_SLOTS = S_TABLE + 16;

function tablePtr(job: usize): usize {
  return job + 32 + (<usize>S_TABLE << 3);
}

/**
 * Begin the momentum/DANA recursion on a copy of the measure in workspace `measureWs` (n atoms; its
 * first 6 arrays z, phi, nu are read): F0 the atom at zero, batch B (summed gradient), table the
 * optimizer's coefficient table (OPT_TABLE_LEN f64, copied; tableLen its length), threshold: stop
 * after the first P that is not <= threshold; checkpoints: nCheckpoints increasing f64 integers
 * (copied). Derives the growth and the frozen-time kernel norm at t = 0 and at the last checkpoint
 * (momentumKernelNorm, momentumGrowth). 0 if memory is short; arguments out of range make
 * momentumStep return ERR_ARGUMENT.
 */
export function momentumBegin(
  measureWs: usize, n: i32, F0: f64, batch: f64, table: usize, tableLen: i32, threshold: f64,
  checkpoints: usize, nCheckpoints: i32, unitSteps: f64, blockFraction: f64,
): usize {
  const job = jobNew(JOB_KIND_MOMENTUM, <usize>STATE_SLOTS << 3, 8);
  if (job == 0) return 0;
  if (n < 1 || nCheckpoints < 1 || tableLen != OPT_TABLE_LEN || n > (1 << 30) / (ARRAYS * 8) || !(batch >= 1) || !optValid(table) ||
    !(unitSteps >= 0) || !(blockFraction > 0 && blockFraction <= 0.5)) {
    setI(job, S_STATE, ERR_ARGUMENT);
    return job;
  }
  const bytes = (<usize>(ARRAYS * n)) << 3;
  const ws = jobOwn(job, bytes), cps = jobOwn(job, <usize>nCheckpoints << 3), loss = jobOwn(job, <usize>nCheckpoints << 3);
  if (ws == 0 || cps == 0 || loss == 0) { jobFree(job); return 0; }
  memory.fill(ws, 0, bytes);
  memory.copy(ws, measureWs, (<usize>(6 * n)) << 3);
  memory.copy(arr(ws, n, A_UR), arr(ws, n, A_PR), (<usize>(2 * n)) << 3);
  memory.copy(cps, checkpoints, <usize>nCheckpoints << 3);
  memory.fill(loss, 0, <usize>nCheckpoints << 3);
  memory.copy(tablePtr(job), table, <usize>OPT_TABLE_LEN << 3);
  let real = true, s = 0.0;
  for (let i = 0; i < n; i++) {
    if (load<f64>(at(arr(ws, n, A_ZI), i)) != 0 || load<f64>(at(arr(ws, n, A_NI), i)) != 0 ||
      load<f64>(at(arr(ws, n, A_PI), i)) != 0) real = false;
    s += load<f64>(at(arr(ws, n, A_PR), i));
  }
  setP(job, S_WS, ws); setI(job, S_N, n); setF(job, S_F0, F0); setF(job, S_BATCH, batch);
  setF(job, S_THRESHOLD, threshold); setP(job, S_CPS, cps); setI(job, S_NCPS, nCheckpoints); setP(job, S_LOSS, loss);
  setI(job, S_REAL, real ? 1 : 0); setF(job, S_DIVERGED, -1.0); setF(job, S_GROWTH_AT, -1.0); setF(job, S_GROWTH_NODE, -1.0);
  setF(job, S_P, F0 + s);
  setF(job, S_CHECKED, -1.0);
  setF(job, S_UNIT, unitSteps);
  setF(job, S_FRACTION, blockFraction);
  setF(job, S_GROWTH, -Infinity);
  // Stability at t = 0 and at the last checkpoint.
  const out = job + 32 + (<usize>S_CHECK_OUT << 3);
  const last = load<f64>(at(cps, nCheckpoints - 1));
  momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job), batch, 0.0, 1, out);
  const g0 = load<f64>(out), k0 = load<f64>(out, 8);
  momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job), batch, last, 1, out);
  const g1 = load<f64>(out), k1 = load<f64>(out, 8);
  setF(job, S_NORM, k0);
  setF(job, S_NORM_END, k1);
  setF(job, S_MAXGROWTH, Math.max(g0, g1));
  return job;
}

/** One exact step at time t from P; returns the new P (real atoms: real arithmetic). */
function unitStep(job: usize, t: f64, P: f64): f64 {
  const ws = getP(job, S_WS), n = getI(job, S_N), B = getF(job, S_BATCH), table = tablePtr(job);
  const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
  const g3 = optCoef(table, OPT_GAMMA3, t), dl = optCoef(table, OPT_DELTA, t);
  const c = g2 + g1 * g3, m = 1.0 - dl;
  const cB2 = 2.0 * c * B, c2 = c * c * B * (B + 1.0);
  const aus = g3 * g3 * m * m, auw0 = -2.0 * g3 * m, auw1 = 2.0 * g3 * m * c * B;
  const s2 = g1 * g1 * B * (B + 1.0), ass = m * m, asw = 2.0 * m * g1 * B;
  const g1B = g1 * B, w2 = g1 * c * B * (B + 1.0), aws = -g3 * m * m, aww1 = m * (c + g1 * g3) * B;
  const fu = c * c * B * P, fs = g1 * g1 * B * P, fw = -c * g1 * B * P;
  const zr = arr(ws, n, A_ZR), zi = arr(ws, n, A_ZI), nr = arr(ws, n, A_NR), ni = arr(ws, n, A_NI);
  const ur = arr(ws, n, A_UR), ui = arr(ws, n, A_UI), sr = arr(ws, n, A_SR), si = arr(ws, n, A_SI);
  const vr = arr(ws, n, A_VR), vi = arr(ws, n, A_VI);
  let sum = 0.0;
  if (getI(job, S_REAL) != 0) {
    for (let i = 0; i < n; i++) {
      const x = load<f64>(at(zr, i)), x2 = x * x, nu = load<f64>(at(nr, i));
      const U = load<f64>(at(ur, i)), S = load<f64>(at(sr, i)), V = load<f64>(at(vr, i));
      const auu = 1.0 - (cB2 * x - c2 * x2);
      const nU = auu * U + aus * S + (auw0 + auw1 * x) * V + fu * nu;
      const nS = s2 * x2 * U + ass * S + asw * x * V + fs * nu;
      const nV = (g1B * x - w2 * x2) * U + aws * S + (m - aww1 * x) * V + fw * nu;
      store<f64>(at(ur, i), nU); store<f64>(at(sr, i), nS); store<f64>(at(vr, i), nV);
      sum += nU;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = load<f64>(at(zr, i)), y = load<f64>(at(zi, i));
      const x2 = x * x - y * y, y2 = 2.0 * x * y;
      const nur = load<f64>(at(nr, i)), nui = load<f64>(at(ni, i));
      const Ur = load<f64>(at(ur, i)), Ui = load<f64>(at(ui, i));
      const Sr = load<f64>(at(sr, i)), Si = load<f64>(at(si, i));
      const Vr = load<f64>(at(vr, i)), Vi = load<f64>(at(vi, i));
      const auur = 1.0 - (cB2 * x - c2 * x2), auui = -(cB2 * y - c2 * y2);
      const auwr = auw0 + auw1 * x, auwi = auw1 * y;
      const nUr = cmulR(auur, auui, Ur, Ui) + aus * Sr + cmulR(auwr, auwi, Vr, Vi) + fu * nur;
      const nUi = cmulI(auur, auui, Ur, Ui) + aus * Si + cmulI(auwr, auwi, Vr, Vi) + fu * nui;
      const asur = s2 * x2, asui = s2 * y2, aswr = asw * x, aswi = asw * y;
      const nSr = cmulR(asur, asui, Ur, Ui) + ass * Sr + cmulR(aswr, aswi, Vr, Vi) + fs * nur;
      const nSi = cmulI(asur, asui, Ur, Ui) + ass * Si + cmulI(aswr, aswi, Vr, Vi) + fs * nui;
      const awur = g1B * x - w2 * x2, awui = g1B * y - w2 * y2, awwr = m - aww1 * x, awwi = -aww1 * y;
      const nVr = cmulR(awur, awui, Ur, Ui) + aws * Sr + cmulR(awwr, awwi, Vr, Vi) + fw * nur;
      const nVi = cmulI(awur, awui, Ur, Ui) + aws * Si + cmulI(awwr, awwi, Vr, Vi) + fw * nui;
      store<f64>(at(ur, i), nUr); store<f64>(at(ui, i), nUi);
      store<f64>(at(sr, i), nSr); store<f64>(at(si, i), nSi);
      store<f64>(at(vr, i), nVr); store<f64>(at(vi, i), nVi);
      sum += nUr;
    }
  }
  return getF(job, S_F0) + sum;
}

// Per-atom 3x3 complex work matrices (row-major, re/im interleaved): the block's E_L = A^L - I, its
// square, and the vectors s0 = sum_(s<L) A^(L-1-s) f and T = sum_(s<L) s A^(L-1-s) f.
const EL = new StaticArray<f64>(18);
const E2 = new StaticArray<f64>(18);
const S0 = new StaticArray<f64>(6);
const TT = new StaticArray<f64>(6);
const TMP = new StaticArray<f64>(6);
const YV = new StaticArray<f64>(6);

// @ts-ignore: decorator
@inline function g(a: StaticArray<f64>, k: i32): f64 { return unchecked(a[k]); }
// @ts-ignore: decorator
@inline function p(a: StaticArray<f64>, k: i32, x: f64): void { unchecked((a[k] = x)); }

/** out = M v for the 3x3 complex M and 3-vector v (out must not alias v). */
function matVec(M: StaticArray<f64>, v: StaticArray<f64>, out: StaticArray<f64>): void {
  for (let i = 0; i < 3; i++) {
    let r = 0.0, im = 0.0;
    for (let k = 0; k < 3; k++) {
      const mr = g(M, 6 * i + 2 * k), mi = g(M, 6 * i + 2 * k + 1), vr = g(v, 2 * k), vi = g(v, 2 * k + 1);
      r += mr * vr - mi * vi;
      im += mr * vi + mi * vr;
    }
    p(out, 2 * i, r); p(out, 2 * i + 1, im);
  }
}

/**
 * A block of L = 2^levels steps with the map frozen: from E = A - I (the registers) and the forcing
 * direction f (f0..f2, complex), by doubling on E (never forming 1 + tiny): E_2L = 2 E_L + E_L^2,
 * s0_2L = 2 s0_L + E_L s0_L, T_2L = 2 T_L + E_L T_L + L s0_L. Leaves E_L in EL, s0 in S0, T in TT.
 */
function blockDoubling(levels: i32, f0r: f64, f0i: f64, f1r: f64, f1i: f64, f2r: f64, f2i: f64): void {
  p(EL, 0, e00r); p(EL, 1, e00i); p(EL, 2, e01r); p(EL, 3, e01i); p(EL, 4, e02r); p(EL, 5, e02i);
  p(EL, 6, e10r); p(EL, 7, e10i); p(EL, 8, e11r); p(EL, 9, e11i); p(EL, 10, e12r); p(EL, 11, e12i);
  p(EL, 12, e20r); p(EL, 13, e20i); p(EL, 14, e21r); p(EL, 15, e21i); p(EL, 16, e22r); p(EL, 17, e22i);
  p(S0, 0, f0r); p(S0, 1, f0i); p(S0, 2, f1r); p(S0, 3, f1i); p(S0, 4, f2r); p(S0, 5, f2i);
  for (let k = 0; k < 6; k++) p(TT, k, 0.0);
  let L = 1.0;
  for (let lv = 0; lv < levels; lv++) {
    // T first (it needs the old s0), then s0, then E.
    matVec(EL, TT, TMP);
    for (let k = 0; k < 6; k++) p(TT, k, 2.0 * g(TT, k) + g(TMP, k) + L * g(S0, k));
    matVec(EL, S0, TMP);
    for (let k = 0; k < 6; k++) p(S0, k, 2.0 * g(S0, k) + g(TMP, k));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let r = 0.0, im = 0.0;
        for (let k = 0; k < 3; k++) {
          const ar = g(EL, 6 * i + 2 * k), ai = g(EL, 6 * i + 2 * k + 1), br = g(EL, 6 * k + 2 * j), bi = g(EL, 6 * k + 2 * j + 1);
          r += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        p(E2, 6 * i + 2 * j, r); p(E2, 6 * i + 2 * j + 1, im);
      }
    }
    for (let k = 0; k < 18; k++) p(EL, k, 2.0 * g(EL, k) + g(E2, k));
    L *= 2.0;
  }
}

// Real atoms: the same doubling in real arithmetic, in locals (module registers for the results).
let q00 = 0.0, q01 = 0.0, q02 = 0.0, q10 = 0.0, q11 = 0.0, q12 = 0.0, q20 = 0.0, q21 = 0.0, q22 = 0.0;
let s0a = 0.0, s0b = 0.0, s0c = 0.0, ta = 0.0, tb = 0.0, tc = 0.0;

function blockDoublingReal(levels: i32, f0: f64, f1: f64, f2: f64): void {
  let a00 = e00r, a01 = e01r, a02 = e02r, a10 = e10r, a11 = e11r, a12 = e12r, a20 = e20r, a21 = e21r, a22 = e22r;
  let x0 = f0, x1 = f1, x2 = f2, y0 = 0.0, y1 = 0.0, y2 = 0.0;
  let L = 1.0;
  for (let lv = 0; lv < levels; lv++) {
    const n0 = 2.0 * y0 + (a00 * y0 + a01 * y1 + a02 * y2) + L * x0;
    const n1 = 2.0 * y1 + (a10 * y0 + a11 * y1 + a12 * y2) + L * x1;
    const n2 = 2.0 * y2 + (a20 * y0 + a21 * y1 + a22 * y2) + L * x2;
    y0 = n0; y1 = n1; y2 = n2;
    const m0 = 2.0 * x0 + (a00 * x0 + a01 * x1 + a02 * x2);
    const m1 = 2.0 * x1 + (a10 * x0 + a11 * x1 + a12 * x2);
    const m2 = 2.0 * x2 + (a20 * x0 + a21 * x1 + a22 * x2);
    x0 = m0; x1 = m1; x2 = m2;
    const b00 = 2.0 * a00 + (a00 * a00 + a01 * a10 + a02 * a20), b01 = 2.0 * a01 + (a00 * a01 + a01 * a11 + a02 * a21);
    const b02 = 2.0 * a02 + (a00 * a02 + a01 * a12 + a02 * a22), b10 = 2.0 * a10 + (a10 * a00 + a11 * a10 + a12 * a20);
    const b11 = 2.0 * a11 + (a10 * a01 + a11 * a11 + a12 * a21), b12 = 2.0 * a12 + (a10 * a02 + a11 * a12 + a12 * a22);
    const b20 = 2.0 * a20 + (a20 * a00 + a21 * a10 + a22 * a20), b21 = 2.0 * a21 + (a20 * a01 + a21 * a11 + a22 * a21);
    const b22 = 2.0 * a22 + (a20 * a02 + a21 * a12 + a22 * a22);
    a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
    L *= 2.0;
  }
  q00 = a00; q01 = a01; q02 = a02; q10 = a10; q11 = a11; q12 = a12; q20 = a20; q21 = a21; q22 = a22;
  s0a = x0; s0b = x1; s0c = x2; ta = y0; tb = y1; tc = y2;
}

// Two real atoms at a time (SIMD builds): the map, the doubling and the block's new state for atoms
// i and i + 1, returning their contributions to the three sums in sA, sB, sC.
let sA = 0.0, sB = 0.0, sC = 0.0;
// @ts-ignore: decorator
@inline function vs(x: f64): v128 { return f64x2.splat(x); }
// @ts-ignore: decorator
@inline function vadd(a: v128, b: v128): v128 { return f64x2.add(a, b); }
// @ts-ignore: decorator
@inline function vmul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
// @ts-ignore: decorator
@inline function vsum2(v: v128): f64 { return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1); }

function blockPairReal(ws: usize, n: i32, i: i32, levels: i32, g1: f64, g2: f64, g3: f64, dl: f64, B: f64): void {
  const c = g2 + g1 * g3, m = 1.0 - dl;
  const o = <usize>i << 3;
  const x = v128.load(arr(ws, n, A_ZR) + o), nu = v128.load(arr(ws, n, A_NR) + o);
  const x2 = vmul(x, x);
  const cB = c * B, c2 = c * c * B * (B + 1.0), s2 = g1 * g1 * B * (B + 1.0), g1B = g1 * B, w2 = g1 * c * B * (B + 1.0);
  const kk = m * (c + g1 * g3) * B;
  let a00 = f64x2.neg(f64x2.sub(vmul(vs(2.0 * cB), x), vmul(vs(c2), x2)));
  let a01 = vs(g3 * g3 * m * m);
  let a02 = vmul(vs(-2.0 * g3 * m), f64x2.sub(vs(1.0), vmul(vs(cB), x)));
  let a10 = vmul(vs(s2), x2);
  let a11 = vs(-dl * (2.0 - dl));
  let a12 = vmul(vs(2.0 * m * g1 * B), x);
  let a20 = f64x2.sub(vmul(vs(g1B), x), vmul(vs(w2), x2));
  let a21 = vs(-g3 * m * m);
  let a22 = f64x2.sub(vs(-dl), vmul(vs(kk), x));
  let x0 = vmul(vs(c * c * B), nu), x1 = vmul(vs(g1 * g1 * B), nu), xx2 = vmul(vs(-c * g1 * B), nu);
  let y0 = vs(0.0), y1 = vs(0.0), y2 = vs(0.0);
  const two = vs(2.0);
  let L = 1.0;
  for (let lv = 0; lv < levels; lv++) {
    const vL = vs(L);
    const n0 = vadd(vadd(vmul(two, y0), vadd(vadd(vmul(a00, y0), vmul(a01, y1)), vmul(a02, y2))), vmul(vL, x0));
    const n1 = vadd(vadd(vmul(two, y1), vadd(vadd(vmul(a10, y0), vmul(a11, y1)), vmul(a12, y2))), vmul(vL, x1));
    const n2 = vadd(vadd(vmul(two, y2), vadd(vadd(vmul(a20, y0), vmul(a21, y1)), vmul(a22, y2))), vmul(vL, xx2));
    y0 = n0; y1 = n1; y2 = n2;
    const m0 = vadd(vmul(two, x0), vadd(vadd(vmul(a00, x0), vmul(a01, x1)), vmul(a02, xx2)));
    const m1 = vadd(vmul(two, x1), vadd(vadd(vmul(a10, x0), vmul(a11, x1)), vmul(a12, xx2)));
    const m2 = vadd(vmul(two, xx2), vadd(vadd(vmul(a20, x0), vmul(a21, x1)), vmul(a22, xx2)));
    x0 = m0; x1 = m1; xx2 = m2;
    const b00 = vadd(vmul(two, a00), vadd(vadd(vmul(a00, a00), vmul(a01, a10)), vmul(a02, a20)));
    const b01 = vadd(vmul(two, a01), vadd(vadd(vmul(a00, a01), vmul(a01, a11)), vmul(a02, a21)));
    const b02 = vadd(vmul(two, a02), vadd(vadd(vmul(a00, a02), vmul(a01, a12)), vmul(a02, a22)));
    const b10 = vadd(vmul(two, a10), vadd(vadd(vmul(a10, a00), vmul(a11, a10)), vmul(a12, a20)));
    const b11 = vadd(vmul(two, a11), vadd(vadd(vmul(a10, a01), vmul(a11, a11)), vmul(a12, a21)));
    const b12 = vadd(vmul(two, a12), vadd(vadd(vmul(a10, a02), vmul(a11, a12)), vmul(a12, a22)));
    const b20 = vadd(vmul(two, a20), vadd(vadd(vmul(a20, a00), vmul(a21, a10)), vmul(a22, a20)));
    const b21 = vadd(vmul(two, a21), vadd(vadd(vmul(a20, a01), vmul(a21, a11)), vmul(a22, a21)));
    const b22 = vadd(vmul(two, a22), vadd(vadd(vmul(a20, a02), vmul(a21, a12)), vmul(a22, a22)));
    a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
    L *= 2.0;
  }
  const U = v128.load(arr(ws, n, A_UR) + o), S = v128.load(arr(ws, n, A_SR) + o), V = v128.load(arr(ws, n, A_VR) + o);
  const xu = vadd(U, vadd(vadd(vmul(a00, U), vmul(a01, S)), vmul(a02, V)));
  const xs = vadd(S, vadd(vadd(vmul(a10, U), vmul(a11, S)), vmul(a12, V)));
  const xv = vadd(V, vadd(vadd(vmul(a20, U), vmul(a21, S)), vmul(a22, V)));
  const iL = vs(1.0 / L);
  const su = vmul(y0, iL), ss = vmul(y1, iL), sv = vmul(y2, iL);
  const wu = f64x2.sub(x0, su), wsv = f64x2.sub(x1, ss), wv = f64x2.sub(xx2, sv);
  v128.store(arr(ws, n, A_XN) + o, xu); v128.store(arr(ws, n, A_XN + 2) + o, xs); v128.store(arr(ws, n, A_XN + 4) + o, xv);
  v128.store(arr(ws, n, A_W0) + o, wu); v128.store(arr(ws, n, A_W0 + 2) + o, wsv); v128.store(arr(ws, n, A_W0 + 4) + o, wv);
  v128.store(arr(ws, n, A_W1) + o, su); v128.store(arr(ws, n, A_W1 + 2) + o, ss); v128.store(arr(ws, n, A_W1 + 4) + o, sv);
  sA = vsum2(xu); sB = vsum2(wu); sC = vsum2(su);
}

/**
 * One block of L = 2^levels steps from r with the coefficients frozen at t (the block's midpoint),
 * P linear inside the block between P(r) and P(r+L) (first order, as the SGD blocks of §4):
 *   X(r+L) = A^L X(r) + (s0 - s1) P(r) + s1 P(r+L),  s1 = T/L,
 * and P(r+L) = F0 + Re sum U(r+L) solved as one scalar linear equation. Returns P(r+L).
 */
function blockStep(job: usize, t: f64, levels: i32, P0: f64): f64 {
  const ws = getP(job, S_WS), n = getI(job, S_N), B = getF(job, S_BATCH), table = tablePtr(job);
  const g1 = optCoef(table, OPT_GAMMA1, t), g2 = optCoef(table, OPT_GAMMA2, t);
  const g3 = optCoef(table, OPT_GAMMA3, t), dl = optCoef(table, OPT_DELTA, t);
  const c = g2 + g1 * g3;
  const L = <f64>(1 << levels);
  const real = getI(job, S_REAL) != 0;
  let sumA = 0.0, sumB = 0.0, sumC = 0.0;
  const X = TMP, Y = YV;
  let i0 = 0;
  if (ASC_FEATURE_SIMD && real) {
    for (; i0 + 2 <= n; i0 += 2) {
      blockPairReal(ws, n, i0, levels, g1, g2, g3, dl, B);
      sumA += sA; sumB += sB; sumC += sC;
    }
  }
  for (let i = i0; i < n; i++) {
    const x = load<f64>(at(arr(ws, n, A_ZR), i)), y = real ? 0.0 : load<f64>(at(arr(ws, n, A_ZI), i));
    const nur = load<f64>(at(arr(ws, n, A_NR), i)), nui = real ? 0.0 : load<f64>(at(arr(ws, n, A_NI), i));
    mapAt(x, y, g1, g2, g3, dl, B);
    if (real) {
      blockDoublingReal(levels, c * c * B * nur, g1 * g1 * B * nur, -c * g1 * B * nur);
      const U = load<f64>(at(arr(ws, n, A_UR), i)), S = load<f64>(at(arr(ws, n, A_SR), i)), V = load<f64>(at(arr(ws, n, A_VR), i));
      const xu = U + (q00 * U + q01 * S + q02 * V), xs = S + (q10 * U + q11 * S + q12 * V), xv = V + (q20 * U + q21 * S + q22 * V);
      const su = ta / L, ss = tb / L, sv = tc / L;
      store<f64>(at(arr(ws, n, A_XN), i), xu); store<f64>(at(arr(ws, n, A_XN + 2), i), xs); store<f64>(at(arr(ws, n, A_XN + 4), i), xv);
      store<f64>(at(arr(ws, n, A_W0), i), s0a - su); store<f64>(at(arr(ws, n, A_W0 + 2), i), s0b - ss);
      store<f64>(at(arr(ws, n, A_W0 + 4), i), s0c - sv);
      store<f64>(at(arr(ws, n, A_W1), i), su); store<f64>(at(arr(ws, n, A_W1 + 2), i), ss); store<f64>(at(arr(ws, n, A_W1 + 4), i), sv);
      sumA += xu; sumB += s0a - su; sumC += su;
      continue;
    }
    blockDoubling(levels, c * c * B * nur, c * c * B * nui, g1 * g1 * B * nur, g1 * g1 * B * nui, -c * g1 * B * nur, -c * g1 * B * nui);
    for (let k = 0; k < 6; k++) p(Y, k, load<f64>(at(arr(ws, n, A_UR + k), i)));
    matVec(EL, Y, X);
    for (let k = 0; k < 6; k++) {
      const xn = g(Y, k) + g(X, k), s1 = g(TT, k) / L, w0 = g(S0, k) - s1;
      store<f64>(at(arr(ws, n, A_XN + k), i), xn);
      store<f64>(at(arr(ws, n, A_W0 + k), i), w0);
      store<f64>(at(arr(ws, n, A_W1 + k), i), s1);
    }
    sumA += load<f64>(at(arr(ws, n, A_XN), i));
    sumB += load<f64>(at(arr(ws, n, A_W0), i));
    sumC += load<f64>(at(arr(ws, n, A_W1), i));
  }
  const P1 = (getF(job, S_F0) + sumA + sumB * P0) / (1.0 - sumC);
  for (let k = 0; k < 6; k++) {
    if (real && (k & 1) == 1) continue;
    const xn = arr(ws, n, A_XN + k), w0 = arr(ws, n, A_W0 + k), w1 = arr(ws, n, A_W1 + k), u = arr(ws, n, A_UR + k);
    for (let i = 0; i < n; i++) {
      store<f64>(at(u, i), load<f64>(at(xn, i)) + load<f64>(at(w0, i)) * P0 + load<f64>(at(w1, i)) * P1);
    }
  }
  return P1;
}

/** Whether step t is one where the growth check runs: t < 16, t a power of two, or t at a checkpoint. */
function checkStep(t: f64, cp: f64): bool {
  if (t < 16 || t == cp) return true;
  return (reinterpret<u64>(t) & 0x000FFFFFFFFFFFFF) == 0;
}

/**
 * Advance by about `budget` atom-steps (at least one step). STATUS_MORE, STATUS_DONE (also after a
 * divergence), ERR_GROWTH (the map grows on some atom: momentumGrowthAt, momentumGrowthNode,
 * momentumGrowth), ERR_ARGUMENT or ERR_STATE. Progress: r / last checkpoint.
 */
export function momentumStep(job: usize, budget: i32): i32 {
  if (!jobIs(job, JOB_KIND_MOMENTUM)) return ERR_STATE;
  const state = getI(job, S_STATE);
  if (state != 0) return jobReturn(job, state);
  const ws = getP(job, S_WS), n = getI(job, S_N), threshold = getF(job, S_THRESHOLD);
  const cps = getP(job, S_CPS), ncps = getI(job, S_NCPS), loss = getP(job, S_LOSS);
  const real = getI(job, S_REAL) != 0;
  const out = job + 32 + (<usize>S_CHECK_OUT << 3);
  let r = getF(job, S_R), P = getF(job, S_P), cpi = getI(job, S_CPI);
  let spent = 0.0;
  const total = <f64>max(budget, 1);
  for (;;) {
    while (cpi < ncps && r >= load<f64>(at(cps, cpi))) {
      store<f64>(at(loss, cpi), P);
      cpi++;
    }
    if (cpi == ncps) {
      setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
      setI(job, S_STATE, STATUS_DONE);
      jobSetProgress(job, 1.0);
      return jobReturn(job, STATUS_DONE);
    }
    if (spent >= total) break;
    const cp = load<f64>(at(cps, cpi));
    if (!real && checkStep(r, cp) && getF(job, S_CHECKED) < r) {
      momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job),
        getF(job, S_BATCH), r, 0, out);
      setF(job, S_CHECKED, r);
      spent += 30.0 * <f64>n;
      const g = load<f64>(out);
      if (g > getF(job, S_GROWTH)) setF(job, S_GROWTH, g);
      if (g > MOMENTUM_GROWTH_TOL) {
        setF(job, S_GROWTH_AT, r);
        setF(job, S_GROWTH_NODE, load<f64>(out, 16));
        setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
        setI(job, S_STATE, ERR_GROWTH);
        return jobReturn(job, ERR_GROWTH);
      }
    }
    if (r < getF(job, S_UNIT)) {
      P = unitStep(job, r, P);
      r += 1.0;
      spent += (real ? 1.0 : 3.0) * <f64>n;
    } else {
      // A block of the power of two at or below fraction r steps, ending at or before the checkpoint.
      let L = reinterpret<f64>(reinterpret<u64>(Math.max(1.0, getF(job, S_FRACTION) * r)) & 0xFFF0000000000000);
      while (L > cp - r) L /= 2.0;
      const levels = <i32>((reinterpret<u64>(L) >> 52) & 0x7FF) - 1023;
      if (levels == 0) {
        P = unitStep(job, r, P);
      } else {
        if (!real) {
          // The growth check at the block's frozen map.
          momentumMapCheck(arr(ws, n, A_ZR), arr(ws, n, A_ZI), arr(ws, n, A_NR), arr(ws, n, A_NI), n, tablePtr(job),
            getF(job, S_BATCH), r + (L - 1.0) / 2.0, 0, out);
          const gr = load<f64>(out);
          if (gr > getF(job, S_GROWTH)) setF(job, S_GROWTH, gr);
          if (gr > MOMENTUM_GROWTH_TOL) {
            setF(job, S_GROWTH_AT, r);
            setF(job, S_GROWTH_NODE, load<f64>(out, 16));
            setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
            setI(job, S_STATE, ERR_GROWTH);
            return jobReturn(job, ERR_GROWTH);
          }
        }
        P = blockStep(job, r + (L - 1.0) / 2.0, levels, P);
        setF(job, S_BLOCKS, getF(job, S_BLOCKS) + 1.0);
      }
      r += L;
      spent += (real ? 20.0 : 60.0) * <f64>(levels + 1) * <f64>n;
    }
    if (!(P <= threshold)) {
      setF(job, S_DIVERGED, r);
      setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
      setI(job, S_STATE, STATUS_DONE);
      jobSetProgress(job, 1.0);
      return jobReturn(job, STATUS_DONE);
    }
  }
  setF(job, S_R, r); setF(job, S_P, P); setI(job, S_CPI, cpi);
  jobSetProgress(job, r / Math.max(1.0, load<f64>(at(cps, ncps - 1))));
  return jobReturn(job, STATUS_MORE);
}

/** Blocks taken so far. */
export function momentumBlocks(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, S_BLOCKS) : 0.0;
}

/** Loss per checkpoint (E P(r), no factor 1/2); the first momentumCount(job) entries are set. */
export function momentumLoss(job: usize): usize {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getP(job, S_LOSS) : 0;
}
/** Checkpoints done. */
export function momentumCount(job: usize): i32 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getI(job, S_CPI) : 0;
}
/** The step at which P first passed the threshold (or was NaN), or -1. */
export function momentumDivergedAt(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, S_DIVERGED) : -1.0;
}
/** Frozen-time kernel norm: which = 0 at t = 0, 1 at the last checkpoint. */
export function momentumKernelNorm(job: usize, which: i32): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, which == 0 ? S_NORM : S_NORM_END) : NaN;
}
/**
 * The largest growth (spectral radius of the one-step map minus 1) found: at t = 0 and the last
 * checkpoint from the start, then at every checked step.
 */
export function momentumGrowth(job: usize): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? Math.max(getF(job, S_MAXGROWTH), getF(job, S_GROWTH)) : NaN;
}
/** After ERR_GROWTH: the step and the atom index at which the map grew; -1 otherwise. */
export function momentumGrowthAt(job: usize, which: i32): f64 {
  return jobIs(job, JOB_KIND_MOMENTUM) ? getF(job, which == 0 ? S_GROWTH_AT : S_GROWTH_NODE) : -1.0;
}
