// src/sweep/sweep.ts, src/sweep/pool.ts: results independent of the number of workers; resume; shards; merge.
import { describe, expect, it } from 'vitest';
import { mergeRecords, parseSweepLines, sweep, sweepKey, type SweepRecord } from '../../src/index.js';

const grid = { alpha: [0.2, 0.7], beta: [0.1, 0.6, 1.0], d: [200, 400, 800, 1600] };
const strip = (r: SweepRecord) => ({ ...r, seconds: 0 });

describe('sweep', () => {
  it('gives the same records on 1 and 2 workers, and phase none without measuring', async () => {
    const one = await sweep({ ...grid, workers: 1 });
    const two = await sweep({ ...grid, workers: 2 });
    expect(one.map(strip)).toEqual(two.map(strip));
    expect(one).toHaveLength(6);
    const none = one.find((r) => r.alpha === 0.2 && r.beta === 0.1)!;
    expect(none.phase.phase).toBe('none');
    expect(none.measured).toBeNull();
    const ii = one.find((r) => r.alpha === 0.7 && r.beta === 0.6)!;
    expect(ii.phase.phase).toBe('II');
    expect(ii.measured!.eta).toBeGreaterThan(0.4);
    expect(ii.key).toBe(sweepKey(0.7, 0.6, grid.d));
  }, 120_000);

  it('shards partition the grid; done keys are skipped; merge restores the whole', async () => {
    const s0 = await sweep({ ...grid, shard: [0, 2], workers: 1 });
    const s1 = await sweep({ ...grid, shard: [1, 2], workers: 1 });
    expect(s0.length + s1.length).toBe(6);
    expect(new Set([...s0, ...s1].map((r) => r.key)).size).toBe(6);
    const again = await sweep({ ...grid, shard: [0, 2], workers: 1, done: new Set(s0.map((r) => r.key)) });
    expect(again).toHaveLength(0);
    const text = [...s1, ...s0].map((r) => JSON.stringify(r)).join('\n') + '\n{not json\n';
    const { records, problems } = parseSweepLines(text, 'x.jsonl');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/x\.jsonl:7/);
    const merged = mergeRecords([records]);
    expect(merged.map((r) => [r.alpha, r.beta])).toEqual([
      [0.2, 0.1],
      [0.2, 0.6],
      [0.2, 1],
      [0.7, 0.1],
      [0.7, 0.6],
      [0.7, 1],
    ]);
  }, 120_000);

  it('rejects a bad shard and too small a d grid', async () => {
    await expect(sweep({ ...grid, shard: [2, 2] })).rejects.toMatchObject({ param: 'shard' });
    await expect(sweep({ ...grid, d: [200, 400] })).rejects.toMatchObject({ param: 'd' });
  });
});
