import { GraphQLFloat, GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, getOperationAST, parse } from "graphql";
import { compileRead, sqlJson, type SqlTypes } from "../../src/graph/compile/compiler";
import { SqlReader } from "../../src/graph/sql-reader";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Compiled reads write their JSON as text (src/graph/compile/ sqlJson), which the compiled-read
 * route sends as it comes (src/graph/raw-json.ts) when its leaves allow. What is sent must be what
 * JSON.stringify writes of the parsed value: byte for byte, on PGlite and PostgreSQL.
 */
describe("JSON written in SQL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db.close();
  });

  const textOf = async (sql: string): Promise<string> => {
    const [row] = await db.dataSource.query(`SELECT ${sql} AS t`);
    expect(typeof row.t).toBe("string");
    return row.t as string;
  };
  // Values of the leaf types compiled reads send verbatim: PostgreSQL writes them as JSON.stringify does.
  // (Typed: to_json refuses an untyped literal.)
  it.each([
    [`E'quote " back\\\\slash / \\b \\f \\n \\r \\t \\x01 \\x1f \\x7f é 🙂 \\u2028 \\u2029'::text`],
    [`''::text`],
    [`0`],
    [`-12`],
    [`2147483647`],
    [`true`],
    [`false`],
    [`NULL::text`],
    [`'2025-06-30'::date`],
    [`ARRAY['a,b', '"q"', NULL, 'back\\slash']::text[]`],
    [`'{}'::int[]`],
    [`ARRAY[1, -2]`],
  ])("writes %s as JSON.stringify does", async (value) => {
    const text = await textOf(sqlJson.value(value));
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
  });

  // …and a Float's forms it does not: why a Float leaf's JSON is parsed and written again.
  it.each([[`1.50::numeric`], [`1e-5::float8`], [`'-0'::float8`], [`123456789012345678::float8`]])("writes %s otherwise", async (value) => {
    const text = await textOf(sqlJson.value(value));
    expect(JSON.stringify(JSON.parse(text))).not.toBe(text);
  });

  it("sends a Float leaf as JSON.stringify writes it, other leaves as they came", async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: "Query",
        fields: { share: { type: GraphQLFloat }, count: { type: GraphQLInt }, label: { type: GraphQLString } },
      }),
    });
    const types: SqlTypes = {
      Query: {
        fields: {
          share: { kind: "scalar", sql: () => "1.50::numeric" },
          count: { kind: "scalar", sql: () => "42" },
          label: { kind: "scalar", sql: () => "'é \"x\"'::text" },
        },
      },
    };
    const reader = new SqlReader(schema, () => types);
    const answer = (query: string) => {
      const document = parse(query);
      const operation = getOperationAST(document);
      if (!operation) throw new Error("no operation");
      return reader.answerJson({
        key: query,
        document,
        operation,
        variables: {},
        manager: db.dataSource.manager,
        today: "2025-06-30",
        readsRestricted: false,
      });
    };
    const verbatim = (query: string) => {
      const document = parse(query);
      const compiled = compileRead(schema, () => types, {
        document,
        operation: getOperationAST(document)!,
        variables: {},
        manager: db.dataSource.manager,
        today: "2025-06-30",
        readsRestricted: false,
      });
      return compiled.kind === "sql" && compiled.verbatim;
    };
    expect([verbatim("{ share count }"), verbatim("{ label count }")]).toEqual([false, true]);
    expect(await answer("{ share count label }")).toBe(`{"data":{"share":1.5,"count":42,"label":"é \\"x\\""}}`);
    expect(await answer("{ label count }")).toBe(`{"data":{"label":"é \\"x\\"","count":42}}`);
  });

  it("writes objects and lists compactly, keys in order, nulls as null", async () => {
    const object = sqlJson.object([
      ["b", sqlJson.value("1")],
      ["a", sqlJson.string("Type")],
      ["nothing", sqlJson.orNull("(SELECT 'x' WHERE false)")],
      ["empty", sqlJson.object([])],
      ["list", `(SELECT ${sqlJson.array(sqlJson.value("n"), " ORDER BY n DESC")} FROM generate_series(1, 3) n)`],
      ["none", `(SELECT ${sqlJson.array(sqlJson.value("n"), "")} FROM generate_series(1, 0) n)`],
      ["even", `(SELECT ${sqlJson.array(sqlJson.value("n"), "", " FILTER (WHERE n % 2 = 0)")} FROM generate_series(1, 5) n)`],
    ]);
    const text = await textOf(object);
    expect(text).toBe(`{"b":1,"a":"Type","nothing":null,"empty":{},"list":[3,2,1],"none":[],"even":[2,4]}`);
  });

  it("writes an object of more keys than a function takes arguments", async () => {
    const pairs = Array.from({ length: 60 }, (_, i) => [`k${i}`, sqlJson.value(String(i))] as const);
    const text = await textOf(sqlJson.object(pairs));
    expect(JSON.parse(text)).toEqual(Object.fromEntries(pairs.map(([key], i) => [key, i])));
  });
});
