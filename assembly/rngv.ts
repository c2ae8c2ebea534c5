// Four-lane generator for bulk normals: four xoshiro256** streams side by side, two per v128.
//
// Lanes: the four lanes of stream (seed, stream) start at the 256-bit state of that stream (rng.ts's
// seed: lane 0 is the scalar stream itself) and at 1, 2 and 3 applications of the xoshiro256 jump
// (2^128 steps each, the jump polynomial of Blackman & Vigna). The lanes are disjoint subsequences of
// one period: they cannot overlap before 2^128 draws each.
// State: 128 bytes, word-major: word k (s0..s3) of lane j at byte 32 k + 8 j, so each word of lanes
// (0, 1) and of lanes (2, 3) is one v128.
// Normals: each lane runs a 1024-layer ziggurat (the ZIGNOR form of rng.ts's 256-layer one, Doornik
// 2005, with C = 1024 layers: R and V below, the tables built by the same recursion) on its own
// outputs, with the uniform taken as a double built from the top 52 bits, u = [bits (r >> 12) | 2.0] - 3
// in [-1, 1) (exact, no integer-to-float conversion), and the layer from the low 10 bits. The fast test
// |u| < x_(i+1) / x_i fails for 0.43% of draws (1.5% with 256 layers). Output k of a fill is draw
// floor(k / 4) of lane k mod 4; a fill of n values draws ceil(n / 4) from every lane (a partial last
// group is drawn whole, its extra values dropped). The SIMD build runs the fast path on all four lanes
// at once, the scalar build the lanes one after the other; both record the failed draws (uniform, layer)
// and redo them (wedge/tail) with the same scalar code, in output order, with their extra uniforms from
// the retry stream. Both give the same bits.
import { nextU64, nextUniform, loadState, saveState, seed as seedScalar } from "./rng";

/** Lanes of the generator (streams side by side). */
export const RNGV_LANES: i32 = 4;
/** Bytes of a four-lane state: the lanes, then the retry stream. */
export const RNGV_STATE_BYTES: i32 = 160;
const RETRY: usize = 128;

const EXP2: u64 = 0x4000000000000000; // bits of 2.0
const TWO_M53: f64 = 1.1102230246251565e-16; // 2^-53
// The 1024-layer ziggurat: R the start of the tail, V the area of every layer (density exp(-x^2 / 2),
// unnormalised); R solves the ZIGNOR recursion x_1 = R, x_(i+1) = sqrt(-2 log(V / x_i + f(x_i))) with
// x_C = 0 (to 50 digits, rounded to double).
const C: i32 = 1024;
const LAYER: u64 = 0x3ff; // the layer bits of an output
const ZIG_R: f64 = 4.038849846109504;
const ZIG_V: f64 = 0.001226324646353088;
// Per layer i, one v128: the bits of x_(i+1) / x_i shifted left by one (as u64), then x_i. The fast
// test |u| < x_(i+1) / x_i is the integer test bits(u) << 1 < that: doubles of magnitude below 2
// order as their bits without the sign, and the shifted values stay below 2^63 (a signed compare).
const ZT: usize = memory.data(C * 16, 16);
const ZF: usize = memory.data((C + 1) * 8, 16); // exp(-x_i^2 / 2), the density at the layer edges
const SCR: usize = memory.data(64, 16); // a lane's state for the scalar code
let ready = false;

// @ts-ignore: decorator
@inline function xAt(i: i32): f64 {
  return i == C ? 0.0 : load<f64>(ZT + (<usize>i << 4), 8);
}

function initTable(): void {
  // x_0 = V / f(R) (the base strip's width), x_1 = R, ..., x_C = 0: the recursion of rng.ts.
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  store<f64>(ZT, ZIG_V / f, 8);
  store<f64>(ZT + 16, ZIG_R, 8);
  for (let i = 2; i < C; i++) {
    const x = Math.sqrt(-2.0 * Math.log(ZIG_V / xAt(i - 1) + f));
    store<f64>(ZT + (<usize>i << 4), x, 8);
    f = Math.exp(-0.5 * x * x);
  }
  for (let i = 0; i < C; i++) store<u64>(ZT + (<usize>i << 4), reinterpret<u64>(xAt(i + 1) / xAt(i)) << 1);
  for (let i = 0; i <= C; i++) {
    const x = xAt(i);
    store<f64>(ZF + (<usize>i << 3), Math.exp(-0.5 * x * x));
  }
  ready = true;
}

