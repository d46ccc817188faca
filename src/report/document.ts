import type { IsoDate } from "../common/date";

/** A report asked for something that does not exist (HTTP 404). */
export class ReportNotFoundError extends Error {}

/**
 * A report as a neutral list of blocks, laid out once (bilan.layout.ts) and written by each renderer (PDF, DOCX,
 * XLSX): the three formats hold the same figures by construction. Cells keep their type, so a spreadsheet stores
 * numbers and dates while the PDF and the DOCX print them in French.
 */
export type CellKind = "text" | "integer" | "year" | "euros" | "share" | "decimal" | "date";

export type Cell =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "integer" | "year" | "euros" | "share" | "decimal"; readonly value: number | null }
  | { readonly kind: "date"; readonly value: IsoDate | null };

export interface Column {
  readonly header: string;
  readonly kind: CellKind;
}

export interface ChartSeries {
  readonly name: string;
  readonly values: ReadonlyArray<number | null>;
}

export type Block =
  | { readonly kind: "title"; readonly text: string; readonly subtitle: string }
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "facts"; readonly rows: ReadonlyArray<readonly [string, Cell]> }
  | {
      readonly kind: "table";
      readonly columns: readonly Column[];
      readonly rows: ReadonlyArray<readonly Cell[]>;
      /** Rows to stress (late actions). */
      readonly stressed?: readonly boolean[];
    }
  | {
      readonly kind: "chart";
      readonly title: string;
      readonly unit: string;
      readonly categories: readonly string[];
      readonly series: readonly ChartSeries[];
    }
  | { readonly kind: "pageBreak" };

export interface ReportDocument {
  readonly title: string;
  /** Sections: one per convention, and one for what they share (a spreadsheet writes a sheet per section). */
  readonly sections: ReadonlyArray<{ readonly name: string; readonly blocks: readonly Block[] }>;
}

export const text = (value: string | null | undefined): Cell => ({ kind: "text", value: value ?? "—" });
export const integer = (value: number | null): Cell => ({ kind: "integer", value });
export const year = (value: number | null): Cell => ({ kind: "year", value });
export const euros = (value: number | null): Cell => ({ kind: "euros", value });
export const share = (value: number | null): Cell => ({ kind: "share", value });
export const decimal = (value: number | null): Cell => ({ kind: "decimal", value });
export const date = (value: IsoDate | null): Cell => ({ kind: "date", value });

const INTEGER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const EUROS = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const SHARE = new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const DAY = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A cell as the dashboard prints it ("12 241", "45,3 %", "12 décembre 2023", "1 250 €"; a dash for nothing). */
export function formatCell(cell: Cell): string {
  if (cell.value === null) return "—";
  switch (cell.kind) {
    case "text":
      return cell.value;
    case "integer":
      return INTEGER.format(cell.value);
    case "year":
      return String(cell.value);
    case "decimal":
      return DECIMAL.format(cell.value);
    case "euros":
      return EUROS.format(cell.value);
    case "share":
      return SHARE.format(cell.value);
    case "date":
      return DAY.format(new Date(`${cell.value}T00:00:00Z`));
  }
}
