import { parse, type GraphQLSchema } from "graphql";
import { documentMaxAge } from "../../src/graph/cache-policy";
import { buildHubSchema } from "../../src/server/schema";

describe("documentMaxAge", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it("gives a document the default when no type it selects declares a hint", () => {
    const document = parse(`{ convention(reference: "x") { title actions(first: 5) { edges { node { title } } } } }`);
    expect(documentMaxAge(schema, document, 300)).toBe(300);
  });

  it("takes the shortest hint, found through fragments and nested lists", () => {
    const document = parse(`
      query { ...Audit }
      fragment Audit on Query { auditLog(entity: "convention", id: "1") { edges { node { operation } } } }`);
    expect(documentMaxAge(schema, document, 300)).toBe(0);
  });
});
