import { FIELD_RULES } from "../../common/field-rules";
import { BudgetKind, BudgetUnit, FunderKind } from "../../convention/followup-enums";
import { type TableWrite, writeTableIds } from "../../db/table-writer";
import { ACTION_FUNDING_TABLE } from "../../followup/followup.table";
import type { RowReader } from "../columns";
import { parseCommuneCode, parseNumber, parseText } from "../fields";
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
import { budgetLineSql } from "./budget-lines";
import { budgetKindReader, budgetUnitReader, funderKindReader } from "./followup.vocabulary";
import { parseYear } from "./indicators";

type FundingColumn = keyof typeof ACTION_FUNDING_TABLE.columns;

export interface FundingRow {
  action: ActionRef;
  /** The funded budget line's kind (with its unit and the year): null funds the action as a whole. */
  budgetKind: BudgetKind | null;
  budgetUnit: BudgetUnit;
  year: number | null;
  funder: FunderKind | null;
  communeCode: string | null;
  funderName: string | null;
  planned: number | null;
  actual: number | null;
}

function readFunding(reader: RowReader): FundingRow {
  const funder = reader.field("funder", (raw) => funderKindReader.parse(raw), { required: true });
  const communeCode = reader.field("commune_code", parseCommuneCode);
  const funderName = reader.field("funder_name", (raw) => parseText(raw, FIELD_RULES.name));
  // As the funding mutations: a commune funder names its commune, another funder its name, and no other funder either.
  if (communeCode !== null && funder !== null && funder !== FunderKind.COMMUNE) {
    reader.report("commune_code", "une commune n'est indiquée que pour le financeur commune");
  }
  if (funder === FunderKind.COMMUNE && communeCode === null && reader.isValid) {
    reader.report(reader.has("commune_code") ? "commune_code" : "funder", "commune requise pour un financeur commune", null);
  }
  if (funderName !== null && funder !== null && funder !== FunderKind.OTHER) {
    reader.report("funder_name", "le nom n'est indiqué que pour un autre financeur (other)");
  }
  if (funder === FunderKind.OTHER && funderName === null && reader.isValid) {
    reader.report(reader.has("funder_name") ? "funder_name" : "funder", "nom requis pour un autre financeur (other)", null);
  }
  const budgetUnit = reader.field("budget_unit", (raw) => budgetUnitReader.parse(raw));
  const budgetKind = reader.field("budget_kind", (raw) => budgetKindReader.parse(raw));
  if (budgetUnit !== null && budgetKind === null)
    reader.report("budget_unit", "une unité sans nature de ligne (budget_kind) ne désigne aucune ligne");
  return {
    action: readActionRef(reader),
    budgetKind,
    budgetUnit: budgetUnit ?? BudgetUnit.EUROS,
    year: reader.field("year", parseYear),
    funder,
    communeCode,
    funderName,
    planned: reader.field("planned", (raw) => parseNumber(raw, FIELD_RULES.amount)),
    actual: reader.field("actual", (raw) => parseNumber(raw, FIELD_RULES.amount)),
  };
}

/**
 * The import's natural key of a funding (the table has none: a funder may fund an action twice, on two lines):
 * action + budget line (kind, unit) or none + year + funder + commune + funder name.
 */
const fundingKey = (row: FundingRow) => {
  const action = actionRefKey(row.action);
  if (action === null || row.funder === null) return null;
  const line = row.budgetKind === null ? "action" : `${row.budgetKind}/${row.budgetUnit}`;
  return [action, line, row.year ?? "", row.funder, row.communeCode ?? "", row.funderName ?? ""].join("\u0000");
};

function checkFundingRows(rows: ReadonlyArray<Located<FundingRow>>, problems: ProblemList): void {
  reportDuplicates(
    rows,
    fundingKey,
    problems,
    "funder",
    (r) => r.funder,
    "financement (même action, même ligne, même année, même financeur)",
  );
}

/** A funding lies where its convention lies; a commune funder must lie in its territory too. Its budget line must be stored. */
async function checkFundingReferences(rows: ReadonlyArray<Located<FundingRow>>, context: CheckContext): Promise<void> {
  const { tx, problems } = context;
  await checkRowScopes(tx, context.viewer, problems, rows, (row) => {
    const scope = actionScope(row.action);
    if (!scope) return null;
    return row.communeCode === null
      ? scope
      : { ...scope, references: [{ field: "commune_code", ref: { kind: "commune" as const, code: row.communeCode } }] };
  });
  await checkActionRefs(rows, (row) => row.action, context);
  const onLines = rows.filter((r) => r.row.budgetKind !== null && actionRefKey(r.row.action) !== null);
  if (onLines.length === 0) return;
  const found: Array<{ line: number; found: boolean }> = await tx.query(
    `SELECT j.line, ${budgetLineSql("a.id", "j.kind::budget_kind", "j.unit::budget_unit", "j.year")} IS NOT NULL AS found
     FROM json_to_recordset($1::json) AS j(line int, convention_reference text, action_position int, action_title text,
       kind text, unit text, year smallint)
     ${ACTION_REF_JOINS}
     WHERE a.id IS NOT NULL`,
    [
      JSON.stringify(
        onLines.map(({ line, row }) => ({
          line,
          ...actionRefFields(row.action),
          kind: row.budgetKind,
          unit: row.budgetUnit,
          year: row.year,
        })),
      ),
    ],
  );
  for (const { line, found: exists } of found) {
    if (!exists) {
      const row = onLines.find((r) => r.line === line)?.row;
      problems.add(
        line,
        "budget_kind",
        row?.budgetKind ?? null,
        `ligne budgétaire inconnue pour cette action (${row?.year ?? "toute la durée"}) : importez d'abord les lignes budgétaires`,
      );
    }
  }
}

