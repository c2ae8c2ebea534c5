// Deterministic-equivalent loss curves on a d grid, all run far enough that every curve has
// reached its plateau, so that nested sub-grids can be fitted from the same curves.

import type { LongRunOptions } from '../core/async.js';
import { init } from '../core/wasm.js';
import { traceD } from '../model/conventions.js';
import { computeOptimalFront, type FrontCurve, type FrontOptions, type FrontResult } from '../front/front.js';
import { lossCurve } from '../theory/curve.js';

/** A curve of the family with its steps. */
export type GridCurve = FrontCurve & { steps: number[] };

/** Options of {@link plateauCurves}. */
export interface PlateauCurveOptions extends LongRunOptions {
  alpha: number;
  beta: number;
  d: number[];
  vRatio: number;
  gamma0: number;
  /** Steps of the slowest mode's relaxation time to run each curve for; default 100. */
  relaxations?: number;
  /** Checkpoints per decade of steps; default 25. */
  density?: number;
}

/** The d grid d0 · 2^k up to dMax (inclusive). */
export function doublingGrid(d0: number, dMax: number): number[] {
  const out: number[] = [];
  for (let d = d0; d <= dMax * (1 + 1e-12); d *= 2) out.push(Math.round(d));
  return out;
}

/**
 * The largest flops any curve needs: `relaxations` times the relaxation time of the smallest
 * population eigenvalue d^(-2 alpha) at gamma = gamma0 / tr D, times d, maximised over the grid.
 * The deterministic engine's cost does not depend on the number of steps, so a generous range
 * costs nothing.
 */
export function plateauFlops(alpha: number, ds: number[], vRatio: number, gamma0: number, relaxations = 100): number {
  let f = 0;
  for (const d of ds) {
    const v = Math.round(vRatio * d);
    const r = (relaxations * traceD(alpha, v) * d ** (2 * alpha)) / gamma0;
    f = Math.max(f, r * d);
  }
  return f;
}

/** Deterministic curves for every d of the grid on the common flops range [d, fMax]. */
export async function plateauCurves(o: PlateauCurveOptions): Promise<{ curves: GridCurve[]; fMax: number }> {
  await init();
  const ds = [...o.d].sort((a, b) => a - b);
  const fMax = plateauFlops(o.alpha, ds, o.vRatio, o.gamma0, o.relaxations ?? 100);
  const density = o.density ?? 25;
  // Cost grows about linearly with d: report progress by d.
  const total = ds.reduce((s, d) => s + d, 0);
  let done = 0;
  const curves: GridCurve[] = [];
  for (const d of ds) {
    // Steps are capped at 1e15 (exact integers); a curve that stops there has long reached its plateau.
    const steps = Math.min(1e15, Math.ceil(fMax / d));
    const points = Math.min(10_000, Math.ceil(density * Math.log10(steps + 1)) + 10);
    const r = await lossCurve({
      method: 'deterministic',
      alpha: o.alpha,
      beta: o.beta,
      d,
      v: Math.round(o.vRatio * d),
      gamma0: o.gamma0,
      steps,
      points,
      signal: o.signal,
      onProgress: (x) => o.onProgress?.(Math.min(0.999, (done + x * d) / total)),
    });
    done += d;
    curves.push({ d, steps: r.steps, flops: r.flops, loss: r.loss });
  }
  o.onProgress?.(1);
  return { curves, fMax };
}

/** A fit of the front that says which approach produced it (Approach 2, else Approach 1 with the reason). */
export interface FrontFit {
  fit: FrontResult;
  approach: 1 | 2;
  note: string | null;
}

/** Approach 2 where it applies over the whole window; otherwise Approach 1, saying why. */
export function fitFront(curves: FrontCurve[], options: Omit<FrontOptions, 'approach'> & { approach?: 1 | 2 } = {}): FrontFit {
  const approach = options.approach ?? 2;
  if (approach === 1) return { fit: computeOptimalFront(curves, { ...options, approach: 1 }), approach: 1, note: null };
  try {
    return { fit: computeOptimalFront(curves, { ...options, approach: 2 }), approach: 2, note: null };
  } catch (e) {
    const fit = computeOptimalFront(curves, { ...options, approach: 1 });
    return { fit, approach: 1, note: `Approach 2 refused (${(e as Error).message}); Approach 1 used` };
  }
}

/** d*(f) on the front at the point nearest to f (log scale). */
export function dStarAt(front: FrontResult['front'], f: number): number {
  let best = front[0],
    bestGap = Infinity;
  for (const p of front) {
    const gap = Math.abs(Math.log(p.flops / f));
    if (gap < bestGap) {
      bestGap = gap;
      best = p;
    }
  }
  return best?.d ?? NaN;
}

/**
 * Least-squares fit y = yInf + c · x^(-omega) with omega on a grid (0.02 .. 2 by 0.02); linear in
 * (yInf, c) for each omega. Returns null with fewer than 4 points. `atEdge` says the best omega is
 * the grid's end (the model is then not constrained by the data).
 */
export function extrapolate(
  x: number[],
  y: number[],
): { yInf: number; c: number; omega: number; rms: number; atEdge: boolean; n: number } | null {
  const n = x.length;
  if (n < 4) return null;
  let best: { yInf: number; c: number; omega: number; rms: number; atEdge: boolean; n: number } | null = null;
  for (let k = 1; k <= 100; k++) {
    const omega = 0.02 * k;
    const u = x.map((v) => v ** -omega);
    const mu = u.reduce((s, v) => s + v, 0) / n,
      my = y.reduce((s, v) => s + v, 0) / n;
    let sxy = 0,
      sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (u[i] - mu) * (y[i] - my);
      sxx += (u[i] - mu) ** 2;
    }
    if (!(sxx > 0)) continue;
    const c = sxy / sxx,
      yInf = my - c * mu;
    const rms = Math.sqrt(y.reduce((s, v, i) => s + (v - yInf - c * u[i]) ** 2, 0) / n);
    if (!best || rms < best.rms) best = { yInf, c, omega, rms, atEdge: k === 1 || k === 100, n };
  }
  return best;
}
