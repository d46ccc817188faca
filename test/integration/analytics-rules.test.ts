import { Theme } from "../../src/common/theme";
import { readGeographyPackage } from "../../src/territory/geography.source";
import { makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * What the figures rest on: the weighted figures' completeness and their EPCI rule, the conventions with
 * imprecise dates, and the one meaning of `themes`. Expected values come from the geography package and
 * from the rows each test writes, never from the hub's SQL.
 */
describe("analytics rules", () => {
  const geo = readGeographyPackage();
  const populationOf = new Map(geo.communes.map((c) => [c.code, c.population ?? 0]));
  const population = (codes: string[]) => codes.reduce((sum, code) => sum + (populationOf.get(code) ?? 0), 0);
  const communesOf = (department: string) => geo.communes.filter((c) => c.departement === department).map((c) => c.code);
  const departmentOf = new Map(geo.communes.map((c) => [c.code, c.departement]));
  const membersOf = (siren: string) => geo.epci.find((e) => e.code === siren)!.membres.map((m) => m.code);
  const JOINVILLE_EPCI = "200044253";

  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const run = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const { data, errors } = await api.run<T>(query, variables);
    expect(errors).toBeUndefined();
    return data as T;
  };
  const indicator = (territory: { commune?: string; epci?: string }, year: number, value: number) =>
    db.dataSource.query(
      `INSERT INTO indicator_value (indicator, year, commune_code, intercommunality_siren, value) VALUES ('allocataires', $1, $2, $3, $4)`,
      [year, territory.commune ?? null, territory.epci ?? null, value],
    );
  const WEIGHTED = `communeCount allocataires coveredAllocataires coveredAllocatairesShare communesWithAllocataires
    communesWithIntercommunalityAllocataires allocatairesPopulationShare`;
  type Weighted = Record<string, number | null>;
  const coverage = async (code: string, asOf: string) =>
    (
      await run<{ departmentCoverage: Weighted }>(
        `query ($code: String!, $asOf: Date) { departmentCoverage(code: $code, asOf: $asOf) { ${WEIGHTED} activeConventionCount impreciseConventionCount } }`,
        { code, asOf },
      )
    ).departmentCoverage;

  describe("weighted figures (allocataires)", () => {
    const joinville = membersOf(JOINVILLE_EPCI);
    const others = ["52121", "52448", "52269", "52353"];

    it("use the Joinville EPCI's 2,246 for its 59 communes, none of which has a value, and say the figure rests on them", async () => {
      expect(joinville).toHaveLength(59);
      const figures = await coverage("52", "2025-06-30");
      expect(figures).toMatchObject({
        communeCount: 426,
        allocataires: 2246,
        coveredAllocataires: 2246,
        communesWithAllocataires: 59,
        communesWithIntercommunalityAllocataires: 59,
        allocatairesPopulationShare: population(joinville) / population(communesOf("52")),
      });
      expect(figures.coveredAllocatairesShare).toBeCloseTo(1, 12);
      // Before the EPCI's year (2023), nothing is known.
      expect(await coverage("52", "2022-06-30")).toMatchObject({
        allocataires: null,
        communesWithAllocataires: 0,
        allocatairesPopulationShare: 0,
      });
    });

    it("add the communes' own values, and state the completeness: 4 + 59 communes of 426 and their population", async () => {
      for (const [i, code] of others.entries()) await indicator({ commune: code }, 2024, 1000 * (i + 1));
      expect(others.some((code) => joinville.includes(code))).toBe(false);
      const figures = await coverage("52", "2025-06-30");
      expect(figures).toMatchObject({
        allocataires: 10000 + 2246,
        coveredAllocataires: 2246,
        communesWithAllocataires: 63,
        communesWithIntercommunalityAllocataires: 59,
        allocatairesPopulationShare: population([...joinville, ...others]) / population(communesOf("52")),
      });
      // The EPCI's value is shared among 59 communes: their shares add up to it within floating-point rounding.
      expect(figures.coveredAllocatairesShare).toBeCloseTo(2246 / 12246, 12);
    });

    it("drop the EPCI's value from the year one of its communes has its own: never both, never counted twice", async () => {
      await indicator({ commune: "52250" }, 2025, 500);
      expect(await coverage("52", "2024-06-30")).toMatchObject({
        allocataires: 10000 + 2246,
        communesWithIntercommunalityAllocataires: 59,
      });
      expect(await coverage("52", "2025-06-30")).toMatchObject({
        allocataires: 10000 + 500,
        coveredAllocataires: 500,
        communesWithAllocataires: 5,
        communesWithIntercommunalityAllocataires: 0,
      });
    });

    it("split an EPCI spanning several départements pro rata population: each part once, the parts adding up to its value", async () => {
      const spanning = geo.epci.find((e) => {
        const departments = new Set(e.membres.map((m) => departmentOf.get(m.code)));
        return departments.size > 1 && !departments.has("52") && population(e.membres.map((m) => m.code)) > 0;
      })!;
      const members = spanning.membres.map((m) => m.code);
      await indicator({ epci: spanning.code }, 2024, 9000);
      const departments = [...new Set(members.map((code) => departmentOf.get(code)!))];
      let sum = 0;
      for (const department of departments) {
        const part = members.filter((code) => departmentOf.get(code) === department);
        const figures = await coverage(department, "2025-06-30");
        const expected = (9000 * population(part)) / population(members);
        expect(Math.abs((figures.allocataires as number) - expected)).toBeLessThanOrEqual(0.5);
        expect(figures.communesWithIntercommunalityAllocataires).toBe(part.length);
        expect(figures.allocatairesPopulationShare).toBeCloseTo(population(part) / population(communesOf(department)), 12);
        sum += expected;
      }
      expect(sum).toBeCloseTo(9000, 6);
      // The national map gives each of those départements the same row.
      const { nationalCoverage } = await run<{ nationalCoverage: Array<Weighted & { departmentCode: string }> }>(
        `{ nationalCoverage(asOf: "2025-06-30") { departmentCode ${WEIGHTED} activeConventionCount impreciseConventionCount } }`,
      );
      for (const department of [...departments, "52"]) {
        expect(nationalCoverage.find((row) => row.departmentCode === department)).toEqual({
          departmentCode: department,
          ...(await coverage(department, "2025-06-30")),
        });
      }
    });

    it("give the history the figures departmentCoverage gives on each step's date", async () => {
      const { coverageHistory } = await run<{ coverageHistory: Array<Weighted & { date: string }> }>(
        `{ coverageHistory(department: "52", from: "2021-01-01", to: "2026-06-30") {
            date communeCount coveredAllocatairesShare communesWithAllocataires allocatairesPopulationShare
            activeConventionCount impreciseConventionCount } }`,
      );
      expect(coverageHistory.map((p) => p.date)).toEqual([
        "2021-12-31",
        "2022-12-31",
        "2023-12-31",
        "2024-12-31",
        "2025-12-31",
        "2026-06-30",
      ]);
      for (const { date, ...point } of coverageHistory) {
        const day = await coverage("52", date);
        expect(point.communeCount).toBe(day.communeCount);
        expect(point.communesWithAllocataires).toBe(day.communesWithAllocataires);
        expect(point.allocatairesPopulationShare).toBeCloseTo(day.allocatairesPopulationShare as number, 12);
        if (day.allocataires === null) expect(point.coveredAllocatairesShare).toBeNull();
        else expect(point.coveredAllocatairesShare).toBeCloseTo(day.coveredAllocatairesShare as number, 12);
        expect([point.activeConventionCount, point.impreciseConventionCount]).toEqual([
          day.activeConventionCount,
          day.impreciseConventionCount,
        ]);
      }
    });
  });

  describe("conventions with imprecise dates", () => {
    it("count among the conventions in force the ones whose dates are known only to the year, or not at all", async () => {
      // Joinville: 2023–2027 known to the year. Canet: start unknown, end known to the year (in force in 2026 only).
      expect(await coverage("52", "2025-06-30")).toMatchObject({ activeConventionCount: 1, impreciseConventionCount: 1 });
      expect(await coverage("66", "2026-06-30")).toMatchObject({ activeConventionCount: 1, impreciseConventionCount: 1 });
      // A convention with every date known to the day counts in force, not as imprecise.
      const siren = geo.epci.find((e) => e.code !== JOINVILLE_EPCI && e.membres.every((m) => departmentOf.get(m.code) === "52"))!.code;
      await makeIntercommunalConvention(db.dataSource.manager, siren, { startsOn: "2024-01-01", endsOn: "2028-12-31" });
      expect(await coverage("52", "2025-06-30")).toMatchObject({ activeConventionCount: 2, impreciseConventionCount: 1 });
      const { compareTerritories } = await run<{
        compareTerritories: Array<{ code: string; activeConventionCount: number; impreciseConventionCount: number }>;
      }>(
        `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2025-06-30") { code activeConventionCount impreciseConventionCount } }`,
      );
      expect(compareTerritories.filter((t) => t.activeConventionCount > 0)).toEqual(
        expect.arrayContaining([
          { code: JOINVILLE_EPCI, activeConventionCount: 1, impreciseConventionCount: 1 },
          { code: siren, activeConventionCount: 1, impreciseConventionCount: 0 },
        ]),
      );
      expect(compareTerritories.filter((t) => t.activeConventionCount > 0)).toHaveLength(2);
    });
  });

  describe("`themes` means the action's own theme, in compareTerritories, themeMatrix and the actions filter", () => {
    const AS_OF = "2026-06-30";
    interface Compared {
      code: string;
      actionCount: number;
      coveredCommuneCount: number;
      coverageStatus: string;
      partnerCount: number;
      actionsByTheme: Array<{ theme: string; count: number }>;
      conventions: Array<{ reference: string; status: string; actions: { totalCount: number } }>;
    }
    const compare = async (department: string, themes: string[] | null) =>
      (
        await run<{ compareTerritories: Compared[] }>(
          `query ($d: String!, $themes: [Theme!], $asOf: Date) { compareTerritories(department: $d, level: INTERCOMMUNALITY, asOf: $asOf, themes: $themes) {
        code actionCount coveredCommuneCount coverageStatus partnerCount actionsByTheme { theme count }
        conventions { reference status(asOf: $asOf) actions(first: 500, filter: { themes: $themes }) { totalCount } } } }`,
          { d: department, themes, asOf: AS_OF },
        )
      ).compareTerritories;
    const matrix = async (department: string, themes: string[] | null) =>
      (
        await run<{ themeMatrix: { themes: string[]; rows: Array<{ code: string; counts: number[]; total: number }>; totals: number[] } }>(
          `query ($d: String!, $themes: [Theme!], $asOf: Date) { themeMatrix(department: $d, asOf: $asOf, themes: $themes) { themes rows { code counts total } totals } }`,
          { d: department, themes, asOf: AS_OF },
        )
      ).themeMatrix;
    const rootActions = async (reference: string, themes: string[]) =>
      (
        await run<{ actions: { totalCount: number } }>(
          `query ($c: String, $themes: [Theme!]) { actions(first: 1, filter: { convention: $c, themes: $themes }) { totalCount } }`,
          { c: reference, themes },
        )
      ).actions.totalCount;

    it("counts Joinville's two parenting actions though its CTG does not list parenting among its themes", async () => {
      const joinville = (await compare("52", ["PARENTING"])).find((t) => t.code === JOINVILLE_EPCI)!;
      expect(joinville.actionCount).toBe(2);
      const m = await matrix("52", ["PARENTING"]);
      expect(m.themes).toEqual(["PARENTING"]);
      expect(m.rows.find((r) => r.code === JOINVILLE_EPCI)).toEqual({ code: JOINVILLE_EPCI, counts: [2], total: 2 });
      expect(await rootActions("CTG-52-2023-200044253", ["PARENTING"])).toBe(2);
    });

    it.each([["52"], ["66"]])("gives the same counts three ways for every theme and a list of two (département %s)", async (department) => {
      const lists: string[][] = [...Object.values(Theme).map((theme) => [theme]), ["YOUTH", "PARENTING"]];
      const unfiltered = await compare(department, null);
      for (const themes of lists) {
        const [compared, m] = await Promise.all([compare(department, themes), matrix(department, themes)]);
        expect(m.themes).toEqual(Object.values(Theme).filter((t) => themes.includes(t)));
        for (const territory of compared) {
          const inForce = territory.conventions.filter((c) => c.status === "ACTIVE");
          const viaFilter = inForce.reduce((sum, c) => sum + c.actions.totalCount, 0);
          let viaRoot = 0;
          for (const c of inForce) viaRoot += await rootActions(c.reference, themes);
          const row = m.rows.find((r) => r.code === territory.code)!;
          expect({ themes, code: territory.code, counts: [territory.actionCount, row.total, viaFilter, viaRoot] }).toEqual({
            themes,
            code: territory.code,
            counts: [viaFilter, viaFilter, viaFilter, viaFilter],
          });
          expect(territory.actionsByTheme.reduce((sum, t) => sum + t.count, 0)).toBe(territory.actionCount);
          // Coverage and partners describe the territory whatever the themes.
          const all = unfiltered.find((t) => t.code === territory.code)!;
          expect([territory.coveredCommuneCount, territory.coverageStatus, territory.partnerCount]).toEqual([
            all.coveredCommuneCount,
            all.coverageStatus,
            all.partnerCount,
          ]);
        }
        expect(m.totals.reduce((a, b) => a + b, 0)).toBe(compared.reduce((sum, t) => sum + t.actionCount, 0));
      }
      expect(unfiltered.reduce((sum, t) => sum + t.actionCount, 0)).toBeGreaterThan(0);
    });
  });
});
