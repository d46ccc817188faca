/** One problem of a file: where (line and column, as the user sees them), what value, and why, in French. */
export interface ImportProblem {
  /** CSV: line in the file (the header is line 1). JSON: position of the record in the array (1-based). */
  line: number;
  /** The column's name as written in the file, or null for a problem of the whole line or file. */
  column: string | null;
  value: string | null;
  reason: string;
}

/**
 * Collects problems while rows are read and checked; `header(column)` turns a canonical column into
 * the header the file uses (a problem on `territory_code` is reported on `CODGEO` if that is the header).
 */
export class ProblemList {
  readonly items: ImportProblem[] = [];

  constructor(private readonly header: (column: string) => string = (column) => column) {}

  add(line: number, column: string | null, value: string | null | undefined, reason: string): void {
    this.items.push({ line, column: column === null ? null : this.header(column), value: value ?? null, reason });
  }

  addAll(problems: readonly ImportProblem[]): void {
    this.items.push(...problems);
  }

  get size(): number {
    return this.items.length;
  }
}

/** Problems in file order: by line, whole-line problems first, then by column order in the file. */
export function sortProblems(problems: readonly ImportProblem[], headers: readonly string[]): ImportProblem[] {
  const position = new Map(headers.map((header, i) => [header, i]));
  const columnRank = (column: string | null) => (column === null ? -1 : position.get(column) ?? headers.length);
  return [...problems].sort((a, b) => a.line - b.line || columnRank(a.column) - columnRank(b.column));
}
