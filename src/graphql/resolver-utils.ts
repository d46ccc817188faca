import { BadUserInputError } from "./errors";

/** Refuses an argument that is not of the expected form, naming the argument and the form. */
export function requireFormat(valid: boolean, argument: string, expected: string, value: string): void {
  if (!valid) throw new BadUserInputError(`Argument "${argument}" : attendu ${expected}, reçu "${value}"`, argument);
}

/** The rows `loadMany` found; a dangling key (null) is skipped, a loader error is rethrown. */
export function present<T>(rows: Array<T | null | Error>): T[] {
  const found: T[] = [];
  for (const row of rows) {
    if (row instanceof Error) throw row;
    if (row !== null) found.push(row);
  }
  return found;
}
