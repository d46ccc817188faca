import "reflect-metadata";
import autocannon from "autocannon";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../src/config";
import { activeOnSql } from "../src/coverage/in-force";
import { createDataSource } from "../src/server/database";
import { seedIfEmpty } from "../src/server/seed";
import { DEFAULT_SEED, generateSynthetic } from "../src/synthetic/synthetic.load";
import {
  ANALYTICS_AS_OF,
  GRAPHQL_DOCUMENTS,
  HISTORY_FROM,
  NATIONAL_LIST_VARIABLES,
  PAGE,
  QUERY_NAMES,
  isQueryName,
  type QueryName,
  type QueryVariables,
} from "./read-queries";
import {
  backendTicks,
  backendWatcher,
  cpuTicksOf,
  ensurePostgresDatabase,
  errorMessage,
  fmt,
  listSetting,
  machine,
  machineBusyTicks,
  latencySummary,
  markdownTable,
  memoryOf,
  numberSetting,
  repoRoot,
  round1,
  round2,
  startChild,
  stopServer,
  textTable,
  ticksToMs,
  todayInFrance,
  waitForQuiet,
  waitUntilAnswering,
  freePort,
  type BackendWatcher,
  type Machine,
  type RunningServer as ChildServer,
  type LatencySummary,
} from "./harness";

/**
 * Read benchmark of the hub: three dashboard-style GraphQL queries and five analytics (a large
 * département's coverage and territory comparison, the national coverage map, the national and départemental
 * coverage history) under load (autocannon,
 * 1/10/50 connections), each against a "floor" — a bare `node:http` server answering the same figures with one
 * hand-written SQL statement (bench/floor-server.ts) — on PostgreSQL and on the embedded PGlite, both
 * loaded with the national synthetic data set. Hub and floor run as child processes, loaded in turn (never at
 * once), so their memory and CPU are measured apart; on PostgreSQL their runs alternate (see measureInTurn).
 * A missed target is a finding, not a failure: only an actual error exits with 1.
 */

// ---------------------------------------------------------------------------------------------
// Settings (environment)

const env = process.env;
const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ctg_hub_synth_check";
const DEFAULT_PGLITE_DIR = "/tmp/ctg-hub-bench-pglite";

const ENGINES = ["postgres", "embedded"] as const;
type Engine = (typeof ENGINES)[number];
const SERVER_KINDS = ["hub", "floor"] as const;
type ServerKind = (typeof SERVER_KINDS)[number];
type RunningServer = ChildServer<ServerKind>;

interface Settings {
  databaseUrl: string;
  pgliteDir: string;
  /** Load time per server, query and connection count, split over `rounds` runs alternated with the other server's. */
  durationS: number;
  rounds: number;
  warmupS: number;
  connections: number[];
  engines: Engine[];
  servers: ServerKind[];
  queries: QueryName[];
  poolSize: number;
  /** Before each query's runs: wait until other processes use at most quietPercent % of one CPU (all waits together at most quietWaitS). */
  quietWaitS: number;
  quietPercent: number;
  /** Extra Node arguments for the hub (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
  hubNodeArgs: string[];
  /** Results path without extension: `.json` and `.md` are written. */
  output: string;
  /**
   * Merge into the existing results (BENCH_MERGE, default "auto": when the run is partial — some engines or queries
   * only): the queries measured replace theirs, every other engine and query keeps its earlier figures, each
   * labelled with when it was measured. "0": overwrite.
   */
  merge: boolean;
}

function loadSettings(root: string): Settings {
  const connections = (env.BENCH_CONNECTIONS ?? "1,10,50").split(",").map((v) => Number(v.trim()));
  if (connections.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`BENCH_CONNECTIONS must list positive integers`);
  const queries = listSetting<string>("BENCH_QUERIES", QUERY_NAMES, QUERY_NAMES).filter(isQueryName);
  const engines = listSetting("BENCH_ENGINES", ENGINES, ENGINES);
  const mergeSetting = env.BENCH_MERGE ?? "auto";
  if (!["auto", "0", "1"].includes(mergeSetting)) throw new Error(`BENCH_MERGE must be auto, 0 or 1, got "${mergeSetting}"`);
  return {
    databaseUrl: env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL,
    pgliteDir: path.resolve(env.BENCH_PGLITE_DIR || DEFAULT_PGLITE_DIR),
    durationS: numberSetting("BENCH_DURATION_S", 10),
    rounds: Math.round(numberSetting("BENCH_ROUNDS", 2)),
    warmupS: numberSetting("BENCH_WARMUP_S", 3),
    connections,
    engines,
    servers: listSetting("BENCH_SERVERS", SERVER_KINDS, SERVER_KINDS),
    queries,
    poolSize: numberSetting("BENCH_POOL_SIZE", 10),
    quietWaitS: env.BENCH_QUIET_WAIT_S === "0" ? 0 : numberSetting("BENCH_QUIET_WAIT_S", 120),
    quietPercent: numberSetting("BENCH_QUIET_PERCENT", 25),
    hubNodeArgs: (env.BENCH_HUB_NODE_ARGS ?? "").split(/\s+/).filter((a) => a !== ""),
    output: path.resolve(root, env.BENCH_OUTPUT || path.join("bench", "results", "read")),
    merge: mergeSetting === "1" || (mergeSetting === "auto" && (engines.length < ENGINES.length || queries.length < QUERY_NAMES.length)),
  };
}

/** Targets, checked at 10 connections on PostgreSQL (ratios) and at 50 connections on every engine (errors). */
const TARGETS = { connections: 10, maxP50Ratio: 1.5, minThroughputRatio: 0.6, errorsAtConnections: 50 } as const;

/**
 * Absolute target of the national coverage map (issue 5: "the national query answers within a target"): hub p50 at
 * 10 connections on PostgreSQL ≤ 300 ms. A national map drawn on demand should come back within a third of a second
 * with ten analysts asking at once. It is within reach: the floor's statement (bench/floor-analytics-sql.ts) takes
 * 20–45 ms alone and its p50 at 10 connections was 160 ms on this 2-CPU machine while other processes used 40–50 % of
 * a CPU (bench/results/read.md, 2026-11-24) — 300 ms is about the 1.5× hub/floor ratio target over that floor plus
 * room for a busier machine. The hub's current statement misses it by far (it also computes allocataires, which the
 * map does not select).
 */
const NATIONAL_TARGET = { name: "nationalCoverage" as QueryName, connections: 10, maxP50Ms: 300 } as const;

/** Per request under load: generous, so a queue behind the single PGlite session is a latency, not an error. */
const REQUEST_TIMEOUT_S = 30;

// ---------------------------------------------------------------------------------------------
// Result shapes (also the JSON written to bench/results/read.json)

interface DatasetCounts {
  communes: number;
  conventions: number;
  coveredCommuneLinks: number;
  actions: number;
  associations: number;
  partnerships: number;
}

