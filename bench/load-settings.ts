import path from "node:path";
import { listSetting, numberSetting, type Machine, type LatencySummary } from "./harness";
import { VISIT_WEIGHTS, type RequestKind } from "./load-mix";

/** The load bench's settings (environment) and result shapes (also bench/results/load.json). */

// ---------------------------------------------------------------------------------------------
// Settings (environment)

const env = process.env;
export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ctg_hub_synth_check";

/** A hub configuration: where its response cache lives, or none. Persisted queries (APQ) use the same store. */
export const CONFIGS = ["memory-on", "memory-off", "redis-on"] as const;
export type ConfigName = (typeof CONFIGS)[number];
/** PostgreSQL only: PGlite is one session, so 50 or 200 clients would measure one queue (the read bench covers it at 1–50). */
export const ENGINES = ["postgres", "embedded"] as const;
export type Engine = (typeof ENGINES)[number];

export interface Settings {
  databaseUrl: string;
  redisUrl: string;
  durationS: number;
  warmupS: number;
  connections: number[];
  configs: ConfigName[];
  engines: Engine[];
  /** Hash-only requests (automatic persisted queries), as the dashboard sends on https or localhost. */
  persistedQueries: boolean;
  /** null: every département with communes. */
  departments: number | null;
  conventions: number;
  seed: number;
  poolSize: number;
  quietWaitS: number;
  quietPercent: number;
  output: string;
}

export function loadSettings(root: string): Settings {
  const connections = (env.BENCH_LOAD_CONNECTIONS ?? "50,200").split(",").map((v) => Number(v.trim()));
  if (connections.some((c) => !Number.isInteger(c) || c < 1)) throw new Error("BENCH_LOAD_CONNECTIONS must list positive integers");
  const apq = env.BENCH_LOAD_APQ ?? "on";
  if (apq !== "on" && apq !== "off") throw new Error(`BENCH_LOAD_APQ must be on or off, got "${apq}"`);
  return {
    databaseUrl: env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.BENCH_REDIS_URL || "redis://127.0.0.1:6379",
    durationS: numberSetting("BENCH_DURATION_S", 20),
    warmupS: numberSetting("BENCH_WARMUP_S", 5),
    connections,
    configs: listSetting("BENCH_LOAD_CONFIGS", CONFIGS, CONFIGS),
    engines: listSetting("BENCH_LOAD_ENGINES", ENGINES, ["postgres"]),
    persistedQueries: apq === "on",
    departments: env.BENCH_LOAD_DEPARTMENTS ? numberSetting("BENCH_LOAD_DEPARTMENTS", 0) : null,
    conventions: numberSetting("BENCH_LOAD_CONVENTIONS", 200),
    seed: numberSetting("BENCH_LOAD_SEED", 42),
    poolSize: numberSetting("BENCH_POOL_SIZE", 10),
    quietWaitS: env.BENCH_QUIET_WAIT_S === "0" ? 0 : numberSetting("BENCH_QUIET_WAIT_S", 120),
    quietPercent: numberSetting("BENCH_QUIET_PERCENT", 25),
    output: path.resolve(root, env.BENCH_LOAD_OUTPUT || path.join("bench", "results", "load")),
  };
}

/** Per request: generous, so a queue in front of the pool is a latency, not an error. */
export const REQUEST_TIMEOUT_S = 30;
export const RSS_SAMPLE_MS = 500;
/** Distinct failure messages kept per run, to say what failed. */
export const MAX_FAILURE_SAMPLES = 5;

// ---------------------------------------------------------------------------------------------
// Result shapes (also bench/results/load.json)

export interface Failures {
  non2xx: number;
  /** 2xx answers carrying `errors` (other than a persisted-query miss). */
  graphqlErrors: number;
  /** PERSISTED_QUERY_NOT_FOUND: the hash was evicted from the store; the dashboard would resend the full query. */
  persistedQueryMisses: number;
  socketErrors: number;
  timeouts: number;
  samples: string[];
}

/** `sentPercent`: the kind's share of the requests sent; `sharePercent`: of the successful answers (slow kinds finish less often in a run). */
export interface KindFigures {
  requests: number;
  sentPercent: number;
  sharePercent: number;
  p50: number;
  p99: number;
  cacheHitPercent: number | null;
  meanBytes: number;
}

export interface RunFigures {
  connections: number;
  durationS: number;
  /** Successful answers: 2xx without `errors`. */
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  failures: Failures;
  failureCount: number;
  /** Answers served from the response cache (`age` header), in % of the successful ones; null with the cache off. */
  cacheHitPercent: number | null;
  sqlStatementsPerRequest: number;
  /** Different request bodies sent during the run. */
  distinctBodies: number;
  /** Requests sent but not answered when the run stopped (at most one per client): the slowest kinds, left out of the figures. */
  unfinishedAtEnd: number;
  /** Hub VmRSS when the run started, the most sampled during it (every 500 ms), at its end; VmHWM after it. */
  rssMiB: { start: number | null; max: number | null; end: number | null; peak: number | null };
  cpuMsPerRequest: { hub: number | null; postgres: number | null; redis: number | null; loadGenerator: number };
  /** CPU used during the run by every other process, in % of one CPU (2 CPUs: 200 % is the whole machine). */
  otherProcessesCpuPercent: number | null;
  /** CPU the whole machine used in the second before the run, in % of one CPU. */
  machineBusyBeforePercent: number | null;
  byKind: Partial<Record<RequestKind, KindFigures>>;
}

export interface ConfigResult {
  config: ConfigName;
  engine: Engine;
  status: "ok" | "skipped" | "failed";
  reason?: string;
  /** Environment given to the hub (beyond the database's). */
  hubEnv?: Record<string, string>;
  startMs?: number;
  /** One full request per document, sent first (registers the hashes): size and SQL statements of each answer. */
  registration?: Array<{ operation: string; status: number; bytes: number; sqlStatements: number | null; errors: string[] }>;
  runs: RunFigures[];
}

export interface Check {
  name: string;
  value: string;
  target: string;
  status: "PASS" | "MISS" | "SKIPPED";
}

export interface LoadBenchResults {
  timestamp: string;
  machine: Machine;
  settings: Omit<Settings, "output">;
  mix: {
    visits: typeof VISIT_WEIGHTS;
    todayShare: number;
    dates: string[];
    communeLevelShare: number;
    followedDepartmentShare: number;
    departments: number;
    conventions: number;
    distinctRequests: number;
  };
  notes: string[];
  configs: ConfigResult[];
  checks: Check[];
  durationS: number;
}
