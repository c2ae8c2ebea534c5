// Readers for users' training runs (CSV, JSON, JSON Lines) for the fits of src/fit. Every problem
// names the line, the column and the reason; nothing is dropped silently. The stages: text -> records
// (runs/csvRecords.ts, runs/jsonRecords.ts) -> rows of the form (runs/rows.ts, with runs/columns.ts and
// runs/values.ts).

import { PlrfError } from '../core/errors.js';
import { knownKeys, oneOf } from '../core/validate.js';
import { csvRecords } from './runs/csvRecords.js';
import { JsonSyntaxError, parseJsonWithLines } from './json.js';
import { jsonlRecords, jsonRecords } from './runs/jsonRecords.js';
import { RunsFileError } from './runs/fileError.js';
import type { Rec } from './runs/records.js';
import { recordsToRows } from './runs/rows.js';
import type { FitForm, IgnoredRow, ParseRunsOptions, RunsData } from './runs/types.js';

export { RunsFileError } from './runs/fileError.js';
export type { ChinchillaRunRow, FitForm, IgnoredRow, ParseRunsOptions, PlrfRunRow, PowerRunRow, RunRowOf, RunsData } from './runs/types.js';

/**
 * Parse runs from text (CSV with a header row, JSON or JSON Lines) for one fit form. Columns
 * (case-insensitive): `plrf` d (or params), step (or tokens = step x batch), loss, optional batch
 * and seed; `chinchilla` params, tokens, loss, optional seed; `power` x, loss, optional seed.
 * JSON may be an array of row objects, `{ "rows": [...] }`, or column blocks such as the output of
 * `plrf curve --json` (`{ "config": { "d": 100 }, "steps": [...], "loss": [...] }`, arrays per column,
 * scalars broadcast). Blank lines and lines starting with `#` are comments. Values must be finite:
 * d and batch integers >= 1, step and tokens >= 0 (> 0 for Chinchilla), loss, params and x > 0.
 * Two rows with the same key (plrf: d, batch, seed, step; chinchilla: params, tokens, seed; power:
 * x, seed) are duplicates. Each problem is a {@link RunsFileError} naming the line, the column and
 * the reason; with `skipInvalid` the offending rows are listed in `ignored` instead.
 *
 * @example
 * const data = parseRuns('d,step,loss\n100,0,1.2\n100,10,0.5\n', { form: 'plrf' });
 * data.rows[1]; // { d: 100, step: 10, loss: 0.5, batch: 1, seed: '', line: 3 }
 */
export function parseRuns<F extends FitForm>(text: string, options: ParseRunsOptions & { form: F }): RunsData<F> {
  if (options === null || typeof options !== 'object')
    throw new PlrfError('INVALID_ARGUMENT', 'parseRuns expects an options object', 'options');
  knownKeys('parseRuns', options, ['form', 'format', 'source', 'skipInvalid']);
  const form = oneOf('form', options.form, ['plrf', 'chinchilla', 'power'] as const) as F;
  const format = oneOf('format', options.format ?? 'auto', ['auto', 'csv', 'json', 'jsonl'] as const);
  const source = options.source ?? 'input';
  const skipInvalid = options.skipInvalid ?? false;
  if (typeof text !== 'string') throw new PlrfError('INVALID_ARGUMENT', 'parseRuns expects the file contents as a string', 'input');
  const warnings: string[] = [];
  const ignored: IgnoredRow[] = [];
  const bad = (line: number, column: string | null, reason: string) => {
    if (!skipInvalid) throw new RunsFileError(source, line, column, reason);
    ignored.push({ line, reason: column ? `column '${column}': ${reason}` : reason });
  };
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let kind = format;
  if (kind === 'auto') kind = trimmed.startsWith('[') || trimmed.startsWith('{') ? 'json' : 'csv';
  let recs: Rec[], columns: Map<string, string>;
  if (kind === 'csv') ({ recs, columns } = csvRecords(text, form, source, warnings, bad));
  else if (kind === 'jsonl') ({ recs, columns } = jsonlRecords(text, form, source, warnings));
  else {
    let parsed;
    try {
      parsed = parseJsonWithLines(text.replace(/^\uFEFF/, ''));
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      // JSON Lines given as .json / auto: every non-blank line an object.
      const body = trimmed.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
      if (body.length > 1 && body.every((l) => l.trim().startsWith('{'))) {
        ({ recs, columns } = jsonlRecords(text, form, source, warnings));
        return recordsToRows(form, recs, columns, source, warnings, ignored, bad);
      }
      throw new RunsFileError(source, e.line, null, `malformed JSON: ${e.message}`);
    }
    ({ recs, columns } = jsonRecords(parsed.value, parsed.lines, form, source, warnings));
  }
  return recordsToRows(form, recs, columns, source, warnings, ignored, bad);
}

/**
 * Read a runs file (Node): the format follows the extension (.csv/.tsv/.txt CSV, .json JSON,
 * .jsonl/.ndjson JSON Lines, otherwise detected); see {@link parseRuns} for the columns and rules.
 *
 * @example
 * const data = await readRuns('examples/runs.csv', { form: 'plrf' });
 * data.rows.length; data.ignored; data.warnings;
 */
export async function readRuns<F extends FitForm>(
  path: string,
  options: Omit<ParseRunsOptions, 'source' | 'format'> & { form: F; format?: ParseRunsOptions['format'] },
): Promise<RunsData<F>> {
  if (typeof path !== 'string' || path === '') throw new PlrfError('INVALID_ARGUMENT', 'input must be a file path', 'input');
  const { readFile } = await import('node:fs/promises');
  const { basename, extname } = await import('node:path');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new PlrfError('INVALID_ARGUMENT', `cannot read '${path}': ${why}`, 'input');
  }
  const ext = extname(path).toLowerCase();
  const byExt: Record<string, ParseRunsOptions['format']> = {
    '.csv': 'csv',
    '.tsv': 'csv',
    '.txt': 'csv',
    '.json': 'json',
    '.jsonl': 'jsonl',
    '.ndjson': 'jsonl',
  };
  return parseRuns(text, { ...options, format: options.format ?? byExt[ext] ?? 'auto', source: basename(path) });
}
