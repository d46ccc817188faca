import { CsvError, parse } from "csv-parse/sync";
import { decodeText, type SourceEncoding } from "./decode";
import type { RawScalar, RawValue } from "./fields";
import type { ImportProblem } from "./problems";

/**
 * A file read into records, before any column is interpreted. CSV is parsed by csv-parse (never by
 * splitting lines): quoted fields may hold separators and line breaks. Every record keeps the line
 * where it starts in the file (CSV) or its position in the array (JSON), which is what the report names.
 */
export type SourceFormat = "csv" | "json" | "xlsx";

export interface SourceRecord {
  /** CSV: physical line where the record starts (the header is line 1). JSON: 1-based position in the array. */
  line: number;
  /** Values in the order of `SourceTable.headers` (undefined: a JSON record without that key). */
  values: ReadonlyArray<RawValue | undefined>;
}

export interface SourceTable {
  format: SourceFormat;
  /** Null when the bytes could not be decoded (the problem says why). */
  encoding: SourceEncoding | null;
  /** CSV only: the separator found in the header line. */
  delimiter: string | null;
  /** Headers in file order (JSON: every key met, in order of first appearance). */
  headers: string[];
  records: SourceRecord[];
  /** Problems of the file itself: broken quotes, wrong field counts, invalid JSON. */
  problems: ImportProblem[];
}

const problem = (line: number, reason: string, value: string | null = null): ImportProblem => ({ line, column: null, value, reason });

/** `;`, `,` or tab: the one found most often outside quotes in the header line (ties go to `;`, the French default). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [";", 0],
    [",", 0],
    ["\t", 0],
  ]);
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

/** Line where a record starts, from the line where it ends and the line breaks inside its quoted fields. */
function startLine(endLine: number, fields: readonly string[]): number {
  let breaks = 0;
  for (const field of fields) for (let i = field.indexOf("\n"); i >= 0; i = field.indexOf("\n", i + 1)) breaks++;
  return endLine - breaks;
}

/**
 * Problems of the records csv-parse skipped. A misplaced quote is reported on the line where it was
 * met. An unclosed quote swallows the rest of the file, so csv-parse stops at its end: the record
 * started on the first non-empty line after the last record read.
 */
function brokenQuoteProblems(text: string, skipped: ReadonlyArray<{ code: string; line: number }>, lastGoodLine: number): ImportProblem[] {
  if (skipped.length === 0) return [];
  const lines = text.split("\n");
  const lineText = (line: number) => (lines[line - 1] ?? "").slice(0, 80) || null;
  const problems: ImportProblem[] = [];
  const seen = new Set<number>();
  // Records skipped for a misplaced quote also come before the unclosed one.
  let lastRead = lastGoodLine;
  for (const s of skipped) if (s.code !== "CSV_QUOTE_NOT_CLOSED" && s.line > lastRead) lastRead = s.line;
  for (const { code, line: reportedLine } of skipped) {
    let line = reportedLine;
    if (code === "CSV_QUOTE_NOT_CLOSED") {
      line = lastRead + 1;
      while (line < lines.length && lines[line - 1].trim() === "") line++;
    }
    // csv-parse may stumble twice on one line (each misplaced quote): one problem per line.
    if (seen.has(line)) continue;
    seen.add(line);
    const reason =
      code === "CSV_QUOTE_NOT_CLOSED"
        ? "guillemet ouvert jamais refermé : le reste du fichier est illisible"
        : code === "INVALID_OPENING_QUOTE" || code === "CSV_INVALID_CLOSING_QUOTE"
          ? 'guillemet mal placé : entourez tout le champ de guillemets et doublez ceux qu\'il contient ("")'
          : `ligne illisible (${code})`;
    problems.push(problem(line, reason, lineText(line)));
  }
  return problems;
}

