// The paper's numerical figures regenerated with its settings, each with a table of the paper's
// reported numbers beside plrf's and the prediction. Where the paper does not state a setting, the
// choice and its reason are recorded in `settings`.

import { figure4b, figureNegativeBeta } from './exponentFigures.js';
import { figure1, figure10, figure3 } from './frontFigures.js';
import type { FigureOptions, FigureResult } from './paper.js';
import { figure5, figure6 } from './theoryFigures.js';

export { figure1, figure3, figure4b, figure5, figure6, figure10, figureNegativeBeta };
export { PAPER_D_GRID, PAPER_NUMBERS, type FigureOptions, type FigureResult, type FigureRow, type FigureSetting } from './paper.js';

/** The figures by id. */
export const FIGURES: Record<string, (o: FigureOptions) => Promise<FigureResult>> = {
  '1': figure1,
  '3': figure3,
  '4b': figure4b,
  '5': figure5,
  '6': figure6,
  '10': figure10,
  negbeta: figureNegativeBeta,
};
