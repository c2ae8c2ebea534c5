// src/cli: the command-line contract of docs/cli.md (JSON shape, exit codes, error lines).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { reportInterrupted } from '../src/cli/curve.js';
import { estimateSeconds } from '../src/cli/cost.js';
import { PlrfError } from '../src/core/errors.js';

const BIN = fileURLToPath(new URL('../bin/plrf.js', import.meta.url));

function plrf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('plrf curve --method sgd', () => {
  it('prints exactly one JSON object with the contract fields', async () => {
    const r = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '100',
      '--steps',
      '2000',
      '--method',
      'sgd',
      '--seeds',
      '4',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out.config).toMatchObject({ alpha: 1, beta: 0.75, d: 100, v: 400, batch: 1, steps: 2000, method: 'sgd', seeds: 4, seed: 0 });
    expect(out.config.gamma).toBeCloseTo(0.3044256445691701, 14);
    expect(out.steps[0]).toBe(0);
    expect(out.steps.at(-1)).toBe(2000);
    expect(out.flops).toEqual(out.steps.map((r: number) => r * 100));
    expect(out.loss).toHaveLength(out.steps.length);
    expect(out.stderr).toHaveLength(out.steps.length);
    expect(typeof out.limit).toBe('number');
    expect(out.warnings).toEqual([]);
    expect(out.diverged).toBeNull();
    for (const x of [...out.loss, ...out.stderr]) expect(typeof x).toBe('number');
  });

  it('sgd-direct with one run reports stderr null; without --json prints a table', async () => {
    const r = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '20',
      '--steps',
      '100',
      '--method',
      'sgd-direct',
      '--seeds',
      '1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stderr).toBeNull();
    const t = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '20', '--steps', '100', '--method', 'sgd']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/loss P/);
  });

  it('--force with an unstable gamma exits 0 and reports divergence, never Infinity', async () => {
    const r = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '20',
      '--steps',
      '1000',
      '--method',
      'sgd',
      '--gamma',
      '3',
      '--force',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.diverged.step).toBeGreaterThan(0);
    expect(out.limit).toBeNull();
    expect(out.warnings.length).toBeGreaterThan(0);
    // Warnings also reach stderr when it is not a terminal (prefixed warning:), one line each.
    expect(r.stderr.trim().split('\n')).toEqual(out.warnings.map((w: string) => `warning: ${w}`));
  });

  const ok = ['--alpha', '1', '--beta', '0.75', '--d', '50', '--steps', '100', '--method', 'sgd'];
  const set = (flag: string, value: string) => {
    const args = [...ok];
    const i = args.indexOf(flag);
    if (i >= 0) args[i + 1] = value;
    else args.push(flag, value);
    return args;
  };
  const bad: [string[], string][] = [
    [set('--alpha', 'NaN'), '--alpha'],
    [set('--alpha', '0'), '--alpha'],
    [set('--alpha', '-1'), '--alpha'],
    [set('--alpha', 'abc'), '--alpha'],
    [set('--beta', '-0.6'), '--beta'],
    [set('--v', '10'), '--v'],
    [set('--steps', '10.5'), '--steps'],
    [set('--gamma', '5'), '--gamma'],
    [set('--d', '1e6'), '--d'],
    [set('--seeds', '0'), '--seeds'],
    [set('--method', 'magic'), '--method'],
    [set('--w-seed', '-3'), '--w-seed'],
    [set('--batch', '1.5'), '--batch'],
    [[...ok, '--alfa', '1'], 'alfa'],
    [ok.filter((_, i) => i !== 6 && i !== 7), '--steps'],
  ];
  it.each(bad)('bad input %j exits 2 with one line naming %s', async (args, flag) => {
    const r = await plrf(['curve', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(flag);
  });

  it('unknown commands exit 2', async () => {
    expect((await plrf(['bogus'])).code).toBe(2);
  });
});

