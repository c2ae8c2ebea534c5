// Second-order blocks of the momentum/DANA recursion on real atoms (docs/model.md §10; the scheme is
// described in momentum-block.ts): a scalar pass per atom forms the frozen map E_m and the forcing
// f~ at the three nodes into the workspace, then the doubling runs over two atoms at a time in the
// SIMD build (the same operations in the same order as the scalar tail, so both builds agree bit
// for bit).
import { at, arr, A_ZR, A_NR, A_UR, A_XN, A_W1, A_EM, A_FT } from "./momentum-layout";

// Per block: the map's entries as (constant, x, x^2) coefficients at the midpoint and the three
// nodes, then the forcing direction per unit nu at the nodes (KT_LEN f64 per time).
const KT_LEN = 20;
const KT = new StaticArray<f64>(4 * KT_LEN);

/** Fill KT from the coefficients co (4 x [g1, g2, g3, Delta]) and batch B (the entries of mapAt at real z). */
export function prepareRealConstants(co: StaticArray<f64>, B: f64): void {
  for (let k = 0; k < 4; k++) {
    const g1 = unchecked(co[4 * k]), g2 = unchecked(co[4 * k + 1]), g3 = unchecked(co[4 * k + 2]), dl = unchecked(co[4 * k + 3]);
    const c = g2 + g1 * g3, m = 1.0 - dl, bb = B * (B + 1.0), o = k * KT_LEN;
    // e00 = -2cB x + c^2 B(B+1) x^2, e01, e02 = -2 g3 m + 2 g3 m cB x
    unchecked((KT[o] = -2.0 * c * B)); unchecked((KT[o + 1] = c * c * bb)); unchecked((KT[o + 2] = g3 * g3 * m * m));
    unchecked((KT[o + 3] = -2.0 * g3 * m)); unchecked((KT[o + 4] = 2.0 * g3 * m * c * B));
    // e10 = g1^2 B(B+1) x^2, e11 = -Delta (2 - Delta), e12 = 2 m g1 B x
    unchecked((KT[o + 5] = g1 * g1 * bb)); unchecked((KT[o + 6] = -dl * (2.0 - dl))); unchecked((KT[o + 7] = 2.0 * m * g1 * B));
    // e20 = g1 B x - g1 c B(B+1) x^2, e21 = -g3 m^2, e22 = -Delta - m (c + g1 g3) B x
    unchecked((KT[o + 8] = g1 * B)); unchecked((KT[o + 9] = -g1 * c * bb)); unchecked((KT[o + 10] = -g3 * m * m));
    unchecked((KT[o + 11] = -dl)); unchecked((KT[o + 12] = -m * (c + g1 * g3) * B));
    // f / nu = B (c^2, gamma1^2, -c gamma1)
    unchecked((KT[o + 13] = c * c * B)); unchecked((KT[o + 14] = g1 * g1 * B)); unchecked((KT[o + 15] = -c * g1 * B));
  }
}

// The real map at one of the four times (o = k KT_LEN) at x, into locals of the caller by macro-like inlining.
let r00 = 0.0, r01 = 0.0, r02 = 0.0, r10 = 0.0, r11 = 0.0, r12 = 0.0, r20 = 0.0, r21 = 0.0, r22 = 0.0;
// @ts-ignore: decorator
@inline function realMap(o: i32, x: f64, x2: f64): void {
  r00 = unchecked(KT[o]) * x + unchecked(KT[o + 1]) * x2; r01 = unchecked(KT[o + 2]); r02 = unchecked(KT[o + 3]) + unchecked(KT[o + 4]) * x;
  r10 = unchecked(KT[o + 5]) * x2; r11 = unchecked(KT[o + 6]); r12 = unchecked(KT[o + 7]) * x;
  r20 = unchecked(KT[o + 8]) * x + unchecked(KT[o + 9]) * x2;
  r21 = unchecked(KT[o + 10]); r22 = unchecked(KT[o + 11]) + unchecked(KT[o + 12]) * x;
}

/**
 * E_m and the quasi-static states q = (I - A_k)^(-1) f at the three nodes for real atom i into the
 * workspace (A_EM, A_FT + 3k), after prepareRealConstants. Where I - A_k is singular or q is not
 * finite (z = 0, where f = 0), q = 0.
 */
