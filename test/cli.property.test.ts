// Property-based tests over the CLI: random flags and values exit 0 with valid JSON, 2 with one
// line naming a flag, or 130/1 with a message; never a stack trace, a Wasm trap or a non-finite number.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS, joinNegativeValues } from '../src/cli/main.js';

const BIN = fileURLToPath(new URL('../bin/plrf.js', import.meta.url));
let cases = 0;

function plrf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const value = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-inf',
    '-0',
    '0',
    '1e308',
    '-1',
    '0.5',
    '1.5',
    '',
    ' ',
    'abc',
    '1e',
    '0x10',
    '2:8:x2',
    '1,2,3',
    '--json',
  ),
  fc.double({ noNaN: false }).map(String),
  // small integers only: a valid but huge request (d = 3000 with the direct engine) is slow, not wrong
  fc.integer({ min: -10, max: 60 }).map(String),
);
const flags = [
  '--alpha',
  '--beta',
  '--d',
  '--v',
  '--steps',
  '--batch',
  '--gamma',
  '--gamma0',
  '--seeds',
  '--seed',
  '--points',
  '--method',
  '--w-seed',
  '--bogus',
];

describe('CLI under random and adversarial input', () => {
  it('curve: exit codes, one-line errors, finite JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...flags), value), { maxLength: 4 }),
        fc.constantFrom('sgd', 'sgd-direct', 'deterministic', 'finite', 'surrogate'),
        async (pairs, method) => {
          cases++;
          const base: Record<string, string> = { '--alpha': '1', '--beta': '0.75', '--d': '20', '--steps': '200', '--method': method };
          for (const [f, v] of pairs) base[f] = v;
          const args = ['curve', ...Object.entries(base).flat(), '--json', '--seeds', base['--seeds'] ?? '2'].filter(
            (x, i, a) => !(x === '--seeds' && a.indexOf('--seeds') !== i && i > 0 && a[i - 1] !== '--seeds'),
          );
          const r = await plrf(args);
          expect(r.stderr).not.toMatch(/\n\s+at |RuntimeError|unreachable|out of bounds/);
          if (r.code === 0) {
            const out = JSON.parse(r.stdout);
            const nums = [...out.loss, ...(out.stderr ?? []), ...out.flops, out.config.gamma];
            for (const x of nums) expect(Number.isFinite(x)).toBe(true);
          } else {
            expect([1, 2]).toContain(r.code);
            expect(r.stdout).toBe('');
            expect(r.stderr.trim().split('\n')).toHaveLength(1);
            if (r.code === 2) expect(r.stderr).toMatch(/--[a-z0-9-]+|unknown option|FILE/);
          }
        },
      ),
      { numRuns: 50, seed: 99 },
    );
  }, 300_000);

  it('phase and frontier: invalid values exit 2 naming the flag', async () => {
    await fc.assert(
      fc.asyncProperty(value, value, async (a, b) => {
        cases++;
        const r = await plrf(['phase', '--alpha', a, '--beta', b, '--json']);
        if (r.code === 0) {
          const out = JSON.parse(r.stdout);
          expect(['Ia', 'Ib', 'Ic', 'II', 'III', 'IVa', 'IVb', 'none']).toContain(out.phase);
        } else {
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(/--alpha|--beta|argument missing/);
        }
      }),
      { numRuns: 40, seed: 5 },
    );
    console.log(`CLI property cases: ${cases}`);
  }, 300_000);
});

// Negative numbers and ranges with a negative end, written `--flag -0.2` (issue: "argument is ambiguous").
const negNumber = fc.oneof(
  fc.double({ min: -1e6, max: -1e-9, noNaN: true }).map(String),
  fc.double({ min: -1e6, max: -1e-9, noNaN: true }).map((x) => x.toExponential(2)),
  fc.constantFrom('-0.2', '-1e-3', '-0', '-1', '-inf', '-.5', '-5e+2'),
);
const negText = fc.oneof(
  negNumber,
  fc.tuple(negNumber, fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 1, max: 30 })).map(([a, b, n]) => `${a}:${b}:${n}`),
  fc.tuple(negNumber, negNumber).map(([a, b]) => `${a},${b}`),
);

describe('negative values after every numeric flag', () => {
  it('every string-valued flag of every command takes a value starting with - as its value', () => {
    const pairs = Object.entries(COMMANDS).flatMap(([name, c]) =>
      Object.entries(c.options)
        .filter(([, o]) => o.type === 'string')
        .map(([flag]) => [name, flag] as const),
    );
    expect(pairs.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(fc.constantFrom(...pairs), negText, ([name, flag], text) => {
        const options = { ...COMMANDS[name].options, json: { type: 'boolean' as const }, quiet: { type: 'boolean' as const } };
        const { values, positionals } = parseArgs({
          args: joinNegativeValues([`--${flag}`, text, '--json'], options),
          options,
          strict: true,
          allowPositionals: true,
        });
        expect(values[flag]).toBe(text);
        expect(values.json).toBe(true);
        expect(positionals).toEqual([]);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  const runs: [string, string[], string[]][] = [
    ['phase', ['--alpha', '0.8', '--beta', '0.3'], ['--alpha', '--beta']],
    [
      'curve',
      ['--alpha', '1', '--beta', '0.75', '--d', '20', '--steps', '50', '--method', 'finite'],
      [
        '--alpha',
        '--beta',
        '--d',
        '--v',
        '--gamma',
        '--gamma0',
        '--batch',
        '--steps',
        '--points',
        '--seeds',
        '--seed',
        '--w-seed',
        '--max-minutes',
      ],
    ],
    ['diagram', ['--out', `${process.env.TMPDIR ?? '/tmp'}/plrf-prop-diagram.svg`], ['--alpha', '--beta']],
    [
      'fit',
      ['--input', fileURLToPath(new URL('../examples/runs.csv', import.meta.url))],
      ['--budget', '--budget-batch', '--bootstrap', '--level', '--seed', '--max-d'],
    ],
    [
      'frontier',
      ['--alpha', '0.7', '--beta', '0.6', '--d', '200,400,800'],
      ['--flops', '--window', '--approach', '--v-ratio', '--batch', '--gamma0', '--seeds', '--seed'],
    ],
  ];
  it('the CLI treats --flag -x exactly like --flag=-x, never as an ambiguous option', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...runs).chain(([cmd, base, fl]) => fc.tuple(fc.constant(cmd), fc.constant(base), fc.constantFrom(...fl))),
        negText,
        async ([cmd, base, flag], text) => {
          const spaced = await plrf([cmd, ...base, flag, text, '--json']);
          expect(spaced.stderr).not.toMatch(/ambiguous|\n\s+at /);
          const joined = await plrf([cmd, ...base, `${flag}=${text}`, '--json']);
          expect(spaced.code).toBe(joined.code);
          expect(spaced.stderr).toBe(joined.stderr);
          if (spaced.code === 2) expect(spaced.stderr).toContain(flag);
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  }, 600_000);
});
