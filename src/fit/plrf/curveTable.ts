// The deterministic-equivalent loss curves P(r; d) that the PLRF fit matches to users' runs
// (docs/model.md §9), tabulated once per (alpha, beta, d, batch) and interpolated in log r.

import { throwIfAborted } from '../../core/async.js';
import { PlrfError } from '../../core/errors.js';
import { defaultGamma } from '../../model/conventions.js';
import { lossCurve } from '../../theory/curve.js';
import type { ContourOptions } from '../../theory/measure.js';

/**
 * A coarser contour than the default (panels 0.6 wide in log x, 32 cap nodes): about 2.5x faster, curves within ~1e-7 relative of
 * the converged one; the default is used if its self-check fails.
 */
const FAST_CONTOUR: ContourOptions = { panelWidth: 0.6, nodesPerPanel: 16, capNodes: 32 };
const KNOTS_PER_DECADE = 24;
const R_CAP = 1e15;

/** One curve of the family: model size d, batch size B (summed gradient) and the last tabulated step. */
export interface CurveGroup {
  d: number;
  batch: number;
  rMax: number;
}

/** log P(r) of one deterministic curve, interpolated (cubic Hermite in log r for r >= 1, linear in r below). */
export interface CurveTable {
  x: Float64Array; // log r at the knots (r >= 1)
  y: Float64Array; // log P
  s: Float64Array; // slopes dy/dx
  p0: number;
  p1: number;
  rMax: number;
}

/** log P(r) from a table; r in model steps (r >= 0), constant beyond the last knot. */
export function evalTable(t: CurveTable, r: number): number {
  if (!(r > 0)) return Math.log(t.p0);
  if (r < 1) return Math.log(t.p0 + (t.p1 - t.p0) * r);
  const x = Math.log(r);
  const { x: xs, y, s } = t;
  const last = xs.length - 1;
  if (x >= xs[last]) return y[last];
  let lo = 0,
    hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const h = xs[hi] - xs[lo];
  const u = (x - xs[lo]) / h;
  const u2 = u * u,
    u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * y[lo] + (u3 - 2 * u2 + u) * h * s[lo] + (-2 * u3 + 3 * u2) * y[hi] + (u3 - u2) * h * s[hi];
}

/** Knots r = 1 .. rMax, about 24 per decade (integers, distinct). */
function knots(rMax: number): number[] {
  const out: number[] = [];
  const n = Math.ceil(Math.log10(rMax) * KNOTS_PER_DECADE);
  let prev = 0;
  for (let j = 0; j <= n; j++) {
    const r = Math.min(rMax, Math.round(10 ** (j / KNOTS_PER_DECADE)));
    if (r > prev) {
      out.push(r);
      prev = r;
    }
  }
  return out;
}

/**
 * Horizon of the curves: 50 relaxation times of the slowest mode, r ~ (4d)^(2 alpha) / (2 gamma B) (the
 * lower edge of the spectrum at v = 4d is of order v^(-2 alpha)), capped at 1e15.
 */
export function horizon(alpha: number, d: number, batch: number): number {
  const gamma = defaultGamma({ alpha, v: 4 * d, batch });
  const r = (50 * (4 * d) ** (2 * alpha)) / (2 * gamma * batch);
  return Math.round(Math.max(1e4, Math.min(R_CAP, r)));
}

/** The deterministic-equivalent curve of one group at (alpha, beta), v = 4d, default learning rate, tabulated. */
export async function buildTable(alpha: number, beta: number, g: CurveGroup, signal?: AbortSignal): Promise<CurveTable> {
  const at = knots(g.rMax);
  const base = {
    method: 'deterministic' as const,
    alpha,
    beta,
    d: g.d,
    batch: g.batch,
    at,
    unitSteps: 64,
    blockFraction: 1 / 64,
    blockOrder: 2 as const,
    signal,
  };
  let c;
  try {
    c = await lossCurve({ ...base, contour: FAST_CONTOUR });
  } catch (e) {
    if (!(e instanceof PlrfError) || e.code !== 'NOT_CONVERGED') throw e;
    c = await lossCurve(base);
  }
  // c.steps = [0, ...at]
  const m = at.length;
  const x = new Float64Array(m),
    y = new Float64Array(m),
    s = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    x[k] = Math.log(at[k]);
    y[k] = Math.log(c.loss[k + 1]);
  }
  for (let k = 0; k < m; k++) {
    if (m === 1) {
      s[k] = 0;
      continue;
    }
    const left = k > 0 ? (y[k] - y[k - 1]) / (x[k] - x[k - 1]) : NaN;
    const right = k < m - 1 ? (y[k + 1] - y[k]) / (x[k + 1] - x[k]) : NaN;
    s[k] = k === 0 ? right : k === m - 1 ? left : 0.5 * (left + right);
  }
  return { x, y, s, p0: c.loss[0], p1: c.loss[1], rMax: g.rMax };
}

/** The tables of a family of groups, computed once per (alpha, beta, group) and cached. */
export class CurveFamily {
  private readonly cache = new Map<string, CurveTable>();
  constructor(
    private readonly groups: CurveGroup[],
    private readonly signal?: AbortSignal,
  ) {}

  /** One table per group, in the groups' order. */
  async tablesAt(alpha: number, beta: number): Promise<CurveTable[]> {
    const out: CurveTable[] = [];
    for (const g of this.groups) {
      const key = `${alpha}|${beta}|${g.d}|${g.batch}|${g.rMax}`;
      let t = this.cache.get(key);
      if (!t) {
        throwIfAborted(this.signal);
        t = await buildTable(alpha, beta, g, this.signal);
        this.cache.set(key, t);
      }
      out.push(t);
    }
    return out;
  }
}
