import {
  getArgumentValues, getNamedType, getNullableType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLObjectType,
  type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode,
} from "graphql";
import { collectFields, collectSubfields } from "graphql/execution/collectFields";
import { getMetadataStorage } from "type-graphql";
import type { DataSource, EntityManager } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { IsoDate } from "../common/date";
import {
  boundConditions, cursorTag, orderClause, type ListSpec, type NestedListSpec, type Ordering,
} from "../db/list-query";
import { SqlParams } from "../db/sql";
import { encodeCursor, pageOf, pageRequest, type PageArgs, type PageRequest } from "./pagination";

/**
 * Compiled reads: a query operation whose every field maps to SQL is answered by ONE statement
 * that builds the response JSON in the database (objects and aggregated lists over correlated
 * subqueries — the PostGraphile/Hasura approach), instead of resolvers, DataLoaders and one
 * statement per level. On the dashboard's lists that is most of the hub's CPU (bench/read.ts).
 * The JSON is written as text, compact as JSON.stringify writes it (see `sqlJson`), so that a server
 * can send it as it comes (src/graphql/raw-json.ts) instead of parsing it and writing it again.
 *
 * The mapping is declared per domain (`*.sql-read.ts`): plain fields come from the entity's
 * columns (a GraphQL field of the entity class without a field resolver, whose name is a column's
 * property); relations, lists, connections and computed fields are declared next to their resolvers,
 * and reuse the same list specs (filters, orders, cursors) as the resolvers. Anything else — a
 * field without a mapping (restricted fields, analytics, introspection), an argument a check
 * refuses, a statement that fails — leaves the operation to the resolvers, which answer it exactly
 * as before (errors included). The parity test runs documents both ways and compares the answers.
 */

export type Args = Record<string, unknown>;

/** What mapping functions receive: the request's database handle and "today", and the statement's parameters. */
export interface SqlReadScope {
  manager: EntityManager;
  today: IsoDate;
  params: SqlParams;
}

/** How a non-column field reads. `row` is the SQL alias of the parent row, `alias` the one to give the child table. */
export type SqlField =
  | { kind: "scalar"; sql: (row: string, args: Args, scope: SqlReadScope) => string }
  | { kind: "one"; type: string; table: string; where: (row: string, alias: string, args: Args, scope: SqlReadScope) => string }
  | { kind: "many"; type: string; from: (alias: string) => string; where: (row: string, alias: string) => string; order: (alias: string) => string }
  /** A union: the first member whose `when` holds, null when none does. */
  | { kind: "union"; members: ReadonlyArray<{ type: string; table: string; when: (row: string) => string; where: (row: string, alias: string) => string }> }
  | { kind: "connection"; list: (args: Args, scope: SqlReadScope) => ListSpec | NestedListSpec; parentKey?: (row: string) => string };

/** A GraphQL object type's mapping: the entity whose rows it is (none for Query), and its non-column fields. */
export interface SqlType {
  entity?: Function;
  fields: Record<string, SqlField>;
}

export type SqlTypes = Record<string, SqlType>;

/**
 * How a statement's rows become `data`. `read` turns each JSON text the statement wrote into the value
 * `data` holds there: JSON.parse, or a wrapper a server writes out as it is (src/graphql/raw-json.ts).
 */
export type Assemble = (rows: Array<Record<string, unknown>>, read: (json: string) => unknown) => Record<string, unknown>;

/** Thrown while compiling when a field or argument has no SQL form: the operation goes to the resolvers. */
class NotCompilable extends Error {}

/** Field → SQL of one type, columns included (resolved once per schema and data source). */
type ResolvedFields = Map<string, SqlField | { kind: "column"; sql: (row: string) => string }>;

interface ResolvedType {
  fields: ResolvedFields;
  /** The table's (first) primary key column: NULL there means a LEFT JOIN found no row. */
  primaryKey: string | null;
}

