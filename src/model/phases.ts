// Phases of the compute-optimal PLRF problem and their exponents (docs/model.md §7, the paper's Table 2).

import * as ABI from '../core/abi.js';
import { PlrfError } from '../core/errors.js';
import { finite, MAX_EXPONENT, MIN_ALPHA } from '../core/validate.js';
import { withBlocks } from '../core/memory.js';
import { core } from '../core/wasm.js';

/** The seven phases, or `none` where alpha + beta <= 1/2 (no power-law decay). */
export type Phase = 'Ia' | 'Ib' | 'Ic' | 'II' | 'III' | 'IVa' | 'IVb' | 'none';

/** What {@link classifyPhase} returns (the `plrf phase` JSON). */
export interface PhaseInfo {
  alpha: number;
  beta: number;
  phase: Phase;
  /** d*(f) ~ f^xi; null for `none`. */
  xi: number | null;
  /** P*(f) ~ f^(-eta); null for `none`. */
  eta: number | null;
  /** Which two terms balance at the compute-optimal point. */
  tradeoff: string | null;
  /** Within 1e-9 of a phase boundary. */
  onBoundary: boolean;
  /** On a boundary: every phase that meets there (including `phase`); else []. */
  neighbours: Phase[];
}

/** Distance under which a point counts as on a boundary. */
export const BOUNDARY_TOLERANCE: number = ABI.BOUNDARY_TOLERANCE;

const TRADEOFF: Record<Phase, string | null> = {
  Ia: 'F_pp vs F0',
  Ib: 'F_pp vs F0',
  Ic: 'F_pp vs F0',
  II: 'F_pp vs F_ac',
  III: 'K_pp vs F_ac',
  IVa: 'K_pp vs F0',
  IVb: 'F_pp vs K_pp',
  none: null,
};

/** Phase codes of assembly/phases.ts (0 none, 1 Ia, ... 7 IVb); the neighbour bitmask uses ORDER's positions. */
const CODES: Phase[] = [];
for (const [name, code] of [
  ['none', ABI.PHASE_NONE],
  ['Ia', ABI.PHASE_IA],
  ['Ib', ABI.PHASE_IB],
  ['Ic', ABI.PHASE_IC],
  ['II', ABI.PHASE_II],
  ['III', ABI.PHASE_III],
  ['IVa', ABI.PHASE_IVA],
  ['IVb', ABI.PHASE_IVB],
] as const)
  CODES[code] = name;
const ORDER: Phase[] = ['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb', 'none'];

/** xi and eta of a phase's formulas at (alpha, beta) (Table 2 of docs/model.md), computed in the Wasm core. */
export function phaseExponents(phase: Phase, alpha: number, beta: number): { xi: number | null; eta: number | null } {
  const code = CODES.indexOf(phase);
  if (code <= 0) return { xi: null, eta: null };
  const c = core();
  return withBlocks([2], (out) => {
    c.phaseExponents(code, alpha, beta, out.ptr);
    const [xi, eta] = out.view();
    return { xi, eta };
  });
}

/**
 * Classify (alpha, beta) into the phases of Table 2 (docs/model.md §7) with the compute-optimal
 * exponents d*(f) ~ f^xi and P*(f) ~ f^(-eta) (loss without 1/2, f = r·d·B).
 *
 * Regions: Ia (alpha > 1/2, beta < 1/2), Ib (alpha < 1/2, beta < 1/2), Ic (alpha < 1/4, beta > 1/2),
 * II (alpha > 1/2, 1/2 < beta < alpha), III (alpha > 1/2, beta > alpha), IVa (1 - 1/sqrt 2 < alpha < 1/2,
 * beta > 1/2), IVb (1/4 < alpha < 1 - 1/sqrt 2, beta > 1/2), none (alpha + beta <= 1/2, the line
 * itself within 1e-9 included: the model is admissible only above it, so eta > 0 always). The letters
 * inside Phase IV (a nearer alpha = 1/2) follow the order of Ia-Ic: our reading, not a quotation of
 * the paper. A point within 1e-9 of a boundary is `onBoundary` with all the phases that meet there
 * as `neighbours`; its `phase` is the region reached by increasing beta slightly, then alpha
 * slightly, and xi, eta are that region's formulas at the point. eta is continuous across every
 * boundary; xi jumps across IVa|IVb. The regions, boundaries and formulas are evaluated in the Wasm
 * core (assembly/phases.ts): call `init()` first.
 *
 * @example classifyPhase(0.7, 0.6) // { phase: 'II', xi: 0.4615..., eta: 0.6153..., tradeoff: 'F_pp vs F_ac', ... }
 */
