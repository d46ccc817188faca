import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

describe("actions import by position, with their objective", () => {
  let db: TestDatabase;
  const run = (kind: ImportKindName, fileName: string, content: string) =>
    runImport(db.dataSource.manager, { kind, fileName, content: Buffer.from(content, "utf8"), viewer: commandLineViewer(fileName) });
  beforeAll(async () => {
    db = await openTestDatabase();
    const convention = await run(
      "conventions",
      "c.csv",
      "reference;title;department;holder_type;holder_code\nACT-CTG-52;CTG au plan;52;commune;52448\n",
    );
    expect(convention.problems).toEqual([]);
    const objectives = await run(
      "objectives",
      "o.csv",
      "convention_reference;position;title\nACT-CTG-52;1;Petite enfance\nACT-CTG-52;2;Jeunesse\n",
    );
    expect(objectives.problems).toEqual([]);
  });
  afterAll(async () => {
    await db.close();
  });

  const stored = () =>
    db.dataSource.query(
      `SELECT a.position, a.title, o.position AS objective FROM action a JOIN convention c ON c.id = a.convention_id
       LEFT JOIN objective o ON o.id = a.objective_id WHERE c.reference = 'ACT-CTG-52' ORDER BY a.position`,
    );
  const header = "convention_reference;position;title;theme;objective_position";
  const file = `${header}\nACT-CTG-52;1;Ouvrir une crèche;EARLY_CHILDHOOD;1\nACT-CTG-52;2;Ouvrir une crèche;EARLY_CHILDHOOD;\nACT-CTG-52;3;Un local jeunes;YOUTH;2\n`;

  it("stores the file's positions and objectives (two actions may share a title), then finds nothing to change", async () => {
    const first = await run("actions", "a.csv", file);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ action: [3, 0, 0] });
    expect(await stored()).toEqual([
      { position: 1, title: "Ouvrir une crèche", objective: 1 },
      { position: 2, title: "Ouvrir une crèche", objective: null },
      { position: 3, title: "Un local jeunes", objective: 2 },
    ]);
    expect(counts(await run("actions", "a.csv", file))).toEqual({ action: [0, 0, 3] });
  });

  it("renames the action at a position instead of adding one, and keeps its objective when the file has no such column", async () => {
    const report = await run(
      "actions",
      "renamed.csv",
      "convention_reference;position;title;theme\nACT-CTG-52;3;Un local pour les jeunes;YOUTH\n",
    );
    expect(counts(report)).toEqual({ action: [0, 1, 0] });
    expect((await stored())[2]).toEqual({ position: 3, title: "Un local pour les jeunes", objective: 2 });
  });

  it("refuses an unknown objective, a repeated position and a row without position in a file that has the column", async () => {
    const report = await run(
      "actions",
      "bad.csv",
      `${header}\nACT-CTG-52;4;Objectif inconnu;YOUTH;9\nACT-CTG-52;5;Premier;YOUTH;\nACT-CTG-52;5;Même rang;YOUTH;\nACT-CTG-52;;Sans rang;YOUTH;\n`,
    );
    expect(report.status).toBe("rejected");
    expect(report.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "objective_position"],
      [4, "position"],
      [5, "position"],
    ]);
    expect(await stored()).toHaveLength(3);
  });
});
