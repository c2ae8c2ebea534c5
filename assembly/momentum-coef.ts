// The optimizer's coefficients (docs/model.md §10) as power laws in (1 + t): a table of
// OPT_TABLE_LEN f64, for k = OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA the triple
// [value, scale, power] at 3k, the coefficient at step t being value (1 + t/scale)^(-power)
// (power 0: constant).
import { OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_DELTA } from "./abi";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** Coefficient k of the table at step t: value (1 + t/scale)^(-power). */
export function optCoef(table: usize, k: i32, t: f64): f64 {
  const v = load<f64>(at(table, 3 * k)), scale = load<f64>(at(table, 3 * k + 1)), p = load<f64>(at(table, 3 * k + 2));
  if (p == 0 || v == 0) return v;
  return v * Math.pow(1.0 + t / scale, -p);
}

/** Whether a table is valid: values finite and >= 0, scales > 0, powers finite and >= 0, Delta(t) <= 1. */
export function optValid(table: usize): bool {
  for (let k = 0; k < 4; k++) {
    const v = load<f64>(at(table, 3 * k)), scale = load<f64>(at(table, 3 * k + 1)), p = load<f64>(at(table, 3 * k + 2));
    if (!(v >= 0 && v < Infinity) || !(scale > 0 && scale < Infinity) || !(p >= 0 && p < Infinity)) return false;
  }
  return load<f64>(at(table, 3 * OPT_DELTA)) <= 1.0;
}

// The four coefficients at one step, as module registers (set by optAt).
export let cG1 = 0.0, cG2 = 0.0, cG3 = 0.0, cDelta = 0.0;

/** Set (cG1, cG2, cG3, cDelta) to the table's coefficients at step t. */
export function optAt(table: usize, t: f64): void {
  cG1 = optCoef(table, OPT_GAMMA1, t);
  cG2 = optCoef(table, OPT_GAMMA2, t);
  cG3 = optCoef(table, OPT_GAMMA3, t);
  cDelta = optCoef(table, OPT_DELTA, t);
}
