import type { DataSource } from "typeorm";
import { Initial1795473979455 } from "../../migrations/1795473979455-Initial";
import { ForeignKeyIndexes1795476959896 } from "../../migrations/1795476959896-ForeignKeyIndexes";
import { AuditAndRowSecurity1795477036683 } from "../../migrations/1795477036683-AuditAndRowSecurity";
import { CommuneIndicatorLatestIndex1795484712144 } from "../../migrations/1795484712144-CommuneIndicatorLatestIndex";
import { DataVersion1795560000000 } from "../../migrations/1795560000000-DataVersion";
import { FieldRuleChecks1795580000000 } from "../../migrations/1795580000000-FieldRuleChecks";
import { TextSearch1795640000000 } from "../../migrations/1795640000000-TextSearch";
import { ActionConventionTitleIndex1796605389483 } from "../../migrations/1796605389483-ActionConventionTitleIndex";
import { FollowUp1796615737854 } from "../../migrations/1796615737854-FollowUp";
import { GeographyVintages1796618537622 } from "../../migrations/1796618537622-GeographyVintages";
import { ConventionSignedCodes1796651848342 } from "../../migrations/1796651848342-ConventionSignedCodes";
import { PartnerPilotWrites1796660000000 } from "../../migrations/1796660000000-PartnerPilotWrites";
import { FollowUpParentIndexes1796670000000 } from "../../migrations/1796670000000-FollowUpParentIndexes";
import { VintageYearIndexes1796710000000 } from "../../migrations/1796710000000-VintageYearIndexes";
import { CafOpenDataIndicators1796721000000 } from "../../migrations/1796721000000-CafOpenDataIndicators";
import { CommuneLineage1796723000000 } from "../../migrations/1796723000000-CommuneLineage";

/** The migrations, in order: listed explicitly so ts-jest, tsc output and the CLI load the same classes. */
export const migrations: Function[] = [
  Initial1795473979455,
  ForeignKeyIndexes1795476959896,
  AuditAndRowSecurity1795477036683,
  CommuneIndicatorLatestIndex1795484712144,
  DataVersion1795560000000,
  FieldRuleChecks1795580000000,
  TextSearch1795640000000,
  ActionConventionTitleIndex1796605389483,
  FollowUp1796615737854,
  GeographyVintages1796618537622,
  ConventionSignedCodes1796651848342,
  PartnerPilotWrites1796660000000,
  FollowUpParentIndexes1796670000000,
  VintageYearIndexes1796710000000,
  CafOpenDataIndicators1796721000000,
  CommuneLineage1796723000000,
];

/**
 * Runs the migrations not yet applied and returns their names. A warm start finds every one applied: two small
 * statements say so, where TypeORM's own check (`runMigrations` with nothing pending) reads information_schema,
 * which PGlite answers slowly. Anything missing, or no migrations table at all, goes through TypeORM as before.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  if (await allApplied(dataSource)) return [];
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}

async function allApplied(dataSource: DataSource): Promise<boolean> {
  const table = dataSource.options.migrationsTableName ?? "migrations";
  const [{ present }]: Array<{ present: boolean }> = await dataSource.query("SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  if (!present) return false;
  const rows: Array<{ name: string }> = await dataSource.query(`SELECT name FROM "${table}"`);
  const recorded = new Set(rows.map((row) => row.name));
  // The name TypeORM records: the migration's own `name`, else its class name.
  return dataSource.migrations.every((migration) => recorded.has(migration.name ?? migration.constructor.name));
}
