import { CsvError, parse } from "csv-parse/sync";
import type { RawScalar, RawValue } from "./fields";
import type { ImportProblem } from "./problems";

/**
 * A file read into records, before any column is interpreted. CSV is parsed by csv-parse (never by
 * splitting lines): quoted fields may hold separators and line breaks. Every record keeps the line
 * where it starts in the file (CSV) or its position in the array (JSON), which is what the report names.
 */
export type SourceFormat = "csv" | "json";

export interface SourceRecord {
  /** CSV: physical line where the record starts (the header is line 1). JSON: 1-based position in the array. */
  line: number;
  /** Values by header, as written in the file. */
  values: Map<string, RawValue>;
}

export interface SourceTable {
  format: SourceFormat;
  encoding: "utf-8" | "windows-1252";
  /** CSV only: the separator found in the header line. */
  delimiter: string | null;
  /** Headers in file order (JSON: every key met, in order of first appearance). */
  headers: string[];
  records: SourceRecord[];
  /** Problems of the file itself: broken quotes, wrong field counts, invalid JSON. */
  problems: ImportProblem[];
}

const problem = (line: number, reason: string, value: string | null = null): ImportProblem => ({ line, column: null, value, reason });

/**
 * UTF-8 (a BOM is dropped). A file that is not valid UTF-8 is read as Windows-1252: that is what a
 * French Excel writes with "CSV (séparateur : point-virgule)", and reading it as UTF-8 would turn
 * every accent into a replacement character silently.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: SourceTable["encoding"] } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** `;`, `,` or tab: the one found most often outside quotes in the header line (ties go to `;`, the French default). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[";", 0], [",", 0], ["\t", 0]]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ";";
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/** Line where a record starts: csv-parse gives the line where it ends, and the raw text tells how many line breaks it spans. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(\r?\n|\r)+/, "").replace(/(\r?\n|\r)$/, "");
  const breaks = body.match(/\r?\n|\r/g)?.length ?? 0;
  return endLine - breaks;
}

interface ParsedCsvRecord { record: string[]; info: { lines: number }; raw: string }

export function readCsv(text: string): Omit<SourceTable, "format" | "encoding"> {
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ""));
  const problems: ImportProblem[] = [];
  let parsed: ParsedCsvRecord[];
  try {
    parsed = parse(text, {
      bom: true,
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A record with a broken quote is reported with its line and the parse goes on with the next
      // record, so one bad quote does not hide the other problems of the file.
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        if (!error) return;
        const line = startLine(Number(error.lines ?? 0), raw ?? "");
        const reason = error.code === "CSV_QUOTE_NOT_CLOSED"
          ? "guillemet ouvert jamais refermé : le reste du fichier est illisible"
          : error.code === "INVALID_OPENING_QUOTE" || error.code === "CSV_INVALID_CLOSING_QUOTE"
            ? "guillemet mal placé : entourez tout le champ de guillemets et doublez ceux qu'il contient (\"\")"
            : `ligne illisible (${error.code})`;
        problems.push(problem(line, reason, (raw ?? "").split(/\r?\n|\r/)[0].slice(0, 80) || null));
      },
    }) as ParsedCsvRecord[];
  } catch (error) {
    // skip_records_with_error handles record-level errors; what is left (e.g. an invalid option) is not the file's fault.
    if (error instanceof CsvError) return { delimiter, headers: [], records: [], problems: [problem(Number(error.lines ?? 1), error.message)] };
    throw error;
  }
  if (parsed.length === 0) return { delimiter, headers: [], records: [], problems: [...problems, problem(1, "fichier vide : une ligne d'en-têtes est attendue")] };
  const [header, ...rows] = parsed;
  const headers = header.record.map((name) => name.trim());
  const records: SourceRecord[] = [];
  for (const row of rows) {
    const line = startLine(row.info.lines, row.raw);
    // Spreadsheets save rows of empty cells (";;;;") below the data: they are not records.
    if (row.record.every((value) => value.trim() === "")) continue;
    if (row.record.length !== headers.length) {
      // A trailing separator or a stray one is common in hand-made files: say how many fields were found.
      problems.push(problem(line, `${row.record.length} champs au lieu de ${headers.length} (séparateur « ${delimiter === "\t" ? "tabulation" : delimiter} »)`));
      continue;
    }
    records.push({ line, values: new Map(headers.map((name, i) => [name, row.record[i]])) });
  }
  return { delimiter, headers, records, problems };
}

function isScalar(value: unknown): value is RawScalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function readJson(text: string): Omit<SourceTable, "format" | "encoding" | "delimiter"> {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { headers: [], records: [], problems: [problem(1, `JSON invalide : ${(error as Error).message}`)] };
  }
  if (!Array.isArray(document)) return { headers: [], records: [], problems: [problem(1, "un tableau JSON d'enregistrements est attendu ([{…}, {…}])")] };
  const headers: string[] = [];
  const seen = new Set<string>();
  const records: SourceRecord[] = [];
  const problems: ImportProblem[] = [];
  document.forEach((item: unknown, index) => {
    const line = index + 1;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      problems.push(problem(line, "objet attendu"));
      return;
    }
    const values = new Map<string, RawValue>();
    for (const [key, value] of Object.entries(item)) {
      if (!seen.has(key)) {
        seen.add(key);
        headers.push(key);
      }
      if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) values.set(key, value as RawValue);
      else problems.push({ line, column: key, value: JSON.stringify(value).slice(0, 80), reason: "valeur simple ou liste de valeurs simples attendue" });
    }
    records.push({ line, values });
  });
  return { headers, records, problems };
}

/** JSON when the name says so or the content starts with `[`; CSV otherwise. */
export function readSource(bytes: Uint8Array, fileName: string): SourceTable {
  const { text, encoding } = decodeText(bytes);
  const json = /\.json$/i.test(fileName) || (!/\.(csv|txt|tsv)$/i.test(fileName) && /^\uFEFF?\s*\[/.test(text));
  if (json) return { format: "json", encoding, delimiter: null, ...readJson(text) };
  return { format: "csv", encoding, ...readCsv(text) };
}
