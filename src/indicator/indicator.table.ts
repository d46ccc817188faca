import { FIELD_RULES } from "../common/field-rules";
import { declareTable } from "../db/table-writer";

/** Unique per (indicator, year) and commune, or EPCI: two partial indexes; the commune's is the natural key. */
export const TERRITORY_INDICATOR_TABLE = declareTable({
  table: "territory_indicator",
  columns: {
    indicator: { type: "text", rule: FIELD_RULES.indicatorCode },
    year: { type: "int", rule: FIELD_RULES.year },
    commune_code: { type: "text", rule: FIELD_RULES.communeCode },
    intercommunality_siren: { type: "text" },
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

export type IndicatorColumn = keyof typeof TERRITORY_INDICATOR_TABLE.columns;
