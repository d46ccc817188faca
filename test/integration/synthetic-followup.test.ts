import { lateSql } from "../../src/convention/lateness";
import { SYNTHETIC_AS_OF } from "../../src/synthetic/plan";
import { generateSynthetic, removeSynthetic, type SyntheticReport } from "../../src/synthetic/synthetic.load";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** Follow-up tables the synthetic set fills, and the SQL that finds its rows there. */
const FOLLOW_UP: Record<string, string> = {
  action_pilot: "action_id IN (SELECT id FROM action WHERE source_id = $1)",
  action_budget_line: "action_id IN (SELECT id FROM action WHERE source_id = $1)",
  action_funding: "action_id IN (SELECT id FROM action WHERE source_id = $1)",
  action_note: "action_id IN (SELECT id FROM action WHERE source_id = $1)",
  convention_meeting: "convention_id IN (SELECT id FROM convention WHERE source_id = $1)",
  meeting_attendance:
    "meeting_id IN (SELECT m.id FROM convention_meeting m JOIN convention c ON c.id = m.convention_id WHERE c.source_id = $1)",
  convention_evaluation: "convention_id IN (SELECT id FROM convention WHERE source_id = $1)",
  objective_assessment:
    "evaluation_id IN (SELECT e.id FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id WHERE c.source_id = $1)",
};

