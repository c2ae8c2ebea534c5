// `reproduce`: the paper's numerical figures and Table 2, regenerated with the paper's settings.

import { init } from '../core/wasm.js';
import type { LongRunOptions } from '../core/async.js';
import { PlrfError } from '../core/errors.js';
import { FIGURES, type FigureResult } from './figures.js';
import { PAPER_PRESET, type Preset } from './presets.js';
import { measureTable2, TABLE2_DMAX, TABLE2_DMAX_LARGE, type Table2Record } from './table2.js';

/** Figure ids in the order of `all`. */
export const FIGURE_IDS = ['1', '3', '4b', '5', '6', '10', 'negbeta', 'table2'] as const;
/** One figure of `plrf reproduce`: the paper's Figs. 1, 3, 4b, 5, 6, 10, the negative-beta figure, or Table 2. */
export type FigureId = (typeof FIGURE_IDS)[number];

/** Options of {@link reproduce}. */
export interface ReproduceOptions extends LongRunOptions {
  /** A figure id, 'table2' or 'all' (default). */
  figure?: FigureId | 'all';
  /** Settings; default the paper's (v = 10 d, gamma0 = 0.75, 6·d·r flops axis, loss/2 on display). */
  preset?: Preset;
  /** Small grids and few runs (seconds; for tests and previews). */
  quick?: boolean;
  /** Table 2 up to d = 819200 (minutes) instead of 102400. */
  large?: boolean;
  /** Table 2's largest d (overrides quick/large). */
  dMax?: number;
  /** SGD runs per d in Figs. 1 and 3. */
  seeds?: number;
}

/** Result of {@link reproduce}. */
export interface ReproduceResult {
  preset: Preset;
  figures: FigureResult[];
  table2: Table2Record[] | null;
  seconds: number;
}

/** Parse a figure id ('3', 'fig3', 'Fig. 3', '4b', 'table2', 'negbeta', 'all'). */
export function parseFigureId(text: string): FigureId | 'all' {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/^fig(ure)?\.?\s*/, '');
  if (t === 'all') return 'all';
  if (t === 'table2' || t === 'table 2' || t === 't2') return 'table2';
  if (t === 'negbeta' || t === 'negative-beta' || t === 'neg-beta') return 'negbeta';
  if ((FIGURE_IDS as readonly string[]).includes(t)) return t as FigureId;
  throw new PlrfError('INVALID_ARGUMENT', `figure = '${text}' is invalid: expected one of ${FIGURE_IDS.join(', ')} or all`, 'figure');
}

/**
 * Regenerate the paper's numerical figures and Table 2 on its settings, each figure with a table
 * of the paper's numbers beside plrf's and the prediction.
 *
 * @example
 * const r = await reproduce({ figure: '3' });
 * r.figures[0].rows; // eta, xi by Approaches 1 and 2: paper vs plrf vs prediction
 */
export async function reproduce(options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const t0 = performance.now();
  await init();
  const figure = options.figure ?? 'all';
  const ids = figure === 'all' ? FIGURE_IDS : [parseFigureId(figure) as FigureId];
  const preset = options.preset ?? { ...PAPER_PRESET };
  const figures: FigureResult[] = [];
  let table2: Table2Record[] | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const onProgress = (x: number) => options.onProgress?.(Math.min(0.999, (i + x) / ids.length));
    if (id === 'table2') {
      const dMax = options.dMax ?? (options.quick ? 3200 : options.large ? TABLE2_DMAX_LARGE : TABLE2_DMAX);
      table2 = await measureTable2({ dMax, preset, signal: options.signal, onProgress });
    } else {
      figures.push(await FIGURES[id]({ preset, quick: options.quick, seeds: options.seeds, signal: options.signal, onProgress }));
      onProgress(1);
    }
  }
  options.onProgress?.(1);
  return { preset, figures, table2, seconds: (performance.now() - t0) / 1000 };
}

export {
  FIGURES,
  PAPER_NUMBERS,
  PAPER_D_GRID,
  type FigureResult,
  type FigureRow,
  type FigureSetting,
  type FigureOptions,
} from './figures.js';
