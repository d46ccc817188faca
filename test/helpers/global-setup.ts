import "reflect-metadata";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatabaseConfig } from "../../src/config";
import { createDataSource } from "../../src/server/database";
import { seedIfEmpty } from "../../src/server/seed";
import { TEMPLATE_ENV, onServer, testServerUrl, withDatabase } from "./test-database";

/** Builds the seeded template every test file copies: migrations, national geography, reference cases. */
export default async function globalSetup(): Promise<void> {
  const serverUrl = testServerUrl();
  let config: DatabaseConfig;
  if (serverUrl) {
    const name = `ctg_hub_template_${process.pid}`;
    await onServer(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    config = { kind: "postgres", url: withDatabase(serverUrl, name), poolSize: 2 };
    process.env[TEMPLATE_ENV] = name;
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "ctg-hub-template-"));
    config = { kind: "embedded", dataDir };
    process.env[TEMPLATE_ENV] = dataDir;
  }
  const dataSource = await createDataSource(config).initialize();
  await dataSource.runMigrations({ transaction: "each" });
  await seedIfEmpty(dataSource);
  await dataSource.destroy();
}
