import type ExcelJS from "exceljs";
import { canReadRestricted } from "../auth/viewer";
import { ForbiddenError } from "../common/errors";
import { THEME_LABELS } from "../common/theme";
import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS, TARGET_PUBLIC_LABELS } from "../convention/convention-enums";
import { BUDGET_KIND_LABELS, BUDGET_UNIT_LABELS, FUNDER_KIND_LABELS, PILOT_KIND_LABELS } from "../convention/followup-enums";
import type { RequestScope } from "../db/request-scope";
import { PLAN_SHEETS } from "../import/plan-workbook";
import { ReportNotFoundError } from "./document";
import { sheetName } from "./render.xlsx";

/**
 * `GET /reports/plan/<reference>.xlsx`: a convention's plan of actions as the workbook the plan import reads back
 * (src/import/plan-workbook.ts declares its sheets and columns). It holds the actions' budgets, so it is for those who
 * read them: CAF staff and analysts of the département, administrators.
 */
type Cell = string | number | Date | null;

/** Each sheet's rows, in the declared column order, read in one statement per sheet. */
const SHEET_SQL: Record<string, string> = {
  Objectifs: `SELECT c.reference, o.position, o.title, o.description
    FROM objective o JOIN convention c ON c.id = o.convention_id WHERE c.id = $1 ORDER BY o.position, o.id`,
  Actions: `SELECT c.reference, a.position, p.position AS parent_position, o.position AS objective_position, a.title, a.description,
      a.theme::text AS theme, a.target_publics::text[] AS target_publics, a.status::text AS status, a.priority::text AS priority,
      to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on, ax.number AS sdsf_axis,
      (SELECT pa.rna FROM partnership ps JOIN partner_association pa ON pa.id = ps.association_id
        WHERE ps.action_id = a.id AND ps.role = 'OPERATOR' AND pa.rna IS NOT NULL ORDER BY ps.id LIMIT 1) AS partner_rna,
      a.elected_referent_name, a.elected_referent_mandate, a.budget::float8 AS budget
    FROM action a JOIN convention c ON c.id = a.convention_id LEFT JOIN action p ON p.id = a.parent_action_id
    LEFT JOIN objective o ON o.id = a.objective_id LEFT JOIN sdsf_axis ax ON ax.id = a.sdsf_axis_id
    WHERE c.id = $1 ORDER BY a.position, a.id`,
  Pilotes: `SELECT c.reference, a.position AS action_position, p.position, p.kind::text AS kind, p.name, p.role, p.organisation,
      pa.rna AS association_rna, p.contact
    FROM action_pilot p JOIN action a ON a.id = p.action_id JOIN convention c ON c.id = a.convention_id
    LEFT JOIN partner_association pa ON pa.id = p.association_id
    WHERE c.id = $1 ORDER BY a.position, p.position`,
  Budget: `SELECT c.reference, a.position AS action_position, b.year, b.kind::text AS budget_kind, b.unit::text AS budget_unit,
      b.planned::float8 AS planned, b.actual::float8 AS actual
    FROM action_budget_line b JOIN action a ON a.id = b.action_id JOIN convention c ON c.id = a.convention_id
    WHERE c.id = $1 ORDER BY a.position, b.year NULLS FIRST, b.kind, b.unit`,
  Financements: `SELECT c.reference, a.position AS action_position, b.kind::text AS budget_kind, b.unit::text AS budget_unit,
      f.year, f.funder::text AS funder, f.commune_code::text AS commune_code, f.funder_name,
      f.planned::float8 AS planned, f.actual::float8 AS actual
    FROM action_funding f JOIN action a ON a.id = f.action_id JOIN convention c ON c.id = a.convention_id
    LEFT JOIN action_budget_line b ON b.id = f.budget_line_id
    WHERE c.id = $1 ORDER BY a.position, f.year NULLS FIRST, f.funder, f.id`,
  Indicateurs: `SELECT v.indicator, v.year, c.reference, a.position AS action_position,
      CASE WHEN v.action_id IS NULL THEN o.position END AS objective_position,
      v.baseline::float8 AS baseline, v.target::float8 AS target, v.value::float8 AS value, v.note
    FROM indicator_value v JOIN indicator_definition d ON d.code = v.indicator
    LEFT JOIN action a ON a.id = v.action_id LEFT JOIN objective o ON o.id = v.objective_id
    JOIN convention c ON c.id = coalesce(v.convention_id, a.convention_id, o.convention_id)
    -- The plan's indicators only, as the import takes them back: a definition of the subject's level (a territory's
    -- figure filed on a convention, such as its allocataires, is not part of the plan).
    WHERE c.id = $1 AND d.level::text = CASE WHEN v.action_id IS NOT NULL THEN 'ACTION'
      WHEN v.objective_id IS NOT NULL THEN 'OBJECTIVE' ELSE 'CONVENTION' END
    ORDER BY a.position NULLS FIRST, o.position NULLS FIRST, v.indicator, v.year`,
};

