/**
 * A parameterised SQL statement under construction: values go to `params`, never into the text.
 * `sql.param(value)` returns the placeholder (`$3`) to write in the fragment.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Joins optional conditions with AND; `TRUE` when there are none. */
export function allOf(conditions: Array<string | null | undefined | false>): string {
  const present = conditions.filter((c): c is string => typeof c === "string" && c.length > 0);
  return present.length > 0 ? present.map((c) => `(${c})`).join(" AND ") : "TRUE";
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern matching the user's text anywhere, its wildcards taken literally. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern matching values that start with the user's text, its wildcards taken literally. */
export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}
