// The (alpha, beta) phase diagram: regions, boundaries, labels and an eta (or xi) heat map.

import * as Plot from '@observablehq/plot';
import { classifyPhase } from '../model/phases.js';
import { init } from '../core/wasm.js';
import { composeSvg, renderLegend, renderSvg } from './render.js';

/** Options of {@link phaseDiagram}. */
export interface PhaseDiagramOptions {
  /** alpha range; default [0.05, 1.5]. */
  alpha?: [number, number];
  /** beta range; default [-0.2, 1.6]. */
  beta?: [number, number];
  /** Heat map of `eta` (default) or `xi`. */
  heat?: 'eta' | 'xi';
  /** Grid cells per axis; default 120. */
  resolution?: number;
  /** Points to mark (e.g. the study's (alpha, beta)), with optional labels. */
  points?: { alpha: number; beta: number; label?: string }[];
  /** Measured exponents to overlay as labelled dots. */
  measured?: { alpha: number; beta: number; eta: number; xi?: number }[];
}

const IV_SPLIT = 1 - 1 / Math.SQRT2;

/**
 * The phase diagram of docs/model.md §7 as SVG: a heat map of the predicted eta (or xi) over an
 * (alpha, beta) grid, the phase boundaries (beta = 1/2, alpha = 1/2, beta = alpha, alpha = 1/4,
 * alpha = 1 - 1/sqrt 2, alpha + beta = 1/2), region labels, marked points and measured exponents.
 */
