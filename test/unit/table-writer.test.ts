import { CONVENTION_TABLE, type ConventionColumn } from "../../src/convention/convention.table";
import { checkedRows, TableValueError, type TableWrite, tableWriteSql } from "../../src/db/table-writer";

const WRITE: TableWrite<ConventionColumn> & { returning: "ids" } = {
  columns: ["reference", "title", "description", "starts_on", "starts_on_precision"],
  computed: { starts_on_precision: "CASE WHEN j.starts_on IS NULL THEN NULL ELSE 'DAY' END" },
  onConflict: { kind: "update", keep: ["reference"] },
  returning: "ids",
};

describe("table writer", () => {
  it("reads the rows with the declared types and upserts on the declared natural key, comparing before it updates", () => {
    const sql = tableWriteSql(CONVENTION_TABLE, WRITE);
    expect(sql).toContain("json_to_recordset($1::json) AS j(reference text, title text, description text, starts_on date)");
    expect(sql).toContain("(CASE WHEN j.starts_on IS NULL THEN NULL ELSE 'DAY' END)::date_precision AS starts_on_precision");
    expect(sql).toContain("ON CONFLICT (reference) DO UPDATE SET title = excluded.title");
    expect(sql).toContain("version = t.version + 1, updated_at = now()");
    expect(sql).toContain("IS DISTINCT FROM (excluded.title, excluded.description, excluded.starts_on, excluded.starts_on_precision)");
  });

  it("refuses a value its column's field rule refuses, whatever path hands it over", () => {
    expect(() => checkedRows(CONVENTION_TABLE, WRITE, [{ reference: "CTG-52-X", title: "A" }])).toThrow(TableValueError);
    expect(() => checkedRows(CONVENTION_TABLE, WRITE, [{ reference: "é", title: "Titre correct" }])).toThrow(/convention\.reference/);
  });

  it("stores values as the rules normalise them (trimmed; an empty optional text as null)", () => {
    const [row] = checkedRows(CONVENTION_TABLE, WRITE, [{ reference: "CTG-52-X", title: "  Titre  ", description: "   " }]);
    expect(row).toEqual({ reference: "CTG-52-X", title: "Titre", description: null });
  });
});
