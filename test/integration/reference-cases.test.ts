import { loadReferenceCases } from "../../src/reference/reference-cases.load";
import { readGeographyPackage } from "../../src/territory/geography.source";
import { graphqlClient, nodes, type Conn } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The bundled real cases, read back through the API; figures from the geography package, not from the hub. */
describe("reference cases", () => {
  const geo = readGeographyPackage();
  const membersOf = (siren: string) => (geo.epci.find((e) => e.code === siren)?.membres ?? []).map((m) => m.code).sort();
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

  it("has the Joinville CTG, renewed, signed 12 December 2023 with its signatories, covering the EPCI's communes", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data, errors } = await api.run<{ convention: Record<string, any> }>(`{
      convention(reference: "CTG-52-2023-200044253") {
        stage signedOn startsOn startsOnPrecision endsOn isRenewal themes
        holder { __typename ... on Intercommunality { siren } }
        signatories { kind role name commune { code } intercommunality { siren } }
        coveredCommunes(first: 500) { totalCount edges { node { code } } }
        objectives { position title }
        actions { edges { node { title theme status } } }
        department { code }
        onSurveyDay: status(asOf: "2025-06-30")
        dayBeforeSignature: status(asOf: "2023-12-11")
        afterPeriod: status(asOf: "2028-01-01")
      }
    }`);
    expect(errors).toBeUndefined();
    const ctg = data!.convention;
    expect(ctg).toMatchObject({
      stage: "SIGNED",
      signedOn: "2023-12-12",
      startsOn: "2023-01-01",
      startsOnPrecision: "YEAR",
      endsOn: "2027-12-31",
      isRenewal: true,
      holder: { __typename: "Intercommunality", siren: "200044253" },
      department: { code: "52" },
      onSurveyDay: "ACTIVE",
      dayBeforeSignature: "IN_PREPARATION",
      afterPeriod: "EXPIRED",
    });
    expect([...ctg.themes].sort()).toEqual(["ACCESS_TO_RIGHTS", "CHILDHOOD", "EARLY_CHILDHOOD", "SOCIAL_LIFE", "YOUTH"]);
    expect(nodes<{ code: string }>(ctg.coveredCommunes).map((c: { code: string }) => c.code)).toEqual(membersOf("200044253"));
    expect(ctg.coveredCommunes.totalCount).toBe(59);
    expect(ctg.signatories.map((s: { kind: string }) => s.kind)).toEqual(["CAF", "INTERCOMMUNALITY", "COMMUNE", "COMMUNE", "COMMUNE"]);
    expect(
      ctg.signatories.filter((s: { commune: unknown }) => s.commune).map((s: { commune: { code: string } }) => s.commune.code),
    ).toEqual(["52250", "52398", "52456"]);
    expect(ctg.objectives).toHaveLength(4);
    expect(nodes<{ status: string; theme: string }>(ctg.actions)).toHaveLength(7);
    expect(nodes<{ status: string; theme: string }>(ctg.actions).filter((a) => a.status === "UNDER_STUDY")).toEqual([
      expect.objectContaining({ theme: "YOUTH" }),
    ]);
  });

  it("records the Joinville population and allocataires as indicators of the EPCI", async () => {
    const rows = await db.dataSource.query(
      `SELECT indicator, value FROM indicator_value WHERE intercommunality_siren = '200044253' ORDER BY indicator`,
    );
    expect(rows).toEqual([
      { indicator: "allocataires", value: 2246 },
      { indicator: "population", value: 12241 },
    ]);
  });

  it("reads them as values of the indicator definitions, with nothing invented around them", async () => {
    const { data, errors } = await api.run<{ intercommunality: { indicators: unknown[] } }>(`{
      intercommunality(siren: "200044253") {
        indicators { indicator year value baseline target actionId objectiveId conventionId definition { code label unit direction level } }
      }
    }`);
    expect(errors).toBeUndefined();
    const values = { baseline: null, target: null, actionId: null, objectiveId: null, conventionId: null };
    expect(data!.intercommunality.indicators).toEqual([
      {
        indicator: "allocataires",
        year: 2023,
        value: 2246,
        ...values,
        definition: { code: "allocataires", label: "Nombre d'allocataires CAF", unit: "allocataires", direction: null, level: "TERRITORY" },
      },
      {
        indicator: "population",
        year: 2023,
        value: 12241,
        ...values,
        definition: { code: "population", label: "Population", unit: "habitants", direction: null, level: "TERRITORY" },
      },
    ]);
    // The reference cases name no pilot, funder, note, meeting or evaluation: the follow-up stays empty for them.
    const [counts] = await db.dataSource.query(`SELECT
      (SELECT count(*) FROM action_pilot)::int AS pilots, (SELECT count(*) FROM action_funding)::int AS fundings,
      (SELECT count(*) FROM action_budget_line)::int AS lines, (SELECT count(*) FROM action_note)::int AS notes,
      (SELECT count(*) FROM convention_meeting)::int AS meetings, (SELECT count(*) FROM convention_evaluation)::int AS evaluations,
      (SELECT count(*) FROM indicator_value WHERE commune_code IS NULL AND intercommunality_siren IS NULL)::int AS plan_values`);
    expect(counts).toEqual({ pilots: 0, fundings: 0, lines: 0, notes: 0, meetings: 0, evaluations: 0, plan_values: 0 });
  });

  it("has Le Lamentin with the bonus territoire, Canet until 2026 and Alès in preparation", async () => {
    const { data } = await api.run<Record<string, Record<string, unknown>>>(`{
      lamentin: convention(reference: "CTG-972-2024-97213") {
        signedOn bonusTerritoire endsOn themes holder { ... on Commune { code } } status(asOf: "2025-06-30")
      }
      canet: convention(reference: "CTG-66-66037") {
        endsOn diagnostic { fundedByCaf conductedBy } objectives { title } actions { totalCount }
        active: status(asOf: "2026-12-31") expired: status(asOf: "2027-01-01")
      }
      ales: convention(reference: "CTG-30-2022-200066918") { stage coveredCommunes(first: 500) { edges { node { code } } } status }
    }`);
    expect(data!.lamentin).toMatchObject({
      signedOn: "2024-10-28",
      bonusTerritoire: true,
      endsOn: "2028-12-31",
      holder: { code: "97213" },
      status: "ACTIVE",
    });
    expect(data!.canet).toMatchObject({ endsOn: "2026-12-31", diagnostic: { fundedByCaf: true }, active: "ACTIVE", expired: "EXPIRED" });
    expect(data!.canet.objectives).toHaveLength(7);
    expect(data!.canet.actions).toEqual({ totalCount: 10 });
    expect(data!.ales).toMatchObject({ stage: "IN_PREPARATION", status: "IN_PREPARATION" });
    expect(nodes(data!.ales.coveredCommunes as Conn<{ code: string }>).map((c) => c.code)).toEqual(membersOf("200066918"));
  });

  it("counts Canet (signature and start unknown, until 2026) from its first known date, 2026-01-01, never before", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a deep answer read loosely, its shape checked by the assertions below
    const { data, errors } = await api.run<Record<string, any>>(`{
      canet: convention(reference: "CTG-66-66037") {
        in1990: status(asOf: "1990-06-30") in2025: status(asOf: "2025-12-31") in2026: status(asOf: "2026-01-01")
      }
      activeIn1990: conventions(first: 10, filter: { department: "66", status: [ACTIVE], asOf: "1990-06-30" }) { totalCount }
      activeIn2026: conventions(first: 10, filter: { department: "66", status: [ACTIVE], asOf: "2026-06-30" }) { totalCount }
      in1990: departmentCoverage(code: "66", asOf: "1990-06-30") { coveredCommuneCount activeConventionCount }
      in2025: departmentCoverage(code: "66", asOf: "2025-12-31") { coveredCommuneCount }
      in2026: departmentCoverage(code: "66", asOf: "2026-06-30") { coveredCommuneCount activeConventionCount }
      history: coverageHistory(department: "66", from: "1990-01-01", to: "2027-12-31") { date coveredCommuneCount }
      communes: communes(first: 5, filter: { department: "66", covered: true, coveredOn: "1990-06-30" }) { totalCount }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.canet).toEqual({ in1990: "UNKNOWN", in2025: "UNKNOWN", in2026: "ACTIVE" });
    expect([data!.activeIn1990.totalCount, data!.activeIn2026.totalCount]).toEqual([0, 1]);
    expect(data!.in1990).toEqual({ coveredCommuneCount: 0, activeConventionCount: 0 });
    expect(data!.in2025.coveredCommuneCount).toBe(0);
    expect(data!.in2026).toEqual({ coveredCommuneCount: 1, activeConventionCount: 1 });
    const covered = data!.history
      .filter((p: { coveredCommuneCount: number }) => p.coveredCommuneCount > 0)
      .map((p: { date: string }) => p.date);
    expect(covered).toEqual(["2026-12-31"]);
    expect(data!.communes.totalCount).toBe(0);
  });

  it("has the centre social des Clayes-sous-Bois with its 2025–2028 projet social", async () => {
    const rows = await db.dataSource.query(
      `SELECT f.kind, f.commune_code, a.kind AS approval, a.starts_on, a.ends_on, a.granted_by
       FROM facility f JOIN facility_approval a ON a.facility_id = f.id WHERE f.commune_code = '78165'`,
    );
    expect(rows).toEqual([
      {
        kind: "SOCIAL_CENTRE",
        commune_code: "78165",
        approval: "SOCIAL_CENTRE_PROJECT",
        starts_on: "2025-01-01",
        ends_on: "2028-12-31",
        granted_by: "CAF des Yvelines",
      },
    ]);
  });

  it("labels every reference row with its source", async () => {
    const { data } = await api.run<{ sources: Array<{ code: string; kind: string }> }>(`{ sources { code kind } }`);
    expect(data!.sources.filter((s) => s.kind === "REFERENCE").map((s) => s.code)).toHaveLength(5);
    const [{ n }] = await db.dataSource.query(`SELECT count(*) AS n FROM convention WHERE source_id IS NULL`);
    expect(n).toBe(0);
  });

  it("changes nothing when loaded again", async () => {
    const report = await loadReferenceCases(db.dataSource.manager);
    const kinds = report.imports.map((i) => i.kind);
    expect(kinds).toEqual(["conventions", "signatories", "objectives", "actions", "indicators", "facilities", "approvals"]);
    for (const { kind, counts } of report.imports) {
      for (const { table, created, updated, deleted } of counts) {
        expect({ kind, table, created, updated, deleted: deleted ?? 0 }).toEqual({ kind, table, created: 0, updated: 0, deleted: 0 });
      }
    }
    const rows = Object.fromEntries(report.imports.map((i) => [i.kind, i.rows]));
    expect(rows).toMatchObject({ conventions: 4, indicators: 2, facilities: 1, approvals: 1 });
  });
});
