import { ConventionStage, ConventionStatus } from "../../src/convention/convention-enums";
import { activeOnSql, conventionStatus, type ConventionDates } from "../../src/convention/convention-status";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The SQL rule used by filters and aggregates says ACTIVE exactly when the TypeScript rule does. */
describe("activeOnSql", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
  });
  afterAll(() => db.close());

  const stages = Object.values(ConventionStage);
  const dates = [null, "2023-01-01", "2023-12-12", "2026-12-31"];
  const cases: ConventionDates[] = [];
  for (const stage of stages)
    for (const signedOn of dates)
      for (const startsOn of dates)
        for (const endsOn of dates)
          for (const terminatedOn of stage === ConventionStage.TERMINATED ? dates : [null])
            cases.push({ stage, signedOn, startsOn, endsOn, terminatedOn });
  const days = ["2022-06-30", "2023-01-01", "2023-06-30", "2023-12-12", "2026-12-31", "2027-01-01"];

  it("agrees with conventionStatus on every combination of stage, dates and day", async () => {
    const rows: Array<{ i: number; day: string; active: boolean }> = await db.dataSource.query(
      `SELECT c.i, d.day::text AS day, ${activeOnSql("c", "d.day")} AS active
       FROM json_to_recordset($1::json) AS c(i int, stage text, signed_on date, starts_on date, ends_on date, terminated_on date)
       CROSS JOIN unnest($2::date[]) AS d(day)`,
      [
        JSON.stringify(cases.map((c, i) => ({
          i, stage: c.stage, signed_on: c.signedOn, starts_on: c.startsOn, ends_on: c.endsOn, terminated_on: c.terminatedOn,
        }))),
        days,
      ],
    );
    expect(rows).toHaveLength(cases.length * days.length);
    const disagreements = rows.filter((r) => r.active !== (conventionStatus(cases[r.i], r.day) === ConventionStatus.ACTIVE));
    expect(disagreements).toEqual([]);
  });
});
