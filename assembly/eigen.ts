// Symmetric eigensolver: Householder tridiagonalisation + implicit QL with Wilkinson-type shifts
// (the EISPACK tred2/tql2 pair, as in JAMA), O(n^3). Accuracy: residual ||A u - lambda u|| and
// loss of orthogonality of order n * eps * ||A||.
//
// Storage: Z is n x n and holds the transformation *column-major* (Z[j*n + k] = Q[k][j]), so that
// every inner loop (Householder updates, the QL rotations, accumulation) runs over contiguous
// memory. On return, row i of Z is the unit eigenvector of eigenvalue d[i]; eigenvalues are
// sorted in decreasing order (lambda_1 >= ... >= lambda_n, the convention of the model).
//
// With wantVectors = 0 the QL rotations are applied to a single vector (the projection
// p = Q^T h) instead of to Z: O(n^2) instead of O(n^3) for the QL phase. The spectral SGD engine
// and the finite spectral measure need only the eigenvalues and these projections.

// @ts-ignore: decorator
@inline function zat(Z: usize, n: i32, col: i32, row: i32): usize {
  return Z + ((<usize>col * <usize>n + <usize>row) << 3);
}
// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

function tred2Begin(n: i32, Z: usize, d: usize): void {
  for (let j = 0; j < n; j++) store<f64>(at(d, j), load<f64>(zat(Z, n, j, n - 1)));
}

/** One Householder reflection (the step for row i, i from n-1 down to 1): O(i^2). */
function tred2Row(n: i32, Z: usize, d: usize, e: usize, i: i32): void {
  let scale = 0.0, h = 0.0;
  for (let k = 0; k < i; k++) scale += Math.abs(load<f64>(at(d, k)));
  if (scale == 0.0) {
    store<f64>(at(e, i), load<f64>(at(d, i - 1)));
    for (let j = 0; j < i; j++) {
      store<f64>(at(d, j), load<f64>(zat(Z, n, j, i - 1)));
      store<f64>(zat(Z, n, j, i), 0.0);
      store<f64>(zat(Z, n, i, j), 0.0);
    }
  } else {
    for (let k = 0; k < i; k++) {
      const t = load<f64>(at(d, k)) / scale;
      store<f64>(at(d, k), t);
      h += t * t;
    }
    let f = load<f64>(at(d, i - 1));
    let g = Math.sqrt(h);
    if (f > 0) g = -g;
    store<f64>(at(e, i), scale * g);
    h = h - f * g;
    store<f64>(at(d, i - 1), f - g);
    for (let j = 0; j < i; j++) store<f64>(at(e, j), 0.0);
    for (let j = 0; j < i; j++) {
      f = load<f64>(at(d, j));
      store<f64>(zat(Z, n, i, j), f);
      const col = zat(Z, n, j, 0);
      g = load<f64>(at(e, j)) + load<f64>(at(col, j)) * f;
      for (let k = j + 1; k <= i - 1; k++) {
        const zk = load<f64>(at(col, k));
        g += zk * load<f64>(at(d, k));
        store<f64>(at(e, k), load<f64>(at(e, k)) + zk * f);
      }
      store<f64>(at(e, j), g);
    }
    f = 0.0;
    for (let j = 0; j < i; j++) {
      const t = load<f64>(at(e, j)) / h;
      store<f64>(at(e, j), t);
      f += t * load<f64>(at(d, j));
    }
    const hh = f / (h + h);
    for (let j = 0; j < i; j++) store<f64>(at(e, j), load<f64>(at(e, j)) - hh * load<f64>(at(d, j)));
    for (let j = 0; j < i; j++) {
      f = load<f64>(at(d, j));
      g = load<f64>(at(e, j));
      const col = zat(Z, n, j, 0);
      for (let k = j; k <= i - 1; k++) {
        store<f64>(at(col, k), load<f64>(at(col, k)) - (f * load<f64>(at(e, k)) + g * load<f64>(at(d, k))));
      }
      store<f64>(at(d, j), load<f64>(at(col, i - 1)));
      store<f64>(at(col, i), 0.0);
    }
  }
  store<f64>(at(d, i), h);
}

