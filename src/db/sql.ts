import pg from "pg";

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

/** A LIKE pattern matching values that start with the user's text, its wildcards taken literally. */
export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}

/** One element of an array literal (`{"a","b"}`), quoted as PostgreSQL's array input reads it. */
function arrayElement(value: unknown): string | null {
  if (value === null) return "NULL";
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return null;
  return `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `value` as an untyped SQL literal, read by PostgreSQL as it reads a parameter's text; null when it has no such form here. */
export function sqlLiteral(value: unknown): string | null {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return pg.escapeLiteral(String(value));
  }
  if (Array.isArray(value)) {
    const elements = value.map(arrayElement);
    return elements.every((e): e is string => e !== null) ? pg.escapeLiteral(`{${elements.join(",")}}`) : null;
  }
  return null;
}

/**
 * The statement with its parameters written in as literals, or null when one has no literal form. A
 * statement of literals has no generic plan to go wrong: prepared, its one plan is the one made for
 * these values (a parameter's unknown value made PostgreSQL estimate one row and pick nested loops).
 * Like `$n` renumbering elsewhere, this relies on placeholders never appearing inside the text's own literals.
 */
export function withLiterals(sql: string, params: readonly unknown[]): string | null {
  const literals = params.map(sqlLiteral);
  if (literals.some((literal) => literal === null)) return null;
  return sql.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1] as string);
}
