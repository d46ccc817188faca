import { fmt, markdownTable, textTable } from "./harness";
import { REQUEST_KINDS } from "./load-mix";
import { type Check, type ConfigResult, type LoadBenchResults, type Settings } from "./load-settings";

/** The load bench's targets and its report (console and markdown). */

// ---------------------------------------------------------------------------------------------
// Report

export function buildChecks(configs: ConfigResult[], settings: Settings): Check[] {
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

export const NOTES = [
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

export function printReport(results: LoadBenchResults): void {
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

export function markdown(results: LoadBenchResults): string {
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
