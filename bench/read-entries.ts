import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  backendWatcher,
  fmt,
  freePort,
  machine,
  markdownTable,
  repoRoot,
  startChild,
  stopServer,
  textTable,
  waitForQuiet,
  waitUntilAnswering,
} from "./harness";
import { analystToken, targetFor, variablesFor, type Target } from "./read-answers";
import { prepareEngine } from "./read-dataset";
import { figuresOf, sample, warmUp, type Sample } from "./read-load";
import { isQueryName, type QueryName } from "./read-queries";
import { loadSettings, serverEnv, type LoadFigures, type RunningServer } from "./read-settings";

/**
 * The hub's two ways in for a compiled read, on one hub process with the response cache off: the compiled-read route
 * (src/server/compiled-read-route.ts, which answers a plain POST itself) and Apollo's pipeline (whose executor asks
 * the same SqlReader, src/graph/executor.ts). The route hands to Apollo any request carrying `extensions`: the Apollo
 * runs send the same body with `"extensions":{}`, everything else being equal. Per query and connection count, runs
 * alternate (route, Apollo, Apollo, route, …) so that the machine's drift weighs on both alike.
 *
 *   npm run build && node dist/bench/read-entries.js
 *
 * Settings: BENCH_ENTRY_QUERIES (departmentCommunes,dashboard,convention), BENCH_CONNECTIONS (10), BENCH_DURATION_S (20
 * per entry), BENCH_ROUNDS (4), BENCH_WARMUP_S, BENCH_DATABASE_URL, BENCH_OUTPUT (bench/results/read-entries).
 */

const ENTRIES = ["route", "apollo"] as const;
type Entry = (typeof ENTRIES)[number];

interface EntryRun {
  query: QueryName;
  connections: number;
  route: LoadFigures;
  apollo: LoadFigures;
  /** Apollo / route: p50 (lower is better for the route) and throughput (higher is better for Apollo). */
  p50Ratio: number;
  throughputRatio: number;
}

const apolloTarget = (target: Target): Target => ({
  url: target.url,
  headers: target.headers,
  body: JSON.stringify({ ...(JSON.parse(target.body) as Record<string, unknown>), extensions: {} }),
});

/** Both entries must answer the same bytes: otherwise the comparison measures two different answers. */
async function sameAnswer(targets: Record<Entry, Target>): Promise<boolean> {
  const texts = await Promise.all(
    ENTRIES.map(async (entry) => {
      const response = await fetch(targets[entry].url, {
        method: "POST",
        headers: targets[entry].headers,
        body: targets[entry].body,
      });
      return `${response.status} ${await response.text()}`;
    }),
  );
  return texts[0] === texts[1];
}

async function main(): Promise<void> {
  const root = repoRoot();
  const settings = loadSettings(root);
  const token = await analystToken();
  const queries = (process.env.BENCH_ENTRY_QUERIES ?? "departmentCommunes,dashboard,convention")
    .split(",")
    .map((q) => q.trim())
    .filter(isQueryName);
  const connections = (process.env.BENCH_CONNECTIONS ?? "10").split(",").map(Number);
  const durationS = Number(process.env.BENCH_DURATION_S ?? 20);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
  const output = path.resolve(root, process.env.BENCH_OUTPUT || path.join("bench", "results", "read-entries"));
  const dataset = await prepareEngine("postgres", settings);
  if (typeof dataset === "string") throw new Error(dataset);
  const port = await freePort();
  const hub: RunningServer = startChild(
    "hub",
    root,
    settings.hubNodeArgs,
    path.join(root, "dist", "src", "main.js"),
    serverEnv("hub", "postgres", settings),
    port,
  );
  const backends = await backendWatcher(settings.databaseUrl);
  const runs: EntryRun[] = [];
  try {
    await waitUntilAnswering(hub, "graphql");
    for (const query of queries) {
      const route = targetFor(hub, query, variablesFor(query, dataset.picks), token);
      const targets: Record<Entry, Target> = { route, apollo: apolloTarget(route) };
      if (!(await sameAnswer(targets))) throw new Error(`${query}: the route and Apollo answer differently`);
      await waitForQuiet(settings, query);
      for (const entry of ENTRIES) await warmUp(targets[entry], settings);
      for (const c of connections) {
        const samples: Record<Entry, Sample[]> = { route: [], apollo: [] };
        for (let round = 0; round < rounds; round++) {
          for (const entry of round % 2 === 0 ? ENTRIES : [...ENTRIES].reverse()) {
            samples[entry].push(await sample(hub, targets[entry], c, durationS / rounds, backends));
          }
        }
        const figures = { route: figuresOf(c, samples.route, hub.child.pid), apollo: figuresOf(c, samples.apollo, hub.child.pid) };
        const run: EntryRun = {
          query,
          connections: c,
          ...figures,
          p50Ratio: Math.round((figures.apollo.latencyMs.p50 / figures.route.latencyMs.p50) * 100) / 100,
          throughputRatio: Math.round((figures.apollo.requestsPerSecond / figures.route.requestsPerSecond) * 100) / 100,
        };
        runs.push(run);
        console.log(
          `${query} c=${c}: route ${figures.route.requestsPerSecond} req/s p50 ${figures.route.latencyMs.p50} ms; ` +
            `Apollo ${figures.apollo.requestsPerSecond} req/s p50 ${figures.apollo.latencyMs.p50} ms`,
        );
      }
    }
  } finally {
    await backends.close();
    await stopServer(hub);
  }
  const header = ["query", "conn", "route req/s", "Apollo req/s", "thr Apollo/route", "route p50", "Apollo p50", "p50 Apollo/route"];
  header.push("route p99", "Apollo p99", "route CPU ms/req", "Apollo CPU ms/req", "other procs CPU % (route/Apollo)");
  const rows = runs.map((r) => [
    r.query,
    String(r.connections),
    fmt(r.route.requestsPerSecond),
    fmt(r.apollo.requestsPerSecond),
    `${r.throughputRatio.toFixed(2)}×`,
    fmt(r.route.latencyMs.p50, 2),
    fmt(r.apollo.latencyMs.p50, 2),
    `${r.p50Ratio.toFixed(2)}×`,
    fmt(r.route.latencyMs.p99, 2),
    fmt(r.apollo.latencyMs.p99, 2),
    fmt(r.route.serverCpuMsPerRequest, 2),
    fmt(r.apollo.serverCpuMsPerRequest, 2),
    `${fmt(r.route.otherProcessesCpuPercent, 0)} / ${fmt(r.apollo.otherProcessesCpuPercent, 0)}`,
  ]);
  console.log(`\n${textTable(header, rows)}`);
  const timestamp = new Date().toISOString();
  const m = machine();
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(`${output}.json`, `${JSON.stringify({ timestamp, machine: m, durationS, rounds, runs }, null, 2)}\n`);
  writeFileSync(
    `${output}.md`,
    [
      "# ctg-hub read entries: compiled-read route against Apollo's pipeline",
      "",
      `${timestamp} — ${m.cpus} × ${m.cpuModel}, Node ${m.node}; one hub, response cache off, ${durationS} s per entry in ${rounds} alternated runs; latencies in ms.`,
      "",
      markdownTable(header, rows),
      "",
    ].join("\n"),
  );
}

// Explicit exits: an open handle must not keep the bench alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("read entries bench failed:", error);
    process.exit(1);
  },
);
