// Momentum SGD and DANA (docs/model.md §10): the optimizer option of simulateSgd, lossCurve and the
// fronts, its presets and the coefficient table the Wasm core reads (abi/plrf.abi.json OPT_*).

import { OPT_DELTA, OPT_GAMMA1, OPT_GAMMA2, OPT_GAMMA3, OPT_TABLE_LEN } from '../core/abi.js';
import { PlrfError } from '../core/errors.js';
import { traceD } from './conventions.js';
import { withBlocks } from '../core/memory.js';
import { core } from '../core/wasm.js';

/** Optimizer names: `sgd` (default), heavy-ball `momentum`, the two DANA presets and `dana` with every coefficient given. */
export type OptimizerName = 'sgd' | 'momentum' | 'dana-constant' | 'dana-decay' | 'dana';
/** Every optimizer name, in the order of the CLI's help. */
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'dana-constant', 'dana-decay', 'dana'];

/**
 * A coefficient: a constant, or the power law value (1 + t/scale)^(-power) in the step t (counted
 * from 0); scale defaults to 1, power to 0.
 */
export type Coefficient = number | { value: number; scale?: number; power?: number };

/**
 * The optimizer y' = (1 - Delta_t) y + gamma1_t G, theta' = theta - gamma2_t G - gamma3_t y' (G the
 * summed batch gradient). A name alone uses the preset; with `dana` every coefficient is required;
 * with a preset, a given coefficient replaces the preset's.
 */
export interface OptimizerSpec {
  name: OptimizerName;
  gamma1?: Coefficient;
  gamma2?: Coefficient;
  gamma3?: Coefficient;
  delta?: Coefficient;
}

/** The resolved coefficients: [value, scale, power] each. */
export interface ResolvedOptimizer {
  name: OptimizerName;
  gamma1: [number, number, number];
  gamma2: [number, number, number];
  gamma3: [number, number, number];
  delta: [number, number, number];
}

/** Heavy-ball defaults: momentum decay Delta = 0.1 (beta = 0.9); gamma3 = gamma Delta so that gamma1 gamma3 / Delta = gamma. */
export const MOMENTUM_DEFAULT_DELTA = 0.1;

function coefficient(name: string, c: unknown): [number, number, number] {
  const bad = (what: string) => new PlrfError('INVALID_ARGUMENT', `optimizer.${name}: ${what}`, `optimizer.${name}`);
  if (typeof c === 'number') {
    if (!Number.isFinite(c) || c < 0) throw bad(`must be a finite number >= 0 (got ${c})`);
    return [c, 1, 0];
  }
  if (c === null || typeof c !== 'object') throw bad('must be a number or { value, scale?, power? }');
  const o = c as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!['value', 'scale', 'power'].includes(k)) throw bad(`unknown key "${k}" (allowed: value, scale, power)`);
  const value = o.value,
    scale = o.scale ?? 1,
    power = o.power ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw bad(`value must be a finite number >= 0 (got ${String(value)})`);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0)
    throw bad(`scale must be a finite number > 0 (got ${String(scale)})`);
  if (typeof power !== 'number' || !Number.isFinite(power) || power < 0)
    throw bad(`power must be a finite number >= 0 (got ${String(power)})`);
  return [value, scale, power];
}

/**
 * Resolve an optimizer option (a name or an {@link OptimizerSpec}) to its coefficients at the
 * problem (alpha, beta, d, v, B); `gamma` is the SGD learning rate (sgd and the momentum preset use it).
 */
