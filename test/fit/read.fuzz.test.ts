// src/fit/read.ts under hostile input: random bytes, BOM, CRLF, quotes, very long lines, 10^6 rows.
// Every outcome is data or a RunsFileError with a line number; time and memory stay bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuns, PlrfError, RunsFileError } from '../../src/index.js';

let cases = 0;

function outcome(text: string, form: 'plrf' | 'chinchilla' | 'power', skipInvalid = false) {
  cases++;
  try {
    const r = parseRuns(text, { form, source: 'fuzz.csv', skipInvalid });
    for (const row of r.rows) for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    return 'data';
  } catch (e) {
    expect(e).toBeInstanceOf(PlrfError);
    expect((e as PlrfError).param).toBe('input');
    if (e instanceof RunsFileError && e.line !== null) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.message).toMatch(/line \d+/);
    }
    return 'error';
  }
}

const header = fc.constantFrom('d,step,loss\n', '\uFEFFd,step,loss\r\n', '"d","step","loss"\n', 'params\ttokens\tloss\n', 'x,loss\n', '');
const cell = fc.oneof(
  fc.double().map(String),
  fc.integer({ min: -5, max: 1e6 }).map(String),
  fc.constantFrom('', ' ', 'NaN', 'inf', '1e400', '"1,5"', '"unterminated', '1e', '٣', '\u0000', '""', '-0'),
);
const row = fc.array(cell, { minLength: 0, maxLength: 5 }).map((cells) => cells.join(fc.sample(fc.constantFrom(',', '\t', ';'), 1)[0]));
const csv = fc
  .tuple(header, fc.array(row, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([h, rows, eol]) => h + rows.join(eol));

describe('runs readers under fuzzing', () => {
  it('random CSV-like text: data or an error with a line number', () => {
    fc.assert(
      fc.property(csv, fc.constantFrom('plrf', 'chinchilla', 'power') as fc.Arbitrary<'plrf'>, fc.boolean(), (text, form, skip) => {
        outcome(text, form, skip);
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('random bytes and random JSON values never crash the reader', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        outcome(new TextDecoder().decode(bytes), 'plrf');
      }),
      { numRuns: 2000, seed: 2 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        outcome(JSON.stringify(value), 'plrf');
      }),
      { numRuns: 2000, seed: 3 },
    );
    console.log(`reader fuzz cases: ${cases}`);
  });

  it('a 10 MB single line and 10^6 rows: bounded time and memory', () => {
    const long = 'd,step,loss\n' + '1'.repeat(10_000_000) + ',1,1\n';
    const t0 = performance.now();
    expect(outcome(long, 'plrf')).toBe('error');
    const tLong = performance.now() - t0;
    const measure = (n: number) => {
      const rows = ['d,step,loss'];
      for (let i = 0; i < n; i++) rows.push(`${100 + (i % 10) * 100},${1 + Math.floor(i / 10)},${1 / (1 + i)}`);
      const text = rows.join('\n');
      globalThis.gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const t = performance.now();
      const r = parseRuns(text, { form: 'plrf' });
      const ms = performance.now() - t;
      const heap = process.memoryUsage().heapUsed - heap0;
      expect(r.rows.length).toBe(n);
      return { ms, heap, mb: text.length / 1e6 };
    };
    const small = measure(200_000);
    const big = measure(1_000_000);
    console.log(
      `10 MB line rejected in ${tLong.toFixed(0)} ms; 2e5 rows: ${small.ms.toFixed(0)} ms, heap +${(small.heap / 2 ** 20).toFixed(0)} MiB; ` +
        `10^6 rows (${big.mb.toFixed(1)} MB): ${big.ms.toFixed(0)} ms, heap +${(big.heap / 2 ** 20).toFixed(0)} MiB`,
    );
    // Bounded means linear: five times the rows may cost at most about five times the time and memory
    // (a factor 2 of slack per row for garbage-collector timing), and stays within the heap.
    expect(big.heap / 1_000_000).toBeLessThan((2 * Math.max(small.heap, 1)) / 200_000 + 1024);
    expect(big.ms / 1_000_000).toBeLessThan((3 * small.ms) / 200_000 + 0.01);
    expect(big.heap).toBeLessThan(2 * 2 ** 30);
  }, 120_000);
});
