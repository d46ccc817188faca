import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope, type Named } from "../auth/write-scope";
import { isRna, isValidSiren } from "../common/identifiers";
import { checkCommuneCode, parseId } from "../common/validate";
import { lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { BadUserInputError } from "../common/errors";
import type { AssociationContactInput, CreateAssociationInput, PartnershipInput } from "./association.write-inputs";

function checkIdentifiers(rna: string | null | undefined, siren: string | null | undefined): void {
  if (!rna && !siren) throw new BadUserInputError(`Champs "rna"/"siren" : au moins l'un des deux est requis`, "rna");
  if (rna && !isRna(rna))
    throw new BadUserInputError(`Champ "rna" : attendu W suivi de 9 caractères (ex. W523000001), reçu "${rna}"`, "rna");
  if (siren && !isValidSiren(siren)) {
    throw new BadUserInputError(`Champ "siren" : 9 chiffres avec une clé de contrôle (Luhn) valide, reçu "${siren}"`, "siren");
  }
}

/** A partnership lies where its convention, or its action's convention, lies. */
function partnershipOwner(conventionId: number | null, actionId: number | null): Named {
  return conventionId !== null
    ? { field: "conventionId", ref: { kind: "convention", id: conventionId } }
    : { field: "actionId", ref: { kind: "action", id: actionId as number } };
}

export const associationWrites = {
  createAssociation(manager: EntityManager, viewer: Viewer, input: CreateAssociationInput): Promise<number> {
    checkIdentifiers(input.rna, input.siren);
    checkCommuneCode(input.communeCode, "communeCode");
    return inWriteTransaction(manager, viewer, async (tx) => {
      // Written by CAF staff of the seat's département; an association without a seat by administrators only.
      await requireWriteScope(tx, viewer, {
        owner: input.communeCode
          ? { field: "communeCode", ref: { kind: "commune", code: input.communeCode } }
          : { field: "communeCode", ref: { kind: "national" } },
      });
      const taken: Array<{ rna: string | null; siren: string | null }> = await tx.query(
        `SELECT rna, siren FROM partner_association WHERE rna = $1 OR siren = $2`,
        [input.rna ?? null, input.siren ?? null],
      );
      if (taken.length > 0) {
        const field = input.rna && taken.some((t) => t.rna === input.rna) ? "rna" : "siren";
        throw new BadUserInputError(`Champ "${field}" : une association porte déjà ce numéro`, field);
      }
      const [row]: Row[] = await tx.query(
        `INSERT INTO partner_association (name, rna, siren, commune_code, themes, contact_email, contact_phone, website)
         VALUES ($1, $2, $3, $4, $5::theme[], $6, $7, $8) RETURNING *`,
        [
          input.name,
          input.rna ?? null,
          input.siren ?? null,
          input.communeCode ?? null,
          input.themes,
          input.contactEmail ?? null,
          input.contactPhone ?? null,
          input.website ?? null,
        ],
      );
      await recordChange(tx, viewer, "partner_association", row.id, AuditOperation.CREATE, null, row);
      return row.id;
    });
  },

  /** Contact details: the association itself (PARTNER) or CAF staff of its seat's département. */
  updateAssociationContact(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
    version: number,
    input: AssociationContactInput,
  ): Promise<number> {
    return inWriteTransaction(manager, viewer, async (tx) => {
      const associationId = parseId(id, "id", "PartnerAssociation");
      await requireWriteScope(tx, viewer, {
        owner: { field: "id", ref: { kind: "association", id: associationId } },
        partnerMayWrite: true,
      });
      const current = await lockRow(tx, "partner_association", associationId, "id", false);
      const changes: Record<string, unknown> = {};
      if (input.contactEmail !== undefined) changes.contact_email = input.contactEmail;
      if (input.contactPhone !== undefined) changes.contact_phone = input.contactPhone;
      if (input.website !== undefined) changes.website = input.website;
      const { before, after } = await updateVersioned(tx, "partner_association", current.id, version, changes);
      await recordChange(tx, viewer, "partner_association", current.id, AuditOperation.UPDATE, before, after);
      return current.id;
    });
  },

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
      const [row]: Row[] = await tx.query(
        `INSERT INTO partnership (association_id, convention_id, action_id, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING *`,
        [associationId, conventionId, actionId, input.role],
      );
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
