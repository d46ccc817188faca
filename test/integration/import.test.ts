import { readFileSync } from "node:fs";
import path from "node:path";
import { Role, type Viewer } from "../../src/auth/viewer";
import { commandLineViewer, runImport, type ImportRequest } from "../../src/import/importer";
import type { ImportKindName } from "../../src/import/kind";
import { REPORTED_PROBLEMS } from "../../src/import/problems";
import { formatReport, type ImportReport } from "../../src/import/report";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const EXAMPLES = path.join(__dirname, "../../examples");
const example = (file: string) => readFileSync(path.join(EXAMPLES, file));
/** Written by Python's codecs (cp1252, UTF-16 with BOM), not by the decoder under test. */
const fixture = (file: string) => readFileSync(path.join(__dirname, "../fixtures", file));

/** Tables an import may touch: their digest must not move when an import is refused or simulated. */
const TOUCHED_TABLES = [
  "convention",
  "convention_commune",
  "action",
  "partnership",
  "partner_association",
  "facility",
  "indicator_value",
  "sdsf_scheme",
  "sdsf_axis",
  "audit_entry",
];

/** Created / updated / unchanged of each table, as the report gives them. */
const counts = (report: ImportReport) => Object.fromEntries(report.counts.map((c) => [c.table, [c.created, c.updated, c.unchanged]]));

