/**
 * JSON written out as PostgreSQL wrote it. A compiled read's JSON texts (src/graph/compile/) are
 * compact, as JSON.stringify writes them, so the compiled-read route splices them into its response
 * instead of parsing them and writing them again: for the dashboard's 100 kB, 0.65 ms of the hub's CPU
 * instead of 1.1–1.8 ms, and far less garbage to collect (measured).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text as JSON.stringify writes it: written out as it is. */
export const verbatimJson = (text: string): RawJson => new RawJson(text);

/** JSON text that may not be as JSON.stringify writes it (a Float's "1.50"): parsed and written again. */
export const rewrittenJson = (text: string): RawJson => new RawJson(JSON.stringify(JSON.parse(text)));

/** Data objects holding RawJson (see rawData): only those are written by stringifyWithRaw. */
const rawDataObjects = new WeakSet<object>();

/** Marks `data` as holding RawJson values, for Apollo's `stringifyResult` (see stringifyResult). */
export function rawData<T extends object>(data: T): T {
  rawDataObjects.add(data);
  return data;
}

/**
 * Apollo's `stringifyResult`: a result whose data holds RawJson (a compiled read) is written with its JSON spliced in,
 * any other as Apollo writes it (JSON.stringify and a new line).
 */
export function stringifyResult(value: { data?: unknown }): string {
  const raw = typeof value.data === "object" && value.data !== null && rawDataObjects.has(value.data);
  return `${raw ? stringifyWithRaw(value) : JSON.stringify(value)}\n`;
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
