// The theory against its approximations: Fig. 5 (the exact Volterra loss against the Table-1
// estimate as d grows) and Fig. 6 (the spectrum of K over draws of W against the deterministic equivalent).

import { PlrfProblem } from '../model/problem.js';
import { asymptotics } from '../theory/asymptotics.js';
import { lossCurve } from '../theory/curve.js';
import { spectralDensity } from '../theory/density.js';
import { presetSettings, timed, type FigureBody } from './figureSetup.js';
import { PAPER_NUMBERS, type FigureOptions, type FigureRow } from './paper.js';
import { composeSvg, logLines } from './plots.js';

/** Fig. 5: finite-size effects: the exact Volterra loss against the Table-1 estimate, as d grows. */
async function figure5Body(o: FigureOptions): Promise<FigureBody> {
  const { alpha, beta } = PAPER_NUMBERS.fig5;
  const ds = o.quick ? [400, 3200] : [400, 3200, 25600, 102400];
  const rows: FigureRow[] = [];
  const factors: number[] = [];
  const plateau: number[] = [];
  const lines: { series: string; x: number; y: number }[] = [];
  for (const d of ds) {
    const v = Math.round(o.preset.vRatio * d);
    const c = await lossCurve({
      method: 'deterministic',
      alpha,
      beta,
      d,
      v,
      gamma0: o.preset.gamma0,
      steps: Math.ceil(1e3 * d ** (2 * alpha)),
      points: 120,
      signal: o.signal,
    });
    const ratios: number[] = [];
    c.steps.forEach((r, i) => {
      if (r < 10) return;
      const est = asymptotics({ alpha, beta, d, v, gamma0: o.preset.gamma0, r }).estimate;
      ratios.push(est / c.loss[i]);
      if (d === ds[0] || d === ds[ds.length - 1]) {
        lines.push(
          { series: `exact, d = ${d}`, x: c.flops[i], y: c.loss[i] },
          { series: `Table-1 estimate, d = ${d}`, x: c.flops[i], y: est },
        );
      }
    });
    const logs = ratios.map((x) => Math.abs(Math.log(x)));
    const worst = Math.exp(Math.max(...logs));
    const mean = Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length);
    factors.push(worst);
    const f0 = asymptotics({ alpha, beta, d, v, gamma0: o.preset.gamma0, r: 1 }).F0;
    if (c.limit !== null && c.limit !== undefined) plateau.push(c.limit / f0);
    rows.push({
      quantity: `d = ${d}: max factor between estimate and exact (r >= 10)`,
      paper: null,
      plrf: worst,
      predicted: 1,
      note: `geometric-mean factor ${mean.toFixed(3)}`,
    });
  }
  const svg = await logLines(lines, 'flops f = r·d →', '↑ loss P (no factor 1/2)', (s) => s.startsWith('Table'));
  return {
    id: '5',
    title: 'Fig. 5: finite-size effects: exact Volterra solution vs the Table-1 estimate, (alpha, beta) = (0.7, 1.2)',
    settings: [
      { name: '(alpha, beta)', value: `(${alpha}, ${beta})`, source: 'paper, Fig. 5 caption (panels a and b; Phase III)' },
      {
        name: 'd',
        value: ds.join(', '),
        source: "chosen: the caption gives no d; two decades and more, up to the deterministic engine's seconds-range",
      },
      ...presetSettings(o.preset).slice(0, 2),
      {
        name: 'estimate',
        value: 'F0 + F_pp + F_ac + K_pp/(gamma B) (plrf asymptotics().estimate)',
        source: 'paper (Table 1, eq. 17 form)',
      },
    ],
    rows,
    notes: [
      'Table 1 holds up to constants and for 1 << gamma r << d^(2 alpha); the estimate drops the constants and the crossovers between its terms. The paper prints no numbers for Fig. 5: panel (a) shows the exact/estimate ratio staying within constants for all r.',
      'Not reproduced here: panel (b), the local (Approach 0) exponents of the front against the estimate at the same point (plrf reports them as localSlopes, see Table 2), and panel (c), the slow relaxation at beta = 0.7 towards the IVa/IVb boundary.',
      factors.length > 1 && factors[factors.length - 1] < factors[0]
        ? `The largest factor shrinks from ${factors[0].toFixed(2)} at d = ${ds[0]} to ${factors[factors.length - 1].toFixed(2)} at d = ${ds[ds.length - 1]}: the estimate improves with d.`
        : `${plateau.length ? `At the plateau the exact loss is F0/(1 - ||K||) while the estimate ends at F0: a factor ${plateau.map((x) => x.toFixed(2)).join(', ')} (||K|| grows with gamma0). ` : ''}The largest factor does not shrink with d (${factors.map((x) => x.toFixed(2)).join(', ')} for d = ${ds.join(', ')}): the estimate matches the shape and the exponents, not the constants, and the r-range where the terms cross over widens with d; the gap does not tend to 1.`,
    ],
    plots: [{ name: 'fig5', svg: composeSvg([svg], `Fig. 5 reproduced: (${alpha}, ${beta}), exact (solid) vs Table-1 estimate (dashed)`) }],
  };
}

