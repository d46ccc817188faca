import { FIELD_RULES } from "../../common/field-rules";
import { BudgetKind, BudgetUnit } from "../../convention/followup-enums";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { ACTION_BUDGET_LINE_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { parseNumber } from "../fields";
import { batchOptions, reportDuplicates, tableCount, type CheckContext, type ImportKind, type Located, type WriteContext } from "../kind";
import type { ProblemList } from "../problems";
import { checkRowScopes } from "../vocabulary";
import {
  ACTION_REF_COLUMNS,
  ACTION_REF_INPUTS,
  ACTION_REF_JOINS,
  actionRefFields,
  actionRefKey,
  actionScope,
  checkActionRefColumns,
  checkActionRefs,
  readActionRef,
  type ActionRef,
} from "./action-ref";
import { budgetKindReader, budgetUnitReader } from "./followup.vocabulary";
import { parseYear } from "./indicators";

type BudgetLineColumn = keyof typeof ACTION_BUDGET_LINE_TABLE.columns;

export interface BudgetLineRow {
  action: ActionRef;
  /** Null: the whole period of the convention. */
  year: number | null;
  kind: BudgetKind | null;
  unit: BudgetUnit;
  planned: number | null;
  actual: number | null;
}

function readBudgetLine(reader: RowReader): BudgetLineRow {
  return {
    action: readActionRef(reader),
    year: reader.field("year", parseYear),
    kind: reader.field("kind", (raw) => budgetKindReader.parse(raw), { required: true }),
    unit: reader.field("unit", (raw) => budgetUnitReader.parse(raw)) ?? BudgetUnit.EUROS,
    planned: reader.field("planned", (raw) => parseNumber(raw, FIELD_RULES.amount)),
    actual: reader.field("actual", (raw) => parseNumber(raw, FIELD_RULES.amount)),
  };
}

/**
 * The stored budget line of (action, kind, unit, year) as SQL over the given expressions: the whole period's and a
 * year's lines have each their partial unique index, and a probe names the one that fits (an `IS NOT DISTINCT FROM`
 * on the year could use neither).
 */
export function budgetLineSql(action: string, kind: string, unit: string, year: string): string {
  const probe = (yearCondition: string) =>
    `(SELECT l.id FROM action_budget_line l WHERE l.action_id = ${action} AND l.kind = ${kind} AND l.unit = ${unit} AND ${yearCondition})`;
  return `(CASE WHEN ${year} IS NULL THEN ${probe("l.year IS NULL")} ELSE ${probe(`l.year = ${year}`)} END)`;
}

/** The natural key of a line: its action, kind, unit and year (none: the whole period). */
export const budgetLineKey = (action: ActionRef, kind: BudgetKind | null, unit: BudgetUnit, year: number | null) => {
  const ref = actionRefKey(action);
  return ref === null || kind === null ? null : `${ref}\u0000${kind}\u0000${unit}\u0000${year ?? "période"}`;
};

function checkBudgetLineRows(rows: ReadonlyArray<Located<BudgetLineRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    (r) => budgetLineKey(r.action, r.kind, r.unit, r.year),
    problems,
    "kind",
    (r) => r.kind,
    "ligne budgétaire (même action, même nature, même unité, même année)",
  );
}

async function checkBudgetLineReferences(rows: ReadonlyArray<Located<BudgetLineRow>>, context: CheckContext): Promise<void> {
  await checkRowScopes(context.tx, context.viewer, context.problems, rows, (row) => actionScope(row.action));
  await checkActionRefs(rows, (row) => row.action, context);
}

/**
 * Lines matched on (action, kind, unit, year): the table has two partial unique keys (with and without a
 * year), so the write matches rather than relying on one conflict target. Absent amount columns are kept.
 */
function budgetLinesWrite(present: (column: string) => boolean): TableWrite<BudgetLineColumn> & { returning: "ids" } {
  const absent = (["planned", "actual"] as const).filter((c) => !present(c));
  return {
    columns: ["action_id", "year", "kind", "unit", "planned", "actual"],
    computed: { action_id: "a.id" },
    inputs: ACTION_REF_INPUTS,
    joins: ACTION_REF_JOINS,
    onConflict: {
      kind: "match",
      target: budgetLineSql("a.id", "j.kind", "j.unit", "j.year"),
      keep: ["action_id", "year", "kind", "unit", ...absent],
    },
    audit: "action_budget_line",
    returning: "ids",
  };
}

async function writeBudgetLines(rows: ReadonlyArray<Located<BudgetLineRow>>, context: WriteContext) {
  const outcome = await writeTableIds(
    context.tx,
    ACTION_BUDGET_LINE_TABLE,
    budgetLinesWrite(context.present),
    rows.map(({ row }) => ({
      ...actionRefFields(row.action),
      year: row.year,
      kind: row.kind,
      unit: row.unit,
      planned: row.planned,
      actual: row.actual,
    })),
    batchOptions(context),
  );
  return [tableCount("action_budget_line", "lignes budgétaires", rows.length, outcome.created.length, outcome.updated.length)];
}

export const budgetLinesKind: ImportKind<BudgetLineRow> = {
  name: "budget_lines",
  label: "lignes budgétaires",
  naturalKey: "convention_reference + action (action_position ou action_title) + kind + unit + year",
  columns: [
    ...ACTION_REF_COLUMNS,
    { name: "year", aliases: ["annee", "exercice"], description: "Année (vide : toute la durée de la convention)" },
    { name: "kind", required: true, aliases: ["nature"], description: "investment ou operating (investissement, fonctionnement)" },
    { name: "unit", aliases: ["unite"], description: "euros ou fte (ETP) ; vide : euros" },
    { name: "planned", aliases: ["prevu", "montant_prevu"], description: "Montant prévu (virgule décimale acceptée), positif ou nul" },
    { name: "actual", aliases: ["realise", "montant_realise"], description: "Montant réalisé, positif ou nul" },
  ],
  checkColumns: (mapping, _options, problems) => checkActionRefColumns(mapping, problems),
  read: (reader) => readBudgetLine(reader),
  checkRows: checkBudgetLineRows,
  checkDatabase: checkBudgetLineReferences,
  write: writeBudgetLines,
};
