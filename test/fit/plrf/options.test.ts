// src/fit/plrf/options.ts: fitPlrf's options and rows resolved once into the configuration its stages take.
import { beforeAll, describe, expect, it } from 'vitest';
import { horizon } from '../../../src/fit/plrf/curveTable.js';
import { resolvePlrfFit } from '../../../src/fit/plrf/options.js';
import { init, PlrfError } from '../../../src/index.js';

beforeAll(() => init());

const rows = (ds: number[], batch?: (d: number) => number) =>
  ds.flatMap((d) => [0, 2, 5, 10, 40].map((step) => ({ d, step, loss: 1 / (1 + step / d), batch: batch?.(d) })));

describe('resolvePlrfFit', () => {
  it('fills the defaults and derives the step-scale range from the data', async () => {
    const { config, data, warnings } = await resolvePlrfFit(rows([50, 100, 200]), {});
    expect(config).toMatchObject({ budget: null, resamples: 1000, level: 0.95, seed: 0, maxD: 8192 });
    expect(config.alphaBox).toEqual([0.2, 2.2]);
    expect(config.betaBox).toEqual([-0.3, 2.5]);
    expect(data.groups.map((g) => g.d)).toEqual([50, 100, 200]);
    // each group's horizon at the largest alpha searched; sigma maps step 40 to r >= 0.1 and step 2 to r <= the shortest horizon
    expect(data.groups.map((g) => g.rMax)).toEqual([50, 100, 200].map((d) => horizon(2.2, d, 1)));
    expect(config.sigmaRange).toEqual([Math.log(0.1 / 40), Math.log(horizon(2.2, 50, 1) / 2)]);
    expect(warnings).toEqual([]);
  });

  it('plans the budget at the data batch size when it is unique, else at budgetBatch', async () => {
    expect(
      (
        await resolvePlrfFit(
          rows([50, 100], () => 4),
          { budget: 1e6 },
        )
      ).config.budget,
    ).toEqual({ flops: 1e6, batch: 4 });
    const mixed = rows([50, 100], (d) => (d === 50 ? 1 : 2));
    await expect(resolvePlrfFit(mixed, { budget: 1e6 })).rejects.toMatchObject({ param: 'budgetBatch' });
    expect((await resolvePlrfFit(mixed, { budget: 1e6, budgetBatch: 2 })).config.budget).toEqual({ flops: 1e6, batch: 2 });
    // budgetBatch without a budget is not used
    expect((await resolvePlrfFit(mixed, { budgetBatch: 3 })).config.budget).toBeNull();
  });

  it('names the option at fault, and warns about weakly identified designs', async () => {
    await expect(resolvePlrfFit(rows([50, 100]), { alphaRange: [0.5, 0.4] })).rejects.toThrow(PlrfError);
    await expect(resolvePlrfFit(rows([50, 100]), { alphaRange: [0.5, 0.4] })).rejects.toMatchObject({ param: 'alphaRange[1]' });
    await expect(resolvePlrfFit(rows([50]), {})).rejects.toThrow(/two or more model sizes/);
    expect((await resolvePlrfFit(rows([50, 100]), { seed: 3 })).warnings).toEqual([
      "only 2 model sizes: alpha and beta are weakly identified (use 3 or more d's)",
    ]);
  });
});
