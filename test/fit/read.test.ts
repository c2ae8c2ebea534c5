// src/fit/read.ts: runs files (CSV, JSON, JSON Lines); every malformed case names line, column and reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuns, PlrfError, readRuns, RunsFileError } from '../../src/index.js';

/** The error thrown by fn (fails the test if none). */
function caught(fn: () => unknown): RunsFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RunsFileError);
    expect(e).toBeInstanceOf(PlrfError);
    expect((e as PlrfError).code).toBe('INVALID_ARGUMENT');
    expect((e as PlrfError).param).toBe('input');
    return e as RunsFileError;
  }
  throw new Error('expected a RunsFileError');
}

const GOOD = 'd,step,loss\n100,0,1.5\n100,10,0.9\n200,10,0.8\n';

describe('parseRuns: well-formed input', () => {
  it('reads CSV rows with defaults (batch 1, seed "") and the line of each row', () => {
    const r = parseRuns(GOOD, { form: 'plrf', source: 'runs.csv' });
    expect(r.rows).toEqual([
      { d: 100, step: 0, loss: 1.5, batch: 1, seed: '', line: 2 },
      { d: 100, step: 10, loss: 0.9, batch: 1, seed: '', line: 3 },
      { d: 200, step: 10, loss: 0.8, batch: 1, seed: '', line: 4 },
    ]);
    expect(r.ignored).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.columns).toEqual({ d: 'd', step: 'step', loss: 'loss' });
  });

  it('accepts aliases, comments, blank lines, quotes, CRLF, tabs; warns about unused columns', () => {
    const text = '# my runs\r\n\r\nParams\t"Steps"\tLoss\tlr\r\n100\t5\t1.0\t0.1\r\n# a comment\r\n200\t5\t0.9\t0.1\r\n';
    const r = parseRuns(text, { form: 'plrf' });
    expect(r.rows.map((x) => [x.d, x.step, x.loss, x.line])).toEqual([
      [100, 5, 1.0, 4],
      [200, 5, 0.9, 6],
    ]);
    expect(r.columns).toEqual({ d: 'Params', step: 'Steps', loss: 'Loss' });
    expect(r.warnings).toEqual([expect.stringContaining("column 'lr' is not used")]);
  });

  it('tokens = step x batch: step is tokens / batch when no step column is given', () => {
    const r = parseRuns('d,tokens,batch,loss,seed\n100,800,8,0.5,a\n', { form: 'plrf' });
    expect(r.rows[0]).toMatchObject({ d: 100, step: 100, batch: 8, seed: 'a' });
  });

  it('reads JSON rows, {rows: [...]}, JSON Lines and plrf curve output (column blocks with config)', () => {
    const rows = parseRuns('[\n {"d": 100, "step": 0, "loss": 1},\n {"d": 100, "step": 4, "loss": 0.5}\n]', { form: 'plrf' });
    expect(rows.rows.map((x) => x.line)).toEqual([2, 3]);
    expect(parseRuns('{"rows": [{"params": 1e8, "tokens": 2e9, "loss": 3}]}', { form: 'chinchilla' }).rows[0]).toMatchObject({
      params: 1e8,
      tokens: 2e9,
      loss: 3,
    });
    const jl = parseRuns('{"x": 1, "loss": 2}\n\n{"x": 2, "loss": 1.5}\n', { form: 'power', format: 'jsonl' });
    expect(jl.rows.map((x) => [x.x, x.line])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    const curve = '{"config": {"d": 50, "seed": 3},\n "steps": [0, 1,\n 2],\n "loss": [1, 0.8, 0.7], "warnings": []}';
    const c = parseRuns(curve, { form: 'plrf' });
    expect(c.rows.map((x) => [x.d, x.step, x.loss, x.seed, x.line])).toEqual([
      [50, 0, 1, '3', 2],
      [50, 1, 0.8, '3', 2],
      [50, 2, 0.7, '3', 3],
    ]);
    expect(c.warnings).toEqual([expect.stringContaining("column 'warnings' is not used")]);
  });

  it('readRuns picks the format from the extension and names the file in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plrf-read-'));
    writeFileSync(join(dir, 'a.json'), '[{"x": 1, "loss": 1}, {"x": 2, "loss": "0.5"}]');
    await expect(readRuns(join(dir, 'a.json'), { form: 'power' })).rejects.toThrow(
      /a\.json: line 1, column 'loss': expected a number, found "0\.5"/,
    );
    await expect(readRuns(join(dir, 'missing.csv'), { form: 'power' })).rejects.toThrow(/cannot read .*missing\.csv': no such file/);
  });
});

