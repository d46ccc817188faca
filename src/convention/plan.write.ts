import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type Named } from "../auth/write-scope";
import { parseId } from "../common/validate";
import { writeTable, writeTableRows } from "../db/table-writer";
import { lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { BadUserInputError } from "../common/errors";
import { canonicalTargetPublics } from "./convention-enums";
import { CREATED_OBJECTIVE, LINKED_AXIS } from "./convention.row-writes";
import { CONVENTION_SDSF_AXIS_TABLE, OBJECTIVE_TABLE, type ObjectiveColumn } from "./convention.table";
import type { ObjectiveInput, UpdateActionInput } from "./convention.write-inputs";

/** The plan of a convention is written by those who may write the convention; `references` must lie in its territory. */
function requirePlanWrite(
  tx: EntityManager,
  viewer: Viewer,
  conventionId: number,
  field = "conventionId",
  references: Named[] = [],
): Promise<void> {
  return requireWriteScope(tx, viewer, { owner: { field, ref: { kind: "convention", id: conventionId } }, references });
}

/** Renumbers rows 1..n in the given order; every id of the convention must be listed once. */
async function reorder(tx: EntityManager, table: "objective" | "action", conventionId: number, ids: number[]): Promise<void> {
  const rows: Array<{ id: number }> = await tx.query(`SELECT id FROM ${table} WHERE convention_id = $1 ORDER BY id`, [conventionId]);
  const expected = rows.map((r) => r.id).sort((a, b) => a - b);
  const given = [...ids].sort((a, b) => a - b);
  if (expected.length !== given.length || expected.some((id, i) => id !== given[i])) {
    throw new BadUserInputError(
      `Argument "ids" : donnez chaque ${table === "action" ? "action" : "objectif"} de la convention une fois`,
      "ids",
    );
  }
  // Two steps so the unique (convention, position) never sees a duplicate mid-update.
  await tx.query(`UPDATE ${table} SET position = -position WHERE convention_id = $1`, [conventionId]);
  await tx.query(
    `UPDATE ${table} t SET position = o.n, version = t.version + 1 FROM unnest($2::int[]) WITH ORDINALITY AS o(id, n)
     WHERE t.id = o.id AND t.convention_id = $1`,
    [conventionId, ids],
  );
}

/**
 * A sub-action's parent: an action of the same convention that is neither the action itself nor one of its
 * sub-actions (at any depth), so the tree has no cycle.
 */
async function checkedParent(tx: EntityManager, action: Row, parentId: string): Promise<number> {
  const id = parseId(parentId, "parentActionId", "Action");
  const rows: Array<{ convention_id: number; cycle: boolean }> = await tx.query(
    `WITH RECURSIVE up(id, parent) AS (
       SELECT id, parent_action_id FROM action WHERE id = $1
       UNION SELECT a.id, a.parent_action_id FROM action a JOIN up ON a.id = up.parent)
     SELECT (SELECT convention_id FROM action WHERE id = $1) AS convention_id, EXISTS (SELECT 1 FROM up WHERE up.id = $2) AS cycle`,
    [id, action.id],
  );
  if (rows[0]?.convention_id !== action.convention_id) {
    throw new BadUserInputError(`Champ "parentActionId" : action inconnue pour cette convention « ${id} »`, "parentActionId");
  }
  if (rows[0].cycle) {
    throw new BadUserInputError(
      `Champ "parentActionId" : l'action ${id} est l'action elle-même ou l'une de ses sous-actions`,
      "parentActionId",
    );
  }
  return id;
}

/** Objectives and the plan of actions of a convention (CAF staff of its département). */
export const planWrites = {
  createObjective(manager: EntityManager, viewer: Viewer, conventionId: string, input: ObjectiveInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      await requirePlanWrite(tx, viewer, id);
      const [row] = await writeTableRows<ObjectiveColumn, Row>(tx, OBJECTIVE_TABLE, CREATED_OBJECTIVE, [
        { convention_id: id, title: input.title, description: input.description ?? null },
      ]);
      await recordChange(tx, viewer, "objective", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  updateObjective(manager: EntityManager, viewer: Viewer, id: string, version: number, input: ObjectiveInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "objective", parseId(id, "id", "Objective"), "id", false);
      await requirePlanWrite(tx, viewer, current.convention_id as number, "id");
      const { before, after } = await updateVersioned(
        tx,
        "objective",
        current.id,
        version,
        { title: input.title, description: input.description ?? null },
        { touch: false },
      );
      await recordChange(tx, viewer, "objective", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  reorderObjectives(manager: EntityManager, viewer: Viewer, conventionId: string, ids: string[]): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      await requirePlanWrite(tx, viewer, id);
      const order = ids.map((value) => parseId(value, "ids", "Objective"));
      await reorder(tx, "objective", id, order);
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, { objectiveOrder: order });
      return id;
    });
  },

  updateAction(manager: EntityManager, viewer: Viewer, id: string, version: number, input: UpdateActionInput): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "action", parseId(id, "id", "Action"), "id", false);
      const axisId = input.sdsfAxisId == null ? null : parseId(input.sdsfAxisId, "sdsfAxisId", "SdsfAxis");
      // The axis an action declines belongs to the SDSF of its convention's département.
      await requirePlanWrite(
        tx,
        viewer,
        current.convention_id as number,
        "id",
        axisId === null ? [] : [{ field: "sdsfAxisId", ref: { kind: "sdsfAxis", id: axisId } }],
      );
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
        const objectiveId = input.objectiveId === null ? null : parseId(input.objectiveId, "objectiveId", "Objective");
        if (objectiveId !== null) {
          const found: unknown[] = await tx.query(`SELECT 1 FROM objective WHERE id = $1 AND convention_id = $2`, [
            objectiveId,
            current.convention_id,
          ]);
          if (found.length === 0)
            throw new BadUserInputError(`Champ "objectiveId" : objectif inconnu pour cette convention`, "objectiveId");
        }
        changes.objective_id = objectiveId;
      }
      if (input.sdsfAxisId !== undefined) changes.sdsf_axis_id = axisId;
      if (input.priority !== undefined) changes.priority = input.priority;
      if (input.targetPublics != null) changes.target_publics = canonicalTargetPublics(input.targetPublics);
      if (input.electedReferentName !== undefined) changes.elected_referent_name = input.electedReferentName;
      if (input.electedReferentMandate !== undefined) changes.elected_referent_mandate = input.electedReferentMandate;
      if (input.parentActionId !== undefined) {
        changes.parent_action_id = input.parentActionId === null ? null : await checkedParent(tx, current, input.parentActionId);
      }
      const { before, after } = await updateVersioned(tx, "action", current.id, version, changes);
      await recordChange(tx, viewer, "action", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

  reorderActions(manager: EntityManager, viewer: Viewer, conventionId: string, ids: string[]): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      await requirePlanWrite(tx, viewer, id);
      const order = ids.map((value) => parseId(value, "ids", "Action"));
      await reorder(tx, "action", id, order);
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, { actionOrder: order });
      return id;
    });
  },

  /** Adds or removes an SDSF axis the convention declines (the axis must belong to its département's scheme). */
  setConventionSdsfAxis(
    manager: EntityManager,
    viewer: Viewer,
    conventionId: string,
    version: number,
    axisId: string,
    linked: boolean,
  ): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const id = parseId(conventionId, "conventionId", "Convention");
      const axis = parseId(axisId, "sdsfAxisId", "SdsfAxis");
      // Linking: the axis belongs to the SDSF of the convention's département. Unlinking any axis is allowed (a clean-up).
      await requirePlanWrite(tx, viewer, id, "id", linked ? [{ field: "sdsfAxisId", ref: { kind: "sdsfAxis", id: axis } }] : []);
      await updateVersioned(tx, "convention", id, version, {});
      if (linked) await writeTable(tx, CONVENTION_SDSF_AXIS_TABLE, LINKED_AXIS, [{ convention_id: id, sdsf_axis_id: axis }]);
      else await tx.query(`DELETE FROM convention_sdsf_axis WHERE convention_id = $1 AND sdsf_axis_id = $2`, [id, axis]);
      await recordChange(tx, viewer, "convention", id, AuditOperation.UPDATE, null, {
        [linked ? "addedSdsfAxis" : "removedSdsfAxis"]: axis,
      });
      return id;
    });
  },
};
