import type { MigrationInterface, QueryRunner } from "typeorm";

/** Which COG vintages are loaded, read before a figure on a past date: two index probes (issue 20). */
export class VintageYearIndexes1796710000000 implements MigrationInterface {
  name = "VintageYearIndexes1796710000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "commune_vintage_last_year" ON "commune_vintage"  ("last_year") `);
    await queryRunner.query(`CREATE INDEX "commune_vintage_first_year" ON "commune_vintage"  ("first_year") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."commune_vintage_first_year"`);
    await queryRunner.query(`DROP INDEX "public"."commune_vintage_last_year"`);
  }
}
