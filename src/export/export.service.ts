import { TerritoryLevel } from "../analytics/analytics.types";
import type { RequestScope } from "../db/request-scope";
import { CODE_FORMATS, isDepartmentCode } from "../common/codes";
import { isIsoDate, type IsoDate } from "../common/date";
import { normalizeKey } from "../import/fields";
import { REPORT_NAMES, buildReport, isReportName, type ReportName, type ReportParameters } from "./reports";
import { CONTENT_TYPES, EXPORT_FORMATS, exportFileName, isExportFormat, renderExport, type ExportFormat } from "./writers";

/** A request the caller got wrong: the HTTP route answers 400, the command line exits with 2. */
export class ExportInputError extends Error {}

export interface ExportRequest {
  report: ReportName;
  format: ExportFormat;
  parameters: ReportParameters;
  decimalComma: boolean;
}

/** What the command line and the HTTP route receive, as text. */
export interface RawExportRequest {
  report?: string;
  format?: string;
  department?: string;
  asOf?: string;
  level?: string;
  decimalComma?: string | boolean;
}

const LEVELS: Record<string, TerritoryLevel> = {
  intercommunality: TerritoryLevel.INTERCOMMUNALITY,
  epci: TerritoryLevel.INTERCOMMUNALITY,
  commune: TerritoryLevel.COMMUNE,
};

function parseFlag(value: string | boolean | undefined): boolean {
  if (value === undefined || typeof value === "boolean") return value ?? false;
  return ["", "1", "true", "oui", "yes"].includes(value.toLowerCase());
}

/** Checks every argument before any query runs; `today` is the default date (Europe/Paris). */
export function parseExportRequest(raw: RawExportRequest, today: IsoDate): ExportRequest {
  const report = raw.report ?? "";
  if (!isReportName(report)) throw new ExportInputError(`rapport inconnu « ${report} » : ${REPORT_NAMES.join(", ")}`);
  const format = (raw.format ?? "csv").toLowerCase();
  if (!isExportFormat(format)) throw new ExportInputError(`format inconnu « ${raw.format} » : ${EXPORT_FORMATS.join(", ")}`);
  const department = (raw.department ?? "").toUpperCase();
  if (!department) throw new ExportInputError("département manquant (ex. department=52)");
  if (!isDepartmentCode(department))
    throw new ExportInputError(`département : attendu ${CODE_FORMATS.department}, reçu « ${raw.department} »`);
  const asOf = raw.asOf ?? today;
  if (!isIsoDate(asOf)) throw new ExportInputError(`date d'observation : attendu AAAA-MM-JJ, reçu « ${asOf} »`);
  const level = raw.level === undefined ? TerritoryLevel.INTERCOMMUNALITY : LEVELS[normalizeKey(raw.level)];
  if (level === undefined) throw new ExportInputError(`maille inconnue « ${raw.level} » : INTERCOMMUNALITY ou COMMUNE`);
  return { report, format, parameters: { department, asOf, level }, decimalComma: parseFlag(raw.decimalComma) };
}

export interface RenderedExport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The report, as the viewer may see it, in the requested format. */
export async function runExport(ctx: RequestScope, request: ExportRequest): Promise<RenderedExport> {
  const table = await buildReport(ctx, request.report, request.parameters);
  return {
    body: await renderExport(table, request.format, { decimalComma: request.decimalComma }),
    contentType: CONTENT_TYPES[request.format],
    fileName: exportFileName(table, request.format),
  };
}