export function prepareReal(ws: usize, n: i32, i: i32): void {
  const x = load<f64>(at(arr(ws, n, A_ZR), i)), nu = load<f64>(at(arr(ws, n, A_NR), i)), x2 = x * x;
  realMap(0, x, x2);
  store<f64>(at(arr(ws, n, A_EM), i), r00); store<f64>(at(arr(ws, n, A_EM + 1), i), r01); store<f64>(at(arr(ws, n, A_EM + 2), i), r02);
  store<f64>(at(arr(ws, n, A_EM + 3), i), r10); store<f64>(at(arr(ws, n, A_EM + 4), i), r11); store<f64>(at(arr(ws, n, A_EM + 5), i), r12);
  store<f64>(at(arr(ws, n, A_EM + 6), i), r20); store<f64>(at(arr(ws, n, A_EM + 7), i), r21); store<f64>(at(arr(ws, n, A_EM + 8), i), r22);
  for (let k = 1; k < 4; k++) {
    const o = k * KT_LEN;
    realMap(o, x, x2);
    const e00 = r00, e01 = r01, e02 = r02, e10 = r10, e11 = r11, e12 = r12, e20 = r20, e21 = r21, e22 = r22;
    const f0 = unchecked(KT[o + 13]) * nu, f1 = unchecked(KT[o + 14]) * nu, f2 = unchecked(KT[o + 15]) * nu;
    // Cofactors of E_k; q = adj(E_k) f / det(-E_k) (adj(-E) = adj(E) for 3x3).
    const c00 = e11 * e22 - e12 * e21, c01 = e12 * e20 - e10 * e22, c02 = e10 * e21 - e11 * e20;
    const c10 = e21 * e02 - e22 * e01, c11 = e22 * e00 - e20 * e02, c12 = e20 * e01 - e21 * e00;
    const c20 = e01 * e12 - e02 * e11, c21 = e02 * e10 - e00 * e12, c22 = e00 * e11 - e01 * e10;
    const dM = -(e00 * c00 + e01 * c01 + e02 * c02);
    const q0 = (c00 * f0 + c10 * f1 + c20 * f2) / dM, q1 = (c01 * f0 + c11 * f1 + c21 * f2) / dM;
    const q2 = (c02 * f0 + c12 * f1 + c22 * f2) / dM;
    const ok = dM != 0 && isFinite(q0) && isFinite(q1) && isFinite(q2);
    const a = A_FT + 3 * (k - 1);
    store<f64>(at(arr(ws, n, a), i), ok ? q0 : 0.0); store<f64>(at(arr(ws, n, a + 1), i), ok ? q1 : 0.0);
    store<f64>(at(arr(ws, n, a + 2), i), ok ? q2 : 0.0);
  }
}

// Sums of the U entries of the new states (without the P(r + L) term) and of that term's weights.
export let sumBase = 0.0, sumWeight = 0.0;

/**
 * The doubling of all real atoms after prepareReal, in the summation-by-parts form of the block
 * (momentum-block.ts): with h(s) the quadratic through q_k P_k at the nodes and Dh(s) = h(s+1) - h(s)
 * = a + b s, sum_(s<L) A_m^(L-1-s) (I - A_m) h(s) = h(L) - A_m^L h(0) - W(L), W(l) = sum_(s<l) A_m^(l-1-s)
 * (a + b s), W(2l) = 2 W + E_l W + l T, T(2l) = 2 T + E_l T (T sums b). h(0) = q_0 P(r), h(L) = q_1 P(r + L).
 * Writes the new state without its P(r + L) term, A_m^L (X - q_0 P(r)) - W', into A_XN, that term's
 * weights q_1 - W'' into A_W1, and their U sums into (sumBase, sumWeight). pm, p0: P at the nodes
 * r - rho L and r; (am, bm), (a0, b0), (a1, b1): the s and s^2 coefficients of the nodes' Lagrange
 * polynomials (the constant one is 1 at the node r, 0 elsewhere).
 */
