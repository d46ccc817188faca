import type { RequestScope } from "../db/request-scope";
import { bilanDocument } from "./bilan.layout";
import { type BilanSubject, gatherBilan } from "./bilan.service";

export const BILAN_FORMATS = ["pdf", "docx", "xlsx"] as const;
export type BilanFormat = (typeof BILAN_FORMATS)[number];
export const isBilanFormat = (value: string): value is BilanFormat => (BILAN_FORMATS as readonly string[]).includes(value);

const CONTENT_TYPES: Record<BilanFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface RenderedBilan {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/** The renderers are loaded on the first bilan, not at start-up (pdfkit, docx and exceljs weigh on a cold start). */
async function render(format: BilanFormat, document: ReturnType<typeof bilanDocument>): Promise<Buffer> {
  if (format === "pdf") return (await import("./render.pdf")).renderPdf(document);
  if (format === "docx") return (await import("./render.docx")).renderDocx(document);
  return (await import("./render.xlsx")).renderXlsx(document);
}

/** The comité de pilotage's bilan of a convention or a département for a year, in one format. */
export async function renderBilan(scope: RequestScope, subject: BilanSubject, year: number, format: BilanFormat): Promise<RenderedBilan> {
  const bilan = await gatherBilan(scope, subject, year);
  const name = subject.kind === "convention" ? subject.reference : `departement-${subject.code}`;
  return {
    body: await render(format, bilanDocument(bilan)),
    contentType: CONTENT_TYPES[format],
    fileName: `bilan-${year}-${name}.${format}`,
  };
}
