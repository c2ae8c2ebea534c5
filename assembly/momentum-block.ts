// Second-order blocks of the momentum/DANA recursion (docs/model.md §10): L = 2^p steps from r at
// once, exact in the stiffness of every atom and second order in the variation of P and of the
// coefficients within the block.
//
// Per atom, with A_m the one-step map frozen at the block's midpoint t_m = r + (L - 1)/2 and
// q(t) = (I - A(t))^(-1) f(t) the quasi-static state per unit P at step t (f the forcing direction
// B nu (c^2, gamma1^2, -c gamma1)), the forcing of step s is replaced by
//   f~(s) P(s),  f~(s) = (I - A_m) q(s) = f(s) + (A(s) - A_m) q(s),
// which equals f(s) to first order in A(s) - A_m but makes a fast atom (A_m^L ~ 0) end exactly in
// its quasi-static state q(r + L) P(r + L) instead of the midpoint map's (a first-order error
// otherwise). h(s) = q(s) P(s) is taken quadratic in s through the nodes r - rho L (a recent step
// or block start), r and r + L, as SGD's second-order blocks (§4):
//   X(r + L) = A_m^L X(r) + sum_(s<L) A_m^(L-1-s) (I - A_m) h(s).
// Complex atoms (this file) sum g(s) = (I - A_m) h(s) = c0 + c1 s + c2 s^2 directly: W_g(L) doubles
// with A^l = I + E_l (never forming 1 + tiny) as W_g(2l) = 2 W_g + E_l W_g + l W_D + l^2 W_c,
// W_D(2l) = 2 W_D + E_l W_D + 2 l W_c, W_c(2l) = 2 W_c + E_l W_c, E_2l = 2 E_l + E_l^2, where
// D(s) = c1 + 2 c2 s and W_c sums c2. Real atoms (momentum-block-real.ts) sum by parts, two vectors
// fewer. The part carried by the unknown P(r + L) is doubled apart, and P(r + L) = F0 + Re sum U(r + L)
// is one scalar linear equation.
import { optAt, cG1, cG2, cG3, cDelta } from "./momentum-coef";
import { adjugate3, detR, detI } from "./complex3";
import { MOMENTUM_GROWTH_TOL } from "./abi";
import {
  growthOfMap, rootsOfMap, rootsOfMapNear, mapAt,
  e00r, e00i, e01r, e01i, e02r, e02i, e10r, e10i, e11r, e11i, e12r, e12i, e20r, e20i, e21r, e21i, e22r, e22i,
} from "./momentum-map";
import { at, arr, A_ZR, A_ZI, A_NR, A_NI, A_UR, A_XN, A_W1, A_QC, QSLOTS } from "./momentum-layout";
import { doublingComplexOne, doublingComplexPair, putWV, saveSlot, restoreSlot } from "./momentum-block-complex";
import { powersOne, powersPair, laneFast0, laneCert0, laneFast1, laneCert1 } from "./momentum-block-powers";
import { eigenBlock, eigenGrowth, eigenOn } from "./momentum-block-eigen";
import { prepareRealConstants, prepareReal, doublingReal, sumBase, sumWeight } from "./momentum-block-real";

// The coefficients at the block's times: midpoint, then the nodes r - rho L, r, r + L (4 x [g1, g2, g3, Delta]).
const CO = new StaticArray<f64>(16);
// Complex 3x3 matrices (row-major, re/im interleaved) and 3-vectors (re/im interleaved).
const EM = new StaticArray<f64>(18);
const FV = new StaticArray<f64>(6);
// f~ at the three nodes (3 x 6).
const FT = new StaticArray<f64>(18);
// The six doubled vectors of the complex path (known part g, D, c; P(r + L) part g, D, c), 6 each.
const WV = new StaticArray<f64>(36);

// @ts-ignore: decorator
@inline function g(a: StaticArray<f64>, k: i32): f64 { return unchecked(a[k]); }
// @ts-ignore: decorator
@inline function p(a: StaticArray<f64>, k: i32, x: f64): void { unchecked((a[k] = x)); }

/** Copy the map registers E into M. */
function storeMap(M: StaticArray<f64>): void {
  p(M, 0, e00r); p(M, 1, e00i); p(M, 2, e01r); p(M, 3, e01i); p(M, 4, e02r); p(M, 5, e02i);
  p(M, 6, e10r); p(M, 7, e10i); p(M, 8, e11r); p(M, 9, e11i); p(M, 10, e12r); p(M, 11, e12i);
  p(M, 12, e20r); p(M, 13, e20i); p(M, 14, e21r); p(M, 15, e21i); p(M, 16, e22r); p(M, 17, e22i);
}