interface Picks {
  /** The département with the most communes under a CTG active today, and its number of communes. */
  department: { code: string; coveredCommunes: number; communes: number };
  /** The département with the most communes (the analytics' "large département"). */
  largestDepartment?: { code: string; communes: number };
  /** The convention with the most actions (then the most covered communes). */
  convention: { reference: string; actions: number; coveredCommunes: number };
  today: string;
}

interface Dataset {
  description: string;
  serverVersion: string;
  counts: DatasetCounts;
  picks: Picks;
  prepared: string;
}

/** One request answered outside the load run: what it returns and how big it is. */
interface Probe {
  status: number;
  bytes: number;
  /** `x-sql-statements` (hub only). */
  sqlStatements: number | null;
  items: Record<string, number>;
  graphqlErrors: string[];
}

interface LoadFigures {
  connections: number;
  /** Runs this server's figures combine (alternated with the other server's: BENCH_ROUNDS). */
  runs?: number;
  /** Total over the runs. */
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server process after the run (VmRSS) and its peak so far (VmHWM). */
  rssMiB: number | null;
  peakRssMiB: number | null;
  /** CPU time per answered request: the server process, all PostgreSQL processes (PostgreSQL only), this bench (the load generator). */
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  loadGeneratorCpuMsPerRequest: number;
  /** CPU used during the run by every other process on the machine, in % of one CPU: anything above a few % skews the run. */
  otherProcessesCpuPercent: number | null;
}

interface RunPair {
  connections: number;
  hub: LoadFigures | null;
  floor: LoadFigures | null;
  /** hub / floor: p50 latency ratio (lower is better) and throughput ratio (higher is better). */
  p50Ratio: number | null;
  throughputRatio: number | null;
}

interface QueryResult {
  name: QueryName;
  /** When and how long this query was measured (a merged results file holds runs of different bench invocations). */
  measured?: { timestamp: string; durationS: number; rounds?: number; warmupS: number; connections: number[] };
  variables: QueryVariables[QueryName];
  hubProbe: Probe | null;
  floorProbe: Probe | null;
  parity: { checked: boolean; ok: boolean; warnings: string[] };
  runs: RunPair[];
}

interface EngineResult {
  engine: Engine;
  status: "ok" | "skipped";
  reason?: string;
  dataset?: Dataset;
  servers?: Partial<Record<ServerKind, { startMs: number; finalRssMiB: number | null; peakRssMiB: number | null }>>;
  queries: QueryResult[];
}

interface Check {
  name: string;
  value: string;
  target: string;
  status: "PASS" | "MISS" | "SKIPPED";
}

interface ReadBenchResults {
  timestamp: string;
  /** Set when this file merges a partial run into earlier results: the timestamps of the runs it holds. */
  mergedRuns?: string[];
  machine: Machine;
  settings: Omit<Settings, "output">;
  notes: string[];
  engines: EngineResult[];
  checks: Check[];
  durationS: number;
}

// ---------------------------------------------------------------------------------------------
// Databases: make sure each holds the geography, the reference cases and the national synthetic set

async function count(dataSource: DataSource, table: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
  return Number(n);
}

/** Migrates, seeds (geography and reference cases) and generates the synthetic set if missing; then reads counts and picks. */
async function prepareDataset(database: DatabaseConfig, description: string): Promise<Dataset> {
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    if (applied.length > 0) console.log(`  applied ${applied.length} migrations`);
    const synthetic: unknown[] = await dataSource.query(`SELECT 1 FROM source WHERE kind = 'SYNTHETIC' LIMIT 1`);
    let prepared = "synthetic set present";
    if (synthetic.length === 0) {
      const started = performance.now();
      console.log(`  no synthetic set: loading geography and reference cases if missing, then generating (seed ${DEFAULT_SEED}, scale 1)…`);
      const seed = await seedIfEmpty(dataSource);
      const report = await generateSynthetic(dataSource.manager, { seed: DEFAULT_SEED, scale: 1 });
      prepared =
        `geography ${seed.geography}, reference cases ${seed.referenceCases}, synthetic set generated ` +
        `(${report.conventions.total} conventions, ${report.actions.total} actions) in ${Math.round((performance.now() - started) / 1000)} s`;
      console.log(`  ${prepared}`);
    }
    // Fresh statistics: without them the planner guesses (PGlite has no autovacuum, and this machine's server runs with
    // autovacuum off), and a bulk-loaded table can be planned as if it were empty — for the hub's SQL and the floor's alike.
    const analyzeStarted = performance.now();
    await dataSource.query("ANALYZE");
    prepared += `; ANALYZE in ${Math.round(performance.now() - analyzeStarted)} ms`;
    const [{ version }]: Array<{ version: string }> = await dataSource.query(`SELECT current_setting('server_version') AS version`);
    const counts: DatasetCounts = {
      communes: await count(dataSource, "commune"),
      conventions: await count(dataSource, "convention"),
      coveredCommuneLinks: await count(dataSource, "convention_commune"),
      actions: await count(dataSource, "action"),
      associations: await count(dataSource, "partner_association"),
      partnerships: await count(dataSource, "partnership"),
    };
    return { description, serverVersion: version, counts, picks: await pick(dataSource), prepared };
  } finally {
    await dataSource.destroy();
  }
}

