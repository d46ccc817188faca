import { Role, type Viewer } from "../../src/auth/viewer";
import { countQueries } from "../../src/db/query-log";
import { addActionFollowUp, makeAssociation, makeIntercommunalConvention } from "../helpers/factories";
import { graphqlClient } from "../helpers/graphql";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * actionStats: counts and money by several dimensions with their totals in one statement, each action counted
 * once per group and each euro once per group, however many pilot kinds or publics fan an action out.
 */
const AS_OF = "2025-06-30";
const admin: Viewer = { kind: "user", subject: "admin-stats", role: Role.ADMIN, national: true, departments: [], associationId: null };

interface StatsRow {
  totals: string[];
  department: string | null;
  status: string | null;
  late: boolean | null;
  pilotKind: string | null;
  targetPublic: string | null;
  funder: string | null;
  year: number | null;
  actions: number;
  lateActions: number;
  plannedEuros: number | null;
  actualEuros: number | null;
}

describe("actionStats", () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof graphqlClient>>;
  const stats = async (groupBy: string, extra = "", viewer: Viewer = admin) => {
    const query = `{ actionStats(groupBy: [${groupBy}], asOf: "${AS_OF}"${extra}) {
      totals department status late pilotKind targetPublic funder year actions lateActions plannedEuros actualEuros } }`;
    const { result, statements } = await countQueries(() => api.run<{ actionStats: StatsRow[] }>(query, {}, viewer));
    expect(result.errors).toBeUndefined();
    return { rows: result.data!.actionStats, statements };
  };
  const one = async (sql: string) => Object.values((await db.dataSource.query(sql))[0])[0];

  beforeAll(async () => {
    db = await openTestDatabase();
    api = await graphqlClient(db.dataSource);
    const manager = db.dataSource.manager;
    for (const siren of ["200044253", "200066918"]) {
      const convention = await makeIntercommunalConvention(manager, siren, { actions: 4, partnersPerAction: 1 });
      const [{ department_code }] = await manager.query(`SELECT department_code FROM convention WHERE id = $1`, [convention.id]);
      const association = await makeAssociation(manager, department_code);
      const actions: Array<{ id: number }> = await manager.query(`SELECT id FROM action WHERE convention_id = $1 ORDER BY position`, [
        convention.id,
      ]);
      // Two of four with an association as second pilot (two pilot kinds), all for families and parents.
      for (const [i, { id }] of actions.entries()) await addActionFollowUp(manager, id, i % 2 === 0 ? { associationId: association } : {});
      await manager.query(`UPDATE action SET target_publics = '{FAMILIES,PARENTS}', ends_on = '2025-01-31' WHERE id = $1`, [actions[0].id]);
    }
  });
  afterAll(async () => {
    await api.stop();
    await db.close();
  });

  it("counts by département and status with each alone and the total, in one statement", async () => {
    const { rows, statements } = await stats("DEPARTMENT, STATUS");
    expect(statements).toBe(1);
    const total = rows.find((r) => r.totals.length === 2)!;
    expect(total.actions).toBe(Number(await one(`SELECT count(*) FROM action`)));
    expect(total.lateActions).toBe(
      Number(await one(`SELECT count(*) FROM action WHERE ends_on < '${AS_OF}' AND status NOT IN ('DONE', 'ABANDONED')`)),
    );
    const byDepartment = rows.filter((r) => r.totals.length === 1 && r.totals[0] === "STATUS");
    expect(byDepartment.reduce((sum, r) => sum + r.actions, 0)).toBe(total.actions);
    const detail = rows.filter((r) => r.totals.length === 0);
    expect(detail.reduce((sum, r) => sum + r.actions, 0)).toBe(total.actions);
    const planned = Number(await one(`SELECT sum(planned) FROM action_budget_line WHERE unit = 'EUROS'`));
    expect(total.plannedEuros).toBeCloseTo(planned, 2);
  });

  it("counts each action and each euro once per group when pilot kinds and publics fan actions out", async () => {
    const plain = (await stats("")).rows[0];
    const { rows } = await stats("PILOT_KIND, TARGET_PUBLIC");
    const total = rows.find((r) => r.totals.length === 2)!;
    expect([total.actions, total.plannedEuros, total.actualEuros]).toEqual([plain.actions, plain.plannedEuros, plain.actualEuros]);
    const person = rows.find((r) => r.totals.length === 1 && r.totals[0] === "TARGET_PUBLIC" && r.pilotKind === "PERSON")!;
    const association = rows.find((r) => r.totals.length === 1 && r.totals[0] === "TARGET_PUBLIC" && r.pilotKind === "ASSOCIATION")!;
    const withKind = (kind: string) =>
      one(`SELECT sum(b.planned) FROM action_budget_line b WHERE b.unit = 'EUROS'
           AND EXISTS (SELECT 1 FROM action_pilot p WHERE p.action_id = b.action_id AND p.kind = '${kind}')`);
    expect(person.plannedEuros).toBeCloseTo(Number(await withKind("PERSON")), 2);
    expect(association.plannedEuros).toBeCloseTo(Number(await withKind("ASSOCIATION")), 2);
    const families = rows.find((r) => r.totals.length === 1 && r.totals[0] === "PILOT_KIND" && r.targetPublic === "FAMILIES")!;
    expect(families.actions).toBe(2);
  });

  it("sums the funders' amounts by funder and year", async () => {
    const { rows } = await stats("FUNDER, YEAR");
    const bonus2025 = rows.find((r) => r.totals.length === 0 && r.funder === "CAF_BONUS_TERRITOIRE" && r.year === 2025)!;
    expect(bonus2025.plannedEuros).toBeCloseTo(
      Number(await one(`SELECT sum(planned) FROM action_funding WHERE funder = 'CAF_BONUS_TERRITOIRE' AND year = 2025`)),
      2,
    );
    expect(bonus2025.actions).toBe(8);
  });

  it("gives compareTerritories the late actions and the money of each territory's actions, the money restricted as budgets", async () => {
    const query = (themes: string) => `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "${AS_OF}"${themes}) {
      code actionCount lateActionCount plannedEuros actualEuros } }`;
    type Row = { code: string; actionCount: number; lateActionCount: number; plannedEuros: number | null; actualEuros: number | null };
    const analyst52: Viewer = {
      kind: "user",
      subject: "analyste-52",
      role: Role.ANALYST,
      national: false,
      departments: ["52"],
      associationId: null,
    };
    const { result, statements } = await countQueries(() => api.run<{ compareTerritories: Row[] }>(query(""), {}, analyst52));
    expect(result.errors).toBeUndefined();
    // The figures' statement, after the probe of the COG vintages loaded (a date before the current COG: its geography).
    expect(statements).toBe(2);
    const joinville = result.data!.compareTerritories.find((r) => r.code === "200044253")!;
    // The same actions counted again by hand: those of the conventions in force on AS_OF covering a commune of the EPCI in 52.
    const [expected] = await db.dataSource.query(
      `SELECT count(*)::int AS actions, count(*) FILTER (WHERE a.ends_on < $1 AND a.status NOT IN ('DONE', 'ABANDONED'))::int AS late,
         (SELECT sum(b.planned)::float8 FROM action_budget_line b WHERE b.unit = 'EUROS' AND b.action_id = ANY(array_agg(a.id))) AS planned,
         (SELECT sum(b.actual)::float8 FROM action_budget_line b WHERE b.unit = 'EUROS' AND b.action_id = ANY(array_agg(a.id))) AS actual
       FROM action a WHERE a.convention_id IN (
         SELECT cc.convention_id FROM convention_commune cc JOIN commune m ON m.code = cc.commune_code JOIN convention c ON c.id = cc.convention_id
         WHERE m.intercommunality_siren = '200044253' AND m.department_code = '52' AND c.stage = 'SIGNED'
           AND c.signed_on <= $1 AND c.starts_on <= $1 AND c.ends_on >= $1)`,
      [AS_OF],
    );
    expect(joinville).toEqual({
      code: "200044253",
      actionCount: expected.actions,
      lateActionCount: expected.late,
      plannedEuros: expected.planned,
      actualEuros: expected.actual,
    });
    // The test plan's four actions: one late, 27,000 € planned and 9,500.50 € spent on each (FTE lines left out).
    expect(expected.late).toBeGreaterThanOrEqual(1);
    expect(expected.planned).toBeGreaterThanOrEqual(4 * 27_000);
    // Themes select the actions whose figures are given: none of the test plan's is about parenting.
    const parenting = await api.run<{ compareTerritories: Row[] }>(query(", themes: [PARENTING]"), {}, analyst52);
    const joinvilleParenting = parenting.data!.compareTerritories.find((r) => r.code === "200044253")!;
    expect(joinvilleParenting.plannedEuros ?? 0).toBeLessThanOrEqual(expected.planned - 4 * 27_000);
    // Late actions are public; the money is not, outside the département's staff.
    const analyst30: Viewer = { ...analyst52, subject: "analyste-30", departments: ["30"] };
    for (const viewer of [analyst30, undefined]) {
      const refused = await api.run(query(""), {}, viewer);
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    const counts = await api.run<{ compareTerritories: Row[] }>(
      `{ compareTerritories(department: "52", level: INTERCOMMUNALITY, asOf: "${AS_OF}") { code lateActionCount } }`,
    );
    expect(counts.errors).toBeUndefined();
    expect(counts.data!.compareTerritories.find((r) => r.code === "200044253")!.lateActionCount).toBe(expected.late);
  });

  it("filters like the actions list and keeps the money for staff", async () => {
    const { rows } = await stats("LATE", `, filter: { department: "52" }`);
    const late = rows.find((r) => r.totals.length === 0 && r.late === true)!;
    expect(late.actions).toBe(
      Number(
        await one(`SELECT count(*) FROM action a JOIN convention c ON c.id = a.convention_id
          WHERE c.department_code = '52' AND a.ends_on < '${AS_OF}' AND a.status NOT IN ('DONE', 'ABANDONED')`),
      ),
    );
    // The money of the filtered actions only (their lines are summed before the groups), the same by year.
    const planned52 = Number(
      await one(`SELECT sum(b.planned) FROM action_budget_line b JOIN action a ON a.id = b.action_id JOIN convention c ON c.id = a.convention_id
        WHERE c.department_code = '52' AND b.unit = 'EUROS'`),
    );
    const total = rows.find((r) => r.totals.length === 1)!;
    expect(total.plannedEuros).toBeCloseTo(planned52, 2);
    const byYear = await stats("YEAR", `, filter: { department: "52" }`);
    const yearTotal = byYear.rows.find((r) => r.totals.length === 1)!;
    expect([yearTotal.actions, yearTotal.lateActions, yearTotal.plannedEuros, yearTotal.actualEuros]).toEqual([
      total.actions,
      total.lateActions,
      total.plannedEuros,
      total.actualEuros,
    ]);
    const anonymous = await api.run(`{ actionStats(groupBy: [STATUS]) { status actions plannedEuros } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const counts = await api.run(`{ actionStats(groupBy: [STATUS]) { status actions } }`);
    expect(counts.errors).toBeUndefined();
  });
});
