import { rawJson, stringifyWithRaw } from "../../src/graphql/raw-json";
import { sqlJson } from "../../src/graphql/sql-read";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Compiled reads write their JSON as text (src/graphql/sql-read.ts sqlJson), which the compiled-read
 * route sends as it comes (src/graphql/raw-json.ts). Whatever PostgreSQL writes, what is sent must be
 * what JSON.stringify writes of the parsed value: byte for byte, on PGlite and PostgreSQL.
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
  const sent = (text: string) => stringifyWithRaw(rawJson(text));

  // Values PostgreSQL writes as JSON.stringify does: sent as they are. (Typed: to_json refuses an untyped literal.)
  it.each([
    [`E'quote " back\\\\slash / \\b \\f \\n \\r \\t \\x01 \\x1f \\x7f é 🙂 \\u2028 \\u2029'::text`],
    [`''::text`],
    [`0`], [`-12`], [`2147483647`], [`900719925474099::bigint`],
    [`true`], [`false`], [`NULL::text`],
    [`'2025-06-30'::date`],
    [`ARRAY['a,b', '"q"', NULL, 'back\\slash']::text[]`], [`'{}'::int[]`], [`ARRAY[1, -2]`],
  ])("writes %s as JSON.stringify does", async (value) => {
    const text = await textOf(sqlJson.value(value));
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expect(sent(text)).toBe(text);
  });

  // Number forms JSON.stringify writes otherwise: written again.
  it.each([
    [`1.50::numeric`], [`100::numeric(6,2)`], [`1e-5::float8`], [`0.1::float8`], [`1e21::float8`], [`'-0'::float8`],
    [`'NaN'::float8`], [`'Infinity'::float8`], [`9007199254740993::bigint`], [`ARRAY[1.5, 2.25]::numeric[]`],
  ])("sends %s as JSON.stringify writes it", async (value) => {
    const text = await textOf(sqlJson.value(value));
    expect(sent(text)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it("writes objects and lists compactly, keys in order, nulls as null", async () => {
    const object = sqlJson.object([
      ["b", sqlJson.value("1")], ["a", sqlJson.string("Type")], ["nothing", sqlJson.orNull("(SELECT 'x' WHERE false)")],
      ["empty", sqlJson.object([])],
      ["list", `(SELECT ${sqlJson.array(sqlJson.value("n"), " ORDER BY n DESC")} FROM generate_series(1, 3) n)`],
      ["none", `(SELECT ${sqlJson.array(sqlJson.value("n"), "")} FROM generate_series(1, 0) n)`],
      ["even", `(SELECT ${sqlJson.array(sqlJson.value("n"), "", " FILTER (WHERE n % 2 = 0)")} FROM generate_series(1, 5) n)`],
    ]);
    const text = await textOf(object);
    expect(text).toBe(`{"b":1,"a":"Type","nothing":null,"empty":{},"list":[3,2,1],"none":[],"even":[2,4]}`);
    expect(sent(text)).toBe(text);
  });

  it("writes an object of more keys than a function takes arguments", async () => {
    const pairs = Array.from({ length: 60 }, (_, i) => [`k${i}`, sqlJson.value(String(i))] as const);
    const text = await textOf(sqlJson.object(pairs));
    expect(JSON.parse(text)).toEqual(Object.fromEntries(pairs.map(([key], i) => [key, i])));
    expect(sent(text)).toBe(text);
  });
});
