import { commandLineViewer, runImport } from "../../src/import/importer";
import { COUNT_INDICATORS, INDICATORS } from "../../src/indicator/indicator-catalogue";
import { readGeographyPackage, type GeographyPackage } from "../../src/territory/geography.source";
import { importVintages } from "../../src/territory/vintages.import";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Coverage weighed by any count indicator (issue 20 item 4, `weight`): the values are brought by the indicators import,
 * and the expected figures are computed here from those rows and the geography package (the rule written again in a
 * few lines of TypeScript, never read from the hub's SQL).
 */
type Row = [territory: string, year: number, value: number];

/**
 * The weighted figures of a département (or of the communes listed), by the rule (weight.sql.ts) applied to `rows` of
 * one indicator.
 */
function expectedFigures(geo: GeographyPackage, rows: Row[], scope: string | string[], year: number, covered: ReadonlySet<string>) {
  const population = new Map(geo.communes.map((c) => [c.code, c.population ?? 0]));
  const epciOf = new Map(geo.epci.flatMap((e) => e.membres.map((m) => [m.code, e.code] as const)));
  const membersOf = new Map(geo.epci.map((e) => [e.code, e.membres.map((m) => m.code)]));
  const latest = (territory: string) =>
    rows.filter(([t, y]) => t === territory && y <= year).sort((a, b) => b[1] - a[1])[0]?.[2] as number | undefined;
  const communeValue = (code: string): { value: number; fromEpci: boolean } | null => {
    const own = latest(code);
    if (own !== undefined) return { value: own, fromEpci: false };
    const epci = epciOf.get(code);
    const shared = epci === undefined ? undefined : latest(epci);
    const members = membersOf.get(epci as string) ?? [];
    if (shared === undefined || members.some((m) => latest(m) !== undefined)) return null;
    const total = members.reduce((sum, m) => sum + (population.get(m) ?? 0), 0);
    return { value: (shared * (population.get(code) ?? 0)) / total, fromEpci: true };
  };
  const communes = typeof scope === "string" ? geo.communes.filter((c) => c.departement === scope).map((c) => c.code) : scope;
  const valued = communes.flatMap((code) => {
    const found = communeValue(code);
    return found === null ? [] : [{ code, ...found }];
  });
  const sum = (codes: string[]) => codes.reduce((total, code) => total + (population.get(code) ?? 0), 0);
  const total = valued.reduce((s, v) => s + v.value, 0);
  const coveredTotal = valued.filter((v) => covered.has(v.code)).reduce((s, v) => s + v.value, 0);
  return {
    total: valued.length === 0 ? null : total,
    covered: valued.length === 0 ? null : coveredTotal,
    communesWithValue: valued.length,
    communesWithIntercommunalityValue: valued.filter((v) => v.fromEpci).length,
    populationShare: sum(valued.map((v) => v.code)) / sum(communes),
  };
}

interface Weighted {
  code: string;
  label: string;
  total: number | null;
  covered: number | null;
  coveredShare: number | null;
  communesWithValue: number;
  communesWithIntercommunalityValue: number;
  populationShare: number;
}
interface Coverage {
  departmentCode: string;
  geographyVintage: number;
  coveredCommuneCount: number;
  allocataires: number | null;
  coveredAllocataires: number | null;
  coveredAllocatairesShare: number | null;
  communesWithAllocataires: number;
  communesWithIntercommunalityAllocataires: number;
  allocatairesPopulationShare: number;
  weighted: Weighted;
}

const FIELDS = `departmentCode geographyVintage coveredCommuneCount allocataires coveredAllocataires coveredAllocatairesShare
  communesWithAllocataires communesWithIntercommunalityAllocataires allocatairesPopulationShare
  weighted { code label total covered coveredShare communesWithValue communesWithIntercommunalityValue populationShare }`;

/** The figures of `expectedFigures` against an answer: sums within the rounding of the answer, shares to 12 digits. */
function expectFigures(actual: Weighted, expected: ReturnType<typeof expectedFigures>) {
  expect([actual.communesWithValue, actual.communesWithIntercommunalityValue]).toEqual([
    expected.communesWithValue,
    expected.communesWithIntercommunalityValue,
  ]);
  if (expected.total === null) expect([actual.total, actual.covered, actual.coveredShare]).toEqual([null, null, null]);
  else {
    expect(Math.abs((actual.total as number) - expected.total)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((actual.covered as number) - (expected.covered as number))).toBeLessThanOrEqual(0.5);
    expect(actual.coveredShare).toBeCloseTo((expected.covered as number) / expected.total, 12);
  }
  expect(actual.populationShare).toBeCloseTo(expected.populationShare, 12);
}

describe("coverage weighed by a count indicator (weight)", () => {
  const geo = readGeographyPackage();
  const membersOf = (siren: string) => geo.epci.find((e) => e.code === siren)?.membres.map((m) => m.code) ?? [];
  const departmentOf = new Map(geo.communes.map((c) => [c.code, c.departement]));
  const JOINVILLE = "200044253";
  const CHAUMONT = "200068658";
  // Children under 3 in Haute-Marne: three communes of their own (Langres twice), the Joinville EPCI's value shared
  // among its 59 communes (none has its own), and the Chaumont EPCI's value left out (Chaumont has its own).
  const CHILDREN: Row[] = [
    ["52121", 2024, 400],
    ["52448", 2024, 700],
    ["52269", 2023, 90],
    ["52269", 2025, 95],
    [JOINVILLE, 2024, 300],
    [CHAUMONT, 2024, 2000],
  ];

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

  const importRows = async (indicator: string, rows: Array<[string, number, number | string]>) => {
    const csv = ["territory_code;year;value", ...rows.map((row) => row.join(";"))].join("\n");
    const report = await runImport(db.dataSource.manager, {
      kind: "indicators",
      fileName: `${indicator}.csv`,
      content: Buffer.from(csv, "utf8"),
      viewer: commandLineViewer(`${indicator}.csv`),
      indicator,
    });
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("applied");
  };
  const department = async (code: string, asOf: string, weight?: string, geography?: string) => {
    const { data, errors } = await api.run<{ departmentCoverage: Coverage }>(
      `query ($code: String!, $asOf: Date, $weight: String, $geography: GeographyBasis) {
        departmentCoverage(code: $code, asOf: $asOf, weight: $weight, geography: $geography) { ${FIELDS} } }`,
      { code, asOf, weight, geography },
    );
    expect(errors).toBeUndefined();
    return data?.departmentCoverage as Coverage;
  };
  const national = async (asOf: string, weight?: string) => {
    const { data, errors } = await api.run<{ nationalCoverage: Coverage[] }>(
      `query ($asOf: Date, $weight: String) { nationalCoverage(asOf: $asOf, weight: $weight) { ${FIELDS} } }`,
      { asOf, weight },
    );
    expect(errors).toBeUndefined();
    return data?.nationalCoverage ?? [];
  };
  // The communes the Joinville CTG covers (the only CTG of Haute-Marne in the reference cases), checked by each answer.
  const joinville = new Set(membersOf(JOINVILLE));

  it("answers as before by default, weighed by allocataires, and names the weight", async () => {
    const before = await department("52", "2025-06-30");
    await importRows("children_under_3", CHILDREN);
    const after = await department("52", "2025-06-30");
    expect(after).toEqual(before);
    expect(await department("52", "2025-06-30", "allocataires")).toEqual(before);
    expect(before.weighted).toEqual({
      code: "allocataires",
      label: "Nombre d'allocataires CAF",
      total: before.allocataires,
      covered: before.coveredAllocataires,
      coveredShare: before.coveredAllocatairesShare,
      communesWithValue: before.communesWithAllocataires,
      communesWithIntercommunalityValue: before.communesWithIntercommunalityAllocataires,
      populationShare: before.allocatairesPopulationShare,
    });
    // The reference case's value: the Joinville EPCI's 2,246 allocataires, over its 59 communes.
    expect(before).toMatchObject({ allocataires: 2246, communesWithAllocataires: 59 });
  });

  it("weighs by children under 3: own values, an EPCI's value shared pro rata, the completeness, the weight named", async () => {
    expect(joinville.size).toBe(59);
    expect(membersOf(CHAUMONT)).toContain("52121");
    for (const code of ["52121", "52448", "52269"]) expect(joinville.has(code)).toBe(false);
    const figures = await department("52", "2025-06-30", "children_under_3");
    expect(figures.coveredCommuneCount).toBe(59);
    const expected = expectedFigures(geo, CHILDREN, "52", 2025, joinville);
    // Written out: 400 + 700 + 95 (Langres' latest) + 300 (Joinville's, shared); Chaumont's EPCI value is not used.
    expect(expected).toMatchObject({ communesWithValue: 62, communesWithIntercommunalityValue: 59 });
    expect(expected.total).toBeCloseTo(1495, 9);
    expect(expected.covered).toBeCloseTo(300, 9);
    expect(figures.weighted).toMatchObject({ code: "children_under_3", label: "Enfants de moins de 3 ans", total: 1495, covered: 300 });
    expectFigures(figures.weighted, expected);
    // The allocataires* fields carry the same figures.
    expect([figures.allocataires, figures.coveredAllocataires, figures.communesWithAllocataires]).toEqual([1495, 300, 62]);
    expect(figures.allocatairesPopulationShare).toBe(figures.weighted.populationShare);

    // Before any EPCI value (2023): Langres only.
    const early = await department("52", "2023-06-30", "children_under_3");
    expectFigures(early.weighted, expectedFigures(geo, CHILDREN, "52", 2023, joinville));
    expect(early.weighted).toMatchObject({ total: 90, communesWithValue: 1, communesWithIntercommunalityValue: 0 });
    // Before any value: nothing known, and said so.
    expect((await department("52", "2022-06-30", "children_under_3")).weighted).toMatchObject({
      total: null,
      covered: null,
      coveredShare: null,
      communesWithValue: 0,
      populationShare: 0,
    });
  });

  it("gives the national map and the history the département's figures", async () => {
    const row = (await national("2025-06-30", "children_under_3")).find((d) => d.departmentCode === "52");
    expect(row).toEqual(await department("52", "2025-06-30", "children_under_3"));
    const { data, errors } = await api.run<{ coverageHistory: Array<{ date: string; weighted: Weighted; geographyVintage: number }> }>(
      `{ coverageHistory(department: "52", from: "2022-01-01", to: "2025-12-31", weight: "children_under_3") {
          date geographyVintage weighted { code label total covered coveredShare communesWithValue communesWithIntercommunalityValue populationShare }
        } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.coverageHistory.map((p) => p.date)).toEqual(["2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31"]);
    for (const point of data?.coverageHistory ?? []) {
      const day = await department("52", point.date, "children_under_3", "CURRENT");
      // The same figures as on the point's date (the shares summed in another order: equal to the last digits).
      const { coveredShare, populationShare, ...counts } = point.weighted;
      expect(day.weighted).toMatchObject(counts);
      if (coveredShare === null) expect(day.weighted.coveredShare).toBeNull();
      else expect(day.weighted.coveredShare).toBeCloseTo(coveredShare, 12);
      expect(day.weighted.populationShare).toBeCloseTo(populationShare, 12);
      expectFigures(point.weighted, expectedFigures(geo, CHILDREN, "52", Number(point.date.slice(0, 4)), joinville));
    }
  });

  it("compares the territories weighed: each EPCI or commune with its own figures and completeness", async () => {
    const compare = async (level: string) => {
      const { data, errors } = await api.run<{
        compareTerritories: Array<{ code: string; coveredCommuneCount: number; weighted: Weighted }>;
      }>(
        `query ($level: TerritoryLevel!) {
          compareTerritories(department: "52", level: $level, asOf: "2025-06-30", weight: "children_under_3") {
            code coveredCommuneCount
            weighted { code label total covered coveredShare communesWithValue communesWithIntercommunalityValue populationShare }
          } }`,
        { level },
      );
      expect(errors).toBeUndefined();
      return new Map((data?.compareTerritories ?? []).map((t) => [t.code, t]));
    };
    const epci = await compare("INTERCOMMUNALITY");
    const inDepartment = (siren: string) => membersOf(siren).filter((code) => departmentOf.get(code) === "52");
    for (const siren of [JOINVILLE, CHAUMONT]) {
      const territory = epci.get(siren);
      expect(territory?.weighted.code).toBe("children_under_3");
      expectFigures(territory?.weighted as Weighted, expectedFigures(geo, CHILDREN, inDepartment(siren), 2025, joinville));
    }
    expect(epci.get(JOINVILLE)?.weighted).toMatchObject({ total: 300, covered: 300, communesWithValue: 59, populationShare: 1 });
    expect(epci.get(CHAUMONT)?.weighted).toMatchObject({
      total: 400,
      covered: 0,
      communesWithValue: 1,
      communesWithIntercommunalityValue: 0,
    });
    const communes = await compare("COMMUNE");
    for (const code of [...joinville].slice(0, 5).concat(["52121", "52269", "52448", "52250"])) {
      expectFigures(communes.get(code)?.weighted as Weighted, expectedFigures(geo, CHILDREN, [code], 2025, joinville));
    }
    // Without `weighted` selected, the same territories (its figures are computed only when asked for).
    const { data } = await api.run<{ compareTerritories: unknown[] }>(
      `{ compareTerritories(department: "52", level: COMMUNE, asOf: "2025-06-30", weight: "children_under_3") { code } }`,
    );
    expect(data?.compareTerritories).toHaveLength(communes.size);
  });

  it("weighs by population: an EPCI spanning départements shared pro rata, each part once", async () => {
    const spanning = geo.epci.find((e) => {
      const departments = new Set(e.membres.map((m) => departmentOf.get(m.code)));
      return departments.size > 1 && !departments.has("52") && e.membres.every((m) => departmentOf.has(m.code));
    });
    expect(spanning).toBeDefined();
    const members = membersOf(spanning?.code as string);
    const departments = [...new Set(members.map((code) => departmentOf.get(code) as string))];
    // A commune of the first département outside the EPCI, with its own value.
    const outside = geo.communes.find((c) => c.departement === departments[0] && !members.includes(c.code))?.code as string;
    const rows: Row[] = [
      [spanning?.code as string, 2024, 50_000],
      [outside, 2023, 1_234],
    ];
    await importRows("population", rows);
    const map = await national("2025-06-30", "population");
    let sum = 0;
    for (const code of departments) {
      const figures = await department(code, "2025-06-30", "population");
      const expected = expectedFigures(geo, rows, code, 2025, new Set());
      expectFigures(figures.weighted, expected);
      expect(figures.weighted.code).toBe("population");
      expect(figures.weighted.communesWithIntercommunalityValue).toBe(members.filter((m) => departmentOf.get(m) === code).length);
      expect(map.find((d) => d.departmentCode === code)).toEqual(figures);
      sum += (expected.total as number) - (code === departments[0] ? 1_234 : 0);
    }
    expect(sum).toBeCloseTo(50_000, 6);
  });

  it("lists the weights it accepts, with their labels (a dashboard's choices)", async () => {
    const { data } = await api.run<{ coverageWeights: Array<{ code: string; label: string }> }>(`{ coverageWeights { code label } }`);
    expect(data?.coverageWeights).toEqual(COUNT_INDICATORS.map((code) => ({ code, label: INDICATORS[code].label })));
    expect(data?.coverageWeights.map((w) => w.code)).toEqual(expect.arrayContaining(["allocataires", "children_under_3", "population"]));
    for (const { code } of data?.coverageWeights ?? []) {
      const { errors } = await api.run(`query ($w: String) { departmentCoverage(code: "52", weight: $w) { weighted { code } } }`, {
        w: code,
      });
      expect(errors).toBeUndefined();
    }
  });

  it("refuses an unknown code and an indicator that is not a count, naming the argument, whatever is selected", async () => {
    await importRows("taux_test", [["52121", 2024, "12,5"]]);
    const queries = [
      `query ($weight: String) { departmentCoverage(code: "52", weight: $weight) { communeCount } }`,
      `query ($weight: String) { nationalCoverage(weight: $weight) { allocataires } }`,
      `query ($weight: String) { coverageHistory(from: "2024-01-01", to: "2025-12-31", weight: $weight) { weighted { total } } }`,
      `query ($weight: String) { compareTerritories(department: "52", level: COMMUNE, weight: $weight) { code } }`,
    ];
    for (const query of queries) {
      for (const [weight, reason] of [
        ["inconnu", /^Argument "weight" : indicateur inconnu "inconnu" \(indicateurs de comptage acceptés : .*children_under_3/],
        ["taux_test", /^Argument "weight" : l'indicateur "taux_test" \(taux_test\) n'est pas un effectif/],
      ] as const) {
        const { data, errors } = await api.run(query, { weight });
        expect(data).toBeNull();
        expect(errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(reason),
            extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
          }),
        ]);
        expect(errors?.[0].extensions?.argument).toBe("weight");
      }
    }
  });

  it("counts on the vintage of the date with a weight: its communes, their EPCI and populations", async () => {
    const current = await department("52", "2024-06-30", "children_under_3");
    expect(current.geographyVintage).toBe(2026);
    await importVintages(db.dataSource.manager);
    const geo2024 = readGeographyPackage("geo2024");
    const asOf = await department("52", "2024-06-30", "children_under_3");
    expect(asOf.geographyVintage).toBe(2024);
    const members2024 = geo2024.epci.find((e) => e.code === JOINVILLE)?.membres.map((m) => m.code) ?? [];
    const expected = expectedFigures(geo2024, CHILDREN, "52", 2024, new Set(members2024));
    // The Joinville EPCI's value is shared among its communes of 2024, by their population of 2024: the parts add up to it.
    expect(expected.communesWithIntercommunalityValue).toBe(members2024.length);
    expect(expected.total).toBeCloseTo(400 + 700 + 90 + 300, 9);
    expectFigures(asOf.weighted, expected);
    expect(asOf.coveredCommuneCount).toBe(members2024.length);
    const map = await national("2024-06-30", "children_under_3");
    expect(map.find((d) => d.departmentCode === "52")).toEqual(asOf);
    const { data } = await api.run<{ compareTerritories: Array<{ code: string; geographyVintage: number; weighted: Weighted }> }>(
      `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "2024-06-30", weight: "children_under_3") {
          code geographyVintage
          weighted { code label total covered coveredShare communesWithValue communesWithIntercommunalityValue populationShare }
        } }`,
    );
    const territory = data?.compareTerritories.find((t) => t.code === JOINVILLE);
    expect(territory?.geographyVintage).toBe(2024);
    expectFigures(territory?.weighted as Weighted, expectedFigures(geo2024, CHILDREN, members2024, 2024, new Set(members2024)));
    expect(await department("52", "2024-06-30", "children_under_3", "CURRENT")).toEqual(current);
  }, 120_000);
});
