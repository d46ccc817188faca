import "reflect-metadata";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ANALYTICS_AS_OF, PAGE, type QueryName } from "./read-queries";
import { backendWatcher, freePort, machine, memoryOf, repoRoot, round2, startChild, stopServer, waitUntilAnswering } from "./harness";
import { analystToken, probe, sameValues, targetFor, variablesFor, type Answer } from "./read-answers";
import { prepareEngine } from "./read-dataset";
import { measureInTurn } from "./read-load";
import { NOTES, buildChecks, markdown, mergeWithPrevious, printReport } from "./read-report";
import {
  loadSettings,
  serverEnv,
  type Engine,
  type EngineResult,
  type QueryResult,
  type ReadBenchResults,
  type RunningServer,
  type ServerKind,
  type Settings,
} from "./read-settings";

/**
 * Read benchmark of the hub: a lean list (a département's communes with their EPCI), three dashboard-style GraphQL
 * queries, six analytics (a large département's coverage and territory comparison, the national coverage map, the
 * national and départemental coverage history, national actionStats) and a convention's follow-up under load (autocannon,
 * 1/10/50 connections), each against a "floor" — a bare `node:http` server answering the same figures with one
 * hand-written SQL statement (bench/floor-server.ts) — on PostgreSQL and on the embedded PGlite, both
 * loaded with the national synthetic data set. Hub and floor run as child processes, loaded in turn (never at
 * once), so their memory and CPU are measured apart; on PostgreSQL their runs alternate (see measureInTurn).
 * A missed target is a finding, not a failure: only an actual error exits with 1.
 *
 * This file runs the engines and writes the results; settings and result shapes are in read-settings.ts, the data
 * set in read-dataset.ts, requests and answers in read-answers.ts, load runs in read-load.ts, the report in
 * read-report.ts.
 */

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

/** One request per query, outside any load: the answer's size, items and values (and the hub's SQL statement count). */
async function probeAll(server: RunningServer, queries: QueryResult[], settings: Settings): Promise<Map<QueryName, Answer>> {
  const answers = new Map<QueryName, Answer>();
  for (const query of queries) {
    const answer = await probe(server, targetFor(server, query.name, query.variables, settings.analystToken));
    answers.set(query.name, answer);
    if (server.kind === "hub") query.hubProbe = answer.probe;
    else query.floorProbe = answer.probe;
  }
  return answers;
}

/** Hub and floor return the same values (a check of the floor: see read-answers.ts), or the warnings say why not. */
function checkSameValues(queries: QueryResult[], hubAnswers: Map<QueryName, Answer>, floorAnswers: Map<QueryName, Answer> | null): void {
  for (const query of queries) {
    const hub = hubAnswers.get(query.name);
    const floor = floorAnswers?.get(query.name);
    if (hub && floor) {
      const warnings = sameValues(query.name, hub, floor);
      query.parity = { checked: true, ok: warnings.length === 0, warnings };
    } else if (hub && hub.probe.graphqlErrors.length > 0) {
      query.parity = { checked: false, ok: false, warnings: [`the hub answered with errors: ${hub.probe.graphqlErrors.join("; ")}`] };
    }
    for (const w of query.parity.warnings) console.warn(`  WARNING ${w}`);
    if (query.parity.checked && query.parity.ok)
      console.log(
        `  ${query.name}: hub and floor return the same values (${Object.entries(hub?.probe.items ?? {})
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
      checkSameValues(queries, await probeAll(hub, queries, settings), floorAnswers);
      await measure(floor ? [hub, floor] : [hub]);
    });
  try {
    if (engine === "postgres" && withHub && withFloor) {
      servers.floor = (
        await withServer("floor", engine, settings, root, async (floor) => {
          servers.hub = (await hubRun(await probeAll(floor, queries, settings), floor)).figures;
        })
      ).figures;
    } else {
      // PGlite's data folder is opened by one process at a time: the floor answers first, then the hub runs, then the floor.
      const floorAnswers = withFloor
        ? (await withServer("floor", engine, settings, root, (s) => probeAll(s, queries, settings))).value
        : null;
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

async function main(): Promise<void> {
  const started = performance.now();
  const root = repoRoot();
  for (const file of [path.join("dist", "src", "main.js"), path.join("dist", "bench", "floor-server.js")]) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} missing: run \`npm run build\` first`);
  }
  const settings: Settings = { ...loadSettings(root), analystToken: await analystToken() };
  const timestamp = new Date().toISOString();
  console.log(
    `read bench: engines ${settings.engines.join(", ")}; servers ${settings.servers.join(", ")}; queries ${settings.queries.join(", ")}; ` +
      `connections ${settings.connections.join("/")}; ${settings.durationS} s per server and load in ${settings.rounds} runs${settings.merge ? "; merged into the earlier results" : ""}`,
  );
  const engines: EngineResult[] = [];
  for (const engine of settings.engines) engines.push(await measureEngine(engine, settings, root));
  const { output, analystToken: _token, ...shown } = settings;
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