/** Accumulation of the transformations, the step for i (0 <= i < n-1): O(i^2). */
function tred2Accumulate(n: i32, Z: usize, d: usize, i: i32): void {
  store<f64>(zat(Z, n, i, n - 1), load<f64>(zat(Z, n, i, i)));
  store<f64>(zat(Z, n, i, i), 1.0);
  const h = load<f64>(at(d, i + 1));
  const ci1 = zat(Z, n, i + 1, 0);
  if (h != 0.0) {
    for (let k = 0; k <= i; k++) store<f64>(at(d, k), load<f64>(at(ci1, k)) / h);
    for (let j = 0; j <= i; j++) {
      const cj = zat(Z, n, j, 0);
      let g = 0.0;
      for (let k = 0; k <= i; k++) g += load<f64>(at(ci1, k)) * load<f64>(at(cj, k));
      for (let k = 0; k <= i; k++) store<f64>(at(cj, k), load<f64>(at(cj, k)) - g * load<f64>(at(d, k)));
    }
  }
  for (let k = 0; k <= i; k++) store<f64>(at(ci1, k), 0.0);
}

function tred2End(n: i32, Z: usize, d: usize, e: usize): void {
  for (let j = 0; j < n; j++) {
    store<f64>(at(d, j), load<f64>(zat(Z, n, j, n - 1)));
    store<f64>(zat(Z, n, j, n - 1), 0.0);
  }
  store<f64>(zat(Z, n, n - 1, n - 1), 1.0);
  store<f64>(e, 0.0);
}

function tql2Begin(n: i32, e: usize): void {
  for (let i = 1; i < n; i++) store<f64>(at(e, i - 1), load<f64>(at(e, i)));
  store<f64>(at(e, n - 1), 0.0);
}

// The running shift f and the scale tst1 of the QL sweep, kept between steps.
let qlF: f64 = 0.0;
let qlTst1: f64 = 0.0;

/** Converge eigenvalue l by implicit QL: returns 0, or 1 + l if 64 sweeps did not converge. */
function tql2Step(n: i32, Z: usize, d: usize, e: usize, p: usize, wantVectors: bool, l: i32): i32 {
  const eps = 2.220446049250313e-16;
  let f = qlF, tst1 = qlTst1;
  tst1 = Math.max(tst1, Math.abs(load<f64>(at(d, l))) + Math.abs(load<f64>(at(e, l))));
  let m = l;
  while (m < n) {
    if (Math.abs(load<f64>(at(e, m))) <= eps * tst1) break;
    m++;
  }
  if (m > l) {
    let iter = 0;
    do {
      if (++iter > 64) return l + 1;
      let g = load<f64>(at(d, l));
      const el = load<f64>(at(e, l));
      let pp = (load<f64>(at(d, l + 1)) - g) / (2.0 * el);
      let r = Math.hypot(pp, 1.0);
      if (pp < 0) r = -r;
      store<f64>(at(d, l), el / (pp + r));
      store<f64>(at(d, l + 1), el * (pp + r));
      const dl1 = load<f64>(at(d, l + 1));
      let h = g - load<f64>(at(d, l));
      for (let i = l + 2; i < n; i++) store<f64>(at(d, i), load<f64>(at(d, i)) - h);
      f = f + h;
      pp = load<f64>(at(d, m));
      let c = 1.0, c2 = c, c3 = c;
      const el1 = load<f64>(at(e, l + 1));
      let s = 0.0, s2 = 0.0;
      for (let i = m - 1; i >= l; i--) {
        c3 = c2;
        c2 = c;
        s2 = s;
        const ei = load<f64>(at(e, i));
        const di = load<f64>(at(d, i));
        g = c * ei;
        h = c * pp;
        r = Math.hypot(pp, ei);
        store<f64>(at(e, i + 1), s * r);
        s = ei / r;
        c = pp / r;
        pp = c * di - s * g;
        store<f64>(at(d, i + 1), h + s * (c * g + s * di));
        if (wantVectors) {
          rotate(zat(Z, n, i, 0), zat(Z, n, i + 1, 0), n, c, s);
        } else if (p != 0) {
          const a = load<f64>(at(p, i)), b = load<f64>(at(p, i + 1));
          store<f64>(at(p, i + 1), s * a + c * b);
          store<f64>(at(p, i), c * a - s * b);
        }
      }
      pp = -s * s2 * c3 * el1 * load<f64>(at(e, l)) / dl1;
      store<f64>(at(e, l), s * pp);
      store<f64>(at(d, l), c * pp);
    } while (Math.abs(load<f64>(at(e, l))) > eps * tst1);
  }
  store<f64>(at(d, l), load<f64>(at(d, l)) + f);
  store<f64>(at(e, l), 0.0);
  qlF = f;
  qlTst1 = tst1;
  return 0;
}

