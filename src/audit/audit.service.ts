import type { EntityManager } from "typeorm";
import { describeViewer, type Viewer } from "../auth/viewer";
import { AuditOperation } from "./audit-entry.entity";

export type AuditedEntity =
  | "convention"
  | "action"
  | "objective"
  | "partner_association"
  | "partnership"
  | "sdsf_scheme"
  | "sdsf_axis"
  | "facility"
  | "facility_approval"
  | "indicator_value"
  | "indicator_definition"
  | "action_budget_line"
  | "action_funding"
  | "action_note"
  | "convention_meeting"
  | "convention_evaluation";

/** Appends one entry in the caller's transaction: the change and its trace commit or roll back together. */
export async function recordChange(
  tx: EntityManager,
  viewer: Viewer,
  entity: AuditedEntity,
  entityId: string | number,
  operation: AuditOperation,
  before: object | null,
  after: object | null,
): Promise<void> {
  const actor = describeViewer(viewer);
  await tx.query(
    `INSERT INTO audit_entry (actor_subject, actor_role, entity, entity_id, operation, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [actor.subject, actor.role, entity, String(entityId), operation, before && JSON.stringify(before), after && JSON.stringify(after)],
  );
}
