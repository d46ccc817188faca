import type { EntityManager } from "typeorm";
import type { Viewer } from "../auth/viewer";
import { importKinds, runImports } from "./importer";
import type { ImportKindName } from "./kind";
import type { ImportReport } from "./report";
import { readWorkbook, WorkbookError } from "./workbook";

/**
 * A convention's plan of actions as a workbook, both ways: each sheet is a file of an import kind, with that kind's
 * columns in a fixed order (the export writes them, the import reads them back through the kinds, all or nothing).
 * Enumerations are written with their French labels, which the kinds read as well as the codes.
 */
export interface PlanSheet {
  readonly sheet: string;
  readonly kind: ImportKindName;
  readonly columns: readonly string[];
}

export const PLAN_SHEETS: readonly PlanSheet[] = [
  { sheet: "Objectifs", kind: "objectives", columns: ["convention_reference", "position", "title", "description"] },
  {
    sheet: "Actions",
    kind: "actions",
    columns: [
      "convention_reference",
      "position",
      "parent_position",
      "objective_position",
      "title",
      "description",
      "theme",
      "target_publics",
      "status",
      "priority",
      "starts_on",
      "ends_on",
      "sdsf_axis",
      "partner_rna",
      "elected_referent_name",
      "elected_referent_mandate",
      "budget",
    ],
  },
  {
    sheet: "Pilotes",
    kind: "pilots",
    columns: ["convention_reference", "action_position", "position", "kind", "name", "role", "organisation", "association_rna", "contact"],
  },
  {
    sheet: "Budget",
    kind: "budget_lines",
    columns: ["convention_reference", "action_position", "year", "kind", "unit", "planned", "actual"],
  },
  {
    sheet: "Financements",
    kind: "fundings",
    columns: [
      "convention_reference",
      "action_position",
      "budget_kind",
      "budget_unit",
      "year",
      "funder",
      "commune_code",
      "funder_name",
      "planned",
      "actual",
    ],
  },
  {
    sheet: "Indicateurs",
    kind: "indicators",
    columns: ["indicator", "year", "convention_reference", "action_position", "objective_position", "baseline", "target", "value", "note"],
  },
];

export interface PlanImportRequest {
  fileName: string;
  content: Uint8Array;
  viewer: Viewer;
  dryRun?: boolean;
  /** Remove the objectives and actions of the workbook's conventions that it no longer has (only when asked). */
  replace?: boolean;
}

/**
 * Imports an edited plan workbook: its sheets in the declared order (objectives before the actions that serve them),
 * one transaction, all or nothing; a sheet missing is left out, a sheet the plan does not know is not read.
 */
export async function importPlanWorkbook(manager: EntityManager, request: PlanImportRequest): Promise<ImportReport[]> {
  const tables = await readWorkbook(request.content);
  const files = PLAN_SHEETS.filter((s) => tables.has(s.sheet)).map((s) => ({
    kind: s.kind,
    fileName: `${request.fileName} › ${s.sheet}`,
    content: new Uint8Array(),
    table: tables.get(s.sheet),
    // Replace mode where a kind has it (objectives, actions): the follow-up rows are matched, never removed by a workbook.
    replace: request.replace && importKinds[s.kind].children ? {} : null,
  }));
  if (files.length === 0) {
    throw new WorkbookError(`Aucune feuille du plan dans ce classeur : ${PLAN_SHEETS.map((s) => `« ${s.sheet} »`).join(", ")} attendues`);
  }
  return runImports(manager, { files, viewer: request.viewer, dryRun: request.dryRun });
}
