import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import pg from "pg";

/**
 * What the benches share (bench/read.ts, bench/load.ts): settings read from the environment, /proc readings
 * (memory, CPU of a process, of PostgreSQL's backends, of the whole machine), the wait for a quiet machine,
 * child servers (spawn, wait until answering, stop), and the report's tables. Imports nothing of the hub.
 */

// ---------------------------------------------------------------------------------------------
// Settings (environment)

const env = process.env;

export function numberSetting(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function listSetting<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return [...fallback];
  const values = raw
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new Error(`${name}: unknown value "${v}" (allowed: ${allowed.join(", ")})`);
  }
  return values as T[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(errorMessage).join("; ");
  return error instanceof Error ? error.message || error.name : String(error);
}

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Asks the kernel for a free port by listening on port 0, then releases it for the server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("could not get a free port"))));
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Mean, percentiles and maximum of latencies sorted in ascending order, in ms rounded to 0.01. */
export function latencySummary(sorted: number[]): LatencySummary {
  const n = sorted.length;
  return {
    mean: round2(n ? sorted.reduce((a, b) => a + b, 0) / n : 0),
    p50: round2(percentile(sorted, 50)),
    p90: round2(percentile(sorted, 90)),
    p99: round2(percentile(sorted, 99)),
    max: round2(sorted.at(-1) ?? 0),
  };
}

export function todayInFrance(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
}

// ---------------------------------------------------------------------------------------------
// /proc readings (Linux; null elsewhere)

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function memoryOf(pid: number | undefined): { rssMiB: number; peakRssMiB: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    const rss = kib("VmRSS");
    const peak = kib("VmHWM");
    if (Number.isNaN(rss) || Number.isNaN(peak)) return null;
    return { rssMiB: Math.round(rss / 1024), peakRssMiB: Math.round(peak / 1024) };
  } catch {
    return null;
  }
}

