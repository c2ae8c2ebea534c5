// The shape of a regenerated figure (settings, rows of paper vs plrf vs prediction, notes, plots)
// and the numbers the paper reports for its figures.

import type { LongRunOptions } from '../core/async.js';
import type { Preset } from './presets.js';

/** One setting of a figure: its value and where it comes from. */
export interface FigureSetting {
  name: string;
  value: string;
  /** 'paper (Fig. N)', 'authors' notebook', or 'chosen: <reason>'. */
  source: string;
}

/** One row of a figure's table: the paper's number, plrf's on the same settings, and the prediction. */
export interface FigureRow {
  quantity: string;
  paper: number | null;
  plrf: number | null;
  predicted: number | null;
  note?: string;
}

/** A regenerated figure. */
export interface FigureResult {
  id: string;
  title: string;
  settings: FigureSetting[];
  rows: FigureRow[];
  /** Where plrf and the paper disagree, and why (or what is not known). */
  notes: string[];
  /** SVG panels, by file stem. */
  plots: { name: string; svg: string }[];
  seconds: number;
}

/** Options shared by the figures. */
export interface FigureOptions extends LongRunOptions {
  preset: Preset;
  /** Smaller grids and fewer runs (for tests and previews). */
  quick?: boolean;
  /** SGD runs per d (Figs. 1 and 3); default 16 (quick: 4). */
  seeds?: number;
}

/** The paper's d grid for its compute-optimal figures (Fig. 3): 200 · 2^k up to 12800. */
export const PAPER_D_GRID = [200, 400, 800, 1600, 3200, 6400, 12800];

/**
 * Numbers and settings the paper states, by figure, with where they appear (figure captions of the
 * NeurIPS 2024 version; App. J is its experimental-results appendix). Figure numbers follow that
 * version: the negative-beta figure is its Fig. 14.
 */
export const PAPER_NUMBERS = Object.freeze({
  /**
   * Fig. 1 caption: a marked budget f = 1e7 (flops f = d·r, eq. 2), curves for d = 1600 .. 51,200,
   * the optimum d ≈ 6400 there; a Phase-I point.
   */
  fig1: { phase: 'I', flopsMarker: 1e7, dShown: [1600, 6400, 51200], dStarAtMarker: 6400 },
  /** Fig. 3 caption: d = 200 .. 12800; eta 0.648 (Table 2: 0.643); d* ~ f^0.508 (Approach 1), f^0.525 (Approach 2), theory f^0.5. */
  fig3: {
    alpha: 0.7,
    beta: 0.7,
    eta: 0.648,
    etaPredicted: 0.643,
    xiApproach1: 0.508,
    xiApproach2: 0.525,
    xiPredicted: 0.5,
    dGrid: PAPER_D_GRID,
  },
  /** Fig. 4b caption: a cut at alpha = 0.7 through Phases Ia, II, III (beta increasing), measured as in App. J; no values printed. */
  fig4b: { alpha: 0.7, phases: ['Ia', 'II', 'III'] },
  /**
   * Fig. 5 caption: panels (a, b) at (0.7, 1.2); (b) uses Approach 0 (local slope) against the eq.-17
   * estimate; (c) beta = 0.7 towards the IVa/IVb boundary.
   */
  fig5: { alpha: 0.7, beta: 1.2, approachPanelB: 0, betaPanelC: 0.7 },
  /**
   * Fig. 6 caption: 100 draws of W; theory by the resolvent (eq. 9) with 10 Newton steps per z, z spaced
   * 0.1·d^(-2 alpha) apart, Im z = d^(-2 alpha); the point mass at z = 0 removed.
   */
  fig6: { draws: 100, newtonSteps: 10, zSpacing: 0.1, imagPart: 1 },
  /** Fig. 10: two IsoFLOP windows for xi by Approach 1 at (0.5, 0.7) (caption); [1e6, 1e8] and [2e6, 0.5e8] (its panels a, b). */
  fig10: {
    alpha: 0.5,
    beta: 0.7,
    approach: 1 as const,
    windows: [
      [1e6, 1e8],
      [2e6, 5e7],
    ] as [number, number][],
  },
  /** Fig. 14 caption (App. J): beta swept from -0.2 to 0.2, SGD against the Volterra solution. No values printed. */
  negbeta: { figure: 14, betaMin: -0.2, betaMax: 0.2 },
});
