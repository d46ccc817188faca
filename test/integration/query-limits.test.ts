import { DeadlineExceededError, withQueryTally } from "../../src/db/query-log";
import { DEFAULT_QUERY_LIMITS } from "../../src/graph/limits";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Each limit: just under passes, just over is refused, with a message naming it and before any SQL. */
describe("query limits", () => {
  let db: TestDatabase;
  let listening: ListeningHub;
  let base: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    listening = await listenHub(db.dataSource);
    base = `${listening.origin}/graphql`;
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  const post = async (query: string, url = base) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    return {
      status: response.status,
      statements: Number(response.headers.get("x-sql-statements")),
      body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> },
    };
  };
  /** Refused with a message naming the limit, and no SQL sent (the hub's own count, in `x-sql-statements`). */
  const refusedFor = async (query: string, pattern: RegExp) => {
    const { body, statements } = await post(query);
    expect(body.errors?.[0].message).toMatch(pattern);
    expect(statements).toBe(0);
  };

  /** A query nested `levels` deep through predecessor links (each level adds one). */
  const nested = (levels: number) =>
    `{ convention(reference: "CTG-52-2023-200044253") { ${"predecessor { ".repeat(levels - 2)}id${" }".repeat(levels - 2)} } }`;

  it("limits depth", async () => {
    const max = DEFAULT_QUERY_LIMITS.maxDepth;
    expect((await post(nested(max))).body.errors).toBeUndefined();
    await refusedFor(nested(max + 1), new RegExp(`profondeur ${max + 1}, limite ${max}`));
  });

  it("lets the deepest dashboard query and introspection through", async () => {
    const dashboard = `{ department(code: "52") { communes(first: 50) { edges { node { code intercommunality { name }
      conventions { reference status actions(first: 20) { edges { node { title partners { role association { name } } } } } } } } } } }`;
    expect((await post(dashboard)).body.errors).toBeUndefined();
    const main = `{ communes(first: 500, filter: { department: "52" }) { edges { node { code name population
      intercommunality { siren name } conventions { reference status } } } } }`;
    expect((await post(main)).body.errors).toBeUndefined();
    const introspection = `{ __schema { types { name fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }`;
    expect((await post(introspection)).body.errors).toBeUndefined();
  });

  it("limits aliases", async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: commune(code: "52250") { name }`).join(" ")} }`;
    expect((await post(aliases(DEFAULT_QUERY_LIMITS.maxAliases))).body.errors).toBeUndefined();
    await refusedFor(aliases(DEFAULT_QUERY_LIMITS.maxAliases + 1), /alias/);
  });

  it("limits directives", async () => {
    const directives = (n: number) => `{ commune(code: "52250") { ${"... @include(if: true) { name } ".repeat(n)} } }`;
    expect((await post(directives(DEFAULT_QUERY_LIMITS.maxDirectives))).body.errors).toBeUndefined();
    await refusedFor(directives(DEFAULT_QUERY_LIMITS.maxDirectives + 1), /directives/);
  });

  it("limits tokens", async () => {
    // Nine aliased lists of themes: 2 tokens around them, 16 around each list, one token per theme.
    const themes = (perList: number) =>
      `{ ${Array.from({ length: 9 }, (_, i) => `a${i}: conventions(filter: { themes: [${"YOUTH ".repeat(perList)}] }) { totalCount }`).join(
        " ",
      )} }`;
    const perList = Math.floor((DEFAULT_QUERY_LIMITS.maxTokens - 2) / 9) - 16;
    expect((await post(themes(perList))).body.errors).toBeUndefined();
    await refusedFor(themes(perList + 1), /1000 tokens/);
  });

  it("limits cost, counting list sizes", async () => {
    const query = (first: number) => `{ communes(first: 500) { edges { node { code conventions { reference
      actions(first: ${first}) { edges { node { title partners { role } } } } } } } } }`;
    expect((await post(query(1))).body.errors).toBeUndefined();
    await refusedFor(query(50), new RegExp(`coût estimé \\d+, limite ${DEFAULT_QUERY_LIMITS.maxCost}`));
  });

  it("refuses a batch of operations", async () => {
    const response = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ sources { code } }" }, { query: "{ sources { code } }" }]),
    });
    expect(response.status).toBe(400);
  });

  it("never sends a stack trace", async () => {
    const { body } = await post(`{ commune(code: 1) { name } }`);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace/);
  });

  describe("request deadline", () => {
    it("starts no statement once a request's budget is spent", async () => {
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const outcome = await withQueryTally(async () => {
        const first = await db.dataSource.query("SELECT 1 AS ok");
        await sleep(60);
        const second = await db.dataSource.query("SELECT 2 AS ok").then(
          () => "sent",
          (e: unknown) => e,
        );
        return { first, second };
      }, 50);
      expect(outcome.first).toEqual([{ ok: 1 }]);
      expect(outcome.second).toBeInstanceOf(DeadlineExceededError);
    });

    it("answers REQUEST_TIMEOUT over HTTP when the deadline passes", async () => {
      const hurried = await listenHub(db.dataSource, { limits: { ...DEFAULT_QUERY_LIMITS, requestTimeoutMs: 0 } });
      try {
        const url = `${hurried.origin}/graphql`;
        const { body } = await post(
          `{ department(code: "52") { communes(first: 500) { edges { node { name conventions { reference } } } } } }`,
          url,
        );
        expect(body.errors?.[0].extensions?.code).toBe("REQUEST_TIMEOUT");
        expect(body.errors?.[0].message).toMatch(/temps qui lui est accordé/);
      } finally {
        await hurried.close();
      }
    });
  });
});
