import { FIELD_RULES } from "../common/field-rules";
import { declareTable } from "../db/table-writer";

/** A département's SDSF: no unique key (a département may have had several). */
export const SDSF_SCHEME_TABLE = declareTable({
  table: "sdsf_scheme",
  columns: {
    id: { type: "int" },
    department_code: { type: "text", rule: FIELD_RULES.departmentCode },
    title: { type: "text", rule: FIELD_RULES.title },
    starts_on: { type: "date" },
    ends_on: { type: "date" },
    signatory_bodies: { type: "text[]" },
    source_id: { type: "int" },
  },
  naturalKey: null,
  versioned: true,
  touched: false,
});

export const SDSF_AXIS_TABLE = declareTable({
  table: "sdsf_axis",
  columns: {
    id: { type: "int" },
    scheme_id: { type: "int" },
    number: { type: "int", rule: FIELD_RULES.axisNumber },
    title: { type: "text", rule: FIELD_RULES.title },
    description: { type: "text", rule: FIELD_RULES.longText },
  },
  naturalKey: "(scheme_id, number)",
  versioned: true,
  touched: false,
});
