import { isIsoDate, type IsoDate } from "../common/date";
import type { Checked, NumberRule, TextRule } from "../common/field-rules";

/**
 * Pure parsers of one cell. A CSV cell is a string; a JSON record may also give numbers, booleans,
 * arrays or null. Every parser answers a value or a reason in French, never throws: the importer
 * collects every problem of a file before deciding anything.
 */
export type RawScalar = string | number | boolean | null;
export type RawValue = RawScalar | RawScalar[];

export type Parsed<T> = Checked<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** A cell with nothing in it: absent, null, blank text or an empty array. */
export function isBlank(raw: RawValue | undefined): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === "string") return raw.trim() === "";
  if (Array.isArray(raw)) return raw.every((item) => isBlank(item));
  return false;
}

/** How a cell is shown in a problem report. */
export function displayValue(raw: RawValue | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  return Array.isArray(raw) ? raw.map((item) => String(item ?? "")).join("|") : String(raw);
}

/** Lower case, no accents, runs of anything else than letters and digits as one `_`: "Année " → "annee". */
export function normalizeKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function scalarText(raw: RawValue): Parsed<string> {
  if (Array.isArray(raw)) return fail("une seule valeur attendue, pas une liste");
  return ok(String(raw).trim());
}

/** Text under its field rule (the one the API's inputs use): trimmed, one line unless the rule allows more, no control character. */
export function parseText(raw: RawValue, rule: TextRule): Parsed<string> {
  const text = scalarText(raw);
  return text.ok ? rule.check(text.value) : text;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `YYYY-MM-DD` or the French `DD/MM/YYYY` (a spreadsheet's own format), checked as a real calendar date. */
export function parseDate(raw: RawValue): Parsed<IsoDate> {
  const text = scalarText(raw);
  if (!text.ok) return text;
  const dmy = DMY.exec(text.value);
  const iso = dmy ? `${dmy[3]}-${dmy[2].padStart(2, "0")}-${dmy[1].padStart(2, "0")}` : text.value;
  return isIsoDate(iso) ? ok(iso) : fail("date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA");
}

const SPACES = /[\s\u00a0\u202f']/g;
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/;
const FRENCH_THOUSANDS = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const ENGLISH_THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+\.\d+$/;

/**
 * A number as French spreadsheets write it: decimal comma, spaces (also non-breaking) or dots as
 * thousands separators. A lone comma is always the decimal separator ("1,234" is 1.234): in a French
 * file that is what it means.
 */
export function parseDecimal(raw: RawValue): Parsed<number> {
  if (typeof raw === "number") return Number.isFinite(raw) ? ok(raw) : fail("nombre attendu");
  const text = scalarText(raw);
  if (!text.ok) return text;
  const compact = text.value.replace(SPACES, "");
  let normalized: string | null = null;
  if (PLAIN_NUMBER.test(compact)) normalized = compact.replace(",", ".");
  else if (FRENCH_THOUSANDS.test(compact)) normalized = compact.replace(/\./g, "").replace(",", ".");
  else if (ENGLISH_THOUSANDS.test(compact)) normalized = compact.replace(/,/g, "");
  return normalized === null ? fail("nombre attendu (ex. 1234,5)") : ok(Number(normalized));
}

export function parseInteger(raw: RawValue, options: { min?: number; max?: number } = {}): Parsed<number> {
  const number = parseDecimal(raw);
  if (!number.ok) return fail("nombre entier attendu");
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  if (!Number.isInteger(number.value)) return fail("nombre entier attendu");
  if (number.value < min || number.value > max) return fail(`entier entre ${min} et ${max} attendu`);
  return number;
}

/** A number under its field rule (bounds of its column, whole or rounded to its scale), read as French spreadsheets write it. */
export function parseNumber(raw: RawValue, rule: NumberRule): Parsed<number> {
  const number = parseDecimal(raw);
  if (!number.ok) return fail(rule.integer ? "nombre entier attendu" : number.reason);
  return rule.check(number.value);
}

const TRUE_WORDS = new Set(["true", "vrai", "oui", "yes", "1", "o", "x"]);
const FALSE_WORDS = new Set(["false", "faux", "non", "no", "0", "n"]);

export function parseBoolean(raw: RawValue): Parsed<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const text = scalarText(raw);
  if (!text.ok) return text;
  const word = normalizeKey(text.value);
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail("true ou false attendu (ou oui/non)");
}

/**
 * An enumeration read from its code (any case: `signed`, `SIGNED`) or a French alias; `expected`
 * names the codes in the report, in lower case (`signed`) or as codes (`EARLY_CHILDHOOD`).
 */
export class EnumReader<E extends string> {
  private readonly byKey = new Map<string, E>();

  constructor(values: readonly E[], aliases: Partial<Record<E, readonly string[]>> = {}, display: "lower" | "code" = "lower") {
    for (const value of values) {
      this.byKey.set(normalizeKey(value), value);
      for (const alias of aliases[value] ?? []) this.byKey.set(normalizeKey(alias), value);
    }
    this.expected = values.map((v) => (display === "lower" ? v.toLowerCase() : v)).join(", ");
  }

  readonly expected: string;

  parse(raw: RawValue): Parsed<E> {
    const text = scalarText(raw);
    if (!text.ok) return text;
    // Codes as usually written (`planned`, `EARLY_CHILDHOOD`) are found without normalising accents.
    const value = this.byKey.get(text.value.toLowerCase()) ?? this.byKey.get(normalizeKey(text.value));
    return value === undefined ? fail(`valeur inconnue, attendu l'une de : ${this.expected}`) : ok(value);
  }
}

/** The items of a list cell: `A|B|C` in CSV, an array in JSON; blanks dropped. */
export function listItems(raw: RawValue): string[] {
  const items = Array.isArray(raw) ? raw.map((item) => String(item ?? "")) : String(raw).split("|");
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Every item parsed; the first bad one is the reason (with its value, since a list holds several). */
export function parseList<T>(raw: RawValue, parseItem: (item: string) => Parsed<T>): Parsed<T[]> {
  const values: T[] = [];
  for (const item of listItems(raw)) {
    const parsed = parseItem(item);
    if (!parsed.ok) return fail(`« ${item} » : ${parsed.reason}`);
    values.push(parsed.value);
  }
  return ok(values);
}

/**
 * An INSEE commune code. Spreadsheets drop the leading zero of 01001…09999 (they read the column as
 * numbers): a 4-digit code is given its zero back. Corsica's 2A/2B are accepted in any case.
 */
export function parseCommuneCode(raw: RawValue): Parsed<string> {
  const text = typeof raw === "number" ? ok(String(raw)) : scalarText(raw);
  if (!text.ok) return text;
  const code = /^\d{4}$/.test(text.value) ? `0${text.value}` : text.value.toUpperCase();
  return /^([0-9][0-9]|2A|2B)[0-9]{3}$/.test(code) ? ok(code) : fail("code commune INSEE de 5 caractères attendu (ex. 52250, 2A004)");
}

/** A département code; "1" to "9" (a number column in a spreadsheet) get their zero back. */
export function parseDepartmentCode(raw: RawValue): Parsed<string> {
  const text = typeof raw === "number" ? ok(String(raw)) : scalarText(raw);
  if (!text.ok) return text;
  const code = /^\d$/.test(text.value) ? `0${text.value}` : text.value.toUpperCase();
  return /^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8]|98[4-9])$/.test(code)
    ? ok(code)
    : fail("code de département INSEE attendu (01…95, 2A, 2B, 971…978)");
}

export function parseSirenFormat(raw: RawValue): Parsed<string> {
  const text = typeof raw === "number" ? ok(String(raw)) : scalarText(raw);
  if (!text.ok) return text;
  const compact = text.value.replace(SPACES, "");
  return /^[0-9]{9}$/.test(compact) ? ok(compact) : fail("numéro SIREN de 9 chiffres attendu");
}
