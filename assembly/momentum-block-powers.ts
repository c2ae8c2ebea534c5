// The powers E_l = A_m^l - I of complex atoms in second-order blocks of the momentum/DANA recursion
// (docs/model.md §10; the scheme is described in momentum-block.ts), unrolled in locals, one atom or two
// at a time (SIMD build, the same operations per lane), with the test for fast atoms whose
// A_m^L is negligible. Generated code: edit with care (the order of every sum matters for the bits).
import { putEL, slotELPtr } from "./momentum-block-complex";

// @ts-ignore: decorator
@inline function g(a: StaticArray<f64>, k: i32): f64 { return unchecked(a[k]); }

/**
 * Whether A_m^L and the tail sum_(j>=L) A_m^j g(L-1-j) are negligible, from s = ||A_l||_F^2 at level
 * lv (l = 2^lv, A_l = I + E_l): with M = prod_(k<lv) max(1, ||A_(2^k)||_F) >= max_(j<l) ||A^j||,
 * ||A^j|| <= M ||A_l||^floor(j/l), so ||A^L|| <= ||A_l||^(L/l) and the tail is about l M ||A_l||^(L/l)
 * times g's scale. Fast when that is below 2^-60 and L/l >= 16, with log2 bounded above by the
 * binary exponent plus one (log2M likewise: an upper bound of log2 M).
 */
function fastAt(s: f64, lv: i32, levels: i32, log2M: f64): bool {
  if (lv > levels - 4 || !(s < 0.25)) return false;
  // log2(||A_l||^(L/l)) = 2^(levels - lv - 1) log2(s)
  return <f64>(1 << (levels - lv - 1)) * log2Above(s) + log2M + <f64>lv < -60.0;
}

/** An upper bound of log2 x for x > 0: its binary exponent plus one (x = 0: -1022). */
// @ts-ignore: decorator
@inline function log2Above(x: f64): f64 {
  return <f64>(<i32>((reinterpret<u64>(x) >> 52) & 0x7FF) - 1022);
}

/**
 * After powersOne / powersPair, per lane: whether the atom is fast (A_m^L negligible, fastAt) and
 * whether some ||A_l||_F <= 1 certifies a spectral radius at most 1.
 */
export let laneFast0 = false, laneCert0 = false, laneFast1 = false, laneCert1 = false;

/**
 * The powers E_l = A_m^l - I (E_2l = 2 E_l + E_l^2) of one atom from E_m in em into slot s, for
 * lv = 0..levels, stopping at the first level where the atom is fast (only where `can`: -E_m is
 * invertible); the result in laneFast0, laneCert0.
 */
