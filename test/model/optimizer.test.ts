// Momentum SGD and DANA (docs/model.md §10): the exact second-moment recursion against Monte Carlo (both
// engines, B = 1 and 4, both DANA presets), negative controls that a Monte-Carlo check must reject,
// SGD as a special case, the deterministic measure, the growth check and option validation.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  init,
  lossCurve,
  resolveOptimizer,
  simulateSgd,
  spectralMeasure,
  defaultGamma,
  type ResolvedOptimizer,
  type PlrfError,
} from '../../src/index.js';
import { danaDecayExponents, classifyPhase } from '../../src/index.js';
import { effectiveStep, MIN_CONTOUR_SLOPE, momentumContourSlope } from '../../src/model/optimizer.js';
import { buildMeasure } from '../../src/theory/buildMeasure.js';
import { resolveCurve } from '../../src/theory/curveOptions.js';
import { MOMENTUM_CONTOUR_PANELS } from '../../src/theory/momentumRecursion.js';
import type { ContourOptions } from '../../src/theory/measureOptions.js';
import { core, hostSupportsSimd, type CoreExports } from '../../src/core/wasm.js';
import { ERR_ARGUMENT, OPT_TABLE_LEN, STATUS_DONE, STATUS_MORE } from '../../src/core/abi.js';
import { optimizerTable } from '../../src/model/optimizer.js';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The test's reference for a coefficient at step t (value · (1 + t/scale)^-power), as docs/model.md §10 states it. */
function coefficientAt(c: [number, number, number], t: number): number {
  return c[2] === 0 || c[0] === 0 ? c[0] : c[0] * Math.pow(1 + t / c[1], -c[2]);
}

const BIN = fileURLToPath(new URL('../../bin/plrf.js', import.meta.url));
function plrf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  await init();
});

type Variant = 'exact' | 'averaged' | 'bsquared' | 'old-momentum';

/**
 * A plain-TS oracle of the recursion on real atoms (loss units), with deliberately wrong variants:
 * an averaged batch (G/B), B^2 in place of B(B+1), and the old-momentum ordering (theta' uses y, not y').
 */
function reference(
  atoms: { z: number[]; phi: number[]; nu: number[] },
  F0: number,
  o: ResolvedOptimizer,
  B: number,
  checkpoints: number[],
  variant: Variant = 'exact',
): number[] {
  const n = atoms.z.length;
  const U = atoms.phi.slice(),
    S = new Array<number>(n).fill(0),
    V = new Array<number>(n).fill(0);
  let P = F0 + U.reduce((s, x) => s + x, 0);
  const out: number[] = [];
  let ci = 0;
  const last = checkpoints[checkpoints.length - 1];
  for (let t = 0; ; t++) {
    while (ci < checkpoints.length && checkpoints[ci] <= t) {
      out.push(P);
      ci++;
    }
    if (t >= last) break;
    let g1 = coefficientAt(o.gamma1, t),
      g2 = coefficientAt(o.gamma2, t);
    const g3 = coefficientAt(o.gamma3, t),
      dl = coefficientAt(o.delta, t);
    if (variant === 'averaged') {
      g1 /= B;
      g2 /= B;
    }
    const m = 1 - dl;
    const bb = variant === 'bsquared' ? B * B : B * (B + 1);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = atoms.z[i],
        nu = atoms.nu[i];
      let nU: number, nS: number, nV: number;
      if (variant === 'old-momentum') {
        // theta' = theta - gamma2 G - gamma3 y (old y), y' = m y + gamma1 G: e' = (1 - g2 G) e - g3 y.
        // G ~ B z e + noise: E e'^2 etc. with a = g2 (SGD part on e), cross terms through y.
        const c = g2;
        nU = (1 - 2 * c * B * z + c * c * bb * z * z) * U[i] + g3 * g3 * S[i] - 2 * g3 * (1 - c * B * z) * V[i] + c * c * B * nu * P;
        nS = g1 * g1 * bb * z * z * U[i] + m * m * S[i] + 2 * m * g1 * B * z * V[i] + g1 * g1 * B * nu * P;
        // E e' y' = E[(e - g2 G - g3 y)(m y + g1 G)]
        nV =
          (g1 * B * z - c * g1 * bb * z * z) * U[i] - g3 * m * S[i] + (m * (1 - c * B * z) - g3 * g1 * B * z) * V[i] - c * g1 * B * nu * P;
      } else {
        const c = g2 + g1 * g3;
        nU =
          (1 - 2 * c * B * z + c * c * bb * z * z) * U[i] +
          g3 * g3 * m * m * S[i] -
          2 * g3 * m * (1 - c * B * z) * V[i] +
          c * c * B * nu * P;
        nS = g1 * g1 * bb * z * z * U[i] + m * m * S[i] + 2 * m * g1 * B * z * V[i] + g1 * g1 * B * nu * P;
        nV = g1 * B * z * (1 - c * (bb / B) * z) * U[i] - g3 * m * m * S[i] + m * (1 - (c + g1 * g3) * B * z) * V[i] - c * g1 * B * nu * P;
      }
      U[i] = nU;
      S[i] = nS;
      V[i] = nV;
      sum += nU;
    }
    P = F0 + sum;
  }
  return out;
}

const D = 50;
const SEEDS = 200;
const STEPS = 10_000;
const POINTS = 12;

async function finiteAtoms(alpha: number, beta: number, wSeed: number) {
  const m = await spectralMeasure({ method: 'finite', alpha, beta, d: D, seed: wSeed, stream: 0 });
  try {
    const a = m.atoms();
    return { atoms: { z: Array.from(a.zRe), phi: Array.from(a.phiRe), nu: Array.from(a.nuRe) }, F0: m.F0 };
  } finally {
    m.dispose();
  }
}

function zScores(theory: number[], mc: { loss: number[]; stderr: number[] | null; steps: number[] }): number[] {
  return mc.steps.map((r, i) => (r === 0 ? 0 : (mc.loss[i] - theory[i]) / mc.stderr![i]));
}

