// The power-law spectrum of the model (docs/model.md §2): tau_j = j^(-2 alpha) (the covariance D),
// b_j = j^(-beta) (the target), j = 1..v, and its sums. The one place where they are computed: the
// problem, the measures, the densities and the asymptotics all take them from here.

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize {
  return p + (<usize>k << 3);
}

/** tau[j] = (j+1)^(-2 alpha), b[j] = (j+1)^(-beta), sqrtTau[j] = (j+1)^(-alpha), j < v. */
export function fillSpectrum(v: i32, alpha: f64, beta: f64, tau: usize, b: usize, sqrtTau: usize): void {
  for (let j = 0; j < v; j++) {
    const jj = <f64>(j + 1);
    const st = Math.pow(jj, -alpha);
    store<f64>(at(sqrtTau, j), st);
    store<f64>(at(tau, j), st * st);
    store<f64>(at(b, j), Math.pow(jj, -beta));
  }
}

/**
 * sum_(j<=v) j^(-2 p), Neumaier-compensated: tr D for p = alpha, the c_beta of the forcing for
 * p = beta. Each term is pow(j, -2 p), where fillSpectrum squares pow(j, -alpha): the two may differ
 * in the last bit; kept so that the default learning rate keeps its bits on every host.
 */
export function powerSum(v: i32, p: f64): f64 {
  let s = 0.0, c = 0.0;
  for (let j = 1; j <= v; j++) {
    const t = Math.pow(<f64>j, -2.0 * p);
    const u = s + t;
    c += Math.abs(s) >= Math.abs(t) ? (s - u) + t : (t - u) + s;
    s = u;
  }
  return s + c;
}

/** tr D = sum_(j<=v) j^(-2 alpha), compensated; used by the default learning rate. */
export function traceD(v: i32, alpha: f64): f64 {
  return powerSum(v, alpha);
}
