// src/plot: the SVG that users get: one path per curve, labelled axes, log scales; PNG renders.
import { DOMParser } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { frontPlot, init, isoflopPlot, lossCurvesPlot, measureFront, phaseDiagram, svgToPng, type MeasuredFront } from '../../src/index.js';

beforeAll(() => init());

function parse(svg: string) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return doc;
}

/** y (or x) positions of tick labels that are decades must be equally spaced on a log axis. */
function decadeSpacing(doc: ReturnType<typeof parse>, axis: 'x' | 'y', root?: Element): number[] {
  const scope = root ?? doc;
  const labels = [...scope.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)] as Element[];
  const pos: { value: string; at: number }[] = [];
  for (const t of labels) {
    const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(
      t.getAttribute('transform') ?? (t.parentNode as Element)?.getAttribute?.('transform') ?? '',
    );
    if (!m || !t.textContent) continue;
    pos.push({ value: t.textContent, at: Number(axis === 'x' ? m[1] : m[2]) });
  }
  const decades = pos.filter((p) => /^1e-?\d+$/.test(p.value));
  return decades.slice(1).map((p, i) => p.at - decades[i].at);
}

let front: MeasuredFront;
beforeAll(async () => {
  front = await measureFront({ alpha: 0.7, beta: 0.6, d: [200, 400, 800, 1600, 3200] });
}, 120_000);

describe('plots', () => {
  it('loss curves: one path per curve, labelled log-log axes', async () => {
    const theory = front.curves.map((c) => ({ d: c.d, flops: c.flops, loss: c.loss }));
    const svg = await lossCurvesPlot(theory);
    const doc = parse(svg);
    const paths = doc.querySelectorAll('g[aria-label="line"] path');
    expect(paths.length).toBe(theory.length);
    expect(doc.querySelector('g[aria-label="x-axis label"]')?.textContent).toMatch(/flops f = r·d·B/);
    expect(doc.querySelector('g[aria-label="y-axis label"]')?.textContent).toMatch(/loss P \(no factor 1\/2\)/);
    const gaps = decadeSpacing(doc, 'y');
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    for (const g of gaps) expect(Math.abs(g - gaps[0])).toBeLessThan(0.01 * Math.abs(gaps[0]));
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    for (const c of theory) expect(texts).toContain(`d=${c.d}`);
  });

  it('front: curves, the front and both fitted lines in the left panel; d*(f) on the right', async () => {
    const svg = await frontPlot(front);
    const doc = parse(svg);
    const panels = [...doc.querySelectorAll('svg svg')];
    expect(panels.length).toBe(2);
    const leftLines = panels[0].querySelectorAll('g[aria-label="line"]');
    // the family (one path per d), the front, the fit, the theory line
    expect(leftLines[0].querySelectorAll('path').length).toBe(front.curves.length);
    expect(leftLines.length).toBe(4);
    expect(panels[1].querySelector('g[aria-label="y-axis label"]')?.textContent).toMatch(/d\*\(f\)/);
    expect(svg).toMatch(/fit: eta = 0\.\d{3}/);
    expect(svg).toMatch(/theory: eta = 0\.615/);
  });

  it('IsoFLOP slices and the phase diagram have labelled axes; the diagram names every phase', async () => {
    const iso = parse(await isoflopPlot(front));
    expect(iso.querySelector('g[aria-label="x-axis label"]')?.textContent).toMatch(/model size d/);
    const diagram = await phaseDiagram({ points: [{ alpha: 0.7, beta: 0.6 }] });
    const doc = parse(diagram);
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent ?? '');
    for (const label of ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb']) expect(texts).toContain(label);
    expect(texts.some((t) => /alpha/.test(t))).toBe(true);
    expect(texts.some((t) => /beta/.test(t))).toBe(true);
    // six boundary lines
    expect(doc.querySelectorAll('g[aria-label="line"] path').length).toBe(6);
  });

  it('renders to PNG', async () => {
    const png = await svgToPng(await phaseDiagram({ resolution: 30 }), 1);
    expect(Array.from(png.slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
    expect(width).toBeGreaterThan(500);
  });
});
