import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit log (append-only: a trigger refuses UPDATE and DELETE) and the row-level security
 * backstop for partner portals.
 *
 * Requests write as `ctg_hub_app`, a role that is neither superuser nor BYPASSRLS (a superuser
 * ignores even forced policies): each write transaction runs `SET LOCAL ROLE ctg_hub_app`, and a
 * partner's also sets `ctg_hub.association_id` with `set_config(…, true)`, local to the
 * transaction. With that setting, the policies let a partner change only the actions it operates
 * and its own association. Staff transactions leave it empty. The role is cluster-wide, so it is
 * created if missing and never dropped (other databases on the server may use it).
 */
const PARTNER = `(SELECT nullif(current_setting('ctg_hub.association_id', true), '')::integer)`;
const NOT_PARTNER = `(SELECT coalesce(current_setting('ctg_hub.association_id', true), '') = '')`;
const SECURED_TABLES = ["action", "partner_association", "partnership"];

export class AuditAndRowSecurity1795477036683 implements MigrationInterface {
  name = "AuditAndRowSecurity1795477036683";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" SERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_subject" text NOT NULL, "actor_role" text NOT NULL, "entity" character varying(50) NOT NULL, "entity_id" character varying(60) NOT NULL, "operation" character varying(10) NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "audit_entry_operation" CHECK ("operation" IN ('CREATE', 'UPDATE', 'DELETE')), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_entry_entity" ON "audit_entry"  ("entity", "entity_id", "id") `);
    await queryRunner.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
            FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);

    await queryRunner.query(`DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ctg_hub_app') THEN
              CREATE ROLE ctg_hub_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF; END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ctg_hub_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ctg_hub_app`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ctg_hub_app`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ctg_hub_app`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ctg_hub_app`);
    await queryRunner.query(`REVOKE UPDATE, DELETE ON audit_entry FROM ctg_hub_app`);

    for (const table of SECURED_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY hub_read ON "${table}" FOR SELECT USING (true)`);
      await queryRunner.query(`CREATE POLICY hub_staff_write ON "${table}" FOR ALL USING (${NOT_PARTNER}) WITH CHECK (${NOT_PARTNER})`);
    }
    await queryRunner.query(`CREATE POLICY partner_own_actions ON "action" FOR UPDATE
            USING (EXISTS (SELECT 1 FROM partnership p WHERE p.action_id = action.id AND p.role = 'OPERATOR' AND p.association_id = ${PARTNER}))
            WITH CHECK (EXISTS (SELECT 1 FROM partnership p WHERE p.action_id = action.id AND p.role = 'OPERATOR' AND p.association_id = ${PARTNER}))`);
    await queryRunner.query(`CREATE POLICY partner_own_association ON "partner_association" FOR UPDATE
            USING (id = ${PARTNER}) WITH CHECK (id = ${PARTNER})`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP POLICY partner_own_association ON "partner_association"`);
    await queryRunner.query(`DROP POLICY partner_own_actions ON "action"`);
    for (const table of SECURED_TABLES) {
      await queryRunner.query(`DROP POLICY hub_staff_write ON "${table}"`);
      await queryRunner.query(`DROP POLICY hub_read ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ctg_hub_app`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ctg_hub_app`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ctg_hub_app`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ctg_hub_app`);
    await queryRunner.query(`REVOKE ALL ON SCHEMA public FROM ctg_hub_app`);
    await queryRunner.query(`DROP TRIGGER audit_entry_append_only ON audit_entry`);
    await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_entity"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
