// assembly/special.ts (gammaFn, powFn, forcingSum, mathLog, mathExp) against plain-JS oracles, in both
// builds. Tolerances, relative to the value unless said otherwise:
// - powFn, mathExp, mathLog: each of the Wasm function and JS Math is within one ulp of the true value,
//   so they differ by at most 2·eps·|value|.
// - gammaFn: the Lanczos sum (g = 7, 9 terms) is accurate to a few eps; t^(x+1/2) e^(-t) amplifies the
//   rounding of t = x + 7.5 by about |x| + t, so the bound is (16 + 4·|x|)·eps·|Gamma(x)|, checked
//   against exact factorials, half-integer values and known constants.
// - forcingSum: each term j^(-2a-2b)·exp(-rho·j^(-2a)) carries (4 + 2·rho·tau_j)·eps of relative error
//   in either implementation and the sum is compensated (2·eps·sum), so the bound is
//   sum_j (10 + 4·rho·tau_j)·eps·t_j against the exact sum of the oracle's terms, for jmax around the
//   unroll widths.
import { describe, expect, it } from 'vitest';
import { core } from '../../src/core/wasm.js';
import { EPS, SIZES, exactSum, expectClose, forEachBuild } from './harness.js';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('special functions', () => {
  forEachBuild((build) => {
    it('gammaFn: factorials, half-integers, reflection below 1/2 and known constants', () => {
      const c = core();
      const tol = (x: number, g: number) => (16 + 4 * Math.abs(x)) * EPS * Math.abs(g);
      for (let n = 1; n <= 20; n++) expectClose(c.gammaFn(n), factorial(n - 1), tol(n, factorial(n - 1)), `${build} Gamma(${n})`);
      for (let n = 0; n <= 12; n++) {
        const want = (factorial(2 * n) / (4 ** n * factorial(n))) * Math.sqrt(Math.PI);
        expectClose(c.gammaFn(n + 0.5), want, tol(n + 0.5, want), `${build} Gamma(${n}.5)`);
      }
      const known: [number, number][] = [
        [-0.5, -2 * Math.sqrt(Math.PI)],
        [-1.5, (4 / 3) * Math.sqrt(Math.PI)],
        [0.25, 3.625609908221908],
        [1 / 3, 2.678938534707748],
        [0.1, 9.513507698668732],
        [1.5, Math.sqrt(Math.PI) / 2],
      ];
      for (const [x, want] of known) expectClose(c.gammaFn(x), want, tol(x, want), `${build} Gamma(${x})`);
    });

    it('powFn, mathExp and mathLog agree with JS Math within 2 eps relative', () => {
      const c = core();
      const xs = [1e-300, 1e-10, 0.001, 0.1, 0.5, 0.999999, 1, 1.000001, 2, Math.E, 10, 1234.5, 1e10, 1e300];
      for (const x of xs) {
        expectClose(c.mathLog(x), Math.log(x), 2 * EPS * Math.abs(Math.log(x)), `${build} log(${x})`);
        for (const y of [-2.5, -1, -0.35, 0, 0.5, 1, 3]) {
          const want = Math.pow(x, y);
          if (Number.isFinite(want) && want > 1e-300) expectClose(c.powFn(x, y), want, 2 * EPS * want, `${build} pow(${x}, ${y})`);
        }
      }
      for (const x of [-700, -50, -1, -1e-8, 0, 1e-8, 0.5, 1, 10, 300, 700]) {
        expectClose(c.mathExp(x), Math.exp(x), 2 * EPS * Math.exp(x), `${build} exp(${x})`);
      }
      expect(c.mathLog(1)).toBe(0);
      expect(c.mathExp(0)).toBe(1);
    });

    it('forcingSum: sum_(j<=jmax) j^(-2a-2b) exp(-rho j^(-2a)) within sum_j (10 + 4 rho tau_j) eps t_j', () => {
      const c = core();
      for (const [alpha, beta] of [
        [1, 0.75],
        [0.3, 0.2],
        [0.7, -0.1],
      ]) {
        for (const rho of [0, 1, 50]) {
          for (const jmax of [...SIZES, 1000]) {
            const terms: number[] = [];
            let tol = 0;
            for (let j = 1; j <= jmax; j++) {
              const tau = Math.pow(j, -2 * alpha);
              const t = Math.pow(j, -2 * (alpha + beta)) * Math.exp(-rho * tau);
              terms.push(t);
              tol += (10 + 4 * rho * tau) * EPS * t;
            }
            expectClose(
              c.forcingSum(alpha, beta, rho, jmax),
              exactSum(terms),
              tol,
              `${build} forcingSum(${alpha}, ${beta}, ${rho}, ${jmax})`,
            );
          }
        }
      }
      expect(c.forcingSum(1, 1, 0, 0)).toBe(0);
    });
  });
});
