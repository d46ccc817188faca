import type { EntityManager } from "typeorm";
import { FormerCodeKind } from "../territory/former-code.entity";
import { resolveCommuneCodes, type ResolvedCommuneCode } from "../territory/territory.service";
import type { ColumnMapping, ColumnSpec } from "./columns";
import { ProblemList } from "./problems";
import type { SourceRecord } from "./source-file";

/** A commune code inside a cell (a cell may list several). */
const CODE_IN_CELL = /(?<![0-9A-Za-z])(?:[0-9]{2}|2[AB])[0-9]{3}(?![0-9A-Za-z])/g;

const KIND_LABELS: Record<FormerCodeKind, string> = {
  [FormerCodeKind.MERGED]: "commune fusionnée",
  [FormerCodeKind.DELEGATED]: "commune déléguée",
  [FormerCodeKind.ASSOCIATED]: "commune associée",
};

/** "ancien code (commune déléguée Argentolles), lu comme 52140 Colombey-les-Deux-Églises" */
export function describeFormerCode(match: ResolvedCommuneCode & { via: FormerCodeKind }): string {
  const former = [KIND_LABELS[match.via], match.writtenName].filter((part) => part !== null).join(" ");
  return `ancien code (${former}), lu comme ${match.communeCode} ${match.communeName}`;
}

/**
 * The report's lines for the former codes a file gives in its commune columns (`communeCodes`): each is stored as the
 * current commune it leads to (the tables' declarations do it), and the report says so, by line and column. One
 * statement for the whole file.
 */
export async function formerCodeNotices(
  tx: EntityManager,
  columns: readonly ColumnSpec[],
  mapping: ColumnMapping,
  records: readonly SourceRecord[],
): Promise<ProblemList> {
  const notices = new ProblemList((column) => mapping.headerOf.get(column) ?? column);
  const cells: Array<{ line: number; column: string; code: string }> = [];
  for (const spec of columns) {
    const index = spec.communeCodes ? mapping.indexOf.get(spec.name) : undefined;
    if (index === undefined) continue;
    for (const record of records) {
      const value = record.values[index];
      if (value === undefined || value === null) continue;
      for (const [code] of String(value).matchAll(CODE_IN_CELL)) cells.push({ line: record.line, column: spec.name, code });
    }
  }
  if (cells.length === 0) return notices;
  const resolved = await resolveCommuneCodes(
    tx,
    cells.map((c) => c.code),
  );
  for (const cell of cells) {
    const match = resolved.get(cell.code);
    if (match?.via) notices.add(cell.line, cell.column, cell.code, describeFormerCode({ ...match, via: match.via }));
  }
  return notices;
}
