// Property-based tests over the public API (fast-check): any value for any parameter gives a
// correct result or a PlrfError naming the parameter; never a raw Wasm trap, a hang, a non-finite
// number in the output or another exception.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as plrf from '../src/index.js';

beforeAll(() => plrf.init());

const counts: Record<string, number> = {};
afterAll(() => {
  console.log(
    `property cases per entry point: ${Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
});

/** Adversarial values for any parameter. */
const weird = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 31, -1, 0.5, 1.5, 1e-300),
  fc.constantFrom(undefined, null, '1', '', true, false, {}, [], [1, 2], () => 1, Symbol.for('x') as unknown as number),
  fc.double(),
  fc.integer({ min: -1000, max: 100_000 }),
);

/** Every numeric leaf in a result must be finite (null allowed). */
function assertFinite(x: unknown, path = 'result'): void {
  if (typeof x === 'number') {
    expect(Number.isFinite(x), `${path} = ${x}`).toBe(true);
  } else if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    Array.from(x as ArrayLike<unknown>).forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  } else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) if (k !== 'kernelNorm' || Number.isFinite(v)) assertFinite(v, `${path}.${k}`);
  }
}

/** Mutate a valid option set: each key replaced by a weird value with probability ~1/3, plus unknown keys. */
function options<T extends object>(valid: T) {
  const keys = Object.keys(valid);
  // Each key is replaced with probability 1/6; one in ten cases drops a key or adds an unknown one,
  // so that valid calls, single faults and multiple faults all occur.
  return fc
    .record({
      picks: fc.array(fc.nat(5), { minLength: keys.length, maxLength: keys.length }),
      values: fc.array(weird, { minLength: keys.length, maxLength: keys.length }),
      extra: fc.nat(9),
      drop: fc.nat(9 * keys.length),
    })
    .map(({ picks, values, extra, drop }) => {
      const o: Record<string, unknown> = { ...valid };
      keys.forEach((k, i) => {
        if (picks[i] === 0) o[k] = values[i];
      });
      if (drop < keys.length) delete o[keys[drop]];
      if (extra === 0) o.alfa = 1;
      return o;
    });
}

async function check(name: string, call: (o: Record<string, unknown>, signal: AbortSignal) => unknown, valid: object, runs: number) {
  const keys = new Set([...Object.keys(valid), 'alfa', 'step', 'engine2', 'options', 'x', 'theta', 'r']);
  await fc.assert(
    fc.asyncProperty(options(valid), async (o) => {
      counts[name] = (counts[name] ?? 0) + 1;
      const signal = AbortSignal.timeout(3000); // a huge but valid request is cut off: that must be an ABORTED PlrfError
      try {
        const out = await call(o, signal);
        assertFinite(out);
      } catch (e) {
        if (!(e instanceof plrf.PlrfError))
          throw new Error(`${name}(${JSON.stringify(o)}) threw a non-PlrfError: ${(e as Error)?.stack ?? e}`, { cause: e });
        if (e.code === 'ABORTED' || (e.code === 'UNSTABLE' && e.param)) return;
        expect(e.param, `${name}: ${e.message}`).toBeTypeOf('string');
        const root = String(e.param)
          .replace(/\[\d+\]$/, '')
          .split('.')[0];
        expect(keys.has(root) || e.code === 'MEMORY', `${name}: param ${e.param} (${e.message})`).toBe(true);
      }
    }),
    { numRuns: runs, seed: 4242 },
  );
}

describe('public API under random and adversarial input', () => {
  it(
    'simulateSgd',
    () =>
      check(
        'simulateSgd',
        (o, signal) => plrf.simulateSgd({ ...o, signal } as never),
        { alpha: 1, beta: 0.75, d: 8, v: 16, batch: 2, steps: 50, seeds: 2, seed: 1, points: 5, engine: 'direct', gamma0: 0.5 },
        300,
      ),
    120_000,
  );

  it(
    'lossCurve',
    () =>
      check(
        'lossCurve',
        (o, signal) => plrf.lossCurve({ ...o, signal } as never),
        { method: 'deterministic', alpha: 1, beta: 0.75, d: 10, v: 40, batch: 1, steps: 1000, points: 8, gamma0: 0.5 },
        300,
      ),
    120_000,
  );

  it(
    'lossCurve (finite)',
    () =>
      check(
        'lossCurve finite',
        (o, signal) => plrf.lossCurve({ ...o, signal } as never),
        { method: 'finite', alpha: 0.8, beta: 1, d: 10, steps: 500, seeds: 2, seed: 3, points: 6 },
        200,
      ),
    120_000,
  );

  it(
    'spectralMeasure',
    () =>
      check(
        'spectralMeasure',
        async (o, signal) => {
          const m = await plrf.spectralMeasure({ ...o, signal } as never);
          try {
            return { F0: m.F0, p0: m.p0, masses: m.masses, size: m.size };
          } finally {
            m.dispose();
          }
        },
        { method: 'surrogate', alpha: 1, beta: 0.75, d: 12, v: 30, batch: 1 },
        200,
      ),
    120_000,
  );

  it(
    'PlrfProblem.sample and its methods',
    () =>
      check(
        'PlrfProblem',
        (o) => {
          const p = plrf.PlrfProblem.sample(o as never);
          try {
            return { p0: p.p0, loss: p.populationLoss(new Float64Array(p.d)), spectrum: p.spectrum() };
          } finally {
            p.dispose();
          }
        },
        { alpha: 1, beta: 0.75, d: 6, v: 12, seed: 1, stream: 0 },
        300,
      ),
    120_000,
  );

  it('classifyPhase and asymptotics', () => {
    fc.assert(
      fc.property(weird, weird, (a, b) => {
        counts.classifyPhase = (counts.classifyPhase ?? 0) + 1;
        try {
          assertFinite(plrf.classifyPhase(a as number, b as number));
        } catch (e) {
          expect(e).toBeInstanceOf(plrf.PlrfError);
          expect(['alpha', 'beta']).toContain((e as plrf.PlrfError).param);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
    return check('asymptotics', (o) => plrf.asymptotics(o as never), { alpha: 1, beta: 0.75, d: 100, r: 1000, batch: 1, gamma0: 0.5 }, 300);
  }, 120_000);

  it('computeOptimalFront', () => {
    const curves = [100, 200, 400, 800].map((d) => {
      const flops = Array.from({ length: 50 }, (_, i) => d * 10 ** (i / 7));
      return { d, flops, loss: flops.map((f) => d ** -0.8 + (f / d) ** -0.6) };
    });
    return fc.assert(
      fc.property(
        fc.record(
          { approach: weird, window: fc.oneof(weird, fc.tuple(weird, weird)), parabolaPoints: weird, density: weird },
          { requiredKeys: [] },
        ),
        (o) => {
          counts.computeOptimalFront = (counts.computeOptimalFront ?? 0) + 1;
          try {
            assertFinite(plrf.computeOptimalFront(curves, o as never));
          } catch (e) {
            expect(e).toBeInstanceOf(plrf.PlrfError);
            expect((e as plrf.PlrfError).param).toBeTypeOf('string');
          }
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
