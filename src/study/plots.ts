// The plots of a study (standalone SVG strings; svgToPng renders them as PNG).

import { frontPlot, isoflopPlot } from '../plot/front.js';
import { lossCurvesPlot } from '../plot/curves.js';
import { phaseDiagram } from '../plot/phaseDiagram.js';
import type { StudyResult } from './study.js';

/**
 * The plots of a study, by file name (without extension): `loss-curves` (theory lines with the
 * SGD check's means ± 2 standard errors), `front` (P*(f) and d*(f) with the fits), `isoflop`
 * (IsoFLOP slices), `phase-diagram` (the point marked, with its measured eta); with `compare`,
 * `front-<optimizer>` for the second front too, and `loss-curves-<optimizer>` with its check. Loss without the factor 1/2, f = r·d·B.
 */
export async function studyPlots(r: StudyResult): Promise<Record<string, string>> {
  const { alpha, beta } = r;
  const seeds = r.sgdCheck[0]?.seeds;
  const plots: Record<string, string> = {};
  plots['loss-curves'] = await lossCurvesPlot(
    r.sgd.front.curves,
    r.sgdCheck.map((c) => ({ d: c.d, flops: c.sgd.flops, loss: c.sgd.loss, stderr: c.sgd.stderr })),
    `Loss vs flops, (alpha, beta) = (${alpha}, ${beta}): theory (lines)` + (seeds ? `, SGD mean ± 2 SE (${seeds} runs)` : ''),
  );
  plots.front = await frontPlot(r.sgd.front);
  plots.isoflop = await isoflopPlot(r.sgd.front);
  plots['phase-diagram'] = await phaseDiagram({
    points: [{ alpha, beta, label: `(${alpha}, ${beta}) ${r.phase.phase}` }],
    measured: [{ alpha, beta, eta: r.sgd.front.measured.eta }],
  });
  if (r.compare) {
    plots[`front-${r.compare.optimizer}`] = await frontPlot(r.compare.front);
    if (r.compareCheck.length > 0) {
      plots[`loss-curves-${r.compare.optimizer}`] = await lossCurvesPlot(
        r.compare.front.curves,
        r.compareCheck.map((c) => ({ d: c.d, flops: c.sgd.flops, loss: c.sgd.loss, stderr: c.sgd.stderr })),
        `${r.compare.optimizer}, (alpha, beta) = (${alpha}, ${beta}): theory (lines), simulation mean ± 2 SE (${r.compareCheck[0].seeds} runs)`,
      );
    }
  }
  return plots;
}
