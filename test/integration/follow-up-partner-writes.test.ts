import { Role, type Viewer } from "../../src/auth/viewer";
import { markWriteScoped } from "../../src/auth/write-scope";
import { inWriteTransaction } from "../../src/db/write";
import { addActionFollowUp, makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient, type GraphQLResult } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * A PARTNER adds notes, results and actual spending to the actions it operates (partnership OPERATOR) or pilots
 * (an ASSOCIATION pilot), nothing else: not another association's actions, not planned amounts, pilots, meetings or
 * evaluations. The one rule (src/auth/write-scope.places.ts) also lets a piloting partner report progress, and
 * row-level security restates it: a check forgotten in the code still writes nothing.
 */
const TODAY = "2025-06-30";
const partner = (associationId: number): Viewer => ({
  kind: "user",
  subject: `partenaire-${associationId}`,
  role: Role.PARTNER,
  national: false,
  departments: [],
  associationId,
});

type Errors = GraphQLResult<unknown>["errors"];
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;

describe("follow-up writes by partners", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let conventionId: number;
  /** Operated by `operator`. */
  let operatedAction: number;
  /** Piloted by `pilot`. */
  let pilotedAction: number;
  let operator: Viewer;
  let pilot: Viewer;
  let pilotName: string;

  const run = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, viewer: Viewer) =>
    api.run<T>(query, variables, viewer, TODAY);
  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);
  const lineOf = async (actionId: number) =>
    (
      await query<{ id: number; version: number }>(
        `SELECT id, version FROM action_budget_line WHERE action_id = $1 AND year = 2024 AND kind = 'OPERATING' AND unit = 'EUROS'`,
        [actionId],
      )
    )[0];
  const fundingOf = async (actionId: number) =>
    (
      await query<{ id: number; version: number }>(
        `SELECT id, version FROM action_funding WHERE action_id = $1 AND budget_line_id IS NOT NULL ORDER BY id LIMIT 1`,
        [actionId],
      )
    )[0];

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    const manager = db.dataSource.manager;
    ({ id: conventionId } = await makeIntercommunalConvention(manager, "200044253", { actions: 2 }));
    [{ id: operatedAction }, { id: pilotedAction }] = await query<{ id: number }>(
      `SELECT id FROM action WHERE convention_id = $1 ORDER BY position`,
      [conventionId],
    );
    const operatorId = await makeAssociation(manager, "52");
    const pilotId = await makeAssociation(manager, "52");
    await query(`INSERT INTO partnership (association_id, action_id, role) VALUES ($1, $2, 'OPERATOR')`, [operatorId, operatedAction]);
    // Budget lines, fundings, notes and an indicator on both actions; the second action piloted by `pilot`.
    await addActionFollowUp(manager, operatedAction);
    await addActionFollowUp(manager, pilotedAction, { associationId: pilotId });
    operator = partner(operatorId);
    pilot = partner(pilotId);
    [{ name: pilotName }] = await query<{ name: string }>(`SELECT name FROM partner_association WHERE id = $1`, [pilotId]);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  const ADD_NOTE = `mutation ($a: ID!, $input: NoteInput!) { addActionNote(actionId: $a, input: $input) { databaseId author notedOn version } }`;
  const SET_LINE = `mutation ($a: ID!, $input: BudgetLineInput!, $v: Int) { setActionBudgetLine(actionId: $a, input: $input, version: $v) { version actual } }`;
  const UPDATE_FUNDING = `mutation ($id: ID!, $v: Int!, $input: FundingInput!) { updateActionFunding(id: $id, version: $v, input: $input) { version } }`;
  const SET_RESULT = `mutation ($input: PlanIndicatorInput!) { setPlanIndicatorValue(input: $input) { baseline target value note } }`;

  describe("on the actions it operates or pilots", () => {
    it("adds notes, signed by its association by default", async () => {
      const piloted = await run<{ addActionNote: { databaseId: string; author: string } }>(
        ADD_NOTE,
        { a: String(pilotedAction), input: { text: "Atelier parents du 12 juin : 14 familles" } },
        pilot,
      );
      expect(piloted.errors).toBeUndefined();
      expect(piloted.data!.addActionNote).toMatchObject({ author: pilotName, notedOn: TODAY, version: 1 });
      const operated = await run(ADD_NOTE, { a: String(operatedAction), input: { text: "Démarrage", author: "Directrice" } }, operator);
      expect(operated.errors).toBeUndefined();
      const [entry] = await query<{ actor_role: string; operation: string }>(
        `SELECT actor_role, operation FROM audit_entry WHERE entity = 'action_note' AND entity_id = $1`,
        [piloted.data!.addActionNote.databaseId],
      );
      expect(entry).toEqual({ actor_role: "PARTNER", operation: "CREATE" });
    });

    it("reports the actual amount of an existing budget line, and nothing else of it", async () => {
      const line = await lineOf(pilotedAction);
      const key = { year: 2024, kind: "OPERATING", unit: "EUROS" };
      const actual = await run<{ setActionBudgetLine: { version: number; actual: number } }>(
        SET_LINE,
        { a: String(pilotedAction), input: { ...key, actual: 11800 }, v: line.version },
        pilot,
      );
      expect(actual.errors).toBeUndefined();
      // A piloting partner reads the money of its action back, as an operator does.
      expect(actual.data!.setActionBudgetLine).toEqual({ version: line.version + 1, actual: 11800 });
      const [{ planned, stored }] = await query<{ planned: number; stored: number }>(
        `SELECT planned::float AS planned, actual::float AS stored FROM action_budget_line WHERE id = $1`,
        [line.id],
      );
      expect({ planned, stored }).toEqual({ planned: 12000, stored: 11800 });

      const plannedToo = await run(
        SET_LINE,
        { a: String(pilotedAction), input: { ...key, planned: 1, actual: 1 }, v: line.version + 1 },
        pilot,
      );
      expect(codeOf(plannedToo.errors)).toBe("FORBIDDEN");
      expect(plannedToo.errors?.[0].message).toMatch(/^Écriture refusée \(champ "planned"\) : un partenaire ne renseigne que le réalisé/);
      const newLine = await run(
        SET_LINE,
        { a: String(pilotedAction), input: { year: 2026, kind: "OPERATING", unit: "EUROS", actual: 1 } },
        pilot,
      );
      expect(codeOf(newLine.errors)).toBe("FORBIDDEN");
      expect(newLine.errors?.[0].message).toMatch(/champ "version"/);
      const stale = await run(SET_LINE, { a: String(pilotedAction), input: { ...key, actual: 2 }, v: line.version }, pilot);
      expect(codeOf(stale.errors)).toBe("CONFLICT");
    });

    it("reports the amount a funder paid, and nothing else of the funding", async () => {
      const funding = await fundingOf(operatedAction);
      const paid = await run<{ updateActionFunding: { version: number } }>(
        UPDATE_FUNDING,
        { id: String(funding.id), v: funding.version, input: { actual: 4000 } },
        operator,
      );
      expect(paid.errors).toBeUndefined();
      const funder = await run(UPDATE_FUNDING, { id: String(funding.id), v: funding.version + 1, input: { funder: "STATE" } }, operator);
      expect(codeOf(funder.errors)).toBe("FORBIDDEN");
      expect(funder.errors?.[0].message).toMatch(/champ "funder"/);
      const planned = await run(
        UPDATE_FUNDING,
        { id: String(funding.id), v: funding.version + 1, input: { planned: 1, actual: 1 } },
        operator,
      );
      expect(planned.errors?.[0].message).toMatch(/champ "planned"/);
      const [{ actual, funder: stored }] = await query<{ actual: number; funder: string }>(
        `SELECT actual::float AS actual, funder FROM action_funding WHERE id = $1`,
        [funding.id],
      );
      expect({ actual, stored }).toEqual({ actual: 4000, stored: "CAF_BONUS_TERRITOIRE" });
    });

    it("sets an indicator's result and comment, but neither its baseline nor its target", async () => {
      const result = await run<{ setPlanIndicatorValue: Record<string, unknown> }>(
        SET_RESULT,
        { input: { indicator: "families_reached", year: 2025, actionId: String(pilotedAction), value: 71, note: "Bilan de juin" } },
        pilot,
      );
      expect(result.errors).toBeUndefined();
      // Baseline and target stay the CAF's.
      expect(result.data!.setPlanIndicatorValue).toEqual({ baseline: 40, target: 80, value: 71, note: "Bilan de juin" });
      const target = await run(
        SET_RESULT,
        { input: { indicator: "families_reached", year: 2025, actionId: String(pilotedAction), target: 10 } },
        pilot,
      );
      expect(codeOf(target.errors)).toBe("FORBIDDEN");
      expect(target.errors?.[0].message).toMatch(/champ "target"/);
      const newYear = await run(
        SET_RESULT,
        { input: { indicator: "families_reached", year: 2026, actionId: String(operatedAction), value: 3 } },
        operator,
      );
      expect(newYear.errors).toBeUndefined();
    });

    it("reports progress on an action it pilots, as an operator does (one rule for both)", async () => {
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [pilotedAction]);
      const { errors } = await run(
        `mutation ($id: ID!, $v: Int!) { updateActionProgress(id: $id, version: $v, input: { progress: 55 }) { progress } }`,
        { id: String(pilotedAction), v: version },
        pilot,
      );
      expect(errors).toBeUndefined();
      expect(await query(`SELECT progress FROM action WHERE id = $1`, [pilotedAction])).toEqual([{ progress: 55 }]);
    });
  });

  describe("anything else", () => {
    const counts = () =>
      query(`SELECT (SELECT count(*) FROM action_pilot) p, (SELECT sum(version) FROM action_budget_line) b,
        (SELECT sum(version) FROM action_funding) f, (SELECT sum(version) FROM action_note) n, (SELECT count(*) FROM action_note) nn,
        (SELECT count(*) FROM convention_meeting) m, (SELECT count(*) FROM convention_evaluation) e,
        (SELECT sum(coalesce(value, 0)) FROM indicator_value WHERE action_id IS NOT NULL) i, (SELECT count(*) FROM audit_entry) a`);

    it("is refused on another association's action, in the write scope's words", async () => {
      const before = await counts();
      const line = await lineOf(operatedAction);
      const funding = await fundingOf(operatedAction);
      const refused = [
        await run(ADD_NOTE, { a: String(operatedAction), input: { text: "Note sur l'action d'une autre association" } }, pilot),
        await run(
          SET_LINE,
          { a: String(operatedAction), input: { year: 2024, kind: "OPERATING", unit: "EUROS", actual: 1 }, v: line.version },
          pilot,
        ),
        await run(UPDATE_FUNDING, { id: String(funding.id), v: funding.version, input: { actual: 1 } }, pilot),
        await run(SET_RESULT, { input: { indicator: "families_reached", year: 2024, actionId: String(operatedAction), value: 1 } }, pilot),
      ];
      for (const { errors } of refused) {
        expect(codeOf(errors)).toBe("FORBIDDEN");
        expect(errors?.[0].message).toMatch(
          /^Écriture refusée \(champ "(actionId|id)"\) : action \d+ du département 52 hors de vos droits$/,
        );
      }
      expect(await counts()).toEqual(before);
    });

    it("is refused for pilots, meetings, evaluations, new fundings and removals, even on its own action", async () => {
      const before = await counts();
      const a = String(pilotedAction);
      const c = String(conventionId);
      const [note] = await query<{ id: number; version: number }>(`SELECT id, version FROM action_note WHERE action_id = $1 LIMIT 1`, [
        pilotedAction,
      ]);
      const line = await lineOf(pilotedAction);
      const funding = await fundingOf(pilotedAction);
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [pilotedAction]);
      const writes: Array<[string, Record<string, unknown>]> = [
        [`mutation ($a: ID!, $v: Int!) { setActionPilots(actionId: $a, version: $v, pilots: []) { version } }`, { a, v: version }],
        [`mutation ($a: ID!) { addActionFunding(actionId: $a, input: { funder: STATE, actual: 1 }) { version } }`, { a }],
        [
          `mutation ($id: ID!, $v: Int!) { removeActionFunding(id: $id, version: $v) { version } }`,
          { id: String(funding.id), v: funding.version },
        ],
        [
          `mutation ($id: ID!, $v: Int!) { removeActionBudgetLine(id: $id, version: $v) { version } }`,
          { id: String(line.id), v: line.version },
        ],
        [
          `mutation ($id: ID!, $v: Int!) { updateActionNote(id: $id, version: $v, input: { text: "Réécrite" }) { version } }`,
          { id: String(note.id), v: note.version },
        ],
        [`mutation ($id: ID!, $v: Int!) { removeActionNote(id: $id, version: $v) { version } }`, { id: String(note.id), v: note.version }],
        [
          `mutation ($c: ID!) { createConventionMeeting(conventionId: $c, input: { heldOn: "2025-05-01", kind: STEERING_COMMITTEE }) { version } }`,
          { c },
        ],
        [`mutation ($c: ID!) { setConventionEvaluation(conventionId: $c, input: { kind: YEARLY, year: 2025 }) { version } }`, { c }],
        [
          `mutation ($c: ID!) { setPlanIndicatorValue(input: { indicator: "families_reached", year: 2025, conventionId: $c, value: 1 }) { value } }`,
          { c },
        ],
      ];
      for (const [mutation, variables] of writes) {
        const { errors } = await run(mutation, variables, pilot);
        expect([mutation, codeOf(errors)]).toEqual([mutation, "FORBIDDEN"]);
        expect(errors?.[0].message).toMatch(/^Écriture refusée \(champ "\w+"\) : /);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe("row-level security", () => {
    /** Runs SQL as a partner's write whose check is forgotten (marked as judged), answering the error if any. */
    const asPartner = (viewer: Viewer, sql: string, params: unknown[]) =>
      inWriteTransaction(db.dataSource.manager, viewer, (tx) => {
        markWriteScoped(tx);
        return tx.query(sql, params);
      }).then(
        (result: unknown) => ({ result, error: null as string | null }),
        (error: Error) => ({ result: null, error: error.message }),
      );

    it("lets a piloting partner add a note and report actual spending on its action", async () => {
      const note = await asPartner(
        pilot,
        `INSERT INTO action_note (action_id, noted_on, author, text) VALUES ($1, '2025-06-01', 'Asso', 'Direct') RETURNING id`,
        [pilotedAction],
      );
      expect(note.error).toBeNull();
      const line = await lineOf(pilotedAction);
      const updated = await asPartner(pilot, `UPDATE action_budget_line SET actual = 1 WHERE id = $1`, [line.id]);
      expect((updated.result as [unknown, number])[1]).toBe(1);
    });

    it("refuses the same to another partner, and any partner's pilots, note rewrites, removals and meetings", async () => {
      const note = await asPartner(
        operator,
        `INSERT INTO action_note (action_id, noted_on, author, text) VALUES ($1, '2025-06-01', 'Asso', 'Direct')`,
        [pilotedAction],
      );
      expect(note.error).toMatch(/row-level security/);
      const line = await lineOf(pilotedAction);
      const updated = await asPartner(operator, `UPDATE action_budget_line SET actual = 2 WHERE id = $1`, [line.id]);
      expect((updated.result as [unknown, number])[1]).toBe(0);
      const value = await asPartner(operator, `UPDATE indicator_value SET value = 0 WHERE action_id = $1`, [pilotedAction]);
      expect((value.result as [unknown, number])[1]).toBe(0);
      const pilots = await asPartner(pilot, `UPDATE action_pilot SET position = position + 10 WHERE action_id = $1`, [pilotedAction]);
      expect((pilots.result as [unknown, number])[1]).toBe(0);
      const removed = await asPartner(pilot, `DELETE FROM action_note WHERE action_id = $1`, [pilotedAction]);
      expect((removed.result as [unknown, number])[1]).toBe(0);
      // An operator neither rewrites the journal of its own action: a partner adds notes.
      const rewritten = await asPartner(operator, `UPDATE action_note SET text = 'Réécrite' WHERE action_id = $1`, [operatedAction]);
      expect((rewritten.result as [unknown, number])[1]).toBe(0);
      const meeting = await asPartner(
        pilot,
        `INSERT INTO convention_meeting (convention_id, held_on, kind) VALUES ($1, '2025-05-01', 'STEERING_COMMITTEE')`,
        [conventionId],
      );
      expect(meeting.error).toMatch(/row-level security/);
      expect(await query(`SELECT actual::float AS actual FROM action_budget_line WHERE id = $1`, [line.id])).toEqual([{ actual: 1 }]);
    });
  });
});
