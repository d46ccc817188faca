import { FIELD_RULES } from "../common/field-rules";
import { CURRENT_COMMUNE_COLUMN, declareTable } from "../db/table-writer";

/**
 * The follow-up tables, declared once for every path that writes them (mutations, imports, the synthetic
 * generator): see src/db/table-writer.ts. Column types are those `json_to_recordset` reads a value into.
 */

/** Pilots of an action, ranked: (action, position) is the natural key. */
export const ACTION_PILOT_TABLE = declareTable({
  table: "action_pilot",
  columns: {
    action_id: { type: "int" },
    position: { type: "smallint" },
    kind: { type: "pilot_kind" },
    name: { type: "text", rule: FIELD_RULES.name },
    role: { type: "text", rule: FIELD_RULES.name },
    organisation: { type: "text", rule: FIELD_RULES.name },
    association_id: { type: "int" },
    contact: { type: "text", rule: FIELD_RULES.name },
  },
  naturalKey: "(action_id, position)",
  versioned: true,
  touched: false,
});

/** Budget lines: one per (action, kind, unit, year), the whole period (no year) once per kind and unit. */
export const ACTION_BUDGET_LINE_TABLE = declareTable({
  table: "action_budget_line",
  columns: {
    action_id: { type: "int" },
    year: { type: "smallint", rule: FIELD_RULES.year },
    kind: { type: "budget_kind" },
    unit: { type: "budget_unit" },
    planned: { type: "numeric(14,2)", rule: FIELD_RULES.amount },
    actual: { type: "numeric(14,2)", rule: FIELD_RULES.amount },
  },
  naturalKey: `(action_id, kind, unit, year) WHERE "year" IS NOT NULL`,
  versioned: true,
  touched: false,
});

/** The whole-period budget line's unique key (no year). */
export const BUDGET_LINE_PERIOD_KEY = `(action_id, kind, unit) WHERE "year" IS NULL`;

/** Fundings of an action or of one of its budget lines; no unique key (a funder may fund twice): writes match. */
export const ACTION_FUNDING_TABLE = declareTable({
  table: "action_funding",
  columns: {
    action_id: { type: "int" },
    budget_line_id: { type: "int" },
    year: { type: "smallint", rule: FIELD_RULES.year },
    funder: { type: "funder_kind" },
    commune_code: CURRENT_COMMUNE_COLUMN,
    funder_name: { type: "text", rule: FIELD_RULES.name },
    planned: { type: "numeric(14,2)", rule: FIELD_RULES.amount },
    actual: { type: "numeric(14,2)", rule: FIELD_RULES.amount },
  },
  naturalKey: null,
  versioned: true,
  touched: false,
});

/** The dated journal of an action. */
export const ACTION_NOTE_TABLE = declareTable({
  table: "action_note",
  columns: {
    action_id: { type: "int" },
    noted_on: { type: "date" },
    author: { type: "text", rule: FIELD_RULES.name },
    text: { type: "text", rule: FIELD_RULES.longText },
    restricted: { type: "boolean" },
  },
  naturalKey: null,
  versioned: true,
  touched: true,
});

/** Comités de pilotage and comités techniques of a convention. */
export const CONVENTION_MEETING_TABLE = declareTable({
  table: "convention_meeting",
  columns: {
    convention_id: { type: "int" },
    held_on: { type: "date" },
    kind: { type: "meeting_kind" },
    decisions: { type: "text", rule: FIELD_RULES.longText },
  },
  naturalKey: null,
  versioned: true,
  touched: false,
});

/** Who attended a meeting, one row per organisation. */
export const MEETING_ATTENDANCE_TABLE = declareTable({
  table: "meeting_attendance",
  columns: {
    meeting_id: { type: "int" },
    organisation_kind: { type: "signatory_kind" },
    organisation: { type: "text", rule: FIELD_RULES.name },
    attendees: { type: "smallint", rule: FIELD_RULES.attendees },
  },
  naturalKey: "(meeting_id, organisation)",
  versioned: false,
  touched: false,
});

/** Yearly evaluations (one per convention and year) and the final one (one per convention). */
export const CONVENTION_EVALUATION_TABLE = declareTable({
  table: "convention_evaluation",
  columns: {
    convention_id: { type: "int" },
    kind: { type: "evaluation_kind" },
    year: { type: "smallint", rule: FIELD_RULES.year },
    evaluated_on: { type: "date" },
    summary: { type: "text", rule: FIELD_RULES.longText },
  },
  naturalKey: `(convention_id, year) WHERE "kind" = 'YEARLY'`,
  versioned: true,
  touched: false,
});

/** The final evaluation's unique key. */
export const FINAL_EVALUATION_KEY = `(convention_id) WHERE "kind" = 'FINAL'`;

/** An objective's assessment in an evaluation. */
export const OBJECTIVE_ASSESSMENT_TABLE = declareTable({
  table: "objective_assessment",
  columns: {
    evaluation_id: { type: "int" },
    objective_id: { type: "int" },
    achievement: { type: "objective_achievement" },
    comment: { type: "text", rule: FIELD_RULES.note },
  },
  naturalKey: "(evaluation_id, objective_id)",
  versioned: false,
  touched: false,
});
