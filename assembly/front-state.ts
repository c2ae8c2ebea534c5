// The state of a front job (front.ts): its slots, the per-curve table and the status of the IsoFLOP
// parabola at each grid point, with the load/store helpers that every part of the job shares.
//
// Input packing (frontBegin's `data`, f64, curves in increasing d):
//   per curve: d, count, flops[count], loss[count], nRuns, runs[nRuns x count] (run-major)
// nRuns = 0 when the curve has no runs. The per-curve table (slot S_TABLE) holds TABLE_INTS i32 per
// curve: flops pointer, loss pointer, count, nRuns, runs pointer, first index with flops > 0.
//
// A front block (slots S_FRONT, S_BOOT) of a grid of n points: pMin, dMin (the envelope and its
// argmin d), pPar, dPar (the parabola vertex), each n f64, then iMin (argmin curve) and the
// parabola status, each n i32.
import { getP } from "./job";

// Parabola status per grid point.
export const PAR_OK: i32 = 0;
export const PAR_EDGE: i32 = 1;
export const PAR_CONCAVE: i32 = 2;

// State slots (8 bytes each).
export const S_CURVES = 0; // i32 number of curves
export const S_APPROACH = 1; // i32 0, 1, 2 as asked
export const S_K = 2; // i32 parabola points
export const S_DENSITY = 3; // i32 grid points per decade
export const S_RESAMPLES = 4; // i32
export const S_SEED = 5; // f64
export const S_WIN_IN_LO = 6; // f64 window asked (NaN: default)
export const S_WIN_IN_HI = 7;
export const S_DATA = 8; // p copy of the packed curves
export const S_TABLE = 9; // p per curve: 8 i32 (flops ptr, loss ptr, count, nRuns, runs ptr, first positive index)
export const S_DS = 10; // p d values (f64 x curves)
export const S_N = 11; // i32 grid size
export const S_GRID = 12; // p grid (f64 x n)
export const S_FRONT = 13; // p main front: pMin, dMin, pPar, dPar (4 x n f64), then iMin, status (2 x n i32)
export const S_BOOT = 14; // p resample front, same layout
export const S_PS = 15; // p scratch: P of each curve at one f (f64 x curves)
export const S_FIT = 16; // p scratch of the fits: log f, log P, log d (3 x n f64)
export const S_SAMPLES = 17; // p sample xi (cap f64), then eta (cap f64)
export const S_CAP = 18; // i32 sample capacity
export const S_NSAMPLES = 19; // i32 successful fits in the sample
export const S_STAGE = 20; // i32 0 = main fit pending, 1 = sampling, 2 = done, -1 = malformed input, -2 = failed
export const S_NEXT = 21; // i32 next resample
export const S_METHOD = 22; // i32 0 sub-windows, 1 bootstrap
export const S_XI = 23;
export const S_ETA = 24;
export const S_WIN_LO = 25; // window used
export const S_WIN_HI = 26;
export const S_INT_LO = 27; // interior range (NaN: none)
export const S_INT_HI = 28;
export const S_XI_LO = 29; // raw percentile intervals (NaN: too few fits)
export const S_XI_HI = 30;
export const S_ETA_LO = 31;
export const S_ETA_HI = 32;
export const S_FLAGS = 33; // i32 FRONT_CI_* bits
export const S_ERR_KIND = 34; // i32 FRONT_ERR_*
export const S_ERR_F = 35; // f64 flops of the error
export const S_POINTS = 36; // p front points (flops, loss, d) x count
export const S_NPOINTS = 37;
export const S_SLOPES = 38; // p local slopes (flops, eta, xi) x count
export const S_NSLOPES = 39;
export const S_FAILED = 40; // i32 failed resamples
export const S_MEANS = 41; // p resampled mean losses (sum of counts f64)
export const S_MEANTBL = 42; // p per curve: loss pointer of the resample (usize x curves)
export const S_LOSSTBL = 43; // p per curve: loss pointer of the data (usize x curves)
export const S_RNG = 44; // 32 bytes: slots 44..47
export const S_SCRATCH = 48; // 10 f64: parabola x (5), y (5): slots 48..57
export const STATE_SLOTS = 58;

export const TABLE_INTS = 8;

// @ts-ignore: decorator
@inline export function ldF(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function stF(p: usize, i: i32, x: f64): void { store<f64>(p + (<usize>i << 3), x); }
// @ts-ignore: decorator
@inline export function ldI(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function stI(p: usize, i: i32, x: i32): void { store<i32>(p + (<usize>i << 2), x); }
// @ts-ignore: decorator
@inline export function tbl(job: usize, c: i32, field: i32): i32 { return ldI(getP(job, S_TABLE), c * TABLE_INTS + field); }