export function powersOne(em: StaticArray<f64>, s: i32, levels: i32, can: bool): void {
  let e00r = g(em, 0);
  let e00i = g(em, 1);
  let e01r = g(em, 2);
  let e01i = g(em, 3);
  let e02r = g(em, 4);
  let e02i = g(em, 5);
  let e10r = g(em, 6);
  let e10i = g(em, 7);
  let e11r = g(em, 8);
  let e11i = g(em, 9);
  let e12r = g(em, 10);
  let e12i = g(em, 11);
  let e20r = g(em, 12);
  let e20i = g(em, 13);
  let e21r = g(em, 14);
  let e21i = g(em, 15);
  let e22r = g(em, 16);
  let e22i = g(em, 17);
  let fast = false, log2M = 0.0, cert = false;
  for (let lv = 0; lv <= levels; lv++) {
    const o = 18 * lv;
    putEL(s, o + 0, e00r);
    putEL(s, o + 1, e00i);
    putEL(s, o + 2, e01r);
    putEL(s, o + 3, e01i);
    putEL(s, o + 4, e02r);
    putEL(s, o + 5, e02i);
    putEL(s, o + 6, e10r);
    putEL(s, o + 7, e10i);
    putEL(s, o + 8, e11r);
    putEL(s, o + 9, e11i);
    putEL(s, o + 10, e12r);
    putEL(s, o + 11, e12i);
    putEL(s, o + 12, e20r);
    putEL(s, o + 13, e20i);
    putEL(s, o + 14, e21r);
    putEL(s, o + 15, e21i);
    putEL(s, o + 16, e22r);
    putEL(s, o + 17, e22i);
    if (lv == levels) break;
    // ||I + E_l||_F^2
    let ns = 0.0;
    ns = (ns + (((1.0 + e00r) * (1.0 + e00r)) + (e00i * e00i)));
    ns = (ns + ((e01r * e01r) + (e01i * e01i)));
    ns = (ns + ((e02r * e02r) + (e02i * e02i)));
    ns = (ns + ((e10r * e10r) + (e10i * e10i)));
    ns = (ns + (((1.0 + e11r) * (1.0 + e11r)) + (e11i * e11i)));
    ns = (ns + ((e12r * e12r) + (e12i * e12i)));
    ns = (ns + ((e20r * e20r) + (e20i * e20i)));
    ns = (ns + ((e21r * e21r) + (e21i * e21i)));
    ns = (ns + (((1.0 + e22r) * (1.0 + e22r)) + (e22i * e22i)));
    if (ns <= 1.0) cert = true;
    if (can && fastAt(ns, lv, levels, log2M)) { fast = true; break; }
    if (ns > 1.0) log2M += 0.5 * log2Above(ns);
    const n00r = ((2.0 * e00r) + ((((e00r * e00r) - (e00i * e00i)) + ((e01r * e10r) - (e01i * e10i))) + ((e02r * e20r) - (e02i * e20i))));
    const n00i = ((2.0 * e00i) + ((((e00r * e00i) + (e00i * e00r)) + ((e01r * e10i) + (e01i * e10r))) + ((e02r * e20i) + (e02i * e20r))));
    const n01r = ((2.0 * e01r) + ((((e00r * e01r) - (e00i * e01i)) + ((e01r * e11r) - (e01i * e11i))) + ((e02r * e21r) - (e02i * e21i))));
    const n01i = ((2.0 * e01i) + ((((e00r * e01i) + (e00i * e01r)) + ((e01r * e11i) + (e01i * e11r))) + ((e02r * e21i) + (e02i * e21r))));
    const n02r = ((2.0 * e02r) + ((((e00r * e02r) - (e00i * e02i)) + ((e01r * e12r) - (e01i * e12i))) + ((e02r * e22r) - (e02i * e22i))));
    const n02i = ((2.0 * e02i) + ((((e00r * e02i) + (e00i * e02r)) + ((e01r * e12i) + (e01i * e12r))) + ((e02r * e22i) + (e02i * e22r))));
    const n10r = ((2.0 * e10r) + ((((e10r * e00r) - (e10i * e00i)) + ((e11r * e10r) - (e11i * e10i))) + ((e12r * e20r) - (e12i * e20i))));
    const n10i = ((2.0 * e10i) + ((((e10r * e00i) + (e10i * e00r)) + ((e11r * e10i) + (e11i * e10r))) + ((e12r * e20i) + (e12i * e20r))));
    const n11r = ((2.0 * e11r) + ((((e10r * e01r) - (e10i * e01i)) + ((e11r * e11r) - (e11i * e11i))) + ((e12r * e21r) - (e12i * e21i))));
    const n11i = ((2.0 * e11i) + ((((e10r * e01i) + (e10i * e01r)) + ((e11r * e11i) + (e11i * e11r))) + ((e12r * e21i) + (e12i * e21r))));
    const n12r = ((2.0 * e12r) + ((((e10r * e02r) - (e10i * e02i)) + ((e11r * e12r) - (e11i * e12i))) + ((e12r * e22r) - (e12i * e22i))));
    const n12i = ((2.0 * e12i) + ((((e10r * e02i) + (e10i * e02r)) + ((e11r * e12i) + (e11i * e12r))) + ((e12r * e22i) + (e12i * e22r))));
    const n20r = ((2.0 * e20r) + ((((e20r * e00r) - (e20i * e00i)) + ((e21r * e10r) - (e21i * e10i))) + ((e22r * e20r) - (e22i * e20i))));
    const n20i = ((2.0 * e20i) + ((((e20r * e00i) + (e20i * e00r)) + ((e21r * e10i) + (e21i * e10r))) + ((e22r * e20i) + (e22i * e20r))));
    const n21r = ((2.0 * e21r) + ((((e20r * e01r) - (e20i * e01i)) + ((e21r * e11r) - (e21i * e11i))) + ((e22r * e21r) - (e22i * e21i))));
    const n21i = ((2.0 * e21i) + ((((e20r * e01i) + (e20i * e01r)) + ((e21r * e11i) + (e21i * e11r))) + ((e22r * e21i) + (e22i * e21r))));
    const n22r = ((2.0 * e22r) + ((((e20r * e02r) - (e20i * e02i)) + ((e21r * e12r) - (e21i * e12i))) + ((e22r * e22r) - (e22i * e22i))));
    const n22i = ((2.0 * e22i) + ((((e20r * e02i) + (e20i * e02r)) + ((e21r * e12i) + (e21i * e12r))) + ((e22r * e22i) + (e22i * e22r))));
    e00r = n00r; e00i = n00i; e01r = n01r; e01i = n01i; e02r = n02r; e02i = n02i;
    e10r = n10r; e10i = n10i; e11r = n11r; e11i = n11i; e12r = n12r; e12i = n12i;
    e20r = n20r; e20i = n20i; e21r = n21r; e21i = n21i; e22r = n22r; e22i = n22i;
  }
  laneFast0 = fast; laneCert0 = cert;
}

