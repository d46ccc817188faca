import ExcelJS from "exceljs";
import type { Block, Cell, ReportDocument } from "./document";

/**
 * A report as a workbook: a sheet per section, its blocks one under the other. Figures are numbers and dates are
 * dates (with French display formats), so they can be summed and charted; the charts themselves are their tables.
 */
const NUMBER_FORMATS: Partial<Record<Cell["kind"], string>> = {
  integer: "# ##0",
  decimal: "# ##0.##",
  euros: '# ##0 "€"',
  share: "0.0 %",
  date: "dd/mm/yyyy",
};

/** Excel's sheet names: 31 characters at most, none of : \ / ? * [ ], unique. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, "-").slice(0, 31) || "Feuille";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function value(cell: Cell): string | number | Date | null {
  if (cell.value === null) return null;
  if (cell.kind === "date") return new Date(`${cell.value}T00:00:00Z`);
  return cell.value;
}

function write(sheet: ExcelJS.Worksheet, block: Block): void {
  const put = (cells: ReadonlyArray<Cell | string>, bold = false) => {
    const row = sheet.addRow(cells.map((c) => (typeof c === "string" ? c : value(c))));
    cells.forEach((c, i) => {
      const format = typeof c === "string" ? undefined : NUMBER_FORMATS[c.kind];
      if (format) row.getCell(i + 1).numFmt = format;
    });
    if (bold) row.font = { bold: true };
    return row;
  };
  switch (block.kind) {
    case "title":
      put([block.text]).font = { bold: true, size: 14 };
      put([block.subtitle]);
      sheet.addRow([]);
      return;
    case "heading":
      sheet.addRow([]);
      put([block.text]).font = { bold: true, size: block.level === 1 ? 13 : 11 };
      return;
    case "paragraph":
      put([block.text]);
      return;
    case "facts":
      for (const [label, cell] of block.rows) put([label, cell]);
      return;
    case "table":
      put(
        block.columns.map((c) => c.header),
        true,
      );
      block.rows.forEach((cells, i) => {
        const row = put(cells);
        if (block.stressed?.[i]) row.font = { color: { argb: "FFB34000" }, bold: true };
      });
      return;
    case "chart":
      // The chart's data, as a table a spreadsheet user can chart.
      put([block.title], true);
      put(["", ...block.categories], true);
      for (const series of block.series)
        put([`${series.name} (${block.unit})`, ...series.values.map((v) => ({ kind: "decimal", value: v }) as Cell)]);
      return;
    case "pageBreak":
      return;
  }
}

export async function renderXlsx(report: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ctg-hub";
  workbook.title = report.title;
  const taken = new Set<string>();
  for (const section of report.sections) {
    const sheet = workbook.addWorksheet(sheetName(section.name, taken));
    sheet.getColumn(1).width = 44;
    for (let c = 2; c <= 8; c++) sheet.getColumn(c).width = 18;
    for (const block of section.blocks) write(sheet, block);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
