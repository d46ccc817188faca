import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root, getMetadataStorage, type ClassType } from "type-graphql";
import { PageArgs, pageRequest } from "../common/pagination";
import { fetchPage, type NestedListSpec } from "../db/list-query";
import {
  listSpec,
  type Args as FieldArgs,
  type Edge,
  type GraphPart,
  type ListArgs,
  type ListDeclaration,
  type RootField,
} from "./declare";
import type { HubContext } from "./context";
import { listBound } from "./list-bounds";
import { rowOf } from "./loaders";

/** What a derived resolver reads from the request's context. */
export type ReadContext = Pick<HubContext, "manager" | "loaders" | "today">;

type Row = Record<string, unknown>;
type Implementation = (root: Row, args: FieldArgs, ctx: ReadContext) => unknown;

/** The resolver of one declared field: how it reads, from the declaration alone. */
function edgeImplementation(path: string, edge: Edge): Implementation {
  switch (edge.kind) {
    case "one": {
      const target = edge.target;
      return (root, _args, ctx) => {
        const key = root[edge.from] as string | number | null | undefined;
        return key == null ? null : ctx.loaders.one(target(), edge.to).load(key);
      };
    }
    case "many":
      return (root, _args, ctx) => {
        const key = root[edge.from] as string | number | null | undefined;
        return key == null ? [] : ctx.loaders.many(edge).load(key);
      };
    case "keys":
      return async (root, _args, ctx) => {
        const keys = (root[edge.from] as Array<string | number> | null | undefined) ?? [];
        const rows = await ctx.loaders.one(edge.target(), edge.to).loadMany(keys);
        return rows.filter((row) => {
          if (row instanceof Error) throw row;
          return row !== null;
        });
      };
    case "list":
      return (root, args, ctx) => {
        const request = pageRequest(args);
        const spec = () => listSpec(edge.list, ctx.manager, args as ListArgs, ctx.today, edge) as NestedListSpec;
        return ctx.loaders
          .page(`${path}:${JSON.stringify(args)}`, spec, request, edge.list.node())
          .load(root[edge.from] as string | number);
      };
    case "union":
      return (root, _args, ctx) => {
        const member = edge.members.find((m) => root[m.from] != null);
        return member ? ctx.loaders.one(member.target(), member.to).load(root[member.from] as string | number) : null;
      };
    case "computed":
      return (root, args, ctx) => edge.resolve(root as never, args, ctx);
  }
}

function rootImplementation(field: RootField): Implementation {
  if (field.kind === "lookup") {
    return async (_root, args, ctx) => {
      const value = args[field.argument.name] as string;
      field.argument.check?.(value);
      const row = await ctx.loaders.one(field.target(), field.to).load(value);
      const through = field.through;
      if (row || !through) return row;
      const alias = (await ctx.loaders.one(through.target(), through.from).load(value)) as Record<string, string | number> | null;
      return alias ? ctx.loaders.one(field.target(), field.to).load(alias[through.to]) : null;
    };
  }
  return (_root, args, ctx) => rootList(field.list, args as ListArgs, ctx);
}

/** One page of a root list, its rows tagged with their type. */
export function rootList(list: ListDeclaration, args: ListArgs, ctx: ReadContext) {
  const toRow = rowOf(ctx.manager, list.node());
  return fetchPage(ctx.manager, listSpec(list, ctx.manager, args, ctx.today), pageRequest(args), toRow);
}

type Decorate = (prototype: object, method: string) => void;

/** The parameters of a list field: page arguments, `filter` and, when the list sorts, `orderBy`. */
function listParameters(list: ListDeclaration, defaultOrder: string | undefined): Decorate[] {
  const decorators: Decorate[] = [
    (p, m) => Args(() => PageArgs)(p, m, 2),
    (p, m) => Arg("filter", list.filter.type, { nullable: true, description: "Filtres" })(p, m, 3),
  ];
  if ("type" in list.order) {
    const order = list.order;
    decorators.push((p, m) => Arg("orderBy", order.type, { nullable: true, description: order.describe(defaultOrder) })(p, m, 4));
  }
  return decorators;
}

/**
 * Defines `name` on a generated resolver class: a method type-graphql calls with its parameters
 * (root, ctx, then the arguments), which hands them to the one implementation as graphql-js would.
 */
function defineMethod(
  prototype: object,
  name: string,
  argumentNames: string[],
  implementation: Implementation,
  parameters: Decorate[],
): void {
  const method = (root: Row, ctx: ReadContext, ...values: unknown[]) => {
    const args: FieldArgs = {};
    argumentNames.forEach((argument, i) => {
      if (argument === "page") Object.assign(args, values[i]);
      else if (values[i] !== undefined) args[argument] = values[i];
    });
    return implementation(root, args, ctx);
  };
  Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  Reflect.defineMetadata("design:paramtypes", [Object, Object, ...argumentNames.map(() => Object)], prototype, name);
  Root()(prototype, name, 0);
  Ctx()(prototype, name, 1);
  for (const decorate of parameters) decorate(prototype, name);
}