export function readCsv(text: string): Omit<SourceTable, "format" | "encoding"> {
  // One line break: csv-parse counts a CRLF inside a quoted field as two lines, which would shift
  // every later line number in the report. A CRLF inside a cell becomes LF, harmless in our fields.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const delimiter = detectDelimiter(normalized);
  const problems: ImportProblem[] = [];
  const skipped: Array<{ code: string; line: number }> = [];
  let parsed: string[][];
  try {
    parsed = parse(normalized, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // The line where each record ends, appended as a last field (cheaper than `info: true`, which
      // copies a context object per record); taken back below.
      on_record: (fields, context) => {
        fields.push(String(context.lines));
        return fields;
      },
      // A record with a broken quote is reported with its line and the parse goes on with the next
      // record, so one bad quote does not hide the other problems of the file.
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ code: String(error.code), line: Number(error.lines ?? 0) });
      },
    });
  } catch (error) {
    // skip_records_with_error handles record-level errors; what is left (e.g. an invalid option) is not the file's fault.
    if (error instanceof CsvError)
      return { delimiter, headers: [], records: [], problems: [problem(Number(error.lines ?? 1), error.message)] };
    throw error;
  }
  for (const broken of brokenQuoteProblems(normalized, skipped, parsed.length > 0 ? Number(parsed[parsed.length - 1].at(-1)) : 0))
    problems.push(broken);
  if (parsed.length === 0)
    return { delimiter, headers: [], records: [], problems: [...problems, problem(1, "fichier vide : une ligne d'en-têtes est attendue")] };
  const headers = parsed[0].slice(0, -1).map((name) => name.trim());
  const records: SourceRecord[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const fields = parsed[i];
    const endLine = Number(fields.pop());
    const line = startLine(endLine, fields);
    // Spreadsheets save rows of empty cells (";;;;") below the data: they are not records.
    if (fields.every((value) => value.trim() === "")) continue;
    if (fields.length !== headers.length) {
      // A trailing separator or a stray one is common in hand-made files: say how many fields were found.
      problems.push(
        problem(
          line,
          `${fields.length} champs au lieu de ${headers.length} (séparateur « ${delimiter === "\t" ? "tabulation" : delimiter} »)`,
        ),
      );
      continue;
    }
    records.push({ line, values: fields });
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
  if (!Array.isArray(document))
    return { headers: [], records: [], problems: [problem(1, "un tableau JSON d'enregistrements est attendu ([{…}, {…}])")] };
  // Headers are every key met, in order of first appearance; each record's values follow that order.
  const headers = [
    ...new Set(
      document.flatMap((item: unknown) => (item !== null && typeof item === "object" && !Array.isArray(item) ? Object.keys(item) : [])),
    ),
  ];
  const position = new Map(headers.map((header, i) => [header, i]));
  const records: SourceRecord[] = [];
  const problems: ImportProblem[] = [];
  document.forEach((item: unknown, index) => {
    const line = index + 1;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      problems.push(problem(line, "objet attendu"));
      return;
    }
    const values: Array<RawValue | undefined> = new Array(headers.length).fill(undefined);
    for (const [key, value] of Object.entries(item)) {
      if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) values[position.get(key) as number] = value as RawValue;
      else
        problems.push({
          line,
          column: key,
          value: JSON.stringify(value).slice(0, 80),
          reason: "valeur simple ou liste de valeurs simples attendue",
        });
    }
    records.push({ line, values });
  });
  return { headers, records, problems };
}

/** JSON when the name says so or the content starts with `[`; CSV otherwise. */
function isJson(fileName: string, start: string): boolean {
  return /\.json$/i.test(fileName) || (!/\.(csv|txt|tsv)$/i.test(fileName) && /^\uFEFF?\s*\[/.test(start));
}

export function readSource(bytes: Uint8Array, fileName: string): SourceTable {
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    // Undecodable bytes: nothing is read. A JSON report numbers records, so the file's line goes into the reason.
    const { line, reason } = decoded.failure;
    const json = isJson(fileName, Buffer.from(bytes.subarray(0, 64)).toString("latin1"));
    return {
      format: json ? "json" : "csv",
      encoding: decoded.encoding,
      delimiter: null,
      headers: [],
      records: [],
      problems: [json ? problem(1, `${reason} (ligne ${line} du fichier)`) : problem(line, reason)],
    };
  }
  const { text, encoding } = decoded;
  if (isJson(fileName, text)) return { format: "json", encoding, delimiter: null, ...readJson(text) };
  return { format: "csv", encoding, ...readCsv(text) };
}