/** out = M v (complex; out must not alias v), vector v at offset vo of V, out at offset oo of O, M at offset mo. */
function matVec(M: StaticArray<f64>, V: StaticArray<f64>, vo: i32, O: StaticArray<f64>, oo: i32, mo: i32 = 0): void {
  for (let i = 0; i < 3; i++) {
    let r = 0.0, im = 0.0;
    for (let k = 0; k < 3; k++) {
      const mr = g(M, mo + 6 * i + 2 * k), mi = g(M, mo + 6 * i + 2 * k + 1), vr = g(V, vo + 2 * k), vi = g(V, vo + 2 * k + 1);
      r += mr * vr - mi * vi;
      im += mr * vi + mi * vr;
    }
    p(O, oo + 2 * i, r); p(O, oo + 2 * i + 1, im);
  }
}

// The quasi-static state q of the node being formed (re/im of three components); NaN where -E_k is singular.
const QV = new StaticArray<f64>(6);

/**
 * q = (-E_k)^(-1) f (Cramer's rule on the adjugate), unrolled: E_k in the map registers, f in FV; into
 * QV, NaN where -E_k is singular or q is not finite (an atom at z = 0, where f = 0 too).
 */
function quasiStatic(): void {
  const fr0 = g(FV, 0), fi0 = g(FV, 1), fr1 = g(FV, 2), fi1 = g(FV, 3), fr2 = g(FV, 4), fi2 = g(FV, 5);
  const a00r = ((e11r * e22r - e11i * e22i) - (e12r * e21r - e12i * e21i)),
    a00i = ((e11r * e22i + e11i * e22r) - (e12r * e21i + e12i * e21r));
  const a01r = ((e21r * e02r - e21i * e02i) - (e22r * e01r - e22i * e01i)),
    a01i = ((e21r * e02i + e21i * e02r) - (e22r * e01i + e22i * e01r));
  const a02r = ((e01r * e12r - e01i * e12i) - (e02r * e11r - e02i * e11i)),
    a02i = ((e01r * e12i + e01i * e12r) - (e02r * e11i + e02i * e11r));
  const a10r = ((e12r * e20r - e12i * e20i) - (e10r * e22r - e10i * e22i)),
    a10i = ((e12r * e20i + e12i * e20r) - (e10r * e22i + e10i * e22r));
  const a11r = ((e22r * e00r - e22i * e00i) - (e20r * e02r - e20i * e02i)),
    a11i = ((e22r * e00i + e22i * e00r) - (e20r * e02i + e20i * e02r));
  const a12r = ((e02r * e10r - e02i * e10i) - (e00r * e12r - e00i * e12i)),
    a12i = ((e02r * e10i + e02i * e10r) - (e00r * e12i + e00i * e12r));
  const a20r = ((e10r * e21r - e10i * e21i) - (e11r * e20r - e11i * e20i)),
    a20i = ((e10r * e21i + e10i * e21r) - (e11r * e20i + e11i * e20r));
  const a21r = ((e20r * e01r - e20i * e01i) - (e21r * e00r - e21i * e00i)),
    a21i = ((e20r * e01i + e20i * e01r) - (e21r * e00i + e21i * e00r));
  const a22r = ((e00r * e11r - e00i * e11i) - (e01r * e10r - e01i * e10i)),
    a22i = ((e00r * e11i + e00i * e11r) - (e01r * e10i + e01i * e10r));
  const s0r = ((a00r * fr0 - a00i * fi0) + (a01r * fr1 - a01i * fi1)) + (a02r * fr2 - a02i * fi2),
    s0i = ((a00r * fi0 + a00i * fr0) + (a01r * fi1 + a01i * fr1)) + (a02r * fi2 + a02i * fr2);
  const s1r = ((a10r * fr0 - a10i * fi0) + (a11r * fr1 - a11i * fi1)) + (a12r * fr2 - a12i * fi2),
    s1i = ((a10r * fi0 + a10i * fr0) + (a11r * fi1 + a11i * fr1)) + (a12r * fi2 + a12i * fr2);
  const s2r = ((a20r * fr0 - a20i * fi0) + (a21r * fr1 - a21i * fi1)) + (a22r * fr2 - a22i * fi2),
    s2i = ((a20r * fi0 + a20i * fr0) + (a21r * fi1 + a21i * fr1)) + (a22r * fi2 + a22i * fr2);
  const detr = ((-(e00r * a00r - e00i * a00i)) - (e01r * a10r - e01i * a10i)) - (e02r * a20r - e02i * a20i),
    deti = ((-(e00r * a00i + e00i * a00r)) - (e01r * a10i + e01i * a10r)) - (e02r * a20i + e02i * a20r);
  const dm = detr * detr + deti * deti;
  let ok = dm > 0 && isFinite(dm);
  const q0r = (s0r * detr + s0i * deti) / dm, q0i = (s0i * detr - s0r * deti) / dm;
  const q1r = (s1r * detr + s1i * deti) / dm, q1i = (s1i * detr - s1r * deti) / dm;
  const q2r = (s2r * detr + s2i * deti) / dm, q2i = (s2i * detr - s2r * deti) / dm;
  ok = ok && isFinite(q0r) && isFinite(q0i) && isFinite(q1r) && isFinite(q1i) && isFinite(q2r) && isFinite(q2i);
  p(QV, 0, ok ? q0r : NaN); p(QV, 1, ok ? q0i : NaN); p(QV, 2, ok ? q1r : NaN);
  p(QV, 3, ok ? q1i : NaN); p(QV, 4, ok ? q2r : NaN); p(QV, 5, ok ? q2i : NaN);
}

