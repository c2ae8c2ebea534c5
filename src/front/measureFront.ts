// From (alpha, beta) and a d grid to a measured compute-optimal front: computes the family of
// curves (theory or SGD), then the front, next to the phase and its predicted exponents.

import { Ticker, type LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, integer, knownKeys, oneOf, finite } from '../core/validate.js';
import { init } from '../core/wasm.js';
import { log } from '../core/math.js';
import { computeOptimalFront, type FrontCurve, type FrontResult } from './front.js';
import { classifyPhase, type PhaseInfo } from '../model/phases.js';
import { curveByMethod } from './curveByMethod.js';
import { CurveCache } from '../theory/curveCache.js';
import { danaDecayExponents } from '../model/phases.js';
import type { OptimizerName, OptimizerSpec } from '../model/optimizer.js';

/** Options of {@link measureFront}. */
export interface MeasureFrontOptions extends LongRunOptions {
  alpha: number;
  beta: number;
  /** The d grid (at least 3 distinct values), e.g. 200 · 2^k. */
  d: number[];
  /** deterministic (default), finite (mean over W draws) or sgd (spectral engine). */
  method?: 'deterministic' | 'finite' | 'sgd';
  /** v = vRatio · d; default 4. */
  vRatio?: number;
  batch?: number;
  gamma0?: number;
  /** finite: W draws per d (default 8); sgd: runs per d (default 8). */
  seeds?: number;
  seed?: number;
  /** Flops range of the curves [fMin, fMax]; default: extended until the minimiser is interior over >= 2 decades. */
  flops?: [number, number];
  /** Fit window (default: where the minimiser is interior). */
  window?: [number, number];
  approach?: 0 | 1 | 2;
  /** Checkpoints per curve; default 150 (deterministic) or 60 (sampling methods). */
  points?: number;
  /**
   * The optimizer of every curve (docs/model.md §10); default `sgd`. With `dana-decay` the predicted
   * exponents are plrf's derivation ({@link danaDecayExponents}); other optimizers have none.
   */
  optimizer?: OptimizerName | OptimizerSpec;
}

/** Result of {@link measureFront}. */
export interface MeasuredFront {
  phase: PhaseInfo;
  theory: { xi: number | null; eta: number | null };
  measured: FrontResult;
  /** The flops range the curves cover. */
  flops: [number, number];
  curves: (FrontCurve & { steps: number[] })[];
  warnings: string[];
}

/**
 * Measure the compute-optimal front at (alpha, beta) on a d grid: compute the loss curves (the
 * deterministic equivalent by default; or the mean over W draws, or SGD), then
 * {@link computeOptimalFront}. Without `flops`, the curves are extended (x10 at a time, up to
 * 10^10 steps for the smallest d) until the minimiser is interior over at least two decades; an
 * extension reuses the spectral measures and the recursion's exact unit steps of the first range
 * (the numbers of a fresh start, in less time).
 *
 * @example
 * const r = await measureFront({ alpha: 0.7, beta: 0.6, d: [200, 400, 800, 1600, 3200, 6400, 12800] });
 * r.measured.eta; r.theory.eta; // about 0.59 vs 0.615 (finite-size drift: see r.measured.localSlopes)
 */
