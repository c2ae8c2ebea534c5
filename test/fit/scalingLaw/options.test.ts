// src/fit/scalingLaw/options.ts: fitScalingLaw's options and rows resolved once into the configuration its stages take.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveScalingLawFit } from '../../../src/fit/scalingLaw/options.js';
import { init } from '../../../src/index.js';

beforeAll(() => init());

const power = [1, 2, 4, 8, 16].map((x) => ({ x, loss: 1 + x ** -0.5 }));

describe('resolveScalingLawFit', () => {
  it('fills the defaults and takes logs of the rows', async () => {
    const { config, p } = await resolveScalingLawFit(power, { form: 'power' });
    expect(config).toMatchObject({ form: 'power', delta: 1e-3, resamples: 1000, level: 0.95, seed: 0, budget: undefined });
    expect(config.range).toEqual([0.01, 3]);
    expect(p.k).toBe(2);
    expect(Array.from(p.u)).toEqual(power.map((r) => Math.log(r.x)));
    expect(Array.from(p.logL)).toEqual(power.map((r) => Math.log(r.loss)));
  });

  it('keeps the given options and refuses a budget for the power form', async () => {
    const chin = [1, 2, 3, 4, 5, 6].map((i) => ({ params: 10 ** i, tokens: 2 * 10 ** i, loss: 2 + 1 / i }));
    const { config, p } = await resolveScalingLawFit(chin, {
      form: 'chinchilla',
      huberDelta: 0.01,
      exponentRange: [0.1, 2],
      budget: 1e20,
      seed: 4,
    });
    expect(config).toMatchObject({ form: 'chinchilla', delta: 0.01, budget: 1e20, seed: 4, range: [0.1, 2] });
    expect(p.k).toBe(3);
    await expect(resolveScalingLawFit(power, { form: 'power', budget: 1 })).rejects.toMatchObject({ param: 'budget' });
  });
});
