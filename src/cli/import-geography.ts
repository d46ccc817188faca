import "reflect-metadata";
import { describeDatabase, loadConfig } from "../config";
import { createDataSource } from "../server/database";
import { importGeography, type UpsertCount } from "../territory/geography.import";
import { importVintages, type TableCount } from "../territory/vintages.import";

const table = (label: string, c: TableCount) =>
  `  ${label.padEnd(20)} ${String(c.rows).padStart(6)} rows ${String(c.created).padStart(6)} created ${String(c.updated).padStart(6)} updated ${String(c.removed).padStart(6)} removed`;
const line = (label: string, c: UpsertCount) =>
  `  ${label.padEnd(20)} ${String(c.created).padStart(6)} created ${String(c.updated).padStart(6)} updated ${String(c.unchanged).padStart(6)} unchanged`;

/**
 * `npm run import:geography`: (re)loads the national geography, then every COG vintage installed beside it (the
 * start-up seed loads the current geography only); a re-run on the same packages changes nothing.
 */
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
    console.log(`${line("anciens codes", report.formerCodes)} ${String(report.formerCodes.removed).padStart(6)} removed`);
    const vintages = await importVintages(dataSource.manager);
    console.log(`vintages ${vintages.years.join(", ")} in ${vintages.durationMs} ms`);
    console.log(table("communes × années", vintages.communeVintages));
    console.log(table("EPCI × années", vintages.intercommunalityVintages));
    console.log(table("passages", vintages.passages));
    console.log(table("lignées", vintages.lineage));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error("geography import failed:", error);
  process.exit(1);
});
