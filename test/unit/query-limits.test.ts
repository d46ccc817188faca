import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  getIntrospectionQuery,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  visit,
} from "graphql";
import { DEFAULT_QUERY_LIMITS, DocumentMeasure, queryLimitRules } from "../../src/graph/limits";
import { isPlainList, listBoundOf } from "../../src/graph/list-bounds";
import { buildHubSchema } from "../../src/server/schema";

/**
 * The limits' arithmetic, without a server: measures grow with the document, not with what its fragments
 * expand to; lists count by their bounds; the hub's own clients stay within the limits.
 */

/** `n` fragments, each spreading the next twice (on `type`); the last selects `leaf`. */
function fanOut(n: number, type = "Query", leaf = "sources { code }"): string {
  const fragments = Array.from(
    { length: n },
    (_, i) => `fragment F${i} on ${type} { ${i === n - 1 ? leaf : `...F${i + 1} ...F${i + 1}`} }`,
  );
  return `query { ...F0 } ${fragments.join(" ")}`;
}

/** Selections written in the document (fields, inline fragments, spreads): what a linear walk visits. */
function selectionsIn(document: DocumentNode): number {
  let count = 0;
  const counted = () => {
    count += 1;
  };
  visit(document, { Field: counted, InlineFragment: counted, FragmentSpread: counted });
  return count;
}

const operationsOf = (document: DocumentNode) =>
  document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe("query limits (measure)", () => {
  let schema: GraphQLSchema;
  const rules = [...specifiedRules, ...queryLimitRules(DEFAULT_QUERY_LIMITS)];
  const errorsOf = (query: string) => validate(schema, parse(query), rules).map((e) => e.message);

  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it("visits each selection of a fragment fan-out once: the work grows with the document, not with 2^n", () => {
    const visits: Record<number, number> = {};
    for (const n of [12, 24, 48]) {
      const document = parse(fanOut(n));
      const measure = new DocumentMeasure(schema, document);
      const [operation] = operationsOf(document);
      const result = measure.operation(operation);
      visits[n] = measure.visits;
      expect(measure.visits).toBe(selectionsIn(document));
      // What the operation expands to is still counted in full, and refused.
      expect(result.fields).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxFields);
    }
    expect(visits[48]).toBeLessThanOrEqual(2 * visits[24] + 2);
    expect(visits[24]).toBeLessThanOrEqual(2 * visits[12] + 2);
  });

  it("refuses fan-outs through fragments, whatever the leaf (introspection included)", () => {
    for (const leaf of ["sources { code }", "__typename"]) {
      for (const n of [11, 24, 48])
        expect(errorsOf(fanOut(n, "Query", leaf)).join(" ")).toMatch(/champs une fois les fragments développés/);
    }
    const nested = `query { convention(reference: "x") { ...C0 } } ${Array.from(
      { length: 30 },
      (_, i) => `fragment C${i} on Convention { id ${i === 29 ? "" : `predecessor { ...C${i + 1} } successor { ...C${i + 1} }`} }`,
    ).join(" ")}`;
    expect(errorsOf(nested).join(" ")).toMatch(/trop profonde/);
  });

  it("counts a plain list by its bound: seven aliased comparisons of every commune with covered communes are refused", () => {
    const comparison = (alias: string) => `${alias}: compareTerritories(department: "62", level: COMMUNE) {
      code conventions { reference coveredCommunes(first: 100) { edges { node { code name population } } } } }`;
    const seven = `{ ${Array.from({ length: 7 }, (_, i) => comparison(`c${i}`)).join(" ")} }`;
    expect(errorsOf(seven).join(" ")).toMatch(/coût estimé \d+, limite 200000/);
    expect(errorsOf(`{ ${comparison("one")} }`).join(" ")).toMatch(/coût estimé/);
    // The same comparison without the nested page is what the dashboard asks: accepted.
    expect(errorsOf(`{ compareTerritories(department: "62", level: COMMUNE) { code conventions { reference } } }`)).toEqual([]);
  });

  it("bounds a list by its arguments: the EPCI level costs less than the commune level, a variable the most", () => {
    const cost = (level: string) => {
      const document = parse(`query ($level: TerritoryLevel!) { compareTerritories(department: "52", level: ${level}) { code name } }`);
      return new DocumentMeasure(schema, document).operation(operationsOf(document)[0]).cost;
    };
    expect(cost("INTERCOMMUNALITY")).toBeLessThan(cost("COMMUNE"));
    expect(cost("$level")).toBe(cost("COMMUNE"));
  });

  it("declares a bound on every plain list of the schema (or lists enum values)", () => {
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__") || type.name.endsWith("Connection")) continue;
      for (const field of Object.values(type.getFields())) {
        if (isPlainList(field) && listBoundOf(field, {}) === undefined) unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it("lets the hub's own clients through: the dashboard's, the explorer's examples and its introspection", () => {
    const publicDir = path.join(__dirname, "../../src/dashboard/public");
    const documents: Record<string, string> = { introspection: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) };
    for (const file of readdirSync(path.join(publicDir, "views"))) {
      const text = readFileSync(path.join(publicDir, "views", file), "utf8");
      for (const match of text.matchAll(/const (\w+_QUERY) = `([^`]*)`/g)) documents[`${file} ${match[1]}`] = match[2];
    }
    const explorer = readFileSync(path.join(publicDir, "explorer.js"), "utf8");
    for (const [i, match] of [...explorer.matchAll(/query: `([^`]*)`/g)].entries()) documents[`explorer ${i}`] = match[1];
    expect(Object.keys(documents).length).toBeGreaterThanOrEqual(10);
    const refused = Object.entries(documents).flatMap(([name, query]) => errorsOf(query).map((message) => `${name}: ${message}`));
    expect(refused).toEqual([]);
  });
});
