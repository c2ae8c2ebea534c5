// `plrf frontier`: the measured compute-optimal front at (alpha, beta) on a d grid (docs/cli.md).

import { measureFront } from '../front/measureFront.js';
import { parseList, parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';
import { progressBar } from './progress.js';
import { checkParent, writePlot } from './output.js';
import { frontPlot } from '../plot/front.js';
import { estimateSeconds, formatDuration } from './cost.js';

export function range(flag: string, text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(':');
  if (parts.length !== 2) throw new UsageError(flag, `${flag} = '${text}' is not a range MIN:MAX`);
  const lo = parseNumber(flag, parts[0]),
    hi = parseNumber(flag, parts[1]);
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) throw new UsageError(flag, `${flag} = '${text}' needs finite 0 < MIN < MAX`);
  return [lo, hi];
}

export const frontierCommand: Command = {
  summary: 'measured compute-optimal front and exponents vs the phase prediction',
  usage: `usage: plrf frontier --alpha A --beta B --d LIST [options]
  --d LIST           model sizes, e.g. 200:12800:x2 or 200,400,800 (at least 3)
  --method M         deterministic (default) | finite | sgd
  --flops MIN:MAX    flops range of the curves (default: extended until the minimiser is interior
                     over at least two decades; reported)
  --window MIN:MAX   fit window (default: where the minimiser is interior)
  --approach 1|2     envelope or IsoFLOP parabolas (default 2)
  --v-ratio R        v = R d (default 4)   --batch B   --gamma0 C   --seeds K (finite, sgd; default 8)
  --optimizer O      sgd (default) | momentum | dana-constant | dana-decay (docs/model.md §10; dana-decay
                     compares with plrf's derived exponents)
  --max-minutes M    finite, sgd: refuse a front whose curves are estimated to take longer than M minutes
                     (default 10); the estimate covers the first flops range (extensions add to it)
  --plot FILE        write the front plot (.svg or .png)
  --json             one JSON object on stdout`,
  options: {
    alpha: { type: 'string' },
    beta: { type: 'string' },
    d: { type: 'string' },
    method: { type: 'string' },
    flops: { type: 'string' },
    window: { type: 'string' },
    approach: { type: 'string' },
    'v-ratio': { type: 'string' },
    batch: { type: 'string' },
    gamma0: { type: 'string' },
    seeds: { type: 'string' },
    seed: { type: 'string' },
    plot: { type: 'string' },
    optimizer: { type: 'string' },
    'max-minutes': { type: 'string' },
  },
  async run({ values, signal, chatty, warn, quiet }) {
    for (const k of ['alpha', 'beta', 'd']) if (values[k] === undefined) throw new UsageError(`--${k}`, `--${k} is required`);
    const num = (k: string) => (values[k] === undefined ? undefined : parseNumber(`--${k}`, String(values[k])));
    const approach = num('approach');
    if (approach !== undefined && approach !== 1 && approach !== 2)
      throw new UsageError('--approach', `--approach = ${approach} is invalid: expected 1 or 2`);
    const method = (values.method as string | undefined) ?? 'deterministic';
    if (!['deterministic', 'finite', 'sgd'].includes(method))
      throw new UsageError('--method', `--method = '${method}' is invalid: expected deterministic, finite or sgd`);
    const optimizer = values.optimizer as string | undefined;
    if (optimizer !== undefined && !['sgd', 'momentum', 'dana-constant', 'dana-decay'].includes(optimizer)) {
      throw new UsageError('--optimizer', `--optimizer = '${optimizer}' is invalid: expected sgd, momentum, dana-constant or dana-decay`);
    }
    const plot = values.plot as string | undefined;
    if (plot !== undefined && !/\.(svg|png)$/i.test(plot)) throw new UsageError('--plot', `--plot = '${plot}' must end in .svg or .png`);
    if (plot !== undefined) await checkParent('--plot', plot);
    if (method !== 'deterministic') checkCost(values, method as 'finite' | 'sgd', num, chatty, quiet);
    const bar = progressBar('frontier', chatty);
    let r;
    try {
      r = await measureFront({
        alpha: num('alpha')!,
        beta: num('beta')!,
        d: parseList('--d', String(values.d)),
        method: method as 'deterministic',
        flops: range('--flops', values.flops as string | undefined),
        window: range('--window', values.window as string | undefined),
        approach: approach as 1 | 2 | undefined,
        vRatio: num('v-ratio'),
        batch: num('batch'),
        gamma0: num('gamma0'),
        seeds: num('seeds'),
        seed: num('seed'),
        signal,
        onProgress: bar.update,
        ...(optimizer !== undefined ? { optimizer: optimizer as 'sgd' } : {}),
      });
    } finally {
      bar.clear();
    }
    const m = r.measured;
    if (plot) await writePlot(plot, await frontPlot(r));
    const out = {
      phase: r.phase,
      theory: r.theory,
      measured: { xi: m.xi, eta: m.eta, xiCI: m.xiCI, etaCI: m.etaCI, approach: m.approach, window: m.window, ciMethod: m.ciMethod },
      flops: r.flops,
      interior: m.interior,
      front: m.front,
      localSlopes: m.localSlopes,
      plot: plot ?? null,
      warnings: r.warnings,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      const f = (x: number | null) => (x === null ? '-' : x.toFixed(4));
      const ci = (c: [number, number] | null) => (c === null ? 'n/a (see warnings)' : `[${f(c[0])}, ${f(c[1])}]`);
      const lines = [
        `plrf frontier: (alpha, beta) = (${r.phase.alpha}, ${r.phase.beta}), phase ${r.phase.phase}, optimizer ${optimizer ?? 'sgd'}, ` +
          `d = ${r.curves.map((c) => c.d).join(', ')}`,
        `                 predicted    measured (Approach ${m.approach})   95% interval (${m.ciMethod})`,
        `eta (P* ~ f^-eta)   ${f(r.theory.eta)}      ${f(m.eta)}                  ${ci(m.etaCI)}`,
        `xi  (d* ~ f^xi)     ${f(r.theory.xi)}      ${f(m.xi)}                  ${ci(m.xiCI)}`,
        `fit window: flops ${m.window[0].toExponential(2)} .. ${m.window[1].toExponential(2)} (curves cover ${r.flops[0].toExponential(2)} .. ${r.flops[1].toExponential(2)})`,
        `local slopes (finite-size drift): ${m.localSlopes.map((s) => `f=${s.flops.toExponential(1)}: eta ${s.eta.toFixed(3)}`).join(', ')}`,
      ];
      if (plot) lines.push(`plot written to ${plot}`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    for (const w of r.warnings) warn(w);
  },
};

/**
 * The cost estimate of a sampled front (src/sgd/cost.ts): every d of the grid runs `seeds` W draws
 * (and, for sgd, SGD to the first range's largest flops); refused above --max-minutes, printed on
 * stderr above 2 s. The curves may be extended afterwards, so this is a lower bound.
 */
function checkCost(
  values: Record<string, unknown>,
  method: 'finite' | 'sgd',
  num: (k: string) => number | undefined,
  chatty: boolean,
  quiet: boolean,
): void {
  const maxMinutes = num('max-minutes') ?? 10;
  if (!(maxMinutes > 0) || !Number.isFinite(maxMinutes))
    throw new UsageError('--max-minutes', `--max-minutes = '${String(values['max-minutes'])}' is invalid: expected a finite number > 0`);
  const ds = [...new Set(parseList('--d', String(values.d)))].sort((a, b) => a - b);
  const batch = num('batch') ?? 1,
    vRatio = num('v-ratio') ?? 4,
    seeds = num('seeds') ?? 8;
  const flops = range('--flops', values.flops as string | undefined);
  const fMax = flops ? flops[1] : ds[ds.length - 1] * batch * 1e5;
  // Invalid values are left to the library's checks (they name the flag and the allowed range).
  if (![batch, seeds, ...ds].every((x) => Number.isSafeInteger(x) && x > 0) || !(vRatio >= 1) || !(fMax > 0)) return;
  const momentum = values.optimizer !== undefined && values.optimizer !== 'sgd';
  const estimate = ds.reduce((sum, d) => {
    const steps = Math.max(1, Math.ceil(fMax / (d * batch)));
    return sum + estimateSeconds({ method, d, v: Math.round(vRatio * d), batch, steps, seeds, sharedW: false, momentum });
  }, 0);
  const what = `${ds.length} curves of ${seeds} run(s) each (${method}, d = ${ds[0]}..${ds[ds.length - 1]}, flops up to ${fMax.toExponential(1)})`;
  if (estimate > maxMinutes * 60) {
    throw new UsageError(
      '--max-minutes',
      `${what}: estimated at least ${formatDuration(estimate)}, above the limit of ${maxMinutes} min; ` +
        `raise it with --max-minutes ${Math.ceil((2 * estimate) / 60)}, or lower --seeds, --d or --flops`,
    );
  }
  if (!quiet && (estimate >= 2 || chatty))
    process.stderr.write(`plrf frontier: ${what}: estimated at least ${formatDuration(estimate)} (limit ${maxMinutes} min)\n`);
}
