import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An action's budget lines by its id. The two unique indexes that start with `action_id` are partial (lines of a
 * year, lines of the whole period): neither holds every line, so `WHERE action_id = …` read the whole table — a
 * sequential scan of 64,000 lines per action of a convention's follow-up (6 ms each, 120 ms for 20 actions on the
 * read bench's data set), and per batch of the budget lines' loader.
 */
export class BudgetLineActionIndex1796700000000 implements MigrationInterface {
  name = "BudgetLineActionIndex1796700000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "action_budget_line_action" ON "action_budget_line"  ("action_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."action_budget_line_action"`);
  }
}
