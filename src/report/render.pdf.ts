import PDFDocument from "pdfkit";
import { type Block, type Column, formatCell, type ReportDocument } from "./document";

/**
 * A report as PDF (pdfkit, A4, the standard Helvetica fonts: no font file to ship). Those fonts encode text in
 * WinAnsi: the narrow no-break space Intl puts in French numbers becomes a no-break space, and a character WinAnsi
 * lacks becomes "?" rather than a wrong glyph.
 */
const MARGIN = 48;
const COLORS = { text: "#1e1e1e", muted: "#555555", rule: "#bbbbbb", stress: "#b34000", series: ["#3558a2", "#e4794a", "#5e9e6e"] };

const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
export function pdfText(value: string): string {
  return [...value.replace(/\u202f/g, "\u00a0")]
    .map((c) => (c.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.has(c) ? c : c === "\u2011" ? "-" : "?"))
    .join("");
}

type Doc = PDFKit.PDFDocument;

const bottom = (doc: Doc) => doc.page.height - MARGIN;
const width = (doc: Doc) => doc.page.width - 2 * MARGIN;

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function table(doc: Doc, columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, stressed: readonly boolean[] = []): void {
  if (rows.length === 0) {
    doc.font("Helvetica-Oblique").fontSize(9).fillColor(COLORS.muted).text(pdfText("Aucune ligne."), MARGIN);
    doc.moveDown(0.5);
    return;
  }
  // Text columns share what the figures leave.
  const figureWidth = 62;
  const texts = columns.filter((c) => c.kind === "text").length || 1;
  const textWidth = (width(doc) - figureWidth * columns.filter((c) => c.kind !== "text").length) / texts;
  const widths = columns.map((c) => (c.kind === "text" ? textWidth : figureWidth));
  const line = (cells: readonly string[], font: string, color: string) => {
    doc.font(font).fontSize(8);
    const heights = cells.map((cell, i) => doc.heightOfString(pdfText(cell), { width: widths[i] - 4 }));
    const height = Math.max(...heights) + 4;
    ensureRoom(doc, height);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const align = columns[i].kind === "text" ? "left" : "right";
      doc.fillColor(color).text(pdfText(cell), x + 2, top + 2, { width: widths[i] - 4, align });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width(doc), top + height)
      .strokeColor(COLORS.rule)
      .lineWidth(0.5)
      .stroke();
    doc.y = top + height;
  };
  line(
    columns.map((c) => c.header),
    "Helvetica-Bold",
    COLORS.text,
  );
  rows.forEach((cells, i) => {
    line(cells, stressed[i] ? "Helvetica-Bold" : "Helvetica", stressed[i] ? COLORS.stress : COLORS.text);
  });
  doc.x = MARGIN;
  doc.moveDown(0.6);
}

/** Grouped bars, one colour per series, the values printed above the bars. */
function chart(doc: Doc, block: Extract<Block, { kind: "chart" }>): void {
  const height = 150;
  ensureRoom(doc, height + 50);
  doc.font("Helvetica-Bold").fontSize(9).fillColor(COLORS.text).text(pdfText(block.title), MARGIN);
  const top = doc.y + 14;
  const values = block.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const groupWidth = width(doc) / Math.max(1, block.categories.length);
  const barWidth = Math.min(40, (groupWidth - 12) / Math.max(1, block.series.length));
  block.categories.forEach((category, i) => {
    const left = MARGIN + i * groupWidth + 6;
    block.series.forEach((series, j) => {
      const value = series.values[i];
      if (value === null || value === undefined) return;
      const barHeight = (Math.max(0, value) / max) * (height - 20);
      const x = left + j * barWidth;
      doc.rect(x, top + height - barHeight, barWidth - 2, barHeight).fill(COLORS.series[j % COLORS.series.length]);
      doc
        .font("Helvetica")
        .fontSize(6)
        .fillColor(COLORS.text)
        .text(pdfText(formatCell({ kind: "decimal", value })), x - 6, top + height - barHeight - 9, {
          width: barWidth + 10,
          align: "center",
        });
    });
    doc
      .fontSize(7)
      .fillColor(COLORS.text)
      .text(pdfText(category), left, top + height + 3, { width: groupWidth - 12, align: "center" });
  });
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(MARGIN + width(doc), top + height)
    .strokeColor(COLORS.muted)
    .stroke();
  let x = MARGIN;
  const legendY = top + height + 16;
  block.series.forEach((series, j) => {
    doc.rect(x, legendY, 8, 8).fill(COLORS.series[j % COLORS.series.length]);
    doc
      .font("Helvetica")
      .fontSize(7)
      .fillColor(COLORS.text)
      .text(pdfText(`${series.name} (${block.unit})`), x + 11, legendY, { lineBreak: false });
    x += 130;
  });
  doc.x = MARGIN;
  doc.y = legendY + 18;
}

function write(doc: Doc, block: Block): void {
  switch (block.kind) {
    case "title":
      doc.font("Helvetica-Bold").fontSize(18).fillColor(COLORS.text).text(pdfText(block.text), MARGIN);
      doc.font("Helvetica").fontSize(10).fillColor(COLORS.muted).text(pdfText(block.subtitle));
      doc.moveDown();
      return;
    case "heading":
      ensureRoom(doc, 40);
      doc.moveDown(0.4);
      doc
        .font("Helvetica-Bold")
        .fontSize(block.level === 1 ? 13 : 11)
        .fillColor(COLORS.text)
        .text(pdfText(block.text), MARGIN);
      doc.moveDown(0.3);
      return;
    case "paragraph":
      doc.font("Helvetica").fontSize(9).fillColor(COLORS.text).text(pdfText(block.text), MARGIN);
      doc.moveDown(0.5);
      return;
    case "facts":
      table(
        doc,
        [
          { header: "", kind: "text" },
          { header: "", kind: "text" },
        ],
        block.rows.map(([label, cell]) => [label, formatCell(cell)]),
      );
      return;
    case "table":
      table(
        doc,
        block.columns,
        block.rows.map((cells) => cells.map(formatCell)),
        block.stressed,
      );
      return;
    case "chart":
      chart(doc, block);
      return;
    case "pageBreak":
      doc.addPage();
      return;
  }
}

export function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: pdfText(report.title), Producer: "ctg-hub" }, lang: "fr-FR" });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const section of report.sections) for (const block of section.blocks) write(doc, block);
  doc.end();
  return done;
}
