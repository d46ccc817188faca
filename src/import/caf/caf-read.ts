import { FIELD_RULES } from "../../common/field-rules";
import { indicatorValueRule } from "../../indicator/indicator-catalogue";
import type { RowReader } from "../columns";
import { parseCommuneCode, parseDate, parseNumber, type Parsed, type RawValue } from "../fields";
import { type CafFormat, isMaskedCell, isPlaceholderCode } from "./caf-formats";

/** One line of a CAF file: its territory as written, its year, its figures, and the cells the CAF masked. */
export interface CafRow {
  /** The commune code (leading zero restored) or the EPCI's SIREN; null for a line with no place. */
  code: string | null;
  /** `unlocated`: no code (households the CAF could not locate); `placeholder`: `XX` (outside any EPCI). */
  place: "territory" | "unlocated" | "placeholder";
  year: number | null;
  cells: Array<{ indicator: string; value: number }>;
  /** Indicators whose cell is masked on this line (statistical secrecy or no data): skipped, counted. */
  masked: string[];
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

/**
 * The year of a line: `annee` (2023, or a date), or `dtreffre`, the reference month, December of the year
 * (2023-12, 202312 or 2023-12-31): the CAF's communal files describe December, so another month is refused.
 */
export function parseReferenceYear(raw: RawValue, monthly: boolean): Parsed<number> {
  const text = String(raw).trim();
  const iso = /^(\d{4})-?(\d{2})(?:-\d{2})?$/.exec(text);
  const french = /^\d{2}\/(\d{2})\/(\d{4})$/.exec(text);
  const parts = iso ? { year: iso[1], month: iso[2] } : french ? { year: french[2], month: french[1] } : null;
  if (parts !== null) {
    const year = parseNumber(parts.year, FIELD_RULES.year);
    if (!year.ok) return year;
    if (Number(parts.month) < 1 || Number(parts.month) > 12) return fail("mois de référence invalide (ex. 2023-12)");
    if (monthly && parts.month !== "12") {
      return fail("mois de référence décembre attendu (les fichiers communaux de la CAF décrivent décembre de l'année)");
    }
    return ok(year.value);
  }
  const year = parseNumber(raw, FIELD_RULES.year);
  if (year.ok) return year;
  const date = parseDate(raw);
  return date.ok ? ok(Number(date.value.slice(0, 4))) : fail("année attendue (ex. 2023) ou mois de référence (ex. 2023-12)");
}

function readPlace(reader: RowReader, format: CafFormat): Pick<CafRow, "code" | "place"> {
  const raw = reader.raw(format.territoryColumn);
  const text = raw === null || raw === undefined ? "" : String(raw).replace(/[\s\u00a0]/g, "");
  if (text === "") return { code: null, place: "unlocated" };
  if (isPlaceholderCode(text)) return { code: null, place: "placeholder" };
  if (format.scale === "epci") {
    if (/^\d{9}$/.test(text)) return { code: text, place: "territory" };
    reader.report(format.territoryColumn, "SIREN d'EPCI (9 chiffres) attendu");
    return { code: null, place: "territory" };
  }
  const commune = parseCommuneCode(text);
  if (commune.ok) return { code: commune.value, place: "territory" };
  reader.report(format.territoryColumn, commune.reason);
  return { code: null, place: "territory" };
}

/**
 * Reads one line as published: every value column the file has becomes a figure of its indicator; a masked cell
 * (empty, `s`, `nd`, `<5`…) is skipped and counted, a malformed one is a problem naming its line and column.
 */
export function readCafRow(reader: RowReader, format: CafFormat): CafRow {
  const { code, place } = readPlace(reader, format);
  const year = reader.field(format.yearColumn, (raw) => parseReferenceYear(raw, format.yearColumn === "dtreffre"), { required: true });
  const cells: CafRow["cells"] = [];
  const masked: string[] = [];
  for (const indicator of format.values) {
    if (!reader.has(indicator)) continue;
    const raw = reader.raw(indicator);
    if (isMaskedCell(raw)) {
      masked.push(indicator);
      continue;
    }
    const value = reader.field(indicator, (cell) => parseNumber(cell, indicatorValueRule(indicator)));
    if (value !== null) cells.push({ indicator, value });
  }
  return { code, place, year, cells, masked };
}