describe('plrf curve, theory methods', () => {
  it('deterministic (the default method) prints the contract JSON with stderr null and the limit', async () => {
    const r = await plrf(['curve', '--alpha', '0.7', '--beta', '1.2', '--d', '100', '--steps', '100000', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config).toMatchObject({ alpha: 0.7, beta: 1.2, d: 100, v: 400, method: 'deterministic', steps: 100000 });
    expect(out.stderr).toBeNull();
    expect(out.steps[0]).toBe(0);
    expect(out.steps.at(-1)).toBe(100000);
    // converged to the limit F0/(1 - ||K||) by r = 10^5 at d = 100 (to rounding)
    expect(Math.abs(out.loss.at(-1) / out.limit - 1)).toBeLessThan(1e-6);
  });

  it('finite with several W reports standard errors; surrogate runs', async () => {
    const f = JSON.parse(
      (
        await plrf([
          'curve',
          '--alpha',
          '1',
          '--beta',
          '0.75',
          '--d',
          '50',
          '--steps',
          '1000',
          '--method',
          'finite',
          '--seeds',
          '3',
          '--json',
        ])
      ).stdout,
    );
    expect(f.stderr).toHaveLength(f.steps.length);
    expect(f.config.seeds).toBe(3);
    const s = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '50', '--steps', '1000', '--method', 'surrogate', '--json']);
    expect(s.code).toBe(0);
  });

  it.each([
    [['--v', '100'], '--v'],
    [['--seeds', '3'], '--seeds'],
    [['--gamma', '10'], '--gamma'],
  ])('deterministic with %j exits 2 naming %s', async (extra, flag) => {
    const r = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '100', '--steps', '100', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(flag);
  });
});

