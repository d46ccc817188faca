import { getMetadataStorage } from "type-graphql";
import type { EntityManager } from "typeorm";
import type { NodeClass } from "./declare";

/** The table of an entity class, from TypeORM's metadata. */
export function tableOf(manager: EntityManager, entity: NodeClass): string {
  return manager.connection.getMetadata(entity).tableName;
}

/** The column holding an entity property (`departmentCode` → `department_code`); a declaration naming no column fails at once. */
export function columnOf(manager: EntityManager, entity: NodeClass, property: string): string {
  const column = manager.connection.getMetadata(entity).findColumnWithPropertyPath(property);
  if (!column) throw new Error(`${entity.name}.${property} is not a column: fix its declaration`);
  return column.databaseName;
}

/** The GraphQL name of a class (type-graphql's, which may differ from the class name). */
export function graphqlNameOf(cls: Function): string {
  return getMetadataStorage().objectTypes.find((type) => type.target === cls)?.name ?? cls.name;
}
