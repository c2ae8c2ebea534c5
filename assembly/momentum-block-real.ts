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
  r20 = unchecked(KT[o + 8]) * x + unchecked(KT[o + 9]) * x2; r21 = unchecked(KT[o + 10]); r22 = unchecked(KT[o + 11]) + unchecked(KT[o + 12]) * x;
}

/**
 * E_m and f~ = f + (E_k - E_m) q, q = (I - A_k)^(-1) f, at the three nodes for real atom i into the
 * workspace (A_EM, A_FT + 3k), after prepareRealConstants. Where I - A_k is singular or q is not
 * finite (z = 0, where f = 0), f~ = f.
 */
export function prepareReal(ws: usize, n: i32, i: i32): void {
  const x = load<f64>(at(arr(ws, n, A_ZR), i)), nu = load<f64>(at(arr(ws, n, A_NR), i)), x2 = x * x;
  realMap(0, x, x2);
  const m00 = r00, m01 = r01, m02 = r02, m10 = r10, m11 = r11, m12 = r12, m20 = r20, m21 = r21, m22 = r22;
  store<f64>(at(arr(ws, n, A_EM), i), m00); store<f64>(at(arr(ws, n, A_EM + 1), i), m01); store<f64>(at(arr(ws, n, A_EM + 2), i), m02);
  store<f64>(at(arr(ws, n, A_EM + 3), i), m10); store<f64>(at(arr(ws, n, A_EM + 4), i), m11); store<f64>(at(arr(ws, n, A_EM + 5), i), m12);
  store<f64>(at(arr(ws, n, A_EM + 6), i), m20); store<f64>(at(arr(ws, n, A_EM + 7), i), m21); store<f64>(at(arr(ws, n, A_EM + 8), i), m22);
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
    let t0 = f0, t1 = f1, t2 = f2;
    if (dM != 0 && isFinite(q0) && isFinite(q1) && isFinite(q2)) {
      t0 += (e00 - m00) * q0 + (e01 - m01) * q1 + (e02 - m02) * q2;
      t1 += (e10 - m10) * q0 + (e11 - m11) * q1 + (e12 - m12) * q2;
      t2 += (e20 - m20) * q0 + (e21 - m21) * q1 + (e22 - m22) * q2;
    }
    const a = A_FT + 3 * (k - 1);
    store<f64>(at(arr(ws, n, a), i), t0); store<f64>(at(arr(ws, n, a + 1), i), t1); store<f64>(at(arr(ws, n, a + 2), i), t2);
  }
}

// Sums of the U entries of the new states (without the P(r + L) term) and of that term's weights.
export let sumBase = 0.0, sumWeight = 0.0;

/**
 * The doubling of all real atoms after prepareReal: the new state without its P(r + L) term into
 * A_XN, that term's weights into A_W1, and their U sums into (sumBase, sumWeight). pm, p0: P at the
 * nodes r - rho L and r; (am, bm), (a0, b0), (a1, b1): the s and s^2 coefficients of the nodes'
 * Lagrange polynomials (the constant one is 1 at the node r, 0 elsewhere).
 */
