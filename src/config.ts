import path from "node:path";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "./graph/limits";

export type { DatabaseConfig, DatabaseTimeouts } from "./db/data-source";
import type { DatabaseConfig } from "./db/data-source";

/** The response cache (src/server/response-cache.ts): on by default, in memory unless `REDIS_URL` names a shared Redis. */
export interface ResponseCacheConfig {
  enabled: boolean;
  redisUrl: string | null;
  /** Seconds an answer lives when its types declare no shorter hint (writes invalidate sooner). */
  defaultMaxAgeS: number;
  /** Size bound of the in-process cache. */
  memoryMb: number;
  /** Prefix of the hub's keys in Redis. */
  namespace: string;
}

export interface HubConfig {
  port: number;
  database: DatabaseConfig;
  cache: ResponseCacheConfig;
  limits: QueryLimits;
  /** Answer query operations from one SQL statement when their fields map to SQL. */
  compiledReads: boolean;
  /** Load the geography and reference cases when the database has none. */
  seedOnStart: boolean;
}

export { ConfigError } from "./common/config-error";
import { ConfigError } from "./common/config-error";

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
const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Read replicas (`DATABASE_REPLICA_URLS`, comma-separated): query operations read there, writes go to the primary. */
function replicaUrls(env: Env): string[] {
  const urls = (env.DATABASE_REPLICA_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
  const bad = urls.findIndex((u) => !isPostgresUrl(u));
  if (bad >= 0) throw new ConfigError(`DATABASE_REPLICA_URLS: entry ${bad + 1} must start with postgres:// or postgresql://`);
  return urls;
}

export function databaseConfig(env: Env = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  const replicas = replicaUrls(env);
  if (!url && replicas.length > 0)
    throw new ConfigError(`DATABASE_REPLICA_URLS needs DATABASE_URL (the primary): the embedded database has no replicas`);
  if (url) {
    if (!isPostgresUrl(url)) {
      throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://`);
    }
    return {
      kind: "postgres",
      url,
      replicaUrls: replicas,
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

export function responseCacheConfig(env: Env = process.env): ResponseCacheConfig {
  const enabled = env.RESPONSE_CACHE ?? "on";
  if (enabled !== "on" && enabled !== "off") throw new ConfigError(`RESPONSE_CACHE must be "on" or "off", got "${enabled}"`);
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://`);
  return {
    enabled: enabled === "on",
    redisUrl,
    defaultMaxAgeS: positiveInteger(env, "RESPONSE_CACHE_MAX_AGE_S", 300),
    memoryMb: positiveInteger(env, "RESPONSE_CACHE_MEMORY_MB", 64),
    namespace: env.RESPONSE_CACHE_NAMESPACE || "ctg-hub",
  };
}

/** Largest file `POST /import/<kind>` accepts (IMPORT_MAX_BYTES): 20 MiB by default, about 200,000 action rows. */
export function importMaxBytesConfig(env: Env = process.env): number {
  return positiveInteger(env, "IMPORT_MAX_BYTES", 20 * 1024 * 1024);
}

/** Compiled reads (src/graph/compile/): on by default; `COMPILED_READS=off` answers every operation with resolvers. */
export function compiledReadsConfig(env: Env = process.env): boolean {
  const value = env.COMPILED_READS ?? "on";
  if (value !== "on" && value !== "off") throw new ConfigError(`COMPILED_READS must be "on" or "off", got "${value}"`);
  return value === "on";
}

/** Query limits (src/graph/limits.ts), each overridable: QUERY_MAX_DEPTH, …, REQUEST_TIMEOUT_MS. */
export function queryLimitsConfig(env: Env = process.env): QueryLimits {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: positiveInteger(env, "QUERY_MAX_DEPTH", d.maxDepth),
    maxAliases: positiveInteger(env, "QUERY_MAX_ALIASES", d.maxAliases),
    maxDirectives: positiveInteger(env, "QUERY_MAX_DIRECTIVES", d.maxDirectives),
    maxTokens: positiveInteger(env, "QUERY_MAX_TOKENS", d.maxTokens),
    maxCost: positiveInteger(env, "QUERY_MAX_COST", d.maxCost),
    maxFields: positiveInteger(env, "QUERY_MAX_FIELDS", d.maxFields),
    maxResponseBytes: positiveInteger(env, "RESPONSE_MAX_BYTES", d.maxResponseBytes),
    requestTimeoutMs: positiveInteger(env, "REQUEST_TIMEOUT_MS", d.requestTimeoutMs),
  };
}

export function loadConfig(env: Env = process.env): HubConfig {
  const database = databaseConfig(env);
  const limits = queryLimitsConfig(env);
  // A slow statement must be cancelled in the database before the request's deadline gives up on it.
  if (database.kind === "postgres" && database.timeouts && database.timeouts.statementMs > limits.requestTimeoutMs) {
    throw new ConfigError(
      `DATABASE_STATEMENT_TIMEOUT_MS (${database.timeouts.statementMs}) must not exceed REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  }
  return {
    port: positiveInteger(env, "PORT", 4000),
    database,
    cache: responseCacheConfig(env),
    limits,
    compiledReads: compiledReadsConfig(env),
    seedOnStart: env.CTG_HUB_SEED !== "false",
  };
}

/** A printable description of the database, without credentials. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === "embedded") return `PGlite embarquée dans ${db.dataDir}`;
  const where = (raw: string) => {
    const url = new URL(raw);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  };
  const replicas = db.replicaUrls ?? [];
  return `PostgreSQL ${where(db.url)}${replicas.length > 0 ? ` (lectures des requêtes sur ${replicas.map(where).join(", ")})` : ""}`;
}
