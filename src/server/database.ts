import { DataSource } from "typeorm";
import { dataSourceOptions, type DatabaseConfig } from "../db/data-source";
import { entities } from "./entities";

/**
 * The hub's DataSource over every domain's entities: the embedded PGlite database by default, a PostgreSQL
 * server when DATABASE_URL is set (src/db/data-source.ts). Here, at the top: the entity list names every domain.
 */
export function createDataSource(database: DatabaseConfig, options: { logErrors?: boolean } = {}): DataSource {
  return new DataSource(dataSourceOptions(database, entities, options));
}
