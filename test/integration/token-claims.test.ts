import { SignJWT } from "jose";
import { tokenConfig } from "../../src/auth/tokens";
import { responseCacheConfig } from "../../src/config";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const key = new TextEncoder().encode(SECRET);

/** A token signed with the hub's own secret (so only its claims can be wrong), expiring in 10 minutes. */
const signed = (claims: Record<string, unknown>, expires: string | null = "10m") => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("claims-test").setIssuedAt();
  return (expires === null ? jwt : jwt.setExpirationTime(expires)).sign(key);
};

const BAD_TOKENS: Array<[string, Record<string, unknown>, string | null]> = [
  ["departments as a string", { role: "CAF_AGENT", departments: "52" }, "10m"],
  ["departments as numbers", { role: "CAF_AGENT", departments: [52] }, "10m"],
  ["departments as null", { role: "CAF_AGENT", departments: null }, "10m"],
  ["departments as an object", { role: "CAF_AGENT", departments: { 52: true } }, "10m"],
  ["departments as an empty list", { role: "CAF_AGENT", departments: [] }, "10m"],
  ["departments with one bad code", { role: "CAF_AGENT", departments: ["52", "5"] }, "10m"],
  ["association true", { role: "PARTNER", association: true }, "10m"],
  ["association as text", { role: "PARTNER", association: "1" }, "10m"],
  ["an association on an agent", { role: "CAF_AGENT", departments: ["52"], association: 1 }, "10m"],
  ["no expiry", { role: "ADMIN" }, null],
  ["a year of validity", { role: "ADMIN" }, "365d"],
];

/**
 * Over HTTP, with the response cache on (Apollo answers every request) and off (the compiled-read route answers
 * queries first): a token whose claims are malformed gets UNAUTHENTICATED (401) and no data, reads and writes alike.
 */
describe.each([
  ["with the response cache", true],
  ["without the response cache (compiled-read route)", false],
])("tokens with malformed claims over HTTP, %s", (_label, cacheOn) => {
  let db: TestDatabase;
  let hub: ListeningHub;
  beforeAll(async () => {
    db = await openTestDatabase();
    hub = await listenHub(db.dataSource, {
      tokens: tokenConfig({ JWT_SECRET: SECRET }),
      cache: { ...responseCacheConfig({}), enabled: cacheOn },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  const post = async (query: string, variables: Record<string, unknown>, token: string) => {
    const response = await fetch(`${hub.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> },
    };
  };
  const READ = `query ($code: String!) { department(code: $code) { name } }`;
  const WRITE = `mutation ($input: CreateAssociationInput!) { createAssociation(input: $input) { id } }`;
  const associations = async () => (await db.dataSource.query(`SELECT count(*) AS n FROM partner_association`))[0].n;

  it("answers a well-formed agent token (control)", async () => {
    const read = await post(READ, { code: "52" }, await signed({ role: "CAF_AGENT", departments: ["52"] }));
    expect(read).toEqual({ status: 200, body: { data: { department: { name: "Haute-Marne" } } } });
  });

  it.each(BAD_TOKENS)("refuses a read by a token with %s: 401, UNAUTHENTICATED, no data", async (_label, claims, expires) => {
    const { status, body } = await post(READ, { code: "52" }, await signed(claims, expires));
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(body.errors?.[0].message).toMatch(/^Jeton refusé : /);
  });

  it.each(BAD_TOKENS)("refuses a write by a token with %s and writes nothing", async (_label, claims, expires) => {
    const before = await associations();
    const { status, body } = await post(
      WRITE,
      {
        input: {
          name: "Association d'un jeton malformé",
          rna: `W52${Math.random().toString().slice(2, 9)}`,
          communeCode: "52250",
          themes: ["YOUTH"],
        },
      },
      await signed(claims, expires),
    );
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(await associations()).toBe(before);
  });

  it("refuses the export of a token with malformed claims with 401", async () => {
    const response = await fetch(`${hub.origin}/export/compare.json?department=52`, {
      headers: { authorization: `Bearer ${await signed({ role: "ANALYST", departments: "52" })}` },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toMatch(/departments/);
  });
});
