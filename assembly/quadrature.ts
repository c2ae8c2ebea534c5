// Gauss-Legendre quadrature nodes and weights, for the contour's panels and caps (docs/model.md §5).

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** Gauss-Legendre nodes x[0..n) on [-1, 1] (increasing) and weights w, by Newton on P_n. */
export function gaussLegendre(n: i32, x: usize, w: usize): void {
  for (let i = 0; i < (n + 1) / 2; i++) {
    let t = Math.cos(Math.PI * (<f64>i + 0.75) / (<f64>n + 0.5));
    let dp = 0.0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1.0, p1 = t;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2.0 * <f64>k - 1.0) * t * p1 - (<f64>k - 1.0) * p0) / <f64>k;
        p0 = p1;
        p1 = p2;
      }
      if (n == 1) { p1 = t; p0 = 1.0; }
      dp = <f64>n * (t * p1 - p0) / (t * t - 1.0);
      const dt = p1 / dp;
      t -= dt;
      if (Math.abs(dt) <= 1e-16) {
        // one more evaluation of the derivative at the converged node
        p0 = 1.0; p1 = t;
        for (let k = 2; k <= n; k++) {
          const p2 = ((2.0 * <f64>k - 1.0) * t * p1 - (<f64>k - 1.0) * p0) / <f64>k;
          p0 = p1;
          p1 = p2;
        }
        dp = <f64>n * (t * p1 - p0) / (t * t - 1.0);
        break;
      }
    }
    const wt = 2.0 / ((1.0 - t * t) * dp * dp);
    store<f64>(at(x, i), -t);
    store<f64>(at(w, i), wt);
    store<f64>(at(x, n - 1 - i), t);
    store<f64>(at(w, n - 1 - i), wt);
  }
  if (n == 1) { store<f64>(x, 0.0); store<f64>(w, 2.0); }
}
