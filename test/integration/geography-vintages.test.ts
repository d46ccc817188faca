import { createRequire } from "node:module";
import { VINTAGE_PACKAGES, vintageYearOf } from "../../src/territory/geography.source";
import { resolveCommuneCodes } from "../../src/territory/territory.service";
import { importVintages, type VintageImportReport } from "../../src/territory/vintages.import";
import { graphqlClient, nodes } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

interface JsonCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  population?: number;
  anciensCodes?: string[];
  chefLieu?: string;
}
interface JsonEpci {
  code: string;
  membres: Array<{ code: string }>;
}

/**
 * The package's own files, read here without the import's code: 1.1.1 (aliased geo2021) holds the COG 2021,
 * 4.1.0 (geo2024) the COG 2024, 5.3.0 (geo2025) the COG 2025 and 6.0.0 the COG 2026.
 */
const load = createRequire(__filename);
const communesOf = (pkg: string) => (load(`${pkg}/data/communes.json`) as JsonCommune[]).filter((c) => c.type === "commune-actuelle");
const CURRENT = "@etalab/decoupage-administratif";
const y2021 = communesOf("geo2021");
const y2024 = communesOf("geo2024");
const y2025 = communesOf("geo2025");
const y2026 = communesOf(CURRENT);
const sum = (communes: JsonCommune[]) => communes.reduce((total, c) => total + (c.population ?? 0), 0);

