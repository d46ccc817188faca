import autocannon from "autocannon";
import { mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  backendTicks,
  backendWatcher,
  cpuTicksOf,
  errorMessage,
  fmt,
  freePort,
  listSetting,
  machine,
  machineBusyTicks,
  latencySummary,
  machineLoadPercent,
  markdownTable,
  memoryOf,
  numberSetting,
  percentile,
  pidsNamed,
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
  type BackendWatcher,
  type Machine,
  type RunningServer,
  type LatencySummary,
} from "./harness";
import {
  COMMUNE_LEVEL_SHARE,
  DashboardMix,
  FOLLOWED_DEPARTMENT_SHARE,
  REQUEST_KINDS,
  TODAY_SHARE,
  VISIT_WEIGHTS,
  dashboardDocuments,
  distinctRequests,
  pickMix,
  registrationBodies,
  requestBody,
  type MixPicks,
  type RequestKind,
} from "./load-mix";

/**
 * Load bench of the hub: the dashboard's requests (bench/load-mix.ts: France, département and convention pages,
 * spread over every département, 200 conventions and four dates) from 50 and 200 concurrent clients, with the
 * response cache in memory, off, and in Redis, on PostgreSQL with the national synthetic set. Reports throughput,
 * latency, failures (non-2xx, GraphQL errors, persisted-query misses, socket errors, timeouts: all must be 0), the
 * cache's hit ratio, and the hub's memory. The hub runs as a child process, one configuration after the other.
 *
 *   npm run build && node dist/bench/load.js      (or npm run bench:load)
 *
 * Only an actual error exits with 1: failures under load are findings, reported loudly.
 */

// ---------------------------------------------------------------------------------------------
// Settings (environment)

const env = process.env;
const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ctg_hub_synth_check";

/** A hub configuration: where its response cache lives, or none. Persisted queries (APQ) use the same store. */
const CONFIGS = ["memory-on", "memory-off", "redis-on"] as const;
type ConfigName = (typeof CONFIGS)[number];
/** PostgreSQL only: PGlite is one session, so 50 or 200 clients would measure one queue (the read bench covers it at 1–50). */
const ENGINES = ["postgres", "embedded"] as const;
type Engine = (typeof ENGINES)[number];

