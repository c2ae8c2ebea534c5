// The scaling-law fits' identifiability checks (docs/model.md §9): narrow covariate ranges before the
// fit; after it, exponents whose coefficient vanishes, that sit at a search bound or are poorly determined.

import type { ParamEstimate } from '../estimate.js';
import type { LawData } from './data.js';

function distinctCount(xs: Float64Array): number {
  return new Set(Array.from(xs, (x) => x.toPrecision(10))).size;
}

/** Covariates with fewer than 3 distinct values, or spanning less than a decade. */
export function covariateWarnings(form: 'power' | 'chinchilla', p: LawData): string[] {
  const warnings: string[] = [];
  const decades = (xs: Float64Array) => (Math.max(...xs) - Math.min(...xs)) / Math.LN10;
  const label = form === 'power' ? ['x'] : ['params N', 'tokens D'];
  const covs = form === 'power' ? [p.u] : [p.u, p.w];
  covs.forEach((c, i) => {
    const dist = distinctCount(c);
    if (dist < 3) warnings.push(`only ${dist} distinct value${dist === 1 ? '' : 's'} of ${label[i]}: its exponent is not identifiable`);
    else if (decades(c) < 1) warnings.push(`${label[i]} spans only ${decades(c).toFixed(2)} decades: its exponent is weakly determined`);
  });
  return warnings;
}

/**
 * Identifiability of the exponents at the estimate (`point`, in the order of `names`) and across the
 * bootstrap draws, and whether E sits at its upper bound (the smallest observed loss).
 */
export function identifiabilityWarnings(
  form: 'power' | 'chinchilla',
  p: LawData,
  names: string[],
  point: number[],
  draws: number[][],
  params: Record<string, ParamEstimate>,
  range: [number, number],
  level: number,
): string[] {
  const warnings: string[] = [];
  const expo =
    form === 'power'
      ? ([['a', 'A', 1]] as const)
      : ([
          ['a', 'A', 1],
          ['b', 'B', 3],
        ] as const);
  for (const [e, c, ci] of expo) {
    const j = names.indexOf(e);
    const cj = names.indexOf(c);
    const coefScale = Math.max(...Array.from(p.L));
    if (!(point[cj] > 1e-12 * coefScale)) {
      warnings.push(
        `exponent ${e} is not identifiable: its coefficient ${c} is 0 at the estimate (the ${form === 'power' ? 'x' : ci === 1 ? 'N' : 'D'} term vanishes)`,
      );
      continue;
    }
    const atBound = (x: number) => x <= range[0] * 1.001 || x >= range[1] * 0.999;
    if (atBound(point[j])) {
      warnings.push(
        `exponent ${e} = ${point[j].toPrecision(4)} is at the edge of the search range [${range[0]}, ${range[1]}]: not identifiable from these data`,
      );
      continue;
    }
    if (draws[j].length > 0) {
      const bad = draws[j].filter((x, t) => atBound(x) || !(draws[cj][t] > 1e-12 * coefScale)).length / draws[j].length;
      const [lo, hi] = params[e].ci;
      if (bad > 0.1)
        warnings.push(
          `exponent ${e} is not identifiable: in ${(100 * bad).toFixed(0)}% of bootstrap resamples its coefficient ${c} vanishes or ${e} hits the search bounds`,
        );
      else if (hi - lo > point[j])
        warnings.push(
          `exponent ${e} is poorly determined: ${Math.round(100 * level)}% interval [${lo.toPrecision(3)}, ${hi.toPrecision(3)}] is wider than its value ${point[j].toPrecision(3)}`,
        );
    }
  }
  const Eidx = names.indexOf('E');
  if (point[Eidx] >= Math.min(...Array.from(p.L)) * (1 - 1e-9)) {
    warnings.push('E sits at its upper bound (the smallest observed loss): the irreducible loss is not resolved by these data');
  }
  return warnings;
}
