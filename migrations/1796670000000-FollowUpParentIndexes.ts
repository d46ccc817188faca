import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Plain indexes on the parent of two follow-up tables whose only indexes were partial (by year, by kind): deleting an
 * action (or a convention) made its cascade scan every budget line (or evaluation). Removing the national synthetic set
 * (23,000 actions, 60,000 budget lines) ran past the statement timeout without them.
 */
export class FollowUpParentIndexes1796670000000 implements MigrationInterface {
  name = "FollowUpParentIndexes1796670000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "action_budget_line_action" ON "action_budget_line" ("action_id") `);
    await queryRunner.query(`CREATE INDEX "convention_evaluation_convention" ON "convention_evaluation" ("convention_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."convention_evaluation_convention"`);
    await queryRunner.query(`DROP INDEX "public"."action_budget_line_action"`);
  }
}
