import path from "node:path";

/** Where the hub keeps its data: an embedded PGlite folder, or a PostgreSQL server. */
export type DatabaseConfig =
  | { kind: "embedded"; dataDir: string }
  | { kind: "postgres"; url: string; poolSize: number; timeouts?: DatabaseTimeouts };

/** Bounds on every PostgreSQL session: a slow statement is cancelled by the server, not merely abandoned. */
export interface DatabaseTimeouts {
  connectMs: number;
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export interface HubConfig {
  port: number;
  database: DatabaseConfig;
  /** Load the geography and reference cases when the database has none. */
  seedOnStart: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/** Reads the environment once; every setting is validated here, not where it is used. */
export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`);
    }
    return {
      kind: "postgres",
      url,
      poolSize: positiveInteger(env, "DATABASE_POOL_SIZE", 10),
      timeouts: {
        connectMs: positiveInteger(env, "DATABASE_CONNECT_TIMEOUT_MS", 5_000),
        statementMs: positiveInteger(env, "DATABASE_STATEMENT_TIMEOUT_MS", 15_000),
        lockMs: positiveInteger(env, "DATABASE_LOCK_TIMEOUT_MS", 5_000),
        idleInTransactionMs: positiveInteger(env, "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 30_000),
      },
    };
  }
  return { kind: "embedded", dataDir: path.resolve(env.CTG_HUB_DATA_DIR || "data") };
}

export function loadConfig(env: Env = process.env): HubConfig {
  return {
    port: positiveInteger(env, "PORT", 4000),
    database: databaseConfig(env),
    seedOnStart: env.CTG_HUB_SEED !== "false",
  };
}

/** A printable description of the database, without credentials. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === "embedded") return `embedded PGlite at ${db.dataDir}`;
  const url = new URL(db.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
