import { ACTION_TABLE, CONVENTION_COMMUNE_TABLE, CONVENTION_TABLE, type ConventionColumn } from "../../src/convention/convention.table";
import { setReplacementSql } from "../../src/db/table-set";
import { checkedRows, TableValueError, type TableWrite, tableWriteSql } from "../../src/db/table-writer";
import { actionsWrite } from "../../src/import/kinds/actions";

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

  it("numbers the rows it inserts after their group's stored maximum, read once per statement", () => {
    const sql = tableWriteSql(
      ACTION_TABLE,
      actionsWrite(() => true),
    );
    expect(sql).toContain("coalesce(__stored.__max, 0) + row_number() OVER (PARTITION BY r.convention_id ORDER BY r.__order)");
    expect(sql).toContain("SELECT s.convention_id, max(s.position) AS __max FROM action s");
    // Only the rows without a stored match are numbered: a matched row keeps its position.
    expect(sql).toMatch(/FROM r LEFT JOIN \(SELECT s\.convention_id[\s\S]*WHERE r\.__target_id IS NULL/);
    expect(sql).not.toMatch(/SET[^;]*position =/);
  });

  it("updates and answers every offered row when asked to (`always`), changed or not", () => {
    const sql = tableWriteSql(CONVENTION_TABLE, { ...WRITE, onConflict: { kind: "update", keep: ["reference"], always: true } });
    expect(sql).toMatch(/DO UPDATE SET [\s\S]* WHERE true/);
  });

  it("replaces a parent's set: deletes what is gone, inserts what is new, audits each changed parent once", () => {
    const sql = setReplacementSql(CONVENTION_COMMUNE_TABLE, {
      parent: "convention_id",
      members: ["commune_code"],
      parents: "SELECT 1 AS id",
      wanted: "SELECT 1 AS convention_id, '52448' AS commune_code",
      audit: { entity: "convention", field: "coveredCommunes" },
    });
    expect(sql).toContain("DELETE FROM convention_commune x WHERE x.convention_id IN (SELECT id FROM parents)");
    expect(sql).toContain("INSERT INTO convention_commune (convention_id, commune_code) SELECT convention_id, commune_code FROM wanted w");
    expect(sql).toContain("SELECT $2, $3, 'convention', ch.convention_id::text, 'UPDATE'");
  });
});
