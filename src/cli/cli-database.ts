import { writeFile } from "node:fs/promises";
import type { DataSource } from "typeorm";
import { describeDatabase, loadConfig } from "../config";
import { createDataSource } from "../server/database";
import { seedIfEmpty } from "../server/seed";

/**
 * The database a command works on, prepared as the server prepares it at start-up (migrations, and the
 * geography and reference cases in an empty database unless CTG_HUB_SEED=false), so an import into a
 * fresh ./data finds its communes. The embedded database is a single process: stop the server first.
 */
/** Runs `work` on the command's database (see openCommandDatabase), closed afterwards whatever happens. */
export async function withCommandDatabase<T>(work: (dataSource: DataSource) => Promise<T>, log = consoleError): Promise<T> {
  const dataSource = await openCommandDatabase(log);
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Writes a produced document and says where, with its size (on stderr: stdout may be the document itself). */
export async function writeDocument(output: string, body: Buffer | string): Promise<void> {
  await writeFile(output, body);
  console.error(`${output} : ${body.length.toLocaleString("fr-FR")} octets`);
}

const consoleError = (line: string) => console.error(line);

export async function openCommandDatabase(log: (line: string) => void): Promise<DataSource> {
  const config = loadConfig();
  log(`base : ${describeDatabase(config.database)}`);
  const dataSource = await createDataSource(config.database).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    if (config.seedOnStart) await seedIfEmpty(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
