// The PLRF fit's budget stage (docs/model.md §9): for a flop budget f = step · d · batch in your units,
// the model size d* minimising the predicted loss s_L P(s_r f / (d B); d), with delta-method intervals.

import { throwIfAborted, type Ticker } from '../../core/async.js';
import { buildTable, evalTable, horizon, type CurveTable } from './curveTable.js';
import { drawInterval } from '../estimate.js';
import type { PlrfData } from './data.js';

/** The compute-optimal recommendation of {@link fitPlrf} for a flop budget. */
export interface PlrfBudget {
  /** The budget in your units: step · d · batch. */
  flops: number;
  /** Recommended model size d* (continuous; the vertex of a parabola in log d). */
  d: number;
  /** Steps (your units) at d*: flops / (d* · batch). */
  steps: number;
  /** Predicted loss at d* (your units). */
  loss: number;
  /** Confidence interval of the predicted loss. */
  ci: [number, number];
  /** Confidence interval of d*. */
  dCI: [number, number];
  batch: number;
  /** False when d* lies at the edge of the searched range [2, maxD]. */
  interior: boolean;
}

/** What the budget stage needs: the budget, its batch, the search's upper end and the fit's draws. */
export interface BudgetInput {
  flops: number;
  batch: number;
  maxD: number;
  level: number;
  /** theta = (alpha, beta, sigma, lambda) at the estimate. */
  theta: number[];
  /** Bootstrap draws of theta, one array per coordinate. */
  draws: number[][];
  signal?: AbortSignal;
}

/**
 * d* on a factor-sqrt(2) grid of d in [2, maxD], walked downhill from the largest d in the data,
 * refined by a parabola in log d through the three grid points around the minimum. Intervals: the
 * gradients of (log d*, log loss*) in theta by central differences (h = 0.01 in alpha, beta and sigma;
 * lambda shifts the loss only), applied to every bootstrap draw.
 */
export async function planBudget(data: PlrfData, o: BudgetInput, ticker: Ticker): Promise<PlrfBudget> {
  const { flops: budget, batch, maxD } = o;
  const tables = new Map<string, CurveTable>();
  const table = async (alpha: number, beta: number, d: number) => {
    const key = `${alpha}|${beta}|${d}`;
    let t = tables.get(key);
    if (!t) {
      throwIfAborted(o.signal);
      t = await buildTable(alpha, beta, { d, batch, rMax: horizon(Math.max(alpha, 1), d, batch) }, o.signal);
      tables.set(key, t);
    }
    return t;
  };
  // log loss (your units) at model size d for parameters theta
  const logLoss = async (th: number[], d: number) =>
    th[3] + evalTable(await table(th[0], th[1], d), (Math.exp(th[2]) * budget) / (d * batch));
  const theta = o.theta;
  // Walk a factor-sqrt(2) grid downhill from the largest data d.
  const gridD = (k: number) => Math.max(2, Math.min(maxD, Math.round(2 ** (k / 2))));
  const kMin = 2,
    kMax = Math.floor(2 * Math.log2(maxD));
  const dStart = Math.max(...data.groups.map((g) => g.d));
  let k = Math.min(kMax, Math.max(kMin, Math.round(2 * Math.log2(dStart))));
  const at = new Map<number, number>();
  const f = async (kk: number) => {
    if (!at.has(kk)) at.set(kk, await logLoss(theta, gridD(kk)));
    return at.get(kk)!;
  };
  for (let guard = 0; guard < 64; guard++) {
    await ticker.tick(0.9);
    const here = await f(k);
    if (k < kMax && (await f(k + 1)) < here) {
      k++;
      continue;
    }
    if (k > kMin && (await f(k - 1)) < here) {
      k--;
      continue;
    }
    break;
  }
  const interior = k > kMin && k < kMax;
  // Parabola in log d through the three grid points around the minimum.
  const vertex = async (th: number[], kk: number, sameTheta: boolean) => {
    const ks = [kk - 1, kk, kk + 1].map((x) => Math.min(kMax, Math.max(kMin, x)));
    if (ks[0] === ks[1] || ks[1] === ks[2]) {
      const d = gridD(kk);
      return { logD: Math.log(d), logL: sameTheta ? await f(kk) : await logLoss(th, d) };
    }
    const xs = ks.map((x) => Math.log(gridD(x)));
    const ys = sameTheta
      ? await Promise.all(ks.map(f))
      : [await logLoss(th, gridD(ks[0])), await logLoss(th, gridD(ks[1])), await logLoss(th, gridD(ks[2]))];
    const [x0, x1, x2] = xs,
      [y0, y1, y2] = ys;
    const den = (x0 - x1) * (x0 - x2) * (x1 - x2);
    const A = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den;
    const B = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
    if (!(A > 0)) return { logD: x1, logL: y1 };
    const xv = Math.min(x2, Math.max(x0, -B / (2 * A)));
    const C = y0 - A * x0 * x0 - B * x0;
    return { logD: xv, logL: A * xv * xv + B * xv + C };
  };
  const v0 = await vertex(theta, k, true);
  // Delta method: gradients of (log d*, log loss*) in theta by central differences (h = 0.01 in
  // alpha, beta and sigma; lambda shifts the loss only).
  const grads: number[][] = [[], []];
  for (let j = 0; j < 3; j++) {
    const h = 0.01;
    const up = theta.slice(),
      dn = theta.slice();
    up[j] += h;
    dn[j] -= h;
    const vu = await vertex(up, k, false),
      vd = await vertex(dn, k, false);
    grads[0].push((vu.logD - vd.logD) / (2 * h));
    grads[1].push((vu.logL - vd.logL) / (2 * h));
  }
  grads[0].push(0);
  grads[1].push(1);
  const dDraws: number[] = [],
    lDraws: number[] = [];
  for (let t = 0; t < o.draws[0].length; t++) {
    let a = v0.logD,
      b = v0.logL;
    for (let j = 0; j < 4; j++) {
      a += grads[0][j] * (o.draws[j][t] - theta[j]);
      b += grads[1][j] * (o.draws[j][t] - theta[j]);
    }
    dDraws.push(Math.exp(a));
    lDraws.push(Math.exp(b));
  }
  const dStar = Math.exp(v0.logD),
    loss = Math.exp(v0.logL);
  const iv = (xs: number[], x: number) => drawInterval(xs, x, o.level);
  return { flops: budget, d: dStar, steps: budget / (dStar * batch), loss, ci: iv(lDraws, loss), dCI: iv(dDraws, dStar), batch, interior };
}

/** Warnings about a plan: d* at the edge of [2, maxD], or extrapolating beyond the data's d or steps (sigma = log s_r). */
export function budgetWarnings(data: PlrfData, plan: PlrfBudget, maxD: number, sigma: number): string[] {
  const warnings: string[] = [];
  if (!plan.interior)
    warnings.push(
      `d* is at the edge of the searched range [2, ${maxD}]: the budget lies outside what plrf can plan here (raise maxD or lower the budget)`,
    );
  const dMaxData = Math.max(...data.groups.map((g) => g.d));
  if (plan.d > 2 * dMaxData) warnings.push(`d* = ${plan.d.toFixed(0)} extrapolates beyond the largest d in the data (${dMaxData})`);
  const maxStep = Math.max(...Array.from(data.step).filter((s) => s > 0));
  const rStar = Math.exp(sigma) * plan.steps;
  const rData = Math.exp(sigma) * maxStep;
  if (rStar > 10 * rData)
    warnings.push(`the budget's steps (${plan.steps.toPrecision(3)} of yours) extrapolate beyond the longest run in the data (${maxStep})`);
  return warnings;
}
