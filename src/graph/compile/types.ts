import type { EntityManager } from "typeorm";
import type { IsoDate } from "../../common/date";
import type { ListSpec, NestedListSpec } from "../../db/list-query";
import type { SqlParams } from "../../db/sql";

/**
 * The compiler's model of the mapping (src/graph/compile/compiler.ts): how each field of each GraphQL
 * type reads in SQL. It is derived from the declarations (mapping.ts) and the entity metadata
 * (columns.ts), never written by hand.
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
  | {
      kind: "many";
      type: string;
      from: (alias: string) => string;
      where: (row: string, alias: string) => string;
      order: (alias: string) => string;
    }
  /** A union: the first member whose `when` holds, null when none does. */
  | {
      kind: "union";
      members: ReadonlyArray<{ type: string; table: string; when: (row: string) => string; where: (row: string, alias: string) => string }>;
    }
  | { kind: "connection"; list: (args: Args, scope: SqlReadScope) => ListSpec | NestedListSpec; parentKey?: (row: string) => string }
  /** An embedded object (TypeORM's embedded columns): its fields are columns of the same row. */
  | { kind: "embedded"; type: string };

/** A GraphQL object type's mapping: the entity whose rows it is (none for Query), and its non-column fields. */
export interface SqlType {
  entity?: Function;
  fields: Record<string, SqlField>;
}

export type SqlTypes = Record<string, SqlType>;

/**
 * How a statement's rows become `data`. `read` turns each JSON text the statement wrote into the value
 * `data` holds there: JSON.parse, or a wrapper a server writes out as it is (src/graph/raw-json.ts).
 */
export type Assemble = (rows: Array<Record<string, unknown>>, read: (json: string) => unknown) => Record<string, unknown>;

/** Thrown while compiling when a field or argument has no SQL form: the operation goes to the resolvers. */
export class NotCompilable extends Error {}

/** A column field: the SQL of its value over the row's alias. */
export interface ColumnField {
  kind: "column";
  sql: (row: string) => string;
  column: string;
  /** A @Restricted() column: compiled only for a caller who reads every restricted field (src/graph/restricted.ts). */
  restricted?: true;
}

/** Field → SQL of one type, columns included (resolved once per schema and data source). */
export type ResolvedFields = Map<string, SqlField | ColumnField>;

export interface ResolvedType {
  fields: ResolvedFields;
  /** The table's (first) primary key column: NULL there means a LEFT JOIN found no row. */
  primaryKey: string | null;
}
