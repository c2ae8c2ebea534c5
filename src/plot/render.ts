// SVG documents from Observable Plot in any host, and PNG through a real SVG renderer (resvg).

import * as Plot from '@observablehq/plot';

/** A DOM document to render into: the page's own in a browser, linkedom's in Node. */
async function getDocument(): Promise<Document> {
  if (typeof document !== 'undefined') return document;
  const { parseHTML } = await import('linkedom');
  return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
}

/**
 * Options passed to Plot.plot (marks, scales, size), without `document`. Typed loosely on purpose:
 * Observable Plot's own declarations import d3 modules that ship without types, so naming them
 * here would make the emitted .d.ts fail in consumers that check library types
 * (skipLibCheck: false). Inside this module the object is handed to Plot.plot as PlotOptions.
 */
export type PlotSpec = { [option: string]: unknown };

/** Render a Plot specification to a standalone SVG string (with xmlns, no legend figure). */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const doc = await getDocument();
  const node = Plot.plot({ ...(spec as Plot.PlotOptions), document: doc }) as unknown as Element;
  // Plot wraps the SVG in an HTML <figure> when it adds a title or legend: keep plots to bare SVG.
  if (node.tagName.toLowerCase() !== 'svg') throw new Error('plot specification produced HTML, not SVG (no title/legend options here)');
  return standalone(node.outerHTML);
}

function standalone(svg: string): string {
  let s = svg;
  if (!/^<svg[^>]*\sxmlns=/.test(s)) s = s.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  return s;
}

/** A colour ramp legend as standalone SVG, drawn with Plot itself (Plot.legend's ramp needs a canvas). */
export async function renderLegend(color: { scheme: string; domain: [number, number]; label: string }, width = 640): Promise<string> {
  const [lo, hi] = color.domain;
  const n = 64;
  const steps = Array.from({ length: n }, (_, i) => ({ x1: lo + ((hi - lo) * i) / n, x2: lo + ((hi - lo) * (i + 1)) / n }));
  return renderSvg({
    width,
    height: 62,
    marginLeft: 55,
    marginRight: 30,
    marginTop: 34,
    marginBottom: 6,
    style: { background: 'white', fontSize: '11px' },
    x: { domain: [lo, hi], label: color.label, labelAnchor: 'left', axis: 'top' },
    y: { axis: null, domain: [0, 1] },
    color: { type: 'linear', scheme: color.scheme as Plot.ColorScheme, domain: [lo, hi] },
    marks: [
      Plot.rect(steps, {
        x1: 'x1',
        x2: 'x2',
        y1: 0,
        y2: 1,
        fill: (s: { x1: number; x2: number }) => (s.x1 + s.x2) / 2,
        stroke: (s: { x1: number; x2: number }) => (s.x1 + s.x2) / 2,
      }),
    ],
  });
}

/** Tick format for log axes of losses: decades as 1e-3, other ticks unlabelled. */
export function decadeFormat(x: number): string {
  const e = Math.log10(x);
  return Math.abs(e - Math.round(e)) < 1e-9 ? `1e${Math.round(e)}` : '';
}

/**
 * Put several SVG panels side by side in one SVG (nested <svg> elements), with an optional
 * title line above them.
 */
export function composeSvg(panels: string[], title?: string, vertical = false): string {
  const sizes = panels.map((p) => {
    const w = Number(/\swidth="([\d.]+)"/.exec(p)?.[1] ?? 640);
    const h = Number(/\sheight="([\d.]+)"/.exec(p)?.[1] ?? 400);
    return { w, h };
  });
  const top = title ? 28 : 0;
  const width = vertical ? Math.max(...sizes.map((x) => x.w)) : sizes.reduce((s, x) => s + x.w, 0);
  const height = (vertical ? sizes.reduce((s, x) => s + x.h, 0) : Math.max(...sizes.map((x) => x.h))) + top;
  let x = 0,
    y = top;
  const body = panels.map((p, i) => {
    const inner = p.replace(/^<svg/, `<svg x="${x}" y="${y}"`);
    if (vertical) y += sizes[i].h;
    else x += sizes[i].w;
    return inner;
  });
  const head = title
    ? `<text x="${width / 2}" y="19" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="bold">${escapeXml(title)}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="white"/>${head}${body.join('')}</svg>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rasterise an SVG string to PNG bytes (resvg; system fonts, white background), scale 2 by default. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