/**
 * f~ = f + (E_k - E_m) q, unrolled: E_k in the map registers, E_m in EM, f in FV, q in QV; writes FT at
 * offset o. Where q is NaN (-E_k singular), f~ = f.
 */
function forcingTilde(o: i32): void {
  const q0r = g(QV, 0), q0i = g(QV, 1), q1r = g(QV, 2), q1i = g(QV, 3), q2r = g(QV, 4), q2i = g(QV, 5);
  if (q0r != q0r) {
    for (let k = 0; k < 6; k++) p(FT, o + k, g(FV, k));
    return;
  }
  const fr0 = g(FV, 0), fi0 = g(FV, 1), fr1 = g(FV, 2), fi1 = g(FV, 3), fr2 = g(FV, 4), fi2 = g(FV, 5);
  p(FT, o + 0, ((fr0 + ((e00r - g(EM, 0)) * q0r - (e00i - g(EM, 1)) * q0i)) + ((e01r - g(EM, 2)) * q1r - (e01i - g(EM,
    3)) * q1i)) + ((e02r - g(EM, 4)) * q2r - (e02i - g(EM, 5)) * q2i));
  p(FT, o + 1, ((fi0 + ((e00r - g(EM, 0)) * q0i + (e00i - g(EM, 1)) * q0r)) + ((e01r - g(EM, 2)) * q1i + (e01i - g(EM,
    3)) * q1r)) + ((e02r - g(EM, 4)) * q2i + (e02i - g(EM, 5)) * q2r));
  p(FT, o + 2, ((fr1 + ((e10r - g(EM, 6)) * q0r - (e10i - g(EM, 7)) * q0i)) + ((e11r - g(EM, 8)) * q1r - (e11i - g(EM,
    9)) * q1i)) + ((e12r - g(EM, 10)) * q2r - (e12i - g(EM, 11)) * q2i));
  p(FT, o + 3, ((fi1 + ((e10r - g(EM, 6)) * q0i + (e10i - g(EM, 7)) * q0r)) + ((e11r - g(EM, 8)) * q1i + (e11i - g(EM,
    9)) * q1r)) + ((e12r - g(EM, 10)) * q2i + (e12i - g(EM, 11)) * q2r));
  p(FT, o + 4, ((fr2 + ((e20r - g(EM, 12)) * q0r - (e20i - g(EM, 13)) * q0i)) + ((e21r - g(EM, 14)) * q1r - (e21i - g(EM,
    15)) * q1i)) + ((e22r - g(EM, 16)) * q2r - (e22i - g(EM, 17)) * q2i));
  p(FT, o + 5, ((fi2 + ((e20r - g(EM, 12)) * q0i + (e20i - g(EM, 13)) * q0r)) + ((e21r - g(EM, 14)) * q1i + (e21i - g(EM,
    15)) * q1r)) + ((e22r - g(EM, 16)) * q2i + (e22i - g(EM, 17)) * q2r));
}

