/** The rows `loadMany` found; a dangling key (null) is skipped, a loader error is rethrown. */
export function present<T>(rows: Array<T | null | Error>): T[] {
  const found: T[] = [];
  for (const row of rows) {
    if (row instanceof Error) throw row;
    if (row !== null) found.push(row);
  }
  return found;
}
