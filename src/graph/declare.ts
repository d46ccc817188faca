import type { ClassType } from "type-graphql";
import type { IsoDate } from "../common/date";
import type { Filter, ListSource, ListSpec, NestedListSpec, Ordering } from "../db/list-query";
import type { ReadScope } from "../db/request-scope";
import type { SqlParams } from "../db/sql";

/**
 * The read wing's declarations: each relation, list and computed field of the API is declared ONCE,
 * here in data, and everything that reads it is derived from that declaration:
 * - the GraphQL field (type, arguments, description) through type-graphql (src/graph/resolvers.ts);
 * - its resolver and the DataLoader batch it goes through (src/graph/loaders.ts);
 * - its SQL in compiled reads (src/graph/compile/mapping.ts);
 * - the parity documents the tests run both ways (test/helpers/parity-documents.ts).
 * A domain owns the edges that point at it (`Department.conventions` is declared in convention/).
 */

export type Args = Record<string, unknown>;

/** What a computed field reads besides its row and arguments: the request's database handle and "today". */
export type { ReadScope };

/** What a computed field's SQL reads besides its arguments: the read scope and the statement's parameters. */
export interface SqlScope extends ReadScope {
  params: SqlParams;
}

/** The type of a declaration's target: a class decorated with @ObjectType (and @Entity when it is read from a table). */
export type NodeClass = ClassType<object>;

/** A type-graphql input or enum class given as a GraphQL argument type. */
export type ArgType = () => object;

/** A list of rows the API pages (a Relay connection): what it reads, how it filters and sorts, its GraphQL types. */
export interface ListDeclaration<F extends object = object, O extends object = object> {
  /** Names the list in loader ids and cursor tags. */
  name: string;
  /** The node type (and entity) of the rows. */
  node: () => NodeClass;
  /** The connection type (`connectionType(node, …)`). */
  connection: () => NodeClass;
  // Method signatures: a list of a narrower filter type is still a ListDeclaration (parameters are bivariant).
  filter: { type: () => ClassType<F>; where(filter: F | null | undefined, today: IsoDate): Filter };
  /** Sort arguments; a list without them has one fixed ordering. */
  order:
    | {
        type: () => ClassType<O>;
        /** `rank`: the filter's search rank, the order when the client asks for none. */
        ordering(order: O | null | undefined, defaultField?: string, rank?: string): Ordering;
        describe(defaultField?: string): string;
      }
    | { fixed: Ordering };
  /** The rows read: the table with the alias filters and orders use, its unique key (`m.code`). */
  source: (join?: string) => ListSourceFactory;
}

/** A list source needs the entity metadata of a data source: resolved per manager (see list-query's entitySource). */
export type ListSourceFactory = (manager: import("typeorm").EntityManager) => ListSource;

/** Arguments of a connection field: page arguments plus `filter` and `orderBy`. */
export interface ListArgs<F = object, O = object> {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  filter?: F | null;
  orderBy?: O | null;
}

/** A to-one relation: the parent row's `from` property holds the key the target's `to` property has. */
export interface OneRelation {
  kind: "one";
  target: () => NodeClass;
  from: string;
  to: string;
  nullable: boolean;
  description: string;
}

/**
 * A plain list of related rows (no paging): the target rows whose `to` property equals the parent's
 * `from`, or reached through a link table, or by a condition (`where`) on the parent's key.
 */
export interface ManyRelation {
  kind: "many";
  target: () => NodeClass;
  from: string;
  link:
    | { kind: "column"; to: string }
    /** A link table: its `parent` column holds the parent's key, its `child` column the target's `targetKey` property. */
    | { kind: "table"; table: string; parent: string; child: string; targetKey: string }
    /** Any condition on the target rows (alias `alias`) given the parent key's SQL (`key`). */
    | { kind: "where"; where: (key: string, alias: string) => string };
  /** ORDER BY over the target's alias (the key is appended, so the order is total). */
  order: (alias: string) => string;
  /** The most rows it holds (or an estimate): the query cost multiplies by it (src/graph/list-bounds.ts). */
  bound: number;
  description: string;
}

/** The rows whose `to` property is one of the keys in the parent's array property `from`, in that array's order. */
export interface KeysRelation {
  kind: "keys";
  target: () => NodeClass;
  from: string;
  to: string;
  /** The most keys it holds (or an estimate), as for ManyRelation. */
  bound: number;
  description: string;
}

/** A paged list under the parent (a connection field): the list's rows whose `parent` expression equals the parent's `from`. */
export interface ListRelation {
  kind: "list";
  list: ListDeclaration;
  from: string;
  /** SQL over the list's alias (and `join`'s) holding the parent's key. */
  parent: string;
  join?: string;
  /** The order field when the client gives none (the list's default otherwise). */
  defaultOrder?: string;
  description: string;
}

