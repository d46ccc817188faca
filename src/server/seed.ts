import type { DataSource } from "typeorm";
import { loadReferenceCases } from "../reference/reference-cases.load";
import { importGeography } from "../territory/geography.import";

export interface SeedReport {
  geography: "loaded" | "present";
  referenceCases: "loaded" | "present";
}

async function hasRows(dataSource: DataSource, sql: string): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(sql);
  return rows.length > 0;
}

/** On an empty database: the national geography, then the bundled reference cases. */
export async function seedIfEmpty(dataSource: DataSource): Promise<SeedReport> {
  const geographyPresent = await hasRows(dataSource, "SELECT 1 FROM source WHERE code = 'geography'");
  if (!geographyPresent) await importGeography(dataSource.manager);
  const referencePresent = await hasRows(dataSource, "SELECT 1 FROM source WHERE kind = 'REFERENCE' LIMIT 1");
  if (!referencePresent) await loadReferenceCases(dataSource.manager);
  // Fresh bulk loads leave the planner without statistics (PGlite has no autovacuum): gather them now.
  if (!geographyPresent || !referencePresent) await dataSource.query("ANALYZE");
  return {
    geography: geographyPresent ? "present" : "loaded",
    referenceCases: referencePresent ? "present" : "loaded",
  };
}
