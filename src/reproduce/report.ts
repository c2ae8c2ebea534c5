// Text and Markdown renderings of a reproduction: settings, the comparison tables and Table 2.

import type { FigureResult } from './figures.js';
import type { Preset } from './presets.js';
import type { Table2Record } from './table2.js';

const fmt = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0)
      ? x.toExponential(2)
      : x.toFixed(digits);
const cell = (s: string) => s.replace(/\|/g, '\\|');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join(
    '\n',
  );
}

/** A figure's settings and comparison as Markdown (the image link is added by the caller). */
export function figureMarkdown(f: FigureResult, image?: string): string {
  const parts = [`### ${f.title}`, ''];
  if (image) parts.push(`![${f.title}](${image})`, '');
  parts.push(
    'Settings:',
    '',
    table(
      ['setting', 'value', 'source'],
      f.settings.map((s) => [s.name, s.value, s.source]),
    ),
    '',
  );
  parts.push(
    table(
      ['quantity', 'paper', 'plrf (same settings)', 'prediction', 'note'],
      f.rows.map((r) => [r.quantity, fmt(r.paper), fmt(r.plrf), fmt(r.predicted), r.note ?? '']),
    ),
    '',
  );
  for (const n of f.notes) parts.push(`- ${n}`);
  parts.push('', `Computed in ${f.seconds.toFixed(1)} s.`, '');
  return parts.join('\n');
}

/** Table 2 as Markdown: prediction (the paper's formulas) vs measured, the drift and the extrapolation. */
export function table2Markdown(recs: Table2Record[]): string {
  const parts: string[] = [];
  parts.push(
    table(
      ['phase', '(alpha, beta)', 'eta: paper (Table 2)', 'eta: plrf', 'xi: paper (Table 2)', 'xi: plrf', 'fit', 'window (f = r·d)', 'dMax'],
      recs.map((r) => [
        r.phase,
        `(${r.alpha}, ${r.beta})`,
        fmt(r.predicted.eta, 4),
        fmt(r.measured.eta, 4),
        fmt(r.predicted.xi, 4),
        fmt(r.measured.xi, 4),
        `Approach ${r.measured.approach}`,
        `${fmt(r.measured.window[0])} .. ${fmt(r.measured.window[1])}`,
        String(r.dMax),
      ]),
    ),
    '',
  );
  parts.push(
    "The paper's Table 2 gives formulas, not measurements: its column is the prediction. Finite-size drift (the fit on nested grids d = 200 .. dMax; gap = plrf - prediction):",
    '',
  );
  const dMaxes = [...new Set(recs.flatMap((r) => r.drift.map((d) => d.dMax)))].sort((a, b) => a - b);
  parts.push(
    table(
      ['phase', ...dMaxes.map((m) => `gap eta @ ${m}`), ...dMaxes.map((m) => `gap xi @ ${m}`), 'abs(gap eta) ~ dMax^-p'],
      recs.map((r) => [
        r.phase,
        ...dMaxes.map((m) => fmt(r.drift.find((d) => d.dMax === m)?.gapEta ?? null, 4)),
        ...dMaxes.map((m) => fmt(r.drift.find((d) => d.dMax === m)?.gapXi ?? null, 4)),
        r.gapDecay.eta === null ? 'not shrinking monotonically' : `p = ${r.gapDecay.eta.toFixed(2)}`,
      ]),
    ),
    '',
  );
  parts.push(
    'Extrapolation (model: y(x) = yInf + c·x^(-omega), least squares, omega on 0.02..2, fitted to the nested-grid fits against their dMax, and to the local slopes against d*; "edge" = omega at the end of its range, i.e. the model is not constrained by the data; "–" = fewer than 4 points):',
    '',
  );
  const ex = (e: Table2Record['extrapolation']['eta']) =>
    e ? `${fmt(e.yInf)} (omega ${e.omega.toFixed(2)}${e.atEdge ? ', edge' : ''})` : '–';
  parts.push(
    table(
      [
        'phase',
        'eta predicted',
        'eta extrap. (nested)',
        'eta extrap. (local)',
        'xi predicted',
        'xi extrap. (nested)',
        'xi extrap. (local)',
        'last local eta, xi @ d*',
      ],
      recs.map((r) => {
        const x = r.extrapolation,
          last = r.localSlopes.at(-1);
        return [
          r.phase,
          fmt(r.predicted.eta),
          ex(x.eta),
          ex(x.localEta),
          fmt(r.predicted.xi),
          ex(x.xi),
          ex(x.localXi),
          last ? `${last.eta.toFixed(3)}, ${last.xi.toFixed(3)} @ ${Math.round(last.dStar)}` : '–',
        ];
      }),
    ),
    '',
  );
  const iv = recs.filter((r) => r.versusIc);
  if (iv.length) {
    parts.push('Phase IV against the Phase-Ic formulas evaluated at the same point (distance in the (eta, xi) plane):', '');
    parts.push(
      table(
        [
          'phase',
          'own prediction (eta, xi)',
          'Ic formulas (eta, xi)',
          'plrf (eta, xi)',
          'distance to own',
          'distance to Ic',
          'nearer own from d* (local)',
          'nearer own from dMax (nested)',
        ],
        iv.map((r) => [
          r.phase,
          `(${fmt(r.predicted.eta)}, ${fmt(r.predicted.xi)})`,
          `(${fmt(r.versusIc!.eta)}, ${fmt(r.versusIc!.xi)})`,
          `(${fmt(r.measured.eta)}, ${fmt(r.measured.xi)})`,
          fmt(r.versusIc!.distanceToOwn),
          fmt(r.versusIc!.distanceToIc),
          r.versusIc!.separatesAtDStar === null ? 'not reached' : String(Math.round(r.versusIc!.separatesAtDStar)),
          r.versusIc!.separatesAtDrift === null ? 'not reached' : String(r.versusIc!.separatesAtDrift),
        ]),
      ),
      '',
    );
  }
  parts.push(
    `Computed in ${recs.reduce((s, r) => s + r.seconds, 0).toFixed(1)} s (${recs.map((r) => `${r.phase} ${r.seconds.toFixed(0)} s`).join(', ')}).`,
    '',
  );
  return parts.join('\n');
}

/** The preset as a Markdown table. */
export function presetMarkdown(p: Preset): string {
  return table(
    ['option', 'value', 'CLI flag'],
    [
      ['v / d', String(p.vRatio), '--v-ratio'],
      ['gamma0 (gamma = gamma0 · 2/((B+1) tr D))', String(p.gamma0), '--gamma0'],
      ['flops unit of axes and windows', p.flopsUnit === '6dr' ? '6·d·r' : 'r·d·B', '--flops-unit 6dr|dr'],
      ['loss scale (display only)', String(p.lossScale), '--loss-scale'],
    ],
  );
}
