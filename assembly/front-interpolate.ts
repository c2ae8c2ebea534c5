// Log-log linear interpolation of a loss curve between its checkpoints: how the front job reads a
// curve at any flops f (docs/model.md §8), and the same for hosts that draw IsoFLOP slices.
import { ldF, tbl } from "./front-state";

/** P of curve c at flops f by log-log linear interpolation; NaN outside the curve's positive range. */
export function lerpLog(job: usize, c: i32, loss: usize, f: f64): f64 {
  return interpolateFrom(<usize>tbl(job, c, 0), loss, tbl(job, c, 5), tbl(job, c, 2), f);
}

/** Log-log linear interpolation at f between checkpoints lo..count-1 (flops[lo] > 0); NaN outside. */
// @ts-ignore: decorator
@inline export function interpolateFrom(flops: usize, loss: usize, lo: i32, count: i32, f: f64): f64 {
  if (lo >= count - 1 || f < ldF(flops, lo) || f > ldF(flops, count - 1)) return NaN;
  let a = lo, b = count - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (ldF(flops, m) <= f) a = m;
    else b = m;
  }
  const t = (Math.log(f) - Math.log(ldF(flops, a))) / (Math.log(ldF(flops, b)) - Math.log(ldF(flops, a)));
  return Math.exp(Math.log(ldF(loss, a)) * (1 - t) + Math.log(ldF(loss, b)) * t);
}

/**
 * A curve's value at flops f by log-log linear interpolation between its checkpoints (flops
 * increasing, n of them at `flops` and `loss`; entries with flops <= 0 are skipped): the
 * interpolation the front uses, for hosts that draw IsoFLOP slices. NaN outside the positive range.
 */
export function interpolateLogLog(flops: usize, loss: usize, n: i32, f: f64): f64 {
  let lo = 0;
  while (lo < n && !(ldF(flops, lo) > 0)) lo++;
  return interpolateFrom(flops, loss, lo, n, f);
}