async function pick(dataSource: DataSource): Promise<Picks> {
  const today = todayInFrance();
  const departments: Array<{ code: string; covered: number; communes: number }> = await dataSource.query(
    `SELECT m.department_code AS code, count(DISTINCT m.code)::int AS covered,
            (SELECT count(*)::int FROM commune x WHERE x.department_code = m.department_code) AS communes
     FROM commune m JOIN convention_commune cc ON cc.commune_code = m.code JOIN convention v ON v.id = cc.convention_id
     WHERE ${activeOnSql("v", "$1::date")}
     GROUP BY m.department_code ORDER BY 2 DESC, 3 DESC, 1 LIMIT 1`,
    [today],
  );
  const conventions: Array<{ reference: string; actions: number; covered: number }> = await dataSource.query(
    `SELECT c.reference, count(*)::int AS actions,
            (SELECT count(*)::int FROM convention_commune cc WHERE cc.convention_id = c.id) AS covered
     FROM convention c JOIN action a ON a.convention_id = c.id
     GROUP BY c.id, c.reference ORDER BY 2 DESC, 3 DESC, 1 LIMIT 1`,
  );
  const largest: Array<{ code: string; communes: number }> = await dataSource.query(
    `SELECT department_code AS code, count(*)::int AS communes FROM commune GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  if (departments.length === 0 || conventions.length === 0)
    throw new Error("no active CTG or no action in the data set: nothing to measure");
  const [d] = departments;
  const [c] = conventions;
  return {
    department: { code: d.code, coveredCommunes: Number(d.covered), communes: Number(d.communes) },
    largestDepartment: { code: largest[0].code, communes: Number(largest[0].communes) },
    convention: { reference: c.reference, actions: Number(c.actions), coveredCommunes: Number(c.covered) },
    today,
  };
}

// ---------------------------------------------------------------------------------------------
// Child servers

function serverEnv(kind: ServerKind, engine: Engine, settings: Settings): NodeJS.ProcessEnv {
  if (kind === "hub") {
    // The response cache off: this bench repeats one request, which the cache would answer from memory after the
    // first; what is compared with the floor is the hub's own work (bench/load.ts measures the cache).
    return engine === "postgres"
      ? { DATABASE_URL: settings.databaseUrl, DATABASE_POOL_SIZE: String(settings.poolSize), CTG_HUB_SEED: "false", RESPONSE_CACHE: "off" }
      : { DATABASE_URL: "", CTG_HUB_DATA_DIR: settings.pgliteDir, CTG_HUB_SEED: "false", RESPONSE_CACHE: "off" };
  }
  return engine === "postgres"
    ? { FLOOR_DATABASE_URL: settings.databaseUrl, FLOOR_POOL_SIZE: String(settings.poolSize) }
    : { FLOOR_PGLITE_DIR: settings.pgliteDir };
}

// ---------------------------------------------------------------------------------------------
// Requests: what each server is sent for each query

interface Target {
  url: string;
  body: string;
}

function variablesFor(name: QueryName, picks: Picks): QueryVariables[QueryName] {
  switch (name) {
    case "dashboard":
      return { code: picks.department.code };
    case "convention":
      return { ref: picks.convention.reference };
    case "nationalList":
      return NATIONAL_LIST_VARIABLES;
    case "departmentCoverage":
    case "compareTerritories":
      return { code: (picks.largestDepartment ?? picks.department).code, asOf: ANALYTICS_AS_OF };
    case "nationalCoverage":
      return { asOf: ANALYTICS_AS_OF };
    case "nationalHistory":
      return { department: null, from: HISTORY_FROM, to: ANALYTICS_AS_OF };
    case "departmentHistory":
      return { department: (picks.largestDepartment ?? picks.department).code, from: HISTORY_FROM, to: ANALYTICS_AS_OF };
  }
}

function targetFor(server: RunningServer, name: QueryName, variables: QueryVariables[QueryName]): Target {
  if (server.kind === "hub") {
    // The national list carries its filter as literals, as the brief's document does.
    const body = name === "nationalList" ? { query: GRAPHQL_DOCUMENTS[name] } : { query: GRAPHQL_DOCUMENTS[name], variables };
    return { url: `http://127.0.0.1:${server.port}/graphql`, body: JSON.stringify(body) };
  }
  return { url: `http://127.0.0.1:${server.port}/${name}`, body: JSON.stringify(variables) };
}

// ---------------------------------------------------------------------------------------------
// Answers: counts and a fingerprint of each answer, to check hub and floor return the same rows

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function at(value: Json | undefined, ...keys: Array<string | number>): Json | undefined {
  let current: Json | undefined = value;
  for (const key of keys) {
    if (current === null || current === undefined || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? (typeof key === "number" ? current[key] : undefined) : current[String(key)];
  }
  return current;
}

const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const text = (value: Json | undefined): string =>
  value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
/** `edges[].node` of a connection. */
const nodes = (connection: Json | undefined): Json[] => list(at(connection, "edges")).map((edge) => at(edge, "node") ?? null);

interface Summary {
  items: Record<string, number>;
  fingerprint: string[];
}

function communeLine(commune: Json): string {
  const conventions = list(at(commune, "conventions"))
    .map((c) => `${text(at(c, "reference"))}:${text(at(c, "status"))}`)
    .join(",");
  return `${[
    at(commune, "code"),
    at(commune, "name"),
    at(commune, "population"),
    at(commune, "intercommunality", "siren"),
    at(commune, "intercommunality", "name"),
  ]
    .map(text)
    .join("|")}|${conventions}`;
}

function conventionSummary(c: Json | undefined, covered: Json[], actions: Json[]): Summary {
  const partners = actions.flatMap((a) => list(at(a, "partners")));
  const holder = at(c, "holder");
  return {
    items: {
      coveredCommunes: covered.length,
      actions: actions.length,
      actionPartners: partners.length,
      signatories: list(at(c, "signatories")).length,
      objectives: list(at(c, "objectives")).length,
      sdsfAxes: list(at(c, "sdsfAxes")).length,
    },
    fingerprint: [
      ["reference", "title", "stage", "signedOn", "startsOn", "endsOn", "status"].map((k) => text(at(c, k))).join("|"),
      list(at(c, "themes")).map(text).join(","),
      [at(holder, "code") ?? at(holder, "siren"), at(holder, "name")].map(text).join("|"),
      ...list(at(c, "signatories")).map((s) => `${text(at(s, "role"))}|${text(at(s, "name"))}`),
      ...covered.map((m) => ["code", "name", "population"].map((k) => text(at(m, k))).join("|")),
      ...list(at(c, "objectives")).map((o) => `${text(at(o, "position"))}|${text(at(o, "title"))}`),
      ...actions.map(
        (a) =>
          ["title", "theme", "status", "progress"].map((k) => text(at(a, k))).join("|") +
          "|" +
          list(at(a, "partners"))
            .map((p) => [at(p, "role"), at(p, "association", "name"), at(p, "association", "rna")].map(text).join("/"))
            .join(","),
      ),
      ...list(at(c, "sdsfAxes")).map((x) => `${text(at(x, "number"))}|${text(at(x, "title"))}`),
    ],
  };
}

/** The cursor is opaque (the hub's format may carry more than the floor's [sort, key]): only its presence is compared. */
function nationalLine(cursor: Json | undefined, node: Json | undefined): string {
  return [
    typeof cursor === "string" && cursor !== "" ? "cursor" : "no cursor",
    at(node, "reference"),
    at(node, "title"),
    at(node, "endsOn"),
    at(node, "department", "code"),
    at(node, "department", "name"),
  ]
    .map(text)
    .join("|");
}

const fields = (row: Json | undefined, keys: string[]) => keys.map((k) => text(at(row, k))).join("|");

const COVERAGE_KEYS = [
  "communeCount",
  "coveredCommuneCount",
  "population",
  "coveredPopulation",
  "coveredPopulationShare",
  "allocataires",
  "coveredAllocataires",
];
const EPCI_KEYS = ["siren", "name", "communeCount", "coveredCommuneCount", "coveredPopulationShare"];
const TERRITORY_KEYS = [
  "code",
  "name",
  "population",
  "communeCount",
  "coveredCommuneCount",
  "coveredPopulationShare",
  "coverageStatus",
  "nextExpiry",
  "actionCount",
  "partnerCount",
];
const NATIONAL_KEYS = [
  "departmentCode",
  "communeCount",
  "coveredCommuneCount",
  "population",
  "coveredPopulation",
  "coveredPopulationShare",
];
const HISTORY_KEYS = ["date", "population", "coveredPopulation", "coveredPopulationShare", "coveredCommuneCount"];

type AnalyticsName = "departmentCoverage" | "compareTerritories" | "nationalCoverage" | "nationalHistory" | "departmentHistory";
const isAnalytics = (name: QueryName): name is AnalyticsName => !["dashboard", "convention", "nationalList"].includes(name);
/** The GraphQL field answering a query (both histories are `coverageHistory`). */
const fieldOf = (name: AnalyticsName) => (name === "nationalHistory" || name === "departmentHistory" ? "coverageHistory" : name);

/** The analytics answer alike from hub (`data.<name>`) and floor (the body): every figure goes into the fingerprint. */
function analyticsSummary(name: AnalyticsName, value: Json | undefined): Summary {
  switch (name) {
    case "departmentCoverage": {
      const epcis = list(at(value, "byIntercommunality"));
      return {
        items: {
          intercommunalities: epcis.length,
          communes: Number(at(value, "communeCount") ?? -1),
          coveredCommunes: Number(at(value, "coveredCommuneCount") ?? -1),
        },
        fingerprint: [fields(value, COVERAGE_KEYS), ...epcis.map((e) => fields(e, EPCI_KEYS))],
      };
    }
    case "compareTerritories": {
      const rows = list(value);
      return {
        items: { territories: rows.length, actions: rows.reduce<number>((n, r) => n + Number(at(r, "actionCount") ?? 0), 0) },
        fingerprint: rows.map(
          (r) =>
            `${fields(r, TERRITORY_KEYS)}|` +
            list(at(r, "actionsByTheme"))
              .map((t) => `${text(at(t, "theme"))}:${text(at(t, "count"))}`)
              .join(",") +
            "|" +
            list(at(r, "facilitiesByKind"))
              .map((f) => `${text(at(f, "kind"))}:${text(at(f, "count"))}:${text(at(f, "capacity"))}`)
              .join(","),
        ),
      };
    }
    case "nationalCoverage": {
      const rows = list(value);
      return {
        items: {
          departments: rows.length,
          coveredCommunes: rows.reduce<number>((n, r) => n + Number(at(r, "coveredCommuneCount") ?? 0), 0),
        },
        fingerprint: rows.map((r) => fields(r, NATIONAL_KEYS)),
      };
    }
    case "nationalHistory":
    case "departmentHistory": {
      const rows = list(value);
      return {
        items: { points: rows.length, lastCoveredCommunes: Number(at(rows.at(-1), "coveredCommuneCount") ?? -1) },
        fingerprint: rows.map((r) => fields(r, HISTORY_KEYS)),
      };
    }
  }
}

function summarise(kind: ServerKind, name: QueryName, body: Json): Summary {
  if (isAnalytics(name)) return analyticsSummary(name, kind === "hub" ? at(body, "data", fieldOf(name)) : body);
  if (kind === "hub") {
    const data = at(body, "data");
    switch (name) {
      case "dashboard": {
        const communes = nodes(at(data, "communes"));
        return {
          items: {
            communes: communes.length,
            conventionLinks: communes.reduce<number>((n, m) => n + list(at(m, "conventions")).length, 0),
          },
          fingerprint: communes.map(communeLine),
        };
      }
      case "convention": {
        const c = at(data, "convention");
        return conventionSummary(c, nodes(at(c, "coveredCommunes")), nodes(at(c, "actions")));
      }
      case "nationalList": {
        const edges = list(at(data, "conventions", "edges"));
        return {
          items: { conventions: edges.length, totalCount: Number(at(data, "conventions", "totalCount") ?? -1) },
          fingerprint: edges.map((e) => nationalLine(at(e, "cursor"), at(e, "node"))),
        };
      }
    }
  }
  switch (name) {
    case "dashboard": {
      const communes = list(body);
      return {
        items: { communes: communes.length, conventionLinks: communes.reduce<number>((n, m) => n + list(at(m, "conventions")).length, 0) },
        fingerprint: communes.map(communeLine),
      };
    }
    case "convention":
      return conventionSummary(body, list(at(body, "coveredCommunes")), list(at(body, "actions")));
    case "nationalList": {
      const items = list(at(body, "items"));
      return {
        items: { conventions: items.length, totalCount: Number(at(body, "totalCount") ?? -1) },
        fingerprint: items.map((i) => nationalLine(at(i, "cursor"), i)),
      };
    }
  }
}

async function probe(server: RunningServer, name: QueryName, target: Target): Promise<{ probe: Probe; fingerprint: string[] }> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: target.body,
    signal: AbortSignal.timeout(60_000),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as Json;
  const summary = summarise(server.kind, name, body);
  const header = response.headers.get("x-sql-statements");
  const graphqlErrors = list(at(body, "errors")).map((e) => text(at(e, "message")));
  return {
    probe: {
      status: response.status,
      bytes: Buffer.byteLength(raw),
      sqlStatements: header === null ? null : Number(header),
      items: summary.items,
      graphqlErrors,
    },
    fingerprint: summary.fingerprint,
  };
}

