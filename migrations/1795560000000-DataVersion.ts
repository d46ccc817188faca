import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One row counting committed writes: every write transaction bumps it last, so a reader sees the new
 * version exactly when it sees the new data. The response cache keys on it: a write makes every cached
 * answer unreachable at once, in every hub process, without enumerating keys. `instance` tells
 * databases apart, so hubs of two databases sharing one Redis never serve each other's answers.
 */
export class DataVersion1795560000000 implements MigrationInterface {
  name = "DataVersion1795560000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "data_version" ("singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"), "instance" uuid NOT NULL DEFAULT gen_random_uuid(), "version" bigint NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "data_version" ("version") VALUES (1)`);
    // Writes run as ctg_hub_app and bump the version: granted here, not only through default privileges,
    // which cover tables created by the role that set them.
    await queryRunner.query(`GRANT SELECT, UPDATE ON "data_version" TO ctg_hub_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "data_version"`);
  }
}
