import { RawJson, rewrittenJson, stringifyWithRaw } from "../../src/graph/raw-json";

/** The compiled-read route writes compiled JSON as it came (src/graph/raw-json.ts): its bytes must be JSON.stringify's. */
describe("raw JSON", () => {
  const values: unknown[] = [
    null,
    true,
    0,
    -12,
    'text "quoted" \\ \n \u0001 é 🙂 \u2028',
    [],
    {},
    [1, [2, [3]], null, "x"],
    { a: 1, b: { c: [true, false, null] }, 'odd key "': "v", __proto__: null },
    JSON.parse('{"__proto__":"an own key","x":[{}]}'),
  ];

  it.each(values.map((value) => [value]))("writes %j as JSON.stringify does, raw or not", (value) => {
    expect(stringifyWithRaw(value)).toBe(JSON.stringify(value));
    expect(stringifyWithRaw(new RawJson(JSON.stringify(value)))).toBe(JSON.stringify(value));
    expect(stringifyWithRaw({ data: { edges: [{ cursor: "c1", node: new RawJson(JSON.stringify(value)) }] } })).toBe(
      JSON.stringify({ data: { edges: [{ cursor: "c1", node: value }] } }),
    );
  });

  it("leaves out undefined members and writes undefined elements as null, as JSON.stringify does", () => {
    const value = { a: undefined, b: [undefined, 1] };
    expect(stringifyWithRaw(value)).toBe(JSON.stringify(value));
  });

  it.each([
    ['{"budget":1234.50}', '{"budget":1234.5}'],
    ['{"share":1e-05}', '{"share":0.00001}'],
    ['{"zero":-0,"list":[1.0]}', '{"zero":0,"list":[1]}'],
  ])("writes %s again as JSON.stringify would: %s", (text, expected) => {
    expect(rewrittenJson(text).text).toBe(expected);
  });
});
