// `plrf study` (npm start): the main job. A compute-optimal analysis at one (alpha, beta):
// deterministic-equivalent curves on a d grid, an SGD check at the small d's, the front by
// Approaches 1 and 2, predicted vs measured exponents, the phase, and plots in ./plrf-out/.

import { computeOptimalFront } from '../front/front.js';
import { measureFront } from '../front/measureFront.js';
import { frontPlot, isoflopPlot } from '../plot/front.js';
import { lossCurvesPlot } from '../plot/curves.js';
import { phaseDiagram } from '../plot/phaseDiagram.js';
import type { SgdResult } from '../sgd/simulate.js';
import { runPool } from '../sweep/pool.js';
import { PlrfError, type PlrfErrorCode } from '../core/errors.js';
import { lossCurve } from '../theory/curve.js';
import { parseList, parseNumber, UsageError } from './args.js';
import type { Command } from './main.js';
import { mkdir } from 'node:fs/promises';
import { checkParent, writePlot } from './output.js';
import { progressBar } from './progress.js';

export const studyCommand: Command = {
  summary: 'the main job (npm start): compute-optimal analysis at (alpha, beta) = (0.7, 0.6) with plots',
  usage: `usage: plrf study [--alpha A] [--beta B] [--d LIST] [--sgd-d LIST] [--seeds K] [--out DIR] [--json]
Deterministic-equivalent loss curves for d = 200·2^k (k = 0..6), an SGD check (spectral engine,
--seeds runs) at the small d's, the compute-optimal front by Approaches 1 and 2, measured vs
predicted xi and eta, the phase, and plots (SVG and PNG) in --out (default ./plrf-out).`,
  options: {
    alpha: { type: 'string' },
    beta: { type: 'string' },
    d: { type: 'string' },
    'sgd-d': { type: 'string' },
    seeds: { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values, signal, chatty, warn }) {
    const get = (k: string, dflt: number) => (values[k] === undefined ? dflt : parseNumber(`--${k}`, String(values[k])));
    const alpha = get('alpha', 0.7),
      beta = get('beta', 0.6);
    const ds = values.d === undefined ? [200, 400, 800, 1600, 3200, 6400, 12800] : parseList('--d', String(values.d));
    const sgdDs = values['sgd-d'] === undefined ? ds.slice(0, 2) : parseList('--sgd-d', String(values['sgd-d']));
    const seeds = get('seeds', 32);
    const outDir = (values.out as string | undefined) ?? 'plrf-out';
    if (outDir.trim() === '') throw new UsageError('--out', '--out must name a folder');
    await checkParent('--out', outDir);
    await mkdir(outDir, { recursive: true });
    const t0 = performance.now();
    const log = (s: string) => {
      if (chatty) process.stderr.write(`${s}\n`);
    };

    let bar = progressBar('deterministic curves', chatty);
    const front2 = await measureFront({ alpha, beta, d: ds, approach: 2, signal, onProgress: bar.update });
    bar.clear();
    const front1 = computeOptimalFront(front2.curves, { approach: 1 });
    const tTheory = (performance.now() - t0) / 1000;
    log(`theory: ${ds.length} curves and the front in ${tTheory.toFixed(1)} s`);

    // SGD check: the spectral engine at the small d's, up to the end of the fit window, one d per
    // worker thread (each run carries its own seeds, so the numbers do not depend on the workers).
    bar = progressBar('SGD check', chatty);
    const steps = sgdDs.map((d) => Math.ceil(Math.min(front2.measured.window[1], 2e8) / d));
    const results = await runPool(
      sgdDs.map((d, i) => ({
        kind: 'sgd' as const,
        options: { alpha, beta, d, steps: steps[i], seeds, seed: 1 + i, points: 40 },
      })),
      { signal, onResult: (_i, _r, done) => bar.update(done / sgdDs.length) },
    );
    bar.clear();
    const sgdRuns = [];
    for (let i = 0; i < sgdDs.length; i++) {
      const r = results[i];
      if (!r.ok) throw new PlrfError(r.error.code as PlrfErrorCode, r.error.message, r.error.param ?? undefined);
      const sgd = r.value as SgdResult;
      const theory = await lossCurve({ method: 'deterministic', alpha, beta, d: sgdDs[i], at: sgd.steps, signal });
      let worstZ = 0,
        worstRel = 0;
      sgd.loss.forEach((m, k) => {
        if (sgd.steps[k] < 100) return;
        const rel = Math.abs(m / theory.loss[k] - 1);
        worstRel = Math.max(worstRel, rel);
        worstZ = Math.max(worstZ, Math.abs(m - theory.loss[k]) / (sgd.stderr?.[k] || Infinity));
      });
      sgdRuns.push({ d: sgdDs[i], steps: steps[i], sgd, theory, worstRel, worstZ, verdict: sgdVerdict(worstZ, seeds) });
    }

    // Plots.
    const files: Record<string, string> = {};
    const save = async (name: string, svg: string) => {
      for (const ext of ['svg', 'png']) {
        const file = `${outDir}/${name}.${ext}`;
        await writePlot(file, svg, '--out');
      }
      files[name] = `${outDir}/${name}.svg`;
    };
    await save(
      'loss-curves',
      await lossCurvesPlot(
        front2.curves,
        sgdRuns.map((r) => ({ d: r.d, flops: r.sgd.flops, loss: r.sgd.loss, stderr: r.sgd.stderr })),
        `Loss vs flops, (alpha, beta) = (${alpha}, ${beta}): theory (lines), SGD mean ± 2 SE (${seeds} runs)`,
      ),
    );
    await save('front', await frontPlot(front2));
    await save('isoflop', await isoflopPlot(front2));
    await save(
      'phase-diagram',
      await phaseDiagram({
        points: [{ alpha, beta, label: `(${alpha}, ${beta}) ${front2.phase.phase}` }],
        measured: [{ alpha, beta, eta: front2.measured.eta }],
      }),
    );
    const seconds = (performance.now() - t0) / 1000;

    const m2 = front2.measured;
    const summary = {
      phase: front2.phase,
      theory: front2.theory,
      measured: {
        approach1: { xi: front1.xi, eta: front1.eta, xiCI: front1.xiCI, etaCI: front1.etaCI, window: front1.window },
        approach2: { xi: m2.xi, eta: m2.eta, xiCI: m2.xiCI, etaCI: m2.etaCI, window: m2.window },
        ciMethod: m2.ciMethod,
      },
      d: ds,
      flops: front2.flops,
      localSlopes: m2.localSlopes,
      sgdCheck: sgdRuns.map((r) => ({
        d: r.d,
        steps: r.steps,
        seeds,
        maxRelativeDeviation: r.worstRel,
        maxZ: r.worstZ,
        zLimit: Z_LIMIT,
        consistent: r.worstZ <= Z_LIMIT,
        verdict: r.verdict,
      })),
      plots: files,
      seconds,
      warnings: [...front2.warnings, ...front1.warnings.map((w) => `Approach 1: ${w}`)],
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(summary) + '\n');
      for (const w of summary.warnings) warn(w);
      return;
    }
    const f4 = (x: number | null) => (x === null ? '  -   ' : x.toFixed(4));
    const ci = (c: [number, number] | null) => (c === null ? '[    n/a     ]' : `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]`);
    const p = front2.phase;
    const lines = [
      `plrf study: compute-optimal analysis at (alpha, beta) = (${alpha}, ${beta})`,
      `phase ${p.phase}${p.onBoundary ? ` (on a boundary: ${p.neighbours.join(', ')})` : ''}; trade-off at the optimum: ${p.tradeoff ?? '-'}`,
      `curves: deterministic equivalent, d = ${ds.join(', ')}, v = 4d, B = 1, flops ${front2.flops[0].toExponential(1)}..${front2.flops[1].toExponential(1)}`,
      '',
      `               predicted   Approach 1 (envelope)      Approach 2 (IsoFLOP, 3-point)`,
      `eta (P*~f^-eta)  ${f4(p.eta)}    ${f4(front1.eta)} ${ci(front1.etaCI)}    ${f4(m2.eta)} ${ci(m2.etaCI)}`,
      `xi  (d*~f^xi)    ${f4(p.xi)}    ${f4(front1.xi)} ${ci(front1.xiCI)}    ${f4(m2.xi)} ${ci(m2.xiCI)}`,
      `fit window: flops ${m2.window[0].toExponential(2)}..${m2.window[1].toExponential(2)} (where d* is interior); intervals: ${m2.ciMethod}`,
      `local eta along the front (finite-size drift): ${m2.localSlopes
        .filter((_, i) => i % 3 === 0)
        .map((s) => `${s.eta.toFixed(3)} @ ${s.flops.toExponential(0)}`)
        .join(', ')}`,
      '',
      'SGD check (spectral engine) against the deterministic equivalent, r >= 100:',
      ...sgdRuns.map(
        (r) =>
          `  d = ${r.d}: ${seeds} runs to r = ${r.steps}; max |SGD/theory - 1| = ${(100 * r.worstRel).toFixed(2)}%, max |z| = ${r.worstZ.toFixed(2)}: ${r.verdict}`,
      ),
      '',
      `plots (SVG and PNG) in ${outDir}/: ${Object.keys(files).join(', ')}`,
      `done in ${seconds.toFixed(1)} s; loss without the factor 1/2, f = r·d·B`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    for (const w of summary.warnings) warn(w);
  },
};

/**
 * The z limit of the SGD check: a checkpoint's |SGD mean - theory| / stderr above 5 is beyond the
 * Monte-Carlo error (the suite's own rule; about 40 correlated checkpoints, so a family-wise false
 * alarm rate far below 1e-4 for Gaussian means).
 */
const Z_LIMIT = 5;

/** The verdict of the SGD check against the Monte-Carlo error of the mean over `seeds` runs. */
function sgdVerdict(maxZ: number, seeds: number): string {
  const few = seeds < 8 ? `; with ${seeds} runs the standard error is itself uncertain (use --seeds 8 or more)` : '';
  if (seeds < 2 || !Number.isFinite(maxZ)) return 'no verdict: one run gives no standard error';
  return maxZ <= Z_LIMIT
    ? `consistent with the Monte-Carlo error (max |z| <= ${Z_LIMIT})${few}`
    : `NOT consistent with the Monte-Carlo error (max |z| > ${Z_LIMIT}): beyond sampling noise, e.g. the finite-d gap of the deterministic equivalent (docs/model.md §5)${few}`;
}
