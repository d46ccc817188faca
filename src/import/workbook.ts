import type { RawScalar } from "./fields";
import type { SourceRecord, SourceTable } from "./source-file";

/**
 * An XLSX workbook read into tables, one per sheet: the first row is the header, each later non-empty row a record
 * numbered as the spreadsheet numbers it (row 2 is the first record), so a problem names the row a user sees.
 * Dates become ISO days, formulas their result, rich text and links their text.
 */
function scalar(value: unknown): RawScalar {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object") {
    const v = value as { result?: unknown; text?: unknown; richText?: Array<{ text: string }>; error?: string };
    if (v.richText) return v.richText.map((part) => part.text).join("");
    if ("result" in v) return scalar(v.result);
    if (typeof v.text === "string") return v.text;
    if (v.error) return v.error;
  }
  return String(value);
}

export class WorkbookError extends Error {}

export async function readWorkbook(bytes: Uint8Array): Promise<Map<string, SourceTable>> {
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new WorkbookError(`Classeur illisible (XLSX attendu) : ${error instanceof Error ? error.message : String(error)}`);
  }
  const tables = new Map<string, SourceTable>();
  workbook.eachSheet((sheet) => {
    const headerRow = sheet.getRow(1);
    const headers: string[] = [];
    headerRow.eachCell({ includeEmpty: true }, (cell, column) => {
      headers[column - 1] = String(scalar(cell.value) ?? "").trim();
    });
    const records: SourceRecord[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const values = headers.map((_, i) => {
        const value = scalar(row.getCell(i + 1).value);
        return typeof value === "string" && value.trim() === "" ? null : value;
      });
      if (values.every((v) => v === null)) return;
      records.push({ line: number, values });
    });
    tables.set(sheet.name, { format: "xlsx", encoding: null, delimiter: null, headers, records, problems: [] });
  });
  return tables;
}
