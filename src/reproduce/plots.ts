// Plots of the reproduction, drawn in a preset's display units (flops unit, loss scale).

import { interpolateLogLog } from '../front/front.js';
import * as Plot from '@observablehq/plot';
import { composeSvg, decadeFormat, renderSvg } from '../plot/render.js';
import type { FrontResult } from '../front/front.js';
import { flopsLabel, lossLabel, toDisplayFlops, toDisplayLoss, type Preset } from './presets.js';

type Curve = { d: number; flops: number[]; loss: number[] };
type Sgd = { d: number; flops: number[]; loss: number[]; stderr?: number[] | null };

const STYLE = { background: 'white', fontSize: '11px' };

/** Loss curves (lines), SGD means (dots with ±2 SE bands) and the front (black), in display units. */
export async function curvesWithFront(
  curves: Curve[],
  front: FrontResult | null,
  preset: Preset,
  sgd: Sgd[] = [],
  flopsRange?: [number, number],
): Promise<string> {
  const inRange = (f: number) => f > 0 && (!flopsRange || (f >= flopsRange[0] && f <= flopsRange[1]));
  const X = (f: number) => toDisplayFlops(f, preset),
    Y = (p: number) => toDisplayLoss(p, preset);
  const lines = curves.flatMap((c) => c.flops.map((f, i) => ({ d: c.d, x: X(f), y: Y(c.loss[i]), f })).filter((p) => inRange(p.f)));
  const dots = sgd.flatMap((c) =>
    c.flops.map((f, i) => ({ d: c.d, x: X(f), y: Y(c.loss[i]), se: Y(c.stderr?.[i] ?? 0), f })).filter((p) => inRange(p.f)),
  );
  const bands = dots.map((p) => ({ ...p, lo: Math.max(p.y - 2 * p.se, p.y * 0.05), hi: p.y + 2 * p.se }));
  const fr = (front?.front ?? []).filter((p) => inRange(p.flops)).map((p) => ({ x: X(p.flops), y: Y(p.loss) }));
  return renderSvg({
    width: 560,
    height: 380,
    marginRight: 60,
    style: STYLE,
    x: { type: 'log', label: flopsLabel(preset), grid: true },
    y: { type: 'log', label: lossLabel(preset), grid: true, tickFormat: decadeFormat },
    color: { type: 'log', scheme: 'viridis' },
    marks: [
      Plot.areaY(bands, { x: 'x', y1: 'lo', y2: 'hi', z: 'd', fill: 'd', fillOpacity: 0.25 }),
      Plot.line(lines, { x: 'x', y: 'y', z: 'd', stroke: 'd', strokeWidth: 1.3 }),
      Plot.dot(dots, { x: 'x', y: 'y', stroke: 'd', r: 1.8 }),
      Plot.line(fr, { x: 'x', y: 'y', stroke: 'black', strokeWidth: 2.2, strokeDasharray: '5,3' }),
      Plot.text(
        curves.map((c) => {
          const k =
            c.flops
              .map((f, i) => i)
              .filter((i) => inRange(c.flops[i]))
              .pop() ?? c.flops.length - 1;
          return { d: c.d, x: X(c.flops[k]), y: Y(c.loss[k]) };
        }),
        { x: 'x', y: 'y', text: (e: { d: number }) => `d=${e.d}`, dx: 3, textAnchor: 'start', fill: 'd' },
      ),
    ],
  });
}

