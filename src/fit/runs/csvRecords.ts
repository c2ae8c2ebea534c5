// CSV runs files -> records: a header row naming the columns (',', tab or ';'), RFC 4180 quoting
// without embedded newlines, '#' comments and blank lines skipped.

import { HINT, mapColumns } from './columns.js';
import { RunsFileError } from './fileError.js';
import type { Cell, Cells, Rec, Records } from './records.js';
import type { FitForm } from './types.js';
import { DECIMAL } from './values.js';

/**
 * A CSV row's cells without per-cell objects: the fields array plus the column layout shared by
 * every row (a million rows must not cost a Map and three objects each).
 */
class CsvCells implements Cells {
  constructor(
    private readonly fields: string[],
    private readonly layout: Map<string, number>,
    private readonly names: string[],
    private readonly line: number,
  ) {}
  get(key: string): Cell | undefined {
    const j = this.layout.get(key);
    return j === undefined ? undefined : { raw: this.fields[j], line: this.line, column: this.names[j] };
  }
  has(key: string): boolean {
    return this.layout.has(key);
  }
  keys(): Iterable<string> {
    return this.layout.keys();
  }
}

/** Split one CSV line (RFC 4180 quoting, no embedded newlines). */
function splitCsv(text: string, delim: string): string[] | null {
  // Fast path: no quotes, so fields are plain slices.
  if (!text.includes('"')) return text.split(delim);
  const out: string[] = [];
  let cur = '',
    quoted = false,
    i = 0,
    wasQuoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cur += c;
      i++;
      continue;
    }
    if (c === '"' && cur.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      cur = '';
      i++;
      continue;
    }
    if (c === delim) {
      out.push(cur);
      cur = '';
      wasQuoted = false;
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

/** CSV: the header row (the first line that is not blank or a comment), then one record per data line; bad lines go to `bad`. */
export function csvRecords(
  text: string,
  form: FitForm,
  source: string,
  warnings: string[],
  bad: (line: number, column: string | null, reason: string) => void,
): Records {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let headerAt = -1;
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k].trim();
    if (t === '' || t.startsWith('#')) continue;
    headerAt = k;
    break;
  }
  if (headerAt < 0)
    throw new RunsFileError(source, null, null, `no header and no data: expected a header row ${HINT[form]} and one row per measurement`);
  const headerText = lines[headerAt];
  const delim = headerText.includes(',') ? ',' : headerText.includes('\t') ? '\t' : headerText.includes(';') ? ';' : ',';
  const names = splitCsv(headerText, delim);
  if (!names) throw new RunsFileError(source, headerAt + 1, null, 'unterminated quote in the header');
  if (names.every((n) => DECIMAL.test(n.trim()))) {
    throw new RunsFileError(source, headerAt + 1, null, `expected a header row naming the columns (${HINT[form]}), found numbers`);
  }
  names.forEach((n, k) => {
    if (n.trim() === '') throw new RunsFileError(source, headerAt + 1, null, `column ${k + 1} of the header has no name`);
  });
  const byName = mapColumns(form, names, source, headerAt + 1, warnings, new Set());
  const columns = new Map<string, string>([...byName].map(([name, key]) => [key, name]));
  const recs: Rec[] = [];
  const layout = new Map<string, number>();
  names.forEach((name, j) => {
    const key = byName.get(name);
    if (key) layout.set(key, j);
  });
  for (let k = headerAt + 1; k < lines.length; k++) {
    const t = lines[k].trim();
    if (t === '' || t.startsWith('#')) continue;
    const line = k + 1;
    const fields = splitCsv(lines[k], delim);
    if (!fields) {
      bad(line, null, 'unterminated quote');
      continue;
    }
    if (fields.length !== names.length) {
      bad(line, null, `${fields.length} field${fields.length === 1 ? '' : 's'}, but the header (line ${headerAt + 1}) has ${names.length}`);
      continue;
    }
    recs.push({ line, cells: new CsvCells(fields, layout, names, line) });
  }
  return { recs, columns };
}
