import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 18, writes and roles: a PARTNER adds notes, results and actual spending to the actions it pilots or operates,
 * nothing else. Row-level security restates the write layer's one rule (src/auth/write-scope.places.ts: an action's
 * partners are its operators and its association pilots) in one function, `hub_partner_action`, which every partner
 * policy calls: the action row itself (progress), its notes (INSERT only: a partner adds to the journal, it does not
 * rewrite it), its indicator results (INSERT and UPDATE) and its budget lines and fundings (UPDATE: which columns is
 * the write layer's rule). Pilots, meetings, evaluations and removals stay with staff (`hub_staff_write`).
 * `current_setting` is wrapped in a sub-select so it is evaluated once per statement.
 */
const PARTNER = `(SELECT nullif(current_setting('ctg_hub.association_id', true), '')::integer)`;
const OPERATED = (actionId: string) =>
  `EXISTS (SELECT 1 FROM partnership p WHERE p.action_id = ${actionId} AND p.role = 'OPERATOR' AND p.association_id = ${PARTNER})`;

/** [name, table, command, the action's id column]: after this migration. */
const POLICIES: Array<[string, string, "INSERT" | "UPDATE", string]> = [
  ["partner_own_actions", "action", "UPDATE", "action.id"],
  ["partner_add_notes", "action_note", "INSERT", "action_note.action_id"],
  ["partner_add_results", "indicator_value", "INSERT", "indicator_value.action_id"],
  ["partner_edit_results", "indicator_value", "UPDATE", "indicator_value.action_id"],
  ["partner_edit_budget_lines", "action_budget_line", "UPDATE", "action_budget_line.action_id"],
  ["partner_edit_fundings", "action_funding", "UPDATE", "action_funding.action_id"],
];
/** Policies this migration drops and `down` restores (operators only). */
const DROPPED: Array<[string, string, "INSERT" | "UPDATE", string]> = [
  ["partner_edit_notes", "action_note", "UPDATE", "action_note.action_id"],
];

const create = (name: string, table: string, command: "INSERT" | "UPDATE", check: string) =>
  `CREATE POLICY ${name} ON "${table}" FOR ${command}${command === "UPDATE" ? ` USING (${check})` : ""} WITH CHECK (${check})`;

export class PartnerPilotWrites1796660000000 implements MigrationInterface {
  name = "PartnerPilotWrites1796660000000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION hub_partner_action(target integer) RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM partnership p WHERE p.action_id = target AND p.role = 'OPERATOR' AND p.association_id = ${PARTNER})
                OR EXISTS (SELECT 1 FROM action_pilot ap WHERE ap.action_id = target AND ap.association_id = ${PARTNER}) $$`);
    for (const [name, table] of [...POLICIES, ...DROPPED]) await queryRunner.query(`DROP POLICY ${name} ON "${table}"`);
    for (const [name, table, command, actionId] of POLICIES) {
      await queryRunner.query(create(name, table, command, `hub_partner_action(${actionId})`));
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table] of POLICIES) await queryRunner.query(`DROP POLICY ${name} ON "${table}"`);
    for (const [name, table, command, actionId] of [...POLICIES, ...DROPPED]) {
      await queryRunner.query(create(name, table, command, OPERATED(actionId)));
    }
    await queryRunner.query(`DROP FUNCTION hub_partner_action(integer)`);
  }
}