/** Fig. 6: the spectrum of K = W^T D W: empirical over 100 draws of W against the deterministic equivalent. */
async function figure6Body(o: FigureOptions): Promise<FigureBody> {
  const alpha = 0.7,
    beta = 0.7,
    d = o.quick ? 50 : 100,
    v = Math.round(o.preset.vRatio * d),
    draws = o.quick ? 10 : 100;
  // log10 range: from 1.5 decades below the bulk's edge d^(-2 alpha) to above the top eigenvalue
  const lo = Math.floor(2 * (-2 * alpha * Math.log10(d) - 1.5)) / 2,
    hi = 0.5,
    bins = 50;
  const width = (hi - lo) / bins;
  const eig = new Array(bins).fill(0),
    force = new Array(bins).fill(0);
  let outside = 0,
    total = 0,
    forceTotal = 0;
  for (let k = 0; k < draws; k++) {
    using p = PlrfProblem.sample({ alpha, beta, d, v, seed: 1000 + k });
    const s = await p.spectrumAsync({ signal: o.signal });
    s.lambda.forEach((l, i) => {
      const b = Math.floor((Math.log10(l) - lo) / width);
      total++;
      forceTotal += s.rho[i];
      if (b < 0 || b >= bins || !(l > 0)) {
        outside++;
        return;
      }
      eig[b] += 1 / draws;
      force[b] += s.rho[i] / draws;
    });
  }
  const centres = Array.from({ length: bins }, (_, i) => 10 ** (lo + (i + 0.5) * width));
  // deterministic densities per unit log10(x), averaged over each bin (8 sub-points)
  const sub = 8;
  const xs = Array.from({ length: bins * sub }, (_, i) => 10 ** (lo + (i + 0.5) * (width / sub)));
  const den = await spectralDensity({ alpha, beta, d, v, x: xs, signal: o.signal });
  const detE = new Array(bins).fill(0),
    detF = new Array(bins).fill(0);
  xs.forEach((x, i) => {
    const b = Math.floor(i / sub);
    detE[b] += (den.eigen[i] * x * Math.LN10 * width) / sub;
    detF[b] += (den.forcing[i] * x * Math.LN10 * width) / sub;
  });
  const l1 = (a: number[], b: number[]) =>
    a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) /
    Math.max(
      1e-300,
      b.reduce((s, x) => s + x, 0),
    );
  const lines: { series: string; x: number; y: number }[] = [];
  centres.forEach((x, i) => {
    if (eig[i] > 0) lines.push({ series: `eigenvalues, ${draws} draws`, x, y: eig[i] / width });
    if (detE[i] > 0) lines.push({ series: 'eigenvalues, deterministic', x, y: detE[i] / width });
    if (force[i] > 0) lines.push({ series: 'forcing (rho-weighted), draws', x, y: force[i] / width });
    if (detF[i] > 0) lines.push({ series: 'forcing, deterministic', x, y: detF[i] / width });
  });
  const svg = await logLines(lines, 'eigenvalue x of K →', '↑ density per unit log10 x', (s) => s.includes('deterministic'));
  return {
    id: '6',
    title: 'Fig. 6: spectrum of K, empirical over draws of W against the deterministic equivalent',
    settings: [
      { name: '(alpha, beta)', value: `(${alpha}, ${beta})`, source: 'chosen: the caption gives no (alpha, beta); the Fig. 3 point' },
      {
        name: 'd, v',
        value: `${d}, ${v}`,
        source: 'chosen: the caption gives no d or v; small enough for 100 eigen-decompositions in seconds; v from the preset',
      },
      {
        name: 'draws of W',
        value: String(draws),
        source: draws === 100 ? 'paper, Fig. 6 caption (100 draws)' : 'quick run (the paper: 100)',
      },
      {
        name: 'theory curve',
        value: 'plrf spectralDensity, averaged over each log bin',
        source:
          'differs from the paper: Fig. 6 caption solves the resolvent (eq. 9) by 10 Newton steps per z, z spaced 0.1·d^(-2 alpha) apart with Im z = d^(-2 alpha)',
      },
      {
        name: 'point mass at 0',
        value: 'none: K is taken as the d×d matrix W^T D W',
        source: 'the paper uses the v×v form and removes its point mass at z = 0 by hand (Fig. 6 caption); the nonzero spectra agree',
      },
      {
        name: 'weighting',
        value: 'counts (eigenvalue density) and forcing mass rho_i = (U_i · W^T D b)^2 weights, per unit log10 x',
        source:
          'paper, Fig. 6 caption (spectra weighted by D^(1/2) b, i.e. by the target); the plain eigenvalue count is added; log-x density chosen for the log axis',
      },
    ],
    rows: [
      { quantity: 'relative L1 distance, eigenvalue histograms (50 log bins)', paper: null, plrf: l1(eig, detE), predicted: 0 },
      { quantity: 'relative L1 distance, forcing-weighted histograms', paper: null, plrf: l1(force, detF), predicted: 0 },
      { quantity: `eigenvalues outside [1e${lo}, 1e${hi}] (fraction)`, paper: null, plrf: outside / total, predicted: 0 },
      {
        quantity: 'mean forcing mass per draw (P(0) - P*)',
        paper: null,
        plrf: forceTotal / draws,
        predicted: detF.reduce((s, x) => s + x, 0),
        note: 'prediction: the deterministic forcing density integrated over the bins',
      },
    ],
    notes: ["Outliers near tau_j = j^(-2 alpha) (j << d) are resolved only to the density's eps; the bulk is the comparison Fig. 6 makes."],
    plots: [
      { name: 'fig6', svg: composeSvg([svg], `Fig. 6: spectrum of K, d = ${d}, v = ${v}: ${draws} draws (solid), deterministic (dashed)`) },
    ],
  };
}

/** Fig. 5: finite-size effects: the exact Volterra loss against the Table-1 estimate, as d grows. */
export const figure5 = timed(figure5Body);
/** Fig. 6: the spectrum of K = W^T D W: empirical over draws of W against the deterministic equivalent. */
export const figure6 = timed(figure6Body);
