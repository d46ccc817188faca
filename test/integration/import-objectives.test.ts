import { readFileSync } from "node:fs";
import path from "node:path";
import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

describe("objectives import", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    const convention = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "conventions.csv",
      content: Buffer.from("reference;title;department;holder_type;holder_code\nOBJ-CTG-52;CTG aux objectifs;52;commune;52448\n"),
      viewer: commandLineViewer("conventions.csv"),
    });
    expect(convention.status).toBe("applied");
  });
  afterAll(async () => {
    await db.close();
  });

  const run = (fileName: string, content: string, viewer: Viewer = commandLineViewer(fileName)) =>
    runImport(db.dataSource.manager, { kind: "objectives", fileName, content: Buffer.from(content, "utf8"), viewer });
  const stored = () =>
    db.dataSource.query(
      `SELECT o.position, o.title, o.description, o.version FROM objective o JOIN convention c ON c.id = o.convention_id
       WHERE c.reference = 'OBJ-CTG-52' ORDER BY o.position`,
    );
  const file =
    "convention_reference;position;title;description\nOBJ-CTG-52;1;Accueillir les jeunes enfants;Places en crèche\nOBJ-CTG-52;2;Soutenir les parents;\n";

  it("creates objectives by (convention, position), audits them, then finds nothing to change", async () => {
    const first = await run("objectives.csv", file);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ objective: [2, 0, 0] });
    expect(await stored()).toEqual([
      { position: 1, title: "Accueillir les jeunes enfants", description: "Places en crèche", version: 1 },
      { position: 2, title: "Soutenir les parents", description: null, version: 1 },
    ]);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'objective' AND actor_subject = 'cli-import:objectives.csv'`,
    );
    expect(n).toBe(2);
    expect(counts(await run("objectives.csv", file))).toEqual({ objective: [0, 0, 2] });
  });

  it("updates the objective at a known position and leaves a description the file does not carry", async () => {
    const report = await run("renamed.csv", "convention_reference;position;title\nOBJ-CTG-52;1;Accueillir tous les jeunes enfants\n");
    expect(counts(report)).toEqual({ objective: [0, 1, 0] });
    expect((await stored())[0]).toEqual({
      position: 1,
      title: "Accueillir tous les jeunes enfants",
      description: "Places en crèche",
      version: 2,
    });
  });

  it("imports examples/objectives.csv after examples/conventions.csv", async () => {
    const example = (file: string) => readFileSync(path.join(__dirname, "../../examples", file));
    const conventions = await runImport(db.dataSource.manager, {
      kind: "conventions",
      fileName: "examples/conventions.csv",
      content: example("conventions.csv"),
      viewer: commandLineViewer("examples/conventions.csv"),
    });
    expect(conventions.status).toBe("applied");
    const report = await runImport(db.dataSource.manager, {
      kind: "objectives",
      fileName: "examples/objectives.csv",
      content: example("objectives.csv"),
      viewer: commandLineViewer("examples/objectives.csv"),
    });
    expect(report.problems).toEqual([]);
    expect(counts(report)).toEqual({ objective: [2, 0, 0] });
  });

  it("refuses an unknown convention, a repeated position, a position below 1, and a convention outside the importer's départements", async () => {
    const bad = await run(
      "bad.csv",
      "convention_reference;position;title\nOBJ-INCONNUE;1;Objectif sans CTG\nOBJ-CTG-52;3;Premier\nOBJ-CTG-52;3;Second au même rang\nOBJ-CTG-52;0;Rang nul\n",
    );
    expect(bad.status).toBe("rejected");
    expect(bad.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "convention_reference"],
      [4, "position"],
      [5, "position"],
    ]);
    const agent: Viewer = {
      kind: "user",
      subject: "agent-21",
      role: Role.CAF_AGENT,
      national: false,
      departments: ["21"],
      associationId: null,
    };
    const outside = await run("outside.csv", "convention_reference;position;title\nOBJ-CTG-52;3;Objectif d'ailleurs\n", agent);
    expect(outside.status).toBe("rejected");
    expect(outside.problems.map((p) => [p.line, p.column])).toEqual([[2, "convention_reference"]]);
    expect(await stored()).toHaveLength(2);
  });
});
