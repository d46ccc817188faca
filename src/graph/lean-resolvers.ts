import {
  getNullableType, isLeafType, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema,
} from "graphql";
import { getMetadataStorage } from "type-graphql";

/**
 * type-graphql calls every field resolver through a generic wrapper that, per call, sorts the
 * parameter metadata (an allocation each time), builds a resolver-data object, and passes every
 * `@Arg` through an async validation step — so a resolver with a scalar argument (`status(asOf)`)
 * returns a promise even when its method is synchronous. On a 462-commune dashboard that was a
 * third of the bytes allocated by execution.
 *
 * Field resolvers that need none of it — parameters read as they are (`@Root()` rows typed
 * `RowOf<T>`, `@Ctx()`, `@Info()`, scalar or enum `@Arg`s, which type-graphql neither converts nor
 * validates) and no middleware or `@Authorized` — are called directly instead. Every other field
 * keeps type-graphql's resolver, with its conversion, validation and authorization.
 */

type Storage = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = Storage["fieldResolvers"][number];
type ParamMetadata = NonNullable<FieldResolverMetadata["params"]>[number];
type Args = Record<string, unknown>;
type ParamReader = (root: unknown, args: Args, context: unknown, info: GraphQLResolveInfo) => unknown;
type Method = (...params: unknown[]) => unknown;

/** How a parameter is read, or null when type-graphql must convert or validate it. */
function paramReader(param: ParamMetadata, leafArgs: ReadonlySet<string>): ParamReader | null {
  switch (param.kind) {
    case "root": {
      // `RowOf<T>` roots are emitted as Object: type-graphql hands them over unchanged. A class-typed root is copied into an instance.
      const type = param.getType?.();
      if (type !== undefined && type !== Object) return null;
      const property = param.propertyName;
      return property ? (root) => (root as Args)[property] : (root) => root;
    }
    case "context": {
      const property = param.propertyName;
      return property ? (_root, _args, context) => (context as Args)[property] : (_root, _args, context) => context;
    }
    case "info":
      return (_root, _args, _context, info) => info;
    case "arg": {
      // Scalars and enums go through type-graphql unchanged and are never validated (only objects are), unless given a validateFn.
      const name = param.name;
      return leafArgs.has(name) && param.validateFn === undefined ? (_root, args) => args[name] : null;
    }
    default:
      return null;
  }
}

/** A direct resolver for `metadata`, or null when it needs type-graphql's wrapper. */
function leanResolver(
  metadata: FieldResolverMetadata,
  leafArgs: ReadonlySet<string>,
  instances: Map<Function, object>,
): GraphQLFieldResolver<unknown, unknown> | null {
  if (metadata.kind !== "external" || metadata.roles !== undefined || (metadata.middlewares?.length ?? 0) > 0) return null;
  const target = metadata.target as new () => object;
  // Resolver classes built by the default container take no constructor arguments.
  if (target.length > 0) return null;
  const readers: ParamReader[] = [];
  for (const param of [...(metadata.params ?? [])].sort((a, b) => a.index - b.index)) {
    const reader = paramReader(param, leafArgs);
    if (!reader) return null;
    readers.push(reader);
  }
  let instance = instances.get(target);
  if (!instance) instances.set(target, (instance = new target()));
  const self = instance;
  const method = (self as Record<string, unknown>)[metadata.methodName];
  if (typeof method !== "function") return null;
  const call = method as Method;
  return (root, args, context, info) => {
    const values = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i++) values[i] = readers[i](root, args as Args, context, info);
    return call.apply(self, values);
  };
}

export interface LeanResolverOptions {
  /** The resolver classes given to buildSchema: field resolvers of other classes are not in the schema. */
  resolvers: readonly Function[];
  /** Global middlewares or a custom validation function given to buildSchema apply to every field: then nothing is replaced. */
  globalMiddlewares?: readonly unknown[];
  validateFn?: unknown;
}

/** Replaces eligible type-graphql field resolvers of `schema` in place; returns the fields replaced (`Type.field`). */
export function useLeanFieldResolvers(schema: GraphQLSchema, options: LeanResolverOptions): string[] {
  if ((options.globalMiddlewares?.length ?? 0) > 0 || options.validateFn !== undefined) return [];
  const storage = getMetadataStorage();
  const typeNames = new Map<Function, string>(storage.objectTypes.map((type) => [type.target, type.name]));
  // Object types extending another share its field resolvers: keep those on type-graphql's path.
  const extended = new Set<Function>(storage.objectTypes.map((type) => Object.getPrototypeOf(type.target) as Function));
  const instances = new Map<Function, object>();
  const replaced: string[] = [];
  for (const metadata of storage.fieldResolvers) {
    if (!options.resolvers.includes(metadata.target)) continue;
    const objectClass = metadata.getObjectType?.();
    const typeName = objectClass ? typeNames.get(objectClass) : undefined;
    if (!objectClass || !typeName || extended.has(objectClass)) continue;
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const field = type.getFields()[metadata.schemaName];
    if (!field?.resolve) continue;
    const leafArgs = new Set(field.args.filter((arg) => isLeafType(getNullableType(arg.type))).map((arg) => arg.name));
    const resolver = leanResolver(metadata, leafArgs, instances);
    if (!resolver) continue;
    field.resolve = resolver;
    replaced.push(`${typeName}.${field.name}`);
  }
  return replaced;
}
