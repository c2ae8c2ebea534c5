// Loss curves against flops: theory lines for a d grid with SGD means and bands on top.

import * as Plot from '@observablehq/plot';
import { composeSvg, decadeFormat, renderSvg } from './render.js';

/** One curve for {@link lossCurvesPlot}. */
export interface PlotCurve {
  d: number;
  flops: number[];
  loss: number[];
  /** Standard errors (SGD): a band of +-2 standard errors is drawn. */
  stderr?: number[] | null;
}

/**
 * Loss against flops f = r·d·B on log-log axes: one line per theory curve (coloured by d, labelled
 * at its end), and for each SGD curve its mean as dots with a +-2 standard-error band.
 */
export async function lossCurvesPlot(theory: PlotCurve[], sgd: PlotCurve[] = [], title?: string): Promise<string> {
  const lines = theory.flatMap((c) => c.flops.map((f, i) => ({ d: c.d, flops: f, loss: c.loss[i] })).filter((p) => p.flops > 0));
  const dots = sgd.flatMap((c) => c.flops.map((f, i) => ({ d: c.d, flops: f, loss: c.loss[i], se: c.stderr?.[i] ?? 0 })).filter((p) => p.flops > 0));
  const bands = dots.map((p) => ({ ...p, lo: Math.max(p.loss - 2 * p.se, p.loss * 0.05), hi: p.loss + 2 * p.se }));
  const ends = theory.map((c) => ({ d: c.d, flops: c.flops[c.flops.length - 1], loss: c.loss[c.loss.length - 1] }));
  // Curves of large d end at nearly the same loss: spread their labels apart vertically (at least
  // one text line, in the log scale's units) so that d=800 and d=1600 do not print over each other.
  const ys = [...lines.map((p) => p.loss), ...bands.flatMap((b) => [b.lo, b.hi])].filter((y) => y > 0 && Number.isFinite(y));
  const span = ys.length ? Math.log10(Math.max(...ys)) - Math.log10(Math.min(...ys)) : 1;
  const plotHeight = 460 - 20 - 30; // height minus Plot's default top and bottom margins
  const gap = (13 * (span || 1)) / plotHeight;
  const placed = spreadLabels(ends.map((e) => Math.log10(e.loss)), gap);
  const labels = ends.map((e, i) => ({ ...e, at: 10 ** placed[i] }));
  const svg = await renderSvg({
    width: 700, height: 460, marginRight: 70,
    style: { background: 'white', fontSize: '11px' },
    x: { type: 'log', label: 'flops f = r·d·B →', grid: true },
    y: { type: 'log', label: '↑ loss P (no factor 1/2)', grid: true, tickFormat: decadeFormat },
    color: { type: 'log', scheme: 'viridis' },
    marks: [
      Plot.areaY(bands, { x: 'flops', y1: 'lo', y2: 'hi', z: 'd', fill: 'd', fillOpacity: 0.25 }),
      Plot.line(lines, { x: 'flops', y: 'loss', z: 'd', stroke: 'd', strokeWidth: 1.5 }),
      Plot.dot(dots, { x: 'flops', y: 'loss', stroke: 'd', r: 2 }),
      Plot.text(labels, { x: 'flops', y: 'at', text: (e: { d: number }) => `d=${e.d}`, dx: 4, textAnchor: 'start', fill: 'd' }),
    ],
  });
  return title ? composeSvg([svg], title) : svg;
}

/**
 * Move label positions (one dimension) the least so that neighbours are at least `gap` apart:
 * clusters of overlapping labels are spread evenly around their mean. Returns positions in the
 * input order.
 */
export function spreadLabels(y: number[], gap: number): number[] {
  const order = y.map((v, i) => ({ v, i })).filter((p) => Number.isFinite(p.v)).sort((a, b) => a.v - b.v);
  // Each cluster: a run of labels packed at `gap`, centred on the mean of their wanted positions.
  const clusters: { start: number; items: { v: number; i: number }[] }[] = [];
  for (const p of order) {
    clusters.push({ start: p.v, items: [p] });
    // Merge while the last cluster overlaps the previous one.
    while (clusters.length > 1) {
      const b = clusters[clusters.length - 1], a = clusters[clusters.length - 2];
      if (a.start + a.items.length * gap <= b.start) break;
      const items = [...a.items, ...b.items];
      const mean = items.reduce((s, q) => s + q.v, 0) / items.length;
      clusters.splice(clusters.length - 2, 2, { start: mean - ((items.length - 1) * gap) / 2, items });
    }
  }
  const out = [...y];
  for (const c of clusters) c.items.forEach((q, k) => { out[q.i] = c.start + k * gap; });
  return out;
}