// Per node of the block (r - rho L, r, r + L): the slot of its quasi-static state in the workspace and
// whether that slot already holds it (set by momentumBlock from the job's slot times).
const NODE_SLOT = new StaticArray<i32>(3);
const NODE_HIT = new StaticArray<bool>(3);

/**
 * f~ at the three nodes for atom i: into FT; E_m into EM. q at a node is read from its slot where the
 * slot holds that time (the same arithmetic gave it, so the bits are the same), else solved and stored.
 */
function nodeForcing(ws: usize, n: i32, i: i32, B: f64): void {
  const x = load<f64>(at(arr(ws, n, A_ZR), i)), y = load<f64>(at(arr(ws, n, A_ZI), i));
  const nur = load<f64>(at(arr(ws, n, A_NR), i)), nui = load<f64>(at(arr(ws, n, A_NI), i));
  mapAt(x, y, g(CO, 0), g(CO, 1), g(CO, 2), g(CO, 3), B);
  storeMap(EM);
  for (let k = 1; k < 4; k++) {
    const g1 = g(CO, 4 * k), g2 = g(CO, 4 * k + 1), g3 = g(CO, 4 * k + 2);
    mapAt(x, y, g1, g2, g3, g(CO, 4 * k + 3), B);
    const c = g2 + g1 * g3;
    p(FV, 0, c * c * B * nur); p(FV, 1, c * c * B * nui);
    p(FV, 2, g1 * g1 * B * nur); p(FV, 3, g1 * g1 * B * nui);
    p(FV, 4, -c * g1 * B * nur); p(FV, 5, -c * g1 * B * nui);
    const q = A_QC + 6 * unchecked(NODE_SLOT[k - 1]);
    if (unchecked(NODE_HIT[k - 1])) {
      for (let j = 0; j < 6; j++) p(QV, j, load<f64>(at(arr(ws, n, q + j), i)));
    } else {
      quasiStatic();
      for (let j = 0; j < 6; j++) store<f64>(at(arr(ws, n, q + j), i), g(QV, j));
    }
    forcingTilde(6 * (k - 1));
  }
}

/**
 * The slots of the block's nodes (times t) from the job's QSLOTS slot times at qt: a slot holding t
 * is a hit; a miss takes the slot with the earliest time among those no node of this block uses, and
 * the slot's time becomes t.
 */
function assignSlots(qt: usize, t0: f64, t1: f64, t2: f64): void {
  let used = 0;
  for (let k = 0; k < 3; k++) {
    const t = k == 0 ? t0 : k == 1 ? t1 : t2;
    unchecked((NODE_HIT[k] = false));
    for (let j = 0; j < QSLOTS; j++) {
      if (load<f64>(qt + (<usize>j << 3)) == t) { unchecked((NODE_SLOT[k] = j)); unchecked((NODE_HIT[k] = true)); used |= 1 << j; }
    }
  }
  for (let k = 0; k < 3; k++) {
    if (unchecked(NODE_HIT[k])) continue;
    let best = -1;
    for (let j = 0; j < QSLOTS; j++) {
      if ((used & (1 << j)) != 0) continue;
      if (best < 0 || load<f64>(qt + (<usize>j << 3)) < load<f64>(qt + (<usize>best << 3))) best = j;
    }
    unchecked((NODE_SLOT[k] = best));
    used |= 1 << best;
    store<f64>(qt + (<usize>best << 3), k == 0 ? t0 : k == 1 ? t1 : t2);
  }
}

// The adjugate of -E_m (18 f64).
const ADJ = new StaticArray<f64>(18);
let idr = 0.0, idi = 0.0;

/** ADJ = adj(-E_m) = adj(E_m) (3x3) and (idr, idi) = 1/det(-E_m); false where singular. */
function adjugateEm(): bool {
  // adj(-E) = adj(E) for 3x3; det(-E) = -det E.
  adjugate3(EM, ADJ);
  const dr = -detR, di = -detI;
  const dm = dr * dr + di * di;
  if (!(dm > 0) || !isFinite(dm)) return false;
  idr = dr / dm; idi = -di / dm;
  return isFinite(idr) && isFinite(idi);
}

