import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import pg from "pg";
import { type DataSourceOptions } from "typeorm";
import { migrations } from "./migrations";
import { SnakeNamingStrategy } from "./naming-strategy";
import { HubQueryLogger } from "./query-log";
import { createEmbeddedDriver } from "./pglite-pool";

/** Where the hub keeps its data: an embedded PGlite folder, or a PostgreSQL server. */
export type DatabaseConfig =
  | { kind: "embedded"; dataDir: string }
  | { kind: "postgres"; url: string; poolSize: number; timeouts?: DatabaseTimeouts; replicaUrls?: string[] };

/** Bounds on every PostgreSQL session: a slow statement is cancelled by the server, not merely abandoned. */
export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

const PG_DATE = 1082;
const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/** The same JavaScript values from `pg` as from PGlite: dates as YYYY-MM-DD, counts and numerics as numbers. */
function alignPgTypeParsers(): void {
  pg.types.setTypeParser(PG_DATE, (value: string) => value);
  pg.types.setTypeParser(PG_INT8, (value: string) => Number(value));
  pg.types.setTypeParser(PG_NUMERIC, (value: string) => Number(value));
}

/**
 * The hub's DataSource: the embedded PGlite database by default, a PostgreSQL server when
 * DATABASE_URL is set. Same entities, same migrations, same SQL on both; never `synchronize`.
 */
export function dataSourceOptions(
  database: DatabaseConfig,
  entities: NonNullable<DataSourceOptions["entities"]>,
  options: { logErrors?: boolean } = {},
): DataSourceOptions {
  const common = {
    type: "postgres" as const,
    entities,
    migrations,
    migrationsTableName: "migrations",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logger: new HubQueryLogger(options.logErrors !== false),
    installExtensions: false,
  };
  if (database.kind === "postgres") {
    alignPgTypeParsers();
    const timeouts = database.timeouts;
    const replicas = database.replicaUrls ?? [];
    return {
      ...common,
      // With replicas, TypeORM keeps one pool per server: writes and migrations on the primary ("master"),
      // query runners created in "slave" mode on a replica picked at random (src/server/read-replicas.ts).
      ...(replicas.length > 0
        ? { replication: { master: { url: database.url }, slaves: replicas.map((url) => ({ url })) } }
        : { url: database.url }),
      poolSize: database.poolSize,
      applicationName: "ctg-hub",
      extra: {
        // No JIT: the hub's statements run in milliseconds, and a correlated subquery's estimate can pass
        // jit_above_cost, whose compilation then costs more than the statement (departmentCoverage with its
        // EPCI figures: 45 ms with JIT, 10 without; the national coverage map 107 and 85).
        options: "-c jit=off",
        ...(timeouts && {
          connectionTimeoutMillis: timeouts.connectMs,
          statement_timeout: timeouts.statementMs,
          lock_timeout: timeouts.lockMs,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        }),
      },
      // An idle client killed by a server restart emits an error on the pool: log it, never crash.
      poolErrorHandler: (error: Error) => console.warn(`database pool: ${error.message}`),
    };
  }
  mkdirSync(database.dataDir, { recursive: true });
  // The extensions the search relies on (migrations create them): PGlite loads their code when it opens.
  return { ...common, driver: createEmbeddedDriver({ dataDir: database.dataDir, extensions: { pg_trgm, unaccent } }) };
}
