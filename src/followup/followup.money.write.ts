import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { partnerAssociation, type Viewer } from "../auth/viewer";
import type { Named } from "../auth/write-scope";
import { BadUserInputError, ConflictError, ForbiddenError } from "../common/errors";
import { parseId } from "../common/validate";
import { FunderKind } from "../convention/followup-enums";
import type { RequestScope } from "../db/request-scope";
import { writeTableRows } from "../db/table-writer";
import { deleteVersioned, lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { ACTION_BUDGET_LINE_TABLE, ACTION_FUNDING_TABLE, BUDGET_LINE_PERIOD_KEY } from "./followup.table";
import { requireActionWrite, required } from "./followup.write-scope";
import type { BudgetLineInput, FundingInput } from "./followup.write-inputs";

/** A partner reports what was spent or paid on the actions it operates or pilots: the `actual` amounts, nothing else. */
const LINE_PARTNER = { allowed: ["year", "kind", "unit", "actual"], what: "le réalisé (actual) d'une ligne budgétaire existante" };
const FUNDING_PARTNER = { allowed: ["actual"], what: "le montant versé (actual) d'un financement" };

const isPartner = (viewer: Viewer) => partnerAssociation(viewer) !== null;

/** Budget lines and fundings of an action, with their planned amounts (CAF staff) and actual ones (staff and partner). */
export const moneyWrites = {
  /**
   * Creates (no `version`) or changes (the version read) the budget line of an action for (kind, unit, year). A partner
   * of the action only gives the actual amount of an existing line.
   */
  setActionBudgetLine(scope: RequestScope, actionId: string, input: BudgetLineInput, version?: number | null): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(actionId, "actionId", "Action");
      await requireActionWrite(tx, viewer, id, { partner: { ...LINE_PARTNER, given: input } });
      const year = input.year ?? null;
      const found: Array<{ row: Row }> = await tx.query(
        `SELECT row_to_json(b.*) AS row FROM action_budget_line b
         WHERE b.action_id = $1 AND b.kind = $2 AND b.unit = $3 AND b.year IS NOT DISTINCT FROM $4::smallint`,
        [id, input.kind, input.unit, year],
      );
      const existing = found[0]?.row;
      const label = `ligne budgétaire ${input.kind}/${input.unit}/${year ?? "toute la durée"} de l'action ${id}`;
      if (version == null) {
        if (isPartner(viewer)) {
          throw new ForbiddenError(`Écriture refusée (champ "version") : un partenaire ne renseigne que ${LINE_PARTNER.what}`);
        }
        if (existing) {
          throw new ConflictError(`La ${label} existe déjà (version ${existing.version}) : donnez sa version pour la modifier`);
        }
        // A concurrent creation of the same line wins: this one then writes nothing and says so.
        const [row] = await writeTableRows<string, Row>(
          tx,
          ACTION_BUDGET_LINE_TABLE,
          {
            columns: ["action_id", "year", "kind", "unit", "planned", "actual"],
            onConflict: { kind: "skip", key: year === null ? BUDGET_LINE_PERIOD_KEY : undefined },
            returning: "rows",
          },
          [{ action_id: id, year, kind: input.kind, unit: input.unit, planned: input.planned ?? null, actual: input.actual ?? null }],
        );
        if (!row) throw new ConflictError(`La ${label} vient d'être créée par ailleurs : relisez puis recommencez`);
        await recordChange(tx, viewer, "action_budget_line", row.id, AuditOperation.CREATE, null, row);
        return row.id;
      }
      if (!existing) throw new ConflictError(`La ${label} n'existe pas (ou plus) : relisez puis recommencez`);
      const changes: Record<string, unknown> = {};
      if (input.planned !== undefined) changes.planned = input.planned;
      if (input.actual !== undefined) changes.actual = input.actual;
      const { before, after } = await updateVersioned(tx, "action_budget_line", existing.id, version, changes, { touch: false });
      await recordChange(tx, viewer, "action_budget_line", existing.id, AuditOperation.UPDATE, before, after);
      return existing.id;
    });
  },

  /** Removes a budget line and the fundings of it (CAF staff); answers its action. */
  removeActionBudgetLine(scope: RequestScope, lineId: string, version: number): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const line = await lockRow(tx, "action_budget_line", parseId(lineId, "id", "ActionBudgetLine"), "id", false);
      await requireActionWrite(tx, viewer, line.action_id as number, { field: "id" });
      const fundings: Array<{ row: Row }> = await tx.query(
        `SELECT row_to_json(f.*) AS row FROM action_funding f WHERE f.budget_line_id = $1 ORDER BY f.id`,
        [line.id],
      );
      const before = await deleteVersioned(tx, "action_budget_line", line.id, version);
      const removed = { ...before, fundings: fundings.map((f) => f.row) };
      await recordChange(tx, viewer, "action_budget_line", line.id, AuditOperation.DELETE, removed, null);
      return line.action_id as number;
    });
  },

  /** Adds a funding of an action or of one of its budget lines (CAF staff of its département). */
  addActionFunding(scope: RequestScope, actionId: string, input: FundingInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(actionId, "actionId", "Action");
      await requireActionWrite(tx, viewer, id, { references: communeReference(input.communeCode) });
      const row = await fundingRow(tx, id, input);
      const [written] = await writeTableRows<string, Row>(
        tx,
        ACTION_FUNDING_TABLE,
        { columns: Object.keys(row) as Array<keyof typeof row & string>, onConflict: { kind: "insert" }, returning: "rows" },
        [row],
      );
      await recordChange(tx, viewer, "action_funding", written.id, AuditOperation.CREATE, null, written);
      return written.id;
    });
  },

  /** Changes a funding: CAF staff any field; a partner of the action its actual amount only. */
  updateActionFunding(scope: RequestScope, fundingId: string, version: number, input: FundingInput): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "action_funding", parseId(fundingId, "id", "ActionFunding"), "id", false);
      const actionId = current.action_id as number;
      await requireActionWrite(tx, viewer, actionId, {
        field: "id",
        partner: { ...FUNDING_PARTNER, given: input },
        references: communeReference(input.communeCode),
      });
      const merged: FundingInput = {
        budgetLineId: current.budget_line_id === null ? null : String(current.budget_line_id),
        year: current.year as number | null,
        funder: current.funder as FunderKind,
        communeCode: current.commune_code as string | null,
        funderName: current.funder_name as string | null,
        ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
      };
      // Moving to another line without a year takes the new line's year.
      if (input.budgetLineId !== undefined && input.year === undefined) merged.year = null;
      const row = await fundingRow(tx, actionId, merged);
      const changes: Record<string, unknown> = {};
      for (const column of ["budget_line_id", "year", "funder", "commune_code", "funder_name"] as const) changes[column] = row[column];
      if (input.planned !== undefined) changes.planned = input.planned;
      if (input.actual !== undefined) changes.actual = input.actual;
      const { before, after } = await updateVersioned(tx, "action_funding", current.id, version, changes, { touch: false });
      await recordChange(tx, viewer, "action_funding", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  /** Removes a funding (CAF staff); answers its action. */
  removeActionFunding(scope: RequestScope, fundingId: string, version: number): Promise<number> {
    const { manager, viewer } = scope;
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "action_funding", parseId(fundingId, "id", "ActionFunding"), "id", false);
      await requireActionWrite(tx, viewer, current.action_id as number, { field: "id" });
      const before = await deleteVersioned(tx, "action_funding", current.id, version);
      await recordChange(tx, viewer, "action_funding", current.id, AuditOperation.DELETE, before, null);
      return current.action_id as number;
    });
  },
};

