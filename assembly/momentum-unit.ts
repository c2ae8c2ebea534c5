// Exact unit steps of the momentum/DANA recursion (docs/model.md §10): one application of the
// one-step map (momentum-map.ts) to every atom's state, then P = F0 + Re sum_n U_n.
import { optAt, cG1, cG2, cG3, cDelta } from "./momentum-coef";
import { cmulR, cmulI } from "./momentum-map";
import { at, arr, A_ZR, A_ZI, A_NR, A_NI, A_UR, A_UI, A_SR, A_SI, A_VR, A_VI } from "./momentum-layout";

/**
 * One exact step at step t from P on the workspace `ws` (n atoms; real: every imaginary part is 0,
 * so real arithmetic is used); returns the new P. table: the optimizer table, B the batch.
 */
export function momentumUnitStep(ws: usize, n: i32, F0: f64, B: f64, table: usize, real: bool, t: f64, P: f64): f64 {
  optAt(table, t);
  const g1 = cG1, g2 = cG2, g3 = cG3, dl = cDelta;
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
  if (real) {
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      // Two atoms at a time, the scalar loop's operations in its order (the same bits).
      const vcB2 = f64x2.splat(cB2), vc2 = f64x2.splat(c2), vaus = f64x2.splat(aus), vauw0 = f64x2.splat(auw0);
      const vauw1 = f64x2.splat(auw1), vfu = f64x2.splat(fu), vs2 = f64x2.splat(s2), vass = f64x2.splat(ass);
      const vasw = f64x2.splat(asw), vfs = f64x2.splat(fs), vg1B = f64x2.splat(g1B), vw2 = f64x2.splat(w2);
      const vaws = f64x2.splat(aws), vm = f64x2.splat(m), vaww1 = f64x2.splat(aww1), vfw = f64x2.splat(fw), one = f64x2.splat(1.0);
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        const x = v128.load(zr + o), x2 = f64x2.mul(x, x), nu = v128.load(nr + o);
        const U = v128.load(ur + o), S = v128.load(sr + o), V = v128.load(vr + o);
        const auu = f64x2.sub(one, f64x2.sub(f64x2.mul(vcB2, x), f64x2.mul(vc2, x2)));
        const nU = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(auu, U), f64x2.mul(vaus, S)),
          f64x2.mul(f64x2.add(vauw0, f64x2.mul(vauw1, x)), V)), f64x2.mul(vfu, nu));
        const nS = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(vs2, x2), U), f64x2.mul(vass, S)),
          f64x2.mul(f64x2.mul(vasw, x), V)), f64x2.mul(vfs, nu));
        const nV = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f64x2.sub(f64x2.mul(vg1B, x), f64x2.mul(vw2, x2)), U), f64x2.mul(vaws, S)),
          f64x2.mul(f64x2.sub(vm, f64x2.mul(vaww1, x)), V)), f64x2.mul(vfw, nu));
        v128.store(ur + o, nU); v128.store(sr + o, nS); v128.store(vr + o, nV);
        sum += f64x2.extract_lane(nU, 0);
        sum += f64x2.extract_lane(nU, 1);
      }
    }
    for (; i < n; i++) {
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
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      // Two complex atoms at a time, the scalar loop's operations in its order (the same bits).
      const vcB2 = f64x2.splat(cB2), vc2 = f64x2.splat(c2), vaus = f64x2.splat(aus), vauw0 = f64x2.splat(auw0);
      const vauw1 = f64x2.splat(auw1), vfu = f64x2.splat(fu), vs2 = f64x2.splat(s2), vass = f64x2.splat(ass);
      const vasw = f64x2.splat(asw), vfs = f64x2.splat(fs), vg1B = f64x2.splat(g1B), vw2 = f64x2.splat(w2);
      const vaws = f64x2.splat(aws), vm = f64x2.splat(m), vaww1 = f64x2.splat(aww1), vfw = f64x2.splat(fw);
      const one = f64x2.splat(1.0), two = f64x2.splat(2.0), zero = f64x2.splat(0.0);
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        const x = v128.load(zr + o), y = v128.load(zi + o);
        const x2 = f64x2.sub(f64x2.mul(x, x), f64x2.mul(y, y)), y2 = f64x2.mul(f64x2.mul(two, x), y);
        const nur = v128.load(nr + o), nui = v128.load(ni + o);
        const Ur = v128.load(ur + o), Ui = v128.load(ui + o), Sr = v128.load(sr + o), Si = v128.load(si + o);
        const Vr = v128.load(vr + o), Vi = v128.load(vi + o);
        const auur = f64x2.sub(one, f64x2.sub(f64x2.mul(vcB2, x), f64x2.mul(vc2, x2)));
        const auui = f64x2.sub(zero, f64x2.sub(f64x2.mul(vcB2, y), f64x2.mul(vc2, y2)));
        const auwr = f64x2.add(vauw0, f64x2.mul(vauw1, x)), auwi = f64x2.mul(vauw1, y);
        const nUr = f64x2.add(f64x2.add(f64x2.add(vmulR(auur, auui, Ur, Ui), f64x2.mul(vaus, Sr)), vmulR(auwr, auwi, Vr, Vi)),
          f64x2.mul(vfu, nur));
        const nUi = f64x2.add(f64x2.add(f64x2.add(vmulI(auur, auui, Ur, Ui), f64x2.mul(vaus, Si)), vmulI(auwr, auwi, Vr, Vi)),
          f64x2.mul(vfu, nui));
        const asur = f64x2.mul(vs2, x2), asui = f64x2.mul(vs2, y2), aswr = f64x2.mul(vasw, x), aswi = f64x2.mul(vasw, y);
        const nSr = f64x2.add(f64x2.add(f64x2.add(vmulR(asur, asui, Ur, Ui), f64x2.mul(vass, Sr)), vmulR(aswr, aswi, Vr, Vi)),
          f64x2.mul(vfs, nur));
        const nSi = f64x2.add(f64x2.add(f64x2.add(vmulI(asur, asui, Ur, Ui), f64x2.mul(vass, Si)), vmulI(aswr, aswi, Vr, Vi)),
          f64x2.mul(vfs, nui));
        const awur = f64x2.sub(f64x2.mul(vg1B, x), f64x2.mul(vw2, x2)), awui = f64x2.sub(f64x2.mul(vg1B, y), f64x2.mul(vw2, y2));
        const awwr = f64x2.sub(vm, f64x2.mul(vaww1, x)), awwi = f64x2.sub(zero, f64x2.mul(vaww1, y));
        const nVr = f64x2.add(f64x2.add(f64x2.add(vmulR(awur, awui, Ur, Ui), f64x2.mul(vaws, Sr)), vmulR(awwr, awwi, Vr, Vi)),
          f64x2.mul(vfw, nur));
        const nVi = f64x2.add(f64x2.add(f64x2.add(vmulI(awur, awui, Ur, Ui), f64x2.mul(vaws, Si)), vmulI(awwr, awwi, Vr, Vi)),
          f64x2.mul(vfw, nui));
        v128.store(ur + o, nUr); v128.store(ui + o, nUi);
        v128.store(sr + o, nSr); v128.store(si + o, nSi);
        v128.store(vr + o, nVr); v128.store(vi + o, nVi);
        sum += f64x2.extract_lane(nUr, 0);
        sum += f64x2.extract_lane(nUr, 1);
      }
    }
    for (; i < n; i++) {
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
  return F0 + sum;
}

// Lane-wise cmulR / cmulI (the same operations).
// @ts-ignore: decorator
@inline function vmulR(ar: v128, ai: v128, br: v128, bi: v128): v128 { return f64x2.sub(f64x2.mul(ar, br), f64x2.mul(ai, bi)); }
// @ts-ignore: decorator
@inline function vmulI(ar: v128, ai: v128, br: v128, bi: v128): v128 { return f64x2.add(f64x2.mul(ar, bi), f64x2.mul(ai, br)); }
