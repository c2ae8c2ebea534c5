// Readers for users' training runs (CSV, JSON, JSON Lines) for the fits of src/fit. Every problem
// names the line, the column and the reason; nothing is dropped silently.

import { PlrfError } from '../core/errors.js';
import { knownKeys, oneOf } from '../core/validate.js';
import { JsonSyntaxError, parseJsonWithLines, type JsonLines } from './json.js';

/** The three fitted forms: the PLRF model, the Chinchilla parametric law, a 1-D power law with offset. */
export type FitForm = 'plrf' | 'chinchilla' | 'power';

/** A row for {@link fitPlrf}: loss of run `seed` at model size d after `step` steps (your units) at batch size `batch`. */
export interface PlrfRunRow {
  /** Model size (parameter count of the PLRF model), integer >= 1. */
  d: number;
  /** Training progress in your units (steps; or tokens / batch when the file gives tokens), >= 0. */
  step: number;
  /** Loss, > 0, in your units (plrf fits a loss scale). */
  loss: number;
  /** Batch size, integer >= 1 (default 1). */
  batch: number;
  /** Run label ('' when the file has no seed column): one run = one (d, batch, seed) curve. */
  seed: string;
  /** Line of the file the row came from (1-based). */
  line: number;
}

/** A row for the Chinchilla form: final loss of a run with N = params parameters trained on D = tokens tokens. */
export interface ChinchillaRunRow {
  params: number;
  tokens: number;
  loss: number;
  seed: string;
  line: number;
}

/** A row for the 1-D power law: loss at x (> 0, e.g. flops or parameters). */
export interface PowerRunRow {
  x: number;
  loss: number;
  seed: string;
  line: number;
}

/** Row type per form. */
export interface RunRowOf {
  plrf: PlrfRunRow;
  chinchilla: ChinchillaRunRow;
  power: PowerRunRow;
}

/** A row (or line) that was read but not used, and why. */
export interface IgnoredRow {
  line: number;
  reason: string;
}

/** What {@link parseRuns} and {@link readRuns} return. */
export interface RunsData<F extends FitForm = FitForm> {
  form: F;
  rows: RunRowOf[F][];
  /** Rows skipped (only with `skipInvalid`), with the reason; empty otherwise. */
  ignored: IgnoredRow[];
  /** Columns that were not used, aliases that were resolved, other notes. */
  warnings: string[];
  /** Which column of the file gave each field (e.g. { d: 'params', step: 'step', loss: 'loss' }). */
  columns: Record<string, string>;
  /** The file name used in messages. */
  source: string;
}

/** Options of {@link parseRuns}. */
export interface ParseRunsOptions {
  form: FitForm;
  /** Text format; default `auto` (JSON if the text starts with `[` or `{`, JSON Lines if that fails line by line, else CSV). */
  format?: 'auto' | 'csv' | 'json' | 'jsonl';
  /** Name of the file in messages; default `input`. */
  source?: string;
  /**
   * Skip rows with invalid values (malformed or non-finite numbers, out-of-range values, duplicates,
   * wrong field counts) and list them in `ignored`, instead of failing on the first; default false.
   * Missing columns and malformed JSON always fail.
   */
  skipInvalid?: boolean;
}

/**
 * A problem in a runs file, at a line (and a column where one is at fault). A `PlrfError` with
 * code `INVALID_ARGUMENT` and param `input`; `line` is 1-based (null when no line is at fault).
 *
 * @example
 * try { parseRuns('d,step,loss\n100,0,abc\n', { form: 'plrf', source: 'runs.csv' }) }
 * catch (e) { if (e instanceof RunsFileError) console.log(e.line, e.column, e.reason) } // 2 'loss' "'abc' is not a number ..."
 */