/** Column types whose `to_json` form is what graphql-js writes for each leaf type (enums: their stored text). */
const TEXT = ["varchar", "character varying", "char", "character", "text", "enum"];
// "number": a generated key or version column, declared without a type (an integer in PostgreSQL).
const INTEGER = ["integer", "int", "int4", "smallint", "int2", "bigint", "int8", "number"];
const JSON_COMPATIBLE: Record<string, readonly string[]> = {
  String: TEXT,
  Int: INTEGER,
  Float: [...INTEGER, "numeric", "decimal", "real", "double precision", "float"],
  Boolean: ["boolean", "bool"],
  Date: ["date"],
  // graphql-js writes an ID as a string: integer keys are cast to text.
  ID: [...TEXT, ...INTEGER],
  enum: TEXT,
};

/** The SQL of a column field, or null when `to_json` of the column would not be graphql-js's serialization of the field. */
function columnSql(type: GraphQLOutputType, column: ColumnMetadata): ((row: string) => string) | null {
  const nullable = isNonNullType(type) ? type.ofType : type;
  const list = isListType(nullable);
  const inner = list ? getNullableType(nullable.ofType) : nullable;
  if (list !== column.isArray || isListType(inner)) return null;
  // A nullable column behind a non-null field: only the resolvers report the violation (an error, not a null).
  if (isNonNullType(type) && column.isNullable) return null;
  const leaf = isScalarType(inner) ? inner.name
    // Enums whose internal values are their names serialize as the stored text.
    : isEnumType(inner) && inner.getValues().every((value) => value.value === value.name) ? "enum"
    : null;
  const columnType = typeof column.type === "string" ? column.type : column.type.name.toLowerCase();
  if (leaf === null || !JSON_COMPATIBLE[leaf]?.includes(columnType)) return null;
  const name = column.databaseName;
  return leaf === "ID" && INTEGER.includes(columnType) ? (row) => `${row}.${name}::text` : (row) => `${row}.${name}`;
}

/** The column fields of an entity-backed type: fields of its class without a field resolver, named after a column. */
function columnFields(schema: GraphQLSchema, dataSource: DataSource, typeName: string, entity: Function): ResolvedFields {
  const storage = getMetadataStorage();
  const resolved: ResolvedFields = new Map();
  const type = schema.getType(typeName);
  if (!isObjectType(type) || !dataSource.hasMetadata(entity)) return resolved;
  const columns = new Map(dataSource.getMetadata(entity).columns.map((column) => [column.propertyPath, column]));
  const withResolver = new Set(
    storage.fieldResolvers.filter((r) => r.getObjectType?.() === entity).map((r) => r.schemaName),
  );
  for (const field of storage.fields.filter((f) => f.target === entity)) {
    const graphqlField = type.getFields()[field.schemaName];
    const column = columns.get(field.name);
    if (!graphqlField || !column || withResolver.has(field.schemaName)) continue;
    const sql = columnSql(graphqlField.type, column);
    if (sql) resolved.set(field.schemaName, { kind: "column", sql });
  }
  return resolved;
}

/** The resolved mapping of every type, per schema and data source. */
const resolvedMappings = new WeakMap<GraphQLSchema, WeakMap<DataSource, Map<string, ResolvedType>>>();

function resolveTypes(schema: GraphQLSchema, dataSource: DataSource, types: SqlTypes): Map<string, ResolvedType> {
  let bySource = resolvedMappings.get(schema);
  if (!bySource) resolvedMappings.set(schema, (bySource = new WeakMap()));
  let resolved = bySource.get(dataSource);
  if (!resolved) {
    resolved = new Map();
    for (const [name, mapping] of Object.entries(types)) {
      const fields: ResolvedFields = mapping.entity ? columnFields(schema, dataSource, name, mapping.entity) : new Map();
      for (const [field, sql] of Object.entries(mapping.fields)) fields.set(field, sql);
      const primaryKey = mapping.entity && dataSource.hasMetadata(mapping.entity)
        ? dataSource.getMetadata(mapping.entity).primaryColumns[0]?.databaseName ?? null
        : null;
      resolved.set(name, { fields, primaryKey });
    }
    bySource.set(dataSource, resolved);
  }
  return resolved;
}

/** Keys an object may have: beyond, the operation goes to the resolvers. */
const MAX_KEYS_PER_OBJECT = 50;

/** A PostgreSQL function takes at most 100 arguments. */
const MAX_FUNCTION_ARGUMENTS = 100;

