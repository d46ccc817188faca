import { openTestDatabase, type TestDatabase } from "../helpers/test-database";

/**
 * Concurrent transactions stay isolated on both databases. On the embedded one this holds
 * because the pool hands PGlite's single session to one query runner at a time.
 */
describe("concurrent transactions", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it("never see or keep each other's uncommitted writes", async () => {
    const marker = "rolled back region";
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));

    const failing = db.dataSource
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO region (code, name) VALUES ('ZZ', $1)`, [marker]);
        await gate;
        throw new Error("abort");
      })
      .catch((error: Error) => error.message);

    const reader = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const pending = db.dataSource.query(`SELECT count(*) AS n FROM region WHERE name = $1`, [marker]);
      release();
      return Number((await pending)[0].n);
    })();

    expect(await failing).toBe("abort");
    expect(await reader).toBe(0);
    const [{ n }] = await db.dataSource.query(`SELECT count(*) AS n FROM region WHERE code = 'ZZ'`);
    expect(Number(n)).toBe(0);
  });
});