export function doublingReal(ws: usize, n: i32, levels: i32, pm: f64, p0: f64, am: f64, bm: f64, a0: f64, b0: f64, a1: f64, b1: f64): void {
  let sA = 0.0, sC = 0.0;
  // Dh = (H1 + H2) + 2 H2 s for h = H0 + H1 s + H2 s^2.
  const kam = am + bm, ka0 = a0 + b0, ua1 = a1 + b1, tbm = 2.0 * bm, tb0 = 2.0 * b0, tb1 = 2.0 * b1;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const two = f64x2.splat(2.0), P0 = f64x2.splat(p0), Pm = f64x2.splat(pm);
    const Kam = f64x2.splat(kam), Ka0 = f64x2.splat(ka0), Ua1 = f64x2.splat(ua1);
    const Tbm = f64x2.splat(tbm), Tb0 = f64x2.splat(tb0), Tb1 = f64x2.splat(tb1);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const qm0 = f64x2.mul(Pm, v128.load(arr(ws, n, A_FT) + o)), qm1 = f64x2.mul(Pm, v128.load(arr(ws, n, A_FT + 1) + o));
      const qm2 = f64x2.mul(Pm, v128.load(arr(ws, n, A_FT + 2) + o));
      const q00 = f64x2.mul(P0, v128.load(arr(ws, n, A_FT + 3) + o)), q01 = f64x2.mul(P0, v128.load(arr(ws, n, A_FT + 4) + o));
      const q02 = f64x2.mul(P0, v128.load(arr(ws, n, A_FT + 5) + o));
      const q10 = v128.load(arr(ws, n, A_FT + 6) + o), q11 = v128.load(arr(ws, n, A_FT + 7) + o), q12 = v128.load(arr(ws, n, A_FT + 8) + o);
      let kw0 = f64x2.add(f64x2.mul(Kam, qm0), f64x2.mul(Ka0, q00)), kw1 = f64x2.add(f64x2.mul(Kam, qm1), f64x2.mul(Ka0, q01));
      let kw2 = f64x2.add(f64x2.mul(Kam, qm2), f64x2.mul(Ka0, q02));
      let kt0 = f64x2.add(f64x2.mul(Tbm, qm0), f64x2.mul(Tb0, q00)), kt1 = f64x2.add(f64x2.mul(Tbm, qm1), f64x2.mul(Tb0, q01));
      let kt2 = f64x2.add(f64x2.mul(Tbm, qm2), f64x2.mul(Tb0, q02));
      let uw0 = f64x2.mul(Ua1, q10), uw1 = f64x2.mul(Ua1, q11), uw2 = f64x2.mul(Ua1, q12);
      let ut0 = f64x2.mul(Tb1, q10), ut1 = f64x2.mul(Tb1, q11), ut2 = f64x2.mul(Tb1, q12);
      let a00 = v128.load(arr(ws, n, A_EM) + o), a01 = v128.load(arr(ws, n, A_EM + 1) + o), a02 = v128.load(arr(ws, n, A_EM + 2) + o);
      let a10 = v128.load(arr(ws, n, A_EM + 3) + o), a11 = v128.load(arr(ws, n, A_EM + 4) + o), a12 = v128.load(arr(ws, n, A_EM + 5) + o);
      let a20 = v128.load(arr(ws, n, A_EM + 6) + o), a21 = v128.load(arr(ws, n, A_EM + 7) + o), a22 = v128.load(arr(ws, n, A_EM + 8) + o);
      let l = 1.0;
      for (let lv = 0; lv < levels; lv++) {
        const vl = f64x2.splat(l);
        let y0 = mv(a00, a01, a02, kw0, kw1, kw2), y1 = mv(a10, a11, a12, kw0, kw1, kw2), y2 = mv(a20, a21, a22, kw0, kw1, kw2);
        kw0 = f64x2.add(f64x2.add(f64x2.mul(two, kw0), y0), f64x2.mul(vl, kt0));
        kw1 = f64x2.add(f64x2.add(f64x2.mul(two, kw1), y1), f64x2.mul(vl, kt1));
        kw2 = f64x2.add(f64x2.add(f64x2.mul(two, kw2), y2), f64x2.mul(vl, kt2));
        y0 = mv(a00, a01, a02, kt0, kt1, kt2); y1 = mv(a10, a11, a12, kt0, kt1, kt2); y2 = mv(a20, a21, a22, kt0, kt1, kt2);
        kt0 = f64x2.add(f64x2.mul(two, kt0), y0); kt1 = f64x2.add(f64x2.mul(two, kt1), y1); kt2 = f64x2.add(f64x2.mul(two, kt2), y2);
        y0 = mv(a00, a01, a02, uw0, uw1, uw2); y1 = mv(a10, a11, a12, uw0, uw1, uw2); y2 = mv(a20, a21, a22, uw0, uw1, uw2);
        uw0 = f64x2.add(f64x2.add(f64x2.mul(two, uw0), y0), f64x2.mul(vl, ut0));
        uw1 = f64x2.add(f64x2.add(f64x2.mul(two, uw1), y1), f64x2.mul(vl, ut1));
        uw2 = f64x2.add(f64x2.add(f64x2.mul(two, uw2), y2), f64x2.mul(vl, ut2));
        y0 = mv(a00, a01, a02, ut0, ut1, ut2); y1 = mv(a10, a11, a12, ut0, ut1, ut2); y2 = mv(a20, a21, a22, ut0, ut1, ut2);
        ut0 = f64x2.add(f64x2.mul(two, ut0), y0); ut1 = f64x2.add(f64x2.mul(two, ut1), y1); ut2 = f64x2.add(f64x2.mul(two, ut2), y2);
        // E <- 2E + E^2
        const b00 = f64x2.add(f64x2.mul(two, a00), mv(a00, a01, a02, a00, a10, a20));
        const b01 = f64x2.add(f64x2.mul(two, a01), mv(a00, a01, a02, a01, a11, a21))
        const b02 = f64x2.add(f64x2.mul(two, a02), mv(a00, a01, a02, a02, a12, a22));
        const b10 = f64x2.add(f64x2.mul(two, a10), mv(a10, a11, a12, a00, a10, a20))
        const b11 = f64x2.add(f64x2.mul(two, a11), mv(a10, a11, a12, a01, a11, a21));
        const b12 = f64x2.add(f64x2.mul(two, a12), mv(a10, a11, a12, a02, a12, a22))
        const b20 = f64x2.add(f64x2.mul(two, a20), mv(a20, a21, a22, a00, a10, a20));
        const b21 = f64x2.add(f64x2.mul(two, a21), mv(a20, a21, a22, a01, a11, a21))
        const b22 = f64x2.add(f64x2.mul(two, a22), mv(a20, a21, a22, a02, a12, a22));
        a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
        l *= 2.0;
      }
      const Y0 = f64x2.sub(v128.load(arr(ws, n, A_UR) + o), q00), Y1 = f64x2.sub(v128.load(arr(ws, n, A_UR + 2) + o), q01);
      const Y2 = f64x2.sub(v128.load(arr(ws, n, A_UR + 4) + o), q02);
      const xu = f64x2.sub(f64x2.add(Y0, mv(a00, a01, a02, Y0, Y1, Y2)), kw0);
      const xs = f64x2.sub(f64x2.add(Y1, mv(a10, a11, a12, Y0, Y1, Y2)), kw1);
      const xv = f64x2.sub(f64x2.add(Y2, mv(a20, a21, a22, Y0, Y1, Y2)), kw2);
      const wu = f64x2.sub(q10, uw0), wsv = f64x2.sub(q11, uw1), wv = f64x2.sub(q12, uw2);
      v128.store(arr(ws, n, A_XN) + o, xu); v128.store(arr(ws, n, A_XN + 2) + o, xs); v128.store(arr(ws, n, A_XN + 4) + o, xv);
      v128.store(arr(ws, n, A_W1) + o, wu); v128.store(arr(ws, n, A_W1 + 2) + o, wsv); v128.store(arr(ws, n, A_W1 + 4) + o, wv);
      // In atom order, as the scalar build adds.
      sA += f64x2.extract_lane(xu, 0); sA += f64x2.extract_lane(xu, 1);
      sC += f64x2.extract_lane(wu, 0); sC += f64x2.extract_lane(wu, 1);
    }
  }
  for (; i < n; i++) {
    const qm0 = pm * load<f64>(at(arr(ws, n, A_FT), i)), qm1 = pm * load<f64>(at(arr(ws, n, A_FT + 1), i));
    const qm2 = pm * load<f64>(at(arr(ws, n, A_FT + 2), i));
    const q00 = p0 * load<f64>(at(arr(ws, n, A_FT + 3), i)), q01 = p0 * load<f64>(at(arr(ws, n, A_FT + 4), i));
    const q02 = p0 * load<f64>(at(arr(ws, n, A_FT + 5), i));
    const q10 = load<f64>(at(arr(ws, n, A_FT + 6), i)), q11 = load<f64>(at(arr(ws, n, A_FT + 7), i));
    const q12 = load<f64>(at(arr(ws, n, A_FT + 8), i));
    let kw0 = kam * qm0 + ka0 * q00, kw1 = kam * qm1 + ka0 * q01, kw2 = kam * qm2 + ka0 * q02;
    let kt0 = tbm * qm0 + tb0 * q00, kt1 = tbm * qm1 + tb0 * q01, kt2 = tbm * qm2 + tb0 * q02;
    let uw0 = ua1 * q10, uw1 = ua1 * q11, uw2 = ua1 * q12;
    let ut0 = tb1 * q10, ut1 = tb1 * q11, ut2 = tb1 * q12;
    let a00 = load<f64>(at(arr(ws, n, A_EM), i)), a01 = load<f64>(at(arr(ws, n, A_EM + 1), i));
    let a02 = load<f64>(at(arr(ws, n, A_EM + 2), i));
    let a10 = load<f64>(at(arr(ws, n, A_EM + 3), i)), a11 = load<f64>(at(arr(ws, n, A_EM + 4), i));
    let a12 = load<f64>(at(arr(ws, n, A_EM + 5), i));
    let a20 = load<f64>(at(arr(ws, n, A_EM + 6), i)), a21 = load<f64>(at(arr(ws, n, A_EM + 7), i));
    let a22 = load<f64>(at(arr(ws, n, A_EM + 8), i));
    let l = 1.0;
    for (let lv = 0; lv < levels; lv++) {
      let y0 = ms(a00, a01, a02, kw0, kw1, kw2), y1 = ms(a10, a11, a12, kw0, kw1, kw2), y2 = ms(a20, a21, a22, kw0, kw1, kw2);
      kw0 = (2.0 * kw0 + y0) + l * kt0; kw1 = (2.0 * kw1 + y1) + l * kt1; kw2 = (2.0 * kw2 + y2) + l * kt2;
      y0 = ms(a00, a01, a02, kt0, kt1, kt2); y1 = ms(a10, a11, a12, kt0, kt1, kt2); y2 = ms(a20, a21, a22, kt0, kt1, kt2);
      kt0 = 2.0 * kt0 + y0; kt1 = 2.0 * kt1 + y1; kt2 = 2.0 * kt2 + y2;
      y0 = ms(a00, a01, a02, uw0, uw1, uw2); y1 = ms(a10, a11, a12, uw0, uw1, uw2); y2 = ms(a20, a21, a22, uw0, uw1, uw2);
      uw0 = (2.0 * uw0 + y0) + l * ut0; uw1 = (2.0 * uw1 + y1) + l * ut1; uw2 = (2.0 * uw2 + y2) + l * ut2;
      y0 = ms(a00, a01, a02, ut0, ut1, ut2); y1 = ms(a10, a11, a12, ut0, ut1, ut2); y2 = ms(a20, a21, a22, ut0, ut1, ut2);
      ut0 = 2.0 * ut0 + y0; ut1 = 2.0 * ut1 + y1; ut2 = 2.0 * ut2 + y2;
      const b00 = 2.0 * a00 + ms(a00, a01, a02, a00, a10, a20), b01 = 2.0 * a01 + ms(a00, a01, a02, a01, a11, a21);
      const b02 = 2.0 * a02 + ms(a00, a01, a02, a02, a12, a22), b10 = 2.0 * a10 + ms(a10, a11, a12, a00, a10, a20);
      const b11 = 2.0 * a11 + ms(a10, a11, a12, a01, a11, a21), b12 = 2.0 * a12 + ms(a10, a11, a12, a02, a12, a22);
      const b20 = 2.0 * a20 + ms(a20, a21, a22, a00, a10, a20), b21 = 2.0 * a21 + ms(a20, a21, a22, a01, a11, a21);
      const b22 = 2.0 * a22 + ms(a20, a21, a22, a02, a12, a22);
      a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
      l *= 2.0;
    }
    const Y0 = load<f64>(at(arr(ws, n, A_UR), i)) - q00, Y1 = load<f64>(at(arr(ws, n, A_UR + 2), i)) - q01;
    const Y2 = load<f64>(at(arr(ws, n, A_UR + 4), i)) - q02;
    const xu = (Y0 + ms(a00, a01, a02, Y0, Y1, Y2)) - kw0, xs = (Y1 + ms(a10, a11, a12, Y0, Y1, Y2)) - kw1;
    const xv = (Y2 + ms(a20, a21, a22, Y0, Y1, Y2)) - kw2;
    const wu = q10 - uw0;
    store<f64>(at(arr(ws, n, A_XN), i), xu); store<f64>(at(arr(ws, n, A_XN + 2), i), xs); store<f64>(at(arr(ws, n, A_XN + 4), i), xv);
    store<f64>(at(arr(ws, n, A_W1), i), wu);
    store<f64>(at(arr(ws, n, A_W1 + 2), i), q11 - uw1); store<f64>(at(arr(ws, n, A_W1 + 4), i), q12 - uw2);
    sA += xu; sC += wu;
  }
  sumBase = sA; sumWeight = sC;
}

// Row times vector: (r0 x0 + r1 x1) + r2 x2, the same order in both builds.
// @ts-ignore: decorator
@inline function ms(r0: f64, r1: f64, r2: f64, x0: f64, x1: f64, x2: f64): f64 { return (r0 * x0 + r1 * x1) + r2 * x2; }
// @ts-ignore: decorator
@inline function mv(r0: v128, r1: v128, r2: v128, x0: v128, x1: v128, x2: v128): v128 {
  return f64x2.add(f64x2.add(f64x2.mul(r0, x0), f64x2.mul(r1, x1)), f64x2.mul(r2, x2));
}
