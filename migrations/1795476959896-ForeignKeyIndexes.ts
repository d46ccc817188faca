import { MigrationInterface, QueryRunner } from "typeorm";

export class ForeignKeyIndexes1795476959896 implements MigrationInterface {
  name = "ForeignKeyIndexes1795476959896";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_bba8a259d878c3956321c2da0c" ON "partnership"  ("association_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9c48415970e66054b174e7013d" ON "convention_signatory"  ("association_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_9c48415970e66054b174e7013d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bba8a259d878c3956321c2da0c"`);
  }
}
