import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795473979455 implements MigrationInterface {
  name = "Initial1795473979455";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."source_kind" AS ENUM('GEOGRAPHY', 'REFERENCE', 'SYNTHETIC', 'IMPORT')`);
    await queryRunner.query(
      `CREATE TABLE "source" ("id" SERIAL NOT NULL, "code" character varying(100) NOT NULL, "kind" "public"."source_kind" NOT NULL, "title" text NOT NULL, "citation" text, "vintage" character varying(100), "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_0c4fa34ab948d93a78795a5301c" UNIQUE ("code"), CONSTRAINT "PK_018c433f8264b58c86363eaadde" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "region" ("code" character varying(3) NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."zone" AS ENUM('METRO', 'DROM', 'COM')`);
    await queryRunner.query(
      `CREATE TABLE "department" ("code" character varying(3) NOT NULL, "name" text NOT NULL, "region_code" character varying(3) NOT NULL, "zone" "public"."zone" NOT NULL, "capital_code" character varying(5), CONSTRAINT "PK_62690f4fe31da9eb824d909285f" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."intercommunality_kind" AS ENUM('CC', 'CA', 'CU', 'METRO', 'MET69')`);
    await queryRunner.query(
      `CREATE TABLE "intercommunality" ("siren" character(9) NOT NULL, "name" text NOT NULL, "kind" "public"."intercommunality_kind" NOT NULL, "population" integer NOT NULL, "municipal_population" integer NOT NULL, CONSTRAINT "intercommunality_population_positive" CHECK ("population" >= 0 AND "municipal_population" >= 0), CONSTRAINT "intercommunality_siren_format" CHECK ("siren" ~ '^[0-9]{9}$'), CONSTRAINT "PK_4f70eb913dbbc87aeb421ddb561" PRIMARY KEY ("siren"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "commune" ("code" character(5) NOT NULL, "name" text NOT NULL, "department_code" character varying(3) NOT NULL, "population" integer, "siren" character(9), "postal_codes" character varying(5) array NOT NULL DEFAULT '{}', "intercommunality_siren" character(9), CONSTRAINT "UQ_8654393576d00df6ba292df089c" UNIQUE ("siren"), CONSTRAINT "commune_population_positive" CHECK ("population" >= 0), CONSTRAINT "commune_siren_format" CHECK ("siren" ~ '^[0-9]{9}$'), CONSTRAINT "commune_code_format" CHECK ("code" ~ '^[0-9][0-9AB][0-9]{3}$'), CONSTRAINT "PK_c7da656431051b5e8b730945285" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e4799d0b301833fc57e2730c7c" ON "commune"  ("department_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_fc8aa9fe811583278ba9871f45" ON "commune"  ("intercommunality_siren") `);
    await queryRunner.query(
      `CREATE TYPE "public"."theme" AS ENUM('EARLY_CHILDHOOD', 'CHILDHOOD', 'YOUTH', 'PARENTING', 'SOCIAL_LIFE', 'ACCESS_TO_RIGHTS', 'HOUSING', 'DISABILITY', 'DIGITAL_INCLUSION', 'SOCIAL_INCLUSION', 'SENIORS', 'ASSOCIATIVE_LIFE', 'MOBILITY', 'HEALTH')`,
    );
    await queryRunner.query(
      `CREATE TABLE "partner_association" ("id" SERIAL NOT NULL, "name" text NOT NULL, "rna" character(10), "siren" character(9), "commune_code" character(5), "themes" "public"."theme" array NOT NULL DEFAULT '{}', "contact_email" text, "contact_phone" text, "website" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "UQ_a81bd75d704556d340ff7e2e0be" UNIQUE ("rna"), CONSTRAINT "UQ_225c37e421a7918b4603fb4eb64" UNIQUE ("siren"), CONSTRAINT "partner_association_identified" CHECK ("rna" IS NOT NULL OR "siren" IS NOT NULL), CONSTRAINT "partner_association_siren_format" CHECK ("siren" ~ '^[0-9]{9}$'), CONSTRAINT "partner_association_rna_format" CHECK ("rna" ~ '^W[0-9][0-9AB][0-9]{7}$'), CONSTRAINT "PK_7ba1f4ba82e1639ab38f837e6d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bd7e6092fe3c622ed0c1e2587a" ON "partner_association"  ("commune_code") `);
    await queryRunner.query(
      `CREATE TABLE "sdsf_scheme" ("id" SERIAL NOT NULL, "department_code" character varying(3) NOT NULL, "title" text NOT NULL, "starts_on" date, "ends_on" date, "signatory_bodies" text array NOT NULL DEFAULT '{}', "source_id" integer, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "sdsf_scheme_period" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "PK_da827f615c0c1a733e812932aa2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_029d0b1b4ad4f10733807077ff" ON "sdsf_scheme"  ("department_code") `);
    await queryRunner.query(
      `CREATE TABLE "sdsf_axis" ("id" SERIAL NOT NULL, "scheme_id" integer NOT NULL, "number" integer NOT NULL, "title" text NOT NULL, "description" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "sdsf_axis_number_unique" UNIQUE ("scheme_id", "number"), CONSTRAINT "sdsf_axis_number_positive" CHECK ("number" > 0), CONSTRAINT "PK_c433e6d204fac4b2db59dd51721" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."convention_stage" AS ENUM('IN_PREPARATION', 'SIGNED', 'TERMINATED')`);
    await queryRunner.query(`CREATE TYPE "public"."date_precision" AS ENUM('DAY', 'MONTH', 'YEAR')`);
    await queryRunner.query(`CREATE TYPE "public"."holder_kind" AS ENUM('COMMUNE', 'INTERCOMMUNALITY')`);
    await queryRunner.query(`CREATE TABLE "convention" ("id" SERIAL NOT NULL, "reference" character varying(60) NOT NULL, "title" text NOT NULL, "stage" "public"."convention_stage" NOT NULL, "signed_on" date, "starts_on" date, "starts_on_precision" "public"."date_precision", "ends_on" date, "ends_on_precision" "public"."date_precision", "terminated_on" date, "department_code" character varying(3) NOT NULL, "holder_kind" "public"."holder_kind" NOT NULL, "holder_commune_code" character(5), "holder_intercommunality_siren" character(9), "themes" "public"."theme" array NOT NULL DEFAULT '{}', "bonus_territoire" boolean NOT NULL DEFAULT false, "is_renewal" boolean NOT NULL DEFAULT false, "predecessor_id" integer, "description" text, "internal_notes" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "diagnostic_conducted_on" date, "diagnostic_conducted_on_precision" "public"."date_precision", "diagnostic_conducted_by" text, "diagnostic_funded_by_caf" boolean, "diagnostic_summary" text, CONSTRAINT "UQ_eaa9ac7d53b5631c6b8534151ae" UNIQUE ("reference"), CONSTRAINT "REL_890c3eb4ee37ed23393353c97f" UNIQUE ("predecessor_id"), CONSTRAINT "convention_predecessor" CHECK ("predecessor_id" IS NULL OR ("predecessor_id" <> "id" AND "is_renewal")), CONSTRAINT "convention_holder" CHECK (("holder_kind" = 'COMMUNE' AND "holder_commune_code" IS NOT NULL AND "holder_intercommunality_siren" IS NULL)
  OR ("holder_kind" = 'INTERCOMMUNALITY' AND "holder_intercommunality_siren" IS NOT NULL AND "holder_commune_code" IS NULL)), CONSTRAINT "convention_terminated_on" CHECK ("terminated_on" IS NULL OR "stage" = 'TERMINATED'), CONSTRAINT "convention_ends_on_precision" CHECK (("ends_on" IS NULL) = ("ends_on_precision" IS NULL)), CONSTRAINT "convention_starts_on_precision" CHECK (("starts_on" IS NULL) = ("starts_on_precision" IS NULL)), CONSTRAINT "convention_period" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "convention_reference_format" CHECK ("reference" ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$'), CONSTRAINT "PK_c63491e72614dcea4f98dc22ba7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_d6bd302d3fcc4ab4f293dea1c3" ON "convention"  ("ends_on") `);
    await queryRunner.query(`CREATE INDEX "IDX_ce55ceb6016bed8ffb00255de2" ON "convention"  ("department_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_d3115540700b1044155cee1e22" ON "convention"  ("holder_commune_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_a3fef8a4737f2feca89857f4b7" ON "convention"  ("holder_intercommunality_siren") `);
    await queryRunner.query(
      `CREATE TABLE "objective" ("id" SERIAL NOT NULL, "convention_id" integer NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "description" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "objective_position_unique" UNIQUE ("convention_id", "position"), CONSTRAINT "PK_1084365b2a588160b31361a252e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."action_status" AS ENUM('PLANNED', 'UNDER_STUDY', 'IN_PROGRESS', 'DONE', 'ABANDONED')`);
    await queryRunner.query(
      `CREATE TABLE "action" ("id" SERIAL NOT NULL, "convention_id" integer NOT NULL, "objective_id" integer, "position" integer NOT NULL, "title" text NOT NULL, "description" text, "theme" "public"."theme" NOT NULL, "status" "public"."action_status" NOT NULL, "starts_on" date, "ends_on" date, "sdsf_axis_id" integer, "progress" smallint, "progress_note" text, "budget" numeric(14,2), "internal_notes" text, "source_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "action_budget" CHECK ("budget" IS NULL OR "budget" >= 0), CONSTRAINT "action_progress" CHECK ("progress" IS NULL OR ("progress" >= 0 AND "progress" <= 100)), CONSTRAINT "action_period" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "PK_2d9db9cf5edfbbae74eb56e3a39" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e5e5ab79998381e253c171a487" ON "action"  ("convention_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a2fe4c0d57f53a9014bcaac15c" ON "action"  ("objective_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_32237bd8104c6364f9bb63db10" ON "action"  ("sdsf_axis_id") `);
    await queryRunner.query(`CREATE TYPE "public"."partnership_role" AS ENUM('SIGNATORY', 'OPERATOR', 'CONTRIBUTOR')`);
    await queryRunner.query(
      `CREATE TABLE "partnership" ("id" SERIAL NOT NULL, "association_id" integer NOT NULL, "convention_id" integer, "action_id" integer, "role" "public"."partnership_role" NOT NULL, CONSTRAINT "partnership_target" CHECK (num_nonnulls("convention_id", "action_id") = 1), CONSTRAINT "PK_f1bf1be9f475497d8b396d4cc56" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9cbb12ec7a06f74c5825a2435f" ON "partnership"  ("convention_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_349c85846ecd984817a125ae73" ON "partnership"  ("action_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "partnership_action_unique" ON "partnership"  ("association_id", "action_id", "role") WHERE "action_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "partnership_convention_unique" ON "partnership"  ("association_id", "convention_id", "role") WHERE "convention_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "convention_commune" ("convention_id" integer NOT NULL, "commune_code" character(5) NOT NULL, CONSTRAINT "PK_2dcaef74d18a7169aa5111a60b7" PRIMARY KEY ("convention_id", "commune_code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_09f265b3e6e2ffeeb26bcd5fc8" ON "convention_commune"  ("commune_code") `);
    await queryRunner.query(
      `CREATE TABLE "convention_sdsf_axis" ("convention_id" integer NOT NULL, "sdsf_axis_id" integer NOT NULL, CONSTRAINT "PK_8c8944d46994ed6f0a1b762a04a" PRIMARY KEY ("convention_id", "sdsf_axis_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cdd8bcfcac70452da3c07d9124" ON "convention_sdsf_axis"  ("sdsf_axis_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."signatory_kind" AS ENUM('CAF', 'COMMUNE', 'INTERCOMMUNALITY', 'DEPARTMENT_COUNCIL', 'MSA', 'STATE', 'ASSOCIATION', 'OTHER')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."signatory_role" AS ENUM('CAF', 'HOLDER', 'CO_SIGNATORY')`);
    await queryRunner.query(`CREATE TABLE "convention_signatory" ("id" SERIAL NOT NULL, "convention_id" integer NOT NULL, "position" integer NOT NULL, "kind" "public"."signatory_kind" NOT NULL, "role" "public"."signatory_role" NOT NULL, "name" text NOT NULL, "commune_code" character(5), "intercommunality_siren" character(9), "association_id" integer, "signed_on" date, CONSTRAINT "convention_signatory_position_unique" UNIQUE ("convention_id", "position"), CONSTRAINT "convention_signatory_reference" CHECK (("kind" <> 'COMMUNE' OR "commune_code" IS NOT NULL)
  AND ("kind" <> 'INTERCOMMUNALITY' OR "intercommunality_siren" IS NOT NULL)
  AND ("kind" <> 'ASSOCIATION' OR "association_id" IS NOT NULL)), CONSTRAINT "PK_fb1cc776e21826cf5a994ccf78b" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE TYPE "public"."facility_kind" AS ENUM('EAJE', 'LAEP', 'SOCIAL_CENTRE', 'SOCIAL_LIFE_SPACE', 'RPE', 'ALSH', 'FIRST_1000_DAYS_HOUSE', 'OTHER')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."operator_kind" AS ENUM('COMMUNE', 'INTERCOMMUNALITY', 'ASSOCIATION', 'OTHER')`);
    await queryRunner.query(`CREATE TABLE "facility" ("id" SERIAL NOT NULL, "kind" "public"."facility_kind" NOT NULL, "name" text NOT NULL, "commune_code" character(5) NOT NULL, "operator_kind" "public"."operator_kind", "operator_name" text, "operator_commune_code" character(5), "operator_intercommunality_siren" character(9), "operator_association_id" integer, "capacity" integer, "description" text, "source_id" integer, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "facility_operator" CHECK (("operator_kind" IS DISTINCT FROM 'COMMUNE' OR "operator_commune_code" IS NOT NULL)
  AND ("operator_kind" IS DISTINCT FROM 'INTERCOMMUNALITY' OR "operator_intercommunality_siren" IS NOT NULL)
  AND ("operator_kind" IS DISTINCT FROM 'ASSOCIATION' OR "operator_association_id" IS NOT NULL)), CONSTRAINT "facility_capacity" CHECK ("capacity" IS NULL OR "capacity" >= 0), CONSTRAINT "PK_07c6c82781d105a680b5c265be6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_f47faf9ccb18466073962efc25" ON "facility"  ("commune_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_0bdd689e7ee2b1059c0ac63ba6" ON "facility"  ("operator_association_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."approval_kind" AS ENUM('SOCIAL_CENTRE_PROJECT', 'FAMILY_PROJECT', 'SOCIAL_LIFE_SPACE_PROJECT', 'OPERATING_AUTHORISATION', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "facility_approval" ("id" SERIAL NOT NULL, "facility_id" integer NOT NULL, "kind" "public"."approval_kind" NOT NULL, "starts_on" date, "starts_on_precision" "public"."date_precision", "ends_on" date, "ends_on_precision" "public"."date_precision", "granted_by" text, "description" text, CONSTRAINT "facility_approval_ends_on_precision" CHECK (("ends_on" IS NULL) = ("ends_on_precision" IS NULL)), CONSTRAINT "facility_approval_starts_on_precision" CHECK (("starts_on" IS NULL) = ("starts_on_precision" IS NULL)), CONSTRAINT "facility_approval_period" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "PK_0a4b90ae3520a79e87e6c453747" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_22529720993c97b3c5f53ad418" ON "facility_approval"  ("facility_id") `);
    await queryRunner.query(
      `CREATE TABLE "territory_indicator" ("id" SERIAL NOT NULL, "indicator" character varying(50) NOT NULL, "year" smallint NOT NULL, "commune_code" character(5), "intercommunality_siren" character(9), "value" numeric(14,2) NOT NULL, "note" text, "source_id" integer, CONSTRAINT "territory_indicator_territory" CHECK (num_nonnulls("commune_code", "intercommunality_siren") = 1), CONSTRAINT "territory_indicator_year" CHECK ("year" BETWEEN 1900 AND 2100), CONSTRAINT "territory_indicator_code_format" CHECK ("indicator" ~ '^[a-z][a-z0-9_]{0,49}$'), CONSTRAINT "PK_f90886ace44558e466f8b1473cc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e970b47942837931aa331765fc" ON "territory_indicator"  ("commune_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_65b00a19775567a6ad5eb4f8bb" ON "territory_indicator"  ("intercommunality_siren") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "territory_indicator_intercommunality_unique" ON "territory_indicator"  ("indicator", "year", "intercommunality_siren") WHERE "intercommunality_siren" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "territory_indicator_commune_unique" ON "territory_indicator"  ("indicator", "year", "commune_code") WHERE "commune_code" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "department" ADD CONSTRAINT "FK_789fd959c564b31187c2daa2b4b" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commune" ADD CONSTRAINT "FK_e4799d0b301833fc57e2730c7cb" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "commune" ADD CONSTRAINT "FK_fc8aa9fe811583278ba9871f458" FOREIGN KEY ("intercommunality_siren") REFERENCES "intercommunality"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partner_association" ADD CONSTRAINT "FK_bd7e6092fe3c622ed0c1e2587a6" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partner_association" ADD CONSTRAINT "FK_b7608d447cd755c8c6338dd743c" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sdsf_scheme" ADD CONSTRAINT "FK_029d0b1b4ad4f10733807077ff7" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sdsf_scheme" ADD CONSTRAINT "FK_3d98e4f07d932137d297c1c277c" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sdsf_axis" ADD CONSTRAINT "FK_c10dbb35ad93565cb702a2a392f" FOREIGN KEY ("scheme_id") REFERENCES "sdsf_scheme"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention" ADD CONSTRAINT "FK_ce55ceb6016bed8ffb00255de2f" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention" ADD CONSTRAINT "FK_d3115540700b1044155cee1e222" FOREIGN KEY ("holder_commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention" ADD CONSTRAINT "FK_a3fef8a4737f2feca89857f4b70" FOREIGN KEY ("holder_intercommunality_siren") REFERENCES "intercommunality"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention" ADD CONSTRAINT "FK_890c3eb4ee37ed23393353c97fc" FOREIGN KEY ("predecessor_id") REFERENCES "convention"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention" ADD CONSTRAINT "FK_874c0090d935d67612a597e7906" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "objective" ADD CONSTRAINT "FK_6f4462807cc7979514b6cd317d5" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "FK_e5e5ab79998381e253c171a4871" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "FK_a2fe4c0d57f53a9014bcaac15c5" FOREIGN KEY ("objective_id") REFERENCES "objective"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "FK_32237bd8104c6364f9bb63db105" FOREIGN KEY ("sdsf_axis_id") REFERENCES "sdsf_axis"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "FK_f4b75afe3ba010212bdc6627985" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partnership" ADD CONSTRAINT "FK_bba8a259d878c3956321c2da0c8" FOREIGN KEY ("association_id") REFERENCES "partner_association"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partnership" ADD CONSTRAINT "FK_9cbb12ec7a06f74c5825a2435ff" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "partnership" ADD CONSTRAINT "FK_349c85846ecd984817a125ae732" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_commune" ADD CONSTRAINT "FK_3fe5ec1c984e0123c7d57b78413" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_commune" ADD CONSTRAINT "FK_09f265b3e6e2ffeeb26bcd5fc86" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_sdsf_axis" ADD CONSTRAINT "FK_df825a7a80b0e6fc0c52944aef9" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_sdsf_axis" ADD CONSTRAINT "FK_cdd8bcfcac70452da3c07d91242" FOREIGN KEY ("sdsf_axis_id") REFERENCES "sdsf_axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_signatory" ADD CONSTRAINT "FK_778cf06043872a804179d860a3f" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_signatory" ADD CONSTRAINT "FK_7b616b73f4cca32ea3586fbdabc" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_signatory" ADD CONSTRAINT "FK_9c0d959ba0304da6c16e6f44eb8" FOREIGN KEY ("intercommunality_siren") REFERENCES "intercommunality"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_signatory" ADD CONSTRAINT "FK_9c48415970e66054b174e7013d7" FOREIGN KEY ("association_id") REFERENCES "partner_association"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility" ADD CONSTRAINT "FK_f47faf9ccb18466073962efc25d" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility" ADD CONSTRAINT "FK_ed15999a35ff3d772e24d606f42" FOREIGN KEY ("operator_commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility" ADD CONSTRAINT "FK_b88a3b1c56847058aab7d142407" FOREIGN KEY ("operator_intercommunality_siren") REFERENCES "intercommunality"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility" ADD CONSTRAINT "FK_0bdd689e7ee2b1059c0ac63ba68" FOREIGN KEY ("operator_association_id") REFERENCES "partner_association"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility" ADD CONSTRAINT "FK_8f02b7a474fdf91014451eb1a52" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "facility_approval" ADD CONSTRAINT "FK_22529720993c97b3c5f53ad418e" FOREIGN KEY ("facility_id") REFERENCES "facility"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "territory_indicator" ADD CONSTRAINT "FK_e970b47942837931aa331765fcb" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "territory_indicator" ADD CONSTRAINT "FK_65b00a19775567a6ad5eb4f8bb7" FOREIGN KEY ("intercommunality_siren") REFERENCES "intercommunality"("siren") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "territory_indicator" ADD CONSTRAINT "FK_abe8ba022c182fa3cde832a0ef3" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "territory_indicator" DROP CONSTRAINT "FK_abe8ba022c182fa3cde832a0ef3"`);
    await queryRunner.query(`ALTER TABLE "territory_indicator" DROP CONSTRAINT "FK_65b00a19775567a6ad5eb4f8bb7"`);
    await queryRunner.query(`ALTER TABLE "territory_indicator" DROP CONSTRAINT "FK_e970b47942837931aa331765fcb"`);
    await queryRunner.query(`ALTER TABLE "facility_approval" DROP CONSTRAINT "FK_22529720993c97b3c5f53ad418e"`);
    await queryRunner.query(`ALTER TABLE "facility" DROP CONSTRAINT "FK_8f02b7a474fdf91014451eb1a52"`);
    await queryRunner.query(`ALTER TABLE "facility" DROP CONSTRAINT "FK_0bdd689e7ee2b1059c0ac63ba68"`);
    await queryRunner.query(`ALTER TABLE "facility" DROP CONSTRAINT "FK_b88a3b1c56847058aab7d142407"`);
    await queryRunner.query(`ALTER TABLE "facility" DROP CONSTRAINT "FK_ed15999a35ff3d772e24d606f42"`);
    await queryRunner.query(`ALTER TABLE "facility" DROP CONSTRAINT "FK_f47faf9ccb18466073962efc25d"`);
    await queryRunner.query(`ALTER TABLE "convention_signatory" DROP CONSTRAINT "FK_9c48415970e66054b174e7013d7"`);
    await queryRunner.query(`ALTER TABLE "convention_signatory" DROP CONSTRAINT "FK_9c0d959ba0304da6c16e6f44eb8"`);
    await queryRunner.query(`ALTER TABLE "convention_signatory" DROP CONSTRAINT "FK_7b616b73f4cca32ea3586fbdabc"`);
    await queryRunner.query(`ALTER TABLE "convention_signatory" DROP CONSTRAINT "FK_778cf06043872a804179d860a3f"`);
    await queryRunner.query(`ALTER TABLE "convention_sdsf_axis" DROP CONSTRAINT "FK_cdd8bcfcac70452da3c07d91242"`);
    await queryRunner.query(`ALTER TABLE "convention_sdsf_axis" DROP CONSTRAINT "FK_df825a7a80b0e6fc0c52944aef9"`);
    await queryRunner.query(`ALTER TABLE "convention_commune" DROP CONSTRAINT "FK_09f265b3e6e2ffeeb26bcd5fc86"`);
    await queryRunner.query(`ALTER TABLE "convention_commune" DROP CONSTRAINT "FK_3fe5ec1c984e0123c7d57b78413"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP CONSTRAINT "FK_349c85846ecd984817a125ae732"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP CONSTRAINT "FK_9cbb12ec7a06f74c5825a2435ff"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP CONSTRAINT "FK_bba8a259d878c3956321c2da0c8"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "FK_f4b75afe3ba010212bdc6627985"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "FK_32237bd8104c6364f9bb63db105"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "FK_a2fe4c0d57f53a9014bcaac15c5"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "FK_e5e5ab79998381e253c171a4871"`);
    await queryRunner.query(`ALTER TABLE "objective" DROP CONSTRAINT "FK_6f4462807cc7979514b6cd317d5"`);
    await queryRunner.query(`ALTER TABLE "convention" DROP CONSTRAINT "FK_874c0090d935d67612a597e7906"`);
    await queryRunner.query(`ALTER TABLE "convention" DROP CONSTRAINT "FK_890c3eb4ee37ed23393353c97fc"`);
    await queryRunner.query(`ALTER TABLE "convention" DROP CONSTRAINT "FK_a3fef8a4737f2feca89857f4b70"`);
    await queryRunner.query(`ALTER TABLE "convention" DROP CONSTRAINT "FK_d3115540700b1044155cee1e222"`);
    await queryRunner.query(`ALTER TABLE "convention" DROP CONSTRAINT "FK_ce55ceb6016bed8ffb00255de2f"`);
    await queryRunner.query(`ALTER TABLE "sdsf_axis" DROP CONSTRAINT "FK_c10dbb35ad93565cb702a2a392f"`);
    await queryRunner.query(`ALTER TABLE "sdsf_scheme" DROP CONSTRAINT "FK_3d98e4f07d932137d297c1c277c"`);
    await queryRunner.query(`ALTER TABLE "sdsf_scheme" DROP CONSTRAINT "FK_029d0b1b4ad4f10733807077ff7"`);
    await queryRunner.query(`ALTER TABLE "partner_association" DROP CONSTRAINT "FK_b7608d447cd755c8c6338dd743c"`);
    await queryRunner.query(`ALTER TABLE "partner_association" DROP CONSTRAINT "FK_bd7e6092fe3c622ed0c1e2587a6"`);
    await queryRunner.query(`ALTER TABLE "commune" DROP CONSTRAINT "FK_fc8aa9fe811583278ba9871f458"`);
    await queryRunner.query(`ALTER TABLE "commune" DROP CONSTRAINT "FK_e4799d0b301833fc57e2730c7cb"`);
    await queryRunner.query(`ALTER TABLE "department" DROP CONSTRAINT "FK_789fd959c564b31187c2daa2b4b"`);
    await queryRunner.query(`DROP INDEX "public"."territory_indicator_commune_unique"`);
    await queryRunner.query(`DROP INDEX "public"."territory_indicator_intercommunality_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_65b00a19775567a6ad5eb4f8bb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e970b47942837931aa331765fc"`);
    await queryRunner.query(`DROP TABLE "territory_indicator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_22529720993c97b3c5f53ad418"`);
    await queryRunner.query(`DROP TABLE "facility_approval"`);
    await queryRunner.query(`DROP TYPE "public"."approval_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0bdd689e7ee2b1059c0ac63ba6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f47faf9ccb18466073962efc25"`);
    await queryRunner.query(`DROP TABLE "facility"`);
    await queryRunner.query(`DROP TYPE "public"."operator_kind"`);
    await queryRunner.query(`DROP TYPE "public"."facility_kind"`);
    await queryRunner.query(`DROP TABLE "convention_signatory"`);
    await queryRunner.query(`DROP TYPE "public"."signatory_role"`);
    await queryRunner.query(`DROP TYPE "public"."signatory_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cdd8bcfcac70452da3c07d9124"`);
    await queryRunner.query(`DROP TABLE "convention_sdsf_axis"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_09f265b3e6e2ffeeb26bcd5fc8"`);
    await queryRunner.query(`DROP TABLE "convention_commune"`);
    await queryRunner.query(`DROP INDEX "public"."partnership_convention_unique"`);
    await queryRunner.query(`DROP INDEX "public"."partnership_action_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_349c85846ecd984817a125ae73"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9cbb12ec7a06f74c5825a2435f"`);
    await queryRunner.query(`DROP TABLE "partnership"`);
    await queryRunner.query(`DROP TYPE "public"."partnership_role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32237bd8104c6364f9bb63db10"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a2fe4c0d57f53a9014bcaac15c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e5e5ab79998381e253c171a487"`);
    await queryRunner.query(`DROP TABLE "action"`);
    await queryRunner.query(`DROP TYPE "public"."action_status"`);
    await queryRunner.query(`DROP TABLE "objective"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a3fef8a4737f2feca89857f4b7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d3115540700b1044155cee1e22"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce55ceb6016bed8ffb00255de2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6bd302d3fcc4ab4f293dea1c3"`);
    await queryRunner.query(`DROP TABLE "convention"`);
    await queryRunner.query(`DROP TYPE "public"."holder_kind"`);
    await queryRunner.query(`DROP TYPE "public"."date_precision"`);
    await queryRunner.query(`DROP TYPE "public"."convention_stage"`);
    await queryRunner.query(`DROP TABLE "sdsf_axis"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_029d0b1b4ad4f10733807077ff"`);
    await queryRunner.query(`DROP TABLE "sdsf_scheme"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bd7e6092fe3c622ed0c1e2587a"`);
    await queryRunner.query(`DROP TABLE "partner_association"`);
    await queryRunner.query(`DROP TYPE "public"."theme"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc8aa9fe811583278ba9871f45"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e4799d0b301833fc57e2730c7c"`);
    await queryRunner.query(`DROP TABLE "commune"`);
    await queryRunner.query(`DROP TABLE "intercommunality"`);
    await queryRunner.query(`DROP TYPE "public"."intercommunality_kind"`);
    await queryRunner.query(`DROP TABLE "department"`);
    await queryRunner.query(`DROP TYPE "public"."zone"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP TABLE "source"`);
    await queryRunner.query(`DROP TYPE "public"."source_kind"`);
  }
}
