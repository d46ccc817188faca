import type { EntityManager } from "typeorm";
import { writeTable } from "../db/table-writer";
import { INDICATOR_DEFINITION_TABLE } from "./indicator.table";
import { NUMERIC_14_2_MAX, numberRule, type NumberRule } from "../common/field-rules";
import { CAF_INDICATORS, COUNT } from "./caf-indicators";

/** Any other indicator (a rate, a ratio, an open-data figure): a number the column can hold. */
const ANY_VALUE = numberRule({ min: -NUMERIC_14_2_MAX, max: NUMERIC_14_2_MAX, scale: 2 });

export interface IndicatorDefinition {
  label: string;
  value: NumberRule;
}

/**
 * The indicators the hub knows: their label and what their values may be. Imports and `setIndicator`
 * may bring other codes (same format); their values need only fit the column. The CHECK constraint
 * `indicator_value_count_value` backs the counts listed here (a test compares the two).
 */
export const INDICATORS: Readonly<Record<string, IndicatorDefinition>> = {
  allocataires: { label: "Nombre d'allocataires CAF", value: COUNT },
  population: { label: "Population", value: COUNT },
  children_under_3: { label: "Enfants de moins de 3 ans", value: COUNT },
  eaje_places: { label: "Places en EAJE", value: COUNT },
  // The columns of data.caf.fr files, as published (caf-indicators.ts).
  ...CAF_INDICATORS,
};

/** Codes whose values are counts, as the CHECK constraint lists them. */
export const COUNT_INDICATORS = Object.keys(INDICATORS)
  .filter((code) => INDICATORS[code].value === COUNT)
  .sort();

/** The rule an indicator's values follow (counts: non-negative integers). */
export function indicatorValueRule(indicator: string | null | undefined): NumberRule {
  const code = typeof indicator === "string" ? indicator.trim() : "";
  return Object.hasOwn(INDICATORS, code) ? INDICATORS[code].value : ANY_VALUE;
}

/**
 * Every value is of a definition (the foreign key of indicator_value). Imports and `setIndicator` may bring a code
 * the hub does not know yet: its definition is created, labelled by the catalogue's label, else by the code itself
 * (nothing invented), at the territory level, for staff to complete. Codes already defined are left as they are.
 */
export async function ensureDefinitions(manager: EntityManager, codes: readonly string[]): Promise<void> {
  const missing = [...new Set(codes)];
  if (missing.length === 0) return;
  await writeTable(
    manager,
    INDICATOR_DEFINITION_TABLE,
    {
      columns: ["code", "label", "level"],
      computed: { level: "'TERRITORY'" },
      onConflict: { kind: "skip" },
      returning: "none",
    },
    missing.map((code) => ({ code, label: Object.hasOwn(INDICATORS, code) ? INDICATORS[code].label : code })),
  );
}
