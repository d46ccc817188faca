import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import { canWriteDepartment, type Viewer } from "../auth/viewer";
import { parseId } from "../common/validate";
import { lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { BadUserInputError, requireWrite } from "../common/errors";
import type { ObjectiveInput, UpdateActionInput } from "./convention.write-inputs";

async function conventionDepartment(tx: EntityManager, conventionId: number): Promise<string> {
  const rows: Array<{ department_code: string }> = await tx.query(`SELECT department_code FROM convention WHERE id = $1`, [conventionId]);
  if (rows.length === 0) throw new BadUserInputError(`Argument "conventionId" : convention inconnue`, "conventionId");
  return rows[0].department_code;
}

async function requirePlanWrite(tx: EntityManager, viewer: Viewer, conventionId: number): Promise<void> {
  const department = await conventionDepartment(tx, conventionId);
  requireWrite(canWriteDepartment(viewer, department), `plan d'actions du département ${department}`);
}

/** Renumbers rows 1..n in the given order; every id of the convention must be listed once. */
async function reorder(tx: EntityManager, table: "objective" | "action", conventionId: number, ids: number[]): Promise<void> {
  const rows: Array<{ id: number }> = await tx.query(`SELECT id FROM ${table} WHERE convention_id = $1 ORDER BY id`, [conventionId]);
  const expected = rows.map((r) => r.id).sort((a, b) => a - b);
  const given = [...ids].sort((a, b) => a - b);
  if (expected.length !== given.length || expected.some((id, i) => id !== given[i])) {
    throw new BadUserInputError(`Argument "ids" : donnez chaque ${table === "action" ? "action" : "objectif"} de la convention une fois`, "ids");
  }
  // Two steps so the unique (convention, position) never sees a duplicate mid-update.
  await tx.query(`UPDATE ${table} SET position = -position WHERE convention_id = $1`, [conventionId]);
  await tx.query(
    `UPDATE ${table} t SET position = o.n, version = t.version + 1 FROM unnest($2::int[]) WITH ORDINALITY AS o(id, n)
     WHERE t.id = o.id AND t.convention_id = $1`,
    [conventionId, ids],
  );
}

/** Objectives and the plan of actions of a convention (CAF staff of its département). */
export const planWrites = {
  createObjective(manager: EntityManager, viewer: Viewer, conventionId: string, input: ObjectiveInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId");
      await requirePlanWrite(tx, viewer, id);
      const [row]: Row[] = await tx.query(
        `INSERT INTO objective (convention_id, position, title, description)
         SELECT $1, coalesce(max(position), 0) + 1, $2, $3 FROM objective WHERE convention_id = $1 RETURNING *`,
        [id, input.title, input.description ?? null],
      );
      await recordChange(tx, viewer, "objective", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  updateObjective(manager: EntityManager, viewer: Viewer, id: string, version: number, input: ObjectiveInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "objective", parseId(id, "id"), "id", false);
      await requirePlanWrite(tx, viewer, current.convention_id as number);
      const { before, after } = await updateVersioned(tx, "objective", current.id, version,
        { title: input.title, description: input.description ?? null }, { touch: false });
      await recordChange(tx, viewer, "objective", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  reorderObjectives(manager: EntityManager, viewer: Viewer, conventionId: string, ids: string[]): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId");
      await requirePlanWrite(tx, viewer, id);
      const order = ids.map((value) => parseId(value, "ids"));
      await reorder(tx, "objective", id, order);
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, { objectiveOrder: order });
      return id;
    });
  },

  updateAction(manager: EntityManager, viewer: Viewer, id: string, version: number, input: UpdateActionInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "action", parseId(id, "id"), "id", false);
      await requirePlanWrite(tx, viewer, current.convention_id as number);
      const startsOn = input.startsOn ?? (current.starts_on as string | null);
      const endsOn = input.endsOn ?? (current.ends_on as string | null);
      if (startsOn && endsOn && endsOn < startsOn) {
        throw new BadUserInputError(`Champ "endsOn" : la fin (${endsOn}) précède le début (${startsOn})`, "endsOn");
      }
      const changes: Record<string, unknown> = {};
      if (input.title != null) changes.title = input.title;
      if (input.description !== undefined) changes.description = input.description;
      if (input.theme != null) changes.theme = input.theme;
      if (input.startsOn !== undefined) changes.starts_on = input.startsOn;
      if (input.endsOn !== undefined) changes.ends_on = input.endsOn;
      if (input.budget !== undefined) changes.budget = input.budget;
      if (input.internalNotes !== undefined) changes.internal_notes = input.internalNotes;
      if (input.objectiveId !== undefined) {
        const objectiveId = input.objectiveId === null ? null : parseId(input.objectiveId, "objectiveId");
        if (objectiveId !== null) {
          const found: unknown[] = await tx.query(`SELECT 1 FROM objective WHERE id = $1 AND convention_id = $2`, [objectiveId, current.convention_id]);
          if (found.length === 0) throw new BadUserInputError(`Champ "objectiveId" : objectif inconnu pour cette convention`, "objectiveId");
        }
        changes.objective_id = objectiveId;
      }
      if (input.sdsfAxisId !== undefined) {
        const axisId = input.sdsfAxisId === null ? null : parseId(input.sdsfAxisId, "sdsfAxisId");
        if (axisId !== null) {
          const found: unknown[] = await tx.query(`SELECT 1 FROM sdsf_axis WHERE id = $1`, [axisId]);
          if (found.length === 0) throw new BadUserInputError(`Champ "sdsfAxisId" : axe inconnu`, "sdsfAxisId");
        }
        changes.sdsf_axis_id = axisId;
      }
      const { before, after } = await updateVersioned(tx, "action", current.id, version, changes);
      await recordChange(tx, viewer, "action", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  reorderActions(manager: EntityManager, viewer: Viewer, conventionId: string, ids: string[]): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId");
      await requirePlanWrite(tx, viewer, id);
      const order = ids.map((value) => parseId(value, "ids"));
      await reorder(tx, "action", id, order);
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, { actionOrder: order });
      return id;
    });
  },

  /** Adds or removes an SDSF axis the convention declines (the axis must belong to its département's scheme). */
  setConventionSdsfAxis(manager: EntityManager, viewer: Viewer, conventionId: string, version: number, axisId: string, linked: boolean): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId");
      const axis = parseId(axisId, "sdsfAxisId");
      await requirePlanWrite(tx, viewer, id);
      const sameDepartment: unknown[] = await tx.query(
        `SELECT 1 FROM sdsf_axis x JOIN sdsf_scheme s ON s.id = x.scheme_id JOIN convention c ON c.department_code = s.department_code
         WHERE x.id = $1 AND c.id = $2`,
        [axis, id],
      );
      if (sameDepartment.length === 0) {
        throw new BadUserInputError(`Argument "sdsfAxisId" : axe inconnu ou d'un autre département`, "sdsfAxisId");
      }
      await updateVersioned(tx, "convention", id, version, {});
      await tx.query(
        linked
          ? `INSERT INTO convention_sdsf_axis (convention_id, sdsf_axis_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
          : `DELETE FROM convention_sdsf_axis WHERE convention_id = $1 AND sdsf_axis_id = $2`,
        [id, axis],
      );
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, { [linked ? "addedSdsfAxis" : "removedSdsfAxis"]: axis });
      return id;
    });
  },
};
