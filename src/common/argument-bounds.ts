/**
 * The `@Extensions` marker of an argument or input field allowed a longer text than the query-argument bound
 * (src/graph/argument-limits.ts): `@Extensions(maxLength(1000))`. Here, below the types that declare it.
 */
export const MAX_LENGTH_KEY = "maxLength";

export const maxLength = (length: number): Record<string, number> => ({ [MAX_LENGTH_KEY]: length });