const CV = new StaticArray<f64>(24);
/** CV[d..d+6] = (-E_m)^(-1) CV[s..s+6] (ADJ, 1/det), d != s. */
function solveEm(s: i32, d: i32): void {
  matVec(ADJ, CV, s, CV, d);
  for (let k = 0; k < 3; k++) {
    const xr = g(CV, d + 2 * k), xi = g(CV, d + 2 * k + 1);
    p(CV, d + 2 * k, xr * idr - xi * idi); p(CV, d + 2 * k + 1, xr * idi + xi * idr);
  }
}

/**
 * The closed form of a fast atom (A_m^L negligible): with g(s) = c0 + c1 s + c2 s^2 (the doubled
 * vectors at offset h of WV at l = 1) and N = (I - A_m)^(-1),
 *   sum_(j>=0) A^j g(L-1-j) = N G0 + A N^2 G1 + A (I + A) N^3 G2 = N [G0 + A N (G1 + (I + A) N G2)],
 * G0 = g(L-1), G1 = -(c1 + 2 c2 (L-1)), G2 = c2; written to WV at h.
 */
function fastSum(h: i32, L: f64): void {
  const s = L - 1.0;
  for (let k = 0; k < 6; k++) {
    const c0 = g(WV, h + k), c1 = g(WV, h + 6 + k), c2 = g(WV, h + 12 + k);
    p(CV, k, c0 + (c1 + c2 * s) * s);
    p(CV, 6 + k, -(c1 + 2.0 * c2 * s));
    p(CV, 12 + k, c2);
  }
  solveEm(12, 18); // y = N G2
  matVec(EM, CV, 18, CV, 12); // E y
  for (let k = 0; k < 6; k++) p(CV, 12 + k, g(CV, 6 + k) + 2.0 * g(CV, 18 + k) + g(CV, 12 + k)); // z = G1 + y + A y
  solveEm(12, 6); // u = N z
  matVec(EM, CV, 6, CV, 18); // E u
  for (let k = 0; k < 6; k++) p(CV, 12 + k, g(CV, k) + g(CV, 6 + k) + g(CV, 18 + k)); // v = G0 + A u
  solveEm(12, 0); // N v
  for (let k = 0; k < 6; k++) p(WV, h + k, g(CV, k));
}

/**
 * The largest growth (spectral radius - 1) of the midpoint map over the atoms of the last complex
 * block whose contraction its powers do not certify (-Infinity if none), and that atom.
 */
export let blockGrowth = -Infinity, blockGrowthAt = -1;

// E_m and the doubled vectors at l = 1 of the two atoms of a pair (lane s: 18 and 36 f64 at 18 s, 36 s).
const EMS = new StaticArray<f64>(36);
const WVS = new StaticArray<f64>(72);

/**
 * One complex atom (index i) into lane s: its node forcing, E_m (EMS) and the vectors of the doubling
 * at l = 1 (WVS and slot s of the doubling, momentum-block-complex.ts).
 */
function prepareComplex(ws: usize, n: i32, i: i32, B: f64, pm: f64, p0: f64, am: f64, bm: f64, a0: f64, b0: f64, a1: f64,
  b1: f64, s: i32): void {
  nodeForcing(ws, n, i, B);
  for (let k = 0; k < 18; k++) p(EMS, 18 * s + k, g(EM, k));
  // known g, D, c at 0, 6, 12; the P(r + L) part's g, D, c at 18, 24, 30.
  for (let k = 0; k < 6; k++) {
    const fm = g(FT, k), f0 = g(FT, 6 + k), f1 = g(FT, 12 + k);
    p(WV, k, p0 * f0);
    p(WV, 6 + k, am * pm * fm + a0 * p0 * f0);
    p(WV, 12 + k, bm * pm * fm + b0 * p0 * f0);
    p(WV, 18 + k, 0.0);
    p(WV, 24 + k, a1 * f1);
    p(WV, 30 + k, b1 * f1);
  }
  for (let k = 0; k < 36; k++) { p(WVS, 36 * s + k, g(WV, k)); putWV(s, k, g(WV, k)); }
}

/**
 * After the powers of the atom in lane s (fast, cert: powersOne / powersPair): the growth check of
 * the midpoint map where the powers do not certify contraction (||A_m^l||_F <= 1 for some l bounds
 * the spectral radius by 1; otherwise Cardano, as momentumMapCheck), then a fast atom's closed form
 * (A_XN, A_W1). True where the atom still needs the doubling (its powers in slot s).
 */
