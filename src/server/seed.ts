import type { DataSource } from "typeorm";
import { loadReferenceCases } from "../reference/reference-cases.load";
import { importGeography } from "../territory/geography.import";

export interface SeedReport {
  geography: "loaded" | "present";
  referenceCases: "loaded" | "present";
}

/** One statement for both checks: a warm start, where both are present, reads nothing else. */
async function presence(dataSource: DataSource): Promise<{ geography: boolean; reference: boolean }> {
  const [row]: Array<{ geography: boolean; reference: boolean }> = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM source WHERE code = 'geography') AS geography,
            EXISTS (SELECT 1 FROM source WHERE kind = 'REFERENCE') AS reference`,
  );
  return row;
}

/** On an empty database: the national geography, then the bundled reference cases. */
export async function seedIfEmpty(dataSource: DataSource): Promise<SeedReport> {
  // The geography import adds no reference source: both answers hold after it.
  const { geography: geographyPresent, reference: referencePresent } = await presence(dataSource);
  if (!geographyPresent) await importGeography(dataSource.manager);
  if (!referencePresent) await loadReferenceCases(dataSource.manager);
  // Fresh bulk loads leave the planner without statistics (PGlite has no autovacuum): gather them now.
  if (!geographyPresent || !referencePresent) await dataSource.query("ANALYZE");
  return {
    geography: geographyPresent ? "present" : "loaded",
    referenceCases: referencePresent ? "present" : "loaded",
  };
}
