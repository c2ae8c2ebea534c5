// The public types of the runs-file readers: the fitted forms, the rows per form, and what a read returns.

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
