import { readFileSync } from "node:fs";
import path from "node:path";
import { getIntrospectionQuery, graphqlSync } from "graphql";
import { buildHubSchema, printHubSchema } from "../../src/server/schema";

describe("schema/schema.graphql", () => {
  it("is the SDL the code emits (run `npm run schema:emit` after changing the API)", async () => {
    const committed = readFileSync(path.join(__dirname, "../../schema/schema.graphql"), "utf8");
    expect(printHubSchema(await buildHubSchema())).toBe(committed);
  });

  it("answers the full introspection query (the check type-graphql skips at start-up)", async () => {
    const { errors } = graphqlSync({ schema: await buildHubSchema(), source: getIntrospectionQuery() });
    expect(errors).toBeUndefined();
  });

  it("describes every type and field", async () => {
    const schema = await buildHubSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)) continue;
      const isRoot = type === schema.getQueryType() || type === schema.getMutationType();
      if (!type.description && !isRoot) undocumented.push(type.name);
      if ("getFields" in type) {
        for (const field of Object.values(type.getFields())) if (!field.description) undocumented.push(`${type.name}.${field.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
