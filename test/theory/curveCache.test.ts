// src/theory/curveCache.ts, recursionFork (assembly/recursion.ts): curves computed from kept measures
// and kept unit steps are the numbers of curves computed from scratch, to the bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, lossCurve, measureFront, memoryStats, spectralMeasure, type CurveResult } from '../../src/index.js';
import { CurveCache } from '../../src/theory/curveCache.js';
import { core } from '../../src/core/wasm.js';
import { ERR_ARGUMENT, SCHEDULE_LEN, STATUS_DONE } from '../../src/core/abi.js';
import { WasmF64 } from '../../src/core/memory.js';

beforeAll(() => init());

const same = (a: CurveResult, b: CurveResult) => {
  expect(a.steps).toEqual(b.steps);
  expect(a.loss).toEqual(b.loss);
  expect(a.runs).toEqual(b.runs);
  expect([a.F0, a.kernelNorm, a.limit, a.diverged]).toEqual([b.F0, b.kernelNorm, b.limit, b.diverged]);
  expect(a.warnings).toEqual(b.warnings);
};

describe('CurveCache', () => {
  it('gives the curves of a fresh start at every horizon, in any order (deterministic, surrogate, finite)', async () => {
    // Prefixes serve fixed blocks (blockTolerance 0); under the default error control the blocks depend
    // on the checkpoints and every curve runs from the start (checked at the end of this test).
    const base = { alpha: 0.8, beta: 0.7, d: 60, blockTolerance: 0 };
    for (const method of ['deterministic', 'surrogate', 'finite'] as const) {
      const extra = method === 'finite' ? { seeds: 2, seed: 3 } : {};
      using cache = new CurveCache();
      // Horizons past the unit steps (prefix reused), within them (no prefix), and explicit checkpoints.
      for (const h of [
        { steps: 3e5 },
        { steps: 4000 },
        { steps: 2e7, points: 90 },
        { at: [0, 7, 9999, 10000, 10001, 123456] },
        { steps: 3e5 },
      ]) {
        const fresh = await lossCurve({ method, ...base, ...extra, ...h });
        const kept = await lossCurve({ method, ...base, ...extra, ...h, cache });
        same(kept, fresh);
      }
      expect(cache.measures.size, method).toBe(method === 'finite' ? 2 : 1);
      expect(cache.prefixes.size, method).toBe(method === 'finite' ? 2 : 1);
    }
    // The default error control: the measure is kept, no prefix, and the curves are those of a fresh start.
    using controlled = new CurveCache();
    for (const steps of [3e5, 2e7]) {
      const o = { method: 'deterministic' as const, alpha: 0.8, beta: 0.7, d: 60, steps };
      same(await lossCurve({ ...o, cache: controlled }), await lossCurve(o));
    }
    expect([controlled.measures.size, controlled.prefixes.size]).toEqual([1, 0]);
  });

  it('keeps a prefix per learning rate and unit steps, and none for a curve that diverges in them', async () => {
    const base = { method: 'deterministic' as const, alpha: 0.8, beta: 0.7, d: 60, steps: 1e5, blockTolerance: 0 };
    using cache = new CurveCache();
    for (const o of [{ gamma0: 0.5 }, { gamma0: 0.9 }, { gamma0: 0.5, unitSteps: 500 }, { gamma0: 0.5 }]) {
      same(await lossCurve({ ...base, ...o, cache }), await lossCurve({ ...base, ...o }));
    }
    expect(cache.measures.size).toBe(2); // the contour depends on gamma
    expect(cache.prefixes.size).toBe(3);
    // A forced unstable rate diverges within the unit steps: the curve is run from scratch, twice alike.
    const forced = { ...base, gamma0: 3, force: true };
    const fresh = await lossCurve(forced);
    expect(fresh.diverged).not.toBeNull();
    expect(fresh.diverged!.step).toBeLessThan(10_000);
    same(await lossCurve({ ...forced, cache }), fresh);
    same(await lossCurve({ ...forced, cache }), fresh);
    expect([...cache.prefixes.values()].filter((p) => p === null)).toHaveLength(1);
  });

  it('releases its Wasm blocks on dispose, and measureFront leaves none behind', async () => {
    const before = memoryStats().liveBlocks;
    {
      using cache = new CurveCache();
      await lossCurve({ method: 'deterministic', alpha: 0.8, beta: 0.7, d: 60, steps: 1e5, blockTolerance: 0, cache });
      expect(memoryStats().liveBlocks).toBe(before + 2); // the measure and the prefix
    }
    expect(memoryStats().liveBlocks).toBe(before);
    // (1.5, 0.4375) extends its flops range: measures and prefixes serve several horizons.
    await measureFront({ alpha: 1.5, beta: 0.4375, d: [100, 200, 400] });
    expect(memoryStats().liveBlocks).toBe(before);
  });
});

describe('recursionFork', () => {
  it('refuses a prefix that has not finished, or checkpoints not past its end (ERR_ARGUMENT)', async () => {
    const c = core();
    const m = await spectralMeasure({ method: 'surrogate', alpha: 0.8, beta: 0.7, d: 40 });
    const cps = new WasmF64(3),
      table = new WasmF64(SCHEDULE_LEN),
      later = new WasmF64(2);
    try {
      cps.set([0, 1, 2]);
      table.set([0, 0, 0, 0, 2]);
      const prefix =
        c.recursionBegin(m.ws.ptr, m.size, m.F0, 0.1, 1, 100, 2 ** -7, 2, 0, Infinity, cps.ptr, 3, table.ptr, SCHEDULE_LEN) >>> 0;
      later.set([50, 60]);
      const early = c.recursionFork(prefix, Infinity, later.ptr, 2) >>> 0; // prefix still at r = 0
      expect(c.recursionStep(early, 1e6)).toBe(ERR_ARGUMENT);
      expect(c.recursionStep(prefix, 1e6)).toBe(STATUS_DONE);
      later.set([2, 60]);
      const overlap = c.recursionFork(prefix, Infinity, later.ptr, 2) >>> 0; // a checkpoint at the prefix's end
      expect(c.recursionStep(overlap, 1e6)).toBe(ERR_ARGUMENT);
      later.set([3, 60]);
      const ok = c.recursionFork(prefix, Infinity, later.ptr, 2) >>> 0;
      expect(c.recursionStep(ok, 1e6)).toBe(STATUS_DONE);
      expect(c.recursionCount(ok)).toBe(2);
      for (const j of [prefix, early, overlap, ok]) c.jobFree(j);
    } finally {
      cps.free();
      table.free();
      later.free();
      m.dispose();
    }
  });
});
