// Records -> the rows of a fitted form: required columns present, every value checked, duplicates
// found; a bad row fails (or, with skipInvalid, is listed as ignored) with its line, column and reason.

import { FIELDS, HINT, REQUIRED } from './columns.js';
import { RunsFileError } from './fileError.js';
import type { Rec } from './records.js';
import type { FitForm, IgnoredRow, RunRowOf, RunsData } from './types.js';
import { parseCell } from './values.js';

/**
 * The rows of the form from the records: missing columns and an empty file fail; a bad value, a
 * missing value or a duplicate key goes to `bad` (which throws, or lists the row as ignored).
 */
export function recordsToRows<F extends FitForm>(
  form: F,
  recs: Rec[],
  columns: Map<string, string>,
  source: string,
  warnings: string[],
  ignored: IgnoredRow[],
  bad: (line: number, column: string | null, reason: string) => void,
): RunsData<F> {
  const present = new Set<string>();
  for (const r of recs) for (const k of r.cells.keys()) present.add(k);
  for (const key of columns.keys()) present.add(key);
  const named = columns; // key -> column name as given
  for (const group of REQUIRED[form]) {
    if (!group.some((k) => present.has(k))) {
      const f = FIELDS[form].find((x) => x.key === group[0])!;
      const alts = group.flatMap((k) => FIELDS[form].find((x) => x.key === k)!.aliases.slice(0, 2));
      throw new RunsFileError(
        source,
        null,
        null,
        `missing column for ${f.what} (accepted names: ${alts.join(', ')}); the ${form} form reads ${HINT[form]}`,
      );
    }
  }
  if (recs.length === 0) throw new RunsFileError(source, null, null, `no data rows (expected ${HINT[form]})`);
  if (form === 'plrf' && present.has('step') && present.has('tokens')) {
    warnings.push(`column '${named.get('tokens') ?? 'tokens'}' not used: the steps are read from '${named.get('step') ?? 'step'}'`);
  }
  const fields = FIELDS[form];
  const rows: RunRowOf[F][] = [];
  const keys = new Map<string, number>(); // duplicate key -> line
  recs: for (const rec of recs) {
    const vals: Record<string, number | string> = {};
    for (const f of fields) {
      const cell = rec.cells.get(f.key);
      if (!cell) continue;
      if (form === 'plrf' && f.key === 'tokens' && rec.cells.has('step')) continue;
      const p = parseCell(f, cell);
      if (!p.ok) {
        bad(cell.line, cell.column, p.reason);
        continue recs;
      }
      vals[f.key] = p.value;
    }
    for (const group of REQUIRED[form]) {
      if (!group.some((k) => k in vals)) {
        const f = fields.find((x) => x.key === group[0])!;
        bad(rec.line, null, `missing value for ${f.what}`);
        continue recs;
      }
    }
    const seed = (vals.seed as string | undefined) ?? '';
    let row: RunRowOf[F];
    let key: string;
    if (form === 'plrf') {
      const batch = (vals.batch as number | undefined) ?? 1;
      const step = vals.step !== undefined ? (vals.step as number) : (vals.tokens as number) / batch;
      row = { d: vals.d as number, step, loss: vals.loss as number, batch, seed, line: rec.line } as RunRowOf[F];
      key = `d = ${vals.d}, batch = ${batch}, seed = '${seed}', step = ${step}`;
    } else if (form === 'chinchilla') {
      row = {
        params: vals.params as number,
        tokens: vals.tokens as number,
        loss: vals.loss as number,
        seed,
        line: rec.line,
      } as RunRowOf[F];
      key = `params = ${vals.params}, tokens = ${vals.tokens}, seed = '${seed}'`;
    } else {
      row = { x: vals.x as number, loss: vals.loss as number, seed, line: rec.line } as RunRowOf[F];
      key = `x = ${vals.x}, seed = '${seed}'`;
    }
    const first = keys.get(key);
    if (first !== undefined) {
      bad(rec.line, null, `duplicate of line ${first} (${key}); give repeated runs distinct seeds`);
      continue;
    }
    keys.set(key, rec.line);
    rows.push(row);
  }
  if (rows.length === 0) {
    const first = ignored[0];
    throw new RunsFileError(
      source,
      null,
      null,
      `no usable rows: all ${recs.length} were invalid${first ? ` (first: line ${first.line}, ${first.reason})` : ''}`,
    );
  }
  ignored.sort((a, b) => a.line - b.line);
  const colObj: Record<string, string> = {};
  for (const f of fields) if (named.has(f.key)) colObj[f.key] = named.get(f.key)!;
  return { form, rows, ignored, warnings, columns: colObj, source };
}
