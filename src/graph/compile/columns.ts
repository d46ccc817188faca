import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { getMetadataStorage } from "type-graphql";
import type { DataSource } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { SqlParams } from "../../db/sql";
import { restrictedProperties } from "../restricted";
import { referencedColumns } from "./json";
import type { ColumnField, ResolvedFields, ResolvedType, SqlTypes } from "./types";

/**
 * The column fields of each type and the resolved mapping: plain fields come from the entity's
 * columns (a GraphQL field of the entity class, or of a class it extends, without a field resolver and
 * named after a column's property), the others from the declarations.
 */

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
  const leaf = isScalarType(inner)
    ? inner.name
    : // Enums whose internal values are their names serialize as the stored text.
      isEnumType(inner) && inner.getValues().every((value) => value.value === value.name)
      ? "enum"
      : null;
  const columnType = typeof column.type === "string" ? column.type : column.type.name.toLowerCase();
  if (leaf === null || !JSON_COMPATIBLE[leaf]?.includes(columnType)) return null;
  const name = column.databaseName;
  return leaf === "ID" && INTEGER.includes(columnType) ? (row) => `${row}.${name}::text` : (row) => `${row}.${name}`;
}

/** The classes whose fields a type has: the entity and the classes it extends (a base entity's shared columns). */
function lineage(entity: Function): Function[] {
  const classes: Function[] = [];
  for (let cls: Function | null = entity; cls && cls !== Function.prototype; cls = Object.getPrototypeOf(cls) as Function | null)
    classes.push(cls);
  return classes;
}

/**
 * The column fields of an entity-backed type: fields of its classes without a field resolver, named after a
 * column (`prefix`: an embedded object's columns, `diagnostic.summary`). An embedded object is a field too,
 * its type's fields resolved the same way over the same row (into `embedded`).
 */
function columnFields(
  schema: GraphQLSchema,
  dataSource: DataSource,
  typeName: string,
  entity: Function,
  embedded: Map<string, ResolvedType>,
  prefix = "",
): ResolvedFields {
  const storage = getMetadataStorage();
  const resolved: ResolvedFields = new Map();
  const type = schema.getType(typeName);
  if (!isObjectType(type) || !dataSource.hasMetadata(entity)) return resolved;
  const classes = lineage(entity);
  const metadata = dataSource.getMetadata(entity);
  const columns = new Map(metadata.columns.map((column) => [column.propertyPath, column]));
  if (prefix === "") {
    for (const embed of metadata.embeddeds) {
      const graphqlField = type.getFields()[embed.propertyName];
      const embeddedType = graphqlField ? getNamedType(graphqlField.type) : undefined;
      if (!isObjectType(embeddedType) || !isNonNullType(graphqlField.type)) continue;
      if (!embedded.has(embeddedType.name)) {
        embedded.set(embeddedType.name, {
          fields: embeddedFields(schema, dataSource, embeddedType.name, embed.type as Function, columns, `${embed.propertyName}.`),
          primaryKey: null,
        });
      }
      resolved.set(embed.propertyName, { kind: "embedded", type: embeddedType.name });
    }
  }
  const withResolver = new Set(
    storage.fieldResolvers.filter((r) => classes.includes(r.getObjectType?.() as Function)).map((r) => r.schemaName),
  );
  for (const field of storage.fields.filter((f) => classes.includes(f.target))) {
    const graphqlField = type.getFields()[field.schemaName];
    const column = columns.get(field.name);
    if (!graphqlField || !column || withResolver.has(field.schemaName) || resolved.has(field.schemaName)) continue;
    const sql = columnSql(graphqlField.type, column);
    if (sql) resolved.set(field.schemaName, { kind: "column", sql, column: column.databaseName } satisfies ColumnField);
  }
  // A restricted property's field: its resolver checks the caller, then returns the column as it is (src/graph/restricted.ts).
  for (const property of restrictedProperties(entity)) {
    const graphqlField = type.getFields()[property];
    const column = columns.get(property);
    const sql = graphqlField && column && !resolved.has(property) ? columnSql(graphqlField.type, column) : null;
    if (sql && column) resolved.set(property, { kind: "column", sql, column: column.databaseName, restricted: true } satisfies ColumnField);
  }
  return resolved;
}

