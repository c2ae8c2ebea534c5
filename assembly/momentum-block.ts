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
import {
  mapAt, e00r, e00i, e01r, e01i, e02r, e02i, e10r, e10i, e11r, e11i, e12r, e12i, e20r, e20i, e21r, e21i, e22r, e22i,
} from "./momentum-map";
import { at, arr, A_ZR, A_ZI, A_NR, A_NI, A_UR, A_XN, A_W1 } from "./momentum-layout";
import { prepareRealConstants, prepareReal, doublingReal, sumBase, sumWeight } from "./momentum-block-real";

// The coefficients at the block's times: midpoint, then the nodes r - rho L, r, r + L (4 x [g1, g2, g3, Delta]).
const CO = new StaticArray<f64>(16);
// Complex 3x3 matrices (row-major, re/im interleaved) and 3-vectors (re/im interleaved).
const EM = new StaticArray<f64>(18);
const EK = new StaticArray<f64>(18);
const E2 = new StaticArray<f64>(18);
const FV = new StaticArray<f64>(6);
const QV = new StaticArray<f64>(6);
const TMP = new StaticArray<f64>(6);
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

/** out = M v (complex; out must not alias v), vector v at offset vo of V, out at offset oo of O. */
function matVec(M: StaticArray<f64>, V: StaticArray<f64>, vo: i32, O: StaticArray<f64>, oo: i32): void {
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

let tr = 0.0, ti = 0.0;
/** (tr, ti) = M[a] M[b] - M[c] M[d] for complex entries at element indices a..d of a 3x3 matrix. */
function cross(M: StaticArray<f64>, a: i32, b: i32, c: i32, d: i32): void {
  const ar = g(M, 2 * a), ai = g(M, 2 * a + 1), br = g(M, 2 * b), bi = g(M, 2 * b + 1);
  const cr = g(M, 2 * c), ci = g(M, 2 * c + 1), dr = g(M, 2 * d), di = g(M, 2 * d + 1);
  tr = (ar * br - ai * bi) - (cr * dr - ci * di);
  ti = (ar * bi + ai * br) - (cr * di + ci * dr);
}

/**
 * f~ = f + (E_k - E_m) q with q = (-E_k)^(-1) f (Cramer's rule on the adjugate): E_k in EK, E_m in
 * EM, f in FV; writes FT at offset o. Where -E_k is singular or q is not finite (an atom at z = 0,
 * where f = 0 too), f~ = f.
 */
function forcingTilde(o: i32): void {
  // adj(-E)_ij = cofactor_ji of -E: with cyclic indices, adj_ij = M[j+1][i+1] M[j+2][i+2] - M[j+1][i+2] M[j+2][i+1],
  // and for -E the product of two entries equals that of E.
  let detr = 0.0, deti = 0.0;
  let ok = true;
  for (let i = 0; i < 3; i++) {
    let sr = 0.0, si = 0.0;
    const i1 = (i + 1) % 3, i2 = (i + 2) % 3;
    for (let j = 0; j < 3; j++) {
      const j1 = (j + 1) % 3, j2 = (j + 2) % 3;
      cross(EK, 3 * j1 + i1, 3 * j2 + i2, 3 * j1 + i2, 3 * j2 + i1);
      const fr = g(FV, 2 * j), fi = g(FV, 2 * j + 1);
      sr += tr * fr - ti * fi;
      si += tr * fi + ti * fr;
      if (i == 0) {
        // det(-E) = sum_j (-E)_0j adj_j0 = -sum_j E_0j adj_j0: adj_j0 needs the cofactor with i and j swapped.
        cross(EK, 3 * i1 + j1, 3 * i2 + j2, 3 * i1 + j2, 3 * i2 + j1);
        const er = g(EK, 2 * j), ei = g(EK, 2 * j + 1);
        detr -= er * tr - ei * ti;
        deti -= er * ti + ei * tr;
      }
    }
    p(QV, 2 * i, sr); p(QV, 2 * i + 1, si);
  }
  const dm = detr * detr + deti * deti;
  if (!(dm > 0) || !isFinite(dm)) ok = false;
  for (let i = 0; ok && i < 3; i++) {
    const sr = g(QV, 2 * i), si = g(QV, 2 * i + 1);
    const qr = (sr * detr + si * deti) / dm, qi = (si * detr - sr * deti) / dm;
    if (!isFinite(qr) || !isFinite(qi)) ok = false;
    p(QV, 2 * i, qr); p(QV, 2 * i + 1, qi);
  }
  for (let i = 0; i < 3; i++) {
    let r = g(FV, 2 * i), im = g(FV, 2 * i + 1);
    if (ok) {
      for (let k = 0; k < 3; k++) {
        const dr = g(EK, 6 * i + 2 * k) - g(EM, 6 * i + 2 * k), di = g(EK, 6 * i + 2 * k + 1) - g(EM, 6 * i + 2 * k + 1);
        const qr = g(QV, 2 * k), qi = g(QV, 2 * k + 1);
        r += dr * qr - di * qi;
        im += dr * qi + di * qr;
      }
    }
    p(FT, o + 2 * i, r); p(FT, o + 2 * i + 1, im);
  }
}

/** f~ at the three nodes for atom z = (x, y) with kernel mass nu = (nur, nui): into FT; E_m into EM. */
function nodeForcing(x: f64, y: f64, nur: f64, nui: f64, B: f64): void {
  mapAt(x, y, g(CO, 0), g(CO, 1), g(CO, 2), g(CO, 3), B);
  storeMap(EM);
  for (let k = 1; k < 4; k++) {
    const g1 = g(CO, 4 * k), g2 = g(CO, 4 * k + 1), g3 = g(CO, 4 * k + 2);
    mapAt(x, y, g1, g2, g3, g(CO, 4 * k + 3), B);
    storeMap(EK);
    const c = g2 + g1 * g3;
    p(FV, 0, c * c * B * nur); p(FV, 1, c * c * B * nui);
    p(FV, 2, g1 * g1 * B * nur); p(FV, 3, g1 * g1 * B * nui);
    p(FV, 4, -c * g1 * B * nur); p(FV, 5, -c * g1 * B * nui);
    forcingTilde(6 * (k - 1));
  }
}

// Results of one complex atom's block: the U entries of the new state without its P(r + L) term and of that term's weight.
let baseU = 0.0, weightU = 0.0;

/** One complex atom (index i): as blockAtomReal in complex arithmetic (re/im arrays). */
function blockAtomComplex(ws: usize, n: i32, i: i32, B: f64, levels: i32, pm: f64, p0: f64, am: f64, bm: f64, a0: f64,
  b0: f64, a1: f64, b1: f64): void {
  nodeForcing(load<f64>(at(arr(ws, n, A_ZR), i)), load<f64>(at(arr(ws, n, A_ZI), i)),
    load<f64>(at(arr(ws, n, A_NR), i)), load<f64>(at(arr(ws, n, A_NI), i)), B);
  // WV: known g, D, c at 0, 6, 12; the P(r + L) part's g, D, c at 18, 24, 30.
  for (let k = 0; k < 6; k++) {
    const fm = g(FT, k), f0 = g(FT, 6 + k), f1 = g(FT, 12 + k);
    p(WV, k, p0 * f0);
    p(WV, 6 + k, am * pm * fm + a0 * p0 * f0);
    p(WV, 12 + k, bm * pm * fm + b0 * p0 * f0);
    p(WV, 18 + k, 0.0);
    p(WV, 24 + k, a1 * f1);
    p(WV, 30 + k, b1 * f1);
  }
  for (let k = 0; k < 18; k++) p(E2, k, g(EM, k));
  let l = 1.0;
  for (let lv = 0; lv < levels; lv++) {
    const l2 = l * l, tl = 2.0 * l;
    for (let h = 0; h < 36; h += 18) {
      matVec(E2, WV, h, TMP, 0);
      for (let k = 0; k < 6; k++) p(WV, h + k, 2.0 * g(WV, h + k) + g(TMP, k) + (l * g(WV, h + 6 + k) + l2 * g(WV, h + 12 + k)));
      matVec(E2, WV, h + 6, TMP, 0);
      for (let k = 0; k < 6; k++) p(WV, h + 6 + k, 2.0 * g(WV, h + 6 + k) + g(TMP, k) + tl * g(WV, h + 12 + k));
      matVec(E2, WV, h + 12, TMP, 0);
      for (let k = 0; k < 6; k++) p(WV, h + 12 + k, 2.0 * g(WV, h + 12 + k) + g(TMP, k));
    }
    // E_2l = 2 E_l + E_l^2 (EK as scratch).
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let r = 0.0, im = 0.0;
        for (let k = 0; k < 3; k++) {
          const ar = g(E2, 6 * a + 2 * k), ai = g(E2, 6 * a + 2 * k + 1), br = g(E2, 6 * k + 2 * b), bi = g(E2, 6 * k + 2 * b + 1);
          r += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        p(EK, 6 * a + 2 * b, r); p(EK, 6 * a + 2 * b + 1, im);
      }
    }
    for (let k = 0; k < 18; k++) p(E2, k, 2.0 * g(E2, k) + g(EK, k));
    l *= 2.0;
  }
  for (let k = 0; k < 6; k++) p(FV, k, load<f64>(at(arr(ws, n, A_UR + k), i)));
  matVec(E2, FV, 0, TMP, 0);
  for (let k = 0; k < 6; k++) {
    store<f64>(at(arr(ws, n, A_XN + k), i), g(FV, k) + g(TMP, k) + g(WV, k));
    store<f64>(at(arr(ws, n, A_W1 + k), i), g(WV, 18 + k));
  }
  baseU = g(FV, 0) + g(TMP, 0) + g(WV, 0);
  weightU = g(WV, 18);
}

/**
 * A second-order block of L = 2^levels steps from step r (see the head of this file): the state at
 * r + L from P(r - rho L) = pm, P(r) = p0, solving P(r + L) = F0 + Re sum U(r + L), which it returns
 * (the workspace's state is advanced). table: the optimizer table; real: every atom is real.
 */
export function momentumBlock(ws: usize, n: i32, F0: f64, B: f64, table: usize, real: bool, r: f64, levels: i32, rho: f64,
  pm: f64, p0: f64): f64 {
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
    for (let i = 0; i < n; i++) {
      blockAtomComplex(ws, n, i, B, levels, pm, p0, am, bm, a0, b0, a1, b1);
      sumA += baseU;
      sumC += weightU;
    }
  }
  const P1 = (F0 + sumA) / (1.0 - sumC);
  for (let k = 0; k < 6; k++) {
    if (real && (k & 1) == 1) continue;
    const xn = arr(ws, n, A_XN + k), w1 = arr(ws, n, A_W1 + k), u = arr(ws, n, A_UR + k);
    for (let i = 0; i < n; i++) store<f64>(at(u, i), load<f64>(at(xn, i)) + load<f64>(at(w1, i)) * P1);
  }
  return P1;
}