/** A union-typed relation: the first member whose `from` property is set. */
export interface UnionRelation {
  kind: "union";
  union: () => unknown;
  members: ReadonlyArray<{ target: () => NodeClass; from: string; to: string }>;
  nullable: boolean;
  description: string;
}

/** A field computed from the row and its arguments, by the same rule in TypeScript and in SQL. */
export interface ComputedField<Row = never> {
  kind: "computed";
  type: () => unknown;
  nullable: boolean;
  args: Record<string, { type: ArgType; description: string }>;
  resolve: (row: Row, args: Args, scope: ReadScope) => unknown;
  /** The same value in SQL over the row's alias; absent: the field is never compiled. */
  sql?: (row: string, args: Args, scope: SqlScope) => string;
  description: string;
}

/** A root lookup by natural key: `department(code: "52")`. */
export interface LookupField {
  kind: "lookup";
  target: () => NodeClass;
  /** The argument, matched against the target's property of the same meaning. */
  argument: { name: string; description: string; check?: (value: string) => void };
  to: string;
  /**
   * Keys that name a row no more (a commune's former code): when no row has the argument as its key, the row of
   * `through` whose `from` property is the argument gives, in its `to` property, the key of the row returned.
   */
  through?: { target: () => NodeClass; from: string; to: string };
  description: string;
}

/** A root list: `communes(first, after, filter, orderBy)`. */
export interface RootListField {
  kind: "rootList";
  list: ListDeclaration;
  description: string;
}

export type Edge = OneRelation | ManyRelation | KeysRelation | ListRelation | UnionRelation | ComputedField<never>;
export type RootField = LookupField | RootListField;

/** The declared fields of one type: relations and computed fields (plain columns come from the entity). */
export interface EdgeSet {
  parent: () => NodeClass;
  edges: Record<string, Edge>;
}

/** The declared root fields of one domain. */
export interface RootSet {
  fields: Record<string, RootField>;
}

/** What a domain contributes to the read wing. */
export interface GraphPart {
  /** Entity types compiled reads may read (their column fields), besides the parents of `edges`. */
  entities?: NodeClass[];
  edges: EdgeSet[];
  roots: RootSet[];
}

/** Declaration helpers: each returns the declaration as data. */
export const declare = {
  one: (target: () => NodeClass, options: { from: string; to: string; nullable?: boolean; description: string }): OneRelation => ({
    kind: "one",
    target,
    nullable: options.nullable ?? false,
    ...options,
  }),
  many: (
    target: () => NodeClass,
    options: { from: string; link: ManyRelation["link"]; order: (alias: string) => string; bound: number; description: string },
  ): ManyRelation => ({ kind: "many", target, ...options }),
  keys: (target: () => NodeClass, options: { from: string; to: string; bound: number; description: string }): KeysRelation => ({
    kind: "keys",
    target,
    ...options,
  }),
  list: (list: ListDeclaration, options: Omit<ListRelation, "kind" | "list">): ListRelation => ({ kind: "list", list, ...options }),
  union: (union: () => unknown, members: UnionRelation["members"], options: { nullable: boolean; description: string }): UnionRelation => ({
    kind: "union",
    union,
    members,
    ...options,
  }),
  computed: <Row>(options: Omit<ComputedField<Row>, "kind">): ComputedField<never> =>
    ({ kind: "computed", ...options }) as ComputedField<never>,
  lookup: (target: () => NodeClass, options: Omit<LookupField, "kind" | "target">): LookupField => ({ kind: "lookup", target, ...options }),
  rootList: (list: ListDeclaration, description: string): RootListField => ({ kind: "rootList", list, description }),
  edges: (parent: () => NodeClass, edges: Record<string, Edge>): EdgeSet => ({ parent, edges }),
};

/** The spec of a list under the given arguments, nested under a parent when `relation` says so. */
export function listSpec(
  list: ListDeclaration,
  manager: import("typeorm").EntityManager,
  args: ListArgs,
  today: IsoDate,
  relation?: Pick<ListRelation, "parent" | "join" | "defaultOrder">,
): ListSpec | NestedListSpec {
  const filter = list.filter.where(args.filter, today);
  const ordering = "fixed" in list.order ? list.order.fixed : list.order.ordering(args.orderBy, relation?.defaultOrder, filter.rank);
  const spec: ListSpec = { source: list.source(relation?.join)(manager), filter, ordering };
  return relation ? { ...spec, parent: relation.parent } : spec;
}
