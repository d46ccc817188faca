import { declareTable } from "../db/table-writer";

/** Where rows come from (a publication, a file, the synthetic generator), by code. */
export const SOURCE_TABLE = declareTable({
  table: "source",
  columns: {
    code: { type: "text" },
    kind: { type: "source_kind" },
    title: { type: "text" },
    citation: { type: "text" },
    vintage: { type: "text" },
  },
  naturalKey: "(code)",
  versioned: false,
  touched: false,
});