export class RunsFileError extends PlrfError {
  readonly line: number | null;
  readonly column: string | null;
  readonly reason: string;
  constructor(source: string, line: number | null, column: string | null, reason: string) {
    const where = [line !== null ? `line ${line}` : null, column !== null ? `column '${column}'` : null].filter(Boolean).join(', ');
    super('INVALID_ARGUMENT', `${source}: ${where ? where + ': ' : ''}${reason}`, 'input');
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

type Kind = 'int1' | 'pos' | 'nonneg' | 'label';
interface Field {
  key: string;
  aliases: string[];
  kind: Kind;
  what: string;
}

const FIELDS: Record<FitForm, Field[]> = {
  plrf: [
    { key: 'd', aliases: ['d', 'params', 'parameters', 'model_size', 'n'], kind: 'int1', what: 'the model size d' },
    { key: 'step', aliases: ['step', 'steps', 'r', 'iteration', 'iter'], kind: 'nonneg', what: 'the step' },
    { key: 'tokens', aliases: ['tokens'], kind: 'nonneg', what: 'the tokens (step x batch)' },
    { key: 'loss', aliases: ['loss'], kind: 'pos', what: 'the loss' },
    { key: 'batch', aliases: ['batch', 'batch_size', 'bs'], kind: 'int1', what: 'the batch size' },
    { key: 'seed', aliases: ['seed', 'run'], kind: 'label', what: 'the run label' },
  ],
  chinchilla: [
    { key: 'params', aliases: ['params', 'parameters', 'n', 'model_size'], kind: 'pos', what: 'the parameter count N' },
    { key: 'tokens', aliases: ['tokens', 'data'], kind: 'pos', what: 'the token count D' },
    { key: 'loss', aliases: ['loss'], kind: 'pos', what: 'the loss' },
    { key: 'seed', aliases: ['seed', 'run'], kind: 'label', what: 'the run label' },
  ],
  power: [
    { key: 'x', aliases: ['x', 'flops', 'compute'], kind: 'pos', what: 'x' },
    { key: 'loss', aliases: ['loss'], kind: 'pos', what: 'the loss' },
    { key: 'seed', aliases: ['seed', 'run'], kind: 'label', what: 'the run label' },
  ],
};

const REQUIRED: Record<FitForm, string[][]> = {
  plrf: [['d'], ['step', 'tokens'], ['loss']],
  chinchilla: [['params'], ['tokens'], ['loss']],
  power: [['x'], ['loss']],
};

const HINT: Record<FitForm, string> = {
  plrf: 'd,step,loss (optional batch, seed)',
  chinchilla: 'params,tokens,loss (optional seed)',
  power: 'x,loss (optional seed)',
};

/** One value as read: text from CSV, any JSON value from JSON. */
interface Cell {
  raw: unknown;
  line: number;
  column: string;
  /** From JSON (numbers must be JSON numbers) rather than CSV text. */
  json?: boolean;
}
/** The cells of one record by field key (a Map for JSON; a view on the split fields for CSV). */
interface Cells {
  get(key: string): Cell | undefined;
  has(key: string): boolean;
  keys(): Iterable<string>;
}
interface Rec {
  line: number;
  cells: Cells;
}

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

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Map source column names to field keys; errors on ambiguity, warnings for unused columns. */
function mapColumns(
  form: FitForm,
  names: string[],
  source: string,
  line: number | null,
  warnings: string[],
  seen: Set<string>,
): Map<string, string> {
  const map = new Map<string, string>(); // source name -> key
  const byKey = new Map<string, string>();
  for (const name of names) {
    const n = normalise(name);
    if (form === 'chinchilla' && n === 'd') {
      throw new RunsFileError(
        source,
        line,
        name,
        `a column named 'd' is ambiguous for the Chinchilla form (model size or data?); name the columns ${HINT.chinchilla}`,
      );
    }
    const field = FIELDS[form].find((f) => f.aliases.includes(n));
    if (!field) {
      if (!seen.has(n)) {
        seen.add(n);
        warnings.push(`column '${name}' is not used by the ${form} form (it reads ${HINT[form]})`);
      }
      continue;
    }
    const other = byKey.get(field.key);
    if (other !== undefined)
      throw new RunsFileError(source, line, name, `columns '${other}' and '${name}' both give ${field.what}; keep one`);
    byKey.set(field.key, name);
    map.set(name, field.key);
  }
  return map;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NONFINITE = /^[+-]?(nan|inf|infinity)$/i;

type Parsed = { ok: true; value: number | string } | { ok: false; reason: string };

function parseCell(field: Field, cell: Cell): Parsed {
  const raw = cell.raw;
  if (field.kind === 'label') {
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))
      return { ok: false, reason: 'empty run label' };
    if (typeof raw === 'number' || typeof raw === 'string') return { ok: true, value: String(raw).trim() };
    return { ok: false, reason: `expected a number or a string as the run label, found ${JSON.stringify(raw)}` };
  }
  const allowed = field.kind === 'int1' ? 'an integer >= 1' : field.kind === 'pos' ? 'a finite number > 0' : 'a finite number >= 0';
  let x: number;
  if (typeof raw === 'number') x = raw;
  else if (typeof raw === 'string' && !cell.json) {
    const t = raw.trim();
    if (t === '') return { ok: false, reason: `empty value (expected ${allowed})` };
    if (NONFINITE.test(t)) return { ok: false, reason: `'${t}' is not finite (expected ${allowed})` };
    if (!DECIMAL.test(t)) return { ok: false, reason: `'${t}' is not a number (expected ${allowed})` };
    x = Number(t);
    if (!Number.isFinite(x)) return { ok: false, reason: `'${t}' overflows to infinity (expected ${allowed})` };
  } else if (raw === null || raw === undefined) {
    return { ok: false, reason: `missing value (expected ${allowed})` };
  } else {
    return { ok: false, reason: `expected a number, found ${JSON.stringify(raw)} (expected ${allowed})` };
  }
  const shown = typeof raw === 'string' ? raw.trim() : String(x);
  if (field.kind === 'int1' && !(Number.isInteger(x) && x >= 1))
    return { ok: false, reason: `${shown} is out of range: expected ${allowed}` };
  if (field.kind === 'pos' && !(x > 0)) return { ok: false, reason: `${shown} is out of range: expected ${allowed}` };
  if (field.kind === 'nonneg' && !(x >= 0)) return { ok: false, reason: `${shown} is out of range: expected ${allowed}` };
  return { ok: true, value: x };
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

function csvRecords(
  text: string,
  form: FitForm,
  source: string,
  warnings: string[],
  bad: (line: number, column: string | null, reason: string) => void,
): { recs: Rec[]; columns: Map<string, string> } {
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

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** JSON: rows (objects) or column blocks (objects whose values include arrays; scalars broadcast). */
function jsonRecords(
  value: unknown,
  lines: JsonLines,
  form: FitForm,
  source: string,
  warnings: string[],
): { recs: Rec[]; columns: Map<string, string> } {
  const recs: Rec[] = [];
  const columns = new Map<string, string>();
  const seen = new Set<string>();
  const lineOf = (o: object) => lines.start.get(o) ?? 1;
  const addObject = (obj: Record<string, unknown>, objLine: number) => {
    // Flatten a `config` member (plrf curve output) into scalars.
    const entries: [string, unknown, number][] = [];
    const mem = lines.members.get(obj);
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'config' && isPlainObject(v)) {
        const cm = lines.members.get(v);
        for (const [k2, v2] of Object.entries(v)) entries.push([k2, v2, cm?.get(k2) ?? objLine]);
      } else entries.push([k, v, mem?.get(k) ?? objLine]);
    }
    const names = entries.map((e) => e[0]);
    // Keys the form does not read are warned about once; known keys map to fields.
    const map = mapColumns(form, names, source, objLine, warnings, seen);
    for (const [name, key] of map) if (!columns.has(key)) columns.set(key, name);
    const arrays = entries.filter(([name, v]) => map.has(name) && Array.isArray(v));
    if (arrays.length === 0) {
      const cells = new Map<string, Cell>();
      for (const [name, v, line] of entries) if (map.has(name)) cells.set(map.get(name)!, { raw: v, line, column: name, json: true });
      recs.push({ line: objLine, cells });
      return;
    }
    const n = (arrays[0][1] as unknown[]).length;
    for (const [name, v, line] of arrays) {
      if ((v as unknown[]).length !== n) {
        throw new RunsFileError(
          source,
          line,
          name,
          `has ${(v as unknown[]).length} entries but '${arrays[0][0]}' has ${n}; column arrays of one object must have equal lengths`,
        );
      }
    }
    for (let j = 0; j < n; j++) {
      const cells = new Map<string, Cell>();
      let rowLine = objLine;
      for (const [name, v, line] of entries) {
        if (!map.has(name)) continue;
        if (Array.isArray(v)) {
          const el = lines.elements.get(v)?.[j] ?? line;
          if (name === arrays[0][0]) rowLine = el;
          cells.set(map.get(name)!, { raw: v[j], line: el, column: name, json: true });
        } else cells.set(map.get(name)!, { raw: v, line, column: name, json: true });
      }
      recs.push({ line: rowLine, cells });
    }
  };
  const visit = (x: unknown, line: number, depth: number) => {
    if (Array.isArray(x)) {
      const el = lines.elements.get(x) ?? [];
      x.forEach((item, j) => {
        if (isPlainObject(item)) addObject(item, lines.start.get(item) ?? el[j] ?? line);
        else if (Array.isArray(item) && depth === 0) visit(item, el[j] ?? line, depth + 1);
        else
          throw new RunsFileError(
            source,
            el[j] ?? line,
            null,
            `expected an object (a row such as {${HINT[form]
              .split(' ')[0]
              .split(',')
              .map((c) => `"${c}": ..`)
              .join(', ')}}), found ${JSON.stringify(item)}`,
          );
      });
      return;
    }
    if (isPlainObject(x)) {
      for (const key of ['rows', 'runs', 'curves']) {
        if (Array.isArray(x[key])) {
          const others = Object.keys(x).filter((k) => k !== key);
          if (others.length)
            warnings.push(
              `top-level member${others.length > 1 ? 's' : ''} ${others.map((k) => `'${k}'`).join(', ')} not used (rows are read from '${key}')`,
            );
          visit(x[key], lineOf(x), depth);
          return;
        }
      }
      addObject(x, lineOf(x));
      return;
    }
    throw new RunsFileError(source, line, null, `expected an array of rows or an object, found ${JSON.stringify(x)}`);
  };
  visit(value, 1, 0);
  return { recs, columns };
}

function jsonlRecords(text: string, form: FitForm, source: string, warnings: string[]): { recs: Rec[]; columns: Map<string, string> } {
  const all: Rec[] = [];
  const columns = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((t, k) => {
    if (t.trim() === '' || t.trim().startsWith('#')) return;
    let parsed;
    try {
      parsed = parseJsonWithLines(t, k + 1);
    } catch (e) {
      if (e instanceof JsonSyntaxError) throw new RunsFileError(source, k + 1, null, `malformed JSON: ${e.message}`);
      throw e;
    }
    if (!isPlainObject(parsed.value))
      throw new RunsFileError(source, k + 1, null, 'each line of a JSON Lines file must be one object (a row)');
    const { recs, columns: c } = jsonRecords(parsed.value, parsed.lines, form, source, warnings);
    for (const [key, name] of c) if (!columns.has(key)) columns.set(key, name);
    all.push(...recs);
  });
  return { recs: all, columns };
}

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
        return finish(form, recs, columns, source, warnings, ignored, bad);
      }
      throw new RunsFileError(source, e.line, null, `malformed JSON: ${e.message}`);
    }
    ({ recs, columns } = jsonRecords(parsed.value, parsed.lines, form, source, warnings));
  }
  return finish(form, recs, columns, source, warnings, ignored, bad);
}

function finish<F extends FitForm>(
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
