import "reflect-metadata";
import { databaseConfig } from "./src/config";
import { createDataSource } from "./src/server/database";

/** The DataSource the TypeORM CLI uses (migration:generate / migration:run / --check). */
export default createDataSource(databaseConfig());