describe('momentum / DANA recursion against Monte Carlo', () => {
  const alpha = 1,
    beta = 0.7,
    wSeed = 3;
  const cases: { name: 'dana-decay' | 'dana-constant' | 'momentum'; batch: number; engine: 'spectral' | 'direct'; storage?: 'f32' }[] = [
    { name: 'dana-decay', batch: 1, engine: 'spectral' },
    { name: 'dana-decay', batch: 4, engine: 'spectral' },
    { name: 'dana-constant', batch: 1, engine: 'spectral' },
    { name: 'dana-constant', batch: 4, engine: 'spectral' },
    { name: 'momentum', batch: 4, engine: 'spectral' },
    { name: 'dana-decay', batch: 4, engine: 'direct' },
    { name: 'dana-constant', batch: 1, engine: 'direct' },
    { name: 'dana-decay', batch: 1, engine: 'direct', storage: 'f32' },
    { name: 'dana-constant', batch: 4, engine: 'direct', storage: 'f32' },
  ];
  for (const cse of cases) {
    it(`${cse.name}, B = ${cse.batch}, ${cse.engine} engine${cse.storage ? ' (f32 W)' : ''}: within 5 standard errors at every checkpoint`, async () => {
      const seeds = cse.engine === 'direct' ? 100 : SEEDS;
      const steps = cse.engine === 'direct' ? 3000 : STEPS;
      const curve = await lossCurve({
        method: 'finite',
        alpha,
        beta,
        d: D,
        batch: cse.batch,
        steps,
        points: POINTS,
        wSeed,
        optimizer: cse.name,
      });
      const mc = await simulateSgd({
        alpha,
        beta,
        d: D,
        batch: cse.batch,
        steps,
        points: POINTS,
        wSeed,
        seeds,
        engine: cse.engine,
        optimizer: cse.name,
        seed: 11,
        storage: cse.storage,
      });
      const zs = zScores(curve.loss, mc);
      console.log(
        `[mc] ${cse.name} B=${cse.batch} ${cse.engine}${cse.storage ?? ''} seeds=${seeds}\n` +
          mc.steps
            .map(
              (r, i) =>
                `  r=${r} rec=${curve.loss[i].toPrecision(6)} mc=${mc.loss[i].toPrecision(6)} se=${mc.stderr![i].toPrecision(3)} z=${zs[i].toFixed(2)}`,
            )
            .join('\n'),
      );
      expect(Math.max(...zs.map(Math.abs))).toBeLessThan(5);
      // The Wasm recursion is the oracle's recursion.
      const { atoms, F0 } = await finiteAtoms(alpha, beta, wSeed);
      const ref = reference(atoms, F0, curve.config.optimizer, cse.batch, curve.steps);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(curve.loss[i] - ref[i]) / ref[i]).toBeLessThan(1e-10);
    });
  }

  it('negative controls: an averaged batch, B^2 for B(B+1) and the old-momentum ordering are rejected by Monte Carlo', async () => {
    const { atoms, F0 } = await finiteAtoms(alpha, beta, wSeed);
    const zmax: Record<string, number> = {};
    const rows: string[] = [];
    for (const [name, B] of [
      ['dana-decay', 1],
      ['dana-decay', 4],
      ['momentum', 1],
    ] as const) {
      const mc = await simulateSgd({
        alpha,
        beta,
        d: D,
        batch: B,
        steps: STEPS,
        points: POINTS,
        wSeed,
        seeds: 400,
        optimizer: name,
        seed: 12,
      });
      const o = resolveOptimizer(name, { alpha, beta, d: D, v: 4 * D, batch: B, gamma: defaultGamma({ alpha, v: 4 * D, batch: B }) });
      for (const variant of ['exact', 'averaged', 'bsquared', 'old-momentum'] as const) {
        const ref = reference(atoms, F0, o, B, mc.steps, variant);
        const z = Math.max(...zScores(ref, mc).map(Math.abs));
        rows.push(`  ${name} B=${B} ${variant}: max |z| = ${z.toFixed(1)}`);
        zmax[`${name === 'momentum' ? 'm-' : ''}${variant}${B}`] = z;
      }
    }
    console.log('[controls] 400 seeds, d = 50, 10^4 steps\n' + rows.join('\n'));
    expect(zmax.exact1).toBeLessThan(5);
    expect(zmax.exact4).toBeLessThan(5);
    expect(zmax['m-exact1']).toBeLessThan(5);
    // An averaged batch is SGD's own at B = 1: it must fail at B = 4. B^2 fails at B = 1 (B(B+1) = 2 B^2 there).
    // The old ordering lags the momentum step by one update: invisible once DANA's gamma3 is small, it
    // fails where gamma1 gamma3 carries the step (the heavy-ball preset).
    expect(zmax.averaged4).toBeGreaterThan(5);
    expect(zmax.bsquared1).toBeGreaterThan(5);
    expect(zmax['m-old-momentum1']).toBeGreaterThan(5);
  });
});

describe('SGD as a special case', () => {
  it('the momentum kernels with gamma1 = gamma3 = 0 give SGD bit for bit (both engines, f32 too)', async () => {
    const base = { alpha: 1, beta: 0.75, d: 30, batch: 3, steps: 500, points: 10, seeds: 3, seed: 5 };
    const gamma = defaultGamma({ alpha: 1, v: 120, batch: 3 });
    for (const engine of ['spectral', 'direct'] as const) {
      for (const storage of ['f64', 'f32'] as const) {
        if (engine === 'spectral' && storage === 'f32') continue;
        const sgd = await simulateSgd({ ...base, engine, storage });
        const dana = await simulateSgd({
          ...base,
          engine,
          storage,
          optimizer: { name: 'dana', gamma1: 0, gamma2: gamma, gamma3: 0, delta: 0.3 },
        });
        expect(dana.runs).toEqual(sgd.runs);
      }
    }
  });

  it('the momentum recursion with gamma1 = gamma3 = 0 is the SGD recursion (every measure)', async () => {
    for (const method of ['finite', 'surrogate', 'deterministic'] as const) {
      const base = { method, alpha: 1.2, beta: 0.8, d: 60, steps: 3000, points: 12 };
      const gamma = defaultGamma({ alpha: 1.2, v: 240 });
      const sgd = await lossCurve({ ...base, unitSteps: 3000 }); // exact unit steps, as the momentum recursion's to 10^4
      const mom = await lossCurve({ ...base, optimizer: { name: 'dana', gamma1: 0, gamma2: gamma, gamma3: 0, delta: 1 } });
      for (let i = 0; i < sgd.loss.length; i++) expect(Math.abs(mom.loss[i] - sgd.loss[i]) / sgd.loss[i]).toBeLessThan(1e-12);
    }
  });
});