// (u, w) <- (c u - s w, s u + c w) over n contiguous entries.
function rotate(u: usize, w: usize, n: i32, c: f64, s: f64): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    for (; k + 2 <= n; k += 2) {
      const o = <usize>k << 3;
      const a = v128.load(u + o), b = v128.load(w + o);
      v128.store(w + o, f64x2.add(f64x2.mul(vs, a), f64x2.mul(vc, b)));
      v128.store(u + o, f64x2.sub(f64x2.mul(vc, a), f64x2.mul(vs, b)));
    }
  }
  for (; k < n; k++) {
    const a = load<f64>(at(u, k)), b = load<f64>(at(w, k));
    store<f64>(at(w, k), s * a + c * b);
    store<f64>(at(u, k), c * a - s * b);
  }
}

function dotContig(x: usize, y: usize, n: i32): f64 {
  let s = 0.0;
  for (let k = 0; k < n; k++) s += load<f64>(at(x, k)) * load<f64>(at(y, k));
  return s;
}

// State of a resumable decomposition (f64 slots at `st`): so that long decompositions run in
// short calls between which the host can check for cancellation and report progress.
// The slots are the ABI's layout eigState (abi/plrf.abi.json, generated into ./abi).
import {
  EIG_ST_PHASE as ST_PHASE, EIG_ST_INDEX as ST_INDEX, EIG_ST_N as ST_N, EIG_ST_Z as ST_Z, EIG_ST_D as ST_D, EIG_ST_E as ST_E,
  EIG_ST_H as ST_H, EIG_ST_VEC as ST_VEC, EIG_ST_HCOPY as ST_HCOPY, EIG_ST_F as ST_F, EIG_ST_TST1 as ST_TST1, EIG_ST_HBUF as ST_HBUF,
  EIG_STATE_SLOTS,
} from "./abi";

// @ts-ignore: decorator
@inline function sget(st: usize, k: i32): f64 {
  return load<f64>(st + (<usize>k << 3));
}
// @ts-ignore: decorator
@inline function sset(st: usize, k: i32, x: f64): void {
  store<f64>(st + (<usize>k << 3), x);
}

/**
 * Start a resumable eigen-decomposition of the symmetric n x n matrix in Z (see eigSym for the
 * arguments); `st` is a block of EIG_STATE_SLOTS doubles. Then call eigStep until it returns 1.
 */
export function eigBegin(n: i32, Z: usize, d: usize, work: usize, h: usize, wantVectors: i32, st: usize): void {
  sset(st, ST_PHASE, 0); sset(st, ST_INDEX, 0); sset(st, ST_N, <f64>n); sset(st, ST_Z, <f64>Z); sset(st, ST_D, <f64>d);
  sset(st, ST_E, <f64>work); sset(st, ST_H, <f64>h); sset(st, ST_VEC, <f64>wantVectors); sset(st, ST_HCOPY, 0);
  sset(st, ST_F, 0); sset(st, ST_TST1, 0); sset(st, ST_HBUF, 0);
}

/**
 * Give a started decomposition a block of n doubles for its internal copy of h, so that it holds no
 * memory of its own between steps (a job that owns `buf` may then be freed at any step).
 */
export function eigUseCopyBuffer(st: usize, buf: usize): void {
  sset(st, ST_HBUF, <f64>buf);
}

/** The phase (0..5) and index of a started decomposition, for progress estimates. */
export function eigPhase(st: usize): i32 {
  return <i32>sget(st, ST_PHASE);
}
export function eigIndex(st: usize): i32 {
  return <i32>sget(st, ST_INDEX);
}

/**
 * Advance a decomposition by about `units` row-steps (each O(n^2), or O(n) for QL steps without
 * vectors). Returns 0 if there is more to do, 1 when done, or -(1 + l) if the QL iteration failed
 * to converge at eigenvalue l. The work is independent of how it is split into steps.
 */
