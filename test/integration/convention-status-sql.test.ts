import { DatePrecision } from "../../src/common/date-precision";
import { ConventionStage, ConventionStatus } from "../../src/convention/convention-enums";
import { activeOnSql, conventionStatus, inForceFrom, inForceFromSql, statusSql, type ConventionDates } from "../../src/coverage/in-force";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The SQL rules used by filters and aggregates say what the TypeScript rule says. */
describe("activeOnSql, statusSql and inForceFromSql", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
  });
  afterAll(() => db.close());

  const stages = Object.values(ConventionStage);
  const dates = [null, "2023-01-01", "2023-12-12", "2026-12-31"];
  const precisions = Object.values(DatePrecision);
  const cases: ConventionDates[] = [];
  for (const stage of stages)
    for (const signedOn of dates)
      for (const startsOn of dates)
        for (const endsOn of dates)
          for (const endsOnPrecision of endsOn === null ? [null] : precisions)
            for (const terminatedOn of stage === ConventionStage.TERMINATED ? dates : [null])
              cases.push({ stage, signedOn, startsOn, endsOn, endsOnPrecision, terminatedOn });
  // 1990: long before any date (the Canet case); 2026-01-01 and 2026-12-01: inside the year (month) of an imprecise end.
  const days = [
    "1990-06-30",
    "2022-06-30",
    "2023-01-01",
    "2023-06-30",
    "2023-12-12",
    "2026-01-01",
    "2026-12-01",
    "2026-12-31",
    "2027-01-01",
  ];

  it("agree with conventionStatus and inForceFrom on every combination of stage, dates, precision and day", async () => {
    const rows: Array<{ i: number; day: string; active: boolean; status: string; from: string | null }> = await db.dataSource.query(
      `SELECT c.i, d.day::text AS day, ${activeOnSql("c", "d.day")} AS active, ${statusSql("c", "d.day")} AS status,
              (${inForceFromSql("c")})::text AS from
       FROM json_to_recordset($1::json)
         AS c(i int, stage text, signed_on date, starts_on date, ends_on date, ends_on_precision text, terminated_on date)
       CROSS JOIN unnest($2::date[]) AS d(day)`,
      [
        JSON.stringify(
          cases.map((c, i) => ({
            i,
            stage: c.stage,
            signed_on: c.signedOn,
            starts_on: c.startsOn,
            ends_on: c.endsOn,
            ends_on_precision: c.endsOnPrecision,
            terminated_on: c.terminatedOn,
          })),
        ),
        days,
      ],
    );
    expect(rows).toHaveLength(cases.length * days.length);
    const disagreements = rows.filter((r) => {
      const expected = conventionStatus(cases[r.i], r.day);
      return r.active !== (expected === ConventionStatus.ACTIVE) || r.status !== expected || r.from !== inForceFrom(cases[r.i]);
    });
    expect(disagreements).toEqual([]);
    // Every status occurs, so the comparison covers each branch of both rules.
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(Object.values(ConventionStatus)));
  });
});
