import "reflect-metadata";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { withScratchDatabase } from "./harness";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../src/config";
import { CAF_FORMATS, type CafFormat } from "../src/import/caf/caf-formats";
import { commandLineViewer, runImport } from "../src/import/importer";
import type { ImportReport } from "../src/import/report";
import { createDataSource } from "../src/server/database";
import { seedIfEmpty } from "../src/server/seed";
import { importVintages } from "../src/territory/vintages.import";

/**
 * Import benchmark of the data.caf.fr files as published (issue 20, item 4): one generated national-size file of
 * each format — every commune of the COG 2025 with every value column of s_ben_com_f and of txcouv_pe_com (data of
 * 2024), every EPCI of the COG 2024 for txcouv_pe_epci and nbpla_pe_epci (data of 2023) — deterministic values, one
 * cell in fifty masked; imported into a fresh database (vintages loaded first, not timed), then again (all unchanged).
 * On PGlite and on PostgreSQL. Results: stdout and bench/results/import-caf.json.
 */

const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const RESULTS_FILE = path.join(__dirname, "..", "..", "bench", "results", "import-caf.json");
const round = (n: number) => Math.round(n);

interface Place {
  code: string;
  name: string;
}

/** A file of the format, French-style (`;`, decimal commas), every value column filled, one cell in fifty masked. */
export function generated(format: CafFormat, places: readonly Place[], year: number): Buffer {
  const monthly = format.yearColumn === "dtreffre";
  const lines = [
    [format.territoryColumn, format.scale === "commune" ? "nomcom" : "nomepci", format.yearColumn, ...format.values].join(";"),
  ];
  places.forEach((place, i) => {
    const cells = format.values.map((column, j) => {
      if ((i * 31 + j * 7) % 50 === 0) return j % 2 === 0 ? "s" : "";
      const n = ((i + 1) * 7919 + j * 104729) % 5000;
      return column.startsWith("txcouv_") ? `${Math.floor(n / 40)},${n % 10}` : String(n - (n % 5));
    });
    lines.push([place.code, place.name.replace(/[;"]/g, " "), monthly ? `${year}-12` : String(year), ...cells].join(";"));
  });
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}

interface Run {
  rows: number;
  values: number;
  ms: number;
  created: number;
  unchanged: number;
}

async function importOnce(dataSource: DataSource, fileName: string, content: Buffer): Promise<Run> {
  const started = performance.now();
  const report: ImportReport = await runImport(dataSource.manager, {
    kind: "indicators",
    fileName,
    content,
    viewer: commandLineViewer(fileName),
  });
  const ms = performance.now() - started;
  if (report.status !== "applied") {
    throw new Error(`${fileName} refused: ${report.problems.map((p) => `${p.line} ${p.column}: ${p.reason}`).join("; ")}`);
  }
  const [count] = report.counts;
  return {
    rows: report.rows,
    values: count.created + count.updated + count.unchanged,
    ms: round(ms),
    created: count.created,
    unchanged: count.unchanged,
  };
}

async function benchEngine(engine: string, database: DatabaseConfig) {
  const dataSource = await createDataSource(database).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    await seedIfEmpty(dataSource);
    const vintagesStarted = performance.now();
    await importVintages(dataSource.manager);
    const vintagesMs = round(performance.now() - vintagesStarted);
    const communes: Place[] = await dataSource.query(
      `SELECT code, name FROM commune_vintage WHERE 2025 BETWEEN first_year AND last_year ORDER BY code`,
    );
    const epcis: Place[] = await dataSource.query(
      `SELECT siren AS code, name FROM intercommunality_vintage WHERE 2024 BETWEEN first_year AND last_year ORDER BY siren`,
    );
    const runs: Record<string, { first: Run; again: Run }> = {};
    for (const format of CAF_FORMATS) {
      const file = format.scale === "commune" ? generated(format, communes, 2024) : generated(format, epcis, 2023);
      const first = await importOnce(dataSource, `${format.dataset}.csv`, file);
      const again = await importOnce(dataSource, `${format.dataset}.csv`, file);
      runs[format.dataset] = { first, again };
      console.log(
        `  ${engine} ${format.dataset.padEnd(15)} ${String(first.rows).padStart(6)} lines ${String(first.values).padStart(7)} values: first ${first.ms} ms, again ${again.ms} ms (${again.unchanged} unchanged)`,
      );
    }
    return { engine, status: "ok", vintagesMs, runs, peakRssMiB: round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await dataSource.destroy();
  }
}

const benchPostgres = (serverUrl: string) =>
  withScratchDatabase(serverUrl, "ctg_hub_bench_caf", (url) => benchEngine("postgres", { kind: "postgres", url, poolSize: 4 }));

async function main(): Promise<void> {
  const only = process.argv[2];
  const results = [];
  if (only !== "postgres") {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-bench-caf-"));
    try {
      results.push(await benchEngine("pglite", { kind: "embedded", dataDir }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (only !== "pglite") results.push(await benchPostgres(process.env.BENCH_DATABASE_URL || DEFAULT_SERVER_URL));
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, load: os.loadavg() };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ timestamp: new Date().toISOString(), machine, results }, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