/** Fundings matched on the import's natural key (see `fundingKey`); absent amount columns are kept. */
function fundingsWrite(present: (column: string) => boolean): TableWrite<FundingColumn> & { returning: "ids" } {
  const absent = (["planned", "actual"] as const).filter((c) => !present(c));
  return {
    columns: ["action_id", "budget_line_id", "year", "funder", "commune_code", "funder_name", "planned", "actual"],
    computed: { action_id: "a.id", budget_line_id: "bl.id" },
    inputs: { ...ACTION_REF_INPUTS, budget_kind: "budget_kind", budget_unit: "budget_unit" },
    joins: `${ACTION_REF_JOINS}
      CROSS JOIN LATERAL (SELECT CASE WHEN j.budget_kind IS NOT NULL
        THEN ${budgetLineSql("a.id", "j.budget_kind", "j.budget_unit", "j.year")} END AS id) bl`,
    onConflict: {
      kind: "match",
      target: `SELECT t.id FROM action_funding t WHERE t.action_id = a.id AND t.budget_line_id IS NOT DISTINCT FROM bl.id
        AND t.year IS NOT DISTINCT FROM j.year AND t.funder = j.funder AND t.commune_code IS NOT DISTINCT FROM j.commune_code
        AND t.funder_name IS NOT DISTINCT FROM j.funder_name ORDER BY t.id LIMIT 1`,
      keep: ["action_id", "budget_line_id", "year", "funder", "commune_code", "funder_name", ...absent],
    },
    audit: "action_funding",
    returning: "ids",
  };
}

async function writeFundings(rows: ReadonlyArray<Located<FundingRow>>, context: WriteContext) {
  const outcome = await writeTableIds(
    context.tx,
    ACTION_FUNDING_TABLE,
    fundingsWrite(context.present),
    rows.map(({ row }) => ({
      ...actionRefFields(row.action),
      budget_kind: row.budgetKind,
      budget_unit: row.budgetKind === null ? null : row.budgetUnit,
      year: row.year,
      funder: row.funder,
      commune_code: row.communeCode,
      funder_name: row.funderName,
      planned: row.planned,
      actual: row.actual,
    })),
    batchOptions(context),
  );
  return [tableCount("action_funding", "financements", rows.length, outcome.created.length, outcome.updated.length)];
}

export const fundingsKind: ImportKind<FundingRow> = {
  name: "fundings",
  label: "financements",
  naturalKey:
    "convention_reference + action (action_position ou action_title) + ligne (budget_kind, budget_unit) ou aucune + year + funder + commune_code + funder_name",
  columns: [
    ...ACTION_REF_COLUMNS,
    {
      name: "funder",
      required: true,
      aliases: ["financeur"],
      description:
        "caf_service_payment, caf_bonus_territoire, caf_public_and_territories_fund, holder, commune, department_council, state, msa ou other (ou prestation de service, bonus territoire, fonds publics et territoires, porteur, conseil départemental, État, autre)",
    },
    { name: "commune_code", aliases: ["commune", "code_commune"], description: "Code INSEE de la commune financeuse (financeur commune)" },
    { name: "funder_name", aliases: ["nom_financeur"], description: "Nom du financeur (financeur other)" },
    {
      name: "budget_kind",
      aliases: ["nature_ligne"],
      description: "Nature de la ligne budgétaire financée (déjà en base, avec budget_unit et year) ; vide : l'action entière",
    },
    { name: "budget_unit", aliases: ["unite_ligne"], description: "Unité de la ligne financée (vide : euros)" },
    { name: "year", aliases: ["annee", "exercice"], description: "Année (celle de la ligne financée ; vide : toute la durée)" },
    { name: "planned", aliases: ["prevu", "montant_prevu"], description: "Montant prévu, positif ou nul" },
    { name: "actual", aliases: ["realise", "montant_realise"], description: "Montant versé (réalisé), positif ou nul" },
  ],
  checkColumns: (mapping, _options, problems) => checkActionRefColumns(mapping, problems),
  read: (reader) => readFunding(reader),
  checkRows: checkFundingRows,
  checkDatabase: checkFundingReferences,
  write: writeFundings,
};