// Every malformed case: [name, form, text, line, column, reason pattern].
const BAD: [string, 'plrf' | 'chinchilla' | 'power', string, number | null, string | null, RegExp][] = [
  [
    'malformed number',
    'plrf',
    'd,step,loss\n100,0,1\n100,1,1.2.3\n',
    3,
    'loss',
    /'1\.2\.3' is not a number \(expected a finite number > 0\)/,
  ],
  ['text in a number column', 'plrf', 'd,step,loss\n100,abc,1\n', 2, 'step', /'abc' is not a number/],
  ['empty value', 'plrf', 'd,step,loss\n100,,1\n', 2, 'step', /empty value/],
  ['NaN', 'plrf', 'd,step,loss\n100,1,NaN\n', 2, 'loss', /'NaN' is not finite/],
  ['Infinity', 'chinchilla', 'params,tokens,loss\n1e8,inf,2\n', 2, 'tokens', /'inf' is not finite/],
  ['overflow', 'power', 'x,loss\n1e400,2\n', 2, 'x', /overflows to infinity/],
  ['zero loss', 'plrf', 'd,step,loss\n100,1,0\n', 2, 'loss', /0 is out of range: expected a finite number > 0/],
  ['negative loss', 'power', 'x,loss\n3,-1\n', 2, 'loss', /-1 is out of range/],
  ['negative step', 'plrf', 'd,step,loss\n100,-5,1\n', 2, 'step', /-5 is out of range: expected a finite number >= 0/],
  ['non-integer d', 'plrf', 'd,step,loss\n100.5,1,1\n', 2, 'd', /100\.5 is out of range: expected an integer >= 1/],
  ['zero d', 'plrf', 'd,step,loss\n0,1,1\n', 2, 'd', /expected an integer >= 1/],
  ['non-integer batch', 'plrf', 'd,step,loss,batch\n10,1,1,2.5\n', 2, 'batch', /expected an integer >= 1/],
  ['zero tokens', 'chinchilla', 'params,tokens,loss\n1e8,0,2\n', 2, 'tokens', /expected a finite number > 0/],
  [
    'duplicate row',
    'plrf',
    'd,step,loss\n100,1,1\n100,2,0.9\n100,1,1.1\n',
    4,
    null,
    /duplicate of line 2 \(d = 100, batch = 1, seed = '', step = 1\)/,
  ],
  ['duplicate run (chinchilla)', 'chinchilla', 'params,tokens,loss,seed\n1e8,2e9,3,1\n1e8,2e9,3.1,1\n', 3, null, /duplicate of line 2/],
  ['too few fields', 'plrf', 'd,step,loss\n100,1\n', 2, null, /2 fields, but the header \(line 1\) has 3/],
  ['too many fields', 'power', 'x,loss\n1,2,3\n', 2, null, /3 fields, but the header/],
  ['unterminated quote', 'power', 'x,loss\n"1,2\n', 2, null, /unterminated quote/],
  ['missing column', 'plrf', 'd,loss\n100,1\n', null, null, /missing column for the step \(accepted names: step, steps, tokens\)/],
  ['missing loss column', 'chinchilla', 'params,tokens\n1,2\n', null, null, /missing column for the loss/],
  ['ambiguous d for chinchilla', 'chinchilla', 'n,d,loss\n1,2,3\n', 1, 'd', /ambiguous/],
  [
    'two columns for one field',
    'plrf',
    'd,params,step,loss\n1,1,1,1\n',
    1,
    'params',
    /columns 'd' and 'params' both give the model size d/,
  ],
  ['header of numbers', 'power', '1,2\n3,4\n', 1, null, /expected a header row naming the columns/],
  ['unnamed header column', 'power', 'x,,loss\n1,2,3\n', 1, null, /column 2 of the header has no name/],
  ['no data rows', 'power', '# nothing\nx,loss\n\n', null, null, /no data rows/],
  ['empty file', 'power', '\n\n', null, null, /no header and no data/],
  [
    'JSON syntax error',
    'plrf',
    '[\n {"d": 1, "step": 0, "loss": 1},\n {"d": 1 "step": 1}\n]',
    3,
    null,
    /malformed JSON: expected ',' or '}'/,
  ],
  ['JSON NaN', 'power', '[{"x": 1,\n "loss": NaN}]', 2, null, /NaN is not valid JSON/],
  ['JSON null value', 'power', '[{"x": 1, "loss": 1},\n {"x": null, "loss": 1}]', 2, 'x', /missing value/],
  ['JSON string number', 'chinchilla', '[{"params": 1, "tokens": "2e9", "loss": 1}]', 1, 'tokens', /expected a number, found "2e9"/],
  ['JSON duplicate key', 'power', '[{"x": 1, "x": 2, "loss": 1}]', 1, null, /duplicate key "x"/],
  ['JSON not rows', 'power', '[1, 2]', 1, null, /expected an object/],
  ['JSON unequal column arrays', 'plrf', '{"d": 5,\n "steps": [0, 1],\n "loss": [1]}', 3, 'loss', /has 1 entries but 'steps' has 2/],
  ['JSON missing required value', 'power', '[{"x": 1, "loss": 2},\n {"x": 3}]', 2, null, /missing value for the loss/],
  ['JSON Lines non-object line', 'power', '{"x": 1, "loss": 2}\n[3]\n', 2, null, /must be one object/],
];