describe("bulk import", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const run = (kind: ImportKindName, fileName: string, content: string | Buffer, extra: Partial<ImportRequest> = {}) =>
    runImport(db.dataSource.manager, {
      kind,
      fileName,
      content: typeof content === "string" ? Buffer.from(content, "utf8") : content,
      viewer: commandLineViewer(fileName),
      ...extra,
    });

  const digest = async (): Promise<Record<string, string>> => {
    const [row] = await db.dataSource.query(
      `SELECT ${TOUCHED_TABLES.map(
        (table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x) AS ${table}`,
      ).join(", ")}`,
    );
    return row;
  };
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);

  describe("the example files, in dependency order", () => {
    it.each([
      ["sdsf", { sdsf_scheme: [1, 0, 0], sdsf_axis: [4, 0, 0] }],
      ["conventions", { convention: [4, 0, 0] }],
      ["associations", { partner_association: [3, 0, 0] }],
      ["actions", { action: [5, 0, 0], partnership: [3, 0, 0] }],
      ["facilities", { facility: [4, 0, 0] }],
      ["indicators", { indicator_value: [5, 0, 0] }],
    ] as const)("imports examples/%s.csv, then re-imports it with nothing to change", async (kind, expected) => {
      const first = await run(kind, `examples/${kind}.csv`, example(`${kind}.csv`));
      expect(first.problems).toEqual([]);
      expect(first.status).toBe("applied");
      expect(counts(first)).toEqual(expected);

      const before = await digest();
      const second = await run(kind, `examples/${kind}.csv`, example(`${kind}.csv`));
      expect(second.status).toBe("applied");
      expect(counts(second)).toEqual(Object.fromEntries(Object.entries(expected).map(([table, [created]]) => [table, [0, 0, created]])));
      // Nothing written the second time: no new version, no audit entry.
      expect(await digest()).toEqual(before);
    });

    it("stored the conventions as the file says: dates in both forms, labels, renewals, covered communes", async () => {
      const rows = await query(
        `SELECT c.reference, c.stage, c.signed_on, c.starts_on, c.starts_on_precision, c.themes::text[] AS themes, c.bonus_territoire,
                c.is_renewal, p.reference AS predecessor, (SELECT count(*) FROM convention_commune cc WHERE cc.convention_id = c.id) AS covered
         FROM convention c LEFT JOIN convention p ON p.id = c.predecessor_id WHERE c.reference LIKE 'EX-%' ORDER BY c.reference`,
      );
      const members = async (siren: string) =>
        Number((await query<{ n: number }>(`SELECT count(*) AS n FROM commune WHERE intercommunality_siren = $1`, [siren]))[0].n);
      expect(rows).toEqual([
        expect.objectContaining({
          reference: "EX-CTG-52-2020-200068658",
          signed_on: "2020-12-15",
          is_renewal: false,
          predecessor: null,
          covered: await members("200068658"),
        }),
        expect.objectContaining({
          reference: "EX-CTG-52-2024-200072999",
          themes: ["EARLY_CHILDHOOD", "YOUTH", "SENIORS"],
          bonus_territoire: false,
          covered: 4,
        }),
        expect.objectContaining({
          reference: "EX-CTG-52-2025-200068658",
          stage: "SIGNED",
          starts_on: "2025-01-01",
          starts_on_precision: "DAY",
          bonus_territoire: true,
          is_renewal: true,
          predecessor: "EX-CTG-52-2020-200068658",
        }),
        expect.objectContaining({ reference: "EX-CTG-52-2026-52448", stage: "IN_PREPARATION", signed_on: null, covered: 1 }),
      ]);
    });

    it("stored the actions with decimal-comma budgets, their SDSF axis, position and operator", async () => {
      const rows = await query(
        `SELECT a.title, a.position, a.budget, a.starts_on, ax.number AS axis, pa.rna AS operator
         FROM action a JOIN convention c ON c.id = a.convention_id
         LEFT JOIN sdsf_axis ax ON ax.id = a.sdsf_axis_id
         LEFT JOIN partnership p ON p.action_id = a.id AND p.role = 'OPERATOR' LEFT JOIN partner_association pa ON pa.id = p.association_id
         WHERE c.reference = 'EX-CTG-52-2025-200068658' ORDER BY a.position`,
      );
      expect(rows).toEqual([
        {
          title: "Exemple : relais petite enfance itinérant",
          position: 1,
          budget: 45000.5,
          starts_on: "2025-02-01",
          axis: 1,
          operator: "W522000011",
        },
        {
          title: "Exemple : lieu d'accueil enfants-parents, à Nogent",
          position: 2,
          budget: 12500,
          starts_on: "2025-09-01",
          axis: 2,
          operator: "W522000011",
        },
        { title: "Exemple : conseillers numériques en mairie", position: 3, budget: null, starts_on: null, axis: 3, operator: null },
      ]);
    });

    it("audits each created row under the file's name, in the same transaction", async () => {
      const rows = await query<{ entity: string; operation: string; n: number }>(
        `SELECT entity, operation, count(*)::int AS n FROM audit_entry WHERE actor_subject = 'cli-import:examples/actions.csv'
         GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { entity: "action", operation: "CREATE", n: 5 },
        { entity: "partnership", operation: "CREATE", n: 3 },
      ]);
    });

    it("reads the JSON example as the same records as the CSV one", async () => {
      const report = await run("associations", "examples/associations.json", example("associations.json"));
      expect(report.format).toBe("json");
      expect(counts(report)).toEqual({ partner_association: [0, 0, 3] });
    });

    it("reads open-data indicator headers (CODGEO, ANNEE, NB_ALLOCATAIRES) and lists the columns it ignores", async () => {
      const report = await run("indicators", "examples/indicators.csv", example("indicators.csv"));
      expect(report.ignoredColumns).toEqual(["LIBGEO"]);
      const [row] = await query(`SELECT indicator, year, value FROM indicator_value WHERE commune_code = '52448'`);
      expect(row).toEqual({ indicator: "allocataires", year: 2024, value: 6035 });
    });
  });

  describe("updates", () => {
    const conventionLine = (title: string) =>
      `reference;title;department;holder_type;holder_code\nEX-CTG-52-2026-52448;${title};52;commune;52448\n`;

    it("updates only what changed, moves the version on, audits before and after, and keeps absent columns", async () => {
      const [before] = await query<{ version: number; themes: string[] }>(
        `SELECT version, themes::text[] AS themes FROM convention WHERE reference = 'EX-CTG-52-2026-52448'`,
      );
      const report = await run("conventions", "renamed.csv", conventionLine("Exemple : CTG de Saint-Dizier, nouveau titre"));
      expect(counts(report)).toEqual({ convention: [0, 1, 0] });
      const [after] = await query<{ version: number; title: string; themes: string[] }>(
        `SELECT version, title, themes::text[] AS themes FROM convention WHERE reference = 'EX-CTG-52-2026-52448'`,
      );
      // The file has no themes column: the stored themes stay.
      expect(after).toEqual({ version: before.version + 1, title: "Exemple : CTG de Saint-Dizier, nouveau titre", themes: before.themes });
      const [audit] = await query<{ before: { title: string }; after: { title: string } }>(
        `SELECT before, after FROM audit_entry WHERE actor_subject = 'cli-import:renamed.csv' AND entity = 'convention'`,
      );
      expect([audit.before.title, audit.after.title]).toEqual([
        "Exemple : CTG de Saint-Dizier (en préparation)",
        "Exemple : CTG de Saint-Dizier, nouveau titre",
      ]);
    });

    it("simulates with --dry-run: the counts of a real import, nothing written", async () => {
      const before = await digest();
      const file =
        conventionLine("Exemple : CTG de Saint-Dizier (en préparation)") +
        "EX-CTG-52-2027-52121;Exemple : CTG de Chaumont;52;commune;52121\n";
      const simulated = await run("conventions", "dry.csv", file, { dryRun: true });
      expect(simulated.status).toBe("dry-run");
      expect(counts(simulated)).toEqual({ convention: [1, 1, 0] });
      expect(await digest()).toEqual(before);
      const applied = await run("conventions", "dry.csv", file);
      expect(counts(applied)).toEqual(counts(simulated));
    });
  });

  describe("a file with problems is refused whole, every problem named, nothing written", () => {
    it("conventions: unknown commune, end before start, unknown theme, duplicated reference, broken quote", async () => {
      const before = await digest();
      const file = [
        "reference;title;department;holder_type;holder_code;starts_on;ends_on;themes;covered_communes",
        "BAD-1;Bonne ligne;52;epci;200068658;2024-01-01;2028-12-31;YOUTH;",
        "BAD-2;Commune inconnue;52;commune;52999;2024-01-01;2028-12-31;YOUTH;",
        "BAD-3;Fin avant début;52;epci;200068658;01/01/2024;31/12/2023;YOUTH;",
        "BAD-4;Thème inconnu;52;epci;200068658;2024-01-01;2028-12-31;YOUTH|CUISINE;52121|52998",
        "BAD-1;Référence en double;52;epci;200068658;2024-01-01;2028-12-31;YOUTH;",
        'BAD-6;Un "titre" mal cité;52;epci;200068658;2024-01-01;2028-12-31;YOUTH;',
        "BAD-7;Ligne suivante lue malgré tout;52;epci;999999999;2024-01-01;2028-12-31;YOUTH;",
      ].join("\n");
      const report = await run("conventions", "bad.csv", file);
      expect(report.status).toBe("rejected");
      expect(report.problems).toEqual([
        { line: 3, column: "holder_code", value: "52999", reason: "commune inconnue" },
        { line: 4, column: "ends_on", value: "31/12/2023", reason: "la fin (2023-12-31) précède le début (2024-01-01)" },
        {
          line: 5,
          column: "themes",
          value: "YOUTH|CUISINE",
          reason: expect.stringMatching(/^« CUISINE » : valeur inconnue, attendu l'une de : EARLY_CHILDHOOD/),
        },
        { line: 5, column: "covered_communes", value: "52121|52998", reason: "communes inconnues : 52998" },
        { line: 6, column: "reference", value: "BAD-1", reason: "référence en double : déjà à la ligne 2" },
        {
          line: 7,
          column: null,
          value: 'BAD-6;Un "titre" mal cité;52;epci;200068658;2024-01-01;2028-12-31;YOUTH;',
          reason: expect.stringMatching(/^guillemet mal placé/),
        },
        { line: 8, column: "holder_code", value: "999999999", reason: "EPCI inconnu" },
      ]);
      expect(report.counts).toEqual([]);
      expect(await digest()).toEqual(before);
    });

    it("associations: bad RNA, bad SIREN key, unknown commune, unknown theme, duplicated RNA, no identifier, unclosed quote", async () => {
      const before = await digest();
      const file = [
        "name;rna;siren;commune;themes;contact_email",
        "Association correcte;W523000101;;52121;YOUTH;contact@exemple.fr",
        "RNA invalide;X52300010;;52121;YOUTH;",
        "SIREN faux;;123456789;52121;YOUTH;",
        "Commune inconnue;W523000103;;52998;YOUTH;",
        "Thème inconnu;W523000104;;52121;JARDINAGE;pas-un-courriel",
        "RNA en double;W523000101;;52121;YOUTH;",
        "Sans identifiant;;;52121;YOUTH;",
        '"Guillemet jamais fermé;W523000108;;52121;YOUTH;',
        "Ligne absorbée par le guillemet;W523000109;;52121;YOUTH;",
      ].join("\r\n");
      const report = await run("associations", "bad-associations.csv", file);
      expect(report.problems.map((p) => [p.line, p.column, p.value])).toEqual([
        [3, "rna", "X52300010"],
        [4, "siren", "123456789"],
        [5, "commune", "52998"],
        [6, "themes", "JARDINAGE"],
        [6, "contact_email", "pas-un-courriel"],
        [7, "rna", "W523000101"],
        [8, "rna", null],
        [9, null, expect.stringMatching(/^"Guillemet jamais fermé/)],
      ]);
      expect(report.problems[1].reason).toMatch(/clé de contrôle \(Luhn\)/);
      expect(report.problems[7].reason).toMatch(/guillemet ouvert jamais refermé/);
      expect(await digest()).toEqual(before);
    });

    it("names a missing required column once, on the header line", async () => {
      const report = await run("actions", "no-theme.csv", "convention_reference;title\nEX-CTG-52-2026-52448;Une action\n");
      expect(report.problems).toEqual([{ line: 1, column: null, value: null, reason: "colonne obligatoire absente : theme" }]);
    });

    it("refuses an unknown column of our own templates (a misspelt optional column would lose its data)", async () => {
      const report = await run("facilities", "typo.csv", "kind;name;commune;capacite_max\nEAJE;Crèche;52121;12\n");
      expect(report.problems).toEqual([
        expect.objectContaining({ line: 1, value: "capacite_max", reason: expect.stringMatching(/^colonne inconnue/) }),
      ]);
    });

    it("checks references in the database: unknown convention, unknown SDSF axis, unknown partner", async () => {
      const report = await run(
        "actions",
        "refs.csv",
        [
          "convention_reference;title;theme;sdsf_axis;partner_rna",
          "CTG-INCONNUE;Une action;YOUTH;;",
          "EX-CTG-52-2026-52448;Une autre action;YOUTH;9;W529999999",
        ].join("\n"),
      );
      expect(report.problems.map((p) => [p.line, p.column, p.reason.split(" (")[0]])).toEqual([
        [2, "convention_reference", "convention inconnue"],
        [3, "sdsf_axis", "axe inconnu dans le SDSF « Exemple : SDSF de la Haute-Marne 2022-2026 »"],
        [3, "partner_rna", "association inconnue"],
      ]);
    });

    it("reports JSON problems by record number", async () => {
      const report = await run(
        "associations",
        "bad.json",
        JSON.stringify([
          { name: "Bonne", rna: "W523000201", themes: ["YOUTH"] },
          { name: "Mauvaise", rna: "W5230", themes: "YOUTH|NOPE" },
        ]),
      );
      expect(report.problems.map((p) => [p.line, p.column])).toEqual([
        [2, "rna"],
        [2, "themes"],
      ]);
    });

    it("applies the API's write rights: a CAF agent of another département may not import Haute-Marne's conventions", async () => {
      const agent: Viewer = {
        kind: "user",
        subject: "agent-30",
        role: Role.CAF_AGENT,
        national: false,
        departments: ["30"],
        associationId: null,
      };
      const report = await run(
        "conventions",
        "agent.csv",
        "reference;title;department;holder_type;holder_code\nX-30-1;Titre;52;epci;200068658\n",
        { viewer: agent },
      );
      expect(report.problems).toEqual([
        { line: 2, column: "department", value: "52", reason: "écriture refusée : département 52 hors de vos droits" },
      ]);
    });
  });

  describe("file formats", () => {
    it("detects `,` or `;`, drops a BOM, and reads quoted fields with separators and line breaks", async () => {
      const semicolon = 'kind;name;commune;capacity\r\nEAJE;"Crèche des Tilleuls; annexe";52121;20\r\n';
      const comma = '\uFEFFkind,name,commune,capacity\nEAJE,"Crèche des Tilleuls; annexe",52121,20\n';
      const first = await run("facilities", "semicolon.csv", semicolon);
      expect([first.delimiter, counts(first)]).toEqual([";", { facility: [1, 0, 0] }]);
      const second = await run("facilities", "comma.csv", comma);
      expect([second.delimiter, second.encoding, counts(second)]).toEqual([",", "utf-8", { facility: [0, 0, 1] }]);
      const multiline = `kind,name,commune\nLAEP,"Lieu d'accueil\nenfants-parents",52121\nRPE,Relais,52121\n`;
      const third = await run("facilities", "multiline.csv", multiline);
      expect(third.problems).toEqual([]);
      expect(counts(third)).toEqual({ facility: [2, 0, 0] });
    });

    it("reads French decimal commas (quoted in a comma-separated file) and an indicator given on the command line", async () => {
      const semicolon = "codgeo;annee;valeur\n52121;2023;1 234,5\n52448;2023;12,25\n";
      const withoutIndicator = await run("indicators", "sans-indicateur.csv", semicolon);
      expect(withoutIndicator.problems).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/--indicator/) })]);
      const first = await run("indicators", "taux.csv", semicolon, { indicator: "taux_test" });
      expect(counts(first)).toEqual({ indicator_value: [2, 0, 0] });
      const comma = 'codgeo,annee,valeur\n52121,2023,"1234,50"\n52448,2023,12.25\n';
      expect(counts(await run("indicators", "taux.csv", comma, { indicator: "taux_test" }))).toEqual({ indicator_value: [0, 0, 2] });
      const rows = await query(`SELECT commune_code, value FROM indicator_value WHERE indicator = 'taux_test' ORDER BY 1`);
      expect(rows).toEqual([
        { commune_code: "52121", value: 1234.5 },
        { commune_code: "52448", value: 12.25 },
      ]);
    });

    it("reads a Windows-1252 file (French Excel's CSV) without mangling accents", async () => {
      const file = Buffer.from("kind;name;commune\nEAJE;Crèche Les Écureuils;52121\n", "latin1");
      const report = await run("facilities", "excel.csv", file);
      expect([report.encoding, counts(report)]).toEqual(["windows-1252", { facility: [1, 0, 0] }]);
      const [row] = await query(`SELECT name FROM facility WHERE name LIKE 'Crèche Les%'`);
      expect(row).toEqual({ name: "Crèche Les Écureuils" });
    });

    it("stores ’ € Œ — “ ” … and é of a real Windows-1252 file as they were typed", async () => {
      const report = await run("facilities", "equipements-excel.csv", fixture("facilities-windows-1252.csv"));
      expect([report.encoding, report.problems, counts(report)]).toEqual(["windows-1252", [], { facility: [2, 0, 0] }]);
      const rows = await query(`SELECT name FROM facility WHERE commune_code IN ('52121', '52448') AND name ~ '[’€Œœ—“”…–]' ORDER BY name`);
      expect(rows).toEqual([
        { name: "Crèche « L’Œil du Prieuré » — accueil “petite enfance”…" },
        { name: "Lieu d’accueil – 5 € la séance, œuvre collective" },
      ]);
      const [{ controls }] = await query<{ controls: number }>(
        `SELECT count(*)::int AS controls FROM facility WHERE name ~ '[\u0080-\u009f]'`,
      );
      expect(controls).toBe(0);
    });

    it("stores UTF-16 LE and BE files with a BOM; refuses one without a BOM, naming the encoding, nothing written", async () => {
      const little = await run("facilities", "relais.txt", fixture("facilities-utf-16le.txt"));
      const big = await run("facilities", "relais-be.csv", fixture("facilities-utf-16be.csv"));
      expect([little.encoding, counts(little), big.encoding, counts(big)]).toEqual([
        "utf-16le",
        { facility: [1, 0, 0] },
        "utf-16be",
        { facility: [1, 0, 0] },
      ]);
      const rows = await query(`SELECT name, commune_code FROM facility WHERE kind = 'RPE' AND name ~ '[’€Œ—…]' ORDER BY name`);
      expect(rows).toEqual([
        { name: "Relais « L’Éveil » — Chaumont…", commune_code: "52121" },
        { name: "Relais “Œuvre” € — Langres…", commune_code: "52269" },
      ]);
      const before = await digest();
      const bomless = await run("facilities", "sans-bom.csv", Buffer.from("kind;name;commune\r\nRPE;Relais;52121\r\n", "utf16le"));
      expect([bomless.status, bomless.encoding, bomless.problems]).toEqual([
        "rejected",
        null,
        [expect.objectContaining({ line: 1, reason: expect.stringMatching(/^fichier UTF-16 LE sans BOM/) })],
      ]);
      expect(await digest()).toEqual(before);
    });

    it("refuses 100,000 garbage rows with a report of the first problems and their count, nothing written", async () => {
      const before = await digest();
      const lines = ["kind;name;commune"];
      for (let i = 0; i < 100_000; i++) lines.push(`ZZZ${i % 7};;${i % 1000}`);
      const report = await run("facilities", "dechets.csv", lines.join("\n"));
      expect([report.status, report.problems.length, report.problems[0]]).toEqual([
        "rejected",
        REPORTED_PROBLEMS,
        expect.objectContaining({ line: 2, column: "kind" }),
      ]);
      expect(report.problemCount).toBeGreaterThanOrEqual(300_000);
      expect(formatReport(report)).toContain("autres problèmes (seuls les 100 premiers sont affichés)");
      expect(JSON.stringify(report).length).toBeLessThan(100_000);
      expect(await digest()).toEqual(before);
    });
  });
});
