import "reflect-metadata";
import { describeDatabase, loadConfig } from "../config";
import { createDataSource } from "../server/database";
import { importGeography, type UpsertCount } from "../territory/geography.import";

const line = (label: string, c: UpsertCount) =>
  `  ${label.padEnd(20)} ${String(c.created).padStart(6)} created ${String(c.updated).padStart(6)} updated ${String(c.unchanged).padStart(6)} unchanged`;

/** `npm run import:geography`: (re)loads the national geography; a re-run on the same vintage changes nothing. */
async function main(): Promise<void> {
  const config = loadConfig();
  console.log(`database: ${describeDatabase(config.database)}`);
  const dataSource = await createDataSource(config.database).initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    const report = await importGeography(dataSource.manager);
    console.log(`geography ${report.vintage} in ${report.durationMs} ms`);
    console.log(line("régions", report.regions));
    console.log(line("départements", report.departments));
    console.log(line("intercommunalités", report.intercommunalities));
    console.log(line("communes", report.communes));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error("geography import failed:", error);
  process.exit(1);
});
