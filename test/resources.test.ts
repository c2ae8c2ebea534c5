// src/core/memory.ts, src/core/finalizer.ts: Wasm memory stays bounded over repeated calls;
// dispose and Symbol.dispose release; requests that do not fit are refused up front.
import { beforeAll, describe, expect, it } from 'vitest';
import { init, lossCurve, memoryStats, PlrfProblem, RandomStream, simulateSgd, spectralMeasure } from '../src/index.js';

beforeAll(() => init());

describe('resources', () => {
  it('Wasm memory does not grow over 10^4 repeated calls', async () => {
    // warm up every path once (first allocations may grow the heap legitimately)
    const once = async () => {
      const p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 12, seed: 1 });
      p.spectrum();
      p.dispose();
      const s = new RandomStream(1);
      s.normals(100);
      s.dispose();
    };
    for (let i = 0; i < 20; i++) await once();
    await lossCurve({ method: 'deterministic', alpha: 1, beta: 0.75, d: 12, steps: 100 });
    await simulateSgd({ alpha: 1, beta: 0.75, d: 12, steps: 100, seeds: 2 });
    const before = memoryStats();
    for (let i = 0; i < 10_000; i++) await once();
    for (let i = 0; i < 300; i++) {
      await lossCurve({ method: i % 2 ? 'deterministic' : 'finite', alpha: 1, beta: 0.75, d: 12, steps: 100, points: 5 });
      await simulateSgd({ alpha: 1, beta: 0.75, d: 12, steps: 50, seeds: 2, points: 5, engine: i % 2 ? 'direct' : 'spectral' });
    }
    const after = memoryStats();
    console.log(
      `Wasm memory: ${before.wasmBytes} -> ${after.wasmBytes} bytes after 10^4 problems and 600 curves; live blocks ${before.liveBlocks} -> ${after.liveBlocks}`,
    );
    expect(after.liveBlocks).toBe(before.liveBlocks);
    expect(after.liveBytes).toBe(before.liveBytes);
    expect(after.wasmBytes).toBe(before.wasmBytes);
  }, 300_000);

  it('dispose and Symbol.dispose release the blocks', async () => {
    const base = memoryStats().liveBlocks;
    {
      using p = PlrfProblem.sample({ alpha: 1, beta: 0.75, d: 10 });
      using m = await spectralMeasure({ method: 'surrogate', alpha: 1, beta: 0.75, d: 10 });
      expect(memoryStats().liveBlocks).toBeGreaterThan(base);
      expect(p.d + m.size).toBe(20);
    }
    expect(memoryStats().liveBlocks).toBe(base);
  });

  it('refuses a request that does not fit, before allocating, saying what fits', () => {
    const base = memoryStats();
    expect(() => PlrfProblem.sample({ alpha: 1, beta: 1, d: 20000 })).toThrow(/d <= 5792/);
    expect(memoryStats()).toEqual(base);
  });
});
