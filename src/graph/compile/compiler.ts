import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type GraphQLSchema,
} from "graphql";
import { collectFields, collectSubfields } from "graphql/execution/collectFields";
import type { DataSource, EntityManager } from "typeorm";
import type { IsoDate } from "../../common/date";
import type { ListSpec } from "../../db/list-query";
import { SqlParams } from "../../db/sql";
import { resolveTypes } from "./columns";
import { compileConnection, compileRootConnection, type JoinScope } from "./connection";
import { MAX_KEYS_PER_OBJECT, isVerbatimLeaf, sqlJson } from "./json";
export { sqlJson } from "./json";
export type { SqlTypes, SqlField } from "./types";
import { NotCompilable, type Assemble, type ResolvedType, type SqlReadScope, type SqlTypes } from "./types";

/**
 * Compiled reads: a query operation whose every field maps to SQL is answered by ONE statement
 * that builds the response JSON in the database (objects and aggregated lists over correlated
 * subqueries — the PostGraphile/Hasura approach), instead of resolvers, DataLoaders and one
 * statement per level. On the dashboard's lists that is most of the hub's CPU (bench/read.ts).
 * The JSON is written as text, compact as JSON.stringify writes it (see `sqlJson`), so that a server
 * can send it as it comes (src/graph/raw-json.ts) instead of parsing it and writing it again.
 *
 * The mapping is declared per domain (`*.sql-read.ts`): plain fields come from the entity's
 * columns (a GraphQL field of the entity class without a field resolver, whose name is a column's
 * property); relations, lists, connections and computed fields are declared next to their resolvers,
 * and reuse the same list specs (filters, orders, cursors) as the resolvers. Anything else — a
 * field without a mapping (restricted fields, analytics, introspection), an argument a check
 * refuses, a statement that fails — leaves the operation to the resolvers, which answer it exactly
 * as before (errors included). The parity test runs documents both ways and compares the answers.
 */

export class Compiler {
  private aliases = 0;
  private joinScope: JoinScope | null = null;
  readonly params = new SqlParams();
  /** False once a leaf is not verbatim (see isVerbatimLeaf). */
  verbatim = true;
  readonly scope: SqlReadScope;

  constructor(
    readonly schema: GraphQLSchema,
    readonly types: Map<string, ResolvedType>,
    readonly fragments: Record<string, FragmentDefinitionNode>,
    readonly variables: Record<string, unknown>,
    manager: EntityManager,
    today: IsoDate,
    /** The caller reads every restricted field (readsAllRestricted): restricted columns compile. */
    private readonly readsRestricted: boolean,
  ) {
    this.scope = { manager, today, params: this.params };
  }

  alias(): string {
    return `_r${++this.aliases}`;
  }

