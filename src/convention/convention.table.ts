import { FIELD_RULES } from "../common/field-rules";
import { CURRENT_COMMUNE_COLUMN, declareTable } from "../db/table-writer";

/**
 * The `convention` table's columns, declared once: every path that writes a convention (the mutations of
 * convention.write.ts, the conventions import, the reference cases, the synthetic generator) builds its
 * statement from this declaration (src/db/table-writer.ts).
 */
export const CONVENTION_TABLE = declareTable({
  table: "convention",
  columns: {
    id: { type: "int" },
    reference: { type: "text", rule: FIELD_RULES.reference },
    title: { type: "text", rule: FIELD_RULES.title },
    stage: { type: "convention_stage" },
    signed_on: { type: "date" },
    starts_on: { type: "date" },
    starts_on_precision: { type: "date_precision" },
    ends_on: { type: "date" },
    ends_on_precision: { type: "date_precision" },
    terminated_on: { type: "date" },
    department_code: { type: "text", rule: FIELD_RULES.departmentCode },
    holder_kind: { type: "holder_kind" },
    holder_commune_code: CURRENT_COMMUNE_COLUMN,
    holder_intercommunality_siren: { type: "text" },
    themes: { type: "theme[]" },
    bonus_territoire: { type: "boolean" },
    is_renewal: { type: "boolean" },
    predecessor_id: { type: "int" },
    diagnostic_conducted_on: { type: "date" },
    diagnostic_conducted_on_precision: { type: "date_precision" },
    diagnostic_conducted_by: { type: "text", rule: FIELD_RULES.name },
    diagnostic_funded_by_caf: { type: "boolean" },
    diagnostic_summary: { type: "text", rule: FIELD_RULES.longText },
    description: { type: "text", rule: FIELD_RULES.longText },
    internal_notes: { type: "text", rule: FIELD_RULES.longText },
    source_id: { type: "int" },
  },
  naturalKey: "(reference)",
  versioned: true,
  touched: true,
});

export type ConventionColumn = keyof typeof CONVENTION_TABLE.columns;

/** The communes a convention covers. */
export const CONVENTION_COMMUNE_TABLE = declareTable({
  table: "convention_commune",
  columns: {
    convention_id: { type: "int" },
    commune_code: CURRENT_COMMUNE_COLUMN,
  },
  naturalKey: "(convention_id, commune_code)",
  versioned: false,
  touched: false,
});

/** Former commune codes a convention was signed on, as written (`convention_commune` holds where they lead). */
export const CONVENTION_SIGNED_CODE_TABLE = declareTable({
  table: "convention_signed_code",
  columns: {
    convention_id: { type: "int" },
    code: { type: "text", rule: FIELD_RULES.communeCode },
  },
  naturalKey: "(convention_id, code)",
  versioned: false,
  touched: false,
});

export const CONVENTION_SIGNATORY_TABLE = declareTable({
  table: "convention_signatory",
  columns: {
    convention_id: { type: "int" },
    position: { type: "int" },
    kind: { type: "signatory_kind" },
    role: { type: "signatory_role" },
    name: { type: "text", rule: FIELD_RULES.name },
    commune_code: CURRENT_COMMUNE_COLUMN,
    intercommunality_siren: { type: "text" },
    association_id: { type: "int" },
    signed_on: { type: "date" },
  },
  naturalKey: "(convention_id, position)",
  versioned: false,
  touched: false,
});

/** The SDSF axes a convention carries out. */
export const CONVENTION_SDSF_AXIS_TABLE = declareTable({
  table: "convention_sdsf_axis",
  columns: {
    convention_id: { type: "int" },
    sdsf_axis_id: { type: "int" },
  },
  naturalKey: "(convention_id, sdsf_axis_id)",
  versioned: false,
  touched: false,
});

export const OBJECTIVE_TABLE = declareTable({
  table: "objective",
  columns: {
    id: { type: "int" },
    convention_id: { type: "int" },
    position: { type: "int" },
    title: { type: "text", rule: FIELD_RULES.objectiveTitle },
    description: { type: "text", rule: FIELD_RULES.longText },
  },
  naturalKey: "(convention_id, position)",
  versioned: true,
  touched: false,
});

/** Actions have no unique key: a position is unique in practice, not by constraint. */
export const ACTION_TABLE = declareTable({
  table: "action",
  columns: {
    id: { type: "int" },
    convention_id: { type: "int" },
    objective_id: { type: "int" },
    position: { type: "int" },
    title: { type: "text", rule: FIELD_RULES.title },
    description: { type: "text", rule: FIELD_RULES.longText },
    theme: { type: "theme" },
    status: { type: "action_status" },
    priority: { type: "action_priority" },
    target_publics: { type: "target_public[]" },
    parent_action_id: { type: "int" },
    elected_referent_name: { type: "text", rule: FIELD_RULES.name },
    elected_referent_mandate: { type: "text", rule: FIELD_RULES.name },
    starts_on: { type: "date" },
    ends_on: { type: "date" },
    sdsf_axis_id: { type: "int" },
    progress: { type: "smallint", rule: FIELD_RULES.progress },
    progress_note: { type: "text", rule: FIELD_RULES.note },
    budget: { type: "numeric(14,2)", rule: FIELD_RULES.budget },
    internal_notes: { type: "text", rule: FIELD_RULES.longText },
    source_id: { type: "int" },
  },
  naturalKey: null,
  versioned: true,
  touched: true,
});

/** An association's part in a convention or an action; two partial unique indexes, so a conflict is any of them. */
export const PARTNERSHIP_TABLE = declareTable({
  table: "partnership",
  columns: {
    association_id: { type: "int" },
    convention_id: { type: "int" },
    action_id: { type: "int" },
    role: { type: "partnership_role" },
  },
  naturalKey: null,
  versioned: false,
  touched: false,
});

export type ConventionCommuneColumn = keyof typeof CONVENTION_COMMUNE_TABLE.columns;
export type SignedCodeColumn = keyof typeof CONVENTION_SIGNED_CODE_TABLE.columns;
export type SignatoryColumn = keyof typeof CONVENTION_SIGNATORY_TABLE.columns;
export type ConventionSdsfAxisColumn = keyof typeof CONVENTION_SDSF_AXIS_TABLE.columns;
export type ObjectiveColumn = keyof typeof OBJECTIVE_TABLE.columns;
export type ActionColumn = keyof typeof ACTION_TABLE.columns;
export type PartnershipColumn = keyof typeof PARTNERSHIP_TABLE.columns;