describe("geography vintages", () => {
  let db: TestDatabase;
  let first: VintageImportReport;
  beforeAll(async () => {
    db = await openTestDatabase();
    first = await importVintages(db.dataSource.manager);
  }, 180_000);
  afterAll(() => db.close());

  const one = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);
  const inYear = (year: number, where = "true", params: unknown[] = []) =>
    one(`SELECT count(*) AS n FROM commune_vintage WHERE ${year} BETWEEN first_year AND last_year AND ${where}`, params);

  it("reads each installed release as the COG year its major version holds, and records them", async () => {
    for (const { year, name } of VINTAGE_PACKAGES) {
      expect(vintageYearOf((load(`${name}/package.json`) as { version: string }).version)).toBe(year);
    }
    const [source] = await db.dataSource.query("SELECT vintage FROM source WHERE code = 'geography-vintages'");
    expect(source.vintage).toBe("COG 2021–2026 (1.1.1, 2.3.1, 3.1.1, 4.1.0, 5.3.0, 6.0.0)");
  });

  it("holds each vintage's current communes, one run of years per unchanged commune", async () => {
    for (const [year, pkg] of [
      [2021, "geo2021"],
      [2022, "geo2022"],
      [2023, "geo2023"],
      [2024, "geo2024"],
      [2025, "geo2025"],
      [2026, CURRENT],
    ] as const) {
      expect(await inYear(year)).toBe(communesOf(pkg).length);
    }
    // Compact: fewer rows than communes × years, and no two runs of one code overlap.
    expect(await one("SELECT count(*) AS n FROM commune_vintage")).toBeLessThan(6 * y2021.length);
    expect(
      await one(`SELECT count(*) AS n FROM commune_vintage a JOIN commune_vintage b ON a.code = b.code AND a.first_year < b.first_year
                 WHERE b.first_year <= a.last_year`),
    ).toBe(0);
    expect(first.communeVintages.rows).toBe(await one("SELECT count(*) AS n FROM commune_vintage"));
  });

  it("counts Manche's communes of 2021 and of 2026 as the package files do", async () => {
    const manche2021 = y2021.filter((c) => c.departement === "50").length;
    const manche2026 = y2026.filter((c) => c.departement === "50").length;
    expect(manche2021).not.toBe(manche2026);
    expect(await inYear(2021, "department_code = '50'")).toBe(manche2021);
    expect(await inYear(2026, "department_code = '50'")).toBe(manche2026);
  });

  it("sums Haute-Marne's population of each vintage", async () => {
    const population = (year: number) =>
      one(`SELECT sum(population) AS n FROM commune_vintage WHERE ${year} BETWEEN first_year AND last_year AND department_code = '52'`);
    expect(await population(2021)).toBe(sum(y2021.filter((c) => c.departement === "52")));
    expect(await population(2026)).toBe(sum(y2026.filter((c) => c.departement === "52")));
    expect(await population(2021)).not.toBe(await population(2026));
  });

  it("keeps each vintage's EPCI membership", async () => {
    const epci2021 = load("geo2021/data/epci.json") as JsonEpci[];
    const joinville = epci2021.find((e) => e.code === "200044253");
    expect(await inYear(2021, "intercommunality_siren = '200044253'")).toBe(joinville?.membres.length);
    expect(await one("SELECT count(*) AS n FROM intercommunality_vintage WHERE 2021 BETWEEN first_year AND last_year")).toBe(
      epci2021.length,
    );
  });

  it("records a real merger's passage and a split commune's several successors", async () => {
    // A commune of 2024 gone in 2025, found in a 2025 commune's anciensCodes.
    const current2025 = new Set(y2025.map((c) => c.code));
    const gone = y2024.find((c) => !current2025.has(c.code) && y2025.some((s) => s.anciensCodes?.includes(c.code)));
    const successor = y2025.find((s) => s.anciensCodes?.includes(gone?.code as string));
    expect(gone && successor).toBeTruthy();
    expect(
      await db.dataSource.query("SELECT successor_code, kind, former_name FROM commune_passage WHERE former_code = $1 AND year = 2025", [
        gone?.code,
      ]),
    ).toEqual([{ successor_code: successor?.code, kind: "MERGED", former_name: gone?.nom }]);

    // A commune of 2024 that was a commune déléguée in 2023: its parent commune passes to itself and to it.
    const current2023 = new Set(communesOf("geo2023").map((c) => c.code));
    const attached2023 = (load("geo2023/data/communes.json") as JsonCommune[]).filter((c) => c.type === "commune-deleguee");
    const restored = y2024.find((c) => !current2023.has(c.code) && attached2023.some((a) => a.code === c.code));
    const parent = attached2023.find((a) => a.code === restored?.code)?.chefLieu as string;
    const successors = (
      await db.dataSource.query("SELECT successor_code FROM commune_passage WHERE former_code = $1 AND year = 2024 ORDER BY 1", [parent])
    ).map((r: { successor_code: string }) => r.successor_code);
    expect(successors).toEqual(expect.arrayContaining([parent, restored?.code]));
  });

  it("changes nothing when imported again", async () => {
    const again = await importVintages(db.dataSource.manager);
    for (const table of [again.communeVintages, again.intercommunalityVintages, again.passages]) {
      expect({ created: table.created, updated: table.updated, removed: table.removed }).toEqual({ created: 0, updated: 0, removed: 0 });
    }
    expect(again.communeVintages.rows).toBe(first.communeVintages.rows);
  }, 120_000);
});