describe('deterministic equivalent', () => {
  it('dana-decay: deterministic against the mean over W of finite curves, within the gap SGD shows at the same d', async () => {
    const base = { alpha: 1, beta: 0.7, d: 100, steps: 5000, points: 10 };
    const det = await lossCurve({ ...base, method: 'deterministic', optimizer: 'dana-decay' });
    const fin = await lossCurve({ ...base, method: 'finite', seeds: 8, optimizer: 'dana-decay' });
    const detS = await lossCurve({ ...base, method: 'deterministic' });
    const finS = await lossCurve({ ...base, method: 'finite', seeds: 8 });
    let gap = 0,
      gapS = 0;
    for (let i = 1; i < det.loss.length; i++) {
      gap = Math.max(gap, Math.abs(det.loss[i] - fin.loss[i]) / fin.loss[i]);
      gapS = Math.max(gapS, Math.abs(detS.loss[i] - finS.loss[i]) / finS.loss[i]);
    }
    console.log(`[det] relative gap deterministic vs mean of 8 finite: dana-decay ${gap.toExponential(2)}, sgd ${gapS.toExponential(2)}`);
    expect(gap).toBeLessThan(Math.max(2 * gapS, 0.02));
    const sur = await lossCurve({ ...base, method: 'surrogate', optimizer: 'dana-decay' });
    expect(sur.loss.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
  });

  it('a growing one-step map on the contour is refused with a typed error, not noise', async () => {
    // DANA-constant on the default ray (slope 0.3): stable on the real spectrum, but off the axis, where the
    // error and momentum eigenvalues nearly collide (Delta ~ c B z), the map grows once Delta(t) is small.
    const base = {
      method: 'deterministic' as const,
      alpha: 1,
      beta: 0.7,
      d: 100,
      steps: 100_000,
      points: 20,
      optimizer: 'dana-constant' as const,
      contour: { slope: 0.3 },
    };
    await expect(lossCurve(base)).rejects.toMatchObject({ code: 'UNSTABLE', param: 'optimizer' });
    await expect(lossCurve(base)).rejects.toThrow(/spectral radius - 1 = 0\.0000519/);
    // Forced past the check at the start, the stepping check stops it where the map grows.
    const forced = lossCurve({ ...base, force: true });
    await expect(forced).rejects.toMatchObject({ code: 'UNSTABLE', param: 'optimizer' });
    await expect(lossCurve({ ...base, force: true })).rejects.toThrow(/grows on atom \d+ of the deterministic measure at step \d+/);
    // The same optimizer on the real measures, and to a shorter horizon on the contour, runs.
    await expect(lossCurve({ ...base, method: 'finite' })).resolves.toBeDefined();
    await expect(lossCurve({ ...base, steps: 1000 })).resolves.toBeDefined();
  });

  it('the contour flattened below 2 sqrt(c Delta / (gamma1 gamma3)) runs where the default ray grows, and agrees with it and with the finite measure', async () => {
    const o = resolveOptimizer('dana-constant', {
      alpha: 1,
      beta: 0.7,
      d: 100,
      v: 400,
      batch: 1,
      gamma: defaultGamma({ alpha: 1, v: 400 }),
    });
    const s = momentumContourSlope(o, 1e5);
    // The bound at t = 10^5 (Delta = 1/(1 + t/delta) at its smallest), with the 0.9 margin.
    const sStar = (t: number) =>
      2 * Math.sqrt(((o.gamma2[0] + o.gamma1[0] * o.gamma3[0]) * coefficientAt(o.delta, t)) / (o.gamma1[0] * o.gamma3[0]));
    expect(s).toBeCloseTo(0.9 * sStar(1e5), 12);
    expect(s).toBeLessThan(0.3);
    const base = { alpha: 1, beta: 0.7, d: 100, points: 20, optimizer: 'dana-constant' as const };
    // Where both rays are valid they give the same curve (the contour integral does not depend on the path).
    const wide = await lossCurve({ ...base, method: 'deterministic', steps: 10_000, contour: { slope: 0.3 } });
    const flat = await lossCurve({ ...base, method: 'deterministic', steps: 10_000, contour: { slope: s, panelWidth: (0.2 * s) / 0.3 } });
    for (let i = 0; i < wide.loss.length; i++) expect(Math.abs(flat.loss[i] - wide.loss[i]) / wide.loss[i]).toBeLessThan(1e-9);
    // By default the ray is flattened for the horizon: 10^5 steps run, within SGD's deterministic-to-finite gap.
    const det = await lossCurve({ ...base, method: 'deterministic', steps: 100_000 });
    const fin = await lossCurve({ ...base, method: 'finite', steps: 100_000, seeds: 8 });
    const detS = await lossCurve({ alpha: 1, beta: 0.7, d: 100, points: 20, method: 'deterministic', steps: 100_000 });
    const finS = await lossCurve({ alpha: 1, beta: 0.7, d: 100, points: 20, method: 'finite', steps: 100_000, seeds: 8 });
    const gap = (a: number[], b: number[]) => Math.max(...a.slice(1).map((x, i) => Math.abs(x - b[i + 1]) / b[i + 1]));
    console.log(
      `[contour] slope ${s.toPrecision(3)}: gap to 8 finite W ${gap(det.loss, fin.loss).toExponential(2)}, SGD's ${gap(detS.loss, finS.loss).toExponential(2)}`,
    );
    expect(det.warnings).toEqual([]);
    expect(gap(det.loss, fin.loss)).toBeLessThan(Math.max(1.5 * gap(detS.loss, finS.loss), 0.02));
  });

  it('the slope profile s(x): no growth where one slope would have to be flattened, fewer atoms, and the curve of the flat ray to 1e-10', async () => {
    const base = {
      method: 'deterministic' as const,
      alpha: 1,
      beta: 0.7,
      d: 100,
      steps: 1_000_000,
      points: 30,
      optimizer: 'dana-decay' as const,
    };
    // At this horizon the default ray grows (the run is refused), so the contour must come down.
    await expect(lossCurve({ ...base, contour: { slope: 0.3 } })).rejects.toMatchObject({ code: 'UNSTABLE' });
    // By default the slope follows x (docs/model.md §10); the run checks growth on every atom at steps
    // 0..15, at powers of two, checkpoints and blocks, and a growing map would be refused.
    const profiled = await lossCurve(base);
    expect(profiled.warnings).toEqual([]);
    // The single flattened slope of the horizon integrates the same function.
    const o = resolveOptimizer('dana-decay', { alpha: 1, beta: 0.7, d: 100, v: 400, batch: 1, gamma: defaultGamma({ alpha: 1, v: 400 }) });
    const s = Math.max(momentumContourSlope(o, base.steps), 0.01);
    expect(s).toBeLessThan(0.3);
    const contour = { slope: s, panelWidth: (0.2 * s) / 0.3 };
    const flat = await lossCurve({ ...base, contour });
    const rel = Math.max(...profiled.loss.map((x, i) => Math.abs(x - flat.loss[i]) / flat.loss[i]));
    console.log(`[contour profile] d = 100, 10^6 steps: largest relative difference to the flat ray ${rel.toExponential(2)}`);
    expect(rel).toBeLessThan(1e-10);
    const gamma = effectiveStep(o);
    const size = async (c: ContourOptions) => {
      using m = await spectralMeasure({ method: 'deterministic', alpha: 1, beta: 0.7, d: 100, gamma, contour: c });
      return m.size;
    };
    const profiledSize = buildMeasure((await resolveCurve(base)).measure!);
    try {
      expect(profiledSize.size).toBeLessThan(await size(contour));
      // More atoms than the unflattened ray with the same panels: the panels narrow where the slope dips.
      expect(profiledSize.size).toBeGreaterThan(await size({ slope: 0.3, ...MOMENTUM_CONTOUR_PANELS }));
    } finally {
      profiledSize.dispose();
    }
  });

  it('the profile floor 0.002: DANA-constant (1, 0.7) at d = 1000 runs to 10^9 steps (its profile dips below 0.01), within the finite-size gap SGD shows', async () => {
    const base = {
      method: 'deterministic' as const,
      alpha: 1,
      beta: 0.7,
      d: 1000,
      steps: 1e9,
      points: 20,
      optimizer: 'dana-constant' as const,
    };
    const m = buildMeasure((await resolveCurve(base)).measure!);
    try {
      const { left, right } = m.contour!;
      const slopes = Array.from({ length: 400 }, (_, i) => core().measureSlopeAt(m.job.ptr, left * (right / left) ** (i / 399)));
      expect(Math.min(...slopes)).toBeLessThan(0.01);
      expect(Math.min(...slopes)).toBeGreaterThanOrEqual(MIN_CONTOUR_SLOPE);
    } finally {
      m.dispose();
    }
    const det = await lossCurve(base);
    expect(det.warnings).toEqual([]);
    expect(det.diverged).toBeNull();
    // The loss rises again after about 3·10^5 steps (the momentum's noise as Delta decays), on the
    // finite measure as well: the check is the gap to the mean over W, against SGD's at the same d.
    const fin = await lossCurve({ ...base, method: 'finite', seeds: 2 });
    const detS = await lossCurve({ ...base, optimizer: 'sgd' });
    const finS = await lossCurve({ ...base, method: 'finite', seeds: 2, optimizer: 'sgd' });
    const gap = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x / b[i] - 1)));
    console.log(
      `[profile floor] d = 1000, 10^9 steps: gap to 2 finite W ${gap(det.loss, fin.loss).toExponential(2)}, SGD's ${gap(detS.loss, finS.loss).toExponential(2)}`,
    );
    expect(gap(det.loss, fin.loss)).toBeLessThan(Math.max(1.5 * gap(detS.loss, finS.loss), 0.02));
  });

  it('the momentum/DANA contour (panels 0.6 wide, 32 nodes): within 1e-8 of a contour twice as fine', async () => {
    // Fixed blocks (blockTolerance 0), so that both contours run the same block sequence and the
    // difference is the contour's alone; 1e-8 is two orders under the blocks' stated accuracy.
    const base = { method: 'deterministic' as const, alpha: 1, beta: 0.7, d: 1000, steps: 1e6, points: 30, blockTolerance: 0 };
    for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
      const coarse = await lossCurve({ ...base, optimizer });
      const fine = await lossCurve({ ...base, optimizer, contour: { panelWidth: MOMENTUM_CONTOUR_PANELS.panelWidth / 2 } });
      const rel = Math.max(...coarse.loss.map((x, i) => Math.abs(x - fine.loss[i]) / fine.loss[i]));
      console.log(
        `[momentum contour] ${optimizer}, d = 1000, 10^6 steps: largest relative difference to panels half as wide ${rel.toExponential(2)}`,
      );
      expect(rel).toBeLessThan(1e-8);
    }
  });

  it("where the coarse default panels fail their mass self-check, the curve is built on SGD's panels (given panels are not replaced)", async () => {
    // DANA-constant at (1.5, 0.8), d = 200, to 10^9: 32 nodes on 0.6 enclose the eigenvalue mass to
    // 1.5e-9 only, above the self-check's 1e-9. Long fixed blocks keep the runs short (the measure is the point).
    const base = {
      method: 'deterministic' as const,
      alpha: 1.5,
      beta: 0.8,
      d: 200,
      steps: 1e9,
      points: 20,
      optimizer: 'dana-constant' as const,
      blockFraction: 1 / 8,
      blockTolerance: 0,
    };
    const given = await lossCurve({ ...base, contour: { ...MOMENTUM_CONTOUR_PANELS } }).then(
      () => null,
      (e: PlrfError) => e,
    );
    expect(given?.code).toBe('NOT_CONVERGED');
    expect(given?.message).toMatch(/^contour self-check failed/);
    const curve = await lossCurve(base);
    const sgdPanels = await lossCurve({ ...base, contour: { panelWidth: 0.2, nodesPerPanel: 16 } });
    expect(curve.loss).toEqual(sgdPanels.loss);
  }, 60_000);
});