function compareAnswers(
  name: QueryName,
  hub: { probe: Probe; fingerprint: string[] },
  floor: { probe: Probe; fingerprint: string[] },
): string[] {
  const warnings: string[] = [];
  if (hub.probe.graphqlErrors.length > 0) warnings.push(`${name}: the hub answered with errors: ${hub.probe.graphqlErrors.join("; ")}`);
  if (hub.probe.status !== 200 || floor.probe.status !== 200)
    warnings.push(`${name}: HTTP status hub ${hub.probe.status}, floor ${floor.probe.status}`);
  for (const key of new Set([...Object.keys(hub.probe.items), ...Object.keys(floor.probe.items)])) {
    if (hub.probe.items[key] !== floor.probe.items[key]) {
      warnings.push(`${name}: ${key} differ — hub ${hub.probe.items[key]}, floor ${floor.probe.items[key]}`);
    }
  }
  const length = Math.max(hub.fingerprint.length, floor.fingerprint.length);
  for (let i = 0; i < length; i++) {
    if (hub.fingerprint[i] !== floor.fingerprint[i]) {
      warnings.push(
        `${name}: answers differ at line ${i}: hub "${hub.fingerprint[i] ?? "(none)"}", floor "${floor.fingerprint[i] ?? "(none)"}"`,
      );
      break;
    }
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------
// Load

/** One load run's raw measurements; a server's figures for a query and connection count combine its runs. */
interface Sample {
  /** Response times of the 2xx responses (ms). */
  latencies: number[];
  durationS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  serverMs: number | null;
  postgresMs: number | null;
  loadGeneratorMs: number;
  otherMs: number | null;
}

async function sample(
  server: RunningServer,
  target: Target,
  connections: number,
  durationS: number,
  backends: BackendWatcher | null,
): Promise<Sample> {
  const pid = server.child.pid;
  const latencies: number[] = [];
  const serverTicks = pid === undefined ? null : cpuTicksOf(pid);
  const backendsBefore = backends ? await backends.snapshot() : null;
  const machineTicks = machineBusyTicks();
  const benchCpu = process.cpuUsage();
  const instance = autocannon({
    url: target.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: target.body,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: REQUEST_TIMEOUT_S,
  });
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  const benchUsed = process.cpuUsage(benchCpu);
  const serverTicksAfter = pid === undefined ? null : cpuTicksOf(pid);
  const backendsAfter = backends ? await backends.snapshot() : null;
  const machineTicksAfter = machineBusyTicks();
  const serverMs = serverTicks === null || serverTicksAfter === null ? null : ticksToMs(serverTicksAfter - serverTicks);
  const postgresMs = backendsBefore && backendsAfter ? ticksToMs(backendTicks(backendsBefore, backendsAfter)) : null;
  const loadGeneratorMs = (benchUsed.user + benchUsed.system) / 1000;
  const ownMs = (serverMs ?? 0) + (postgresMs ?? 0) + loadGeneratorMs;
  return {
    latencies,
    durationS: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverMs,
    postgresMs,
    loadGeneratorMs,
    otherMs: machineTicks === null || machineTicksAfter === null ? null : Math.max(0, ticksToMs(machineTicksAfter - machineTicks) - ownMs),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** The sum of a measurement over runs, or null when one run could not take it. */
const sumOf = (samples: Sample[], pick: (s: Sample) => number | null) => {
  const values = samples.map(pick);
  return values.some((v) => v === null) ? null : sum(values as number[]);
};

/** A server's figures over its runs: every response's latency, requests over the runs' total duration. */
function figuresOf(connections: number, samples: Sample[], pid: number | undefined): LoadFigures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = latencies.length;
  const durationS = sum(samples.map((s) => s.durationS));
  const perRequest = (ms: number | null) => (ms === null || requests === 0 ? null : round2(ms / requests));
  const otherMs = sumOf(samples, (s) => s.otherMs);
  const memory = memoryOf(pid);
  return {
    connections,
    runs: samples.length,
    durationS: round2(durationS),
    requests,
    requestsPerSecond: round1(requests / durationS),
    latencyMs: latencySummary(latencies),
    non2xx: sum(samples.map((s) => s.non2xx)),
    errors: sum(samples.map((s) => s.errors)),
    timeouts: sum(samples.map((s) => s.timeouts)),
    rssMiB: memory?.rssMiB ?? null,
    peakRssMiB: memory?.peakRssMiB ?? null,
    serverCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.serverMs)),
    postgresCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.postgresMs)),
    loadGeneratorCpuMsPerRequest: perRequest(sumOf(samples, (s) => s.loadGeneratorMs)) ?? 0,
    otherProcessesCpuPercent: otherMs === null ? null : Math.round((otherMs / (durationS * 1000)) * 100),
  };
}

