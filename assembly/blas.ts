// Level-1/2 kernels on raw f64 pointers (byte offsets into linear memory).
// The SIMD build uses f64x2 lanes with several independent accumulators; the scalar build
// (compiled without the simd feature) takes the plain loops. Association order is fixed for a
// given build, so results are bit-reproducible across hosts; SIMD and scalar builds may differ
// in the last bits. Accuracy: the usual n*eps*sum|x_i y_i| bound for a dot product.

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

// Matrices W may be stored as f64 or f32 ("f32 storage"). The kernels below are generic in the
// element type T of W and always compute in f64: an f32 entry is promoted exactly, so a kernel on
// f32 W gives bit for bit what its f64 instance gives on the same (rounded) values.

/** Element k of a T array (f64 or f32), as f64. */
// @ts-ignore: decorator
@inline export function ldT<T>(p: usize, k: i32): f64 {
  return <f64>load<T>(p + (<usize>k << alignof<T>()));
}

/** Elements k, k+1 of a T array as an f64x2 (f32 values promoted exactly). */
// @ts-ignore: decorator
@inline export function ld2T<T>(p: usize, k: i32): v128 {
  if (sizeof<T>() == 8) return v128.load(p + (<usize>k << 3));
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>k << 2)));
}

/** sum_k x[k] y[k], k < n, with x of element type T and y of U (f64 or f32). */
export function dotTT<T, U>(x: usize, y: usize, n: i32): f64 {
  let k = 0;
  let s = 0.0;
  if (ASC_FEATURE_SIMD) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    for (; k + 8 <= n; k += 8) {
      a0 = f64x2.add(a0, f64x2.mul(ld2T<T>(x, k), ld2T<U>(y, k)));
      a1 = f64x2.add(a1, f64x2.mul(ld2T<T>(x, k + 2), ld2T<U>(y, k + 2)));
      a2 = f64x2.add(a2, f64x2.mul(ld2T<T>(x, k + 4), ld2T<U>(y, k + 4)));
      a3 = f64x2.add(a3, f64x2.mul(ld2T<T>(x, k + 6), ld2T<U>(y, k + 6)));
    }
    for (; k + 2 <= n; k += 2) {
      a0 = f64x2.add(a0, f64x2.mul(ld2T<T>(x, k), ld2T<U>(y, k)));
    }
    const t = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
    s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
  } else {
    let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (; k + 4 <= n; k += 4) {
      s0 += ldT<T>(x, k) * ldT<U>(y, k);
      s1 += ldT<T>(x, k + 1) * ldT<U>(y, k + 1);
      s2 += ldT<T>(x, k + 2) * ldT<U>(y, k + 2);
      s3 += ldT<T>(x, k + 3) * ldT<U>(y, k + 3);
    }
    s = (s0 + s1) + (s2 + s3);
  }
  for (; k < n; k++) s += ldT<T>(x, k) * ldT<U>(y, k);
  return s;
}

/** sum_k x[k] y[k], k < n. */
export function dot(x: usize, y: usize, n: i32): f64 {
  return dotTT<f64, f64>(x, y, n);
}

/** y[k] += a x[k], k < n. */
export function axpy(a: f64, x: usize, y: usize, n: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a);
    for (; k + 4 <= n; k += 4) {
      const o = <usize>k << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
      v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
    }
    for (; k + 2 <= n; k += 2) {
      const o = <usize>k << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
    }
  }
  for (; k < n; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + a * load<f64>(at(x, k)));
}

/** y[k] += a x[k] w[k], k < n (scaled elementwise axpy). */
export function axpyMul(a: f64, x: usize, w: usize, y: usize, n: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a);
    for (; k + 2 <= n; k += 2) {
      const o = <usize>k << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, f64x2.mul(v128.load(x + o), v128.load(w + o)))));
    }
  }
  for (; k < n; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + a * (load<f64>(at(x, k)) * load<f64>(at(w, k))));
}

/** x[k] *= w[k], k < n. */
export function mulInPlace(x: usize, w: usize, n: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + 2 <= n; k += 2) {
      const o = <usize>k << 3;
      v128.store(x + o, f64x2.mul(v128.load(x + o), v128.load(w + o)));
    }
  }
  for (; k < n; k++) store<f64>(at(x, k), load<f64>(at(x, k)) * load<f64>(at(w, k)));
}

/** x[k] *= a, k < n. */
export function scal(a: f64, x: usize, n: i32): void {
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(a);
    for (; k + 2 <= n; k += 2) {
      const o = <usize>k << 3;
      v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
    }
  }
  for (; k < n; k++) store<f64>(at(x, k), a * load<f64>(at(x, k)));
}

