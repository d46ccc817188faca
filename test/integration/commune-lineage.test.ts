import { createRequire } from "node:module";
import { importVintages } from "../../src/territory/vintages.import";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

interface JsonCommune {
  code: string;
  type: string;
  departement?: string;
  population?: number;
  anciensCodes?: string[];
  chefLieu?: string;
}

/**
 * The precomputed lineage (commune_lineage: what each current commune was in every vintage) against the package files
 * of two vintages, read here without the import's code: the communes of 2024 (4.1.0), the year before 209 communes
 * nouvelles, each counted in the current commune (6.0.0) it is or whose anciensCodes list it; and a commune of 2023
 * (3.1.1) that gave back one of its communes déléguées in 2024, a row of its own with both successors.
 */
const load = createRequire(__filename);
const all = (pkg: string) => load(`${pkg}/data/communes.json`) as JsonCommune[];
const communesOf = (pkg: string) => all(pkg).filter((c) => c.type === "commune-actuelle");
const y2023 = communesOf("geo2023");
const y2024 = communesOf("geo2024");
const y2026 = communesOf("@etalab/decoupage-administratif");

interface LineageRow {
  code: string;
  department_code: string;
  successors: string[];
  parts: number;
  communes: number;
  population: number;
}

describe("commune lineage", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await importVintages(db.dataSource.manager);
  }, 180_000);
  afterAll(() => db.close());

  const inYear = async (year: number): Promise<LineageRow[]> =>
    (
      await db.dataSource.query(
        `SELECT code, department_code, successors, parts, communes[${year} - first_year + 1] AS communes,
                populations[${year} - first_year + 1] AS population
         FROM commune_lineage WHERE communes[${year} - first_year + 1] > 0 ORDER BY code, department_code`,
      )
    ).map((r: LineageRow) => ({ ...r, communes: Number(r.communes), population: Number(r.population) }));

  it("counts each commune of 2024 in the current commune it became, with its 2024 population", async () => {
    const current = new Set(y2026.map((c) => c.code));
    const became = new Map<string, string>();
    for (const c of y2026) for (const former of c.anciensCodes ?? []) if (!current.has(former)) became.set(former, c.code);
    const expected = new Map<string, { communes: number; population: number }>();
    for (const c of y2024) {
      const key = `${current.has(c.code) ? c.code : became.get(c.code)}/${c.departement}`;
      const figures = expected.get(key) ?? { communes: 0, population: 0 };
      expected.set(key, { communes: figures.communes + 1, population: figures.population + (c.population ?? 0) });
    }
    // Some current communes stand for several communes of 2024: the communes nouvelles of 2025 (68 codes gone).
    expect([...expected.values()].filter((f) => f.communes > 1).length).toBeGreaterThan(40);
    const rows = await inYear(2024);
    // A row stands for what became one current commune, under its code (a commune that split since: under its own).
    expect(rows.filter((r) => r.parts === 1).every((r) => r.successors.length === 1 && r.successors[0] === r.code)).toBe(true);
    expect(new Map(rows.map((r) => [`${r.code}/${r.department_code}`, { communes: r.communes, population: r.population }]))).toEqual(
      expected,
    );
  });

  it("keeps a commune of 2023 that split since as a row of its own, with each of its successors", async () => {
    const current2023 = new Set(y2023.map((c) => c.code));
    const delegated2023 = all("geo2023").filter((c) => c.type === "commune-deleguee");
    const restored = y2024.find((c) => !current2023.has(c.code) && delegated2023.some((d) => d.code === c.code)) as JsonCommune;
    const parent = y2023.find((c) => c.code === delegated2023.find((d) => d.code === restored.code)?.chefLieu) as JsonCommune;
    const split = (await inYear(2023)).filter((r) => r.parts > 1 && r.code === parent.code);
    expect(split).toHaveLength(1);
    expect(split[0]).toMatchObject({ department_code: parent.departement, communes: 1, population: parent.population ?? 0 });
    expect(split[0].successors).toEqual(expect.arrayContaining([parent.code, restored.code]));
    // In 2024 both are communes of their own, each its own row.
    const in2024 = await inYear(2024);
    for (const c of [parent, restored]) expect(in2024.find((r) => r.code === c.code)?.communes).toBe(1);
    // Every commune of 2023 counted once.
    const rows2023 = await inYear(2023);
    expect(rows2023.reduce((n, r) => n + r.communes, 0)).toBe(y2023.length);
    expect(rows2023.reduce((n, r) => n + r.population, 0)).toBe(y2023.reduce((n, c) => n + (c.population ?? 0), 0));
  });

  it("is rewritten by a second import without any change", async () => {
    const again = await importVintages(db.dataSource.manager);
    expect(again.lineage).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(again.lineage.rows).toBeGreaterThan(y2026.length - 1);
  }, 120_000);
});
