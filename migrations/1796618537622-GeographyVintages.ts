import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Geography that knows its vintage (issue 20): the former codes of current communes (read by lookups and filters),
 * the communes and EPCI of each COG vintage in compact runs of years, and the passages between vintages.
 * Names of the generated indexes are kept as TypeORM derives them, so the entities show no drift.
 */
export class GeographyVintages1796618537622 implements MigrationInterface {
  name = "GeographyVintages1796618537622";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "commune_former_code" ("code" character(5) NOT NULL, "name" text, "kind" character varying(10) NOT NULL, "commune_code" character(5) NOT NULL, CONSTRAINT "PK_02fe417b43216eca12fa4a639b4" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6198bb9367d3d52b592405a421" ON "commune_former_code"  ("commune_code") `);
    await queryRunner.query(
      `CREATE TABLE "commune_vintage" ("code" character(5) NOT NULL, "first_year" smallint NOT NULL, "last_year" smallint NOT NULL, "name" text NOT NULL, "department_code" character varying(3) NOT NULL, "intercommunality_siren" character(9), "population" integer, CONSTRAINT "commune_vintage_years" CHECK ("first_year" <= "last_year"), CONSTRAINT "PK_88fef7981aaa8e3647abef46f1a" PRIMARY KEY ("code", "first_year"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c2df9458645caacae1557ab0b5" ON "commune_vintage"  ("intercommunality_siren") `);
    await queryRunner.query(`CREATE INDEX "commune_vintage_department" ON "commune_vintage"  ("department_code", "first_year") `);
    await queryRunner.query(
      `CREATE TABLE "intercommunality_vintage" ("siren" character(9) NOT NULL, "first_year" smallint NOT NULL, "last_year" smallint NOT NULL, "name" text NOT NULL, "kind" character varying(5) NOT NULL, "population" integer, "municipal_population" integer, CONSTRAINT "intercommunality_vintage_years" CHECK ("first_year" <= "last_year"), CONSTRAINT "PK_d333526d3ab7c44e1567a98b498" PRIMARY KEY ("siren", "first_year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "commune_passage" ("former_code" character(5) NOT NULL, "year" smallint NOT NULL, "successor_code" character(5) NOT NULL, "kind" character varying(6) NOT NULL, "former_name" text NOT NULL, CONSTRAINT "commune_passage_kind" CHECK ("kind" IN ('MERGED', 'SPLIT')), CONSTRAINT "PK_9ec261ed8a22505f0fc44084239" PRIMARY KEY ("former_code", "year", "successor_code"))`,
    );
    await queryRunner.query(`CREATE INDEX "commune_passage_successor" ON "commune_passage"  ("successor_code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."commune_passage_successor"`);
    await queryRunner.query(`DROP TABLE "commune_passage"`);
    await queryRunner.query(`DROP TABLE "intercommunality_vintage"`);
    await queryRunner.query(`DROP INDEX "public"."commune_vintage_department"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c2df9458645caacae1557ab0b5"`);
    await queryRunner.query(`DROP TABLE "commune_vintage"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6198bb9367d3d52b592405a421"`);
    await queryRunner.query(`DROP TABLE "commune_former_code"`);
  }
}
