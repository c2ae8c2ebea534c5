// `plrf curve`: one loss curve (docs/cli.md). This version provides the SGD methods.

import { PlrfError } from '../core/errors.js';
import {
  CURVE_METHODS,
  curveByMethod,
  isSgdMethod,
  type CurveByMethodOptions,
  type CurveByMethodResult,
  type CurveMethod,
} from '../front/curveByMethod.js';
import { parseNumber, UsageError } from './args.js';
import type { Command, CommandContext } from './main.js';
import { estimateSeconds, formatDuration } from './cost.js';
import { progressBar } from './progress.js';
import { OPTIMIZER_NAMES, type Coefficient, type OptimizerName, type OptimizerSpec } from '../model/optimizer.js';

const METHODS = CURVE_METHODS;

function num(values: Record<string, unknown>, flag: string): number | undefined {
  const raw = values[flag];
  return raw === undefined ? undefined : parseNumber(`--${flag}`, String(raw));
}

function required(values: Record<string, unknown>, flag: string): number {
  const x = num(values, flag);
  if (x === undefined) throw new UsageError(`--${flag}`, `--${flag} is required`);
  return x;
}

export const curveCommand: Command = {
  summary: 'one expected-loss curve: theory (deterministic, finite, surrogate) or SGD (sgd, sgd-direct)',
  usage: `usage: plrf curve --alpha A --beta B --d D --steps N [options]
  --v V            hidden dimension (default 4d)
  --gamma G        learning rate, or --gamma0 C for gamma = C·2/((B+1) tr D) (default C = 0.5)
  --batch B        batch size, summed gradient (default 1)
  --method M       ${METHODS.join('|')} (default deterministic; sgd = spectral engine,
                   sgd-direct = the literal model; the deterministic method needs v > d)
  --seeds K        independent runs (default 8 for sgd, 1 for finite); each draws its own W unless --w-seed S
  --seed S         base seed (default 0); --points P  about P log-spaced checkpoints (default 60)
  --storage S      f64|f32: storage of W for the sampling methods (default f64; f32 rounds W to float32,
                   computes in f64, and halves W's memory and the direct engine's time at large d)
  --max-minutes M  sampling methods: refuse runs estimated to take longer than M minutes (default 10);
                   the estimate is printed on stderr before a run of more than 2 s
  --optimizer O    sgd|momentum|dana-constant|dana-decay|dana (default sgd; docs/model.md §10); with dana give
                   --gamma1 --gamma2 --gamma3 --delta, each a number or value:scale:power for
                   value (1 + t/scale)^(-power); with a preset they replace its coefficients
  --force          run beyond the stability conditions and report divergence
Ctrl-C during a sampling method prints the runs that finished (exit 130).
  --json           one JSON object on stdout; --quiet  no progress or warnings on stderr`,
  options: {
    alpha: { type: 'string' },
    beta: { type: 'string' },
    d: { type: 'string' },
    v: { type: 'string' },
    gamma: { type: 'string' },
    gamma0: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    method: { type: 'string' },
    seeds: { type: 'string' },
    'w-seed': { type: 'string' },
    seed: { type: 'string' },
    points: { type: 'string' },
    force: { type: 'boolean' },
    storage: { type: 'string' },
    'max-minutes': { type: 'string' },
    optimizer: { type: 'string' },
    gamma1: { type: 'string' },
    gamma2: { type: 'string' },
    gamma3: { type: 'string' },
    delta: { type: 'string' },
  },
  async run(ctx) {
    const { values, signal, chatty } = ctx;
    const method = (values.method as string | undefined) ?? 'deterministic';
    if (!(METHODS as readonly string[]).includes(method)) {
      throw new UsageError('--method', `--method = '${method}' is invalid: expected one of ${METHODS.join(', ')}`);
    }
    const alpha = required(values, 'alpha');
    const beta = required(values, 'beta');
    const d = required(values, 'd');
    const steps = required(values, 'steps');
    const maxMinutes = num(values, 'max-minutes') ?? 10;
    if (!(maxMinutes > 0) || !Number.isFinite(maxMinutes))
      throw new UsageError('--max-minutes', `--max-minutes = '${values['max-minutes']}' is invalid: expected a finite number > 0`);
    let estimate: number | null = null;
    if (method === 'sgd' || method === 'sgd-direct' || method === 'finite') {
      const seeds = num(values, 'seeds') ?? (method === 'finite' ? 1 : 8);
      const v = num(values, 'v') ?? 4 * d;
      const batch = num(values, 'batch') ?? 1;
      const momentum = values.optimizer !== undefined && values.optimizer !== 'sgd';
      const input = { method, d, v, batch, steps, seeds, sharedW: values['w-seed'] !== undefined, momentum } as const;
      // Invalid sizes are left to the library's checks (they name the flag and the allowed range).
      if ([d, v, batch, steps, seeds].every((x) => Number.isSafeInteger(x) && x > 0)) {
        estimate = estimateSeconds(input);
        const what = `${seeds} run(s) of ${steps} step(s) at d = ${d}, v = ${v}, B = ${batch} (${method})`;
        if (estimate > maxMinutes * 60) {
          throw new UsageError(
            '--max-minutes',
            `${what}: estimated ${formatDuration(estimate)}, above the limit of ${maxMinutes} min; ` +
              `raise it with --max-minutes ${Math.ceil((2 * estimate) / 60)}, or lower --steps, --seeds or --d`,
          );
        }
        if (!ctx.quiet && (estimate >= 2 || chatty)) {
          process.stderr.write(`plrf curve: ${what}: estimated ${formatDuration(estimate)} (limit ${maxMinutes} min, --max-minutes)\n`);
        }
      }
    }
    const bar = progressBar(`curve ${method}`, chatty);
    let result;
    try {
      const common = {
        alpha,
        beta,
        d,
        steps,
        v: num(values, 'v'),
        gamma: num(values, 'gamma'),
        gamma0: num(values, 'gamma0'),
        batch: num(values, 'batch'),
        points: num(values, 'points'),
        force: values.force === true,
        signal,
        onProgress: bar.update,
      };
      const sampling = { seeds: num(values, 'seeds'), seed: num(values, 'seed'), wSeed: num(values, 'w-seed') };
      const optimizer = optimizerFlags(values);
      Object.assign(common, optimizer === undefined ? {} : { optimizer });
      const storage = values.storage as string | undefined;
      if (storage !== undefined && storage !== 'f64' && storage !== 'f32') {
        throw new UsageError('--storage', `--storage = '${storage}' is invalid: expected f64 or f32`);
      }
      if (storage !== undefined && method !== 'sgd' && method !== 'sgd-direct') {
        throw new UsageError('--storage', `--storage applies to the SGD methods (sgd, sgd-direct), not to --method ${method}`);
      }
      if (!isSgdMethod(method as CurveMethod) && method !== 'finite') {
        for (const [flag, value] of Object.entries({ '--seeds': sampling.seeds, '--seed': sampling.seed, '--w-seed': sampling.wSeed })) {
          if (value !== undefined)
            throw new UsageError(flag, `${flag} applies to the sampling methods (sgd, sgd-direct, finite), not to --method ${method}`);
        }
      }
      const request = {
        ...common,
        ...(method === 'deterministic' || method === 'surrogate' ? {} : sampling),
        ...(storage !== undefined ? { storage } : {}),
        method,
      } as CurveByMethodOptions;
      result = await curveByMethod(request);
    } catch (e) {
      bar.clear();
      if (e instanceof PlrfError && e.code === 'ABORTED') return reportInterrupted(e, method, ctx);
      throw e;
    } finally {
      bar.clear();
    }
    report(result, method, ctx, estimate, false);
  },
};

