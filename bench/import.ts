import "reflect-metadata";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { withScratchDatabase } from "./harness";
import type { DataSource } from "typeorm";
import { Theme } from "../src/common/theme";
import type { DatabaseConfig } from "../src/config";
import { ActionStatus } from "../src/convention/convention-enums";
import { createDataSource } from "../src/server/database";
import { seedIfEmpty } from "../src/server/seed";
import { DEFAULT_BATCH_SIZE, commandLineViewer, readRows, runImport, importKinds } from "../src/import/importer";
import type { ImportKindName, TableCount } from "../src/import/kind";
import type { ImportReport } from "../src/import/report";

/**
 * Import benchmark: 100,000 synthetic action rows (generated here, as a CSV in memory) imported into a
 * fresh database, on PGlite and on PostgreSQL, then imported again (every row unchanged). Before the
 * actions, 1,000 conventions and 1,000 associations are imported the same way (timed too) so every
 * action names a real convention and one in five a real partner.
 * Results: stdout and bench/results/import.json. Only an error exits with 1.
 */

const ACTION_ROWS = 100_000;
const CONVENTIONS = 1_000;
const ASSOCIATIONS = 1_000;
const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const RESULTS_FILE = path.join(__dirname, "..", "..", "bench", "results", "import.json");

const THEMES = Object.values(Theme);
const STATUSES = Object.values(ActionStatus);
const round = (n: number) => Math.round(n);

// ---------------------------------------------------------------------------------------------
// Synthetic files: deterministic, French-style (`;`, DD/MM/YYYY dates, decimal commas).

function csv(lines: string[][]): Buffer {
  return Buffer.from(`${lines.map((line) => line.join(";")).join("\n")}\n`, "utf8");
}

function conventionsFile(communes: string[]): Buffer {
  return csv([
    ["reference", "title", "department", "holder_type", "holder_code", "stage", "signed_on", "starts_on", "ends_on", "themes"],
    ...communes.map((code, i) => [
      `BENCH-${code}`,
      `CTG de banc d'essai ${i + 1}`,
      code.slice(0, 2),
      "commune",
      code,
      "signed",
      "15/12/2023",
      "01/01/2024",
      "31/12/2028",
      `${THEMES[i % THEMES.length]}|${THEMES[(i + 5) % THEMES.length]}`,
    ]),
  ]);
}

const rnaOf = (i: number) => `W75${String(9_000_000 + i).padStart(7, "0")}`;

function associationsFile(): Buffer {
  return csv([
    ["name", "rna", "themes"],
    ...Array.from({ length: ASSOCIATIONS }, (_, i) => [`Association de banc d'essai ${i + 1}`, rnaOf(i), THEMES[i % THEMES.length]]),
  ]);
}

function actionsFile(communes: string[]): Buffer {
  const perConvention = ACTION_ROWS / communes.length;
  const lines = [["convention_reference", "title", "theme", "status", "starts_on", "ends_on", "partner_rna", "budget"]];
  for (let i = 0; i < ACTION_ROWS; i++) {
    const convention = communes[Math.floor(i / perConvention)];
    const month = String((i % 12) + 1).padStart(2, "0");
    lines.push([
      `BENCH-${convention}`,
      `Action ${(i % perConvention) + 1} du plan ${convention}`,
      THEMES[i % THEMES.length],
      STATUSES[i % STATUSES.length].toLowerCase(),
      `01/${month}/2024`,
      `2026-${month}-28`,
      i % 5 === 0 ? rnaOf(i % ASSOCIATIONS) : "",
      i % 3 === 0 ? "" : `${(i % 90_000) + 1000},${String(i % 100).padStart(2, "0")}`,
    ]);
  }
  return csv(lines);
}

/** 100,000 actions of one convention, titles distinct from the main file's. */
function oneConventionActionsFile(commune: string): Buffer {
  const lines = [["convention_reference", "title", "theme"]];
  for (let i = 0; i < ACTION_ROWS; i++) lines.push([`BENCH-${commune}`, `Action ${i + 1} du grand plan unique`, THEMES[i % THEMES.length]]);
  return csv(lines);
}

// ---------------------------------------------------------------------------------------------
// Measurement

interface ImportRun {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  counts: TableCount[];
}

interface EngineResult {
  engine: "pglite" | "postgres";
  status: "ok";
  setupMs: number;
  /** Reading and checking the 100,000-row file without a database (csv-parse, field parsers, duplicates). */
  parseAndCheckMs: number;
  conventions: ImportRun;
  associations: ImportRun;
  actionsFirst: ImportRun;
  actionsAgain: ImportRun;
  actionsDryRun: ImportRun;
  /** 100,000 more actions, all into one convention (each batch once scanned every action of the convention). */
  oneConvention: ImportRun;
  oneConventionAgain: ImportRun;
  peakRssMiB: number;
}

interface EngineSkipped {
  engine: "pglite" | "postgres";
  status: "skipped";
  reason: string;
}

