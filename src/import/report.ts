import type { ImportKindName, TableCount } from "./kind";
import type { ImportProblem } from "./problems";
import type { SourceFormat, SourceTable } from "./source-file";

/** What an import did, or would do (dry run), or why it refused the file. */
export interface ImportReport {
  kind: ImportKindName;
  file: string;
  format: SourceFormat;
  encoding: SourceTable["encoding"];
  delimiter: string | null;
  /** Records read (CSV lines after the header, or JSON array items). */
  rows: number;
  status: "applied" | "dry-run" | "rejected";
  /** Every problem of the file, in file order; empty unless rejected. */
  problems: ImportProblem[];
  /** Per table: created, updated, unchanged. Empty when rejected. */
  counts: TableCount[];
  /** Headers the kind does not read (open-data files only; elsewhere an unknown header is a problem). */
  ignoredColumns: string[];
  durationMs: number;
}

const DELIMITER_NAMES: Record<string, string> = { ";": "« ; »", ",": "« , »", "\t": "tabulation" };

const plural = (n: number, singular: string, pluralForm = `${singular}s`) => `${n.toLocaleString("fr-FR")} ${n > 1 ? pluralForm : singular}`;

/** "ligne 12, colonne ends_on, valeur « 2020-01-01 » : la fin précède le début" (JSON: "enregistrement 12"). */
export function formatProblem(problem: ImportProblem, format: SourceFormat): string {
  const place = [`${format === "json" ? "enregistrement" : "ligne"} ${problem.line}`];
  if (problem.column !== null) place.push(`colonne ${problem.column}`);
  if (problem.value !== null) place.push(`valeur « ${problem.value} »`);
  return `${place.join(", ")} : ${problem.reason}`;
}

export function formatCounts(counts: readonly TableCount[]): string[] {
  const width = Math.max(12, ...counts.map((c) => c.label.length));
  const cell = (value: string | number, size: number) => String(value).padStart(size);
  return [
    `  ${"".padEnd(width)}  ${cell("créations", 10)}  ${cell("modifications", 13)}  ${cell("sans changement", 15)}`,
    ...counts.map((c) => `  ${c.label.padEnd(width)}  ${cell(c.created, 10)}  ${cell(c.updated, 13)}  ${cell(c.unchanged, 15)}`),
  ];
}

/** The report as the command line prints it, in French. */
export function formatReport(report: ImportReport): string {
  const source = report.format === "json"
    ? `JSON, ${plural(report.rows, "enregistrement")}`
    : `CSV ${report.encoding === "utf-8" ? "UTF-8" : "Windows-1252"}, séparateur ${DELIMITER_NAMES[report.delimiter ?? ";"] ?? report.delimiter}, ${plural(report.rows, "ligne")}`;
  const lines = [`Import ${report.kind} depuis ${report.file} (${source})`];
  if (report.ignoredColumns.length > 0) lines.push(`Colonnes ignorées : ${report.ignoredColumns.join(", ")}`);
  if (report.status === "rejected") {
    lines.push(`Import refusé : ${plural(report.problems.length, "problème")}, rien n'a été écrit.`);
    lines.push(...report.problems.map((p) => `  ${formatProblem(p, report.format)}`));
    return lines.join("\n");
  }
  lines.push(report.status === "dry-run"
    ? `Simulation (--dry-run), rien n'a été écrit. L'import ferait (${report.durationMs} ms) :`
    : `Import appliqué en une transaction (${report.durationMs} ms) :`);
  lines.push(...formatCounts(report.counts));
  const changed = report.counts.reduce((sum, c) => sum + c.created + c.updated, 0);
  if (changed === 0) lines.push("Rien à changer : la base contient déjà ces données.");
  return lines.join("\n");
}
