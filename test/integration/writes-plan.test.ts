import { Role, type Viewer } from "../../src/auth/viewer";
import { makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient, nodes } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const agent = (departments: string[]): Viewer => ({
  kind: "user",
  subject: "agent-test",
  role: Role.CAF_AGENT,
  national: departments.length === 0,
  departments,
  associationId: null,
});

/** Objectives, plan of actions, SDSF schemes and axes, facilities and indicators, written by CAF agents. */
describe("writes on plans, SDSF, facilities and indicators", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  const agent52 = agent(["52"]);
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("creates, updates and reorders objectives and actions, keeping positions 1..n", async () => {
    const { id } = await makeIntercommunalConvention(db.dataSource.manager, "200044253", { actions: 3 });
    const objective = await api.run<{ createObjective: { id: string; position: number; version: number } }>(
      `mutation ($c: ID!) { createObjective(conventionId: $c, input: { title: "Soutenir la parentalité" }) { id position version } }`,
      { c: String(id) },
      agent52,
    );
    expect(objective.data!.createObjective).toMatchObject({ position: 1, version: 1 });
    const renamed = await api.run<{ updateObjective: { title: string; version: number } }>(
      `mutation ($o: ID!) { updateObjective(id: $o, version: 1, input: { title: "Soutenir les parents" }) { title version } }`,
      { o: objective.data!.createObjective.id },
      agent52,
    );
    expect(renamed.data!.updateObjective).toEqual({ title: "Soutenir les parents", version: 2 });

    const ids: Array<{ id: number }> = await db.dataSource.query(`SELECT id FROM action WHERE convention_id = $1 ORDER BY position`, [id]);
    const reversed = ids.map((r) => String(r.id)).reverse();
    const { data, errors } = await api.run<{ reorderActions: { actions: { edges: Array<{ node: { id: string; position: number } }> } } }>(
      `mutation ($c: ID!, $ids: [ID!]!) { reorderActions(conventionId: $c, ids: $ids) { actions { edges { node { id: databaseId position } } } } }`,
      { c: String(id), ids: reversed },
      agent52,
    );
    expect(errors).toBeUndefined();
    expect(nodes(data!.reorderActions.actions)).toEqual(reversed.map((actionId, i) => ({ id: actionId, position: i + 1 })));

    const partial = await api.run(
      `mutation ($c: ID!, $ids: [ID!]!) { reorderActions(conventionId: $c, ids: $ids) { id } }`,
      { c: String(id), ids: reversed.slice(1) },
      agent52,
    );
    expect(partial.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "ids" });

    const update = await api.run<{ updateAction: { objective: { title: string }; budget: number } }>(
      `mutation ($a: ID!, $o: ID!) { updateAction(id: $a, version: 2, input: { objectiveId: $o, budget: 1500 }) { objective { title } budget } }`,
      { a: reversed[0], o: objective.data!.createObjective.id },
      agent52,
    );
    expect(update.errors).toBeUndefined();
    expect(update.data!.updateAction).toEqual({ objective: { title: "Soutenir les parents" }, budget: 1500 });
  });

  it("records an SDSF with its axes and lets a convention decline one of them", async () => {
    const scheme = await api.run<{ createSdsfScheme: { id: string } }>(
      `mutation { createSdsfScheme(input: { department: "52", title: "SDSF de la Haute-Marne (test)", startsOn: "2022-01-01", endsOn: "2026-12-31" }) { id } }`,
      undefined,
      agent52,
    );
    const axis = await api.run<{ addSdsfAxis: { id: string; number: number } }>(
      `mutation ($s: ID!) { addSdsfAxis(schemeId: $s, input: { number: 1, title: "Petite enfance" }) { id number } }`,
      { s: scheme.data!.createSdsfScheme.id },
      agent52,
    );
    expect(axis.data!.addSdsfAxis.number).toBe(1);
    const duplicate = await api.run(
      `mutation ($s: ID!) { addSdsfAxis(schemeId: $s, input: { number: 1, title: "Encore" }) { id } }`,
      { s: scheme.data!.createSdsfScheme.id },
      agent52,
    );
    expect(duplicate.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "number" });

    const { id } = await makeIntercommunalConvention(db.dataSource.manager, "200044253");
    const linked = await api.run<{ addConventionSdsfAxis: { sdsfAxes: Array<{ title: string }> } }>(
      `mutation ($c: ID!, $x: ID!) { addConventionSdsfAxis(id: $c, version: 1, sdsfAxisId: $x) { sdsfAxes { title } } }`,
      { c: String(id), x: axis.data!.addSdsfAxis.id },
      agent52,
    );
    expect(linked.data!.addConventionSdsfAxis.sdsfAxes).toEqual([{ title: "Petite enfance" }]);
    const alignment = await api.run<{ sdsfAlignment: Array<{ conventionCount: number; touchingTerritoryCodes: string[] }> }>(
      `query ($s: ID!) { sdsfAlignment(schemeId: $s, asOf: "2025-06-30") { conventionCount touchingTerritoryCodes } }`,
      { s: scheme.data!.createSdsfScheme.id },
    );
    expect(alignment.data!.sdsfAlignment).toEqual([{ conventionCount: 1, touchingTerritoryCodes: ["200044253"] }]);
  });

  it("records a facility with an approval, and refuses one outside the agent's départements", async () => {
    const created = await api.run<{ createFacility: { id: string; operator: { code: string } } }>(
      `mutation { createFacility(input: { kind: EAJE, name: "Multi-accueil de test", communeCode: "52250", operatorKind: COMMUNE, capacity: 24 }) {
        id operator { ... on Commune { code } } } }`,
      undefined,
      agent52,
    );
    expect(created.data!.createFacility.operator).toEqual({ code: "52250" });
    const approved = await api.run<{ addFacilityApproval: { approvals: Array<{ kind: string; endsOn: string }> } }>(
      `mutation ($f: ID!) { addFacilityApproval(facilityId: $f, input: { kind: OPERATING_AUTHORISATION, startsOn: "2025-01-01", endsOn: "2029-12-31" }) {
        approvals { kind endsOn } } }`,
      { f: created.data!.createFacility.id },
      agent52,
    );
    expect(approved.data!.addFacilityApproval.approvals).toEqual([{ kind: "OPERATING_AUTHORISATION", endsOn: "2029-12-31" }]);
    const outside = await api.run(
      `mutation { createFacility(input: { kind: EAJE, name: "Crèche", communeCode: "30007" }) { id } }`,
      undefined,
      agent52,
    );
    expect(outside.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("upserts an indicator by territory, year and code, and weighs coverage with it", async () => {
    const set = (value: number) =>
      api.run<{ setIndicator: { value: number } }>(
        `mutation ($v: Float!) { setIndicator(input: { indicator: "allocataires", year: 2025, territoryCode: "52250", value: $v }) { value } }`,
        { v: value },
        agent52,
      );
    expect((await set(480)).data!.setIndicator.value).toBe(480);
    expect((await set(500)).data!.setIndicator.value).toBe(500);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*) AS n FROM indicator_value WHERE indicator = 'allocataires' AND year = 2025 AND commune_code = '52250'`,
    );
    expect(n).toBe(1);
    const coverage = await api.run<{ departmentCoverage: { allocataires: number; coveredAllocataires: number } }>(
      `{ departmentCoverage(code: "52", asOf: "2025-06-30") { allocataires coveredAllocataires } }`,
    );
    expect(coverage.data!.departmentCoverage).toEqual({ allocataires: 500, coveredAllocataires: 500 });
    const wrong = await api.run(
      `mutation { setIndicator(input: { indicator: "Allocataires!", year: 2025, territoryCode: "52250", value: 1 }) { id } }`,
      undefined,
      agent52,
    );
    expect(wrong.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
