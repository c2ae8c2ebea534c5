// `plrf reproduce`: the paper's numerical figures and Table 2 on the paper's settings, with tables
// of the paper's numbers beside plrf's, PNG plots, and optionally a Markdown report.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, join } from 'node:path';
import { svgToPng } from '../plot/render.js';
import { composeSvg, localSlopePlot } from '../reproduce/plots.js';
import { reproduce, parseFigureId } from '../reproduce/index.js';
import { makePreset, PAPER_PRESET, PLRF_PRESET, type Preset } from '../reproduce/presets.js';
import { figureMarkdown, presetMarkdown, table2Markdown } from '../reproduce/report.js';
import type { Table2Record } from '../reproduce/table2.js';
import { parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';
import { progressBar } from './progress.js';

async function writePng(file: string, svg: string, scale = 0.85): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await svgToPng(svg, scale));
}

async function table2Plots(recs: Table2Record[]): Promise<string> {
  const panels = await Promise.all([
    localSlopePlot(recs, 'eta', 'flops'),
    localSlopePlot(recs, 'eta', 'dStar'),
    localSlopePlot(recs, 'xi', 'dStar'),
  ]);
  return composeSvg(panels, 'Table 2: local exponents along the front (solid) against f and d*, predictions dashed');
}

export const reproduceCommand: Command = {
  summary: "the paper's numerical figures and Table 2 on its settings, next to plrf's numbers",
  usage: `usage: plrf reproduce [--figure ID|all] [--out DIR] [--json] [options]
Regenerates the paper's numerical figures with its settings: each figure comes with a table of the
paper's reported numbers beside plrf's on the same settings and the prediction.
  --figure ID        1, 3, 4b, 5, 6, 10, negbeta, table2, or all (default all)
  --out DIR          folder for the PNG plots (default ./plrf-out/reproduce)
  --doc FILE         also write a Markdown report (images linked relative to it)
  --json             JSON on stdout: table2 -> an array of one record per phase; a figure -> one object
  --quick            small grids and few runs (seconds)
  --large            Table 2 up to d = 819200 instead of 102400 (several minutes per phase)
  --d-max N          Table 2's largest d (grid 200·2^k up to N)
  --seeds K          SGD runs per d in Figs. 1 and 3 (default 16)
  --preset P         paper (default: v = 10d, gamma0 = 0.75, 6·d·r axis, loss/2 shown) or plrf (v = 4d,
                     gamma0 = 0.5, r·d axis, loss as is); the flags below override single settings
  --v-ratio R        v = R·d          --gamma0 G      learning rate gamma0 · 2/((B+1) tr D)
  --flops-unit U     6dr or dr (axes and windows only)
  --loss-scale S     factor on displayed losses only (0.5: the paper's loss with 1/2)`,
  options: {
    figure: { type: 'string' },
    out: { type: 'string' },
    doc: { type: 'string' },
    quick: { type: 'boolean' },
    large: { type: 'boolean' },
    'd-max': { type: 'string' },
    seeds: { type: 'string' },
    preset: { type: 'string' },
    'v-ratio': { type: 'string' },
    gamma0: { type: 'string' },
    'flops-unit': { type: 'string' },
    'loss-scale': { type: 'string' },
  },
  async run({ values, signal, chatty, kept }) {
    const figure = parseFigureIdFlag(values.figure as string | undefined);
    const num = (k: string) => (values[k] === undefined ? undefined : parseNumber(`--${k}`, String(values[k])));
    const presetName = (values.preset as string | undefined) ?? 'paper';
    if (presetName !== 'paper' && presetName !== 'plrf')
      throw new UsageError('--preset', `--preset = '${presetName}' is invalid: expected paper or plrf`);
    const unit = values['flops-unit'] as string | undefined;
    if (unit !== undefined && unit !== '6dr' && unit !== 'dr')
      throw new UsageError('--flops-unit', `--flops-unit = '${unit}' is invalid: expected 6dr or dr`);
    const vRatio = num('v-ratio'),
      gamma0 = num('gamma0'),
      lossScale = num('loss-scale');
    if (vRatio !== undefined && !(vRatio > 1 && Number.isFinite(vRatio)))
      throw new UsageError('--v-ratio', `--v-ratio = ${vRatio} is invalid: expected a finite number > 1`);
    if (gamma0 !== undefined && !(gamma0 > 0 && Number.isFinite(gamma0)))
      throw new UsageError('--gamma0', `--gamma0 = ${gamma0} is invalid: expected a finite number > 0`);
    if (lossScale !== undefined && !(lossScale > 0 && Number.isFinite(lossScale)))
      throw new UsageError('--loss-scale', `--loss-scale = ${lossScale} is invalid: expected a finite number > 0`);
    const preset: Preset = makePreset(presetName === 'paper' ? PAPER_PRESET : PLRF_PRESET, {
      vRatio,
      gamma0,
      lossScale,
      flopsUnit: unit as Preset['flopsUnit'] | undefined,
      name: (vRatio ?? gamma0 ?? lossScale ?? unit) ? `${presetName} (modified)` : presetName,
    });
    const dMax = num('d-max');
    if (dMax !== undefined && !(Number.isInteger(dMax) && dMax >= 1600 && dMax <= 2 ** 24))
      throw new UsageError('--d-max', `--d-max = ${dMax} is invalid: expected an integer in [1600, 16777216]`);
    const seeds = num('seeds');
    if (seeds !== undefined && !(Number.isInteger(seeds) && seeds >= 2 && seeds <= 10_000))
      throw new UsageError('--seeds', `--seeds = ${seeds} is invalid: expected an integer in [2, 10000]`);
    const outDir = (values.out as string | undefined) ?? 'plrf-out/reproduce';
    if (outDir.trim() === '') throw new UsageError('--out', '--out must name a folder');
    const doc = values.doc as string | undefined;
    if (doc !== undefined && !/\.md$/i.test(doc)) throw new UsageError('--doc', `--doc = '${doc}' must end in .md`);

    const bar = progressBar(`reproduce ${figure}`, chatty);
    let r;
    try {
      r = await reproduce({ figure, preset, quick: !!values.quick, large: !!values.large, dMax, seeds, signal, onProgress: bar.update });
    } finally {
      bar.clear();
    }
    // Plots (PNG).
    const files: Record<string, string> = {};
    for (const f of r.figures) {
      for (const p of f.plots) {
        const file = join(outDir, `${p.name}.png`);
        await writePng(file, p.svg);
        files[p.name] = file;
        kept.push(file);
      }
    }
    if (r.table2) {
      const file = join(outDir, 'table2-local-slopes.png');
      await writePng(file, await table2Plots(r.table2), 0.7);
      files.table2 = file;
      kept.push(file);
    }
    if (doc) {
      await mkdir(dirname(doc), { recursive: true });
      const rel = (f: string) => relative(dirname(doc), f).split('\\').join('/');
      const md = [
        "# Reproducing the paper's numerical results",
        '',
        'This page is generated by one command (from the repository root, after `npm ci`):',
        '',
        `    node bin/plrf.js reproduce ${commandLine(values)}`,
        '',
        "It regenerates the numerical figures of *4+3 Phases of Compute-Optimal Neural Scaling Laws* (Paquette, Paquette, Xiao, Pennington, NeurIPS 2024) with the paper's settings, and measures Table 2 at large d. Every table puts the paper's number (where it prints one), plrf's on the same settings, and the prediction side by side. A dash means the paper prints no number for that quantity.",
        '',
        'What the paper itself states for each figure (numbers and settings, with the caption each comes from) is listed in [paper-numbers.md](paper-numbers.md).',
        '',
        `Settings (preset \`${r.preset.name}\`); each is an option of \`plrf reproduce\`, not a hidden constant, and the flops unit and loss scale change only what is displayed:`,
        '',
        presetMarkdown(r.preset),
        '',
        ...(figure === 'all' && !values.large
          ? [
              'Table 2 up to d = 819200 (several minutes per phase) is in [reproduction-large.md](reproduction-large.md), made by',
              '',
              '    node bin/plrf.js reproduce --figure table2 --large --out docs/figures/large --doc docs/reproduction-large.md',
              '',
            ]
          : []),
        ...(r.table2
          ? ['## Table 2 at large d', '', ...(files.table2 ? [`![local slopes](${rel(files.table2)})`, ''] : []), table2Markdown(r.table2)]
          : []),
        '## Figures',
        '',
        ...r.figures.map((f) => figureMarkdown(f, f.plots[0] ? rel(files[f.plots[0].name]) : undefined)),
        `Total run time ${r.seconds.toFixed(0)} s.`,
        '',
      ].join('\n');
      await writeFile(doc, md);
      kept.push(doc);
    }
    if (values.json) {
      if (figure === 'table2') {
        process.stdout.write(JSON.stringify(r.table2) + '\n');
      } else {
        const strip = (f: (typeof r.figures)[number]) => ({ ...f, plots: f.plots.map((p) => files[p.name]) });
        const out =
          figure === 'all'
            ? { preset: r.preset, figures: r.figures.map(strip), table2: r.table2, seconds: r.seconds }
            : { preset: r.preset, ...strip(r.figures[0]) };
        process.stdout.write(JSON.stringify(out) + '\n');
      }
      return;
    }
    const lines = [
      `plrf reproduce: preset ${r.preset.name} (v = ${r.preset.vRatio} d, gamma0 = ${r.preset.gamma0}, flops unit ${r.preset.flopsUnit}, loss scale ${r.preset.lossScale})`,
      '',
    ];
    if (r.table2) lines.push('Table 2 at large d', '', table2Markdown(r.table2));
    for (const f of r.figures) lines.push(figureMarkdown(f));
    lines.push(
      `plots (PNG) in ${outDir}/: ${Object.keys(files).join(', ') || 'none'}${doc ? `; report ${doc}` : ''}`,
      `done in ${r.seconds.toFixed(1)} s`,
    );
    process.stdout.write(lines.join('\n') + '\n');
  },
};

/** The options as typed (for the report's header), in a fixed order. */
function commandLine(values: Record<string, string | boolean | undefined>): string {
  const parts: string[] = [];
  for (const k of ['figure', 'preset', 'v-ratio', 'gamma0', 'flops-unit', 'loss-scale', 'd-max', 'seeds', 'quick', 'large', 'out', 'doc']) {
    const v = values[k];
    if (v === undefined || v === false) continue;
    parts.push(v === true ? `--${k}` : `--${k} ${v}`);
  }
  return parts.join(' ');
}

function parseFigureIdFlag(text: string | undefined) {
  if (text === undefined) return 'all' as const;
  try {
    return parseFigureId(text);
  } catch {
    throw new UsageError('--figure', `--figure = '${text}' is invalid: expected 1, 3, 4b, 5, 6, 10, negbeta, table2 or all`);
  }
}
