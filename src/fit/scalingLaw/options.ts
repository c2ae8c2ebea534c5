// The public boundary of the scaling-law fits (docs/model.md §9): fitScalingLaw's options and rows are
// validated here, once, into a resolved configuration (defaults filled) that the stages below take as it is.

import type { LongRunOptions } from '../../core/async.js';
import { PlrfError } from '../../core/errors.js';
import { finite, integer, knownKeys, oneOf } from '../../core/validate.js';
import { init } from '../../core/wasm.js';
import { prepareLawData, type LawData } from './data.js';
import type { ScalingLawOptions } from './types.js';

/** fitScalingLaw's options, validated and with their defaults. */
export interface ScalingLawConfig {
  form: 'power' | 'chinchilla';
  /** Huber threshold on log residuals. */
  delta: number;
  /** Bootstrap resamples. */
  resamples: number;
  level: number;
  seed: number;
  /** Search range of the exponents. */
  range: [number, number];
  /** chinchilla: a compute budget C = 6 N D in FLOPs, or undefined. */
  budget: number | undefined;
  longRun: LongRunOptions;
}

const KEYS = ['form', 'huberDelta', 'bootstrap', 'level', 'seed', 'exponentRange', 'budget', 'signal', 'onProgress'] as const;

/** Validate fitScalingLaw's rows and options; throws `INVALID_ARGUMENT` naming the option or `data`. */
export async function resolveScalingLawFit(data: unknown, options: ScalingLawOptions): Promise<{ config: ScalingLawConfig; p: LawData }> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'fitScalingLaw expects an options object', 'options');
  knownKeys('fitScalingLaw', options, KEYS);
  const form = oneOf('form', options.form, ['power', 'chinchilla'] as const);
  const delta = finite('huberDelta', options.huberDelta ?? 1e-3, { gt: 0 });
  const resamples = integer('bootstrap', options.bootstrap ?? 1000, 0, 1_000_000);
  const level = finite('level', options.level ?? 0.95, { gt: 0, lt: 1 });
  const seed = integer('seed', options.seed ?? 0, 0);
  const range = options.exponentRange ?? [0.01, 3];
  if (!Array.isArray(range) || range.length !== 2)
    throw new PlrfError('INVALID_ARGUMENT', 'exponentRange must be [min, max]', 'exponentRange');
  finite('exponentRange[0]', range[0], { gt: 0 });
  finite('exponentRange[1]', range[1], { gt: range[0] });
  const budget = options.budget === undefined ? undefined : finite('budget', options.budget, { gt: 0 });
  if (budget !== undefined && form !== 'chinchilla') {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `budget = ${budget} is invalid for the power form: a compute budget needs the chinchilla (or plrf) form`,
      'budget',
    );
  }
  await init(); // resampling and percentiles come from the Wasm core
  const p = prepareLawData(form, data, delta);
  const config: ScalingLawConfig = {
    form,
    delta,
    resamples,
    level,
    seed,
    range,
    budget,
    longRun: { signal: options.signal, onProgress: options.onProgress },
  };
  return { config, p };
}
