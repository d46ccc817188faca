import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type Named } from "../auth/write-scope";
import { BadUserInputError } from "../common/errors";
import { parseId } from "../common/validate";
import { writeTableRows } from "../db/table-writer";
import { lockRow, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { LINKED_PARTNER } from "./convention.row-writes";
import { PARTNERSHIP_TABLE, type PartnershipColumn } from "./convention.table";
import type { PartnershipInput } from "./partnership.write-inputs";

/** A partnership lies where its convention, or its action's convention, lies. */
function partnershipOwner(conventionId: number | null, actionId: number | null): Named {
  return conventionId !== null
    ? { field: "conventionId", ref: { kind: "convention", id: conventionId } }
    : { field: "actionId", ref: { kind: "action", id: actionId as number } };
}

/**
 * Links between an association and a convention or an action. They live with the convention (which owns
 * the `partnership` table), so the association domain never imports the convention domain.
 */
export const partnershipWrites = {
  linkPartner(manager: EntityManager, viewer: Viewer, input: PartnershipInput): Promise<number> {
    const conventionId = input.conventionId ? parseId(input.conventionId, "conventionId", "Convention") : null;
    const actionId = input.actionId ? parseId(input.actionId, "actionId", "Action") : null;
    if ((conventionId === null) === (actionId === null)) {
      throw new BadUserInputError(`Champs "conventionId"/"actionId" : l'un ou l'autre, exactement`, "conventionId");
    }
    return inWriteTransaction(manager, viewer, async (tx) => {
      // The association itself may be of any département: partners work across borders (see README).
      await requireWriteScope(tx, viewer, { owner: partnershipOwner(conventionId, actionId) });
      const associationId = parseId(input.associationId, "associationId", "PartnerAssociation");
      await lockRow(tx, "partner_association", associationId, "associationId", false);
      const [row] = await writeTableRows<PartnershipColumn, Row>(tx, PARTNERSHIP_TABLE, LINKED_PARTNER, [
        { association_id: associationId, convention_id: conventionId, action_id: actionId, role: input.role },
      ]);
      if (!row) throw new BadUserInputError(`Ce partenariat existe déjà`, "associationId");
      await recordChange(tx, viewer, "partnership", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  unlinkPartner(manager: EntityManager, viewer: Viewer, id: string): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const current = await lockRow(tx, "partnership", parseId(id, "id", "Partnership"), "id", false);
      await requireWriteScope(tx, viewer, {
        owner: partnershipOwner(current.convention_id as number | null, current.action_id as number | null),
      });
      await tx.query(`DELETE FROM partnership WHERE id = $1`, [current.id]);
      await recordChange(tx, viewer, "partnership", current.id, AuditOperation.DELETE, current, null);
      return current.id;
    });
  },
};
