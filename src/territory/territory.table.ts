import { declareTable } from "../db/table-writer";

/**
 * The geography's tables, declared once (src/db/table-writer.ts): the national geography import writes
 * them; nothing else does. Each is keyed by its official code.
 */
export const REGION_TABLE = declareTable({
  table: "region",
  columns: { code: { type: "text" }, name: { type: "text" } },
  naturalKey: "(code)",
  versioned: false,
  touched: false,
});

export const DEPARTMENT_TABLE = declareTable({
  table: "department",
  columns: {
    code: { type: "text" },
    name: { type: "text" },
    region_code: { type: "text" },
    zone: { type: "zone" },
    capital_code: { type: "text" },
  },
  naturalKey: "(code)",
  versioned: false,
  touched: false,
});

export const INTERCOMMUNALITY_TABLE = declareTable({
  table: "intercommunality",
  columns: {
    siren: { type: "text" },
    name: { type: "text" },
    kind: { type: "intercommunality_kind" },
    population: { type: "int" },
    municipal_population: { type: "int" },
  },
  naturalKey: "(siren)",
  versioned: false,
  touched: false,
});

export const COMMUNE_TABLE = declareTable({
  table: "commune",
  columns: {
    code: { type: "text" },
    name: { type: "text" },
    department_code: { type: "text" },
    population: { type: "int" },
    siren: { type: "text" },
    postal_codes: { type: "varchar(5)[]" },
    intercommunality_siren: { type: "text" },
  },
  naturalKey: "(code)",
  versioned: false,
  touched: false,
});

/** Codes that lead to a current commune (merged, delegated, associated): keyed by the former code. */
export const FORMER_CODE_TABLE = declareTable({
  table: "commune_former_code",
  columns: {
    code: { type: "text" },
    name: { type: "text" },
    kind: { type: "text" },
    commune_code: { type: "text" },
  },
  naturalKey: "(code)",
  versioned: false,
  touched: false,
});
