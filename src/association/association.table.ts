import { FIELD_RULES } from "../common/field-rules";
import { CURRENT_COMMUNE_COLUMN, declareTable } from "../db/table-writer";

/** Partner associations: RNA and SIREN are each unique, so there is no one natural key to upsert on. */
export const PARTNER_ASSOCIATION_TABLE = declareTable({
  table: "partner_association",
  columns: {
    id: { type: "int" },
    name: { type: "text", rule: FIELD_RULES.name },
    rna: { type: "text", rule: FIELD_RULES.rna },
    siren: { type: "text", rule: FIELD_RULES.siren },
    commune_code: CURRENT_COMMUNE_COLUMN,
    themes: { type: "theme[]" },
    contact_email: { type: "text", rule: FIELD_RULES.email },
    contact_phone: { type: "text", rule: FIELD_RULES.phone },
    website: { type: "text", rule: FIELD_RULES.website },
    source_id: { type: "int" },
  },
  naturalKey: null,
  versioned: true,
  touched: true,
});

export type PartnerAssociationColumn = keyof typeof PARTNER_ASSOCIATION_TABLE.columns;
