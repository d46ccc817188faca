/** The rows `loadMany` found; a dangling key (null) is skipped, a loader error is rethrown. */
export function present<T>(rows: Array<T | null | Error>): T[] {
  const found: T[] = [];
  for (const row of rows) {
    if (row instanceof Error) throw row;
    if (row !== null) found.push(row);
  }
  return found;
}

/**
 * The type of a resolver's `@Root()` row. Rows are plain objects read by SQL; declaring the root
 * as a mapped type makes the emitted metadata `Object`, so type-graphql hands the row over as it
 * is instead of copying it into a new entity instance for every field of every row.
 */
export type RowOf<T> = Readonly<T>;
