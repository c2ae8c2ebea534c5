// Plots of fits against the data (Observable Plot via src/plot/render.ts): log-log, labelled axes.

import * as Plot from '@observablehq/plot';
import { PlrfError } from '../core/errors.js';
import { composeSvg, renderSvg } from '../plot/render.js';
import type { PlrfFit } from './plrf.js';
import { predictScalingLaw } from './scalingLaw/predict.js';
import type { ChinchillaPoint, PowerPoint, ScalingLawFit } from './scalingLaw/types.js';

const STYLE = { background: 'white', fontSize: '11px' };
const fmt = (x: number) => (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toPrecision(3));
const ci = (p: { value: number; ci: [number, number] }) => `${fmt(p.value)} [${fmt(p.ci[0])}, ${fmt(p.ci[1])}]`;

/** Tick labels at decades only (any positive range). */
function decades(x: number): string {
  const e = Math.log10(x);
  return Math.abs(e - Math.round(e)) < 1e-9 ? `1e${Math.round(e)}` : '';
}

/** Decade labels when values span more than a decade; Plot's default labels otherwise. */
function logTicks(values: number[]): ((x: number) => string) | undefined {
  const pos = values.filter((v) => v > 0);
  return Math.max(...pos) / Math.min(...pos) > 10 ? decades : (x: number) => String(Number(x.toPrecision(3)));
}

/**
 * The PLRF fit against the data: (left) the loss per (d, batch) against steps in your units, data as
 * dots (means over runs) and the fitted deterministic-equivalent curves as lines, log-log; (right)
 * the log residuals against steps. Step 0 is not drawn on the log axis. Returns a standalone SVG.
 *
 * @example
 * const svg = await plrfFitPlot(await fitPlrf(rows));
 */
