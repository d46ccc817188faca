import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/** The migrations alone build the schema the entities describe, and undo it completely. */
describe("migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ empty: true });
  });
  afterAll(() => db.close());

  const userTables = async () =>
    (await db.dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
      (r: { name: string }) => r.name,
    );
  const enumTypes = async () =>
    (
      await db.dataSource.query(
        `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' AND t.typtype = 'e'`,
      )
    ).map((r: { name: string }) => r.name);

  it("go up from an empty database, down to empty, and up again", async () => {
    expect(await userTables()).toEqual([]);
    const applied = await db.dataSource.runMigrations({ transaction: "each" });
    expect(applied.length).toBe(db.dataSource.migrations.length);
    expect(await userTables()).toEqual(expect.arrayContaining(["commune", "convention", "action", "indicator_value"]));

    for (let i = 0; i < applied.length; i++) await db.dataSource.undoLastMigration({ transaction: "each" });
    expect(await userTables()).toEqual(["migrations"]);
    expect(await enumTypes()).toEqual([]);

    await db.dataSource.runMigrations({ transaction: "each" });
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it("leave no drift between the entities and the migrated schema", async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
