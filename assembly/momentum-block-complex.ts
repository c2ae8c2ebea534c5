// The doubling of complex atoms in second-order blocks of the momentum/DANA recursion (docs/model.md
// §10; the scheme is described in momentum-block.ts), unrolled in locals: per level l = 2^lv, with
// E_l = A_m^l - I, W_g(2l) = 2 W_g + E_l W_g + (l W_D + l^2 W_c), W_D(2l) = 2 W_D + E_l W_D + 2l W_c,
// W_c(2l) = 2 W_c + E_l W_c for the known part and the part carried by P(r + L), then the new state
// without its P(r + L) term (I + E_L) X + W_g into A_XN and that term's weights into A_W1. Atoms wait
// in two slots; the SIMD build doubles two atoms at a time with the scalar path's operations in its
// order, so both builds give the same bits. Generated code: edit with care (the order of every sum
// matters for the bits).
import { at, arr, A_UR, A_XN, A_W1 } from "./momentum-layout";

/** Largest number of levels of a block. */
export const MAX_LEVELS = 30;
// Two slots, interleaved (entry k of slot s at 2 k + s): the six doubled vectors at l = 1 (known g, D,
// c; P(r + L) part g, D, c; 6 f64 each), and E_l for l = 2^lv, lv = 0..levels (18 f64 each, row-major,
// re/im interleaved).
const SWV = new StaticArray<f64>(2 * 36);
const SEL = new StaticArray<f64>(2 * 18 * (MAX_LEVELS + 1));
/** Entry k of slot s of the doubled vectors. */
// @ts-ignore: decorator
@inline export function putWV(s: i32, k: i32, x: f64): void { unchecked((SWV[2 * k + s] = x)); }
/** Entry k of slot s of the powers (E_l at k = 18 lv + ...). */
// @ts-ignore: decorator
@inline export function putEL(s: i32, k: i32, x: f64): void { unchecked((SEL[2 * k + s] = x)); }
/** The address of the powers' slots (entry k of slot s at byte 8 (2 k + s)). */
export function slotELPtr(): usize { return changetype<usize>(SEL); }

// @ts-ignore: decorator
@inline function g(a: StaticArray<f64>, k: i32): f64 { return unchecked(a[k]); }

