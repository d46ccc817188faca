import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Actions are matched by their natural key (convention, title) when a file is imported. With an index on
 * the convention alone, each row of a batch scanned every action of its convention: 100,000 actions into
 * one convention read 5,000 × (up to 95,000) rows per batch and passed the statement timeout. The index on
 * (convention, title) replaces the one on the convention alone: beside it, with the statistics of an import
 * still running (its rows are not analysed yet), the planner could pick the narrower index and scan again.
 * Lookups by convention use its first column.
 */
export class ActionConventionTitleIndex1796605389483 implements MigrationInterface {
  name = "ActionConventionTitleIndex1796605389483";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "action_convention_title" ON "action"  ("convention_id", "title") `);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5e5ab79998381e253c171a487"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_e5e5ab79998381e253c171a487" ON "action"  ("convention_id") `);
    await queryRunner.query(`DROP INDEX "public"."action_convention_title"`);
  }
}