describe("synthetic data set: the follow-up of the plans", () => {
  let db: TestDatabase;
  let report: SyntheticReport;
  const one = async <T>(sql: string, parameters: unknown[] = []): Promise<T> => (await db.dataSource.query(sql, parameters))[0] as T;

  beforeAll(async () => {
    db = await openTestDatabase();
    report = await generateSynthetic(db.dataSource.manager, { seed: 42, scale: 0.01 });
  });
  afterAll(async () => {
    await db.close();
  });

  it("fills every follow-up table through the declared writers, as many rows as the report says", async () => {
    const counted: Record<string, number> = {};
    for (const [table, where] of Object.entries(FOLLOW_UP)) {
      counted[table] = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [report.sourceId])).n;
    }
    const f = report.followUp;
    expect(counted).toEqual({
      action_pilot: f.pilots,
      action_budget_line: f.budgetLines,
      action_funding: f.fundings,
      action_note: f.notes,
      convention_meeting: f.meetings,
      meeting_attendance: f.meetingAttendance,
      convention_evaluation: f.evaluations,
      objective_assessment: f.objectiveAssessments,
    });
    for (const n of Object.values(counted)) expect(n).toBeGreaterThan(0);
    const plan = await one<{ actions: number; objectives: number; conventions: number; labelled: boolean }>(
      `SELECT count(*) FILTER (WHERE action_id IS NOT NULL)::int AS actions, count(*) FILTER (WHERE objective_id IS NOT NULL)::int AS objectives,
              count(*) FILTER (WHERE convention_id IS NOT NULL)::int AS conventions, bool_and(note LIKE 'Valeur synthétique%') AS labelled
       FROM indicator_value WHERE source_id = $1 AND commune_code IS NULL`,
      [report.sourceId],
    );
    expect(plan.actions + plan.objectives + plan.conventions).toBe(f.planIndicators);
    expect(Math.min(plan.actions, plan.objectives, plan.conventions)).toBeGreaterThan(0);
    expect(plan.labelled).toBe(true);
  });

  it("has realistic spreads: some actions late, some without pilot, some plans without any, actual below planned", async () => {
    const spread = await one<{ actions: number; late: number; unpiloted: number; plans_without_pilot: number; plans: number }>(
      `SELECT count(*)::int AS actions, count(*) FILTER (WHERE ${lateSql("a", "$2::date")})::int AS late,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM action_pilot p WHERE p.action_id = a.id))::int AS unpiloted,
              (SELECT count(*) FROM convention c WHERE c.source_id = $1
                AND NOT EXISTS (SELECT 1 FROM action x JOIN action_pilot p ON p.action_id = x.id WHERE x.convention_id = c.id))::int AS plans_without_pilot,
              (SELECT count(*) FROM convention c WHERE c.source_id = $1)::int AS plans
       FROM action a WHERE a.source_id = $1`,
      [report.sourceId, SYNTHETIC_AS_OF],
    );
    expect(spread.late / spread.actions).toBeGreaterThan(0.03);
    expect(spread.late / spread.actions).toBeLessThan(0.5);
    expect(spread.unpiloted / spread.actions).toBeGreaterThan(0.1);
    expect(spread.unpiloted / spread.actions).toBeLessThan(0.5);
    expect(spread.plans_without_pilot).toBeGreaterThan(0);
    expect(spread.plans_without_pilot).toBeLessThan(spread.plans);

    // Money of the past years, in euros: spent below plan in all, and on most lines, above it on a few.
    const money = await one<{ planned: number; actual: number; lines: number; below: number; above: number }>(
      `SELECT sum(l.planned)::float AS planned, sum(l.actual)::float AS actual, count(*)::int AS lines,
              count(*) FILTER (WHERE l.actual < l.planned)::int AS below, count(*) FILTER (WHERE l.actual > l.planned)::int AS above
       FROM action_budget_line l JOIN action a ON a.id = l.action_id
       WHERE a.source_id = $1 AND l.unit = 'EUROS' AND l.year < 2026 AND l.actual IS NOT NULL`,
      [report.sourceId],
    );
    expect(money.actual).toBeLessThan(money.planned * 0.97);
    expect(money.actual).toBeGreaterThan(money.planned * 0.6);
    expect(money.below / money.lines).toBeGreaterThan(0.6);
    expect(money.above).toBeGreaterThan(0);
    // Fundings share their line's money: per line, the funders' planned amounts add up to the line's.
    const [{ mismatched }] = await db.dataSource.query(
      `SELECT count(*)::int AS mismatched FROM action_budget_line l JOIN action a ON a.id = l.action_id
       WHERE a.source_id = $1 AND l.unit = 'EUROS'
         AND l.planned IS DISTINCT FROM (SELECT sum(f.planned) FROM action_funding f WHERE f.budget_line_id = l.id)`,
      [report.sourceId],
    );
    expect(mismatched).toBe(0);
    const funders = await one<{ caf: number; holder: number; kinds: number }>(
      `SELECT count(*) FILTER (WHERE f.funder::text LIKE 'CAF%')::int AS caf, count(*) FILTER (WHERE f.funder = 'HOLDER')::int AS holder,
              count(DISTINCT f.funder)::int AS kinds
       FROM action_funding f JOIN action a ON a.id = f.action_id WHERE a.source_id = $1`,
      [report.sourceId],
    );
    expect(funders.caf).toBeGreaterThan(0);
    expect(funders.holder).toBeGreaterThan(0);
    expect(funders.kinds).toBeGreaterThanOrEqual(5);
  });

  it("gives most actions a priority and target publics, a few neither", async () => {
    const details = await one<{ actions: number; high: number; without_priority: number; with_publics: number; kinds: number }>(
      `SELECT count(*)::int AS actions, count(*) FILTER (WHERE priority = 'HIGH')::int AS high,
              count(*) FILTER (WHERE priority IS NULL)::int AS without_priority,
              count(*) FILTER (WHERE cardinality(target_publics) > 0)::int AS with_publics,
              (SELECT count(DISTINCT p)::int FROM action x, unnest(x.target_publics) p WHERE x.source_id = $1) AS kinds
       FROM action WHERE source_id = $1`,
      [report.sourceId],
    );
    expect(details.high).toBeGreaterThan(0);
    expect(details.without_priority).toBeGreaterThan(0);
    expect(details.without_priority / details.actions).toBeLessThan(0.25);
    expect(details.with_publics / details.actions).toBeGreaterThan(0.75);
    expect(details.with_publics).toBeLessThan(details.actions);
    expect(details.kinds).toBeGreaterThanOrEqual(6);
  });

  it("dates notes, meetings and evaluations before the data set's day; yearly evaluations only for started years", async () => {
    const dated = await one<{ notes: number; meetings: number; evaluations: number; future_years: number; per_convention: number }>(
      `SELECT (SELECT count(*) FROM action_note n JOIN action a ON a.id = n.action_id WHERE a.source_id = $1 AND n.noted_on > $2::date)::int AS notes,
              (SELECT count(*) FROM convention_meeting m JOIN convention c ON c.id = m.convention_id WHERE c.source_id = $1 AND m.held_on > $2::date)::int AS meetings,
              (SELECT count(*) FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id WHERE c.source_id = $1 AND e.evaluated_on > $2::date)::int AS evaluations,
              (SELECT count(*) FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id
                WHERE c.source_id = $1 AND (e.year < extract(year FROM c.starts_on) OR e.year >= 2026))::int AS future_years,
              (SELECT avg(n)::float FROM (SELECT count(*) AS n FROM convention_meeting m JOIN convention c ON c.id = m.convention_id
                WHERE c.source_id = $1 GROUP BY c.id) t) AS per_convention`,
      [report.sourceId, SYNTHETIC_AS_OF],
    );
    expect(dated).toMatchObject({ notes: 0, meetings: 0, evaluations: 0, future_years: 0 });
    expect(dated.per_convention).toBeGreaterThan(1);
    const finals = await one<{ finals: number; predecessors: number }>(
      `SELECT (SELECT count(*) FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id WHERE c.source_id = $1 AND e.kind = 'FINAL')::int AS finals,
              (SELECT count(DISTINCT predecessor_id) FROM convention WHERE source_id = $1)::int AS predecessors`,
      [report.sourceId],
    );
    expect(finals.finals).toBe(finals.predecessors);
  });

  it("labels what it writes as synthetic, and removing the set removes its follow-up and its indicator definitions", async () => {
    const unlabelled = await one<{ n: number }>(
      `SELECT ((SELECT count(*) FROM action_note n JOIN action a ON a.id = n.action_id WHERE a.source_id = $1 AND n.text NOT LIKE '%synthétique%')
        + (SELECT count(*) FROM action_pilot p JOIN action a ON a.id = p.action_id WHERE a.source_id = $1 AND p.kind = 'PERSON' AND p.name NOT LIKE '%(synthétique)')
        + (SELECT count(*) FROM convention_evaluation e JOIN convention c ON c.id = e.convention_id WHERE c.source_id = $1 AND e.summary NOT LIKE '%synthétique%')
        + (SELECT count(*) FROM indicator_definition WHERE code LIKE 'syn\\_%' AND label NOT LIKE '%synthétique%'))::int AS n`,
      [report.sourceId],
    );
    expect(unlabelled.n).toBe(0);
    const removed = await removeSynthetic(db.dataSource.manager, 42);
    expect(removed.deleted.budgetLines).toBe(report.followUp.budgetLines);
    expect(removed.deleted.planIndicators).toBe(report.followUp.planIndicators);
    const left = await one<{ n: number }>(
      `SELECT ((SELECT count(*) FROM action_pilot) + (SELECT count(*) FROM action_budget_line) + (SELECT count(*) FROM action_funding)
        + (SELECT count(*) FROM convention_meeting) + (SELECT count(*) FROM convention_evaluation)
        + (SELECT count(*) FROM indicator_definition WHERE code LIKE 'syn\\_%'))::int AS n`,
    );
    expect(left.n).toBe(0);
  });
});
