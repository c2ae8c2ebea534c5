// src/sgd/simulate.ts and assembly/sgd.ts: the two engines agree in law; a wrong convention is caught.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGamma, init, PlrfError, simulateSgd } from '../../src/index.js';
import { maxZ } from '../helpers.js';

beforeAll(() => init());

const base = { alpha: 1, beta: 0.75, d: 100, v: 400, steps: 3000, points: 30 };
// Tolerance: 5 combined standard errors of the two independent means (seeds differ, so the W draws
// and the data streams are independent between engines).
const Z = 5;

describe('simulateSgd: direct and spectral engines agree in mean loss', () => {
  for (const batch of [1, 4]) {
    it(`B = ${batch}: within ${Z} standard errors at every checkpoint`, async () => {
      const spectral = await simulateSgd({ ...base, batch, engine: 'spectral', seeds: 200, seed: 10 });
      const direct = await simulateSgd({ ...base, batch, engine: 'direct', seeds: 48, seed: 20 });
      const { maxZ: worst, compared } = maxZ(spectral, direct);
      expect(compared).toBeGreaterThanOrEqual(5);
      expect(worst).toBeLessThan(Z);
      // Both start at the exact P(0).
      expect(Math.abs(spectral.loss[0] - direct.loss[0])).toBeLessThanOrEqual(1e-13 * direct.loss[0]);
      expect(direct.stderr![0]).toBe(0);
    });
  }

  it('negative test: an averaged batch gradient (gamma/B) in one engine is detected (B = 4)', async () => {
    const batch = 4;
    const gamma = defaultGamma({ alpha: base.alpha, v: base.v, batch });
    const averaged = await simulateSgd({ ...base, batch, gamma: gamma / batch, engine: 'spectral', seeds: 200, seed: 10 });
    const direct = await simulateSgd({ ...base, batch, gamma, engine: 'direct', seeds: 48, seed: 20 });
    expect(maxZ(averaged, direct).maxZ).toBeGreaterThan(Z);
  });
});

