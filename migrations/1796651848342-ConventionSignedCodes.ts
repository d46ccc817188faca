import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Former commune codes a convention was signed on, kept as written (issue 20): `convention_commune` holds the current
 * communes they lead to. Written as the other convention tables are (the request role needs the grant).
 */
export class ConventionSignedCodes1796651848342 implements MigrationInterface {
  name = "ConventionSignedCodes1796651848342";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "convention_signed_code" ("convention_id" integer NOT NULL, "code" character(5) NOT NULL, CONSTRAINT "PK_602b5ce7b27e583a408f41097d1" PRIMARY KEY ("convention_id", "code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_signed_code" ADD CONSTRAINT "FK_5bf1a28e7a429c7296befe4527c" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "convention_signed_code" TO ctg_hub_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "convention_signed_code" DROP CONSTRAINT "FK_5bf1a28e7a429c7296befe4527c"`);
    await queryRunner.query(`DROP TABLE "convention_signed_code"`);
  }
}
