import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../src/config";
import { createDataSource } from "../src/server/database";
import { importGeography, type GeographyImportReport, type UpsertCount } from "../src/territory/geography.import";
import { errorMessage } from "./harness";

/** The start-up bench's geography import, in the bench's process, on PGlite and on PostgreSQL: first import, then a no-op re-import. */

export interface ImportTimings {
  engine: "pglite" | "postgres";
  status: "ok";
  openMs: number;
  migrationsMs: number;
  firstImportMs: number;
  reimportMs: number;
  firstImport: GeographyImportReport;
  reimport: GeographyImportReport;
  /** Rows created or updated by the second run: 0 when the import is idempotent, as intended. */
  rowsChangedOnReimport: number;
}

export interface ImportSkipped {
  engine: "pglite" | "postgres";
  status: "skipped";
  reason: string;
}

export type ImportResult = ImportTimings | ImportSkipped;

export function tempDir(purpose: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `ctg-hub-bench-${purpose}-`));
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

const changedRows = (count: UpsertCount) => count.created + count.updated;

function rowsChanged(report: GeographyImportReport): number {
  return (
    changedRows(report.regions) + changedRows(report.departments) + changedRows(report.intercommunalities) + changedRows(report.communes)
  );
}

/** Opens the database, migrates it, then imports twice: first on empty tables, then a no-op re-import. */
async function timeImports(engine: ImportTimings["engine"], database: DatabaseConfig): Promise<ImportTimings> {
  const dataSource: DataSource = createDataSource(database);
  const open = await timed(() => dataSource.initialize());
  try {
    const migrations = await timed(() => dataSource.runMigrations({ transaction: "each" }));
    const first = await timed(() => importGeography(dataSource.manager));
    const again = await timed(() => importGeography(dataSource.manager));
    return {
      engine,
      status: "ok",
      openMs: open.ms,
      migrationsMs: migrations.ms,
      firstImportMs: first.ms,
      reimportMs: again.ms,
      firstImport: first.value,
      reimport: again.value,
      rowsChangedOnReimport: rowsChanged(again.value),
    };
  } finally {
    await dataSource.destroy();
  }
}

export async function benchPglite(): Promise<ImportResult> {
  const dataDir = tempDir("pglite");
  try {
    return await timeImports("pglite", { kind: "embedded", dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A missing server is a skip with its reason; anything after a successful connection is a real error. */
async function connectAdmin(serverUrl: string): Promise<pg.Client | string> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
    return admin;
  } catch (error) {
    await admin.end().catch(() => undefined);
    return `PostgreSQL unreachable at ${new URL(serverUrl).host}: ${errorMessage(error)}`;
  }
}

export async function benchPostgres(serverUrl: string): Promise<ImportResult> {
  const admin = await connectAdmin(serverUrl);
  if (typeof admin === "string") return { engine: "postgres", status: "skipped", reason: admin };
  // The pid keeps concurrent runs apart; digits only, so the name needs no quoting.
  const database = `ctg_hub_bench_${process.pid}`;
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    return await timeImports("postgres", { kind: "postgres", url: databaseUrl(serverUrl, database), poolSize: 10 });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}
