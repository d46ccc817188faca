import type { ImportKindName, SkippedCount, TableCount } from "./kind";
import { ENCODING_LABELS } from "./decode";
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
  /** The first problems of the file (at most REPORTED_PROBLEMS), in file order; empty unless rejected. */
  problems: ImportProblem[];
  /** How many problems the file has in all (`problems` shows the first ones). */
  problemCount: number;
  /** Values read otherwise than written (a former commune code read as the current commune), the first ones. */
  notices: ImportProblem[];
  /** How many values were read otherwise than written. */
  noticeCount: number;
  /** Per table: created, updated, unchanged. Empty when rejected. */
  counts: TableCount[];
  /** Headers the kind does not read (open-data files only; elsewhere an unknown header is a problem). */
  ignoredColumns: string[];
  /** What the file holds but the import leaves out on purpose (masked values of open data), by reason. */
  skipped?: SkippedCount[];
  durationMs: number;
}

const DELIMITER_NAMES: Record<string, string> = { ";": "« ; »", ",": "« , »", "\t": "tabulation" };

const plural = (n: number, singular: string, pluralForm = `${singular}s`) =>
  `${n.toLocaleString("fr-FR")} ${n > 1 ? pluralForm : singular}`;

/** "ligne 12, colonne ends_on, valeur « 2020-01-01 » : la fin précède le début" (JSON: "enregistrement 12"). */
export function formatProblem(problem: ImportProblem, format: SourceFormat): string {
  const place = [`${format === "json" ? "enregistrement" : "ligne"} ${problem.line}`];
  if (problem.column !== null) place.push(`colonne ${problem.column}`);
  if (problem.value !== null) place.push(`valeur « ${problem.value} »`);
  return `${place.join(", ")} : ${problem.reason}`;
}

export function formatCounts(counts: readonly TableCount[]): string[] {
  const width = counts.reduce((widest, c) => Math.max(widest, c.label.length), 12);
  const cell = (value: string | number, size: number) => String(value).padStart(size);
  // The replace mode's column, only when it ran.
  const replaced = counts.some((c) => c.deleted !== undefined);
  const deleted = (value: string | number) => (replaced ? `  ${cell(value, 12)}` : "");
  return [
    `  ${"".padEnd(width)}  ${cell("créations", 10)}  ${cell("modifications", 13)}  ${cell("sans changement", 15)}${deleted("suppressions")}`,
    ...counts.map(
      (c) =>
        `  ${c.label.padEnd(width)}  ${cell(c.created, 10)}  ${cell(c.updated, 13)}  ${cell(c.unchanged, 15)}${deleted(c.deleted ?? 0)}`,
    ),
  ];
}

function describeSource(report: ImportReport): string {
  if (report.format === "json") return `JSON, ${plural(report.rows, "enregistrement")}`;
  if (report.format === "xlsx") return `feuille de classeur XLSX, ${plural(report.rows, "ligne")}`;
  if (report.encoding === null) return "CSV, encodage illisible";
  return `CSV ${ENCODING_LABELS[report.encoding]}, séparateur ${DELIMITER_NAMES[report.delimiter ?? ";"] ?? report.delimiter}, ${plural(report.rows, "ligne")}`;
}

/** The report as the command line prints it, in French. Lines are appended one by one: no spread of a long list. */
export function formatReport(report: ImportReport): string {
  const lines = [`Import ${report.kind} depuis ${report.file} (${describeSource(report)})`];
  if (report.ignoredColumns.length > 0) lines.push(`Colonnes ignorées : ${report.ignoredColumns.join(", ")}`);
  if (report.status === "rejected") {
    lines.push(`Import refusé : ${plural(report.problemCount, "problème")}, rien n'a été écrit.`);
    for (const problem of report.problems) lines.push(`  ${formatProblem(problem, report.format)}`);
    const hidden = report.problemCount - report.problems.length;
    if (hidden > 0) {
      lines.push(
        `  … et ${plural(hidden, "autre problème", "autres problèmes")} (seuls les ${report.problems.length} premiers sont affichés).`,
      );
    }
    return lines.join("\n");
  }
  lines.push(
    report.status === "dry-run"
      ? `Simulation (--dry-run), rien n'a été écrit. L'import ferait (${report.durationMs} ms) :`
      : `Import appliqué en une transaction (${report.durationMs} ms) :`,
  );
  for (const line of formatCounts(report.counts)) lines.push(line);
  const skipped = (report.skipped ?? []).filter((s) => s.count > 0);
  if (skipped.length > 0) {
    lines.push("Non repris :");
    for (const s of skipped) lines.push(`  ${s.reason} : ${s.count.toLocaleString("fr-FR")}`);
  }
  if (report.noticeCount > 0) {
    lines.push(`Lu autrement qu'écrit (${plural(report.noticeCount, "valeur")}) :`);
    for (const notice of report.notices) lines.push(`  ${formatProblem(notice, report.format)}`);
    const hidden = report.noticeCount - report.notices.length;
    if (hidden > 0) lines.push(`  … et ${hidden.toLocaleString("fr-FR")} de plus.`);
  }
  const changed = report.counts.reduce((sum, c) => sum + c.created + c.updated + (c.deleted ?? 0), 0);
  if (changed === 0) lines.push("Rien à changer : la base contient déjà ces données.");
  return lines.join("\n");
}
