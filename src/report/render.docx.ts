import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { type Block, type Cell, formatCell, type ReportDocument } from "./document";
import { barChartPng, CHART_SIZE } from "./png-chart";

/** A report as a Word document (docx): headings, tables, and each chart as a picture with its values in words. */
const STRESS = "B34000";

function cellParagraph(value: string, cell: Cell["kind"], bold = false, color?: string): Paragraph {
  return new Paragraph({
    alignment: cell === "text" ? AlignmentType.LEFT : AlignmentType.RIGHT,
    children: [new TextRun({ text: value, bold, color, size: 18 })],
  });
}

function table(
  header: readonly string[],
  kinds: readonly Cell["kind"][],
  rows: ReadonlyArray<readonly string[]>,
  stressed: readonly boolean[] = [],
) {
  const headerRow = new TableRow({
    tableHeader: true,
    children: header.map(
      (h, i) =>
        new TableCell({
          shading: { type: ShadingType.CLEAR, color: "auto", fill: "E8EDF6" },
          children: [cellParagraph(h, kinds[i], true)],
        }),
    ),
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      headerRow,
      ...rows.map(
        (cells, r) =>
          new TableRow({
            children: cells.map(
              (value, i) => new TableCell({ children: [cellParagraph(value, kinds[i], stressed[r], stressed[r] ? STRESS : undefined)] }),
            ),
          }),
      ),
    ],
  });
}

function blocks(block: Block): Array<Paragraph | Table> {
  switch (block.kind) {
    case "title":
      return [new Paragraph({ heading: HeadingLevel.TITLE, text: block.text }), new Paragraph({ text: block.subtitle })];
    case "heading":
      return [new Paragraph({ heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, text: block.text })];
    case "paragraph":
      return [new Paragraph({ text: block.text })];
    case "facts":
      return [
        table(
          ["", ""],
          ["text", "text"],
          block.rows.map(([label, cell]) => [label, formatCell(cell)]),
        ),
        new Paragraph({ text: "" }),
      ];
    case "table":
      if (block.rows.length === 0) return [new Paragraph({ children: [new TextRun({ text: "Aucune ligne.", italics: true })] })];
      return [
        table(
          block.columns.map((c) => c.header),
          block.columns.map((c) => c.kind),
          block.rows.map((cells) => cells.map(formatCell)),
          block.stressed,
        ),
        new Paragraph({ text: "" }),
      ];
    case "chart": {
      // The values in words: the picture's alternative text and the caption under it.
      const described = block.series
        .map(
          (s) =>
            `${s.name} : ${block.categories.map((c, i) => `${c} ${formatCell({ kind: "decimal", value: s.values[i] ?? null })}`).join(", ")}`,
        )
        .join(" ; ");
      return [
        new Paragraph({ children: [new TextRun({ text: block.title, bold: true })] }),
        new Paragraph({
          children: [
            new ImageRun({
              type: "png",
              data: barChartPng(block.categories.length, block.series),
              transformation: { width: CHART_SIZE.width * 0.9, height: CHART_SIZE.height * 0.9 },
              altText: { name: block.title, title: block.title, description: described },
            }),
          ],
        }),
        new Paragraph({ children: [new TextRun({ text: `${described} (${block.unit}).`, size: 16, color: "555555" })] }),
      ];
    }
    case "pageBreak":
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

export function renderDocx(report: ReportDocument): Promise<Buffer> {
  const document = new Document({
    title: report.title,
    creator: "ctg-hub",
    styles: { default: { document: { run: { font: "Arial", size: 20 } } } },
    sections: [{ children: report.sections.flatMap((section) => section.blocks.flatMap(blocks)) }],
  });
  return Packer.toBuffer(document);
}
