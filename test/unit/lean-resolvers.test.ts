import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "../../src/server/auth-checker";
import { ANONYMOUS } from "../../src/auth/viewer";
import type { HubContext } from "../../src/server/context";
import { useLeanFieldResolvers } from "../../src/graph/lean-resolvers";
import { buildHubSchema, resolvers } from "../../src/server/schema";

const context = { viewer: ANONYMOUS, today: "2025-06-30" } as unknown as HubContext;
const info = {} as GraphQLResolveInfo;

function resolverOf(schema: GraphQLSchema, typeName: string, fieldName: string) {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const resolve = type.getFields()[fieldName].resolve;
  if (!resolve) throw new Error(`${typeName}.${fieldName} has no resolver`);
  return resolve;
}

describe("lean field resolvers", () => {
  it("calls resolvers with plain parameters directly, and leaves type-graphql the ones it must convert or validate", async () => {
    const schema = await buildSchema({ resolvers, validate: true, authChecker, authMode: "error" });
    const replaced = useLeanFieldResolvers(schema, { resolvers });
    expect(replaced).toEqual(expect.arrayContaining(["Commune.intercommunality", "Commune.conventions", "Convention.status", "Convention.holder"]));
    // Paginated lists take @Args() classes and input objects: type-graphql converts and validates them.
    expect(replaced).not.toEqual(expect.arrayContaining(["Department.communes"]));
    expect(replaced).not.toContain("Convention.coveredCommunes");
    expect(replaced).not.toContain("Convention.actions");
  });

  it("answers a synchronous resolver with a scalar argument synchronously, with the argument and the context's default", async () => {
    const schema = await buildHubSchema();
    const status = resolverOf(schema, "Convention", "status");
    const convention = { stage: "SIGNED", signedOn: "2023-12-12", startsOn: "2024-01-01", endsOn: "2027-12-31", terminatedOn: null };
    expect(status(convention, { asOf: "2025-06-30" }, context, info)).toBe("ACTIVE");
    expect(status(convention, { asOf: "2028-01-01" }, context, info)).toBe("EXPIRED");
    expect(status(convention, {}, context, info)).toBe("ACTIVE");
  });

  it("keeps the checks a resolver makes itself (restricted fields)", async () => {
    const schema = await buildHubSchema();
    const internalNotes = resolverOf(schema, "Convention", "internalNotes");
    expect(() => internalNotes({ departmentCode: "52", internalNotes: "secret" }, {}, context, info)).toThrow();
  });
});