// @ts-ignore: decorator
@inline function rotl(x: u64, k: u64): u64 {
  return (x << k) | (x >> (64 - k));
}

// The xoshiro256 jump: advance the contiguous 32-byte state at p by 2^128 steps.
function jump(p: usize): void {
  let a = load<u64>(p), b = load<u64>(p, 8), c = load<u64>(p, 16), e = load<u64>(p, 24);
  let j0: u64 = 0, j1: u64 = 0, j2: u64 = 0, j3: u64 = 0;
  for (let w = 0; w < 4; w++) {
    const J: u64 = w == 0 ? 0x180ec6d33cfd0aba : w == 1 ? 0xd5a61266f0c9392c : w == 2 ? 0xa9582618e03fc9aa : 0x39abdc4529b1661c;
    for (let bit: u64 = 0; bit < 64; bit++) {
      if (((J >> bit) & 1) != 0) {
        j0 ^= a; j1 ^= b; j2 ^= c; j3 ^= e;
      }
      const t = b << 17;
      c ^= a; e ^= b; b ^= c; a ^= e; c ^= t; e = rotl(e, 45);
    }
  }
  store<u64>(p, j0); store<u64>(p, j1, 8); store<u64>(p, j2, 16); store<u64>(p, j3, 24);
}

/** Initialise the 160-byte four-lane state at `state` for stream (seed, stream). */
export function seedV(state: usize, seedValue: f64, stream: f64): void {
  seedScalar(SCR, seedValue, stream);
  for (let j = 0; j < 4; j++) {
    if (j > 0) jump(SCR);
    for (let k = 0; k < 4; k++) store<u64>(state + (<usize>k << 5) + (<usize>j << 3), load<u64>(SCR + (<usize>k << 3)));
  }
  jump(SCR);
  memory.copy(state + RETRY, SCR, 32);
}

// Lane j of the word-major state <-> the contiguous scalar state at SCR.
function laneOut(state: usize, j: i32): void {
  for (let k = 0; k < 4; k++) store<u64>(SCR + (<usize>k << 3), load<u64>(state + (<usize>k << 5) + (<usize>j << 3)));
}
function laneIn(state: usize, j: i32): void {
  for (let k = 0; k < 4; k++) store<u64>(state + (<usize>k << 5) + (<usize>j << 3), load<u64>(SCR + (<usize>k << 3)));
}

// The fast test of layer i for the uniform u in [-1, 1): |u| < x_(i+1) / x_i.
// @ts-ignore: decorator
@inline function fastOk(u: f64, i: usize): bool {
  return reinterpret<u64>(u) << 1 < load<u64>(ZT + (i << 4));
}