describe("former codes", () => {
  let db: TestDatabase;
  let apis: Array<Awaited<ReturnType<typeof graphqlClient>>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    apis = [await graphqlClient(db.dataSource), await graphqlClient(db.dataSource, { compiledReads: false })];
  });
  afterAll(async () => {
    for (const api of apis) await api.stop();
    await db.close();
  });

  const argentolles = (load(`${CURRENT}/data/communes.json`) as JsonCommune[]).find(
    (c) => c.code === "52018" && c.type !== "commune-actuelle",
  );

  it("find the current commune from a delegated code, and say so", async () => {
    expect(argentolles?.type).toBe("commune-deleguee");
    for (const api of apis) {
      const { data, errors } = await api.run<{
        commune: { code: string; formerCodes: Array<{ code: string; kind: string; name: string }> };
      }>(`{ commune(code: "52018") { code formerCodes { code kind name } } }`);
      expect(errors).toBeUndefined();
      expect(data?.commune.code).toBe(argentolles?.chefLieu);
      expect(data?.commune.formerCodes).toContainEqual({ code: "52018", kind: "DELEGATED", name: argentolles?.nom });
    }
  });

  it("are objects a client can find again", async () => {
    for (const api of apis) {
      const { data } = await api.run<{ commune: { formerCodes: Array<{ id: string; code: string }> } }>(
        `{ commune(code: "52018") { formerCodes { id code } } }`,
      );
      const argentollesId = data?.commune.formerCodes.find((f) => f.code === "52018")?.id;
      const found = await api.run<{ node: { code: string; commune: { code: string } } }>(
        `query($id: ID!) { node(id: $id) { ... on CommuneFormerCode { code commune { code } } } }`,
        { id: argentollesId },
      );
      expect(found.data?.node).toEqual({ code: "52018", commune: { code: argentolles?.chefLieu } });
    }
  });

  it("find the current commune from a merged commune's code, through the search filter too", async () => {
    const merged = y2026.find((c) => (c.anciensCodes ?? []).length > 0 && !y2026.some((x) => x.code === c.anciensCodes?.[0]));
    const former = merged?.anciensCodes?.[0] as string;
    for (const api of apis) {
      const { data } = await api.run<{ commune: { code: string }; communes: { edges: Array<{ node: { code: string } }> } }>(
        `query($code: String!) { commune(code: $code) { code } communes(filter: { search: $code }) { edges { node { code } } } }`,
        { code: former },
      );
      expect(data?.commune.code).toBe(merged?.code);
      expect(nodes(data!.communes)).toEqual([{ code: merged?.code }]);
    }
  });

  it("find conventions, facilities and associations from a former code of their commune", async () => {
    const [covered] = await db.dataSource.query(
      `SELECT v.reference, f.code AS former FROM convention_commune cc JOIN convention v ON v.id = cc.convention_id
       JOIN commune_former_code f ON f.commune_code = cc.commune_code ORDER BY 1, 2 LIMIT 1`,
    );
    expect(covered).toBeDefined();
    // A facility and an association in the commune the former code leads to: the old filters (code = argument) missed them.
    const [{ commune_code: current }] = await db.dataSource.query("SELECT commune_code FROM commune_former_code WHERE code = $1", [
      covered.former,
    ]);
    await db.dataSource.query(`INSERT INTO facility (kind, name, commune_code) VALUES ('EAJE', 'Crèche test', $1)`, [current]);
    await db.dataSource.query(`INSERT INTO partner_association (name, rna, commune_code) VALUES ('Association test', 'W523009999', $1)`, [
      current,
    ]);
    const count = async (table: string) =>
      Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE commune_code = $1`, [current]))[0].n);
    const former = covered.former as string;
    for (const api of apis) {
      const conventions = await api.run<{ conventions: { edges: Array<{ node: { reference: string } }> } }>(
        `query($code: String!) { conventions(filter: { coveredCommune: $code }, first: 100) { edges { node { reference } } } }`,
        { code: covered.former },
      );
      expect(nodes(conventions.data!.conventions)).toContainEqual({ reference: covered.reference });
      const facilities = await api.run<{ facilities: { totalCount: number } }>(
        `query($code: String!) { facilities(filter: { commune: $code }, first: 100) { totalCount } }`,
        { code: former },
      );
      expect(facilities.data?.facilities.totalCount).toBeGreaterThan(0);
      expect(facilities.data?.facilities.totalCount).toBe(await count("facility"));
      const associations = await api.run<{ associations: { totalCount: number } }>(
        `query($code: String!) { associations(filter: { commune: $code }, first: 100) { totalCount } }`,
        { code: former },
      );
      expect(associations.data?.associations.totalCount).toBeGreaterThan(0);
      expect(associations.data?.associations.totalCount).toBe(await count("partner_association"));
    }
  });

  it("resolve in one statement for writers and imports, the code as written kept as the key", async () => {
    const resolved = await resolveCommuneCodes(db.dataSource.manager, ["52250", "52018", "52999"]);
    expect(Object.fromEntries(resolved)).toEqual({
      "52250": { communeCode: "52250", communeName: "Joinville", via: null, writtenName: "Joinville" },
      "52018": { communeCode: argentolles?.chefLieu, communeName: expect.any(String), via: "DELEGATED", writtenName: argentolles?.nom },
    });
  });

  it("still answer null for a code nothing leads to", async () => {
    for (const api of apis) expect((await api.run(`{ commune(code: "52999") { code } }`)).data).toEqual({ commune: null });
  });
});
