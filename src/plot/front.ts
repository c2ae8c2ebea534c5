// Plots of a measured compute-optimal front: the family of curves with the front and its fits,
// d*(f), and IsoFLOP slices.

import { interpolateLogLog } from '../front/front.js';
import * as Plot from '@observablehq/plot';
import type { MeasuredFront } from '../front/measureFront.js';
import { composeSvg, decadeFormat, renderSvg } from './render.js';
import { endLabels } from './curves.js';

const FLOPS_LABEL = 'flops f = r·d·B →';
const LOSS_LABEL = '↑ loss P (no factor 1/2)';

function fitLine(front: { flops: number; y: number }[], window: [number, number], exponent: number | null, sign: 1 | -1) {
  // Least-squares intercept for a given slope over the window, then the line across the window.
  const pts = front.filter((p) => p.flops >= window[0] && p.flops <= window[1]);
  if (exponent === null || pts.length === 0) return [];
  const s = sign * exponent;
  const b = pts.reduce((acc, p) => acc + Math.log(p.y) - s * Math.log(p.flops), 0) / pts.length;
  return [window[0], window[1]].map((f) => ({ flops: f, y: Math.exp(b + s * Math.log(f)) }));
}

/** A 95% interval for a legend; "[n/a]" when the front withheld it (see its warnings). */
function interval(c: [number, number] | null): string {
  return c === null ? '[n/a]' : `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]`;
}

/** Lines of legend text stacked in a corner of the frame. */
function legendLines(lines: string[], colors: string[], corner: 'top-left' | 'bottom-left'): Plot.Markish[] {
  return lines.map((text, i) =>
    Plot.text([text], {
      frameAnchor: corner,
      dx: 8,
      dy: corner === 'top-left' ? 8 + 16 * i : -8 - 16 * (lines.length - 1 - i),
      text: (t: string) => t,
      fill: colors[i],
      stroke: 'white',
      strokeWidth: 3,
      paintOrder: 'stroke',
      textAnchor: 'start',
    }),
  );
}

/**
 * Two panels: (left) every loss curve against flops with the compute-optimal front P*(f) and the
 * fitted and predicted power laws over the fit window; (right) d*(f) with fitted and predicted slopes.
 * Log-log axes. Returns a standalone SVG string.
 */