export function eigStep(st: usize, units: i32): i32 {
  const n = <i32>sget(st, ST_N);
  const Z = <usize>sget(st, ST_Z), d = <usize>sget(st, ST_D), e = <usize>sget(st, ST_E), h = <usize>sget(st, ST_H);
  const vec = sget(st, ST_VEC) != 0;
  const hbuf = <usize>sget(st, ST_HBUF);
  let phase = <i32>sget(st, ST_PHASE);
  let idx = <i32>sget(st, ST_INDEX);
  let left = units;
  while (left > 0) {
    if (phase == 0) {
      if (n <= 0) { phase = 5; break; }
      tred2Begin(n, Z, d);
      phase = 1;
      idx = n - 1;
    } else if (phase == 1) {
      if (idx > 0) {
        tred2Row(n, Z, d, e, idx);
        idx--;
        left--;
      } else {
        phase = 2;
        idx = 0;
      }
    } else if (phase == 2) {
      if (idx < n - 1) {
        tred2Accumulate(n, Z, d, idx);
        idx++;
        left--;
      } else {
        tred2End(n, Z, d, e);
        let hcopy: usize = 0;
        if (h != 0) {
          hcopy = hbuf != 0 ? hbuf : heap.alloc(<usize>n << 3);
          memory.copy(hcopy, h, <usize>n << 3);
          if (!vec) {
            for (let j = 0; j < n; j++) store<f64>(at(h, j), dotContig(zat(Z, n, j, 0), hcopy, n));
          }
        }
        sset(st, ST_HCOPY, <f64>hcopy);
        tql2Begin(n, e);
        qlF = 0; qlTst1 = 0;
        sset(st, ST_F, 0); sset(st, ST_TST1, 0);
        phase = 3;
        idx = 0;
      }
    } else if (phase == 3) {
      if (idx < n) {
        qlF = sget(st, ST_F); qlTst1 = sget(st, ST_TST1);
        const status = tql2Step(n, Z, d, e, vec ? 0 : h, vec, idx);
        sset(st, ST_F, qlF); sset(st, ST_TST1, qlTst1);
        if (status != 0) {
          const hc = <usize>sget(st, ST_HCOPY);
          if (hc != 0 && hc != hbuf) heap.free(hc);
          sset(st, ST_HCOPY, 0);
          sset(st, ST_PHASE, 5);
          return -status;
        }
        idx++;
        left--;
      } else {
        phase = 4;
      }
    } else if (phase == 4) {
      const hc = <usize>sget(st, ST_HCOPY);
      finish(n, Z, d, h, vec, hc);
      if (hc != 0 && hc != hbuf) heap.free(hc);
      sset(st, ST_HCOPY, 0);
      phase = 5;
    } else {
      break;
    }
  }
  sset(st, ST_PHASE, <f64>phase);
  sset(st, ST_INDEX, <f64>idx);
  return phase == 5 ? 1 : 0;
}

// Sort into decreasing order, moving vectors / projections along; projections from the vectors.
function finish(n: i32, Z: usize, d: usize, h: usize, vec: bool, hcopy: usize): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let best = load<f64>(at(d, i));
    for (let j = i + 1; j < n; j++) {
      const dj = load<f64>(at(d, j));
      if (dj > best) {
        k = j;
        best = dj;
      }
    }
    if (k != i) {
      store<f64>(at(d, k), load<f64>(at(d, i)));
      store<f64>(at(d, i), best);
      if (vec) {
        rotate(zat(Z, n, i, 0), zat(Z, n, k, 0), n, 0.0, 1.0); // (u, w) <- (-w, u)
        scaleRow(zat(Z, n, i, 0), n, -1.0); // fix the sign of the new row i
      } else if (h != 0) {
        const t = load<f64>(at(h, k));
        store<f64>(at(h, k), load<f64>(at(h, i)));
        store<f64>(at(h, i), t);
      }
    }
  }
  if (vec && h != 0) {
    for (let j = 0; j < n; j++) store<f64>(at(h, j), dotContig(zat(Z, n, j, 0), hcopy, n));
  }
}

/**
 * Eigen-decomposition of the symmetric n x n matrix in Z (row-major = column-major by symmetry),
 * in one call. d: n eigenvalues out (decreasing). work: n doubles of scratch. h: if nonzero, n
 * doubles in, overwritten with the projections U^T h (p_i = <u_i, h>). wantVectors: 1 to leave the
 * eigenvectors in the rows of Z, 0 to skip them (Z is then scratch).
 * Returns 0, or a positive code if the QL iteration failed to converge.
 */
export function eigSym(n: i32, Z: usize, d: usize, work: usize, h: usize, wantVectors: i32): i32 {
  const st = heap.alloc(<usize>EIG_STATE_SLOTS << 3);
  eigBegin(n, Z, d, work, h, wantVectors, st);
  let status = 0;
  while ((status = eigStep(st, 1 << 30)) == 0) {
    // each eigStep call does the work; 0 means more to do
  }
  heap.free(st);
  return status < 0 ? -status : 0;
}

function scaleRow(x: usize, n: i32, a: f64): void {
  for (let k = 0; k < n; k++) store<f64>(at(x, k), a * load<f64>(at(x, k)));
}