interface Settings {
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

function loadSettings(root: string): Settings {
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
const REQUEST_TIMEOUT_S = 30;
const RSS_SAMPLE_MS = 500;
/** Distinct failure messages kept per run, to say what failed. */
const MAX_FAILURE_SAMPLES = 5;

// ---------------------------------------------------------------------------------------------
// Result shapes (also bench/results/load.json)

interface Failures {
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
interface KindFigures {
  requests: number;
  sentPercent: number;
  sharePercent: number;
  p50: number;
  p99: number;
  cacheHitPercent: number | null;
  meanBytes: number;
}

interface RunFigures {
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

interface ConfigResult {
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

interface Check {
  name: string;
  value: string;
  target: string;
  status: "PASS" | "MISS" | "SKIPPED";
}

interface LoadBenchResults {
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

// ---------------------------------------------------------------------------------------------
// Redis

/** Whether a Redis answers PING at `url` (a plain RESP exchange: no client library needed). */
function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 6379), hostname);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

const ticksOfAll = (pids: number[]) => pids.reduce((sum, pid) => sum + (cpuTicksOf(pid) ?? 0), 0);

// ---------------------------------------------------------------------------------------------
// The hub

function hubEnv(config: ConfigName, settings: Settings, namespace: string): Record<string, string> {
  const base = { DATABASE_URL: settings.databaseUrl, DATABASE_POOL_SIZE: String(settings.poolSize), CTG_HUB_SEED: "false" };
  switch (config) {
    case "memory-on":
      return { ...base, RESPONSE_CACHE: "on", REDIS_URL: "" };
    case "memory-off":
      return { ...base, RESPONSE_CACHE: "off", REDIS_URL: "" };
    // A namespace of this run's own: the cache starts cold, as in memory, and earlier runs' keys (same data) do not count.
    case "redis-on":
      return { ...base, RESPONSE_CACHE: "on", REDIS_URL: settings.redisUrl, RESPONSE_CACHE_NAMESPACE: namespace };
  }
}

const HEADERS = { "content-type": "application/json", accept: "application/json" };

/** A header of autocannon's response (names as the server wrote them). */
function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends the full request of each document once: the hub then knows every hash. Each answer must be free of errors. */
async function register(server: RunningServer, bodies: string[]): Promise<NonNullable<ConfigResult["registration"]>> {
  const answers: NonNullable<ConfigResult["registration"]> = [];
  for (const body of bodies) {
    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: "POST",
      headers: HEADERS,
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const raw = await response.text();
    const parsed = JSON.parse(raw) as { errors?: Array<{ message: string }> };
    const operation = /query (\w+)/.exec((JSON.parse(body) as { query: string }).query)?.[1] ?? "?";
    const sql = response.headers.get("x-sql-statements");
    answers.push({
      operation,
      status: response.status,
      bytes: Buffer.byteLength(raw),
      sqlStatements: sql === null ? null : Number(sql),
      errors: (parsed.errors ?? []).map((e) => e.message),
    });
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------
// One run

interface Tally {
  latencies: number[];
  byKind: Map<RequestKind, { latencies: number[]; hits: number; bytes: number }>;
  sentByKind: Map<RequestKind, number>;
  sent: number;
  responses: number;
  hits: number;
  sqlStatements: number;
  failures: Failures;
  bodies: Set<string>;
}

function newTally(): Tally {
  return {
    latencies: [],
    byKind: new Map(),
    sentByKind: new Map(),
    sent: 0,
    responses: 0,
    hits: 0,
    sqlStatements: 0,
    bodies: new Set(),
    failures: { non2xx: 0, graphqlErrors: 0, persistedQueryMisses: 0, socketErrors: 0, timeouts: 0, samples: [] },
  };
}

function sample(failures: Failures, message: string): void {
  if (failures.samples.length < MAX_FAILURE_SAMPLES && !failures.samples.includes(message)) failures.samples.push(message);
}

/** Sorts a response: success, GraphQL error or persisted-query miss (a 2xx), HTTP failure. */
function classify(status: number, body: string, kind: RequestKind, tally: Tally): boolean {
  if (status < 200 || status >= 300) {
    tally.failures.non2xx += 1;
    sample(tally.failures, `${kind}: HTTP ${status} ${body.slice(0, 200)}`);
    return false;
  }
  // Cheap test first: a data answer rarely holds this text, and one that does is parsed to be sure.
  if (!body.includes('"errors"')) return true;
  let errors: Array<{ message?: string; extensions?: { code?: string } }> = [];
  try {
    errors = (JSON.parse(body) as { errors?: typeof errors }).errors ?? [];
  } catch {
    errors = [{ message: `unparsable answer: ${body.slice(0, 200)}` }];
  }
  if (errors.length === 0) return true;
  if (errors.some((e) => e.extensions?.code === "PERSISTED_QUERY_NOT_FOUND")) tally.failures.persistedQueryMisses += 1;
  else tally.failures.graphqlErrors += 1;
  sample(tally.failures, `${kind}: ${errors[0].extensions?.code ?? ""} ${errors[0].message ?? ""}`.trim());
  return false;
}

interface LoadContext {
  server: RunningServer;
  mix: DashboardMix;
  settings: Settings;
  hashes: Map<string, string>;
  backends: BackendWatcher;
  cacheOn: boolean;
  redis: boolean;
}

/** Drives the mix through autocannon: each request's body comes from the mix, each answer is checked and tallied. */
function fire(ctx: LoadContext, connections: number, durationS: number, tally: Tally): autocannon.Instance {
  // autocannon calls a request's onResponse and then, synchronously, emits 'response' for the same answer
  // (lib/httpClient.js, kOnMessageComplete): `last` carries the kind and outcome from one to the other.
  let last: { kind: RequestKind; ok: boolean } | null = null;
  const instance = autocannon({
    url: `http://127.0.0.1:${ctx.server.port}`,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: REQUEST_TIMEOUT_S,
    requests: [
      {
        method: "POST",
        path: "/graphql",
        headers: HEADERS,
        setupRequest: (request, context) => {
          const next = ctx.mix.next();
          const body = requestBody(next, ctx.settings.persistedQueries, ctx.hashes);
          context.kind = next.kind;
          tally.bodies.add(body);
          // Each client builds its next request when an answer arrives and sends it at once: built = sent.
          tally.sent += 1;
          tally.sentByKind.set(next.kind, (tally.sentByKind.get(next.kind) ?? 0) + 1);
          return { ...request, body };
        },
        onResponse: (status, body, context, headers) => {
          const kind = context.kind as RequestKind;
          tally.responses += 1;
          const ok = classify(status, body, kind, tally);
          last = { kind, ok };
          if (!ok) return;
          const entry = tally.byKind.get(kind) ?? { latencies: [], hits: 0, bytes: 0 };
          tally.byKind.set(kind, entry);
          entry.bytes += Buffer.byteLength(body);
          if (header(headers, "age") !== undefined) {
            tally.hits += 1;
            entry.hits += 1;
          }
          tally.sqlStatements += Number(header(headers, "x-sql-statements") ?? 0);
        },
      },
    ],
  });
  instance.on("response", (_client, _status, _bytes, responseTimeMs) => {
    if (!last?.ok) return;
    tally.latencies.push(responseTimeMs);
    tally.byKind.get(last.kind)?.latencies.push(responseTimeMs);
    last = null;
  });
  return instance;
}

async function measureRun(ctx: LoadContext, connections: number): Promise<RunFigures> {
  const pid = ctx.server.child.pid;
  const machineBusyBeforePercent = await machineLoadPercent(1000);
  const redisPids = ctx.redis ? pidsNamed("redis-server") : [];
  const tally = newTally();
  const rssStart = memoryOf(pid)?.rssMiB ?? null;
  let rssMax = rssStart;
  const sampler = setInterval(() => {
    const rss = memoryOf(pid)?.rssMiB;
    if (rss !== undefined && (rssMax === null || rss > rssMax)) rssMax = rss;
  }, RSS_SAMPLE_MS);
  const hubTicks = pid === undefined ? null : cpuTicksOf(pid);
  const redisTicks = ticksOfAll(redisPids);
  const backendsBefore = await ctx.backends.snapshot();
  const machineTicks = machineBusyTicks();
  const benchCpu = process.cpuUsage();
  const result = await fire(ctx, connections, ctx.settings.durationS, tally);
  const benchUsed = process.cpuUsage(benchCpu);
  clearInterval(sampler);
  const hubMs = pid === undefined || hubTicks === null ? null : ticksToMs((cpuTicksOf(pid) ?? hubTicks) - hubTicks);
  const redisMs = ctx.redis ? ticksToMs(ticksOfAll(redisPids) - redisTicks) : null;
  const pgMs = ticksToMs(backendTicks(backendsBefore, await ctx.backends.snapshot()));
  const machineTicksAfter = machineBusyTicks();
  const benchMs = (benchUsed.user + benchUsed.system) / 1000;
  const otherMs =
    machineTicks === null || machineTicksAfter === null
      ? null
      : Math.max(0, ticksToMs(machineTicksAfter - machineTicks) - (hubMs ?? 0) - pgMs - (redisMs ?? 0) - benchMs);
  const memory = memoryOf(pid);
  if (memory && (rssMax === null || memory.rssMiB > rssMax)) rssMax = memory.rssMiB;
  tally.failures.socketErrors = result.errors;
  tally.failures.timeouts = result.timeouts;
  const latencies = [...tally.latencies].sort((a, b) => a - b);
  const requests = latencies.length;
  const perRequest = (ms: number | null) => (ms === null || requests === 0 ? null : round2(ms / requests));
  const f = tally.failures;
  return {
    connections,
    durationS: round2(result.duration),
    requests,
    requestsPerSecond: round1(requests / result.duration),
    latencyMs: latencySummary(latencies),
    failures: f,
    failureCount: f.non2xx + f.graphqlErrors + f.persistedQueryMisses + f.socketErrors + f.timeouts,
    cacheHitPercent: ctx.cacheOn && requests > 0 ? round1((tally.hits / requests) * 100) : null,
    sqlStatementsPerRequest: requests ? round2(tally.sqlStatements / requests) : 0,
    distinctBodies: tally.bodies.size,
    unfinishedAtEnd: Math.max(0, tally.sent - tally.responses - result.errors - result.timeouts),
    rssMiB: { start: rssStart, max: rssMax, end: memory?.rssMiB ?? null, peak: memory?.peakRssMiB ?? null },
    cpuMsPerRequest: {
      hub: perRequest(hubMs),
      postgres: perRequest(pgMs),
      redis: perRequest(redisMs),
      loadGenerator: perRequest(benchMs) ?? 0,
    },
    otherProcessesCpuPercent: otherMs === null ? null : Math.round((otherMs / (result.duration * 1000)) * 100),
    machineBusyBeforePercent,
    byKind: kindFigures(tally, requests, ctx.cacheOn),
  };
}

function kindFigures(tally: Tally, total: number, cacheOn: boolean): RunFigures["byKind"] {
  const out: RunFigures["byKind"] = {};
  for (const kind of REQUEST_KINDS) {
    const entry = tally.byKind.get(kind);
    if (!entry || entry.latencies.length === 0) continue;
    const sorted = [...entry.latencies].sort((a, b) => a - b);
    const n = sorted.length;
    out[kind] = {
      requests: n,
      sentPercent: round1(((tally.sentByKind.get(kind) ?? 0) / Math.max(1, tally.sent)) * 100),
      sharePercent: round1((n / Math.max(1, total)) * 100),
      p50: round2(percentile(sorted, 50)),
      p99: round2(percentile(sorted, 99)),
      cacheHitPercent: cacheOn ? round1((entry.hits / n) * 100) : null,
      meanBytes: Math.round(entry.bytes / n),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One configuration: start the hub, register the documents, warm up, measure each concurrency, stop

async function measureConfig(
  config: ConfigName,
  settings: Settings,
  root: string,
  picks: MixPicks,
  namespace: string,
): Promise<ConfigResult> {
  const result: ConfigResult = { config, engine: "postgres", status: "ok", runs: [] };
  if (config.startsWith("redis") && !(await redisAnswers(settings.redisUrl))) {
    return { ...result, status: "skipped", reason: `no Redis answering at ${settings.redisUrl}` };
  }
  const documents = dashboardDocuments(root);
  const registrations = registrationBodies(documents, picks);
  const environment = hubEnv(config, settings, namespace);
  result.hubEnv = Object.fromEntries(Object.entries(environment).filter(([k]) => k !== "DATABASE_URL"));
  await waitForQuiet(settings, config);
  const server = startChild("hub", root, [], path.join(root, "dist", "src", "main.js"), environment, await freePort());
  const backends = await backendWatcher(settings.databaseUrl);
  try {
    result.startMs = await waitUntilAnswering(server, "graphql");
    console.log(`  [${config}] hub answering on :${server.port} after ${result.startMs} ms (pid ${server.child.pid})`);
    result.registration = await register(server, registrations);
    for (const r of result.registration) {
      if (r.status !== 200 || r.errors.length > 0)
        console.warn(`  FINDING ${r.operation}: HTTP ${r.status}, errors: ${r.errors.join("; ")}`);
    }
    const ctx: LoadContext = {
      server,
      settings,
      backends,
      hashes: new Map(),
      mix: new DashboardMix(documents, picks, settings.seed),
      cacheOn: config.endsWith("-on"),
      redis: config.startsWith("redis"),
    };
    // Warm-up: plans, JIT, pool connections, and the cache as a hub that has served for a while.
    await fire(ctx, settings.connections[0], settings.warmupS, newTally());
    for (const connections of settings.connections) {
      await waitForQuiet(settings, `${config} at ${connections} clients`);
      // Registered again: a store that evicted hashes during the previous run starts the same as the first one.
      await register(server, registrations);
      const run = await measureRun(ctx, connections);
      result.runs.push(run);
      logRun(config, run);
    }
  } catch (error) {
    return { ...result, status: "failed", reason: `${errorMessage(error)}\n${server.log.slice(-10).join("\n")}` };
  } finally {
    await backends.close();
    await stopServer(server);
  }
  return result;
}

function logRun(config: ConfigName, run: RunFigures): void {
  const f = run.failures;
  console.log(
    `  [${config}] c=${String(run.connections).padStart(3)}  ${String(run.requestsPerSecond).padStart(7)} req/s  ` +
      `p50 ${run.latencyMs.p50} ms  p99 ${run.latencyMs.p99} ms  hits ${fmt(run.cacheHitPercent)} %  RSS ${run.rssMiB.end} MiB (max ${run.rssMiB.max})` +
      `${run.otherProcessesCpuPercent ? `  (other processes ${run.otherProcessesCpuPercent}% CPU)` : ""}`,
  );
  if (run.failureCount > 0) {
    console.log(
      `  FINDING [${config}] c=${run.connections}: ${run.failureCount} failed requests — non-2xx ${f.non2xx}, GraphQL errors ` +
        `${f.graphqlErrors}, persisted-query misses ${f.persistedQueryMisses}, socket errors ${f.socketErrors}, timeouts ${f.timeouts}`,
    );
    for (const s of f.samples) console.log(`    ${s}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function buildChecks(configs: ConfigResult[], settings: Settings): Check[] {
  return configs.flatMap((c) =>
    settings.connections.map((connections): Check => {
      const run = c.runs.find((r) => r.connections === connections);
      const name = `failed requests, ${c.config}, ${connections} clients`;
      if (!run) return { name, value: "—", target: "0", status: "SKIPPED" };
      return { name, value: String(run.failureCount), target: "0", status: run.failureCount === 0 ? "PASS" : "MISS" };
    }),
  );
}

const MAIN_HEADER = [
  "config",
  "clients",
  "req/s",
  "p50 ms",
  "p90 ms",
  "p99 ms",
  "failures",
  "unfinished",
  "cache hits",
  "SQL/req",
  "RSS MiB end (max)",
  "hub CPU ms/req",
  "PG CPU ms/req",
  "Redis CPU ms/req",
  "loadgen CPU ms/req",
  "other CPU %",
];

function mainRows(configs: ConfigResult[]): string[][] {
  return configs.flatMap((c) =>
    c.runs.map((r) => [
      c.config,
      String(r.connections),
      fmt(r.requestsPerSecond),
      fmt(r.latencyMs.p50),
      fmt(r.latencyMs.p90),
      fmt(r.latencyMs.p99),
      String(r.failureCount),
      String(r.unfinishedAtEnd),
      r.cacheHitPercent === null ? "—" : `${fmt(r.cacheHitPercent)} %`,
      fmt(r.sqlStatementsPerRequest, 2),
      `${fmt(r.rssMiB.end, 0)} (${fmt(r.rssMiB.max, 0)})`,
      fmt(r.cpuMsPerRequest.hub, 2),
      fmt(r.cpuMsPerRequest.postgres, 2),
      fmt(r.cpuMsPerRequest.redis, 2),
      fmt(r.cpuMsPerRequest.loadGenerator, 2),
      `${fmt(r.otherProcessesCpuPercent, 0)}`,
    ]),
  );
}

const KIND_HEADER = ["config", "clients", "request", "share sent", "share answered", "p50 ms", "p99 ms", "cache hits", "mean bytes"];

function kindRows(configs: ConfigResult[]): string[][] {
  return configs.flatMap((c) =>
    c.runs.flatMap((r) =>
      REQUEST_KINDS.flatMap((kind) => {
        const k = r.byKind[kind];
        return k
          ? [
              [
                c.config,
                String(r.connections),
                kind,
                `${fmt(k.sentPercent)} %`,
                `${fmt(k.sharePercent)} %`,
                fmt(k.p50),
                fmt(k.p99),
                k.cacheHitPercent === null ? "—" : `${fmt(k.cacheHitPercent)} %`,
                String(k.meanBytes),
              ],
            ]
          : [];
      }),
    ),
  );
}

const FAILURE_HEADER = [
  "config",
  "clients",
  "non-2xx",
  "GraphQL errors",
  "persisted-query misses",
  "socket errors",
  "timeouts",
  "first messages",
];

function failureRows(configs: ConfigResult[]): string[][] {
  return configs.flatMap((c) =>
    c.runs.map((r) => {
      const f = r.failures;
      return [
        c.config,
        String(r.connections),
        String(f.non2xx),
        String(f.graphqlErrors),
        String(f.persistedQueryMisses),
        String(f.socketErrors),
        String(f.timeouts),
        f.samples.join(" / ").replace(/\|/g, "\\|") || "—",
      ];
    }),
  );
}

function skippedLines(configs: ConfigResult[]): string[] {
  return configs.filter((c) => c.status !== "ok").map((c) => `${c.engine} ${c.config}: ${c.status} (${c.reason ?? ""})`);
}

const NOTES = [
  "Mix (bench/load-mix.ts): page visits — France 20 %, département 50 %, convention 30 % — each expanded into the requests its " +
    "page sends (the documents are read from src/dashboard/public/views/*.js): France = DashboardFrance + DashboardFranceHistory " +
    "(half the visits follow a département); département = DashboardDepartmentHistory + DashboardDepartment (EPCI level, communes " +
    "level for 20 %) + DashboardSdsf when it has SDSF schemes; convention = DashboardConvention. Visits are drawn with a seeded " +
    "generator over every département with communes, 200 conventions of theirs and four dates (today for 60 % of the visits, " +
    "else 2025-06-30, 2024-12-31 or 2023-06-30). A visit's requests are handed to the next free clients, so they go out in " +
    "parallel as a browser sends them.",
  "Persisted queries: with BENCH_LOAD_APQ=on (the default) every request carries the hash only, as the dashboard sends on https " +
    "or localhost; each document is sent once in full before each run to register it. A PERSISTED_QUERY_NOT_FOUND answer " +
    "(the hash evicted from the store, shared with the response cache) counts as a failure; the dashboard would retry with the full query.",
  "Failures = non-2xx + 2xx answers with `errors` + persisted-query misses + socket errors + timeouts (30 s). req/s and " +
    "latencies count the successful answers only. Cache hits: answers carrying Apollo's `age` header. SQL/req: the hub's " +
    "`x-sql-statements` (a cached answer still reads the data version: 1 statement). 'unfinished': requests still in " +
    "flight when the run stopped (one per client at most), left out of the figures — the slow kinds mostly, so the " +
    "answered mix leans to the fast requests ('share sent' against 'share answered' in the by-request table); longer " +
    "runs shrink the effect.",
  "Each configuration starts a fresh hub (NODE_ENV=production, pool of BENCH_POOL_SIZE connections), registers the documents, " +
    "warms up (BENCH_WARMUP_S at the first concurrency: plans, pool, and a cache that has served for a while), then measures " +
    "each concurrency in turn on the same process — the cache and the memory carry over from one to the next. Redis uses a " +
    "namespace of the run's own, so it starts cold too.",
  "RSS: the hub's VmRSS at the start and end of each run and the most sampled during it (every 500 ms). CPU ms/req from /proc: " +
    "the hub, its PostgreSQL backends (application_name ctg-hub), redis-server, and this bench (the load generator, autocannon, " +
    "on the same machine). 'other CPU %' is what every other process used during the run (% of one CPU; the machine has " +
    "two): above a few %, the run shared the machine and its figures are pessimistic.",
  "Embedded database (PGlite): not measured here — it is one session, so 50 or 200 clients measure a single queue; the read " +
    "bench measures it at 1, 10 and 50 connections.",
];

function describeMix(results: LoadBenchResults): string {
  const m = results.mix;
  return `${m.departments} départements, ${m.conventions} conventions, dates ${m.dates.join(", ")}; ${m.distinctRequests} different requests possible`;
}

function printReport(results: LoadBenchResults): void {
  const m = results.machine;
  console.log(`\nctg-hub load bench — ${results.timestamp}`);
  console.log(
    `${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, Node ${m.node}; ${results.settings.durationS} s per run, mix: ${describeMix(results)}`,
  );
  for (const line of skippedLines(results.configs)) console.log(line);
  console.log(textTable(MAIN_HEADER, mainRows(results.configs)));
  console.log("");
  console.log(textTable(KIND_HEADER, kindRows(results.configs)));
  console.log("\nChecks");
  console.log(
    textTable(
      ["check", "value", "target", "result"],
      results.checks.map((c) => [c.name, c.value, c.target, c.status]),
    ),
  );
  const failed = results.checks.filter((c) => c.status === "MISS");
  if (failed.length > 0) console.log(`\n*** FINDING: failed requests under load in ${failed.length} run(s): see the failures table ***`);
}

function markdown(results: LoadBenchResults): string {
  const m = results.machine;
  const s = results.settings;
  const out = [
    "# ctg-hub load bench",
    "",
    `${results.timestamp} — ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, Node ${m.node}, ${m.platform} ${m.release}. ` +
      `PostgreSQL ${new URL(s.databaseUrl).pathname.slice(1)} (national synthetic set); ${s.durationS} s per run after a ${s.warmupS} s warm-up ` +
      `per configuration; hub pool ${s.poolSize} connections; persisted queries ${s.persistedQueries ? "on (hash-only requests)" : "off"}. ` +
      `Whole bench: ${results.durationS} s.`,
    "",
    `Mix: ${describeMix(results)}.`,
    "",
    ...skippedLines(results.configs).flatMap((l, i, all) => (i === all.length - 1 ? [`- ${l}`, ""] : [`- ${l}`])),
    "## Throughput, latency, memory",
    "",
    markdownTable(MAIN_HEADER, mainRows(results.configs)),
    "",
    "## Failures",
    "",
    markdownTable(FAILURE_HEADER, failureRows(results.configs)),
    "",
    "## By request",
    "",
    markdownTable(KIND_HEADER, kindRows(results.configs)),
    "",
    "## Checks",
    "",
    markdownTable(
      ["check", "value", "target", "result"],
      results.checks.map((c) => [c.name, c.value, c.target, c.status]),
    ),
    "",
    "## How it is measured",
    "",
    ...results.notes.map((n) => `- ${n}`),
    "",
  ];
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const root = repoRoot();
  const settings = loadSettings(root);
  const timestamp = new Date().toISOString();
  console.log(
    `load bench: configurations ${settings.configs.join(", ")}; clients ${settings.connections.join("/")}; ` +
      `${settings.durationS} s per run; persisted queries ${settings.persistedQueries ? "on" : "off"}`,
  );
  const picks = await pickMix(settings.databaseUrl, todayInFrance(), settings.departments, settings.conventions);
  const namespace = `ctg-hub-bench-${timestamp.replace(/[^0-9]/g, "")}`;
  const configs: ConfigResult[] = [];
  for (const engine of settings.engines) {
    if (engine === "embedded") {
      configs.push(
        ...settings.configs.map(
          (config): ConfigResult => ({
            config,
            engine,
            status: "skipped",
            runs: [],
            reason: "PGlite is one session: 50 or 200 clients would measure one queue (the read bench covers it)",
          }),
        ),
      );
      continue;
    }
    for (const config of settings.configs) configs.push(await measureConfig(config, settings, root, picks, namespace));
  }
  const { output, ...shown } = settings;
  const results: LoadBenchResults = {
    timestamp,
    machine: machine(),
    settings: shown,
    mix: {
      visits: VISIT_WEIGHTS,
      todayShare: TODAY_SHARE,
      dates: picks.dates,
      communeLevelShare: COMMUNE_LEVEL_SHARE,
      followedDepartmentShare: FOLLOWED_DEPARTMENT_SHARE,
      departments: picks.departments.length,
      conventions: picks.conventions.length,
      distinctRequests: distinctRequests(picks),
    },
    notes: NOTES,
    configs,
    checks: buildChecks(
      configs.filter((c) => c.engine === "postgres"),
      settings,
    ),
    durationS: Math.round((performance.now() - started) / 1000),
  };
  printReport(results);
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(`${output}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${output}.md`, markdown(results));
  console.log(`Results written to ${path.relative(root, `${output}.json`)} and ${path.relative(root, `${output}.md`)}`);
  const failedConfigs = configs.filter((c) => c.status === "failed");
  if (failedConfigs.length > 0)
    throw new Error(`configurations failed: ${failedConfigs.map((c) => `${c.config}: ${c.reason}`).join("; ")}`);
}

// Explicit exits: an open handle must not keep the bench alive, and failures under load are findings (exit 0).
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("load bench failed:", error);
    process.exit(1);
  },
);
