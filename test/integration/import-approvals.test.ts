import { readFileSync } from "node:fs";
import path from "node:path";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

describe("facility approvals (and facility descriptions) import", () => {
  let db: TestDatabase;
  const run = (kind: ImportKindName, fileName: string, content: string) =>
    runImport(db.dataSource.manager, { kind, fileName, content: Buffer.from(content, "utf8"), viewer: commandLineViewer(fileName) });
  beforeAll(async () => {
    db = await openTestDatabase();
    const facility = await run("facilities", "facilities.csv", "kind;name;commune\nsocial_centre;Centre social des Abbesses;52448\n");
    expect(facility.problems).toEqual([]);
  });
  afterAll(async () => {
    await db.close();
  });

  const stored = () =>
    db.dataSource.query(
      `SELECT a.kind, to_char(a.starts_on, 'YYYY-MM-DD') AS starts_on, a.starts_on_precision, to_char(a.ends_on, 'YYYY-MM-DD') AS ends_on,
              a.ends_on_precision, a.granted_by, a.description
       FROM facility_approval a JOIN facility f ON f.id = a.facility_id WHERE f.name = 'Centre social des Abbesses' ORDER BY a.starts_on`,
    );
  const header =
    "facility_kind;facility_name;facility_commune;kind;starts_on;starts_on_precision;ends_on;ends_on_precision;granted_by;description";
  const file = `${header}\nsocial_centre;Centre social des Abbesses;52448;projet social;2022-01-01;year;2025-12-31;year;CAF de la Haute-Marne;Projet social 2022-2025\n`;

  it("creates an approval of a stored facility, audits it, then finds nothing to change", async () => {
    const first = await run("approvals", "approvals.csv", file);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ facility_approval: [1, 0, 0] });
    expect(await stored()).toEqual([
      {
        kind: "SOCIAL_CENTRE_PROJECT",
        starts_on: "2022-01-01",
        starts_on_precision: "YEAR",
        ends_on: "2025-12-31",
        ends_on_precision: "YEAR",
        granted_by: "CAF de la Haute-Marne",
        description: "Projet social 2022-2025",
      },
    ]);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'facility_approval' AND actor_subject = 'cli-import:approvals.csv'`,
    );
    expect(n).toBe(1);
    expect(counts(await run("approvals", "approvals.csv", file))).toEqual({ facility_approval: [0, 0, 1] });
  });

  it("matches on (facility, kind, start): a new end updates it, stated precisions and absent columns as conventions do", async () => {
    const report = await run(
      "approvals",
      "extended.csv",
      "facility_kind;facility_name;facility_commune;kind;starts_on;ends_on\nsocial_centre;Centre social des Abbesses;52448;social_centre_project;2022-01-01;2026-06-30\n",
    );
    expect(counts(report)).toEqual({ facility_approval: [0, 1, 0] });
    expect(await stored()).toEqual([
      expect.objectContaining({
        starts_on_precision: "YEAR",
        ends_on: "2026-06-30",
        ends_on_precision: "DAY",
        granted_by: "CAF de la Haute-Marne",
      }),
    ]);
  });

  it("imports examples/approvals.csv after examples/associations.csv and examples/facilities.csv", async () => {
    const example = (file: string) => readFileSync(path.join(__dirname, "../../examples", file), "utf8");
    for (const kind of ["associations", "facilities", "approvals"] as const) {
      const report = await run(kind, `examples/${kind}.csv`, example(`${kind}.csv`));
      expect(report.problems).toEqual([]);
      expect(report.status).toBe("applied");
    }
  });

  it("facilities: stores a description, and leaves it alone in a file without that column", async () => {
    const described = await run(
      "facilities",
      "described.csv",
      "kind;name;commune;description\nsocial_centre;Centre social des Abbesses;52448;Lieu d'accueil\n",
    );
    expect(counts(described)).toEqual({ facility: [0, 1, 0] });
    const again = await run("facilities", "plain.csv", "kind;name;commune\nsocial_centre;Centre social des Abbesses;52448\n");
    expect(counts(again)).toEqual({ facility: [0, 0, 1] });
    const [row] = await db.dataSource.query(`SELECT description FROM facility WHERE name = 'Centre social des Abbesses'`);
    expect(row).toEqual({ description: "Lieu d'accueil" });
  });

  it("refuses an unknown facility, a repeated approval and an end before its start", async () => {
    const report = await run(
      "approvals",
      "bad.csv",
      `${header}\nsocial_centre;Centre inconnu;52448;other;2022-01-01;;;;;\n` +
        "social_centre;Centre social des Abbesses;52448;other;2023-01-01;;2022-12-31;;;\n" +
        "social_centre;Centre social des Abbesses;52448;other;2023-01-01;;;;;\n",
    );
    expect(report.status).toBe("rejected");
    expect(report.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "facility_name"],
      [3, "ends_on"],
      [4, "starts_on"],
    ]);
    expect(await stored()).toHaveLength(1);
  });
});
