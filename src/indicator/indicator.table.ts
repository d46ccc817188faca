import { FIELD_RULES } from "../common/field-rules";
import { declareTable } from "../db/table-writer";

/**
 * Values of indicator definitions. A territory's value is unique per (indicator, year) and commune, or EPCI: two
 * partial indexes, the commune's being the natural key; plan-level values (action, objective, convention) have theirs.
 */
export const INDICATOR_VALUE_TABLE = declareTable({
  table: "indicator_value",
  columns: {
    indicator: { type: "text", rule: FIELD_RULES.indicatorCode },
    year: { type: "int", rule: FIELD_RULES.year },
    commune_code: { type: "text", rule: FIELD_RULES.communeCode },
    intercommunality_siren: { type: "text" },
    action_id: { type: "int" },
    objective_id: { type: "int" },
    convention_id: { type: "int" },
    baseline: { type: "numeric(14,2)" },
    target: { type: "numeric(14,2)" },
    value: { type: "numeric(14,2)" },
    note: { type: "text", rule: FIELD_RULES.note },
    source_id: { type: "int" },
  },
  naturalKey: "(indicator, year, commune_code) WHERE commune_code IS NOT NULL",
  versioned: false,
  touched: false,
});

/** The EPCI's unique key, for the writes of EPCI values. */
export const INTERCOMMUNALITY_INDICATOR_KEY = "(indicator, year, intercommunality_siren) WHERE intercommunality_siren IS NOT NULL";

export type IndicatorColumn = keyof typeof INDICATOR_VALUE_TABLE.columns;

/** The catalogue of indicators, by code; the writes here create missing definitions (labelled by their code). */
export const INDICATOR_DEFINITION_TABLE = declareTable({
  table: "indicator_definition",
  columns: {
    code: { type: "text", rule: FIELD_RULES.indicatorCode },
    label: { type: "text", rule: FIELD_RULES.name },
    unit: { type: "text", rule: FIELD_RULES.unit },
    direction: { type: "indicator_direction" },
    level: { type: "indicator_level" },
  },
  naturalKey: "(code)",
  versioned: true,
  touched: false,
});
