import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 18, the follow-up of a CTG: actions as people run them (priority, paused and blocked statuses, sub-actions,
 * target publics, pilots, an elected referent), budget lines and funders, indicator definitions whose values
 * attach to a territory or to an action, objective or convention, a dated journal of notes, governance meetings
 * and evaluations.
 *
 * `territory_indicator` becomes `indicator_value`, its rows, ids and sequence kept: every code it holds gets a
 * definition first (the hub's catalogue, or the code itself as label when the hub does not know it), so the new
 * foreign key holds. Existing action statuses are unchanged (the enum gains two values; `down` maps them to
 * IN_PROGRESS).
 *
 * Row-level security as in AuditAndRowSecurity: everyone reads, staff write; a PARTNER adds notes and indicator
 * results, and updates budget lines and funders, of the actions it operates (which columns it may change is the
 * write layer's rule). `current_setting` is wrapped in a sub-select so it is evaluated once per statement.
 */
const PARTNER = `(SELECT nullif(current_setting('ctg_hub.association_id', true), '')::integer)`;
const NOT_PARTNER = `(SELECT coalesce(current_setting('ctg_hub.association_id', true), '') = '')`;
const operated = (actionId: string) =>
  `EXISTS (SELECT 1 FROM partnership p WHERE p.action_id = ${actionId} AND p.role = 'OPERATOR' AND p.association_id = ${PARTNER})`;
const SECURED_TABLES = [
  "indicator_definition",
  "indicator_value",
  "action_pilot",
  "action_budget_line",
  "action_funding",
  "action_note",
  "convention_meeting",
  "meeting_attendance",
  "convention_evaluation",
  "objective_assessment",
];
/** Partner policies: [name, table, command, the action's id column]. */
const PARTNER_POLICIES: Array<[string, string, "INSERT" | "UPDATE", string]> = [
  ["partner_add_notes", "action_note", "INSERT", "action_note.action_id"],
  ["partner_edit_notes", "action_note", "UPDATE", "action_note.action_id"],
  ["partner_add_results", "indicator_value", "INSERT", "indicator_value.action_id"],
  ["partner_edit_results", "indicator_value", "UPDATE", "indicator_value.action_id"],
  ["partner_edit_budget_lines", "action_budget_line", "UPDATE", "action_budget_line.action_id"],
  ["partner_edit_fundings", "action_funding", "UPDATE", "action_funding.action_id"],
];
/** territory_indicator's constraints and indexes, renamed after the table (TypeORM derives the hashed ones from it). */
const RENAMED_CONSTRAINTS: Array<[string, string]> = [
  ["PK_f90886ace44558e466f8b1473cc", "PK_ea77b6059a4a7f24be8e748d541"],
  ["FK_e970b47942837931aa331765fcb", "FK_b10b11de24ec7ea048af2f3b65f"],
  ["FK_65b00a19775567a6ad5eb4f8bb7", "FK_17648b0dd7c7fbe09fedf0504a8"],
  ["FK_abe8ba022c182fa3cde832a0ef3", "FK_d7a5a9882d00eb315e8df3dbb10"],
  ["territory_indicator_year", "indicator_value_year"],
  ["territory_indicator_note_text", "indicator_value_note_text"],
  ["territory_indicator_count_value", "indicator_value_count_value"],
];
const RENAMED_INDEXES: Array<[string, string]> = [
  ["IDX_e970b47942837931aa331765fc", "IDX_b10b11de24ec7ea048af2f3b65"],
  ["IDX_65b00a19775567a6ad5eb4f8bb", "IDX_17648b0dd7c7fbe09fedf0504a"],
  ["territory_indicator_commune_unique", "indicator_value_commune_unique"],
  ["territory_indicator_commune_latest", "indicator_value_commune_latest"],
  ["territory_indicator_intercommunality_unique", "indicator_value_intercommunality_unique"],
];

export class FollowUp1796615737854 implements MigrationInterface {
  name = "FollowUp1796615737854";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."budget_kind" AS ENUM('INVESTMENT', 'OPERATING')`);
    await queryRunner.query(`CREATE TYPE "public"."budget_unit" AS ENUM('EUROS', 'FTE')`);
    await queryRunner.query(
      `CREATE TABLE "action_budget_line" ("id" SERIAL NOT NULL, "action_id" integer NOT NULL, "year" smallint, "kind" "public"."budget_kind" NOT NULL, "unit" "public"."budget_unit" NOT NULL, "planned" numeric(14,2), "actual" numeric(14,2), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "action_budget_line_amounts" CHECK (("planned" IS NULL OR "planned" >= 0) AND ("actual" IS NULL OR "actual" >= 0)), CONSTRAINT "action_budget_line_year" CHECK ("year" IS NULL OR "year" BETWEEN 1900 AND 2100), CONSTRAINT "PK_af31d478bb36bd9058a659ee8ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "action_budget_line_period_unique" ON "action_budget_line"  ("action_id", "kind", "unit") WHERE "year" IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "action_budget_line_year_unique" ON "action_budget_line"  ("action_id", "kind", "unit", "year") WHERE "year" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."funder_kind" AS ENUM('CAF_SERVICE_PAYMENT', 'CAF_BONUS_TERRITOIRE', 'CAF_PUBLIC_AND_TERRITORIES_FUND', 'HOLDER', 'COMMUNE', 'DEPARTMENT_COUNCIL', 'STATE', 'MSA', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "action_funding" ("id" SERIAL NOT NULL, "action_id" integer NOT NULL, "budget_line_id" integer, "year" smallint, "funder" "public"."funder_kind" NOT NULL, "commune_code" character(5), "funder_name" text, "planned" numeric(14,2), "actual" numeric(14,2), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "action_funding_other" CHECK ("funder" = 'OTHER' OR "funder_name" IS NULL), CONSTRAINT "action_funding_commune" CHECK ("funder" = 'COMMUNE' OR "commune_code" IS NULL), CONSTRAINT "action_funding_amounts" CHECK (("planned" IS NULL OR "planned" >= 0) AND ("actual" IS NULL OR "actual" >= 0)), CONSTRAINT "action_funding_year" CHECK ("year" IS NULL OR "year" BETWEEN 1900 AND 2100), CONSTRAINT "action_funding_funder_name_text" CHECK ("funder_name" IS NULL OR ("funder_name" !~ '[\\x01-\\x1f\\x7f]' AND "funder_name" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_f6042c377a4498dc7466a35effd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b4e560dd36c85837775c0ca39d" ON "action_funding"  ("action_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cab01bcfb3485490c1b3f2b2be" ON "action_funding"  ("budget_line_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cbead447e31f6c62f69bf53d9b" ON "action_funding"  ("commune_code") `);
    await queryRunner.query(
      `CREATE TABLE "action_note" ("id" SERIAL NOT NULL, "action_id" integer NOT NULL, "noted_on" date NOT NULL, "author" text NOT NULL, "text" text NOT NULL, "restricted" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "action_note_author_text" CHECK ("author" !~ '[\\x01-\\x1f\\x7f]' AND "author" ~ '^\\S(.*\\S)?$'), CONSTRAINT "action_note_text_text" CHECK ("text" IS NULL OR ("text" !~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]' AND "text" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_7284590d54194c90b9850bf2284" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "action_note_action_date" ON "action_note"  ("action_id", "noted_on") `);
    await queryRunner.query(`CREATE TYPE "public"."pilot_kind" AS ENUM('PERSON', 'SERVICE', 'ASSOCIATION')`);
    await queryRunner.query(
      `CREATE TABLE "action_pilot" ("id" SERIAL NOT NULL, "action_id" integer NOT NULL, "position" smallint NOT NULL, "kind" "public"."pilot_kind" NOT NULL, "name" text, "role" text, "organisation" text, "association_id" integer, "contact" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "action_pilot_kind" CHECK (("kind" = 'ASSOCIATION') = ("association_id" IS NOT NULL) AND ("kind" = 'ASSOCIATION' OR "name" IS NOT NULL)), CONSTRAINT "action_pilot_name_text" CHECK ("name" IS NULL OR ("name" !~ '[\\x01-\\x1f\\x7f]' AND "name" ~ '^\\S(.*\\S)?$')), CONSTRAINT "action_pilot_role_text" CHECK ("role" IS NULL OR ("role" !~ '[\\x01-\\x1f\\x7f]' AND "role" ~ '^\\S(.*\\S)?$')), CONSTRAINT "action_pilot_organisation_text" CHECK ("organisation" IS NULL OR ("organisation" !~ '[\\x01-\\x1f\\x7f]' AND "organisation" ~ '^\\S(.*\\S)?$')), CONSTRAINT "action_pilot_contact_text" CHECK ("contact" IS NULL OR ("contact" !~ '[\\x01-\\x1f\\x7f]' AND "contact" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_30753ba108bfaf191b2a3fc080b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_821eda24892fa2a5f9f467e8a0" ON "action_pilot"  ("association_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "action_pilot_position_unique" ON "action_pilot"  ("action_id", "position") `);
    await queryRunner.query(`CREATE TYPE "public"."evaluation_kind" AS ENUM('YEARLY', 'FINAL')`);
    await queryRunner.query(
      `CREATE TABLE "convention_evaluation" ("id" SERIAL NOT NULL, "convention_id" integer NOT NULL, "kind" "public"."evaluation_kind" NOT NULL, "year" smallint NOT NULL, "evaluated_on" date, "summary" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "convention_evaluation_year" CHECK ("year" BETWEEN 1900 AND 2100), CONSTRAINT "convention_evaluation_summary_text" CHECK ("summary" IS NULL OR ("summary" !~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]' AND "summary" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_76eb5a6391bec337c128d488b72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "convention_evaluation_final_unique" ON "convention_evaluation"  ("convention_id") WHERE "kind" = 'FINAL'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "convention_evaluation_yearly_unique" ON "convention_evaluation"  ("convention_id", "year") WHERE "kind" = 'YEARLY'`,
    );
    await queryRunner.query(`CREATE TYPE "public"."objective_achievement" AS ENUM('ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED')`);
    await queryRunner.query(
      `CREATE TABLE "objective_assessment" ("id" SERIAL NOT NULL, "evaluation_id" integer NOT NULL, "objective_id" integer NOT NULL, "achievement" "public"."objective_achievement" NOT NULL, "comment" text, CONSTRAINT "objective_assessment_comment_text" CHECK ("comment" IS NULL OR ("comment" !~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]' AND "comment" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_59710d64f4f49a4e4839c74c321" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b5591b869bcb7b5c1090a0362d" ON "objective_assessment"  ("objective_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "objective_assessment_unique" ON "objective_assessment"  ("evaluation_id", "objective_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."meeting_kind" AS ENUM('STEERING_COMMITTEE', 'TECHNICAL_COMMITTEE')`);
    await queryRunner.query(
      `CREATE TABLE "convention_meeting" ("id" SERIAL NOT NULL, "convention_id" integer NOT NULL, "held_on" date NOT NULL, "kind" "public"."meeting_kind" NOT NULL, "decisions" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "convention_meeting_decisions_text" CHECK ("decisions" IS NULL OR ("decisions" !~ '[\\x01-\\x08\\x0b-\\x1f\\x7f]' AND "decisions" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_edee5ed05052795def25adebc4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "convention_meeting_convention_date" ON "convention_meeting"  ("convention_id", "held_on") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendance" ("id" SERIAL NOT NULL, "meeting_id" integer NOT NULL, "organisation_kind" "public"."signatory_kind" NOT NULL, "organisation" text NOT NULL, "attendees" smallint, CONSTRAINT "meeting_attendance_organisation_text" CHECK ("organisation" !~ '[\\x01-\\x1f\\x7f]' AND "organisation" ~ '^\\S(.*\\S)?$'), CONSTRAINT "meeting_attendance_attendees_count" CHECK ("attendees" IS NULL OR "attendees" >= 0), CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "meeting_attendance_unique" ON "meeting_attendance"  ("meeting_id", "organisation") `);
    await queryRunner.query(`CREATE TYPE "public"."indicator_direction" AS ENUM('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')`);
    await queryRunner.query(`CREATE TYPE "public"."indicator_level" AS ENUM('ACTION', 'OBJECTIVE', 'CONVENTION', 'TERRITORY')`);
    await queryRunner.query(
      `CREATE TABLE "indicator_definition" ("id" SERIAL NOT NULL, "code" character varying(50) NOT NULL, "label" text NOT NULL, "unit" text, "direction" "public"."indicator_direction", "level" "public"."indicator_level" NOT NULL, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "indicator_definition_code_unique" UNIQUE ("code"), CONSTRAINT "indicator_definition_code_format" CHECK ("code" ~ '^[a-z][a-z0-9_]{0,49}$'), CONSTRAINT "indicator_definition_label_text" CHECK ("label" !~ '[\\x01-\\x1f\\x7f]' AND "label" ~ '^\\S(.*\\S)?$'), CONSTRAINT "indicator_definition_unit_text" CHECK ("unit" IS NULL OR ("unit" !~ '[\\x01-\\x1f\\x7f]' AND "unit" ~ '^\\S(.*\\S)?$')), CONSTRAINT "PK_a467fd2afc52fc67d0f25d5cbb7" PRIMARY KEY ("id"))`,
    );
    // Territory indicators become values of definitions: the definitions first (the hub's catalogue, then any
    // other code already stored, labelled by its code: nothing is invented), then the table renamed with its rows.
    await queryRunner.query(`INSERT INTO "indicator_definition" ("code", "label", "unit", "direction", "level") VALUES
            ('allocataires', 'Nombre d''allocataires CAF', 'allocataires', NULL, 'TERRITORY'),
            ('population', 'Population', 'habitants', NULL, 'TERRITORY'),
            ('children_under_3', 'Enfants de moins de 3 ans', 'enfants', NULL, 'TERRITORY'),
            ('eaje_places', 'Places en EAJE', 'places', 'HIGHER_IS_BETTER', 'TERRITORY')`);
    await queryRunner.query(`INSERT INTO "indicator_definition" ("code", "label", "level")
            SELECT DISTINCT "indicator", "indicator", 'TERRITORY'::"public"."indicator_level" FROM "territory_indicator"
            ON CONFLICT ("code") DO NOTHING`);
    await queryRunner.query(`ALTER TABLE "territory_indicator" RENAME TO "indicator_value"`);
    await queryRunner.query(`ALTER SEQUENCE "territory_indicator_id_seq" RENAME TO "indicator_value_id_seq"`);
    for (const [before, after] of RENAMED_CONSTRAINTS) {
      await queryRunner.query(`ALTER TABLE "indicator_value" RENAME CONSTRAINT "${before}" TO "${after}"`);
    }
    for (const [before, after] of RENAMED_INDEXES) await queryRunner.query(`ALTER INDEX "public"."${before}" RENAME TO "${after}"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "territory_indicator_code_format"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "territory_indicator_territory"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" ADD "action_id" integer, ADD "objective_id" integer, ADD "convention_id" integer,
            ADD "baseline" numeric(14,2), ADD "target" numeric(14,2), ALTER COLUMN "value" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_subject"
            CHECK (num_nonnulls("commune_code", "intercommunality_siren", "action_id", "objective_id", "convention_id") = 1)`);
    await queryRunner.query(`ALTER TABLE "indicator_value" ADD CONSTRAINT "indicator_value_territory_measured"
            CHECK ("value" IS NOT NULL OR ("commune_code" IS NULL AND "intercommunality_siren" IS NULL))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "indicator_value_convention_unique" ON "indicator_value"  ("convention_id", "indicator", "year") WHERE "convention_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "indicator_value_objective_unique" ON "indicator_value"  ("objective_id", "indicator", "year") WHERE "objective_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "indicator_value_action_unique" ON "indicator_value"  ("action_id", "indicator", "year") WHERE "action_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."action_priority" AS ENUM('HIGH', 'MEDIUM', 'LOW')`);
    await queryRunner.query(`ALTER TABLE "action" ADD "priority" "public"."action_priority"`);
    await queryRunner.query(
      `CREATE TYPE "public"."target_public" AS ENUM('FAMILIES', 'YOUNG_CHILDREN', 'CHILDREN', 'YOUTH', 'YOUNG_ADULTS', 'PARENTS', 'SENIORS', 'PEOPLE_WITH_DISABILITIES', 'PEOPLE_IN_PRECARITY', 'PROFESSIONALS', 'ALL_RESIDENTS')`,
    );
    await queryRunner.query(`ALTER TABLE "action" ADD "target_publics" "public"."target_public" array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "action" ADD "parent_action_id" integer`);
    await queryRunner.query(`ALTER TABLE "action" ADD "elected_referent_name" text`);
    await queryRunner.query(`ALTER TABLE "action" ADD "elected_referent_mandate" text`);
    await queryRunner.query(`ALTER TYPE "public"."action_status" ADD VALUE 'PAUSED'`);
    await queryRunner.query(`ALTER TYPE "public"."action_status" ADD VALUE 'BLOCKED'`);
    await queryRunner.query(`CREATE INDEX "IDX_10dbf9f451f4bf077d7428f699" ON "action"  ("parent_action_id") `);
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "action_not_own_parent" CHECK ("parent_action_id" IS NULL OR "parent_action_id" <> "id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "action_elected_referent_name_text" CHECK ("elected_referent_name" IS NULL OR ("elected_referent_name" !~ '[\\x01-\\x1f\\x7f]' AND "elected_referent_name" ~ '^\\S(.*\\S)?$'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "action_elected_referent_mandate_text" CHECK ("elected_referent_mandate" IS NULL OR ("elected_referent_mandate" !~ '[\\x01-\\x1f\\x7f]' AND "elected_referent_mandate" ~ '^\\S(.*\\S)?$'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "action" ADD CONSTRAINT "FK_10dbf9f451f4bf077d7428f6996" FOREIGN KEY ("parent_action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_budget_line" ADD CONSTRAINT "FK_854c892cb2ffd0cc985bb8d2476" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_funding" ADD CONSTRAINT "FK_b4e560dd36c85837775c0ca39d6" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_funding" ADD CONSTRAINT "FK_cab01bcfb3485490c1b3f2b2be3" FOREIGN KEY ("budget_line_id") REFERENCES "action_budget_line"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_funding" ADD CONSTRAINT "FK_cbead447e31f6c62f69bf53d9bc" FOREIGN KEY ("commune_code") REFERENCES "commune"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_note" ADD CONSTRAINT "FK_60a3d8514f6e1011a992a48bf30" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_pilot" ADD CONSTRAINT "FK_83c470b79a4b4a889b1d4b8514b" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_pilot" ADD CONSTRAINT "FK_821eda24892fa2a5f9f467e8a02" FOREIGN KEY ("association_id") REFERENCES "partner_association"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_evaluation" ADD CONSTRAINT "FK_baf7c732013362ea2d1124b2621" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "objective_assessment" ADD CONSTRAINT "FK_9307a9010a6782da22dee6256e4" FOREIGN KEY ("evaluation_id") REFERENCES "convention_evaluation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "objective_assessment" ADD CONSTRAINT "FK_b5591b869bcb7b5c1090a0362d4" FOREIGN KEY ("objective_id") REFERENCES "objective"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "convention_meeting" ADD CONSTRAINT "FK_f2a07e5e686b642f789165e4025" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_attendance" ADD CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c" FOREIGN KEY ("meeting_id") REFERENCES "convention_meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "FK_d885e295aed5314bc3788bcfdf7" FOREIGN KEY ("indicator") REFERENCES "indicator_definition"("code") ON DELETE RESTRICT ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "FK_7ec1e3380d17dfd0a6b9e41c747" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "FK_994154838308978d9b7dbe90212" FOREIGN KEY ("objective_id") REFERENCES "objective"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "FK_1406a38dd2951980b74be2fb968" FOREIGN KEY ("convention_id") REFERENCES "convention"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of SECURED_TABLES) {
      await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO ctg_hub_app`);
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY hub_read ON "${table}" FOR SELECT USING (true)`);
      await queryRunner.query(`CREATE POLICY hub_staff_write ON "${table}" FOR ALL USING (${NOT_PARTNER}) WITH CHECK (${NOT_PARTNER})`);
    }
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ctg_hub_app`);
    for (const [name, table, command, actionId] of PARTNER_POLICIES) {
      const using = command === "UPDATE" ? ` USING (${operated(actionId)})` : "";
      await queryRunner.query(`CREATE POLICY ${name} ON "${table}" FOR ${command}${using} WITH CHECK (${operated(actionId)})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of PARTNER_POLICIES) await queryRunner.query(`DROP POLICY ${name} ON "${table}"`);
    for (const table of SECURED_TABLES) {
      await queryRunner.query(`DROP POLICY hub_staff_write ON "${table}"`);
      await queryRunner.query(`DROP POLICY hub_read ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "FK_1406a38dd2951980b74be2fb968"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "FK_994154838308978d9b7dbe90212"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "FK_7ec1e3380d17dfd0a6b9e41c747"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "FK_d885e295aed5314bc3788bcfdf7"`);
    await queryRunner.query(`ALTER TABLE "meeting_attendance" DROP CONSTRAINT "FK_2bf53a2dc49796d33484ed1fe5c"`);
    await queryRunner.query(`ALTER TABLE "convention_meeting" DROP CONSTRAINT "FK_f2a07e5e686b642f789165e4025"`);
    await queryRunner.query(`ALTER TABLE "objective_assessment" DROP CONSTRAINT "FK_b5591b869bcb7b5c1090a0362d4"`);
    await queryRunner.query(`ALTER TABLE "objective_assessment" DROP CONSTRAINT "FK_9307a9010a6782da22dee6256e4"`);
    await queryRunner.query(`ALTER TABLE "convention_evaluation" DROP CONSTRAINT "FK_baf7c732013362ea2d1124b2621"`);
    await queryRunner.query(`ALTER TABLE "action_pilot" DROP CONSTRAINT "FK_821eda24892fa2a5f9f467e8a02"`);
    await queryRunner.query(`ALTER TABLE "action_pilot" DROP CONSTRAINT "FK_83c470b79a4b4a889b1d4b8514b"`);
    await queryRunner.query(`ALTER TABLE "action_note" DROP CONSTRAINT "FK_60a3d8514f6e1011a992a48bf30"`);
    await queryRunner.query(`ALTER TABLE "action_funding" DROP CONSTRAINT "FK_cbead447e31f6c62f69bf53d9bc"`);
    await queryRunner.query(`ALTER TABLE "action_funding" DROP CONSTRAINT "FK_cab01bcfb3485490c1b3f2b2be3"`);
    await queryRunner.query(`ALTER TABLE "action_funding" DROP CONSTRAINT "FK_b4e560dd36c85837775c0ca39d6"`);
    await queryRunner.query(`ALTER TABLE "action_budget_line" DROP CONSTRAINT "FK_854c892cb2ffd0cc985bb8d2476"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "FK_10dbf9f451f4bf077d7428f6996"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "action_elected_referent_mandate_text"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "action_elected_referent_name_text"`);
    await queryRunner.query(`ALTER TABLE "action" DROP CONSTRAINT "action_not_own_parent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_10dbf9f451f4bf077d7428f699"`);
    await queryRunner.query(
      `CREATE TYPE "public"."action_status_old" AS ENUM('PLANNED', 'UNDER_STUDY', 'IN_PROGRESS', 'DONE', 'ABANDONED')`,
    );
    // The two new statuses have no older equivalent: a paused or blocked action is still under way.
    await queryRunner.query(`UPDATE "action" SET "status" = 'IN_PROGRESS' WHERE "status" IN ('PAUSED', 'BLOCKED')`);
    await queryRunner.query(
      `ALTER TABLE "action" ALTER COLUMN "status" TYPE "public"."action_status_old" USING "status"::"text"::"public"."action_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."action_status"`);
    await queryRunner.query(`ALTER TYPE "public"."action_status_old" RENAME TO "action_status"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "elected_referent_mandate"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "elected_referent_name"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "parent_action_id"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "target_publics"`);
    await queryRunner.query(`DROP TYPE "public"."target_public"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "priority"`);
    await queryRunner.query(`DROP TYPE "public"."action_priority"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_value_action_unique"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_value_objective_unique"`);
    await queryRunner.query(`DROP INDEX "public"."indicator_value_convention_unique"`);
    await queryRunner.query(`DELETE FROM "indicator_value" WHERE "commune_code" IS NULL AND "intercommunality_siren" IS NULL`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "indicator_value_territory_measured"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "indicator_value_subject"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP COLUMN "action_id", DROP COLUMN "objective_id", DROP COLUMN "convention_id",
            DROP COLUMN "baseline", DROP COLUMN "target", ALTER COLUMN "value" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "territory_indicator_territory" CHECK (num_nonnulls("commune_code", "intercommunality_siren") = 1)`,
    );
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "territory_indicator_code_format" CHECK ("indicator" ~ '^[a-z][a-z0-9_]{0,49}$')`,
    );
    for (const [before, after] of RENAMED_INDEXES) await queryRunner.query(`ALTER INDEX "public"."${after}" RENAME TO "${before}"`);
    for (const [before, after] of RENAMED_CONSTRAINTS) {
      await queryRunner.query(`ALTER TABLE "indicator_value" RENAME CONSTRAINT "${after}" TO "${before}"`);
    }
    await queryRunner.query(`ALTER SEQUENCE "indicator_value_id_seq" RENAME TO "territory_indicator_id_seq"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" RENAME TO "territory_indicator"`);
    await queryRunner.query(`DROP TABLE "indicator_definition"`);
    await queryRunner.query(`DROP TYPE "public"."indicator_level"`);
    await queryRunner.query(`DROP TYPE "public"."indicator_direction"`);
    await queryRunner.query(`DROP INDEX "public"."meeting_attendance_unique"`);
    await queryRunner.query(`DROP TABLE "meeting_attendance"`);
    await queryRunner.query(`DROP INDEX "public"."convention_meeting_convention_date"`);
    await queryRunner.query(`DROP TABLE "convention_meeting"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_kind"`);
    await queryRunner.query(`DROP INDEX "public"."objective_assessment_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b5591b869bcb7b5c1090a0362d"`);
    await queryRunner.query(`DROP TABLE "objective_assessment"`);
    await queryRunner.query(`DROP TYPE "public"."objective_achievement"`);
    await queryRunner.query(`DROP INDEX "public"."convention_evaluation_yearly_unique"`);
    await queryRunner.query(`DROP INDEX "public"."convention_evaluation_final_unique"`);
    await queryRunner.query(`DROP TABLE "convention_evaluation"`);
    await queryRunner.query(`DROP TYPE "public"."evaluation_kind"`);
    await queryRunner.query(`DROP INDEX "public"."action_pilot_position_unique"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_821eda24892fa2a5f9f467e8a0"`);
    await queryRunner.query(`DROP TABLE "action_pilot"`);
    await queryRunner.query(`DROP TYPE "public"."pilot_kind"`);
    await queryRunner.query(`DROP INDEX "public"."action_note_action_date"`);
    await queryRunner.query(`DROP TABLE "action_note"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cbead447e31f6c62f69bf53d9b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cab01bcfb3485490c1b3f2b2be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b4e560dd36c85837775c0ca39d"`);
    await queryRunner.query(`DROP TABLE "action_funding"`);
    await queryRunner.query(`DROP TYPE "public"."funder_kind"`);
    await queryRunner.query(`DROP INDEX "public"."action_budget_line_year_unique"`);
    await queryRunner.query(`DROP INDEX "public"."action_budget_line_period_unique"`);
    await queryRunner.query(`DROP TABLE "action_budget_line"`);
    await queryRunner.query(`DROP TYPE "public"."budget_unit"`);
    await queryRunner.query(`DROP TYPE "public"."budget_kind"`);
  }
}
