import { sqlLiteral, withLiterals } from "../../src/db/sql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Compiled reads write their values into the statement (src/db/sql.ts withLiterals). A literal must
 * read back exactly as the same value sent as a parameter, whatever it contains.
 */
describe("SQL literals", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await db.close();
  });

  const cases: Array<[string, unknown]> = [
    ["text", "plain"],
    ["text", "it's \"quoted\" and back\\slashed \\' ; -- $1 é 🙂"],
    ["text", ""],
    ["int", 42],
    ["int", -7],
    ["float8", 0.1],
    ["bool", true],
    ["bool", false],
    ["date", "2025-06-30"],
    ["text[]", ["YOUTH", "a,b", "{braces}", 'quote"d', "back\\slash", "it's", "", " spaced "]],
    ["text[]", ["x", null]],
    ["int[]", [1, 2, 3]],
    ["text[]", []],
    ["text", null],
  ];

  it.each(cases)("reads a %s literal back as its parameter (%j)", async (type, value) => {
    const literal = sqlLiteral(value);
    expect(literal).not.toBeNull();
    const [fromLiteral] = await db.dataSource.query(`SELECT ${literal}::${type} AS v`);
    const [fromParam] = await db.dataSource.query(`SELECT $1::${type} AS v`, [value]);
    expect(fromLiteral.v).toEqual(fromParam.v);
  });

  it("replaces every placeholder, $10 as well as $1", () => {
    const params = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(withLiterals("SELECT $1, $10, $2", params)).toBe("SELECT 'v1', 'v10', 'v2'");
  });

  it("keeps parameters it cannot write as literals", () => {
    expect(sqlLiteral({ a: 1 })).toBeNull();
    expect(sqlLiteral([[1]])).toBeNull();
    expect(withLiterals("SELECT $1", [new Date(0)])).toBeNull();
  });
});