/** Columns written with their French labels (by sheet where a name is shared), each cell offering the list. */
const LABELLED: Record<string, Readonly<Record<string, string>>> = {
  theme: THEME_LABELS,
  status: ACTION_STATUS_LABELS,
  priority: ACTION_PRIORITY_LABELS,
  "Pilotes.kind": PILOT_KIND_LABELS,
  "Budget.kind": BUDGET_KIND_LABELS,
  budget_kind: BUDGET_KIND_LABELS,
  unit: BUDGET_UNIT_LABELS,
  budget_unit: BUDGET_UNIT_LABELS,
  funder: FUNDER_KIND_LABELS,
};
const labelsKey = (sheet: string, column: string) => (LABELLED[`${sheet}.${column}`] ? `${sheet}.${column}` : column);
const DAY_COLUMNS = new Set(["starts_on", "ends_on"]);

function cellOf(sheet: string, column: string, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (column === "target_publics") {
    return (value as string[]).map((v) => TARGET_PUBLIC_LABELS[v as keyof typeof TARGET_PUBLIC_LABELS] ?? v).join(" | ") || null;
  }
  const labels = LABELLED[labelsKey(sheet, column)];
  if (labels) return labels[String(value)] ?? String(value);
  if (DAY_COLUMNS.has(column)) return new Date(`${value}T00:00:00Z`);
  return typeof value === "number" ? value : String(value);
}

export async function renderPlanWorkbook(scope: RequestScope, reference: string): Promise<{ body: Buffer; fileName: string }> {
  const [convention]: Array<{ id: number; department_code: string }> = await scope.manager.query(
    "SELECT id, department_code FROM convention WHERE reference = $1",
    [reference],
  );
  if (!convention) throw new ReportNotFoundError(`Aucune convention de référence « ${reference} »`);
  if (!canReadRestricted(scope.viewer, convention.department_code)) {
    throw new ForbiddenError(
      `Plan d'actions de ${reference} réservé aux agents et analystes CAF du département ${convention.department_code} (il porte les budgets)`,
    );
  }
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ctg-hub";
  workbook.title = `Plan d'actions ${reference}`;
  const taken = new Set<string>();
  const lists = listRanges();
  for (const declared of PLAN_SHEETS) {
    const sheet = workbook.addWorksheet(sheetName(declared.sheet, taken), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.addRow([...declared.columns]).font = { bold: true };
    const rows: Array<Record<string, unknown>> = await scope.manager.query(SHEET_SQL[declared.sheet], [convention.id]);
    for (const row of rows) {
      const values = Object.values(row);
      sheet.addRow(declared.columns.map((column, i) => cellOf(declared.sheet, column, values[i])));
    }
    declared.columns.forEach((column, i) => {
      const sheetColumn = sheet.getColumn(i + 1);
      sheetColumn.width = column === "title" || column === "description" ? 40 : 18;
      if (DAY_COLUMNS.has(column)) sheetColumn.numFmt = "dd/mm/yyyy";
      const range = lists.get(labelsKey(declared.sheet, column));
      if (!range) return;
      // The whole column offers the list, including rows a user adds.
      for (let r = 2; r <= Math.max(rows.length + 1, 200); r++) {
        sheet.getCell(r, i + 1).dataValidation = {
          type: "list",
          allowBlank: true,
          formulae: [range],
          showErrorMessage: true,
          errorTitle: "Valeur inconnue",
          error: "Choisissez une valeur de la liste",
        };
      }
    });
  }
  fillLists(workbook.addWorksheet("Listes", { state: "hidden" }));
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: `plan-${reference}.xlsx` };
}

/** The range of each enumeration's list in the hidden sheet "Listes", by column. */
function listRanges(): Map<string, string> {
  return new Map(
    Object.entries(LABELLED).map(([column, labels], i) => {
      const letter = String.fromCharCode(65 + i);
      return [column, `Listes!$${letter}$2:$${letter}$${Object.keys(labels).length + 1}`];
    }),
  );
}

function fillLists(sheet: ExcelJS.Worksheet): void {
  Object.entries(LABELLED).forEach(([column, labels], i) => {
    const letter = String.fromCharCode(65 + i);
    sheet.getCell(`${letter}1`).value = column;
    Object.values(labels).forEach((label, r) => {
      sheet.getCell(`${letter}${r + 2}`).value = label;
    });
  });
}
