/**
 * Identifiers and French wording for the synthetic data set. Every generated identifier sits in a range a
 * reader (or a query) recognises as synthetic, and still passes the database's format checks.
 */

/** Luhn sum of a string of digits, the rightmost digit being the check digit. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum;
}

/** Appends the Luhn check digit to 8 digits: the key INSEE uses for a SIREN. */
export function withLuhnKey(eightDigits: string): string {
  if (!/^[0-9]{8}$/.test(eightDigits)) throw new Error(`withLuhnKey expects 8 digits, got "${eightDigits}"`);
  const key = (10 - (luhnSum(`${eightDigits}0`) % 10)) % 10;
  return `${eightDigits}${key}`;
}

/** A SIREN is 9 digits whose Luhn sum is a multiple of 10 (La Poste's exception is not needed here). */
export function isValidSiren(value: string): boolean {
  return /^[0-9]{9}$/.test(value) && luhnSum(value) % 10 === 0;
}

/** Synthetic SIRENs: "990" then a 5-digit serial then the Luhn key, 100,000 numbers in all. */
export const SYNTHETIC_SIREN_PREFIX = "990";
export const SYNTHETIC_SIREN_CAPACITY = 100_000;

export function syntheticSiren(serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial >= SYNTHETIC_SIREN_CAPACITY) {
    throw new Error(`synthetic SIREN serial out of range: ${serial}`);
  }
  return withLuhnKey(`${SYNTHETIC_SIREN_PREFIX}${String(serial).padStart(5, "0")}`);
}

/**
 * The département part of an RNA number: "W" then two characters. 2A and 2B keep their letter; the
 * overseas départements (971…976) share "W97", the CHECK allowing only two characters after the W.
 */
export function rnaPrefix(departmentCode: string): string {
  return `W${departmentCode.slice(0, 2)}`;
}

/** Synthetic RNA numbers: prefix, then "99", then a 5-digit serial: W529900017. */
export const SYNTHETIC_RNA_MARK = "99";
export const SYNTHETIC_RNA_CAPACITY = 100_000;

export function syntheticRna(departmentCode: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial >= SYNTHETIC_RNA_CAPACITY) {
    throw new Error(`synthetic RNA serial out of range for ${departmentCode}: ${serial}`);
  }
  return `${rnaPrefix(departmentCode)}${SYNTHETIC_RNA_MARK}${String(serial).padStart(5, "0")}`;
}

/** The format the database checks (`partner_association_rna_format`). */
export const RNA_FORMAT = /^W[0-9][0-9AB][0-9]{7}$/;

/**
 * Associations of Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) are registered at the tribunal judiciaire
 * under local law, not in the RNA: they get a SIREN and no RNA number.
 */
export function isLocalLawDepartment(departmentCode: string): boolean {
  return departmentCode === "57" || departmentCode === "67" || departmentCode === "68";
}

/**
 * Fake telephone numbers, in the blocks of 10,000 numbers ARCEP sets aside for films and fiction
 * (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49): they are never given to a subscriber.
 */
const FICTION_PHONE_BLOCKS = ["01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49"] as const;

export function fictionPhone(block: number, line: number): string {
  const prefix = FICTION_PHONE_BLOCKS[Math.abs(block) % FICTION_PHONE_BLOCKS.length];
  const digits = String(Math.abs(line) % 10_000).padStart(4, "0");
  return `${prefix} ${digits.slice(0, 2)} ${digits.slice(2)}`;
}

/** Lower-case ASCII words joined by hyphens, for e-mail addresses and web sites. */
export function slug(text: string, maxLength = 40): string {
  const plain = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return plain.slice(0, maxLength).replace(/-+$/g, "") || "association";
}

/** The domain of every synthetic e-mail address and web site (French counterpart of example.org). */
export const FAKE_DOMAIN = "exemple.fr";

const VOWEL_START = /^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ]/i;

/**
 * "de" + a commune's name, as French writes it: de Joinville, d'Alès, du Mans, des Clayes-sous-Bois,
 * de La Rochelle. Names starting with H are left with "de" (aspirated or not is not in the data).
 */
export function ofPlace(name: string): string {
  if (name.startsWith("Le ")) return `du ${name.slice(3)}`;
  if (name.startsWith("Les ")) return `des ${name.slice(4)}`;
  if (VOWEL_START.test(name)) return `d'${name}`;
  return `de ${name}`;
}

/**
 * "de" + a département's name from INSEE's type of name (TNCC, `typeLiaison` in the geography package):
 * 0 de, 1 d', 2 du, 3 de la, 4 des, 5 de l', 6 des, 7 de las, 8 de los. The names carry no article:
 * "CAF du Gard", "CAF de la Haute-Marne", "CAF des Yvelines", "CAF de l'Ain".
 */
const CONNECTORS = ["de ", "d'", "du ", "de la ", "des ", "de l'", "des ", "de las ", "de los "] as const;

export function ofDepartment(name: string, typeLiaison: number | null): string {
  const connector =
    typeLiaison !== null && typeLiaison >= 0 && typeLiaison < CONNECTORS.length
      ? CONNECTORS[typeLiaison]
      : VOWEL_START.test(name)
        ? "d'"
        : "de ";
  return `${connector}${name}`;
}

export function cafName(departmentName: string, typeLiaison: number | null): string {
  return `CAF ${ofDepartment(departmentName, typeLiaison)}`;
}

/** ISO date from a year, month (1–12) and day. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const DAY_MS = 86_400_000;

export function toDayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}
