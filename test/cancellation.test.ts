// src/core/async.ts, src/core/steps.ts: every long call honours an AbortSignal promptly.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, lossCurve, measureFront, PlrfProblem, simulateSgd, spectralMeasure } from '../src/index.js';

beforeAll(() => init());

// Abort after 50 ms; the call must reject with ABORTED within 200 ms of the abort.
async function abortable(run: (signal: AbortSignal) => Promise<unknown>): Promise<number> {
  const controller = new AbortController();
  const t0 = performance.now();
  setTimeout(() => controller.abort(), 50);
  const err = await run(controller.signal).then(
    () => null,
    (e) => e,
  );
  expect(err).toMatchObject({ code: 'ABORTED' });
  return performance.now() - t0 - 50;
}

describe('cancellation', () => {
  const cases: [string, (s: AbortSignal) => Promise<unknown>][] = [
    [
      'deterministic curve, d = 10^5 (contour of 2400 nodes over v = 4·10^5)',
      (signal) => lossCurve({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100_000, steps: 1e9, signal }),
    ],
    [
      'recursion job, 10^9 unit steps (finite, d = 50)',
      (signal) => lossCurve({ method: 'finite', alpha: 1, beta: 0.75, d: 50, wSeed: 1, steps: 1e9, unitSteps: 1e9, signal }),
    ],
    [
      'finite curve, d = 1600 (eigen-decomposition)',
      (signal) => lossCurve({ method: 'finite', alpha: 1, beta: 0.75, d: 1600, steps: 1e6, signal }),
    ],
    ['SGD, direct engine, d = 1600', (signal) => simulateSgd({ alpha: 1, beta: 0.75, d: 1600, steps: 1e6, engine: 'direct', signal })],
    ['SGD, spectral engine, 10^9 steps', (signal) => simulateSgd({ alpha: 1, beta: 0.75, d: 100, steps: 1e9, signal })],
    ['deterministic measure, d = 10^5', (signal) => spectralMeasure({ method: 'deterministic', alpha: 1, beta: 0.75, d: 100_000, signal })],
    ['front, d = 200..12800', (signal) => measureFront({ alpha: 0.7, beta: 0.6, d: [200, 400, 800, 1600, 3200, 6400, 12800], signal })],
    ['sampling W, d = 5000', (signal) => PlrfProblem.sampleAsync({ alpha: 1, beta: 0.75, d: 5000 }, { signal })],
  ];
  for (const [name, run] of cases) {
    it(`${name}: aborted within 200 ms`, async () => {
      const late = await abortable(run);
      console.log(`${name}: ${late.toFixed(0)} ms after the abort`);
      expect(late).toBeLessThan(200);
    }, 60_000);
  }
});
