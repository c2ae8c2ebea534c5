// Mean and standard error over runs, checkpoint by checkpoint (Welford's update: stable for any
// number of runs), in Wasm so that every host gets the same bits.

/**
 * For each of the first `kept` columns i of `runs` (nRuns x nPoints f64, row-major, kept <= nPoints):
 * outMean[i] = the mean over the runs and outStderr[i] = its standard error
 * sqrt(M2 / (nRuns - 1) / nRuns) (0 with one run or none), by Welford's update in run order.
 */
export function meanStderr(runs: usize, nRuns: i32, nPoints: i32, kept: i32, outMean: usize, outStderr: usize): void {
  for (let i = 0; i < kept; i++) {
    let m = 0.0, m2 = 0.0;
    for (let k = 0; k < nRuns; k++) {
      const x = load<f64>(runs + ((<usize>k * <usize>nPoints + <usize>i) << 3));
      const delta = x - m;
      m += delta / <f64>(k + 1);
      m2 += delta * (x - m);
    }
    store<f64>(outMean + (<usize>i << 3), m);
    store<f64>(outStderr + (<usize>i << 3), nRuns > 1 ? Math.sqrt(m2 / <f64>(nRuns - 1) / <f64>nRuns) : 0.0);
  }
}
