// The PLRF fit's data stage (docs/model.md §9): users' rows -> curve groups (one per (d, batch)), the
// points (d, batch, step) with the log of the loss averaged over runs, and the runs themselves.

import { PlrfError } from '../../core/errors.js';
import { finite, integer } from '../../core/validate.js';
import { horizon, type CurveGroup } from './curveTable.js';

/** Largest d in the data (the deterministic curves cost O(v · contour) per (alpha, beta)). */
const MAX_DATA_D = 10000;

/** One run: a (d, batch, seed) curve; its loss at each point it has (by point index). */
export interface PlrfRun {
  group: number;
  seed: string;
  loss: Map<number, number>;
}

/** The data of a PLRF fit, as the stages below use them (validated once, in {@link preparePlrfData}). */
export interface PlrfData {
  groups: CurveGroup[];
  /** Averaged points: group of each point. */
  pg: Int32Array;
  step: Float64Array;
  /** Log of the mean loss over the runs at the point. */
  y: Float64Array;
  nRuns: Int32Array;
  /** Runs: group, and per point the run's loss. */
  runs: PlrfRun[];
}

/**
 * Validate the rows and group them: groups keyed by (d, batch), with their curves' horizon at the
 * largest alpha searched (`alphaHi`); points keyed by (group, step); runs keyed by (group, seed).
 */
export function preparePlrfData(rows: unknown, alphaHi: number): PlrfData {
  if (!Array.isArray(rows) || rows.length === 0)
    throw new PlrfError('INVALID_ARGUMENT', 'rows must be a non-empty array of {d, step, loss[, batch, seed]}', 'rows');
  const groupIdx = new Map<string, number>();
  const groups: CurveGroup[] = [];
  const pointIdx = new Map<string, number>();
  const pts: { g: number; step: number; sum: number; n: number }[] = [];
  const runIdx = new Map<string, number>();
  const runs: PlrfRun[] = [];
  const seenKey = new Set<string>();
  rows.forEach((row: Record<string, unknown>, i: number) => {
    if (row === null || typeof row !== 'object') throw new PlrfError('INVALID_ARGUMENT', `rows[${i}] must be an object`, 'rows');
    const d = integer(`rows[${i}].d`, row.d, 1, MAX_DATA_D);
    const step = finite(`rows[${i}].step`, row.step, { ge: 0 });
    const loss = finite(`rows[${i}].loss`, row.loss, { gt: 0 });
    const batch = integer(`rows[${i}].batch`, row.batch ?? 1, 1, 65536);
    const seed = row.seed === undefined ? '' : String(row.seed);
    const key = `${d}|${batch}|${seed}|${step}`;
    if (seenKey.has(key))
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `rows[${i}] repeats d = ${d}, batch = ${batch}, seed = '${seed}', step = ${step}; give repeated runs distinct seeds`,
        'rows',
      );
    seenKey.add(key);
    const gk = `${d}|${batch}`;
    let g = groupIdx.get(gk);
    if (g === undefined) {
      g = groups.length;
      groupIdx.set(gk, g);
      groups.push({ d, batch, rMax: horizon(alphaHi, d, batch) });
    }
    const pk = `${g}|${step}`;
    let p = pointIdx.get(pk);
    if (p === undefined) {
      p = pts.length;
      pointIdx.set(pk, p);
      pts.push({ g, step, sum: 0, n: 0 });
    }
    pts[p].sum += loss;
    pts[p].n += 1;
    const rk = `${gk}|${seed}`;
    let rIdx = runIdx.get(rk);
    if (rIdx === undefined) {
      rIdx = runs.length;
      runIdx.set(rk, rIdx);
      runs.push({ group: g, seed, loss: new Map() });
    }
    runs[rIdx].loss.set(p, loss);
  });
  const n = pts.length;
  const data: PlrfData = {
    groups,
    runs,
    pg: Int32Array.from(pts, (p) => p.g),
    step: Float64Array.from(pts, (p) => p.step),
    y: Float64Array.from(pts, (p) => Math.log(p.sum / p.n)),
    nRuns: Int32Array.from(pts, (p) => p.n),
  };
  if (n < 5) throw new PlrfError('INVALID_ARGUMENT', `fitPlrf needs at least 5 distinct (d, step) points (4 parameters); got ${n}`, 'rows');
  return data;
}
