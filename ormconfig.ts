import "reflect-metadata";
import { databaseConfig } from "./src/config";
import { createDataSource } from "./src/db/data-source";

/** The DataSource the TypeORM CLI uses (migration:generate / migration:run / --check). */
export default createDataSource(databaseConfig());
