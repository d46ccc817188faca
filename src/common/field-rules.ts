// By path, not the package's index (which loads every validator): see class-validator-parts.d.ts.
import { isEmail } from "class-validator/cjs/decorator/string/IsEmail";
import { CODE_FORMATS, isCommuneCode, isDepartmentCode } from "./codes";
import { isRna, isValidSiren } from "./identifiers";

/**
 * What a value may be, declared once per field and used by every write path: the class-validator
 * decorator of the GraphQL inputs (`@Rule`, src/common/rule-validator.ts) and the import parsers
 * (src/import/fields.ts). A rule answers the value as it is stored (trimmed, NFC, rounded to the
 * column's scale) or the reason in French; it never throws.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = <T>(reason: string): Checked<T> => ({ ok: false, reason });

export interface TextRule {
  readonly type: "text";
  /** Characters (code points) after trimming; 0 allows an empty optional text (stored as null). */
  readonly min: number;
  readonly max: number;
  /** Long texts (descriptions, notes) keep line breaks and tabs; every other text is one line. */
  readonly multiline: boolean;
  /** A further check of the trimmed text (a pattern, a URL…). */
  readonly refine?: (text: string) => Checked<string>;
  check(value: string): Checked<string>;
}

export interface NumberRule {
  readonly type: "number";
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (counts, int columns). */
  readonly integer: boolean;
  /** Decimals kept (numeric(p, s) columns): the value is rounded to this many. */
  readonly scale: number;
  check(value: number): Checked<number>;
}

export type FieldRule = TextRule | NumberRule;

/**
 * C0 and C1 control characters, DEL, lone surrogates (text that was never well encoded), the Unicode
 * line and paragraph separators, the byte-order mark inside a text, and the bidirectional overrides and
 * isolates that make a name display as something else ("Trojan Source"). Long texts keep `\n` and `\t`.
 */
const FORBIDDEN_ONE_LINE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const FORBIDDEN_MULTILINE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** U+0000 as a person reads it in a report. */
const codePoint = (character: string) => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The text as stored: NFC (so "é" typed two ways compares equal), trimmed; line breaks as `\n` in a
 * long text, and folded with the spaces around them into one space in a one-line text (a spreadsheet
 * cell wrapped with Alt+Entrée is one name).
 */
export function normalizeText(value: string, multiline: boolean): string {
  const text = value.normalize("NFC");
  return (multiline ? text.replace(/\r\n?/g, "\n") : text.replace(/\s*[\r\n\t]\s*/g, " ")).trim();
}

/** Thousands as spaces, decimal comma: 999 999 999 999,99. */
export function formatNumber(value: number): string {
  const [whole, decimals] = String(Math.abs(value)).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${value < 0 ? "−" : ""}${grouped}${decimals ? `,${decimals}` : ""}`;
}

export function textRule(options: {
  min?: number;
  max: number;
  multiline?: boolean;
  refine?: (text: string) => Checked<string>;
}): TextRule {
  const { min = 1, max, multiline = false, refine } = options;
  const lengths = min > 0 ? `${min} à ${formatNumber(max)} caractères attendus` : `${formatNumber(max)} caractères au plus`;
  return {
    type: "text",
    min,
    max,
    multiline,
    refine,
    check(value) {
      if (typeof value !== "string") return refuse("texte attendu");
      const text = normalizeText(value, multiline);
      const bad = (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_ONE_LINE).exec(text);
      if (bad) {
        const where = `en position ${[...text.slice(0, bad.index)].length + 1}`;
        return refuse(`caractère de contrôle ou invisible interdit (${codePoint(bad[0])}, ${where})`);
      }
      const length = [...text].length;
      if (length === 0 && min > 0) return refuse(value.length > 0 ? "texte vide (espaces seuls)" : "texte vide");
      if (length < min || length > max) return refuse(`${lengths} (reçu ${formatNumber(length)})`);
      return refine ? refine(text) : accept(text);
    },
  };
}

/** A one-line text of a fixed form (a code, a reference): `expected` says which, in French. */
export function patternRule(pattern: RegExp | ((text: string) => boolean), expected: string, max = 100): TextRule {
  const matches = typeof pattern === "function" ? pattern : (text: string) => pattern.test(text);
  return textRule({ min: 1, max, refine: (text) => (matches(text) ? accept(text) : refuse(`attendu ${expected}`)) });
}

/**
 * Rounded to `scale` decimals as PostgreSQL's numeric does with the number the driver sends (its
 * shortest decimal writing, half away from zero): 12.345 → 12.35, although 12.345 × 100 is 1234.4999….
 */
export function roundToScale(value: number, scale: number): number {
  const [mantissa, exponent = "0"] = String(Math.abs(value)).split("e");
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + scale}`));
  const rounded = Number(`${shifted}e${-scale}`);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

export function numberRule(options: { min: number; max: number; integer?: boolean; scale?: number; unit?: string }): NumberRule {
  const { min, max, integer = false, scale = integer ? 0 : 2, unit = "" } = options;
  const what = integer ? "nombre entier" : "nombre";
  const range = `${what} entre ${formatNumber(min)} et ${formatNumber(max)}${unit} attendu`;
  return {
    type: "number",
    min,
    max,
    integer,
    scale,
    check(value) {
      if (typeof value !== "number" || !Number.isFinite(value)) return refuse(`${what} attendu`);
      if (integer && !Number.isInteger(value)) return refuse(`${range} (reçu ${formatNumber(value)} : pas un entier)`);
      if (value < min || value > max) return refuse(`${range} (reçu ${formatNumber(value)})`);
      // Rounded to the column's scale, as numeric(p, s) would store it; the bounds hold after rounding.
      return accept(roundToScale(value, scale));
    },
  };
}

