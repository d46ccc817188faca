import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport, runImports } from "../../src/import/importer";
import { formatReport, type ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged / deleted of each table, as the report gives them. */
const counts = (report: ImportReport) =>
  Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged, c.deleted ?? null]]));

/** The replace mode of the child kinds, the renewal flag and the source code of the conventions import. */
describe("import: replace mode, is_renewal, source_code", () => {
  let db: TestDatabase;
  const agentOf = (department: string): Viewer => ({
    kind: "user",
    subject: `agent-${department}`,
    role: Role.CAF_AGENT,
    national: false,
    departments: [department],
    associationId: null,
  });
  beforeAll(async () => {
    db = await openTestDatabase();
    const conventions = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "conventions.csv",
      content: Buffer.from(
        "reference;title;department;holder_type;holder_code\nREP-CTG-52;CTG aux objectifs remplacés;52;commune;52448\n" +
          "REP-CTG-66;CTG des Pyrénées-Orientales;66;commune;66037\n",
      ),
      viewer: commandLineViewer("conventions.csv"),
    });
    expect(conventions.problems).toEqual([]);
    const objectives = await runImport(db.dataSource.manager, {
      kind: "objectives",
      fileName: "objectives.csv",
      content: Buffer.from(
        "convention_reference;position;title\nREP-CTG-52;1;Accueillir les jeunes enfants\nREP-CTG-52;2;Soutenir les parents\n" +
          "REP-CTG-52;3;Animer la vie sociale\nREP-CTG-66;1;Objectif de Canet\n",
      ),
      viewer: commandLineViewer("objectives.csv"),
    });
    expect(counts(objectives)).toEqual({ objective: [4, 0, 0, null] });
  });
  afterAll(async () => {
    await db.close();
  });

  const objectivesOf = async (reference: string): Promise<Array<{ id: number; position: number; title: string }>> =>
    db.dataSource.query(
      `SELECT o.id, o.position, o.title FROM objective o JOIN convention c ON c.id = o.convention_id WHERE c.reference = $1 ORDER BY o.position`,
      [reference],
    );

  it("without --replace leaves the objectives the file does not name", async () => {
    const report = await runImport(db.dataSource.manager, {
      kind: "objectives",
      fileName: "one.csv",
      content: Buffer.from("convention_reference;position;title\nREP-CTG-52;1;Accueillir les jeunes enfants\n"),
      viewer: commandLineViewer("one.csv"),
    });
    expect(counts(report)).toEqual({ objective: [0, 0, 1, null] });
    expect(await objectivesOf("REP-CTG-52")).toHaveLength(3);
  });

  it("with --replace removes the stored children of the conventions it names that it does not have, audited", async () => {
    const before = await objectivesOf("REP-CTG-52");
    const report = await runImport(db.dataSource.manager, {
      kind: "objectives",
      fileName: "replace.csv",
      content: Buffer.from(
        "convention_reference;position;title\nREP-CTG-52;1;Accueillir les jeunes enfants\nREP-CTG-52;2;Soutenir les familles\n",
      ),
      viewer: commandLineViewer("replace.csv"),
      replace: {},
    });
    expect(report.problems).toEqual([]);
    expect(counts(report)).toEqual({ objective: [0, 1, 1, 1] });
    expect(formatReport(report)).toMatch(/suppressions\n\s+objectifs\s+0\s+1\s+1\s+1/);
    expect(await objectivesOf("REP-CTG-52")).toEqual([before[0], { ...before[1], title: "Soutenir les familles" }]);
    // Another convention, not named by the file, keeps its objectives.
    expect(await objectivesOf("REP-CTG-66")).toHaveLength(1);
    const removed = await db.dataSource.query(
      `SELECT entity, entity_id, operation, actor_subject, before->>'title' AS title, after FROM audit_entry WHERE operation = 'DELETE'`,
    );
    expect(removed).toEqual([
      {
        entity: "objective",
        entity_id: String(before[2].id),
        operation: "DELETE",
        actor_subject: "cli-import:replace.csv",
        title: "Animer la vie sociale",
        after: null,
      },
    ]);
  });

  it("empties the children of a parent the caller adds, only within the caller's scope", async () => {
    const refused = await runImports(db.dataSource.manager, {
      viewer: agentOf("52"),
      files: [
        {
          kind: "objectives",
          fileName: "none.json",
          content: Buffer.from("[]"),
          replace: { parents: [{ convention_reference: "REP-CTG-66" }] },
        },
      ],
    });
    expect(refused.map((r) => r.status)).toEqual(["rejected"]);
    expect(refused[0].problems[0]).toMatchObject({ line: 1, column: "convention_reference" });
    expect(await objectivesOf("REP-CTG-66")).toHaveLength(1);

    const applied = await runImports(db.dataSource.manager, {
      viewer: agentOf("66"),
      files: [
        {
          kind: "objectives",
          fileName: "none.json",
          content: Buffer.from("[]"),
          replace: { parents: [{ convention_reference: "REP-CTG-66" }] },
        },
      ],
    });
    expect(applied.map((r) => [r.status, counts(r)])).toEqual([["applied", { objective: [0, 0, 0, 1] }]]);
    expect(await objectivesOf("REP-CTG-66")).toEqual([]);
  });

  it("refuses --replace for a kind that has no parent", async () => {
    const report = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "conventions.csv",
      content: Buffer.from("reference;title;department;holder_type;holder_code\nREP-CTG-52;CTG aux objectifs remplacés;52;commune;52448\n"),
      viewer: commandLineViewer("conventions.csv"),
      replace: {},
    });
    expect(report.status).toBe("rejected");
    expect(report.problems[0].reason).toMatch(/mode remplacement/);
  });

  it("writes all files or none: a later file's problem rolls back the earlier ones", async () => {
    const reports = await runImports(db.dataSource.manager, {
      viewer: commandLineViewer("set"),
      files: [
        {
          kind: "conventions",
          fileName: "conventions.csv",
          content: Buffer.from("reference;title;department;holder_type;holder_code\nREP-CTG-52-B;Seconde CTG;52;commune;52448\n"),
        },
        { kind: "objectives", fileName: "objectives.csv", content: Buffer.from("convention_reference;position;title\nREP-CTG-52-B;1;x\n") },
      ],
    });
    expect(reports.map((r) => [r.status, r.problemCount])).toEqual([
      ["rejected", 0],
      ["rejected", 1],
    ]);
    expect(await db.dataSource.query(`SELECT id FROM convention WHERE reference = 'REP-CTG-52-B'`)).toEqual([]);
  });

  it("reads is_renewal (a renewal of a CTG not recorded) and source_code (a stored source)", async () => {
    const file = (source: string, renewal: string) =>
      Buffer.from(
        `reference;title;department;holder_type;holder_code;is_renewal;source_code\nREP-CTG-52;CTG aux objectifs remplacés;52;commune;52448;${renewal};${source}\n`,
      );
    const viewer = commandLineViewer("renewal.csv");
    const unknown = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "renewal.csv",
      content: file("nulle:part", "oui"),
      viewer,
    });
    expect(unknown.problems).toEqual([
      expect.objectContaining({ column: "source_code", value: "nulle:part", reason: expect.stringMatching(/source inconnue/) }),
    ]);

    const applied = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "renewal.csv",
      content: file("reference:joinville", "oui"),
      viewer,
    });
    expect(counts(applied)).toEqual({ convention: [0, 1, 0, null] });
    const stored = () =>
      db.dataSource.query(
        `SELECT c.is_renewal, s.code FROM convention c LEFT JOIN source s ON s.id = c.source_id WHERE c.reference = 'REP-CTG-52'`,
      );
    expect(await stored()).toEqual([{ is_renewal: true, code: "reference:joinville" }]);
    // Without the columns, both stay as they are.
    const kept = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "plain.csv",
      content: Buffer.from("reference;title;department;holder_type;holder_code\nREP-CTG-52;CTG aux objectifs remplacés;52;commune;52448\n"),
      viewer,
    });
    expect(counts(kept)).toEqual({ convention: [0, 0, 1, null] });
    expect(await stored()).toEqual([{ is_renewal: true, code: "reference:joinville" }]);
    // Stated false, without a predecessor: no longer a renewal.
    await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "renewal.csv",
      content: file("reference:joinville", "non"),
      viewer,
    });
    expect(await stored()).toEqual([{ is_renewal: false, code: "reference:joinville" }]);
  });
});
