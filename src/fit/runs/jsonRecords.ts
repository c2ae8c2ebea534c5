// JSON and JSON Lines runs files -> records: arrays of row objects, { "rows": [...] }, and column
// blocks (arrays per column, scalars broadcast, a `config` member flattened); every cell keeps its line.

import { JsonSyntaxError, parseJsonWithLines, type JsonLines } from '../json.js';
import { HINT, mapColumns } from './columns.js';
import { RunsFileError } from './fileError.js';
import type { Cell, Rec, Records } from './records.js';
import type { FitForm } from './types.js';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** JSON: rows (objects) or column blocks (objects whose values include arrays; scalars broadcast). */
export function jsonRecords(value: unknown, lines: JsonLines, form: FitForm, source: string, warnings: string[]): Records {
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

/** JSON Lines: one object (a row, or a block of columns) per non-blank line. */
export function jsonlRecords(text: string, form: FitForm, source: string, warnings: string[]): Records {
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