export async function frontPlot(r: MeasuredFront): Promise<string> {
  const m = r.measured;
  const curves = r.curves.flatMap((c) => c.flops.map((f, i) => ({ d: c.d, flops: f, loss: c.loss[i] })).filter((p) => p.flops > 0));
  const front = m.front.map((p) => ({ flops: p.flops, y: p.loss, d: p.d }));
  const eta = `${m.eta.toFixed(3)} ${interval(m.etaCI)}`;
  const fitP = fitLine(front, m.window, m.eta, -1).map((p) => ({ ...p, kind: `fit: eta = ${eta}` }));
  const thP = fitLine(front, m.window, r.theory.eta, -1).map((p) => ({ ...p, kind: `theory: eta = ${r.theory.eta?.toFixed(3)}` }));
  const ends = endLabels(
    r.curves.map((c) => ({ d: c.d, flops: c.flops[c.flops.length - 1], loss: c.loss[c.loss.length - 1] })),
    curves.map((p) => p.loss),
    420,
  );
  const left = await renderSvg({
    width: 620,
    height: 420,
    marginRight: 60,
    style: { background: 'white', fontSize: '11px' },
    x: { type: 'log', label: FLOPS_LABEL, grid: true },
    y: { type: 'log', label: LOSS_LABEL, grid: true, tickFormat: decadeFormat },
    color: { type: 'log', scheme: 'viridis' },
    marks: [
      Plot.line(curves, { x: 'flops', y: 'loss', z: 'd', stroke: 'd', strokeOpacity: 0.8 }),
      Plot.text(ends, { x: 'flops', y: 'at', text: (e: { d: number }) => `d=${e.d}`, dx: 4, textAnchor: 'start', fill: 'd' }),
      Plot.line(front, { x: 'flops', y: 'y', stroke: 'black', strokeWidth: 2.5 }),
      Plot.line(fitP, { x: 'flops', y: 'y', stroke: '#d62728', strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.line(thP, { x: 'flops', y: 'y', stroke: '#1f77b4', strokeWidth: 2, strokeDasharray: '2,3' }),
      Plot.ruleX(m.window, { stroke: '#999', strokeDasharray: '3,3' }),
      ...legendLines(['black: front P*(f)', fitP[0]?.kind ?? '', thP[0]?.kind ?? ''], ['black', '#d62728', '#1f77b4'], 'bottom-left'),
    ],
  });
  const dfront = m.front.map((p) => ({ flops: p.flops, y: p.d }));
  const xi = `${m.xi.toFixed(3)} ${interval(m.xiCI)}`;
  const fitD = fitLine(dfront, m.window, m.xi, 1).map((p) => ({ ...p, kind: `fit: xi = ${xi}` }));
  const thD = fitLine(dfront, m.window, r.theory.xi, 1).map((p) => ({ ...p, kind: `theory: xi = ${r.theory.xi?.toFixed(3)}` }));
  const right = await renderSvg({
    width: 480,
    height: 420,
    style: { background: 'white', fontSize: '11px' },
    x: { type: 'log', label: FLOPS_LABEL, grid: true },
    y: { type: 'log', label: '↑ compute-optimal model size d*(f)', grid: true },
    marks: [
      Plot.line(dfront, { x: 'flops', y: 'y', stroke: 'black', strokeWidth: 2 }),
      Plot.line(fitD, { x: 'flops', y: 'y', stroke: '#d62728', strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.line(thD, { x: 'flops', y: 'y', stroke: '#1f77b4', strokeWidth: 2, strokeDasharray: '2,3' }),
      Plot.ruleX(m.window, { stroke: '#999', strokeDasharray: '3,3' }),
      ...legendLines([fitD[0]?.kind ?? '', thD[0]?.kind ?? ''], ['#d62728', '#1f77b4'], 'top-left'),
    ],
  });
  const title = `Compute-optimal front, (alpha, beta) = (${r.phase.alpha}, ${r.phase.beta}), phase ${r.phase.phase}; Approach ${m.approach}, window ${m.window[0].toExponential(1)}..${m.window[1].toExponential(1)}`;
  return composeSvg([left, right], title);
}

/**
 * IsoFLOP slices: loss against d at several fixed flops inside the fit window, with the
 * compute-optimal d*(f) marked. Log-log axes.
 */
export async function isoflopPlot(r: MeasuredFront, slices = 6): Promise<string> {
  const m = r.measured;
  const [lo, hi] = m.window;
  const fs = Array.from({ length: slices }, (_, i) => lo * (hi / lo) ** (slices === 1 ? 0 : i / (slices - 1)));
  const rows: { f: string; d: number; loss: number }[] = [];
  for (const f of fs) {
    for (const c of r.curves) {
      const p = interpolateLogLog(c.flops, c.loss, f);
      if (Number.isFinite(p)) rows.push({ f: f.toExponential(1), d: c.d, loss: p });
    }
  }
  const opt = fs.map((f) => {
    let best = m.front[0];
    for (const p of m.front) if (Math.abs(Math.log(p.flops / f)) < Math.abs(Math.log(best.flops / f))) best = p;
    return { f: f.toExponential(1), d: best.d, loss: best.loss };
  });
  return renderSvg({
    width: 620,
    height: 420,
    marginRight: 70,
    style: { background: 'white', fontSize: '11px' },
    x: { type: 'log', label: 'model size d →', grid: true },
    y: { type: 'log', label: LOSS_LABEL, grid: true, tickFormat: decadeFormat },
    color: { type: 'ordinal', scheme: 'tableau10' },
    marks: [
      Plot.line(rows, { x: 'd', y: 'loss', z: 'f', stroke: 'f' }),
      Plot.dot(rows, { x: 'd', y: 'loss', fill: 'f', r: 2.5 }),
      Plot.dot(opt, { x: 'd', y: 'loss', stroke: 'black', r: 6, strokeWidth: 1.5 }),
      Plot.text(
        rows.filter((p) => p.d === r.curves[r.curves.length - 1].d),
        { x: 'd', y: 'loss', text: (p: { f: string }) => `f=${p.f}`, dx: 5, textAnchor: 'start', fill: 'f' },
      ),
    ],
    caption: undefined,
  });
}