/** The fields of an embedded object type: its class's fields named after the embedded columns (`prefix` + property). */
function embeddedFields(
  schema: GraphQLSchema,
  _dataSource: DataSource,
  typeName: string,
  embeddedClass: Function,
  columns: Map<string, ColumnMetadata>,
  prefix: string,
): ResolvedFields {
  const resolved: ResolvedFields = new Map();
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return resolved;
  for (const field of getMetadataStorage().fields.filter((f) => f.target === embeddedClass)) {
    const graphqlField = type.getFields()[field.schemaName];
    const column = columns.get(`${prefix}${field.name}`);
    const sql = graphqlField && column ? columnSql(graphqlField.type, column) : null;
    if (sql && column) resolved.set(field.schemaName, { kind: "column", sql, column: column.databaseName });
  }
  return resolved;
}

/**
 * Refuses a mapping that reads a restricted column (src/graph/restricted.ts) other than through the column's own
 * restricted field: another field named after it, a column field on it, or a computed field whose SQL reads it (no
 * caller check would guard them). Checked when the mapping is resolved, at start-up.
 */
function checkRestricted(dataSource: DataSource, typeName: string, entity: Function, fields: ResolvedFields): void {
  const properties = restrictedProperties(entity);
  if (properties.size === 0) return;
  const metadata = dataSource.getMetadata(entity);
  const columns = new Set([...properties].map((p) => metadata.findColumnWithPropertyPath(p)?.databaseName ?? p));
  for (const [name, field] of fields) {
    if (field.kind === "column" && field.restricted) continue;
    const reads =
      field.kind === "column"
        ? [field.column]
        : field.kind === "scalar"
          ? referencedColumns(
              field.sql("_restricted", {}, { manager: dataSource.manager, today: "2000-01-01", params: new SqlParams() }),
              "_restricted",
            )
          : [];
    if (properties.has(name) || reads.some((column) => columns.has(column))) {
      throw new Error(`Compiled reads would read the restricted field ${typeName}.${name}: restricted fields stay with their resolvers`);
    }
  }
}

/** The resolved mapping of every type, per schema and data source. */
const resolvedMappings = new WeakMap<GraphQLSchema, WeakMap<DataSource, Map<string, ResolvedType>>>();

export function resolveTypes(
  schema: GraphQLSchema,
  dataSource: DataSource,
  typesOf: (dataSource: DataSource) => SqlTypes,
): Map<string, ResolvedType> {
  let bySource = resolvedMappings.get(schema);
  if (!bySource) resolvedMappings.set(schema, (bySource = new WeakMap()));
  let resolved = bySource.get(dataSource);
  if (!resolved) {
    resolved = new Map();
    const embedded = new Map<string, ResolvedType>();
    for (const [name, mapping] of Object.entries(typesOf(dataSource))) {
      const fields: ResolvedFields = mapping.entity ? columnFields(schema, dataSource, name, mapping.entity, embedded) : new Map();
      for (const [field, sql] of Object.entries(mapping.fields)) fields.set(field, sql);
      if (mapping.entity && dataSource.hasMetadata(mapping.entity)) checkRestricted(dataSource, name, mapping.entity, fields);
      const primaryKey =
        mapping.entity && dataSource.hasMetadata(mapping.entity)
          ? (dataSource.getMetadata(mapping.entity).primaryColumns[0]?.databaseName ?? null)
          : null;
      resolved.set(name, { fields, primaryKey });
    }
    for (const [name, type] of embedded) if (!resolved.has(name)) resolved.set(name, type);
    bySource.set(dataSource, resolved);
  }
  return resolved;
}
