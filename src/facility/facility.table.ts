import { FIELD_RULES } from "../common/field-rules";
import { CURRENT_COMMUNE_COLUMN, declareTable } from "../db/table-writer";

/** Facilities have no unique key: loaders match them on (kind, name, commune). */
export const FACILITY_TABLE = declareTable({
  table: "facility",
  columns: {
    id: { type: "int" },
    kind: { type: "facility_kind" },
    name: { type: "text", rule: FIELD_RULES.name },
    commune_code: CURRENT_COMMUNE_COLUMN,
    operator_kind: { type: "operator_kind" },
    operator_name: { type: "text", rule: FIELD_RULES.name },
    operator_commune_code: CURRENT_COMMUNE_COLUMN,
    operator_intercommunality_siren: { type: "text" },
    operator_association_id: { type: "int" },
    capacity: { type: "int", rule: FIELD_RULES.capacity },
    description: { type: "text", rule: FIELD_RULES.longText },
    source_id: { type: "int" },
  },
  naturalKey: null,
  versioned: true,
  touched: false,
});

export const FACILITY_APPROVAL_TABLE = declareTable({
  table: "facility_approval",
  columns: {
    facility_id: { type: "int" },
    kind: { type: "approval_kind" },
    starts_on: { type: "date" },
    starts_on_precision: { type: "date_precision" },
    ends_on: { type: "date" },
    ends_on_precision: { type: "date_precision" },
    granted_by: { type: "text", rule: FIELD_RULES.name },
    description: { type: "text", rule: FIELD_RULES.longText },
  },
  naturalKey: null,
  versioned: false,
  touched: false,
});

export type FacilityColumn = keyof typeof FACILITY_TABLE.columns;
export type ApprovalColumn = keyof typeof FACILITY_APPROVAL_TABLE.columns;