async function warmUp(target: Target, settings: Settings): Promise<void> {
  await autocannon({
    url: target.url,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: target.body,
    connections: TARGETS.connections,
    duration: settings.warmupS,
    timeout: REQUEST_TIMEOUT_S,
  });
}

// ---------------------------------------------------------------------------------------------
// One engine: prepare, then hub and floor in turn

async function prepareEngine(engine: Engine, settings: Settings): Promise<Dataset | string> {
  if (engine === "postgres") {
    const url = new URL(settings.databaseUrl);
    const description = `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
    try {
      await ensurePostgresDatabase(settings.databaseUrl);
    } catch (error) {
      return `PostgreSQL unreachable at ${url.host}: ${errorMessage(error)}`;
    }
    return prepareDataset({ kind: "postgres", url: settings.databaseUrl, poolSize: 2 }, description);
  }
  mkdirSync(settings.pgliteDir, { recursive: true });
  return prepareDataset({ kind: "embedded", dataDir: settings.pgliteDir }, `embedded PGlite at ${settings.pgliteDir}`);
}

type Answer = { probe: Probe; fingerprint: string[] };
interface ServerFigures {
  startMs: number;
  finalRssMiB: number | null;
  peakRssMiB: number | null;
}

/** Starts a server, runs `work` against it, stops it (whatever happens). */
async function withServer<T>(
  kind: ServerKind,
  engine: Engine,
  settings: Settings,
  root: string,
  work: (server: RunningServer) => Promise<T>,
): Promise<{ value: T; figures: ServerFigures }> {
  const port = await freePort();
  const script = kind === "hub" ? path.join(root, "dist", "src", "main.js") : path.join(root, "dist", "bench", "floor-server.js");
  const server = startChild(kind, root, kind === "hub" ? settings.hubNodeArgs : [], script, serverEnv(kind, engine, settings), port);
  try {
    const startMs = await waitUntilAnswering(server, kind === "hub" ? "graphql" : "healthz");
    console.log(`  ${kind} answering on :${port} after ${startMs} ms (pid ${server.child.pid})`);
    const value = await work(server);
    const memory = memoryOf(server.child.pid);
    return { value, figures: { startMs, finalRssMiB: memory?.rssMiB ?? null, peakRssMiB: memory?.peakRssMiB ?? null } };
  } finally {
    await stopServer(server);
  }
}

/** One request per query, outside any load: the answer's size, items and fingerprint (and the hub's SQL statement count). */
async function probeAll(server: RunningServer, queries: QueryResult[]): Promise<Map<QueryName, Answer>> {
  const answers = new Map<QueryName, Answer>();
  for (const query of queries) {
    const answer = await probe(server, query.name, targetFor(server, query.name, query.variables));
    answers.set(query.name, answer);
    if (server.kind === "hub") query.hubProbe = answer.probe;
    else query.floorProbe = answer.probe;
  }
  return answers;
}

/**
 * Loads the servers in turn: for each query and connection count, `rounds` runs each, the order alternating
 * (hub, floor, floor, hub, …) so that a drift of the machine's speed during the query weighs on both alike.
 * Their figures combine every run of theirs.
 */
async function measureInTurn(
  servers: RunningServer[],
  settings: Settings,
  queries: QueryResult[],
  backends: BackendWatcher | null,
): Promise<void> {
  const runS = settings.durationS / settings.rounds;
  for (const query of queries) {
    const targets = servers.map((server) => ({ server, target: targetFor(server, query.name, query.variables) }));
    await waitForQuiet(settings, query.name);
    for (const { target } of targets) await warmUp(target, settings);
    for (const connections of settings.connections) {
      const samples = new Map<ServerKind, Sample[]>(servers.map((s) => [s.kind, []]));
      for (let round = 0; round < settings.rounds; round++) {
        for (const { server, target } of round % 2 === 0 ? targets : [...targets].reverse()) {
          samples.get(server.kind)?.push(await sample(server, target, connections, runS, backends));
        }
      }
      let pair = query.runs.find((r) => r.connections === connections);
      if (!pair) query.runs.push((pair = { connections, hub: null, floor: null, p50Ratio: null, throughputRatio: null }));
      for (const server of servers) {
        const figures = figuresOf(connections, samples.get(server.kind) ?? [], server.child.pid);
        pair[server.kind] = figures;
        const failed = figures.non2xx + figures.errors + figures.timeouts;
        console.log(
          `  ${server.kind.padEnd(5)} ${query.name.padEnd(12)} c=${String(connections).padStart(2)}  ` +
            `${String(figures.requestsPerSecond).padStart(7)} req/s  p50 ${figures.latencyMs.p50} ms  p99 ${figures.latencyMs.p99} ms` +
            `${figures.otherProcessesCpuPercent ? `  (other processes ${figures.otherProcessesCpuPercent}% CPU)` : ""}` +
            `${failed > 0 ? `  FAILURES ${failed}` : ""}`,
        );
      }
    }
  }
}

function checkParity(queries: QueryResult[], hubAnswers: Map<QueryName, Answer>, floorAnswers: Map<QueryName, Answer> | null): void {
  for (const query of queries) {
    const hub = hubAnswers.get(query.name);
    const floor = floorAnswers?.get(query.name);
    if (hub && floor) {
      const warnings = compareAnswers(query.name, hub, floor);
      query.parity = { checked: true, ok: warnings.length === 0, warnings };
    } else if (hub && hub.probe.graphqlErrors.length > 0) {
      query.parity = { checked: false, ok: false, warnings: [`the hub answered with errors: ${hub.probe.graphqlErrors.join("; ")}`] };
    }
    for (const w of query.parity.warnings) console.warn(`  WARNING ${w}`);
    if (query.parity.checked && query.parity.ok)
      console.log(
        `  ${query.name}: hub and floor return the same rows (${Object.entries(hub?.probe.items ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")})`,
      );
  }
}

async function measureEngine(engine: Engine, settings: Settings, root: string): Promise<EngineResult> {
  console.log(`\n[${engine}] preparing the database…`);
  const dataset = await prepareEngine(engine, settings);
  if (typeof dataset === "string") {
    console.log(`  skipped: ${dataset}`);
    return { engine, status: "skipped", reason: dataset, queries: [] };
  }
  const { picks, counts } = dataset;
  console.log(
    `  ${dataset.description} (server ${dataset.serverVersion}): ${counts.communes} communes, ${counts.conventions} conventions, ` +
      `${counts.actions} actions, ${counts.associations} associations; ${dataset.prepared}`,
  );
  console.log(
    `  dashboard: département ${picks.department.code} (${picks.department.coveredCommunes} of ${picks.department.communes} communes ` +
      `under an active CTG${picks.department.communes > PAGE.dashboardCommunes ? `; first page of ${PAGE.dashboardCommunes} only` : ""}); ` +
      `convention: ${picks.convention.reference} (${picks.convention.actions} actions, ${picks.convention.coveredCommunes} communes)`,
  );
  if (picks.largestDepartment)
    console.log(
      `  analytics: département ${picks.largestDepartment.code} (${picks.largestDepartment.communes} communes), asOf ${ANALYTICS_AS_OF}`,
    );
  const measured = {
    timestamp: new Date().toISOString(),
    durationS: settings.durationS,
    rounds: settings.rounds,
    warmupS: settings.warmupS,
    connections: settings.connections,
  };
  const queries: QueryResult[] = settings.queries.map((name) => ({
    name,
    measured,
    variables: variablesFor(name, picks),
    hubProbe: null,
    floorProbe: null,
    parity: { checked: false, ok: true, warnings: [] },
    runs: [],
  }));
  const servers: EngineResult["servers"] = {};
  const withHub = settings.servers.includes("hub");
  const withFloor = settings.servers.includes("floor");
  const backends = engine === "postgres" ? await backendWatcher(settings.databaseUrl) : null;
  const measure = (running: RunningServer[]) => measureInTurn(running, settings, queries, backends);
  /** The hub, compared with the floor's answers before anything is measured, then loaded (in turn with `floor` if given). */
  const hubRun = (floorAnswers: Map<QueryName, Answer> | null, floor: RunningServer | null) =>
    withServer("hub", engine, settings, root, async (hub) => {
      checkParity(queries, await probeAll(hub, queries), floorAnswers);
      await measure(floor ? [hub, floor] : [hub]);
    });
  try {
    if (engine === "postgres" && withHub && withFloor) {
      servers.floor = (
        await withServer("floor", engine, settings, root, async (floor) => {
          servers.hub = (await hubRun(await probeAll(floor, queries), floor)).figures;
        })
      ).figures;
    } else {
      // PGlite's data folder is opened by one process at a time: the floor answers first, then the hub runs, then the floor.
      const floorAnswers = withFloor ? (await withServer("floor", engine, settings, root, (s) => probeAll(s, queries))).value : null;
      if (withHub) servers.hub = (await hubRun(floorAnswers, null)).figures;
      if (withFloor) servers.floor = (await withServer("floor", engine, settings, root, (s) => measure([s]))).figures;
    }
  } finally {
    await backends?.close();
  }

  for (const query of queries) {
    for (const run of query.runs) {
      if (run.hub && run.floor && run.floor.latencyMs.p50 > 0 && run.floor.requestsPerSecond > 0) {
        run.p50Ratio = round2(run.hub.latencyMs.p50 / run.floor.latencyMs.p50);
        run.throughputRatio = round2(run.hub.requestsPerSecond / run.floor.requestsPerSecond);
      }
    }
  }
  return { engine, status: "ok", dataset, servers, queries };
}

// ---------------------------------------------------------------------------------------------
// Checks and report

function buildChecks(engines: EngineResult[], queryNames: readonly QueryName[]): Check[] {
  const checks: Check[] = [];
  if (queryNames.includes(NATIONAL_TARGET.name)) {
    const postgres = engines.find((e) => e.engine === "postgres" && e.status === "ok");
    const hub = postgres?.queries
      .find((q) => q.name === NATIONAL_TARGET.name)
      ?.runs.find((r) => r.connections === NATIONAL_TARGET.connections)?.hub;
    const name = `${NATIONAL_TARGET.name}: hub p50, PostgreSQL, ${NATIONAL_TARGET.connections} conn.`;
    const target = `≤ ${NATIONAL_TARGET.maxP50Ms} ms`;
    checks.push(
      hub && hub.requests > 0
        ? {
            name,
            value: `${fmt(hub.latencyMs.p50, 1)} ms`,
            target,
            status: hub.latencyMs.p50 <= NATIONAL_TARGET.maxP50Ms ? "PASS" : "MISS",
          }
        : { name, value: "—", target, status: "SKIPPED" },
    );
  }
  for (const name of queryNames) {
    const postgres = engines.find((e) => e.engine === "postgres" && e.status === "ok");
    const run = postgres?.queries.find((q) => q.name === name)?.runs.find((r) => r.connections === TARGETS.connections);
    checks.push(
      run?.p50Ratio != null
        ? {
            name: `${name}: p50 hub/floor, PostgreSQL, ${TARGETS.connections} conn.`,
            value: `${run.p50Ratio}×`,
            target: `≤ ${TARGETS.maxP50Ratio}×`,
            status: run.p50Ratio <= TARGETS.maxP50Ratio ? "PASS" : "MISS",
          }
        : {
            name: `${name}: p50 hub/floor, PostgreSQL, ${TARGETS.connections} conn.`,
            value: "—",
            target: `≤ ${TARGETS.maxP50Ratio}×`,
            status: "SKIPPED",
          },
    );
    checks.push(
      run?.throughputRatio != null
        ? {
            name: `${name}: throughput hub/floor, PostgreSQL, ${TARGETS.connections} conn.`,
            value: `${run.throughputRatio}×`,
            target: `≥ ${TARGETS.minThroughputRatio}×`,
            status: run.throughputRatio >= TARGETS.minThroughputRatio ? "PASS" : "MISS",
          }
        : {
            name: `${name}: throughput hub/floor, PostgreSQL, ${TARGETS.connections} conn.`,
            value: "—",
            target: `≥ ${TARGETS.minThroughputRatio}×`,
            status: "SKIPPED",
          },
    );
    for (const engine of engines.filter((e) => e.status === "ok")) {
      const hub = engine.queries.find((q) => q.name === name)?.runs.find((r) => r.connections === TARGETS.errorsAtConnections)?.hub;
      const failures = hub ? hub.non2xx + hub.errors + hub.timeouts : null;
      checks.push({
        name: `${name}: hub failures, ${engine.engine}, ${TARGETS.errorsAtConnections} conn.`,
        value: failures === null ? "—" : String(failures),
        target: "0",
        status: failures === null ? "SKIPPED" : failures === 0 ? "PASS" : "MISS",
      });
    }
  }
  return checks;
}

const ratio = (n: number | null) => (n === null ? "—" : `${n.toFixed(2)}×`);

const SPEED_HEADER = [
  "query",
  "conn",
  "hub req/s",
  "floor req/s",
  "thr hub/floor",
  "hub p50",
  "floor p50",
  "p50 hub/floor",
  "hub p99",
  "floor p99",
  "hub fail",
  "floor fail",
];
const RESOURCE_HEADER = [
  "query",
  "conn",
  "hub RSS MiB",
  "floor RSS MiB",
  "hub CPU ms/req",
  "floor CPU ms/req",
  "PG CPU ms/req (hub)",
  "PG CPU ms/req (floor)",
  "loadgen CPU ms/req (hub)",
  "other procs CPU % (hub/floor)",
];
const PROBE_HEADER = ["query", "variables", "measured", "hub SQL stmts", "hub bytes", "floor bytes", "items (hub)", "parity"];

const failures = (f: LoadFigures | null) => (f ? String(f.non2xx + f.errors + f.timeouts) : "—");

function speedRows(engine: EngineResult): string[][] {
  return engine.queries.flatMap((q) =>
    q.runs.map((r) => [
      q.name,
      String(r.connections),
      fmt(r.hub?.requestsPerSecond),
      fmt(r.floor?.requestsPerSecond),
      ratio(r.throughputRatio),
      fmt(r.hub?.latencyMs.p50, 2),
      fmt(r.floor?.latencyMs.p50, 2),
      ratio(r.p50Ratio),
      fmt(r.hub?.latencyMs.p99, 2),
      fmt(r.floor?.latencyMs.p99, 2),
      failures(r.hub),
      failures(r.floor),
    ]),
  );
}

function resourceRows(engine: EngineResult): string[][] {
  return engine.queries.flatMap((q) =>
    q.runs.map((r) => [
      q.name,
      String(r.connections),
      fmt(r.hub?.rssMiB, 0),
      fmt(r.floor?.rssMiB, 0),
      fmt(r.hub?.serverCpuMsPerRequest, 2),
      fmt(r.floor?.serverCpuMsPerRequest, 2),
      fmt(r.hub?.postgresCpuMsPerRequest, 2),
      fmt(r.floor?.postgresCpuMsPerRequest, 2),
      fmt(r.hub?.loadGeneratorCpuMsPerRequest, 2),
      `${fmt(r.hub?.otherProcessesCpuPercent, 0)} / ${fmt(r.floor?.otherProcessesCpuPercent, 0)}`,
    ]),
  );
}

function probeRows(engine: EngineResult): string[][] {
  return engine.queries.map((q) => [
    q.name,
    JSON.stringify(q.variables),
    q.measured
      ? `${q.measured.timestamp.slice(0, 16).replace("T", " ")}Z, ${q.measured.durationS} s${q.measured.rounds ? ` in ${q.measured.rounds} runs` : "/run"}`
      : "—",
    q.hubProbe?.sqlStatements == null ? "—" : String(q.hubProbe.sqlStatements),
    q.hubProbe ? String(q.hubProbe.bytes) : "—",
    q.floorProbe ? String(q.floorProbe.bytes) : "—",
    q.hubProbe
      ? Object.entries(q.hubProbe.items)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")
      : "—",
    !q.parity.checked ? (q.parity.ok ? "not checked" : "HUB ERRORS") : q.parity.ok ? "same rows" : "DIFFERENT",
  ]);
}

function checkRows(checks: Check[]): string[][] {
  return checks.map((c) => [c.name, c.value, c.target, c.status]);
}

const NOTES = [
  "Floor: bench/floor-server.ts, a node:http server with one hand-written SQL statement per query (nesting with json_agg, " +
    "the national list's total with count(*) OVER ()), answering JSON.stringify of the rows; pg.Pool of the hub's size on " +
    "PostgreSQL, one PGlite instance (queries run one at a time, as in the hub) on the embedded database.",
  "Analytics (departmentCoverage and compareTerritories at EPCI level for the département with the most communes, " +
    "nationalCoverage; asOf 2025-06-30): the floor's statements are written in bench/floor-analytics-sql.ts with the hub's " +
    "rules (not imported from src/analytics/analytics.sql.ts, which would load type-graphql into the floor) and compute " +
    "only the figures the documents select; the hub's statements compute every field of their types whatever the " +
    "selection (e.g. allocataires in nationalCoverage). departmentCoverage's floor nests the EPCI rows in one statement " +
    "(the hub: département check, coverage, EPCI rows). Parity compares every figure, shares included, exactly.",
  "History (coverageHistory by year, from the end of 2015 to 2025-06-30: 11 points; nationalHistory for France, " +
    "departmentHistory for the analytics département): the floor's statement ORs per-convention bit strings per commune, " +
    "as the hub's does (the plain per-date DISTINCT took 300–400 ms nationally, slower than the hub).",
  "The hub runs with RESPONSE_CACHE=off: each run repeats one request, which the response cache would serve from memory " +
    "after the first; bench/load.ts measures the cache on a mix of requests.",
  "Hub and floor run as child processes (NODE_ENV=production). On PostgreSQL both are started and loaded in turn: " +
    "each query and connection count in BENCH_ROUNDS runs per server of BENCH_DURATION_S / BENCH_ROUNDS seconds, " +
    "alternated (hub, floor, floor, hub, …) so that a drift of the machine's speed weighs on both alike; a server's " +
    "figures combine its runs. On the embedded database (one process per data folder) they run one after the other. " +
    "The load generator (autocannon, one request in flight per connection) runs in the bench process on the same " +
    "machine, as does PostgreSQL.",
  "Latencies from every 2xx response (float milliseconds); req/s = 2xx responses / run duration. Failures = non-2xx + " +
    "socket errors + timeouts.",
  "CPU ms/req from /proc utime+stime: the server process, its PostgreSQL backends (PostgreSQL engine; found by " +
    "application_name in pg_stat_activity), and the bench " +
    "process (load generator). RSS is VmRSS of the server after each run. 'other procs CPU %' is what every other " +
    "process on the machine used during the run (% of one CPU, from /proc/stat): a figure above a few % means the run " +
    "shared the machine and its numbers are pessimistic.",
  "Before measuring, the bench runs ANALYZE on the database (PGlite has no autovacuum; a freshly bulk-loaded table without " +
    "statistics gets plans made for an empty table).",
];

function engineHeading(e: EngineResult): string {
  if (e.status === "skipped" || !e.dataset) return `${e.engine}: skipped (${e.reason ?? "not run"})`;
  const { counts, picks } = e.dataset;
  return (
    `${e.engine} — ${e.dataset.description}, server ${e.dataset.serverVersion}; ${counts.communes} communes, ` +
    `${counts.conventions} conventions, ${counts.coveredCommuneLinks} covered-commune links, ${counts.actions} actions, ` +
    `${counts.associations} associations, ${counts.partnerships} partnerships; dashboard département ${picks.department.code} ` +
    `(${picks.department.communes} communes, ${picks.department.coveredCommunes} under an active CTG on ${picks.today}), ` +
    `convention ${picks.convention.reference} (${picks.convention.actions} actions, ${picks.convention.coveredCommunes} communes)` +
    (picks.largestDepartment
      ? `; analytics département ${picks.largestDepartment.code} (${picks.largestDepartment.communes} communes), asOf ${ANALYTICS_AS_OF}`
      : "")
  );
}

function printReport(results: ReadBenchResults): void {
  const m = results.machine;
  console.log(`\nctg-hub read bench — ${results.timestamp}`);
  console.log(`${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, Node ${m.node}, ${m.platform} ${m.release}`);
  console.log(
    `${results.settings.durationS} s per server and load (${results.settings.rounds} alternated runs) after a ${results.settings.warmupS} s warm-up per query; latencies in ms`,
  );
  for (const e of results.engines) {
    console.log(`\n${engineHeading(e)}`);
    if (e.status !== "ok") continue;
    console.log(textTable(PROBE_HEADER, probeRows(e)));
    console.log("");
    console.log(textTable(SPEED_HEADER, speedRows(e)));
    console.log("");
    console.log(textTable(RESOURCE_HEADER, resourceRows(e)));
    for (const q of e.queries) for (const w of q.parity.warnings) console.log(`WARNING ${w}`);
  }
  console.log("\nTargets");
  console.log(textTable(["check", "value", "target", "result"], checkRows(results.checks)));
  console.log("");
}

function markdown(results: ReadBenchResults): string {
  const m = results.machine;
  const out = [
    `# ctg-hub read bench`,
    "",
    `${results.timestamp} — ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, Node ${m.node}, ${m.platform} ${m.release}. ` +
      `${results.settings.durationS} s per server and load (${results.settings.rounds} alternated runs) after a ${results.settings.warmupS} s warm-up per query; latencies in milliseconds. ` +
      `Whole bench: ${results.durationS} s.`,
    ...(results.mergedRuns
      ? [
          "",
          `Merged results: a partial run (${results.settings.engines.join(", ")}; ${results.settings.queries.join(", ")}) replaced its ` +
            `queries in the earlier results; the other rows are kept from earlier runs (${results.mergedRuns.join(", ")}): see each query's "measured" column.`,
        ]
      : []),
    "",
  ];
  for (const e of results.engines) {
    out.push(`## ${e.engine}`, "", engineHeading(e), "");
    if (e.status !== "ok") continue;
    out.push(
      markdownTable(PROBE_HEADER, probeRows(e)),
      "",
      markdownTable(SPEED_HEADER, speedRows(e)),
      "",
      markdownTable(RESOURCE_HEADER, resourceRows(e)),
      "",
    );
    for (const q of e.queries) for (const w of q.parity.warnings) out.push(`- **Warning** ${w}`);
    out.push("");
  }
  out.push(
    "## Targets",
    "",
    markdownTable(["check", "value", "target", "result"], checkRows(results.checks)),
    "",
    "## How it is measured",
    "",
  );
  for (const note of results.notes) out.push(`- ${note}`);
  out.push("");
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Merging a partial run into the earlier results

function mergeWithPrevious(results: ReadBenchResults, file: string): ReadBenchResults {
  if (!existsSync(file)) return results;
  const previous = JSON.parse(readFileSync(file, "utf8")) as ReadBenchResults;
  const previousRun = {
    timestamp: previous.timestamp,
    durationS: previous.settings.durationS,
    warmupS: previous.settings.warmupS,
    connections: previous.settings.connections,
  };
  const dated = (e: EngineResult): EngineResult => ({
    ...e,
    queries: e.queries.map((q) => ({ ...q, measured: q.measured ?? previousRun })),
  });
  const engines = ENGINES.flatMap((engine): EngineResult[] => {
    const fresh = results.engines.find((e) => e.engine === engine);
    const old = previous.engines.find((e) => e.engine === engine);
    if (!fresh) return old ? [dated(old)] : [];
    if (old?.status !== "ok" || fresh.status !== "ok") return [fresh];
    const oldQueries = dated(old).queries;
    const queries = QUERY_NAMES.flatMap((name) => {
      const q = fresh.queries.find((x) => x.name === name) ?? oldQueries.find((x) => x.name === name);
      return q ? [q] : [];
    });
    return [{ ...fresh, queries }];
  });
  const present = QUERY_NAMES.filter((name) => engines.some((e) => e.queries.some((q) => q.name === name)));
  const runs = new Set<string>();
  for (const e of engines)
    for (const q of e.queries) if (q.measured && q.measured.timestamp < results.timestamp) runs.add(q.measured.timestamp);
  return { ...results, mergedRuns: [...runs].sort(), engines, checks: buildChecks(engines, present) };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const root = repoRoot();
  for (const file of [path.join("dist", "src", "main.js"), path.join("dist", "bench", "floor-server.js")]) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} missing: run \`npm run build\` first`);
  }
  const settings = loadSettings(root);
  const timestamp = new Date().toISOString();
  console.log(
    `read bench: engines ${settings.engines.join(", ")}; servers ${settings.servers.join(", ")}; queries ${settings.queries.join(", ")}; ` +
      `connections ${settings.connections.join("/")}; ${settings.durationS} s per server and load in ${settings.rounds} runs${settings.merge ? "; merged into the earlier results" : ""}`,
  );
  const engines: EngineResult[] = [];
  for (const engine of settings.engines) engines.push(await measureEngine(engine, settings, root));
  const { output, ...shown } = settings;
  let results: ReadBenchResults = {
    timestamp,
    machine: machine(),
    settings: shown,
    notes: NOTES,
    engines,
    checks: buildChecks(engines, settings.queries),
    durationS: Math.round((performance.now() - started) / 1000),
  };
  if (settings.merge) results = mergeWithPrevious(results, `${output}.json`);
  printReport(results);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(`${output}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${output}.md`, markdown(results));
  console.log(`Results written to ${path.relative(root, `${output}.json`)} and ${path.relative(root, `${output}.md`)}`);
}

// Explicit exits: an open handle must not keep the bench alive, and a missed target is exit 0.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("read bench failed:", error);
    process.exit(1);
  },
);
