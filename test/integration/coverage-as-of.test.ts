import { createRequire } from "node:module";
import { importVintages } from "../../src/territory/vintages.import";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

interface JsonCommune {
  code: string;
  type: string;
  departement?: string;
  population?: number;
  anciensCodes?: string[];
}

/**
 * Figures on the geography of their date (issue 20): a convention signed on today's commune covers, on a date before a
 * merger, the communes that were merged into it then, with their population of that vintage. The expected figures come
 * from the package files of two vintages, read here without the hub's import.
 */
const load = createRequire(__filename);
const communesOf = (pkg: string) => (load(`${pkg}/data/communes.json`) as JsonCommune[]).filter((c) => c.type === "commune-actuelle");
const y2024 = communesOf("geo2024");
const y2026 = communesOf("@etalab/decoupage-administratif");
const sum = (communes: JsonCommune[]) => communes.reduce((total, c) => total + (c.population ?? 0), 0);

// A commune nouvelle of 2025: a current commune listing among its former codes one that was still a commune in 2024.
const codes2026 = new Set(y2026.map((c) => c.code));
const merged = y2026.find(
  (c) =>
    (c.anciensCodes ?? []).some((former) => !codes2026.has(former) && y2024.some((old) => old.code === former)) &&
    y2024.some((old) => old.code === c.code),
) as JsonCommune;
const department = merged.departement as string;
const before = y2024.filter((c) => c.code === merged.code || (merged.anciensCodes ?? []).includes(c.code));

const QUERY = `query ($code: String!, $asOf: Date!, $geography: GeographyBasis) {
  departmentCoverage(code: $code, asOf: $asOf, geography: $geography) {
    geographyVintage communeCount coveredCommuneCount population coveredPopulation
  }
  nationalCoverage(asOf: $asOf, geography: $geography) { departmentCode geographyVintage communeCount coveredCommuneCount coveredPopulation }
}`;

interface Figures {
  geographyVintage: number;
  communeCount: number;
  coveredCommuneCount: number;
  population: number;
  coveredPopulation: number;
}

