import autocannon from "autocannon";
import { connect } from "node:net";
import {
  backendTicks,
  cpuTicksOf,
  machineBusyTicks,
  latencySummary,
  machineLoadPercent,
  memoryOf,
  percentile,
  pidsNamed,
  round1,
  round2,
  ticksToMs,
  type BackendWatcher,
  type RunningServer,
} from "./harness";
import { DashboardMix, REQUEST_KINDS, requestBody, type RequestKind } from "./load-mix";
import {
  MAX_FAILURE_SAMPLES,
  REQUEST_TIMEOUT_S,
  RSS_SAMPLE_MS,
  type ConfigName,
  type ConfigResult,
  type Failures,
  type RunFigures,
  type Settings,
} from "./load-settings";

/** One load run of the hub: its environment, the documents registered, the requests fired and tallied. */

// ---------------------------------------------------------------------------------------------
// Redis

/** Whether a Redis answers PING at `url` (a plain RESP exchange: no client library needed). */
export function redisAnswers(url: string): Promise<boolean> {
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

export const ticksOfAll = (pids: number[]) => pids.reduce((sum, pid) => sum + (cpuTicksOf(pid) ?? 0), 0);

// ---------------------------------------------------------------------------------------------
// The hub

export function hubEnv(config: ConfigName, settings: Settings, namespace: string): Record<string, string> {
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

export const HEADERS = { "content-type": "application/json", accept: "application/json" };

/** A header of autocannon's response (names as the server wrote them). */
function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends the full request of each document once: the hub then knows every hash. Each answer must be free of errors. */
export async function register(server: RunningServer, bodies: string[]): Promise<NonNullable<ConfigResult["registration"]>> {
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

export interface Tally {
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

export function newTally(): Tally {
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

export interface LoadContext {
  server: RunningServer;
  mix: DashboardMix;
  settings: Settings;
  hashes: Map<string, string>;
  backends: BackendWatcher;
  cacheOn: boolean;
  redis: boolean;
}

/** Drives the mix through autocannon: each request's body comes from the mix, each answer is checked and tallied. */
export function fire(ctx: LoadContext, connections: number, durationS: number, tally: Tally): autocannon.Instance {
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

export async function measureRun(ctx: LoadContext, connections: number): Promise<RunFigures> {
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

export function kindFigures(tally: Tally, total: number, cacheOn: boolean): RunFigures["byKind"] {
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
