import { Role, type Viewer } from "../../src/auth/viewer";
import { daysLate, daysLateSql, isLate, lateSql } from "../../src/convention/lateness";
import { ActionStatus } from "../../src/convention/convention-enums";
import { encodeGlobalId } from "../../src/common/global-id";
import { countQueries } from "../../src/db/query-log";
import { addActionFollowUp, addGovernance, makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient, nodes, type Conn } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * The follow-up of a convention read in one deep query: actions with their pilots, budget lines, funders,
 * indicator values and notes. It costs one statement per level whatever the rows (resolvers), one statement in
 * all (compiled reads), and the restricted money keeps a fixed number of batched statements. The `late` rule
 * answers the same in TypeScript and in SQL, and the action filters of the follow-up select what they say.
 */
const AS_OF = "2025-06-30";
const SIREN_SMALL = "200044253"; // CC du Bassin de Joinville en Champagne (52)
const SIREN_LARGE = "200066918"; // CA Alès Agglomération (30)
const staff: Viewer = { kind: "user", subject: "agent-suivi", role: Role.ADMIN, national: true, departments: [], associationId: null };
const analysts: Viewer = {
  kind: "user",
  subject: "analyste-52-30",
  role: Role.ANALYST,
  national: false,
  departments: ["52", "30"],
  associationId: null,
};

const DEEP = (money: boolean) => `query ($reference: String!) {
  convention(reference: $reference) {
    reference
    indicatorValues { indicator year baseline target value }
    meetings { heldOn kind attendances { organisation attendees } }
    evaluations { year kind summary renewal { reference } assessments { achievement objective { title } } }
    actions(first: 100) { edges { node {
      title status priority targetPublics late(asOf: "${AS_OF}") daysLate(asOf: "${AS_OF}")
      parentAction { title } subActions { title }
      pilots { kind name role organisation association { name } ${money ? "contact" : ""} }
      budgetLines { year kind unit ${money ? "planned actual" : ""} fundings { funder ${money ? "planned actual" : ""} } }
      fundings { funder year commune { name } ${money ? "planned actual" : ""} }
      indicatorValues { indicator year baseline target value definition { label unit direction level } }
      notes { notedOn author restricted ${money ? "text" : ""} }
    } } }
  }
}`;

interface DeepAction {
  title: string;
  late: boolean;
  daysLate: number;
  pilots: unknown[];
  budgetLines: Array<{ planned?: number | null; fundings: unknown[] }>;
  notes: Array<{ restricted: boolean; text?: string | null }>;
}
interface Deep {
  convention: { actions: Conn<DeepAction>; meetings: unknown[]; evaluations: Array<{ assessments: unknown[] }> };
}

