import { ApolloServer } from "@apollo/server";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { DocumentNode } from "graphql";
import { tokenConfig } from "../../src/auth/tokens";
import { responseCacheConfig } from "../../src/config";
import { withQueryTally } from "../../src/db/query-log";
import { buildHubSchema, sqlTypes } from "../../src/server/schema";
import { DEFAULT_QUERY_LIMITS, queryLimitRules } from "../../src/graph/limits";
import { SqlReader } from "../../src/graph/sql-reader";
import { compiledReadRoute, readRequestOf } from "../../src/server/compiled-read-route";
import { createLogger } from "../../src/common/logger";
import { createFormatError } from "../../src/http/format-error";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The compiled-read route (src/server/compiled-read-route.ts) answers plain compiled reads without running
 * Apollo's pipeline, on documents Apollo validated. Three things must hold: what it answers is byte for byte what
 * Apollo answers (body, status, content type, statement count), it answers only documents found in Apollo's document
 * store (under Apollo's own key), and whatever it is not sure of goes on to Apollo untouched.
 */
const QUIET_LOGGER = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe("compiled-read route", () => {
  let db: TestDatabase;
  let hub: ListeningHub;
  /** The route alone, in front of a handler answering 418: tells what the route answers from what it passes on. */
  let routeOnly: { server: Server; origin: string };
  /** The route's log lines. */
  const logLines: string[] = [];
  /** An Apollo server sharing the route-only app's document store: what it validated, the route may answer. */
  let apollo: ApolloServer;
  const validatedByApollo = async (body: { query: string; variables?: Record<string, unknown>; operationName?: string }) => {
    // Parsed, validated and stored by Apollo; executing without the hub's context fails, which does not matter here.
    await apollo.executeOperation(body).catch(() => undefined);
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    hub = await listenHub(db.dataSource, { cache: { ...responseCacheConfig({}), enabled: false }, compiledReads: true });
    const schema = await buildHubSchema();
    const documentStore = new InMemoryLRUCache<DocumentNode>();
    apollo = new ApolloServer({ schema, documentStore, validationRules: queryLimitRules(DEFAULT_QUERY_LIMITS), logger: QUIET_LOGGER });
    await apollo.start();
    const app = express();
    app.use(
      (_req, _res, next) => withQueryTally(next),
      express.json(),
      compiledReadRoute({
        schema,
        reader: new SqlReader(schema, sqlTypes),
        documentStore,
        tokens: tokenConfig({}),
        dataSource: db.dataSource,
        log: createLogger("info", { write: (line: string) => void logLines.push(line) }),
        formatError: createFormatError({ error: () => undefined }),
      }),
      (_req, res) => void res.status(418).send("passed on"),
    );
    const server = app.listen(0, "127.0.0.1");
    await once(server, "listening");
    routeOnly = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  });
  afterAll(async () => {
    await new Promise((resolve) => routeOnly.server.close(resolve));
    await apollo.stop();
    await hub.close();
    await db.close();
  });

  const post = (origin: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${origin}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  const documents: Array<[string, { query: string; variables?: Record<string, unknown>; operationName?: string }]> = [
    [
      "a lookup with nested lists",
      {
        query: `{ department(code: "972") { code name communes(first: 3) { totalCount edges { cursor node { code name population } } } } }`,
      },
    ],
    [
      "a root connection with variables",
      {
        query: `query ($d: String!, $n: Int) { communes(first: $n, filter: { department: $d }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code name intercommunality { siren name } } } } }`,
        variables: { d: "52", n: 25 },
      },
    ],
    [
      "a named operation among several, with fragments and aliases",
      {
        query: `query A { x: department(code: "66") { ...D } } query B { y: department(code: "52") { ...D conventions(first: 5) { edges { node { reference status } } } } } fragment D on Department { code name }`,
        operationName: "B",
      },
    ],
    ["an unknown key (null)", { query: `{ commune(code: "99999") { name } }` }],
  ];

  it.each(documents)("answers %s as Apollo does, byte for byte", async (_label, body) => {
    const routed = await post(hub.origin, body);
    // `extensions` present: the route passes the request on, so Apollo answers it.
    const apollo = await post(hub.origin, { ...body, extensions: {} });
    const answer = await routed.text();
    expect(answer).toBe(await apollo.text());
    expect(JSON.parse(answer).errors).toBeUndefined();
    for (const header of ["content-type", "x-sql-statements"])
      expect([header, routed.headers.get(header)]).toEqual([header, apollo.headers.get(header)]);
    expect(routed.status).toBe(200);
    expect(routed.headers.get("x-sql-statements")).toBe("1");
    expect(routed.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // …and the route did answer it, once Apollo had validated the document.
    await validatedByApollo(body);
    expect((await post(routeOnly.origin, body)).status).toBe(200);
  });

  it("logs one line per request, as Apollo's requests are logged", async () => {
    const body = { query: `query Lookup { department(code: "972") { name } }` };
    await validatedByApollo(body);
    logLines.length = 0;
    await post(routeOnly.origin, body, { "x-request-id": "trace-7" });
    expect(logLines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        msg: "graphql request",
        requestId: "trace-7",
        operation: "Lookup",
        sqlStatements: 1,
        viewer: "ANONYMOUS",
      }),
    ]);
  });

  it("keeps the caller's x-request-id", async () => {
    const response = await post(hub.origin, documents[0][1], { "x-request-id": "trace-42" });
    expect(response.headers.get("x-request-id")).toBe("trace-42");
  });

  // Every row has its headers ({} for none): jest would take a missing last argument for a `done` callback.
  it.each<[string, unknown, Record<string, string>]>([
    ["a mutation", { query: `mutation { __typename }` }, {}],
    ["a document that does not parse", { query: `{ department(code: "972") { name }` }, {}],
    ["a document that does not validate", { query: `{ department(code: "972") { nope } }` }, {}],
    ["an unknown operation name", { query: `query A { department(code: "972") { name } }`, operationName: "B" }, {}],
    ["variables of the wrong type", { query: `query ($n: Int) { communes(first: $n) { totalCount } }`, variables: { n: "ten" } }, {}],
    ["a refused argument (page over the bound)", { query: `{ communes(first: 100000) { totalCount } }` }, {}],
    ["a field without SQL (analytics)", { query: `{ departmentCoverage(code: "972", asOf: "2025-06-30") { communeCount } }` }, {}],
    ["a restricted field", { query: `{ convention(reference: "CTG-972-2024-97213") { internalNotes } }` }, {}],
    [
      "a persisted query",
      { query: `{ department(code: "972") { name } }`, extensions: { persistedQuery: { version: 1, sha256Hash: "0" } } },
      {},
    ],
    [
      "a request for the GraphQL response media type",
      { query: `{ department(code: "972") { name } }` },
      { accept: "application/graphql-response+json" },
    ],
  ])("passes %s on to Apollo", async (_label, body, headers) => {
    await validatedByApollo(body as { query: string });
    expect((await post(routeOnly.origin, body, headers)).status).toBe(418);
  });

  it("passes on a document Apollo has not validated, and answers it once Apollo has", async () => {
    const body = { query: `{ department(code: "971") { code name } }` };
    expect((await post(routeOnly.origin, body)).status).toBe(418);
    await validatedByApollo(body);
    expect((await post(routeOnly.origin, body)).status).toBe(200);
  });

  it("passes GET requests on", async () => {
    const response = await fetch(`${routeOnly.origin}/graphql?query=${encodeURIComponent(`{ department(code: "972") { name } }`)}`);
    expect(response.status).toBe(418);
  });

  it("leaves the same errors to Apollo as before", async () => {
    const response = await post(hub.origin, { query: `query ($n: Int) { communes(first: $n) { totalCount } }`, variables: { n: 100000 } });
    const answer = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(answer.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("reads only plain GraphQL bodies", () => {
    expect(readRequestOf({ query: "{ a }" })).toEqual({ query: "{ a }", operationName: undefined, variables: {} });
    expect(readRequestOf({ query: "{ a }", operationName: null, variables: null, extensions: null })).toEqual({
      query: "{ a }",
      operationName: undefined,
      variables: {},
    });
    for (const body of [
      null,
      [],
      "{ a }",
      { query: "" },
      { query: 1 },
      { query: "{ a }", variables: [] },
      { query: "{ a }", operationName: 2 },
      { query: "{ a }", extensions: {} },
    ]) {
      expect([body, readRequestOf(body)]).toEqual([body, null]);
    }
  });

  it("takes only requests Apollo would answer as application/json", async () => {
    const body = { query: `{ department(code: "972") { code } }` };
    await validatedByApollo(body);
    const statusFor = async (accept: string) => (await post(routeOnly.origin, body, { accept })).status;
    for (const accept of ["*/*", "application/json", "application/json, text/plain, */*", "text/html,application/*;q=0.9"]) {
      expect([accept, await statusFor(accept)]).toEqual([accept, 200]);
    }
    for (const accept of [
      "application/graphql-response+json",
      "application/json;q=0.5, application/graphql-response+json",
      "text/html",
      "application/json;q=0",
      "application/json; charset=latin1",
      "application/json; callbackSpec=1.0",
    ]) {
      expect([accept, await statusFor(accept)]).toEqual([accept, 418]);
    }
  });
});