// The tail beyond R (Marsaglia 1964, as rng.ts's normalTail at this R) from the retry stream.
function tailV(negative: bool): f64 {
  let x: f64, y: f64;
  do {
    x = Math.log((<f64>(nextU64() >> 11) + 0.5) * TWO_M53) / ZIG_R;
    y = Math.log((<f64>(nextU64() >> 11) + 0.5) * TWO_M53);
  } while (-2.0 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

// The wedge/tail continuation of a draw (layer i, uniform u) whose fast test failed, from the retry
// stream in rng.ts's globals: the tail for layer 0, else the wedge test
// F[i+1] + U (F[i] - F[i+1]) < exp(-x^2 / 2) (one exp), and on rejection a fresh draw as in the fast path.
function normalSlowV(i: usize, u: f64): f64 {
  while (true) {
    if (i == 0) return tailV(u < 0);
    const x = u * load<f64>(ZT + (i << 4), 8);
    const f0 = load<f64>(ZF + (i << 3)), f1 = load<f64>(ZF + ((i + 1) << 3));
    if (f1 + nextUniform() * (f0 - f1) < Math.exp(-0.5 * x * x)) return x;
    const r = nextU64();
    i = <usize>(r & LAYER);
    u = reinterpret<f64>((r >> 12) | EXP2) - 3.0;
    if (fastOk(u, i)) return u * load<f64>(ZT + (i << 4), 8);
  }
}

const CHUNK: i32 = 512; // groups per fast pass
// Per failed group, 64 bytes: u of lanes 0-1, of lanes 2-3 (f64x2 each), the byte offsets 16 i of the
// four layers (i32 each), the group and the lanes that passed (bit j for lane j).
const FAILS: usize = memory.data(CHUNK * 64, 16);
const TAIL: usize = memory.data(32, 16); // the last, partial group
const IXS: usize = memory.data(16, 16); // the layers of a group, for their loads
// The fast path's constants, read from memory once per pass: as v128.const the optimiser would inline
// them at their uses and they would be rebuilt in every iteration.
const KV: usize = memory.data<u64>([EXP2, EXP2, 0x4008000000000000, 0x4008000000000000], 16);

// The fast path over `groups` groups (at most CHUNK) into out[0..4 groups), the four lanes at once: no
// calls, so the state stays in registers. A group with a failed lane leaves its uniforms, layers and the
// lanes that passed in FAILS. Returns their count.
function fastGroupsV(state: usize, out: usize, groups: i32): i32 {
  let a0 = v128.load(state), a1 = v128.load(state, 16);
  let b0 = v128.load(state, 32), b1 = v128.load(state, 48);
  let c0 = v128.load(state, 64), c1 = v128.load(state, 80);
  let e0 = v128.load(state, 96), e1 = v128.load(state, 112);
  const exp2 = v128.load(KV), three = v128.load(KV, 16);
  let fails = 0;
  for (let o = out, end = out + (<usize>groups << 5); o < end; o += 32) {
    // r = rotl(s1 * 5, 7) * 9, the multiplications as shifts and adds
    let m0 = i64x2.add(i64x2.shl(b0, 2), b0), m1 = i64x2.add(i64x2.shl(b1, 2), b1);
    m0 = v128.or(i64x2.shl(m0, 7), i64x2.shr_u(m0, 57));
    m1 = v128.or(i64x2.shl(m1, 7), i64x2.shr_u(m1, 57));
    const r0 = i64x2.add(i64x2.shl(m0, 3), m0), r1 = i64x2.add(i64x2.shl(m1, 3), m1);
    const t0 = i64x2.shl(b0, 17), t1 = i64x2.shl(b1, 17);
    c0 = v128.xor(c0, a0); c1 = v128.xor(c1, a1);
    e0 = v128.xor(e0, b0); e1 = v128.xor(e1, b1);
    b0 = v128.xor(b0, c0); b1 = v128.xor(b1, c1);
    a0 = v128.xor(a0, e0); a1 = v128.xor(a1, e1);
    c0 = v128.xor(c0, t0); c1 = v128.xor(c1, t1);
    e0 = v128.or(i64x2.shl(e0, 45), i64x2.shr_u(e0, 19));
    e1 = v128.or(i64x2.shl(e1, 45), i64x2.shr_u(e1, 19));
    // u in [-1, 1) from the top 52 bits; the layer from the low 10, as the byte offset 16 i
    const u0 = f64x2.sub(v128.or(i64x2.shr_u(r0, 12), exp2), three);
    const u1 = f64x2.sub(v128.or(i64x2.shr_u(r1, 12), exp2), three);
    const ix = i32x4.shr_u(i32x4.shl(v128.shuffle<i32>(r0, r1, 0, 2, 4, 6), 22), 18);
    v128.store(IXS, ix);
    const i0 = <usize>load<u32>(IXS), i1 = <usize>load<u32>(IXS, 4);
    const i2 = <usize>load<u32>(IXS, 8), i3 = <usize>load<u32>(IXS, 12);
    const q0 = v128.load(i0, ZT), q1 = v128.load(i1, ZT), q2 = v128.load(i2, ZT), q3 = v128.load(i3, ZT);
    v128.store(o, f64x2.mul(u0, v128.shuffle<f64>(q0, q1, 1, 3)));
    v128.store(o, f64x2.mul(u1, v128.shuffle<f64>(q2, q3, 1, 3)), 16);
    const ok0 = i64x2.lt_s(i64x2.shl(u0, 1), v128.shuffle<i64>(q0, q1, 0, 2));
    const ok1 = i64x2.lt_s(i64x2.shl(u1, 1), v128.shuffle<i64>(q2, q3, 0, 2));
    if (i64x2.bitmask(v128.and(ok0, ok1)) != 3) {
      const f = FAILS + (<usize>fails << 6);
      v128.store(f, u0);
      v128.store(f, u1, 16);
      store<i32>(f, i0, 32); store<i32>(f, i1, 36); store<i32>(f, i2, 40); store<i32>(f, i3, 44);
      store<i32>(f, <i32>((o - out) >> 5), 48);
      store<i32>(f, i64x2.bitmask(ok0) | (i64x2.bitmask(ok1) << 2), 52);
      fails++;
    }
  }
  v128.store(state, a0); v128.store(state, a1, 16); v128.store(state, b0, 32); v128.store(state, b1, 48);
  v128.store(state, c0, 64); v128.store(state, c1, 80); v128.store(state, e0, 96); v128.store(state, e1, 112);
  return fails;
}

// The fast path of the scalar build: the lanes one after the other, the same outputs and FAILS records.
function fastGroupsS(state: usize, out: usize, groups: i32): i32 {
  let fails = 0;
  for (let g = 0; g < groups; g++) {
    const f = FAILS + (<usize>fails << 6);
    let ok = 0;
    for (let j = 0; j < 4; j++) {
      const p = state + (<usize>j << 3);
      let a = load<u64>(p), b = load<u64>(p, 32), c = load<u64>(p, 64), e = load<u64>(p, 96);
      const r = rotl(b * 5, 7) * 9;
      const t = b << 17;
      c ^= a; e ^= b; b ^= c; a ^= e; c ^= t; e = rotl(e, 45);
      store<u64>(p, a); store<u64>(p, b, 32); store<u64>(p, c, 64); store<u64>(p, e, 96);
      const i = <usize>(r & LAYER);
      const u = reinterpret<f64>((r >> 12) | EXP2) - 3.0;
      store<f64>(out + (<usize>((g << 2) + j) << 3), u * load<f64>(ZT + (i << 4), 8));
      store<f64>(f + (<usize>j << 3), u);
      store<i32>(f + (<usize>j << 2), <i32>(i << 4), 32);
      if (fastOk(u, i)) ok |= 1 << j;
    }
    if (ok != 15) {
      store<i32>(f, g, 48);
      store<i32>(f, ok, 52);
      fails++;
    }
  }
  return fails;
}

// @ts-ignore: decorator
@inline function fastGroups(state: usize, out: usize, groups: i32): i32 {
  return ASC_FEATURE_SIMD ? fastGroupsV(state, out, groups) : fastGroupsS(state, out, groups);
}

// Redo the failed draws of a pass in output order (the order the retry stream is used in).
function fixGroups(out: usize, fails: i32): void {
  for (let f = 0; f < fails; f++) {
    const e = FAILS + (<usize>f << 6);
    const o = out + (<usize>load<i32>(e, 48) << 5);
    for (let bad = ~load<i32>(e, 52) & 15; bad != 0; bad &= bad - 1) {
      const j = <usize>ctz(bad);
      store<f64>(o + (j << 3), normalSlowV(<usize>load<u32>(e + (j << 2), 32) >> 4, load<f64>(e + (j << 3))));
    }
  }
}

/** Fill out[0..n) with standard normals from the four-lane generator at `state` (state advanced). */
export function fillNormalV(state: usize, out: usize, n: i32): void {
  if (n <= 0) return;
  if (!ready) initTable();
  const full = n >> 2;
  // The retry stream lives in rng.ts's globals for the whole fill (normalSlowV draws from them).
  loadState(state + RETRY);
  for (let g = 0; g < full; g += CHUNK) {
    const m = min<i32>(CHUNK, full - g);
    const o = out + (<usize>g << 5);
    fixGroups(o, fastGroups(state, o, m));
  }
  if ((n & 3) != 0) {
    fixGroups(TAIL, fastGroups(state, TAIL, 1));
    memory.copy(out + (<usize>full << 5), TAIL, <usize>(n & 3) << 3);
  }
  saveState(state + RETRY);
}

/**
 * Raw 64-bit outputs of the four lanes, interleaved: out[4 t + j] (u64) = output t of lane j, for
 * t < groups (4 groups u64 written). For tests of the lanes against the scalar reference.
 */
export function fillRawV(state: usize, out: usize, groups: i32): void {
  for (let j = 0; j < 4; j++) {
    laneOut(state, j);
    let a = load<u64>(SCR), b = load<u64>(SCR, 8), c = load<u64>(SCR, 16), e = load<u64>(SCR, 24);
    for (let g = 0; g < groups; g++) {
      store<u64>(out + (<usize>((g << 2) + j) << 3), rotl(b * 5, 7) * 9);
      const t = b << 17;
      c ^= a; e ^= b; b ^= c; a ^= e; c ^= t; e = rotl(e, 45);
    }
    store<u64>(SCR, a); store<u64>(SCR, b, 8); store<u64>(SCR, c, 16); store<u64>(SCR, e, 24);
    laneIn(state, j);
  }
}

