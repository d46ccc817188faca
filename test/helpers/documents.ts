import { inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";

/**
 * Reading generated documents back, as a reader would: the text of a PDF (its content streams inflated, the strings
 * of its text operators decoded from WinAnsi, the encoding of the standard fonts), the paragraphs of a DOCX, the cells
 * of an XLSX.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const lines: string[] = [];
  for (const match of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1], "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const parts: string[] = [];
      for (const op of block[1].matchAll(/\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
        const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [op[2]];
        for (const hex of hexes) parts.push(iconv.decode(Buffer.from(hex, "hex"), "windows-1252"));
      }
      lines.push(parts.join(""));
    }
  }
  // The no-break spaces of French numbers read as spaces.
  return lines.join("\n").replace(/\u00a0/g, " ");
}

export async function docxParagraphs(docx: Buffer): Promise<{ paragraphs: string[]; media: string[] }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file("word/document.xml")?.async("string");
  if (xml === undefined) throw new Error("word/document.xml missing");
  const xmlText = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    xmlText([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join("")).replace(/[\u00a0\u202f]/g, " "),
  );
  return { paragraphs, media: Object.keys(zip.files).filter((name) => name.startsWith("word/media/")) };
}

/** Each sheet's rows as arrays of cell values (numbers stay numbers, dates are ISO days). */
export async function xlsxRows(xlsx: Buffer): Promise<Map<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheets = new Map<string, unknown[][]>();
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.push(values.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
    });
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

/** The rows under a header row that starts with `first` (up to the next empty or heading row). */
export function tableAfter(rows: unknown[][], header: readonly string[]): unknown[][] {
  const start = rows.findIndex((row) => header.every((h, i) => row[i] === h));
  if (start < 0) throw new Error(`no table headed ${header.join(", ")}`);
  const body: unknown[][] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.length <= 1) break;
    body.push(row);
  }
  return body;
}
