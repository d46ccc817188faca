import { QueryFailedError } from "typeorm";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The database itself refuses what the domain forbids, whatever code writes to it. */
describe("database constraints", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  const insertConvention = (overrides: Record<string, unknown> = {}) => {
    const row: Record<string, unknown> = {
      reference: `CTG-TEST-${Math.random().toString(36).slice(2, 10)}`,
      title: "Convention de test",
      stage: "SIGNED",
      department_code: "52",
      holder_kind: "COMMUNE",
      holder_commune_code: "52250",
      starts_on: "2024-01-01",
      starts_on_precision: "DAY",
      ends_on: "2027-12-31",
      ends_on_precision: "DAY",
      ...overrides,
    };
    const columns = Object.keys(row);
    return db.dataSource.query(
      `INSERT INTO convention (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`,
      Object.values(row),
    ) as Promise<Array<{ id: number }>>;
  };

  async function rejection(work: Promise<unknown>): Promise<{ code: string; constraint?: string }> {
    const error: unknown = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    const driverError = (error as QueryFailedError & { driverError: { code: string; constraint?: string } }).driverError;
    return { code: driverError.code, constraint: driverError.constraint };
  }

  it("accepts a valid convention", async () => {
    const [{ id }] = await insertConvention();
    expect(id).toBeGreaterThan(0);
  });

  it("refuses a period that ends before it starts", async () => {
    expect(await rejection(insertConvention({ ends_on: "2023-12-31" }))).toEqual({ code: "23514", constraint: "convention_period" });
  });

  it("refuses a holder that does not match its kind", async () => {
    expect(await rejection(insertConvention({ holder_kind: "INTERCOMMUNALITY" }))).toMatchObject({ constraint: "convention_holder" });
  });

  it("refuses an unknown commune", async () => {
    expect(await rejection(insertConvention({ holder_commune_code: "52999" }))).toMatchObject({ code: "23503" });
  });

  it("refuses a duplicate reference", async () => {
    await insertConvention({ reference: "CTG-DUP-1" });
    expect(await rejection(insertConvention({ reference: "CTG-DUP-1" }))).toMatchObject({ code: "23505" });
  });

  it("refuses a date without its precision", async () => {
    expect(await rejection(insertConvention({ starts_on_precision: null }))).toMatchObject({
      constraint: "convention_starts_on_precision",
    });
  });

  it("refuses a malformed RNA number and an association with no identifier", async () => {
    const insert = (rna: string | null) =>
      db.dataSource.query(`INSERT INTO partner_association (name, rna) VALUES ('Association test', $1)`, [rna]);
    expect(await rejection(insert("W12345"))).toMatchObject({ constraint: "partner_association_rna_format" });
    expect(await rejection(insert(null))).toMatchObject({ constraint: "partner_association_identified" });
    await insert("W523000001");
    expect(await rejection(insert("W523000001"))).toMatchObject({ code: "23505" });
  });

  it("refuses an action progress over 100 % and an action of an unknown convention", async () => {
    const [{ id }] = await insertConvention();
    const insert = (conventionId: number, progress: number) =>
      db.dataSource.query(
        `INSERT INTO action (convention_id, position, title, theme, status, progress) VALUES ($1, 1, 'Action', 'YOUTH', 'PLANNED', $2)`,
        [conventionId, progress],
      );
    expect(await rejection(insert(id, 120))).toMatchObject({ constraint: "action_progress" });
    expect(await rejection(insert(-1, 10))).toMatchObject({ code: "23503" });
  });

  it("refuses a partnership on both a convention and an action", async () => {
    const [{ id: conventionId }] = await insertConvention();
    const [{ id: associationId }] = await db.dataSource.query(
      `INSERT INTO partner_association (name, siren) VALUES ('Association test', '123456789') RETURNING id`,
    );
    const [{ id: actionId }] = await db.dataSource.query(
      `INSERT INTO action (convention_id, position, title, theme, status) VALUES ($1, 1, 'Action', 'YOUTH', 'PLANNED') RETURNING id`,
      [conventionId],
    );
    expect(
      await rejection(
        db.dataSource.query(`INSERT INTO partnership (association_id, convention_id, action_id, role) VALUES ($1, $2, $3, 'OPERATOR')`, [
          associationId,
          conventionId,
          actionId,
        ]),
      ),
    ).toMatchObject({ constraint: "partnership_target" });
  });

  it("keeps one indicator value per territory, year and code", async () => {
    const insert = () =>
      db.dataSource.query(`INSERT INTO indicator_value (indicator, year, commune_code, value) VALUES ('allocataires', 2024, '52250', 10)`);
    await insert();
    expect(await rejection(insert())).toMatchObject({ code: "23505", constraint: "indicator_value_commune_unique" });
    expect(
      await rejection(
        db.dataSource.query(
          `INSERT INTO indicator_value (indicator, year, commune_code, intercommunality_siren, value)
         VALUES ('allocataires', 2024, '52250', '200044253', 10)`,
        ),
      ),
    ).toMatchObject({ constraint: "indicator_value_subject" });
  });

  it("refuses a commune code of the wrong form", async () => {
    expect(
      await rejection(db.dataSource.query(`INSERT INTO commune (code, name, department_code) VALUES ('5225', 'X', '52')`)),
    ).toMatchObject({ code: "23514" });
  });
});