describe('simulateSgd: contract', () => {
  it('records integer log-spaced checkpoints from 0 to steps, flops = r·d·B, and the limit', async () => {
    const res = await simulateSgd({ alpha: 1, beta: 0.75, d: 50, steps: 1234, batch: 2, seeds: 3, points: 20 });
    expect(res.steps[0]).toBe(0);
    expect(res.steps.at(-1)).toBe(1234);
    for (let i = 1; i < res.steps.length; i++) {
      expect(Number.isInteger(res.steps[i])).toBe(true);
      expect(res.steps[i]).toBeGreaterThan(res.steps[i - 1]);
    }
    expect(res.steps.length).toBeLessThanOrEqual(20);
    expect(res.flops).toEqual(res.steps.map((r) => r * 50 * 2));
    expect(res.stderr).toHaveLength(res.steps.length);
    expect(res.runs).toHaveLength(3);
    const mean = res.spectra.reduce((s, x) => s + x.pStar / (1 - x.kernelNorm), 0) / 3;
    expect(res.limit).toBeCloseTo(mean, 15);
    // At the default gamma ||K|| is about gamma tr D / 2 = 1/(2(B+1)) (docs/model.md §3).
    for (const s of res.spectra) expect(s.kernelNorm).toBeGreaterThan(0.1);
    for (const s of res.spectra) expect(s.kernelNorm).toBeLessThan(0.3);
    expect(res.diverged).toBeNull();
  });

  it('is reproducible bit for bit for the same seed and differs for another', async () => {
    for (const engine of ['spectral', 'direct'] as const) {
      const opts = { alpha: 0.7, beta: 1.2, d: 30, steps: 300, seeds: 2, engine, points: 10 };
      const a = await simulateSgd({ ...opts, seed: 5 });
      const b = await simulateSgd({ ...opts, seed: 5 });
      const c = await simulateSgd({ ...opts, seed: 6 });
      expect(b.loss).toEqual(a.loss);
      expect(c.loss.slice(1)).not.toEqual(a.loss.slice(1));
    }
  });

  it('storage f32: the direct engine on W rounded to float32 follows the f64 run to within the rounding bound', async () => {
    const opts = { alpha: 1, beta: 0.75, d: 200, steps: 20000, seeds: 2, engine: 'direct' as const, points: 20, seed: 3 };
    const a = await simulateSgd(opts);
    const b = await simulateSgd({ ...opts, storage: 'f32' });
    expect(b.config.storage).toBe('f32');
    // Same data draws; only W moves, by <= 2^-24 relative per entry. Each step perturbs the update by
    // <= 2^-23 relative, and the error recursion is non-expanding for a stable gamma, so the relative
    // loss difference is at most 2^-23 per step, accumulated linearly: <= 2^-23 r.
    let worst = 0;
    a.loss.forEach((l, i) => {
      const rel = Math.abs(b.loss[i] - l) / l;
      expect(rel).toBeLessThanOrEqual(2 ** -23 * Math.max(1, a.steps[i]));
      worst = Math.max(worst, rel);
    });
    expect(worst).toBeGreaterThan(0); // a different W, not the same run
  });

  it('wSeed fixes one W for every run: all runs share P* and only the data differ', async () => {
    const res = await simulateSgd({ alpha: 1, beta: 0.75, d: 40, steps: 100, seeds: 4, wSeed: 3, points: 5 });
    expect(new Set(res.spectra.map((s) => s.pStar)).size).toBe(1);
    expect(new Set(res.runs.map((r) => r.at(-1))).size).toBe(4);
  });

  it('rejects an unstable gamma unless forced, and then reports divergence instead of Infinity', async () => {
    const opts = { alpha: 1, beta: 0.75, d: 40, steps: 2000, seeds: 2, gamma: 3 };
    await expect(simulateSgd(opts)).rejects.toMatchObject({ code: 'UNSTABLE', param: 'gamma' });
    for (const engine of ['spectral', 'direct'] as const) {
      const res = await simulateSgd({ ...opts, engine, force: true });
      expect(res.diverged).not.toBeNull();
      expect(res.diverged!.step).toBeGreaterThan(0);
      expect(res.diverged!.step).toBeLessThan(2000);
      expect(res.loss.every(Number.isFinite)).toBe(true);
      expect(res.steps.at(-1)!).toBeLessThan(res.diverged!.step);
      expect(res.limit).toBeNull();
    }
  });

  it('rejects bad input with PlrfError naming the parameter', async () => {
    const ok = { alpha: 1, beta: 0.75, d: 20, steps: 10 };
    const cases: [object, string][] = [
      [{ alpha: NaN }, 'alpha'],
      [{ alpha: 0 }, 'alpha'],
      [{ alpha: -1 }, 'alpha'],
      [{ beta: -0.6 }, 'beta'],
      [{ v: 10 }, 'v'],
      [{ steps: 10.5 }, 'steps'],
      [{ steps: -1 }, 'steps'],
      [{ steps: undefined }, 'steps'],
      [{ batch: 0 }, 'batch'],
      [{ seeds: 0 }, 'seeds'],
      [{ gamma: -1 }, 'gamma'],
      [{ gamma0: Infinity }, 'gamma0'],
      [{ gamma: 0.1, gamma0: 0.5 }, 'gamma'],
      [{ engine: 'fast' }, 'engine'],
      [{ gamma0: 10 }, 'gamma0'],
      [{ d: 20000 }, 'd'],
      [{ d: 1000, v: 2 ** 31 - 1 }, 'v'],
      [{ points: 1 }, 'points'],
      [{ force: 'yes' }, 'force'],
      [{ alpha: '1' }, 'alpha'],
      [{ stepz: 3 }, 'stepz'],
    ];
    for (const [patch, param] of cases) {
      const err = await simulateSgd({ ...ok, ...patch } as never).then(
        () => null,
        (e) => e,
      );
      expect(err, JSON.stringify(patch)).toBeInstanceOf(PlrfError);
      expect(err.param, JSON.stringify(patch)).toBe(param);
    }
  });

  it('reports progress and honours an AbortSignal promptly', async () => {
    const seen: number[] = [];
    await simulateSgd({ alpha: 1, beta: 0.75, d: 100, steps: 20000, seeds: 4, engine: 'direct', onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);

    const controller = new AbortController();
    const t0 = performance.now();
    setTimeout(() => controller.abort(), 50);
    const err = await simulateSgd({
      alpha: 1,
      beta: 0.75,
      d: 200,
      steps: 10 ** 7,
      seeds: 4,
      engine: 'direct',
      signal: controller.signal,
    }).then(
      () => null,
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'ABORTED' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