/**
 * powersOne for two atoms at once (SIMD build only), E_m of slot 0 in em0 and of slot 1 in em1, until
 * both are fast or lv = levels; both are taken as invertible (a fast lane whose -E_m is singular is
 * redone by powersOne).
 */
export function powersPair(em0: StaticArray<f64>, em1: StaticArray<f64>, levels: i32): void {
  if (ASC_FEATURE_SIMD) {
    let e00r = f64x2.replace_lane(f64x2.splat(g(em0, 0)), 1, g(em1, 0));
    let e00i = f64x2.replace_lane(f64x2.splat(g(em0, 1)), 1, g(em1, 1));
    let e01r = f64x2.replace_lane(f64x2.splat(g(em0, 2)), 1, g(em1, 2));
    let e01i = f64x2.replace_lane(f64x2.splat(g(em0, 3)), 1, g(em1, 3));
    let e02r = f64x2.replace_lane(f64x2.splat(g(em0, 4)), 1, g(em1, 4));
    let e02i = f64x2.replace_lane(f64x2.splat(g(em0, 5)), 1, g(em1, 5));
    let e10r = f64x2.replace_lane(f64x2.splat(g(em0, 6)), 1, g(em1, 6));
    let e10i = f64x2.replace_lane(f64x2.splat(g(em0, 7)), 1, g(em1, 7));
    let e11r = f64x2.replace_lane(f64x2.splat(g(em0, 8)), 1, g(em1, 8));
    let e11i = f64x2.replace_lane(f64x2.splat(g(em0, 9)), 1, g(em1, 9));
    let e12r = f64x2.replace_lane(f64x2.splat(g(em0, 10)), 1, g(em1, 10));
    let e12i = f64x2.replace_lane(f64x2.splat(g(em0, 11)), 1, g(em1, 11));
    let e20r = f64x2.replace_lane(f64x2.splat(g(em0, 12)), 1, g(em1, 12));
    let e20i = f64x2.replace_lane(f64x2.splat(g(em0, 13)), 1, g(em1, 13));
    let e21r = f64x2.replace_lane(f64x2.splat(g(em0, 14)), 1, g(em1, 14));
    let e21i = f64x2.replace_lane(f64x2.splat(g(em0, 15)), 1, g(em1, 15));
    let e22r = f64x2.replace_lane(f64x2.splat(g(em0, 16)), 1, g(em1, 16));
    let e22i = f64x2.replace_lane(f64x2.splat(g(em0, 17)), 1, g(em1, 17));
    let fast0 = false, fast1 = false, lm0 = 0.0, lm1 = 0.0, cert0 = false, cert1 = false;
    const one = f64x2.splat(1.0), two = f64x2.splat(2.0), sel = slotELPtr();
    for (let lv = 0; lv <= levels; lv++) {
      const o = 18 * lv;
      v128.store(sel + ((<usize>(o + 0)) << 4), e00r);
      v128.store(sel + ((<usize>(o + 1)) << 4), e00i);
      v128.store(sel + ((<usize>(o + 2)) << 4), e01r);
      v128.store(sel + ((<usize>(o + 3)) << 4), e01i);
      v128.store(sel + ((<usize>(o + 4)) << 4), e02r);
      v128.store(sel + ((<usize>(o + 5)) << 4), e02i);
      v128.store(sel + ((<usize>(o + 6)) << 4), e10r);
      v128.store(sel + ((<usize>(o + 7)) << 4), e10i);
      v128.store(sel + ((<usize>(o + 8)) << 4), e11r);
      v128.store(sel + ((<usize>(o + 9)) << 4), e11i);
      v128.store(sel + ((<usize>(o + 10)) << 4), e12r);
      v128.store(sel + ((<usize>(o + 11)) << 4), e12i);
      v128.store(sel + ((<usize>(o + 12)) << 4), e20r);
      v128.store(sel + ((<usize>(o + 13)) << 4), e20i);
      v128.store(sel + ((<usize>(o + 14)) << 4), e21r);
      v128.store(sel + ((<usize>(o + 15)) << 4), e21i);
      v128.store(sel + ((<usize>(o + 16)) << 4), e22r);
      v128.store(sel + ((<usize>(o + 17)) << 4), e22i);
      if (lv == levels) break;
      // ||I + E_l||_F^2
      let ns = f64x2.splat(0.0);
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(f64x2.add(one, e00r), f64x2.add(one, e00r)), f64x2.mul(e00i, e00i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e01r, e01r), f64x2.mul(e01i, e01i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e02r, e02r), f64x2.mul(e02i, e02i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e10r, e10r), f64x2.mul(e10i, e10i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(f64x2.add(one, e11r), f64x2.add(one, e11r)), f64x2.mul(e11i, e11i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e12r, e12r), f64x2.mul(e12i, e12i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e20r, e20r), f64x2.mul(e20i, e20i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(e21r, e21r), f64x2.mul(e21i, e21i)));
      ns = f64x2.add(ns, f64x2.add(f64x2.mul(f64x2.add(one, e22r), f64x2.add(one, e22r)), f64x2.mul(e22i, e22i)));
      if (!fast0) {
        const ns0 = f64x2.extract_lane(ns, 0);
        if (ns0 <= 1.0) cert0 = true;
        if (fastAt(ns0, lv, levels, lm0)) fast0 = true;
        else if (ns0 > 1.0) lm0 += 0.5 * log2Above(ns0);
      }
      if (!fast1) {
        const ns1 = f64x2.extract_lane(ns, 1);
        if (ns1 <= 1.0) cert1 = true;
        if (fastAt(ns1, lv, levels, lm1)) fast1 = true;
        else if (ns1 > 1.0) lm1 += 0.5 * log2Above(ns1);
      }
      if (fast0 && fast1) break;
      const n00r = f64x2.add(f64x2.mul(two, e00r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, e00r), f64x2.mul(e00i, e00i)),
        f64x2.sub(f64x2.mul(e01r, e10r), f64x2.mul(e01i, e10i))), f64x2.sub(f64x2.mul(e02r, e20r), f64x2.mul(e02i, e20i))));
      const n00i = f64x2.add(f64x2.mul(two, e00i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, e00i), f64x2.mul(e00i, e00r)),
        f64x2.add(f64x2.mul(e01r, e10i), f64x2.mul(e01i, e10r))), f64x2.add(f64x2.mul(e02r, e20i), f64x2.mul(e02i, e20r))));
      const n01r = f64x2.add(f64x2.mul(two, e01r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, e01r), f64x2.mul(e00i, e01i)),
        f64x2.sub(f64x2.mul(e01r, e11r), f64x2.mul(e01i, e11i))), f64x2.sub(f64x2.mul(e02r, e21r), f64x2.mul(e02i, e21i))));
      const n01i = f64x2.add(f64x2.mul(two, e01i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, e01i), f64x2.mul(e00i, e01r)),
        f64x2.add(f64x2.mul(e01r, e11i), f64x2.mul(e01i, e11r))), f64x2.add(f64x2.mul(e02r, e21i), f64x2.mul(e02i, e21r))));
      const n02r = f64x2.add(f64x2.mul(two, e02r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e00r, e02r), f64x2.mul(e00i, e02i)),
        f64x2.sub(f64x2.mul(e01r, e12r), f64x2.mul(e01i, e12i))), f64x2.sub(f64x2.mul(e02r, e22r), f64x2.mul(e02i, e22i))));
      const n02i = f64x2.add(f64x2.mul(two, e02i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e00r, e02i), f64x2.mul(e00i, e02r)),
        f64x2.add(f64x2.mul(e01r, e12i), f64x2.mul(e01i, e12r))), f64x2.add(f64x2.mul(e02r, e22i), f64x2.mul(e02i, e22r))));
      const n10r = f64x2.add(f64x2.mul(two, e10r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, e00r), f64x2.mul(e10i, e00i)),
        f64x2.sub(f64x2.mul(e11r, e10r), f64x2.mul(e11i, e10i))), f64x2.sub(f64x2.mul(e12r, e20r), f64x2.mul(e12i, e20i))));
      const n10i = f64x2.add(f64x2.mul(two, e10i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, e00i), f64x2.mul(e10i, e00r)),
        f64x2.add(f64x2.mul(e11r, e10i), f64x2.mul(e11i, e10r))), f64x2.add(f64x2.mul(e12r, e20i), f64x2.mul(e12i, e20r))));
      const n11r = f64x2.add(f64x2.mul(two, e11r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, e01r), f64x2.mul(e10i, e01i)),
        f64x2.sub(f64x2.mul(e11r, e11r), f64x2.mul(e11i, e11i))), f64x2.sub(f64x2.mul(e12r, e21r), f64x2.mul(e12i, e21i))));
      const n11i = f64x2.add(f64x2.mul(two, e11i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, e01i), f64x2.mul(e10i, e01r)),
        f64x2.add(f64x2.mul(e11r, e11i), f64x2.mul(e11i, e11r))), f64x2.add(f64x2.mul(e12r, e21i), f64x2.mul(e12i, e21r))));
      const n12r = f64x2.add(f64x2.mul(two, e12r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e10r, e02r), f64x2.mul(e10i, e02i)),
        f64x2.sub(f64x2.mul(e11r, e12r), f64x2.mul(e11i, e12i))), f64x2.sub(f64x2.mul(e12r, e22r), f64x2.mul(e12i, e22i))));
      const n12i = f64x2.add(f64x2.mul(two, e12i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e10r, e02i), f64x2.mul(e10i, e02r)),
        f64x2.add(f64x2.mul(e11r, e12i), f64x2.mul(e11i, e12r))), f64x2.add(f64x2.mul(e12r, e22i), f64x2.mul(e12i, e22r))));
      const n20r = f64x2.add(f64x2.mul(two, e20r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, e00r), f64x2.mul(e20i, e00i)),
        f64x2.sub(f64x2.mul(e21r, e10r), f64x2.mul(e21i, e10i))), f64x2.sub(f64x2.mul(e22r, e20r), f64x2.mul(e22i, e20i))));
      const n20i = f64x2.add(f64x2.mul(two, e20i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, e00i), f64x2.mul(e20i, e00r)),
        f64x2.add(f64x2.mul(e21r, e10i), f64x2.mul(e21i, e10r))), f64x2.add(f64x2.mul(e22r, e20i), f64x2.mul(e22i, e20r))));
      const n21r = f64x2.add(f64x2.mul(two, e21r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, e01r), f64x2.mul(e20i, e01i)),
        f64x2.sub(f64x2.mul(e21r, e11r), f64x2.mul(e21i, e11i))), f64x2.sub(f64x2.mul(e22r, e21r), f64x2.mul(e22i, e21i))));
      const n21i = f64x2.add(f64x2.mul(two, e21i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, e01i), f64x2.mul(e20i, e01r)),
        f64x2.add(f64x2.mul(e21r, e11i), f64x2.mul(e21i, e11r))), f64x2.add(f64x2.mul(e22r, e21i), f64x2.mul(e22i, e21r))));
      const n22r = f64x2.add(f64x2.mul(two, e22r), f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(e20r, e02r), f64x2.mul(e20i, e02i)),
        f64x2.sub(f64x2.mul(e21r, e12r), f64x2.mul(e21i, e12i))), f64x2.sub(f64x2.mul(e22r, e22r), f64x2.mul(e22i, e22i))));
      const n22i = f64x2.add(f64x2.mul(two, e22i), f64x2.add(f64x2.add(f64x2.add(f64x2.mul(e20r, e02i), f64x2.mul(e20i, e02r)),
        f64x2.add(f64x2.mul(e21r, e12i), f64x2.mul(e21i, e12r))), f64x2.add(f64x2.mul(e22r, e22i), f64x2.mul(e22i, e22r))));
      e00r = n00r; e00i = n00i; e01r = n01r; e01i = n01i; e02r = n02r; e02i = n02i;
      e10r = n10r; e10i = n10i; e11r = n11r; e11i = n11i; e12r = n12r; e12i = n12i;
      e20r = n20r; e20i = n20i; e21r = n21r; e21i = n21i; e22r = n22r; e22i = n22i;
    }
    laneFast0 = fast0; laneCert0 = cert0; laneFast1 = fast1; laneCert1 = cert1;
  }
}