/** The --optimizer flag and its coefficient flags as a library optimizer option (undefined: sgd by default). */
export function optimizerFlags(values: Record<string, unknown>): OptimizerSpec | undefined {
  const name = values.optimizer as string | undefined;
  const coef: Record<string, Coefficient> = {};
  for (const k of ['gamma1', 'gamma2', 'gamma3', 'delta'] as const) {
    const raw = values[k];
    if (raw === undefined) continue;
    if (name === undefined || name === 'sgd')
      throw new UsageError(`--${k}`, `--${k} applies to --optimizer momentum|dana-constant|dana-decay|dana`);
    const parts = String(raw).split(':');
    if (parts.length > 3) throw new UsageError(`--${k}`, `--${k} = '${raw}' is invalid: expected a number or value:scale:power`);
    const [value, scale, power] = parts.map((p) => parseNumber(`--${k}`, p));
    coef[k] = parts.length === 1 ? value : { value, scale, power: power ?? 0 };
  }
  if (name === undefined) return undefined;
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new UsageError('--optimizer', `--optimizer = '${name}' is invalid: expected one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
  for (const k of ['gamma1', 'gamma2', 'gamma3', 'delta']) {
    if (name === 'dana' && coef[k] === undefined)
      throw new UsageError(`--${k}`, `--optimizer dana needs --gamma1, --gamma2, --gamma3 and --delta (--${k} is missing)`);
  }
  return { name: name as OptimizerName, ...coef };
}

type CurveLike = CurveByMethodResult;

/**
 * Ctrl-C during a sampled curve: the library rejects with an ABORTED PlrfError whose `partial`
 * is the result over the finished runs (or null). Print what was kept (JSON with
 * "interrupted": true, or the table), say how many runs finished, and exit 130.
 */
export function reportInterrupted(e: unknown, method: string, ctx: Pick<CommandContext, 'values' | 'warn' | 'kept'>): number {
  const partial = (e as { partial?: CurveLike | null }).partial ?? null;
  const requested = num(ctx.values, 'seeds') ?? (method === 'sgd' || method === 'sgd-direct' ? 8 : 1);
  if (!partial || !Array.isArray(partial.loss) || partial.loss.length === 0) {
    // Nothing finished: the common handler says so and exits 130.
    throw e;
  }
  const finished = runsOf(partial);
  const note = `interrupted: ${finished} of ${requested} run(s) finished; the curve is their mean`;
  partial.warnings = [...(partial.warnings ?? []), note];
  report(partial, method, ctx, null, true);
  ctx.kept.length = 0;
  ctx.kept.push(`${finished} of ${requested} run(s), printed ${ctx.values.json ? 'as JSON on stdout' : 'above'}`);
  process.stderr.write(`plrf curve: interrupted; kept ${ctx.kept[0]}\n`);
  return 130;
}

function runsOf(r: CurveLike): number {
  const any = r as { runs?: unknown[]; spectra?: unknown[]; config?: { seeds?: number } };
  if (Array.isArray(any.runs)) return any.runs.length;
  if (Array.isArray(any.spectra)) return any.spectra.length;
  return any.config?.seeds ?? 1;
}

function report(
  result: CurveLike,
  method: string,
  ctx: Pick<CommandContext, 'values' | 'warn'>,
  estimate: number | null,
  interrupted: boolean,
): void {
  const { values, warn } = ctx;
  {
    for (const x of [...result.loss, ...(result.stderr ?? [])]) {
      if (!Number.isFinite(x)) throw new PlrfError('INTERNAL', 'the computed curve contains a non-finite value');
    }
    const c = result.config;
    const out = {
      config: {
        alpha: c.alpha,
        beta: c.beta,
        d: c.d,
        v: c.v,
        gamma: c.gamma,
        batch: c.batch,
        steps: c.steps,
        method,
        seeds: c.seeds,
        seed: c.seed,
        wSeed: c.wSeed,
        ...('storage' in c && c.storage === 'f32' ? { storage: c.storage } : {}),
        ...(c.optimizer && c.optimizer.name !== 'sgd' ? { optimizer: c.optimizer } : {}),
      },
      steps: result.steps,
      flops: result.flops,
      loss: result.loss,
      stderr: result.stderr,
      limit: result.limit,
      diverged: result.diverged,
      warnings: result.warnings,
      ...(estimate !== null ? { estimatedSeconds: estimate } : {}),
      ...(interrupted ? { interrupted: true } : {}),
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      const o = c.optimizer;
      const fmt = (k: [number, number, number]) =>
        k[2] === 0 ? k[0].toPrecision(4) : `${k[0].toPrecision(4)}(1+t/${k[1].toPrecision(4)})^-${k[2].toPrecision(4)}`;
      const lines = [
        `plrf curve: alpha = ${c.alpha}, beta = ${c.beta}, d = ${c.d}, v = ${c.v}, B = ${c.batch}, ` +
          (o && o.name !== 'sgd'
            ? `optimizer ${o.name}: gamma1 = ${fmt(o.gamma1)}, gamma2 = ${fmt(o.gamma2)}, gamma3 = ${fmt(o.gamma3)}, Delta = ${fmt(o.delta)}`
            : `gamma = ${c.gamma.toPrecision(6)}`) +
          `, method ${method}, ${c.seeds} run(s)`,
        `${'step r'.padStart(12)} ${'flops r·d·B'.padStart(12)} ${'loss P'.padStart(12)} ${'std. error'.padStart(11)}`,
      ];
      const stride = Math.max(1, Math.ceil(result.steps.length / 20));
      for (let i = 0; i < result.steps.length; i++) {
        if (i % stride !== 0 && i !== result.steps.length - 1) continue;
        const se = result.stderr ? result.stderr[i].toExponential(2) : '-';
        lines.push(
          `${String(result.steps[i]).padStart(12)} ${result.flops[i].toExponential(3).padStart(12)} ${result.loss[i].toExponential(4).padStart(12)} ${se.padStart(11)}`,
        );
      }
      const limitText = method === 'deterministic' || method === 'surrogate' ? 'F0/(1 - ||K||)' : 'mean over W of P*/(1 - ||K||)';
      const varying = o && o.name !== 'sgd' && [o.gamma1, o.gamma2, o.gamma3, o.delta].some((k) => k[2] !== 0 && k[0] !== 0);
      if (varying) lines.push('limit P(inf): none at frozen time (the coefficients vary with t); loss without the factor 1/2');
      else
        lines.push(
          `limit P(inf) = ${result.limit === null ? 'infinite' : result.limit.toExponential(4)} (${limitText}); loss without the factor 1/2`,
        );
      if (result.diverged) lines.push(`diverged at step ${result.diverged.step}`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    for (const w of result.warnings) warn(w);
  }
}
