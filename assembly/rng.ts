// Seeded, splittable random numbers.
//
// Generator: xoshiro256** (Blackman & Vigna, 2018), period 2^256 - 1, 64-bit outputs.
// Streams: a stream is named by (seed, stream) with both integers in [0, 2^53). Its 256-bit state
// is four successive outputs of SplitMix64 started from x0 = mix(mix(seed + G) ^ stream) + G, where
// mix is the bijective SplitMix64 finaliser and G = 0x9e3779b97f4a7c15. This is the construction
// of numpy's SeedSequence/spawn: streams are statistically independent; two streams overlap only if
// their starting points fall within the lengths drawn of each other in a 2^256 cycle.
// Normals: 256-layer ziggurat in double precision (Marsaglia & Tsang 2000, in the ZIGNOR form of
// Doornik 2005: the layer comes from the low 8 bits, the uniform from the top 53 bits of the same
// output, so they are independent). About 1.01 outputs per normal.
//
// Hot loops keep the state in module globals: loadState(state) ... saveState(state).

let s0: u64 = 0;
let s1: u64 = 0;
let s2: u64 = 0;
let s3: u64 = 0;

const GOLDEN: u64 = 0x9e3779b97f4a7c15;
const TWO_M53: f64 = 1.1102230246251565e-16; // 2^-53

// @ts-ignore: decorator
@inline function rotl(x: u64, k: u64): u64 {
  return (x << k) | (x >> (64 - k));
}

// @ts-ignore: decorator
@inline function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

// @ts-ignore: decorator
@inline export function nextU64(): u64 {
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 45);
  return result;
}

/** Uniform in [0, 1) with 53 random bits. */
// @ts-ignore: decorator
@inline export function nextUniform(): f64 {
  return <f64>(<i64>(nextU64() >> 11)) * TWO_M53;
}

/** Uniform in (0, 1): never 0, so log() is finite. */
// @ts-ignore: decorator
@inline function nextOpenUniform(): f64 {
  return (<f64>(nextU64() >> 11) + 0.5) * TWO_M53;
}

export function loadState(state: usize): void {
  s0 = load<u64>(state);
  s1 = load<u64>(state, 8);
  s2 = load<u64>(state, 16);
  s3 = load<u64>(state, 24);
}

export function saveState(state: usize): void {
  store<u64>(state, s0);
  store<u64>(state, s1, 8);
  store<u64>(state, s2, 16);
  store<u64>(state, s3, 24);
}

/** Initialise the 32-byte state at `state` for stream (seed, stream). */
export function seed(state: usize, seedValue: f64, stream: f64): void {
  let x = mix64(mix64(<u64>seedValue + GOLDEN) ^ <u64>stream) + GOLDEN;
  // SplitMix64 outputs; an all-zero state is impossible in practice and guarded anyway.
  x += GOLDEN; const a = mix64(x);
  x += GOLDEN; const b = mix64(x);
  x += GOLDEN; const c = mix64(x);
  x += GOLDEN; const d = mix64(x);
  store<u64>(state, a);
  store<u64>(state, b, 8);
  store<u64>(state, c, 16);
  store<u64>(state, (a | b | c | d) == 0 ? GOLDEN : d, 24);
}

// ---- ziggurat tables (computed once at instantiation, inside Wasm so every host gets the same bits)

const ZIG_C: i32 = 256;
const ZIG_R: f64 = 3.6541528853610088;
const ZIG_V: f64 = 0.00492867323399;
export const ZX: usize = memory.data((ZIG_C + 1) * 8, 16); // layer edges, decreasing, ZX[C] = 0
export const ZR: usize = memory.data(ZIG_C * 8, 16); // ratio ZX[i+1] / ZX[i]

function initZiggurat(): void {
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  store<f64>(ZX, ZIG_V / f);
  store<f64>(ZX + 8, ZIG_R);
  store<f64>(ZX + (<usize>ZIG_C << 3), 0.0);
  for (let i = 2; i < ZIG_C; i++) {
    const prev = load<f64>(ZX + (<usize>(i - 1) << 3));
    const xi = Math.sqrt(-2.0 * Math.log(ZIG_V / prev + f));
    store<f64>(ZX + (<usize>i << 3), xi);
    f = Math.exp(-0.5 * xi * xi);
  }
  for (let i = 0; i < ZIG_C; i++) {
    store<f64>(ZR + (<usize>i << 3), load<f64>(ZX + (<usize>(i + 1) << 3)) / load<f64>(ZX + (<usize>i << 3)));
  }
}
initZiggurat();

export function normalTail(negative: bool): f64 {
  let x: f64, y: f64;
  do {
    x = Math.log(nextOpenUniform()) / ZIG_R;
    y = Math.log(nextOpenUniform());
  } while (-2.0 * y < x * x);
  return negative ? x - ZIG_R : ZIG_R - x;
}

