// `plrf fit`: fit the PLRF model, the Chinchilla form or a power law to a runs file (docs/cli.md).

import { PlrfError } from '../core/errors.js';
import { fitPlrf, type PlrfFit } from '../fit/plrf.js';
import { plrfFitPlot, scalingLawPlot } from '../fit/plot.js';
import { parseRuns, readRuns, RunsFileError, type FitForm, type RunsData } from '../fit/read.js';
import { fitScalingLaw, type ScalingLawFit } from '../fit/scalingLaw.js';
import { parseNumber, UsageError } from './args.js';
import type { Command, CommandContext } from './main.js';
import { checkParent, writePlot } from './output.js';
import { progressBar } from './progress.js';

const FORMS: FitForm[] = ['plrf', 'chinchilla', 'power'];

/** API parameter names of the fits -> the flags a user typed. */
const FLAG_OF: Record<string, string> = {
  rows: '--input',
  data: '--input',
  input: '--input',
  budget: '--budget',
  budgetBatch: '--budget-batch',
  bootstrap: '--bootstrap',
  level: '--level',
  seed: '--seed',
  huberDelta: '--huber-delta',
  maxD: '--max-d',
};

function num(values: Record<string, unknown>, flag: string, check: (x: number) => boolean, allowed: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const x = parseNumber(`--${flag}`, String(raw));
  if (!Number.isFinite(x) || !check(x)) throw new UsageError(`--${flag}`, `--${flag} = '${raw}' is invalid: expected ${allowed}`);
  return x;
}

