// The setup shared by the figures: the d grid, the preset's settings, the theory curves at the
// preset, the SGD check against theory and its rows, the timing of a figure.

import { PlrfError, type PlrfErrorCode } from '../core/errors.js';
import { init } from '../core/wasm.js';
import type { FrontResult } from '../front/front.js';
import type { SgdResult } from '../sgd/simulate.js';
import { runPool } from '../sweep/pool.js';
import { lossCurve } from '../theory/curve.js';
import { fitFront, plateauCurves, type FrontFit, type GridCurve } from './curves.js';
import { PAPER_D_GRID, type FigureOptions, type FigureResult, type FigureRow, type FigureSetting } from './paper.js';
import type { Preset } from './presets.js';

/** A figure without its run time (added by {@link timed}). */
export type FigureBody = Omit<FigureResult, 'seconds'>;

/** A figure timed from the loading of the core to its result. */
export function timed(body: (o: FigureOptions) => Promise<FigureBody>): (o: FigureOptions) => Promise<FigureResult> {
  return async (o) => {
    const t0 = performance.now();
    await init();
    const result = await body(o);
    return { ...result, seconds: (performance.now() - t0) / 1000 };
  };
}

/** A 95% interval as text; n/a when the front withheld it (it would not contain its estimate). */
export const ciText = (c: [number, number] | null): string => (c === null ? 'n/a' : `[${c.map((x) => x.toFixed(3)).join(', ')}]`);

/** The deterministic curves of a d grid at the preset's v/d and gamma0, run until the plateau. */
export function presetCurves(alpha: number, beta: number, ds: number[], o: FigureOptions): Promise<{ curves: GridCurve[]; fMax: number }> {
  return plateauCurves({ alpha, beta, d: ds, vRatio: o.preset.vRatio, gamma0: o.preset.gamma0, signal: o.signal });
}

/** One SGD check: the SGD mean at d and its largest deviations from the deterministic curve. */
export type SgdCheck = { d: number; sgd: SgdResult; maxRel: number; maxZ: number };

/**
 * The front of a figure with SGD on top (Figs. 1 and 3): the preset curves on the grid, Approaches 2
 * and 1, and SGD at the smallest sizes up to the fit window's end.
 */
export async function frontWithSgd(
  alpha: number,
  beta: number,
  ds: number[],
  o: FigureOptions,
): Promise<{ curves: GridCurve[]; a1: FrontFit; a2: FrontFit; sgdDs: number[]; sgd: SgdCheck[] }> {
  const { curves } = await presetCurves(alpha, beta, ds, o);
  const a2 = fitFront(curves),
    a1 = fitFront(curves, { approach: 1 });
  const sgdDs = o.quick ? [200] : [200, 400];
  const sgd = await sgdCheck(alpha, beta, sgdDs, Math.min(a2.fit.window[1], o.quick ? 2e6 : 1e8), o);
  return { curves, a1, a2, sgdDs, sgd };
}

/** The SGD means as plotted points (± 2 SE). */
export function sgdPoints(sgd: SgdCheck[]): { d: number; flops: number[]; loss: number[]; stderr: number[] | null }[] {
  return sgd.map((s) => ({ d: s.d, flops: s.sgd.flops, loss: s.sgd.loss, stderr: s.sgd.stderr }));
}

/** The rows of the SGD checks; `what` precedes d in the quantity (e.g. "beta = 0.1, "). */
export function sgdRows(sgd: SgdCheck[], what: string): FigureRow[] {
  return sgd.map((s) => ({
    quantity: `max |SGD/theory - 1|, ${what}d = ${s.d} (r >= 100)`,
    paper: null,
    plrf: s.maxRel,
    predicted: 0,
    note: `max |z| = ${s.maxZ.toFixed(2)}`,
  }));
}

/** The SGD setting of a figure with SGD at the sizes `sgdDs`. */
export function sgdSetting(o: FigureOptions, sgdDs: number[]): FigureSetting {
  return {
    name: 'SGD',
    value: `spectral engine, ${o.seeds ?? (o.quick ? 4 : 16)} runs per d, d = ${sgdDs.join(', ')}`,
    source: 'chosen: the sizes SGD reaches in seconds',
  };
}

export function grid(quick: boolean | undefined): number[] {
  return quick ? [200, 400, 800, 1600] : PAPER_D_GRID;
}

