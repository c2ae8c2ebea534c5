// Table 2 of the paper measured at large d: one check-value point per phase (docs/model.md §7),
// deterministic-equivalent curves on d = 200 · 2^k up to dMax, the front fitted on nested grids
// (the finite-size drift), local slopes against f and against d*, and an extrapolation.

import type { LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { init } from '../core/wasm.js';
import { classifyPhase, phaseExponents } from '../model/phases.js';
import { doublingGrid, dStarAt, extrapolate, fitFront, plateauCurves } from './curves.js';
import { PAPER_PRESET, type Preset } from './presets.js';

/** The spec's check-value points, one per phase. */
export const TABLE2_POINTS: readonly { phase: string; alpha: number; beta: number }[] = Object.freeze([
  { phase: 'Ia', alpha: 0.7, beta: 0.2 },
  { phase: 'Ib', alpha: 0.35, beta: 0.35 },
  { phase: 'Ic', alpha: 0.2, beta: 1.0 },
  { phase: 'II', alpha: 0.7, beta: 0.6 },
  { phase: 'III', alpha: 1.0, beta: 2.0 },
  { phase: 'IVa', alpha: 0.4, beta: 1.0 },
  { phase: 'IVb', alpha: 0.27, beta: 1.0 },
]);

/** Default largest d of `--figure table2` (the 6-minute budget on 2 cores); `--large` goes to 819200. */
export const TABLE2_DMAX = 102_400;
/** Largest d of `--figure table2 --large` (d = 200 · 2^12; several minutes per phase). */
export const TABLE2_DMAX_LARGE = 819_200;

/** Options of {@link measureTable2}. */
export interface Table2Options extends LongRunOptions {
  /** Largest d (the grid is dMin · 2^k up to it); default 102400. */
  dMax?: number;
  /** Smallest d; default 200. */
  dMin?: number;
  /** The dMax of the nested grids (each ends at a larger dMax; dMax itself is added last). Default: dMin·2^4, 2^6, 2^8, ... below dMax. */
  driftDMax?: number[];
  /** Phases to measure (names from TABLE2_POINTS); default all. */
  phases?: string[];
  /** v ratio and gamma0 (default the paper's: 10 and 0.75). */
  preset?: Pick<Preset, 'vRatio' | 'gamma0'>;
  /** Approach for the fits (default 2; falls back to 1 where 2 refuses, with a note). */
  approach?: 1 | 2;
}

/** One phase's measurement. */
export interface Table2Record {
  phase: string;
  alpha: number;
  beta: number;
  dMax: number;
  predicted: { eta: number; xi: number };
  measured: {
    eta: number;
    xi: number;
    etaCI: [number, number] | null;
    xiCI: [number, number] | null;
    approach: 1 | 2;
    window: [number, number];
    note: string | null;
  };
  /** Approach 1 (envelope) on the full grid, for comparison. */
  approach1: { eta: number; xi: number };
  /** The fit on nested grids d = dMin .. dMax_k; the last entry is `measured`. */
  drift: { dMax: number; eta: number; xi: number; gapEta: number; gapXi: number; approach: 1 | 2 }[];
  /**
   * How |measured - predicted| shrinks with dMax: |gap| ~ dMax^(-p) from the last two drift entries (null if the gap changes sign or
   * grows).
   */
  gapDecay: { eta: number | null; xi: number | null };
  /** Local exponents along the full-grid front: flops f, the compute-optimal d*(f), and the local eta, xi. */
  localSlopes: { flops: number; dStar: number; eta: number; xi: number }[];
  /**
   * Extrapolations with y = yInf + c·x^(-omega) (least squares, omega on a grid): of the nested-grid
   * fits against their dMax (`eta`, `xi`), and of the local slopes against d* (`localEta`, `localXi`).
   */
  extrapolation: {
    model: string;
    eta: ReturnType<typeof extrapolate>;
    xi: ReturnType<typeof extrapolate>;
    localEta: ReturnType<typeof extrapolate>;
    localXi: ReturnType<typeof extrapolate>;
  };
  /**
   * Phase IV only: the Phase-Ic formulas evaluated at this point, and the d* (local slopes) and dMax (nested grids) beyond which
   * (eta, xi) stays nearer the phase's own prediction than the Ic formulas.
   */
  versusIc?: {
    eta: number;
    xi: number;
    separatesAtDStar: number | null;
    separatesAtDrift: number | null;
    /** Distances in the (eta, xi) plane from the full-grid measurement to this phase's prediction and to the Ic formulas. */
    distanceToOwn: number;
    distanceToIc: number;
  };
  settings: { vRatio: number; gamma0: number; dMin: number; flopsMax: number; curves: number };
  seconds: number;
}

/** The Phase-Ic formulas (docs/model.md §7) evaluated at any (alpha, beta). */
export function icFormula(alpha: number, beta: number): { xi: number; eta: number } {
  const { xi, eta } = phaseExponents('Ic', alpha, beta);
  return { xi: xi!, eta: eta! };
}

function gapExponent(drift: Table2Record['drift'], key: 'gapEta' | 'gapXi'): number | null {
  if (drift.length < 2) return null;
  const a = drift[drift.length - 2],
    b = drift[drift.length - 1];
  if (Math.sign(a[key]) !== Math.sign(b[key]) || Math.abs(b[key]) >= Math.abs(a[key])) return null;
  return -Math.log(Math.abs(b[key]) / Math.abs(a[key])) / Math.log(b.dMax / a.dMax);
}

/**
 * Measure Table 2 at the check-value points: for each phase, deterministic curves for
 * d = dMin·2^k up to dMax (v = vRatio·d, gamma0), each run to its plateau; the front by Approach 2
 * (Approach 1 where 2 refuses) on the full grid and on nested grids; local slopes and their
 * extrapolation in d*; for Phase IV, where the local (eta, xi) come nearer its own prediction than the Phase-Ic formulas.
 */
export async function measureTable2(options: Table2Options = {}): Promise<Table2Record[]> {
  await init();
  const dMin = options.dMin ?? 200;
  const dMax = options.dMax ?? TABLE2_DMAX;
  const grid = doublingGrid(dMin, dMax);
  if (grid.length < 4) throw new PlrfError('INVALID_ARGUMENT', `dMax = ${dMax} gives fewer than 4 model sizes from dMin = ${dMin}`, 'dMax');
  const top = grid[grid.length - 1];
  // Nested grids ending at top/4, top/16, ... (at least dMin·4); with fewer than 3 in all, top/2, top/4, ...
  let driftDefault: number[] = [];
  for (let m = top / 4; m >= dMin * 4; m /= 4) driftDefault.push(m);
  if (driftDefault.length < 2) {
    driftDefault = [];
    for (let m = top / 2; m >= dMin * 4; m /= 2) driftDefault.push(m);
  }
  const driftMax = [...new Set([...(options.driftDMax ?? driftDefault).filter((x) => x < top && x >= dMin * 4), top])].sort(
    (a, b) => a - b,
  );
  const points = options.phases ? TABLE2_POINTS.filter((p) => options.phases!.includes(p.phase)) : TABLE2_POINTS;
  if (points.length === 0) throw new PlrfError('INVALID_ARGUMENT', `no known phase in ${options.phases?.join(', ')}`, 'phases');
  const preset = options.preset ?? PAPER_PRESET;
  const out: Table2Record[] = [];
  for (let pi = 0; pi < points.length; pi++) {
    const pt = points[pi];
    const t0 = performance.now();
    const info = classifyPhase(pt.alpha, pt.beta);
    const { curves, fMax } = await plateauCurves({
      alpha: pt.alpha,
      beta: pt.beta,
      d: grid,
      vRatio: preset.vRatio,
      gamma0: preset.gamma0,
      signal: options.signal,
      onProgress: (x) => options.onProgress?.(Math.min(0.999, (pi + x) / points.length)),
    });
    const full = fitFront(curves, { approach: options.approach });
    const a1 = fitFront(curves, { approach: 1 });
    const predicted = { eta: info.eta!, xi: info.xi! };
    const drift = driftMax.map((m) => {
      const sub = curves.filter((c) => c.d <= m);
      const f = m === top ? full : fitFront(sub, { approach: options.approach });
      return {
        dMax: m,
        eta: f.fit.eta,
        xi: f.fit.xi,
        gapEta: f.fit.eta - predicted.eta,
        gapXi: f.fit.xi - predicted.xi,
        approach: f.approach,
      };
    });
    const localSlopes = full.fit.localSlopes.map((s) => ({
      flops: s.flops,
      dStar: dStarAt(full.fit.front, s.flops),
      eta: s.eta,
      xi: s.xi,
    }));
    const ds = localSlopes.map((s) => s.dStar);
    const rec: Table2Record = {
      phase: pt.phase,
      alpha: pt.alpha,
      beta: pt.beta,
      dMax: top,
      predicted,
      measured: {
        eta: full.fit.eta,
        xi: full.fit.xi,
        etaCI: full.fit.etaCI,
        xiCI: full.fit.xiCI,
        approach: full.approach,
        window: full.fit.window,
        note: full.note,
      },
      approach1: { eta: a1.fit.eta, xi: a1.fit.xi },
      drift,
      gapDecay: { eta: gapExponent(drift, 'gapEta'), xi: gapExponent(drift, 'gapXi') },
      localSlopes,
      extrapolation: {
        model:
          'y(x) = yInf + c·x^(-omega), least squares, omega in 0.02..2; x = dMax of the nested grids (eta, xi) or d* of the local slopes (localEta, localXi)',
        eta: extrapolate(
          drift.map((d) => d.dMax),
          drift.map((d) => d.eta),
        ),
        xi: extrapolate(
          drift.map((d) => d.dMax),
          drift.map((d) => d.xi),
        ),
        localEta: extrapolate(
          ds,
          localSlopes.map((s) => s.eta),
        ),
        localXi: extrapolate(
          ds,
          localSlopes.map((s) => s.xi),
        ),
      },
      settings: { vRatio: preset.vRatio, gamma0: preset.gamma0, dMin, flopsMax: fMax, curves: grid.length },
      seconds: 0,
    };
    if (pt.phase.startsWith('IV')) {
      const ic = icFormula(pt.alpha, pt.beta);
      // nearer in the (eta, xi) plane to the phase's own prediction than to the Phase-Ic formulas
      const dist = (p: { eta: number; xi: number }, q: { eta: number; xi: number }) => Math.hypot(p.eta - q.eta, p.xi - q.xi);
      const nearer = (p: { eta: number; xi: number }) => dist(p, predicted) < dist(p, ic);
      // the smallest d* from which every later local slope is nearer the phase's own prediction
      let sep: number | null = null;
      for (let i = localSlopes.length - 1; i >= 0 && nearer(localSlopes[i]); i--) sep = localSlopes[i].dStar;
      let sepDrift: number | null = null;
      for (let i = drift.length - 1; i >= 0 && nearer(drift[i]); i--) sepDrift = drift[i].dMax;
      rec.versusIc = {
        eta: ic.eta,
        xi: ic.xi,
        separatesAtDStar: sep,
        separatesAtDrift: sepDrift,
        distanceToOwn: dist(rec.measured, predicted),
        distanceToIc: dist(rec.measured, ic),
      };
    }
    rec.seconds = (performance.now() - t0) / 1000;
    out.push(rec);
  }
  options.onProgress?.(1);
  return out;
}
