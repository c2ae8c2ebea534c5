// Learning-rate schedules as plain functions of the step (optax style), multiplying a peak gamma.

import { SCHEDULE_CONSTANT, SCHEDULE_COSINE, SCHEDULE_POWER, SCHEDULE_WSD } from '../core/abi.js';
import { PlrfError } from '../core/errors.js';
import { finite, integer, knownKeys } from '../core/validate.js';

/**
 * A learning-rate schedule: gamma(r) = gamma · factor(r), factor in (0, 1].
 * - `constant`: factor 1.
 * - `power`: (1 + r / r0)^(-exponent).
 * - `cosine`: cosine decay from 1 to `final` over the run: final + (1 - final)(1 + cos(pi r / steps)) / 2.
 * - `wsd` (warmup-stable-decay): linear warmup over `warmup` steps, constant, then linear decay to
 *   `final` over the last `decay` steps.
 * In the theory engine the schedule is piecewise constant over blocks (evaluated at block midpoints),
 * inside Wasm (assembly/recursion.ts).
 */
export type Schedule =
  | { kind: 'constant' }
  | { kind: 'power'; r0: number; exponent: number }
  | { kind: 'cosine'; final?: number }
  | { kind: 'wsd'; warmup: number; decay: number; final?: number };

/**
 * Kinds of the schedule table (assembly/recursion.ts, SCHEDULE_*): the recursion evaluates
 * factor(r) in Wasm from a table [kind, p1, p2, p3, steps]:
 * - 0 constant (p1..p3 = 0);
 * - 1 power: p1 = r0, p2 = exponent;
 * - 2 cosine: p1 = final;
 * - 3 wsd: p1 = warmup, p2 = decay, p3 = final;
 * and steps = the curve's last checkpoint.
 * @internal
 */
export const SCHEDULE_KIND = { constant: SCHEDULE_CONSTANT, power: SCHEDULE_POWER, cosine: SCHEDULE_COSINE, wsd: SCHEDULE_WSD } as const;

/** Validate a schedule description and encode it as the recursion's table (see {@link SCHEDULE_KIND}). @internal */
export function scheduleTable(s: Schedule | undefined, steps: number): number[] {
  if (s === undefined || (typeof s === 'object' && s !== null && s.kind === 'constant')) return [SCHEDULE_KIND.constant, 0, 0, 0, steps];
  if (s === null || typeof s !== 'object') throw new PlrfError('INVALID_ARGUMENT', 'schedule must be an object with a kind', 'schedule');
  switch (s.kind) {
    case 'power': {
      knownKeys('schedule', s, ['kind', 'r0', 'exponent']);
      const r0 = finite('schedule.r0', s.r0, { gt: 0 });
      const p = finite('schedule.exponent', s.exponent, { ge: 0, le: 10 });
      return [SCHEDULE_KIND.power, r0, p, 0, steps];
    }
    case 'cosine': {
      knownKeys('schedule', s, ['kind', 'final']);
      const fin = finite('schedule.final', s.final ?? 0, { ge: 0, le: 1 });
      return [SCHEDULE_KIND.cosine, fin, 0, 0, steps];
    }
    case 'wsd': {
      knownKeys('schedule', s, ['kind', 'warmup', 'decay', 'final']);
      const warm = integer('schedule.warmup', s.warmup, 0);
      const decay = integer('schedule.decay', s.decay, 0);
      const fin = finite('schedule.final', s.final ?? 0, { ge: 0, le: 1 });
      return [SCHEDULE_KIND.wsd, warm, decay, fin, steps];
    }
    default:
      throw new PlrfError(
        'INVALID_ARGUMENT',
        `schedule.kind = ${JSON.stringify((s as { kind: unknown }).kind)} is invalid: expected constant, power, cosine or wsd`,
        'schedule',
      );
  }
}
