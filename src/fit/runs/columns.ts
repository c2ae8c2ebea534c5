// The columns of a runs file per fitted form: the fields, their accepted names (case-insensitive
// aliases), which are required, and the mapping of a file's column names onto them.

import { RunsFileError } from './fileError.js';
import type { FitForm } from './types.js';

/** How a field's values are checked: integer >= 1, > 0, >= 0, or a run label. */
export type Kind = 'int1' | 'pos' | 'nonneg' | 'label';
/** A field of a form: its key in the rows, the column names that give it, its kind, and how messages name it. */
export interface Field {
  key: string;
  aliases: string[];
  kind: Kind;
  what: string;
}

/** The fields each form reads. */
export const FIELDS: Record<FitForm, Field[]> = {
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

/** The required fields per form: one of each group (plrf takes step or tokens). */
export const REQUIRED: Record<FitForm, string[][]> = {
  plrf: [['d'], ['step', 'tokens'], ['loss']],
  chinchilla: [['params'], ['tokens'], ['loss']],
  power: [['x'], ['loss']],
};

/** The columns of each form, as messages spell them. */
export const HINT: Record<FitForm, string> = {
  plrf: 'd,step,loss (optional batch, seed)',
  chinchilla: 'params,tokens,loss (optional seed)',
  power: 'x,loss (optional seed)',
};

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Map source column names to field keys; errors on ambiguity, warnings for unused columns. */
export function mapColumns(
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
