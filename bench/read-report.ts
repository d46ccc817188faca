import { existsSync, readFileSync } from "node:fs";
import { fmt, markdownTable, textTable } from "./harness";
import { ANALYTICS_AS_OF, QUERY_NAMES, type QueryName } from "./read-queries";
import { ENGINES, NATIONAL_TARGET, TARGETS, type Check, type EngineResult, type LoadFigures, type ReadBenchResults } from "./read-settings";

/** The read bench's targets, its report (console and markdown) and the merge of a partial run into the earlier results. */

// ---------------------------------------------------------------------------------------------
// Checks and report

export function buildChecks(engines: EngineResult[], queryNames: readonly QueryName[]): Check[] {
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
const PROBE_HEADER = ["query", "variables", "measured", "hub SQL stmts", "hub bytes", "floor bytes", "items (hub)", "hub = floor"];

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
    !q.parity.checked ? (q.parity.ok ? "not checked" : "HUB ERRORS") : q.parity.ok ? "same values" : "DIFFERENT",
  ]);
}

function checkRows(checks: Check[]): string[][] {
  return checks.map((c) => [c.name, c.value, c.target, c.status]);
}

export const NOTES = [
  "Floor: bench/floor-server.ts, a node:http server with one hand-written SQL statement per query (nesting with json_agg, " +
    "the national list's total with count(*) OVER ()), answering JSON.stringify of the rows; pg.Pool of the hub's size on " +
    "PostgreSQL, one PGlite instance (queries run one at a time, as in the hub) on the embedded database.",
  "Analytics (departmentCoverage and compareTerritories at EPCI level for the département with the most communes, " +
    "nationalCoverage; asOf 2025-06-30): the floor's statements are written in bench/floor-analytics-sql.ts with the hub's " +
    "rules (not imported from src/analytics/analytics.sql.ts, which would load type-graphql into the floor) and compute " +
    "only the figures the documents select; the hub's statements compute every field of their types whatever the " +
    "selection (e.g. allocataires in nationalCoverage). departmentCoverage's floor nests the EPCI rows in one statement " +
    "(the hub: département check, coverage, EPCI rows). All three are asked on the current geography " +
    "(geography: CURRENT), what their floors compute: on 2025-06-30 the default, AS_OF, reads the COG 2025 once the " +
    "vintages are loaded, a statement without a floor of its own here (measured at 4.3× departmentCoverage's current " +
    "floor and 2.5× nationalCoverage's on 2026-12-07 on a loaded machine: bench/results/vintages.md).",
  "Same values: before measuring, one answer of each server is compared — every scalar value (cursors aside), sorted, " +
    "so that the floor does the hub's work, no less. It checks the floor, not the hub: that the hub's compiled reads " +
    "answer as its resolvers do is test/integration/parity.test.ts.",
  "Lean list (departmentCommunes): the communes of département 52 (426, all on the first page of 500) with their " +
    "EPCI and totalCount; the floor counts with count(*) OVER ().",
  "History (coverageHistory by year, from the end of 2015 to 2025-06-30: 11 points; nationalHistory for France, " +
    "departmentHistory for the analytics département): the floor's statement ORs per-convention bit strings per commune, " +
    "as the hub's does (the plain per-date DISTINCT took 300–400 ms nationally, slower than the hub). Both on the " +
    "current geography (geography: CURRENT). nationalHistoryAsOf and departmentHistoryAsOf ask the same with " +
    "geography: AS_OF (each point on the COG vintage of its year, the first one loaded before 2021; the data set's " +
    "database must hold the vintages: npm run import:geography): the floor reads the precomputed commune_lineage " +
    "(what each current commune was in each vintage) as the hub does, and sums its rows with the same bits by array " +
    "position in one statement, where the hub first reads which vintages are loaded.",
  "Follow-up (actionStats nationally by DEPARTMENT × STATUS × LATE with its totals; conventionFollowUp: the dashboard's " +
    "convention with its actions' pilots, budget lines, fundings, indicator values and notes, late on 2025-06-30): money, " +
    "contacts and reserved notes are restricted, so the hub is asked as a national ANALYST (a token signed with the bench's " +
    "own secret, given to the hub as JWT_SECRET); a national analyst reads every restricted field, so they are compiled (one statement); a département-scoped caller's " +
    "document goes to the resolvers, which check each row. When the data " +
    "set holds no follow-up rows, bench/followup-dataset.ts writes them for every action (drawn from its id).",
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

export function printReport(results: ReadBenchResults): void {
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

export function markdown(results: ReadBenchResults): string {
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

export function mergeWithPrevious(results: ReadBenchResults, file: string): ReadBenchResults {
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
