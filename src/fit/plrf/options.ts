// The public boundary of the PLRF fit (docs/model.md §9): fitPlrf's options and rows are validated
// here, once, into a resolved configuration (defaults filled) that the stages below take as it is.

import { throwIfAborted, type LongRunOptions } from '../../core/async.js';
import { PlrfError } from '../../core/errors.js';
import { finite, integer, knownKeys } from '../../core/validate.js';
import { init } from '../../core/wasm.js';
import { preparePlrfData, type PlrfData } from './data.js';

/** Options of {@link fitPlrf}. */
export interface PlrfFitOptions extends LongRunOptions {
  /** A flop budget in your units, f = step · d · batch; the result then recommends d* and predicts the loss. */
  budget?: number;
  /** Batch size for the budget; default the data's (which must then be unique). */
  budgetBatch?: number;
  /** Bootstrap resamples over runs (linearised, cheap); default 1000. */
  bootstrap?: number;
  /** Confidence level; default 0.95. */
  level?: number;
  /** Seed of the resampling; default 0. */
  seed?: number;
  /** Search box for alpha; default [0.2, 2.2] (above about 2.2 the default learning rate trips the curves' stability check at d ~ 100). */
  alphaRange?: [number, number];
  /** Search box for beta; default [-0.3, 2.5] (alpha + beta > 1/2 is always enforced). */
  betaRange?: [number, number];
  /** Largest d the budget search may recommend; default 8192 (deterministic curves at v = 4d). */
  maxD?: number;
}

/** fitPlrf's options, validated and with their defaults. */
export interface PlrfConfig {
  /** A flop budget f = step · d · batch (your units) and the batch size it is planned at; null without a budget. */
  budget: { flops: number; batch: number } | null;
  /** Bootstrap resamples. */
  resamples: number;
  level: number;
  seed: number;
  maxD: number;
  alphaBox: [number, number];
  betaBox: [number, number];
  /** Search range of sigma = log s_r: the largest step maps to r >= 0.1, the smallest positive step to r <= the curves' horizon. */
  sigmaRange: [number, number];
  longRun: LongRunOptions;
}

const KEYS = ['budget', 'budgetBatch', 'bootstrap', 'level', 'seed', 'alphaRange', 'betaRange', 'maxD', 'signal', 'onProgress'] as const;

function box(name: string, v: unknown, def: [number, number], min: number): [number, number] {
  const r = v ?? def;
  if (!Array.isArray(r) || r.length !== 2) throw new PlrfError('INVALID_ARGUMENT', `${name} must be [min, max]`, name);
  return [finite(`${name}[0]`, r[0], { ge: min }), finite(`${name}[1]`, r[1], { gt: r[0], le: 5 })];
}

/**
 * Validate fitPlrf's rows and options. Returns the resolved configuration, the prepared data, and
 * the first warnings (about the data's design). Throws `INVALID_ARGUMENT` naming the option or
 * `rows`, or `ABORTED`.
 */
export async function resolvePlrfFit(
  rows: unknown,
  options: PlrfFitOptions,
): Promise<{ config: PlrfConfig; data: PlrfData; warnings: string[] }> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'fitPlrf expects an options object', 'options');
  knownKeys('fitPlrf', options, KEYS);
  const budget = options.budget === undefined ? undefined : finite('budget', options.budget, { gt: 0 });
  const resamples = integer('bootstrap', options.bootstrap ?? 1000, 0, 1_000_000);
  const level = finite('level', options.level ?? 0.95, { gt: 0, lt: 1 });
  const seed = integer('seed', options.seed ?? 0, 0);
  const maxD = integer('maxD', options.maxD ?? 8192, 4, 20000);
  const alphaBox = box('alphaRange', options.alphaRange, [0.2, 2.2], 0.05);
  const betaBox = box('betaRange', options.betaRange, [-0.3, 2.5], -2);
  await init();
  const data = preparePlrfData(rows, alphaBox[1]);
  throwIfAborted(options.signal);
  const warnings: string[] = [];
  const { groups } = data;
  const ds = [...new Set(groups.map((g) => g.d))];
  if (ds.length < 2)
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `fitPlrf needs curves at two or more model sizes d to separate alpha from beta; got d = ${ds[0]} only`,
      'rows',
    );
  if (ds.length < 3) warnings.push(`only ${ds.length} model sizes: alpha and beta are weakly identified (use 3 or more d's)`);
  let budgetBatch: number | undefined;
  if (budget !== undefined) {
    const bs = [...new Set(groups.map((g) => g.batch))];
    if (options.budgetBatch !== undefined) budgetBatch = integer('budgetBatch', options.budgetBatch, 1, 65536);
    else if (bs.length === 1) budgetBatch = bs[0];
    else
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `the data use several batch sizes (${bs.join(', ')}): give budgetBatch (--budget-batch) for the budget`,
        'budgetBatch',
      );
  }
  const positive = Array.from(data.step).filter((s) => s > 0);
  if (positive.length < 3) throw new PlrfError('INVALID_ARGUMENT', 'fitPlrf needs at least 3 points with step > 0', 'rows');
  const maxStep = Math.max(...positive),
    minStep = Math.min(...positive);
  const rMaxAll = Math.min(...groups.map((g) => g.rMax));
  const config: PlrfConfig = {
    budget: budget !== undefined && budgetBatch !== undefined ? { flops: budget, batch: budgetBatch } : null,
    resamples,
    level,
    seed,
    maxD,
    alphaBox,
    betaBox,
    sigmaRange: [Math.log(0.1 / maxStep), Math.log(rMaxAll / minStep)],
    longRun: { signal: options.signal, onProgress: options.onProgress },
  };
  return { config, data, warnings };
}