/** d*(f) along the front with the fitted and predicted slopes over the window, in display flops. */
export async function dStarPlot(
  fits: { label: string; fit: FrontResult; color: string }[],
  predictedXi: number | null,
  preset: Preset,
): Promise<string> {
  const X = (f: number) => toDisplayFlops(f, preset);
  const marks: Plot.Markish[] = [];
  fits.forEach(({ label, fit, color }, k) => {
    const [lo, hi] = fit.interior ?? fit.window;
    const pts = fit.front.filter((p) => p.flops >= lo && p.flops <= hi).map((p) => ({ x: X(p.flops), y: p.d }));
    marks.push(Plot.line(pts, { x: 'x', y: 'y', stroke: color, strokeWidth: 1.8 }));
    marks.push(Plot.text([`${label}: xi = ${fit.xi.toFixed(3)}`], { frameAnchor: 'top-left', dx: 8, dy: 8 + 15 * k, fill: color }));
  });
  const w = fits[0]?.fit.window;
  if (w && predictedXi !== null) {
    const inside = fits[0].fit.front.filter((p) => p.flops >= w[0] && p.flops <= w[1]);
    if (inside.length) {
      const b = inside.reduce((s, p) => s + Math.log(p.d) - predictedXi * Math.log(p.flops), 0) / inside.length;
      marks.push(
        Plot.line(
          w.map((f) => ({ x: X(f), y: Math.exp(b + predictedXi * Math.log(f)) })),
          { x: 'x', y: 'y', stroke: '#1f77b4', strokeDasharray: '2,3', strokeWidth: 2 },
        ),
      );
      marks.push(
        Plot.text([`prediction: xi = ${predictedXi.toFixed(3)}`], {
          frameAnchor: 'top-left',
          dx: 8,
          dy: 8 + 15 * fits.length,
          fill: '#1f77b4',
        }),
      );
    }
    marks.push(Plot.ruleX(w.map(X), { stroke: '#999', strokeDasharray: '3,3' }));
  }
  return renderSvg({
    width: 440,
    height: 380,
    style: STYLE,
    x: { type: 'log', label: flopsLabel(preset), grid: true },
    y: { type: 'log', label: '↑ compute-optimal d*', grid: true },
    marks,
  });
}

/** IsoFLOP slices: loss against d at a few fixed flops of the window; the vertex d*(f) circled. */
export async function isoflopSlices(curves: Curve[], fit: FrontResult, preset: Preset, slices = 5): Promise<string> {
  const [lo, hi] = fit.window;
  const fs = Array.from({ length: slices }, (_, i) => lo * (hi / lo) ** (i / (slices - 1)));
  const rows: { f: string; d: number; y: number }[] = [];
  for (const f of fs)
    for (const c of curves) {
      const p = interpolateLogLog(c.flops, c.loss, f);
      if (Number.isFinite(p)) rows.push({ f: toDisplayFlops(f, preset).toExponential(1), d: c.d, y: toDisplayLoss(p, preset) });
    }
  const opt = fs.map((f) => {
    let best = fit.front[0];
    for (const p of fit.front) if (Math.abs(Math.log(p.flops / f)) < Math.abs(Math.log(best.flops / f))) best = p;
    return { f: toDisplayFlops(f, preset).toExponential(1), d: best.d, y: toDisplayLoss(best.loss, preset) };
  });
  const last = curves[curves.length - 1].d;
  return renderSvg({
    width: 500,
    height: 380,
    marginRight: 75,
    style: STYLE,
    x: { type: 'log', label: 'model size d →', grid: true },
    y: { type: 'log', label: lossLabel(preset), grid: true, tickFormat: decadeFormat },
    color: { type: 'ordinal', scheme: 'tableau10' },
    marks: [
      Plot.line(rows, { x: 'd', y: 'y', z: 'f', stroke: 'f' }),
      Plot.dot(rows, { x: 'd', y: 'y', fill: 'f', r: 2.2 }),
      Plot.dot(opt, { x: 'd', y: 'y', stroke: 'black', r: 5.5, strokeWidth: 1.4 }),
      Plot.text(
        rows.filter((p) => p.d === last),
        { x: 'd', y: 'y', text: (p: { f: string }) => `f=${p.f}`, dx: 5, textAnchor: 'start', fill: 'f' },
      ),
    ],
  });
}