export function resolveOptimizer(
  option: unknown,
  p: { alpha: number; beta: number; d: number; v: number; batch: number; gamma: number },
): ResolvedOptimizer {
  const spec: Record<string, unknown> = typeof option === 'string' ? { name: option } : (option as Record<string, unknown>);
  if (spec === null || typeof spec !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'optimizer must be a name or { name, gamma1?, gamma2?, gamma3?, delta? }', 'optimizer');
  for (const k of Object.keys(spec)) {
    if (!['name', 'gamma1', 'gamma2', 'gamma3', 'delta'].includes(k))
      throw new PlrfError('INVALID_ARGUMENT', `optimizer: unknown key "${k}" (allowed: name, gamma1, gamma2, gamma3, delta)`, 'optimizer');
  }
  const name = spec.name;
  if (typeof name !== 'string' || !(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new PlrfError(
      'INVALID_ARGUMENT',
      `optimizer must be one of ${OPTIMIZER_NAMES.join(', ')} (got ${JSON.stringify(name)})`,
      'optimizer',
    );
  }
  const { alpha, beta, d, v, batch: B, gamma } = p;
  const trD = traceD(alpha, v);
  let preset: Partial<Record<'gamma1' | 'gamma2' | 'gamma3' | 'delta', [number, number, number]>>;
  switch (name as OptimizerName) {
    case 'sgd':
      preset = { gamma1: [0, 1, 0], gamma2: [gamma, 1, 0], gamma3: [0, 1, 0], delta: [0, 1, 0] };
      break;
    case 'momentum':
      preset = {
        gamma1: [1, 1, 0],
        gamma2: [0, 1, 0],
        gamma3: [gamma * MOMENTUM_DEFAULT_DELTA, 1, 0],
        delta: [MOMENTUM_DEFAULT_DELTA, 1, 0],
      };
      break;
    case 'dana-decay':
    case 'dana-constant': {
      const g3 = 0.25 * Math.min(1, B / trD);
      preset = {
        gamma1: [1 / B, 1, 0],
        gamma2: [0.5 * Math.min(1 / B, 1 / trD), 1, 0],
        delta: [1, 4 + (alpha + beta) / alpha, 1],
        gamma3: name === 'dana-decay' ? [g3, 1, 1 / (2 * alpha)] : [g3 / d, 1, 0],
      };
      break;
    }
    default:
      preset = {};
  }
  const out = { name } as ResolvedOptimizer;
  for (const k of ['gamma1', 'gamma2', 'gamma3', 'delta'] as const) {
    if (spec[k] !== undefined) out[k] = coefficient(k, spec[k]);
    else if (preset[k]) out[k] = preset[k];
    else throw new PlrfError('INVALID_ARGUMENT', `optimizer dana needs every coefficient: ${k} is missing`, `optimizer.${k}`);
  }
  if (out.delta[0] > 1)
    throw new PlrfError('INVALID_ARGUMENT', `optimizer.delta must be <= 1 at t = 0 (got ${out.delta[0]})`, 'optimizer.delta');
  return out;
}

/** The OPT_TABLE_LEN doubles of the Wasm optimizer table. */
export function optimizerTable(o: ResolvedOptimizer): number[] {
  const t = new Array<number>(OPT_TABLE_LEN).fill(0);
  const put = (k: number, c: [number, number, number]) => {
    t[3 * k] = c[0];
    t[3 * k + 1] = c[1];
    t[3 * k + 2] = c[2];
  };
  put(OPT_GAMMA1, o.gamma1);
  put(OPT_GAMMA2, o.gamma2);
  put(OPT_GAMMA3, o.gamma3);
  put(OPT_DELTA, o.delta);
  return t;
}

/** Whether the optimizer is plain SGD (gamma1 = gamma3 = 0 at every t, gamma2 constant). */
export function isPlainSgd(o: ResolvedOptimizer): boolean {
  return o.gamma1[0] === 0 && o.gamma3[0] === 0 && (o.gamma2[2] === 0 || o.gamma2[0] === 0);
}

/** c(0) = gamma2 + gamma1 gamma3 at t = 0: the effective step of the error, which sets the deterministic contour. */
export function effectiveStep(o: ResolvedOptimizer): number {
  return o.gamma2[0] + o.gamma1[0] * o.gamma3[0];
}

/** Default slope of the deterministic contour's ray z = x (1 + i s) (docs/model.md §5). */
const CONTOUR_SLOPE = 0.3;
/** Narrowest ray slope the momentum recursion asks for (the contour's node density grows like 1/sqrt(s): 12x the flat ray's at 0.002). */
export const MIN_CONTOUR_SLOPE = 0.002;

/**
 * The ray slope of the deterministic contour on which the optimizer's one-step map does not grow up
 * to step `horizon` (docs/model.md §10): near the collision c B x = Delta of the error and momentum
 * eigenvalues, at z = x (1 + i s) one eigenvalue of the 2x2 mean map has modulus about
 * 1 - (Delta + c B x)/2 + s sqrt(gamma1 gamma3 B x)/2, so the map contracts for every x exactly when
 * s < s*(t) = 2 sqrt(c Delta / (gamma1 gamma3)) (c = gamma2 + gamma1 gamma3; B cancels). Returns
 * 0.9 min over t <= horizon of s*(t) (on a logarithmic grid, ends included), capped at the default 0.3;
 * 0.3 when gamma1 gamma3 = 0. Computed in the Wasm core (momentumContourSlope).
 */
export function momentumContourSlope(o: ResolvedOptimizer, horizon: number): number {
  const c = core();
  return withBlocks([OPT_TABLE_LEN], (table) => {
    table.view().set(optimizerTable(o));
    return c.momentumContourSlope(table.ptr, horizon, CONTOUR_SLOPE);
  });
}
