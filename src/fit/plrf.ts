// Fitting the PLRF model to users' loss curves (docs/model.md §9): (alpha, beta) and the scale constants
// that map the user's steps and loss units onto the deterministic-equivalent curves P(r; d).

import { Ticker, throwIfAborted, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { finite, integer, knownKeys } from '../core/validate.js';
import { init } from '../core/wasm.js';
import { defaultGamma } from '../model/conventions.js';
import { classifyPhase, phaseExponents, type Phase, type PhaseInfo } from '../model/phases.js';
import { lossCurve } from '../theory/curve.js';
import type { ContourOptions } from '../theory/measure.js';
import { goldenSection, indexGenerator, nelderMead, percentileInterval, quantile, solveSmall } from './optimize.js';
import type { ParamEstimate } from './scalingLaw.js';

/** A row of {@link fitPlrf}: loss after `step` steps (your units) of a run at model size d. */
export interface PlrfPoint {
  /** PLRF model size, integer in [1, 10000]. */
  d: number;
  /** Steps in your units (>= 0); the fit learns the scale s_r with r = s_r · step. */
  step: number;
  /** Loss in your units (> 0); the fit learns the scale s_L with loss = s_L · P. */
  loss: number;
  /** Batch size (integer >= 1, default 1): the curve P(r; d) is the model's at this B. */
  batch?: number;
  /** Run label: rows with the same (d, batch, seed) form one run (one curve); default ''. */
  seed?: string | number;
}

/** Options of {@link fitPlrf}. */
export interface PlrfFitOptions extends LongRunOptions {
  /** A flop budget in your units, f = step · d · batch; the result then recommends d* and predicts the loss. */
  budget?: number;
  /** Batch size for the budget; default the data's (which must then be unique). */
  budgetBatch?: number;
  /** Bootstrap resamples over runs (linearised, cheap); default 1000. */
  bootstrap?: number;
  /** Confidence level; default 0.95. */
  level?: number;
  /** Seed of the resampling; default 0. */
  seed?: number;
  /** Search box for alpha; default [0.2, 2.2] (above about 2.2 the default learning rate trips the curves' stability check at d ~ 100). */
  alphaRange?: [number, number];
  /** Search box for beta; default [-0.3, 2.5] (alpha + beta > 1/2 is always enforced). */
  betaRange?: [number, number];
  /** Largest d the budget search may recommend; default 8192 (deterministic curves at v = 4d). */
  maxD?: number;
}

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

/** Result of {@link fitPlrf}. */
export interface PlrfFit {
  form: 'plrf';
  /** alpha, beta; stepScale s_r (model steps per step of yours) and lossScale s_L (your loss per unit of P). */
  params: { alpha: ParamEstimate; beta: ParamEstimate; stepScale: ParamEstimate; lossScale: ParamEstimate };
  /** classifyPhase at the estimate. */
  phase: PhaseInfo;
  /** xi and eta of the phase, with intervals from the bootstrap draws of (alpha, beta). */
  exponents: { xi: ParamEstimate | null; eta: ParamEstimate | null };
  /** Share of bootstrap draws whose (alpha, beta) falls in the estimate's phase. */
  phaseSupport: number;
  budget: PlrfBudget | null;
  level: number;
  /** Sum of squared log residuals at the estimate, their root mean square, and the number of averaged points. */
  objective: number;
  rmsLogResidual: number;
  points: { d: number; batch: number; step: number; loss: number; runs: number; fitted: number }[];
  /** Fitted curves (your units) over each (d, batch)'s step range, for plots. */
  curves: { d: number; batch: number; step: number[]; loss: number[] }[];
  runs: number;
  ciMethod: string;
  /** Number of (alpha, beta) points at which the curve family was computed. */
  evaluations: number;
  bootstrap: { resamples: number; draws: { alpha: number[]; beta: number[]; stepScale: number[]; lossScale: number[] } };
  warnings: string[];
}

const KEYS = ['budget', 'budgetBatch', 'bootstrap', 'level', 'seed', 'alphaRange', 'betaRange', 'maxD', 'signal', 'onProgress'] as const;
/** Largest d in the data (the deterministic curves cost O(v · contour) per (alpha, beta)). */
const MAX_DATA_D = 10000;
/**
 * A coarser contour than the default (panels 0.6 wide in log x, 32 cap nodes): about 2.5x faster, curves within ~1e-7 relative of
 * the converged one; the default is used if its self-check fails.
 */
const FAST_CONTOUR: ContourOptions = { panelWidth: 0.6, nodesPerPanel: 16, capNodes: 32 };
const KNOTS_PER_DECADE = 24;
const R_CAP = 1e15;

/** log P(r) of one deterministic curve, interpolated (cubic Hermite in log r for r >= 1, linear in r below). */
interface Table {
  x: Float64Array; // log r at the knots (r >= 1)
  y: Float64Array; // log P
  s: Float64Array; // slopes dy/dx
  p0: number;
  p1: number;
  rMax: number;
}

function evalTable(t: Table, r: number): number {
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

interface Group {
  d: number;
  batch: number;
  rMax: number;
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
function horizon(alpha: number, d: number, batch: number): number {
  const gamma = defaultGamma({ alpha, v: 4 * d, batch });
  const r = (50 * (4 * d) ** (2 * alpha)) / (2 * gamma * batch);
  return Math.round(Math.max(1e4, Math.min(R_CAP, r)));
}

async function buildTable(alpha: number, beta: number, g: Group, signal?: AbortSignal): Promise<Table> {
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
    blockTolerance: 0, // fixed blocks of r/64 after 64 unit steps (no error control)
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

interface Data {
  groups: Group[];
  /** Averaged points. */
  pg: Int32Array; // group of each point
  step: Float64Array;
  y: Float64Array; // log of the mean loss over the runs at the point
  nRuns: Int32Array;
  /** Runs: group, and per point the run's loss (NaN when absent). */
  runs: { group: number; seed: string; loss: Map<number, number> }[];
}

function prepare(rows: unknown, alphaHi: number): Data {
  if (!Array.isArray(rows) || rows.length === 0)
    throw new PlrfError('INVALID_ARGUMENT', 'rows must be a non-empty array of {d, step, loss[, batch, seed]}', 'rows');
  const groupIdx = new Map<string, number>();
  const groups: Group[] = [];
  const pointIdx = new Map<string, number>();
  const pts: { g: number; step: number; sum: number; n: number }[] = [];
  const runIdx = new Map<string, number>();
  const runs: Data['runs'] = [];
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
  const data: Data = {
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

/** Log of the model at every point for given tables and step scale sigma = log s_r (without the loss scale). */
function modelLog(data: Data, tables: Table[], sigma: number, out: Float64Array): Float64Array {
  const e = Math.exp(sigma);
  for (let i = 0; i < out.length; i++) out[i] = evalTable(tables[data.pg[i]], e * data.step[i]);
  return out;
}

/** For fixed tables: the best sigma (grid of 0.1, then golden section) with the loss scale profiled out. */
function bestSigma(data: Data, tables: Table[], range: [number, number]): { value: number; sigma: number; lambda: number } {
  const n = data.y.length;
  const buf = new Float64Array(n);
  const S = (sigma: number) => {
    modelLog(data, tables, sigma, buf);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data.y[i] - buf[i];
    mean /= n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = data.y[i] - buf[i] - mean;
      s += r * r;
    }
    return s;
  };
  const [lo, hi] = range;
  const steps = Math.max(2, Math.ceil((hi - lo) / 0.1));
  let best = lo,
    bestV = Infinity;
  for (let j = 0; j <= steps; j++) {
    const sg = lo + ((hi - lo) * j) / steps;
    const v = S(sg);
    if (v < bestV) {
      bestV = v;
      best = sg;
    }
  }
  const h = (hi - lo) / steps;
  const g = goldenSection(S, Math.max(lo, best - h), Math.min(hi, best + h), 1e-7);
  const sigma = g.value < bestV ? g.x : best;
  modelLog(data, tables, sigma, buf);
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda += data.y[i] - buf[i];
  lambda /= n;
  return { value: Math.min(g.value, bestV), sigma, lambda };
}

/**
 * Fit the PLRF model to a family of loss curves (docs/model.md §9). Each (d, batch) gets the
 * deterministic-equivalent expected loss P(r; d) of one-pass SGD at v = 4d and the default learning
 * rate (loss without 1/2, summed batch gradient); the user's steps and loss units are mapped by two
 * scale constants: log(loss) = log s_L + log P(s_r · step; d, alpha, beta). The objective is the sum
 * of squared log residuals over the (d, batch, step) points (losses averaged over runs first); s_L
 * is profiled in closed form, s_r by a 1-D search, (alpha, beta) by a coarse grid over the
 * admissible region (alpha > 0, alpha + beta > 1/2) followed by Nelder-Mead. Uncertainty: a
 * linearised bootstrap over runs (a run is one (d, batch, seed) curve; runs are resampled within each
 * (d, batch) when every one has at least two, otherwise whole runs across the family; each resample
 * is refitted by one Gauss-Newton step from the full-data estimate, exact for small intervals).
 * Reports the phase, xi and eta (with intervals through the draws of alpha, beta) and, for a flop
 * budget f = step·d·batch in your units, the d* minimising the predicted loss (a parabola in log d
 * around the best of a factor-sqrt(2) grid) with delta-method intervals over the same draws.
 * Cost: tens of (alpha, beta) evaluations, each one deterministic curve per (d, batch), ~0.1 s at
 * d <= 1000; expect seconds to tens of seconds.
 *
 * @example
 * const fit = await fitPlrf(rows, { budget: 1e9 }); // rows: { d, step, loss, seed? }[]
 * fit.params.alpha; fit.phase.phase; fit.budget?.d;
 */
export async function fitPlrf(rows: PlrfPoint[], options: PlrfFitOptions = {}): Promise<PlrfFit> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'fitPlrf expects an options object', 'options');
  knownKeys('fitPlrf', options, KEYS);
  const budget = options.budget === undefined ? undefined : finite('budget', options.budget, { gt: 0 });
  const resamples = integer('bootstrap', options.bootstrap ?? 1000, 0, 1_000_000);
  const level = finite('level', options.level ?? 0.95, { gt: 0, lt: 1 });
  const seed = integer('seed', options.seed ?? 0, 0);
  const maxD = integer('maxD', options.maxD ?? 8192, 4, 20000);
  const box = (name: string, v: unknown, def: [number, number], min: number): [number, number] => {
    const r = v ?? def;
    if (!Array.isArray(r) || r.length !== 2) throw new PlrfError('INVALID_ARGUMENT', `${name} must be [min, max]`, name);
    return [finite(`${name}[0]`, r[0], { ge: min }), finite(`${name}[1]`, r[1], { gt: r[0], le: 5 })];
  };
  const aBox = box('alphaRange', options.alphaRange, [0.2, 2.2], 0.05);
  const bBox = box('betaRange', options.betaRange, [-0.3, 2.5], -2);
  await init();
  const data = prepare(rows, aBox[1]);
  const ticker = new Ticker(options);
  const signal = options.signal;
  const warnings: string[] = [];
  const { groups } = data;
  const n = data.y.length;
  const ds = [...new Set(groups.map((g) => g.d))];
  if (ds.length < 2)
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `fitPlrf needs curves at two or more model sizes d to separate alpha from beta; got d = ${ds[0]} only`,
      'rows',
    );
  if (ds.length < 3) warnings.push(`only ${ds.length} model sizes: alpha and beta are weakly identified (use 3 or more d's)`);
  let budgetBatch: number | undefined;
  if (budget !== undefined) {
    const bs = [...new Set(groups.map((g) => g.batch))];
    if (options.budgetBatch !== undefined) budgetBatch = integer('budgetBatch', options.budgetBatch, 1, 65536);
    else if (bs.length === 1) budgetBatch = bs[0];
    else
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `the data use several batch sizes (${bs.join(', ')}): give budgetBatch (--budget-batch) for the budget`,
        'budgetBatch',
      );
  }

  // sigma range: the largest step maps to r >= 0.1, the smallest positive step to r <= the curves' horizon.
  const positive = Array.from(data.step).filter((s) => s > 0);
  if (positive.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'fitPlrf needs at least 3 points with step > 0', 'rows');
  const maxStep = Math.max(...positive),
    minStep = Math.min(...positive);
  const rMaxAll = Math.min(...groups.map((g) => g.rMax));
  const sigmaRange: [number, number] = [Math.log(0.1 / maxStep), Math.log(rMaxAll / minStep)];

  // Curve tables, cached per (alpha, beta, group).
  const cache = new Map<string, Table>();
  let evaluations = 0;
  const tablesAt = async (alpha: number, beta: number, gs: Group[] = groups): Promise<Table[]> => {
    const out: Table[] = [];
    for (const g of gs) {
      const key = `${alpha}|${beta}|${g.d}|${g.batch}|${g.rMax}`;
      let t = cache.get(key);
      if (!t) {
        throwIfAborted(signal);
        t = await buildTable(alpha, beta, g, signal);
        cache.set(key, t);
      }
      out.push(t);
    }
    return out;
  };
  const admissible = (a: number, b: number) => a >= aBox[0] && a <= aBox[1] && b >= bBox[0] && b <= bBox[1] && a + b > 0.52;
  let failures = 0;
  const evaluate = async (a: number, b: number): Promise<{ value: number; sigma: number; lambda: number }> => {
    if (!admissible(a, b)) return { value: Infinity, sigma: NaN, lambda: NaN };
    evaluations++;
    try {
      return bestSigma(data, await tablesAt(a, b), sigmaRange);
    } catch (e) {
      if (e instanceof PlrfError && (e.code === 'ABORTED' || e.code === 'INVALID_ARGUMENT')) throw e;
      failures++;
      return { value: Infinity, sigma: NaN, lambda: NaN };
    }
  };

  // Coarse grid over the admissible box.
  const gridA = [0.3, 0.5, 0.75, 1.0, 1.35, 1.8].filter((a) => a >= aBox[0] && a <= aBox[1]);
  const gridB = [-0.2, 0.15, 0.5, 0.85, 1.2, 1.6, 2.1].filter((b) => b >= bBox[0] && b <= bBox[1]);
  if (gridA.length < 2) gridA.splice(0, gridA.length, aBox[0] + 0.25 * (aBox[1] - aBox[0]), aBox[0] + 0.75 * (aBox[1] - aBox[0]));
  if (gridB.length < 2) gridB.splice(0, gridB.length, bBox[0] + 0.25 * (bBox[1] - bBox[0]), bBox[0] + 0.75 * (bBox[1] - bBox[0]));
  const cells = gridA.flatMap((a) => gridB.map((b) => [a, b] as [number, number])).filter(([a, b]) => admissible(a, b));
  const scored: { a: number; b: number; value: number }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const [a, b] = cells[i];
    const r = await evaluate(a, b);
    scored.push({ a, b, value: r.value });
    await ticker.tick((0.6 * (i + 1)) / cells.length);
  }
  scored.sort((x, y) => x.value - y.value);
  if (!Number.isFinite(scored[0]?.value))
    throw new PlrfError('NOT_CONVERGED', 'fitPlrf could not evaluate the PLRF curves anywhere on its (alpha, beta) grid');

  // Nelder-Mead from the best grid point (the simplex spans about one grid cell).
  const values = new Map<string, { value: number; sigma: number; lambda: number }>();
  let nmEvals = 0;
  const nm = await nelderMead(
    async ([a, b]) => {
      const r = await evaluate(a, b);
      values.set(`${a}|${b}`, r);
      nmEvals++;
      await ticker.tick(Math.min(0.85, 0.6 + 0.004 * nmEvals));
      return r.value;
    },
    [scored[0].a, scored[0].b],
    { step: [0.15, 0.2], xTol: 5e-3, fTol: 1e-4, maxEvaluations: 80 },
  );
  // Residuals and the Jacobian of the model (log loss) in theta = (alpha, beta, sigma, lambda):
  // central differences, h = 0.01 in alpha and beta (curves at alpha +- h), 1e-4 in sigma.
  const linearise = async (th: number[]) => {
    const [a, b, sg, lm] = th;
    const fitted = modelLog(data, await tablesAt(a, b), sg, new Float64Array(n));
    const resid = new Float64Array(n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      fitted[i] += lm;
      resid[i] = data.y[i] - fitted[i];
      ss += resid[i] * resid[i];
    }
    const h = 0.01;
    const J = new Float64Array(n * 4);
    const col = async (j: number, plus: [number, number], minus: [number, number]) => {
      const up = modelLog(data, await tablesAt(plus[0], plus[1]), sg, new Float64Array(n));
      const dn = modelLog(data, await tablesAt(minus[0], minus[1]), sg, new Float64Array(n));
      for (let i = 0; i < n; i++) J[i * 4 + j] = (up[i] - dn[i]) / (2 * h);
    };
    await col(0, [a + h, b], [a - h, b]);
    await col(1, [a, b + h], [a, b - h]);
    const t = await tablesAt(a, b);
    const hs = 1e-4;
    const up = modelLog(data, t, sg + hs, new Float64Array(n)),
      dn = modelLog(data, t, sg - hs, new Float64Array(n));
    for (let i = 0; i < n; i++) {
      J[i * 4 + 2] = (up[i] - dn[i]) / (2 * hs);
      J[i * 4 + 3] = 1;
    }
    return { fitted, resid, ss, J };
  };
  /** Gauss-Newton step (J^T J)^-1 J^T e for residuals e (points with weight 0 left out). */
  const gnStep = (J: Float64Array, e: (i: number) => number | null): number[] | null => {
    const G = new Array(16).fill(0),
      rhs = new Array(4).fill(0);
    for (let i = 0; i < n; i++) {
      const ei = e(i);
      if (ei === null) continue;
      for (let a = 0; a < 4; a++) {
        rhs[a] += J[i * 4 + a] * ei;
        for (let c = 0; c < 4; c++) G[a * 4 + c] += J[i * 4 + a] * J[i * 4 + c];
      }
    }
    return solveSmall(G, rhs, 4);
  };
  // Polish the simplex's answer (tolerance 2e-3) by up to two Gauss-Newton steps, each kept only if
  // the exact objective falls, so that the bootstrap linearises about the least-squares optimum.
  const nmBest = values.get(`${nm.x[0]}|${nm.x[1]}`) ?? (await evaluate(nm.x[0], nm.x[1]));
  let theta = [nm.x[0], nm.x[1], nmBest.sigma, nmBest.lambda];
  let lin = await linearise(theta);
  for (let it = 0; it < 2; it++) {
    const step = gnStep(lin.J, (i) => lin.resid[i]);
    if (!step) break;
    const cand = theta.map((x, j) => x + step[j]);
    if (!admissible(cand[0], cand[1]) || Math.max(Math.abs(step[0]), Math.abs(step[1])) > 0.05) break;
    const t = await tablesAt(cand[0], cand[1]);
    const m = modelLog(data, t, cand[2], new Float64Array(n));
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data.y[i] - cand[3] - m[i]) ** 2;
    if (!(ss < lin.ss)) break;
    theta = cand;
    lin = await linearise(theta);
  }
  const [alpha, beta, sigma, lambda] = theta;
  const { fitted, resid, ss, J } = lin;
  if (failures > 0) warnings.push(`the PLRF curves could not be computed at ${failures} (alpha, beta) points; the search went around them`);
  const edge = (x: number, [lo, hi]: [number, number]) => x - lo < 0.01 * (hi - lo) || hi - x < 0.01 * (hi - lo);
  if (edge(alpha, aBox)) warnings.push(`alpha = ${alpha.toFixed(3)} is at the edge of the search range [${aBox[0]}, ${aBox[1]}]`);
  if (edge(beta, bBox)) warnings.push(`beta = ${beta.toFixed(3)} is at the edge of the search range [${bBox[0]}, ${bBox[1]}]`);
  if (alpha + beta < 0.53) warnings.push('alpha + beta is at the admissible boundary 1/2');
  if (edge(sigma, sigmaRange))
    warnings.push('the step scale sits at the edge of its range: the data do not pin down where the curves are in time');
  const rms = Math.sqrt(ss / n);
  // Misfit against the run-to-run scatter: the standard error of log(mean loss) at each point with
  // two or more runs is about sd / (mean sqrt(runs)); the median of |residual| / se is 0.674 when the
  // residuals are pure noise (robust to points where every run agrees, such as step 0).
  {
    const z: number[] = [];
    const sums = new Float64Array(n),
      sq = new Float64Array(n);
    for (const run of data.runs)
      for (const [p, l] of run.loss) {
        sums[p] += l;
        sq[p] += l * l;
      }
    for (let i = 0; i < n; i++) {
      const k = data.nRuns[i];
      if (k < 2) continue;
      const mean = sums[i] / k;
      const sd = Math.sqrt(Math.max(0, (sq[i] - k * mean * mean) / (k - 1)));
      const se = sd / (mean * Math.sqrt(k));
      if (se > 1e-6) z.push(Math.abs(resid[i]) / se);
    }
    const m = z.length;
    const ratio = m > 0 ? quantile(z, 0.5) / 0.6745 : NaN;
    if (m > 0 && ratio > 3)
      warnings.push(
        `the PLRF curves miss these data by ${ratio.toFixed(1)} times the run-to-run standard error (median over points; rms log residual ${rms.toFixed(3)}): the model does not describe them well; read alpha and beta as descriptive`,
      );
    else if (m === 0 && rms > 0.1)
      warnings.push(
        `the PLRF curves fit these data loosely (rms log residual ${rms.toFixed(3)}; no repeated runs to tell noise from misfit)`,
      );
  }
  await ticker.tick(0.9);

  // Linearised bootstrap over runs.
  // Centre the draws on the estimate: subtract the full data's own Gauss-Newton step (about 0 after polishing).
  const centre = gnStep(J, (i) => resid[i]) ?? [0, 0, 0, 0];
  const perGroup = groups.map((_, g) => data.runs.map((r, k) => (r.group === g ? k : -1)).filter((k) => k >= 0));
  const stratified = perGroup.every((rs) => rs.length >= 2);
  if (!stratified) {
    warnings.push(
      data.runs.length === groups.length
        ? 'one run per model size: the bootstrap resamples whole curves across model sizes, so the intervals are rough (give several seeds per d for better ones)'
        : 'some model sizes have a single run: the bootstrap resamples runs across the whole family',
    );
  }
  const draws: number[][] = [[], [], [], []];
  const next = indexGenerator(seed, 0);
  const sum = new Float64Array(n),
    cnt = new Float64Array(n);
  const runLoss = data.runs.map((r) => r.loss);
  try {
    for (let b = 0; b < resamples; b++) {
      sum.fill(0);
      cnt.fill(0);
      const take = (k: number) => {
        for (const [p, l] of runLoss[k]) {
          sum[p] += l;
          cnt[p] += 1;
        }
      };
      if (stratified) for (const rs of perGroup) for (let t = 0; t < rs.length; t++) take(rs[next(rs.length)]);
      else for (let t = 0; t < data.runs.length; t++) take(next(data.runs.length));
      const step = gnStep(J, (i) => (cnt[i] === 0 ? null : Math.log(sum[i] / cnt[i]) - fitted[i]));
      if (!step) continue;
      const delta = step.map((x, j) => x - centre[j]);
      for (let a = 0; a < 4; a++) draws[a].push(theta[a] + delta[a]);
    }
  } finally {
    next.free();
  }
  if (resamples > 0 && draws[0].length < 0.95 * resamples)
    warnings.push(`${resamples - draws[0].length} of ${resamples} bootstrap resamples were singular and skipped`);
  const iv = (xs: number[], x: number): [number, number] => (xs.length >= 2 ? percentileInterval(xs, level) : [x, x]);
  const params = {
    alpha: { value: alpha, ci: iv(draws[0], alpha) },
    beta: { value: beta, ci: iv(draws[1], beta) },
    stepScale: { value: Math.exp(sigma), ci: iv(draws[2].map(Math.exp), Math.exp(sigma)) },
    lossScale: { value: Math.exp(lambda), ci: iv(draws[3].map(Math.exp), Math.exp(lambda)) },
  };
  const phase = classifyPhase(alpha, beta);
  const drawPhases: Phase[] = draws[0].map((a, t) =>
    a > 0 && Number.isFinite(draws[1][t]) ? classifyPhase(a, draws[1][t]).phase : 'none',
  );
  const phaseSupport = drawPhases.length ? drawPhases.filter((p) => p === phase.phase).length / drawPhases.length : 1;
  if (phaseSupport < 0.9 && resamples > 0) {
    const counts = new Map<Phase, number>();
    for (const p of drawPhases) counts.set(p, (counts.get(p) ?? 0) + 1);
    const shown = [...counts]
      .sort((x, y) => y[1] - x[1])
      .map(([p, c]) => `${p} ${((100 * c) / drawPhases.length).toFixed(0)}%`)
      .join(', ');
    warnings.push(`the phase is uncertain: bootstrap draws fall in ${shown}`);
  }
  const expo = (which: 'xi' | 'eta'): ParamEstimate | null => {
    const v = phase[which];
    if (v === null) return null;
    const xs: number[] = [];
    draws[0].forEach((a, t) => {
      const p = drawPhases[t];
      if (p === 'none') return;
      const e = phaseExponents(p, a, draws[1][t])[which];
      if (e !== null) xs.push(e);
    });
    return { value: v, ci: iv(xs, v) };
  };
  const exponents = { xi: expo('xi'), eta: expo('eta') };

  // Budget: d* minimising s_L P(s_r f/(d B); d).
  let budgetOut: PlrfBudget | null = null;
  if (budget !== undefined && budgetBatch !== undefined) {
    budgetOut = await planBudget({ alpha, beta, sigma, lambda, budget, batch: budgetBatch, maxD, draws, level, data, signal, ticker });
    if (!budgetOut.interior)
      warnings.push(
        `d* is at the edge of the searched range [2, ${maxD}]: the budget lies outside what plrf can plan here (raise maxD or lower the budget)`,
      );
    const dMaxData = Math.max(...ds);
    if (budgetOut.d > 2 * dMaxData)
      warnings.push(`d* = ${budgetOut.d.toFixed(0)} extrapolates beyond the largest d in the data (${dMaxData})`);
    const rStar = Math.exp(sigma) * budgetOut.steps;
    const rData = Math.exp(sigma) * maxStep;
    if (rStar > 10 * rData)
      warnings.push(
        `the budget's steps (${budgetOut.steps.toPrecision(3)} of yours) extrapolate beyond the longest run in the data (${maxStep})`,
      );
  }
  ticker.done();

  // Points and fitted curves for plots.
  const t0 = await tablesAt(alpha, beta);
  const points = Array.from({ length: n }, (_, i) => {
    const g = groups[data.pg[i]];
    return { d: g.d, batch: g.batch, step: data.step[i], loss: Math.exp(data.y[i]), runs: data.nRuns[i], fitted: Math.exp(fitted[i]) };
  });
  const curves = groups.map((g, gi) => {
    const st = Array.from(data.step).filter((_, i) => data.pg[i] === gi);
    const lo = Math.min(...st.filter((s) => s > 0)),
      hi = Math.max(...st);
    const steps = [0, ...Array.from({ length: 80 }, (_, j) => lo * (hi / lo) ** (j / 79))];
    return { d: g.d, batch: g.batch, step: steps, loss: steps.map((s) => Math.exp(lambda + evalTable(t0[gi], Math.exp(sigma) * s))) };
  });
  return {
    form: 'plrf',
    params,
    phase,
    exponents,
    phaseSupport,
    budget: budgetOut,
    level,
    objective: ss,
    rmsLogResidual: rms,
    points,
    curves,
    runs: data.runs.length,
    ciMethod:
      resamples > 0
        ? `linearised bootstrap over runs (${resamples} resamples${stratified ? ', within each (d, batch)' : ', across the family'}; each refitted by one Gauss-Newton step from the full-data estimate); budget intervals by the delta method over the same draws`
        : 'none (bootstrap = 0)',
    evaluations,
    bootstrap: {
      resamples,
      draws: { alpha: draws[0], beta: draws[1], stepScale: draws[2].map(Math.exp), lossScale: draws[3].map(Math.exp) },
    },
    warnings,
  };
}