export async function plrfFitPlot(fit: PlrfFit): Promise<string> {
  const dots = fit.points.filter((p) => p.step > 0).map((p) => ({ ...p, group: `d=${p.d}${p.batch > 1 ? ` B=${p.batch}` : ''}` }));
  const lines = fit.curves.flatMap((c) => c.step.map((s, i) => ({ d: c.d, step: s, loss: c.loss[i] })).filter((p) => p.step > 0));
  const ends = fit.curves.map((c) => ({
    d: c.d,
    step: c.step[c.step.length - 1],
    loss: c.loss[c.loss.length - 1],
    label: `d=${c.d}${c.batch > 1 ? ` B=${c.batch}` : ''}`,
  }));
  const left = await renderSvg({
    width: 620,
    height: 430,
    marginRight: 70,
    style: STYLE,
    x: { type: 'log', label: 'steps (your units) →', grid: true, tickFormat: decades },
    y: { type: 'log', label: '↑ loss (your units)', grid: true, tickFormat: logTicks(fit.points.map((q) => q.loss)) },
    color: { type: 'log', scheme: 'viridis' },
    marks: [
      Plot.dot(dots, { x: 'step', y: 'loss', stroke: 'd', r: 2.5 }),
      Plot.line(lines, { x: 'step', y: 'loss', z: 'd', stroke: 'd', strokeWidth: 1.6 }),
      Plot.text(ends, { x: 'step', y: 'loss', text: 'label', dx: 4, textAnchor: 'start', fill: 'd' }),
      Plot.text([`dots: data (mean over runs); lines: fit s_L·P(s_r·step; d)`], {
        frameAnchor: 'top-right',
        dx: -8,
        dy: 8,
        textAnchor: 'end',
        fill: '#333',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    ],
  });
  const res = dots.map((p) => ({ d: p.d, step: p.step, r: Math.log(p.loss / p.fitted) }));
  const right = await renderSvg({
    width: 420,
    height: 430,
    style: STYLE,
    x: { type: 'log', label: 'steps (your units) →', grid: true, tickFormat: decades },
    y: { label: '↑ log(data / fit)', grid: true },
    color: { type: 'log', scheme: 'viridis' },
    marks: [Plot.ruleY([0], { stroke: '#999' }), Plot.dot(res, { x: 'step', y: 'r', stroke: 'd', r: 2 })],
  });
  const p = fit.params;
  let title = `PLRF fit: alpha = ${ci(p.alpha)}, beta = ${ci(p.beta)} (${Math.round(100 * fit.level)}%), phase ${fit.phase.phase}`;
  if (fit.budget) title += `; budget ${fmt(fit.budget.flops)}: d* = ${fmt(fit.budget.d)}, loss ${fmt(fit.budget.loss)}`;
  return composeSvg([left, right], title);
}

/**
 * A scaling-law fit against the data. `power`: loss against x with the fitted curve, its
 * confidence band (expected loss) and the wider prediction band (one new run). `chinchilla`:
 * (left) observed against fitted loss with the identity line; (right) loss against compute
 * C = 6 N D, dots coloured by N, with the fitted compute-optimal frontier L*(C) (and the budget, if
 * any). Log-log. Returns a standalone SVG.
 *
 * @example
 * const fit = await fitScalingLaw(rows, { form: 'power' });
 * const svg = await scalingLawPlot(fit, rows);
 */
export async function scalingLawPlot(fit: ScalingLawFit, rows: PowerPoint[] | ChinchillaPoint[]): Promise<string> {
  if (!Array.isArray(rows) || rows.length !== fit.n)
    throw new PlrfError('INVALID_ARGUMENT', 'rows must be the rows the fit was made from', 'rows');
  const P = fit.params;
  const lvl = `${Math.round(100 * fit.level)}%`;
  if (fit.form === 'power') {
    const pts = rows as PowerPoint[];
    const xs = pts.map((r) => r.x);
    const lo = Math.min(...xs),
      hi = Math.max(...xs);
    const grid = Array.from({ length: 60 }, (_, i) => lo * (hi / lo) ** (i / 59));
    const pred = predictScalingLaw(
      fit,
      grid.map((x) => ({ x })),
    );
    const band = grid.map((x, i) => ({
      x,
      loss: pred[i].loss,
      cLo: pred[i].ci[0],
      cHi: pred[i].ci[1],
      pLo: pred[i].pi[0],
      pHi: pred[i].pi[1],
    }));
    const svg = await renderSvg({
      width: 700,
      height: 440,
      marginLeft: 50,
      style: STYLE,
      x: { type: 'log', label: 'x →', grid: true, tickFormat: decades },
      y: {
        type: 'log',
        label: '↑ loss',
        grid: true,
        tickFormat: logTicks([...pts.map((r) => r.loss), ...band.map((b) => b.pLo), ...band.map((b) => b.pHi)]),
      },
      marks: [
        Plot.areaY(band, { x: 'x', y1: 'pLo', y2: 'pHi', fill: '#1f77b4', fillOpacity: 0.12 }),
        Plot.areaY(band, { x: 'x', y1: 'cLo', y2: 'cHi', fill: '#1f77b4', fillOpacity: 0.3 }),
        Plot.line(band, { x: 'x', y: 'loss', stroke: '#1f77b4', strokeWidth: 2 }),
        Plot.dot(pts, { x: 'x', y: 'loss', stroke: 'black', r: 2.5 }),
        Plot.text([`line: fit; dark band: ${lvl} confidence; light band: ${lvl} prediction`], {
          frameAnchor: 'bottom-left',
          dx: 8,
          dy: -8,
          textAnchor: 'start',
          fill: '#333',
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        }),
      ],
    });
    return composeSvg([svg], `L = E + A x^-a: E = ${ci(P.E)}, a = ${ci(P.a)} (${lvl})`);
  }
  const pts = rows as ChinchillaPoint[];
  const fitted = (r: ChinchillaPoint) => P.E.value + P.A.value * r.params ** -P.a.value + P.B.value * r.tokens ** -P.b.value;
  const parity = pts.map((r) => ({ obs: r.loss, fit: fitted(r), N: r.params }));
  const all = parity.flatMap((q) => [q.obs, q.fit]);
  const diag = [Math.min(...all), Math.max(...all)].map((v) => ({ v }));
  const left = await renderSvg({
    width: 460,
    height: 440,
    style: STYLE,
    x: { type: 'log', label: 'fitted loss →', grid: true },
    y: { type: 'log', label: '↑ observed loss', grid: true },
    color: { type: 'log', scheme: 'viridis', label: 'N' },
    marks: [
      Plot.line(diag, { x: 'v', y: 'v', stroke: '#999', strokeDasharray: '4,3' }),
      Plot.dot(parity, { x: 'fit', y: 'obs', stroke: 'N', r: 2.5 }),
    ],
  });
  const comp = pts.map((r) => ({ C: 6 * r.params * r.tokens, loss: r.loss, N: r.params }));
  const Cs = comp.map((c) => c.C);
  const cLo = Math.min(...Cs),
    cHi = Math.max(fit.budget?.flops ?? 0, ...Cs);
  const frontier: { C: number; loss: number }[] = [];
  const { E, A, a, B, b } = { E: P.E.value, A: P.A.value, a: P.a.value, B: P.B.value, b: P.b.value };
  if (A > 0 && B > 0) {
    for (let i = 0; i < 60; i++) {
      const C = cLo * (cHi / cLo) ** (i / 59);
      const N = ((a * A) / (b * B)) ** (1 / (a + b)) * (C / 6) ** (b / (a + b));
      frontier.push({ C, loss: E + A * N ** -a + B * (C / (6 * N)) ** -b });
    }
  }
  const budget = fit.budget ? [{ C: fit.budget.flops, loss: fit.budget.loss, lo: fit.budget.pi[0], hi: fit.budget.pi[1] }] : [];
  const right = await renderSvg({
    width: 560,
    height: 440,
    style: STYLE,
    x: { type: 'log', label: 'compute C = 6·N·D (FLOPs) →', grid: true, tickFormat: decades },
    y: { type: 'log', label: '↑ loss', grid: true },
    color: { type: 'log', scheme: 'viridis', label: 'N' },
    marks: [
      Plot.dot(comp, { x: 'C', y: 'loss', stroke: 'N', r: 2.5 }),
      Plot.line(frontier, { x: 'C', y: 'loss', stroke: '#d62728', strokeWidth: 2 }),
      Plot.ruleX(budget, { x: 'C', y1: 'lo', y2: 'hi', stroke: '#d62728' }),
      Plot.dot(budget, { x: 'C', y: 'loss', fill: '#d62728', r: 4 }),
      Plot.text([`red: fitted compute-optimal frontier L*(C)${budget.length ? `; budget with its ${lvl} prediction interval` : ''}`], {
        frameAnchor: 'bottom-left',
        dx: 8,
        dy: -8,
        textAnchor: 'start',
        fill: '#333',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    ],
  });
  return composeSvg([left, right], `Chinchilla fit L = E + A N^-a + B D^-b: E = ${ci(P.E)}, a = ${ci(P.a)}, b = ${ci(P.b)}`);
}