export function doublingReal(ws: usize, n: i32, levels: i32, pm: f64, p0: f64, am: f64, bm: f64, a0: f64, b0: f64, a1: f64, b1: f64): void {
  let sA = 0.0, sC = 0.0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const P0 = f64x2.splat(p0), Pm = f64x2.splat(pm), two = f64x2.splat(2.0);
      const fm0 = v128.load(arr(ws, n, A_FT) + o), fm1 = v128.load(arr(ws, n, A_FT + 1) + o), fm2 = v128.load(arr(ws, n, A_FT + 2) + o);
      const f00 = v128.load(arr(ws, n, A_FT + 3) + o), f01 = v128.load(arr(ws, n, A_FT + 4) + o), f02 = v128.load(arr(ws, n, A_FT + 5) + o);
      const f10 = v128.load(arr(ws, n, A_FT + 6) + o), f11 = v128.load(arr(ws, n, A_FT + 7) + o), f12 = v128.load(arr(ws, n, A_FT + 8) + o);
      const Am = f64x2.splat(am), Bm = f64x2.splat(bm), A0 = f64x2.splat(a0), B0 = f64x2.splat(b0), A1 = f64x2.splat(a1), B1 = f64x2.splat(b1);
      const pmm0 = f64x2.mul(Pm, fm0), pmm1 = f64x2.mul(Pm, fm1), pmm2 = f64x2.mul(Pm, fm2);
      let kg0 = f64x2.mul(P0, f00), kg1 = f64x2.mul(P0, f01), kg2 = f64x2.mul(P0, f02);
      let kd0 = f64x2.add(f64x2.mul(Am, pmm0), f64x2.mul(A0, kg0)), kd1 = f64x2.add(f64x2.mul(Am, pmm1), f64x2.mul(A0, kg1));
      let kd2 = f64x2.add(f64x2.mul(Am, pmm2), f64x2.mul(A0, kg2));
      let kc0 = f64x2.add(f64x2.mul(Bm, pmm0), f64x2.mul(B0, kg0)), kc1 = f64x2.add(f64x2.mul(Bm, pmm1), f64x2.mul(B0, kg1));
      let kc2 = f64x2.add(f64x2.mul(Bm, pmm2), f64x2.mul(B0, kg2));
      let ug0 = f64x2.splat(0.0), ug1 = f64x2.splat(0.0), ug2 = f64x2.splat(0.0);
      let ud0 = f64x2.mul(A1, f10), ud1 = f64x2.mul(A1, f11), ud2 = f64x2.mul(A1, f12);
      let uc0 = f64x2.mul(B1, f10), uc1 = f64x2.mul(B1, f11), uc2 = f64x2.mul(B1, f12);
      let a00 = v128.load(arr(ws, n, A_EM) + o), a01 = v128.load(arr(ws, n, A_EM + 1) + o), a02 = v128.load(arr(ws, n, A_EM + 2) + o);
      let a10 = v128.load(arr(ws, n, A_EM + 3) + o), a11 = v128.load(arr(ws, n, A_EM + 4) + o), a12 = v128.load(arr(ws, n, A_EM + 5) + o);
      let a20 = v128.load(arr(ws, n, A_EM + 6) + o), a21 = v128.load(arr(ws, n, A_EM + 7) + o), a22 = v128.load(arr(ws, n, A_EM + 8) + o);
      let l = 1.0;
      for (let lv = 0; lv < levels; lv++) {
        const vl = f64x2.splat(l), vl2 = f64x2.splat(l * l), vtl = f64x2.splat(2.0 * l);
        // (g, D, c) <- (2g + E g + (l D + l^2 c), 2D + E D + 2l c, 2c + E c), known part then the P(r + L) part.
        let y0 = mv(a00, a01, a02, kg0, kg1, kg2), y1 = mv(a10, a11, a12, kg0, kg1, kg2), y2 = mv(a20, a21, a22, kg0, kg1, kg2);
        kg0 = f64x2.add(f64x2.add(f64x2.mul(two, kg0), y0), f64x2.add(f64x2.mul(vl, kd0), f64x2.mul(vl2, kc0)));
        kg1 = f64x2.add(f64x2.add(f64x2.mul(two, kg1), y1), f64x2.add(f64x2.mul(vl, kd1), f64x2.mul(vl2, kc1)));
        kg2 = f64x2.add(f64x2.add(f64x2.mul(two, kg2), y2), f64x2.add(f64x2.mul(vl, kd2), f64x2.mul(vl2, kc2)));
        y0 = mv(a00, a01, a02, kd0, kd1, kd2); y1 = mv(a10, a11, a12, kd0, kd1, kd2); y2 = mv(a20, a21, a22, kd0, kd1, kd2);
        kd0 = f64x2.add(f64x2.add(f64x2.mul(two, kd0), y0), f64x2.mul(vtl, kc0));
        kd1 = f64x2.add(f64x2.add(f64x2.mul(two, kd1), y1), f64x2.mul(vtl, kc1));
        kd2 = f64x2.add(f64x2.add(f64x2.mul(two, kd2), y2), f64x2.mul(vtl, kc2));
        y0 = mv(a00, a01, a02, kc0, kc1, kc2); y1 = mv(a10, a11, a12, kc0, kc1, kc2); y2 = mv(a20, a21, a22, kc0, kc1, kc2);
        kc0 = f64x2.add(f64x2.mul(two, kc0), y0); kc1 = f64x2.add(f64x2.mul(two, kc1), y1); kc2 = f64x2.add(f64x2.mul(two, kc2), y2);
        y0 = mv(a00, a01, a02, ug0, ug1, ug2); y1 = mv(a10, a11, a12, ug0, ug1, ug2); y2 = mv(a20, a21, a22, ug0, ug1, ug2);
        ug0 = f64x2.add(f64x2.add(f64x2.mul(two, ug0), y0), f64x2.add(f64x2.mul(vl, ud0), f64x2.mul(vl2, uc0)));
        ug1 = f64x2.add(f64x2.add(f64x2.mul(two, ug1), y1), f64x2.add(f64x2.mul(vl, ud1), f64x2.mul(vl2, uc1)));
        ug2 = f64x2.add(f64x2.add(f64x2.mul(two, ug2), y2), f64x2.add(f64x2.mul(vl, ud2), f64x2.mul(vl2, uc2)));
        y0 = mv(a00, a01, a02, ud0, ud1, ud2); y1 = mv(a10, a11, a12, ud0, ud1, ud2); y2 = mv(a20, a21, a22, ud0, ud1, ud2);
        ud0 = f64x2.add(f64x2.add(f64x2.mul(two, ud0), y0), f64x2.mul(vtl, uc0));
        ud1 = f64x2.add(f64x2.add(f64x2.mul(two, ud1), y1), f64x2.mul(vtl, uc1));
        ud2 = f64x2.add(f64x2.add(f64x2.mul(two, ud2), y2), f64x2.mul(vtl, uc2));
        y0 = mv(a00, a01, a02, uc0, uc1, uc2); y1 = mv(a10, a11, a12, uc0, uc1, uc2); y2 = mv(a20, a21, a22, uc0, uc1, uc2);
        uc0 = f64x2.add(f64x2.mul(two, uc0), y0); uc1 = f64x2.add(f64x2.mul(two, uc1), y1); uc2 = f64x2.add(f64x2.mul(two, uc2), y2);
        // E <- 2E + E^2
        const b00 = f64x2.add(f64x2.mul(two, a00), mv(a00, a01, a02, a00, a10, a20)), b01 = f64x2.add(f64x2.mul(two, a01), mv(a00, a01, a02, a01, a11, a21));
        const b02 = f64x2.add(f64x2.mul(two, a02), mv(a00, a01, a02, a02, a12, a22)), b10 = f64x2.add(f64x2.mul(two, a10), mv(a10, a11, a12, a00, a10, a20));
        const b11 = f64x2.add(f64x2.mul(two, a11), mv(a10, a11, a12, a01, a11, a21)), b12 = f64x2.add(f64x2.mul(two, a12), mv(a10, a11, a12, a02, a12, a22));
        const b20 = f64x2.add(f64x2.mul(two, a20), mv(a20, a21, a22, a00, a10, a20)), b21 = f64x2.add(f64x2.mul(two, a21), mv(a20, a21, a22, a01, a11, a21));
        const b22 = f64x2.add(f64x2.mul(two, a22), mv(a20, a21, a22, a02, a12, a22));
        a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
        l *= 2.0;
      }
      const U = v128.load(arr(ws, n, A_UR) + o), S = v128.load(arr(ws, n, A_UR + 2) + o), V = v128.load(arr(ws, n, A_UR + 4) + o);
      const xu = f64x2.add(f64x2.add(U, mv(a00, a01, a02, U, S, V)), kg0);
      const xs = f64x2.add(f64x2.add(S, mv(a10, a11, a12, U, S, V)), kg1);
      const xv = f64x2.add(f64x2.add(V, mv(a20, a21, a22, U, S, V)), kg2);
      v128.store(arr(ws, n, A_XN) + o, xu); v128.store(arr(ws, n, A_XN + 2) + o, xs); v128.store(arr(ws, n, A_XN + 4) + o, xv);
      v128.store(arr(ws, n, A_W1) + o, ug0); v128.store(arr(ws, n, A_W1 + 2) + o, ug1); v128.store(arr(ws, n, A_W1 + 4) + o, ug2);
      // In atom order, as the scalar build adds.
      sA += f64x2.extract_lane(xu, 0); sA += f64x2.extract_lane(xu, 1);
      sC += f64x2.extract_lane(ug0, 0); sC += f64x2.extract_lane(ug0, 1);
    }
  }
  for (; i < n; i++) {
    const fm0 = load<f64>(at(arr(ws, n, A_FT), i)), fm1 = load<f64>(at(arr(ws, n, A_FT + 1), i)), fm2 = load<f64>(at(arr(ws, n, A_FT + 2), i));
    const f00 = load<f64>(at(arr(ws, n, A_FT + 3), i)), f01 = load<f64>(at(arr(ws, n, A_FT + 4), i)), f02 = load<f64>(at(arr(ws, n, A_FT + 5), i));
    const f10 = load<f64>(at(arr(ws, n, A_FT + 6), i)), f11 = load<f64>(at(arr(ws, n, A_FT + 7), i)), f12 = load<f64>(at(arr(ws, n, A_FT + 8), i));
    const pmm0 = pm * fm0, pmm1 = pm * fm1, pmm2 = pm * fm2;
    let kg0 = p0 * f00, kg1 = p0 * f01, kg2 = p0 * f02;
    let kd0 = am * pmm0 + a0 * kg0, kd1 = am * pmm1 + a0 * kg1, kd2 = am * pmm2 + a0 * kg2;
    let kc0 = bm * pmm0 + b0 * kg0, kc1 = bm * pmm1 + b0 * kg1, kc2 = bm * pmm2 + b0 * kg2;
    let ug0 = 0.0, ug1 = 0.0, ug2 = 0.0;
    let ud0 = a1 * f10, ud1 = a1 * f11, ud2 = a1 * f12;
    let uc0 = b1 * f10, uc1 = b1 * f11, uc2 = b1 * f12;
    let a00 = load<f64>(at(arr(ws, n, A_EM), i)), a01 = load<f64>(at(arr(ws, n, A_EM + 1), i)), a02 = load<f64>(at(arr(ws, n, A_EM + 2), i));
    let a10 = load<f64>(at(arr(ws, n, A_EM + 3), i)), a11 = load<f64>(at(arr(ws, n, A_EM + 4), i)), a12 = load<f64>(at(arr(ws, n, A_EM + 5), i));
    let a20 = load<f64>(at(arr(ws, n, A_EM + 6), i)), a21 = load<f64>(at(arr(ws, n, A_EM + 7), i)), a22 = load<f64>(at(arr(ws, n, A_EM + 8), i));
    let l = 1.0;
    for (let lv = 0; lv < levels; lv++) {
      const vl = l, vl2 = l * l, vtl = 2.0 * l;
      let y0 = ms(a00, a01, a02, kg0, kg1, kg2), y1 = ms(a10, a11, a12, kg0, kg1, kg2), y2 = ms(a20, a21, a22, kg0, kg1, kg2);
      kg0 = (2.0 * kg0 + y0) + (vl * kd0 + vl2 * kc0); kg1 = (2.0 * kg1 + y1) + (vl * kd1 + vl2 * kc1); kg2 = (2.0 * kg2 + y2) + (vl * kd2 + vl2 * kc2);
      y0 = ms(a00, a01, a02, kd0, kd1, kd2); y1 = ms(a10, a11, a12, kd0, kd1, kd2); y2 = ms(a20, a21, a22, kd0, kd1, kd2);
      kd0 = (2.0 * kd0 + y0) + vtl * kc0; kd1 = (2.0 * kd1 + y1) + vtl * kc1; kd2 = (2.0 * kd2 + y2) + vtl * kc2;
      y0 = ms(a00, a01, a02, kc0, kc1, kc2); y1 = ms(a10, a11, a12, kc0, kc1, kc2); y2 = ms(a20, a21, a22, kc0, kc1, kc2);
      kc0 = 2.0 * kc0 + y0; kc1 = 2.0 * kc1 + y1; kc2 = 2.0 * kc2 + y2;
      y0 = ms(a00, a01, a02, ug0, ug1, ug2); y1 = ms(a10, a11, a12, ug0, ug1, ug2); y2 = ms(a20, a21, a22, ug0, ug1, ug2);
      ug0 = (2.0 * ug0 + y0) + (vl * ud0 + vl2 * uc0); ug1 = (2.0 * ug1 + y1) + (vl * ud1 + vl2 * uc1); ug2 = (2.0 * ug2 + y2) + (vl * ud2 + vl2 * uc2);
      y0 = ms(a00, a01, a02, ud0, ud1, ud2); y1 = ms(a10, a11, a12, ud0, ud1, ud2); y2 = ms(a20, a21, a22, ud0, ud1, ud2);
      ud0 = (2.0 * ud0 + y0) + vtl * uc0; ud1 = (2.0 * ud1 + y1) + vtl * uc1; ud2 = (2.0 * ud2 + y2) + vtl * uc2;
      y0 = ms(a00, a01, a02, uc0, uc1, uc2); y1 = ms(a10, a11, a12, uc0, uc1, uc2); y2 = ms(a20, a21, a22, uc0, uc1, uc2);
      uc0 = 2.0 * uc0 + y0; uc1 = 2.0 * uc1 + y1; uc2 = 2.0 * uc2 + y2;
      const b00 = 2.0 * a00 + ms(a00, a01, a02, a00, a10, a20), b01 = 2.0 * a01 + ms(a00, a01, a02, a01, a11, a21);
      const b02 = 2.0 * a02 + ms(a00, a01, a02, a02, a12, a22), b10 = 2.0 * a10 + ms(a10, a11, a12, a00, a10, a20);
      const b11 = 2.0 * a11 + ms(a10, a11, a12, a01, a11, a21), b12 = 2.0 * a12 + ms(a10, a11, a12, a02, a12, a22);
      const b20 = 2.0 * a20 + ms(a20, a21, a22, a00, a10, a20), b21 = 2.0 * a21 + ms(a20, a21, a22, a01, a11, a21);
      const b22 = 2.0 * a22 + ms(a20, a21, a22, a02, a12, a22);
      a00 = b00; a01 = b01; a02 = b02; a10 = b10; a11 = b11; a12 = b12; a20 = b20; a21 = b21; a22 = b22;
      l *= 2.0;
    }
    const U = load<f64>(at(arr(ws, n, A_UR), i)), S = load<f64>(at(arr(ws, n, A_UR + 2), i)), V = load<f64>(at(arr(ws, n, A_UR + 4), i));
    const xu = (U + ms(a00, a01, a02, U, S, V)) + kg0, xs = (S + ms(a10, a11, a12, U, S, V)) + kg1, xv = (V + ms(a20, a21, a22, U, S, V)) + kg2;
    store<f64>(at(arr(ws, n, A_XN), i), xu); store<f64>(at(arr(ws, n, A_XN + 2), i), xs); store<f64>(at(arr(ws, n, A_XN + 4), i), xv);
    store<f64>(at(arr(ws, n, A_W1), i), ug0); store<f64>(at(arr(ws, n, A_W1 + 2), i), ug1); store<f64>(at(arr(ws, n, A_W1 + 4), i), ug2);
    sA += xu; sC += ug0;
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