describe("the follow-up of a convention", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  let compiled: Awaited<ReturnType<typeof graphqlClient>>;
  let small: { id: number; reference: string; association: number };
  let large: { id: number; reference: string; association: number };

  async function withFollowUp(siren: string, actions: number) {
    const convention = await makeIntercommunalConvention(db.dataSource.manager, siren, { actions, partnersPerAction: 1 });
    const manager = db.dataSource.manager;
    await manager.query(
      `INSERT INTO objective (convention_id, position, title) VALUES ($1, 1, 'Soutenir la parentalité'), ($1, 2, 'Accueillir les jeunes enfants')`,
      [convention.id],
    );
    await addGovernance(manager, convention.id);
    const [{ department_code }] = await manager.query(`SELECT department_code FROM convention WHERE id = $1`, [convention.id]);
    const association = await makeAssociation(manager, department_code);
    const rows: Array<{ id: number }> = await manager.query(`SELECT id FROM action WHERE convention_id = $1 ORDER BY position`, [
      convention.id,
    ]);
    for (const { id } of rows) await addActionFollowUp(manager, id, { associationId: association });
    // One late action (ended in January, still in progress), one done (never late), one sub-action of the first.
    await manager.query(`UPDATE action SET ends_on = '2025-01-31' WHERE id = $1`, [rows[0].id]);
    await manager.query(`UPDATE action SET ends_on = '2025-01-31', status = 'DONE' WHERE id = $1`, [rows[1].id]);
    await manager.query(`UPDATE action SET parent_action_id = $1 WHERE id = $2`, [rows[0].id, rows[2].id]);
    return { ...convention, association };
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource, { compiledReads: false });
    compiled = await graphqlClient(db.dataSource);
    small = await withFollowUp(SIREN_SMALL, 3);
    large = await withFollowUp(SIREN_LARGE, 30);
  });
  afterAll(async () => {
    await api.stop();
    await compiled.stop();
    await db.close();
  });

  async function cost(client: typeof api, reference: string, money: boolean, viewer?: Viewer) {
    const { result, statements } = await countQueries(() => client.run<Deep>(DEEP(money), { reference }, viewer, AS_OF));
    expect(result.errors).toBeUndefined();
    return { statements, data: result.data as Deep };
  }

  it("costs one statement per level on a small and a ten-times-larger plan, and one with compiled reads", async () => {
    const [s, l] = [await cost(api, small.reference, false), await cost(api, large.reference, false)];
    expect(nodes(s.data.convention.actions)).toHaveLength(3);
    expect(nodes(l.data.convention.actions)).toHaveLength(30);
    expect(nodes(l.data.convention.actions).flatMap((a) => a.budgetLines.flatMap((b) => b.fundings))).toHaveLength(60);
    expect(l.statements).toBe(s.statements);
    // convention; its indicator values, meetings, attendances, evaluations, renewal, assessments, objectives; actions,
    // parent, sub-actions, pilots, associations, budget lines, their fundings, fundings, communes, indicator values,
    // definitions, notes.
    // (19 measured: the funders' communes are all null, so that level reads nothing.)
    expect(s.statements).toBe(19);
    const [sc, lc] = [await cost(compiled, small.reference, false), await cost(compiled, large.reference, false)];
    expect([sc.statements, lc.statements]).toEqual([1, 1]);
    expect([sc.data, lc.data]).toEqual([s.data, l.data]);
  });

  it("reads the restricted money, contacts and reserved notes in a fixed number of batched statements", async () => {
    const [s, l] = [await cost(api, small.reference, true, analysts), await cost(api, large.reference, true, analysts)];
    expect(l.statements).toBe(s.statements);
    // For staff of some départements, the money's check adds two batched statements whatever the rows: the actions'
    // partnerships and conventions. An administrator (or national staff) reads every département's: nothing more.
    expect(s.statements).toBe(21);
    const [sa, la] = [await cost(api, small.reference, true, staff), await cost(api, large.reference, true, staff)];
    expect([sa.statements, la.statements]).toEqual([19, 19]);
    expect([sa.data, la.data]).toEqual([s.data, l.data]);
    const first = nodes(s.data.convention.actions)[0];
    expect(first.budgetLines.map((b) => b.planned)).toEqual([1.5, 12000, 15000]);
    expect(first.notes.map((n) => n.text)).toEqual(["Point d'étape : démarrage conforme", "Difficulté de recrutement (réservé)"]);
    // Anonymous callers read the journal, not its reserved texts, and never the money.
    const anonymous = await api.run<Deep>(
      DEEP(false).replace("notes { notedOn author restricted", "notes { notedOn author restricted text"),
      {
        reference: small.reference,
      },
    );
    expect(anonymous.errors).toBeUndefined();
    expect(nodes(anonymous.data!.convention.actions)[0].notes.map((n) => n.text)).toEqual(["Point d'étape : démarrage conforme", null]);
    const money = await api.run(DEEP(true), { reference: small.reference });
    expect(money.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const elsewhere = await api.run(DEEP(true), { reference: small.reference }, { ...analysts, departments: ["10"] });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("says late and days late by one rule in TypeScript and in SQL", async () => {
    const actions = nodes((await cost(compiled, small.reference, false)).data.convention.actions);
    expect(actions.map((a) => [a.late, a.daysLate])).toEqual([
      [true, 150],
      [false, 0],
      [false, 0],
    ]);
    // The TypeScript rule and its SQL twin on the edge cases: the end day itself, a blocked action, closed ones, no end.
    const cases: Array<[ActionStatus, string | null]> = [
      [ActionStatus.IN_PROGRESS, "2025-06-30"],
      [ActionStatus.BLOCKED, "2025-06-29"],
      [ActionStatus.PAUSED, "2024-06-30"],
      [ActionStatus.ABANDONED, "2020-01-01"],
      [ActionStatus.DONE, "2020-01-01"],
      [ActionStatus.PLANNED, null],
    ];
    const inTypeScript = cases.map(([status, endsOn]) => [isLate({ status, endsOn }, AS_OF), daysLate({ status, endsOn }, AS_OF)]);
    expect(inTypeScript).toEqual([
      [false, 0],
      [true, 1],
      [true, 365],
      [false, 0],
      [false, 0],
      [false, 0],
    ]);
    const rows: Array<{ late: boolean; days: number }> = await db.dataSource.query(
      `SELECT ${lateSql("v", "$1::date")} AS late, ${daysLateSql("v", "$1::date")} AS days
       FROM unnest($2::action_status[], $3::date[]) WITH ORDINALITY AS v(status, ends_on, n) ORDER BY n`,
      [AS_OF, cases.map(([status]) => status), cases.map(([, endsOn]) => endsOn)],
    );
    expect(rows.map((r) => [r.late, r.days])).toEqual(inTypeScript);
  });

  it("measures each plan's completeness in one batched statement, flagged below 80 %", async () => {
    const query = `query ($a: String!, $b: String!) {
      a: convention(reference: $a) { planCompleteness(asOf: "${AS_OF}") { actions withPilot withDescription withBudget withIndicator withRecentNote lowestShare belowThreshold } }
      b: convention(reference: $b) { planCompleteness(asOf: "${AS_OF}") { actions withBudget lowestShare belowThreshold } }
    }`;
    const { result, statements } = await countQueries(() =>
      api.run<{ a: { planCompleteness: unknown }; b: { planCompleteness: unknown } }>(query, { a: small.reference, b: large.reference }),
    );
    expect(result.errors).toBeUndefined();
    // The two conventions (one batched lookup) and one completeness statement for both.
    expect(statements).toBe(2);
    // The factory writes no descriptions: the plans are complete but for that, so flagged.
    expect(result.data!.a.planCompleteness).toEqual({
      actions: 3,
      withPilot: 3,
      withDescription: 0,
      withBudget: 3,
      withIndicator: 3,
      withRecentNote: 3,
      lowestShare: 0,
      belowThreshold: true,
    });
    expect(result.data!.b.planCompleteness).toEqual({ actions: 30, withBudget: 30, lowestShare: 0, belowThreshold: true });
  });

  it("lets a partner add notes and results to the actions it operates, and nothing else (row-level security)", async () => {
    const manager = db.dataSource.manager;
    const [operated] = await manager.query(
      `SELECT a.id, p.association_id FROM action a JOIN partnership p ON p.action_id = a.id AND p.role = 'OPERATOR'
       WHERE a.convention_id = $1 ORDER BY a.position LIMIT 1`,
      [small.id],
    );
    const [other] = await manager.query(`SELECT id FROM action WHERE convention_id = $1 AND id <> $2 ORDER BY position LIMIT 1`, [
      small.id,
      operated.id,
    ]);
    const asPartner = (sql: string, params: unknown[]) =>
      db.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE ctg_hub_app`);
        await tx.query(`SELECT set_config('ctg_hub.association_id', $1, true)`, [String(operated.association_id)]);
        return tx.query(sql, params);
      });
    const note = `INSERT INTO action_note (action_id, noted_on, author, text) VALUES ($1, '2025-06-01', 'Association', 'Séance tenue') RETURNING id`;
    await expect(asPartner(note, [operated.id])).resolves.toHaveLength(1);
    await expect(asPartner(note, [other.id])).rejects.toThrow(/row-level security/);
    const result = `INSERT INTO indicator_value (indicator, year, action_id, value) VALUES ('families_reached', 2026, $1, 12) RETURNING id`;
    await expect(asPartner(result, [operated.id])).resolves.toHaveLength(1);
    await expect(asPartner(result, [other.id])).rejects.toThrow(/row-level security/);
    // Budget lines: the partner updates the actual spending of its action; it adds none and touches no other action's.
    const updated = await asPartner(
      `WITH u AS (UPDATE action_budget_line SET actual = 100 WHERE action_id = ANY($1) RETURNING action_id) SELECT action_id FROM u`,
      [[operated.id, other.id]],
    );
    expect(updated.map((r: { action_id: number }) => r.action_id)).toEqual(Array(3).fill(operated.id));
    await expect(
      asPartner(`INSERT INTO action_budget_line (action_id, year, kind, unit, planned) VALUES ($1, 2030, 'INVESTMENT', 'EUROS', 1)`, [
        operated.id,
      ]),
    ).rejects.toThrow(/row-level security/);
  });

  it.each([
    ["late", `late: true, asOf: "${AS_OF}"`, 1],
    ["not late", `late: false, asOf: "${AS_OF}"`, 2],
    ["without pilot", "withoutPilot: true", 0],
    ["with budget", "withBudget: true", 3],
    ["funded by the bonus territoire", "funders: [CAF_BONUS_TERRITOIRE]", 3],
    ["funded by the State", "funders: [STATE]", 0],
    ["piloted by an association", "pilotKinds: [ASSOCIATION]", 3],
    ["piloted by a named person", `pilot: "pilote"`, 3],
    ["piloted by a name no pilot has", `pilot: "Dupont"`, 0],
    ["piloted by the partner association, found by its name", `pilot: "association de test"`, 3],
    ["piloted by the partner association, found by its id", "pilotAssociation: $association", 3],
    ["piloted by another association", "pilotAssociation: $otherAssociation", 0],
    ["for families", "targetPublics: [FAMILIES]", 0],
    ["with a note in the last twelve months", `recentNote: true, asOf: "${AS_OF}"`, 3],
    ["without a note in the twelve months before 2027", `recentNote: false, asOf: "2027-01-01"`, 3],
    ["modified since 2020", `modifiedSince: "2020-01-01T00:00:00Z"`, 3],
  ])("filters actions %s", async (_case, filter, expected) => {
    // The pilot associations by their global ids: the small plan's, and the large plan's (which pilots none of it).
    const ids = { $association: encodeGlobalId("PartnerAssociation", small.association), $otherAssociation: String(large.association) };
    const written = filter.replace(/\$\w+/g, (name) => `"${ids[name as keyof typeof ids]}"`);
    const query = `{ actions(first: 50, filter: { convention: "${small.reference}", ${written} }) { totalCount edges { node { title } } } }`;
    const [viaResolvers, viaSql] = [await api.run<{ actions: { totalCount: number } }>(query), await compiled.run(query)];
    expect(viaResolvers.errors).toBeUndefined();
    expect(viaResolvers.data!.actions.totalCount).toBe(expected);
    expect(viaSql.data).toEqual(viaResolvers.data);
  });
});