async function planBudget(o: {
  alpha: number;
  beta: number;
  sigma: number;
  lambda: number;
  budget: number;
  batch: number;
  maxD: number;
  draws: number[][];
  level: number;
  data: Data;
  signal?: AbortSignal;
  ticker: Ticker;
}): Promise<PlrfBudget> {
  const { budget, batch, maxD } = o;
  const tables = new Map<string, Table>();
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
  const theta = [o.alpha, o.beta, o.sigma, o.lambda];
  // Walk a factor-sqrt(2) grid downhill from the largest data d.
  const gridD = (k: number) => Math.max(2, Math.min(maxD, Math.round(2 ** (k / 2))));
  const kMin = 2,
    kMax = Math.floor(2 * Math.log2(maxD));
  const dStart = Math.max(...o.data.groups.map((g) => g.d));
  let k = Math.min(kMax, Math.max(kMin, Math.round(2 * Math.log2(dStart))));
  const at = new Map<number, number>();
  const f = async (kk: number) => {
    if (!at.has(kk)) at.set(kk, await logLoss(theta, gridD(kk)));
    return at.get(kk)!;
  };
  for (let guard = 0; guard < 64; guard++) {
    await o.ticker.tick(0.9);
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
  const iv = (xs: number[], x: number): [number, number] => (xs.length >= 2 ? percentileInterval(xs, o.level) : [x, x]);
  return { flops: budget, d: dStar, steps: budget / (dStar * batch), loss, ci: iv(lDraws, loss), dCI: iv(dDraws, dStar), batch, interior };
}