function finishComplex(ws: usize, n: i32, i: i32, B: f64, levels: i32, s: i32, fast: bool, cert: bool): bool {
  if (!cert) {
    mapAt(load<f64>(at(arr(ws, n, A_ZR), i)), load<f64>(at(arr(ws, n, A_ZI), i)), g(CO, 0), g(CO, 1), g(CO, 2), g(CO, 3), B);
    const gr = growthOfMap();
    if (blockGrowth == blockGrowth && !(gr <= blockGrowth)) { blockGrowth = gr; blockGrowthAt = i; }
  }
  if (!fast) return true;
  for (let k = 0; k < 18; k++) p(EM, k, g(EMS, 18 * s + k));
  if (!adjugateEm()) {
    // -E_m singular: never fast (the powers again, to the end).
    powersOne(EM, s, levels, false);
    return true;
  }
  for (let k = 0; k < 36; k++) p(WV, k, g(WVS, 36 * s + k));
  fastSum(0, <f64>(1 << levels));
  fastSum(18, <f64>(1 << levels));
  for (let k = 0; k < 6; k++) {
    store<f64>(at(arr(ws, n, A_XN + k), i), g(WV, k));
    store<f64>(at(arr(ws, n, A_W1 + k), i), g(WV, 18 + k));
  }
  return false;
}

/** The slow atom waiting for a partner (SIMD build), or -1. */
let pending = -1;

/** Slow atom i in slot s: doubled with the waiting atom, or waits (SIMD build). */
function pairUp(ws: usize, n: i32, i: i32, s: i32, levels: i32): void {
  if (pending < 0) {
    saveSlot(s, levels);
    pending = i;
    return;
  }
  restoreSlot(1 - s, levels);
  if (s == 0) doublingComplexPair(ws, n, i, pending, levels);
  else doublingComplexPair(ws, n, pending, i, levels);
  pending = -1;
}

/** The matrix path of atoms i0, i1 (SIMD build: powers and doubling two at a time). */
function matrixPair(ws: usize, n: i32, i0: i32, i1: i32, B: f64, pm: f64, p0: f64, am: f64, bm: f64, a0: f64, b0: f64,
  a1: f64, b1: f64, levels: i32): void {
  prepareComplex(ws, n, i0, B, pm, p0, am, bm, a0, b0, a1, b1, 0);
  prepareComplex(ws, n, i1, B, pm, p0, am, bm, a0, b0, a1, b1, 1);
  powersPair(changetype<StaticArray<f64>>(changetype<usize>(EMS)), changetype<StaticArray<f64>>(changetype<usize>(EMS) + 144),
    levels);
  const f1 = laneFast1, c1 = laneCert1;
  const slow0 = finishComplex(ws, n, i0, B, levels, 0, laneFast0, laneCert0);
  const slow1 = finishComplex(ws, n, i1, B, levels, 1, f1, c1);
  if (slow0 && slow1) doublingComplexPair(ws, n, i0, i1, levels);
  else if (slow0) pairUp(ws, n, i0, 0, levels);
  else if (slow1) pairUp(ws, n, i1, 1, levels);
}

/** The matrix path of atom i alone. */
function matrixOne(ws: usize, n: i32, i: i32, B: f64, pm: f64, p0: f64, am: f64, bm: f64, a0: f64, b0: f64, a1: f64, b1: f64,
  levels: i32): void {
  prepareComplex(ws, n, i, B, pm, p0, am, bm, a0, b0, a1, b1, 0);
  powersOne(changetype<StaticArray<f64>>(changetype<usize>(EMS)), 0, levels, true);
  if (!finishComplex(ws, n, i, B, levels, 0, laneFast0, laneCert0)) return;
  if (ASC_FEATURE_SIMD) pairUp(ws, n, i, 0, levels);
  else doublingComplexOne(ws, n, i, 0, levels);
}

/**
 * A second-order block of L = 2^levels steps from step r (see the head of this file): the state at
 * r + L from P(r - rho L) = pm, P(r) = p0, solving P(r + L) = F0 + Re sum U(r + L), which it returns
 * (the workspace's state is advanced). On complex atoms it checks the midpoint map for growth
 * (blockGrowth) and returns NaN, leaving the state at r, where it grows. table: the optimizer table; real: every atom is real.
 */