/** Measured exponents (circles, by series) against a predicted line (dashed), on linear axes. */
export async function exponentPlot(
  measured: { x: number; y: number; series: string }[],
  predicted: { x: number; y: number; series: string }[],
  xLabel: string,
  yLabel: string,
): Promise<string> {
  const series = [...new Set([...measured, ...predicted].map((r) => r.series))];
  return renderSvg({
    width: 520,
    height: 360,
    style: STYLE,
    x: { label: xLabel, grid: true },
    y: { label: yLabel, grid: true },
    color: { type: 'ordinal', scheme: 'tableau10', domain: series },
    marks: [
      Plot.line(predicted, { x: 'x', y: 'y', z: 'series', stroke: 'series', strokeDasharray: '4,3', strokeWidth: 1.6 }),
      Plot.dot(measured, { x: 'x', y: 'y', stroke: 'series', r: 3.5, strokeWidth: 1.6 }),
      ...series.map((sname, k) =>
        Plot.text([`${sname}: measured (circles), Table 2 (dashed)`], {
          frameAnchor: 'top-left',
          dx: 8,
          dy: 8 + 14 * k,
          fill: () => sname,
        }),
      ),
    ],
  });
}

/** Generic log-log lines: rows {series, x, y}. */
export async function logLines(
  rows: { series: string; x: number; y: number }[],
  xLabel: string,
  yLabel: string,
  dashed: (s: string) => boolean = () => false,
  xType: 'log' | 'linear' = 'log',
): Promise<string> {
  const series = [...new Set(rows.map((r) => r.series))];
  return renderSvg({
    width: 560,
    height: 380,
    marginRight: 20,
    style: STYLE,
    x: { type: xType, label: xLabel, grid: true },
    y: { type: 'log', label: yLabel, grid: true, tickFormat: decadeFormat },
    color: { type: 'ordinal', scheme: 'tableau10', domain: series },
    marks: [
      ...series.map((s) =>
        Plot.line(
          rows.filter((r) => r.series === s),
          { x: 'x', y: 'y', stroke: () => s, strokeWidth: 1.5, strokeDasharray: dashed(s) ? '5,3' : undefined },
        ),
      ),
      ...series.map((s, k) => Plot.text([s], { frameAnchor: 'bottom-left', dx: 8, dy: -8 - 14 * (series.length - 1 - k), fill: () => s })),
    ],
  });
}

export { composeSvg };

/** Local exponents along each phase's front, against flops or against d*, with each phase's prediction (dashed). */
export async function localSlopePlot(
  records: {
    phase: string;
    predicted: { eta: number; xi: number };
    localSlopes: { flops: number; dStar: number; eta: number; xi: number }[];
  }[],
  key: 'eta' | 'xi',
  axis: 'flops' | 'dStar',
): Promise<string> {
  const pts = records.flatMap((r) => r.localSlopes.map((s) => ({ phase: r.phase, x: s[axis], y: s[key] })));
  const phases = records.map((r) => r.phase);
  const preds = records.flatMap((r) => {
    const xs = r.localSlopes.map((s) => s[axis]);
    return xs.length
      ? [
          { phase: r.phase, x: Math.min(...xs), y: r.predicted[key] },
          { phase: r.phase, x: Math.max(...xs), y: r.predicted[key] },
        ]
      : [];
  });
  return renderSvg({
    width: 520,
    height: 400,
    marginRight: 40,
    style: STYLE,
    x: { type: 'log', label: axis === 'flops' ? 'flops f = r·d →' : 'compute-optimal d* →', grid: true },
    y: { label: `↑ local ${key}`, grid: true },
    color: { type: 'ordinal', scheme: 'tableau10', domain: phases, legend: false },
    marks: [
      Plot.line(preds, { x: 'x', y: 'y', z: 'phase', stroke: 'phase', strokeDasharray: '4,3', strokeWidth: 1.2 }),
      Plot.line(pts, { x: 'x', y: 'y', z: 'phase', stroke: 'phase', strokeWidth: 1.6 }),
      Plot.dot(pts, { x: 'x', y: 'y', fill: 'phase', r: 1.8 }),
      ...phases.map((p, k) => Plot.text([p], { frameAnchor: 'top-right', dx: -8, dy: 8 + 13 * k, fill: () => p })),
    ],
  });
}
