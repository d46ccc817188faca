import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

interface Stored {
  starts_on: string;
  starts_on_precision: string;
  ends_on: string;
  ends_on_precision: string;
  description: string | null;
  diagnostic_conducted_on: string | null;
  diagnostic_conducted_on_precision: string | null;
  diagnostic_conducted_by: string | null;
  diagnostic_funded_by_caf: boolean | null;
  diagnostic_summary: string | null;
  version: number;
}

describe("conventions import: description, shared diagnostic and date precisions", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const run = (fileName: string, content: string) =>
    runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName,
      content: Buffer.from(content, "utf8"),
      viewer: commandLineViewer(fileName),
    });
  const stored = async (): Promise<Stored> => {
    const [row] = await db.dataSource.query(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS starts_on, starts_on_precision, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              ends_on_precision, description, to_char(diagnostic_conducted_on, 'YYYY-MM-DD') AS diagnostic_conducted_on,
              diagnostic_conducted_on_precision, diagnostic_conducted_by, diagnostic_funded_by_caf, diagnostic_summary, version
       FROM convention WHERE reference = 'DET-CTG-52-2023'`,
    );
    return row;
  };

  const header =
    "reference;title;department;holder_type;holder_code;starts_on;starts_on_precision;ends_on;ends_on_precision;description;" +
    "diagnostic_conducted_on;diagnostic_conducted_on_precision;diagnostic_conducted_by;diagnostic_funded_by_caf;diagnostic_summary";
  const full = `${header}\nDET-CTG-52-2023;CTG détaillée;52;commune;52448;2023-01-01;année;2027-12-31;year;Présentation publique;2022-06-01;mois;Cabinet d'études;oui;Synthèse du diagnostic\n`;

  it("stores what the file states, then finds nothing to change in the same file", async () => {
    const first = await run("details.csv", full);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ convention: [1, 0, 0] });
    expect(await stored()).toEqual({
      starts_on: "2023-01-01",
      starts_on_precision: "YEAR",
      ends_on: "2027-12-31",
      ends_on_precision: "YEAR",
      description: "Présentation publique",
      diagnostic_conducted_on: "2022-06-01",
      diagnostic_conducted_on_precision: "MONTH",
      diagnostic_conducted_by: "Cabinet d'études",
      diagnostic_funded_by_caf: true,
      diagnostic_summary: "Synthèse du diagnostic",
      version: 1,
    });
    expect(counts(await run("details.csv", full))).toEqual({ convention: [0, 0, 1] });
  });

  it("keeps a stored precision, description and diagnostic a file without those columns leaves out", async () => {
    const before = await stored();
    const report = await run(
      "dates.csv",
      "reference;title;department;holder_type;holder_code;starts_on;ends_on\nDET-CTG-52-2023;CTG détaillée;52;commune;52448;2023-01-01;2027-12-31\n",
    );
    expect(counts(report)).toEqual({ convention: [0, 0, 1] });
    expect(await stored()).toEqual(before);
  });

  it("writes a stated precision over the stored one, and a date without precision is known to the day", async () => {
    const report = await run(
      "day.csv",
      `reference;title;department;holder_type;holder_code;starts_on;starts_on_precision;diagnostic_conducted_on\nDET-CTG-52-2023;CTG détaillée;52;commune;52448;2023-01-01;day;2022-06-15\n`,
    );
    expect(counts(report)).toEqual({ convention: [0, 1, 0] });
    const after = await stored();
    expect([
      after.starts_on_precision,
      after.ends_on_precision,
      after.diagnostic_conducted_on,
      after.diagnostic_conducted_on_precision,
    ]).toEqual(["DAY", "YEAR", "2022-06-15", "DAY"]);
    expect(after.diagnostic_summary).toBe("Synthèse du diagnostic");
  });

  it("refuses a precision without its date, an unknown precision and a one-letter author", async () => {
    const report = await run(
      "bad-details.csv",
      `${header}\nDET-BAD;CTG refusée;52;commune;52448;;year;2027-12-31;semaine;;;;X;peut-être;\n`,
    );
    expect(report.status).toBe("rejected");
    expect(report.problems.map((p) => [p.column, p.value])).toEqual([
      ["starts_on_precision", "year"],
      ["ends_on_precision", "semaine"],
      ["diagnostic_conducted_by", "X"],
      ["diagnostic_funded_by_caf", "peut-être"],
    ]);
  });
});
