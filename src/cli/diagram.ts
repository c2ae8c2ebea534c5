// `plrf diagram`: the (alpha, beta) phase diagram with an eta heat map (docs/cli.md).

import { readFile } from 'node:fs/promises';
import { parseSweepLines } from '../sweep/sweep.js';
import { runPool } from '../sweep/pool.js';
import type { MeasuredFront } from '../front/measureFront.js';
import { phaseDiagram } from '../plot/phaseDiagram.js';
import { parseList, UsageError } from './args.js';
import type { Command } from './main.js';
import { checkParent, writePlot } from './output.js';
import { progressBar } from './progress.js';

function axis(flag: string, text: string | undefined): { range: [number, number]; points: number[] } | undefined {
  if (text === undefined) return undefined;
  const pts = parseList(flag, text);
  if (pts.length < 2 || !text.includes(':')) throw new UsageError(flag, `${flag} = '${text}' must be a linear range MIN:MAX:N with N >= 2`);
  return { range: [pts[0], pts[pts.length - 1]], points: pts };
}

export const diagramCommand: Command = {
  summary: 'the (alpha, beta) phase diagram with regions, boundaries and an eta heat map',
  usage: `usage: plrf diagram --out FILE.svg|FILE.png [--alpha MIN:MAX:N] [--beta MIN:MAX:N] [--heat eta|xi] [--measured [--input FILE]]
  --measured   overlay eta measured from deterministic fronts (d = 200..3200) at the grid points
               given by --alpha and --beta (N x N fronts, on all cores), or read from a merged
               sweep file with --input FILE.jsonl ('plrf sweep', 'plrf merge')`,
  options: {
    out: { type: 'string' },
    alpha: { type: 'string' },
    beta: { type: 'string' },
    heat: { type: 'string' },
    measured: { type: 'boolean' },
    input: { type: 'string' },
  },
  async run({ values, signal, chatty }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError('--out', '--out FILE.svg|FILE.png is required');
    if (!/\.(svg|png)$/i.test(out)) throw new UsageError('--out', `--out = '${out}' must end in .svg or .png`);
    await checkParent('--out', out);
    if (values.input !== undefined && !values.measured) throw new UsageError('--input', '--input needs --measured');
    const heat = (values.heat as string | undefined) ?? 'eta';
    if (heat !== 'eta' && heat !== 'xi') throw new UsageError('--heat', `--heat = '${heat}' is invalid: expected eta or xi`);
    const a = axis('--alpha', values.alpha as string | undefined);
    const b = axis('--beta', values.beta as string | undefined);
    for (const [flag, ax] of [
      ['--alpha', a],
      ['--beta', b],
    ] as const) {
      if (ax && ax.range[0] >= ax.range[1]) throw new UsageError(flag, `${flag}: MIN must be below MAX`);
    }
    if (a && !(a.range[0] > 0)) throw new UsageError('--alpha', '--alpha: MIN must be > 0');
    const measured: { alpha: number; beta: number; eta: number; xi: number }[] = [];
    if (values.measured && values.input !== undefined) {
      let text: string;
      try {
        text = await readFile(String(values.input), 'utf8');
      } catch {
        throw new UsageError('--input', `--input = '${values.input}' cannot be read`);
      }
      const { records } = parseSweepLines(text, String(values.input));
      for (const r of records) if (r.measured) measured.push({ alpha: r.alpha, beta: r.beta, eta: r.measured.eta, xi: r.measured.xi });
    } else if (values.measured) {
      const as = a?.points ?? [0.4, 0.7, 1.0],
        bs = b?.points ?? [0.3, 0.6, 0.9, 1.2];
      const grid = as.flatMap((alpha) => bs.map((beta) => ({ alpha, beta }))).filter((p) => p.alpha + p.beta > 0.5);
      const bar = progressBar('diagram', chatty);
      try {
        const results = await runPool(
          grid.map((p) => ({ kind: 'front' as const, options: { ...p, d: [200, 400, 800, 1600, 3200] } })),
          {
            signal,
            onResult: (_i, _r, done) => bar.update(done / grid.length),
          },
        );
        results.forEach((r, i) => {
          if (r.ok) {
            const m = (r.value as MeasuredFront).measured;
            measured.push({ ...grid[i], eta: m.eta, xi: m.xi });
          }
        });
      } finally {
        bar.clear();
      }
    }
    const svg = await phaseDiagram({ alpha: a?.range, beta: b?.range, heat, measured });
    await writePlot(out, svg, '--out');
    if (values.json) process.stdout.write(JSON.stringify({ out, measured, warnings: [] }) + '\n');
    else process.stdout.write(`phase diagram written to ${out}${measured.length ? ` (${measured.length} measured points)` : ''}\n`);
  },
};