describe('plrf phase, frontier, diagram, study', () => {
  it('phase --json follows the contract', async () => {
    const r = await plrf(['phase', '--alpha', '0.7', '--beta', '0.6', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ alpha: 0.7, beta: 0.6, phase: 'II', tradeoff: 'F_pp vs F_ac', onBoundary: false, neighbours: [] });
    expect(out.xi).toBeCloseTo(6 / 13, 12);
    expect(out.eta).toBeCloseTo(8 / 13, 12);
    const none = JSON.parse((await plrf(['phase', '--alpha', '0.1', '--beta', '0.2', '--json'])).stdout);
    expect(none).toMatchObject({ phase: 'none', xi: null, eta: null });
    const bad = await plrf(['phase', '--alpha', '0', '--beta', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--alpha');
  });

  it('frontier --d 200:12800:x2 --json measures eta within 0.05 of 0.615 and writes a plot', async () => {
    const dir = await import('node:fs/promises').then((fs) => fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`));
    const r = await plrf(['frontier', '--alpha', '0.7', '--beta', '0.6', '--d', '200:12800:x2', '--json', '--plot', `${dir}/front.svg`]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.phase.phase).toBe('II');
    expect(out.theory.eta).toBeCloseTo(0.615385, 5);
    expect(Math.abs(out.measured.eta - 0.615385)).toBeLessThan(0.05);
    expect(out.measured.approach).toBe(2);
    expect(out.measured.etaCI[0]).toBeLessThanOrEqual(out.measured.eta);
    expect(out.measured.window[1]).toBeGreaterThan(out.measured.window[0]);
    expect(out.front.length).toBeGreaterThan(10);
    expect(out.localSlopes.length).toBeGreaterThan(3);
    const svg = await import('node:fs/promises').then((fs) => fs.readFile(`${dir}/front.svg`, 'utf8'));
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it.each([
    [['--d', '200,400'], '--d'],
    [['--d', '200:800:x2', '--approach', '3'], '--approach'],
    [['--d', '200:800:x2', '--method', 'magic'], '--method'],
    [['--d', '200:800:x2', '--window', '1e9:1e10'], '--window'],
    [['--d', '200:800:x2', '--plot', 'x.pdf'], '--plot'],
  ])('frontier with %j exits 2 naming %s', async (extra, flag) => {
    const r = await plrf(['frontier', '--alpha', '0.7', '--beta', '0.6', ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(flag);
  });

  it('diagram and study write their plots', async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const d = await plrf(['diagram', '--out', `${dir}/diagram.png`]);
    expect(d.code).toBe(0);
    expect((await fs.stat(`${dir}/diagram.png`)).size).toBeGreaterThan(10_000);
    const s = await plrf(['study', '--d', '200:1600:x2', '--sgd-d', '200', '--seeds', '4', '--out', `${dir}/out`, '--json']);
    expect(s.code).toBe(0);
    const out = JSON.parse(s.stdout);
    expect(out.phase.phase).toBe('II');
    expect(out.measured.approach1.eta).toBeGreaterThan(0);
    expect(out.measured.approach2.eta).toBeGreaterThan(0);
    expect(out.sgdCheck).toHaveLength(1);
    // the check states its verdict against the Monte-Carlo error, consistently with its own numbers
    const check = out.sgdCheck[0];
    expect(check.zLimit).toBe(5);
    expect(check.consistent).toBe(check.maxZ <= 5);
    expect(check.verdict).toMatch(
      check.consistent ? /^consistent with the Monte-Carlo error/ : /^NOT consistent with the Monte-Carlo error/,
    );
    expect(check.verdict).toMatch(/with 4 runs the standard error is itself uncertain/);
    for (const name of ['loss-curves', 'front', 'isoflop', 'phase-diagram']) {
      for (const ext of ['svg', 'png']) expect((await fs.stat(`${dir}/out/${name}.${ext}`)).size).toBeGreaterThan(1000);
    }
  });
});

describe('plrf study: --compare, the cost estimate, Ctrl-C', () => {
  it('refuses an unknown --compare and a study above --max-minutes before running anything', async () => {
    const bad = await plrf(['study', '--compare', 'adam']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--compare = 'adam' is invalid: expected dana-decay, dana-constant, momentum/);
    const t0 = performance.now();
    const long = await plrf(['study', '--seeds', '1000', '--max-minutes', '1']);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/plrf study: estimated .* above the limit of 1 min; raise it with --max-minutes \d+/);
    expect(performance.now() - t0).toBeLessThan(30_000); // refused up front, not after the curves
  });

  it("--compare dana-decay prints both fronts and marks the DANA-decay prediction as plrf's", async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const args = ['study', '--d', '50,100,200', '--flops', '50:2e6', '--sgd-d', '50', '--seeds', '4', '--compare', 'dana-decay'];
    const s = await plrf([...args, '--out', `${dir}/out`, '--json']);
    expect(s.code).toBe(0);
    const out = JSON.parse(s.stdout);
    expect(out.compare.optimizer).toBe('dana-decay');
    expect(out.compare.theorySource).toBe('plrf');
    expect(out.compare.measured.approach2.eta).toBeGreaterThan(0);
    expect(out.compare.theory.eta).not.toBe(out.theory.eta);
    expect(out.warnings.join('\n')).toMatch(/dana-decay: predicted exponents for dana-decay: plrf's derivation/);
    expect(out.plots['front-dana-decay']).toBe(`${dir}/out/front-dana-decay.svg`);
    expect((await fs.stat(`${dir}/out/front-dana-decay.png`)).size).toBeGreaterThan(1000);
  }, 300_000);

  it('Ctrl-C during the SGD check keeps the front: printed with "interrupted": true, exit 130', async () => {
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    // The theory takes about a second here, the SGD check (400 runs) far longer than the wait.
    const args = [
      'study',
      '--d',
      '100:400:x2',
      '--sgd-d',
      '400',
      '--seeds',
      '400',
      '--max-minutes',
      '1e9',
      '--out',
      `${dir}/out`,
      '--json',
    ];
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    setTimeout(() => child.kill('SIGINT'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    const out = JSON.parse(stdout);
    expect(out.interrupted).toBe(true);
    expect(out.measured.approach2.eta).toBeGreaterThan(0);
    expect(out.sgdCheck).toEqual([]);
    expect(stderr).toMatch(/plrf study: interrupted; kept the front and 0 SGD check\(s\)/);
    expect((await fs.stat(`${dir}/out/front.svg`)).size).toBeGreaterThan(1000);
  }, 120_000);
});

describe('interrupts', () => {
  it('SIGINT exits 130 and says what was kept', async () => {
    const { spawn } = await import('node:child_process');
    const fs = await import('node:fs/promises');
    const dir = await fs.mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const run = (args: string[], after: number) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args]);
        let stderr = '';
        child.stderr.on('data', (b) => {
          stderr += b;
        });
        setTimeout(() => child.kill('SIGINT'), after);
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const curve = await run(
      ['curve', '--alpha', '1', '--beta', '0.75', '--d', '1000', '--steps', '100000000', '--method', 'sgd-direct', '--max-minutes', '1e9'],
      1500,
    );
    expect(curve.code).toBe(130);
    expect(curve.stderr).toMatch(/interrupted; nothing was written/);
    const out = `${dir}/s.jsonl`;
    const sweep = await run(
      ['sweep', '--alpha', '0.4:1.0:6', '--beta', '0.3:0.9:6', '--d', '200:6400:x2', '--out', out, '--workers', '1'],
      6000,
    );
    expect(sweep.code).toBe(130);
    const lines = (await fs.readFile(out, 'utf8')).trim().split('\n').filter(Boolean);
    expect(sweep.stderr).toContain(`kept ${lines.length} finished point(s) in ${out}`);
  }, 60_000);
});

/** Run with `input` on standard input. */
function plrfStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('negative numbers after a flag (issue item 1)', () => {
  it('phase --beta -0.2 and --beta -1e-3 work like --beta=-0.2', async () => {
    const a = await plrf(['phase', '--alpha', '0.8', '--beta', '-0.2', '--json']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ alpha: 0.8, beta: -0.2 });
    const b = await plrf(['phase', '--alpha', '0.8', '--beta=-0.2', '--json']);
    expect(b.stdout).toBe(a.stdout);
    const c = await plrf(['phase', '--alpha', '0.8', '--beta', '-1e-3', '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).beta).toBe(-0.001);
  });

  it('diagram --beta -0.5:2:20 accepts a range with a negative end', async () => {
    const dir = await mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const r = await plrf(['diagram', '--out', `${dir}/d.svg`, '--beta', '-0.5:2:20', '--alpha', '0.2:1.5:20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await stat(`${dir}/d.svg`)).size).toBeGreaterThan(1000);
  });

  it('the help says how to give a negative value', async () => {
    const r = await plrf(['--help']);
    expect(r.stdout).toMatch(/--beta -0\.2/);
  });
});

describe('warnings reach stderr when it is not a terminal (issue item 3)', () => {
  it('frontier prints its interior warning on a pipe, keeps it in --json, and --quiet silences it', async () => {
    const args = ['frontier', '--alpha', '0.7', '--beta', '0.6', '--d', '200:1600:x2'];
    const text = await plrf(args);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/^warning: .*interior over only 1\.\d+ decades/m);
    const json = await plrf([...args, '--json']);
    expect(JSON.parse(json.stdout).warnings.join(' ')).toMatch(/interior over only/);
    expect(json.stderr).toMatch(/^warning: /m);
    const quiet = await plrf([...args, '--json', '--quiet']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).warnings.length).toBeGreaterThan(0);
  });

  it('fit --budget beyond the largest d says why on stderr', async () => {
    const r = await plrf([
      'fit',
      '--input',
      fileURLToPath(new URL('../examples/runs.csv', import.meta.url)),
      '--budget',
      '1e22',
      '--bootstrap',
      '20',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/d\* = 8192/);
    expect(r.stderr).toMatch(/^warning: /m);
  });
});

describe('cost estimate and interrupts of sampled runs (issue item 5, CLI side)', () => {
  it('a sampled front (frontier --method finite|sgd) is estimated before it starts and refused past --max-minutes', async () => {
    const base = ['frontier', '--alpha', '0.7', '--beta', '0.6', '--d', '1000,2000,4000', '--method'];
    const r = await plrf([...base, 'finite', '--seeds', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /3 curves of 100 run\(s\) each \(finite.*estimated at least \d+(\.\d)? h, above the limit of 10 min; raise it with --max-minutes \d+/,
    );
    const s = await plrf([...base, 'sgd', '--flops', '1e6:1e12']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/\(sgd, d = 1000\.\.4000, flops up to 1\.0e\+12\): estimated at least/);
    // raising the limit lets the estimate through to the library (which then refuses --seeds 0 itself)
    const t = await plrf([...base, 'finite', '--seeds', '0', '--max-minutes', '1e9']);
    expect(t.stderr).not.toMatch(/--max-minutes/);
  });
  it('refuses a run estimated beyond --max-minutes with exit 2 naming the flag; raising it is accepted', async () => {
    const r = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '400', '--steps', '1e8', '--method', 'sgd']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/estimated \d+(\.\d)? min, above the limit of 10 min; raise it with --max-minutes \d+/);
    const big = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '8000',
      '--method',
      'sgd',
      '--storage',
      'f32',
      '--steps',
      '100',
    ]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--max-minutes/);
    const bad = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '50',
      '--steps',
      '10',
      '--method',
      'sgd',
      '--max-minutes',
      '-1',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-minutes = '-1'/);
  });

  it('prints the estimate on stderr before a run of several seconds', async () => {
    const r = await plrf([
      'curve',
      '--alpha',
      '1',
      '--beta',
      '0.75',
      '--d',
      '300',
      '--steps',
      '1.2e6',
      '--method',
      'sgd',
      '--seeds',
      '2',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/estimated [\d.]+ s/);
    expect(JSON.parse(r.stdout).estimatedSeconds).toBeGreaterThan(2);
  });

  it('the cost model grows as v d^2 + d^3 per W and d B per spectral step', () => {
    const base = { method: 'sgd' as const, d: 400, v: 1600, batch: 1, steps: 1e8, seeds: 8, sharedW: false };
    const t = estimateSeconds(base);
    expect(t).toBeGreaterThan(15 * 60);
    expect(t).toBeLessThan(60 * 60);
    expect(estimateSeconds({ ...base, d: 8000, v: 32000, steps: 100 })).toBeGreaterThan(3600);
    expect(estimateSeconds({ ...base, steps: 1000, seeds: 1 })).toBeLessThan(1);
  });

  const partial = {
    config: {
      alpha: 1,
      beta: 0.75,
      d: 50,
      v: 200,
      gamma: 0.3,
      batch: 1,
      steps: 100,
      method: 'sgd',
      engine: 'spectral',
      seeds: 3,
      seed: 0,
      wSeed: null,
      storage: 'f64',
    },
    steps: [0, 10, 100],
    flops: [0, 500, 5000],
    loss: [1, 0.5, 0.2],
    stderr: [0, 0.01, 0.01],
    limit: 0.05,
    runs: [
      [1, 0.5, 0.2],
      [1, 0.5, 0.2],
      [1, 0.5, 0.2],
    ],
    spectra: [],
    diverged: null,
    warnings: [],
  };
  const aborted = (p: unknown) => Object.assign(new PlrfError('ABORTED', 'the operation was aborted'), { partial: p });

  it('Ctrl-C with finished runs prints them as JSON with "interrupted": true and exits 130', () => {
    const out: string[] = [],
      err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      err.push(String(s));
      return true;
    });
    const kept: string[] = [];
    let code;
    try {
      code = reportInterrupted(aborted(partial), 'sgd', {
        values: { seeds: '8', json: true },
        warn: (w) => err.push(`warning: ${w}\n`),
        kept,
      });
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    expect(code).toBe(130);
    expect(out).toHaveLength(1);
    const json = JSON.parse(out[0]);
    expect(json.interrupted).toBe(true);
    expect(json.loss).toEqual([1, 0.5, 0.2]);
    expect(json.warnings.join(' ')).toMatch(/interrupted: 3 of 8 run\(s\) finished/);
    expect(err.join('')).toMatch(/warning: interrupted: 3 of 8/);
    expect(err.join('')).toMatch(/interrupted; kept 3 of 8 run\(s\)/);
  });

  it('Ctrl-C with finished runs prints the table without --json; with none it rethrows', () => {
    const out: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(reportInterrupted(aborted(partial), 'sgd', { values: {}, warn: () => {}, kept: [] })).toBe(130);
      expect(out.join('')).toMatch(/loss P/);
      const none = aborted(null);
      expect(() => reportInterrupted(none, 'sgd', { values: {}, warn: () => {}, kept: [] })).toThrow(none);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  });
});

describe('smaller edges (issue item 6)', () => {
  it('--plot into a missing folder is refused (exit 2) and creates nothing', async () => {
    const dir = await mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const r = await plrf(['frontier', '--alpha', '0.7', '--beta', '0.6', '--d', '200,400,800', '--plot', `${dir}/missing/front.svg`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plot = .*missing.*does not exist/);
    await expect(stat(`${dir}/missing`)).rejects.toThrow();
  });

  it('a repeated scalar flag is refused', async () => {
    const r = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '100', '--d', '200', '--steps', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--d is given twice \('100' and '200'\)/);
  });

  it('an unstable --gamma0 is reported under --gamma0', async () => {
    const r = await plrf(['curve', '--alpha', '1', '--beta', '0.75', '--d', '50', '--steps', '100', '--gamma0', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plrf curve: --gamma0: /);
  });

  it('the phase diagram SVG is small (was 2.0 MB of cells)', async () => {
    const dir = await mkdtemp(`${process.env.TMPDIR ?? '/tmp'}/plrf-`);
    const r = await plrf(['diagram', '--out', `${dir}/phase-diagram.svg`]);
    expect(r.code).toBe(0);
    const bytes = (await stat(`${dir}/phase-diagram.svg`)).size;
    console.log(`phase-diagram.svg: ${bytes} bytes`);
    expect(bytes).toBeGreaterThan(20_000);
    expect(bytes).toBeLessThan(250_000);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const r = await plrf(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`plrf ${pkg.version}`);
  });

  it('fit --input - reads standard input', async () => {
    const csv = await readFile(new URL('../examples/runs.csv', import.meta.url), 'utf8');
    const r = await plrfStdin(['fit', '--input', '-', '--bootstrap', '20', '--json'], csv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).params.alpha.value).toBeGreaterThan(0);
  });
});
