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
 * Problems a report shows: the first ones in file order, with the total beside them. A file of 100,000
 * garbage rows has close to a million problems; nobody reads them all, and keeping them all cost
 * 110 MB and a 100 MB JSON report.
 */
export const REPORTED_PROBLEMS = 100;

/** A value or reason longer than this is cut (a 10 MB cell would otherwise be copied into the report). */
const MAX_VALUE_LENGTH = 200;
const MAX_REASON_LENGTH = 1_000;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Orders problems in file order: by line, whole-line problems first, then by column order in the file. */
export function problemOrder(headers: readonly string[]): (a: ImportProblem, b: ImportProblem) => number {
  const position = new Map(headers.map((header, i) => [header, i]));
  const columnRank = (column: string | null) => (column === null ? -1 : (position.get(column) ?? headers.length));
  return (a, b) => a.line - b.line || columnRank(a.column) - columnRank(b.column);
}

/** Problems in file order (a stable sort: equal places keep the order they were found in). */
export function sortProblems(problems: readonly ImportProblem[], headers: readonly string[]): ImportProblem[] {
  return [...problems].sort(problemOrder(headers));
}

/**
 * Collects problems while rows are read and checked: counts them all, keeps the first `limit` in file
 * order (memory and report stay bounded whatever the file). `header(column)` turns a canonical column
 * into the header the file uses (a problem on `territory_code` is reported on `CODGEO` if that is the
 * header); `headers` are the file's, in order, for the column order of problems on one line.
 */
export class ProblemList {
  private kept: ImportProblem[] = [];
  private total = 0;
  private readonly order: (a: ImportProblem, b: ImportProblem) => number;

  constructor(
    private readonly header: (column: string) => string = (column) => column,
    headers: readonly string[] = [],
    private readonly limit: number = REPORTED_PROBLEMS,
  ) {
    this.order = problemOrder(headers);
  }

  add(line: number, column: string | null, value: string | null | undefined, reason: string): void {
    this.keep({ line, column: column === null ? null : this.header(column), value: value ?? null, reason });
  }

  addAll(problems: Iterable<ImportProblem>): void {
    for (const problem of problems) this.keep(problem);
  }

  /** Every problem found, including those not kept. */
  get size(): number {
    return this.total;
  }

  /** The first problems in file order, at most `limit`. */
  first(): ImportProblem[] {
    this.trim();
    return [...this.kept];
  }

  private keep(problem: ImportProblem): void {
    this.total++;
    this.kept.push({
      ...problem,
      value: problem.value === null ? null : cut(problem.value, MAX_VALUE_LENGTH),
      reason: cut(problem.reason, MAX_REASON_LENGTH),
    });
    // Sorting when twice the limit is reached keeps the cost at O(n log limit) over the whole file. A problem
    // dropped here has `limit` problems before it, which later ones can only push further back.
    if (this.kept.length >= 2 * this.limit) this.trim();
  }

  private trim(): void {
    this.kept.sort(this.order);
    if (this.kept.length > this.limit) this.kept.length = this.limit;
  }
}
