/**
 * JSON written out as PostgreSQL wrote it. A compiled read's JSON texts (src/graphql/sql-read.ts) are
 * compact, as JSON.stringify writes them, so the compiled-read route splices them into its response
 * instead of parsing them and writing them again: for the dashboard's 100 kB, 0.65 ms of the hub's CPU
 * instead of 1.1–1.8 ms, and far less garbage to collect (measured).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Number forms JSON.parse then JSON.stringify would not give back as they are: a fraction or an
 * exponent (numeric's "1.50", float8's "1e-05"), 16 digits or more (beyond 2^53 JSON.parse rounds),
 * minus zero. Strings match too at times (a title "v1.5"): such a text is parsed and written again,
 * which is only slower.
 */
const NOT_AS_STRINGIFY_WRITES = /\d[.eE]|\d{16}|-0(?![.\d])/;

/** A compiled read's JSON text, to write out: as it is when JSON.stringify(JSON.parse(text)) would give the same. */
export function rawJson(text: string): RawJson {
  return new RawJson(NOT_AS_STRINGIFY_WRITES.test(text) ? JSON.stringify(JSON.parse(text)) : text);
}

/** JSON.stringify of `value` (plain data: objects, arrays, primitives), RawJson written as it is. */
export function stringifyWithRaw(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) text += `${i === 0 ? "" : ","}${value[i] === undefined ? "null" : stringifyWithRaw(value[i])}`;
    return `${text}]`;
  }
  if (value !== null && typeof value === "object") {
    let text = "";
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) text += `${text === "" ? "" : ","}${JSON.stringify(key)}:${stringifyWithRaw(member)}`;
    }
    return `{${text}}`;
  }
  return JSON.stringify(value);
}
