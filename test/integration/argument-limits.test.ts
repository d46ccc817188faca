import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { responseCacheConfig } from "../../src/config";
import { MAX_LIST_ARGUMENT_LENGTH, MAX_TEXT_ARGUMENT_LENGTH } from "../../src/graph/argument-limits";
import { buildHubSchema } from "../../src/server/schema";
import { listenHub, type ListeningHub } from "../helpers/hub-http";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

interface Answer {
  status: number;
  statements: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; argument?: string } }> };
}

/** A literal of `type` that passes graphql-js's own checks (what the hub does with it is the resolvers' business). */
function literalOf(type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].name;
  if (isInputObjectType(named)) return "{}";
  if (named.name === "Date") return `"2025-06-30"`;
  if (named.name === "Int" || named.name === "Float") return "1";
  if (named.name === "Boolean") return "true";
  return `"52"`;
}

/** Every text or number a root query field takes, as the argument path and a document putting `value` there. */
function argumentPositions(schema: GraphQLSchema, kind: "text" | "number"): Array<{ path: string; document: (value: string) => string }> {
  const positions: Array<{ path: string; document: (value: string) => string }> = [];
  const wanted = (type: GraphQLInputType) => {
    const named = getNamedType(type);
    if (!isScalarType(named)) return false;
    return kind === "text" ? named.name === "String" || named.name === "ID" : named.name === "Int" || named.name === "Float";
  };
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {}) as Array<GraphQLField<unknown, unknown>>) {
    const required = (except: GraphQLArgument) =>
      field.args.filter((a) => a !== except && isNonNullType(a.type)).map((a) => `${a.name}: ${literalOf(a.type)}`);
    const call = (args: string[]) => `{ ${field.name}(${args.join(", ")}) { __typename } }`;
    for (const argument of field.args) {
      const list = isListType(getNullableType(argument.type));
      if (wanted(argument.type)) {
        positions.push({
          path: argument.name,
          document: (value) => call([...required(argument), `${argument.name}: ${list ? `[${value}]` : value}`]),
        });
      }
      const input = getNamedType(argument.type);
      if (!isInputObjectType(input)) continue;
      for (const member of Object.values(input.getFields())) {
        if (!wanted(member.type)) continue;
        const inner = isListType(getNullableType(member.type));
        positions.push({
          path: `${argument.name}.${member.name}`,
          document: (value) => call([...required(argument), `${argument.name}: { ${member.name}: ${inner ? `[${value}]` : value} }`]),
        });
      }
    }
  }
  return positions;
}

/** Arguments of queries are bounded before any SQL: texts, lists, control characters, numbers out of range. */
describe.each([
  ["on", true],
  ["off", false],
])("query arguments (response cache %s)", (_label, cacheEnabled) => {
  let db: TestDatabase;
  let listening: ListeningHub;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    db = await openTestDatabase();
    schema = await buildHubSchema();
    listening = await listenHub(db.dataSource, { cache: { ...responseCacheConfig({}), enabled: cacheEnabled } });
  });
  afterAll(async () => {
    await listening.close();
    await db.close();
  });

  const post = async (query: string, variables?: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(`${listening.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      statements: Number(response.headers.get("x-sql-statements")),
      body: (await response.json()) as Answer["body"],
    };
  };

  const expectRefused = (answer: Answer, argument: string, message: RegExp) => {
    expect(answer.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(answer.body.errors?.[0].message).toMatch(message);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.statements).toBe(0);
  };

  it("refuses a 300 kB search given as a variable or written in the query, before any SQL", async () => {
    const search = "saint ".repeat(50_000);
    const byVariable = await post(`query ($s: String) { communes(first: 10, filter: { search: $s }) { totalCount } }`, { s: search });
    expectRefused(byVariable, "filter.search", /texte trop long \(300000 caractères, au plus 200\)/);
    const literal = await post(`{ conventions(filter: { search: "${"a".repeat(MAX_TEXT_ARGUMENT_LENGTH + 1)}" }) { totalCount } }`);
    expectRefused(literal, "filter.search", /texte trop long/);
    const inFragment = await post(
      `query ($s: String) { ...F ...F } fragment F on Query { actions(filter: { search: $s }) { totalCount } }`,
      { s: search },
    );
    expectRefused(inFragment, "filter.search", /texte trop long/);
    // A search of the allowed length runs.
    const fine = await post(`query ($s: String) { communes(first: 1, filter: { search: $s }) { totalCount } }`, {
      s: "a".repeat(MAX_TEXT_ARGUMENT_LENGTH),
    });
    expect(fine.body.errors).toBeUndefined();
  });

  it("bounds every text argument of every query, and lets a cursor be longer", async () => {
    const positions = argumentPositions(schema, "text");
    expect(positions.length).toBeGreaterThan(30);
    for (const { path, document } of positions) {
      const bound = path.endsWith("after") || path.endsWith("before") ? 1_000 : MAX_TEXT_ARGUMENT_LENGTH;
      const answer = await post(document(`"${"9".repeat(bound + 1)}"`));
      expect({ path, ...answer.body.errors?.[0].extensions }).toMatchObject({ path, code: "BAD_USER_INPUT", argument: path });
      expect(answer.statements).toBe(0);
    }
  });

  it("refuses control characters and over-long lists", async () => {
    const nul = await post(`query ($s: String!) { convention(reference: $s) { id } }`, { s: "CTG\u0000-52" });
    expectRefused(nul, "reference", /caractère de contrôle/);
    const themes = Array.from({ length: MAX_LIST_ARGUMENT_LENGTH + 1 }, () => "YOUTH");
    const list = await post(`query ($t: [Theme!]) { conventions(filter: { themes: $t }) { totalCount } }`, { t: themes });
    expectRefused(list, "filter.themes", /liste trop longue \(101 éléments, au plus 100\)/);
  });

  it("answers extreme numbers given to every number argument of a query as bad input, never a server error", async () => {
    const positions = argumentPositions(schema, "number");
    expect(positions.length).toBeGreaterThan(10);
    for (const { path, document } of positions) {
      for (const value of ["1e308", "1e20", "-1e20", "2147483648", "-2147483649", "1.5", "2147483647", "-2147483648"]) {
        const answer = await post(document(value));
        const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
        expect({ path, value, status: answer.status < 500, internal: codes.includes("INTERNAL_SERVER_ERROR") }).toEqual({
          path,
          value,
          status: true,
          internal: false,
        });
      }
    }
    const variable = await post(`query ($n: Int) { communes(first: $n) { totalCount } }`, { n: 1e20 });
    expect(variable.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
