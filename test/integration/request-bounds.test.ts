import { responseCacheConfig, type DatabaseConfig } from "../../src/config";
import { createDataSource } from "../../src/server/database";
import { DEFAULT_QUERY_LIMITS } from "../../src/graph/limits";
import type { HubServerOptions } from "../../src/server/app";
import { listenHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

interface Answer {
  status: number;
  statements: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** A département's communes with their conventions: one compiled statement, three or more through the resolvers. */
const COMMUNES = `{ department(code: "52") { communes(first: 500) { edges { node { code name conventions { reference } } } } } }`;

/** What a request may do past its deadline (nothing) and how large its answer may grow. */
describe("request deadline and response size", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  /** Posts `query` to a hub made with `options`, counting the statements TypeORM was asked to send (sent or refused). */
  async function ask(
    query: string,
    options: Partial<HubServerOptions>,
    dataSource = db.dataSource,
  ): Promise<Answer & { attempts: number }> {
    const hub = await listenHub(dataSource, options);
    const logger = dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    let attempts = 0;
    logger.logQuery = (...args: Parameters<typeof logQuery>) => {
      attempts += 1;
      logQuery(...args);
    };
    try {
      const response = await fetch(`${hub.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as Answer["body"];
      return { status: response.status, statements: Number(response.headers.get("x-sql-statements")), body, attempts };
    } finally {
      logger.logQuery = logQuery;
      await hub.close();
    }
  }

  const cache = (enabled: boolean) => ({ ...responseCacheConfig({}), enabled });
  const codesOf = (answer: Answer) => answer.body.errors?.map((e) => e.extensions?.code);

  it.each([
    ["off", false],
    ["on", true],
  ])("starts nothing once the deadline has passed (response cache %s)", async (_label, enabled) => {
    const answer = await ask(COMMUNES, {
      cache: cache(enabled),
      compiledReads: true,
      limits: { ...DEFAULT_QUERY_LIMITS, requestTimeoutMs: 0 },
    });
    expect(codesOf(answer)).toEqual(["REQUEST_TIMEOUT"]);
    expect(answer.body.errors?.[0].message).toMatch(/temps qui lui est accordé/);
    expect(answer.statements).toBe(0);
    // With the cache on, its version read was tried (and refused): the cache does without it. Nothing else was tried.
    expect(answer.attempts).toBe(enabled ? 1 : 0);
  });

  it("does not retry with the resolvers a compiled read PostgreSQL cancelled (statement_timeout)", async () => {
    if (db.config.kind !== "postgres") return; // PGlite enforces no statement_timeout
    const config: DatabaseConfig = {
      ...db.config,
      timeouts: { connectMs: 5_000, statementMs: 1, lockMs: 5_000, idleInTransactionMs: 30_000 },
    };
    const hurried = await createDataSource(config, { logErrors: false }).initialize();
    try {
      const heavy = `{ communes(first: 500) { edges { node { code name population intercommunality { name }
        conventions { reference status actions(first: 50) { totalCount } } } } } }`;
      for (const enabled of [false, true]) {
        const answer = await ask(heavy, { cache: cache(enabled), compiledReads: true }, hurried);
        expect(codesOf(answer)).toEqual(["REQUEST_TIMEOUT"]);
        // The data version (cache on) and the compiled read: no second try, no resolver.
        expect(answer.attempts).toBe(enabled ? 2 : 1);
      }
    } finally {
      await hurried.destroy();
    }
  });

  it.each([
    ["compiled read, cache off (the route answers)", { compiledReads: true, enabled: false }],
    ["compiled read, cache on (Apollo answers)", { compiledReads: true, enabled: true }],
    ["resolvers", { compiledReads: false, enabled: false }],
  ])("answers RESPONSE_TOO_LARGE past the response-size bound: %s", async (_label, { compiledReads, enabled }) => {
    const options = { cache: cache(enabled), compiledReads, limits: { ...DEFAULT_QUERY_LIMITS, maxResponseBytes: 20_000 } };
    const large = await ask(COMMUNES, options);
    expect(codesOf(large)).toEqual(["RESPONSE_TOO_LARGE"]);
    expect(large.body.errors?.[0].message).toMatch(/Réponse trop volumineuse : plus de 20 ko/);
    expect(large.body.data).toBeNull();
    expect(large.status).toBe(200);
    const small = await ask(`{ commune(code: "52250") { name conventions { reference } } }`, options);
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data).toEqual({ commune: { name: "Joinville", conventions: [{ reference: "CTG-52-2023-200044253" }] } });
  });
});
