// `plrf study` (npm start): the main job. Parses the flags, estimates the cost, runs the library's
// study (src/study/study.ts) with progress bars, prints the summary and writes the plots.

import { mkdir } from 'node:fs/promises';
import { PlrfError } from '../core/errors.js';
import { studyPlots } from '../study/plots.js';
import type { SgdCheckRun } from '../study/sgdCheck.js';
import {
  study,
  studyEstimate,
  STUDY_COMPARE,
  type StudyAbortError,
  type StudyCompare,
  type StudyFront,
  type StudyResult,
  type StudyStage,
} from '../study/study.js';
import { coreCount } from '../sweep/pool.js';
import { parseList, parseNumber, UsageError } from './args.js';
import { formatDuration } from './cost.js';
import type { Command, CommandContext } from './main.js';
import { checkParent, writePlot } from './output.js';
import { progressBar } from './progress.js';
import { range } from './frontier.js';

const STAGE_LABEL = {
  theory: 'deterministic curves',
  compare: 'compared optimizer',
  'sgd-check': 'SGD check',
  'compare-check': 'compared optimizer check',
} as const;

export const studyCommand: Command = {
  summary: 'the main job (npm start): compute-optimal analysis at (alpha, beta) = (0.7, 0.6) with plots',
  usage: `usage: plrf study [--alpha A] [--beta B] [--d LIST] [--sgd-d LIST] [--seeds K] [--compare OPT] [--flops MIN:MAX] [--max-minutes M] [--out DIR] [--json]
Deterministic-equivalent loss curves for d = 200·2^k (k = 0..6), an SGD check (spectral engine,
--seeds runs) at the small d's, the compute-optimal front by Approaches 1 and 2, measured vs
predicted xi and eta, the phase, and plots (SVG and PNG) in --out (default ./plrf-out).
  --compare OPT      also measure the front of optimizer OPT (${STUDY_COMPARE.join(', ')}) on the same d grid
                     and report both fronts' exponents (dana-decay's prediction is plrf's derivation), then
                     check OPT's simulation against its deterministic curve as the SGD check does
  --flops MIN:MAX    the flops range of the fronts' curves (default: extended until d* is interior over 2 decades)
  --max-minutes M    refuse a study estimated to take longer than M minutes (default 10)
Ctrl-C during a check keeps the fronts and the checks that finished: printed and plotted, exit 130.`,
  options: {
    alpha: { type: 'string' },
    beta: { type: 'string' },
    d: { type: 'string' },
    'sgd-d': { type: 'string' },
    seeds: { type: 'string' },
    compare: { type: 'string' },
    flops: { type: 'string' },
    'max-minutes': { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const t0 = performance.now();
    const { values, signal, chatty, quiet } = ctx;
    const num = (k: string) => (values[k] === undefined ? undefined : parseNumber(`--${k}`, String(values[k])));
    const compare = values.compare as string | undefined;
    if (compare !== undefined && !(STUDY_COMPARE as readonly string[]).includes(compare))
      throw new UsageError('--compare', `--compare = '${compare}' is invalid: expected ${STUDY_COMPARE.join(', ')}`);
    const options = {
      alpha: num('alpha'),
      beta: num('beta'),
      d: values.d === undefined ? undefined : parseList('--d', String(values.d)),
      sgdD: values['sgd-d'] === undefined ? undefined : parseList('--sgd-d', String(values['sgd-d'])),
      seeds: num('seeds'),
      compare: compare as StudyCompare | undefined,
      flops: range('--flops', values.flops as string | undefined),
    };
    const maxMinutes = num('max-minutes') ?? 10;
    if (!(maxMinutes > 0) || !Number.isFinite(maxMinutes))
      throw new UsageError('--max-minutes', `--max-minutes = '${String(values['max-minutes'])}' is invalid: expected a finite number > 0`);
    const outDir = (values.out as string | undefined) ?? 'plrf-out';
    if (outDir.trim() === '') throw new UsageError('--out', '--out must name a folder');

    // The cost estimate (src/study/cost.ts), before anything runs.
    const workers = await coreCount();
    const est = studyEstimate(options, workers);
    const what =
      `the curves ${formatDuration(est.theory)}` +
      (est.compare ? `, the ${compare} front ${formatDuration(est.compare)}` : '') +
      `, the SGD check at most ${formatDuration(est.sgdCheck)}` +
      (est.compareCheck ? `, the ${compare} check at most ${formatDuration(est.compareCheck)}` : '') +
      ` on ${workers} thread(s)`;
    if (est.total > maxMinutes * 60) {
      throw new UsageError(
        '--max-minutes',
        `estimated ${formatDuration(est.total)} (${what}), above the limit of ${maxMinutes} min; ` +
          `raise it with --max-minutes ${Math.ceil((2 * est.total) / 60)}, or lower --seeds, --sgd-d or --d`,
      );
    }
    // On a terminal always; on a pipe only for a study longer than the default one (about a minute).
    if (!quiet && (est.total >= 60 || chatty)) process.stderr.write(`plrf study: estimated ${formatDuration(est.total)} (${what})\n`);

    await checkParent('--out', outDir);
    await mkdir(outDir, { recursive: true });
    let bar = progressBar(STAGE_LABEL.theory, false);
    let current: StudyStage | null = null;
    let r: StudyResult;
    try {
      r = await study({
        ...options,
        workers,
        signal,
        // One bar per stage.
        onStage: (s, f) => {
          if (s !== current) {
            bar.clear();
            bar = progressBar(STAGE_LABEL[s], chatty);
            current = s;
          }
          bar.update(f);
        },
      });
    } catch (e) {
      bar.clear();
      const partial = e instanceof PlrfError && e.code === 'ABORTED' ? (e as StudyAbortError).partial : null;
      if (!partial) throw e;
      await report(partial, outDir, ctx, t0);
      process.stderr.write(`plrf study: interrupted; kept ${ctx.kept.join(', ')}\n`);
      return 130;
    }
    bar.clear();
    await report(r, outDir, ctx, t0);
  },
};

/** Write the plots, then print the summary (JSON or the table) and the warnings. */
async function report(r: StudyResult, outDir: string, ctx: CommandContext, t0: number): Promise<void> {
  const { values, warn, kept } = ctx;
  const files: Record<string, string> = {};
  for (const [name, svg] of Object.entries(await studyPlots(r))) {
    for (const ext of ['svg', 'png']) await writePlot(`${outDir}/${name}.${ext}`, svg, '--out');
    files[name] = `${outDir}/${name}.svg`;
  }
  if (r.interrupted) {
    const n = r.sgdCheck.length;
    const m = r.compareCheck.length;
    r.warnings.push(
      `interrupted: ${r.compare || !values.compare ? '' : 'no compared front; '}${n} SGD check(s)${values.compare ? ` and ${m} ${String(values.compare)} check(s)` : ''} finished`,
    );
    kept.length = 0;
    kept.push(
      `the front${r.compare ? 's' : ''} and ${n} SGD check(s)${m > 0 ? ` and ${m} ${String(values.compare)} check(s)` : ''}, plots in ${outDir}/`,
    );
  }
  const seconds = (performance.now() - t0) / 1000; // the whole command, plots included
  const exponents = (s: StudyFront) => ({
    approach1: { xi: s.approach1.xi, eta: s.approach1.eta, xiCI: s.approach1.xiCI, etaCI: s.approach1.etaCI, window: s.approach1.window },
    approach2: pick(s.front.measured),
    ciMethod: s.front.measured.ciMethod,
  });
  const m2 = r.sgd.front.measured;
  const summary = {
    phase: r.phase,
    theory: r.sgd.front.theory,
    measured: exponents(r.sgd),
    d: r.d,
    flops: r.sgd.front.flops,
    localSlopes: m2.localSlopes,
    ...(r.compare
      ? {
          compare: {
            optimizer: r.compare.optimizer,
            theory: r.compare.front.theory,
            theorySource: r.compare.optimizer === 'dana-decay' ? 'plrf' : null,
            measured: exponents(r.compare),
            flops: r.compare.front.flops,
            localSlopes: r.compare.front.measured.localSlopes,
          },
        }
      : {}),
    sgdCheck: r.sgdCheck.map(checkSummary),
    ...(r.compare ? { compareCheck: r.compareCheck.map(checkSummary) } : {}),
    plots: files,
    seconds,
    warnings: r.warnings,
    ...(r.interrupted ? { interrupted: true } : {}),
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    for (const w of summary.warnings) warn(w);
    return;
  }
  const f4 = (x: number | null) => (x === null ? '  -   ' : x.toFixed(4));
  const ci = (c: [number, number] | null) => (c === null ? '[    n/a     ]' : `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]`);
  const p = r.phase;
  const table = (s: StudyFront, predicted: { xi: number | null; eta: number | null }) => {
    const a1 = s.approach1,
      a2 = s.front.measured;
    return [
      `               predicted   Approach 1 (envelope)      Approach 2 (IsoFLOP, 3-point)`,
      `eta (P*~f^-eta)  ${f4(predicted.eta)}    ${f4(a1.eta)} ${ci(a1.etaCI)}    ${f4(a2.eta)} ${ci(a2.etaCI)}`,
      `xi  (d*~f^xi)    ${f4(predicted.xi)}    ${f4(a1.xi)} ${ci(a1.xiCI)}    ${f4(a2.xi)} ${ci(a2.xiCI)}`,
      `fit window: flops ${a2.window[0].toExponential(2)}..${a2.window[1].toExponential(2)} (where d* is interior); intervals: ${a2.ciMethod}`,
      `local eta along the front (finite-size drift): ${a2.localSlopes
        .filter((_, i) => i % 3 === 0)
        .map((x) => `${x.eta.toFixed(3)} @ ${x.flops.toExponential(0)}`)
        .join(', ')}`,
    ];
  };
  const lines = [
    `plrf study: compute-optimal analysis at (alpha, beta) = (${r.alpha}, ${r.beta})`,
    `phase ${p.phase}${p.onBoundary ? ` (on a boundary: ${p.neighbours.join(', ')})` : ''}; trade-off at the optimum: ${p.tradeoff ?? '-'}`,
    `curves: deterministic equivalent, d = ${r.d.join(', ')}, v = 4d, B = 1, flops ${r.sgd.front.flops[0].toExponential(1)}..${r.sgd.front.flops[1].toExponential(1)}`,
    '',
    ...table(r.sgd, { xi: p.xi, eta: p.eta }),
  ];
  if (r.compare) {
    const t = r.compare.front.theory;
    lines.push(
      '',
      `${r.compare.optimizer} (same d grid; predicted: ${r.compare.optimizer === 'dana-decay' ? "plrf's derivation, not the paper's" : 'none'}):`,
      ...table(r.compare, t),
      `SGD vs ${r.compare.optimizer}: eta ${f4(m2.eta)} vs ${f4(r.compare.front.measured.eta)}, xi ${f4(m2.xi)} vs ${f4(r.compare.front.measured.xi)} (Approach 2)`,
    );
  }
  const checkLines = (runs: SgdCheckRun[]) =>
    runs.map(
      (c) =>
        `  d = ${c.d}: ${c.seeds} runs to r = ${c.steps}; max |${c.optimizer === 'sgd' ? 'SGD' : 'mean'}/theory - 1| = ${(100 * c.maxRelativeDeviation).toFixed(2)}%, max |z| = ${c.maxZ.toFixed(2)}: ${c.verdict}`,
    );
  lines.push('', 'SGD check (spectral engine) against the deterministic equivalent, r >= 100:', ...checkLines(r.sgdCheck));
  if (r.compare && r.compareCheck.length > 0) {
    lines.push(
      '',
      `${r.compare.optimizer} check (spectral engine, same runs' seeds) against its deterministic curve, r >= 100:`,
      ...checkLines(r.compareCheck),
    );
  }
  lines.push(
    '',
    `plots (SVG and PNG) in ${outDir}/: ${Object.keys(files).join(', ')}`,
    `done in ${seconds.toFixed(1)} s; loss without the factor 1/2, f = r·d·B`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  for (const w of summary.warnings) warn(w);
}

/** A check's numbers for the JSON summary (without the curves). */
function checkSummary(c: SgdCheckRun) {
  const { optimizer, d, steps, seeds, maxRelativeDeviation, maxZ, zLimit, consistent, verdict } = c;
  return { optimizer, d, steps, seeds, maxRelativeDeviation, maxZ, zLimit, consistent, verdict };
}

function pick(m: StudyFront['front']['measured']) {
  return { xi: m.xi, eta: m.eta, xiCI: m.xiCI, etaCI: m.etaCI, window: m.window };
}