/** utime + stime of a process, in clock ticks. */
export function cpuTicksOf(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU ticks of the PostgreSQL backends serving the server under test (found by application_name in
 * pg_stat_activity: the hub's pool says "ctg-hub", the floor's "ctg-hub-floor"), so other users of the
 * same PostgreSQL server (a test suite) are not counted. A backend that exits mid-run takes its ticks with it.
 */
export interface BackendWatcher {
  snapshot(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export async function backendWatcher(url: string): Promise<BackendWatcher> {
  const client = new pg.Client({ connectionString: url, application_name: "ctg-hub-bench" });
  await client.connect();
  return {
    async snapshot() {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name IN ('ctg-hub', 'ctg-hub-floor')`,
      );
      const ticks = new Map<number, number>();
      for (const { pid } of rows) {
        const t = cpuTicksOf(pid);
        if (t !== null) ticks.set(pid, t);
      }
      return ticks;
    },
    close: () => client.end(),
  };
}

/** Ticks used between two snapshots by the backends alive at the second (a new one counts from zero). */
export function backendTicks(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += Math.max(0, ticks - (before.get(pid) ?? 0));
  return total;
}

export const ticksToMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_S;

/** Busy ticks of the whole machine (all CPUs) from /proc/stat: user, nice, system, irq, softirq, steal. */
export function machineBusyTicks(): number | null {
  try {
    const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
    const [, user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).map(Number);
    return user + nice + system + irq + softirq + (steal || 0);
  } catch {
    return null;
  }
}

/** CPU used by the whole machine over `ms`, in % of one CPU (a quiet 2-CPU machine: near 0; saturated: 200). */
export async function machineLoadPercent(ms: number): Promise<number | null> {
  const before = machineBusyTicks();
  await sleep(ms);
  const after = machineBusyTicks();
  return before === null || after === null ? null : Math.round((ticksToMs(after - before) / ms) * 100);
}

/** How long the bench may wait for a quiet machine, and what "quiet" means. */
export interface QuietSettings {
  /** All waits together at most this many seconds (0: never wait). */
  quietWaitS: number;
  /** Other processes may use at most this % of one CPU. */
  quietPercent: number;
}

/**
 * Waits until the machine is quiet (other processes — a test suite, another bench — skew every figure). All waits
 * together take at most `quietWaitS`; after that the bench measures anyway, and each run records how busy
 * the machine was.
 */
let quietBudgetMs: number | null = null;

export async function waitForQuiet(settings: QuietSettings, label: string): Promise<void> {
  quietBudgetMs ??= settings.quietWaitS * 1000;
  let load = await machineLoadPercent(1000);
  if (load === null || load <= settings.quietPercent) return;
  if (quietBudgetMs <= 0) {
    console.log(`  machine busy (${load}% CPU used by other processes) before ${label}: measuring anyway (waiting budget spent)`);
    return;
  }
  console.log(
    `  machine busy (${load}% CPU used by other processes) before ${label}: waiting (${Math.round(quietBudgetMs / 1000)} s of waiting left)…`,
  );
  const started = performance.now();
  while (load !== null && load > settings.quietPercent && performance.now() - started < quietBudgetMs) {
    await sleep(4000);
    load = await machineLoadPercent(1000);
  }
  quietBudgetMs -= performance.now() - started;
  if (load !== null && load > settings.quietPercent) console.log(`  still busy (${load}% CPU): measuring anyway`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Creates the database named in `url` when missing (the name must be a plain identifier). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_DATABASE_URL: database name "${name}" must be a plain identifier`);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      console.log(`  creating database ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Child servers

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 5_000;

/** A server under test, run as a child process; `kind` names it in logs ("hub", "floor"). */
export interface RunningServer<K extends string = string> {
  kind: K;
  child: ChildProcess;
  port: number;
  log: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `script` with Node (NODE_ENV=production, PORT=port); its last 200 log lines are kept for error messages. */
export function startChild<K extends string>(
  kind: K,
  root: string,
  nodeArgs: string[],
  script: string,
  childEnv: NodeJS.ProcessEnv,
  port: number,
): RunningServer<K> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, ...childEnv, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const log: string[] = [];
  const keep = (line: string) => {
    log.push(line);
    if (log.length > 200) log.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on("line", keep);
  if (child.stderr) createInterface({ input: child.stderr }).on("line", (line) => keep(`[stderr] ${line}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return { kind, child, port, log, exited };
}

export const tail = (log: string[], n = 20) => log.slice(-n).join("\n");

/** Waits until the server answers (a GraphQL `{ __typename }` or GET /healthz); returns the milliseconds it took. */
export async function waitUntilAnswering(server: RunningServer, probeWith: "graphql" | "healthz"): Promise<number> {
  const started = performance.now();
  const probe =
    probeWith === "graphql"
      ? () =>
          fetch(`http://127.0.0.1:${server.port}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ query: "{ __typename }" }),
            signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
          })
      : () => fetch(`http://127.0.0.1:${server.port}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  while (performance.now() - started < START_TIMEOUT_MS) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`${server.kind} exited before answering:\n${tail(server.log)}`);
    }
    try {
      const response = await probe();
      await response.arrayBuffer();
      if (response.ok) return Math.round(performance.now() - started);
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${server.kind} did not answer within ${START_TIMEOUT_MS} ms:\n${tail(server.log)}`);
}

/** SIGTERM, then SIGKILL after STOP_TIMEOUT_MS. */
export async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGTERM");
  const result = await Promise.race([server.exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  if (result === null) {
    console.warn(`  ${server.kind} did not stop within ${STOP_TIMEOUT_MS} ms: killed`);
    server.child.kill("SIGKILL");
    await server.exited;
  }
}

// ---------------------------------------------------------------------------------------------
// Report

export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

export const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? "—" : n.toFixed(digits));

export interface Machine {
  platform: string;
  release: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    release: os.release(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

/** Pids of the processes whose command name (/proc/<pid>/comm) is `name`, e.g. "redis-server". */
export function pidsNamed(name: string): number[] {
  try {
    return readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === name ? [Number(pid)] : [];
        } catch {
          return []; // exited meanwhile
        }
      });
  } catch {
    return [];
  }
}

/**
 * Runs `work` on a database of its own on the server (`<prefix>_<pid>`, created empty and dropped afterwards, whatever
 * happens); the server not answering is thrown as is, for the caller to report.
 */
export async function withScratchDatabase<T>(serverUrl: string, prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw error;
  }
  const database = `${prefix}_${process.pid}`;
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