/** http(s) only, with a host and no credentials: `javascript:`, `data:`, `file:` are not web sites. */
function webAddress(text: string): Checked<string> {
  const expected = "adresse web http:// ou https:// attendue (ex. https://www.exemple.fr)";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse(expected);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`${expected}, pas « ${url.protocol} »`);
  if (url.hostname === "" || /\s/.test(text)) return refuse(expected);
  if (url.username !== "" || url.password !== "") return refuse("adresse web sans identifiant ni mot de passe attendue");
  return accept(text);
}

/** Largest value of a numeric(14,2) column (budgets, indicator values). */
export const NUMERIC_14_2_MAX = 999_999_999_999.99;
/** PostgreSQL `integer` (int4): identifiers, counts. */
export const INT4_MAX = 2_147_483_647;

/** Convention references, as the `convention_reference_format` CHECK. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/;
/** Indicator codes, as the `indicator_definition_code_format` CHECK. */
export const INDICATOR_PATTERN = /^[a-z][a-z0-9_]{0,49}$/;
/** Phone numbers, as the `partner_association_contact_phone` CHECK. */
export const PHONE_PATTERN = /^[+0-9 .()-]{6,20}$/;

/**
 * Every field a caller writes, by what it is. Inputs name them with `@Rule(FIELD_RULES.title)`;
 * import kinds read cells with them; the CHECK constraints of migration FieldRuleChecks back them.
 */
export const FIELD_RULES = {
  /** Titles of conventions, actions, SDSF schemes and axes. */
  title: textRule({ min: 3, max: 300 }),
  objectiveTitle: textRule({ min: 3, max: 500 }),
  /** Names of associations, facilities, operators, signatories, signatory bodies, approving bodies. */
  name: textRule({ min: 2, max: 300 }),
  /** Descriptions and internal notes: several lines. */
  longText: textRule({ min: 0, max: 10_000, multiline: true }),
  /** Progress notes and indicator notes. */
  note: textRule({ min: 0, max: 2_000, multiline: true }),
  /** An indicator's unit (%, €, familles, places). */
  unit: textRule({ min: 1, max: 50 }),
  /** The text of a dated note of an action's journal: several lines, never empty. */
  journalText: textRule({ min: 1, max: 10_000, multiline: true }),
  website: textRule({ min: 1, max: 500, refine: webAddress }),
  email: textRule({ min: 3, max: 254, refine: (text) => (isEmail(text) ? accept(text) : refuse("adresse de courriel invalide")) }),
  phone: patternRule(PHONE_PATTERN, "un numéro de téléphone (chiffres, espaces, + . ( ) -, 6 à 20 caractères)", 20),
  reference: patternRule(REFERENCE_PATTERN, "3 à 60 caractères : lettres, chiffres, . _ / - (ex. CTG-52-2023-200044253)", 60),
  indicatorCode: patternRule(INDICATOR_PATTERN, "un code en minuscules, chiffres et _ (ex. allocataires)", 50),
  departmentCode: patternRule(isDepartmentCode, CODE_FORMATS.department, 3),
  communeCode: patternRule(isCommuneCode, CODE_FORMATS.commune, 5),
  rna: patternRule(isRna, "un numéro RNA : W suivi de 9 caractères (ex. W523000001)", 10),
  /** An association's SIREN: its INSEE control key (Luhn) holds. */
  siren: patternRule(isValidSiren, "un SIREN de 9 chiffres dont la clé de contrôle (Luhn) est valide", 9),
  /** A territory named by a commune code or an EPCI's SIREN. */
  territoryCode: patternRule(
    /^(([0-9][0-9]|2A|2B)[0-9]{3}|[0-9]{9})$/,
    "un code INSEE de commune (5 caractères) ou le SIREN d'un EPCI (9 chiffres)",
    9,
  ),
  /** A facility's operator: a commune code, an EPCI's SIREN or an association's identifier. */
  operatorCode: patternRule(
    /^(([0-9][0-9]|2A|2B)[0-9]{3}|[0-9]{9}|[1-9][0-9]{0,9})$/,
    "un code INSEE, un SIREN ou l'identifiant d'une association",
    10,
  ),
  /** Euros, numeric(14,2). */
  budget: numberRule({ min: 0, max: NUMERIC_14_2_MAX, unit: " €" }),
  /** Planned or actual amounts of a budget line or a funding: euros or full-time equivalents, numeric(14,2). */
  amount: numberRule({ min: 0, max: NUMERIC_14_2_MAX }),
  capacity: numberRule({ min: 0, max: 100_000, integer: true }),
  /** People one organisation sent to a meeting. */
  attendees: numberRule({ min: 1, max: 1_000, integer: true }),
  axisNumber: numberRule({ min: 1, max: 1_000, integer: true }),
  progress: numberRule({ min: 0, max: 100, integer: true }),
  year: numberRule({ min: 1900, max: 2100, integer: true }),
} as const;

/** Lists a caller gives (covered communes, signatory bodies): bounded so one request cannot carry millions. */
export const LIST_LIMITS = {
  /** A département has at most ~900 communes; a convention covers part of one, or of a cross-border EPCI. */
  communes: 2_000,
  signatoryBodies: 50,
  /** Pilots of one action (the read side's bound too). */
  pilots: 10,
  /** Organisations at one meeting. */
  attendances: 100,
  /** Objectives assessed in one evaluation. */
  assessments: 100,
} as const;
