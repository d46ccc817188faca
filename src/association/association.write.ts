import type { EntityManager } from "typeorm";
import { AuditOperation } from "../audit/audit-entry.entity";
import { recordChange } from "../audit/audit.service";
import type { Viewer } from "../auth/viewer";
import { requireWriteScope } from "../auth/write-scope";
import { isRna, isValidSiren } from "../common/identifiers";
import { checkCommuneCode, parseId } from "../common/validate";
import { lockRow, updateVersioned, type Row } from "../db/versioned";
import { inWriteTransaction } from "../db/write";
import { type TableWrite, writeTableRows } from "../db/table-writer";
import { PARTNER_ASSOCIATION_TABLE, type PartnerAssociationColumn } from "./association.table";
import { BadUserInputError } from "../common/errors";
import type { AssociationContactInput, CreateAssociationInput } from "./association.write-inputs";

function checkIdentifiers(rna: string | null | undefined, siren: string | null | undefined): void {
  if (!rna && !siren) throw new BadUserInputError(`Champs "rna"/"siren" : au moins l'un des deux est requis`, "rna");
  if (rna && !isRna(rna))
    throw new BadUserInputError(`Champ "rna" : attendu W suivi de 9 caractères (ex. W523000001), reçu "${rna}"`, "rna");
  if (siren && !isValidSiren(siren)) {
    throw new BadUserInputError(`Champ "siren" : 9 chiffres avec une clé de contrôle (Luhn) valide, reçu "${siren}"`, "siren");
  }
}

const CREATED_ASSOCIATION: TableWrite<PartnerAssociationColumn> & { returning: "rows" } = {
  columns: ["name", "rna", "siren", "commune_code", "themes", "contact_email", "contact_phone", "website"],
  onConflict: { kind: "insert" },
  returning: "rows",
};

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
      const [row] = await writeTableRows<PartnerAssociationColumn, Row>(tx, PARTNER_ASSOCIATION_TABLE, CREATED_ASSOCIATION, [
        {
          name: input.name,
          rna: input.rna ?? null,
          siren: input.siren ?? null,
          commune_code: input.communeCode ?? null,
          themes: input.themes,
          contact_email: input.contactEmail ?? null,
          contact_phone: input.contactPhone ?? null,
          website: input.website ?? null,
        },
      ]);
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
};
