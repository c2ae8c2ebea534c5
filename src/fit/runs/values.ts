// One cell of a runs file -> a value: numbers parsed strictly (decimal syntax, finite, in range) and
// run labels, each failure with the reason.

import type { Field } from './columns.js';
import type { Cell } from './records.js';

/** A decimal number as CSV may spell it (no hex, no `Infinity`, no trailing characters). */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NONFINITE = /^[+-]?(nan|inf|infinity)$/i;

/** A cell's value, or why it has none. */
export type Parsed = { ok: true; value: number | string } | { ok: false; reason: string };

/** The value of one cell for a field, checked against the field's kind (JSON cells must hold JSON numbers). */
export function parseCell(field: Field, cell: Cell): Parsed {
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
