import { ApolloServer } from "@apollo/server";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { ANONYMOUS } from "../../src/auth/viewer";
import type { HubContext } from "../../src/server/context";
import { LruCache } from "../../src/common/lru-cache";
import { jitGateway, toGraphQLError } from "../../src/graph/executor";
import { buildHubSchema } from "../../src/server/schema";
import { createFormatError } from "../../src/http/format-error";

/** A context without a database: every case below fails or answers before any SQL. */
const context = { viewer: ANONYMOUS, today: "2025-06-30" } as unknown as HubContext;

describe("graphql-jit executor", () => {
  let schema: GraphQLSchema;
  let jit: ApolloServer<HubContext>;
  let interpreter: ApolloServer<HubContext>;

  beforeAll(async () => {
    schema = await buildHubSchema();
    const quiet = { error: () => undefined };
    jit = new ApolloServer<HubContext>({ gateway: jitGateway(schema, quiet), formatError: createFormatError(quiet) });
    interpreter = new ApolloServer<HubContext>({ schema, formatError: createFormatError(quiet) });
    await Promise.all([jit.start(), interpreter.start()]);
  });

  afterAll(async () => {
    await Promise.all([jit.stop(), interpreter.stop()]);
  });

  async function both(query: string, variables?: Record<string, unknown>, operationName?: string) {
    const [a, b] = await Promise.all(
      [interpreter, jit].map((server) => server.executeOperation({ query, variables, operationName }, { contextValue: { ...context } })),
    );
    return { interpreter: { status: a.http.status, body: a.body }, jit: { status: b.http.status, body: b.body } };
  }

  it.each([
    ["a missing required variable", `query ($code: String!) { department(code: $code) { code } }`, {}],
    ["a variable of the wrong type", `query ($code: String!) { department(code: $code) { code } }`, { code: 52 }],
    ["an Int variable that is not one", `query ($f: Int) { communes(first: $f) { totalCount } }`, { f: "x" }],
    [
      "a date variable that is not a date",
      `query ($d: Date) { conventions(first: 1, filter: { asOf: $d }) { totalCount } }`,
      { d: "2025-13-45" },
    ],
    [
      "an unknown enum value in a list variable",
      `query ($s: [ConventionStatus!]) { conventions(first: 1, filter: { status: $s }) { totalCount } }`,
      { s: ["NOPE"] },
    ],
  ])("answers %s as graphql-js does (BAD_USER_INPUT, status 400)", async (_label, query, variables) => {
    const { interpreter: expected, jit: actual } = await both(query, variables);
    expect(actual).toEqual(expected);
    expect(actual.status).toBe(400);
    expect(JSON.stringify(actual.body)).toContain("BAD_USER_INPUT");
  });

  it("reports an unknown or missing operation name as graphql-js does", async () => {
    for (const [query, name] of [
      ["query A { __typename } query B { __typename }", "C"],
      ["query A { __typename } query B { __typename }", undefined],
      ["{ __typename }", "X"],
    ] as const) {
      const { interpreter: expected, jit: actual } = await both(query, undefined, name);
      expect(actual).toEqual(expected);
    }
  });

  it("keeps a resolver's BAD_USER_INPUT and the authorization checks", async () => {
    const badCode = await both(`{ commune(code: "x") { name } }`);
    expect(badCode.jit).toEqual(badCode.interpreter);
    expect(JSON.stringify(badCode.jit.body)).toContain("BAD_USER_INPUT");
    const anonymous = await both(`{ auditLog(entity: "convention", id: "1", first: 1) { totalCount } }`);
    expect(anonymous.jit).toEqual(anonymous.interpreter);
    expect(JSON.stringify(anonymous.jit.body)).toContain("UNAUTHENTICATED");
  });

  it("applies the default of a non-null input field a variable omits (graphql-jit would refuse it)", async () => {
    const create = `mutation ($input: CreateConventionInput!) { createConvention(input: $input) { id } }`;
    const input = {
      reference: "CTG-52-2026-test",
      title: "CTG de test",
      department: "52",
      holderKind: "INTERCOMMUNALITY",
      holderCode: "200044253",
      startsOn: "2026-01-01",
      endsOn: "2030-12-31",
      themes: ["YOUTH"],
    }; // no bonusTerritoire: Boolean! = false
    const { interpreter: expected, jit: actual } = await both(create, { input });
    expect(actual).toEqual(expected);
    expect(JSON.stringify(actual.body)).not.toContain("INTERNAL_SERVER_ERROR");
  });

  it("runs the named operation of a document and reuses its compiled form", async () => {
    const query = "query A { __typename } query B { t: __typename }";
    for (let i = 0; i < 3; i++) {
      const { jit: a } = await both(query, undefined, "A");
      const { jit: b } = await both(query, undefined, "B");
      expect(a.body).toEqual({ kind: "single", singleResult: { data: { __typename: "Query" } } });
      expect(b.body).toEqual({ kind: "single", singleResult: { data: { t: "Query" } } });
    }
  });
});

describe("toGraphQLError", () => {
  it("gives a graphql-jit error the extensions Apollo needs, keeping message, path, locations and cause", () => {
    const cause = new TypeError("boom");
    // graphql-jit's errors: instances of GraphQLError without extensions.
    const jitError = Object.create(GraphQLError.prototype, {
      message: { value: "boom", enumerable: true },
      locations: { value: [{ line: 1, column: 3 }], enumerable: true },
      path: { value: ["commune", "name"], enumerable: true },
      originalError: { value: cause },
      extensions: { value: undefined },
    }) as GraphQLError;
    const fixed = toGraphQLError(jitError);
    expect(fixed).toBeInstanceOf(GraphQLError);
    expect(fixed.extensions).toEqual({});
    expect(fixed.toJSON()).toEqual({ message: "boom", locations: [{ line: 1, column: 3 }], path: ["commune", "name"] });
    expect(fixed.originalError).toBe(cause);
  });

  it("leaves an error that has extensions as it is", () => {
    const error = new GraphQLError("bad", { extensions: { code: "BAD_USER_INPUT" } });
    expect(toGraphQLError(error)).toBe(error);
  });
});

describe("LruCache", () => {
  it("drops the least recently used entry past its capacity", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });
});
