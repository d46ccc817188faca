import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { freePort, machine, memoryOf, repoRoot, sleep, textTable } from "./harness";
import { gone, hubPid, startCpuMs } from "./processes";
import { benchPglite, benchPostgres, tempDir, type ImportResult, type ImportTimings } from "./startup-imports";

/**
 * Start-up benchmark of the hub: cold and warm `npm start` (its build check included) to the
 * server's first GraphQL answer, and the national geography import on PGlite and on PostgreSQL.
 * A missed target is a finding, not a failure: only an actual error exits with 1.
 */

// ---------------------------------------------------------------------------------------------
// Settings

const PROBE_QUERY = `{ commune(code: "52250") { name } }`;
const POLL_INTERVAL_MS = 50;
/** A cold start loads ~35k communes into a fresh PGlite: generous, so a slow machine still gets a figure. */
const START_TIMEOUT_MS = 180_000;
/** Per probe: a server that accepted the connection but hangs must not stall the poll loop. */
const PROBE_TIMEOUT_MS = 5_000;
const STOP_TIMEOUT_MS = 30_000;
const WARM_RUNS = 3;
const DEFAULT_BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const TARGETS = {
  warmRestartMs: 3_000,
  importPgliteMs: 10_000,
  importPostgresMs: 5_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Result shapes (also the JSON written to bench/results/startup.json)

/** One line the server printed, stamped with the time since spawn: the only view into its phases. */
interface LogLine {
  atMs: number;
  stream: "stdout" | "stderr";
  line: string;
}

interface MemoryReading {
  rssMiB: number;
  peakRssMiB: number;
}

interface ServerRun {
  label: string;
  firstAnswerMs: number;
  /** CPU time of npm, its build check and the hub up to the first answer (see startCpuMs). */
  cpuMs: number | null;
  /** Whether `npm start` compiled first (it must not on a warm restart: sources unchanged). */
  compiled: boolean;
  /** What the server itself reports ("prêt en N ms"): excludes npm, the build check, Node's boot and module loading. */
  selfReportedReadyMs: number | null;
  memory: MemoryReading | null;
  answer: string;
  stopMs: number;
  exit: { code: number | null; signal: string | null; forced: boolean };
  log: LogLine[];
}

interface Check {
  name: string;
  valueMs: number | null;
  targetMs: number;
  status: "PASS" | "MISS" | "SKIPPED";
}

interface BenchResults {
  timestamp: string;
  machine: { platform: string; release: string; cpus: number; cpuModel: string; totalMemoryGiB: number; node: string };
  /**
   * The machine's load average (1, 5, 15 min) before and after the server runs: on a shared machine, elapsed times
   * follow it (2 CPUs at load 15 give a process a fraction of one); CPU used does not.
   */
  loadAverage: { beforeServerRuns: number[]; afterServerRuns: number[] };
  cold: ServerRun;
  warm: { runs: ServerRun[]; medianFirstAnswerMs: number; medianCpuMs: number | null; medianRssMiB: number | null };
  imports: ImportResult[];
  checks: Check[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (ms: number) => Math.round(ms);

function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${round(ms)} ms`;
}

// ---------------------------------------------------------------------------------------------
// The server process

interface RunningServer {
  child: ChildProcess;
  spawnedAt: number;
  log: LogLine[];
  exited: Promise<{ code: number | null; signal: string | null }>;
}

/** Without DATABASE_URL (embedded database) and without CTG_HUB_SEED=false, whatever the caller's shell has. */
function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CTG_HUB_DATA_DIR: dataDir, PORT: String(port) };
  delete env.DATABASE_URL;
  delete env.CTG_HUB_SEED;
  return env;
}

function captureLines(server: RunningServer, stream: NodeJS.ReadableStream | null, name: LogLine["stream"]): void {
  if (!stream) return;
  createInterface({ input: stream }).on("line", (line) => {
    server.log.push({ atMs: round(performance.now() - server.spawnedAt), stream: name, line });
  });
}

/**
 * `npm start`, as a newcomer types it: its build check (scripts/start.js) is part of the measure. Under
 * `npm run bench:startup` npm's own CLI is reused (npm_execpath); otherwise the `npm` of the PATH.
 */
function startServer(root: string, dataDir: string, port: number): RunningServer {
  const spawnedAt = performance.now();
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli?.endsWith(".js") ? [process.execPath, [npmCli, "start"]] : ["npm", ["start"]];
  const child = spawn(command, args, {
    cwd: root,
    env: serverEnv(dataDir, port),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const server: RunningServer = { child, spawnedAt, log: [], exited };
  captureLines(server, child.stdout, "stdout");
  captureLines(server, child.stderr, "stderr");
  return server;
}

/** The commune's name when the server answered with data, null while it is not (yet) able to. */
async function probe(port: number): Promise<string | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: PROBE_QUERY }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    return communeName(await response.json());
  } catch {
    return null; // not listening yet: connection refused
  }
}

function communeName(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("data" in body)) return null;
  const data = body.data;
  if (typeof data !== "object" || data === null || !("commune" in data)) return null;
  const commune = data.commune;
  if (typeof commune !== "object" || commune === null || !("name" in commune)) return null;
  return typeof commune.name === "string" ? commune.name : null;
}

function tail(log: LogLine[], lines = 20): string {
  return log
    .slice(-lines)
    .map((l) => `  [${l.stream} +${l.atMs} ms] ${l.line}`)
    .join("\n");
}

/** Polls every 50 ms until the server answers with data; fails if it dies or never answers. */
async function waitForFirstAnswer(server: RunningServer, port: number): Promise<{ answer: string; atMs: number }> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (performance.now() - server.spawnedAt < START_TIMEOUT_MS) {
    const answer = await probe(port);
    if (answer !== null) return { answer, atMs: performance.now() - server.spawnedAt };
    if (exited) throw new Error(`the server exited before answering:\n${tail(server.log)}`);
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`no answer within ${START_TIMEOUT_MS} ms:\n${tail(server.log)}`);
}

/**
 * SIGTERM to the hub, as an orchestrator would send; SIGKILL only if it does not stop. Done when both the hub
 * and npm are gone: the next start must not find the data folder still held.
 */
async function stopServer(server: RunningServer): Promise<{ stopMs: number; exit: ServerRun["exit"] }> {
  const started = performance.now();
  const hub = hubPid(server.child.pid);
  if (hub !== undefined) process.kill(hub, "SIGTERM");
  else server.child.kill("SIGTERM");
  const hubGone = hub === undefined ? Promise.resolve(true) : gone(hub, STOP_TIMEOUT_MS);
  const timeout = sleep(STOP_TIMEOUT_MS).then(() => null);
  const [result, stopped] = await Promise.all([Promise.race([server.exited, timeout]), hubGone]);
  if (result !== null && stopped) return { stopMs: performance.now() - started, exit: { ...result, forced: false } };
  if (hub !== undefined && !stopped) process.kill(hub, "SIGKILL");
  server.child.kill("SIGKILL");
  const killed = await server.exited;
  return { stopMs: performance.now() - started, exit: { ...killed, forced: true } };
}

function selfReportedReady(log: LogLine[]): number | null {
  for (const { line } of log) {
    const match = /prêt en (\d+) ms/.exec(line);
    if (match) return Number(match[1]);
  }
  return null;
}

async function measureServerStart(label: string, root: string, dataDir: string): Promise<ServerRun> {
  const port = await freePort();
  const server = startServer(root, dataDir, port);
  try {
    const { answer, atMs } = await waitForFirstAnswer(server, port);
    const cpuMs = startCpuMs(server.child.pid);
    const memory = memoryOf(hubPid(server.child.pid));
    const { stopMs, exit } = await stopServer(server);
    return {
      label,
      firstAnswerMs: round(atMs),
      selfReportedReadyMs: selfReportedReady(server.log),
      memory,
      answer,
      compiled: server.log.some((l) => l.line.includes("ctg-hub : compilation")),
      cpuMs,
      stopMs: round(stopMs),
      exit,
      log: server.log,
    };
  } finally {
    // On an error above the child may still run: never leave it behind.
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function check(name: string, valueMs: number | null, targetMs: number): Check {
  if (valueMs === null) return { name, valueMs, targetMs, status: "SKIPPED" };
  return { name, valueMs, targetMs, status: valueMs < targetMs ? "PASS" : "MISS" };
}

function importOf(imports: ImportResult[], engine: ImportResult["engine"]): ImportTimings | null {
  const found = imports.find((i) => i.engine === engine);
  return found && found.status === "ok" ? found : null;
}

function buildChecks(warmMedianMs: number, imports: ImportResult[]): Check[] {
  const pglite = importOf(imports, "pglite");
  const postgres = importOf(imports, "postgres");
  return [
    check(`Warm restart, median of ${WARM_RUNS}`, warmMedianMs, TARGETS.warmRestartMs),
    check("Geography import, PGlite (first)", pglite?.firstImportMs ?? null, TARGETS.importPgliteMs),
    check("Geography import, PGlite (re-import)", pglite?.reimportMs ?? null, TARGETS.importPgliteMs),
    check("Geography import, PostgreSQL (first)", postgres?.firstImportMs ?? null, TARGETS.importPostgresMs),
    check("Geography import, PostgreSQL (re-import)", postgres?.reimportMs ?? null, TARGETS.importPostgresMs),
  ];
}

const memory = (m: MemoryReading | null) => (m ? `${m.rssMiB} MiB (peak ${m.peakRssMiB})` : "—");

function serverRows(results: BenchResults): string[][] {
  const row = (run: ServerRun) => [
    run.label,
    formatMs(run.firstAnswerMs),
    formatMs(run.cpuMs),
    formatMs(run.selfReportedReadyMs),
    run.compiled ? "yes" : "no",
    memory(run.memory),
    formatMs(run.stopMs),
  ];
  return [
    row(results.cold),
    ...results.warm.runs.map(row),
    [
      `warm, median of ${WARM_RUNS}`,
      formatMs(results.warm.medianFirstAnswerMs),
      formatMs(results.warm.medianCpuMs),
      "",
      "",
      results.warm.medianRssMiB === null ? "—" : `${results.warm.medianRssMiB} MiB`,
      "",
    ],
  ];
}

function importRows(imports: ImportResult[]): string[][] {
  return imports.map((i) =>
    i.status === "skipped"
      ? [i.engine, "skipped", "", "", "", i.reason]
      : [
          i.engine,
          formatMs(i.openMs),
          formatMs(i.migrationsMs),
          formatMs(i.firstImportMs),
          formatMs(i.reimportMs),
          i.rowsChangedOnReimport === 0 ? "re-import changed nothing" : `re-import changed ${i.rowsChangedOnReimport} rows`,
        ],
  );
}

/** The server's own lines on its cold start: where the time goes between spawn and first answer. */
function coldTimeline(run: ServerRun): string {
  const lines = run.log.map((l) => `  +${String(l.atMs).padStart(6)} ms  ${l.stream === "stderr" ? "[stderr] " : ""}${l.line}`);
  return [...lines, `  +${String(run.firstAnswerMs).padStart(6)} ms  first answer: ${run.answer}`].join("\n");
}

function printReport(results: BenchResults): void {
  const m = results.machine;
  console.log(`\nctg-hub start-up bench — ${results.timestamp}`);
  console.log(`${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGiB} GiB, Node ${m.node}, ${m.platform} ${m.release}`);
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(" ");
  console.log(
    `load average (1, 5, 15 min): ${load(results.loadAverage.beforeServerRuns)} before the server runs, ${load(results.loadAverage.afterServerRuns)} after\n`,
  );
  console.log("`npm start` to first answer (embedded PGlite, spawn → POST /graphql answered with data)");
  console.log(
    textTable(
      ["run", "first answer", "CPU used", "server's 'prêt en'", "compiled", "RSS after answer", "SIGTERM → exit"],
      serverRows(results),
    ),
  );
  console.log("\nCold start timeline (server stdout/stderr, time since spawn)");
  console.log(coldTimeline(results.cold));
  console.log("\nGeography import (in process: open, migrate, import on empty tables, re-import)");
  console.log(textTable(["engine", "open", "migrations", "first import", "re-import", "note"], importRows(results.imports)));
  console.log("\nTargets");
  console.log(
    textTable(
      ["measure", "value", "target", "result"],
      results.checks.map((c) => [c.name, formatMs(c.valueMs), `< ${formatMs(c.targetMs)}`, c.status]),
    ),
  );
  console.log("");
}

function writeResults(root: string, results: BenchResults): string {
  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "startup.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------

async function measureServer(root: string): Promise<Pick<BenchResults, "cold" | "warm">> {
  const dataDir = tempDir("server");
  try {
    const cold = await measureServerStart("cold (empty database)", root, dataDir);
    const runs: ServerRun[] = [];
    for (let i = 1; i <= WARM_RUNS; i++) runs.push(await measureServerStart(`warm #${i}`, root, dataDir));
    const rss = runs.map((r) => r.memory?.rssMiB).filter((v): v is number => v !== undefined);
    return {
      cold,
      warm: {
        runs,
        medianFirstAnswerMs: median(runs.map((r) => r.firstAnswerMs)),
        medianCpuMs: runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs as number)) : null,
        medianRssMiB: rss.length > 0 ? median(rss) : null,
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  if (!existsSync(path.join(root, "dist", "src", "main.js"))) throw new Error("dist/src/main.js missing: run `npm run build` first");
  const timestamp = new Date().toISOString();
  console.log("Measuring server start-up (cold, then warm ×3)…");
  const beforeServerRuns = os.loadavg();
  const server = await measureServer(root);
  const afterServerRuns = os.loadavg();
  console.log("Measuring geography import on PGlite…");
  const pglite = await benchPglite();
  console.log("Measuring geography import on PostgreSQL…");
  const postgres = await benchPostgres(process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL);
  const imports = [pglite, postgres];
  const results: BenchResults = {
    timestamp,
    machine: machine(),
    loadAverage: { beforeServerRuns, afterServerRuns },
    ...server,
    imports,
    checks: buildChecks(server.warm.medianFirstAnswerMs, imports),
  };
  printReport(results);
  console.log(`Results written to ${path.relative(root, writeResults(root, results))}`);
}

// Explicit exits: an open PGlite or pg handle must not keep the bench alive, and a missed target is exit 0.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("startup bench failed:", error);
    process.exit(1);
  },
);
