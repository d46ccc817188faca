import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

describe("HTTP server", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  let base: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
    base = listening.origin;
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
    fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });

  it("answers GraphQL over HTTP", async () => {
    const response = await post({ query: `{ commune(code: "97213") { name department { name } } }` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { commune: { name: "Le Lamentin", department: { name: "Martinique" } } } });
    // the data version (the response cache's key), then the whole answer in one statement (compiled read)
    expect(response.headers.get("x-sql-statements")).toBe("2");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves a health check", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is ready when the database answers and migrations are applied", async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("refuses a body over the limit with 413", async () => {
    const response = await post({ query: `{ commune(code: "52250") { name } }`, padding: "x".repeat(1_100_000) });
    expect(response.status).toBe(413);
  });

  it("keeps Apollo's CSRF prevention: a simple GET without a preflight header is refused", async () => {
    const response = await fetch(`${base}/graphql?query=${encodeURIComponent('{ commune(code: "52250") { name } }')}`);
    expect(response.status).toBe(400);
  });
});
