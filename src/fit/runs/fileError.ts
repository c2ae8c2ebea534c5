// The error of the runs-file readers: a problem at a line (and a column) of a file.

import { PlrfError } from '../../core/errors.js';

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
