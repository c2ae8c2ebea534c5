// Display and setting presets for comparing plrf with the paper's figures. None of these change
// what plrf computes: vRatio and gamma0 are model settings (passed on as options), the flops unit
// and the loss scale only relabel axes and tables.

import { PlrfError } from '../core/errors.js';

/** Settings that make plrf's runs and displays comparable with a source's figures. */
export interface Preset {
  /** Name of the preset ('plrf' or 'paper'). */
  name: string;
  /** v = vRatio · d. */
  vRatio: number;
  /** gamma = gamma0 · 2 / ((B + 1) tr D). */
  gamma0: number;
  /** Flops unit of displayed axes: 'dr' is plrf's f = r·d·B; '6dr' is the "6ND" axis (N = d, D = r·B). */
  flopsUnit: 'dr' | '6dr';
  /** Factor applied to displayed losses (0.5 for a loss with the factor 1/2); never to computations. */
  lossScale: number;
}

/** plrf's own conventions (README): v = 4d, gamma0 = 0.5, f = r·d·B, loss without 1/2. */
export const PLRF_PRESET: Readonly<Preset> = Object.freeze({ name: 'plrf', vRatio: 4, gamma0: 0.5, flopsUnit: 'dr', lossScale: 1 });

/**
 * The paper's settings as far as they can be read from its figures and the authors' public
 * notebooks: v = 10 d, gamma = 0.75 / tr D (gamma0 = 0.75 at B = 1), flops on a 6·d·r axis,
 * the loss with a factor 1/2 (so displayed values are half of plrf's).
 */
export const PAPER_PRESET: Readonly<Preset> = Object.freeze({ name: 'paper', vRatio: 10, gamma0: 0.75, flopsUnit: '6dr', lossScale: 0.5 });

/** Multiplier from plrf flops (r·d·B) to the preset's flops unit. */
export function flopsFactor(preset: Pick<Preset, 'flopsUnit'>): number {
  return preset.flopsUnit === '6dr' ? 6 : 1;
}

/** plrf flops f = r·d·B -> the preset's display unit (6·d·r for '6dr'). */
export function toDisplayFlops(f: number, preset: Pick<Preset, 'flopsUnit'>): number {
  return f * flopsFactor(preset);
}

/** A flops value in the preset's display unit -> plrf flops r·d·B. */
export function fromDisplayFlops(f: number, preset: Pick<Preset, 'flopsUnit'>): number {
  return f / flopsFactor(preset);
}

/** plrf loss (no factor 1/2) -> displayed loss. */
export function toDisplayLoss(p: number, preset: Pick<Preset, 'lossScale'>): number {
  return p * preset.lossScale;
}

/** Label of the flops axis in the preset's unit. */
export function flopsLabel(preset: Pick<Preset, 'flopsUnit'>): string {
  return preset.flopsUnit === '6dr' ? 'flops 6·d·r ("6ND") →' : 'flops f = r·d·B →';
}

/** Label of the loss axis in the preset's scale. */
export function lossLabel(preset: Pick<Preset, 'lossScale'>): string {
  return preset.lossScale === 1
    ? '↑ loss P (no factor 1/2)'
    : preset.lossScale === 0.5
      ? '↑ loss P/2 (with factor 1/2)'
      : `↑ loss ${preset.lossScale}·P`;
}

/** A preset with some fields overridden (validated: positive finite numbers, a known unit). */
export function makePreset(base: Readonly<Preset>, over: Partial<Preset> = {}): Preset {
  const p: Preset = { ...base, ...Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) };
  for (const k of ['vRatio', 'gamma0', 'lossScale'] as const) {
    if (!(Number.isFinite(p[k]) && p[k] > 0)) throw new PlrfError('INVALID_ARGUMENT', `${k} = ${p[k]} must be a positive finite number`, k);
  }
  if (!(p.vRatio > 1)) throw new PlrfError('INVALID_ARGUMENT', `vRatio = ${p.vRatio} must be > 1`, 'vRatio');
  if (p.flopsUnit !== 'dr' && p.flopsUnit !== '6dr')
    throw new PlrfError('INVALID_ARGUMENT', `flopsUnit = '${String(p.flopsUnit)}' must be 'dr' or '6dr'`, 'flopsUnit');
  return p;
}