/**
 * y = W^T x for a row-major v x d matrix W (y has d entries, x has v).
 * Streams W once, four rows at a time, so y is read and written v/4 times instead of v times.
 */
export function gemvT(W: usize, v: i32, d: i32, x: usize, y: usize): void {
  gemmT(W, v, d, x, y, 1);
}

/**
 * Compensated (Neumaier) sum of x[0..n): error about 2 eps sum|x| independent of n, used for
 * reductions over v terms (population loss, P(0)).
 */
export function sumCompensated(x: usize, n: i32): f64 {
  let s = 0.0, c = 0.0;
  for (let k = 0; k < n; k++) {
    const t = load<f64>(at(x, k));
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
    s = u;
  }
  return s + c;
}

/**
 * Y = X W for B rows at once: y_b = W^T x_b for b < B (X is B x v, Y is B x d, row-major, W of
 * element type T), in one pass over W: each block of four rows of W is applied to every x_b while
 * it is in cache, so W is streamed once per call instead of B times. Each y_b gets exactly the
 * operations of a single-row call.
 */
export function gemmTW<T>(W: usize, v: i32, d: i32, X: usize, Y: usize, B: i32): void {
  const rowBytes = <usize>d << alignof<T>(), yBytes = <usize>d << 3, xBytes = <usize>v << 3;
  memory.fill(Y, 0, <usize>B * yBytes);
  let j = 0;
  for (; j + 4 <= v; j += 4) {
    const r0 = W + <usize>j * rowBytes;
    const r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
    for (let b = 0; b < B; b++) {
      const x = X + <usize>b * xBytes, y = Y + <usize>b * yBytes;
      const x0 = load<f64>(at(x, j)), x1 = load<f64>(at(x, j), 8);
      const x2 = load<f64>(at(x, j), 16), x3 = load<f64>(at(x, j), 24);
      let k = 0;
      if (ASC_FEATURE_SIMD) {
        const v0 = f64x2.splat(x0), v1 = f64x2.splat(x1), v2 = f64x2.splat(x2), v3 = f64x2.splat(x3);
        for (; k + 4 <= d; k += 4) {
          const o = <usize>k << 3;
          const p = f64x2.add(f64x2.mul(v0, ld2T<T>(r0, k)), f64x2.mul(v1, ld2T<T>(r1, k)));
          const q = f64x2.add(f64x2.mul(v2, ld2T<T>(r2, k)), f64x2.mul(v3, ld2T<T>(r3, k)));
          v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(p, q)));
          const p2 = f64x2.add(f64x2.mul(v0, ld2T<T>(r0, k + 2)), f64x2.mul(v1, ld2T<T>(r1, k + 2)));
          const q2 = f64x2.add(f64x2.mul(v2, ld2T<T>(r2, k + 2)), f64x2.mul(v3, ld2T<T>(r3, k + 2)));
          v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.add(p2, q2)), 16);
        }
        for (; k + 2 <= d; k += 2) {
          const o = <usize>k << 3;
          const p = f64x2.add(f64x2.mul(v0, ld2T<T>(r0, k)), f64x2.mul(v1, ld2T<T>(r1, k)));
          const q = f64x2.add(f64x2.mul(v2, ld2T<T>(r2, k)), f64x2.mul(v3, ld2T<T>(r3, k)));
          v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(p, q)));
        }
      }
      for (; k < d; k++) {
        const o = <usize>k << 3;
        const p = x0 * ldT<T>(r0, k) + x1 * ldT<T>(r1, k);
        const q = x2 * ldT<T>(r2, k) + x3 * ldT<T>(r3, k);
        store<f64>(y + o, load<f64>(y + o) + (p + q));
      }
    }
  }
  // Leftover rows: y += x_j W_j, elementwise (the same values as axpy).
  for (; j < v; j++) {
    const row = W + <usize>j * rowBytes;
    for (let b = 0; b < B; b++) {
      const a = load<f64>(at(X + <usize>b * xBytes, j)), y = Y + <usize>b * yBytes;
      for (let k = 0; k < d; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + a * ldT<T>(row, k));
    }
  }
}

/** gemmTW for f64 W. */
export function gemmT(W: usize, v: i32, d: i32, X: usize, Y: usize, B: i32): void {
  gemmTW<f64>(W, v, d, X, Y, B);
}

/** gemmTW for f32 W (values promoted to f64; arithmetic in f64). */
export function gemmT_f32w(W: usize, v: i32, d: i32, X: usize, Y: usize, B: i32): void {
  gemmTW<f32>(W, v, d, X, Y, B);
}

/** y = W^T x for f32 W. */
export function gemvT_f32w(W: usize, v: i32, d: i32, x: usize, y: usize): void {
  gemmTW<f32>(W, v, d, x, y, 1);
}
