import { mintToken, tokenConfig, type TokenClaims } from "../../src/auth/tokens";
import { Role } from "../../src/auth/viewer";
import { responseCacheConfig } from "../../src/config";
import { addActionFollowUp, makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Restricted fields (budgets, internal notes, contacts, reserved notes) are compiled into one statement for a caller
 * who reads them all (national staff, administrators), and only for them: every other caller gets exactly what the
 * resolvers answer — values where it may read them, FORBIDDEN or null elsewhere —, whoever asked the same document
 * before, through the compiled-read route as through Apollo's executor.
 */
const SECRET = "a-test-secret-of-at-least-32-characters!";
const JOINVILLE_EPCI = "200044253";

const DOCUMENT = `query ($ref: String!) { convention(reference: $ref) { reference internalNotes actions(first: 10) { edges { node {
  title budget internalNotes pilots { kind name contact association { name contactEmail } }
  budgetLines { year planned actual } fundings { funder planned actual } notes { restricted text } } } } } }`;

/** An answer with its errors in path order: resolvers settle in no fixed order. */
function sorted(text: string): { data?: unknown; errors?: Array<{ path: unknown }> } {
  const answer = JSON.parse(text);
  answer.errors?.sort((a: { path: unknown }, b: { path: unknown }) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path)));
  return answer;
}

describe("restricted fields in compiled reads", () => {
  let db: TestDatabase;
  let compiled: ListeningHub;
  let resolversOnly: ListeningHub;
  let reference: string;
  let piloting: number;

  beforeAll(async () => {
    db = await openTestDatabase();
    const manager = db.dataSource.manager;
    const convention = await makeIntercommunalConvention(manager, JOINVILLE_EPCI, { actions: 2 });
    reference = convention.reference;
    await manager.query(`UPDATE convention SET internal_notes = 'Note interne de la CTG' WHERE id = $1`, [convention.id]);
    const actions: Array<{ id: number }> = await manager.query(`SELECT id FROM action WHERE convention_id = $1 ORDER BY position`, [
      convention.id,
    ]);
    piloting = await makeAssociation(manager, "52");
    await manager.query(`UPDATE partner_association SET contact_email = 'contact@association.example' WHERE id = $1`, [piloting]);
    for (const [i, { id }] of actions.entries()) {
      await addActionFollowUp(manager, id, i === 0 ? { associationId: piloting } : {});
      await manager.query(`UPDATE action SET budget = $2, internal_notes = $3 WHERE id = $1`, [id, 1000 * (i + 1), `Interne ${i}`]);
    }
    const options = { tokens: tokenConfig({ JWT_SECRET: SECRET }), cache: { ...responseCacheConfig({}), enabled: false } };
    compiled = await listenHub(db.dataSource, { ...options, compiledReads: true });
    resolversOnly = await listenHub(db.dataSource, { ...options, compiledReads: false });
  });
  afterAll(async () => {
    await compiled.close();
    await resolversOnly.close();
    await db.close();
  });

  const callers: Array<[string, Omit<TokenClaims, "subject"> | null]> = [
    ["a national analyst", { role: Role.ANALYST }],
    ["an administrator", { role: Role.ADMIN }],
    ["an analyst of the département", { role: Role.ANALYST, departments: ["52"] }],
    ["an analyst of another département", { role: Role.ANALYST, departments: ["10"] }],
    ["the association piloting the first action", { role: Role.PARTNER, association: 0 }],
    ["an anonymous caller", null],
  ];

  async function post(hub: ListeningHub, claims: Omit<TokenClaims, "subject"> | null, viaApollo: boolean) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (claims) {
      const withAssociation = claims.role === Role.PARTNER ? { ...claims, association: piloting } : claims;
      headers.authorization = `Bearer ${await mintToken(SECRET, { subject: "test", ...withAssociation })}`;
    }
    // `extensions`: the compiled-read route passes the request on, so Apollo's executor answers it.
    const body = { query: DOCUMENT, variables: { ref: reference }, ...(viaApollo ? { extensions: {} } : {}) };
    const response = await fetch(`${hub.origin}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });
    return { text: await response.text(), statements: Number(response.headers.get("x-sql-statements")) };
  }

  it.each([
    ["national staff first", callers],
    ["national staff last", [...callers].reverse()],
  ])("answers every caller as the resolvers do (%s), in one statement for those who read every restricted field", async (_o, order) => {
    for (const viaApollo of [false, true]) {
      for (const [caller, claims] of order) {
        const expected = await post(resolversOnly, claims, viaApollo);
        const answer = await post(compiled, claims, viaApollo);
        expect({ caller, viaApollo, answer: sorted(answer.text) }).toEqual({ caller, viaApollo, answer: sorted(expected.text) });
        const readsAll = claims !== null && (claims.role === Role.ADMIN || (claims.role === Role.ANALYST && !claims.departments));
        expect({ caller, viaApollo, oneStatement: answer.statements === 1 }).toEqual({ caller, viaApollo, oneStatement: readsAll });
      }
    }
  });

  it("reads the values for those who may, and refuses or hides them for the others", async () => {
    const national = JSON.parse((await post(compiled, { role: Role.ANALYST }, false)).text);
    const text = JSON.stringify(national.data);
    for (const value of ["Note interne de la CTG", '"budget":2000', "contact@association.example", "(réservé)", '"planned":12000'])
      expect({ value, read: text.includes(value) }).toEqual({ value, read: true });
    const other = JSON.parse((await post(compiled, { role: Role.ANALYST, departments: ["10"] }, false)).text);
    expect(other.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain("FORBIDDEN");
    expect(JSON.stringify(other)).not.toContain("Note interne de la CTG");
    expect(JSON.stringify(other)).not.toContain("(réservé)");
    const partner = JSON.parse((await post(compiled, { role: Role.PARTNER, association: 0 }, false)).text);
    expect(JSON.stringify(partner)).toContain('"budget":1000');
    expect(JSON.stringify(partner)).not.toContain('"budget":2000');
  });
});
