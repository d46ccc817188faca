import { Arg, Ctx, Extensions, Field, ID, InterfaceType, Query, Resolver } from "type-graphql";
import { getMetadataArgsStorage, type EntityManager } from "typeorm";
import { BadUserInputError } from "../common/errors";
import { decodeGlobalId, encodeGlobalId } from "../common/global-id";
import type { HubContext } from "./context";
import { declare, type EdgeSet, type GraphPart, type NodeClass } from "./declare";
import { listBound } from "./list-bounds";
import { graphqlNameOf } from "./metadata";

/**
 * Relay's Global Object Identification: every entity type of the declarations (`GraphPart.entities`)
 * implements `Node`; its `id` is `Type:primary key` in base64url (src/common/global-id.ts). The `id`
 * fields (resolver and SQL) and `Query.node`/`Query.nodes` are derived from the declarations; the
 * numeric key stays readable as `databaseId`.
 */
@InterfaceType({ description: "Objet identifiable globalement (Relay) : son `id` le retrouve par `node(id:)`" })
export abstract class Node {
  @Field(() => ID, { description: "Identifiant global opaque (type et clé), stable" })
  id: string;
}

/** An entity's primary key (its only one: no entity of the API has a composite key), and how a decoded key is read. */
function keyOf(
  manager: EntityManager,
  entity: NodeClass,
): { property: string; column: string; read: (key: string) => string | number | null } {
  const [primary] = manager.connection.getMetadata(entity).primaryColumns;
  const numeric =
    primary.generationStrategy === "increment" || ["int", "integer", "int4", "smallint", "bigint"].includes(String(primary.type));
  return {
    property: primary.propertyName,
    column: primary.databaseName,
    read: numeric ? (key) => (/^[1-9]\d{0,15}$/.test(key) ? Number(key) : null) : (key) => key,
  };
}

/** The numeric key of a row, as the API always gave it (an ID). */
const databaseIdField = (entity: NodeClass) =>
  declare.computed<Record<string, string | number>>({
    type: () => ID,
    nullable: false,
    args: {},
    description: "Numéro de l'enregistrement (`id` est son identifiant global)",
    resolve: (row, _args, { manager }) => String(row[keyOf(manager, entity).property]),
    sql: (row, _args, scope) => `${row}.${keyOf(scope.manager, entity).column}::text`,
  });

/**
 * The `id` edges of a part's entities (the same value in TypeScript and in SQL), and `databaseId` for those whose
 * key is a number (territories' keys are their codes, already fields).
 */
export function nodeEdges(part: GraphPart): EdgeSet[] {
  return (part.entities ?? []).map((entity) =>
    declare.edges(() => entity, {
      ...(numericKeyed(entity) ? { databaseId: databaseIdField(entity) } : {}),
      id: declare.computed<Record<string, string | number>>({
        type: () => ID,
        nullable: false,
        args: {},
        description: "Identifiant global opaque (type et clé), stable",
        resolve: (row, _args, { manager }) => encodeGlobalId(graphqlNameOf(entity), row[keyOf(manager, entity).property]),
        // base64url as Buffer writes it: PostgreSQL's base64 wraps lines and pads, both removed.
        sql: (row, _args, scope) => {
          const { column } = keyOf(scope.manager, entity);
          return `rtrim(translate(encode(convert_to('${graphqlNameOf(entity)}:' || ${row}.${column}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
        },
      }),
    }),
  );
}

/** True for entities keyed by a generated number (from TypeORM's decorators, before any data source exists). */
function numericKeyed(entity: NodeClass): boolean {
  return getMetadataArgsStorage().generations.some((generation) => generation.target === entity && generation.propertyName === "id");
}

/** The most ids `nodes(ids:)` takes at once. */
export const MAX_NODE_IDS = 100;

/** `Query.node` and `Query.nodes` over the declared entities: one batched statement per type. */
export function nodeResolver(parts: readonly GraphPart[]): Function {
  const byName = new Map<string, NodeClass>();
  for (const entity of parts.flatMap((part) => part.entities ?? [])) byName.set(graphqlNameOf(entity), entity);

  const load = (ctx: HubContext, id: string, argument: string): Promise<object | null> | null => {
    const decoded = decodeGlobalId(id);
    if (!decoded)
      throw new BadUserInputError(`Argument "${argument}" : identifiant global invalide (utilisez un \`id\` renvoyé par l'API)`, argument);
    const entity = byName.get(decoded.typeName);
    if (!entity) return null;
    const { property, read } = keyOf(ctx.manager, entity);
    const key = read(decoded.key);
    return key === null ? null : ctx.loaders.one(entity, property).load(key);
  };

  @Resolver()
  class NodeResolver {
    @Query(() => Node, { nullable: true, description: "Un objet par son identifiant global (null s'il n'existe pas ou plus)" })
    node(@Arg("id", () => ID, { description: "Identifiant global (`id`)" }) id: string, @Ctx() ctx: HubContext) {
      return load(ctx, id, "id");
    }

    @Extensions(listBound(MAX_NODE_IDS))
    @Query(() => [Node], {
      nullable: "items",
      description: `Des objets par leurs identifiants globaux, dans l'ordre (${MAX_NODE_IDS} au plus ; null pour un objet absent)`,
    })
    nodes(@Arg("ids", () => [ID], { description: "Identifiants globaux (`id`)" }) ids: string[], @Ctx() ctx: HubContext) {
      if (ids.length > MAX_NODE_IDS)
        throw new BadUserInputError(`Argument "ids" : ${MAX_NODE_IDS} identifiants au plus, reçu ${ids.length}`, "ids");
      return Promise.all(ids.map((id) => load(ctx, id, "ids")));
    }
  }
  return NodeResolver;
}