/** The doubling of atom ia from slot s (scalar). */
export function doublingComplexOne(ws: usize, n: i32, ia: i32, s: i32, levels: i32): void {
  let w0g0r = g(SWV, 2 * (0) + s), w0g0i = g(SWV, 2 * (1) + s);
  let w0g1r = g(SWV, 2 * (2) + s), w0g1i = g(SWV, 2 * (3) + s);
  let w0g2r = g(SWV, 2 * (4) + s), w0g2i = g(SWV, 2 * (5) + s);
  let w0d0r = g(SWV, 2 * (6) + s), w0d0i = g(SWV, 2 * (7) + s);
  let w0d1r = g(SWV, 2 * (8) + s), w0d1i = g(SWV, 2 * (9) + s);
  let w0d2r = g(SWV, 2 * (10) + s), w0d2i = g(SWV, 2 * (11) + s);
  let w0c0r = g(SWV, 2 * (12) + s), w0c0i = g(SWV, 2 * (13) + s);
  let w0c1r = g(SWV, 2 * (14) + s), w0c1i = g(SWV, 2 * (15) + s);
  let w0c2r = g(SWV, 2 * (16) + s), w0c2i = g(SWV, 2 * (17) + s);
  let w1g0r = g(SWV, 2 * (18) + s), w1g0i = g(SWV, 2 * (19) + s);
  let w1g1r = g(SWV, 2 * (20) + s), w1g1i = g(SWV, 2 * (21) + s);
  let w1g2r = g(SWV, 2 * (22) + s), w1g2i = g(SWV, 2 * (23) + s);
  let w1d0r = g(SWV, 2 * (24) + s), w1d0i = g(SWV, 2 * (25) + s);
  let w1d1r = g(SWV, 2 * (26) + s), w1d1i = g(SWV, 2 * (27) + s);
  let w1d2r = g(SWV, 2 * (28) + s), w1d2i = g(SWV, 2 * (29) + s);
  let w1c0r = g(SWV, 2 * (30) + s), w1c0i = g(SWV, 2 * (31) + s);
  let w1c1r = g(SWV, 2 * (32) + s), w1c1i = g(SWV, 2 * (33) + s);
  let w1c2r = g(SWV, 2 * (34) + s), w1c2i = g(SWV, 2 * (35) + s);
  let l = 1.0;
  for (let lv = 0; lv < levels; lv++) {
    const l2 = l * l, tl = 2.0 * l, o = 18 * lv;
    const e00r = g(SEL, 2 * (o + 0) + s), e00i = g(SEL, 2 * (o + 1) + s);
    const e01r = g(SEL, 2 * (o + 2) + s), e01i = g(SEL, 2 * (o + 3) + s);
    const e02r = g(SEL, 2 * (o + 4) + s), e02i = g(SEL, 2 * (o + 5) + s);
    const e10r = g(SEL, 2 * (o + 6) + s), e10i = g(SEL, 2 * (o + 7) + s);
    const e11r = g(SEL, 2 * (o + 8) + s), e11i = g(SEL, 2 * (o + 9) + s);
    const e12r = g(SEL, 2 * (o + 10) + s), e12i = g(SEL, 2 * (o + 11) + s);
    const e20r = g(SEL, 2 * (o + 12) + s), e20i = g(SEL, 2 * (o + 13) + s);
    const e21r = g(SEL, 2 * (o + 14) + s), e21i = g(SEL, 2 * (o + 15) + s);
    const e22r = g(SEL, 2 * (o + 16) + s), e22i = g(SEL, 2 * (o + 17) + s);
    {
      const y0r = ((((e00r * w0g0r) - (e00i * w0g0i)) + ((e01r * w0g1r) - (e01i * w0g1i))) + ((e02r * w0g2r) - (e02i * w0g2i)));
      const y0i = ((((e00r * w0g0i) + (e00i * w0g0r)) + ((e01r * w0g1i) + (e01i * w0g1r))) + ((e02r * w0g2i) + (e02i * w0g2r)));
      const y1r = ((((e10r * w0g0r) - (e10i * w0g0i)) + ((e11r * w0g1r) - (e11i * w0g1i))) + ((e12r * w0g2r) - (e12i * w0g2i)));
      const y1i = ((((e10r * w0g0i) + (e10i * w0g0r)) + ((e11r * w0g1i) + (e11i * w0g1r))) + ((e12r * w0g2i) + (e12i * w0g2r)));
      const y2r = ((((e20r * w0g0r) - (e20i * w0g0i)) + ((e21r * w0g1r) - (e21i * w0g1i))) + ((e22r * w0g2r) - (e22i * w0g2i)));
      const y2i = ((((e20r * w0g0i) + (e20i * w0g0r)) + ((e21r * w0g1i) + (e21i * w0g1r))) + ((e22r * w0g2i) + (e22i * w0g2r)));
      w0g0r = (((2.0 * w0g0r) + y0r) + ((l * w0d0r) + (l2 * w0c0r)));
      w0g0i = (((2.0 * w0g0i) + y0i) + ((l * w0d0i) + (l2 * w0c0i)));
      w0g1r = (((2.0 * w0g1r) + y1r) + ((l * w0d1r) + (l2 * w0c1r)));
      w0g1i = (((2.0 * w0g1i) + y1i) + ((l * w0d1i) + (l2 * w0c1i)));
      w0g2r = (((2.0 * w0g2r) + y2r) + ((l * w0d2r) + (l2 * w0c2r)));
      w0g2i = (((2.0 * w0g2i) + y2i) + ((l * w0d2i) + (l2 * w0c2i)));
    }
    {
      const y0r = ((((e00r * w0d0r) - (e00i * w0d0i)) + ((e01r * w0d1r) - (e01i * w0d1i))) + ((e02r * w0d2r) - (e02i * w0d2i)));
      const y0i = ((((e00r * w0d0i) + (e00i * w0d0r)) + ((e01r * w0d1i) + (e01i * w0d1r))) + ((e02r * w0d2i) + (e02i * w0d2r)));
      const y1r = ((((e10r * w0d0r) - (e10i * w0d0i)) + ((e11r * w0d1r) - (e11i * w0d1i))) + ((e12r * w0d2r) - (e12i * w0d2i)));
      const y1i = ((((e10r * w0d0i) + (e10i * w0d0r)) + ((e11r * w0d1i) + (e11i * w0d1r))) + ((e12r * w0d2i) + (e12i * w0d2r)));
      const y2r = ((((e20r * w0d0r) - (e20i * w0d0i)) + ((e21r * w0d1r) - (e21i * w0d1i))) + ((e22r * w0d2r) - (e22i * w0d2i)));
      const y2i = ((((e20r * w0d0i) + (e20i * w0d0r)) + ((e21r * w0d1i) + (e21i * w0d1r))) + ((e22r * w0d2i) + (e22i * w0d2r)));
      w0d0r = (((2.0 * w0d0r) + y0r) + (tl * w0c0r));
      w0d0i = (((2.0 * w0d0i) + y0i) + (tl * w0c0i));
      w0d1r = (((2.0 * w0d1r) + y1r) + (tl * w0c1r));
      w0d1i = (((2.0 * w0d1i) + y1i) + (tl * w0c1i));
      w0d2r = (((2.0 * w0d2r) + y2r) + (tl * w0c2r));
      w0d2i = (((2.0 * w0d2i) + y2i) + (tl * w0c2i));
    }
    {
      const y0r = ((((e00r * w0c0r) - (e00i * w0c0i)) + ((e01r * w0c1r) - (e01i * w0c1i))) + ((e02r * w0c2r) - (e02i * w0c2i)));
      const y0i = ((((e00r * w0c0i) + (e00i * w0c0r)) + ((e01r * w0c1i) + (e01i * w0c1r))) + ((e02r * w0c2i) + (e02i * w0c2r)));
      const y1r = ((((e10r * w0c0r) - (e10i * w0c0i)) + ((e11r * w0c1r) - (e11i * w0c1i))) + ((e12r * w0c2r) - (e12i * w0c2i)));
      const y1i = ((((e10r * w0c0i) + (e10i * w0c0r)) + ((e11r * w0c1i) + (e11i * w0c1r))) + ((e12r * w0c2i) + (e12i * w0c2r)));
      const y2r = ((((e20r * w0c0r) - (e20i * w0c0i)) + ((e21r * w0c1r) - (e21i * w0c1i))) + ((e22r * w0c2r) - (e22i * w0c2i)));
      const y2i = ((((e20r * w0c0i) + (e20i * w0c0r)) + ((e21r * w0c1i) + (e21i * w0c1r))) + ((e22r * w0c2i) + (e22i * w0c2r)));
      w0c0r = ((2.0 * w0c0r) + y0r);
      w0c0i = ((2.0 * w0c0i) + y0i);
      w0c1r = ((2.0 * w0c1r) + y1r);
      w0c1i = ((2.0 * w0c1i) + y1i);
      w0c2r = ((2.0 * w0c2r) + y2r);
      w0c2i = ((2.0 * w0c2i) + y2i);
    }
    {
      const y0r = ((((e00r * w1g0r) - (e00i * w1g0i)) + ((e01r * w1g1r) - (e01i * w1g1i))) + ((e02r * w1g2r) - (e02i * w1g2i)));
      const y0i = ((((e00r * w1g0i) + (e00i * w1g0r)) + ((e01r * w1g1i) + (e01i * w1g1r))) + ((e02r * w1g2i) + (e02i * w1g2r)));
      const y1r = ((((e10r * w1g0r) - (e10i * w1g0i)) + ((e11r * w1g1r) - (e11i * w1g1i))) + ((e12r * w1g2r) - (e12i * w1g2i)));
      const y1i = ((((e10r * w1g0i) + (e10i * w1g0r)) + ((e11r * w1g1i) + (e11i * w1g1r))) + ((e12r * w1g2i) + (e12i * w1g2r)));
      const y2r = ((((e20r * w1g0r) - (e20i * w1g0i)) + ((e21r * w1g1r) - (e21i * w1g1i))) + ((e22r * w1g2r) - (e22i * w1g2i)));
      const y2i = ((((e20r * w1g0i) + (e20i * w1g0r)) + ((e21r * w1g1i) + (e21i * w1g1r))) + ((e22r * w1g2i) + (e22i * w1g2r)));
      w1g0r = (((2.0 * w1g0r) + y0r) + ((l * w1d0r) + (l2 * w1c0r)));
      w1g0i = (((2.0 * w1g0i) + y0i) + ((l * w1d0i) + (l2 * w1c0i)));
      w1g1r = (((2.0 * w1g1r) + y1r) + ((l * w1d1r) + (l2 * w1c1r)));
      w1g1i = (((2.0 * w1g1i) + y1i) + ((l * w1d1i) + (l2 * w1c1i)));
      w1g2r = (((2.0 * w1g2r) + y2r) + ((l * w1d2r) + (l2 * w1c2r)));
      w1g2i = (((2.0 * w1g2i) + y2i) + ((l * w1d2i) + (l2 * w1c2i)));
    }
    {
      const y0r = ((((e00r * w1d0r) - (e00i * w1d0i)) + ((e01r * w1d1r) - (e01i * w1d1i))) + ((e02r * w1d2r) - (e02i * w1d2i)));
      const y0i = ((((e00r * w1d0i) + (e00i * w1d0r)) + ((e01r * w1d1i) + (e01i * w1d1r))) + ((e02r * w1d2i) + (e02i * w1d2r)));
      const y1r = ((((e10r * w1d0r) - (e10i * w1d0i)) + ((e11r * w1d1r) - (e11i * w1d1i))) + ((e12r * w1d2r) - (e12i * w1d2i)));
      const y1i = ((((e10r * w1d0i) + (e10i * w1d0r)) + ((e11r * w1d1i) + (e11i * w1d1r))) + ((e12r * w1d2i) + (e12i * w1d2r)));
      const y2r = ((((e20r * w1d0r) - (e20i * w1d0i)) + ((e21r * w1d1r) - (e21i * w1d1i))) + ((e22r * w1d2r) - (e22i * w1d2i)));
      const y2i = ((((e20r * w1d0i) + (e20i * w1d0r)) + ((e21r * w1d1i) + (e21i * w1d1r))) + ((e22r * w1d2i) + (e22i * w1d2r)));
      w1d0r = (((2.0 * w1d0r) + y0r) + (tl * w1c0r));
      w1d0i = (((2.0 * w1d0i) + y0i) + (tl * w1c0i));
      w1d1r = (((2.0 * w1d1r) + y1r) + (tl * w1c1r));
      w1d1i = (((2.0 * w1d1i) + y1i) + (tl * w1c1i));
      w1d2r = (((2.0 * w1d2r) + y2r) + (tl * w1c2r));
      w1d2i = (((2.0 * w1d2i) + y2i) + (tl * w1c2i));
    }
    {
      const y0r = ((((e00r * w1c0r) - (e00i * w1c0i)) + ((e01r * w1c1r) - (e01i * w1c1i))) + ((e02r * w1c2r) - (e02i * w1c2i)));
      const y0i = ((((e00r * w1c0i) + (e00i * w1c0r)) + ((e01r * w1c1i) + (e01i * w1c1r))) + ((e02r * w1c2i) + (e02i * w1c2r)));
      const y1r = ((((e10r * w1c0r) - (e10i * w1c0i)) + ((e11r * w1c1r) - (e11i * w1c1i))) + ((e12r * w1c2r) - (e12i * w1c2i)));
      const y1i = ((((e10r * w1c0i) + (e10i * w1c0r)) + ((e11r * w1c1i) + (e11i * w1c1r))) + ((e12r * w1c2i) + (e12i * w1c2r)));
      const y2r = ((((e20r * w1c0r) - (e20i * w1c0i)) + ((e21r * w1c1r) - (e21i * w1c1i))) + ((e22r * w1c2r) - (e22i * w1c2i)));
      const y2i = ((((e20r * w1c0i) + (e20i * w1c0r)) + ((e21r * w1c1i) + (e21i * w1c1r))) + ((e22r * w1c2i) + (e22i * w1c2r)));
      w1c0r = ((2.0 * w1c0r) + y0r);
      w1c0i = ((2.0 * w1c0i) + y0i);
      w1c1r = ((2.0 * w1c1r) + y1r);
      w1c1i = ((2.0 * w1c1i) + y1i);
      w1c2r = ((2.0 * w1c2r) + y2r);
      w1c2i = ((2.0 * w1c2i) + y2i);
    }
    l *= 2.0;
  }
  const oL = 18 * levels;
  const f00r = g(SEL, 2 * (oL + 0) + s), f00i = g(SEL, 2 * (oL + 1) + s);
  const f01r = g(SEL, 2 * (oL + 2) + s), f01i = g(SEL, 2 * (oL + 3) + s);
  const f02r = g(SEL, 2 * (oL + 4) + s), f02i = g(SEL, 2 * (oL + 5) + s);
  const f10r = g(SEL, 2 * (oL + 6) + s), f10i = g(SEL, 2 * (oL + 7) + s);
  const f11r = g(SEL, 2 * (oL + 8) + s), f11i = g(SEL, 2 * (oL + 9) + s);
  const f12r = g(SEL, 2 * (oL + 10) + s), f12i = g(SEL, 2 * (oL + 11) + s);
  const f20r = g(SEL, 2 * (oL + 12) + s), f20i = g(SEL, 2 * (oL + 13) + s);
  const f21r = g(SEL, 2 * (oL + 14) + s), f21i = g(SEL, 2 * (oL + 15) + s);
  const f22r = g(SEL, 2 * (oL + 16) + s), f22i = g(SEL, 2 * (oL + 17) + s);
  const x0r = load<f64>(at(arr(ws, n, A_UR + 0), ia));
  const x0i = load<f64>(at(arr(ws, n, A_UR + 1), ia));
  const x1r = load<f64>(at(arr(ws, n, A_UR + 2), ia));
  const x1i = load<f64>(at(arr(ws, n, A_UR + 3), ia));
  const x2r = load<f64>(at(arr(ws, n, A_UR + 4), ia));
  const x2i = load<f64>(at(arr(ws, n, A_UR + 5), ia));
  store<f64>(at(arr(ws, n, A_XN + 0), ia),
    ((x0r + ((((f00r * x0r) - (f00i * x0i)) + ((f01r * x1r) - (f01i * x1i))) + ((f02r * x2r) - (f02i * x2i)))) + w0g0r));
  store<f64>(at(arr(ws, n, A_XN + 1), ia),
    ((x0i + ((((f00r * x0i) + (f00i * x0r)) + ((f01r * x1i) + (f01i * x1r))) + ((f02r * x2i) + (f02i * x2r)))) + w0g0i));
  store<f64>(at(arr(ws, n, A_W1 + 0), ia), w1g0r);
  store<f64>(at(arr(ws, n, A_W1 + 1), ia), w1g0i);
  store<f64>(at(arr(ws, n, A_XN + 2), ia),
    ((x1r + ((((f10r * x0r) - (f10i * x0i)) + ((f11r * x1r) - (f11i * x1i))) + ((f12r * x2r) - (f12i * x2i)))) + w0g1r));
  store<f64>(at(arr(ws, n, A_XN + 3), ia),
    ((x1i + ((((f10r * x0i) + (f10i * x0r)) + ((f11r * x1i) + (f11i * x1r))) + ((f12r * x2i) + (f12i * x2r)))) + w0g1i));
  store<f64>(at(arr(ws, n, A_W1 + 2), ia), w1g1r);
  store<f64>(at(arr(ws, n, A_W1 + 3), ia), w1g1i);
  store<f64>(at(arr(ws, n, A_XN + 4), ia),
    ((x2r + ((((f20r * x0r) - (f20i * x0i)) + ((f21r * x1r) - (f21i * x1i))) + ((f22r * x2r) - (f22i * x2i)))) + w0g2r));
  store<f64>(at(arr(ws, n, A_XN + 5), ia),
    ((x2i + ((((f20r * x0i) + (f20i * x0r)) + ((f21r * x1i) + (f21i * x1r))) + ((f22r * x2i) + (f22i * x2r)))) + w0g2i));
  store<f64>(at(arr(ws, n, A_W1 + 4), ia), w1g2r);
  store<f64>(at(arr(ws, n, A_W1 + 5), ia), w1g2i);
}