function concatSql(parts: readonly string[]): string {
  if (parts.length <= MAX_FUNCTION_ARGUMENTS) return `concat(${parts.join(", ")})`;
  const chunks: string[] = [];
  for (let i = 0; i < parts.length; i += MAX_FUNCTION_ARGUMENTS) chunks.push(concatSql(parts.slice(i, i + MAX_FUNCTION_ARGUMENTS)));
  return concatSql(chunks);
}

/** A string constant (keys and type names: GraphQL names, no quote to escape). */
const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * SQL expressions of JSON text (type text, never NULL), written as JSON.stringify writes it: no
 * whitespace, keys in selection order. A leaf is `to_json` of its value (the compiler maps only
 * columns whose `to_json` form is graphql-js's serialization); objects are concatenated, lists
 * aggregated with string_agg. json_build_object and json_agg write `"key" : value, ` — to send that
 * as Apollo would, a server would have to parse it and write it again. Concatenating also costs
 * PostgreSQL a little less (the dashboard's JSON for 30 départements: 70 ms, 77 with json_build_object).
 */
export const sqlJson = {
  /** A leaf: any typed SQL value (to_json refuses an untyped literal). */
  value: (sql: string) => `coalesce(to_json(${sql})::text, 'null')`,
  /** A constant string (a type name). */
  string: (value: string) => sqlString(JSON.stringify(value)),
  /** A JSON text that may be NULL (a subquery finding no row): null then. */
  orNull: (sql: string) => `coalesce(${sql}, 'null')`,
  /** An object of JSON texts. */
  object: (pairs: ReadonlyArray<readonly [key: string, value: string]>): string => pairs.length === 0 ? `'{}'`
    : concatSql([...pairs.flatMap(([key, value], i) => [sqlString(`${i === 0 ? "{" : ","}${JSON.stringify(key)}:`), value]), `'}'`]),
  /** The array of an aggregate's JSON texts (`order`: " ORDER BY …" or ""; `filter`: " FILTER (WHERE …)" or ""). */
  array: (item: string, order: string, filter = "") => `coalesce('[' || string_agg(${item}, ','${order})${filter} || ']', '[]')`,
};

/** The plain columns `sql` reads from the rows aliased `alias` (`_r3.name`; not the quoted `_r3."__sort"` the compiler adds). */
export function referencedColumns(sql: string, alias: string): string[] {
  const columns = new Set<string>();
  for (const match of sql.matchAll(new RegExp(`(?<![\\w"])${alias}\\.([a-z_][a-z0-9_]*)`, "g"))) columns.add(match[1]);
  return [...columns];
}

/** A cursor as `encodeCursor` writes it (base64url of the JSON `[tag, sort, key]`), computed in SQL. */
function cursorSql(row: string, tag: string): string {
  const json = `'["${tag}",' || to_json(${row}."__sort")::text || ',' || to_json(${row}."__key")::text || ']'`;
  return `rtrim(translate(encode(convert_to(${json}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
}

/**
 * Where to-one relations of the rows aliased `outer` become LEFT JOINs instead of one subquery per
 * row: the FROM that reads those rows (a page of a connection, the rows of a list). PostgreSQL then
 * picks the join (a hash join on a small table rather than hundreds of lookups). In a page, the
 * joined row is carried as a column, its JSON built after the LIMIT: before it, every matching row
 * would pay for it (a national list sorted by population: 35,000 communes for 100 kept).
 */
interface JoinScope {
  outer: string;
  inner: string;
  joins: string[];
  /** Columns the joining SELECT must add (the joined rows); null when the objects are built in that SELECT itself. */
  columns: string[] | null;
}

/** A connection compiled against its parent row: as one JSON value, or as its page's rows. */
interface ConnectionSql {
  object: () => string;
  /** The page's rows in read order (the extra one included when pageInfo needs it): sort value, key and `select`'s columns. */
  rows: (select: () => string[]) => string;
  /** The total, as a scalar subquery. */
  count: () => string;
  request: PageRequest;
  /** The cursors' tag (see cursorTag). */
  tag: string;
  /** The alias `rows` gives the page. */
  alias: string;
}

/**
 * Leaf types whose `to_json` text is what JSON.stringify writes of the parsed value. A Float's may not
 * be (numeric writes "1.50", float8 "1e-05"): JSON with one is parsed and written again to be sent.
 */
function isVerbatimLeaf(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isEnumType(named) || ["String", "ID", "Int", "Boolean", "Date"].includes(named.name);
}

class Compiler {
  private aliases = 0;
  private joinScope: JoinScope | null = null;
  readonly params = new SqlParams();
  /** False once a leaf is not verbatim (see isVerbatimLeaf). */
  verbatim = true;
  private readonly scope: SqlReadScope;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly types: Map<string, ResolvedType>,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
    manager: EntityManager,
    today: IsoDate,
  ) {
    this.scope = { manager, today, params: this.params };
  }

  private alias(): string {
    return `_r${++this.aliases}`;
  }

  /** A list's condition and order (a search rank reads the filter's parameters) renumbered after the statement's parameters so far. */
  private embed({ filter, ordering }: ListSpec): { where: string; ordering: Ordering } {
    const offset = this.params.values.push(...filter.params.values) - filter.params.values.length;
    const shift = (sql: string) => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return { where: shift(filter.where), ordering: { ...ordering, expression: shift(ordering.expression) } };
  }

  /**
   * The operation's statement, and how its rows become `data`: the root fields' JSON texts, assembled
   * here. A lone root connection (a dashboard's list) is read one node per row and assembled here too,
   * which spares PostgreSQL the aggregate and a copy of the whole list.
   */
  operation(operation: OperationDefinitionNode): { sql: string; assemble: Assemble } {
    const query = this.schema.getQueryType();
    if (operation.operation !== "query" || !query) throw new NotCompilable("not a query");
    const fields = [...collectFields(this.schema, this.fragments, this.variables, query, operation.selectionSet)];
    if (fields.length === 1) {
      const [key, nodes] = fields[0];
      const connection = this.rootConnection(query, nodes);
      if (connection) return { sql: connection.sql, assemble: (rows, read) => ({ [key]: connection.assemble(rows, read) }) };
    }
    const columns = fields.map(([, nodes], i) => `${this.field(query, nodes, "")} AS "${i}"`);
    return {
      sql: `SELECT ${columns.join(", ")}`,
      assemble: ([row], read) => Object.fromEntries(fields.map(([key], i) => [key, read(row[i] as string)])),
    };
  }

  /**
   * A root connection read as its page's rows (sort value, key, one JSON column per node selection, the
   * total when asked) and paged by `pageOf`, as the resolvers' lists are; null when it selects
   * something else than edges, pageInfo, totalCount or __typename.
   */
  private rootConnection(
    query: GraphQLObjectType, nodes: readonly FieldNode[],
  ): { sql: string; assemble: Assemble } | null {
    const name = nodes[0].name.value;
    const definition = query.getFields()[name];
    const sql = this.types.get(query.name)?.fields.get(name);
    const connectionType = definition ? getNamedType(definition.type) : undefined;
    if (!definition || sql?.kind !== "connection" || !isObjectType(connectionType)) return null;
    const fields = [...collectSubfields(this.schema, this.fragments, this.variables, connectionType, nodes)];
    const known = new Set(["edges", "pageInfo", "totalCount", "__typename"]);
    if (!fields.every(([, fieldNodes]) => known.has(fieldNodes[0].name.value))) return null;
    const edgeType = this.subtype(connectionType, "edges");
    const pageInfoType = this.subtype(connectionType, "pageInfo");
    const nodeType = this.subtype(edgeType, "node");
    const subfields = (type: GraphQLObjectType, fieldNodes: readonly FieldNode[]) =>
      [...collectSubfields(this.schema, this.fragments, this.variables, type, fieldNodes)].map(([key, n]) => ({ key, name: n[0].name.value, nodes: n }));

    const page = this.connection(definition, nodes, "", getArgumentValues(definition, nodes[0], this.variables), sql);
    // Each `node` selection (under any edges alias) is one JSON column of the row: n0, n1…
    const nodeSelections: Array<readonly FieldNode[]> = [];
    const shapes = fields.map(([key, fieldNodes]) => {
      const field = fieldNodes[0].name.value;
      const parts = field === "edges" ? subfields(edgeType, fieldNodes).map((part) => {
        if (part.name === "node") nodeSelections.push(part.nodes);
        return { ...part, column: `n${nodeSelections.length - 1}` };
      }) : field === "pageInfo" ? subfields(pageInfoType, fieldNodes).map((part) => ({ ...part, column: "" })) : [];
      return { key, field, parts };
    });
    for (const shape of shapes.filter((s) => s.field === "edges")) {
      for (const part of shape.parts) if (!["cursor", "node", "__typename"].includes(part.name)) throw new NotCompilable(`${edgeType.name}.${part.name}`);
    }
    const rows = page.rows(() => nodeSelections.map((selection, i) => `${this.subobject(nodeType, selection, page.alias)} AS "n${i}"`));
    const withTotal = shapes.some((shape) => shape.field === "totalCount");
    // The total as a one-row relation the page is laterally joined to: an empty page still gives its row.
    const statement = withTotal ? `SELECT page.*, total."__total" FROM (SELECT ${page.count()} AS "__total") total LEFT JOIN LATERAL (${rows}) page ON true` : rows;

    return {
      sql: statement,
      assemble: (result, read) => {
        const total = withTotal ? Number(result[0]?.__total ?? 0) : 0;
        const { page: pageRows, hasNextPage, hasPreviousPage } = pageOf(withTotal ? result.filter((row) => row.__key !== null) : result, page.request);
        // Cursors as toConnection writes them, computed only when asked for.
        const cursors = new Map<Record<string, unknown>, string>();
        const cursorOf = (row: Record<string, unknown>): string => {
          let cursor = cursors.get(row);
          if (cursor === undefined) cursors.set(row, (cursor = encodeCursor([page.tag, row.__sort as string | number, row.__key as string | number])));
          return cursor;
        };
        const info: Record<string, () => unknown> = {
          hasNextPage: () => hasNextPage,
          hasPreviousPage: () => hasPreviousPage,
          startCursor: () => (pageRows.length > 0 ? cursorOf(pageRows[0]) : null),
          endCursor: () => (pageRows.length > 0 ? cursorOf(pageRows[pageRows.length - 1]) : null),
          __typename: () => pageInfoType.name,
        };
        // Prototype-less, as graphql-js builds results: an alias may be any name, even "__proto__".
        const object: Record<string, unknown> = Object.create(null);
        for (const shape of shapes) {
          if (shape.field === "__typename") object[shape.key] = connectionType.name;
          else if (shape.field === "totalCount") object[shape.key] = total;
          else if (shape.field === "pageInfo") object[shape.key] = Object.fromEntries(shape.parts.map((part) => [part.key, info[part.name]()]));
          else {
            object[shape.key] = pageRows.map((row) => {
              const edge: Record<string, unknown> = Object.create(null);
              for (const part of shape.parts) {
                edge[part.key] = part.name === "cursor" ? cursorOf(row) : part.name === "node" ? read(row[part.column] as string) : edgeType.name;
              }
              return edge;
            });
          }
        }
        return object;
      },
    };
  }

  private object(type: GraphQLObjectType, fields: Map<string, readonly FieldNode[]>, row: string): string {
    if (fields.size > MAX_KEYS_PER_OBJECT) throw new NotCompilable("too many fields");
    return sqlJson.object([...fields].map(([key, nodes]) => [key, this.field(type, nodes, row)] as const));
  }

  private subobject(type: GraphQLObjectType, nodes: readonly FieldNode[], row: string): string {
    return this.object(type, collectSubfields(this.schema, this.fragments, this.variables, type, nodes), row);
  }

  /** Builds `build()` with to-one relations of `outer` rows joined (see JoinScope); the previous scope is restored. */
  private withJoins(where: Omit<JoinScope, "joins">, build: () => string): { value: string; scope: JoinScope } {
    const previous = this.joinScope;
    const scope: JoinScope = { ...where, joins: [] };
    this.joinScope = scope;
    try {
      return { value: build(), scope };
    } finally {
      this.joinScope = previous;
    }
  }

  private objectType(name: string): GraphQLObjectType {
    const type = this.schema.getType(name);
    if (!isObjectType(type) || !this.types.has(name)) throw new NotCompilable(`type ${name}`);
    return type;
  }

  /** The field's value as JSON text. */
  private field(parent: GraphQLObjectType, nodes: readonly FieldNode[], row: string): string {
    const node = nodes[0];
    const name = node.name.value;
    if (name === "__typename") return sqlJson.string(parent.name);
    const definition = parent.getFields()[name];
    const sql = this.types.get(parent.name)?.fields.get(name);
    if (!definition || !sql) throw new NotCompilable(`${parent.name}.${name}`);
    const args = getArgumentValues(definition, node, this.variables);
    switch (sql.kind) {
      case "column":
      case "scalar":
        if (!isVerbatimLeaf(definition.type)) this.verbatim = false;
        return sqlJson.value(sql.kind === "column" ? sql.sql(row) : sql.sql(row, args, this.scope));
      case "one": {
        const alias = this.alias();
        const type = this.objectType(sql.type);
        const scope = this.joinScope;
        const primaryKey = this.types.get(sql.type)?.primaryKey;
        if (scope && scope.outer === row && primaryKey) {
          scope.joins.push(`LEFT JOIN ${sql.table} ${alias} ON ${sql.where(scope.inner, alias, args, this.scope)}`);
          // In a page, the joined row travels as one composite column and its JSON is built after the LIMIT.
          const joined = scope.columns === null ? alias : `(${row}."__${alias}")`;
          scope.columns?.push(`${alias} AS "__${alias}"`);
          return `(CASE WHEN ${joined}.${primaryKey} IS NULL THEN 'null' ELSE ${this.subobject(type, nodes, joined)} END)`;
        }
        return sqlJson.orNull(`(SELECT ${this.subobject(type, nodes, alias)} FROM ${sql.table} ${alias} WHERE ${sql.where(row, alias, args, this.scope)})`);
      }
      case "many": {
        const alias = this.alias();
        // Items are built in the SELECT that joins: their to-one relations read the join directly.
        const { value: item, scope } = this.withJoins({ outer: alias, inner: alias, columns: null }, () =>
          this.subobject(this.objectType(sql.type), nodes, alias));
        return `(SELECT ${sqlJson.array(item, ` ORDER BY ${sql.order(alias)}`)} FROM ${sql.from(alias)} ${scope.joins.join(" ")} WHERE ${sql.where(row, alias)})`;
      }
      case "union": {
        const branches = sql.members.map((member) => {
          const alias = this.alias();
          const value = `(SELECT ${this.subobject(this.objectType(member.type), nodes, alias)} FROM ${member.table} ${alias} WHERE ${member.where(row, alias)})`;
          return `WHEN ${member.when(row)} THEN ${sqlJson.orNull(value)}`;
        });
        return `(CASE ${branches.join(" ")} ELSE 'null' END)`;
      }
      case "connection":
        return this.connection(definition, nodes, row, args, sql).object();
    }
  }

  /**
   * A Relay connection as `fetchPage` / `pageLoader` build it: the page in the read direction, with one
   * extra row when pageInfo needs to know whether there are more; edges, pageInfo and totalCount
   * aggregated from it. The aggregates read the page in its subquery's order (one sorted subquery,
   * no join, no grouping: PostgreSQL keeps that order), which spares sorting the page's JSON again.
   * Rows are numbered after the LIMIT: a window before it would sort every matching row.
   */
  private connection(
    definition: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], row: string, args: Args,
    sql: Extract<SqlField, { kind: "connection" }>,
  ): ConnectionSql {
    const connectionType = getNamedType(definition.type);
    if (!isObjectType(connectionType)) throw new NotCompilable("connection type");
    const fields = collectSubfields(this.schema, this.fragments, this.variables, connectionType, nodes);
    if (fields.size > MAX_KEYS_PER_OBJECT) throw new NotCompilable("too many fields");
    const page = pageRequest(args as PageArgs);
    const spec = sql.list(args, this.scope);
    const { source } = spec;
    const parentCondition = sql.parentKey && "parent" in spec ? `${spec.parent} = ${sql.parentKey(row)}` : null;
    if (sql.parentKey && parentCondition === null) throw new NotCompilable("nested list without parent");
    const { where, ordering } = this.embed(spec);
    const forward = page.direction === "forward";
    const descending = ordering.descending !== !forward;
    const conditions = [parentCondition, where, ...boundConditions(source, ordering, page, this.params)].filter((c): c is string => c !== null);
    const order = orderClause(ordering, source.key, descending);
    const selected = new Set([...fields.values()].map((fieldNodes) => fieldNodes[0].name.value));
    // Numbered rows (and the extra one) only for pageInfo, or to reverse a backward page.
    const numbered = selected.has("pageInfo") || !forward;
    const t = this.alias();
    const inPage = numbered ? ` FILTER (WHERE ${t}."__rn" <= ${page.size})` : "";
    const cursor = cursorSql(t, cursorTag(source, ordering));
    const firstCursor = (direction: "ASC" | "DESC") => `(array_agg(${cursor} ORDER BY ${t}."__rn" ${direction})${inPage})[1]`;
    const hasMore = `(count(*) > ${page.size})`;
    // A backward page was read reversed: its edges are put back in the requested order.
    const reverse = forward ? "" : ` ORDER BY ${t}."__rn" DESC`;

    // Its own count: a window over every matching row would keep them all (measured slower than a second scan).
    const count = (): string => {
      const countConditions = [parentCondition, where].filter((c): c is string => c !== null);
      return `(SELECT count(*) FROM ${source.from} WHERE ${countConditions.map((c) => `(${c})`).join(" AND ")})`;
    };

    const edgeObject = (edgeNodes: readonly FieldNode[]): string => {
      const edgeType = this.subtype(connectionType, "edges");
      const edgePairs: Array<[string, string]> = [];
      for (const [edgeKey, fieldNodes] of collectSubfields(this.schema, this.fragments, this.variables, edgeType, edgeNodes)) {
        const edgeField = fieldNodes[0].name.value;
        const edgeValue = edgeField === "__typename" ? sqlJson.string(edgeType.name)
          : edgeField === "cursor" ? sqlJson.value(cursor)
          : edgeField === "node" ? this.subobject(this.subtype(edgeType, "node"), fieldNodes, t)
          : null;
        if (edgeValue === null) throw new NotCompilable(`${edgeType.name}.${edgeField}`);
        edgePairs.push([edgeKey, edgeValue]);
      }
      return sqlJson.object(edgePairs);
    };

    const connectionField = (name: string, fieldNodes: readonly FieldNode[]): string => {
      switch (name) {
        case "__typename":
          return sqlJson.string(connectionType.name);
        case "totalCount":
          return sqlJson.value(count());
        case "pageInfo":
          return this.leaves(this.subtype(connectionType, name), fieldNodes, {
            hasNextPage: sqlJson.value(forward ? hasMore : String(page.before !== null)),
            hasPreviousPage: sqlJson.value(forward ? String(page.after !== null) : hasMore),
            startCursor: sqlJson.value(firstCursor(forward ? "ASC" : "DESC")),
            endCursor: sqlJson.value(firstCursor(forward ? "DESC" : "ASC")),
          });
        case "edges":
          return sqlJson.array(edgeObject(fieldNodes), reverse, inPage);
        default:
          throw new NotCompilable(`${connectionType.name}.${name}`);
      }
    };

    /** `select` built with the nodes' to-one relations joined in the page's query (see JoinScope), over that page. */
    const overPage = (select: () => string, numberRows: boolean): string => {
      const { value, scope } = this.withJoins({ outer: t, inner: source.alias, columns: [] }, select);
      // Only the columns the page's JSON reads travel through the sort: whole rows (texts included) cost
      // the national list's scan five times its filtering.
      const columns = referencedColumns(value, t).map((column) => `${source.alias}.${column}, `).join("");
      const joined = (scope.columns ?? []).map((column) => `, ${column}`).join("");
      const pageRows = `SELECT ${columns}${ordering.expression} AS "__sort", ${source.key} AS "__key"${joined}
        FROM ${source.from} ${scope.joins.join(" ")} WHERE ${conditions.map((c) => `(${c})`).join(" AND ")}
        ORDER BY ${order} LIMIT ${page.size + (numbered ? 1 : 0)}`;
      const rows = numberRows ? `SELECT p.*, row_number() OVER () AS "__rn" FROM (${pageRows}) p` : pageRows;
      return `SELECT ${value} FROM (${rows}) ${t}`;
    };

    return {
      object: () => `(${overPage(() => {
        return sqlJson.object([...fields].map(([key, fieldNodes]) => [key, connectionField(fieldNodes[0].name.value, fieldNodes)] as const));
      }, numbered)})`,
      rows: (select) => overPage(() => [`${t}."__sort"`, `${t}."__key"`, ...select()].join(", "), false),
      count,
      request: page,
      tag: cursorTag(source, ordering),
      alias: t,
    };
  }

  /** The object type of `parent.field`. */
  private subtype(parent: GraphQLObjectType, field: string): GraphQLObjectType {
    const type = getNamedType(parent.getFields()[field]?.type);
    if (!isObjectType(type)) throw new NotCompilable(`${parent.name}.${field}`);
    return type;
  }

  /** An object of leaf fields given as JSON texts (pageInfo). */
  private leaves(type: GraphQLObjectType, nodes: readonly FieldNode[], values: Record<string, string>): string {
    const pairs: Array<[string, string]> = [];
    for (const [key, fieldNodes] of collectSubfields(this.schema, this.fragments, this.variables, type, nodes)) {
      const name = fieldNodes[0].name.value;
      const value = name === "__typename" ? sqlJson.string(type.name) : values[name];
      if (value === undefined) throw new NotCompilable(`${type.name}.${name}`);
      pairs.push([key, value]);
    }
    return sqlJson.object(pairs);
  }
}

export interface SqlReadRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Coerced variable values (defaults applied). */
  variables: Record<string, unknown>;
  manager: EntityManager;
  today: IsoDate;
}

export type CompiledReadResult =
  /** `verbatim`: its JSON texts are as JSON.stringify would write them (see isVerbatimLeaf). */
  | { kind: "sql"; sql: string; params: unknown[]; assemble: Assemble; verbatim: boolean }
  /** Some field has no SQL form: this document always goes to the resolvers. */
  | { kind: "unsupported" }
  /** An argument was refused (a malformed code, a page too large…): the resolvers report it. */
  | { kind: "refused" };

/** The statement answering `request`, when every field it selects maps to SQL. */
export function compileRead(schema: GraphQLSchema, types: SqlTypes, request: SqlReadRequest): CompiledReadResult {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of request.document.definitions) {
    if (definition.kind === "FragmentDefinition") fragments[definition.name.value] = definition;
  }
  const compiler = new Compiler(
    schema, resolveTypes(schema, request.manager.connection, types), fragments, request.variables, request.manager, request.today,
  );
  try {
    const { sql, assemble } = compiler.operation(request.operation);
    return { kind: "sql", sql, params: compiler.params.values, assemble, verbatim: compiler.verbatim };
  } catch (error) {
    return error instanceof NotCompilable ? { kind: "unsupported" } : { kind: "refused" };
  }
}

/** The mappings of several domains as one: fields of a type declared in several (Query) are merged. */
export function mergeSqlTypes(parts: readonly SqlTypes[]): SqlTypes {
  const merged: SqlTypes = {};
  for (const part of parts) {
    for (const [name, type] of Object.entries(part)) {
      const existing = merged[name];
      merged[name] = existing
        ? { entity: existing.entity ?? type.entity, fields: { ...existing.fields, ...type.fields } }
        : { entity: type.entity, fields: { ...type.fields } };
    }
  }
  return merged;
}

/** Helpers the domains declare their mappings with. */
export const sqlField = {
  scalar: (sql: (row: string, args: Args, scope: SqlReadScope) => string): SqlField => ({ kind: "scalar", sql }),
  one: (type: string, table: string, where: (row: string, alias: string, args: Args, scope: SqlReadScope) => string): SqlField =>
    ({ kind: "one", type, table, where }),
  many: (
    type: string, from: (alias: string) => string, where: (row: string, alias: string) => string, order: (alias: string) => string,
  ): SqlField => ({ kind: "many", type, from, where, order }),
  connection: (list: (args: Args, scope: SqlReadScope) => ListSpec | NestedListSpec, parentKey?: (row: string) => string): SqlField =>
    ({ kind: "connection", list, parentKey }),
};
