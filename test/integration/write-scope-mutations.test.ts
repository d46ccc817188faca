import { Role, type Viewer } from "../../src/auth/viewer";
import { UnscopedWriteError, inWriteTransaction } from "../../src/db/write";
import { graphqlClient } from "../helpers/graphql";
import { TERRITORY_INCONSISTENCIES_SQL, digestOfWrites, makeTwoDepartments, type TwoDepartments } from "../helpers/territory";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const user = (role: Role, departments: string[] = []): Viewer => ({
  kind: "user",
  subject: `${role.toLowerCase()}-scope`,
  role,
  national: departments.length === 0,
  departments,
  associationId: null,
});
const agent52 = user(Role.CAF_AGENT, ["52"]);
const admin = user(Role.ADMIN);

/** CU Perpignan Méditerranée: 66 only. CC des Quatre Rivières (200070332): 52 and 70. */
const EPCI_66 = "200027183";
const EPCI_52_70 = "200070332";

type Case = [
  label: string,
  query: string,
  variables: (f: TwoDepartments, v: (table: string, id: number) => Promise<number>) => Promise<Record<string, unknown>>,
];

const CREATE_CONVENTION = `mutation ($input: CreateConventionInput!) { createConvention(input: $input) { id: databaseId } }`;
const conventionInput = (overrides: Record<string, unknown>) => ({
  input: {
    reference: `CTG-SCOPE-${Math.random().toString(36).slice(2, 8)}`,
    title: "CTG de test",
    department: "52",
    holderKind: "INTERCOMMUNALITY",
    holderCode: "200044253",
    startsOn: "2026-01-01",
    endsOn: "2030-12-31",
    ...overrides,
  },
});
const SET_COVERED = `mutation ($id: ID!, $v: Int!, $c: [String!]) { setCoveredCommunes(id: $id, version: $v, communes: $c) { id } }`;
const ADD_SIGNATORY = `mutation ($id: ID!, $v: Int!, $i: SignatoryInput!) { addSignatory(id: $id, version: $v, input: $i) { id } }`;
const UPDATE_ACTION = `mutation ($id: ID!, $v: Int!, $i: UpdateActionInput!) { updateAction(id: $id, version: $v, input: $i) { id } }`;
const ADD_AXIS = `mutation ($id: ID!, $v: Int!, $x: ID!) { addConventionSdsfAxis(id: $id, version: $v, sdsfAxisId: $x) { id } }`;
const CREATE_FACILITY = `mutation ($i: CreateFacilityInput!) { createFacility(input: $i) { id } }`;
const SET_INDICATOR = `mutation ($i: IndicatorInput!) { setIndicator(input: $i) { id } }`;

