import { Role, type Viewer } from "../../src/auth/viewer";
import { encodeGlobalId } from "../../src/common/global-id";
import { makeAssociation } from "../helpers/factories";
import { graphqlClient, nodes } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const admin: Viewer = { kind: "user", subject: "admin-test", role: Role.ADMIN, national: true, departments: [], associationId: null };

interface Read {
  conventions: {
    edges: Array<{ node: { id: string; databaseId: string; objectives: Array<{ id: string; databaseId: string; version: number }> } }>;
  };
}

/**
 * A client (Relay, Apollo) passes back the `id` it read. An argument that names a row takes it as well as the
 * `databaseId`, and a global id of another type is refused rather than read as that type's row of the same number.
 */
describe("id arguments given a global id", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let read: Read;
  let associationId: number;
  let schemeId: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    const answer = await api.run<Read>(
      `{ conventions(first: 10) { edges { node { id databaseId objectives { id databaseId version } } } } }`,
      {},
      admin,
    );
    expect(answer.errors).toBeUndefined();
    read = answer.data as Read;
    associationId = await makeAssociation(db.dataSource.manager, "52");
    const scheme = await api.run<{ createSdsfScheme: { databaseId: string } }>(
      `mutation { createSdsfScheme(input: { department: "52", title: "SDSF de la Haute-Marne" }) { databaseId } }`,
      {},
      admin,
    );
    expect(scheme.errors).toBeUndefined();
    schemeId = scheme.data?.createSdsfScheme.databaseId as string;
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("links a partner given the association's and the convention's global ids", async () => {
    const convention = nodes(read.conventions)[0];
    const linked = await api.run<{ linkPartner: string }>(
      `mutation ($a: ID!, $c: ID!) { linkPartner(input: { associationId: $a, conventionId: $c, role: CONTRIBUTOR }) }`,
      { a: encodeGlobalId("PartnerAssociation", associationId), c: convention.id },
      admin,
    );
    expect(linked.errors).toBeUndefined();
    const [row]: Array<{ association_id: number; convention_id: number }> = await db.dataSource.query(
      `SELECT association_id, convention_id FROM partnership WHERE id = $1`,
      [Number(linked.data?.linkPartner)],
    );
    expect(row).toEqual({ association_id: associationId, convention_id: Number(convention.databaseId) });
  });

  it("refuses the global id of another type for an existing row's number (an action's id for an objective …)", async () => {
    const convention = nodes(read.conventions).find((c) => c.objectives.length > 0);
    if (!convention) throw new Error("the reference cases hold a convention with objectives");
    const objective = convention.objectives[0];
    // Each id names a row that exists, but under another type: read as a number, it would reach that row.
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        "updateObjective",
        `mutation ($id: ID!, $v: Int!) { updateObjective(id: $id, version: $v, input: { title: "Soutenir les parents" }) { id } }`,
        { id: encodeGlobalId("Action", objective.databaseId), v: objective.version },
        "id",
      ],
      [
        "addSdsfAxis",
        `mutation ($id: ID!) { addSdsfAxis(schemeId: $id, input: { number: 9, title: "Accompagner les familles" }) { id } }`,
        { id: encodeGlobalId("Convention", schemeId) },
        "schemeId",
      ],
      [
        "sdsfAlignment",
        `query ($id: ID!) { sdsfAlignment(schemeId: $id, asOf: "2025-06-30") { conventionCount } }`,
        { id: encodeGlobalId("Convention", schemeId) },
        "schemeId",
      ],
      [
        "actions(filter: { association })",
        `query ($id: ID!) { actions(first: 1, filter: { association: $id }) { totalCount } }`,
        { id: encodeGlobalId("Convention", associationId) },
        "filter.association",
      ],
      [
        "auditLog(entity: convention)",
        `query ($id: String!) { auditLog(entity: "convention", id: $id) { totalCount } }`,
        { id: encodeGlobalId("Objective", convention.databaseId) },
        "id",
      ],
    ];
    const answers: Record<string, unknown> = {};
    for (const [name, document, variables] of cases) {
      const answer = await api.run(document, variables, admin);
      const extensions = answer.errors?.[0]?.extensions;
      answers[name] = extensions ? { code: extensions.code, argument: extensions.argument } : answer.data;
    }
    expect(answers).toEqual(Object.fromEntries(cases.map(([name, , , argument]) => [name, { code: "BAD_USER_INPUT", argument }])));
  });
});
