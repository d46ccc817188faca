import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { DataSource } from "typeorm";
import { resolveTypes } from "../../src/graph/compile/columns";
import type { ResolvedType, SqlTypes } from "../../src/graph/compile/types";

/**
 * Documents generated from the compiled reads' mapping, itself derived from the declarations: for every
 * root field, the type it returns with every mapped field, each relation and list one level down with
 * their own mapped leaves, lists with page arguments and each sort. A new declaration is covered by
 * construction; the parity test runs each document through compiled reads and through the resolvers.
 * Restricted fields are selected only when asked (`restricted`): for a caller who reads them all.
 */
export interface ParityDocument {
  name: string;
  query: string;
}

type Mapping = Map<string, ResolvedType>;

const LEAF_KINDS = new Set(["column", "scalar"]);

/** A value for each leaf argument type, so a computed leaf is read with its default and with an explicit argument. */
const ARGUMENT_SAMPLES: Record<string, string> = { Date: '"2019-06-30"', Boolean: "true", Int: "1", String: '"x"' };

function leaves(schema: GraphQLSchema, mapping: Mapping, typeName: string): string[] {
  const type = mapping.get(typeName);
  const graphqlType = schema.getType(typeName);
  if (!type || !isObjectType(graphqlType)) return ["__typename"];
  const selected: string[] = ["__typename"];
  for (const [name, field] of type.fields) {
    if (!LEAF_KINDS.has(field.kind)) continue;
    selected.push(name);
    const args = graphqlType.getFields()[name]?.args ?? [];
    const written = args.flatMap((arg) => {
      const sample = ARGUMENT_SAMPLES[getNamedType(arg.type).name];
      return sample ? [`${arg.name}: ${sample}`] : [];
    });
    if (written.length > 0) selected.push(`${name}_withArguments: ${name}(${written.join(", ")})`);
  }
  return selected;
}

/** The selection of a type: its leaves, and (while `depth` allows) each relation with the target's leaves. */
function selection(schema: GraphQLSchema, mapping: Mapping, type: GraphQLObjectType, depth: number, lists: ListArgs): string {
  const parts = leaves(schema, mapping, type.name);
  const resolved = mapping.get(type.name);
  if (depth > 0 && resolved) {
    for (const [name, field] of resolved.fields) {
      const target = getNamedType(type.getFields()[name]?.type);
      if (field.kind === "one" || field.kind === "many" || field.kind === "embedded") {
        if (isObjectType(target)) parts.push(`${name} { ${selection(schema, mapping, target, depth - 1, lists)} }`);
      } else if (field.kind === "union") {
        // Aliased per member: members may share a field name with another type (siren: String! and String).
        const members = field.members.map(
          (member) =>
            `... on ${member.type} { ${leaves(schema, mapping, member.type)
              .map((leaf) => (leaf.includes(":") ? leaf : `${member.type}_${leaf}: ${leaf}`))
              .join(" ")} }`,
        );
        parts.push(`${name} { __typename ${members.join(" ")} }`);
      } else if (field.kind === "connection" && isObjectType(target)) {
        parts.push(`${name}(${lists.nested}) { ${connectionSelection(schema, mapping, target, 0)} }`);
      }
    }
  }
  return parts.join(" ");
}

/** The node type of a connection type (`…Connection.edges.node`). */
function nodeTypeOf(connection: GraphQLObjectType): GraphQLObjectType | null {
  const edge = getNamedType(connection.getFields().edges?.type);
  const node = isObjectType(edge) ? getNamedType(edge.getFields().node?.type) : undefined;
  return isObjectType(node) ? node : null;
}

/** A connection's whole shape, its nodes selected to `depth`. */
function connectionSelection(schema: GraphQLSchema, mapping: Mapping, connection: GraphQLObjectType, depth: number): string {
  const node = nodeTypeOf(connection);
  if (!node) return "totalCount";
  return `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${selection(schema, mapping, node, depth, { nested: "first: 2" })} } }`;
}

interface ListArgs {
  nested: string;
}

/** Argument values for lookups: of rows that exist, and well-formed keys no row has (null both ways, checked too). */
export type LookupSamples = Record<string, { known: Record<string, string>; unknown: Record<string, string> }>;

/** Every generated document, named after what it covers. */
export function parityDocuments(
  schema: GraphQLSchema,
  dataSource: DataSource,
  sqlTypes: (dataSource: DataSource) => SqlTypes,
  samples: LookupSamples,
  { restricted = false }: { restricted?: boolean } = {},
): ParityDocument[] {
  const resolved = resolveTypes(schema, dataSource, sqlTypes);
  const mapping = restricted ? resolved : withoutRestricted(resolved);
  const query = schema.getQueryType();
  const roots = mapping.get(query?.name ?? "Query");
  if (!query || !roots) return [];
  const documents: ParityDocument[] = [];
  for (const [name, field] of roots.fields) {
    const definition = query.getFields()[name];
    const type = getNamedType(definition.type);
    if (!isObjectType(type)) continue;
    if (field.kind === "one") {
      const sample = samples[name];
      if (!sample) throw new Error(`no sample arguments for the lookup ${name}: add them to the parity test`);
      const write = (args: Record<string, string>) =>
        Object.entries(args)
          .map(([arg, value]) => `${arg}: ${JSON.stringify(value)}`)
          .join(", ");
      const written = write(sample.known);
      documents.push({
        name: `${name}(${written})`,
        query: `{ ${name}(${written}) { ${selection(schema, mapping, type, 2, { nested: "first: 3" })} } }`,
      });
      documents.push({ name: `${name} unknown`, query: `{ ${name}(${write(sample.unknown)}) { __typename } }` });
    } else if (field.kind === "connection") {
      const body = (depth: number) => connectionSelection(schema, mapping, type, depth);
      documents.push({ name: `${name} first page`, query: `{ ${name}(first: 4) { ${body(1)} } }` });
      documents.push({ name: `${name} last page`, query: `{ ${name}(last: 3) { ${body(0)} } }` });
      for (const value of sortFields(definition.args.find((arg) => arg.name === "orderBy")?.type)) {
        documents.push({
          name: `${name} by ${value} DESC`,
          query: `{ ${name}(first: 5, orderBy: { field: ${value}, direction: DESC }) { ${body(0)} } }`,
        });
      }
    }
  }
  return documents;
}

/** The mapping without its restricted columns (src/graph/restricted.ts). */
function withoutRestricted(mapping: Mapping): Mapping {
  const open = (type: ResolvedType): ResolvedType => ({
    ...type,
    fields: new Map([...type.fields].filter(([, field]) => !(field.kind === "column" && field.restricted))),
  });
  return new Map([...mapping].map(([name, type]) => [name, open(type)]));
}

/** The values of a sort input's `field` enum. */
function sortFields(type: GraphQLInputType | undefined): string[] {
  const input = type ? getNamedType(type) : undefined;
  const field = isInputObjectType(input) ? getNamedType(input.getFields().field?.type) : undefined;
  return isEnumType(field) ? field.getValues().map((value) => value.name) : [];
}