async function importOnce(dataSource: DataSource, kind: ImportKindName, content: Buffer, dryRun = false): Promise<ImportRun> {
  const started = performance.now();
  const report: ImportReport = await runImport(dataSource.manager, {
    kind,
    fileName: `bench-${kind}.csv`,
    content,
    viewer: commandLineViewer(`bench-${kind}.csv`),
    dryRun,
  });
  const ms = performance.now() - started;
  if (report.status === "rejected") {
    throw new Error(
      `bench file refused: ${report.problems
        .slice(0, 5)
        .map((p) => `${p.line} ${p.column}: ${p.reason}`)
        .join("; ")}`,
    );
  }
  return { rows: report.rows, ms: round(ms), rowsPerSecond: round(report.rows / (ms / 1000)), counts: report.counts };
}

async function benchEngine(engine: EngineResult["engine"], database: DatabaseConfig): Promise<EngineResult> {
  const setupStarted = performance.now();
  const dataSource = await createDataSource(database).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    await seedIfEmpty(dataSource);
    const setupMs = round(performance.now() - setupStarted);
    const communes: string[] = (
      (await dataSource.query(
        `SELECT code FROM commune WHERE department_code IN (SELECT code FROM department WHERE zone = 'METRO') ORDER BY code LIMIT $1`,
        [CONVENTIONS],
      )) as Array<{ code: string }>
    ).map((r) => r.code);
    const actions = actionsFile(communes);

    const parseStarted = performance.now();
    const parsed = readRows(importKinds.actions, actions, "bench-actions.csv", { indicator: null });
    if (parsed.problems.size > 0) throw new Error(`bench actions file has problems: ${parsed.problems.first()[0].reason}`);
    const parseAndCheckMs = round(performance.now() - parseStarted);

    const conventions = await importOnce(dataSource, "conventions", conventionsFile(communes));
    const associations = await importOnce(dataSource, "associations", associationsFile());
    const actionsFirst = await importOnce(dataSource, "actions", actions);
    const actionsAgain = await importOnce(dataSource, "actions", actions);
    const actionsDryRun = await importOnce(dataSource, "actions", actions, true);
    const oneConventionFile = oneConventionActionsFile(communes[0]);
    const oneConvention = await importOnce(dataSource, "actions", oneConventionFile);
    const oneConventionAgain = await importOnce(dataSource, "actions", oneConventionFile);
    return {
      engine,
      status: "ok",
      setupMs,
      parseAndCheckMs,
      conventions,
      associations,
      actionsFirst,
      actionsAgain,
      actionsDryRun,
      oneConvention,
      oneConventionAgain,
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await dataSource.destroy();
  }
}

async function benchPglite(): Promise<EngineResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-bench-import-"));
  try {
    return await benchEngine("pglite", { kind: "embedded", dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A database of its own on the server, dropped afterwards; a server that does not answer is a skip. */
async function benchPostgres(serverUrl: string): Promise<EngineResult | EngineSkipped> {
  let connected = false;
  try {
    return await withScratchDatabase(serverUrl, "ctg_hub_bench_import", (url) => {
      connected = true;
      return benchEngine("postgres", { kind: "postgres", url, poolSize: 4 });
    });
  } catch (error) {
    if (connected) throw error;
    return { engine: "postgres", status: "skipped", reason: `no PostgreSQL at ${new URL(serverUrl).host}: ${(error as Error).message}` };
  }
}

function summary(result: EngineResult | EngineSkipped): string[] {
  if (result.status === "skipped") return [`${result.engine}: skipped (${result.reason})`];
  const line = (label: string, run: ImportRun) =>
    `  ${label.padEnd(34)} ${String(run.rows).padStart(7)} rows ${String(run.ms).padStart(7)} ms ${String(run.rowsPerSecond).padStart(8)} rows/s`;
  return [
    `${result.engine} (fresh database, set-up ${result.setupMs} ms; peak RSS ${result.peakRssMiB} MiB)`,
    `  actions file read and checked, no database: ${result.parseAndCheckMs} ms`,
    line("conventions (first import)", result.conventions),
    line("associations (first import)", result.associations),
    line("actions (first import: all created)", result.actionsFirst),
    line("actions (again: all unchanged)", result.actionsAgain),
    line("actions (--dry-run, all unchanged)", result.actionsDryRun),
    line("actions into one convention (created)", result.oneConvention),
    line("actions into one convention (again)", result.oneConventionAgain),
  ];
}

async function main(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL;
  const machine = { platform: process.platform, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version };
  console.log(`import benchmark: ${ACTION_ROWS.toLocaleString("en")} action rows, batches of ${DEFAULT_BATCH_SIZE}`);
  const pglite = await benchPglite();
  for (const line of summary(pglite)) console.log(line);
  const postgres = await benchPostgres(serverUrl);
  for (const line of summary(postgres)) console.log(line);
  const results = {
    timestamp: new Date().toISOString(),
    machine,
    workload: {
      actionRows: ACTION_ROWS,
      conventions: CONVENTIONS,
      associations: ASSOCIATIONS,
      partnerShare: 0.2,
      batchSize: DEFAULT_BATCH_SIZE,
    },
    engines: [pglite, postgres],
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().catch((error: unknown) => {
  console.error("import benchmark failed:", error);
  process.exit(1);
});
