import { analyticsService } from "../../src/analytics/analytics.service";
import { countQueries } from "../../src/db/query-log";
import { readGeographyPackage } from "../../src/territory/geography.source";
import { makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Expected figures are computed from the geography package and the fixtures, never from the
 * service's SQL: populations are summed here, in TypeScript, over the package's communes.
 */
describe("analytics", () => {
  const geo = readGeographyPackage();
  const population = (codes: string[]) => {
    const wanted = new Set(codes);
    return geo.communes.filter((c) => wanted.has(c.code)).reduce((sum, c) => sum + (c.population ?? 0), 0);
  };
  const communesOf = (department: string) => geo.communes.filter((c) => c.departement === department).map((c) => c.code);
  const membersOf = (siren: string) => geo.epci.find((e) => e.code === siren)!.membres.map((m) => m.code);
  const departmentOf = new Map(geo.communes.map((c) => [c.code, c.departement]));

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

  const coverage = async (code: string, asOf: string) => {
    const { data, errors } = await api.run<{ departmentCoverage: Record<string, number | null> }>(
      `query ($code: String!, $asOf: Date) { departmentCoverage(code: $code, asOf: $asOf) {
        communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare allocataires coveredAllocataires } }`,
      { code, asOf },
    );
    expect(errors).toBeUndefined();
    return data!.departmentCoverage;
  };

  it("Haute-Marne on 2025-06-30: 426 communes, the 59 of the Joinville EPCI covered", async () => {
    const all = communesOf("52");
    const joinville = membersOf("200044253");
    expect(all).toHaveLength(426);
    expect(await coverage("52", "2025-06-30")).toEqual({
      communeCount: 426,
      coveredCommuneCount: 59,
      population: population(all),
      coveredPopulation: population(joinville),
      coveredPopulationShare: population(joinville) / population(all),
      // The Joinville EPCI's 2,246 allocataires (reference case), shared among its communes, none having its own.
      allocataires: 2246,
      coveredAllocataires: 2246,
    });
  });

  it("counts bounds inclusively: active on its last day, not the day after", async () => {
    expect((await coverage("52", "2027-12-31")).coveredCommuneCount).toBe(59);
    expect((await coverage("52", "2028-01-01")).coveredCommuneCount).toBe(0);
    expect((await coverage("52", "2023-12-11")).coveredCommuneCount).toBe(0);
  });

  it("counts a commune covered by a communal and an intercommunal CTG once", async () => {
    await db.dataSource.query(
      `INSERT INTO convention (reference, title, stage, signed_on, starts_on, starts_on_precision, ends_on, ends_on_precision,
                               department_code, holder_kind, holder_commune_code)
       VALUES ('CTG-TEST-JOINVILLE-COMMUNE', 'CTG communale de test', 'SIGNED', '2024-01-01', '2024-01-01', 'DAY', '2026-12-31', 'DAY', '52', 'COMMUNE', '52250')`,
    );
    await db.dataSource.query(
      `INSERT INTO convention_commune SELECT id, '52250' FROM convention WHERE reference = 'CTG-TEST-JOINVILLE-COMMUNE'`,
    );
    const figures = await coverage("52", "2025-06-30");
    expect(figures.coveredCommuneCount).toBe(59);
    expect(figures.coveredPopulation).toBe(population(membersOf("200044253")));
  });

  it("counts only the département's communes of an EPCI that spans several, and says so", async () => {
    const spanning = geo.epci.find((e) => new Set(e.membres.map((m) => departmentOf.get(m.code))).size > 1)!;
    const department = departmentOf.get(spanning.membres[0].code)!;
    const inside = spanning.membres.map((m) => m.code).filter((code) => departmentOf.get(code) === department);
    await makeIntercommunalConvention(db.dataSource.manager, spanning.code, { startsOn: "2024-01-01", endsOn: "2028-12-31" });

    const { data } = await api.run<{
      departmentCoverage: {
        coveredCommuneCount: number;
        coveredPopulation: number;
        byIntercommunality: Array<{ siren: string; spansSeveralDepartments: boolean; communeCount: number; coveredCommuneCount: number }>;
      };
    }>(
      `query ($code: String!) { departmentCoverage(code: $code, asOf: "2025-06-30") {
        coveredCommuneCount coveredPopulation byIntercommunality { siren spansSeveralDepartments communeCount coveredCommuneCount } } }`,
      { code: department },
    );
    const coverageRow = data!.departmentCoverage;
    expect(coverageRow.coveredCommuneCount).toBe(inside.length);
    expect(coverageRow.coveredPopulation).toBe(population(inside));
    expect(coverageRow.byIntercommunality.find((r) => r.siren === spanning.code)).toEqual({
      siren: spanning.code,
      spansSeveralDepartments: true,
      communeCount: inside.length,
      coveredCommuneCount: inside.length,
    });
    // Every EPCI says whether it has communes elsewhere, as the geography does.
    const elsewhere: Array<{ siren: string }> = await db.dataSource.query(
      `SELECT DISTINCT intercommunality_siren AS siren FROM commune WHERE intercommunality_siren IS NOT NULL AND department_code <> $1`,
      [department],
    );
    const spanningSirens = new Set(elsewhere.map((row) => row.siren));
    expect(coverageRow.byIntercommunality.map((r) => [r.siren, r.spansSeveralDepartments])).toEqual(
      coverageRow.byIntercommunality.map((r) => [r.siren, spanningSirens.has(r.siren)]),
    );
    expect(coverageRow.byIntercommunality.some((r) => !r.spansSeveralDepartments)).toBe(true);
  });

  it("reads a département's EPCI figures in its coverage statement, the same as the EPCI statement alone", async () => {
    const byIntercommunality = `siren name spansSeveralDepartments communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare`;
    const { result, statements } = await countQueries(() =>
      api.run<{ departmentCoverage: { communeCount: number; byIntercommunality: unknown[] } }>(
        `{ departmentCoverage(code: "52", asOf: "2025-06-30") { communeCount byIntercommunality { ${byIntercommunality} } } }`,
      ),
    );
    // One statement for the figures (the département is checked only when nothing comes back), after the probe of
    // the COG vintages loaded that a figure on a date before the current COG makes (its geography is the date's).
    expect(statements).toBe(2);
    const current = await countQueries(() =>
      api.run(`{ departmentCoverage(code: "52", asOf: "2025-06-30", geography: CURRENT) { communeCount byIntercommunality { siren } } }`),
    );
    expect(current.statements).toBe(1);
    const alone = await analyticsService.intercommunalityCoverage(
      { manager: db.dataSource.manager, today: "2025-06-30" },
      "52",
      "2025-06-30",
    );
    expect(alone.length).toBeGreaterThan(5);
    expect(result.data!.departmentCoverage.byIntercommunality).toEqual(
      alone.map((row) => ({
        ...row,
        population: Number(row.population),
        coveredPopulation: Number(row.coveredPopulation),
      })),
    );
  });

  it("weighs coverage by allocataires when the indicator is loaded", async () => {
    await db.dataSource.query(
      `INSERT INTO indicator_value (indicator, year, commune_code, value)
       VALUES ('allocataires', 2024, '52250', 500), ('allocataires', 2024, '52448', 1500), ('allocataires', 2020, '52250', 1)`,
    );
    const figures = await coverage("52", "2025-06-30");
    // 52250 (Joinville) is covered, 52448 (Saint-Dizier) is not; the 2024 value replaces the 2020 one.
    expect(departmentOf.get("52448")).toBe("52");
    expect(membersOf("200044253")).not.toContain("52448");
    expect(figures.allocataires).toBe(2000);
    expect(figures.coveredAllocataires).toBe(500);
  });

  it("lists the uncovered communes, paged", async () => {
    const { data } = await api.run<{
      departmentCoverage: { uncoveredCommunes: { totalCount: number; edges: Array<{ node: { code: string } }> } };
    }>(`{ departmentCoverage(code: "52", asOf: "2025-06-30") { uncoveredCommunes(first: 5) { totalCount edges { node { code } } } } }`);
    const covered = new Set(membersOf("200044253"));
    const expected = communesOf("52")
      .filter((c) => !covered.has(c))
      .sort();
    expect(data!.departmentCoverage.uncoveredCommunes.totalCount).toBe(expected.length);
    expect(data!.departmentCoverage.uncoveredCommunes.edges.map((e) => e.node.code)).toEqual(expected.slice(0, 5));
  });

  it("gives one national row per département, communes without population counting as zero", async () => {
    const { data } = await api.run<{ nationalCoverage: Array<{ departmentCode: string; communeCount: number; population: number }> }>(
      `{ nationalCoverage(asOf: "2025-06-30") { departmentCode communeCount population } }`,
    );
    const rows = data!.nationalCoverage;
    const departmentsWithCommunes = new Set(geo.communes.map((c) => c.departement));
    expect(rows.map((r) => r.departmentCode).sort()).toEqual([...departmentsWithCommunes].sort());
    const taaf = rows.find((r) => r.departmentCode === "984")!;
    expect(taaf).toEqual({ departmentCode: "984", communeCount: communesOf("984").length, population: population(communesOf("984")) });
  });

  it("compares the territories of a département with their coverage status and actions", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data, errors } = await api.run<{ compareTerritories: Array<Record<string, any>> }>(
      `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2025-06-30") {
          level code name communeCount coveredCommuneCount coverageStatus nextExpiry actionCount
          actionsByTheme { theme count } actionsByStatus { status count } conventions { reference } } }`,
    );
    expect(errors).toBeUndefined();
    const rows = data!.compareTerritories;
    const epciOf52 = new Set(
      geo.communes
        .filter((c) => c.departement === "52")
        .map((c) => {
          const epci = geo.epci.find((e) => e.membres.some((m) => m.code === c.code));
          return epci ? epci.code : c.code;
        }),
    );
    expect(rows).toHaveLength(epciOf52.size);
    const joinville = rows.find((r) => r.code === "200044253")!;
    expect(joinville).toMatchObject({
      level: "INTERCOMMUNALITY",
      communeCount: 59,
      coveredCommuneCount: 59,
      coverageStatus: "COVERED",
      // the communal CTG of Joinville added above ends first
      nextExpiry: "2026-12-31",
      actionCount: 7,
      actionsByStatus: [
        { status: "PLANNED", count: 6 },
        { status: "UNDER_STUDY", count: 1 },
      ],
    });
    expect(joinville.conventions.map((c: { reference: string }) => c.reference)).toContain("CTG-52-2023-200044253");
    expect(joinville.actionsByTheme).toEqual(expect.arrayContaining([{ theme: "PARENTING", count: 2 }]));
    expect(rows.filter((r) => r.code !== "200044253").every((r) => ["NONE", "PARTIAL"].includes(r.coverageStatus))).toBe(true);
  });

  it("says EXPIRED after the period and IN_PREPARATION for Alès", async () => {
    const after = await api.run<{ compareTerritories: Array<{ code: string; coverageStatus: string }> }>(
      `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2028-06-30") { code coverageStatus } }`,
    );
    expect(after.data!.compareTerritories.find((r) => r.code === "200044253")?.coverageStatus).toBe("EXPIRED");
    const ales = await api.run<{ compareTerritories: Array<{ code: string; coverageStatus: string }> }>(
      `{ compareTerritories(department: "30", level: INTERCOMMUNALITY, asOf: "2025-06-30") { code coverageStatus } }`,
    );
    expect(ales.data!.compareTerritories.find((r) => r.code === "200066918")?.coverageStatus).toBe("IN_PREPARATION");
  });

  it("builds the theme matrix with totals", async () => {
    const { data } = await api.run<{
      themeMatrix: { themes: string[]; rows: Array<{ code: string; counts: number[]; total: number }>; totals: number[] };
    }>(`{ themeMatrix(department: "66", asOf: "2026-06-30") { themes rows { code counts total } totals } }`);
    const matrix = data!.themeMatrix;
    const canet = matrix.rows.find((r) => r.counts.some((n) => n > 0))!;
    expect(canet.total).toBe(10);
    expect(canet.counts[matrix.themes.indexOf("HEALTH")]).toBe(1);
    expect(matrix.totals.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it("lists expiring conventions and those lapsed without successor", async () => {
    const { data } = await api.run<{ expiring: Array<{ reference: string }>; lapsed: Array<{ reference: string }> }>(
      `{ expiring: expiringConventions(asOf: "2026-01-01", before: "2026-12-31") { reference }
         lapsed: lapsedConventions(asOf: "2027-06-30") { reference } }`,
    );
    expect(data!.expiring.map((c) => c.reference)).toContain("CTG-66-66037");
    expect(data!.expiring.map((c) => c.reference)).not.toContain("CTG-52-2023-200044253");
    expect(data!.lapsed.map((c) => c.reference)).toContain("CTG-66-66037");
  });

  it("finds a commune's coverage gap between two conventions", async () => {
    const siren = membersOf("200044253").length ? "200044253" : "";
    await makeIntercommunalConvention(db.dataSource.manager, siren, { startsOn: "2028-07-01", endsOn: "2032-12-31" });
    const { data } = await api.run<{ coverageGaps: Array<{ communeCode: string; gapStartsOn: string; gapEndsOn: string; days: number }> }>(
      `{ coverageGaps(department: "52") { communeCode gapStartsOn gapEndsOn days } }`,
    );
    const joinvilleGap = data!.coverageGaps.find((g) => g.communeCode === "52398")!;
    expect(joinvilleGap).toEqual({ communeCode: "52398", gapStartsOn: "2028-01-01", gapEndsOn: "2028-06-30", days: 182 });
  });

  it("traces the covered share at the end of each year in one statement", async () => {
    const { data, errors } = await api.run<{
      coverageHistory: Array<{ date: string; coveredCommuneCount: number; coveredPopulationShare: number }>;
    }>(`{ coverageHistory(department: "972", from: "2023-01-01", to: "2029-06-30") { date coveredCommuneCount coveredPopulationShare } }`);
    expect(errors).toBeUndefined();
    const lamentin = population(["97213"]) / population(communesOf("972"));
    expect(data!.coverageHistory).toEqual([
      { date: "2023-12-31", coveredCommuneCount: 0, coveredPopulationShare: 0 },
      { date: "2024-12-31", coveredCommuneCount: 1, coveredPopulationShare: lamentin },
      { date: "2025-12-31", coveredCommuneCount: 1, coveredPopulationShare: lamentin },
      { date: "2026-12-31", coveredCommuneCount: 1, coveredPopulationShare: lamentin },
      { date: "2027-12-31", coveredCommuneCount: 1, coveredPopulationShare: lamentin },
      { date: "2028-12-31", coveredCommuneCount: 1, coveredPopulationShare: lamentin },
      { date: "2029-06-30", coveredCommuneCount: 0, coveredPopulationShare: 0 },
    ]);
  });

  describe("optional figures (allocataires, conventions in force), computed only when selected", () => {
    const FIGURES = `communeCount coveredCommuneCount population coveredPopulation coveredPopulationShare
      allocataires coveredAllocataires coveredAllocatairesShare communesWithAllocataires communesWithIntercommunalityAllocataires
      allocatairesPopulationShare activeConventionCount impreciseConventionCount`;
    beforeAll(async () => {
      // Le Lamentin (97213) is covered from 2024 (CTG 2024–2028, signed 28 October 2024); Fort-de-France (97209) is not.
      await db.dataSource.query(
        `INSERT INTO indicator_value (indicator, year, commune_code, value)
         VALUES ('allocataires', 2022, '97213', 100), ('allocataires', 2024, '97213', 300), ('allocataires', 2023, '97209', 700)`,
      );
    });

    it("gives the same figures whichever subset is selected, through fragments too", async () => {
      const all = await api.run<{ departmentCoverage: Record<string, number | null> }>(
        `{ departmentCoverage(code: "972", asOf: "2025-06-30") { ${FIGURES} } }`,
      );
      expect(all.errors).toBeUndefined();
      expect(all.data!.departmentCoverage).toMatchObject({
        coveredCommuneCount: 1,
        allocataires: 1000,
        coveredAllocataires: 300,
        coveredAllocatairesShare: 0.3,
        communesWithAllocataires: 2,
        activeConventionCount: 1,
      });
      const subset = await api.run<{ departmentCoverage: Record<string, number | null> }>(
        `{ departmentCoverage(code: "972", asOf: "2025-06-30") { coveredPopulation ...Extra } }
         fragment Extra on DepartmentCoverage { ... on DepartmentCoverage { coveredAllocataires } activeConventionCount }`,
      );
      expect(subset.data!.departmentCoverage).toEqual({
        coveredPopulation: all.data!.departmentCoverage.coveredPopulation,
        coveredAllocataires: 300,
        activeConventionCount: 1,
      });
    });

    it("gives each département the same row nationally as on its own", async () => {
      for (const asOf of ["2025-06-30", "2023-06-30"]) {
        const { data, errors } = await api.run<{ nationalCoverage: Array<Record<string, unknown>> }>(
          `query ($asOf: Date) { nationalCoverage(asOf: $asOf) { departmentCode ${FIGURES} } }`,
          { asOf },
        );
        expect(errors).toBeUndefined();
        for (const code of ["52", "972", "30", "66"]) {
          const own = await api.run<{ departmentCoverage: Record<string, unknown> }>(
            `query ($code: String!, $asOf: Date) { departmentCoverage(code: $code, asOf: $asOf) { departmentCode ${FIGURES} } }`,
            { code, asOf },
          );
          expect(data!.nationalCoverage.find((row) => row.departmentCode === code)).toEqual(own.data!.departmentCoverage);
        }
      }
    });

    it("traces the covered share of allocataires with the latest value up to each year", async () => {
      const { data, errors } = await api.run<{ coverageHistory: Array<{ date: string; coveredAllocatairesShare: number | null }> }>(
        `{ coverageHistory(department: "972", from: "2021-06-30", to: "2025-06-30") { date coveredAllocatairesShare } }`,
      );
      expect(errors).toBeUndefined();
      expect(data!.coverageHistory).toEqual([
        { date: "2021-12-31", coveredAllocatairesShare: null },
        { date: "2022-12-31", coveredAllocatairesShare: 0 },
        { date: "2023-12-31", coveredAllocatairesShare: 0 },
        { date: "2024-12-31", coveredAllocatairesShare: 0.3 },
        { date: "2025-06-30", coveredAllocatairesShare: 0.3 },
      ]);
    });

    it("steps by quarter and month up to the last day asked for", async () => {
      const run = async (step: string, from: string, to: string) => {
        const { data, errors } = await api.run<{ coverageHistory: Array<{ date: string; coveredCommuneCount: number }> }>(
          `{ coverageHistory(department: "972", from: "${from}", to: "${to}", step: ${step}) { date coveredCommuneCount } }`,
        );
        expect(errors).toBeUndefined();
        return data!.coverageHistory;
      };
      expect(await run("QUARTER", "2024-08-15", "2025-02-01")).toEqual([
        { date: "2024-09-30", coveredCommuneCount: 0 },
        { date: "2024-12-31", coveredCommuneCount: 1 },
        { date: "2025-02-01", coveredCommuneCount: 1 },
      ]);
      expect((await run("MONTH", "2024-09-30", "2024-11-30")).map((p) => p.date)).toEqual(["2024-09-30", "2024-10-31", "2024-11-30"]);
      expect(await run("MONTH", "2024-10-28", "2024-10-28")).toEqual([{ date: "2024-10-28", coveredCommuneCount: 1 }]);
    });
  });

  it("refuses an unknown département and a reversed period", async () => {
    const unknown = await api.run(`{ departmentCoverage(code: "96") { communeCount } }`);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "code" });
    // Well formed, but not in the geography (985 is no longer a code in use).
    const absent = await api.run(`{ departmentCoverage(code: "985") { communeCount } }`);
    expect(absent.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "code" });
    expect(absent.errors?.[0].message).toContain("département inconnu");
    const compared = await api.run(`{ compareTerritories(department: "985", level: INTERCOMMUNALITY) { code } }`);
    expect(compared.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "department" });
    expect(compared.errors?.[0].message).toContain("département inconnu");
    // The history reads the département's existence only when it has no point: on both geographies.
    for (const geography of ["AS_OF", "CURRENT"]) {
      const history = await api.run(
        `{ coverageHistory(department: "985", from: "2022-01-01", to: "2024-12-31", geography: ${geography}) { date } }`,
      );
      expect(history.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "department" });
      expect(history.errors?.[0].message).toContain("département inconnu");
    }
    const reversed = await api.run(`{ coverageHistory(from: "2026-01-01", to: "2025-01-01") { date } }`);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "from" });
  });
});
