// Log-spaced checkpoints of a curve (src/model/conventions.ts logCheckpoints), in Wasm so that every host
// rounds the same exp/log values to the same integers.

/**
 * About `points` integer checkpoints log-spaced in r from 0 to `steps`: 0, `steps` and
 * min(steps, round(exp(log(steps) i / (points - 2)))) for i < points - 1 (none when points = 2),
 * rounded half up, sorted and without repeats. steps: an integer >= 0 held in an f64; points >= 2.
 * out: room for points + 1 doubles. Returns the count written.
 */
export function logCheckpoints(steps: f64, points: i32, out: usize): i32 {
  store<f64>(out, 0.0);
  if (steps == 0) return 1;
  store<f64>(out, steps, 8);
  let count = 2;
  const n = points - 1;
  const logN = Math.log(steps);
  if (n >= 2) {
    for (let i = 0; i < n; i++) {
      const x = Math.exp((logN * <f64>i) / <f64>(n - 1));
      // Round half up (Math.round): ceil, then one down if that is more than half above.
      let c = Math.ceil(x);
      if (c - 0.5 > x) c -= 1.0;
      store<f64>(out + (<usize>count << 3), Math.min(steps, c));
      count++;
    }
  }
  // Sort (insertion: the values come almost in order) and drop repeats.
  for (let i = 1; i < count; i++) {
    const x = load<f64>(out + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && load<f64>(out + (<usize>j << 3)) > x) {
      store<f64>(out + (<usize>(j + 1) << 3), load<f64>(out + (<usize>j << 3)));
      j--;
    }
    store<f64>(out + (<usize>(j + 1) << 3), x);
  }
  let m = 1;
  for (let i = 1; i < count; i++) {
    const x = load<f64>(out + (<usize>i << 3));
    if (x != load<f64>(out + (<usize>(m - 1) << 3))) {
      store<f64>(out + (<usize>m << 3), x);
      m++;
    }
  }
  return m;
}
