// The records of a runs file as read, before their values are checked: one per row, its cells by field
// key, each with the line and the column it came from.

/** One value as read: text from CSV, any JSON value from JSON. */
export interface Cell {
  raw: unknown;
  line: number;
  column: string;
  /** From JSON (numbers must be JSON numbers) rather than CSV text. */
  json?: boolean;
}
/** The cells of one record by field key (a Map for JSON; a view on the split fields for CSV). */
export interface Cells {
  get(key: string): Cell | undefined;
  has(key: string): boolean;
  keys(): Iterable<string>;
}
/** One record: the line it starts on and its cells. */
export interface Rec {
  line: number;
  cells: Cells;
}

/** The records of a file and, per field key, the column name that gave it. */
export interface Records {
  recs: Rec[];
  columns: Map<string, string>;
}
