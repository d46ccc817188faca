import "reflect-metadata";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { DataSource } from "typeorm";
import type { DatabaseConfig } from "../../src/config";
import { createDataSource } from "../../src/server/database";

/**
 * Tests run on the embedded PGlite database by default and on PostgreSQL when TEST_DATABASE_URL
 * is set. A template (migrated, geography and reference cases loaded) is built once per run by
 * the global setup; each test file gets its own copy: a copied data folder for PGlite, a
 * `CREATE DATABASE … TEMPLATE` for PostgreSQL.
 */
export const TEMPLATE_ENV = "CTG_HUB_TEST_TEMPLATE";

export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  config: DatabaseConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

/** A database of the test's own: a copy of the seeded template, or an empty one (`empty: true`). */
export async function openTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const template = process.env[TEMPLATE_ENV];
  if (!options.empty && !template) throw new Error("the global setup did not build the test template");
  let config: DatabaseConfig;
  let drop: () => Promise<void>;
  if (serverUrl) {
    const name = uniqueName("ctg_hub_test");
    await onServer((c) => c.query(`CREATE DATABASE ${name}${options.empty ? "" : ` TEMPLATE ${template}`}`));
    config = { kind: "postgres", url: withDatabase(serverUrl, name), poolSize: 4 };
    drop = () => onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-test-"));
    if (!options.empty) cpSync(template as string, dataDir, { recursive: true });
    config = { kind: "embedded", dataDir };
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  // Tests provoke database errors on purpose: they assert on them rather than log them.
  const dataSource = await createDataSource(config, { logErrors: false }).initialize();
  return {
    config,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await drop();
    },
  };
}

export { onServer };