export async function phaseDiagram(options: PhaseDiagramOptions = {}): Promise<string> {
  await init();
  const [a0, a1] = options.alpha ?? [0.05, 1.5];
  const [b0, b1] = options.beta ?? [-0.2, 1.6];
  const heat = options.heat ?? 'eta';
  const n = options.resolution ?? 120;
  const vmax = heat === 'eta' ? 1 : 0.7;
  // The heat map is drawn as filled bands (one path per level, 40 levels over the colour domain)
  // traced on an n x n grid, instead of n² rectangles: about 50 kB instead of 2 MB of SVG.
  const value = (alpha: number, beta: number): number => {
    const p = classifyPhase(alpha, beta);
    const x = heat === 'eta' ? p.eta : p.xi;
    return x === null ? NaN : x;
  };
  const thresholds = Array.from({ length: 41 }, (_, i) => (vmax * i) / 40);
  // The region without a power law (alpha + beta <= 1/2), clipped to the plot, in grey.
  const none = noneRegion(a0, a1, b0, b1);
  const clipB = (b: number) => Math.max(b0, Math.min(b1, b));
  const seg = (pts: [number, number][], name: string) => pts.map(([alpha, beta]) => ({ alpha, beta: clipB(beta), name }));
  const boundaries = [
    ...seg(
      [
        [a0, 0.5],
        [a1, 0.5],
      ],
      'beta = 1/2',
    ),
    ...seg(
      [
        [0.5, 0],
        [0.5, b1],
      ],
      'alpha = 1/2',
    ),
    ...seg(
      [
        [0.5, 0.5],
        [Math.min(a1, b1), Math.min(a1, b1)],
      ],
      'beta = alpha',
    ),
    ...seg(
      [
        [0.25, 0.5],
        [0.25, b1],
      ],
      'alpha = 1/4',
    ),
    ...seg(
      [
        [IV_SPLIT, 0.5],
        [IV_SPLIT, b1],
      ],
      'alpha = 1 - 1/sqrt 2',
    ),
    ...seg(
      [
        [a0, 0.5 - a0],
        [Math.min(a1, 0.5 - b0), Math.max(b0, 0.5 - Math.min(a1, 0.5 - b0))],
      ],
      'alpha + beta = 1/2',
    ),
  ];
  const labels = [
    { alpha: 1.1, beta: 0.15, text: 'Ia' },
    { alpha: 0.38, beta: 0.3, text: 'Ib' },
    { alpha: 0.14, beta: 1.1, text: 'Ic' },
    { alpha: 1.25, beta: 0.75, text: 'II' },
    { alpha: 0.85, beta: 1.3, text: 'III' },
    { alpha: 0.4, beta: 1.1, text: 'IVa' },
    { alpha: 0.272, beta: 0.8, text: 'IVb' },
    { alpha: 0.2, beta: -0.1, text: 'no power law' },
  ].filter((l) => l.alpha > a0 && l.alpha < a1 && l.beta > b0 && l.beta < b1);
  const points = options.points ?? [];
  const measured = (options.measured ?? []).map((m) => ({ ...m, text: `${m.eta.toFixed(2)}` }));
  const diagram = await renderSvg({
    width: 640,
    height: 560,
    marginLeft: 55,
    marginBottom: 45,
    style: { background: 'white', fontSize: '12px' },
    x: { domain: [a0, a1], label: 'data complexity alpha →' },
    y: { domain: [b0, b1], label: '↑ target complexity beta' },
    color: { type: 'linear', scheme: 'YlGnBu', legend: false, label: heat, domain: [0, vmax] },
    marks: [
      Plot.contour({
        x1: a0,
        x2: a1,
        y1: b0,
        y2: b1,
        width: n,
        height: n,
        value,
        thresholds,
        fill: 'value',
        stroke: 'value',
        strokeWidth: 0.5, // the stroke hides anti-aliasing seams between bands
      }),
      ...(none.length ? [Plot.areaY(none, { x: 'alpha', y1: () => b0, y2: 'beta', fill: '#ddd', stroke: '#ddd', strokeWidth: 0.5 })] : []),
      Plot.line(boundaries, { x: 'alpha', y: 'beta', z: 'name', stroke: 'black', strokeWidth: 1.5 }),
      Plot.text(labels, {
        x: 'alpha',
        y: 'beta',
        text: 'text',
        fontSize: 15,
        fontWeight: 'bold',
        fill: 'black',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
      Plot.dot(points, { x: 'alpha', y: 'beta', r: 6, fill: '#d62728', stroke: 'white', strokeWidth: 1.5 }),
      Plot.text(points, {
        x: 'alpha',
        y: 'beta',
        text: (p: { label?: string; alpha: number; beta: number }) => p.label ?? `(${p.alpha}, ${p.beta})`,
        dx: 9,
        textAnchor: 'start',
        fill: '#d62728',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
      Plot.dot(measured, { x: 'alpha', y: 'beta', r: 3, fill: 'black' }),
      Plot.text(measured, {
        x: 'alpha',
        y: 'beta',
        text: 'text',
        dy: -8,
        fontSize: 10,
        fill: 'black',
        stroke: 'white',
        strokeWidth: 2,
        paintOrder: 'stroke',
      }),
    ],
  });
  const legend = await renderLegend({
    scheme: 'YlGnBu',
    domain: [0, heat === 'eta' ? 1 : 0.7],
    label: `predicted ${heat} (grey: no power law)`,
  });
  // Band outlines at a tenth of a pixel are plenty: round the traced coordinates (a third of the bytes).
  const compact = diagram.replace(
    /\sd="([^"]*)"/g,
    (_, d: string) => ` d="${d.replace(/-?\d+\.\d+/g, (x) => String(Math.round(Number(x) * 10) / 10))}"`,
  );
  return composeSvg([legend, compact], `Phases of compute-optimal PLRF scaling`, true);
}

/**
 * The region alpha + beta <= 1/2 inside [a0, a1] x [b0, b1] as an area from beta = b0 up to
 * min(b1, 1/2 - alpha) (empty when it misses the box).
 */
function noneRegion(a0: number, a1: number, b0: number, b1: number): { alpha: number; beta: number }[] {
  const end = Math.min(a1, 0.5 - b0);
  if (!(end > a0)) return [];
  const knees = [a0, Math.min(end, Math.max(a0, 0.5 - b1)), end];
  return [...new Set(knees)].sort((x, y) => x - y).map((alpha) => ({ alpha, beta: Math.min(b1, 0.5 - alpha) }));
}