describe('parseRuns: every malformed case fails with line, column and reason', () => {
  it.each(BAD)('%s', (_name, form, text, line, column, reason) => {
    const format = _name.startsWith('JSON Lines') ? 'jsonl' : 'auto';
    const e = caught(() => parseRuns(text, { form, source: 'f.csv', format }));
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.reason).toMatch(reason);
    expect(e.message.startsWith('f.csv: ')).toBe(true);
    if (line !== null) expect(e.message).toContain(`line ${line}`);
    if (column !== null) expect(e.message).toContain(`column '${column}'`);
    expect(e.message.split('\n')).toHaveLength(1);
  });
});

describe('parseRuns: skipInvalid lists what was ignored and why (nothing dropped silently)', () => {
  it('skips bad rows, keeps the good ones and reports each skipped line', () => {
    const text = 'd,step,loss\n100,0,1\n100,1,nan\n100,2,0.5\n100,2,0.6\n100,3\n200,1,-2\n';
    const r = parseRuns(text, { form: 'plrf', skipInvalid: true });
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.ignored).toEqual([
      { line: 3, reason: "column 'loss': 'nan' is not finite (expected a finite number > 0)" },
      { line: 5, reason: expect.stringMatching(/^duplicate of line 4/) },
      { line: 6, reason: '2 fields, but the header (line 1) has 3' },
      { line: 7, reason: "column 'loss': -2 is out of range: expected a finite number > 0" },
    ]);
  });

  it('missing columns still fail, and a file with no valid row fails', () => {
    caught(() => parseRuns('d,loss\n1,1\n', { form: 'plrf', skipInvalid: true }));
    const e = caught(() => parseRuns('x,loss\n1,-1\n', { form: 'power', skipInvalid: true }));
    expect(e.reason).toMatch(/no usable rows/);
  });
});

describe('parseRuns: option validation', () => {
  it('rejects an unknown form or format', () => {
    expect(() => parseRuns(GOOD, { form: 'kaplan' as 'plrf' })).toThrow(/form = "kaplan" is invalid/);
    expect(() => parseRuns(GOOD, { form: 'plrf', format: 'xml' as 'csv' })).toThrow(/format/);
  });
});
