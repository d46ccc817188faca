import type { DataSource, EntityManager } from "typeorm";
import { listSpec, type Edge, type GraphPart, type ListArgs, type NodeClass, type RootField } from "../declare";
import { columnOf, graphqlNameOf, tableOf } from "../metadata";
import type { SqlField, SqlType, SqlTypes } from "./types";

/**
 * The compiled reads' mapping, derived from the declarations (src/graph/declare.ts): the same keys,
 * joins, orders, filters and argument checks the resolvers' loaders use, written as SQL over a row's
 * alias. Nothing here is written per field.
 */

function edgeSql(manager: EntityManager, parent: NodeClass, edge: Edge): SqlField | null {
  const from = (property: string) => columnOf(manager, parent, property);
  switch (edge.kind) {
    case "one": {
      const target = edge.target();
      const key = from(edge.from);
      const to = columnOf(manager, target, edge.to);
      return {
        kind: "one",
        type: graphqlNameOf(target),
        table: tableOf(manager, target),
        where: (row, alias) => `${alias}.${to} = ${row}.${key}`,
      };
    }
    case "many": {
      const target = edge.target();
      const table = tableOf(manager, target);
      const key = from(edge.from);
      const link = edge.link;
      const type = graphqlNameOf(target);
      if (link.kind === "column") {
        const to = columnOf(manager, target, link.to);
        return { kind: "many", type, from: (a) => `${table} ${a}`, where: (row, a) => `${a}.${to} = ${row}.${key}`, order: edge.order };
      }
      if (link.kind === "table") {
        const targetKey = columnOf(manager, target, link.targetKey);
        return {
          kind: "many",
          type,
          order: edge.order,
          from: (a) => `${link.table} ${a}_link JOIN ${table} ${a} ON ${a}.${targetKey} = ${a}_link.${link.child}`,
          where: (row, a) => `${a}_link.${link.parent} = ${row}.${key}`,
        };
      }
      return { kind: "many", type, from: (a) => `${table} ${a}`, where: (row, a) => link.where(`${row}.${key}`, a), order: edge.order };
    }
    case "list": {
      const key = from(edge.from);
      return {
        kind: "connection",
        list: (args, scope) => listSpec(edge.list, scope.manager, args as ListArgs, scope.today, edge),
        parentKey: (row) => `${row}.${key}`,
      };
    }
    case "union":
      return {
        kind: "union",
        members: edge.members.map((member) => {
          const target = member.target();
          const key = from(member.from);
          const to = columnOf(manager, target, member.to);
          return {
            type: graphqlNameOf(target),
            table: tableOf(manager, target),
            when: (row: string) => `${row}.${key} IS NOT NULL`,
            where: (row: string, alias: string) => `${alias}.${to} = ${row}.${key}`,
          };
        }),
      };
    case "keys":
      // Keys carried by computed figures (analytics rows), which are not compiled.
      return null;
    case "computed": {
      const sql = edge.sql;
      return sql ? { kind: "scalar", sql: (row, args, scope) => sql(row, args, scope) } : null;
    }
  }
}

function rootSql(manager: EntityManager, field: RootField): SqlField {
  if (field.kind === "rootList") {
    return { kind: "connection", list: (args, scope) => listSpec(field.list, scope.manager, args as ListArgs, scope.today) };
  }
  const target = field.target();
  const table = tableOf(manager, target);
  const to = columnOf(manager, target, field.to);
  const through = field.through;
  const key = through
    ? // As the resolver: the argument when a row has it as its key, else the key its `through` row names.
      (value: string) => {
        const alias = through.target();
        return `CASE WHEN EXISTS (SELECT 1 FROM ${table} k WHERE k.${to} = ${value}) THEN ${value}
          ELSE (SELECT t.${columnOf(manager, alias, through.to)} FROM ${tableOf(manager, alias)} t WHERE t.${columnOf(manager, alias, through.from)} = ${value}) END`;
      }
    : (value: string) => value;
  return {
    kind: "one",
    type: graphqlNameOf(target),
    table,
    where: (_row, alias, args, { params }) => {
      const value = args[field.argument.name] as string;
      field.argument.check?.(value);
      return `${alias}.${to} = ${key(params.param(value))}`;
    },
  };
}

/**
 * Every type's mapping: entity types (their columns come from the entity metadata, see columns.ts)
 * and their declared edges; the Query type's root fields. Types that are not entities (analytics
 * figures) are left out: a document selecting them goes to the resolvers.
 */
export function sqlTypesOf(parts: readonly GraphPart[], dataSource: DataSource): SqlTypes {
  const manager = dataSource.manager;
  const types: SqlTypes = {};
  const typeOf = (cls: NodeClass): SqlType => (types[graphqlNameOf(cls)] ??= { entity: cls, fields: {} });
  for (const part of parts) {
    for (const entity of part.entities ?? []) typeOf(entity);
    for (const set of part.edges) {
      const parent = set.parent();
      if (!dataSource.hasMetadata(parent)) continue;
      const type = typeOf(parent);
      for (const [name, edge] of Object.entries(set.edges)) {
        const sql = edgeSql(manager, parent, edge);
        if (sql) type.fields[name] = sql;
      }
    }
    for (const roots of part.roots) {
      const query = (types.Query ??= { fields: {} });
      for (const [name, field] of Object.entries(roots.fields)) query.fields[name] = rootSql(manager, field);
    }
  }
  return types;
}
