import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  backendWatcher,
  errorMessage,
  fmt,
  freePort,
  machine,
  repoRoot,
  startChild,
  stopServer,
  todayInFrance,
  waitForQuiet,
  waitUntilAnswering,
} from "./harness";
import {
  COMMUNE_LEVEL_SHARE,
  DashboardMix,
  FOLLOWED_DEPARTMENT_SHARE,
  TODAY_SHARE,
  VISIT_WEIGHTS,
  dashboardDocuments,
  distinctRequests,
  pickMix,
  registrationBodies,
  type MixPicks,
} from "./load-mix";
import { loadSettings, type ConfigName, type ConfigResult, type LoadBenchResults, type RunFigures, type Settings } from "./load-settings";
import { fire, hubEnv, measureRun, newTally, redisAnswers, register, type LoadContext } from "./load-run";
import { NOTES, buildChecks, markdown, printReport } from "./load-report";

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