/** Each reference of each write path, tried by an agent of Haute-Marne (52) against data of the Pyrénées-Orientales (66). */
const ACROSS: Case[] = [
  [
    "createConvention: a 52 convention held by a commune of 66",
    CREATE_CONVENTION,
    async () => conventionInput({ holderKind: "COMMUNE", holderCode: "66037" }),
  ],
  ["createConvention: a 52 convention held by an EPCI of 66", CREATE_CONVENTION, async () => conventionInput({ holderCode: EPCI_66 })],
  [
    "createConvention: a 52 convention covering a commune of 66",
    CREATE_CONVENTION,
    async () => conventionInput({ coveredCommunes: ["52250", "66037"] }),
  ],
  ["createConvention: a convention of 66", CREATE_CONVENTION, async () => conventionInput({ department: "66", holderCode: EPCI_66 })],
  [
    "setCoveredCommunes: a commune of 66 added to a 52 convention",
    SET_COVERED,
    async (f, v) => ({ id: f.conv52.id, v: await v("convention", f.conv52.id), c: ["52250", "66037"] }),
  ],
  [
    "setCoveredCommunes: on a 66 convention",
    SET_COVERED,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id), c: ["66037"] }),
  ],
  [
    "addSignatory: a commune of 66 signing a 52 convention",
    ADD_SIGNATORY,
    async (f, v) => ({
      id: f.conv52.id,
      v: await v("convention", f.conv52.id),
      i: { kind: "COMMUNE", role: "CO_SIGNATORY", name: "Canet", territoryCode: "66037" },
    }),
  ],
  [
    "addSignatory: an EPCI of 66 signing a 52 convention",
    ADD_SIGNATORY,
    async (f, v) => ({
      id: f.conv52.id,
      v: await v("convention", f.conv52.id),
      i: { kind: "INTERCOMMUNALITY", role: "CO_SIGNATORY", name: "Perpignan", territoryCode: EPCI_66 },
    }),
  ],
  [
    "addSignatory: on a 66 convention",
    ADD_SIGNATORY,
    async (f, v) => ({
      id: f.conv66.id,
      v: await v("convention", f.conv66.id),
      i: { kind: "CAF", role: "CAF", name: "CAF des Pyrénées-Orientales" },
    }),
  ],
  [
    "removeSignatory: on a 66 convention",
    `mutation ($id: ID!, $v: Int!, $s: ID!) { removeSignatory(id: $id, version: $v, signatoryId: $s) { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id), s: f.signatory66 }),
  ],
  [
    "updateConvention: a 66 convention",
    `mutation ($id: ID!, $v: Int!) { updateConvention(id: $id, version: $v, input: { title: "Détournée" }) { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id) }),
  ],
  [
    "terminateConvention: a 66 convention",
    `mutation ($id: ID!, $v: Int!) { terminateConvention(id: $id, version: $v, terminatedOn: "2025-01-01") { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id) }),
  ],
  [
    "signConvention: a 66 convention",
    `mutation ($id: ID!, $v: Int!) { signConvention(id: $id, version: $v, signedOn: "2025-01-01") { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id) }),
  ],
  [
    "renewConvention: a 66 convention",
    `mutation ($id: ID!, $v: Int!) { renewConvention(id: $id, version: $v, input: { reference: "CTG-66-RENEW-X", startsOn: "2029-01-01", endsOn: "2033-12-31" }) { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id) }),
  ],
  [
    "createAction: in a 66 convention",
    `mutation ($c: ID!) { createAction(input: { conventionId: $c, title: "Action détournée", theme: YOUTH }) { action { id } } }`,
    async (f) => ({ c: f.conv66.id }),
  ],
  [
    "updateAction: a 52 action declining an SDSF axis of 66",
    UPDATE_ACTION,
    async (f, v) => ({ id: f.action52, v: await v("action", f.action52), i: { sdsfAxisId: String(f.axis66) } }),
  ],
  [
    "updateAction: a 66 action",
    UPDATE_ACTION,
    async (f, v) => ({ id: f.action66, v: await v("action", f.action66), i: { title: "Détournée" } }),
  ],
  [
    "updateActionProgress: a 66 action",
    `mutation ($id: ID!, $v: Int!) { updateActionProgress(id: $id, version: $v, input: { progress: 50 }) { id } }`,
    async (f, v) => ({ id: f.action66, v: await v("action", f.action66) }),
  ],
  [
    "reorderActions: of a 66 convention",
    `mutation ($c: ID!, $ids: [ID!]!) { reorderActions(conventionId: $c, ids: $ids) { id } }`,
    async (f) => ({ c: f.conv66.id, ids: [String(f.action66)] }),
  ],
  [
    "createObjective: in a 66 convention",
    `mutation ($c: ID!) { createObjective(conventionId: $c, input: { title: "Objectif détourné" }) { id } }`,
    async (f) => ({ c: f.conv66.id }),
  ],
  [
    "updateObjective: of a 66 convention",
    `mutation ($id: ID!, $v: Int!) { updateObjective(id: $id, version: $v, input: { title: "Détourné" }) { id } }`,
    async (f, v) => ({ id: f.objective66, v: await v("objective", f.objective66) }),
  ],
  [
    "reorderObjectives: of a 66 convention",
    `mutation ($c: ID!, $ids: [ID!]!) { reorderObjectives(conventionId: $c, ids: $ids) { id } }`,
    async (f) => ({ c: f.conv66.id, ids: [String(f.objective66)] }),
  ],
  [
    "addConventionSdsfAxis: an SDSF axis of 66 on a 52 convention",
    ADD_AXIS,
    async (f, v) => ({ id: f.conv52.id, v: await v("convention", f.conv52.id), x: f.axis66 }),
  ],
  [
    "addConventionSdsfAxis: on a 66 convention",
    ADD_AXIS,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id), x: f.axis66 }),
  ],
  [
    "removeConventionSdsfAxis: on a 66 convention",
    `mutation ($id: ID!, $v: Int!, $x: ID!) { removeConventionSdsfAxis(id: $id, version: $v, sdsfAxisId: $x) { id } }`,
    async (f, v) => ({ id: f.conv66.id, v: await v("convention", f.conv66.id), x: f.axis66 }),
  ],
  [
    "createAssociation: seated in 66",
    `mutation { createAssociation(input: { name: "Association de Canet", rna: "W662000001", communeCode: "66037" }) { id } }`,
    async () => ({}),
  ],
  [
    "updateAssociationContact: an association of 66",
    `mutation ($id: ID!, $v: Int!) { updateAssociationContact(id: $id, version: $v, input: { contactPhone: "04 68 00 00 00" }) { id } }`,
    async (f, v) => ({ id: f.association66, v: await v("partner_association", f.association66) }),
  ],
  [
    "linkPartner: to a 66 convention",
    `mutation ($a: ID!, $c: ID!) { linkPartner(input: { associationId: $a, conventionId: $c, role: CONTRIBUTOR }) }`,
    async (f) => ({ a: f.association66, c: f.conv66.id }),
  ],
  [
    "linkPartner: to a 66 action",
    `mutation ($a: ID!, $c: ID!) { linkPartner(input: { associationId: $a, actionId: $c, role: CONTRIBUTOR }) }`,
    async (f) => ({ a: f.association66, c: f.action66 }),
  ],
  ["unlinkPartner: a partnership of 66", `mutation ($id: ID!) { unlinkPartner(id: $id) }`, async (f) => ({ id: f.partnership66 })],
  [
    "createFacility: in a commune of 66",
    CREATE_FACILITY,
    async () => ({ i: { kind: "EAJE", name: "Crèche détournée", communeCode: "66037" } }),
  ],
  [
    "createFacility: a 52 facility run by a commune of 66",
    CREATE_FACILITY,
    async () => ({
      i: { kind: "EAJE", name: "Crèche de Joinville", communeCode: "52250", operatorKind: "COMMUNE", operatorCode: "66037" },
    }),
  ],
  [
    "createFacility: a 52 facility run by an EPCI of 66",
    CREATE_FACILITY,
    async () => ({
      i: { kind: "EAJE", name: "Crèche de Joinville", communeCode: "52250", operatorKind: "INTERCOMMUNALITY", operatorCode: EPCI_66 },
    }),
  ],
  [
    "addFacilityApproval: to a facility of 66",
    `mutation ($f: ID!) { addFacilityApproval(facilityId: $f, input: { kind: OTHER, startsOn: "2025-01-01", endsOn: "2026-01-01" }) { id } }`,
    async (f) => ({ f: f.facility66 }),
  ],
  [
    "createSdsfScheme: for 66",
    `mutation { createSdsfScheme(input: { department: "66", title: "SDSF détourné" }) { id } }`,
    async () => ({}),
  ],
  [
    "addSdsfAxis: to the SDSF of 66",
    `mutation ($s: ID!) { addSdsfAxis(schemeId: $s, input: { number: 9, title: "Axe détourné" }) { id } }`,
    async (f) => ({ s: f.scheme66 }),
  ],
  [
    "setIndicator: a commune of 66",
    SET_INDICATOR,
    async () => ({ i: { indicator: "allocataires", year: 2025, territoryCode: "66037", value: 10 } }),
  ],
  [
    "setIndicator: an EPCI of 66",
    SET_INDICATOR,
    async () => ({ i: { indicator: "allocataires", year: 2025, territoryCode: EPCI_66, value: 10 } }),
  ],
  [
    "setIndicator: an EPCI of 52 and 70",
    SET_INDICATOR,
    async () => ({ i: { indicator: "allocataires", year: 2025, territoryCode: EPCI_52_70, value: 10 } }),
  ],
];

/** An administrator may write anywhere, but a record still points only inside its own territory. */
const INCONSISTENT: Case[] = ACROSS.filter(([label]) => label.includes("a 52 ") && label.includes(" of 66"));

describe("writes stay in their territory (mutations)", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let fixture: TwoDepartments;
  const version = async (table: string, id: number): Promise<number> =>
    (await db.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version;

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    fixture = await makeTwoDepartments(db.dataSource.manager);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  async function refused(query: string, variables: Record<string, unknown>, viewer: Viewer, code: string) {
    const before = await digestOfWrites(db.dataSource);
    const { errors } = await api.run(query, variables, viewer);
    expect(errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(await digestOfWrites(db.dataSource)).toEqual(before);
    return errors?.[0];
  }

  it.each(ACROSS)("refuses an agent of 52 — %s — with FORBIDDEN and writes nothing", async (_label, query, variables) => {
    await refused(query, await variables(fixture, version), agent52, "FORBIDDEN");
  });

  it.each(INCONSISTENT)(
    "refuses an administrator an inconsistent record — %s — with BAD_USER_INPUT naming the field",
    async (_label, query, variables) => {
      const error = await refused(query, await variables(fixture, version), admin, "BAD_USER_INPUT");
      expect(error?.extensions?.argument).toEqual(expect.any(String));
      expect(error?.message).toMatch(/hors du territoire/);
    },
  );

  it("says which reference lies where", async () => {
    const error = await refused(
      SET_COVERED,
      { id: fixture.conv52.id, v: await version("convention", fixture.conv52.id), c: ["52250", "66037"] },
      agent52,
      "FORBIDDEN",
    );
    expect(error?.message).toBe(`Écriture refusée (champ "communes") : communes hors de vos départements : 66037 (66)`);
  });

  it("lets the agent write the same paths inside 52", async () => {
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const { errors } = await api.run(query, variables, agent52);
      expect(errors).toBeUndefined();
    };
    await ok(SET_COVERED, { id: fixture.conv52.id, v: await version("convention", fixture.conv52.id), c: ["52250"] });
    await ok(UPDATE_ACTION, {
      id: fixture.action52,
      v: await version("action", fixture.action52),
      i: { sdsfAxisId: String(fixture.axis52) },
    });
    await ok(ADD_AXIS, { id: fixture.conv52.id, v: await version("convention", fixture.conv52.id), x: fixture.axis52 });
    await ok(CREATE_FACILITY, {
      i: { kind: "EAJE", name: "Crèche de Joinville", communeCode: "52250", operatorKind: "INTERCOMMUNALITY", operatorCode: "200044253" },
    });
    expect(await db.dataSource.query(TERRITORY_INCONSISTENCIES_SQL)).toEqual([]);
  });

  it("lets a convention held by an EPCI across a border cover that EPCI's communes of the other département, and no other", async () => {
    const { data, errors } = await api.run<{ createConvention: { id: string } }>(
      CREATE_CONVENTION,
      conventionInput({ holderCode: EPCI_52_70 }),
      agent52,
    );
    expect(errors).toBeUndefined();
    const id = Number(data!.createConvention.id);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code WHERE cc.convention_id = $1 AND m.department_code = '70'`,
      [id],
    );
    expect(n).toBeGreaterThan(0);
    const [{ code: otherIn70 }] = await db.dataSource.query(
      `SELECT code FROM commune WHERE department_code = '70' AND intercommunality_siren IS DISTINCT FROM $1 ORDER BY code LIMIT 1`,
      [EPCI_52_70],
    );
    await refused(SET_COVERED, { id, v: await version("convention", id), c: [otherIn70] }, agent52, "FORBIDDEN");
    expect(await db.dataSource.query(TERRITORY_INCONSISTENCIES_SQL)).toEqual([]);
  });

  it("rolls back a caller's write that never asked the write scope (a path that forgot it commits nothing)", async () => {
    const before = await digestOfWrites(db.dataSource);
    await expect(
      inWriteTransaction(db.dataSource.manager, admin, (tx) =>
        tx.query(`UPDATE convention SET title = 'Sans contrôle' WHERE id = $1`, [fixture.conv66.id]),
      ),
    ).rejects.toBeInstanceOf(UnscopedWriteError);
    expect(await digestOfWrites(db.dataSource)).toEqual(before);
  });

  it("writes an EPCI's indicator only for staff of each of its départements", async () => {
    const set = (viewer: Viewer) =>
      api.run(SET_INDICATOR, { i: { indicator: "allocataires", year: 2025, territoryCode: EPCI_52_70, value: 10 } }, viewer);
    expect((await set(user(Role.CAF_AGENT, ["52", "70"]))).errors).toBeUndefined();
  });
});