export async function measureFront(options: MeasureFrontOptions): Promise<MeasuredFront> {
  knownKeys('measureFront', options, [
    'alpha',
    'beta',
    'd',
    'method',
    'vRatio',
    'batch',
    'gamma0',
    'seeds',
    'seed',
    'flops',
    'window',
    'approach',
    'points',
    'optimizer',
    'signal',
    'onProgress',
  ]);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  if (!Array.isArray(options.d) || options.d.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'd must list at least 3 model sizes', 'd');
  const ds = [...new Set(options.d.map((x, i) => integer(`d[${i}]`, x, 1, 2 ** 31 - 1)))].sort((a, b) => a - b);
  if (ds.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'd must list at least 3 distinct model sizes', 'd');
  const method = oneOf('method', options.method ?? 'deterministic', ['deterministic', 'finite', 'sgd'] as const);
  const vRatio = finite('vRatio', options.vRatio ?? 4, { ge: 1 });
  if (method === 'deterministic' && !(vRatio > 1))
    throw new PlrfError('INVALID_ARGUMENT', 'vRatio must be > 1 for the deterministic method', 'vRatio');
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  const gamma0 = options.gamma0;
  const seeds = integer('seeds', options.seeds ?? 8, 1, 100_000);
  const seed = integer('seed', options.seed ?? 0, 0);
  const points = integer('points', options.points ?? (method === 'deterministic' ? 150 : 60), 10, 10_000);
  await init();
  const phase = classifyPhase(alpha, beta);
  const warnings: string[] = [];
  const ticker = new Ticker(options);
  let flopsRange: [number, number];
  let fixed = false;
  if (options.flops) {
    flopsRange = [finite('flops[0]', options.flops[0], { gt: 0 }), finite('flops[1]', options.flops[1], { gt: options.flops[0] })];
    fixed = true;
  } else {
    flopsRange = [ds[0] * batch, ds[ds.length - 1] * batch * 1e5];
  }
  // One measure per d (and W draw), and one run of the recursion's unit steps, for every extension of
  // the flops range: neither depends on the horizon, so the curves are the numbers a new start gives.
  using cache = new CurveCache();
  for (let attempt = 0; ; attempt++) {
    const curves: MeasuredFront['curves'] = [];
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      const v = Math.round(vRatio * d);
      const steps = Math.max(1, Math.ceil(flopsRange[1] / (d * batch)));
      // Each extension of the flops range covers half of what remains, so progress never goes back.
      const lo = 1 - 0.5 ** attempt,
        span = 0.5 ** (attempt + 1);
      const onProgress = (f: number) => options.onProgress?.(Math.min(0.99, lo + span * ((i + f) / ds.length)));
      const common = { alpha, beta, d, v, batch, steps, points, gamma0, signal: options.signal, onProgress, optimizer: options.optimizer };
      const sampling = method === 'deterministic' ? {} : { seeds, seed: seed + i * 1_000_003 };
      const r = await curveByMethod({ ...common, ...sampling, method, ...(method === 'sgd' ? {} : { cache }) });
      // The runs of a sampling method, for the front's intervals (a single W draw gives none).
      const runs = method === 'sgd' || seeds > 1 ? r.runs : undefined;
      curves.push({ d, steps: r.steps, flops: r.flops, loss: r.loss, ...(method === 'deterministic' ? {} : { runs }) });
      await ticker.tick(1 - 0.5 ** attempt + 0.5 ** (attempt + 1) * ((i + 1) / ds.length));
    }
    let measured: FrontResult | null = null;
    let error: unknown = null;
    try {
      measured = computeOptimalFront(curves, { approach: options.approach, window: options.window, seed });
    } catch (e) {
      error = e;
    }
    const interior = measured?.interior ?? null;
    const decades = interior ? log(interior[1] / interior[0]) / Math.LN10 : 0;
    // Interior up to near the end of the curves means the front may continue beyond: extend.
    const truncated = interior !== null && interior[1] > flopsRange[1] / 3;
    if (!fixed && (error || decades < 2 || truncated) && attempt < 5 && flopsRange[1] / (ds[0] * batch) < 1e10) {
      flopsRange = [flopsRange[0], flopsRange[1] * 10];
      continue;
    }
    if (error) throw error;
    warnings.push(...measured!.warnings);
    if (decades < 2)
      warnings.push(`the minimiser is interior over only ${decades.toFixed(2)} decades of flops; widen the d grid for a sharper fit`);
    ticker.done();
    const name = typeof options.optimizer === 'string' ? options.optimizer : (options.optimizer?.name ?? 'sgd');
    const isPreset =
      typeof options.optimizer === 'string' || (options.optimizer !== undefined && Object.keys(options.optimizer).length === 1);
    let theory: { xi: number | null; eta: number | null } = { xi: phase.xi, eta: phase.eta };
    if (name === 'dana-decay' && isPreset) {
      const p = danaDecayExponents(alpha, beta);
      theory = { xi: p.xi, eta: p.eta };
      warnings.push(
        `predicted exponents for dana-decay: plrf's derivation (kappa = 2 - 1/(2 alpha) = ${p.kappa.toFixed(4)}), not the paper's` +
          (p.note ? `; ${p.note}` : ''),
      );
    } else if (name !== 'sgd') {
      theory = { xi: null, eta: null };
      warnings.push(`no predicted exponents for optimizer ${name}`);
    }
    return { phase, theory, measured: measured!, flops: flopsRange, curves, warnings };
  }
}