  /**
   * A list's condition and order (a search rank reads the filter's parameters) with their placeholders renumbered
   * after the statement's parameters so far; its cursor tag is unchanged (it leaves placeholder numbers out).
   */
  embed(spec: ListSpec): ListSpec {
    const offset = this.params.values.push(...spec.filter.params.values) - spec.filter.params.values.length;
    const shift = (sql: string) => sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return {
      ...spec,
      filter: { ...spec.filter, where: shift(spec.filter.where) },
      ordering: { ...spec.ordering, expression: shift(spec.ordering.expression) },
    };
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
      const connection = compileRootConnection(this, query, nodes);
      if (connection) return { sql: connection.sql, assemble: (rows, read) => ({ [key]: connection.assemble(rows, read) }) };
    }
    const columns = fields.map(([, nodes], i) => `${this.field(query, nodes, "")} AS "${i}"`);
    return {
      sql: `SELECT ${columns.join(", ")}`,
      assemble: ([row], read) => Object.fromEntries(fields.map(([key], i) => [key, read(row[i] as string)])),
    };
  }

  private object(type: GraphQLObjectType, fields: Map<string, readonly FieldNode[]>, row: string): string {
    if (fields.size > MAX_KEYS_PER_OBJECT) throw new NotCompilable("too many fields");
    return sqlJson.object([...fields].map(([key, nodes]) => [key, this.field(type, nodes, row)] as const));
  }

  subobject(type: GraphQLObjectType, nodes: readonly FieldNode[], row: string): string {
    return this.object(type, collectSubfields(this.schema, this.fragments, this.variables, type, nodes), row);
  }

  /** Builds `build()` with to-one relations of `outer` rows joined (see JoinScope); the previous scope is restored. */
  withJoins(where: Omit<JoinScope, "joins">, build: () => string): { value: string; scope: JoinScope } {
    const previous = this.joinScope;
    const scope: JoinScope = { ...where, joins: [] };
    this.joinScope = scope;
    try {
      return { value: build(), scope };
    } finally {
      this.joinScope = previous;
    }
  }

  objectType(name: string): GraphQLObjectType {
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
        if (sql.kind === "column" && sql.restricted && !this.readsRestricted) throw new NotCompilable(`${parent.name}.${name} (restreint)`);
        if (!isVerbatimLeaf(definition.type)) this.verbatim = false;
        return sqlJson.value(sql.kind === "column" ? sql.sql(row) : sql.sql(row, args, this.scope));
      case "embedded":
        return this.subobject(this.objectType(sql.type), nodes, row);
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
        return sqlJson.orNull(
          `(SELECT ${this.subobject(type, nodes, alias)} FROM ${sql.table} ${alias} WHERE ${sql.where(row, alias, args, this.scope)})`,
        );
      }
      case "many": {
        const alias = this.alias();
        // Items are built in the SELECT that joins: their to-one relations read the join directly.
        const { value: item, scope } = this.withJoins({ outer: alias, inner: alias, columns: null }, () =>
          this.subobject(this.objectType(sql.type), nodes, alias),
        );
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
        return compileConnection(this, definition, nodes, row, args, sql).object();
    }
  }

  /** The object type of `parent.field`. */
  subtype(parent: GraphQLObjectType, field: string): GraphQLObjectType {
    const type = getNamedType(parent.getFields()[field]?.type);
    if (!isObjectType(type)) throw new NotCompilable(`${parent.name}.${field}`);
    return type;
  }

  /** An object of leaf fields given as JSON texts (pageInfo). */
  leaves(type: GraphQLObjectType, nodes: readonly FieldNode[], values: Record<string, string>): string {
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
  /**
   * The caller reads every restricted field (`readsAllRestricted`): the resolvers would return those columns as they
   * are, so the statement reads them too. Otherwise a restricted field leaves the operation to the resolvers, which check.
   */
  readsRestricted: boolean;
}

export type CompiledReadResult =
  /** `verbatim`: its JSON texts are as JSON.stringify would write them (see isVerbatimLeaf). */
  | { kind: "sql"; sql: string; params: unknown[]; assemble: Assemble; verbatim: boolean }
  /** Some field has no SQL form (`reason` names it): this document always goes to the resolvers. */
  | { kind: "unsupported"; reason: string }
  /** An argument was refused (a malformed code, a page too large…): the resolvers report it. */
  | { kind: "refused"; reason: string };

/** The statement answering `request`, when every field it selects maps to SQL. */
export function compileRead(
  schema: GraphQLSchema,
  types: (dataSource: DataSource) => SqlTypes,
  request: SqlReadRequest,
): CompiledReadResult {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of request.document.definitions) {
    if (definition.kind === "FragmentDefinition") fragments[definition.name.value] = definition;
  }
  const compiler = new Compiler(
    schema,
    resolveTypes(schema, request.manager.connection, types),
    fragments,
    request.variables,
    request.manager,
    request.today,
    request.readsRestricted,
  );
  try {
    const { sql, assemble } = compiler.operation(request.operation);
    return { kind: "sql", sql, params: compiler.params.values, assemble, verbatim: compiler.verbatim };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return error instanceof NotCompilable ? { kind: "unsupported", reason } : { kind: "refused", reason };
  }
}