export function normalSlow(i: usize, u: f64): f64 {
  // Retry loop of the ziggurat, entered for about 1% of draws (wedges and tail).
  while (true) {
    if (i == 0) return normalTail(u < 0);
    const xi = load<f64>(ZX + (i << 3));
    const xi1 = load<f64>(ZX + ((i + 1) << 3));
    const x = u * xi;
    const f0 = Math.exp(-0.5 * (xi * xi - x * x));
    const f1 = Math.exp(-0.5 * (xi1 * xi1 - x * x));
    if (f1 + nextUniform() * (f0 - f1) < 1.0) return x;
    const r = nextU64();
    i = <usize>(r & 0xff);
    u = 2.0 * (<f64>(r >> 11) * TWO_M53) - 1.0;
    if (Math.abs(u) < load<f64>(ZR + (i << 3))) return u * load<f64>(ZX + (i << 3));
  }
}

/** One standard normal from the loaded state. */
// @ts-ignore: decorator
@inline export function nextNormal(): f64 {
  const r = nextU64();
  const i = <usize>(r & 0xff);
  const u = 2.0 * (<f64>(<i64>(r >> 11)) * TWO_M53) - 1.0;
  if (Math.abs(u) < load<f64>(ZR + (i << 3))) return u * load<f64>(ZX + (i << 3));
  return normalSlow(i, u);
}

/**
 * Fill out[0..n) with standard normals using the loaded state: the same draws as n calls of
 * nextNormal, with the generator state in locals (V8 keeps Wasm globals in memory, so the
 * global-state form spends most of its time on loads and stores of s0..s3).
 */
export function fillNormalLoaded(out: usize, n: i32): void {
  let a = s0, b = s1, c = s2, e = s3;
  for (let k = 0; k < n; k++) {
    const r = rotl(b * 5, 7) * 9;
    const t = b << 17;
    c ^= a; e ^= b; b ^= c; a ^= e; c ^= t; e = rotl(e, 45);
    const i = <usize>(r & 0xff);
    // r >> 11 < 2^53: the signed conversion is exact and cheaper than the unsigned one.
    const u = 2.0 * (<f64>(<i64>(r >> 11)) * TWO_M53) - 1.0;
    let x: f64;
    if (Math.abs(u) < load<f64>(ZR + (i << 3))) {
      x = u * load<f64>(ZX + (i << 3));
    } else {
      s0 = a; s1 = b; s2 = c; s3 = e;
      x = normalSlow(i, u);
      a = s0; b = s1; c = s2; e = s3;
    }
    store<f64>(out + (<usize>k << 3), x);
  }
  s0 = a; s1 = b; s2 = c; s3 = e;
}

/** Fill out[0..n) with standard normals from the generator at `state` (state advanced). */
export function fillNormal(state: usize, out: usize, n: i32): void {
  loadState(state);
  fillNormalLoaded(out, n);
  saveState(state);
}

/** Fill out[0..n) with uniforms in [0, 1) from the generator at `state`. */
export function fillUniform(state: usize, out: usize, n: i32): void {
  loadState(state);
  for (let k = 0; k < n; k++) store<f64>(out + (<usize>k << 3), nextUniform());
  saveState(state);
}

/** Raw 64-bit outputs as pairs of u32 (low, high) into out[0..2n), for cross-host hashing. */
export function fillRaw(state: usize, out: usize, n: i32): void {
  let a = load<u64>(state), b = load<u64>(state, 8), c = load<u64>(state, 16), e = load<u64>(state, 24);
  for (let k = 0; k < n; k++) {
    store<u64>(out + (<usize>k << 3), rotl(b * 5, 7) * 9);
    const t = b << 17;
    c ^= a; e ^= b; b ^= c; a ^= e; c ^= t; e = rotl(e, 45);
  }
  store<u64>(state, a); store<u64>(state, b, 8); store<u64>(state, c, 16); store<u64>(state, e, 24);
}

/**
 * One index in [0, n) from the loaded state: floor(u n) for a uniform u with 53 random bits
 * (clamped to n - 1 against rounding), so the bias is below n 2^-53. Used by every resampling
 * (bootstraps of the front and of the fits).
 */
// @ts-ignore: decorator
@inline export function nextIndex(n: i32): i32 {
  const k = <i32>Math.floor(nextUniform() * <f64>n);
  return k < n - 1 ? k : n - 1;
}

/**
 * Fill out[0..count) (i32) with resampling indices in [0, n) from the generator at `state`
 * (state advanced): the same draws as `count` calls of nextIndex.
 */
export function fillIndices(state: usize, n: i32, out: usize, count: i32): void {
  loadState(state);
  for (let k = 0; k < count; k++) store<i32>(out + (<usize>k << 2), nextIndex(n));
  saveState(state);
}