export function classifyPhase(alpha: number, beta: number): PhaseInfo {
  if (typeof alpha === 'number' && alpha <= 0) finite('alpha', alpha, { gt: 0 }); // the error names the range alpha > 0
  const a = finite('alpha', alpha, { ge: MIN_ALPHA, le: MAX_EXPONENT });
  const b = finite('beta', beta, { ge: -MAX_EXPONENT, le: MAX_EXPONENT });
  const c = core();
  return withBlocks([4], (out) => {
    const code = c.phaseClassify(a, b, out.ptr);
    if (code < 0) throw new PlrfError('INTERNAL', `phase bookkeeping failed at (${a}, ${b})`);
    const [xi, eta, onBoundary, mask] = out.view();
    const phase = CODES[code];
    const neighbours = ORDER.filter((_, i) => (mask & (1 << i)) !== 0);
    return {
      alpha: a,
      beta: b,
      phase,
      xi: phase === 'none' ? null : xi,
      eta: phase === 'none' ? null : eta,
      tradeoff: TRADEOFF[phase],
      onBoundary: onBoundary === 1,
      neighbours,
    };
  });
}

/** Predicted compute-optimal exponents of DANA-decay (plrf's derivation; see {@link danaDecayExponents}). */
export interface DanaExponents {
  phase: Phase;
  /** The DANA clock factor kappa = 2 - 1/(2 alpha) multiplying the time exponents. */
  kappa: number;
  xi: number | null;
  eta: number | null;
  /** SGD's Table-2 exponents at the same point. */
  sgd: { xi: number | null; eta: number | null };
  /** Why there is no prediction (null when there is one). */
  note: string | null;
  /** Always 'plrf': derived here from the Table-1 terms, not taken from the DANA paper. */
  source: 'plrf';
}

/**
 * The compute-optimal exponents of DANA-decay predicted by plrf's derivation (docs/model.md §10; not the
 * paper's): with the DANA clock the time exponents of the forcing terms (F_pp, F_ac) and of the
 * noise term K_pp are multiplied by kappa = 2 - 1/(2 alpha) and the capacity floor F0 keeps its
 * d-exponent. Keeping the trade-off pair of the SGD phase, a pair r^(-a1) d^(-b1) vs r^(-a2) d^(-b2)
 * at f = r d gives xi = (a1 - a2)/((a1 - b1) - (a2 - b2)) and eta = a1 - (a1 - b1) xi:
 *   Ia   (F_pp vs F0):   xi = kappa/(kappa + 2 alpha),     eta = kappa G/(kappa + 2 alpha)
 *   II   (F_pp vs F_ac): xi = kappa beta/(kappa beta + alpha), eta = kappa G/(2 (kappa beta + alpha))
 *   III  (K_pp vs F_ac): xi = kappa/(kappa + 1),           eta = kappa^2/(kappa + 1)
 * with G = 2 alpha + 2 beta - 1; kappa = 1 gives Table 2. Only where 2 alpha > 1 (phases Ia, II, III);
 * elsewhere xi and eta are null with a note. Computed in the Wasm core (assembly/phases.ts): call
 * `init()` first.
 */
export function danaDecayExponents(alpha: number, beta: number): DanaExponents {
  if (typeof alpha === 'number' && alpha <= 0) finite('alpha', alpha, { gt: 0 }); // the error names the range alpha > 0
  const a = finite('alpha', alpha, { ge: MIN_ALPHA, le: MAX_EXPONENT });
  const b = finite('beta', beta, { ge: -MAX_EXPONENT, le: MAX_EXPONENT });
  const c = core();
  return withBlocks([5], (out) => {
    const code = c.danaDecayExponents(a, b, out.ptr);
    if (code < 0) throw new PlrfError('INTERNAL', `phase bookkeeping failed at (${a}, ${b})`);
    const [kappa, xi, eta, sxi, seta] = out.view();
    const phase = CODES[code];
    const predicted = !Number.isNaN(xi);
    const note = predicted
      ? null
      : phase === 'none'
        ? 'no power-law decay (alpha + beta <= 1/2)'
        : `no prediction in phase ${phase}: the derivation needs 2 alpha > 1`;
    const sgd = { xi: phase === 'none' ? null : sxi, eta: phase === 'none' ? null : seta };
    return { phase, kappa, xi: predicted ? xi : null, eta: predicted ? eta : null, sgd, note, source: 'plrf' as const };
  });
}
