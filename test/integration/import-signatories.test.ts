import { readFileSync } from "node:fs";
import path from "node:path";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

describe("signatories import", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    const convention = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "conventions.csv",
      content: Buffer.from("reference;title;department;holder_type;holder_code\nSIG-CTG-52;CTG aux signataires;52;commune;52448\n"),
      viewer: commandLineViewer("conventions.csv"),
    });
    expect(convention.status).toBe("applied");
  });
  afterAll(async () => {
    await db.close();
  });

  const run = (fileName: string, content: string) =>
    runImport(db.dataSource.manager, {
      kind: "signatories",
      fileName,
      content: Buffer.from(content, "utf8"),
      viewer: commandLineViewer(fileName),
    });
  const stored = () =>
    db.dataSource.query(
      `SELECT s.position, s.kind, s.role, s.name, s.commune_code, s.intercommunality_siren, to_char(s.signed_on, 'YYYY-MM-DD') AS signed_on
       FROM convention_signatory s JOIN convention c ON c.id = s.convention_id WHERE c.reference = 'SIG-CTG-52' ORDER BY s.position`,
    );
  const file =
    "convention_reference;position;kind;role;name;territory_code;signed_on\n" +
    "SIG-CTG-52;1;caf;caf;CAF de la Haute-Marne;;2024-03-01\n" +
    "SIG-CTG-52;2;commune;porteur;Commune de Saint-Dizier;52448;\n";

  it("creates signatories by (convention, position), audits them, then finds nothing to change", async () => {
    const first = await run("signatories.csv", file);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ convention_signatory: [2, 0, 0] });
    expect(await stored()).toEqual([
      {
        position: 1,
        kind: "CAF",
        role: "CAF",
        name: "CAF de la Haute-Marne",
        commune_code: null,
        intercommunality_siren: null,
        signed_on: "2024-03-01",
      },
      {
        position: 2,
        kind: "COMMUNE",
        role: "HOLDER",
        name: "Commune de Saint-Dizier",
        commune_code: "52448",
        intercommunality_siren: null,
        signed_on: null,
      },
    ]);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'convention_signatory' AND actor_subject = 'cli-import:signatories.csv'`,
    );
    expect(n).toBe(2);
    expect(counts(await run("signatories.csv", file))).toEqual({ convention_signatory: [0, 0, 2] });
  });

  it("updates the signatory at a known position and keeps a signature date the file does not carry", async () => {
    const report = await run("renamed.csv", "convention_reference;position;kind;role;name\nSIG-CTG-52;1;caf;caf;CAF 52\n");
    expect(counts(report)).toEqual({ convention_signatory: [0, 1, 0] });
    expect((await stored())[0]).toMatchObject({ name: "CAF 52", signed_on: "2024-03-01" });
  });

  it("links an association signatory to the stored association named by its RNA", async () => {
    const association = await runImport(db.dataSource.manager, {
      kind: "associations",
      fileName: "associations.csv",
      content: Buffer.from("name;rna\nAssociation signataire;W523000001\n"),
      viewer: commandLineViewer("associations.csv"),
    });
    expect(association.problems).toEqual([]);
    const report = await run(
      "association.csv",
      "convention_reference;position;kind;role;name;association_rna\nSIG-CTG-52;3;association;cosignataire;Association signataire;w523000001\n",
    );
    expect(report.problems).toEqual([]);
    const [row] = await db.dataSource.query(
      `SELECT pa.rna FROM convention_signatory s JOIN partner_association pa ON pa.id = s.association_id WHERE s.name = 'Association signataire'`,
    );
    expect(row).toEqual({ rna: "W523000001" });
  });

  it("imports examples/signatories.csv after examples/conventions.csv", async () => {
    const example = (file: string) => readFileSync(path.join(__dirname, "../../examples", file));
    for (const kind of ["conventions", "signatories"] as const) {
      const report = await runImport(db.dataSource.manager, {
        kind,
        fileName: `examples/${kind}.csv`,
        content: example(`${kind}.csv`),
        viewer: commandLineViewer(`examples/${kind}.csv`),
      });
      expect(report.problems).toEqual([]);
      expect(report.status).toBe("applied");
    }
  });

  it("refuses a commune signatory without its code or outside the known communes, a code on a CAF, an unknown association", async () => {
    const report = await run(
      "bad.csv",
      "convention_reference;position;kind;role;name;territory_code;association_rna\n" +
        "SIG-CTG-52;3;commune;cosignataire;Commune sans code;;\n" +
        "SIG-CTG-52;4;commune;cosignataire;Commune inconnue;52999;\n" +
        "SIG-CTG-52;5;caf;caf;CAF avec un code;52448;\n" +
        "SIG-CTG-52;6;association;cosignataire;Association inconnue;;W529999999\n",
    );
    expect(report.status).toBe("rejected");
    expect(report.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "territory_code"],
      [3, "territory_code"],
      [4, "territory_code"],
      [5, "association_rna"],
    ]);
    expect(await stored()).toHaveLength(3);
  });
});