/** The doubling of atoms ia (slot 0) and ib (slot 1) at once (SIMD build only). */
export function doublingComplexPair(ws: usize, n: i32, ia: i32, ib: i32, levels: i32): void {
  if (ASC_FEATURE_SIMD) {
    const two = f64x2.splat(2.0);
    let w0g0r = v128.load(changetype<usize>(SWV) + ((<usize>(0)) << 4)), w0g0i = v128.load(changetype<usize>(SWV) + ((<usize>(1)) << 4));
    let w0g1r = v128.load(changetype<usize>(SWV) + ((<usize>(2)) << 4)), w0g1i = v128.load(changetype<usize>(SWV) + ((<usize>(3)) << 4));
    let w0g2r = v128.load(changetype<usize>(SWV) + ((<usize>(4)) << 4)), w0g2i = v128.load(changetype<usize>(SWV) + ((<usize>(5)) << 4));
    let w0d0r = v128.load(changetype<usize>(SWV) + ((<usize>(6)) << 4)), w0d0i = v128.load(changetype<usize>(SWV) + ((<usize>(7)) << 4));
    let w0d1r = v128.load(changetype<usize>(SWV) + ((<usize>(8)) << 4)), w0d1i = v128.load(changetype<usize>(SWV) + ((<usize>(9)) << 4));
    let w0d2r = v128.load(changetype<usize>(SWV) + ((<usize>(10)) << 4)), w0d2i = v128.load(changetype<usize>(SWV) + ((<usize>(11)) << 4));
    let w0c0r = v128.load(changetype<usize>(SWV) + ((<usize>(12)) << 4)), w0c0i = v128.load(changetype<usize>(SWV) + ((<usize>(13)) << 4));
    let w0c1r = v128.load(changetype<usize>(SWV) + ((<usize>(14)) << 4)), w0c1i = v128.load(changetype<usize>(SWV) + ((<usize>(15)) << 4));
    let w0c2r = v128.load(changetype<usize>(SWV) + ((<usize>(16)) << 4)), w0c2i = v128.load(changetype<usize>(SWV) + ((<usize>(17)) << 4));
    let w1g0r = v128.load(changetype<usize>(SWV) + ((<usize>(18)) << 4)), w1g0i = v128.load(changetype<usize>(SWV) + ((<usize>(19)) << 4));
    let w1g1r = v128.load(changetype<usize>(SWV) + ((<usize>(20)) << 4)), w1g1i = v128.load(changetype<usize>(SWV) + ((<usize>(21)) << 4));
    let w1g2r = v128.load(changetype<usize>(SWV) + ((<usize>(22)) << 4)), w1g2i = v128.load(changetype<usize>(SWV) + ((<usize>(23)) << 4));
    let w1d0r = v128.load(changetype<usize>(SWV) + ((<usize>(24)) << 4)), w1d0i = v128.load(changetype<usize>(SWV) + ((<usize>(25)) << 4));
    let w1d1r = v128.load(changetype<usize>(SWV) + ((<usize>(26)) << 4)), w1d1i = v128.load(changetype<usize>(SWV) + ((<usize>(27)) << 4));
    let w1d2r = v128.load(changetype<usize>(SWV) + ((<usize>(28)) << 4)), w1d2i = v128.load(changetype<usize>(SWV) + ((<usize>(29)) << 4));
    let w1c0r = v128.load(changetype<usize>(SWV) + ((<usize>(30)) << 4)), w1c0i = v128.load(changetype<usize>(SWV) + ((<usize>(31)) << 4));
    let w1c1r = v128.load(changetype<usize>(SWV) + ((<usize>(32)) << 4)), w1c1i = v128.load(changetype<usize>(SWV) + ((<usize>(33)) << 4));
    let w1c2r = v128.load(changetype<usize>(SWV) + ((<usize>(34)) << 4)), w1c2i = v128.load(changetype<usize>(SWV) + ((<usize>(35)) << 4));
    let l = 1.0;
    for (let lv = 0; lv < levels; lv++) {
      const l2 = l * l, tl = 2.0 * l, o = 18 * lv;
      const vl = f64x2.splat(l), vl2 = f64x2.splat(l2), vtl = f64x2.splat(tl);
      const e00r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 0)) << 4)),
        e00i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 1)) << 4));
      const e01r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 2)) << 4)),
        e01i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 3)) << 4));
      const e02r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 4)) << 4)),
        e02i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 5)) << 4));
      const e10r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 6)) << 4)),
        e10i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 7)) << 4));
      const e11r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 8)) << 4)),
        e11i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 9)) << 4));
      const e12r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 10)) << 4)),
        e12i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 11)) << 4));
      const e20r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 12)) << 4)),
        e20i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 13)) << 4));
      const e21r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 14)) << 4)),
        e21i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 15)) << 4));
      const e22r = v128.load(changetype<usize>(SEL) + ((<usize>(o + 16)) << 4)),
        e22i = v128.load(changetype<usize>(SEL) + ((<usize>(o + 17)) << 4));
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w0g0r), f64x2.mul(e00i, w0g0i)), f64x2.sub(f64x2.mul(e01r, w0g1r),
          f64x2.mul(e01i, w0g1i))), f64x2.sub(f64x2.mul(e02r, w0g2r), f64x2.mul(e02i, w0g2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w0g0i), f64x2.mul(e00i, w0g0r)), f64x2.add(f64x2.mul(e01r, w0g1i),
          f64x2.mul(e01i, w0g1r))), f64x2.add(f64x2.mul(e02r, w0g2i), f64x2.mul(e02i, w0g2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w0g0r), f64x2.mul(e10i, w0g0i)), f64x2.sub(f64x2.mul(e11r, w0g1r),
          f64x2.mul(e11i, w0g1i))), f64x2.sub(f64x2.mul(e12r, w0g2r), f64x2.mul(e12i, w0g2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w0g0i), f64x2.mul(e10i, w0g0r)), f64x2.add(f64x2.mul(e11r, w0g1i),
          f64x2.mul(e11i, w0g1r))), f64x2.add(f64x2.mul(e12r, w0g2i), f64x2.mul(e12i, w0g2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w0g0r), f64x2.mul(e20i, w0g0i)), f64x2.sub(f64x2.mul(e21r, w0g1r),
          f64x2.mul(e21i, w0g1i))), f64x2.sub(f64x2.mul(e22r, w0g2r), f64x2.mul(e22i, w0g2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w0g0i), f64x2.mul(e20i, w0g0r)), f64x2.add(f64x2.mul(e21r, w0g1i),
          f64x2.mul(e21i, w0g1r))), f64x2.add(f64x2.mul(e22r, w0g2i), f64x2.mul(e22i, w0g2r)));
        w0g0r = f64x2.add(f64x2.add(f64x2.mul(two, w0g0r), y0r), f64x2.add(f64x2.mul(vl, w0d0r), f64x2.mul(vl2, w0c0r)));
        w0g0i = f64x2.add(f64x2.add(f64x2.mul(two, w0g0i), y0i), f64x2.add(f64x2.mul(vl, w0d0i), f64x2.mul(vl2, w0c0i)));
        w0g1r = f64x2.add(f64x2.add(f64x2.mul(two, w0g1r), y1r), f64x2.add(f64x2.mul(vl, w0d1r), f64x2.mul(vl2, w0c1r)));
        w0g1i = f64x2.add(f64x2.add(f64x2.mul(two, w0g1i), y1i), f64x2.add(f64x2.mul(vl, w0d1i), f64x2.mul(vl2, w0c1i)));
        w0g2r = f64x2.add(f64x2.add(f64x2.mul(two, w0g2r), y2r), f64x2.add(f64x2.mul(vl, w0d2r), f64x2.mul(vl2, w0c2r)));
        w0g2i = f64x2.add(f64x2.add(f64x2.mul(two, w0g2i), y2i), f64x2.add(f64x2.mul(vl, w0d2i), f64x2.mul(vl2, w0c2i)));
      }
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w0d0r), f64x2.mul(e00i, w0d0i)), f64x2.sub(f64x2.mul(e01r, w0d1r),
          f64x2.mul(e01i, w0d1i))), f64x2.sub(f64x2.mul(e02r, w0d2r), f64x2.mul(e02i, w0d2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w0d0i), f64x2.mul(e00i, w0d0r)), f64x2.add(f64x2.mul(e01r, w0d1i),
          f64x2.mul(e01i, w0d1r))), f64x2.add(f64x2.mul(e02r, w0d2i), f64x2.mul(e02i, w0d2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w0d0r), f64x2.mul(e10i, w0d0i)), f64x2.sub(f64x2.mul(e11r, w0d1r),
          f64x2.mul(e11i, w0d1i))), f64x2.sub(f64x2.mul(e12r, w0d2r), f64x2.mul(e12i, w0d2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w0d0i), f64x2.mul(e10i, w0d0r)), f64x2.add(f64x2.mul(e11r, w0d1i),
          f64x2.mul(e11i, w0d1r))), f64x2.add(f64x2.mul(e12r, w0d2i), f64x2.mul(e12i, w0d2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w0d0r), f64x2.mul(e20i, w0d0i)), f64x2.sub(f64x2.mul(e21r, w0d1r),
          f64x2.mul(e21i, w0d1i))), f64x2.sub(f64x2.mul(e22r, w0d2r), f64x2.mul(e22i, w0d2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w0d0i), f64x2.mul(e20i, w0d0r)), f64x2.add(f64x2.mul(e21r, w0d1i),
          f64x2.mul(e21i, w0d1r))), f64x2.add(f64x2.mul(e22r, w0d2i), f64x2.mul(e22i, w0d2r)));
        w0d0r = f64x2.add(f64x2.add(f64x2.mul(two, w0d0r), y0r), f64x2.mul(vtl, w0c0r));
        w0d0i = f64x2.add(f64x2.add(f64x2.mul(two, w0d0i), y0i), f64x2.mul(vtl, w0c0i));
        w0d1r = f64x2.add(f64x2.add(f64x2.mul(two, w0d1r), y1r), f64x2.mul(vtl, w0c1r));
        w0d1i = f64x2.add(f64x2.add(f64x2.mul(two, w0d1i), y1i), f64x2.mul(vtl, w0c1i));
        w0d2r = f64x2.add(f64x2.add(f64x2.mul(two, w0d2r), y2r), f64x2.mul(vtl, w0c2r));
        w0d2i = f64x2.add(f64x2.add(f64x2.mul(two, w0d2i), y2i), f64x2.mul(vtl, w0c2i));
      }
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w0c0r), f64x2.mul(e00i, w0c0i)), f64x2.sub(f64x2.mul(e01r, w0c1r),
          f64x2.mul(e01i, w0c1i))), f64x2.sub(f64x2.mul(e02r, w0c2r), f64x2.mul(e02i, w0c2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w0c0i), f64x2.mul(e00i, w0c0r)), f64x2.add(f64x2.mul(e01r, w0c1i),
          f64x2.mul(e01i, w0c1r))), f64x2.add(f64x2.mul(e02r, w0c2i), f64x2.mul(e02i, w0c2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w0c0r), f64x2.mul(e10i, w0c0i)), f64x2.sub(f64x2.mul(e11r, w0c1r),
          f64x2.mul(e11i, w0c1i))), f64x2.sub(f64x2.mul(e12r, w0c2r), f64x2.mul(e12i, w0c2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w0c0i), f64x2.mul(e10i, w0c0r)), f64x2.add(f64x2.mul(e11r, w0c1i),
          f64x2.mul(e11i, w0c1r))), f64x2.add(f64x2.mul(e12r, w0c2i), f64x2.mul(e12i, w0c2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w0c0r), f64x2.mul(e20i, w0c0i)), f64x2.sub(f64x2.mul(e21r, w0c1r),
          f64x2.mul(e21i, w0c1i))), f64x2.sub(f64x2.mul(e22r, w0c2r), f64x2.mul(e22i, w0c2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w0c0i), f64x2.mul(e20i, w0c0r)), f64x2.add(f64x2.mul(e21r, w0c1i),
          f64x2.mul(e21i, w0c1r))), f64x2.add(f64x2.mul(e22r, w0c2i), f64x2.mul(e22i, w0c2r)));
        w0c0r = f64x2.add(f64x2.mul(two, w0c0r), y0r);
        w0c0i = f64x2.add(f64x2.mul(two, w0c0i), y0i);
        w0c1r = f64x2.add(f64x2.mul(two, w0c1r), y1r);
        w0c1i = f64x2.add(f64x2.mul(two, w0c1i), y1i);
        w0c2r = f64x2.add(f64x2.mul(two, w0c2r), y2r);
        w0c2i = f64x2.add(f64x2.mul(two, w0c2i), y2i);
      }
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w1g0r), f64x2.mul(e00i, w1g0i)), f64x2.sub(f64x2.mul(e01r, w1g1r),
          f64x2.mul(e01i, w1g1i))), f64x2.sub(f64x2.mul(e02r, w1g2r), f64x2.mul(e02i, w1g2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w1g0i), f64x2.mul(e00i, w1g0r)), f64x2.add(f64x2.mul(e01r, w1g1i),
          f64x2.mul(e01i, w1g1r))), f64x2.add(f64x2.mul(e02r, w1g2i), f64x2.mul(e02i, w1g2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w1g0r), f64x2.mul(e10i, w1g0i)), f64x2.sub(f64x2.mul(e11r, w1g1r),
          f64x2.mul(e11i, w1g1i))), f64x2.sub(f64x2.mul(e12r, w1g2r), f64x2.mul(e12i, w1g2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w1g0i), f64x2.mul(e10i, w1g0r)), f64x2.add(f64x2.mul(e11r, w1g1i),
          f64x2.mul(e11i, w1g1r))), f64x2.add(f64x2.mul(e12r, w1g2i), f64x2.mul(e12i, w1g2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w1g0r), f64x2.mul(e20i, w1g0i)), f64x2.sub(f64x2.mul(e21r, w1g1r),
          f64x2.mul(e21i, w1g1i))), f64x2.sub(f64x2.mul(e22r, w1g2r), f64x2.mul(e22i, w1g2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w1g0i), f64x2.mul(e20i, w1g0r)), f64x2.add(f64x2.mul(e21r, w1g1i),
          f64x2.mul(e21i, w1g1r))), f64x2.add(f64x2.mul(e22r, w1g2i), f64x2.mul(e22i, w1g2r)));
        w1g0r = f64x2.add(f64x2.add(f64x2.mul(two, w1g0r), y0r), f64x2.add(f64x2.mul(vl, w1d0r), f64x2.mul(vl2, w1c0r)));
        w1g0i = f64x2.add(f64x2.add(f64x2.mul(two, w1g0i), y0i), f64x2.add(f64x2.mul(vl, w1d0i), f64x2.mul(vl2, w1c0i)));
        w1g1r = f64x2.add(f64x2.add(f64x2.mul(two, w1g1r), y1r), f64x2.add(f64x2.mul(vl, w1d1r), f64x2.mul(vl2, w1c1r)));
        w1g1i = f64x2.add(f64x2.add(f64x2.mul(two, w1g1i), y1i), f64x2.add(f64x2.mul(vl, w1d1i), f64x2.mul(vl2, w1c1i)));
        w1g2r = f64x2.add(f64x2.add(f64x2.mul(two, w1g2r), y2r), f64x2.add(f64x2.mul(vl, w1d2r), f64x2.mul(vl2, w1c2r)));
        w1g2i = f64x2.add(f64x2.add(f64x2.mul(two, w1g2i), y2i), f64x2.add(f64x2.mul(vl, w1d2i), f64x2.mul(vl2, w1c2i)));
      }
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w1d0r), f64x2.mul(e00i, w1d0i)), f64x2.sub(f64x2.mul(e01r, w1d1r),
          f64x2.mul(e01i, w1d1i))), f64x2.sub(f64x2.mul(e02r, w1d2r), f64x2.mul(e02i, w1d2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w1d0i), f64x2.mul(e00i, w1d0r)), f64x2.add(f64x2.mul(e01r, w1d1i),
          f64x2.mul(e01i, w1d1r))), f64x2.add(f64x2.mul(e02r, w1d2i), f64x2.mul(e02i, w1d2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w1d0r), f64x2.mul(e10i, w1d0i)), f64x2.sub(f64x2.mul(e11r, w1d1r),
          f64x2.mul(e11i, w1d1i))), f64x2.sub(f64x2.mul(e12r, w1d2r), f64x2.mul(e12i, w1d2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w1d0i), f64x2.mul(e10i, w1d0r)), f64x2.add(f64x2.mul(e11r, w1d1i),
          f64x2.mul(e11i, w1d1r))), f64x2.add(f64x2.mul(e12r, w1d2i), f64x2.mul(e12i, w1d2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w1d0r), f64x2.mul(e20i, w1d0i)), f64x2.sub(f64x2.mul(e21r, w1d1r),
          f64x2.mul(e21i, w1d1i))), f64x2.sub(f64x2.mul(e22r, w1d2r), f64x2.mul(e22i, w1d2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w1d0i), f64x2.mul(e20i, w1d0r)), f64x2.add(f64x2.mul(e21r, w1d1i),
          f64x2.mul(e21i, w1d1r))), f64x2.add(f64x2.mul(e22r, w1d2i), f64x2.mul(e22i, w1d2r)));
        w1d0r = f64x2.add(f64x2.add(f64x2.mul(two, w1d0r), y0r), f64x2.mul(vtl, w1c0r));
        w1d0i = f64x2.add(f64x2.add(f64x2.mul(two, w1d0i), y0i), f64x2.mul(vtl, w1c0i));
        w1d1r = f64x2.add(f64x2.add(f64x2.mul(two, w1d1r), y1r), f64x2.mul(vtl, w1c1r));
        w1d1i = f64x2.add(f64x2.add(f64x2.mul(two, w1d1i), y1i), f64x2.mul(vtl, w1c1i));
        w1d2r = f64x2.add(f64x2.add(f64x2.mul(two, w1d2r), y2r), f64x2.mul(vtl, w1c2r));
        w1d2i = f64x2.add(f64x2.add(f64x2.mul(two, w1d2i), y2i), f64x2.mul(vtl, w1c2i));
      }
      {
        const y0r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, w1c0r), f64x2.mul(e00i, w1c0i)), f64x2.sub(f64x2.mul(e01r, w1c1r),
          f64x2.mul(e01i, w1c1i))), f64x2.sub(f64x2.mul(e02r, w1c2r), f64x2.mul(e02i, w1c2i)));
        const y0i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, w1c0i), f64x2.mul(e00i, w1c0r)), f64x2.add(f64x2.mul(e01r, w1c1i),
          f64x2.mul(e01i, w1c1r))), f64x2.add(f64x2.mul(e02r, w1c2i), f64x2.mul(e02i, w1c2r)));
        const y1r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, w1c0r), f64x2.mul(e10i, w1c0i)), f64x2.sub(f64x2.mul(e11r, w1c1r),
          f64x2.mul(e11i, w1c1i))), f64x2.sub(f64x2.mul(e12r, w1c2r), f64x2.mul(e12i, w1c2i)));
        const y1i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, w1c0i), f64x2.mul(e10i, w1c0r)), f64x2.add(f64x2.mul(e11r, w1c1i),
          f64x2.mul(e11i, w1c1r))), f64x2.add(f64x2.mul(e12r, w1c2i), f64x2.mul(e12i, w1c2r)));
        const y2r = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, w1c0r), f64x2.mul(e20i, w1c0i)), f64x2.sub(f64x2.mul(e21r, w1c1r),
          f64x2.mul(e21i, w1c1i))), f64x2.sub(f64x2.mul(e22r, w1c2r), f64x2.mul(e22i, w1c2i)));
        const y2i = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, w1c0i), f64x2.mul(e20i, w1c0r)), f64x2.add(f64x2.mul(e21r, w1c1i),
          f64x2.mul(e21i, w1c1r))), f64x2.add(f64x2.mul(e22r, w1c2i), f64x2.mul(e22i, w1c2r)));
        w1c0r = f64x2.add(f64x2.mul(two, w1c0r), y0r);
        w1c0i = f64x2.add(f64x2.mul(two, w1c0i), y0i);
        w1c1r = f64x2.add(f64x2.mul(two, w1c1r), y1r);
        w1c1i = f64x2.add(f64x2.mul(two, w1c1i), y1i);
        w1c2r = f64x2.add(f64x2.mul(two, w1c2r), y2r);
        w1c2i = f64x2.add(f64x2.mul(two, w1c2i), y2i);
      }
      l *= 2.0;
    }
    const oL = 18 * levels;
    const f00r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 0)) << 4)),
      f00i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 1)) << 4));
    const f01r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 2)) << 4)),
      f01i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 3)) << 4));
    const f02r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 4)) << 4)),
      f02i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 5)) << 4));
    const f10r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 6)) << 4)),
      f10i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 7)) << 4));
    const f11r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 8)) << 4)),
      f11i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 9)) << 4));
    const f12r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 10)) << 4)),
      f12i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 11)) << 4));
    const f20r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 12)) << 4)),
      f20i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 13)) << 4));
    const f21r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 14)) << 4)),
      f21i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 15)) << 4));
    const f22r = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 16)) << 4)),
      f22i = v128.load(changetype<usize>(SEL) + ((<usize>(oL + 17)) << 4));
    const x0r = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 0), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 0), ib)));
    const x0i = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 1), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 1), ib)));
    const x1r = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 2), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 2), ib)));
    const x1i = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 3), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 3), ib)));
    const x2r = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 4), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 4), ib)));
    const x2i = f64x2.replace_lane(f64x2.splat(load<f64>(at(arr(ws, n, A_UR + 5), ia))), 1, load<f64>(at(arr(ws, n, A_UR + 5), ib)));
    { const t = f64x2.add(f64x2.add(x0r, f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(f00r, x0r), f64x2.mul(f00i, x0i)),
      f64x2.sub(f64x2.mul(f01r, x1r), f64x2.mul(f01i, x1i))), f64x2.sub(f64x2.mul(f02r, x2r), f64x2.mul(f02i, x2i)))),
        w0g0r); store<f64>(at(arr(ws, n, A_XN + 0), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 0), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = f64x2.add(f64x2.add(x0i, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f00r, x0i), f64x2.mul(f00i, x0r)),
      f64x2.add(f64x2.mul(f01r, x1i), f64x2.mul(f01i, x1r))), f64x2.add(f64x2.mul(f02r, x2i), f64x2.mul(f02i, x2r)))),
        w0g0i); store<f64>(at(arr(ws, n, A_XN + 1), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 1), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = w1g0r; store<f64>(at(arr(ws, n, A_W1 + 0), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 0), ib),
      f64x2.extract_lane(t, 1)); }
    { const t = w1g0i; store<f64>(at(arr(ws, n, A_W1 + 1), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 1), ib),
      f64x2.extract_lane(t, 1)); }
    { const t = f64x2.add(f64x2.add(x1r, f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(f10r, x0r), f64x2.mul(f10i, x0i)),
      f64x2.sub(f64x2.mul(f11r, x1r), f64x2.mul(f11i, x1i))), f64x2.sub(f64x2.mul(f12r, x2r), f64x2.mul(f12i, x2i)))),
        w0g1r); store<f64>(at(arr(ws, n, A_XN + 2), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 2), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = f64x2.add(f64x2.add(x1i, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f10r, x0i), f64x2.mul(f10i, x0r)),
      f64x2.add(f64x2.mul(f11r, x1i), f64x2.mul(f11i, x1r))), f64x2.add(f64x2.mul(f12r, x2i), f64x2.mul(f12i, x2r)))),
        w0g1i); store<f64>(at(arr(ws, n, A_XN + 3), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 3), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = w1g1r; store<f64>(at(arr(ws, n, A_W1 + 2), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 2), ib),
      f64x2.extract_lane(t, 1)); }
    { const t = w1g1i; store<f64>(at(arr(ws, n, A_W1 + 3), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 3), ib),
      f64x2.extract_lane(t, 1)); }
    { const t = f64x2.add(f64x2.add(x2r, f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(f20r, x0r), f64x2.mul(f20i, x0i)),
      f64x2.sub(f64x2.mul(f21r, x1r), f64x2.mul(f21i, x1i))), f64x2.sub(f64x2.mul(f22r, x2r), f64x2.mul(f22i, x2i)))),
        w0g2r); store<f64>(at(arr(ws, n, A_XN + 4), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 4), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = f64x2.add(f64x2.add(x2i, f64x2.add(f64x2.add(f64x2.add(f64x2.mul(f20r, x0i), f64x2.mul(f20i, x0r)),
      f64x2.add(f64x2.mul(f21r, x1i), f64x2.mul(f21i, x1r))), f64x2.add(f64x2.mul(f22r, x2i), f64x2.mul(f22i, x2r)))),
        w0g2i); store<f64>(at(arr(ws, n, A_XN + 5), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_XN + 5), ib),
          f64x2.extract_lane(t, 1)); }
    { const t = w1g2r; store<f64>(at(arr(ws, n, A_W1 + 4), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 4), ib),
      f64x2.extract_lane(t, 1)); }
    { const t = w1g2i; store<f64>(at(arr(ws, n, A_W1 + 5), ia), f64x2.extract_lane(t, 0)); store<f64>(at(arr(ws, n, A_W1 + 5), ib),
      f64x2.extract_lane(t, 1)); }
  }
}

// The slot of an atom waiting for a partner (SIMD build).
const PWV = new StaticArray<f64>(36);
const PEL = new StaticArray<f64>(18 * (MAX_LEVELS + 1));
/** Save slot s (levels + 1 powers) as the waiting atom. */
export function saveSlot(s: i32, levels: i32): void {
  for (let k = 0; k < 36; k++) unchecked((PWV[k] = SWV[2 * k + s]));
  for (let k = 0, m = 18 * (levels + 1); k < m; k++) unchecked((PEL[k] = SEL[2 * k + s]));
}
/** Restore the waiting atom into slot s. */
export function restoreSlot(s: i32, levels: i32): void {
  for (let k = 0; k < 36; k++) unchecked((SWV[2 * k + s] = PWV[k]));
  for (let k = 0, m = 18 * (levels + 1); k < m; k++) unchecked((SEL[2 * k + s] = PEL[k]));
}