describe("coverage on the geography of its date", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    const [{ id }] = await db.dataSource.query(
      `INSERT INTO convention (reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
         department_code, holder_kind, holder_commune_code, themes)
       VALUES ('CTG-AS-OF', 'CTG d''une commune nouvelle', 'SIGNED', '2023-01-01', '2023-01-01', 'DAY', '2028-12-31', 'DAY',
         $1, 'COMMUNE', $2, '{YOUTH}') RETURNING id`,
      [department, merged.code],
    );
    await db.dataSource.query(`INSERT INTO convention_commune (convention_id, commune_code) VALUES ($1, $2)`, [id, merged.code]);
  }, 60_000);
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const figures = async (asOf: string, geography?: string) => {
    const { data, errors } = await api.run<{ departmentCoverage: Figures; nationalCoverage: Array<Figures & { departmentCode: string }> }>(
      QUERY,
      { code: department, asOf, geography },
    );
    expect(errors).toBeUndefined();
    const national = data?.nationalCoverage.find((d) => d.departmentCode === department);
    return { department: data?.departmentCoverage, national };
  };

  it("counts on the current geography while no vintage is loaded, and says so", async () => {
    const { department: d } = await figures("2024-06-30");
    expect(d).toMatchObject({ geographyVintage: 2026, coveredCommuneCount: 1, coveredPopulation: merged.population });
  });

  it("counts the communes, populations and covered communes of the vintage in force on the date", async () => {
    await importVintages(db.dataSource.manager);
    expect(before.length).toBeGreaterThan(1);
    const inDepartment = y2024.filter((c) => c.departement === department);
    const expected = {
      geographyVintage: 2024,
      communeCount: inDepartment.length,
      coveredCommuneCount: before.length,
      population: sum(inDepartment),
      coveredPopulation: sum(before),
    };
    const asOf = await figures("2024-06-30");
    expect(asOf.department).toEqual(expected);
    expect(asOf.national).toEqual({ departmentCode: department, ...expected, population: undefined });

    const current = await figures("2024-06-30", "CURRENT");
    const now = y2026.filter((c) => c.departement === department);
    expect(current.department).toEqual({
      geographyVintage: 2026,
      communeCount: now.length,
      coveredCommuneCount: 1,
      population: sum(now),
      coveredPopulation: merged.population,
    });
    // The date's COG is the current one: both bases agree.
    expect((await figures("2026-06-30")).department).toEqual((await figures("2026-06-30", "CURRENT")).department);
  }, 120_000);

  it("compares the territories of the vintage: a merged commune is still a territory, covered, under its name then", async () => {
    const query = `query ($code: String!, $geography: GeographyBasis) {
      compareTerritories(department: $code, level: COMMUNE, asOf: "2024-06-30", geography: $geography) {
        code geographyVintage coveredCommuneCount population
      }
    }`;
    type Row = { code: string; geographyVintage: number; coveredCommuneCount: number; population: number };
    const asOf = await api.run<{ compareTerritories: Row[] }>(query, { code: department });
    expect(asOf.errors).toBeUndefined();
    const covered = asOf.data?.compareTerritories.filter((t) => t.coveredCommuneCount > 0) ?? [];
    expect(covered.map((t) => t.code).sort()).toEqual(before.map((c) => c.code).sort());
    expect(covered.map((t) => t.population).sort()).toEqual(before.map((c) => c.population ?? 0).sort());
    expect(asOf.data?.compareTerritories.length).toBe(y2024.filter((c) => c.departement === department).length);
    expect(new Set(asOf.data?.compareTerritories.map((t) => t.geographyVintage))).toEqual(new Set([2024]));
    const current = await api.run<{ compareTerritories: Row[] }>(query, { code: department, geography: "CURRENT" });
    expect(current.data?.compareTerritories.filter((t) => t.coveredCommuneCount > 0).map((t) => t.code)).toEqual([merged.code]);
  });

  it("gives each point of the history its own vintage, and says which", async () => {
    const query = (fields: string, geography = "AS_OF") => `{
      coverageHistory(department: "${department}", from: "2022-01-01", to: "2026-06-30", step: YEAR, geography: ${geography}) {
        date geographyVintage ${fields}
      }
    }`;
    type Point = { date: string; geographyVintage: number; communeCount: number; coveredCommuneCount: number; population: number };
    const { data, errors } = await api.run<{ coverageHistory: Point[] }>(query("communeCount coveredCommuneCount population"));
    expect(errors).toBeUndefined();
    const points = data?.coverageHistory ?? [];
    expect(points.map((p) => [p.date, p.geographyVintage])).toEqual([
      ["2022-12-31", 2022],
      ["2023-12-31", 2023],
      ["2024-12-31", 2024],
      ["2025-12-31", 2025],
      ["2026-06-30", 2026],
    ]);
    const in2024 = y2024.filter((c) => c.departement === department);
    expect(points[2]).toEqual({
      date: "2024-12-31",
      geographyVintage: 2024,
      communeCount: in2024.length,
      coveredCommuneCount: before.length,
      population: sum(in2024),
    });
    const now = y2026.filter((c) => c.departement === department);
    expect(points[4]).toMatchObject({ communeCount: now.length, coveredCommuneCount: 1, population: sum(now) });
    // On the current geography, and with the allocataires figures (given on the current geography only).
    for (const other of [query("communeCount", "CURRENT"), query("communeCount coveredAllocatairesShare")]) {
      const answer = await api.run<{ coverageHistory: Point[] }>(other);
      expect(new Set(answer.data?.coverageHistory.map((p) => [p.geographyVintage, p.communeCount].join()))).toEqual(
        new Set([`2026,${now.length}`]),
      );
    }
  });

  it("uses the first vintage loaded for a date before it", async () => {
    expect((await figures("2019-06-30")).department?.geographyVintage).toBe(2021);
  });
});
