// plrf reproduce: presets (display conversions only), the paper's numbers attached to each figure,
// and the JSON shape of Table 2 on a small grid.
import { execFile } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  init,
  PAPER_PRESET,
  PLRF_PRESET,
  makePreset,
  toDisplayFlops,
  fromDisplayFlops,
  toDisplayLoss,
  flopsFactor,
  PAPER_NUMBERS,
  PAPER_D_GRID,
  TABLE2_POINTS,
  classifyPhase,
  icFormula,
  measureTable2,
  parseFigureId,
  PlrfError,
} from '../src/index.js';
import { extrapolate, doublingGrid } from '../src/reproduce/curves.js';

beforeAll(() => init()); // the phase table and the fits run in Wasm

const BIN = fileURLToPath(new URL('../bin/plrf.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'plrf-repro-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function plrf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('presets', () => {
  it('the paper preset: v = 10 d, gamma0 = 0.75, 6·d·r flops, loss/2 on display', () => {
    expect(PAPER_PRESET).toMatchObject({ vRatio: 10, gamma0: 0.75, flopsUnit: '6dr', lossScale: 0.5 });
    expect(PLRF_PRESET).toMatchObject({ vRatio: 4, gamma0: 0.5, flopsUnit: 'dr', lossScale: 1 });
  });

  it('flops: plrf f = r·d (B = 1) -> 6·d·r and back', () => {
    const d = 800,
      r = 12_345;
    expect(toDisplayFlops(r * d, PAPER_PRESET)).toBe(6 * d * r);
    expect(fromDisplayFlops(6 * d * r, PAPER_PRESET)).toBe(r * d);
    expect(toDisplayFlops(r * d, PLRF_PRESET)).toBe(r * d);
    expect(flopsFactor({ flopsUnit: '6dr' })).toBe(6);
  });

  it('the loss scale is for display only: halves the shown value, leaves the input alone', () => {
    const p = 0.0123;
    expect(toDisplayLoss(p, PAPER_PRESET)).toBe(p / 2);
    expect(toDisplayLoss(p, PLRF_PRESET)).toBe(p);
    expect(p).toBe(0.0123);
  });

  it('makePreset overrides single settings and rejects bad ones', () => {
    expect(makePreset(PAPER_PRESET, { vRatio: 4 })).toMatchObject({ vRatio: 4, gamma0: 0.75, flopsUnit: '6dr' });
    expect(() => makePreset(PAPER_PRESET, { vRatio: 1 })).toThrow(PlrfError);
    expect(() => makePreset(PAPER_PRESET, { lossScale: 0 })).toThrow(PlrfError);
    expect(() => makePreset(PAPER_PRESET, { flopsUnit: 'x' as never })).toThrow(PlrfError);
  });
});

describe('paper numbers, grids and the extrapolation model', () => {
  it('Fig. 3: eta 0.648 (predicted 0.643), xi 0.508 / 0.525 on d = 200 .. 12800', () => {
    expect(PAPER_NUMBERS.fig3).toMatchObject({
      alpha: 0.7,
      beta: 0.7,
      eta: 0.648,
      etaPredicted: 0.643,
      xiApproach1: 0.508,
      xiApproach2: 0.525,
    });
    expect(PAPER_D_GRID).toEqual([200, 400, 800, 1600, 3200, 6400, 12800]);
    expect(classifyPhase(0.7, 0.7).eta).toBeCloseTo(PAPER_NUMBERS.fig3.etaPredicted, 3);
  });

  it('the other figures: what their captions state', () => {
    expect(PAPER_NUMBERS.fig1).toMatchObject({ phase: 'I', flopsMarker: 1e7, dShown: [1600, 6400, 51200], dStarAtMarker: 6400 });
    expect(PAPER_NUMBERS.fig4b).toMatchObject({ alpha: 0.7, phases: ['Ia', 'II', 'III'] });
    expect(PAPER_NUMBERS.fig5).toMatchObject({ alpha: 0.7, beta: 1.2, approachPanelB: 0, betaPanelC: 0.7 });
    expect(PAPER_NUMBERS.fig6).toMatchObject({ draws: 100, newtonSteps: 10, zSpacing: 0.1, imagPart: 1 });
    expect(PAPER_NUMBERS.fig10).toMatchObject({
      alpha: 0.5,
      beta: 0.7,
      approach: 1,
      windows: [
        [1e6, 1e8],
        [2e6, 5e7],
      ],
    });
    expect(PAPER_NUMBERS.negbeta).toMatchObject({ figure: 14, betaMin: -0.2, betaMax: 0.2 });
    // the stated points sit where the captions put them
    expect(classifyPhase(0.7, 1.2).phase).toBe('III');
    expect(classifyPhase(0.5, 0.7).phase).toBe('III'); // on the III/IV boundary 2 alpha = 1
    expect(PAPER_NUMBERS.fig4b.phases).toEqual([0.3, 0.6, 1.0].map((b) => classifyPhase(0.7, b).phase));
  });

  it('Table 2 points are the spec check values, one per phase', () => {
    expect(TABLE2_POINTS.map((p) => p.phase)).toEqual(['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb']);
    for (const p of TABLE2_POINTS) expect(classifyPhase(p.alpha, p.beta).phase).toBe(p.phase);
    // the Ic formulas at an Ic point reproduce Ic's own prediction
    expect(icFormula(0.2, 1.0).xi).toBeCloseTo(classifyPhase(0.2, 1.0).xi!, 12);
    expect(icFormula(0.2, 1.0).eta).toBeCloseTo(classifyPhase(0.2, 1.0).eta!, 12);
  });

  it('figure ids, grids and the extrapolation model', () => {
    expect(parseFigureId('Fig. 3')).toBe('3');
    expect(parseFigureId('table2')).toBe('table2');
    expect(() => parseFigureId('7')).toThrow(PlrfError);
    expect(doublingGrid(200, 1600)).toEqual([200, 400, 800, 1600]);
    const x = [1e2, 1e3, 1e4, 1e5, 1e6];
    const e = extrapolate(
      x,
      x.map((v) => 0.6 - 2 * v ** -0.5),
    )!;
    expect(e.yInf).toBeCloseTo(0.6, 6);
    expect(e.omega).toBeCloseTo(0.5, 6);
  });
});

describe('measureTable2 (small grid)', () => {
  it('one record per phase with nested drift ending at the measurement', async () => {
    const recs = await measureTable2({ dMax: 1600, driftDMax: [800], phases: ['II', 'IVa'] });
    expect(recs.map((r) => r.phase)).toEqual(['II', 'IVa']);
    for (const r of recs) {
      expect(r.dMax).toBe(1600);
      expect(r.drift.at(-1)).toMatchObject({ dMax: 1600, eta: r.measured.eta, xi: r.measured.xi });
      expect(r.predicted.eta).toBeCloseTo(classifyPhase(r.alpha, r.beta).eta!, 12);
      expect(Math.abs(r.measured.eta - r.predicted.eta)).toBeLessThan(0.2);
    }
    expect(recs[1].versusIc).toBeDefined();
  });
});

describe('plrf reproduce (CLI)', () => {
  it('--figure table2 --json --quick: an array of one record per phase, >= 3 nested grids', async () => {
    const r = await plrf(['reproduce', '--figure', 'table2', '--json', '--quick', '--out', tmp]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out)).toBe(true);
    expect(out.map((x: { phase: string }) => x.phase)).toEqual(['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb']);
    for (const rec of out) {
      for (const k of ['phase', 'alpha', 'beta', 'dMax', 'predicted', 'measured', 'drift', 'localSlopes']) expect(rec).toHaveProperty(k);
      expect(rec.predicted).toEqual({ eta: expect.any(Number), xi: expect.any(Number) });
      expect(rec.measured).toMatchObject({ eta: expect.any(Number), xi: expect.any(Number) });
      expect(rec.drift.length).toBeGreaterThanOrEqual(3);
      const dm = rec.drift.map((x: { dMax: number }) => x.dMax);
      expect([...dm].sort((a, b) => a - b)).toEqual(dm);
      expect(new Set(dm).size).toBe(dm.length);
      expect(rec.drift.at(-1)).toMatchObject({ dMax: rec.dMax, eta: rec.measured.eta, xi: rec.measured.xi });
    }
    expect(existsSync(join(tmp, 'table2-local-slopes.png'))).toBe(true);
  });

  it("--figure 3 --json --quick: the paper's Fig. 3 numbers next to plrf's", async () => {
    const r = await plrf(['reproduce', '--figure', '3', '--json', '--quick', '--out', tmp]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toBe('3');
    expect(out.preset).toMatchObject({ vRatio: 10, gamma0: 0.75, flopsUnit: '6dr', lossScale: 0.5 });
    const row = (q: string) => out.rows.find((x: { quantity: string }) => x.quantity === q);
    expect(row('eta (Approach 2)')).toMatchObject({ paper: 0.648, plrf: expect.any(Number) });
    expect(row('xi (Approach 1)')).toMatchObject({ paper: 0.508 });
    expect(row('xi (Approach 2)')).toMatchObject({ paper: 0.525 });
    expect(row('eta (Approach 2)').predicted).toBeCloseTo(0.642857, 5);
    for (const s of out.settings) expect(s.source.length).toBeGreaterThan(0);
    expect(existsSync(join(tmp, 'fig3.png'))).toBe(true);
  });

  it('--quick figures 1, 5, 6, 10, negbeta carry the settings and numbers their captions state', async () => {
    const run = async (id: string) => {
      const r = await plrf(['reproduce', '--figure', id, '--json', '--quick', '--out', tmp]);
      expect(r.code).toBe(0);
      type Setting = { name: string; value: string; source: string };
      return JSON.parse(r.stdout) as { id: string; settings: Setting[]; rows: { quantity: string; paper: number | null }[] };
    };
    const setting = (o: Awaited<ReturnType<typeof run>>, name: string) => o.settings.find((s) => s.name === name)!;
    const f1 = await run('1');
    expect(f1.rows.find((x) => x.quantity === 'd* at f = 1e7 (f = d·r)')).toMatchObject({ paper: 6400 });
    expect(setting(f1, 'flops axis').source).toMatch(/Fig\. 1 caption/);
    const f5 = await run('5');
    expect(setting(f5, '(alpha, beta)')).toMatchObject({ value: '(0.7, 1.2)', source: expect.stringMatching(/Fig\. 5 caption/) });
    const f6 = await run('6');
    expect(setting(f6, 'theory curve').source).toMatch(/10 Newton steps/);
    const f10 = await run('10');
    expect(setting(f10, '(alpha, beta)')).toMatchObject({ value: '(0.5, 0.7)', source: expect.stringMatching(/Fig\. 10 caption/) });
    expect(setting(f10, 'windows').source).toMatch(/Fig\. 10 panels/);
    expect(setting(f10, 'approach').value).toMatch(/^Approach 1/);
    const nb = await run('negbeta');
    expect(setting(nb, 'beta').source).toMatch(/Fig\. 14 caption/);
    expect(nb.rows.some((x) => x.quantity.startsWith('max |SGD/theory - 1|'))).toBe(true);
    for (const o of [f1, f5, f6, f10, nb]) for (const s of o.settings) expect(s.source.length).toBeGreaterThan(0);
  }, 60_000);

  it('rejects a bad figure id and a bad preset with exit code 2', async () => {
    const a = await plrf(['reproduce', '--figure', '7']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--figure/);
    const b = await plrf(['reproduce', '--figure', '3', '--v-ratio', '0.5']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--v-ratio/);
  });
});