function fieldParameters(edge: Edge): { names: string[]; parameters: Decorate[] } {
  if (edge.kind === "list") {
    const parameters = listParameters(edge.list, edge.defaultOrder);
    return { names: ["page", "filter", "orderBy"].slice(0, parameters.length), parameters };
  }
  if (edge.kind === "computed") {
    const entries = Object.entries(edge.args);
    return {
      names: entries.map(([name]) => name),
      parameters: entries.map(
        ([name, arg], i) =>
          (p: object, m: string) =>
            Arg(name, arg.type, { nullable: true, description: arg.description })(p, m, 2 + i),
      ),
    };
  }
  return { names: [], parameters: [] };
}

function returnType(edge: Edge): () => unknown {
  switch (edge.kind) {
    case "one":
      return edge.target;
    case "many":
    case "keys":
      return () => [edge.target()];
    case "list":
      return edge.list.connection;
    case "union":
      return edge.union;
    case "computed":
      return edge.type;
  }
}

const nullableOf = (edge: Edge) => (edge.kind === "one" || edge.kind === "computed" || edge.kind === "union") && edge.nullable;

const named = (cls: Function, name: string) => Object.defineProperty(cls, "name", { value: name });

/** The type-graphql resolver classes of a domain's declarations (for buildSchema), and their direct resolvers. */
export function resolversOf(part: GraphPart): { classes: Function[]; direct: DirectResolvers } {
  const classes: Function[] = [];
  const direct: DirectResolvers = [];
  for (const set of part.edges) {
    class Generated {}
    const parentName = set.parent().name;
    named(Generated, `${parentName}EdgesResolver`);
    for (const [name, edge] of Object.entries(set.edges)) {
      const implementation = edgeImplementation(`${parentName}.${name}`, edge);
      const { names, parameters } = fieldParameters(edge);
      // The method is not named after the field: type-graphql would also bind it to an entity property of that name
      // (the numeric `id` exposed as `databaseId`).
      const method = `resolve$${name}`;
      defineMethod(Generated.prototype, method, names, implementation, parameters);
      const descriptor = Object.getOwnPropertyDescriptor(Generated.prototype, method) as PropertyDescriptor;
      FieldResolver(returnType(edge) as never, { name, nullable: nullableOf(edge), description: edge.description })(
        Generated.prototype,
        method,
        descriptor,
      );
      if (edge.kind === "many" || edge.kind === "keys") Extensions(listBound(edge.bound))(Generated.prototype, method, descriptor);
      direct.push({ type: set.parent, field: name, resolve: implementation });
    }
    Resolver(set.parent)(Generated);
    classes.push(Generated);
  }
  for (const roots of part.roots) {
    class Generated {}
    named(Generated, `RootResolver${classes.length}`);
    for (const [name, field] of Object.entries(roots.fields)) {
      const implementation = rootImplementation(field);
      const argumentNames = field.kind === "lookup" ? [field.argument.name] : ["page", "filter", "orderBy"];
      const parameters: Decorate[] =
        field.kind === "lookup"
          ? [(p, m) => Arg(field.argument.name, () => String, { description: field.argument.description })(p, m, 2)]
          : listParameters(field.list, undefined);
      defineMethod(Generated.prototype, name, argumentNames.slice(0, parameters.length), implementation, parameters);
      const descriptor = Object.getOwnPropertyDescriptor(Generated.prototype, name) as PropertyDescriptor;
      const type = field.kind === "lookup" ? field.target : field.list.connection;
      Query(type as never, { nullable: field.kind === "lookup", description: field.description })(Generated.prototype, name, descriptor);
      direct.push({ type: () => QUERY, field: name, resolve: implementation });
    }
    Resolver()(Generated);
    classes.push(Generated);
  }
  return { classes, direct };
}

/** Stands for the Query type in the direct resolvers' list. */
class QUERY {}

type DirectResolvers = Array<{ type: () => Function; field: string; resolve: Implementation }>;

/**
 * Points the schema's declared fields straight at their implementations: type-graphql's wrapper (a
 * parameter list sorted and an object built per call, an async step per argument) costs a third of
 * the bytes a long list allocates, and these fields need none of it (their arguments are leaves or
 * inputs their `where` checks).
 */
export function attachDirectResolvers(schema: GraphQLSchema, direct: DirectResolvers): void {
  const storage = getMetadataStorage();
  const typeName = (cls: Function) =>
    cls === QUERY ? schema.getQueryType()?.name : storage.objectTypes.find((type) => type.target === cls)?.name;
  for (const { type, field, resolve } of direct) {
    const name = typeName(type());
    const graphqlType = name ? schema.getType(name) : undefined;
    const definition = isObjectType(graphqlType) ? graphqlType.getFields()[field] : undefined;
    if (!definition) throw new Error(`declared field ${name ?? type().name}.${field} is not in the schema`);
    definition.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}

export type { ClassType };