describe('stability and validation', () => {
  it('both presets run at their defaults without force, on every method', async () => {
    for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
      for (const method of ['finite', 'surrogate', 'deterministic'] as const) {
        const r = await lossCurve({ method, alpha: 1.5, beta: 0.9, d: 80, steps: 2000, points: 8, optimizer });
        expect(r.warnings).toEqual([]);
        expect(r.loss.at(-1)!).toBeLessThan(r.loss[0]);
      }
    }
  });

  it('an unstable momentum step is refused with its numbers (force runs it and reports divergence)', async () => {
    const bad = { name: 'dana' as const, gamma1: 1, gamma2: 0, gamma3: 3, delta: 0.1 };
    await expect(simulateSgd({ alpha: 1, beta: 0.7, d: 20, steps: 100, seeds: 2, optimizer: bad })).rejects.toMatchObject({
      code: 'UNSTABLE',
      param: 'optimizer',
    });
    await expect(lossCurve({ method: 'finite', alpha: 1, beta: 0.7, d: 20, steps: 100, optimizer: bad })).rejects.toMatchObject({
      code: 'UNSTABLE',
      param: 'optimizer',
    });
    const forced = await simulateSgd({ alpha: 1, beta: 0.7, d: 20, steps: 2000, seeds: 2, optimizer: bad, force: true });
    expect(forced.diverged).not.toBeNull();
    const forcedCurve = await lossCurve({ method: 'finite', alpha: 1, beta: 0.7, d: 20, steps: 2000, optimizer: bad, force: true });
    expect(forcedCurve.diverged).not.toBeNull();
  });

  it('every new option is validated with a clear error', async () => {
    const base = { alpha: 1, beta: 0.7, d: 20, steps: 10 };
    const cases: [unknown, RegExp, string][] = [
      ['adam', /optimizer must be one of/, 'optimizer'],
      [{ name: 'dana', gamma1: 1, gamma2: 0.1, gamma3: 0.1 }, /delta is missing/, 'optimizer.delta'],
      [{ name: 'dana-decay', gamma3: -1 }, /finite number >= 0/, 'optimizer.gamma3'],
      [{ name: 'dana-decay', delta: { value: 0.5, scale: 0 } }, /scale must be/, 'optimizer.delta'],
      [{ name: 'dana-decay', delta: { value: 0.5, power: -1 } }, /power must be/, 'optimizer.delta'],
      [{ name: 'dana-decay', delta: 2 }, /delta must be <= 1/, 'optimizer.delta'],
      [{ name: 'dana-decay', delta: { value: 0.5, rate: 1 } }, /unknown key "rate"/, 'optimizer.delta'],
      [{ name: 'dana-decay', beta1: 1 }, /unknown key "beta1"/, 'optimizer'],
      [7, /optimizer must be/, 'optimizer'],
    ];
    for (const [optimizer, msg, param] of cases) {
      for (const run of [
        () => simulateSgd({ ...base, optimizer: optimizer as never }),
        () => lossCurve({ ...base, method: 'finite', optimizer: optimizer as never }),
      ]) {
        await expect(run()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', param });
        await expect(run()).rejects.toThrow(msg);
      }
    }
    await expect(
      lossCurve({ ...base, method: 'finite', optimizer: 'dana-decay', schedule: { kind: 'cosine' } as never }),
    ).rejects.toMatchObject({ param: 'schedule' });
    await expect(lossCurve({ ...base, method: 'finite', optimizer: 'dana-decay', blockOrder: 2 })).rejects.toMatchObject({
      param: 'blockOrder',
    });
    // The blocks' error control: a tolerance in [0, 1).
    for (const blockTolerance of [-1, 1, NaN, Infinity, '1e-5']) {
      await expect(
        lossCurve({ ...base, method: 'finite', optimizer: 'dana-decay', blockTolerance: blockTolerance as never }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', param: 'blockTolerance' });
    }
  });
});

describe('blocks for long horizons', () => {
  const rel = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]) / b[i]));
  it('the stated accuracy: by default blocks are within 1e-6 of unit steps (d = 100); fixed blocks are second order, and halving them changes less', async () => {
    for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
      const base = { method: 'finite' as const, alpha: 1, beta: 0.7, d: 100, steps: 1e6, points: 30, optimizer };
      const exact = await lossCurve({ ...base, unitSteps: 2e6 });
      const blocks = await lossCurve(base);
      const fixed = await lossCurve({ ...base, blockTolerance: 0 });
      const half = await lossCurve({ ...base, blockTolerance: 0, blockFraction: 2 ** -7 });
      const double = await lossCurve({ ...base, blockTolerance: 0, blockFraction: 2 ** -5 });
      const err = rel(blocks.loss, exact.loss),
        errFixed = rel(fixed.loss, exact.loss),
        change = rel(half.loss, fixed.loss),
        ratio = rel(double.loss, exact.loss) / errFixed;
      console.log(
        `[blocks] ${optimizer}: default (error control) vs unit steps ${err.toExponential(2)}, fixed 2^-6 ${errFixed.toExponential(2)}, ` +
          `halving changes ${change.toExponential(2)}, error(2^-5)/error(2^-6) ${ratio.toFixed(2)}`,
      );
      expect(err).toBeLessThan(1e-6);
      expect(errFixed).toBeLessThan(1e-6);
      expect(change).toBeLessThan(1e-6);
      // Second order: doubling the fraction multiplies the error by about 4 (a first-order scheme: 2).
      expect(ratio).toBeGreaterThan(3);
      // Unit steps are exact to 10^4 by default: the curves agree bit for bit there.
      for (let i = 0; i < blocks.steps.length && blocks.steps[i] <= 10_000; i++) expect(blocks.loss[i]).toBe(exact.loss[i]);
    }
  });

  it('the error control: its estimate bounds the error, it takes fewer blocks than the fixed fraction, and a tighter tolerance changes less than the stated accuracy', async () => {
    const c = core();
    for (const [alpha, beta] of [
      [1, 0.7],
      [0.7, 0.6],
    ] as const) {
      for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
        const base = { method: 'finite' as const, alpha, beta, d: 100, steps: 1e6, points: 30, optimizer };
        const exact = await lossCurve({ ...base, unitSteps: 2e6 });
        const errs: string[] = [];
        for (const tol of [1e-5, 1e-4, 3e-4]) {
          const err = rel((await lossCurve({ ...base, blockTolerance: tol })).loss, exact.loss);
          errs.push(`${tol}: ${err.toExponential(2)}`);
          // The estimate sums the octave's blocks; the error of a curve is that of its latest blocks.
          expect(err).toBeLessThan(tol);
        }
        const tight = rel((await lossCurve({ ...base, blockTolerance: 1e-6 })).loss, (await lossCurve(base)).loss);
        // Blocks counted on the same measure: the control at its default against the fixed fraction.
        const m = await spectralMeasure({ method: 'finite', alpha, beta, d: 100 });
        const table = optimizerTable(
          resolveOptimizer(optimizer, { alpha, beta, d: 100, v: 400, batch: 1, gamma: defaultGamma({ alpha, v: 400 }) }),
        );
        const blocks = (tol: number) => {
          const put = (a: ArrayLike<number>) => {
            const ptr = c.alloc(8 * a.length) >>> 0;
            new Float64Array(c.memory.buffer, ptr, a.length).set(a);
            return ptr;
          };
          const job = c.momentumBegin(m.ws.ptr, m.size, m.F0, 1, put(table), OPT_TABLE_LEN, 1e300, put([1e6]), 1, 1e4, 2 ** -6, tol) >>> 0;
          let status;
          do status = c.momentumStep(job, 1 << 20);
          while (status === STATUS_MORE);
          expect(status).toBe(STATUS_DONE);
          const n = c.momentumBlocks(job);
          c.jobFree(job);
          return n;
        };
        const fixedBlocks = blocks(0),
          controlled = blocks(1e-5);
        m.dispose();
        console.log(
          `[control] (${alpha}, ${beta}) ${optimizer}: error at tolerance ${errs.join(', ')}; 1e-6 against the default ${tight.toExponential(2)}; ` +
            `blocks ${controlled} against ${fixedBlocks} at 2^-6`,
        );
        expect(tight).toBeLessThan(1e-6);
        expect(controlled).toBeLessThan(fixedBlocks);
      }
    }
  });

  it('checkpoints that blocks step over: the same bits whatever the other checkpoints, within the stated accuracy of unit steps', async () => {
    const base = { method: 'deterministic' as const, alpha: 1, beta: 0.7, d: 100, optimizer: 'dana-decay' as const };
    const few = await lossCurve({ ...base, at: [5000, 20_011, 60_000, 150_000] });
    const many = await lossCurve({ ...base, at: [1500, 5000, 7777, 12_345, 20_011, 33_333, 60_000, 99_999, 150_000] });
    const exact = await lossCurve({ ...base, at: [5000, 20_011, 60_000, 150_000], unitSteps: 1e6 });
    const pick = (r: typeof many, t: number) => r.loss[r.steps.indexOf(t)];
    for (const t of [5000, 20_011, 60_000, 150_000]) expect(pick(many, t)).toBe(pick(few, t));
    const err = rel(few.loss, exact.loss);
    console.log(`[blocks] interpolated checkpoints against unit steps ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-6);
    // A checkpoint on a block end (fixed blocks of 256 steps from 16384 after unit steps to 1000) keeps
    // the block's value when an earlier checkpoint is still waiting for its interpolation.
    const fixed = {
      method: 'finite' as const,
      alpha: 0.7,
      beta: 0.6,
      d: 100,
      optimizer: 'dana-decay' as const,
      blockTolerance: 0,
      unitSteps: 1000,
    };
    const alone = await lossCurve({ ...fixed, at: [20224, 150_000] });
    const after = await lossCurve({ ...fixed, at: [20223, 20224, 150_000] });
    expect(after.loss[after.steps.indexOf(20224)]).toBe(alone.loss[alone.steps.indexOf(20224)]);
  });

  it('a forced run that diverges inside a block keeps finite losses at every checkpoint it reports', async () => {
    const g0 = defaultGamma({ alpha: 1, v: 400 });
    const r = await lossCurve({
      method: 'finite',
      alpha: 1,
      beta: 0.7,
      d: 100,
      optimizer: 'momentum',
      gamma: 3 * g0,
      steps: 1e5,
      points: 200,
      force: true,
      unitSteps: 1000,
    });
    expect(r.diverged).not.toBeNull();
    expect(r.steps.length).toBeGreaterThan(50);
    expect(r.steps.at(-1)!).toBeLessThan(r.diverged!.step);
    for (const x of r.loss) expect(Number.isFinite(x)).toBe(true);
  });

  it('the core refuses checkpoints that are not increasing non-negative integers', () => {
    const c = core();
    const put = (a: ArrayLike<number>) => {
      const ptr = c.alloc(8 * a.length) >>> 0;
      new Float64Array(c.memory.buffer, ptr, a.length).set(a);
      return ptr;
    };
    const ws = put([0.5, 0, 1, 0, 1, 0]);
    const table = put(optimizerTable(resolveOptimizer('dana-decay', { alpha: 1, beta: 0.7, d: 100, v: 400, batch: 1, gamma: 0.1 })));
    for (const [cps, ok] of [
      [[10, 100], true],
      [[100, 10], false],
      [[10, 10], false],
      [[1000.5], false],
      [[-1, 10], false],
      [[NaN], false],
    ] as const) {
      const job = c.momentumBegin(ws, 1, 0, 1, table, OPT_TABLE_LEN, 1e300, put(cps), cps.length, 10, 2 ** -6, 1e-5) >>> 0;
      const status = c.momentumStep(job, 1 << 20);
      expect(status === ERR_ARGUMENT, `checkpoints ${JSON.stringify(cps)}`).toBe(!ok);
      c.jobFree(job);
    }
  });

  it('complex contour atoms: blocks against unit steps on the deterministic measure, second order', async () => {
    for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
      const base = { method: 'deterministic' as const, alpha: 1, beta: 0.7, d: 100, steps: 30_000, points: 20, optimizer, unitSteps: 1000 };
      const exact = await lossCurve({ ...base, unitSteps: 1e6 });
      const e6 = rel((await lossCurve({ ...base, blockTolerance: 0 })).loss, exact.loss);
      const e5 = rel((await lossCurve({ ...base, blockTolerance: 0, blockFraction: 2 ** -5 })).loss, exact.loss);
      console.log(`[blocks] deterministic ${optimizer}: 2^-6 ${e6.toExponential(2)}, 2^-5 ${e5.toExponential(2)}`);
      expect(e6).toBeLessThan(5e-6);
      expect(e5 / e6).toBeGreaterThan(3);
    }
  });

  it('complex atoms: the eigen path agrees with the matrix path, and atoms with ill-conditioned eigenvectors fall back to it', async () => {
    const c = core();
    const base = { method: 'deterministic' as const, alpha: 1, beta: 0.7, d: 100, steps: 3e4, points: 20, unitSteps: 1000 };
    try {
      for (const optimizer of ['dana-decay', 'dana-constant', 'momentum'] as const) {
        c.momentumEigenHook(0, 2);
        const matrix = await lossCurve({ ...base, optimizer });
        expect(c.momentumEigenHook(-1, 0) + c.momentumEigenHook(-1, 1)).toBe(0);
        c.momentumEigenHook(1, 2);
        const eigen = await lossCurve({ ...base, optimizer });
        const nEigen = c.momentumEigenHook(-1, 0),
          nBack = c.momentumEigenHook(-1, 2);
        // A bound of 30 on ||V||_F ||V^-1||_F (>= 3 for unit columns) sends more atoms back, still within the bound.
        c.momentumEigenHook(30, 2);
        const tight = await lossCurve({ ...base, optimizer });
        const nBack30 = c.momentumEigenHook(-1, 1);
        // A bound of 2 refuses every atom: the matrix path bit for bit.
        c.momentumEigenHook(2, 2);
        const none = await lossCurve({ ...base, optimizer });
        const nNone = c.momentumEigenHook(-1, 0);
        const err = rel(eigen.loss, matrix.loss),
          err30 = rel(tight.loss, matrix.loss);
        console.log(
          `[eigen] ${optimizer}: ${nEigen} atom-blocks on the eigen path, ${nBack} fell back (bound 1e5), ${nBack30} at bound 30; ` +
            `eigen vs matrix path ${err.toExponential(2)}, at bound 30 ${err30.toExponential(2)}`,
        );
        expect(nEigen).toBeGreaterThan(0);
        expect(nBack).toBeLessThan(0.05 * (nEigen + nBack));
        expect(nBack30).toBeGreaterThan(nBack);
        // Per atom the increment carries about cond eps relative (cond <= 1e5): the curve within 1e-11.
        expect(err).toBeLessThan(1e-11);
        expect(err30).toBeLessThan(1e-11);
        expect(nNone).toBe(0);
        expect(none.loss).toEqual(matrix.loss);
      }
    } finally {
      c.momentumEigenHook(1, 2);
    }
  });

  it.skipIf(!hostSupportsSimd())(
    'complex atoms: the SIMD and scalar builds give the same bits on the same measure (eigen path and fallbacks)',
    async () => {
      const raw = async (file: string) =>
        (await WebAssembly.instantiate(readFileSync(fileURLToPath(new URL(`../../build/${file}`, import.meta.url))), {})).instance
          .exports as unknown as CoreExports;
      const builds = [await raw('plrf.wasm'), await raw('plrf-scalar.wasm')];
      for (const optimizer of ['dana-decay', 'momentum'] as const) {
        const m = await spectralMeasure({ method: 'deterministic', alpha: 0.7, beta: 0.6, d: 100 });
        const ws = m.ws.view().slice();
        const table = optimizerTable(
          resolveOptimizer(optimizer, { alpha: 0.7, beta: 0.6, d: 100, v: 400, batch: 1, gamma: defaultGamma({ alpha: 0.7, v: 400 }) }),
        );
        const cps = [1, 10, 100, 1000, 3000, 10_000, 30_000];
        for (const bound of [1, 30]) {
          const out = builds.map((c) => {
            const put = (a: ArrayLike<number>) => {
              const ptr = c.alloc(8 * a.length) >>> 0;
              new Float64Array(c.memory.buffer, ptr, a.length).set(a);
              return ptr;
            };
            c.momentumEigenHook(bound, 2);
            const job =
              c.momentumBegin(put(ws), m.size, m.F0, 1, put(table), OPT_TABLE_LEN, 1e300, put(cps), cps.length, 1000, 2 ** -6, 1e-5) >>> 0;
            let status;
            do status = c.momentumStep(job, 1 << 20);
            while (status === STATUS_MORE);
            expect(status).toBe(STATUS_DONE);
            const loss = Array.from(new Float64Array(c.memory.buffer, c.momentumLoss(job) >>> 0, c.momentumCount(job)));
            return { loss, eigen: c.momentumEigenHook(-1, 0), back: c.momentumEigenHook(-1, 1) };
          });
          expect(out[0].eigen).toBeGreaterThan(0);
          if (bound === 30) expect(out[0].back).toBeGreaterThan(0);
          expect(out[1]).toEqual(out[0]);
        }
      }
    },
  );
});

describe("predicted DANA-decay exponents (plrf's derivation)", () => {
  // The balance of two terms r^(-a1) d^(-b1), r^(-a2) d^(-b2) on f = r d.
  const balance = (a1: number, b1: number, a2: number, b2: number) => {
    const xi = (a1 - a2) / (a1 - b1 - (a2 - b2));
    return { xi, eta: a1 - (a1 - b1) * xi };
  };
  it('kappa = 1 gives Table 2, and the DANA clock multiplies the time exponents (Ia, II, III)', () => {
    for (const [alpha, beta] of [
      [0.7, 0.2],
      [1, 0.7],
      [0.7, 0.6],
      [1, 2],
      [1.5, 3],
    ] as const) {
      const p = danaDecayExponents(alpha, beta);
      const info = classifyPhase(alpha, beta);
      const G = 2 * alpha + 2 * beta - 1,
        k = 2 - 1 / (2 * alpha);
      const pairs = (kk: number) =>
        ({
          Ia: balance((kk * G) / (2 * alpha), 0, 0, G),
          II: balance((kk * G) / (2 * alpha), 0, kk * (1 - 1 / (2 * alpha)), 1),
          III: balance(kk * (2 - 1 / (2 * alpha)), 0, kk * (1 - 1 / (2 * alpha)), 1),
        }) as Record<string, { xi: number; eta: number }>;
      expect(pairs(1)[info.phase].xi).toBeCloseTo(info.xi!, 12);
      expect(pairs(1)[info.phase].eta).toBeCloseTo(info.eta!, 12);
      expect(p.kappa).toBeCloseTo(k, 14);
      expect(p.xi!).toBeCloseTo(pairs(k)[info.phase].xi, 12);
      expect(p.eta!).toBeCloseTo(pairs(k)[info.phase].eta, 12);
      expect(p.eta!).toBeGreaterThan(info.eta!);
      expect(p.source).toBe('plrf');
    }
    expect(danaDecayExponents(1, 0.7)).toMatchObject({
      phase: 'II',
      xi: expect.closeTo(1.05 / 2.05, 12),
      eta: expect.closeTo(3.6 / 4.1, 12),
    });
    expect(danaDecayExponents(1, 2)).toMatchObject({ phase: 'III', xi: expect.closeTo(0.6, 12), eta: expect.closeTo(0.9, 12) });
    for (const [alpha, beta] of [
      [0.35, 0.35],
      [0.2, 1],
      [0.4, 1],
    ] as const) {
      const p = danaDecayExponents(alpha, beta);
      expect(p.xi).toBeNull();
      expect(p.note).toMatch(/2 alpha > 1/);
    }
  });
});

describe('CLI', () => {
  it('plrf curve --optimizer dana-decay works with every method', async () => {
    for (const method of ['deterministic', 'finite', 'surrogate', 'sgd', 'sgd-direct']) {
      const seeds = method.startsWith('sgd') ? ['--seeds', '4'] : [];
      const r = await plrf([
        'curve',
        '--alpha',
        '1',
        '--beta',
        '0.7',
        '--d',
        '40',
        '--steps',
        '3000',
        '--points',
        '8',
        '--method',
        method,
        '--optimizer',
        'dana-decay',
        ...seeds,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.config.optimizer.name).toBe('dana-decay');
      expect(out.loss.at(-1)).toBeLessThan(out.loss[0]);
    }
    const dana = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.7',
      '--d',
      '40',
      '--steps',
      '1000',
      '--method',
      'finite',
      '--optimizer',
      'dana',
      '--gamma1',
      '1',
      '--gamma2',
      '0.3',
      '--gamma3',
      '0.15:1:0.5',
      '--delta',
      '1:5.7:1',
      '--json',
    ]);
    expect(dana.code, dana.stderr).toBe(0);
    expect(JSON.parse(dana.stdout).config.optimizer.gamma3).toEqual([0.15, 1, 0.5]);
  });

  it('refuses bad optimizer flags with the flag named', async () => {
    const base = ['curve', '--alpha', '1', '--beta', '0.7', '--d', '40', '--steps', '100', '--method', 'finite'];
    for (const [extra, msg] of [
      [['--optimizer', 'adam'], /--optimizer = 'adam' is invalid/],
      [['--optimizer', 'dana', '--gamma1', '1'], /--optimizer dana needs --gamma1, --gamma2, --gamma3 and --delta/],
      [['--gamma3', '0.1'], /--gamma3 applies to --optimizer/],
      [['--optimizer', 'dana-decay', '--delta', '1:2:3:4'], /value:scale:power/],
      [['--optimizer', 'dana-decay', '--delta', '2'], /delta must be <= 1/],
    ] as const) {
      const r = await plrf([...base, ...extra]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(msg);
    }
  });

  it("plrf phase --optimizer dana-decay prints the predicted exponents, marked as plrf's derivation", async () => {
    const r = await plrf(['phase', '--alpha', '1', '--beta', '0.7', '--optimizer', 'dana-decay']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dana-decay \(plrf's derivation, not the paper's/);
    expect(r.stdout).toMatch(/xi = 0\.512195.*eta = 0\.878049/);
    const j = await plrf(['phase', '--alpha', '1', '--beta', '2', '--optimizer', 'dana-decay', '--json']);
    expect(JSON.parse(j.stdout).danaDecay).toMatchObject({ phase: 'III', source: 'plrf' });
    const bad = await plrf(['phase', '--alpha', '1', '--beta', '2', '--optimizer', 'momentum']);
    expect(bad.code).not.toBe(0);
  });
});
