import { readFileSync } from "node:fs";
import path from "node:path";
import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import type { ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));
const where = (report: ImportReport) => report.problems.map((p) => [p.line, p.column]);

const REF = "FUP-CTG-52";
const agent21: Viewer = {
  kind: "user",
  subject: "agent-21",
  role: Role.CAF_AGENT,
  national: false,
  departments: ["21"],
  associationId: null,
};

describe("follow-up imports (pilots, budget lines, fundings, notes, meetings, plan indicators)", () => {
  let db: TestDatabase;
  const run = (kind: ImportKindName, content: string, viewer?: Viewer, fileName = `${kind}.csv`) =>
    runImport(db.dataSource.manager, {
      kind,
      fileName,
      content: Buffer.from(content, "utf8"),
      viewer: viewer ?? commandLineViewer(fileName),
    });
  const count = async (table: string) =>
    (
      await db.dataSource.query(
        `SELECT count(*)::int AS n FROM ${table} t WHERE EXISTS (SELECT 1 FROM action a JOIN convention c ON c.id = a.convention_id
           WHERE c.reference = $1 AND a.id = t.action_id)`,
        [REF],
      )
    )[0].n as number;

  beforeAll(async () => {
    db = await openTestDatabase();
    const setUp: Array<[ImportKindName, string]> = [
      ["conventions", `reference;title;department;holder_type;holder_code\n${REF};CTG suivie;52;commune;52448\n`],
      ["objectives", `convention_reference;position;title\n${REF};1;Accueillir les jeunes enfants\n`],
      [
        "actions",
        `convention_reference;position;title;theme;status;ends_on\n${REF};1;Relais petite enfance;EARLY_CHILDHOOD;in_progress;2025-12-31\n` +
          `${REF};2;Lieu d'accueil enfants-parents;PARENTING;planned;\n`,
      ],
      ["associations", "name;rna;commune\nFamilles suivies;W522000099;52448\n"],
    ];
    for (const [kind, content] of setUp) {
      const report = await run(kind, content);
      expect(report.problems).toEqual([]);
      expect(report.status).toBe("applied");
    }
  });
  afterAll(async () => {
    await db.close();
  });

  const pilots =
    "convention_reference;action_position;position;kind;name;role;association_rna\n" +
    `${REF};1;1;person;Claire Martin;Coordinatrice petite enfance;\n` +
    `${REF};1;2;association;;;W522000099\n` +
    `${REF};2;1;service;Service enfance-jeunesse;;\n`;

  it("imports pilots by (action, rank), then finds nothing to change", async () => {
    const first = await run("pilots", pilots);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ action_pilot: [3, 0, 0] });
    expect(counts(await run("pilots", pilots))).toEqual({ action_pilot: [0, 0, 3] });
    const stored = await db.dataSource.query(
      `SELECT a.position AS action, p.position, p.kind, p.name, pa.rna FROM action_pilot p JOIN action a ON a.id = p.action_id
       LEFT JOIN partner_association pa ON pa.id = p.association_id JOIN convention c ON c.id = a.convention_id
       WHERE c.reference = $1 ORDER BY a.position, p.position`,
      [REF],
    );
    expect(stored).toEqual([
      { action: 1, position: 1, kind: "PERSON", name: "Claire Martin", rna: null },
      { action: 1, position: 2, kind: "ASSOCIATION", name: null, rna: "W522000099" },
      { action: 2, position: 1, kind: "SERVICE", name: "Service enfance-jeunesse", rna: null },
    ]);
  });

  const lines =
    "convention_reference;action_title;year;kind;unit;planned;actual\n" +
    `${REF};Relais petite enfance;2024;fonctionnement;euros;"40 000";"35 500,50"\n` +
    `${REF};Relais petite enfance;2025;operating;;42000;30000\n` +
    `${REF};Relais petite enfance;;investment;;15000;\n` +
    `${REF};Relais petite enfance;2025;operating;etp;1,5;1\n`;

  it("imports budget lines by (action, kind, unit, year), the whole-period line too, idempotently", async () => {
    const first = await run("budget_lines", lines);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ action_budget_line: [4, 0, 0] });
    expect(counts(await run("budget_lines", lines))).toEqual({ action_budget_line: [0, 0, 4] });
    const changed = await run(
      "budget_lines",
      `convention_reference;action_position;year;kind;actual\n${REF};1;2025;operating;41000\n${REF};1;;investment;14000\n`,
    );
    expect(counts(changed)).toEqual({ action_budget_line: [0, 2, 0] });
    const [{ planned, actual, version }] = await db.dataSource.query(
      `SELECT planned::float, actual::float, version FROM action_budget_line WHERE year = 2025 AND unit = 'EUROS'
       AND action_id IN (SELECT a.id FROM action a JOIN convention c ON c.id = a.convention_id WHERE c.reference = $1)`,
      [REF],
    );
    expect({ planned, actual, version }).toEqual({ planned: 42000, actual: 41000, version: 2 });
  });

  const fundings =
    "convention_reference;action_position;budget_kind;year;funder;commune_code;funder_name;planned;actual\n" +
    `${REF};1;operating;2024;prestation de service;;;20000;18000\n` +
    `${REF};1;operating;2024;commune;52448;;10000;10000\n` +
    `${REF};1;;;bonus territoire;;;8000;\n` +
    `${REF};1;;;other;;Fondation locale;2000;2000\n`;

  it("imports fundings on a line or on the action, matched on the import's natural key", async () => {
    const first = await run("fundings", fundings);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ action_funding: [4, 0, 0] });
    expect(counts(await run("fundings", fundings))).toEqual({ action_funding: [0, 0, 4] });
    const [{ online }] = await db.dataSource.query(
      `SELECT count(*)::int AS online FROM action_funding f JOIN action_budget_line l ON l.id = f.budget_line_id
       WHERE l.year = 2024 AND l.action_id = f.action_id`,
    );
    expect(online).toBe(2);
  });

  const notes =
    "convention_reference;action_position;noted_on;author;text;restricted\n" +
    `${REF};1;2025-03-12;CAF de la Haute-Marne;Le relais a ouvert sa deuxième permanence.;non\n` +
    `${REF};1;12/09/2025;Claire Martin;Fréquentation en hausse.;oui\n`;

  it("imports notes, matched on action, date, author and text", async () => {
    const first = await run("notes", notes);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ action_note: [2, 0, 0] });
    expect(counts(await run("notes", notes))).toEqual({ action_note: [0, 0, 2] });
    expect(counts(await run("notes", notes.replace(";oui\n", ";non\n")))).toEqual({ action_note: [0, 1, 1] });
  });

  const meetings =
    "convention_reference;held_on;kind;decisions;organisation;organisation_kind;attendees\n" +
    `${REF};2025-06-20;copil;Plan d'actions validé;CAF de la Haute-Marne;caf;2\n` +
    `${REF};2025-06-20;copil;;Commune de Saint-Dizier;commune;3\n` +
    `${REF};2025-03-04;cotech;;;;\n`;

  it("imports meetings with one line per attending organisation", async () => {
    const first = await run("meetings", meetings);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ convention_meeting: [2, 0, 0], meeting_attendance: [2, 0, 0] });
    expect(counts(await run("meetings", meetings))).toEqual({ convention_meeting: [0, 0, 2], meeting_attendance: [0, 0, 2] });
    const stored = await db.dataSource.query(
      `SELECT m.held_on::text, m.kind, m.decisions, count(x.id)::int AS organisations FROM convention_meeting m
       JOIN convention c ON c.id = m.convention_id LEFT JOIN meeting_attendance x ON x.meeting_id = m.id
       WHERE c.reference = $1 GROUP BY m.id ORDER BY m.held_on`,
      [REF],
    );
    expect(stored).toEqual([
      { held_on: "2025-03-04", kind: "TECHNICAL_COMMITTEE", decisions: null, organisations: 0 },
      { held_on: "2025-06-20", kind: "STEERING_COMMITTEE", decisions: "Plan d'actions validé", organisations: 2 },
    ]);
  });

  const indicators =
    "indicator;year;convention_reference;action_position;objective_position;baseline;target;value;note\n" +
    `rpe_families_reached;2025;${REF};1;;40;120;95;Familles reçues au relais\n` +
    `eaje_places_created;2025;${REF};;1;0;30;;\n` +
    `families_satisfied_share;2025;${REF};;;;80;72,5;Enquête annuelle\n`;

  it("imports indicator definitions (administrators only), then a plan's values of them (action, objective, convention)", async () => {
    const definitions =
      "code;label;level;unit;direction\n" +
      "rpe_families_reached;Familles reçues au relais;action;familles;hausse\n" +
      "eaje_places_created;Places d'accueil créées;objectif;places;higher_is_better\n" +
      "families_satisfied_share;Part des familles satisfaites;ctg;%;\n";
    const agent52: Viewer = { ...agent21, subject: "agent-52", departments: ["52"] };
    const refused = await run("indicator_definitions", definitions, agent52);
    expect(where(refused)).toEqual([
      [2, "code"],
      [3, "code"],
      [4, "code"],
    ]);
    const unknown = await run("indicators", indicators);
    expect(unknown.problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [2, "indicator", expect.stringMatching(/indicateur inconnu/)],
      [3, "indicator", expect.stringMatching(/indicateur inconnu/)],
      [4, "indicator", expect.stringMatching(/indicateur inconnu/)],
    ]);
    const defined = await run("indicator_definitions", definitions);
    expect(counts(defined)).toEqual({ indicator_definition: [3, 0, 0] });
    expect(counts(await run("indicator_definitions", definitions))).toEqual({ indicator_definition: [0, 0, 3] });
    const first = await run("indicators", indicators);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ indicator_value: [3, 0, 0] });
    expect(counts(await run("indicators", indicators))).toEqual({ indicator_value: [0, 0, 3] });
    const result = await run(
      "indicators",
      `indicator;year;convention_reference;objective_position;value\neaje_places_created;2025;${REF};1;24\n`,
    );
    expect(counts(result)).toEqual({ indicator_value: [0, 1, 0] });
    const stored = await db.dataSource.query(
      `SELECT v.indicator, d.level, v.action_id IS NOT NULL AS action, v.objective_id IS NOT NULL AS objective,
              v.convention_id IS NOT NULL AS convention, v.baseline::float, v.target::float, v.value::float
       FROM indicator_value v JOIN indicator_definition d ON d.code = v.indicator
       WHERE v.indicator IN ('rpe_families_reached', 'eaje_places_created', 'families_satisfied_share') ORDER BY v.indicator`,
    );
    expect(stored).toEqual([
      {
        indicator: "eaje_places_created",
        level: "OBJECTIVE",
        action: false,
        objective: true,
        convention: false,
        baseline: 0,
        target: 30,
        value: 24,
      },
      {
        indicator: "families_satisfied_share",
        level: "CONVENTION",
        action: false,
        objective: false,
        convention: true,
        baseline: null,
        target: 80,
        value: 72.5,
      },
      {
        indicator: "rpe_families_reached",
        level: "ACTION",
        action: true,
        objective: false,
        convention: false,
        baseline: 40,
        target: 120,
        value: 95,
      },
    ]);
  });

  it("refuses a plan's indicator file with an unknown objective, a territory indicator on an action, or no figure", async () => {
    const bad = await run(
      "indicators",
      "indicator;year;convention_reference;action_position;objective_position;target;value\n" +
        `eaje_places_created;2026;${REF};;7;30;\n` +
        `allocataires;2026;${REF};1;;100;\n` +
        `rpe_families_reached;2026;${REF};1;;;\n` +
        `rpe_families_reached;2026;${REF};1;2;10;\n`,
    );
    expect(where(bad)).toEqual([
      [2, "objective_position"],
      [3, "indicator"],
      [4, "value"],
      [5, "objective_position"],
    ]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM indicator_value WHERE year = 2026`);
    expect(n).toBe(0);
  });

  const evaluations =
    "convention_reference;kind;year;evaluated_on;summary;objective_position;achievement;comment\n" +
    `${REF};bilan annuel;2024;2025-02-10;Bilan 2024 : plan engagé;1;partiellement atteint;Deux relais sur trois\n` +
    `${REF};final;2025;2025-11-20;;;;\n`;

  it("imports yearly and final evaluations with their objectives' assessments", async () => {
    const first = await run("evaluations", evaluations);
    expect(first.problems).toEqual([]);
    expect(counts(first)).toEqual({ convention_evaluation: [2, 0, 0], objective_assessment: [1, 0, 0] });
    expect(counts(await run("evaluations", evaluations))).toEqual({ convention_evaluation: [0, 0, 2], objective_assessment: [0, 0, 1] });
    // The final evaluation is one per convention: another year updates it.
    const moved = await run("evaluations", `convention_reference;kind;year\n${REF};final;2026\n`);
    expect(counts(moved)).toEqual({ convention_evaluation: [0, 1, 0] });
    const bad = await run(
      "evaluations",
      "convention_reference;year;objective_position;achievement\n" +
        `${REF};2025;4;atteint\n${REF};2025;1;\n${REF};2025;1;non atteint\n${REF};2025;;atteint\n`,
    );
    expect(where(bad)).toEqual([
      [2, "objective_position"],
      [3, "achievement"],
      [4, "objective_position"],
      [5, "achievement"],
    ]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM convention_evaluation WHERE year = 2025`);
    expect(n).toBe(0);
  });

  it("records an audit entry per created row", async () => {
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE actor_subject = 'cli-import:budget_lines.csv' AND entity = 'action_budget_line'`,
    );
    expect(n).toBe(6);
  });

  it("refuses a whole file for one bad line, naming its line and column, and writes nothing", async () => {
    const before = await count("action_budget_line");
    const bad = await run(
      "budget_lines",
      "convention_reference;action_position;year;kind;planned\n" +
        `${REF};2;2026;operating;1000\n` +
        `${REF};2;2027;operating;-5\n` +
        `${REF};9;2026;operating;1000\n` +
        `${REF};2;2026;operating;2000\n` +
        `${REF};;2026;operating;2000\n`,
    );
    expect(bad.status).toBe("rejected");
    expect(where(bad)).toEqual([
      [3, "planned"],
      [4, "action_position"],
      [5, "kind"],
      [6, "action_position"],
    ]);
    expect(bad.problems[1].reason).toMatch(/action inconnue/);
    expect(await count("action_budget_line")).toBe(before);

    const badFunding = await run(
      "fundings",
      "convention_reference;action_position;budget_kind;year;funder;commune_code;planned\n" +
        `${REF};2;operating;2030;state;;500\n` +
        `${REF};2;;;state;52448;500\n` +
        `${REF};2;;;rich uncle;;500\n` +
        `${REF};2;;;commune;;500\n`,
    );
    expect(where(badFunding)).toEqual([
      [2, "budget_kind"],
      [3, "commune_code"],
      [4, "funder"],
      [5, "commune_code"],
    ]);
    const badNote = await run(
      "notes",
      `convention_reference;action_title;noted_on;author;text\n${REF};Action fantôme;2025-13-01;X;Texte\n` +
        `${REF};Relais petite enfance;2099-01-01;CAF;Note du futur\n`,
    );
    expect(where(badNote)).toEqual([
      [2, "action_title"],
      [2, "noted_on"],
      [2, "author"],
      [3, "noted_on"],
    ]);
    const badMeeting = await run(
      "meetings",
      "convention_reference;held_on;kind;decisions;organisation;organisation_kind\n" +
        `${REF};2025-09-01;copil;A;CAF;caf\n${REF};2025-09-01;copil;B;Commune;\n${REF};2025-09-01;copil;;CAF;caf\n`,
    );
    expect(where(badMeeting)).toEqual([
      [3, "decisions"],
      [3, "organisation_kind"],
      [4, "organisation"],
    ]);
    const badPilot = await run(
      "pilots",
      `convention_reference;action_position;position;kind;name;association_rna\n${REF};1;3;association;;\n${REF};1;4;association;Nommée;W522000099\n`,
    );
    expect(where(badPilot)).toEqual([
      [2, "association_rna"],
      [3, "name"],
    ]);
    expect(await count("action_funding")).toBe(4);
    expect(await count("action_note")).toBe(2);
    expect(await count("action_pilot")).toBe(3);
  });

  it("refuses rows of a convention outside the importer's départements", async () => {
    for (const [kind, file] of [
      ["pilots", pilots],
      ["budget_lines", lines],
      ["fundings", fundings],
      ["notes", notes],
      ["meetings", meetings],
      ["indicators", indicators],
      ["evaluations", evaluations],
    ] as Array<[ImportKindName, string]>) {
      const report = await run(kind, file, agent21);
      expect(report.status).toBe("rejected");
      expect(report.problems[0]).toMatchObject({ line: 2, column: "convention_reference" });
    }
  });
});

describe("the follow-up example files, after the files they depend on", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("imports each example, then re-imports it with nothing to change", async () => {
    const chain: Array<[ImportKindName, string, Record<string, number[]> | null]> = [
      ["sdsf", "sdsf.csv", null],
      ["conventions", "conventions.csv", null],
      ["objectives", "objectives.csv", null],
      ["associations", "associations.csv", null],
      ["actions", "actions.csv", null],
      ["pilots", "pilots.csv", { action_pilot: [3, 0, 0] }],
      ["budget_lines", "budget_lines.csv", { action_budget_line: [3, 0, 0] }],
      ["fundings", "fundings.csv", { action_funding: [4, 0, 0] }],
      ["notes", "notes.csv", { action_note: [2, 0, 0] }],
      ["meetings", "meetings.csv", { convention_meeting: [2, 0, 0], meeting_attendance: [3, 0, 0] }],
      ["indicator_definitions", "indicator_definitions.csv", { indicator_definition: [3, 0, 0] }],
      ["indicators", "plan-indicators.csv", { indicator_value: [3, 0, 0] }],
      ["evaluations", "evaluations.csv", { convention_evaluation: [1, 0, 0], objective_assessment: [2, 0, 0] }],
    ];
    for (const [kind, file, expected] of chain) {
      const content = readFileSync(path.join(__dirname, "../../examples", file));
      const importIt = () =>
        runImport(db.dataSource.manager, { kind, fileName: `examples/${file}`, content, viewer: commandLineViewer(file) });
      const first = await importIt();
      expect({ file, problems: first.problems }).toEqual({ file, problems: [] });
      if (expected === null) continue;
      expect({ file, counts: counts(first) }).toEqual({ file, counts: expected });
      const unchanged = Object.fromEntries(Object.entries(expected).map(([table, [created]]) => [table, [0, 0, created]]));
      expect({ file, counts: counts(await importIt()) }).toEqual({ file, counts: unchanged });
    }
  });
});
