import { Role, type Viewer } from "../../src/auth/viewer";
import { makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient, type GraphQLResult } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The follow-up written by CAF staff through GraphQL: pilots, budget lines, fundings, notes, meetings, evaluations and
 * plan indicator values. Each write checks its values (BAD_USER_INPUT naming the field), its version (CONFLICT, nothing
 * written) and its caller (an agent of another département is FORBIDDEN), and leaves an audit entry.
 */
const TODAY = "2025-06-30";
const agent = (departments: string[]): Viewer => ({
  kind: "user",
  subject: `agent-${departments.join("-")}`,
  role: Role.CAF_AGENT,
  national: false,
  departments,
  associationId: null,
});
const agent52 = agent(["52"]);
const agent30 = agent(["30"]);

type Errors = GraphQLResult<unknown>["errors"];
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code;
const argumentOf = (errors: Errors) => errors?.[0]?.extensions?.argument;

describe("follow-up writes by CAF staff", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let conventionId: number;
  let actionId: number;
  let otherActionId: number;
  let objectiveId: number;
  let foreignObjectiveId: number;

  const run = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, viewer: Viewer = agent52) =>
    api.run<T>(query, variables, viewer, TODAY);
  const query = <T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);
  const auditOf = (entity: string, id: number | string) =>
    query<{ operation: string; actor_subject: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      `SELECT operation, actor_subject, before, after FROM audit_entry WHERE entity = $1 AND entity_id = $2 ORDER BY id`,
      [entity, String(id)],
    );

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    ({ id: conventionId } = await makeIntercommunalConvention(db.dataSource.manager, "200044253", { actions: 2 }));
    [{ id: actionId }, { id: otherActionId }] = await query<{ id: number }>(
      `SELECT id FROM action WHERE convention_id = $1 ORDER BY position`,
      [conventionId],
    );
    [{ id: objectiveId }] = await query<{ id: number }>(
      `INSERT INTO objective (convention_id, position, title) VALUES ($1, 1, 'Soutenir la parentalité') RETURNING id`,
      [conventionId],
    );
    const { id: foreign } = await makeIntercommunalConvention(db.dataSource.manager, "200044253");
    [{ id: foreignObjectiveId }] = await query<{ id: number }>(
      `INSERT INTO objective (convention_id, position, title) VALUES ($1, 1, 'Objectif d''une autre CTG') RETURNING id`,
      [foreign],
    );
    await query(`INSERT INTO indicator_definition (code, label, unit, direction, level) VALUES
      ('families_reached', 'Familles touchées', 'familles', 'HIGHER_IS_BETTER', 'ACTION'),
      ('parents_satisfied', 'Parents satisfaits', '%', 'HIGHER_IS_BETTER', 'OBJECTIVE') ON CONFLICT (code) DO NOTHING`);
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  describe("pilots and the action's own fields", () => {
    const SET_PILOTS = `mutation ($a: ID!, $v: Int!, $p: [PilotInput!]!) {
      setActionPilots(actionId: $a, version: $v, pilots: $p) { version pilots { position kind name role association { name } contact } } }`;

    it("replaces the ranked pilots, bumps the action's version and records the lists before and after", async () => {
      const association = await makeAssociation(db.dataSource.manager, "52");
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [actionId]);
      const pilots = [
        { kind: "PERSON", name: "Claire Martin", role: "Coordinatrice enfance-jeunesse", contact: "claire.martin@example.org" },
        { kind: "ASSOCIATION", associationId: String(association) },
      ];
      const { data, errors } = await run<{ setActionPilots: { version: number; pilots: Array<Record<string, unknown>> } }>(SET_PILOTS, {
        a: String(actionId),
        v: version,
        p: pilots,
      });
      expect(errors).toBeUndefined();
      expect(data!.setActionPilots.version).toBe(version + 1);
      expect(data!.setActionPilots.pilots).toEqual([
        {
          position: 1,
          kind: "PERSON",
          name: "Claire Martin",
          role: "Coordinatrice enfance-jeunesse",
          association: null,
          contact: "claire.martin@example.org",
        },
        { position: 2, kind: "ASSOCIATION", name: null, role: null, association: { name: expect.any(String) }, contact: null },
      ]);
      const [entry] = (await auditOf("action", actionId)).slice(-1);
      expect(entry.operation).toBe("UPDATE");
      expect(entry.actor_subject).toBe("agent-52");
      expect((entry.after as { pilots: unknown[] }).pilots).toHaveLength(2);

      // The same version again: someone else's change came first.
      const stale = await run(SET_PILOTS, { a: String(actionId), v: version, p: [] });
      expect(codeOf(stale.errors)).toBe("CONFLICT");
      expect(await query(`SELECT 1 FROM action_pilot WHERE action_id = $1`, [actionId])).toHaveLength(2);
    });

    it("names the pilot field its kind requires, and refuses an unknown association", async () => {
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [actionId]);
      const noName = await run(SET_PILOTS, { a: String(actionId), v: version, p: [{ kind: "SERVICE" }] });
      expect(codeOf(noName.errors)).toBe("BAD_USER_INPUT");
      expect(argumentOf(noName.errors)).toBe("pilots.0.name");
      expect(noName.errors?.[0].message).toMatch(/nom requis/);
      const unknown = await run(SET_PILOTS, {
        a: String(actionId),
        v: version,
        p: [
          { kind: "PERSON", name: "Paul" },
          { kind: "ASSOCIATION", associationId: "999999" },
        ],
      });
      expect(argumentOf(unknown.errors)).toBe("pilots.1.associationId");
      expect(unknown.errors?.[0].message).toMatch(/association inconnue/);
      const [{ version: after }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [actionId]);
      expect(after).toBe(version);
    });

    it("writes the elected referent, priority, publics and parent of an action, refusing a cycle", async () => {
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [otherActionId]);
      const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateActionInput!) {
        updateAction(id: $id, version: $v, input: $input) { version priority targetPublics electedReferentName electedReferentMandate parentAction { databaseId } } }`;
      const { data, errors } = await run<{ updateAction: Record<string, unknown> }>(UPDATE, {
        id: String(otherActionId),
        v: version,
        input: {
          priority: "HIGH",
          targetPublics: ["PARENTS", "YOUNG_CHILDREN"],
          electedReferentName: "Mme Durand",
          electedReferentMandate: "Adjointe à la petite enfance",
          parentActionId: String(actionId),
        },
      });
      expect(errors).toBeUndefined();
      expect(data!.updateAction).toEqual({
        version: version + 1,
        priority: "HIGH",
        // Stored in the enumeration's order, whatever the order given (one rule for every writer).
        targetPublics: ["YOUNG_CHILDREN", "PARENTS"],
        electedReferentName: "Mme Durand",
        electedReferentMandate: "Adjointe à la petite enfance",
        parentAction: { databaseId: String(actionId) },
      });
      const [{ version: parentVersion }] = await query<{ version: number }>(`SELECT version FROM action WHERE id = $1`, [actionId]);
      const cycle = await run(UPDATE, { id: String(actionId), v: parentVersion, input: { parentActionId: String(otherActionId) } });
      expect(argumentOf(cycle.errors)).toBe("parentActionId");
      expect(cycle.errors?.[0].message).toMatch(/sous-actions/);
    });
  });

  describe("money", () => {
    const SET_LINE = `mutation ($a: ID!, $input: BudgetLineInput!, $v: Int) {
      setActionBudgetLine(actionId: $a, input: $input, version: $v) { databaseId year kind unit planned actual version } }`;
    const line = (planned?: number, actual?: number) => ({ year: 2025, kind: "OPERATING", unit: "EUROS", planned, actual });

    it("creates a budget line, refuses a second one for the same key, updates it at its version only, and audits each change", async () => {
      const created = await run<{ setActionBudgetLine: { databaseId: string; version: number; planned: number } }>(SET_LINE, {
        a: String(actionId),
        input: line(10000),
      });
      expect(created.errors).toBeUndefined();
      expect(created.data!.setActionBudgetLine).toMatchObject({ year: 2025, planned: 10000, actual: null, version: 1 });
      const id = created.data!.setActionBudgetLine.databaseId;

      const again = await run(SET_LINE, { a: String(actionId), input: line(5) });
      expect(codeOf(again.errors)).toBe("CONFLICT");
      expect(again.errors?.[0].message).toMatch(/existe déjà \(version 1\)/);

      const updated = await run<{ setActionBudgetLine: Record<string, unknown> }>(SET_LINE, {
        a: String(actionId),
        input: line(12000, 8000.456),
        v: 1,
      });
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.setActionBudgetLine).toMatchObject({ planned: 12000, actual: 8000.46, version: 2 });

      const stale = await run(SET_LINE, { a: String(actionId), input: line(1), v: 1 });
      expect(codeOf(stale.errors)).toBe("CONFLICT");
      expect(await query(`SELECT planned::float FROM action_budget_line WHERE id = $1`, [id])).toEqual([{ planned: 12000 }]);

      expect((await auditOf("action_budget_line", id)).map((e) => e.operation)).toEqual(["CREATE", "UPDATE"]);
    });

    it("lets exactly one of two concurrent creations of the same line win, the other a CONFLICT", async () => {
      const input = { year: null, kind: "OPERATING", unit: "FTE", planned: 1.5 };
      const results = await Promise.all([
        run(SET_LINE, { a: String(otherActionId), input }),
        run(SET_LINE, { a: String(otherActionId), input }),
      ]);
      expect(results.map((r) => codeOf(r.errors) ?? "OK").sort()).toEqual(["CONFLICT", "OK"]);
      expect(await query(`SELECT 1 FROM action_budget_line WHERE action_id = $1 AND unit = 'FTE'`, [otherActionId])).toHaveLength(1);
    });

    it("names the field of a refused value", async () => {
      const negative = await run(SET_LINE, { a: String(actionId), input: { ...line(-5), year: 2026 } });
      expect(codeOf(negative.errors)).toBe("BAD_USER_INPUT");
      expect(negative.errors?.[0].message).toMatch(/planned/);
      const year = await run(SET_LINE, { a: String(actionId), input: { ...line(5), year: 1800 } });
      expect(year.errors?.[0].message).toMatch(/year/);
    });

    it("adds, updates and removes fundings, checking the funder each kind requires and the line's action", async () => {
      const [{ id: lineId }] = await query<{ id: number }>(
        `SELECT id FROM action_budget_line WHERE action_id = $1 AND year = 2025 AND kind = 'OPERATING' AND unit = 'EUROS'`,
        [actionId],
      );
      const ADD = `mutation ($a: ID!, $input: FundingInput!) { addActionFunding(actionId: $a, input: $input) { databaseId year funder budgetLineId planned version } }`;
      const added = await run<{ addActionFunding: { databaseId: string; year: number; version: number } }>(ADD, {
        a: String(actionId),
        input: { budgetLineId: String(lineId), funder: "CAF_BONUS_TERRITOIRE", planned: 6000 },
      });
      expect(added.errors).toBeUndefined();
      // The year is the line's.
      expect(added.data!.addActionFunding).toMatchObject({ year: 2025, funder: "CAF_BONUS_TERRITOIRE", planned: 6000, version: 1 });
      const fundingId = added.data!.addActionFunding.databaseId;

      const noCommune = await run(ADD, { a: String(actionId), input: { funder: "COMMUNE", planned: 10 } });
      expect(argumentOf(noCommune.errors)).toBe("communeCode");
      const noName = await run(ADD, { a: String(actionId), input: { funder: "OTHER", planned: 10 } });
      expect(argumentOf(noName.errors)).toBe("funderName");
      const otherLine = await run(ADD, { a: String(otherActionId), input: { funder: "STATE", budgetLineId: String(lineId) } });
      expect(argumentOf(otherLine.errors)).toBe("budgetLineId");
      const commune = await run<{ addActionFunding: { funder: string } }>(ADD, {
        a: String(actionId),
        input: { funder: "COMMUNE", communeCode: "52250", planned: 1500 },
      });
      expect(commune.errors).toBeUndefined();

      const UPDATE = `mutation ($id: ID!, $v: Int!, $input: FundingInput!) { updateActionFunding(id: $id, version: $v, input: $input) { actual version } }`;
      const paid = await run<{ updateActionFunding: Record<string, unknown> }>(UPDATE, { id: fundingId, v: 1, input: { actual: 5500 } });
      expect(paid.data!.updateActionFunding).toEqual({ actual: 5500, version: 2 });
      const stale = await run(UPDATE, { id: fundingId, v: 1, input: { actual: 1 } });
      expect(codeOf(stale.errors)).toBe("CONFLICT");

      const REMOVE = `mutation ($id: ID!, $v: Int!) { removeActionFunding(id: $id, version: $v) { databaseId } }`;
      expect(codeOf((await run(REMOVE, { id: fundingId, v: 1 })).errors)).toBe("CONFLICT");
      const removed = await run<{ removeActionFunding: { databaseId: string } }>(REMOVE, { id: fundingId, v: 2 });
      expect(removed.data!.removeActionFunding.databaseId).toBe(String(actionId));
      expect(await query(`SELECT 1 FROM action_funding WHERE id = $1`, [fundingId])).toEqual([]);
      expect((await auditOf("action_funding", fundingId)).map((e) => e.operation)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    });

    it("removes a budget line with its fundings, recorded in the audit entry", async () => {
      const created = await run<{ setActionBudgetLine: { databaseId: string } }>(SET_LINE, {
        a: String(actionId),
        input: { year: null, kind: "INVESTMENT", unit: "EUROS", planned: 50000 },
      });
      const id = created.data!.setActionBudgetLine.databaseId;
      await query(`INSERT INTO action_funding (action_id, budget_line_id, funder, planned) VALUES ($1, $2, 'STATE', 20000)`, [
        actionId,
        id,
      ]);
      const removed = await run(`mutation ($id: ID!) { removeActionBudgetLine(id: $id, version: 1) { databaseId } }`, { id });
      expect(removed.errors).toBeUndefined();
      expect(await query(`SELECT 1 FROM action_funding WHERE budget_line_id = $1`, [id])).toEqual([]);
      const [, entry] = await auditOf("action_budget_line", id);
      expect(entry.operation).toBe("DELETE");
      expect((entry.before as { fundings: unknown[] }).fundings).toHaveLength(1);
    });
  });

  describe("the journal", () => {
    const ADD = `mutation ($a: ID!, $input: NoteInput!) { addActionNote(actionId: $a, input: $input) { databaseId notedOn author text restricted version } }`;

    it("adds a note dated today and signed by the CAF by default, updates it at its version and removes it", async () => {
      const { data, errors } = await run<{ addActionNote: { databaseId: string } }>(ADD, {
        a: String(actionId),
        input: { text: "Comité technique : recrutement en cours", restricted: true },
      });
      expect(errors).toBeUndefined();
      expect(data!.addActionNote).toMatchObject({ notedOn: TODAY, author: "CAF", restricted: true, version: 1 });
      const id = data!.addActionNote.databaseId;
      const UPDATE = `mutation ($id: ID!, $v: Int!, $input: NoteInput!) { updateActionNote(id: $id, version: $v, input: $input) { text version } }`;
      const updated = await run<{ updateActionNote: Record<string, unknown> }>(UPDATE, { id, v: 1, input: { text: "Recrutement fait" } });
      expect(updated.data!.updateActionNote).toEqual({ text: "Recrutement fait", version: 2 });
      expect(codeOf((await run(UPDATE, { id, v: 1, input: { text: "Trop tard" } })).errors)).toBe("CONFLICT");
      const removed = await run(`mutation ($id: ID!) { removeActionNote(id: $id, version: 2) { databaseId } }`, { id });
      expect(removed.errors).toBeUndefined();
      expect((await auditOf("action_note", id)).map((e) => e.operation)).toEqual(["CREATE", "UPDATE", "DELETE"]);
    });

    it("refuses an empty text and a date after today, naming the field", async () => {
      const empty = await run(ADD, { a: String(actionId), input: { text: "   " } });
      expect(codeOf(empty.errors)).toBe("BAD_USER_INPUT");
      expect(empty.errors?.[0].message).toMatch(/text/);
      const missing = await run(ADD, { a: String(actionId), input: { restricted: false } });
      expect(argumentOf(missing.errors)).toBe("text");
      const future = await run(ADD, { a: String(actionId), input: { text: "Plus tard", notedOn: "2025-07-01" } });
      expect(argumentOf(future.errors)).toBe("notedOn");
    });
  });

  describe("governance", () => {
    const CREATE = `mutation ($c: ID!, $input: MeetingInput!) {
      createConventionMeeting(conventionId: $c, input: $input) { databaseId heldOn kind decisions version attendances { organisation attendees } } }`;

    it("records a meeting with its attendance, replaces the attendance at the meeting's version and removes it", async () => {
      const { data, errors } = await run<{ createConventionMeeting: { databaseId: string; attendances: unknown[] } }>(CREATE, {
        c: String(conventionId),
        input: {
          heldOn: "2025-03-12",
          kind: "STEERING_COMMITTEE",
          decisions: "Plan 2025 validé",
          attendances: [
            { organisationKind: "CAF", organisation: "CAF de la Haute-Marne", attendees: 2 },
            { organisationKind: "INTERCOMMUNALITY", organisation: "CC du Bassin de Joinville", attendees: 3 },
          ],
        },
      });
      expect(errors).toBeUndefined();
      expect(data!.createConventionMeeting.attendances).toHaveLength(2);
      const id = data!.createConventionMeeting.databaseId;
      const UPDATE = `mutation ($id: ID!, $v: Int!, $input: MeetingInput!) {
        updateConventionMeeting(id: $id, version: $v, input: $input) { version kind attendances { organisation } } }`;
      const updated = await run<{ updateConventionMeeting: Record<string, unknown> }>(UPDATE, {
        id,
        v: 1,
        input: { kind: "TECHNICAL_COMMITTEE", attendances: [{ organisationKind: "CAF", organisation: "CAF de la Haute-Marne" }] },
      });
      expect(updated.data!.updateConventionMeeting).toEqual({
        version: 2,
        kind: "TECHNICAL_COMMITTEE",
        attendances: [{ organisation: "CAF de la Haute-Marne" }],
      });
      expect(codeOf((await run(UPDATE, { id, v: 1, input: { decisions: "Périmé" } })).errors)).toBe("CONFLICT");
      const removed = await run(`mutation ($id: ID!) { removeConventionMeeting(id: $id, version: 2) { databaseId } }`, { id });
      expect(removed.errors).toBeUndefined();
      expect(await query(`SELECT 1 FROM meeting_attendance WHERE meeting_id = $1`, [id])).toEqual([]);
      const audit = await auditOf("convention_meeting", id);
      expect(audit.map((e) => e.operation)).toEqual(["CREATE", "UPDATE", "DELETE"]);
      expect((audit[1].before as { attendances: unknown[] }).attendances).toHaveLength(2);
    });

    it("names the attendance line that repeats an organisation or counts nobody", async () => {
      const twice = await run(CREATE, {
        c: String(conventionId),
        input: {
          heldOn: "2025-04-01",
          kind: "TECHNICAL_COMMITTEE",
          attendances: [
            { organisationKind: "CAF", organisation: "CAF de la Haute-Marne" },
            { organisationKind: "CAF", organisation: "caf de la haute-marne" },
          ],
        },
      });
      expect(argumentOf(twice.errors)).toBe("attendances.1.organisation");
      const nobody = await run(CREATE, {
        c: String(conventionId),
        input: {
          heldOn: "2025-04-01",
          kind: "TECHNICAL_COMMITTEE",
          attendances: [{ organisationKind: "CAF", organisation: "CAF", attendees: 0 }],
        },
      });
      expect(codeOf(nobody.errors)).toBe("BAD_USER_INPUT");
      expect(nobody.errors?.[0].message).toMatch(/attendees/);
      const noDate = await run(CREATE, { c: String(conventionId), input: { kind: "TECHNICAL_COMMITTEE" } });
      expect(argumentOf(noDate.errors)).toBe("heldOn");
    });

    it("keeps one yearly evaluation per year and one final evaluation, with assessments of the convention's own objectives", async () => {
      const SET = `mutation ($c: ID!, $input: EvaluationInput!, $v: Int) {
        setConventionEvaluation(conventionId: $c, input: $input, version: $v) { databaseId kind year summary version assessments { achievement objective { title } } } }`;
      const yearly = {
        kind: "YEARLY",
        year: 2025,
        summary: "Bilan contrasté",
        assessments: [{ objectiveId: String(objectiveId), achievement: "PARTLY_ACHIEVED" }],
      };
      const created = await run<{ setConventionEvaluation: { databaseId: string } }>(SET, { c: String(conventionId), input: yearly });
      expect(created.errors).toBeUndefined();
      expect(created.data!.setConventionEvaluation).toMatchObject({
        kind: "YEARLY",
        year: 2025,
        version: 1,
        assessments: [{ achievement: "PARTLY_ACHIEVED", objective: { title: "Soutenir la parentalité" } }],
      });
      const id = created.data!.setConventionEvaluation.databaseId;
      expect(codeOf((await run(SET, { c: String(conventionId), input: yearly })).errors)).toBe("CONFLICT");
      const otherYear = await run(SET, { c: String(conventionId), input: { kind: "YEARLY", year: 2026 } });
      expect(otherYear.errors).toBeUndefined();

      const updated = await run<{ setConventionEvaluation: Record<string, unknown> }>(SET, {
        c: String(conventionId),
        input: { ...yearly, assessments: [{ objectiveId: String(objectiveId), achievement: "ACHIEVED", comment: "Objectif tenu" }] },
        v: 1,
      });
      expect(updated.data!.setConventionEvaluation).toMatchObject({ version: 2, assessments: [{ achievement: "ACHIEVED" }] });
      expect(codeOf((await run(SET, { c: String(conventionId), input: yearly, v: 1 })).errors)).toBe("CONFLICT");

      const foreign = await run(SET, {
        c: String(conventionId),
        input: { kind: "FINAL", year: 2028, assessments: [{ objectiveId: String(foreignObjectiveId), achievement: "ACHIEVED" }] },
      });
      expect(argumentOf(foreign.errors)).toBe("assessments.0.objectiveId");
      expect(foreign.errors?.[0].message).toMatch(/objectif inconnu pour cette convention/);
      const final = await run(SET, { c: String(conventionId), input: { kind: "FINAL", year: 2028, summary: "Renouvellement proposé" } });
      expect(final.errors).toBeUndefined();
      const secondFinal = await run(SET, { c: String(conventionId), input: { kind: "FINAL", year: 2029 } });
      expect(codeOf(secondFinal.errors)).toBe("CONFLICT");

      const audit = await auditOf("convention_evaluation", id);
      expect(audit.map((e) => e.operation)).toEqual(["CREATE", "UPDATE"]);
      expect((audit[1].before as { assessments: Array<{ achievement: string }> }).assessments[0].achievement).toBe("PARTLY_ACHIEVED");
      const removed = await run(`mutation ($id: ID!) { removeConventionEvaluation(id: $id, version: 2) { databaseId } }`, { id });
      expect(removed.errors).toBeUndefined();
      expect(await query(`SELECT 1 FROM objective_assessment WHERE evaluation_id = $1`, [id])).toEqual([]);
    });
  });

  describe("plan indicator values", () => {
    const SET = `mutation ($input: PlanIndicatorInput!) { setPlanIndicatorValue(input: $input) { databaseId baseline target value note } }`;

    it("writes the baseline, target and result of an action's and an objective's indicators, field by field", async () => {
      const first = await run<{ setPlanIndicatorValue: { databaseId: string } }>(SET, {
        input: { indicator: "families_reached", year: 2025, actionId: String(actionId), baseline: 40, target: 80 },
      });
      expect(first.errors).toBeUndefined();
      expect(first.data!.setPlanIndicatorValue).toMatchObject({ baseline: 40, target: 80, value: null });
      const result = await run<{ setPlanIndicatorValue: Record<string, unknown> }>(SET, {
        input: { indicator: "families_reached", year: 2025, actionId: String(actionId), value: 65, note: "Bilan du comité" },
      });
      expect(result.data!.setPlanIndicatorValue).toEqual({
        databaseId: first.data!.setPlanIndicatorValue.databaseId,
        baseline: 40,
        target: 80,
        value: 65,
        note: "Bilan du comité",
      });
      expect(await auditOf("indicator_value", first.data!.setPlanIndicatorValue.databaseId)).toHaveLength(2);
      const objective = await run<{ setPlanIndicatorValue: { databaseId: string } }>(SET, {
        input: { indicator: "parents_satisfied", year: 2025, objectiveId: String(objectiveId), target: 90 },
      });
      expect(objective.errors).toBeUndefined();
      const REMOVE = `mutation ($id: ID!) { removePlanIndicatorValue(id: $id) }`;
      const id = objective.data!.setPlanIndicatorValue.databaseId;
      expect(codeOf((await run(REMOVE, { id }, agent30)).errors)).toBe("FORBIDDEN");
      const removed = await run<{ removePlanIndicatorValue: string }>(REMOVE, { id });
      expect(removed.data!.removePlanIndicatorValue).toBe(id);
      expect(await query(`SELECT 1 FROM indicator_value WHERE id = $1`, [id])).toEqual([]);
      expect((await auditOf("indicator_value", id)).map((e) => e.operation)).toEqual(["CREATE", "DELETE"]);
      const [{ id: territorial }] = await query<{ id: number }>(
        `INSERT INTO indicator_value (indicator, year, commune_code, value) VALUES ('population', 1999, '52250', 2915) RETURNING id`,
      );
      expect(argumentOf((await run(REMOVE, { id: String(territorial) })).errors)).toBe("id");
    });

    it("lets administrators define indicators, at their version, keeping the level of measured ones", async () => {
      const admin: Viewer = { kind: "user", subject: "admin", role: Role.ADMIN, national: true, departments: [], associationId: null };
      const DEFINE = `mutation ($input: IndicatorDefinitionInput!, $v: Int) { setIndicatorDefinition(input: $input, version: $v) { code label unit direction level version } }`;
      const definition = {
        code: "workshops_held",
        label: "Ateliers tenus",
        unit: "ateliers",
        direction: "HIGHER_IS_BETTER",
        level: "ACTION",
      };
      const byAgent = await run(DEFINE, { input: definition });
      expect(codeOf(byAgent.errors)).toBe("FORBIDDEN");
      const created = await run<{ setIndicatorDefinition: Record<string, unknown> }>(DEFINE, { input: definition }, admin);
      expect(created.errors).toBeUndefined();
      expect(created.data!.setIndicatorDefinition).toEqual({ ...definition, version: 1 });
      expect(codeOf((await run(DEFINE, { input: definition }, admin)).errors)).toBe("CONFLICT");
      const renamed = await run<{ setIndicatorDefinition: Record<string, unknown> }>(
        DEFINE,
        { input: { ...definition, label: "Ateliers organisés", unit: "%" }, v: 1 },
        admin,
      );
      expect(renamed.data!.setIndicatorDefinition).toMatchObject({ label: "Ateliers organisés", unit: "%", version: 2 });
      const badUnit = await run(DEFINE, { input: { ...definition, unit: "x".repeat(51) }, v: 2 }, admin);
      expect(badUnit.errors?.[0].message).toMatch(/unit/);
      // families_reached has values at the action level.
      const [{ version }] = await query<{ version: number }>(`SELECT version FROM indicator_definition WHERE code = 'families_reached'`);
      const moved = await run(
        DEFINE,
        { input: { code: "families_reached", label: "Familles touchées", level: "CONVENTION" }, v: version },
        admin,
      );
      expect(argumentOf(moved.errors)).toBe("level");
      expect(
        (
          await auditOf(
            "indicator_definition",
            (
              await query<{ id: number }>(`SELECT id FROM indicator_definition WHERE code = 'workshops_held'`)
            )[0].id,
          )
        ).map((e) => e.operation),
      ).toEqual(["CREATE", "UPDATE"]);
    });

    it("refuses an unknown indicator, one of another level and a value with no subject or two", async () => {
      const unknown = await run(SET, { input: { indicator: "nowhere", year: 2025, actionId: String(actionId), value: 1 } });
      expect(argumentOf(unknown.errors)).toBe("indicator");
      const level = await run(SET, { input: { indicator: "parents_satisfied", year: 2025, actionId: String(actionId), value: 1 } });
      expect(argumentOf(level.errors)).toBe("indicator");
      expect(level.errors?.[0].message).toMatch(/d'un objectif, pas d'une action/);
      const two = await run(SET, {
        input: { indicator: "families_reached", year: 2025, actionId: String(actionId), conventionId: String(conventionId), value: 1 },
      });
      expect(argumentOf(two.errors)).toBe("actionId");
    });
  });

  it("refuses every follow-up write to an agent of another département, changing nothing", async () => {
    const counts = () =>
      query(`SELECT (SELECT count(*) FROM action_pilot) p, (SELECT count(*) FROM action_budget_line) b, (SELECT count(*) FROM action_funding) f,
        (SELECT count(*) FROM action_note) n, (SELECT count(*) FROM convention_meeting) m, (SELECT count(*) FROM convention_evaluation) e,
        (SELECT count(*) FROM indicator_value) i, (SELECT count(*) FROM audit_entry) a`);
    const before = await counts();
    const a = String(actionId);
    const c = String(conventionId);
    const writes: Array<[string, Record<string, unknown>]> = [
      [`mutation ($a: ID!) { setActionPilots(actionId: $a, version: 1, pilots: []) { version } }`, { a }],
      [
        `mutation ($a: ID!) { setActionBudgetLine(actionId: $a, input: { year: 2027, kind: OPERATING, unit: FTE, planned: 1 }) { version } }`,
        { a },
      ],
      [`mutation ($a: ID!) { addActionFunding(actionId: $a, input: { funder: STATE, planned: 1 }) { version } }`, { a }],
      [`mutation ($a: ID!) { addActionNote(actionId: $a, input: { text: "Note d'un autre département" }) { version } }`, { a }],
      [
        `mutation ($c: ID!) { createConventionMeeting(conventionId: $c, input: { heldOn: "2025-05-01", kind: STEERING_COMMITTEE }) { version } }`,
        { c },
      ],
      [`mutation ($c: ID!) { setConventionEvaluation(conventionId: $c, input: { kind: YEARLY, year: 2027 }) { version } }`, { c }],
      [
        `mutation ($a: ID!) { setPlanIndicatorValue(input: { indicator: "families_reached", year: 2027, actionId: $a, target: 1 }) { value } }`,
        { a },
      ],
    ];
    for (const [mutation, variables] of writes) {
      const { errors } = await run(mutation, variables, agent30);
      expect(codeOf(errors)).toBe("FORBIDDEN");
      expect(errors?.[0].message).toMatch(
        /^Écriture refusée \(champ "(actionId|conventionId)"\) : .* du département 52 hors de vos droits/,
      );
    }
    expect(await counts()).toEqual(before);
  });

  it("shows the new entities' audit trail to the département's agents only", async () => {
    const [{ entity_id: id }] = await query<{ entity_id: string }>(
      `SELECT entity_id FROM audit_entry WHERE entity = 'action_budget_line' ORDER BY id LIMIT 1`,
    );
    const AUDIT = `query ($id: String!) { auditLog(entity: "action_budget_line", id: $id) { edges { node { operation } } } }`;
    const own = await run<{ auditLog: { edges: unknown[] } }>(AUDIT, { id });
    expect(own.errors).toBeUndefined();
    expect(own.data!.auditLog.edges.length).toBeGreaterThan(0);
    expect(codeOf((await run(AUDIT, { id }, agent30)).errors)).toBe("FORBIDDEN");
  });
});
