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
  const dots = sgd.flatMap((c) =>
    c.flops.map((f, i) => ({ d: c.d, flops: f, loss: c.loss[i], se: c.stderr?.[i] ?? 0 })).filter((p) => p.flops > 0),
  );
  const bands = dots.map((p) => ({ ...p, lo: Math.max(p.loss - 2 * p.se, p.loss * 0.05), hi: p.loss + 2 * p.se }));
  const ends = theory.map((c) => ({ d: c.d, flops: c.flops[c.flops.length - 1], loss: c.loss[c.loss.length - 1] }));
  // Curves of large d end at nearly the same loss: spread their labels apart vertically (at least
  // one text line, in the log scale's units) so that d=800 and d=1600 do not print over each other.
  const labels = endLabels(ends, [...lines.map((p) => p.loss), ...bands.flatMap((b) => [b.lo, b.hi])], 460);
  const svg = await renderSvg({
    width: 700,
    height: 460,
    marginRight: 70,
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
 * End-of-curve labels on a log y axis, moved apart so that neighbours are at least one text line
 * (15 px) apart: `at` is where to draw each label. `ys` are all y values of the plot (its extent)
 * and `height` the plot's height in pixels (Plot's default margins of 20 and 30 px are taken off).
 */
export function endLabels<T extends { loss: number }>(ends: T[], ys: number[], height: number): (T & { at: number })[] {
  const finite = ys.filter((y) => y > 0 && Number.isFinite(y));
  const span = finite.length ? Math.log10(Math.max(...finite)) - Math.log10(Math.min(...finite)) : 1;
  const gap = (15 * (span || 1)) / (height - 20 - 30);
  const placed = spreadLabels(
    ends.map((e) => Math.log10(e.loss)),
    gap,
  );
  return ends.map((e, i) => ({ ...e, at: 10 ** placed[i] }));
}

/**
 * Move label positions (one dimension) the least so that neighbours are at least `gap` apart:
 * clusters of overlapping labels are spread evenly around their mean. Returns positions in the
 * input order.
 */
export function spreadLabels(y: number[], gap: number): number[] {
  const order = y
    .map((v, i) => ({ v, i }))
    .filter((p) => Number.isFinite(p.v))
    .sort((a, b) => a.v - b.v);
  // Each cluster: a run of labels packed at `gap`, centred on the mean of their wanted positions.
  const clusters: { start: number; items: { v: number; i: number }[] }[] = [];
  for (const p of order) {
    clusters.push({ start: p.v, items: [p] });
    // Merge while the last cluster overlaps the previous one.
    while (clusters.length > 1) {
      const b = clusters[clusters.length - 1],
        a = clusters[clusters.length - 2];
      if (a.start + a.items.length * gap <= b.start) break;
      const items = [...a.items, ...b.items];
      const mean = items.reduce((s, q) => s + q.v, 0) / items.length;
      clusters.splice(clusters.length - 2, 2, { start: mean - ((items.length - 1) * gap) / 2, items });
    }
  }
  const out = [...y];
  for (const c of clusters)
    c.items.forEach((q, k) => {
      out[q.i] = c.start + k * gap;
    });
  return out;
}