/** A commune funder lies in the convention's territory (the write scope judges it). */
const communeReference = (code: string | null | undefined): Named[] =>
  code == null ? [] : [{ field: "communeCode", ref: { kind: "commune", code } }];

/**
 * A funding's columns from an input (a new one, or the stored row with the changes): the funder is named as its kind
 * requires (a commune for COMMUNE, a name for OTHER, neither otherwise); a budget line belongs to the action and gives
 * its year. BAD_USER_INPUT names the field.
 */
async function fundingRow(tx: EntityManager, actionId: number, input: FundingInput) {
  const funder = required(input.funder, "funder", "financeur requis");
  const lineId = input.budgetLineId == null ? null : parseId(input.budgetLineId, "budgetLineId", "ActionBudgetLine");
  let year = input.year ?? null;
  if (lineId !== null) {
    const lines: Array<{ year: number | null }> = await tx.query(`SELECT year FROM action_budget_line WHERE id = $1 AND action_id = $2`, [
      lineId,
      actionId,
    ]);
    if (lines.length === 0) {
      throw new BadUserInputError(`Champ "budgetLineId" : ligne budgétaire inconnue pour cette action « ${lineId} »`, "budgetLineId");
    }
    if (year !== null && year !== lines[0].year) {
      throw new BadUserInputError(`Champ "year" : l'année est celle de la ligne budgétaire (${lines[0].year ?? "toute la durée"})`, "year");
    }
    year = lines[0].year;
  }
  if (funder === FunderKind.COMMUNE) required(input.communeCode, "communeCode", "commune requise pour un financeur COMMUNE");
  else if (input.communeCode != null) throw new BadUserInputError(`Champ "communeCode" : réservé au financeur COMMUNE`, "communeCode");
  if (funder === FunderKind.OTHER) required(input.funderName, "funderName", "nom requis pour un financeur OTHER");
  else if (input.funderName != null) throw new BadUserInputError(`Champ "funderName" : réservé au financeur OTHER`, "funderName");
  return {
    action_id: actionId,
    budget_line_id: lineId,
    year,
    funder,
    commune_code: input.communeCode ?? null,
    funder_name: input.funderName ?? null,
    planned: input.planned ?? null,
    actual: input.actual ?? null,
  };
}
