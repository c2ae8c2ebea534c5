// The options of a spectral measure and their validation into a MeasureConfig, once, at the public
// entry points (spectralMeasure, forcing/kernel, lossCurve); the builders take the config as is.

import type { LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { admissible, bool, finite, integer, knownKeys, learningRate, oneOf, sizes } from '../core/validate.js';
import { gammaFromRule, type ModelConfig, type ModelOptions } from '../model/conventions.js';

/** How a measure was produced. */
export type MeasureMethod = 'deterministic' | 'finite' | 'surrogate';

/** Contour of the deterministic equivalent (docs/model.md §5); defaults are the converged choice. */
export interface ContourOptions {
  /** Slope s of the ray z = x (1 + i s); default 0.3 (keep s < 1/3). */
  slope?: number;
  /** Width of the Gauss-Legendre panels on the ray, in log x; default 0.2 (0.6 for momentum/DANA curves). */
  panelWidth?: number;
  /** Gauss-Legendre nodes per ray panel; default 16 (32 for momentum/DANA curves). */
  nodesPerPanel?: number;
  /** Gauss-Legendre nodes on each vertical cap; default 64. */
  capNodes?: number;
  /** Left end x_L as a multiple of v^(-2 alpha) (sqrt(v/d) - 1)^2; default 0.3. */
  leftFactor?: number;
  /** Right end x_R; default min(3 (1 + tr D / d), 1.8 / (gamma (B+1))). */
  right?: number;
  /** Initial guess of m at the far starting point (testing the branch check); default 1. */
  start?: [number, number];
  /**
   * Sum the terms with tau_j |m| <= |z|/8 by their power series in tau_j m / z from precomputed
   * power sums (truncation below 1e-17 relative), instead of term by term; default true. The
   * results agree with the direct sums to rounding; false gives the O(v)-per-evaluation reference.
   */
  tailSums?: boolean;
}

/** Options of {@link spectralMeasure}. */
export interface MeasureOptions extends LongRunOptions, ModelOptions {
  method: MeasureMethod;
  /** default 4 d; the deterministic method needs v > d. */
  v?: number;
  /** Batch size B (deterministic: sets the contour's right end through the stability region); default 1. */
  batch?: number;
  /** Largest learning rate the measure will be used with (deterministic only); default gamma0 rule. */
  gamma?: number;
  /** finite: W from stream (seed, stream); default 0, 0. */
  seed?: number;
  stream?: number;
  contour?: ContourOptions;
  /** deterministic: build the contour above the whole spectrum even where |g| >= 1 (for forced, unstable runs). */
  force?: boolean;
}

/** The contour of a deterministic measure, defaults filled in. @internal */
export interface ContourConfig {
  slope: number;
  panelWidth: number;
  nodesPerPanel: number;
  capNodes: number;
  leftFactor: number;
  /** x_R: NaN for the default, -Infinity for a given value that is not a finite number (the job then reports x_L). */
  right: number;
  /** The right end as given (for the error message when it is not above x_L). */
  rightOption: unknown;
  start: [number, number];
  tailSums: boolean;
  /**
   * Momentum/DANA (set by lossCurve, not an option): the ray z = x (1 + i s(x)) with the slope
   * profile of the optimizer (its table) for steps up to the horizon, between floor and `slope`,
   * panel widths scaled by sqrt(s(x)/slope) (docs/model.md §10).
   */
  profile?: { table: number[]; horizon: number; floor: number };
}

/** A validated measure request: what the measure job is started with. @internal */
export interface MeasureConfig extends ModelConfig {
  method: MeasureMethod;
  /** The learning rate the contour is built for (deterministic and surrogate; NaN for finite). */
  gamma: number;
  /** The option that names gamma in an error: the one the user gave. */
  rateParam: string;
  /** The validated rate options (an explicit gamma, or gamma0 for the default rule). */
  rate: { gamma: number | undefined; gamma0: number };
  /** finite: W from stream (seed, stream). */
  seed: number;
  stream: number;
  contour: ContourConfig;
  force: boolean;
  /**
   * Momentum/DANA with default panels (set by lossCurve): the panels to build the measure with again
   * where the coarse contour fails (its mass self-check or the continuation of m(z)); SGD's panels.
   */
  fallbackPanels?: PanelDefaults;
}

const KEYS = [
  'method',
  'alpha',
  'beta',
  'd',
  'v',
  'batch',
  'gamma',
  'gamma0',
  'seed',
  'stream',
  'contour',
  'force',
  'signal',
  'onProgress',
];
const CONTOUR_KEYS = ['slope', 'panelWidth', 'nodesPerPanel', 'capNodes', 'leftFactor', 'right', 'start', 'tailSums'];
const DEFAULT_CONTOUR = { slope: 0.3, panelWidth: 0.2, nodesPerPanel: 16, capNodes: 64 };
/** SGD's panels, the default of every deterministic measure but momentum/DANA curves'. @internal */
export const SGD_CONTOUR_PANELS: PanelDefaults = { panelWidth: DEFAULT_CONTOUR.panelWidth, nodesPerPanel: DEFAULT_CONTOUR.nodesPerPanel };

/** Default panels of a contour: the width in log x and the Gauss-Legendre nodes per panel. */
export interface PanelDefaults {
  panelWidth: number;
  nodesPerPanel: number;
}

/**
 * The contour options of a deterministic measure, validated with their defaults (other methods
 * ignore them and get the defaults). @internal
 */
export function resolveContour(
  opts: ContourOptions | undefined,
  deterministic: boolean,
  panels: PanelDefaults = DEFAULT_CONTOUR,
): ContourConfig {
  const o = opts ?? {};
  const start = o.start ?? [1, 0];
  if (!deterministic) return { ...DEFAULT_CONTOUR, leftFactor: 0.3, right: NaN, rightOption: undefined, start, tailSums: true };
  knownKeys('contour', o, CONTOUR_KEYS);
  const tailSums = bool('contour.tailSums', o.tailSums ?? true);
  const shape = {
    slope: finite('contour.slope', o.slope ?? 0.3, { gt: 0, lt: 1 }),
    panelWidth: finite('contour.panelWidth', o.panelWidth ?? panels.panelWidth, { gt: 0.001, le: 2 }),
    nodesPerPanel: integer('contour.nodesPerPanel', o.nodesPerPanel ?? panels.nodesPerPanel, 2, 200),
    capNodes: integer('contour.capNodes', o.capNodes ?? 64, 2, 1000),
  };
  const leftFactor = finite('contour.leftFactor', o.leftFactor ?? 0.3, { gt: 0, lt: 1 });
  // A given right end must be finite and above x_L, which the job computes: anything else is
  // passed as -inf, so that the job stops with ERR_ARGUMENT and x_L for the message.
  let right = NaN;
  if (o.right !== undefined) right = typeof o.right === 'number' && Number.isFinite(o.right) ? o.right : -Infinity;
  return { ...shape, leftFactor, right, rightOption: o.right, start, tailSums };
}

/** Validate the options of {@link spectralMeasure} (and of forcing/kernel) once. @internal */
export function resolveMeasure(options: MeasureOptions): MeasureConfig {
  if (options === null || typeof options !== 'object') throw new PlrfError('INVALID_ARGUMENT', 'expected an options object', 'options');
  knownKeys('spectralMeasure', options, KEYS);
  const method = oneOf('method', options.method, ['deterministic', 'finite', 'surrogate'] as const);
  const { alpha, beta } = admissible(options.alpha, options.beta);
  const { d, v } = sizes(options, method === 'deterministic');
  const batch = integer('batch', options.batch ?? 1, 1, 65536);
  const rate = learningRate(options);
  const model = { method, alpha, beta, d, v, batch, rate, force: options.force ?? false };
  if (method === 'finite') {
    const seed = integer('seed', options.seed ?? 0, 0);
    const stream = integer('stream', options.stream ?? 0, 0);
    return { ...model, gamma: NaN, rateParam: 'gamma', seed, stream, contour: resolveContour(undefined, false) };
  }
  if (options.seed !== undefined || options.stream !== undefined) {
    throw new PlrfError('INVALID_ARGUMENT', `seed and stream apply to the finite method only (method = ${method})`, 'seed');
  }
  const gamma = rate.gamma ?? gammaFromRule(alpha, v, batch, rate.gamma0);
  const contour = resolveContour(options.contour, method === 'deterministic');
  return { ...model, gamma, rateParam: rate.gamma !== undefined ? 'gamma' : 'gamma0', seed: 0, stream: 0, contour };
}
