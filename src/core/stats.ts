// Mean and standard error over runs, checkpoint by checkpoint (Welford's update: stable for any
// number of runs), for the finite theory curve. SGD ensembles compute theirs in Wasm
// (assembly/ensemble.ts, ensembleFinish) with the same operations.

/** Mean over runs and its standard error (0 with one run) at the first `kept` checkpoints. */
export function meanAndStderr(runs: number[][], kept: number): { mean: number[]; stderr: number[] } {
  const mean: number[] = [], stderr: number[] = [];
  for (let i = 0; i < kept; i++) {
    let m = 0, m2 = 0;
    for (let k = 0; k < runs.length; k++) {
      const x = runs[k][i];
      const delta = x - m;
      m += delta / (k + 1);
      m2 += delta * (x - m);
    }
    mean.push(m);
    stderr.push(runs.length > 1 ? Math.sqrt(m2 / (runs.length - 1) / runs.length) : 0);
  }
  return { mean, stderr };
}