export function momentumBlock(ws: usize, n: i32, F0: f64, B: f64, table: usize, real: bool, r: f64, levels: i32, rho: f64,
  pm: f64, p0: f64, qt: usize): f64 {
  const L = <f64>(1 << levels);
  for (let k = 0; k < 4; k++) {
    optAt(table, k == 0 ? r + (L - 1.0) / 2.0 : k == 1 ? r - rho * L : k == 2 ? r : r + L);
    p(CO, 4 * k, cG1); p(CO, 4 * k + 1, cG2); p(CO, 4 * k + 2, cG3); p(CO, 4 * k + 3, cDelta);
  }
  // Lagrange basis on the nodes sigma = -rho, 0, 1 (sigma = s/L), as c1 s + c2 s^2 coefficients:
  // l_m = (sigma^2 - sigma)/(rho (rho + 1)), l_0 = -(sigma^2 + (rho - 1) sigma - rho)/rho, l_1 = (sigma^2 + rho sigma)/(1 + rho).
  const wm = 1.0 / (rho * (rho + 1.0)), iL = 1.0 / L, iL2 = iL * iL;
  const am = -wm * iL, bm = wm * iL2;
  const a0 = -((rho - 1.0) / rho) * iL, b0 = -(1.0 / rho) * iL2;
  const a1 = (rho / (1.0 + rho)) * iL, b1 = (1.0 / (1.0 + rho)) * iL2;
  let sumA = 0.0, sumC = 0.0;
  if (real) {
    prepareRealConstants(CO, B);
    for (let i = 0; i < n; i++) prepareReal(ws, n, i);
    doublingReal(ws, n, levels, pm, p0, am, bm, a0, b0, a1, b1);
    sumA = sumBase; sumC = sumWeight;
  } else {
    // The eigen path per atom (momentum-block-eigen.ts); the atoms it refuses take the matrix path,
    // two at a time in the SIMD build (a lone slow atom of a pair waits for another).
    blockGrowth = -Infinity; blockGrowthAt = -1;
    assignSlots(qt, r - rho * L, r, r + L);
    pending = -1;
    let fb = -1;
    for (let i = 0; i < n; i++) {
      if (eigenOn()) {
        nodeForcing(ws, n, i, B);
        const x = load<f64>(at(arr(ws, n, A_ZR), i)), y = load<f64>(at(arr(ws, n, A_ZI), i));
        mapAt(x, y, g(CO, 0), g(CO, 1), g(CO, 2), g(CO, 3), B);
        if (!rootsOfMapNear(x, y, g(CO, 0), g(CO, 1), g(CO, 2), g(CO, 3), B)) rootsOfMap();
        if (eigenBlock(EM, FT, ws, n, i, levels, pm, p0, am, bm, a0, b0, a1, b1)) {
          if (blockGrowth == blockGrowth && !(eigenGrowth <= blockGrowth)) { blockGrowth = eigenGrowth; blockGrowthAt = i; }
          continue;
        }
      }
      if (ASC_FEATURE_SIMD) {
        if (fb < 0) { fb = i; continue; }
        matrixPair(ws, n, fb, i, B, pm, p0, am, bm, a0, b0, a1, b1, levels);
        fb = -1;
      } else {
        matrixOne(ws, n, i, B, pm, p0, am, bm, a0, b0, a1, b1, levels);
      }
    }
    if (fb >= 0) matrixOne(ws, n, fb, B, pm, p0, am, bm, a0, b0, a1, b1, levels);
    if (pending >= 0) { restoreSlot(0, levels); doublingComplexOne(ws, n, pending, 0, levels); }
    // The map grows on some atom (or its growth is NaN, kept once seen): the state is left at r.
    if (!(blockGrowth <= MOMENTUM_GROWTH_TOL)) return NaN;
    const xu = arr(ws, n, A_XN), wu = arr(ws, n, A_W1);
    for (let i = 0; i < n; i++) { sumA += load<f64>(at(xu, i)); sumC += load<f64>(at(wu, i)); }
  }
  const P1 = (F0 + sumA) / (1.0 - sumC);
  for (let k = 0; k < 6; k++) {
    if (real && (k & 1) == 1) continue;
    const xn = arr(ws, n, A_XN + k), w1 = arr(ws, n, A_W1 + k), u = arr(ws, n, A_UR + k);
    for (let i = 0; i < n; i++) store<f64>(at(u, i), load<f64>(at(xn, i)) + load<f64>(at(w1, i)) * P1);
  }
  return P1;
}
