import {
  MAX_COMMUNES_PER_DEPARTMENT,
  MAX_DEPARTMENTS,
  MAX_DEPARTMENTS_PER_INTERCOMMUNALITY,
  MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
  MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES,
  MAX_POSTAL_CODES_PER_COMMUNE,
  MAX_FORMER_CODES_PER_COMMUNE,
} from "../../src/common/list-sizes";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The geography's list bounds (src/common/list-sizes.ts) hold for the loaded national geography: they are maxima, not guesses. */
describe("list bounds of the geography", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const largest = async (sql: string): Promise<number> => {
    const [row] = (await db.dataSource.query(`SELECT coalesce(max(n), 0)::int AS n FROM (${sql}) AS counts`)) as Array<{ n: number }>;
    return row.n;
  };

  it("bounds what a département holds", async () => {
    const communes = await largest(`SELECT count(*) AS n FROM commune GROUP BY department_code`);
    // The national geography is loaded: Pas-de-Calais's 887 communes are the largest list.
    expect(communes).toBeGreaterThan(800);
    expect(communes).toBeLessThanOrEqual(MAX_COMMUNES_PER_DEPARTMENT);
    expect(await largest(`SELECT count(DISTINCT intercommunality_siren) AS n FROM commune GROUP BY department_code`)).toBeLessThanOrEqual(
      MAX_INTERCOMMUNALITIES_PER_DEPARTMENT,
    );
    expect(
      await largest(`SELECT count(DISTINCT coalesce(intercommunality_siren, code)) AS n FROM commune GROUP BY department_code`),
    ).toBeLessThanOrEqual(MAX_INTERCOMMUNALITY_LEVEL_TERRITORIES);
  });

  it("bounds the départements, an EPCI's départements and a commune's postal codes", async () => {
    expect(await largest(`SELECT count(*) AS n FROM department`)).toBeLessThanOrEqual(MAX_DEPARTMENTS);
    expect(
      await largest(
        `SELECT count(DISTINCT department_code) AS n FROM commune WHERE intercommunality_siren IS NOT NULL GROUP BY intercommunality_siren`,
      ),
    ).toBeLessThanOrEqual(MAX_DEPARTMENTS_PER_INTERCOMMUNALITY);
    expect(await largest(`SELECT cardinality(postal_codes) AS n FROM commune`)).toBeLessThanOrEqual(MAX_POSTAL_CODES_PER_COMMUNE);
    expect(await largest(`SELECT count(*) AS n FROM commune_former_code GROUP BY commune_code`)).toBeLessThanOrEqual(
      MAX_FORMER_CODES_PER_COMMUNE,
    );
  });
});