export function presetSettings(p: Preset): FigureSetting[] {
  return [
    {
      name: 'v',
      value: `${p.vRatio} d`,
      source: p.vRatio === 10 ? "authors' public notebooks (v = 10 d in every run)" : 'user option --v-ratio',
    },
    {
      name: 'gamma',
      value: `${p.gamma0} / tr D (gamma0 = ${p.gamma0}, B = 1)`,
      source:
        p.gamma0 === 0.75
          ? "authors' public SGD notebook (learning rate 0.75 / tr D); with v = 10 d it was reported to match Fig. 1's curves to about 1.5% (the paper's curve data are not public, so not re-checked here)"
          : 'user option --gamma0',
    },
    {
      name: 'flops axis',
      value: p.flopsUnit === '6dr' ? '6·d·r ("6ND", N = d, D = r)' : 'f = r·d·B',
      source: p.flopsUnit === '6dr' ? 'paper (Fig. 3 axis)' : 'plrf convention (--flops-unit dr)',
    },
    {
      name: 'loss axis',
      value: p.lossScale === 0.5 ? 'P/2 (display only)' : `${p.lossScale}·P (display only)`,
      source: p.lossScale === 0.5 ? 'paper: its loss carries the factor 1/2' : 'user option --loss-scale',
    },
  ];
}

export async function sgdCheck(alpha: number, beta: number, ds: number[], fEnd: number, o: FigureOptions): Promise<SgdCheck[]> {
  const seeds = o.seeds ?? (o.quick ? 4 : 16);
  const units = ds.map((d, i) => ({
    kind: 'curve' as const,
    options: {
      method: 'sgd' as const,
      alpha,
      beta,
      d,
      v: Math.round(o.preset.vRatio * d),
      gamma0: o.preset.gamma0,
      steps: Math.ceil(fEnd / d),
      seeds,
      seed: 1 + i,
      points: 40,
    },
  }));
  const res = await runPool(units, { signal: o.signal });
  const out = [];
  for (let i = 0; i < ds.length; i++) {
    const r = res[i];
    if (!r.ok) throw new PlrfError(r.error.code as PlrfErrorCode, r.error.message, r.error.param ?? undefined);
    const sgd = r.value as SgdResult;
    const th = await lossCurve({
      method: 'deterministic',
      alpha,
      beta,
      d: ds[i],
      v: Math.round(o.preset.vRatio * ds[i]),
      gamma0: o.preset.gamma0,
      at: sgd.steps,
      signal: o.signal,
    });
    let maxRel = 0,
      maxZ = 0;
    sgd.loss.forEach((m, k) => {
      if (sgd.steps[k] < 100) return;
      maxRel = Math.max(maxRel, Math.abs(m / th.loss[k] - 1));
      maxZ = Math.max(maxZ, Math.abs(m - th.loss[k]) / (sgd.stderr?.[k] || Infinity));
    });
    out.push({ d: ds[i], sgd, maxRel, maxZ });
  }
  return out;
}

/** Where a paper value sits among the local slopes along the front (inside the fit window). */
export function localRange(fit: FrontResult, key: 'eta' | 'xi', paper: number): string {
  const w = fit.window;
  const ls = fit.localSlopes.filter((s) => s.flops >= w[0] && s.flops <= w[1]);
  if (ls.length < 2) return `Too few local slopes inside the window to place the paper's ${key} = ${paper}.`;
  const vals = ls.map((s) => s[key]);
  const lo = Math.min(...vals),
    hi = Math.max(...vals);
  const first = ls[0],
    last = ls[ls.length - 1];
  const where = paper >= lo && paper <= hi ? 'inside' : 'outside';
  return `Local ${key} along the front inside the window runs from ${first[key].toFixed(3)} (f = ${first.flops.toExponential(1)}) to ${last[key].toFixed(3)} (f = ${last.flops.toExponential(1)}), range [${lo.toFixed(3)}, ${hi.toFixed(3)}]: the paper's ${paper} is ${where} that range, so ${where === 'inside' ? 'a window over part of the front can return it' : 'no sub-window of these curves returns it'}.`;
}

/** Flops range of a plot: from the smallest d's first checkpoint to a decade past the window. */
export function plotRange(fit: FrontResult, curves: GridCurve[]): [number, number] {
  return [curves[0].d, Math.min(fit.window[1] * 30, curves[curves.length - 1].flops.at(-1)!)];
}