/** Every number in the output must be finite (docs/cli.md): otherwise this is an internal error. */
function assertFinite(x: unknown, path = 'result'): void {
  if (typeof x === 'number' && !Number.isFinite(x)) throw new PlrfError('INTERNAL', `the fit produced a non-finite value at ${path}`);
  if (Array.isArray(x)) x.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertFinite(v, `${path}.${k}`);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--input', "--input - reads the runs from standard input: pipe or redirect a file into 'plrf fit'");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const f4 = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(4));

/** The flags of `plrf fit`, checked once (docs/cli.md): the library options they map to, the input and the plot. */
interface FitFlags {
  input: string;
  form: FitForm;
  skipInvalid: boolean;
  budget: number | undefined;
  budgetBatch: number | undefined;
  bootstrap: number | undefined;
  level: number | undefined;
  seed: number | undefined;
  huberDelta: number | undefined;
  maxD: number | undefined;
  plot: string | undefined;
}

/** Check every flag (exit code 2 naming the flag, the value and the accepted range on failure). */
async function parseFitFlags(values: CommandContext['values']): Promise<FitFlags> {
  if (values.input === undefined) throw new UsageError('--input', '--input is required (a CSV, JSON or JSON Lines file of runs)');
  const form = (values.form as string | undefined) ?? 'plrf';
  if (!(FORMS as string[]).includes(form))
    throw new UsageError('--form', `--form = '${form}' is invalid: expected one of ${FORMS.join(', ')}`);
  const budget = num(values, 'budget', (x) => x > 0, 'a finite number > 0');
  if (budget !== undefined && form === 'power')
    throw new UsageError(
      '--budget',
      `--budget = '${values.budget}' is invalid with --form power: a budget needs --form plrf or chinchilla`,
    );
  const budgetBatch = num(values, 'budget-batch', (x) => Number.isInteger(x) && x >= 1 && x <= 65536, 'an integer in [1, 65536]');
  if (budgetBatch !== undefined && form !== 'plrf') throw new UsageError('--budget-batch', `--budget-batch applies to --form plrf only`);
  const bootstrap = num(values, 'bootstrap', (x) => Number.isInteger(x) && x >= 0 && x <= 1_000_000, 'an integer in [0, 1000000]');
  const level = num(values, 'level', (x) => x > 0 && x < 1, 'a number in (0, 1)');
  const seed = num(values, 'seed', (x) => Number.isInteger(x) && x >= 0 && x <= Number.MAX_SAFE_INTEGER, 'an integer >= 0');
  const huberDelta = num(values, 'huber-delta', (x) => x > 0, 'a finite number > 0');
  if (huberDelta !== undefined && form === 'plrf')
    throw new UsageError('--huber-delta', '--huber-delta applies to --form chinchilla and power (plrf fits squared log residuals)');
  const maxD = num(values, 'max-d', (x) => Number.isInteger(x) && x >= 4 && x <= 20000, 'an integer in [4, 20000]');
  if (maxD !== undefined && form !== 'plrf') throw new UsageError('--max-d', '--max-d applies to --form plrf only');
  const plot = values.plot as string | undefined;
  if (plot !== undefined && !/\.(svg|png)$/i.test(plot)) throw new UsageError('--plot', `--plot = '${plot}' must end in .svg or .png`);
  if (plot !== undefined) await checkParent('--plot', plot);
  const input = String(values.input);
  const skipInvalid = values['skip-invalid'] === true;
  return { input, form: form as FitForm, skipInvalid, budget, budgetBatch, bootstrap, level, seed, huberDelta, maxD, plot };
}

/** The runs of `--input` (a file, or standard input for `-`); plrf's d must be a PLRF model size. */
async function readInput(flags: FitFlags): Promise<RunsData> {
  const { input, form } = flags;
  const readOptions = { form, skipInvalid: flags.skipInvalid };
  // `--input -` reads the runs from standard input (format detected from the contents).
  const data: RunsData =
    input === '-' ? parseRuns(await readStdin(), { ...readOptions, source: 'stdin' }) : await readRuns(input, readOptions);
  if (form === 'plrf') {
    for (const row of (data as RunsData<'plrf'>).rows) {
      if (row.d > 10000)
        throw new RunsFileError(
          data.source,
          row.line,
          data.columns.d ?? 'd',
          `d = ${row.d} is out of range: --form plrf evaluates PLRF curves for d <= 10000 (d is the PLRF model's size; for parameter counts of a network and tokens use --form chinchilla)`,
        );
    }
  }
  return data;
}

/** The fit of the form; the library's errors about an option are reported against the flag that gave it. */
async function runFit(
  flags: FitFlags,
  data: RunsData,
  signal: AbortSignal | undefined,
  onProgress: (fraction: number) => void,
): Promise<PlrfFit | ScalingLawFit> {
  const { form, budget, bootstrap, level, seed } = flags;
  try {
    if (form === 'plrf') {
      return await fitPlrf((data as RunsData<'plrf'>).rows, {
        budget,
        budgetBatch: flags.budgetBatch,
        bootstrap,
        level,
        seed,
        maxD: flags.maxD,
        signal,
        onProgress,
      });
    }
    return await fitScalingLaw((data as RunsData<'chinchilla'>).rows, {
      form: form as 'chinchilla' | 'power',
      budget,
      bootstrap,
      level,
      seed,
      huberDelta: flags.huberDelta,
      signal,
      onProgress,
    });
  } catch (e) {
    if (e instanceof PlrfError && e.code === 'INVALID_ARGUMENT' && e.param) {
      const base = e.param.replace(/\[.*$/, '').replace(/\..*$/, '');
      const flag = FLAG_OF[base];
      if (flag) throw new UsageError(flag, `${flag}: ${e.message}`);
    }
    throw e;
  }
}

/** The JSON result (docs/cli.md). */
function jsonResult(flags: FitFlags, data: RunsData, fit: PlrfFit | ScalingLawFit, warnings: string[]): Record<string, unknown> {
  const { input, plot } = flags;
  if (fit.form === 'plrf') {
    return {
      form: 'plrf',
      input,
      params: fit.params,
      phase: fit.phase,
      exponents: fit.exponents,
      phaseSupport: fit.phaseSupport,
      budget: fit.budget,
      fit: {
        level: fit.level,
        rmsLogResidual: fit.rmsLogResidual,
        points: fit.points.length,
        runs: fit.runs,
        evaluations: fit.evaluations,
        ciMethod: fit.ciMethod,
      },
      ignored: data.ignored,
      plot: plot ?? null,
      warnings,
    };
  }
  return {
    form: fit.form,
    input,
    params: fit.params,
    phase: null,
    budget: fit.budget,
    fit: {
      level: fit.level,
      rmsLogResidual: fit.rmsLogResidual,
      rows: fit.n,
      huberDelta: fit.huberDelta,
      objective: fit.objective,
      ciMethod: fit.bootstrap.method,
      resamples: fit.bootstrap.resamples,
    },
    ignored: data.ignored,
    plot: plot ?? null,
    warnings,
  };
}

/** The summary for people (without --json). */
function summaryLines(flags: FitFlags, data: RunsData, fit: PlrfFit | ScalingLawFit): string[] {
  const { input, plot } = flags;
  const pct = `${Math.round(100 * fit.level)}%`;
  const lines = [
    `plrf fit --form ${fit.form}: ${input === '-' ? 'standard input' : input} (${data.rows.length} rows${data.ignored.length ? `, ${data.ignored.length} ignored` : ''})`,
  ];
  lines.push(`${'parameter'.padEnd(11)} ${'estimate'.padStart(11)}   ${pct} interval`);
  for (const [k, p] of Object.entries(fit.params))
    lines.push(`${k.padEnd(11)} ${f4(p.value).padStart(11)}   [${f4(p.ci[0])}, ${f4(p.ci[1])}]`);
  if (fit.form === 'plrf') {
    const ph = fit.phase;
    lines.push(
      `phase ${ph.phase} (${(100 * fit.phaseSupport).toFixed(0)}% of bootstrap draws)${ph.tradeoff ? `, trade-off ${ph.tradeoff}` : ''}`,
    );
    if (fit.exponents.xi && fit.exponents.eta) {
      lines.push(`xi  (d* ~ f^xi)    ${f4(fit.exponents.xi.value)}  [${f4(fit.exponents.xi.ci[0])}, ${f4(fit.exponents.xi.ci[1])}]`);
      lines.push(`eta (P* ~ f^-eta)  ${f4(fit.exponents.eta.value)}  [${f4(fit.exponents.eta.ci[0])}, ${f4(fit.exponents.eta.ci[1])}]`);
    }
    if (fit.budget) {
      const b = fit.budget;
      lines.push(
        `budget ${f4(b.flops)} flops (step·d·batch, your units): d* = ${f4(b.d)} [${f4(b.dCI[0])}, ${f4(b.dCI[1])}], ${f4(b.steps)} steps, loss ${f4(b.loss)} [${f4(b.ci[0])}, ${f4(b.ci[1])}]`,
      );
    }
    lines.push(
      `rms log residual ${fit.rmsLogResidual.toFixed(4)} over ${fit.points.length} points from ${fit.runs} runs; intervals: ${fit.ciMethod}`,
    );
  } else {
    if (fit.budget) {
      const b = fit.budget;
      lines.push(
        `budget C = ${f4(b.flops)} FLOPs (C = 6 N D): N* = ${f4(b.d)} [${f4(b.dCI[0])}, ${f4(b.dCI[1])}], D* = ${f4(b.tokens)}, loss ${f4(b.loss)} (confidence [${f4(b.ci[0])}, ${f4(b.ci[1])}], prediction [${f4(b.pi[0])}, ${f4(b.pi[1])}])`,
      );
    }
    lines.push(
      `rms log residual ${fit.rmsLogResidual.toFixed(4)} over ${fit.n} rows; summed Huber loss (delta ${fit.huberDelta}) ${fit.objective.toExponential(3)}; intervals: ${fit.bootstrap.method}`,
    );
  }
  for (const ig of data.ignored) lines.push(`ignored line ${ig.line}: ${ig.reason}`);
  if (plot) lines.push(`plot written to ${plot}`);
  return lines;
}

export const fitCommand: Command = {
  summary: 'fit the PLRF model, the Chinchilla law or a power law to your runs; plan a compute budget',
  usage: `usage: plrf fit --input FILE [--form plrf|chinchilla|power] [--budget F] [options]
  --input FILE       runs as CSV (header row), JSON or JSON Lines ('-': standard input); lines starting with # are comments
                     plrf: d,step,loss (optional batch, seed; 'tokens' = step x batch instead of step)
                     chinchilla: params,tokens,loss (optional seed); power: x,loss (optional seed)
  --form F           plrf (default) | chinchilla | power
  --budget F         plrf: flops in your units, step·d·batch -> recommended d* and predicted loss
                     chinchilla: compute C = 6·N·D in FLOPs -> N*, D* and predicted loss
  --budget-batch B   plrf: batch size for the budget (default: the data's, if unique)
  --bootstrap N      bootstrap resamples over runs (default 1000)
  --level L          confidence level of the intervals (default 0.95)
  --seed S           seed of the resampling (default 0)
  --huber-delta H    chinchilla/power: Huber threshold on log residuals (default 1e-3)
  --max-d D          plrf: largest d the budget search may recommend (default 8192)
  --skip-invalid     skip rows with invalid values and list them under "ignored" instead of failing
  --plot FILE        the data against the fit (.svg or .png)
  --json             one JSON object on stdout; --quiet  no progress or warnings on stderr
Losses are fitted in log space. plrf: log(loss) = log s_L + log P(s_r·step; d, alpha, beta), P the
deterministic-equivalent SGD loss curve at v = 4d and the default learning rate (loss without 1/2).`,
  options: {
    input: { type: 'string' },
    form: { type: 'string' },
    budget: { type: 'string' },
    'budget-batch': { type: 'string' },
    bootstrap: { type: 'string' },
    level: { type: 'string' },
    seed: { type: 'string' },
    'huber-delta': { type: 'string' },
    'max-d': { type: 'string' },
    'skip-invalid': { type: 'boolean' },
    plot: { type: 'string' },
  },
  async run({ values, signal, chatty, warn }) {
    const flags = await parseFitFlags(values);
    const data = await readInput(flags);
    const bar = progressBar(`fit ${flags.form}`, chatty);
    let fit: PlrfFit | ScalingLawFit;
    try {
      fit = await runFit(flags, data, signal, bar.update);
    } finally {
      bar.clear();
    }
    const { plot } = flags;
    if (plot) await writePlot(plot, fit.form === 'plrf' ? await plrfFitPlot(fit) : await scalingLawPlot(fit, data.rows as never));
    // The library names its option maxD; on the command line it is --max-d.
    const warnings = [...data.warnings, ...fit.warnings].map((w) => w.replace(/\bmaxD\b/g, '--max-d'));
    const out = jsonResult(flags, data, fit, warnings);
    assertFinite(out);
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(summaryLines(flags, data, fit).join('\n') + '\n');
    // Warnings go to stderr in every mode (docs/cli.md); --json also carries them in "warnings".
    for (const w of warnings) warn(w);
  },
};
