import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type NamedList, type TerritoryRef } from "../auth/write-scope";
import type { IsoDate } from "../common/date";
import { LIST_LIMITS } from "../common/field-rules";
import { THEME_LABELS } from "../common/theme";
import { checkCommuneCode, checkDepartmentCode, checkSiren, parseId } from "../common/validate";
import { writeTable, writeTableRows } from "../db/table-writer";
import { lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { BadUserInputError } from "../common/errors";
import { replaceCoverage } from "./covered-communes";
import { ConventionStage, HolderKind, SignatoryKind } from "./convention-enums";
import {
  ADDED_SIGNATORY,
  COVERED_COMMUNES,
  CREATED_ACTION,
  CREATED_CONVENTION,
  RENEWAL,
  RENEWED_COMMUNES,
  RENEWED_SIGNATORIES,
} from "./convention.row-writes";
import {
  ACTION_TABLE,
  type ActionColumn,
  CONVENTION_COMMUNE_TABLE,
  CONVENTION_SIGNATORY_TABLE,
  CONVENTION_TABLE,
  type ConventionColumn,
} from "./convention.table";
import type {
  ActionProgressInput,
  CreateActionInput,
  CreateConventionInput,
  RenewConventionInput,
  SignatoryInput,
  UpdateConventionInput,
} from "./convention.write-inputs";

function checkPeriod(startsOn: IsoDate | null | undefined, endsOn: IsoDate | null | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new BadUserInputError(`Champ "endsOn" : la fin (${endsOn}) précède le début (${startsOn})`, "endsOn");
  }
}

/** The communes a convention covers by default: the holder's members (an EPCI) or the holder itself. */
async function holderCommunes(tx: EntityManager, kind: HolderKind, code: string): Promise<string[]> {
  if (kind === HolderKind.COMMUNE) return [code];
  const rows: Array<{ code: string }> = await tx.query(`SELECT code FROM commune WHERE intercommunality_siren = $1 ORDER BY code`, [code]);
  return rows.map((r) => r.code);
}

/** Covered communes as the write scope checks them (each must lie in the convention's territory). */
function communeList(field: string, codes: readonly string[]): NamedList {
  if (codes.length > LIST_LIMITS.communes) {
    throw new BadUserInputError(`Champ "${field}" : ${LIST_LIMITS.communes} communes au plus (reçu ${codes.length})`, field);
  }
  for (const code of codes) checkCommuneCode(code, field);
  return { field, refs: codes.map((code): TerritoryRef => ({ kind: "commune", code })) };
}

async function replaceCoveredCommunes(tx: EntityManager, conventionId: number, codes: string[]): Promise<void> {
  await replaceCoverage(
    tx,
    COVERED_COMMUNES,
    codes.map((code) => ({ convention_id: conventionId, commune_code: code })),
    { parameters: [conventionId] },
  );
}

/**
 * The convention a write changes, locked, once the write scope allows the caller to write it and every
 * territory reference the write attaches to it (`references`).
 */
async function conventionForWrite(
  tx: EntityManager,
  viewer: Viewer,
  id: string,
  options: { field?: string; references?: NamedList[] } = {},
): Promise<Row> {
  const field = options.field ?? "id";
  const conventionId = parseId(id, field, "Convention");
  await requireWriteScope(tx, viewer, { owner: { field, ref: { kind: "convention", id: conventionId } }, references: options.references });
  return lockRow(tx, "convention", conventionId, field);
}

