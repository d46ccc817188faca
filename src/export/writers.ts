import { stringify } from "csv-stringify/sync";
import type { Cell, ReportColumn, ReportTable } from "./reports";

/** Formats of an export and what each is sent as. */
export const EXPORT_FORMATS = ["csv", "json", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface CsvOptions {
  /** `0,5432` instead of `0.5432`: what a French spreadsheet reads as a number. */
  decimalComma?: boolean;
}

/** A cell as CSV text: labels for enums, oui/non for booleans, ISO dates, empty for null. */
export function csvCell(value: Cell, column: ReportColumn, options: CsvOptions = {}): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value === "number") {
    const text = String(value);
    return options.decimalComma ? text.replace(".", ",") : text;
  }
  if (column.type === "enum") return column.labels?.[value] ?? value;
  return value;
}

/**
 * CSV that opens right in a French spreadsheet: UTF-8 with a BOM (otherwise Excel reads the accents
 * as Windows-1252), `;` as separator, CRLF line ends, French headers.
 */
export function toCsv(table: ReportTable, options: CsvOptions = {}): string {
  const records = [
    table.columns.map((c) => c.header),
    ...table.rows.map((row) => table.columns.map((c) => csvCell(row[c.key] ?? null, c, options))),
  ];
  return stringify(records, { delimiter: ";", bom: true, record_delimiter: "windows" });
}

/** JSON: the rows keyed by GraphQL field names, numbers as numbers, enum codes as the API gives them. */
export function toJson(table: ReportTable): string {
  return `${JSON.stringify(
    {
      report: table.report,
      title: table.title,
      parameters: table.parameters,
      columns: table.columns.map(({ key, header, type }) => ({ key, header, type })),
      rows: table.rows,
    },
    null,
    2,
  )}\n`;
}

const NUMBER_FORMATS: Partial<Record<ReportColumn["type"], string>> = {
  integer: "#,##0",
  share: "0.00%",
  euros: '#,##0.00 "€"',
  date: "dd/mm/yyyy",
};

/** A cell as a typed spreadsheet value: numbers stay numbers, dates become dates, enums their labels. */
export function xlsxCell(value: Cell, column: ReportColumn): string | number | boolean | Date | null {
  if (value === null) return null;
  if (column.type === "date" && typeof value === "string") return new Date(`${value}T00:00:00Z`);
  if (column.type === "boolean" && typeof value === "boolean") return value ? "oui" : "non";
  if (column.type === "enum" && typeof value === "string") return column.labels?.[value] ?? value;
  return value;
}

/** A workbook with the report (typed cells, frozen bold header, number formats) and a sheet of its parameters. */
export async function toXlsx(table: ReportTable): Promise<Buffer> {
  // Loaded on the first xlsx export, not at start-up: exceljs and its dependencies are a third of the hub's modules.
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ctg-hub";
  const sheet = workbook.addWorksheet(table.report, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.min(40, Math.max(10, c.header.length + 2)),
    style: NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => xlsxCell(row[c.key] ?? null, c)));
  const about = workbook.addWorksheet("paramètres");
  about.addRows([
    ["Rapport", table.title],
    ["Département", table.parameters.department],
    ["Date d'observation", new Date(`${table.parameters.asOf}T00:00:00Z`)],
    ...(table.report === "compare" ? [["Maille", table.parameters.level === "COMMUNE" ? "communes" : "EPCI"]] : []),
    ["Source", "ctg-hub : mêmes chiffres que l'API GraphQL"],
  ]);
  about.getCell("B3").numFmt = "dd/mm/yyyy";
  about.getColumn(1).width = 22;
  about.getColumn(2).width = 70;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The export in the requested format, as bytes. */
export async function renderExport(table: ReportTable, format: ExportFormat, options: CsvOptions = {}): Promise<Buffer> {
  if (format === "xlsx") return toXlsx(table);
  return Buffer.from(format === "csv" ? toCsv(table, options) : toJson(table), "utf8");
}

/** compare-52-INTERCOMMUNALITY-2025-06-30.csv */
export function exportFileName(table: ReportTable, format: ExportFormat): string {
  const level = table.report === "compare" ? `-${table.parameters.level}` : "";
  return `${table.report}-${table.parameters.department}${level}-${table.parameters.asOf}.${format}`;
}
