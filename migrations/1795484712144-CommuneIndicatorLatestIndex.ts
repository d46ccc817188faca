import { MigrationInterface, QueryRunner } from "typeorm";

export class CommuneIndicatorLatestIndex1795484712144 implements MigrationInterface {
  name = "CommuneIndicatorLatestIndex1795484712144";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "territory_indicator_commune_latest" ON "territory_indicator"  ("indicator", "commune_code", "year", "value") WHERE "commune_code" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."territory_indicator_commune_latest"`);
  }
}
