import { readFileSync } from "node:fs";
import path from "node:path";
import { commandLineViewer, runImport } from "../../src/import/importer";
import { formatReport, type ImportReport } from "../../src/import/report";
import { graphqlClient } from "../helpers/graphql";
import { importVintages, readVintages } from "../../src/territory/vintages.import";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Files of data.caf.fr as published (headers of the datasets s_ben_com_f, txcouv_pe_com, txcouv_pe_epci and
 * nbpla_pe_epci, README « Données CAF telles que publiées »), with TEST VALUES written by hand (not the CAF's figures)
 * on real communes and EPCI: Haute-Marne (Chaumont 52121, Saint-Dizier 52448, Argentolles 52018, a commune déléguée
 * of Colombey-les-Deux-Églises 52140), Paris's arrondissements, the 2025 merger of Saint-Martin-Sepert 19223,
 * Saint-Pardoux-Corbier 19230 and Saint-Ybard 19248 into Les Trois-Saints 19248, Conques-en-Rouergue 12076 renumbered
 * 12218 in 2025, Essarts-en-Bocage 85084, split in 2024 (L'Oie 85165 and Sainte-Florence 85212 restored), and the
 * CA d'Agen 200035459, an EPCI of the COG 2021 gone in 2022.
 */
const fixture = (file: string) => readFileSync(path.join(__dirname, "../fixtures/caf", file));

describe("indicators import of data.caf.fr files as published", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    // The vintages the files are published on (data of 2022 on the COG 2023…) and the passages since.
    await importVintages(db.dataSource.manager, readVintages());
  }, 300_000);
  afterAll(() => db.close());

  const run = (fileName: string, content: Buffer, dryRun = false) =>
    runImport(db.dataSource.manager, { kind: "indicators", fileName, content, viewer: commandLineViewer(fileName), dryRun });
  const value = async (indicator: string, year: number, territory: string) => {
    const rows: Array<{ value: string; note: string | null; vintage: string | null }> = await db.dataSource.query(
      `SELECT v.value, v.note, s.vintage FROM indicator_value v LEFT JOIN source s ON s.id = v.source_id
       WHERE v.indicator = $1 AND v.year = $2 AND (v.commune_code = $3 OR v.intercommunality_siren = $3)`,
      [indicator, year, territory],
    );
    return rows.length === 0 ? null : { value: Number(rows[0].value), note: rows[0].note, vintage: rows[0].vintage };
  };
  const countValues = async () => Number((await db.dataSource.query(`SELECT count(*) AS n FROM indicator_value`))[0].n);
  const skipped = (report: ImportReport) => Object.fromEntries((report.skipped ?? []).map((s) => [s.reason.split(" (")[0], s.count]));

  it("reads allocataires and persons covered per commune on the geography of January N+1, mapped to today's communes", async () => {
    const report = await run("s_ben_com_f.csv", fixture("s_ben_com_f-donnees-de-test.csv"));
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("applied");
    expect(report.kind).toBe("indicators");
    expect(report.ignoredColumns).toEqual(["nomcom"]);
    // A commune of its vintage, as written; the value says which geography it was published on.
    expect(await value("indfoy_ndur", 2024, "52121")).toEqual({
      value: 5320,
      note: null,
      vintage: "Données 2024, sur la géographie du 1er janvier 2025 (COG 2025)",
    });
    expect(await value("indnbp_ndur", 2024, "52121")).toMatchObject({ value: 11985 });
    expect(await value("indmtt_rsa", 2024, "52121")).toMatchObject({ value: 509800 });
    // Masked cells (s, empty) are skipped, the line's other figures kept.
    expect(await value("indfoy_af", 2024, "52448")).toBeNull();
    expect(await value("indfoy_rsa", 2024, "52448")).toBeNull();
    expect(await value("indfoy_ndur", 2024, "52448")).toMatchObject({ value: 6455 });
    // A former code (not of the COG 2025) is read as the commune it belongs to, and the note keeps it.
    expect(await value("indfoy_ndur", 2024, "52140")).toEqual({
      value: 15,
      note: "Publié sous 52018 (COG 2025)",
      vintage: "Données 2024, sur la géographie du 1er janvier 2025 (COG 2025)",
    });
    // Paris's arrondissements count in Paris.
    expect(await value("indfoy_ndur", 2024, "75056")).toMatchObject({
      value: 1460 + 2015,
      note: "Somme de 2 codes du COG 2025 (75101, 75102)",
    });
    // Three communes of the COG 2024 merged in 2025: their counts summed, and amounts too.
    expect(await value("indfoy_ndur", 2023, "19248")).toEqual({
      value: 40 + 65 + 120,
      note: "Somme de 3 codes du COG 2024 (19223, 19230, 19248)",
      vintage: "Données 2023, sur la géographie du 1er janvier 2024 (COG 2024)",
    });
    expect(await value("indmtt_rsa", 2023, "19248")).toMatchObject({ value: 2500 + 2700 + 5300 });
    // Renumbered: one commune to one commune.
    expect(await value("indnbp_ndur", 2023, "12218")).toMatchObject({ value: 720, note: "Publié sous 12076 (COG 2024)" });
    // Split since: nothing given to any of its successors, nothing counted twice.
    for (const code of ["85084", "85165", "85212"]) expect(await value("indfoy_ndur", 2022, code)).toBeNull();

    const notices = report.notices.map((n) => `${n.line} ${n.column} ${n.value} ${n.reason}`);
    expect(notices).toEqual([
      expect.stringMatching(/^4 numcomdo 52018 absent du COG 2025 : ancien code, lu comme 52140 Colombey/),
      "5 numcomdo 75101 arrondissement municipal, compté dans 75056 Paris",
      "6 numcomdo 75102 arrondissement municipal, compté dans 75056 Paris",
      "8 numcomdo 19223 commune du COG 2024, aujourd'hui 19248 Les Trois-Saints",
      "9 numcomdo 19230 commune du COG 2024, aujourd'hui 19248 Les Trois-Saints",
      expect.stringMatching(/^11 numcomdo 12076 commune du COG 2024, aujourd'hui 12218 Conques-en-Rouergue$/),
      expect.stringMatching(/^12 numcomdo 85084 commune du COG 2023 scindée depuis \(.*85165 L'Oie.*\) : valeurs non reprises/),
    ]);
    expect(skipped(report)).toMatchObject({
      "valeurs masquées": 2,
      "lignes sans code de territoire": 1,
      "valeurs d'une commune scindée depuis": 5,
    });
    const text = formatReport(report);
    expect(text).toContain("Non repris :");
    expect(text).toContain("  valeurs masquées (secret statistique ou donnée absente : cellule vide, s, nd, <5…) : 2");
    expect(text).toContain("Lu autrement qu'écrit (7 valeurs)");
  });

  it("lets a reader see, over GraphQL, which geography a value was published on", async () => {
    for (const compiledReads of [true, false]) {
      const api = await graphqlClient(db.dataSource, { compiledReads });
      const { data, errors } = await api.run<{
        commune: { indicators: Array<{ indicator: string; year: number; note: string | null; source: { code: string; vintage: string } }> };
      }>(`{ commune(code: "19248") { indicators { indicator year value note source { code vintage } } } }`);
      await api.stop();
      expect(errors).toBeUndefined();
      expect(data?.commune.indicators.find((v) => v.indicator === "indfoy_ndur" && v.year === 2023)).toEqual({
        indicator: "indfoy_ndur",
        year: 2023,
        value: 225,
        note: "Somme de 3 codes du COG 2024 (19223, 19230, 19248)",
        source: { code: "caf:s_ben_com_f:2023", vintage: "Données 2023, sur la géographie du 1er janvier 2024 (COG 2024)" },
      });
    }
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = await countValues();
    const report = await run("s_ben_com_f.csv", fixture("s_ben_com_f-donnees-de-test.csv"));
    expect(report.status).toBe("applied");
    expect(report.counts).toEqual([expect.objectContaining({ table: "indicator_value", created: 0, updated: 0 })]);
    // Chaumont 5, Saint-Dizier 3 (2 masked), Colombey 5, Paris 5, Les Trois-Saints 5, Conques 5.
    expect(report.counts[0].unchanged).toBe(28);
    expect(await countValues()).toBe(before);
    expect(formatReport(report)).toContain("Rien à changer");
  });

  it("refuses a malformed figure, naming its line and column, and writes nothing", async () => {
    const before = await countValues();
    const broken = fixture("s_ben_com_f-donnees-de-test.csv")
      .toString("utf8")
      .replace("5320;11985", "5320;11 98x")
      .replace(/2024-12;52448/, "2024-06;52448");
    const report = await run("s_ben_com_f.csv", Buffer.from(broken.replace("1410;905", "1410;906"), "utf8"));
    expect(report.status).toBe("rejected");
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 2, column: "indnbp_ndur", value: "11 98x", reason: "nombre entier attendu" }),
      expect.objectContaining({ line: 3, column: "dtreffre", value: "2024-06", reason: expect.stringContaining("décembre attendu") }),
    ]);
    expect(formatReport(report)).toContain("ligne 2, colonne indnbp_ndur, valeur « 11 98x » : nombre entier attendu");
    expect(await countValues()).toBe(before);
    expect(await value("indfoy_rsa", 2024, "52121")).toMatchObject({ value: 905 });
  });

  it("reads the coverage rates per commune, keeping a rate only where one commune leads to today's", async () => {
    const report = await run("txcouv_pe_com.csv", fixture("txcouv_pe_com-donnees-de-test.csv"));
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("applied");
    expect(await value("txcouv_com", 2023, "52121")).toEqual({
      value: 60.8,
      note: null,
      vintage: "Données 2023, sur la géographie du 1er janvier 2024 (COG 2024)",
    });
    expect(await value("txcouv_eaje_com", 2023, "52121")).toMatchObject({ value: 27.6 });
    expect(await value("txcouv_hors_psu_col_com", 2023, "52448")).toBeNull();
    expect(await value("txcouv_am_ind_com", 2023, "52448")).toMatchObject({ value: 35.1 });
    // Two communes merged since: a rate does not add up, none is kept.
    expect(await value("txcouv_com", 2023, "19248")).toBeNull();
    expect(await value("txcouv_com", 2023, "12218")).toMatchObject({ value: 52.6, note: "Publié sous 12076 (COG 2024)" });
    expect(skipped(report)).toMatchObject({ "valeurs masquées": 3, "taux de communes fusionnées depuis": 16 });
  });

  it("reads the coverage rates and the places per EPCI, the row outside any EPCI counted, not refused", async () => {
    const rates = await run("txcouv_pe_epci.csv", fixture("txcouv_pe_epci-donnees-de-test.csv"));
    expect(rates.problems).toEqual([]);
    expect(rates.status).toBe("applied");
    expect(await value("txcouv_epci", 2023, "200068658")).toMatchObject({ value: 64.3 });
    expect(await value("txcouv_gad_ind_epci", 2023, "200068666")).toBeNull();
    expect(skipped(rates)).toMatchObject({ "valeurs masquées": 1, "lignes hors territoire": 1, "valeurs d'un EPCI disparu depuis": 8 });
    expect(await value("txcouv_epci", 2020, "200035459")).toBeNull();
    expect(rates.notices.map((n) => `${n.line} ${n.value} ${n.reason}`)).toEqual([
      "5 200035459 EPCI CA d'Agen du COG 2021 disparu depuis (fusion ou dissolution) : valeurs non reprises",
    ]);
    const places = await run("nbpla_pe_epci.csv", fixture("nbpla_pe_epci-donnees-de-test.csv"));
    expect(places.status).toBe("applied");
    expect(await value("tot_offre_epci", 2023, "200072999")).toEqual({
      value: 623,
      note: null,
      vintage: "Données 2023, sur la géographie du 1er janvier 2024 (COG 2024)",
    });
    expect(await value("pl_am_ind_epci", 2023, "200068658")).toMatchObject({ value: 866 });
    const [definition] = await db.dataSource.query(`SELECT label FROM indicator_definition WHERE code = 'tot_offre_epci'`);
    expect(definition.label).toBe("Offre d'accueil formel des moins de 3 ans de l'EPCI (places, tous modes)");
  });

  it("reads the portal's JSON export too (numbers as numbers, a masked cell as null)", async () => {
    const json = JSON.stringify([
      { numepci: "200068658", nomepci: "CA de Chaumont", annee: 2022, txcouv_epci: 63.1, txcouv_gad_ind_epci: null },
    ]);
    const report = await run("txcouv_pe_epci.json", Buffer.from(json, "utf8"));
    expect([report.status, report.format]).toEqual(["applied", "json"]);
    expect(await value("txcouv_epci", 2022, "200068658")).toMatchObject({ value: 63.1 });
    expect(skipped(report)).toMatchObject({ "valeurs masquées": 1 });
  });

  it("weighs coverage by persons covered once the file is loaded (weight: indnbp_ndur), each commune as the file gives it", async () => {
    await run("s_ben_com_f.csv", fixture("s_ben_com_f-donnees-de-test.csv"));
    // Expected from the file itself: Haute-Marne's lines of 2024 (52018 counts in the commune it belongs to, in 52 too).
    const [header, ...lines] = fixture("s_ben_com_f-donnees-de-test.csv").toString("utf8").trim().split("\n");
    const columns = header.split(";");
    const rows = lines.map((line) => Object.fromEntries(line.split(";").map((cell, i) => [columns[i], cell])));
    const hauteMarne = rows.filter((row) => row.numcomdo.startsWith("52") && row.dtreffre.startsWith("2024"));
    const api = await graphqlClient(db.dataSource);
    try {
      const { data, errors } = await api.run<{
        departmentCoverage: { weighted: { code: string; total: number; communesWithValue: number } };
      }>(`{ departmentCoverage(code: "52", asOf: "2025-06-30", weight: "indnbp_ndur") { weighted { code total communesWithValue } } }`);
      expect(errors).toBeUndefined();
      expect(data?.departmentCoverage.weighted).toEqual({
        code: "indnbp_ndur",
        total: hauteMarne.reduce((sum, row) => sum + Number(row.indnbp_ndur), 0),
        communesWithValue: hauteMarne.length,
      });
    } finally {
      await api.stop();
    }
  });

  it("refuses an unknown commune or EPCI by line", async () => {
    const report = await run(
      "txcouv_pe_epci.csv",
      Buffer.from("numepci;annee;txcouv_epci\n123456789;2023;50\n200068658;2023;12x\n", "utf8"),
    );
    expect(report.status).toBe("rejected");
    expect(report.problems.map((p) => `${p.line} ${p.column} ${p.reason}`)).toEqual([
      "2 numepci EPCI inconnu (SIREN absent des EPCI actuels et des millésimes chargés)",
      "3 txcouv_epci nombre attendu (ex. 1234,5)",
    ]);
  });
});
