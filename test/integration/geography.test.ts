import { readGeographyPackage } from "../../src/territory/geography.source";
import { importGeography } from "../../src/territory/geography.import";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Expected figures come from the npm package itself, read independently of the import's SQL. */
describe("national geography", () => {
  const geo = readGeographyPackage();
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);

  it("holds every current commune, EPCI, département and région of the package", async () => {
    expect(geo.communes.length).toBe(34969);
    expect(await count("SELECT count(*) AS n FROM commune")).toBe(geo.communes.length);
    expect(await count("SELECT count(*) AS n FROM intercommunality")).toBe(geo.epci.length);
    expect(await count("SELECT count(*) AS n FROM department")).toBe(geo.departments.length);
    expect(await count("SELECT count(*) AS n FROM region")).toBe(geo.regions.length);
  });

  it("links communes to their EPCI and département as the package does", async () => {
    const joinville = geo.epci.find((e) => e.code === "200044253");
    expect(joinville?.membres.length).toBe(59);
    expect(await count("SELECT count(*) AS n FROM commune WHERE intercommunality_siren = $1", ["200044253"])).toBe(59);
    const hauteMarne = geo.communes.filter((c) => c.departement === "52").length;
    expect(await count("SELECT count(*) AS n FROM commune WHERE department_code = '52'")).toBe(hauteMarne);
    const [commune] = await db.dataSource.query("SELECT name, population, siren FROM commune WHERE code = '52250'");
    const fromPackage = geo.communes.find((c) => c.code === "52250");
    expect(commune).toEqual({ name: fromPackage?.nom, population: fromPackage?.population, siren: fromPackage?.siren });
  });

  it("keeps EPCI spanning several départements whole", async () => {
    const departmentOf = new Map(geo.communes.map((c) => [c.code, c.departement]));
    const spanning = geo.epci.filter((e) => new Set(e.membres.map((m) => departmentOf.get(m.code))).size > 1).length;
    expect(spanning).toBe(89);
    expect(
      await count(`SELECT count(*) AS n FROM (SELECT intercommunality_siren FROM commune WHERE intercommunality_siren IS NOT NULL
                   GROUP BY 1 HAVING count(DISTINCT department_code) > 1) s`),
    ).toBe(spanning);
  });

  it("keeps communes without population as null", async () => {
    const without = geo.communes.filter((c) => c.population === undefined).length;
    expect(await count("SELECT count(*) AS n FROM commune WHERE population IS NULL")).toBe(without);
  });

  it("records its vintage", async () => {
    const [source] = await db.dataSource.query("SELECT kind, vintage FROM source WHERE code = 'geography'");
    expect(source).toEqual({ kind: "GEOGRAPHY", vintage: geo.vintage });
    expect(geo.vintage).toContain(geo.version);
  });

  it("changes nothing when imported again", async () => {
    const report = await importGeography(db.dataSource.manager, geo);
    for (const part of [report.regions, report.departments, report.intercommunalities, report.communes]) {
      expect(part.created + part.updated).toBe(0);
    }
    expect(report.communes.unchanged).toBe(geo.communes.length);
  });
});
