import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import type { ImportReport } from "../../src/import/report";
import { generateSynthetic } from "../../src/synthetic/synthetic.load";
import { TERRITORY_INCONSISTENCIES_SQL, digestOfWrites, makeTwoDepartments, type TwoDepartments } from "../helpers/territory";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const agent = (departments: string[]): Viewer => ({
  kind: "user",
  subject: "agent-import",
  role: Role.CAF_AGENT,
  national: departments.length === 0,
  departments,
  associationId: null,
});
const agent52 = agent(["52"]);
const admin = commandLineViewer("scope.csv");

/** Each problem as [line, column, what]: "forbidden" (écriture refusée), "outside" (hors du territoire) or the reason. */
const summary = (report: ImportReport) =>
  report.problems.map((p) => [
    p.line,
    p.column,
    p.reason.startsWith("écriture refusée") ? "forbidden" : p.reason.includes("hors du territoire") ? "outside" : p.reason,
  ]);

describe("writes stay in their territory (imports)", () => {
  let db: TestDatabase;
  let f: TwoDepartments;
  beforeAll(async () => {
    db = await openTestDatabase();
    f = await makeTwoDepartments(db.dataSource.manager);
  });
  afterAll(() => db.close());

  const run = (kind: ImportKindName, content: string, viewer: Viewer) =>
    runImport(db.dataSource.manager, { kind, fileName: `${kind}.csv`, content: Buffer.from(content, "utf8"), viewer });

  /** Runs a file expected to be refused and checks nothing was written. */
  async function rejected(kind: ImportKindName, content: string, viewer: Viewer) {
    const before = await digestOfWrites(db.dataSource);
    const report = await run(kind, content, viewer);
    expect(report.status).toBe("rejected");
    expect(await digestOfWrites(db.dataSource)).toEqual(before);
    return summary(report);
  }

  const conventions = () =>
    [
      "reference;title;department;holder_type;holder_code;covered_communes;predecessor_reference",
      "X-52-A;Tenue par une commune de 66;52;commune;66037;;",
      "X-52-B;Tenue par un EPCI de 66;52;epci;200027183;;",
      "X-52-C;Couvrant une commune de 66;52;epci;200044253;52250|66037;",
      "X-66-D;Une CTG de 66;66;epci;200027183;;",
      `X-52-E;Succédant à une CTG de 66;52;epci;200044253;;${f.conv66.reference}`,
    ].join("\n");

  it("refuses an agent of 52 every reference of a convention to 66, and writes nothing", async () => {
    expect(await rejected("conventions", conventions(), agent52)).toEqual([
      [2, "holder_code", "forbidden"],
      [3, "holder_code", "forbidden"],
      [4, "covered_communes", "forbidden"],
      [5, "department", "forbidden"],
      [6, "predecessor_reference", "forbidden"],
    ]);
  });

  it("refuses an agent of 52 moving a convention of 66 into 52; an administrator only with communes that follow", async () => {
    const move = `reference;title;department;holder_type;holder_code\n${f.conv66.reference};Déplacée en 52;52;epci;200044253\n`;
    expect(await rejected("conventions", move, agent52)).toEqual([
      [2, "reference", "forbidden"],
      [2, "covered_communes", "forbidden"],
    ]);
    // The file leaves the covered communes as they are: those of Perpignan would stay on a 52 convention.
    expect(await rejected("conventions", move, admin)).toEqual([[2, "covered_communes", "outside"]]);
  });

  it("refuses an administrator the same inconsistent conventions (its rights are not the question)", async () => {
    expect(await rejected("conventions", conventions(), admin)).toEqual([
      [2, "holder_code", "outside"],
      [3, "holder_code", "outside"],
      [4, "covered_communes", "outside"],
      [6, "predecessor_reference", "outside"],
    ]);
  });

  it("refuses an agent of 52 the actions of a 66 convention", async () => {
    expect(await rejected("actions", `convention_reference;title;theme\n${f.conv66.reference};Action détournée;YOUTH\n`, agent52)).toEqual([
      [2, "convention_reference", "forbidden"],
    ]);
  });

  it("refuses an agent of 52 an association seated in 66, and taking over one of 66", async () => {
    expect(
      await rejected(
        "associations",
        `name;rna;commune\nAssociation de Canet;W662000009;66037\nReprise;${f.association66Rna};52121\n`,
        agent52,
      ),
    ).toEqual([
      [2, "commune", "forbidden"],
      [3, "commune", "forbidden"],
    ]);
    // Without a seat column the association stays where it is: still 66's.
    expect(await rejected("associations", `name;rna\nReprise;${f.association66Rna}\n`, agent52)).toEqual([[2, "commune", "forbidden"]]);
  });

  it("refuses an agent of 52 a facility of 66, or a 52 facility run by a commune or an EPCI of 66", async () => {
    const file =
      "kind;name;commune;operator_kind;operator_code\nEAJE;Crèche;66037;;\nEAJE;Crèche A;52250;commune;66037\nEAJE;Crèche B;52250;epci;200027183\n";
    expect(await rejected("facilities", file, agent52)).toEqual([
      [2, "commune", "forbidden"],
      [3, "operator_code", "forbidden"],
      [4, "operator_code", "forbidden"],
    ]);
    expect(
      await rejected(
        "facilities",
        file
          .split("\n")
          .filter((_, i) => i !== 1)
          .join("\n"),
        admin,
      ),
    ).toEqual([
      [2, "operator_code", "outside"],
      [3, "operator_code", "outside"],
    ]);
  });

  it("refuses an agent of 52 the indicators of 66 and of an EPCI shared with 70", async () => {
    const file =
      "territory_code;year;value;indicator\n66037;2025;10;allocataires\n200027183;2025;10;allocataires\n200070332;2025;10;allocataires\n";
    expect(await rejected("indicators", file, agent52)).toEqual([
      [2, "territory_code", "forbidden"],
      [3, "territory_code", "forbidden"],
      [4, "territory_code", "forbidden"],
    ]);
  });

  it("refuses an agent of 52 the SDSF of 66", async () => {
    expect(await rejected("sdsf", "department;title;axis_number;axis_title\n66;SDSF détourné;1;Axe\n", agent52)).toEqual([
      [2, "department", "forbidden"],
    ]);
  });

  it("lets an agent of 52 import a convention held by an EPCI of 52 and 70 covering its communes of 70", async () => {
    const [{ code }] = await db.dataSource.query(
      `SELECT code FROM commune WHERE intercommunality_siren = '200070332' AND department_code = '70' ORDER BY code LIMIT 1`,
    );
    const report = await run(
      "conventions",
      `reference;title;department;holder_type;holder_code;covered_communes\nX-52-70;Frontalière;52;epci;200070332;${code}\n`,
      agent52,
    );
    expect([report.status, report.problems]).toEqual(["applied", []]);
    expect(await db.dataSource.query(TERRITORY_INCONSISTENCIES_SQL)).toEqual([]);
  });

  it("loads the reference cases and synthetic data consistent with the same rule (trusted system writes)", async () => {
    expect(await db.dataSource.query(TERRITORY_INCONSISTENCIES_SQL)).toEqual([]);
    await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.01 });
    expect(await db.dataSource.query(TERRITORY_INCONSISTENCIES_SQL)).toEqual([]);
  });
});