/** Writes of conventions, objectives and actions: validated, versioned, audited, one transaction each. */
export const conventionWrites = {
  createConvention(manager: EntityManager, viewer: Viewer, input: CreateConventionInput): Promise<number> {
    checkDepartmentCode(input.department, "department");
    checkPeriod(input.startsOn, input.endsOn);
    if (input.holderKind === HolderKind.COMMUNE) checkCommuneCode(input.holderCode, "holderCode");
    else checkSiren(input.holderCode, "holderCode");
    const holder: TerritoryRef =
      input.holderKind === HolderKind.COMMUNE
        ? { kind: "commune", code: input.holderCode }
        : { kind: "intercommunality", siren: input.holderCode };
    return inWriteTransaction(manager, viewer, async (tx) => {
      const covered = input.coveredCommunes ?? (await holderCommunes(tx, input.holderKind, input.holderCode));
      await requireWriteScope(tx, viewer, {
        owner: { field: "department", ref: { kind: "department", code: input.department } },
        holder: { field: "holderCode", ref: holder },
        references: [communeList("coveredCommunes", covered)],
      });
      const taken: unknown[] = await tx.query(`SELECT 1 FROM convention WHERE reference = $1`, [input.reference]);
      if (taken.length > 0) throw new BadUserInputError(`Champ "reference" : la référence ${input.reference} existe déjà`, "reference");
      const [row] = await writeTableRows<ConventionColumn, Row>(tx, CONVENTION_TABLE, CREATED_CONVENTION, [
        {
          reference: input.reference,
          title: input.title,
          stage: input.signedOn ? ConventionStage.SIGNED : ConventionStage.IN_PREPARATION,
          signed_on: input.signedOn ?? null,
          starts_on: input.startsOn ?? null,
          ends_on: input.endsOn ?? null,
          department_code: input.department,
          holder_kind: input.holderKind,
          holder_commune_code: input.holderKind === HolderKind.COMMUNE ? input.holderCode : null,
          holder_intercommunality_siren: input.holderKind === HolderKind.INTERCOMMUNALITY ? input.holderCode : null,
          themes: input.themes,
          bonus_territoire: input.bonusTerritoire,
          description: input.description ?? null,
          internal_notes: input.internalNotes ?? null,
        },
      ]);
      await replaceCoveredCommunes(tx, row.id, covered);
      await recordChange(tx, viewer, "convention", row.id, AuditOperation.CREATE, null, { ...row, coveredCommunes: covered });
      return row.id;
    });
  },

  updateConvention(manager: EntityManager, viewer: Viewer, id: string, version: number, input: UpdateConventionInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id);
      checkPeriod(input.startsOn ?? (current.starts_on as IsoDate | null), input.endsOn ?? (current.ends_on as IsoDate | null));
      const changes: Record<string, unknown> = {};
      if (input.title != null) changes.title = input.title;
      if (input.startsOn != null) Object.assign(changes, { starts_on: input.startsOn, starts_on_precision: "DAY" });
      if (input.endsOn != null) Object.assign(changes, { ends_on: input.endsOn, ends_on_precision: "DAY" });
      if (input.themes != null) changes.themes = `{${input.themes.join(",")}}`;
      if (input.bonusTerritoire != null) changes.bonus_territoire = input.bonusTerritoire;
      if (input.description !== undefined) changes.description = input.description;
      if (input.internalNotes !== undefined) changes.internal_notes = input.internalNotes;
      const { before, after } = await updateVersioned(tx, "convention", current.id, version, changes);
      await recordChange(tx, viewer, "convention", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  signConvention(manager: EntityManager, viewer: Viewer, id: string, version: number, signedOn: IsoDate): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id);
      if (current.stage !== ConventionStage.IN_PREPARATION) {
        throw new BadUserInputError(`Argument "id" : seule une CTG en préparation peut être signée (étape ${String(current.stage)})`, "id");
      }
      const { before, after } = await updateVersioned(tx, "convention", current.id, version, {
        stage: ConventionStage.SIGNED,
        signed_on: signedOn,
      });
      await recordChange(tx, viewer, "convention", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  terminateConvention(manager: EntityManager, viewer: Viewer, id: string, version: number, terminatedOn: IsoDate): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id);
      if (current.stage !== ConventionStage.SIGNED) {
        throw new BadUserInputError(`Argument "id" : seule une CTG signée peut être résiliée (étape ${String(current.stage)})`, "id");
      }
      const { before, after } = await updateVersioned(tx, "convention", current.id, version, {
        stage: ConventionStage.TERMINATED,
        terminated_on: terminatedOn,
      });
      await recordChange(tx, viewer, "convention", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  /** Creates the successor, linked to its predecessor, with the same territory, covered communes and signatories. */
  renewConvention(manager: EntityManager, viewer: Viewer, id: string, version: number, input: RenewConventionInput): Promise<number> {
    checkPeriod(input.startsOn, input.endsOn);
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id);
      // The predecessor gains a successor: its version moves on, so a concurrent renewal conflicts.
      await updateVersioned(tx, "convention", current.id, version, {});
      const successor: unknown[] = await tx.query(`SELECT 1 FROM convention WHERE predecessor_id = $1`, [current.id]);
      if (successor.length > 0) throw new BadUserInputError(`Argument "id" : cette CTG est déjà renouvelée`, "id");
      const taken: unknown[] = await tx.query(`SELECT 1 FROM convention WHERE reference = $1`, [input.reference]);
      if (taken.length > 0) throw new BadUserInputError(`Champ "reference" : la référence ${input.reference} existe déjà`, "reference");
      const [row] = await writeTableRows<ConventionColumn, Row>(tx, CONVENTION_TABLE, RENEWAL, [
        {
          reference: input.reference,
          given_title: input.title ?? null,
          stage: ConventionStage.IN_PREPARATION,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          is_renewal: true,
          predecessor_id: current.id,
        },
      ]);
      const renewal = [{ convention_id: row.id, predecessor_id: current.id }];
      await writeTable(tx, CONVENTION_COMMUNE_TABLE, RENEWED_COMMUNES, renewal);
      await writeTable(tx, CONVENTION_SIGNATORY_TABLE, RENEWED_SIGNATORIES, renewal);
      await recordChange(tx, viewer, "convention", row.id, AuditOperation.CREATE, null, { ...row, renews: current.reference });
      return row.id;
    });
  },

  setCoveredCommunes(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
    version: number,
    communes: string[] | null | undefined,
  ): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const conventionId = parseId(id, "id", "Convention");
      const [holder]: Array<{ holder_kind: HolderKind; code: string }> = await tx.query(
        `SELECT holder_kind, coalesce(holder_commune_code, holder_intercommunality_siren) AS code FROM convention WHERE id = $1`,
        [conventionId],
      );
      const codes = communes ?? (holder ? await holderCommunes(tx, holder.holder_kind, holder.code) : []);
      const current = await conventionForWrite(tx, viewer, id, { references: [communeList("communes", codes)] });
      const beforeCodes: Array<{ commune_code: string }> = await tx.query(
        `SELECT commune_code FROM convention_commune WHERE convention_id = $1 ORDER BY 1`,
        [current.id],
      );
      await updateVersioned(tx, "convention", current.id, version, {});
      await replaceCoveredCommunes(tx, current.id, codes);
      await recordChange(
        tx,
        viewer,
        "convention",
        current.id,
        AuditOperation.UPDATE,
        { coveredCommunes: beforeCodes.map((r) => r.commune_code) },
        { coveredCommunes: [...codes].sort() },
      );
      return current.id;
    });
  },

  addSignatory(manager: EntityManager, viewer: Viewer, id: string, version: number, input: SignatoryInput): Promise<number> {
    const commune = input.kind === SignatoryKind.COMMUNE ? (input.territoryCode ?? "") : null;
    const epci = input.kind === SignatoryKind.INTERCOMMUNALITY ? (input.territoryCode ?? "") : null;
    if (commune !== null) checkCommuneCode(commune, "territoryCode");
    if (epci !== null) checkSiren(epci, "territoryCode");
    // A commune or EPCI signatory lies in the convention's territory, as its covered communes do.
    const territory: TerritoryRef[] =
      commune !== null ? [{ kind: "commune", code: commune }] : epci !== null ? [{ kind: "intercommunality", siren: epci }] : [];
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id, { references: [{ field: "territoryCode", refs: territory }] });
      await updateVersioned(tx, "convention", current.id, version, {});
      const [signatory] = await writeTableRows(tx, CONVENTION_SIGNATORY_TABLE, ADDED_SIGNATORY, [
        {
          convention_id: current.id,
          kind: input.kind,
          role: input.role,
          name: input.name,
          commune_code: commune,
          intercommunality_siren: epci,
          signed_on: input.signedOn ?? null,
        },
      ]);
      await recordChange(tx, viewer, "convention", current.id, AuditOperation.UPDATE, null, { addedSignatory: signatory });
      return current.id;
    });
  },

  removeSignatory(manager: EntityManager, viewer: Viewer, id: string, version: number, signatoryId: string): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await conventionForWrite(tx, viewer, id);
      await updateVersioned(tx, "convention", current.id, version, {});
      const removed: unknown[] = await tx.query(
        `DELETE FROM convention_signatory WHERE id = $1 AND convention_id = $2 RETURNING row_to_json(convention_signatory.*) AS row`,
        [parseId(signatoryId, "signatoryId", "ConventionSignatory"), current.id],
      );
      if (removed.length === 0) throw new BadUserInputError(`Argument "signatoryId" : signataire inconnu pour cette CTG`, "signatoryId");
      await recordChange(tx, viewer, "convention", current.id, AuditOperation.UPDATE, { removedSignatory: removed[0] }, null);
      return current.id;
    });
  },

  /** Returns the new action and warnings (a theme the convention does not cover is allowed but flagged). */
  createAction(manager: EntityManager, viewer: Viewer, input: CreateActionInput): Promise<{ id: number; warnings: string[] }> {
    checkPeriod(input.startsOn, input.endsOn);
    return inWriteTransaction(manager, viewer, async (tx) => {
      const convention = await conventionForWrite(tx, viewer, input.conventionId, { field: "conventionId" });
      const objectiveId = input.objectiveId ? parseId(input.objectiveId, "objectiveId", "Objective") : null;
      if (objectiveId !== null) {
        const objective: Array<{ convention_id: number }> = await tx.query(`SELECT convention_id FROM objective WHERE id = $1`, [
          objectiveId,
        ]);
        if (objective[0]?.convention_id !== convention.id) {
          throw new BadUserInputError(`Champ "objectiveId" : objectif inconnu pour cette convention`, "objectiveId");
        }
      }
      const [row] = await writeTableRows<ActionColumn, Row>(tx, ACTION_TABLE, CREATED_ACTION, [
        {
          convention_id: convention.id,
          objective_id: objectiveId,
          title: input.title,
          description: input.description ?? null,
          theme: input.theme,
          status: input.status,
          starts_on: input.startsOn ?? null,
          ends_on: input.endsOn ?? null,
          budget: input.budget ?? null,
        },
      ]);
      await recordChange(tx, viewer, "action", row.id, AuditOperation.CREATE, null, row);
      const warnings = (convention.themes as string[]).includes(input.theme)
        ? []
        : [`La thématique « ${THEME_LABELS[input.theme]} » ne figure pas parmi celles de la convention`];
      return { id: row.id, warnings };
    });
  },

  /**
   * Status and progress of an action: CAF staff of its département, or the PARTNER operating it.
   * Row-level security refuses the update to any other partner even if this check were missing.
   */
  updateActionProgress(manager: EntityManager, viewer: Viewer, id: string, version: number, input: ActionProgressInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const actionId = parseId(id, "id", "Action");
      await requireWriteScope(tx, viewer, { owner: { field: "id", ref: { kind: "action", id: actionId } }, partnerMayWrite: true });
      const action = await lockRow(tx, "action", actionId, "id", false);
      const changes: Record<string, unknown> = {};
      if (input.status != null) changes.status = input.status;
      if (input.progress != null) changes.progress = input.progress;
      if (input.progressNote !== undefined) changes.progress_note = input.progressNote;
      const { before, after } = await updateVersioned(tx, "action", action.id, version, changes);
      await recordChange(tx, viewer, "action", action.id, AuditOperation.UPDATE, before, after);
      return action.id;
    });
  },
};
